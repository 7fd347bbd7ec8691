"""Disc herniation (Fardon 2014 nomenclature): disc material leaves the annulus into an axial zone.

Types bulge, protrusion, extrusion, sequestration; zones central, subarticular, foraminal, extraforaminal;
an extrusion or sequestration may migrate up or down the canal. Content: annotations/clinical/herniation.json
(the level-zone-root rule, red flags, natural history, the Pfirrmann grading of root compromise).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from l5viz.anatomy.geometry import SIDES as SIDE_SIGN
from l5viz.anatomy.ids import LEVELS
from l5viz.pathology.engine import Lesion
from l5viz.pathology.kinds import LesionKind, register
from l5viz.pathology.specs import SIDES, Field, LesionSpec

if TYPE_CHECKING:
    from l5viz.content.documents import Problem
    from l5viz.pathology.engine import PathologyEngine, Step

LEVELS_TEXT = ("L3-L4", "L4-L5", "L5-S1")
ZONES = ("central", "subarticular", "foraminal", "extraforaminal")
TYPES = ("bulge", "protrusion", "extrusion", "sequestration")
MIGRATIONS = ("none", "cranial", "caudal")  # of extruded material away from its site (Fardon 2014)
MIGRATING_TYPES = ("extrusion", "sequestration")
DEFAULT_SEVERITY = 0.7
MIGRATION_SIGN = {"cranial": 1.0, "caudal": -1.0}
MIGRATION_STRETCH = 1.4  # a migrated extrusion is drawn out along the canal this much; modelling choice


@dataclass(frozen=True)
class Herniation(LesionSpec):
    level: str
    zone: str
    side: str
    type: str
    severity: float = DEFAULT_SEVERITY  # 0 = none, 1 = the largest this model shows
    migration: str = "none"  # an extrusion or sequestration displaced up or down from its site

    FIELDS = (
        Field("level", "Level", LEVELS_TEXT),
        Field("zone", "Zone", ZONES),
        Field("side", "Side", SIDES),
        Field("type", "Type", TYPES),
        Field("severity", "Size", low=0.0, high=1.0, default=DEFAULT_SEVERITY),
        Field("migration", "Migration", MIGRATIONS, default="none", when=(("type", MIGRATING_TYPES),), written=False,
              hint="An extrusion or sequestration displaced up or down the canal (Fardon 2014)"),
    )
    EXAMPLE = "L4-L5:subarticular:right:extrusion:0.8:caudal"


def migration_mm(severity: float) -> float:
    """How far a migrated extrusion's centre moves up or down from where it would lie unmigrated: 3-7 mm with
    its size; modelling choice (Fardon 2014 defines migration, not its distance)."""
    return 3.0 + 4.0 * severity


def zone_x(engine: PathologyEngine, h: Herniation) -> tuple[float, np.ndarray]:
    """Lateral position (disc frame) and outward direction of a zone (Fardon 2014 axial zones)."""
    side = SIDE_SIGN[h.side]
    upper_name, lower_name = h.level_id.split("_")
    below = engine.verts.get(lower_name, engine.verts["L5"])  # S1: use L5's canal as the recess width
    above = engine.verts[upper_name]
    half_ipd = 0.5 * below.interpedicular_distance
    if h.zone == "central":  # paracentral toward the chosen side when small, midline when large
        return side * 3.0 * (1.0 - h.severity), np.array([0.0, -1.0, 0.0])
    if h.zone == "subarticular":  # medial facet edge to medial pedicle edge
        return side * (half_ipd - 2.5), np.array([0.0, -1.0, 0.0])
    # Growth direction from straight back: 40 deg into the foramen, 60 deg beyond it (toward where the
    # exiting nerve runs forward past the disc's posterolateral corner); modelling choices.
    angle = np.radians(40.0 if h.zone == "foraminal" else 60.0)
    direction = np.array([side * np.sin(angle), -np.cos(angle), 0.0])
    x = above.pedicle_centre_x() + (0.0 if h.zone == "foraminal" else 0.5 * above.pedicle_width + 4.0)
    return side * x, direction

def herniation_lesions(engine: PathologyEngine, h: Herniation) -> list[Lesion]:
    s = h.severity
    if s <= 0 or h.type == "bulge":
        return []
    f = engine.disc_frame(h.level_id)
    x, direction = zone_x(engine, h)
    margin = engine.disc_margin(h.level_id, x, direction)
    d_world = f.direction_to_world(direction)
    up = f.axes[2]
    lateral = np.cross(up, d_world)
    axes = np.vstack([lateral, d_world, up])
    central_scale = 1.0 + 1.6 * s if h.zone == "central" else 1.0  # a large central one spans both recesses
    # Protrusion: depth smaller than the base; extrusion: larger (Fardon 2014 definitions).
    if h.type == "protrusion":  # reaches 0.2-3.8 mm beyond the annulus
        radii = np.array([6.0 * central_scale, 0.5 + 1.8 * s, 4.0])
        centre = margin + d_world * (radii[1] - 0.8)
    elif h.type == "extrusion":  # 0.8-6.8 mm beyond, taller than its neck
        radii = np.array([(3.0 + 1.5 * s) * central_scale, 0.8 + 3.0 * s, 4.0 + 3.0 * s])
        # Modelling choice: centred a little below the disc mid-plane, toward the traversing root.
        centre = margin + d_world * (radii[1] - 0.8) - up * (0.3 * radii[2])
    else:  # sequestration: a free fragment, migrated caudally unless its spec says cranially (4-8 mm)
        radii = np.array([(2.5 + 1.5 * s) * central_scale, 1.0 + 2.0 * s, 3.0 + 2.0 * s])
        sign = MIGRATION_SIGN["cranial" if h.migration == "cranial" else "caudal"]
        centre = margin + d_world * (radii[1] + 0.3) + up * (sign * (4.0 + 4.0 * s))
    if h.zone in ("foraminal", "extraforaminal"):
        # Lateral herniations reach further (the lateral annulus is thin), an extraforaminal one furthest, out
        # to where the exiting nerve runs past the disc's corner. A foraminal one rides up into the
        # foramen toward the exiting root and its ganglion under the pedicle, above the disc (reference
        # section 5); beyond the foramen the exiting nerve has come down to the disc's level, so an
        # extraforaminal one stays nearer it. Both rises are modelling choices.
        radii = radii * np.array([1.0, 1.5 if h.zone == "foraminal" else 1.7, 1.2])
        rise = 0.8 if h.zone == "foraminal" else 0.2
        centre = margin + d_world * (radii[1] - 0.8) + up * (rise * radii[2])
    if h.type == "extrusion" and h.migration != "none":  # displaced up or down from where its zone puts it,
        radii = radii * np.array([1.0, 1.0, MIGRATION_STRETCH])  # and drawn out along the canal
        centre = centre + up * (MIGRATION_SIGN[h.migration] * migration_mm(s))
    return [Lesion(f"herniation_{h.level_id}_{h.zone}_{h.side}", "disc", centre, axes, radii, d_world)]

def bulge_annulus(engine: PathologyEngine, h: Herniation, points: np.ndarray) -> np.ndarray:
    """Push the annulus outward around the herniation site (all around the back for a bulge)."""
    f = engine.disc_frame(h.level_id)
    local = f.to_local(points)
    s = h.severity
    if h.type == "bulge":
        weight = np.clip(-local[:, 1] / 10.0, 0.0, 1.0)  # posterior half, >25 % of the circumference
        radial = local[:, :2] / np.maximum(np.linalg.norm(local[:, :2], axis=1), 1e-6)[:, None]
        amount = 3.0 * s * weight * np.clip(1.0 - (local[:, 2] / 6.0) ** 2, 0.0, 1.0)
        local[:, :2] += radial * amount[:, None]
        return f.to_world(local)
    x, direction = zone_x(engine, h)
    dist = np.hypot(local[:, 0] - x, local[:, 2])
    amount = (1.0 + 1.5 * s) * np.exp(-(dist / 5.0) ** 2) * (local[:, :2] @ direction[:2] > 0)
    local[:, :2] += direction[:2] * amount[:, None]
    return f.to_world(local)


def check_rules(data: dict, where: str) -> list["Problem"]:
    """The level-zone-root table must answer every level x zone exactly once."""
    from l5viz.content.documents import Problem  # (the content package reads the kinds' lists)

    counts = Counter((row["level"], row["zone"]) for row in data["rule"]["table"])
    problems = [Problem(where, f"$.rule.table: no row for level {level} zone {zone}")
                for level in LEVELS for zone in ZONES if counts[(level, zone)] == 0]
    problems += [Problem(where, f"$.rule.table: {n} rows for level {level} zone {zone}; keep one")
                 for (level, zone), n in sorted(counts.items()) if n > 1]
    return problems


def rule_for(herniation: dict, level: str, zone: str) -> dict:
    """The rule-table row for a disc level (e.g. 'L4_L5') and axial zone; KeyError lists the valid values."""
    for row in herniation["rule"]["table"]:
        if row["level"] == level and row["zone"] == zone:
            return row
    raise KeyError(f"no rule for level {level!r} zone {zone!r}; levels: {', '.join(LEVELS)}; "
                   f"zones: {', '.join(ZONES)}")


class HerniationKind(LesionKind):
    def deform(self, engine: "PathologyEngine", specs: list[Herniation], step: "Step") -> None:
        for h in specs:
            disc_id = f"disc_{h.level_id}"
            step.pts[disc_id] = bulge_annulus(engine, h, step.pts[disc_id])
            step.motions.pop(disc_id, None)
            step.dense.then(lambda _, p, h=h: bulge_annulus(engine, h, p), {disc_id})
            step.changed.add(disc_id)
            step.lesions += herniation_lesions(engine, h)
            # Its own disc's foramen on its own side changes (both sides when central or a bulge).
            step.touched |= {(h.level_id, side) for side in SIDES
                             if side == h.side or h.zone == "central" or h.type == "bulge"}

    def sides(self, spec: Herniation) -> tuple[str, ...]:
        return SIDES if spec.zone == "central" or spec.type == "bulge" else (spec.side,)

    def reasons(self, spec: Herniation, root: str, side: str, content: dict | None) -> list[dict]:
        if not content or side not in self.sides(spec):
            return []
        row = rule_for(content, spec.level_id, spec.zone)
        if root not in row["affected_roots"]:
            return []
        return [{**row, "kind": self.name, "overlay": spec.to_text(), "text": row["explanation"]}]

    def check_content(self, data: dict, where: str) -> list["Problem"]:
        return check_rules(data, where)

    def expected_roots(self, spec: Herniation, content: dict | None) -> tuple[str, ...] | None:
        return tuple(rule_for(content, spec.level_id, spec.zone)["affected_roots"]) if content else None

    def best_view(self, spec: Herniation) -> str:
        if spec.zone in ("foraminal", "extraforaminal") and spec.level == "L5-S1":
            return f"foramen-L5-S1-{spec.side}"
        return "axial-L5-S1" if spec.level == "L5-S1" else "axial-L4-L5"


register(HerniationKind("herniation", "Disc herniation", Herniation, stage=2,
                        default="L4-L5:subarticular:right:extrusion:0.7",
                        help="e.g. L4-L5:subarticular:right:extrusion:0.7, or ...:0.7:caudal for one migrated down",
                        rank=0))
