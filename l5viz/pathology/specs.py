"""What a user asks for, as data: a lesion spec is a list of typed fields, read and written as text.

Every lesion kind (l5viz.pathology.kinds) declares its spec's fields once. From them come its text form
(the CLI, lessons, quiz, bedside), its saved form (sessions), the JSON schema of both, and the panel form,
so none of these can drift from the others. A bad value is refused with a message that names the bad part
and lists the valid values.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from l5viz.translatable import QT_TRANSLATE_NOOP

SIDES = (QT_TRANSLATE_NOOP("Choice", "left"), QT_TRANSLATE_NOOP("Choice", "right"))


class SpecError(ValueError):
    """A malformed overlay value; the message names the bad part and the valid choices."""


@dataclass(frozen=True)
class Field:
    """One part of a spec: a choice among `choices`, or a number from `low` to `high`.

    `when` limits the field to specs whose other fields hold one of the listed values (a migration only for
    displaced material); `highs` lowers `high` where another field holds a value ((field, value, high): a
    degenerative slip only to grade 2), and `narrows` the choices ((field, value, choices): a lateral-recess
    stenosis only at L4-L5); `default` makes it optional (omitted at the end of a text, absent in
    a saved spec); `written` False leaves it out of a text and a saved spec while it holds its default and no
    written field follows it (a text is read by position).
    """

    name: str
    label: str
    choices: tuple[str, ...] = ()
    low: float = 0.0
    high: float = 1.0
    default: Any = None
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()
    highs: tuple[tuple[str, str, float], ...] = ()
    narrows: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    written: bool = True
    hint: str = ""

    @property
    def numeric(self) -> bool:
        return not self.choices

    def applies(self, values: dict[str, Any]) -> bool:
        return all(values.get(name) in allowed for name, allowed in self.when)

    def top(self, values: dict[str, Any]) -> float:
        """`high`, or lower where another field's value limits it."""
        return min([self.high] + [high for name, value, high in self.highs if values.get(name) == value])

    def options(self, values: dict[str, Any]) -> tuple[str, ...]:
        """`choices`, or fewer where another field's value narrows them."""
        narrowed = [allowed for name, value, allowed in self.narrows if values.get(name) == value]
        return tuple(c for c in self.choices if all(c in allowed for allowed in narrowed))

    def read(self, text: Any, values: dict[str, Any] | None = None) -> Any:
        if self.numeric:
            return number(text, self.low, self.top(values or {}), self.name)
        options = self.options(values or {})
        if str(text).strip() in self.choices and str(text).strip() not in options:
            raise SpecError(f"{self.name} {str(text).strip()!r} is not possible here; valid {self.name}s: "
                            f"{', '.join(options)}")
        return choice(str(text), options, self.name)

    def format(self, value: Any) -> str:
        return f"{value:g}" if self.numeric else str(value)

    def pattern(self, values: dict[str, Any] | None = None) -> str:
        """A regular expression for the field's text (numbers from a whole `low` to a whole `high`)."""
        if not self.numeric:
            return "(" + "|".join(literal(c) for c in self.options(values or {})) + ")"
        low, high = int(self.low), int(self.top(values or {}))
        below = "|".join(str(n) for n in range(high - 1, low - 1, -1))  # (longest first)
        return f"(({below})(\\.[0-9]+)?|{high}(\\.0+)?)"

    def schema(self) -> dict:
        if self.numeric:
            return {"type": "number", "minimum": self.low, "maximum": self.high}
        return {"enum": list(self.choices)}


def literal(text: str) -> str:
    """A value as a regular expression that JSON Schema's (ECMA 262) and Python's engines read alike."""
    return re.escape(text).replace("\\-", "-")


def choice(value: str, valid: tuple[str, ...], what: str) -> str:
    v = value.strip()
    if v not in valid:
        raise SpecError(f"unknown {what} {v!r}; valid {what}s: {', '.join(valid)}")
    return v


def number(value: str | float, low: float, high: float, what: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise SpecError(f"{what} {value!r} is not a number; valid: {low:g} to {high:g}") from None
    if not low <= x <= high:
        raise SpecError(f"{what} {x:g} out of range; valid: {low:g} to {high:g}")
    return x


class LesionSpec:
    """Base of every kind's frozen dataclass of fields: text and saved forms, checks and schemas from FIELDS.

    A subclass lists FIELDS in text order; rules across fields are the fields' own (`when`, `highs`).
    """

    FIELDS: ClassVar[tuple[Field, ...]] = ()
    EXAMPLE: ClassVar[str] = ""
    SYNTAX: ClassVar[str] = ""  # when the fields' own syntax would not say it plainly

    def __post_init__(self):
        values = self.values()
        for f in self.FIELDS:
            if f.applies(values):
                f.read(values[f.name], values)
            elif values[f.name] != f.default:
                raise SpecError(f"{f.name} {values[f.name]!r} does not apply here; it needs "
                                + " and ".join(f"a {name} of {', '.join(allowed)}" for name, allowed in f.when))

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @property
    def level_id(self) -> str:
        return self.level.replace("-", "_")

    @classmethod
    def syntax(cls) -> str:
        if cls.SYNTAX:
            return cls.SYNTAX
        parts = [f.name.upper() for f in cls.FIELDS]
        optional = 0
        while optional < len(parts) and cls.FIELDS[len(parts) - 1 - optional].default is not None:
            optional += 1
        required = parts[:len(parts) - optional]
        return ":".join(required) + "".join(f"[:{p}" for p in parts[len(required):]) + "]" * optional

    @classmethod
    def normalise(cls, parts: list[str]) -> list[str]:
        """An older text form rewritten into today's (a kind that renamed its syntax overrides this)."""
        return parts

    @classmethod
    def parse(cls, text: str) -> "LesionSpec":
        """The text form: the applicable fields' values joined by ':', trailing optional ones omissible."""
        parts = cls.normalise([p.strip() for p in str(text).split(":")])
        values: dict[str, Any] = {}
        for f in cls.FIELDS:
            if not f.applies(values):
                values[f.name] = f.default
            elif parts:
                values[f.name] = f.read(parts.pop(0), values)
            elif f.default is not None:
                values[f.name] = f.default
            else:
                raise SpecError(f"{cls.__name__.lower()} {text!r}: no {f.name}; expected {cls.syntax()}, "
                                f"e.g. {cls.EXAMPLE}")
        if parts:
            skipped = [f for f in cls.FIELDS if not f.applies(values)]
            why = "".join(f"; {f.name} needs " + " and ".join(f"a {name} of {', '.join(allowed)}"
                                                             for name, allowed in f.when) for f in skipped)
            raise SpecError(f"{cls.__name__.lower()} {text!r}: too many parts{why}; expected {cls.syntax()}, "
                            f"e.g. {cls.EXAMPLE}")
        return cls(**values)

    def _written(self) -> list[Field]:
        """The fields that apply, less the unwritten ones at their default that nothing written follows (a text
        is read by position: one in the middle stays)."""
        values = self.values()
        fields = [f for f in self.FIELDS if f.applies(values)]
        while fields and not fields[-1].written and values[fields[-1].name] == fields[-1].default:
            fields.pop()
        return fields

    def to_text(self) -> str:
        return ":".join(f.format(getattr(self, f.name)) for f in self._written())

    def to_state(self) -> dict[str, Any]:
        """The saved form (sessions, SceneState.overlays): the fields that apply, unwritten defaults left out."""
        return {f.name: getattr(self, f.name) for f in self._written()}

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> "LesionSpec":
        known = {f.name for f in cls.FIELDS}
        unknown = sorted(set(data) - known)
        if unknown:
            raise SpecError(f"{cls.__name__.lower()}: unknown field {unknown[0]!r}; valid: {', '.join(sorted(known))}")
        values = {f.name: data.get(f.name, f.default) for f in cls.FIELDS}
        missing = [f.name for f in cls.FIELDS if values[f.name] is None and f.applies(values)]
        if missing:
            raise SpecError(f"{cls.__name__.lower()}: no {missing[0]}; expected {cls.syntax()}")
        return cls(**values)

    @classmethod
    def text_pattern(cls) -> str:
        """A regular expression for every text form: one branch per combination of the fields others depend
        on, each with its trailing optional fields."""
        branches = [cls._branch(values) for values in cls._condition_values()]
        branches += cls.legacy_patterns()
        return "^(" + "|".join(dict.fromkeys(branches)) + ")$"

    @classmethod
    def legacy_patterns(cls) -> list[str]:
        return []

    @classmethod
    def _condition_values(cls) -> list[dict[str, str]]:
        conditions = {name for f in cls.FIELDS for name, _ in f.when} | {name for f in cls.FIELDS
                                                                          for name, _, _ in f.highs + f.narrows}
        names = [f.name for f in cls.FIELDS if f.name in conditions]  # in text order: a field's options may
        # depend on an earlier one (a lateral-recess stenosis only at L4-L5)
        combos: list[dict[str, str]] = [{}]
        for name in names:
            field = next(f for f in cls.FIELDS if f.name == name)
            combos = [{**c, name: v} for c in combos for v in field.options(c)]
        return combos

    @classmethod
    def _branch(cls, values: dict[str, str]) -> str:
        fields = [f for f in cls.FIELDS if f.applies(values)]
        required = max((i for i, f in enumerate(fields) if f.default is None or f.name in values), default=-1)
        text, closing = "", ""
        for i, f in enumerate(fields):
            part = literal(values[f.name]) if f.name in values else f.pattern(values)
            sep = ":" if text else ""
            if i > required:  # a trailing optional field
                text += f"({sep}{part}"
                closing += ")?"
            else:
                text += sep + part
        return text + closing

    @classmethod
    def state_schema(cls) -> dict:
        required = [f.name for f in cls.FIELDS if f.default is None and not f.when]
        return {"type": "object", "required": required, "additionalProperties": False,
                "properties": {f.name: f.schema() for f in cls.FIELDS}}
