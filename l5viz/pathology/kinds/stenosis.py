"""Stenosis of the lateral canal, by kind:

- foraminal, graded 0-3 after Lee 2010, from the causes Lee names: disc height loss, a posterolateral
  osteophyte in front, superior articular process hypertrophy and ligamentum flavum thickening behind; it
  catches the exiting root;
- lateral recess, graded 0-3 after Bartynski & Lin 2003: superior articular process hypertrophy and a thick
  ligamentum flavum narrow the recess from behind onto the traversing root, which the back of the disc and
  body hold in front. Its depth is measured as Steurer 2011 measures the recess's height (the front of the
  superior articular process to the back of the body).

A continuous grade between grades lets a slider move smoothly. Content: annotations/clinical/stenosis.json
(Lee's grades, the causes, Hasegawa 1995's critical dimensions, Bartynski & Lin's grades).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from l5viz.anatomy.geometry import SIDES as SIDE_SIGN
from l5viz.anatomy.ids import exiting_root, traversing_root
from l5viz.pathology.engine import Lesion, ellipsoid_surface, rotation_about
from l5viz.pathology.kinds import LesionKind, register
from l5viz.pathology.specs import SIDES, Field, LesionSpec

if TYPE_CHECKING:
    from l5viz.content.documents import Problem
    from l5viz.pathology.engine import PathologyEngine, Step

LEVELS_TEXT = ("L4-L5", "L5-S1")
KINDS = ("foraminal", "lateral-recess")
LEE_GRADES = (0, 1, 2, 3)
RECESS_EXPONENT = 1.5  # slower than linear: a small recess (1) before the root is compressed (2); modelling choice
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
        Field("kind", "Kind", KINDS, default="foraminal", narrows=(("level", "L5-S1", ("foraminal",)),),
              hint="Lateral recess: at L4-L5, where it catches the traversing L5"),
        Field("side", "Side", SIDES),
        Field("grade", "Grade (0-3)", low=0.0, high=3.0,
              hint="Foraminal: Lee 2010 grades; lateral recess: Bartynski & Lin 2003 grades"),
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


def wall_y(engine: "PathologyEngine", level_id: str) -> float:
    """The back of the body below the disc at the recess, in the disc's frame (local y): the disc's back."""
    return float(engine.geometry.discs[level_id].posterior_y)


def recess_growths(engine: "PathologyEngine", s: Stenosis) -> list[Lesion]:
    """Superior articular process hypertrophy (bone) and ligamentum flavum thickening (ligament) growing forward
    into the recess from behind the traversing root, grown with the grade; places and sizes in mm are modelling
    choices sized so the grades match Bartynski & Lin's wording on this spine."""
    t = float(np.clip(s.grade / 3.0, 0.0, 1.0)) ** RECESS_EXPONENT
    if t <= 0:
        return []
    frame, centre = engine.lateral_recess(s.level_id, s.side)
    side = SIDE_SIGN[s.side]
    axes = frame.axes
    x, y, z = frame.to_local(centre[None, :])[0]
    tag = f"{s.level_id}_{s.side}"
    # Each growth's front starts 1 mm behind the root's back (radius about 2 mm) and reaches 6.5 mm forward.
    sap_half = 1.5 + 2.5 * t
    sap = frame.to_world([x + side * 2.5, y - 3.0 - sap_half + 6.5 * t, z])
    flavum_half = 1.0 + 2.0 * t
    flavum = frame.to_world([x - side * 2.0, y - 3.5 - flavum_half + 3.0 * t, z + 3.0])
    return [Lesion(f"recess_facet_hypertrophy_{tag}", "bone", sap, axes, np.array([3.0 + 1.0 * t, sap_half, 4.5]),
                   axes[1]),
            Lesion(f"recess_ligamentum_flavum_{tag}", "ligament", flavum, axes, np.array([3.0, flavum_half, 4.0]),
                   axes[1])]


def recess_depth(engine: "PathologyEngine", level_id: str, side: str, lesions: list[Lesion]) -> dict:
    """The recess's front-to-back depth where the traversing root runs: from the back of the body to the front of
    what bounds it behind (the superior articular process, or a growth in front of it), within 2 mm of the
    root's line (Steurer 2011 calls it the recess height; under 3 mm supports stenosis, Talekar 2017; on CT no
    patient with more than 5 mm was symptomatic, Dincer 1991. The 3 and 5 mm thresholds usually credited to
    Ciric 1980 could not be checked against that paper)."""
    frame, centre = engine.lateral_recess(level_id, side)
    x, y, z = frame.to_local(centre[None, :])[0]
    front = wall_y(engine, level_id)

    def back_of(points: np.ndarray, short_of: float) -> list[float]:
        """The front-most of the points within 2 mm of the root's line and behind `short_of` (local y)."""
        local = frame.to_local(points)
        local = local[(np.abs(local[:, 0] - x) < 2.0) & (np.abs(local[:, 2] - z) < 2.0) & (local[:, 1] < short_of)]
        return [float(local[:, 1].max())] if len(local) else []

    def bone_backs() -> list[float]:  # the bone behind the root's line: the superior articular process, the lamina
        upper, lower = engine.upper_lower(level_id)
        return [b for bone in (f"vertebra_{upper.name}", lower) for b in back_of(engine.surfaces[bone].points, y)]

    backs = engine.memo(("recess_bone", level_id, side), bone_backs)  # the bone stays put: found once
    backs = backs + [b for les in lesions  # a growth wherever it reaches, short of the body
                     if les.lesion_id.endswith(f"{level_id}_{side}") and les.kind in ("bone", "ligament")
                     for b in back_of(ellipsoid_surface(les), front)]
    return {"depth_mm": round(max(front - max(backs), 0.0), 1) if backs else None}


def check_grades(data: dict, where: str) -> list["Problem"]:
    """Lee 2010 and Bartynski & Lin 2003 each have grades 0, 1, 2 and 3: listed once each, in order (a spec's
    grade picks its entry by position)."""
    from l5viz.content.documents import Problem  # (the content package reads the kinds' lists)

    return [Problem(where, f"$.{key}: grades {[g['grade'] for g in data[key]]}; list each of "
                           f"{', '.join(map(str, LEE_GRADES))} once, in order")
            for key in ("lee_grades", "recess_grades") if [g["grade"] for g in data[key]] != list(LEE_GRADES)]


class StenosisKind(LesionKind):
    def deform(self, engine: "PathologyEngine", specs: list[Stenosis], step: "Step") -> None:
        for s in (s for s in specs if s.kind == "lateral-recess"):
            _, centre = engine.lateral_recess(s.level_id, s.side)
            step.lesions += recess_growths(engine, s)
            engine.add_bone_obstacles(step, s.level_id, s.side, (np.eye(3), np.zeros(3)), centre=centre)
            step.measures.setdefault("lateral_recess", {}).update(
                {f"{s.level_id}_{side}": recess_depth(engine, s.level_id, side, step.lesions) for side in SIDES})
        for s in sorted((s for s in specs if s.kind == "foraminal"), key=lambda st: st.level_id, reverse=True):
            rot, trans = segment_tilt(engine, s)
            engine.move_above(step, s.level_id, rot, trans)
            step.lesions += growths(engine, s, rot, trans)
            engine.add_bone_obstacles(step, s.level_id, s.side, (rot, trans))
            step.touched |= {(s.level_id, side) for side in SIDES}  # the segment above tilts: both change

    def reasons(self, spec: Stenosis, root: str, side: str, content: dict | None) -> list[dict]:
        if not content or side != spec.side or root not in self.expected_roots(spec, content):
            return []
        if spec.kind == "lateral-recess":
            grade = content["recess_grades"][min(3, int(round(spec.grade)))]
            return [{"kind": self.name, "overlay": spec.to_text(), "grade": grade, "sources": grade["sources"],
                     "lay": grade["lay"],
                     "text": f"Lateral recess grade {grade['grade']} ({grade['name']}): {grade['definition']}"}]
        grade = content["lee_grades"][min(3, int(round(spec.grade)))]
        return [{"kind": self.name, "overlay": spec.to_text(), "grade": grade, "sources": grade["sources"],
                 "lay": grade["lay"],
                 "text": f"Lee grade {grade['grade']} ({grade['name']}): {grade['definition']}"}]

    def check_content(self, data: dict, where: str) -> list["Problem"]:
        return check_grades(data, where)

    def expected_roots(self, spec: Stenosis, content: dict | None) -> tuple[str, ...] | None:
        return ((traversing_root if spec.kind == "lateral-recess" else exiting_root)(spec.level_id),)

    def best_view(self, spec: Stenosis) -> str:
        if spec.kind == "lateral-recess":
            return f"axial-{spec.level}"  # the recess is read on axial slices
        # Foraminal stenosis is graded on sagittal slices (Lee 2010).
        return f"sagittal-{spec.level}-{spec.side}" if spec.level == "L5-S1" else spec.side


register(StenosisKind("stenosis", "Stenosis (foraminal, lateral recess)", Stenosis, stage=0,
                      default="L5-S1:foraminal:left:2", rank=1,
                      help="e.g. L5-S1:foraminal:left:2 (Lee grade 0-3; L5-S1:left:2 still means foraminal) or "
                           "L4-L5:lateral-recess:right:2 (Bartynski & Lin grade 0-3)"))
