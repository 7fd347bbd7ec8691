"""Lesion kinds as plug-ins: each module in this package registers one kind, and nothing else names it.

A kind is its spec (fields, text and saved forms, schema: l5viz.pathology.specs), its geometry (`deform`, run
by the engine in `stage` order), its clinical reasoning (`reasons`), its panel form (from the spec's fields),
and one content file, annotations/clinical/<name>.json, checked by annotations/schema/<name>.schema.json.
The session, lesson, quiz and bedside key and the content file are the kind's name; its CLI flag is the name with
dashes (--far-out for far_out).
Sessions, lessons, quiz, bedside, the panel, the exports and the engine all go through `registry()`, so a
new kind is one new module here, one content file and its schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from l5viz.pathology.plugins import PluginRegistry
from l5viz.pathology.specs import LesionSpec, SpecError

if TYPE_CHECKING:
    from l5viz.pathology.engine import PathologyEngine, Step


class LesionKind:
    """One kind of lesion; a subclass overrides what its kind does."""

    def __init__(self, name: str, title: str, spec: type[LesionSpec], stage: int, default: str, help: str,
                 rank: int = 9):
        self.name = name  # CLI flag, session and content key: "herniation"
        self.title = title  # the panel's heading: "Disc herniation"
        self.spec = spec
        self.stage = stage  # engine order: 0 moves whole bones, 1 grows tissue round them, 2 adds disc material,
        # 3 operates on what the others made
        self.default = default  # the panel's starting spec, as text
        self.help = help  # the CLI help after the syntax
        self.rank = rank  # place in the Pathology tab: the commonest lesions first

    treatment = False  # a procedure treats the lesions (its outcome is measured against the scene without it)
    played: str | None = None  # the numeric field a Play button steps through (a procedure's progress)

    @property
    def content_file(self) -> str:
        return f"clinical/{self.name}.json"

    def revise(self, specs: list[LesionSpec]) -> list[LesionSpec]:
        """The scene's specs as this kind leaves them, before any kind deforms: a procedure shrinks or reduces
        what it treats (a herniation regressing with time, a slip reduced). Most kinds leave them as they are."""
        return specs

    def deform(self, engine: "PathologyEngine", specs: list[LesionSpec], step: "Step") -> None:
        """Move bone and disc, add growths and bone obstacles, and mark the foramina whose walls changed."""

    def measure(self, engine: "PathologyEngine", specs: list[LesionSpec], result, neural: Mapping,
                measures: dict) -> None:
        """Add to `measures` (PathologyResult.measures, run when a report first asks) what can only be read once
        the neural tissue has been pushed (`neural`: the measured vertices of the sac and the roots that moved)."""

    def reasons(self, spec: LesionSpec, root: str, side: str, content: dict | None,
                measures: dict | None = None) -> list[dict]:
        """Why this lesion explains a compressed root, quoted from the kind's content (empty if it does not);
        `measures`: what the kinds read off the geometry (PathologyResult.measures), where a grade is read there."""
        return []

    def steps(self, spec: LesionSpec) -> tuple[float, ...]:
        """The values of the `played` field a Play button shows in turn, each held for its caption."""
        return ()

    def outcome(self, spec: LesionSpec, before, after) -> dict:
        """What a treatment changed (PathologyResults of the scene without and with it); lesions change nothing."""
        return {}

    def check_content(self, data: dict, where: str) -> list:
        """Checks of the content file that its schema cannot express (Problems)."""
        return []

    def expected_roots(self, spec: LesionSpec, content: dict | None) -> tuple[str, ...] | None:
        """The roots the content's own rule says this lesion compresses (None: the content has no rule)."""
        return None

    def best_view(self, spec: LesionSpec) -> str:
        return "reset"

    def named_parts(self, spec: LesionSpec) -> tuple[tuple[str, str, str | None], ...]:
        """The bone parts (bone id, part as l5viz.anatomy.parts names it, side) a view names beside this lesion:
        the walls it catches the root against, where the structure's own name would not say which."""
        return ()

    def sides(self, spec: LesionSpec) -> tuple[str, ...]:
        """The sides whose roots the lesion can reach."""
        side = getattr(spec, "side", None)
        return (side,) if side else ("left", "right")


_KINDS = PluginRegistry(__name__, __path__)
register = _KINDS.register


def registry() -> dict[str, LesionKind]:
    """Every kind, in engine order (stage, then name); the package's modules are imported on first use."""
    return {k.name: k for k in sorted(_KINDS.all().values(), key=lambda k: (k.stage, k.name))}


def kind_named(name: str) -> LesionKind:
    kinds = registry()
    if name not in kinds:
        raise SpecError(f"unknown lesion kind {name!r}; valid kinds: {', '.join(kinds)}")
    return kinds[name]


def kind_of(spec: LesionSpec) -> LesionKind:
    return next(k for k in registry().values() if isinstance(spec, k.spec))


@dataclass(frozen=True)
class Overlays:
    """The lesions in a scene, of any registered kinds, in the order given."""

    specs: tuple[LesionSpec, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.specs)

    def __iter__(self):
        return iter(self.specs)

    def of(self, name: str) -> tuple[Any, ...]:
        spec = kind_named(name).spec
        return tuple(s for s in self.specs if isinstance(s, spec))

    @classmethod
    def of_specs(cls, specs: Iterable[LesionSpec]) -> "Overlays":
        return cls(tuple(specs))

    @classmethod
    def from_texts(cls, texts: Mapping[str, Iterable[str]]) -> "Overlays":
        """{kind: [text, ...]} (lessons, quiz, bedside, the CLI); SpecError names a bad kind or value."""
        return cls(tuple(kind_named(name).spec.parse(t) for name, items in texts.items() for t in items))

    @classmethod
    def from_state(cls, state: Mapping[str, Iterable[dict]]) -> "Overlays":
        """SceneState.overlays and sessions: {kind: [saved spec, ...]}."""
        return cls(tuple(kind_named(name).spec.from_state(d) for name, items in state.items() for d in items))

    def to_state(self) -> dict[str, list[dict]]:
        """The plain-dict form SceneState.overlays holds and sessions save; kinds with no lesion left out."""
        out: dict[str, list[dict]] = {}
        for spec in self.specs:
            out.setdefault(kind_of(spec).name, []).append(spec.to_state())
        return out

    def to_texts(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for spec in self.specs:
            out.setdefault(kind_of(spec).name, []).append(spec.to_text())
        return out


def texts_schema() -> dict:
    """{kind: [text]} for lessons, quiz and bedside: each kind's text pattern."""
    return {"type": "object", "additionalProperties": False,
            "properties": {name: {"type": "array", "items": {"type": "string", "pattern": k.spec.text_pattern(),
                                                             "description": f"{k.spec.syntax()}, e.g. {k.spec.EXAMPLE}"}}
                           for name, k in registry().items()}}


def state_schema() -> dict:
    """{kind: [saved spec]} for sessions."""
    return {"type": "object", "additionalProperties": False,
            "properties": {name: {"type": "array", "items": k.spec.state_schema()} for name, k in registry().items()}}


def overlay_schema() -> dict:
    """annotations/schema/overlays.schema.json, written from the registry (scripts/sync_vocabularies.py)."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:l5viz:schema:overlays",
            "title": "Lesion overlays, from the registered lesion kinds (generated: do not edit by hand)",
            "$defs": {"texts": texts_schema(), "state": state_schema()}}
