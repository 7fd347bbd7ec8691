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
from l5viz.anatomy.ids import LEVELS, exiting_root
from l5viz.anatomy.zones import zone_edges
from l5viz.pathology.engine import Lesion
from l5viz.pathology.kinds import LesionKind, register
from l5viz.pathology.specs import SIDES, Field, LesionSpec
from l5viz.translatable import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from l5viz.content.documents import Problem
    from l5viz.pathology.engine import PathologyEngine, Step

LEVELS_TEXT = ("L3-L4", "L4-L5", "L5-S1")
ZONES = (QT_TRANSLATE_NOOP("Choice", "central"), QT_TRANSLATE_NOOP("Choice", "subarticular"),
         QT_TRANSLATE_NOOP("Choice", "foraminal"), QT_TRANSLATE_NOOP("Choice", "extraforaminal"))
TYPES = (QT_TRANSLATE_NOOP("Choice", "bulge"), QT_TRANSLATE_NOOP("Choice", "protrusion"),
         QT_TRANSLATE_NOOP("Choice", "extrusion"), QT_TRANSLATE_NOOP("Choice", "sequestration"))
# of extruded material away from its site (Fardon 2014)
MIGRATIONS = (QT_TRANSLATE_NOOP("Choice", "none"), QT_TRANSLATE_NOOP("Choice", "cranial"),
              QT_TRANSLATE_NOOP("Choice", "caudal"))
MIGRATING_TYPES = ("extrusion", "sequestration")
LATERAL_ZONES = ("foraminal", "extraforaminal")  # where the exiting root is met, beyond the canal
DEFAULT_SEVERITY = 0.7
MIGRATION_SIGN = {"cranial": 1.0, "caudal": -1.0}
# How far each type's material reaches into the canal grows with its size: the half depth (mm) gained from size 0
# to 1. A size-1 extrusion reaches 13 mm beyond the annulus at L4-5, to the ligamentum flavum: the model's
# largest fills the lateral recess (Mysliwiec 2010 grade herniations by how far they reach toward the line
# between the facet joints; the ones operated on were most often their size 2). The traversing root has about
# 5 mm of room behind it on this spine, so a small extrusion deviates it and a larger one flattens it against
# the ligamentum flavum (Pfirrmann 2004's order). Modelling choices.
PROTRUSION_REACH, EXTRUSION_REACH, SEQUESTRATION_REACH = 7.0, 6.0, 4.0
LATERAL_REACH = {"foraminal": 1.2, "extraforaminal": 1.3}  # lateral ones reach further (see herniation_lesions)
FORAMINAL_ANGLE_DEG = 25.0  # a foraminal herniation grows this far from straight back, into the foramen; modelling choice
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
        Field("level", QT_TRANSLATE_NOOP("Field", "Level"), LEVELS_TEXT),
        Field("zone", QT_TRANSLATE_NOOP("Field", "Zone"), ZONES),
        Field("side", QT_TRANSLATE_NOOP("Field", "Side"), SIDES),
        Field("type", QT_TRANSLATE_NOOP("Field", "Type"), TYPES),
        Field("severity", QT_TRANSLATE_NOOP("Field", "Size"), low=0.0, high=1.0, default=DEFAULT_SEVERITY),
        Field("migration", QT_TRANSLATE_NOOP("Field", "Migration"), MIGRATIONS, default="none",
              when=(("type", MIGRATING_TYPES),), written=False,
              hint=QT_TRANSLATE_NOOP("Field", "An extrusion or sequestration displaced up or down the canal "
                                              "(Fardon 2014)")),
    )
    EXAMPLE = "L4-L5:subarticular:right:extrusion:0.8:caudal"


def migration_mm(severity: float) -> float:
    """How far a migrated extrusion's centre moves up or down from where it would lie unmigrated: 3-7 mm with
    its size; modelling choice (Fardon 2014 defines migration, not its distance)."""
    return 3.0 + 4.0 * severity


def zone_x(engine: PathologyEngine, h: Herniation) -> tuple[float, np.ndarray]:
    """Lateral position (disc frame) and outward direction of a zone (Fardon 2014 axial zones)."""
    side = SIDE_SIGN[h.side]
    above = engine.verts[h.level_id.split("_")[0]]
    if h.zone == "central":  # paracentral toward the chosen side when small, midline when large
        return side * 3.0 * (1.0 - h.severity), np.array([0.0, -1.0, 0.0])
    if h.zone == "subarticular":  # the middle of the zone as the axial overlay draws it (l5viz.anatomy.zones)
        edges = engine.memo(("zones", "fardon", h.level_id), lambda: zone_edges(
            "fardon", h.level_id, engine.geometry, engine.surfaces["thecal_sac"].points))
        return side * 0.5 * (edges[1] + edges[2]), np.array([0.0, -1.0, 0.0])
    if h.zone == "extraforaminal":
        return engine.memo(("extraforaminal site", h.level_id, h.side), lambda: extraforaminal_site(engine, h))
    # Growth direction from straight back: FORAMINAL_ANGLE_DEG into the foramen; modelling choice.
    angle = np.radians(FORAMINAL_ANGLE_DEG)
    return side * above.pedicle_centre_x(), np.array([side * np.sin(angle), -np.cos(angle), 0.0])


def extraforaminal_site(engine: PathologyEngine, h: Herniation) -> tuple[float, np.ndarray]:
    """Beyond the pedicle's lateral edge the exiting nerve runs forward past the disc's posterolateral corner
    (reference section 6): the zone's material leaves the annulus where its outline comes nearest that nerve
    (where it lies beyond the upper pedicle's lateral edge and within 6 mm of the disc's mid-plane), and grows
    toward it, up or down as well as out. Modelling choice: the lateral edge of the disc
    lies inside the pedicle's lateral edge at L5-S1 on this spine, so a fixed position would miss the disc."""
    frame = engine.disc_frame(h.level_id)
    nerve = frame.to_local(engine.paths[f"root_{exiting_root(h.level_id)}_{h.side}"].points)
    above = engine.verts[h.level_id.split("_")[0]]
    beyond_pedicle = np.abs(nerve[:, 0]) > above.pedicle_centre_x() + 0.5 * above.pedicle_width
    nerve = nerve[(np.abs(nerve[:, 2]) < 6.0) & beyond_pedicle]
    outline = engine.disc_outline(h.level_id)
    outline = np.column_stack([outline, np.zeros(len(outline))])[outline[:, 0] * SIDE_SIGN[h.side] > 0]
    gaps = np.linalg.norm(outline[:, None, :] - nerve[None, :, :], axis=2)
    i, j = np.unravel_index(np.argmin(gaps), gaps.shape)
    towards = nerve[j] - outline[i]
    return float(outline[i, 0]), towards / np.linalg.norm(towards)

# How far each type's fragment reaches back inside the disc's margin (mm): a protrusion sits on a broad base; an
# extrusion's base is narrower than the fragment (Fardon 2014); a sequestration has lost continuity with the
# disc and lies this far clear of it (negative). Modelling choices that meet the Fardon definitions, measured in
# tests/test_pathology.py.
FRAGMENT_INSET_MM = {"extrusion": 0.4, "sequestration": -1.0}  # (a protrusion is centred on the margin)
# The nucleus material in the annular fissure it escaped through: half width (in the disc's plane) and half
# height of the tract, growing with size; a radial fissure is a slit, taller than it is wide on sagittal MRI
# only when it is large. Modelling choice.
FISSURE_HALF_WIDTH = (0.8, 0.6)  # mm at size 0, and more per unit of size
FISSURE_HALF_HEIGHT = (0.6, 0.4)
FISSURE_INSIDE_NUCLEUS_MM = 1.0  # the tract starts this far inside the nucleus, so the two read as one material


def growth_frame(engine: PathologyEngine, h: Herniation) -> tuple[np.ndarray, np.ndarray]:
    """Where a herniation's material leaves the disc (world point on the annulus) and its own axes (rows: across
    the growth, the outward growth direction, and up, orthonormal): the frame its shape is built and measured in."""
    frame = engine.disc_frame(h.level_id)
    x, direction = zone_x(engine, h)
    out = frame.direction_to_world(direction)
    out = out / np.linalg.norm(out)
    across = np.cross(frame.axes[2], out)
    across /= np.linalg.norm(across)
    return engine.disc_margin(h.level_id, x, direction), np.vstack([across, out, np.cross(out, across)])


def herniation_lesions(engine: PathologyEngine, h: Herniation) -> list[Lesion]:
    """The herniated disc material: the fragment beyond the disc's margin, then, for an extrusion or a
    sequestration, the nucleus material in the annular fissure it came through, from inside the nucleus out to
    the fragment (a sequestration's fissure stops inside the annulus: the fragment has left it). A protrusion
    is the dome alone, on its broad base."""
    s = h.severity
    if s <= 0 or h.type == "bulge":
        return []
    margin, axes = growth_frame(engine, h)
    lateral, d_world, up = axes
    central_scale = 1.0 + 1.6 * s if h.zone == "central" else 1.0  # a large central one spans both recesses
    # Protrusion: depth smaller than the base; extrusion: larger (Fardon 2014 definitions).
    if h.type == "protrusion":  # a dome on its broad base at the annulus, reaching 0.2-7.2 mm beyond it
        radii = np.array([6.0 * central_scale, 0.2 + PROTRUSION_REACH * s, 4.0 + 1.5 * s])
        rise = 0.0
    elif h.type == "extrusion":  # 1.2-13.2 mm beyond, taller than its neck
        radii = np.array([(3.0 + 1.5 * s) * central_scale, 0.8 + EXTRUSION_REACH * s, 3.5 + 2.5 * s])
        rise = -0.35 * radii[2]  # modelling choice: a little below the disc mid-plane, toward the traversing root
    else:  # sequestration: a free fragment, migrated caudally unless its spec says cranially, 5-10 mm, behind
        # the body above or below rather than at the disc (modelling choice)
        radii = np.array([(2.5 + 1.5 * s) * central_scale, 1.0 + SEQUESTRATION_REACH * s, 3.0 + 2.0 * s])
        rise = MIGRATION_SIGN["cranial" if h.migration == "cranial" else "caudal"] * (5.0 + 5.0 * s)
    if h.zone in LATERAL_ZONES:
        # Lateral herniations reach further (the lateral annulus is thin), an extraforaminal one furthest, out
        # to where the exiting nerve runs past the disc's corner. A foraminal one rides up into the foramen
        # toward the exiting root and its ganglion under the pedicle, above the disc (reference section 5);
        # an extraforaminal one grows toward the nerve, up or down (extraforaminal_site). Modelling choices.
        radii = radii * np.array([1.0, LATERAL_REACH[h.zone], 1.2])
        rise = 0.8 * radii[2] if h.zone == "foraminal" else 0.0  # a free fragment here too, unless migrated
    if h.migration != "none" and (h.type == "extrusion" or h.zone in LATERAL_ZONES):
        # displaced up or down from where its zone puts it (a free fragment in the canal has its own offset),
        radii = radii * np.array([1.0, 1.0, MIGRATION_STRETCH])  # and drawn out along the canal
        rise += MIGRATION_SIGN[h.migration] * migration_mm(s)
    beyond = radii[1] - FRAGMENT_INSET_MM.get(h.type, radii[1])  # the fragment's centre beyond the margin
    centre = margin + d_world * beyond + up * rise
    fragment_id = f"herniation_{h.level_id}_{h.zone}_{h.side}"
    fragment = Lesion(fragment_id, "disc", centre, axes, radii, d_world, sweep=max(beyond, 0.0),
                      beneath_tissue=True, displaces=True, term=h.type)
    if h.type == "protrusion":  # displaced on a broad base, its annulus stretched rather than torn through
        return [fragment]
    # The fissure runs to the fragment's centre at the disc's own level (a migrated fragment's neck stays at
    # the tear), or for a sequestration ends 0.5 mm inside the annulus.
    end = margin + d_world * beyond if h.type != "sequestration" else margin - 0.5 * d_world
    start = engine.disc_margin(h.level_id, *zone_x(engine, h), part="nucleus") - FISSURE_INSIDE_NUCLEUS_MM * d_world
    return [fragment, fissure_lesion(f"{fragment_id}_fissure", start, end, up, d_world, s)]


def fissure_lesion(lesion_id: str, start: np.ndarray, end: np.ndarray, up: np.ndarray, push: np.ndarray,
                   severity: float) -> Lesion:
    """The nucleus material in an annular fissure, as a narrow ellipsoid from `start` (in the nucleus) to `end`."""
    along = end - start
    length = max(float(np.linalg.norm(along)), 1e-6)
    radial = along / length
    lateral = np.cross(up, radial)
    lateral /= np.linalg.norm(lateral)
    axes = np.vstack([lateral, radial, np.cross(radial, lateral)])
    radii = np.array([FISSURE_HALF_WIDTH[0] + FISSURE_HALF_WIDTH[1] * severity, 0.5 * length,
                      FISSURE_HALF_HEIGHT[0] + FISSURE_HALF_HEIGHT[1] * severity])
    return Lesion(lesion_id, "disc", start + 0.5 * along, axes, radii, push, displaces=True)


def bulge_annulus(engine: PathologyEngine, h: Herniation, points: np.ndarray, normals: np.ndarray | None) -> np.ndarray:
    """Push the annulus's outer wall outward around the herniation site (all around the back for a bulge).

    Only what faces outward moves (by its outward normal): the inner wall stays against the nucleus, so no gap
    opens between them."""
    f = engine.disc_frame(h.level_id)
    local = f.to_local(points)
    radial = local[:, :2] / np.maximum(np.linalg.norm(local[:, :2], axis=1), 1e-6)[:, None]
    facing = 1.0 if normals is None else np.clip(2.0 * np.einsum("ij,ij->i", (normals @ f.axes.T)[:, :2], radial), 0.0, 1.0)
    s = h.severity
    if h.type == "bulge":
        weight = np.clip(-local[:, 1] / 10.0, 0.0, 1.0)  # posterior half, >25 % of the circumference
        amount = 3.0 * s * weight * np.clip(1.0 - (local[:, 2] / 6.0) ** 2, 0.0, 1.0) * facing
        local[:, :2] += radial * amount[:, None]
        return f.to_world(local)
    x, direction = zone_x(engine, h)
    dist = np.hypot(local[:, 0] - x, local[:, 2])
    amount = (1.0 + 1.5 * s) * np.exp(-(dist / 5.0) ** 2) * (local[:, :2] @ direction[:2] > 0) * facing
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
            step.pts[disc_id] = bulge_annulus(engine, h, step.pts[disc_id], engine.shown_normals.get(disc_id))
            step.motions.pop(disc_id, None)
            step.dense.then(lambda _, p, h=h, d=disc_id: bulge_annulus(engine, h, p, engine.surfaces[d].normals),
                            {disc_id})
            step.changed.add(disc_id)
            step.lesions += herniation_lesions(engine, h)
            # Its own disc's foramen on its own side changes (both sides when central or a bulge).
            step.touched |= {(h.level_id, side) for side in SIDES
                             if side == h.side or h.zone == "central" or h.type == "bulge"}

    def sides(self, spec: Herniation) -> tuple[str, ...]:
        return SIDES if spec.zone == "central" or spec.type == "bulge" else (spec.side,)

    def reasons(self, spec: Herniation, root: str, side: str, content: dict | None,
                measures: dict | None = None) -> list[dict]:
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


register(HerniationKind("herniation", QT_TRANSLATE_NOOP("LesionKind", "Disc herniation"), Herniation, stage=2,
                        default="L4-L5:subarticular:right:extrusion:0.7",
                        help="e.g. L4-L5:subarticular:right:extrusion:0.7, or ...:0.7:caudal for one migrated down",
                        rank=0))
