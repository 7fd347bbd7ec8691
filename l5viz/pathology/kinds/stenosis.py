"""Foraminal stenosis, graded 0-3 after Lee 2010, from the causes Lee names: disc height loss, a posterolateral
osteophyte in front, superior articular process hypertrophy and ligamentum flavum thickening behind.

A continuous grade between Lee's grades lets a slider move smoothly. Content: annotations/clinical/stenosis.json
(Lee's grades, the causes, Hasegawa 1995's critical dimensions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from l5viz.anatomy.geometry import SIDES as SIDE_SIGN
from l5viz.pathology.engine import Lesion, rotation_about
from l5viz.pathology.kinds import LesionKind, register
from l5viz.pathology.specs import SIDES, Field, LesionSpec

if TYPE_CHECKING:
    from l5viz.content.documents import Problem
    from l5viz.pathology.engine import PathologyEngine, Step

LEVELS_TEXT = ("L4-L5", "L5-S1")
KINDS = ("foraminal",)
LEE_GRADES = (0, 1, 2, 3)
EXITING_ROOT = {"L4_L5": "L4", "L5_S1": "L5"}  # the root a foraminal stenosis catches (reference section 5)
GROWTH_EXPONENT = 5.0
# mm lost at grade 3 on the stenotic side; modelling choice, sized so the L5-S1 disc (9 mm behind in this spine)
# then measures under Hasegawa 1995's 4 mm critical posterior disc height.
DISC_HEIGHT_LOSS_GRADE3 = 6.0


@dataclass(frozen=True)
class Stenosis(LesionSpec):
    level: str
    side: str
    grade: float  # 0-3 (Lee 2010); fractions let a slider move between grades
    kind: str = "foraminal"

    FIELDS = (
        Field("level", "Level", LEVELS_TEXT),
        Field("kind", "Kind", KINDS, default="foraminal"),
        Field("side", "Side", SIDES),
        Field("grade", "Grade (Lee)", low=0.0, high=3.0),
    )
    EXAMPLE = "L5-S1:foraminal:left:2"
    SYNTAX = "LEVEL:KIND:SIDE:GRADE"

    @classmethod
    def normalise(cls, parts: list[str]) -> list[str]:
        """The older LEVEL:SIDE:GRADE (L5-S1:left:2) means a foraminal stenosis."""
        return [parts[0], "foraminal", *parts[1:]] if len(parts) == 3 and parts[1] not in KINDS else parts

    @classmethod
    def legacy_patterns(cls) -> list[str]:
        level, side, grade = (next(f for f in cls.FIELDS if f.name == n).pattern() for n in ("level", "side", "grade"))
        return [f"{level}:{side}:{grade}"]


def growth(grade: float) -> float:
    """0 at grade 0, 1 at grade 3, slow at first: fat is obliterated (grades 1-2) before the root deforms (3).

    Lee 2010: grade 2 = perineural fat gone in all four directions without root deformation; grade 3 = root
    collapsed or deformed. The exponent is a modelling choice calibrated so the model matches that wording.
    """
    return float(np.clip(grade / 3.0, 0.0, 1.0)) ** GROWTH_EXPONENT


def segment_tilt(engine: "PathologyEngine", s: Stenosis) -> tuple[np.ndarray, np.ndarray]:
    """Rigid motion (R, t) of the segment above the disc: it tilts down onto the stenotic side about the
    other side's foramen, so the stenotic foramen loses `drop` of height and the other keeps its own."""
    side = SIDE_SIGN[s.side]
    f = engine.disc_frame(s.level_id)
    drop = DISC_HEIGHT_LOSS_GRADE3 * growth(s.grade)
    x_foramen = engine.verts[s.level_id.split("_")[0]].pedicle_centre_x()
    angle = np.arctan2(drop, 2.0 * x_foramen) * side  # positive about +y lowers +x (the right side)
    rot = rotation_about(f.axes[1], angle)
    pivot = f.to_world([-side * x_foramen, 0.0, 0.0])  # the other side's foramen, at the disc's mid-plane
    return rot, pivot - rot @ pivot


def growths(engine: "PathologyEngine", s: Stenosis, rot, trans) -> list[Lesion]:
    """Osteophyte (front), SAP hypertrophy and ligamentum flavum thickening (behind), grown with the grade
    (the causes Lee 2010 names). Their places and sizes in mm are modelling choices, sized so the grades
    match Lee's wording on this spine (see `growth`)."""
    t = growth(s.grade)
    if t <= 0:
        return []
    side = SIDE_SIGN[s.side]
    upper, _ = engine.upper_lower(s.level_id)
    f = upper.frame
    x = side * upper.pedicle_centre_x()
    y_pw = upper.posterior_wall_y
    bottom = -0.5 * upper.height_posterior
    axes = f.axes
    tag = f"{s.level_id}_{s.side}"
    return [
        Lesion(f"osteophyte_{tag}", "bone", rot @ f.to_world([x, y_pw + 0.5, bottom - 1.0]) + trans, axes,
               np.array([5.0, 0.5 + 4.0 * t, 2.5 + 2.5 * t]), -axes[1]),
        Lesion(f"facet_hypertrophy_{tag}", "bone", f.to_world([x + side * 1.0, y_pw - 10.5 + 1.5 * t, bottom - 1.0]),
               axes, np.array([4.5, 1.5 + 4.0 * t, 5.0 + 2.0 * t]), axes[1]),
        Lesion(f"ligamentum_flavum_{tag}", "ligament", f.to_world([x - side * 3.0, y_pw - 9.0, bottom + 3.0]),
               axes, np.array([4.0, 1.0 + 3.0 * t, 6.0]), axes[1]),
    ]


def check_lee_grades(data: dict, where: str) -> list["Problem"]:
    """Lee 2010 has grades 0, 1, 2 and 3: each must be defined once."""
    from l5viz.content.documents import Problem  # (the content package reads the kinds' lists)

    grades = [g["grade"] for g in data["lee_grades"]]
    return [Problem(where, f"$.lee_grades: grade {g} is defined {grades.count(g)} times; define it once")
            for g in LEE_GRADES if grades.count(g) != 1]


class StenosisKind(LesionKind):
    def deform(self, engine: "PathologyEngine", specs: list[Stenosis], step: "Step") -> None:
        for s in sorted(specs, key=lambda st: st.level_id, reverse=True):  # lowest disc first
            rot, trans = segment_tilt(engine, s)
            engine.move_above(step, s.level_id, rot, trans)
            step.lesions += growths(engine, s, rot, trans)
            engine.add_bone_obstacles(step, s.level_id, s.side, (rot, trans))
            step.touched |= {(s.level_id, side) for side in SIDES}  # the segment above tilts: both change

    def reasons(self, spec: Stenosis, root: str, side: str, content: dict | None) -> list[dict]:
        if not content or side != spec.side or root != EXITING_ROOT[spec.level_id]:
            return []
        grade = content["lee_grades"][min(3, int(round(spec.grade)))]
        return [{"kind": self.name, "overlay": spec.to_text(), "grade": grade, "sources": grade["sources"],
                 "lay": grade["lay"],
                 "text": f"Lee grade {grade['grade']} ({grade['name']}): {grade['definition']}"}]

    def check_content(self, data: dict, where: str) -> list["Problem"]:
        return check_lee_grades(data, where)

    def expected_roots(self, spec: Stenosis, content: dict | None) -> tuple[str, ...] | None:
        return (EXITING_ROOT[spec.level_id],)

    def best_view(self, spec: Stenosis) -> str:
        # Stenosis is graded on sagittal slices (Lee 2010).
        return f"sagittal-{spec.level}-{spec.side}" if spec.level == "L5-S1" else spec.side


register(StenosisKind("stenosis", "Foraminal stenosis", Stenosis, stage=0, default="L5-S1:foraminal:left:2",
                      help="e.g. L5-S1:foraminal:left:2 (Lee grade 0-3; L5-S1:left:2 still means foraminal)"))
