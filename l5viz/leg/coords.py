"""Anatomical coordinates of skin points, the vocabulary the dermatome rules in annotations/ are written in.

Every point is first folded onto the right side (x -> |x|, normals likewise), so one rule set serves both
legs and the labels are mirror-symmetric. Coordinates:
- segment: pelvis (above the hip joint centres), thigh, leg (knee joint line to 8 mm below the ankle joint
  centre), foot, toe;
- height: 0 at the top of the segment, 1 at its bottom (pelvis: 0 at the hip centres, 1 at the top cut);
- angle: degrees around the limb axis, 0 anterior, 90 lateral, 180 posterior, 270 medial;
- along: 0 at the back of the heel, 1 at the tip of the great toe (foot and toes);
- ray: 1 over the first metatarsal and great toe ... 5 over the fifth and little toe, continuous between
  and beyond;
- surface: dorsum, sole, medial_edge, lateral_edge, heel_back (from the outward normal; foot and toes);
- elevation: mm above the sole plane;
- toe: 1-5 on a toe, 0 elsewhere.
"""

from __future__ import annotations

import numpy as np

from l5viz.leg.params import LegParams
from l5viz.leg.shape import TOP_Z, TOES, fold_to_right, foot_layout, limb_profile, right_side_parts

SEGMENTS = ("pelvis", "thigh", "leg", "foot", "toe")
SURFACES = ("dorsum", "sole", "medial_edge", "lateral_edge", "heel_back")
FOOT_BELOW_ANKLE = 8.0  # mm below the ankle joint centre where the foot segment starts


def limb_angle(points: np.ndarray, p: LegParams) -> np.ndarray:
    """Angle (deg, 0-360) around the limb centre line at each point's height; right-side points."""
    centre = limb_profile(p).at(points[:, 2])
    lateral = points[:, 0] - centre[:, 0]
    anterior = points[:, 1] - centre[:, 1]
    return np.degrees(np.arctan2(lateral, anterior)) % 360.0


def ray_position(points: np.ndarray, p: LegParams) -> np.ndarray:
    """Continuous metatarsal-ray coordinate (1 = great-toe ray ... 5 = little-toe ray) at each point's y."""
    foot = foot_layout(p)
    xs = np.column_stack([np.interp(points[:, 1], [foot.ray_base[i, 1], foot.ray_head[i, 1], foot.toe_tip[i, 1]],
                                    [foot.ray_base[i, 0], foot.ray_head[i, 0], foot.toe_tip[i, 0]])
                          for i in range(5)])
    x = points[:, 0]
    k = np.clip((xs < x[:, None]).sum(axis=1) - 1, 0, 3)  # segment between ray k and k+1 (extrapolate at ends)
    rows = np.arange(len(x))
    x0, x1 = xs[rows, k], xs[rows, k + 1]
    return 1.0 + k + (x - x0) / (x1 - x0)


def foot_surface(normals: np.ndarray, along: np.ndarray) -> np.ndarray:
    """Which face of the foot a skin point is on, from its outward normal (right-side frame)."""
    out = np.full(len(normals), SURFACES.index("dorsum"), np.int8)
    nx, ny, nz = normals.T
    out[nx > 0.45] = SURFACES.index("lateral_edge")
    out[nx < -0.45] = SURFACES.index("medial_edge")
    out[(ny < -0.5) & (along < 0.3)] = SURFACES.index("heel_back")
    out[nz < -0.5] = SURFACES.index("sole")
    return out


def anatomical_coordinates(points: np.ndarray, normals: np.ndarray, p: LegParams | None = None,
                           ) -> dict[str, np.ndarray]:
    """Coordinates of every point (see the module docstring); 'side' is 1 for right (x > 0), else 0."""
    p = p or LegParams()
    q = fold_to_right(points)
    n = np.array(normals, float, copy=True)
    n[:, 0] *= np.where(points[:, 0] < 0, -1.0, 1.0)
    foot = foot_layout(p)
    parts = right_side_parts(p)
    z = q[:, 2]
    toe_distance = np.column_stack([parts[f"toe_{i}"](q) for i in TOES])
    nearest_toe = toe_distance.argmin(axis=1)
    rows = np.arange(len(q))
    on_toe = ((toe_distance[rows, nearest_toe] < parts["foot"](q))
              & (q[:, 1] > foot.ray_head[nearest_toe, 1] + 0.5 * foot.toe_radius[nearest_toe]))
    segment = np.select(
        [on_toe, z < p.ankle_z - FOOT_BELOW_ANKLE, z <= p.knee_z, z <= 0.0],
        [SEGMENTS.index("toe"), SEGMENTS.index("foot"), SEGMENTS.index("leg"), SEGMENTS.index("thigh")],
        default=SEGMENTS.index("pelvis")).astype(np.int8)
    height = np.select(
        [segment == SEGMENTS.index("pelvis"), segment == SEGMENTS.index("thigh"),
         segment == SEGMENTS.index("leg")],
        [z / TOP_Z, -z / p.thigh_length, (p.knee_z - z) / p.leg_length], default=np.nan)
    along = (q[:, 1] - foot.heel_back_y) / p.foot_length
    return {
        "side": (points[:, 0] > 0).astype(np.int8),  # the median plane counts as left, as in side_of_vertex
        "segment": segment,
        "height": height,
        "angle": limb_angle(q, p),
        "along": along,
        "ray": ray_position(q, p),
        "surface": foot_surface(n, along),
        "elevation": z - p.floor_z,
        "toe": np.where(on_toe, nearest_toe + 1, 0).astype(np.int8),
    }
