"""Procedure types as plug-ins: each module in this package registers one, and nothing else names it.

A procedure is one lesion kind ("procedure", l5viz.pathology.kinds.procedure) whose first field is its type,
so `--procedure microdiscectomy:L4-L5:right` reads like every other overlay. A type is:
- its stages, in the order they are shown (their captions: annotations/clinical/procedure.json);
- `revise`: what it changes in the lesions before anything is deformed (a slip reduced, a herniation regressed);
- `operate`: what it does to the scene once every lesion is made (bone cut away, a ligament excised, a fragment
  taken out, hardware or a needle placed), for the stages done so far.
No Qt, no VTK: the engine's Step is all it edits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from l5viz.anatomy.geometry import SIDES as SIDE_SIGN
from l5viz.anatomy.parts import SACRUM_PARTS, sacrum_parts
from l5viz.pathology.plugins import PluginRegistry

if TYPE_CHECKING:
    from l5viz.pathology.engine import PathologyEngine, PathologyResult, Step
    from l5viz.pathology.kinds.procedure import Procedure
    from l5viz.pathology.specs import LesionSpec


class ProcedureType:
    """One procedure; a subclass overrides what it does."""

    name = ""  # the spec's first field: "microdiscectomy"
    sided = True  # done on one side (a side field), or across both
    stages: tuple[str, ...] = ()  # stage ids, in order; a spec's progress 1 has done them all
    view = "axial"  # the camera preset that shows it best, of its level (and side): axial, foramen or posterior
    levels: tuple[str, ...] | None = None  # the levels the model can do it at ("L4-L5"); None: every one
    # Whether its outcome gives the foramina: those it works on (a foraminotomy, a fusion). The others' cuts can
    # reach the section a report measures a foramen in (on this spine the facet's medial edge lies at it) without
    # changing the foramen a surgeon means.
    opens_foramina = False

    def revise(self, proc: "Procedure", done: int, specs: list["LesionSpec"]) -> list["LesionSpec"]:
        """The scene's lesions as the first `done` stages leave them, before they deform (most leave them)."""
        return specs

    def operate(self, engine: "PathologyEngine", proc: "Procedure", done: int, step: "Step") -> None:
        """Edit the scene for the first `done` stages."""

    def sides(self, proc: "Procedure") -> tuple[str, ...]:
        return (proc.side,) if self.sided else tuple(SIDE_SIGN)

    def best_view(self, proc: "Procedure") -> str:
        return f"{self.view}-{proc.level}" + (f"-{proc.side}" if self.view == "foramen" else "")


_TYPES = PluginRegistry(__name__, __path__)
register = _TYPES.register


def procedure_types() -> dict[str, ProcedureType]:
    """Every procedure type, by name (the package's modules are imported on first use)."""
    return dict(sorted(_TYPES.all().items()))


# ---- services the types share ------------------------------------------------------------------

def bone_part_points(engine: "PathologyEngine", bone: str, part: str, side: str | None) -> np.ndarray:
    """The dense surface's vertices of one named part of a vertebra or the sacrum (l5viz.anatomy.parts), on
    one side (None: both)."""
    def find():
        points = np.asarray(engine.surfaces[bone].points, float)
        if bone == "sacrum":
            mask = sacrum_parts(points, engine.geometry) == SACRUM_PARTS.index(part)
            x = engine.geometry.s1_endplate.to_local(points)[:, 0]
        else:
            mask = engine.vertebra_part_mask(bone, points, (part,), "surface")
            x = engine.verts[bone.replace("vertebra_", "")].frame.to_local(points)[:, 0]
        if side is not None:
            mask &= x * SIDE_SIGN[side] > 0.0
        return points[mask]

    return engine.memo(("part points", bone, part, side), find)


def remove_lesions(step: "Step", *prefixes: str) -> None:
    """Take out the lesions whose ids start with any of `prefixes` (a fragment removed, a growth excised)."""
    step.lesions[:] = [lesion for lesion in step.lesions if not lesion.lesion_id.startswith(prefixes)]


# A medial facetectomy undercuts "a small part of the medial facet" (Spine-Health): the model's bite takes
# MEDIAL_FACET_MM of its medial edge, over MEDIAL_FACET_HALF_MM front to back and up and down; modelling choices.
MEDIAL_FACET_MM = 3.0
MEDIAL_FACET_HALF_MM = (5.0, 6.0)
LAMINOTOMY_HALF_WIDTH_MM = 7.0  # half the width of a one-sided laminotomy's bite; modelling choice


def moved(point: np.ndarray, motion: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    rot, trans = motion
    return rot @ point + trans


NEURAL_OUTCOME = ("root_", "drg_", "thecal_sac")


def outcome(before: "PathologyResult", after: "PathologyResult", proc: "Procedure") -> dict:
    """What a procedure changed, measured on the geometry: each root and ganglion compressed before or after
    it (% of the local diameter; the sac too), the foramina (of those that open them) and the dural sac at its
    level, and the slip there."""
    level = proc.level_id
    neural = sorted(sid for result in (before, after) for sid, c in result.compression.items()
                    if sid.startswith(NEURAL_OUTCOME) and c["percent"] > 0.0)
    out = {"compression_percent": {sid: {"before": before.compression.get(sid, {}).get("percent", 0.0),
                                         "after": after.compression.get(sid, {}).get("percent", 0.0)}
                                   for sid in dict.fromkeys(neural)}}
    foramina = [f"foramen_{level}_{side}" for side in SIDE_SIGN] if proc.procedure.opens_foramina else []
    out["foramina"] = {key: {figure: {"before": before.foramina[key][figure], "after": after.foramina[key][figure]}
                             for figure in ("height_mm", "area_mm2", "fat_mm2")} for key in foramina}
    out["dural_sac_area_mm2"] = {"before": before.canal[level]["dural_sac_area_mm2"],
                                 "after": after.canal[level]["dural_sac_area_mm2"]}
    slips = before.measures.get("slip", {}), after.measures.get("slip", {})
    if level in slips[0]:
        out["slip_percent"] = {"before": slips[0][level]["slip_percent"],
                               "after": slips[1].get(level, {}).get("slip_percent", 0.0)}
    return out


def cut(cut_id: str, centre: np.ndarray, axes: np.ndarray, radii, push: np.ndarray):
    """An ellipsoid of tissue to take away; what it holds slides along `push` to its far side (Engine.carve)."""
    from l5viz.pathology.engine import Lesion

    return Lesion(cut_id, "cut", np.asarray(centre, float), np.asarray(axes, float), np.asarray(radii, float),
                  np.asarray(push, float) / np.linalg.norm(push))


def lamina_edge_cut(engine: "PathologyEngine", level_id: str, side: str | None, upper: bool, reach_mm: float):
    """Bite the edge of a lamina that faces the interlaminar window (a laminotomy): the inferior edge of the
    vertebra above the disc, or the superior edge of the one below; `side` None bites across the midline,
    the spinous process with it (a laminectomy). The bite reaches `reach_mm` into the lamina. Placed once per
    engine from the baseline bone."""
    def place():
        name = level_id.split("_")[0 if upper else 1]
        bone = f"vertebra_{name}"
        v = engine.verts[name]
        parts = [bone_part_points(engine, bone, "lamina", s) for s in ((side,) if side else SIDE_SIGN)]
        if side is None:
            parts.append(bone_part_points(engine, bone, "spinous_process", None))
        local = v.frame.to_local(np.vstack(parts))
        edge = local[local[:, 2] <= np.percentile(local[:, 2], 5)] if upper else \
            local[local[:, 2] >= np.percentile(local[:, 2], 95)]
        # One side: over the traversing root where it runs down the lateral recess (the window a
        # microdiscectomy opens onto it); both: across the midline.
        x = 0.0 if side is None else float(v.frame.to_local(engine.lateral_recess(level_id, side)[1][None])[0, 0])
        half_width = 0.5 * v.interpedicular_distance + 2.0 if side is None else LAMINOTOMY_HALF_WIDTH_MM
        centre = v.frame.to_world([x, float(np.median(local[:, 1])), float(np.median(edge[:, 2]))])
        depth = float(np.ptp(local[:, 1])) / 2 + 2.0
        up = v.frame.axes[2] if upper else -v.frame.axes[2]
        return bone, cut(f"laminotomy_{name}_{side or 'both'}", centre, v.frame.axes, (half_width, depth, reach_mm),
                         up)

    return engine.memo(("lamina edge cut", level_id, side, upper, reach_mm), place)


def undercut_medial_facet(engine: "PathologyEngine", step: "Step", level_id: str, side: str) -> None:
    """Undercut the medial edge of a facet joint over the lateral recess (a medial facetectomy): the superior
    articular process of the bone below, and the inferior articular process above it, give up MEDIAL_FACET_MM
    from their medial edge, sliding out sideways; the foramen's back wall changes with it."""
    def place():
        frame = engine.disc_frame(level_id)
        sap = frame.to_local(bone_part_points(engine, joint_structures(level_id, side)[1],
                                              "superior_articular_process", side))
        medial = sap[np.argsort(np.abs(sap[:, 0]))[:20]].mean(axis=0)  # its medial edge
        return cut(f"medial_facetectomy_{level_id}_{side}", frame.to_world(medial), frame.axes,
                   (MEDIAL_FACET_MM, *MEDIAL_FACET_HALF_MM), SIDE_SIGN[side] * frame.axes[0])

    engine.carve(step, engine.memo(("medial facet cut", level_id, side), place), joint_structures(level_id, side))
    step.touched.add((level_id, side))


def joint_structures(level_id: str, side: str) -> tuple[str, ...]:
    """The bones and the facet joint a cut at a level's facet can reach."""
    upper, lower = level_id.split("_")
    return (f"vertebra_{upper}", "sacrum" if lower == "S1" else f"vertebra_{lower}",
            f"facet_capsule_{level_id}_{side}", f"facet_cartilage_{level_id}_{side}")
