"""Spondylolisthesis: the vertebra above a disc slips forward on the one below, graded by Meyerding.

- Isthmic, at L5-S1: the pars interarticularis is broken, so the L5 body, pedicles, transverse and superior
  articular processes slip forward with the spine above while the loose posterior arch (laminae, inferior
  articular processes, spinous process) stays with the sacrum. The exiting L5 root is caught in the
  flattened L5-S1 foramen.
- Degenerative, at L4-L5: the pars is intact and the arthritic facets let L4 slip forward whole, grade I-II;
  its inferior articular processes come forward into the lateral recess of L5, where the traversing L5 root
  runs.

Meyerding (Radiopaedia, after Meyerding 1932): slip % = the offset of the upper body's posterior cortex from
the lower's over the lower body's AP length; grade I 0-25 %, II 26-50 %, III 51-75 %, IV 76-100 %; sources
draw the boundaries one percent apart (Lasanianos 2015: I 1-24 %, ...). Content:
annotations/clinical/spondylolisthesis.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from l5viz.anatomy.ids import exiting_root, traversing_root
from l5viz.anatomy.parts import PEDICLE_LENGTH
from l5viz.pathology.engine import Lesion
from l5viz.pathology.kinds import LesionKind, register
from l5viz.pathology.specs import SIDES, Field, LesionSpec
from l5viz.translatable import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from l5viz.pathology.engine import PathologyEngine, Step

LEVELS_TEXT = ("L4-L5", "L5-S1")
TYPES = (QT_TRANSLATE_NOOP("Choice", "isthmic"), QT_TRANSLATE_NOOP("Choice", "degenerative"))
# Degenerative slips rarely exceed 30 % (Weinstein 2007): this model shows them to grade II.
DEGENERATIVE_MAX_GRADE = 2.0
# The loose posterior arch of an isthmic slip: what stays with the sacrum behind the pars defect.
LOOSE_ARCH = ("lamina", "inferior_articular_process", "spinous_process", "pars_interarticularis")
# Modelling choice: the slipped segment also sinks this much per grade at the back of the disc, as the disc
# loses height under a slip; it makes the foraminal narrowing of an isthmic slip vertical as well as
# front-to-back (reference section 7 lists spondylolisthesis among the causes of foraminal stenosis).
SINK_MM_PER_GRADE = 1.5
MEYERDING_NAMES = ("none", "I", "II", "III", "IV", "V")  # by grade number, for reports and captions


@dataclass(frozen=True)
class Spondylolisthesis(LesionSpec):
    level: str
    type: str
    grade: float  # Meyerding, 0-4; fractions let a slider move between grades (see slip_percent)

    FIELDS = (
        Field("level", QT_TRANSLATE_NOOP("Field", "Level"), LEVELS_TEXT),
        Field("type", QT_TRANSLATE_NOOP("Field", "Type"), TYPES),
        Field("grade", QT_TRANSLATE_NOOP("Field", "Grade (Meyerding)"), low=0.0, high=4.0,
              highs=(("type", "degenerative", DEGENERATIVE_MAX_GRADE),),
              hint=QT_TRANSLATE_NOOP("Field", "Grade 1 is a 12.5 % slip, 2 is 37.5 %, 3 is 62.5 %, 4 is 87.5 %: the "
                                              "middle of each grade; a degenerative slip goes to 2 (they rarely pass "
                                              "30 %)")),
    )
    EXAMPLE = "L5-S1:isthmic:2"


def slip_percent(grade: float) -> float:
    """The slip a grade stands for: each whole grade at the middle of its Meyerding band (1 -> 12.5 %,
    2 -> 37.5 %), so no grade sits on a boundary the sources draw differently; 0 to 0.5 is no slip.
    Modelling choice."""
    return max(0.0, 25.0 * grade - 12.5)


def meyerding(percent: float) -> int:
    """Meyerding's grade (0 for no slip) of a slip in %, with Radiopaedia's boundaries (I up to 25 %)."""
    return 0 if percent <= 0.0 else min(5, int(np.ceil(percent / 25.0)))


def lower_body_depth(engine: "PathologyEngine", level_id: str) -> float:
    """The lower vertebral body's AP length (Meyerding's B): L5's endplate, or for S1 the L5-S1 disc's depth,
    which spans the S1 endplate."""
    lower = level_id.split("_")[1]
    return engine.verts[lower].endplate_depth if lower in engine.verts else engine.geometry.discs[level_id].depth


def slip_motion(engine: "PathologyEngine", spec: Spondylolisthesis) -> tuple[np.ndarray, np.ndarray]:
    """Forward (and, with the disc's lost height, down) along the lower disc's frame: a translation."""
    axes = engine.disc_frame(spec.level_id).axes
    forward = slip_percent(spec.grade) / 100.0 * lower_body_depth(engine, spec.level_id)
    return np.eye(3), forward * axes[1] - SINK_MM_PER_GRADE * spec.grade * axes[2]


def loose_arch(engine: "PathologyEngine", spec: Spondylolisthesis, step: "Step") -> dict:
    """Per structure, 0-1 per vertex of what stays behind (shown and dense): the posterior arch of the slipped
    vertebra and its facet joints with the bone below, for an isthmic slip; nothing for a degenerative one."""
    if spec.type != "isthmic":
        return {}
    name = spec.level_id.split("_")[0]
    bone = f"vertebra_{name}"
    stays = {}
    if bone in step.pts:
        shown = engine.vertebra_part_mask(bone, step.pts[bone], LOOSE_ARCH, "shown").astype(float)
        dense = step.dense.base.get(bone)
        stays[bone] = (shown, shown if dense is None else
                       engine.vertebra_part_mask(bone, dense, LOOSE_ARCH, "dense").astype(float))
    for sid in (f"facet_{part}_{spec.level_id}_{side}" for part in ("capsule", "cartilage") for side in SIDES):
        if sid in step.pts:  # the joints between the loose arch and the bone below stay whole
            stays[sid] = (np.ones(len(step.pts[sid])), np.ones(len(step.dense.base.get(sid, step.pts[sid]))))
    return stays


def pars_fibrocartilage(engine: "PathologyEngine", spec: Spondylolisthesis, trans: np.ndarray) -> list[Lesion]:
    """The fibrocartilage that fills a pars defect as the body tries to heal it, bulging forward under the
    slipped pedicle onto the exiting root in the upper foramen (Spine Secrets; SpineUniverse).

    It reaches from behind the pedicle, where the defect is, forward into the foramen by up to 3.5 mm with the
    slip, and moves with the slipped pedicle (the root, wrapped under the pedicle, moves with it too); its
    place below the pedicle and its sizes in mm are modelling choices.
    """
    upper = engine.verts[spec.level_id.split("_")[0]]
    f = upper.frame
    t = min(slip_percent(spec.grade), 50.0) / 50.0
    if t <= 0.0:
        return []
    back = upper.posterior_wall_y - PEDICLE_LENGTH - 2.0
    front = upper.posterior_wall_y - 4.5 + 3.5 * t
    y, half = 0.5 * (front + back), 0.5 * (front - back)
    return [Lesion(f"pars_fibrocartilage_{spec.level_id}_{side}", "ligament",
                   f.to_world([sign * upper.pedicle_centre_x(), y, upper.pedicle_bottom - 4.0]) + trans, f.axes,
                   np.array([2.0 + 1.5 * t, half, 2.0 + 2.0 * t]), f.axes[1], term="pars_fibrocartilage")
            for side, sign in (("left", -1.0), ("right", 1.0))]


def split_obstacles(engine: "PathologyEngine", spec: Spondylolisthesis, step: "Step", motion) -> None:
    """Bone that holds a root near each foramen of an isthmic slip: the slipped body and pedicles (moved), the
    arch left behind and the bone below (both where they were)."""
    name = spec.level_id.split("_")[0]
    bone = f"vertebra_{name}"
    surface = engine.surfaces.get(bone)
    if surface is None:
        return
    arch = engine.vertebra_part_mask(bone, surface.points, LOOSE_ARCH, "surface")
    _, lower_bone = engine.upper_lower(spec.level_id)
    still = (np.eye(3), np.zeros(3))
    for side in SIDES:
        centre = engine.landmarks[f"foramen_{spec.level_id}_{side}"]
        for field, placed in ((engine.bone_field(bone, centre, "slipped", ~arch), motion),
                              (engine.bone_field(bone, centre, "arch", arch), still),
                              (engine.bone_field(lower_bone, centre), still)):
            if field is not None:
                step.bone_obstacles.append((field, *placed, centre))


def torn(triangles: np.ndarray, stays: np.ndarray) -> np.ndarray:
    """The triangles with a corner on each side of a break: drawn, they would bridge the pars defect's gap."""
    corners = stays[triangles]
    return np.flatnonzero(corners.min(axis=1) != corners.max(axis=1))


def facet_arthrosis(engine: "PathologyEngine", spec: Spondylolisthesis, trans: np.ndarray) -> list[Lesion]:
    """A degenerative slip's arthritic facets: an osteophyte on each inferior articular process of the slipped
    vertebra, moved with it (sizes in mm grow with the grade; modelling choice)."""
    upper = engine.verts[spec.level_id.split("_")[0]]
    f = upper.frame
    t = min(spec.grade, DEGENERATIVE_MAX_GRADE) / DEGENERATIVE_MAX_GRADE
    x = 0.5 * upper.interpedicular_distance - 0.5
    y = upper.posterior_wall_y - 8.5
    z = -0.5 * upper.height_posterior - 2.0
    return [Lesion(f"facet_arthrosis_{spec.level_id}_{side}", "bone", f.to_world([sign * x, y, z]) + trans, f.axes,
                   np.array([2.5 + 1.5 * t, 2.5 + 1.5 * t, 4.0 + 1.5 * t]), f.axes[1], term="osteophyte")
            for side, sign in (("left", -1.0), ("right", 1.0))]


def slip_figures(engine: "PathologyEngine", spec: Spondylolisthesis, trans: np.ndarray) -> dict:
    """The slip as Meyerding measures it: the forward offset of the upper body's posterior-inferior corner
    from the lower's posterior-superior corner (both on the disc's posterior edge at baseline), in mm and in %
    of the lower body's AP length."""
    mm = float(trans @ engine.disc_frame(spec.level_id).axes[1])
    percent = 100.0 * mm / lower_body_depth(engine, spec.level_id)
    return {"slip_mm": round(mm, 1), "slip_percent": round(percent, 1), "meyerding": meyerding(round(percent, 1)),
            "type": spec.type}


class SpondylolisthesisKind(LesionKind):
    def deform(self, engine: "PathologyEngine", specs: list[Spondylolisthesis], step: "Step") -> None:
        for spec in sorted(specs, key=lambda s: s.level_id, reverse=True):  # lowest disc first
            rot, trans = slip_motion(engine, spec)
            stays = loose_arch(engine, spec, step)
            bone = f"vertebra_{spec.level_id.split('_')[0]}"
            unmoved = step.pts.get(bone)
            engine.move_above(step, spec.level_id, rot, trans, keep=stays)
            if bone in stays and bone in engine.shown_triangles and slip_percent(spec.grade) > 0.0:
                step.hidden[bone] = engine.memo_for(("torn", bone), unmoved,
                                                    lambda: torn(engine.shown_triangles[bone], stays[bone][0]))
            step.measures.setdefault("slip", {})[spec.level_id] = slip_figures(engine, spec, trans)
            motion = step.upper_motion[spec.level_id]
            step.touched |= {(spec.level_id, side) for side in SIDES}
            if spec.type == "isthmic":
                split_obstacles(engine, spec, step, motion)
                step.lesions += pars_fibrocartilage(engine, spec, trans)
            else:
                for side in SIDES:
                    engine.add_bone_obstacles(step, spec.level_id, side, motion)
                step.lesions += facet_arthrosis(engine, spec, trans)
                for side in SIDES:
                    engine.add_bone_obstacles(step, spec.level_id, side, motion, engine.lateral_recess(spec.level_id, side)[1])

    def reasons(self, spec: Spondylolisthesis, root: str, side: str, content: dict | None,
                measures: dict | None = None) -> list[dict]:
        grade_number = min(meyerding(slip_percent(spec.grade)), 4)  # the content has grades I-IV
        if not content or root not in self.expected_roots(spec, content) or grade_number == 0:
            return []
        entry = content["types"][spec.type]
        grade = content["meyerding"][grade_number - 1]
        return [{"kind": self.name, "overlay": spec.to_text(), "text": f"{entry['text']} {grade['text']}",
                 "lay": entry["lay"], "sources": sorted(set(entry["sources"]) | set(grade["sources"]))}]

    def expected_roots(self, spec: Spondylolisthesis, content: dict | None) -> tuple[str, ...]:
        return ((exiting_root if spec.type == "isthmic" else traversing_root)(spec.level_id),)

    def best_view(self, spec: Spondylolisthesis) -> str:
        return "left"  # a slip is read from the side (Meyerding measured it on the lateral radiograph)

    def named_parts(self, spec: Spondylolisthesis) -> tuple[tuple[str, str, str | None], ...]:
        """An isthmic slip's pars defects, where the arch is left behind (the degenerative slip's pars is whole)."""
        if spec.type != "isthmic":
            return ()
        bone = f"vertebra_{spec.level_id.split('_')[0]}"
        return tuple((bone, "pars_interarticularis", side) for side in SIDES)


register(SpondylolisthesisKind("spondylolisthesis", QT_TRANSLATE_NOOP("LesionKind", "Spondylolisthesis"),
                               Spondylolisthesis, stage=0,
                               default="L5-S1:isthmic:2", help="e.g. L5-S1:isthmic:2 or L4-L5:degenerative:1 "
                               "(Meyerding grade 0-4; degenerative to 2)", rank=2))
