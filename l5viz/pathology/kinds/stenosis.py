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
from l5viz.pathology.engine import COMPRESSED_PERCENT, Lesion, ellipsoid_surface, rotation_about
from l5viz.pathology.kinds import LesionKind, register
from l5viz.pathology.specs import SIDES, Field, LesionSpec
from l5viz.translatable import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from l5viz.content.documents import Problem
    from l5viz.pathology.engine import PathologyEngine, Step

LEVELS_TEXT = ("L4-L5", "L5-S1")
KINDS = (QT_TRANSLATE_NOOP("Choice", "foraminal"), QT_TRANSLATE_NOOP("Choice", "lateral-recess"),
         QT_TRANSLATE_NOOP("Choice", "central"))
SIDED_KINDS = ("foraminal", "lateral-recess")  # a central stenosis narrows the canal across both sides
SCHIZAS_GRADES = ("A", "B", "C", "D")  # Schizas 2010, from the rootlets and CSF in the sac on axial T2
LEE_GRADES = (0, 1, 2, 3)
CAUSE_SCALE = QT_TRANSLATE_NOOP("Field", "Graded 0-3 on its own, it grows more than the grade does where it is higher "
                                         "(foraminal: 1 half the fat in its direction gone, 2 all of it, 3 pressing "
                                         "into the root; lateral recess and central canal: on their own grades' "
                                         "scale, central 0-3 for A-D).")
RECESS_EXPONENT = 1.5  # slower than linear: a small recess (1) before the root is compressed (2); modelling choice
DENT_MM = 1.5  # how far each growth presses into the root at grade 3; modelling choice
GROWTH_HALF_MM = (5.0, 3.0, 4.5)  # a foraminal growth's half sizes: across the foramen, toward the root, along
# the root's edge; modelling choice
ROOT_HELD_MM = 8.0  # the exiting root stays put within this of its place in the foramen (root_stays); modelling choice


@dataclass(frozen=True)
class Stenosis(LesionSpec):
    level: str
    side: str | None = None  # foraminal and lateral recess
    grade: float | None = None  # 0-3 (Lee 2010, Bartynski & Lin 2003); fractions let a slider move between grades
    kind: str = "foraminal"
    schizas_grade: str | None = None  # central: A-D (Schizas 2010)
    # Each cause graded on its own, where it grows more than the grade does (foraminal: the four Lee 2010 names,
    # cause_closing; lateral recess: the facet and the ligamentum flavum, recess_growths; central: the bulge, the
    # facets and the ligamenta flava, central_growths).
    height_loss: float = 0.0
    osteophyte: float = 0.0
    facet: float = 0.0
    flavum: float = 0.0

    FIELDS = (
        Field("level", QT_TRANSLATE_NOOP("Field", "Level"), LEVELS_TEXT),
        Field("kind", QT_TRANSLATE_NOOP("Field", "Kind"), KINDS, default="foraminal",
              narrows=(("level", "L5-S1", ("foraminal",)),),
              hint=QT_TRANSLATE_NOOP("Field", "Lateral recess and central canal: at L4-L5, where they catch the "
                                              "traversing L5")),
        Field("side", QT_TRANSLATE_NOOP("Field", "Side"), SIDES, when=(("kind", SIDED_KINDS),)),
        Field("grade", QT_TRANSLATE_NOOP("Field", "Grade (0-3)"), low=0.0, high=3.0, when=(("kind", SIDED_KINDS),),
              hint=QT_TRANSLATE_NOOP("Field", "Foraminal: Lee 2010 grades, all its causes together; lateral recess: "
                                              "Bartynski & Lin 2003 grades")),
        Field("schizas_grade", QT_TRANSLATE_NOOP("Field", "Schizas grade"), SCHIZAS_GRADES,
              when=(("kind", ("central",)),),
              hint=QT_TRANSLATE_NOOP("Field", "Central canal: Schizas 2010 grades A (CSF round the rootlets) to D (no "
                                              "CSF, no fat behind)")),
        # A cause's hint: what it is, then (a paragraph of its own, translated on its own) the scale all share.
        *(Field(name, label, low=0.0, high=3.0, default=0.0, when=(("kind", kinds),), written=False,
                hint=f"{hint}\n{CAUSE_SCALE}")
          for name, label, kinds, hint in (
              ("height_loss", QT_TRANSLATE_NOOP("Field", "Disc height loss"), ("foraminal",),
               QT_TRANSLATE_NOOP("Field", "The pedicle above comes down as the disc loses height.")),
              ("osteophyte", QT_TRANSLATE_NOOP("Field", "Bulge or osteophyte"), ("foraminal", "central"),
               QT_TRANSLATE_NOOP("Field", "A posterolateral osteophyte in front and the disc bulging below (central: "
                                          "the broad annular bulge in front).")),
              ("facet", QT_TRANSLATE_NOOP("Field", "Facet hypertrophy"), KINDS,
               QT_TRANSLATE_NOOP("Field", "The superior articular process grown forward behind the root (central: "
                                          "into both recesses).")),
              ("flavum", QT_TRANSLATE_NOOP("Field", "Ligamentum flavum"), KINDS,
               QT_TRANSLATE_NOOP("Field", "The ligamentum flavum thickened behind the root (central: behind the sac, "
                                          "on both sides).")))),
    )
    EXAMPLE = "L5-S1:foraminal:left:2"
    SYNTAX = "LEVEL:KIND:SIDE:GRADE[:CAUSES] or LEVEL:central:A-D[:CAUSES]"  # the causes: see the kind's help

    @classmethod
    def normalise(cls, parts: list[str]) -> list[str]:
        """The older LEVEL:SIDE:GRADE (L5-S1:left:2) means a foraminal stenosis."""
        return [parts[0], "foraminal", *parts[1:]] if len(parts) == 3 and parts[1] not in KINDS else parts

    @classmethod
    def legacy_patterns(cls) -> list[str]:
        level, side, grade = (next(f for f in cls.FIELDS if f.name == n).pattern() for n in ("level", "side", "grade"))
        return [f"{level}:{side}:{grade}"]


# The causes of a foraminal stenosis Lee 2010 names, each the growth that closes the fat round the exiting root in
# its direction: the pedicle above comes down as the disc loses height; a posterolateral osteophyte in front
# and the disc bulging below; superior articular process hypertrophy and ligamentum flavum thickening behind.
CAUSE_OF = {"pedicle": "height_loss", "osteophyte": "osteophyte", "disc_bulge": "osteophyte", "facet_hypertrophy": "facet",
            "ligamentum_flavum": "flavum"}
EDGE_OF = {"pedicle": "above", "osteophyte": "front", "disc_bulge": "below", "facet_hypertrophy": "behind",
           "ligamentum_flavum": "behind"}


def closing(grade: float) -> dict[str, float]:
    """How far the fat round the exiting root has closed (0-1) in each of Lee 2010's directions at a grade, and
    how far (0-1) the root is then deformed.

    Lee: grade 1, the fat gone in two opposing directions; grade 2, in all four, the root not deformed; grade 3,
    the root collapsed or deformed. Modelling choice: the transverse pair (in front: an osteophyte; behind: the
    superior articular process and the ligamentum flavum) closes first, by grade 1; the vertical pair (above:
    the pedicle coming down as the disc loses height; below: the disc bulging up) by grade 2; beyond, both
    press into the root.
    """
    transverse, vertical = float(np.clip(grade, 0.0, 1.0)), float(np.clip(grade - 1.0, 0.0, 1.0))
    return {"front": transverse, "behind": transverse, "above": vertical, "below": vertical,
            "deform": float(np.clip(grade - 2.0, 0.0, 1.0))}


def cause_closing(s: Stenosis) -> dict[str, tuple[float, float]]:
    """Each growth's (closing 0-1 of the fat in its direction, deformation 0-1 of the root), from the Lee grade
    (`closing`) or its own cause's grade, whichever grows it more. A cause's grade: 1 closes half its fat,
    2 all of it, 3 presses DENT_MM into the root; modelling choice."""
    by_grade = closing(s.grade)
    out = {}
    for growth, cause in CAUSE_OF.items():
        own = getattr(s, cause)
        out[growth] = (max(by_grade[EDGE_OF[growth]], float(np.clip(own / 2.0, 0.0, 1.0))),
                       max(by_grade["deform"], float(np.clip(own - 2.0, 0.0, 1.0))))
    return out


def disc_height_loss(engine: "PathologyEngine", s: Stenosis) -> float:
    """How far the pedicle above comes down at the stenotic foramen (mm): when the disc's height loss is full,
    onto the root's top (the fat above gone), at its worst DENT_MM into it, as each growth presses in."""
    above = engine.root_edges(s.level_id, s.side)["fat_mm"]["above"]
    close, deform = cause_closing(s)["pedicle"]
    return above * close + DENT_MM * deform


def segment_tilt(engine: "PathologyEngine", s: Stenosis) -> tuple[np.ndarray, np.ndarray]:
    """Rigid motion (R, t) of the segment above the disc: it tilts down onto the stenotic side about the
    other side's foramen, so the stenotic foramen loses `disc_height_loss` of height."""
    side = SIDE_SIGN[s.side]
    f = engine.disc_frame(s.level_id)
    drop = disc_height_loss(engine, s)
    x_foramen = engine.verts[s.level_id.split("_")[0]].pedicle_centre_x()
    angle = np.arctan2(drop, 2.0 * x_foramen) * side  # positive about +y lowers +x (the right side)
    rot = rotation_about(f.axes[1], angle)
    pivot = f.to_world([-side * x_foramen, 0.0, 0.0])  # the other side's foramen, at the disc's mid-plane
    return rot, pivot - rot @ pivot


def root_stays(engine: "PathologyEngine", s: Stenosis) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """How much of the exiting root and its ganglion stays where it is as the segment above comes down (0-1
    per vertex, shown and dense): all of it within ROOT_HELD_MM of its place in the foramen, none beyond twice
    that. The root is held by its sleeve and the foraminal ligaments (modelling choice), so the pedicle comes
    down onto it rather than carrying it down."""
    centre = engine.root_edges(s.level_id, s.side)["centre"]

    def weights(points: np.ndarray) -> np.ndarray:
        return np.clip(2.0 - np.linalg.norm(points - centre, axis=1) / ROOT_HELD_MM, 0.0, 1.0)

    def find():
        root = exiting_root(s.level_id)
        return {sid: (weights(engine.baseline[sid]), weights(engine.measure_baseline.get(sid, engine.baseline[sid])))
                for sid in (f"root_{root}_{s.side}", f"drg_{root}_{s.side}")}

    return engine.memo(("root stays", s.level_id, s.side), find)


def growths(engine: "PathologyEngine", s: Stenosis) -> list[Lesion]:
    """The causes Lee 2010 names that narrow the foramen round the exiting root: an osteophyte in front,
    superior articular process hypertrophy and ligamentum flavum thickening behind, the disc bulging below.
    Each is placed by the root's own edges in the healthy foramen's section (Engine.root_edges): its surface
    closes the fat in its direction as `cause_closing` says, then presses DENT_MM into the root. Sizes are
    modelling choices."""
    grown = cause_closing(s)
    edges = engine.root_edges(s.level_id, s.side)
    up, forward, across = edges["up"], edges["forward"], edges["across"]
    tag = f"{s.level_id}_{s.side}"
    # (name, its term, kind, direction from the root, in-plane extent axis, a shift along it)
    causes = (("osteophyte", "osteophyte", "bone", forward, up, 0.0),
              ("facet_hypertrophy", "facet_hypertrophy", "bone", -forward, up, 1.0),
              ("ligamentum_flavum", "thick_flavum", "ligament", -forward, up, -2.5),
              ("disc_bulge", "bulge", "annulus", -up, forward, 0.0))
    lesions = []
    for name, term, kind, direction, extent, shift in causes:
        close, deform = grown[name]
        if close <= 0.0:
            continue
        edge = EDGE_OF[name]
        gap = edges["fat_mm"][edge] * (1.0 - close) - DENT_MM * deform
        # The growth rises from a fixed base (as deep as the full-size growth reaches behind the root's edge)
        # toward the root: a partly closed one is the base part of the full one, never a full-size body standing
        # off in the fat, which could reach a neighbouring root (the traversing L5 beside the L4-5 foramen). Once
        # its fat is closed (Lee's whole grades) it is the full-size growth, pressing in as far as before.
        depth = 2.0 * GROWTH_HALF_MM[1] - edges["fat_mm"][edge] * (1.0 - close)  # full size once the fat is closed
        if depth <= 0.0:
            continue
        surface = edges[edge] + direction * gap + extent * shift
        axes = np.vstack([across, direction, np.cross(across, direction)])
        across_share = depth / (2.0 * GROWTH_HALF_MM[1])  # narrower as it is shallower
        half = np.array([GROWTH_HALF_MM[0] * across_share, depth / 2.0, GROWTH_HALF_MM[2] * across_share])
        lesions.append(Lesion(f"{name}_{tag}", kind, surface + direction * half[1], axes, half, -direction,
                              term=term))
    return lesions


def wall_y(engine: "PathologyEngine", level_id: str) -> float:
    """The back of the body below the disc at the recess, in the disc's frame (local y): the disc's back."""
    return float(engine.geometry.discs[level_id].posterior_y)


def recess_growths(engine: "PathologyEngine", s: Stenosis) -> list[Lesion]:
    """Superior articular process hypertrophy (bone) and ligamentum flavum thickening (ligament) growing forward
    into the recess from behind the traversing root, each grown with the grade or its own cause's grade (on the
    same scale), whichever is higher; places and sizes in mm are modelling choices sized so the grades match
    Bartynski & Lin's wording on this spine."""
    def grown(cause_grade: float) -> float:  # how far a cause has grown (0-1), by the grade or its own grade
        return float(np.clip(max(s.grade, cause_grade) / 3.0, 0.0, 1.0)) ** RECESS_EXPONENT

    t, t_flavum = grown(s.facet), grown(s.flavum)
    if t <= 0 and t_flavum <= 0:
        return []
    frame, centre = engine.lateral_recess(s.level_id, s.side)
    side = SIDE_SIGN[s.side]
    axes = frame.axes
    x, y, z = frame.to_local(centre[None, :])[0]
    tag = f"{s.level_id}_{s.side}"
    # Each growth's front starts 1 mm behind the root's back (radius about 2 mm) and reaches 6.5 mm forward.
    sap_half = 1.5 + 2.5 * t
    sap = frame.to_world([x + side * 2.5, y - 3.0 - sap_half + 6.5 * t, z])
    flavum_half = 1.0 + 2.0 * t_flavum
    flavum = frame.to_world([x - side * 2.0, y - 3.5 - flavum_half + 3.0 * t_flavum, z + 3.0])
    return [lesion for lesion, amount in (
        (Lesion(f"recess_facet_hypertrophy_{tag}", "bone", sap, axes, np.array([3.0 + 1.0 * t, sap_half, 4.5]),
                axes[1], term="facet_hypertrophy"), t),
        (Lesion(f"recess_ligamentum_flavum_{tag}", "ligament", flavum, axes, np.array([3.0, flavum_half, 4.0]),
                axes[1], term="thick_flavum"), t_flavum)) if amount > 0]


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


# How far each cause of a central stenosis has grown at each Schizas grade, in mm: the annulus's bulge behind
# the disc, the superior articular processes' medial overgrowth, and the ligamentum flavum's thickening forward
# and toward the midline. Modelling choices, sized so the sac at L4-L5 reads each grade by its area and the fat
# behind it (schizas_read): only at D do the two ligaments meet behind the sac, leaving no fat there.
CENTRAL_GROWTH_MM = {"A": (0.0, 0.0, 0.0, 0.0), "B": (4.0, 2.0, 5.0, 0.0), "C": (4.5, 3.0, 7.0, 0.0),
                     "D": (4.5, 3.5, 7.0, 4.0)}
FLAVUM_X_MM = 6.5  # each thickened ligamentum flavum is centred this far from the midline; modelling choice
# The dural sac's area below which the model reads a grade of B, then C. Hamanishi 1994: an area under 100 mm^2
# at two of three levels went with claudication; 75 mm^2 is the "absolute" stenosis usually credited to
# Schonstrom 1985 (not checked); Lim 2017 found 111 mm^2 the best cut-off at L4-L5. Schizas 2010 grades by
# the rootlets and CSF, not by area, and found area over- or under-called stenosis in 47 of 95 patients: the
# model has no rootlets, so its reading is a stand-in, labelled as such.
SAC_AREA_B_MM2 = 100.0
SAC_AREA_C_MM2 = 75.0
FAT_GONE_MM = 0.3  # fat thinner than this reads as gone (Lee's directions, Schizas D); about one pixel of the
# 0.25 mm section grid; modelling choice
# A recess shallower than this reads as small (Bartynski & Lin 1). The sources differ: Talekar 2017 gives under
# 3 mm as supporting stenosis, and on CT no patient with more than 5 mm was symptomatic (Dincer 1991); the model
# takes the 5 mm, as a small recess need not yet be stenotic; modelling choice.
RECESS_SMALL_MM = 5.0
DEFORMED_PERCENT = 20.0  # a root flattened by this share of its diameter reads as deformed (Lee 3); modelling choice


def canal_anchors(engine: "PathologyEngine", level_id: str) -> dict:
    """Where the healthy sac lies in the disc's mid-plane (disc frame): its front and back on the midline, its
    back FLAVUM_X_MM to either side, and its half width, found once."""
    def find():
        frame = engine.disc_frame(level_id)
        sac = frame.to_local(engine.surfaces["thecal_sac"].points)
        near = sac[np.abs(sac[:, 2]) < 1.5]
        middle = near[np.abs(near[:, 0]) < 3.0]
        beside = near[np.abs(np.abs(near[:, 0]) - FLAVUM_X_MM) < 1.5]
        return {"front": float(middle[:, 1].max()), "back": float(middle[:, 1].min()),
                "back_beside": float(beside[:, 1].min()), "half_width": float(np.abs(near[:, 0]).max())}

    return engine.memo(("canal", level_id), find)


def central_growths(engine: "PathologyEngine", s: Stenosis) -> list[Lesion]:
    """The causes of a central canal stenosis, grown together with its grade: a broad bulge of the annulus in
    front (Fardon 2014: beyond the ring apophyses over more than 25 % of the circumference), the ligamentum
    flavum thickened behind on both sides, and the superior articular processes overgrown medially into the
    lateral recesses. Each grows with the Schizas grade, or with its own cause's grade where that is higher.
    Places and sizes in mm are modelling choices (CENTRAL_GROWTH_MM)."""
    rows = np.array([CENTRAL_GROWTH_MM[g] for g in SCHIZAS_GRADES])  # A-D at 0-3
    by_grade = rows[SCHIZAS_GRADES.index(s.schizas_grade)]
    # A cause graded on its own grows as far as the letters' rows say at that grade (0-3 for A-D), flavum and its
    # reach toward the midline together.
    by_cause = [np.interp(grade, range(4), rows[:, k]) for grade, k in ((s.osteophyte, 0), (s.facet, 1),
                                                                         (s.flavum, 2), (s.flavum, 3))]
    bulge, facet, flavum, toward_midline = np.maximum(by_grade, by_cause)
    if not any((bulge, facet, flavum, toward_midline)):
        return []
    frame = engine.disc_frame(s.level_id)
    axes = frame.axes
    canal = canal_anchors(engine, s.level_id)
    front, back, half = canal["front"], canal["back"], canal["half_width"]
    tag = s.level_id
    lesions = []
    if bulge:
        lesions.append(Lesion(f"central_bulge_{tag}", "annulus", frame.to_world([0.0, front + 0.5, -0.5]), axes,
                              np.array([half + 6.0, 1.0 + bulge, 4.5]), -axes[1], term="bulge",
                              drawn_by=f"disc_{tag}"))
    for side_name, side in SIDE_SIGN.items():  # each ligament's front reaches `flavum` mm into the sac's back,
        # pushing the sac's back wall ahead of it (Lesion.sweep)
        if flavum or toward_midline:
            depth = 1.5 + 0.5 * flavum
            lesions.append(Lesion(f"central_ligamentum_flavum_{tag}_{side_name}", "ligament",
                                  frame.to_world([side * FLAVUM_X_MM, canal["back_beside"] + flavum - depth, 1.5]),
                                  axes, np.array([3.5 + toward_midline, depth, 6.0]), axes[1], sweep=flavum,
                                  term="thick_flavum"))
        if facet:  # (below the disc's mid-plane, at the process's tip: the exiting root's ganglion lies above it)
            lesions.append(Lesion(f"central_facet_hypertrophy_{tag}_{side_name}", "bone",
                                  frame.to_world([side * (half + 6.5), 0.5 * (front + back), -3.0]), axes,
                                  np.array([2.0 + facet, 3.5, 4.0]), -side * axes[0], term="facet_hypertrophy"))
    return lesions


def posterior_fat_mm(engine: "PathologyEngine", level_id: str, sac: np.ndarray, lesions: list[Lesion]) -> float:
    """The epidural fat left behind the sac on the midline in the disc's mid-plane: how far straight back from
    the sac the ligamentum flavum, a growth of it, or the laminae begin (Schizas D: none left)."""
    frame = engine.disc_frame(level_id)
    local = frame.to_local(sac)
    middle = local[(np.abs(local[:, 2]) < 1.5) & (np.abs(local[:, 0]) < 3.0)]
    back = middle[np.argmin(middle[:, 1])]
    steps = np.arange(0.0, 15.0, 0.1)
    ray = frame.to_world(back[None, :] - np.outer(steps, [0.0, 1.0, 0.0]))
    upper, lower = engine.upper_lower(level_id)
    solid = [f"ligamentum_flavum_{level_id}_{side}" for side in SIDES] + [f"vertebra_{upper.name}", lower]
    blocked = np.any([engine.bone_distance(sid, ray) < 0.0 for sid in solid]
                     + [les.contains(ray) for les in lesions if les.kind == "ligament" and level_id in les.lesion_id],
                     axis=0)
    return round(float(steps[np.argmax(blocked)]) if blocked.any() else float(steps[-1]), 1)


def lee_read(fat_mm: dict | None, compression_percent: float) -> int:
    """The Lee 2010 grade the model reads off a foramen's section: 3 where the root is deformed (flattened by
    DEFORMED_PERCENT of its diameter or more, or squeezed out of any free space), 2 where the fat is gone in all
    four directions, 1 in two opposing ones, else 0. FAT_GONE_MM and DEFORMED_PERCENT are modelling choices."""
    if fat_mm is None or compression_percent >= DEFORMED_PERCENT:
        return 3
    gone = {d for d, mm in fat_mm.items() if mm <= FAT_GONE_MM}
    if len(gone) == 4:
        return 2
    return 1 if {"above", "below"} <= gone or {"front", "behind"} <= gone else 0


def recess_read(depth_mm: float | None, compression_percent: float) -> int:
    """The Bartynski & Lin 2003 grade the model reads off its recess: 3 where no space is left (FAT_GONE_MM),
    2 where the traversing root is compressed (COMPRESSED_PERCENT), 1 where the recess is small (under
    RECESS_SMALL_MM), else 0."""
    if depth_mm is not None and depth_mm <= FAT_GONE_MM:
        return 3
    if compression_percent >= COMPRESSED_PERCENT:
        return 2
    return 1 if depth_mm is not None and depth_mm < RECESS_SMALL_MM else 0


def schizas_read(area_mm2: float, fat_mm: float) -> str:
    """The Schizas grade the model reads from its sac: by area (SAC_AREA_B_MM2, SAC_AREA_C_MM2), and D where no
    fat is left behind a C sac. The model's stand-in for the rootlet/CSF reading (see SAC_AREA_B_MM2)."""
    if area_mm2 >= SAC_AREA_B_MM2:
        return "A"
    if area_mm2 >= SAC_AREA_C_MM2:
        return "B"
    return "D" if fat_mm <= FAT_GONE_MM else "C"


def grade_read(measures: dict | None, measure: str, key: str, grade: str):
    """The grade the model read off its geometry (PathologyResult.measures), or None where it read none."""
    return (measures or {}).get(measure, {}).get(key, {}).get(grade)


def check_grades(data: dict, where: str) -> list["Problem"]:
    """Lee 2010 and Bartynski & Lin 2003 each have grades 0, 1, 2 and 3, Schizas 2010 grades A to D: listed once
    each, in order (a spec's grade picks its entry by position)."""
    from l5viz.content.documents import Problem  # (the content package reads the kinds' lists)

    expected = {"lee_grades": list(LEE_GRADES), "recess_grades": list(LEE_GRADES), "schizas_grades": list(SCHIZAS_GRADES)}
    return [Problem(where, f"$.{key}: grades {[g['grade'] for g in data[key]]}; list each of "
                           f"{', '.join(map(str, grades))} once, in order")
            for key, grades in expected.items() if [g["grade"] for g in data[key]] != grades]


class StenosisKind(LesionKind):
    def deform(self, engine: "PathologyEngine", specs: list[Stenosis], step: "Step") -> None:
        for s in (s for s in specs if s.kind == "lateral-recess"):
            _, centre = engine.lateral_recess(s.level_id, s.side)
            step.lesions += recess_growths(engine, s)
            engine.add_bone_obstacles(step, s.level_id, s.side, (np.eye(3), np.zeros(3)), centre=centre)
        for s in (s for s in specs if s.kind == "central"):
            step.lesions += central_growths(engine, s)
        for s in sorted((s for s in specs if s.kind == "foraminal"), key=lambda st: st.level_id, reverse=True):
            rot, trans = segment_tilt(engine, s)
            engine.move_above(step, s.level_id, rot, trans, keep=root_stays(engine, s))
            step.lesions += growths(engine, s)
            engine.add_bone_obstacles(step, s.level_id, s.side, (rot, trans))
            step.touched |= {(s.level_id, side) for side in SIDES}  # the segment above tilts: both change

    def measure(self, engine: "PathologyEngine", specs: list[Stenosis], result, neural, measures: dict) -> None:
        """A foraminal stenosis's foramen, a lateral recess and a central stenosis's canal as the model reads
        them: the Lee grade from the fat round the root; the Bartynski & Lin grade from the recess's depth and the
        root; the fat left behind the sac and a Schizas grade."""
        for s in (s for s in specs if s.kind == "foraminal"):
            key = f"{s.level_id}_{s.side}"
            fat = result.foramina[f"foramen_{key}"]["fat_mm"]
            root = exiting_root(s.level_id)
            percent = max(result.compression[f"{part}_{root}_{s.side}"]["percent"] for part in ("root", "drg"))
            measures.setdefault("foraminal", {})[key] = {
                "fat_gone": [] if fat is None else [d for d, mm in fat.items() if mm <= FAT_GONE_MM],
                "lee_read": lee_read(fat, percent)}
        for s in (s for s in specs if s.kind == "lateral-recess"):
            recesses = measures.setdefault("lateral_recess", {})
            if f"{s.level_id}_{s.side}" not in recesses:  # (both sides of a level, once: the report lists both)
                recesses.update({f"{s.level_id}_{side}": recess_depth(engine, s.level_id, side, result.lesions)
                                 for side in SIDES})
            recess = recesses[f"{s.level_id}_{s.side}"]
            root = traversing_root(s.level_id)
            recess["recess_read"] = recess_read(recess["depth_mm"],
                                                result.compression[f"root_{root}_{s.side}"]["percent"])
        for s in (s for s in specs if s.kind == "central"):
            fat = posterior_fat_mm(engine, s.level_id, neural["thecal_sac"], result.lesions)
            area = result.canal[s.level_id]["dural_sac_area_mm2"]
            measures.setdefault("central_canal", {})[s.level_id] = {
                "dural_sac_area_mm2": area, "posterior_fat_mm": fat, "schizas_read": schizas_read(area, fat)}

    def sides(self, spec: Stenosis) -> tuple[str, ...]:
        return (spec.side,) if spec.side else SIDES

    def reasons(self, spec: Stenosis, root: str, side: str, content: dict | None,
                measures: dict | None = None) -> list[dict]:
        if not content or side not in self.sides(spec) or root not in self.expected_roots(spec, content):
            return []
        words = content["reasons"]
        causes = [words["cause"][f.name].format(grade=f"{getattr(spec, f.name):g}") for f in spec.FIELDS
                  if f.name in CAUSE_OF.values() and f.applies(spec.values()) and getattr(spec, f.name)]
        graded = " " + words["causes_graded"].format(causes=words["list_separator"].join(causes)) if causes else ""
        if spec.kind == "central":
            read = grade_read(measures, "central_canal", spec.level_id, "schizas_read")
            grade = content["schizas_grades"][SCHIZAS_GRADES.index(read or spec.schizas_grade)]
            return [{"kind": self.name, "overlay": spec.to_text(), "grade": grade, "sources": grade["sources"],
                     "lay": grade["lay"],
                     "text": words["central"].format(**grade) + graded}]
        if spec.kind == "lateral-recess":
            read = grade_read(measures, "lateral_recess", f"{spec.level_id}_{spec.side}", "recess_read")
            grade = content["recess_grades"][min(3, int(round(spec.grade))) if read is None else read]
            return [{"kind": self.name, "overlay": spec.to_text(), "grade": grade, "sources": grade["sources"],
                     "lay": grade["lay"],
                     "text": words["lateral_recess"].format(**grade) + graded}]
        read = grade_read(measures, "foraminal", f"{spec.level_id}_{spec.side}", "lee_read")
        grade = content["lee_grades"][min(3, int(round(spec.grade))) if read is None else read]
        text = words["foraminal"].format(**grade)
        if causes:
            text += f" {words['read_off_model']}{graded}"
        return [{"kind": self.name, "overlay": spec.to_text(), "grade": grade, "sources": grade["sources"],
                 "lay": grade["lay"], "text": text}]

    def check_content(self, data: dict, where: str) -> list["Problem"]:
        return check_grades(data, where)

    def expected_roots(self, spec: Stenosis, content: dict | None) -> tuple[str, ...] | None:
        if spec.kind == "central" and spec.schizas_grade == "A" and not (spec.osteophyte or spec.facet or spec.flavum):
            return ()  # grade A, no cause grown: no or minor stenosis
        return ((exiting_root if spec.kind == "foraminal" else traversing_root)(spec.level_id),)

    def best_view(self, spec: Stenosis) -> str:
        if spec.kind in ("lateral-recess", "central"):
            return f"axial-{spec.level}"  # the recess and the canal are read on axial slices
        # Foraminal stenosis is graded on sagittal slices (Lee 2010).
        return f"sagittal-{spec.level}-{spec.side}" if spec.level == "L5-S1" else spec.side


register(StenosisKind("stenosis", QT_TRANSLATE_NOOP("LesionKind", "Stenosis (foraminal, lateral recess, central "
                                                                   "canal)"), Stenosis, stage=0,
                      default="L5-S1:foraminal:left:2", rank=1,
                      help="e.g. L5-S1:foraminal:left:2 (Lee grade 0-3; L5-S1:left:2 still means foraminal), "
                           "L4-L5:lateral-recess:right:2 (Bartynski & Lin grade 0-3) or L4-L5:central:C (Schizas "
                           "A-D). CAUSES, each graded 0-3 after the grade: foraminal HEIGHT_LOSS:OSTEOPHYTE:FACET:"
                           "FLAVUM (disc height loss, bulge or osteophyte, facet hypertrophy, ligamentum flavum), "
                           "lateral recess FACET:FLAVUM, central BULGE:FACET:FLAVUM, e.g. L5-S1:foraminal:left:0:2:2; "
                           "the grade is then read off the geometry"))
