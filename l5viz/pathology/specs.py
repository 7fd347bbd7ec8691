"""Overlay specifications (what the user asked for), parsed and validated with messages that list valid values.

Herniation terms follow the lumbar disc nomenclature v2.0 (Fardon 2014): types bulge, protrusion,
extrusion, sequestration; axial zones central, subarticular, foraminal, extraforaminal. Foraminal stenosis
is graded 0-3 after Lee 2010, with a continuous value between grades for the slider.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

HERNIATION_LEVELS = ("L3-L4", "L4-L5", "L5-S1")
STENOSIS_LEVELS = ("L4-L5", "L5-S1")
STENOSIS_KINDS = ("foraminal",)  # Lee 2010 grades; the lateral recess and central canal kinds are not modelled yet
ZONES = ("central", "subarticular", "foraminal", "extraforaminal")
SIDES = ("left", "right")
HERNIATION_TYPES = ("bulge", "protrusion", "extrusion", "sequestration")
MIGRATIONS = ("none", "cranial", "caudal")  # of extruded material away from its site (Fardon 2014)
MIGRATING_TYPES = ("extrusion", "sequestration")
DEFAULT_SEVERITY = 0.7


class SpecError(ValueError):
    """A malformed overlay value; the message names the bad part and the valid choices."""


def _choice(value: str, valid: tuple[str, ...], what: str) -> str:
    v = value.strip()
    if v not in valid:
        raise SpecError(f"unknown {what} {v!r}; valid {what}s: {', '.join(valid)}")
    return v


def _number(value: str | float, low: float, high: float, what: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise SpecError(f"{what} {value!r} is not a number; valid: {low:g} to {high:g}") from None
    if not low <= x <= high:
        raise SpecError(f"{what} {x:g} out of range; valid: {low:g} to {high:g}")
    return x


@dataclass(frozen=True)
class Herniation:
    level: str
    zone: str
    side: str
    type: str
    severity: float = DEFAULT_SEVERITY  # 0 = none, 1 = the largest this model shows
    migration: str = "none"  # an extrusion or sequestration displaced up or down from its site

    def __post_init__(self):
        _choice(self.level, HERNIATION_LEVELS, "level")
        _choice(self.zone, ZONES, "zone")
        _choice(self.side, SIDES, "side")
        _choice(self.type, HERNIATION_TYPES, "type")
        _number(self.severity, 0.0, 1.0, "severity")
        _choice(self.migration, MIGRATIONS, "migration")
        if self.migration != "none" and self.type not in MIGRATING_TYPES:
            raise SpecError(f"a {self.type} does not migrate; migration needs a type of "
                            f"{', '.join(MIGRATING_TYPES)}")

    @property
    def level_id(self) -> str:
        return self.level.replace("-", "_")

    @classmethod
    def parse(cls, text: str) -> "Herniation":
        """LEVEL:ZONE:SIDE:TYPE[:SEVERITY[:MIGRATION]], e.g. L4-L5:subarticular:right:extrusion:0.8 or
        L4-L5:subarticular:right:extrusion:0.8:caudal."""
        parts = text.split(":")
        if len(parts) not in (4, 5, 6):
            raise SpecError(f"herniation {text!r}: expected LEVEL:ZONE:SIDE:TYPE[:SEVERITY[:MIGRATION]], "
                            f"e.g. L4-L5:subarticular:right:extrusion:0.8:caudal")
        level = _choice(parts[0], HERNIATION_LEVELS, "level")
        zone = _choice(parts[1], ZONES, "zone")
        side = _choice(parts[2], SIDES, "side")
        kind = _choice(parts[3], HERNIATION_TYPES, "type")
        severity = _number(parts[4], 0.0, 1.0, "severity") if len(parts) >= 5 else DEFAULT_SEVERITY
        migration = _choice(parts[5], MIGRATIONS, "migration") if len(parts) == 6 else "none"
        return cls(level, zone, side, kind, severity, migration)

    def to_text(self) -> str:
        text = f"{self.level}:{self.zone}:{self.side}:{self.type}:{self.severity:g}"
        return text if self.migration == "none" else f"{text}:{self.migration}"


@dataclass(frozen=True)
class Stenosis:
    level: str
    side: str
    grade: float  # 0-3 (Lee 2010); fractions let a slider move between grades

    def __post_init__(self):
        _choice(self.level, STENOSIS_LEVELS, "level")
        _choice(self.side, SIDES, "side")
        _number(self.grade, 0.0, 3.0, "grade")

    @property
    def level_id(self) -> str:
        return self.level.replace("-", "_")

    @classmethod
    def parse(cls, text: str) -> "Stenosis":
        """LEVEL:KIND:SIDE:GRADE, e.g. L5-S1:foraminal:left:2 or L5-S1:foraminal:left:2.5; the older
        LEVEL:SIDE:GRADE (L5-S1:left:2) means a foraminal stenosis."""
        parts = text.split(":")
        if len(parts) == 4:
            _choice(parts[1], STENOSIS_KINDS, "kind")
            parts = [parts[0], *parts[2:]]
        if len(parts) != 3:
            raise SpecError(f"stenosis {text!r}: expected LEVEL:KIND:SIDE:GRADE, e.g. L5-S1:foraminal:left:2 "
                            f"(kinds: {', '.join(STENOSIS_KINDS)})")
        return cls(_choice(parts[0], STENOSIS_LEVELS, "level"), _choice(parts[1], SIDES, "side"),
                   _number(parts[2], 0.0, 3.0, "grade"))

    def to_text(self) -> str:
        return f"{self.level}:foraminal:{self.side}:{self.grade:g}"


def overlays_to_state(herniations: list[Herniation], stenoses: list[Stenosis]) -> dict[str, list[dict]]:
    """The plain-dict form SceneState.overlays holds (and session files save)."""
    return {"herniation": [{k: v for k, v in asdict(h).items() if k != "migration" or v != "none"} for h in herniations],
            "stenosis": [asdict(s) for s in stenoses]}  # (no migration is left out: older sessions read the same)


def overlays_from_state(overlays: dict[str, list[dict]]) -> tuple[list[Herniation], list[Stenosis]]:
    return ([Herniation(**h) for h in overlays.get("herniation", [])],
            [Stenosis(**s) for s in overlays.get("stenosis", [])])
