"""Transforaminal epidural steroid injection (reference section 2.5): a needle from the skin, in the ipsilateral
oblique, to the subpedicular ("safe") triangle under the pedicle of the vertebra above and above the exiting
root; contrast then spreads round the root sleeve into the epidural space.

The needle is planned on the model: its tip just under the pedicle and inside its lateral margin, where it
clears the root and its ganglion by the most of the points a path reaches; its path the one nearest the usual
oblique that touches no bone and keeps clear of every root, ganglion and the sac (tested). Sources place the
tip differently (reference section 5): Medscape just under the pedicle, superior and ventral to the ganglion;
pijn.com the dorsal-cranial quadrant of the foramen. The plan is made once, on the healthy anatomy; the tests
check its clearance in every scene that shows it, the lesions' moves included.
"""

from __future__ import annotations

import numpy as np

from l5viz.anatomy.geometry import SIDES
from l5viz.anatomy.ids import exiting_root
from l5viz.pathology.engine import NEURAL_PREFIXES, Implant
from l5viz.pathology.procedures import ProcedureType, register
from l5viz.translatable import QT_TRANSLATE_NOOP

NEEDLE_RADIUS_MM = 0.5  # drawn 1 mm wide; modelling choice
HUB_MM = (20.0, 4.0)  # the needle's plastic hub at its outer end: length and half width; modelling choice
# A 3.5-inch spinal needle: the skin lies 68-80 mm from the tip on this body; modelling choice.
NEEDLE_LENGTH_MM = 89.0
TIP_CLEARANCE_MM = 1.5  # at least this between the needle and any neural tissue; modelling choice
BONE_CLEARANCE_MM = 0.5
UNDER_PEDICLE_MM = (0.5, 3.0)  # the tip lies this far below the pedicle's bone: "just under" it
OBLIQUE_DEG = 25.0  # the ipsilateral oblique the path is planned nearest (pijn.com's view); modelling choice
OBLIQUE_SEARCH_DEG = np.arange(10.0, 50.1, 5.0)
TILT_SEARCH_DEG = np.arange(-20.0, 20.1, 5.0)
MAX_TIPS_TRIED = 60  # (each tried with every path: the plan stays under a second or so)
CONTRAST_EXTRA_MM = 1.5  # how far the contrast spreads beyond the root's surface; modelling choice
CONTRAST_REACH_MM = (6.0, 12.0)  # along the root: beyond the ganglion, and back toward the sac; modelling choice


def neural_points(engine) -> np.ndarray:
    return engine.memo(("neural points",), lambda: np.vstack([
        np.asarray(s.points, float) for sid, s in engine.surfaces.items() if sid.startswith(NEURAL_PREFIXES)]))


def clearance(engine, points: np.ndarray) -> np.ndarray:
    """Distance (mm) from each point to the nearest vertex of any root, ganglion or the sac."""
    from scipy.spatial import cKDTree

    tree = engine.memo(("neural tree",), lambda: cKDTree(neural_points(engine)))
    return tree.query(points)[0]


def bone_clear(engine, points: np.ndarray, bones: tuple[str, ...]) -> np.ndarray:
    return np.min([engine.surface_distance(b)(points) for b in bones], axis=0)


def tip_candidates(engine, level_id: str, side: str) -> np.ndarray:
    """Points just under the upper pedicle (UNDER_PEDICLE_MM below its bone) and inside the line of its lateral
    margin (Medscape's triangle), above the exiting root; those that clear the root and ganglion most first."""
    edges = engine.root_edges(level_id, side)
    upper = engine.verts[level_id.split("_")[0]]
    outward = edges["across"] * np.sign(edges["across"] @ upper.frame.axes[0] * SIDES[side])
    a, b, c = np.meshgrid(np.arange(0.5, 8.01, 0.5), np.arange(-5.0, 5.01, 1.0), np.arange(-4.0, 12.01, 1.0),
                          indexing="ij")
    points = (edges["above"] + a.reshape(-1, 1) * edges["up"] + b.reshape(-1, 1) * edges["forward"]
              + c.reshape(-1, 1) * outward)
    under = engine.surface_distance(f"vertebra_{upper.name}")(points)
    inside_margin = np.abs(upper.frame.to_local(points)[:, 0]) <= upper.pedicle_x + 0.5 * upper.pedicle_width
    points = points[(under >= UNDER_PEDICLE_MM[0]) & (under <= UNDER_PEDICLE_MM[1]) & inside_margin]
    return points[np.argsort(-clearance(engine, points))]


def needle_path(engine, level_id: str, side: str, tip: np.ndarray) -> np.ndarray | None:
    """The unit direction from the tip back toward the skin: nearest OBLIQUE_DEG from straight back, turned
    out to the side, that clears bone and neural tissue all the way."""
    upper = engine.verts[level_id.split("_")[0]]
    axes, sign = upper.frame.axes, SIDES[side]
    bones = tuple(b for b in ("vertebra_L4", "vertebra_L5", "sacrum", "hip_bone_left", "hip_bone_right")
                  if b in engine.surfaces)
    t = np.arange(1.0, NEEDLE_LENGTH_MM, 1.0)
    best, best_cost = None, np.inf
    for oblique in OBLIQUE_SEARCH_DEG:
        for tilt in TILT_SEARCH_DEG:
            o, b = np.radians(oblique), np.radians(tilt)
            out = (-np.cos(o) * axes[1] + sign * np.sin(o) * axes[0]) * np.cos(b) + np.sin(b) * axes[2]
            cost = abs(oblique - OBLIQUE_DEG) + abs(tilt)
            if cost >= best_cost:
                continue
            line = tip + t[:, None] * out
            if (clearance(engine, line).min() > TIP_CLEARANCE_MM + NEEDLE_RADIUS_MM
                    and bone_clear(engine, line, bones).min() > BONE_CLEARANCE_MM + NEEDLE_RADIUS_MM):
                best, best_cost = out, cost
    return best


def contrast(engine, level_id: str, side: str) -> Implant:
    """Contrast round the root sleeve: along the exiting root from beyond its ganglion back toward the sac."""
    path = engine.paths[f"root_{exiting_root(level_id)}_{side}"]
    arc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(path.points, axis=0), axis=1))])
    at = arc[path.ganglion_index]
    outer = path.points[np.searchsorted(arc, at + CONTRAST_REACH_MM[0])]
    inner = path.points[np.searchsorted(arc, max(at - CONTRAST_REACH_MM[1], 0.0))]
    radius = float(path.radii[path.ganglion_index]) + CONTRAST_EXTRA_MM
    return Implant(f"contrast_{level_id}_{side}", "contrast", inner, outer, (radius, radius))


class TransforaminalInjection(ProcedureType):
    name = QT_TRANSLATE_NOOP("Choice", "tfesi")
    stages = ("needle", "contrast")
    view = "foramen"

    def needle(self, engine, level_id: str, side: str) -> Implant | None:
        """The needle, planned once (None where no clear path was found)."""
        def plan():  # the tip that clears the root most, of those a clear path reaches
            for tip in tip_candidates(engine, level_id, side)[:MAX_TIPS_TRIED]:
                out = needle_path(engine, level_id, side, tip)
                if out is not None:
                    return Implant(f"needle_{level_id}_{side}", "needle", tip + NEEDLE_LENGTH_MM * out, tip,
                                   (NEEDLE_RADIUS_MM, NEEDLE_RADIUS_MM))
            return None
        return engine.memo(("needle", level_id, side), plan)

    def operate(self, engine, proc, done, step) -> None:
        if done >= 1:
            needle = self.needle(engine, proc.level_id, proc.side)
            if needle is not None:
                out = (needle.start - needle.end) / np.linalg.norm(needle.start - needle.end)
                step.implants += [needle, Implant(f"hub_{proc.level_id}_{proc.side}", "hub", needle.start,
                                                  needle.start + HUB_MM[0] * out, (HUB_MM[1], HUB_MM[1]))]
        if done >= 2:
            step.implants.append(contrast(engine, proc.level_id, proc.side))


register(TransforaminalInjection())
