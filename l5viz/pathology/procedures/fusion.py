"""Instrumented fusion with an interbody cage (TLIF, reference section 2.4): pedicle screws in the vertebrae
above and below the disc, the disc cleared, a cage in the disc space, then the rods tightened, reducing a slip.

Each screw is planned as on a CT: through its pedicle's narrowest part (lumbar) or from the inferior border of
the S1 superior articular process (S1), at the source's medial angle, the angle then adjusted a few degrees
where the model's pedicle needs it, so its thread stays inside the bone from SEATED_MM past its entry to its
point (tested). Its tip stops short of the front of the body. The decompression (the storyboard's laminectomy
and inferior facetectomy) takes out what the slip's lesions press on the roots (the pars defect's
fibrocartilage, the arthritic facets' osteophytes), both sides, though the bone it removes is not cut; the
slip is reduced by half when the rods are tightened.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from l5viz.anatomy.geometry import SIDES
from l5viz.anatomy.parts import PEDICLE_LENGTH
from l5viz.pathology.engine import Implant
from l5viz.pathology.kinds.spondylolisthesis import Spondylolisthesis, slip_percent
from l5viz.pathology.procedures import ProcedureType, bone_part_points, moved, register, remove_lesions
from l5viz.translatable import QT_TRANSLATE_NOOP

# Medial angle of the screw to the sagittal plane: about 5 degrees per lumbar level (Dickman 1992: L4 20, L5 25);
# about 30 degrees at S1 (AO Surgery Reference). Other sources give about 30 at L5 (reference section 2.4).
MEDIAL_ANGLE_DEG = {"L4": 20.0, "L5": 25.0, "S1": 30.0}
ANGLE_SEARCH_DEG = np.arange(-10.0, 10.1, 2.5)  # how far the plan may turn from the source's angle, each way
TILT_SEARCH_DEG = np.arange(-10.0, 20.1, 5.0)  # and up or down from the endplate's plane
SCREW_WIDTH_SHARE = 0.7  # a screw's diameter as a share of its pedicle's width, 5 to 7.5 mm; modelling choice
SCREW_DIAMETER_MM = (5.0, 7.5)
S1_SCREW_DIAMETER_MM = 6.5  # modelling choice
TIP_SHORT_MM = 3.0  # the tip stops this far short of the front cortex (unicortical); modelling choice
HEAD_PROUD_MM = 8.0  # the head stands this far behind the entry point; modelling choice
MAX_SCREW_MM = 50.0
MIN_SCREW_MM = 30.0
SEATED_MM = 5.0  # the thread is wholly in bone this far past the entry (the cortex slopes there); modelling choice
WALL_MARGIN_MM = 1.0  # bone the plan keeps round the thread where the pedicle allows
ROD_RADIUS_MM = 2.75  # a 5.5 mm rod; modelling choice
CAGE_HALF_MM = (13.0, 5.0)  # half its length across the disc and its depth front to back; modelling choice
CAGE_CLEAR_MM = 0.3  # between the cage and each endplate
CAGE_BEHIND_FRONT_MM = 6.0  # its front lies this far behind the disc's: the anterior annulus stays; modelling choice
REDUCTION_KEPT = 0.5  # the share of the slip left after reduction; how far a slip is reduced varies (modelling choice)


def reduced_grade(grade: float) -> float:
    """The Meyerding grade (the model's continuous scale) whose slip is REDUCTION_KEPT of this one's."""
    percent = REDUCTION_KEPT * slip_percent(grade)
    return grade if percent <= 0.0 else (percent + 12.5) / 25.0


def gap_along(distance, start: np.ndarray, direction: np.ndarray, limit: float = 15.0, step: float = 0.25) -> float:
    """How far from `start` along `direction` until the bone begins (`limit` if it does not)."""
    t = np.arange(0.0, limit, step)
    inside = distance(start + t[:, None] * direction) < 0.0
    return float(t[np.argmax(inside)] if inside.any() else limit)


def cage(engine, level_id: str, motion: tuple[np.ndarray, np.ndarray]) -> Implant:
    """A cage across the front of the disc space, behind the anterior annulus (the reference's anterior third is
    an estimate there), between the endplates where the vertebra above now is (`motion`): as tall as the space
    is, less CAGE_CLEAR_MM each side."""
    disc = engine.geometry.discs[level_id]
    upper_bone = f"vertebra_{level_id.split('_')[0]}"
    lower_bone = "sacrum" if level_id.endswith("S1") else f"vertebra_{level_id.split('_')[1]}"
    rot, trans = motion
    above = engine.surface_distance(upper_bone)
    lower = engine.surface_distance(lower_bone)
    up = disc.frame.axes[2]
    y = disc.posterior_y + disc.depth - CAGE_BEHIND_FRONT_MM - CAGE_HALF_MM[1]
    ends = [disc.frame.to_world([x, y, 0.0]) for x in (-CAGE_HALF_MM[0], CAGE_HALF_MM[0])]
    ends = [end + 0.5 * (rot @ end + trans - end) for end in ends]  # (the disc's mid-plane moves half as far)
    spans = []
    for point in np.linspace(ends[0], ends[1], 7):
        top = gap_along(lambda p: above((p - trans) @ rot), point, up)
        bottom = gap_along(lower, point, -up)
        spans.append((top, bottom))
    top, bottom = np.min(spans, axis=0)
    shift = 0.5 * (top - bottom) * up  # centred between the endplates
    half = max(0.5 * (top + bottom) - CAGE_CLEAR_MM, 1.0)
    return Implant(f"cage_{level_id}", "cage", ends[0] + shift, ends[1] + shift, (CAGE_HALF_MM[1], half),
                   across=disc.frame.axes[1])


def march(distance, start: np.ndarray, direction: np.ndarray, limit: float, step: float = 0.5) -> float:
    """How far from `start` along `direction` the bone goes on (the distance is negative inside it)."""
    t = np.arange(0.0, limit, step)
    inside = distance(start + t[:, None] * direction) < 0.0
    return float(t[np.argmin(inside)] if not inside.all() else limit)


def thread(entry: np.ndarray, tip: np.ndarray, radius: float) -> Implant:
    """The part of a screw that must lie in bone: from SEATED_MM past its entry to where its point tapers, one
    radius short of its tip (the model draws the screw as a plain cylinder)."""
    along = (tip - entry) / np.linalg.norm(tip - entry)
    return Implant("thread", "screw", entry + SEATED_MM * along, tip - radius * along, (radius, radius))


def plan_screw(engine, bone: str, through: np.ndarray, frame_axes: np.ndarray, sign: float, angle_deg: float,
               radius: float, from_entry: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(head, entry, tip) of a screw through `through` (its pedicle's centre, or its entry point when
    `from_entry`), at `angle_deg` medial of straight forward, turned and tilted as little as the bone needs
    so its thread stays inside it (by WALL_MARGIN_MM where it can)."""
    distance = engine.surface_distance(bone)
    best, best_score = None, -np.inf
    for turn in ANGLE_SEARCH_DEG:
        for tilt in TILT_SEARCH_DEG:
            a, b = np.radians(angle_deg + turn), np.radians(tilt)
            d = (-sign * np.sin(a) * frame_axes[0] + np.cos(a) * frame_axes[1]) * np.cos(b) + np.sin(b) * frame_axes[2]
            ahead = march(distance, through, d, MAX_SCREW_MM + 20.0)
            behind = 0.0 if from_entry else march(distance, through, -d, 30.0)
            entry, tip = through - behind * d, through + (ahead - TIP_SHORT_MM) * d
            if np.linalg.norm(tip - entry) < MIN_SCREW_MM:
                continue
            depth = float(-distance(thread(entry, tip, radius).surface_points(spacing=1.0, around=12)).max())
            score = min(depth, WALL_MARGIN_MM) - 0.02 * (abs(turn) + abs(tilt))
            if score > best_score:
                best, best_score = (entry - HEAD_PROUD_MM * d, entry, tip), score
    return best


def lumbar_screw(engine, name: str, side: str) -> tuple[tuple[np.ndarray, ...], float]:
    v = engine.verts[name]
    sign = SIDES[side]
    radius = 0.5 * float(np.clip(SCREW_WIDTH_SHARE * v.pedicle_width, *SCREW_DIAMETER_MM))
    isthmus = v.frame.to_world([sign * v.pedicle_x, v.posterior_wall_y - 0.5 * PEDICLE_LENGTH, v.pedicle_z])
    return plan_screw(engine, f"vertebra_{name}", isthmus, v.frame.axes, sign, MEDIAL_ANGLE_DEG[name], radius,
                      from_entry=False), radius


def sacral_screw(engine, side: str) -> tuple[tuple[np.ndarray, ...], float]:
    """From the inferior border of the S1 superior articular process (AO Surgery Reference), 1 mm inside it."""
    frame = engine.geometry.s1_endplate
    sap = frame.to_local(bone_part_points(engine, "sacrum", "superior_articular_process", side))
    low = sap[sap[:, 2] <= np.percentile(sap[:, 2], 10)].mean(axis=0)
    entry = frame.to_world(low) + frame.axes[1] * 1.0
    radius = 0.5 * S1_SCREW_DIAMETER_MM
    return plan_screw(engine, "sacrum", entry, frame.axes, SIDES[side], MEDIAL_ANGLE_DEG["S1"], radius,
                      from_entry=True), radius


class Fusion(ProcedureType):
    name = QT_TRANSLATE_NOOP("Choice", "fusion")
    sided = False
    opens_foramina = True
    stages = ("screws", "discectomy", "cage", "reduction_rods")
    view = "posterior"

    def revise(self, proc, done, specs):
        if done < 4:
            return specs
        return [dataclasses.replace(s, grade=reduced_grade(s.grade))
                if isinstance(s, Spondylolisthesis) and s.level == proc.level else s for s in specs]

    def screws(self, engine, level_id: str) -> dict[tuple[str, str], tuple[tuple[np.ndarray, ...], float]]:
        """(bone name, side) -> ((head, entry, tip), radius) at baseline, planned once."""
        def plan():
            upper, lower = level_id.split("_")
            return {(name, side): (sacral_screw(engine, side) if name == "S1" else lumbar_screw(engine, name, side))
                    for name in (upper, lower) for side in SIDES}
        return engine.memo(("screws", level_id), plan)

    def operate(self, engine, proc, done, step) -> None:
        level = proc.level_id
        upper = level.split("_")[0]
        motion = step.upper_motion[level]  # the vertebra above, where the slip (reduced or not) put it
        heads = {}
        if done >= 1:
            for (name, side), ((head, entry, tip), radius) in self.screws(engine, level).items():
                placed = motion if name == upper else (np.eye(3), np.zeros(3))
                head, tip = moved(head, placed), moved(tip, placed)
                heads[(name, side)] = head
                step.implants.append(Implant(f"screw_{name}_{side}", "screw", head, tip, (radius, radius)))
        if done >= 2:  # the decompression (laminectomy and facetectomy) takes the growths on the roots with it
            step.removed.add(f"nucleus_{level}")
            remove_lesions(step, f"pars_fibrocartilage_{level}", f"facet_arthrosis_{level}")
        if done >= 3:
            place = (level, *np.round(np.concatenate([motion[0].ravel(), motion[1]]), 3))  # (a step of a slider
            step.implants.append(engine.memo(("cage", *place), lambda: cage(engine, level, motion)))  # replays it)
        if done >= 4:
            lower = level.split("_")[1]
            for side in SIDES:
                step.implants.append(Implant(f"rod_{level}_{side}", "rod", heads[(upper, side)],
                                             heads[(lower, side)], (ROD_RADIUS_MM, ROD_RADIUS_MM)))


register(Fusion())
