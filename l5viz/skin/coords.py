"""Anatomical coordinates of skin points: the vocabulary the dermatome rules in annotations/ are written in.

Every point is first folded onto the right side (x -> |x|, normals likewise), so one rule set serves both
sides and the labels are mirror-symmetric. Coordinates (the reference points are a SkinFrame's):
- segment: trunk (above the iliac crests), arm (beside the trunk: never mapped), pelvis (hip joint centres to
  the iliac crests: buttock, hip and lower abdomen), thigh, leg (knee joint to 8 mm below the ankle joint),
  foot, toe;
- height: 0 at the top of the segment, 1 at its bottom (pelvis: 0 at the hip joint centres, 1 at the iliac
  crests);
- angle: degrees around the segment's axis, 0 anterior, 90 lateral, 180 posterior, 270 medial (limb: the
  limb's cross-section centre; pelvis: the vertical through the hip joint centre; trunk: the midline);
- level: the spinal level at the point's height (1.0 at L1's body, 1.5 at the L1-L2 disc, ... 5.5 at L5-S1),
  read BAND_DROP higher at the trunk's sides than in the midline, so a band of constant level runs down and
  out from the spine as the bands of the back do;
- along: 0 at the back of the heel, 1 at the tip of the longest toe (foot and toes);
- ray: 1 over the first metatarsal and great toe ... 5 over the fifth and little toe, continuous between
  and beyond;
- surface: dorsum, sole, medial_edge, lateral_edge, heel_back (from the outward normal; foot and toes);
- elevation: mm above the sole plane;
- toe: 1-5 on a toe, 0 elsewhere.
"""

from __future__ import annotations

import numpy as np

from l5viz.skin.frame import SkinFrame

SEGMENTS = ("trunk", "arm", "pelvis", "thigh", "leg", "foot", "toe")
SURFACES = ("dorsum", "sole", "medial_edge", "lateral_edge", "heel_back")
FOOT_BELOW_ANKLE = 8.0  # mm below the ankle joint centre where the foot segment starts
WEB_SHARE = 0.5  # a toe's own skin starts this share of the way from its MTP joint to its next joint, where the
# web between the toes ends; modelling choice
ARM_MARGIN = 3.0  # mm beyond the trunk's outline at which skin counts as the arm's; modelling choice
BAND_DROP = 50.0  # mm a band of the back descends from the midline to the trunk's side; modelling choice (the
# bands of Keegan and Garrett 1948 run obliquely down and out from the spine; their slope is not measured here)


def fold_to_right(points: np.ndarray) -> np.ndarray:
    """Left-side points mirrored onto the right side (x -> |x|): the body is symmetric."""
    out = np.array(points, float, copy=True)
    out[:, 0] = np.abs(out[:, 0])
    return out


def angle_around(points: np.ndarray, centre_xy: np.ndarray) -> np.ndarray:
    """Angle (deg, 0-360) of right-side points around centres: 0 anterior, 90 lateral, 180 posterior."""
    lateral = points[:, 0] - centre_xy[:, 0]
    anterior = points[:, 1] - centre_xy[:, 1]
    return np.degrees(np.arctan2(lateral, anterior)) % 360.0


def ray_position(points: np.ndarray, frame: SkinFrame) -> np.ndarray:
    """Continuous metatarsal-ray coordinate (1 = great-toe ray ... 5 = little-toe ray): each ray runs straight
    back from its MTP joint and on through its toe's joints to the tip."""
    xs = np.column_stack([np.interp(points[:, 1], [frame.mtp[i, 1], frame.pip[i, 1], frame.tip[i, 1]],
                                    [frame.mtp[i, 0], frame.pip[i, 0], frame.tip[i, 0]]) for i in range(5)])
    x = points[:, 0]
    k = np.clip((xs < x[:, None]).sum(axis=1) - 1, 0, 3)  # segment between ray k and k+1 (extrapolate at ends)
    rows = np.arange(len(x))
    x0, x1 = xs[rows, k], xs[rows, k + 1]
    return 1.0 + k + (x - x0) / (x1 - x0)


def foot_surface(normals: np.ndarray, along: np.ndarray) -> np.ndarray:
    """Which face of the foot a skin point is on, from its outward normal (right-side frame)."""
    out = np.full(len(normals), SURFACES.index("dorsum"), np.int8)
    nx, ny, nz = normals.T
    facing_up = nz > 0.5  # the dome of the dorsum faces up more than sideways
    out[(nx > 0.45) & ~facing_up] = SURFACES.index("lateral_edge")
    out[(nx < -0.45) & ~facing_up] = SURFACES.index("medial_edge")
    out[(ny < -0.5) & (along < 0.3)] = SURFACES.index("heel_back")
    out[nz < -0.5] = SURFACES.index("sole")
    return out


def distance_to_polyline(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    """Distance of each point to a polyline (its segments' nearest points)."""
    best = np.full(len(points), np.inf)
    for a, b in zip(line[:-1], line[1:]):
        t = np.clip((points - a) @ (b - a) / max(float((b - a) @ (b - a)), 1e-12), 0.0, 1.0)
        best = np.minimum(best, np.linalg.norm(points - (a + t[:, None] * (b - a)), axis=1))
    return best


def toe_of(points: np.ndarray, frame: SkinFrame, in_foot: np.ndarray) -> np.ndarray:
    """1-5 for foot points on a toe (past the web, nearest that toe's joints), else 0."""
    out = np.zeros(len(points), np.int8)
    foot = points[in_foot]
    if not len(foot):
        return out
    distance = np.column_stack([distance_to_polyline(foot, np.vstack([frame.mtp[i], frame.pip[i], frame.tip[i]]))
                                for i in range(5)])
    nearest = distance.argmin(axis=1)
    web_y = frame.mtp[:, 1] + WEB_SHARE * (frame.pip[:, 1] - frame.mtp[:, 1])
    out[np.flatnonzero(in_foot)] = np.where(foot[:, 1] > web_y[nearest], nearest + 1, 0)
    return out


def anatomical_coordinates(points: np.ndarray, normals: np.ndarray, frame: SkinFrame) -> dict[str, np.ndarray]:
    """Coordinates of every point (see the module docstring); 'side' is 1 for right (x > 0), else 0."""
    q = fold_to_right(points)
    n = np.array(normals, float, copy=True)
    n[:, 0] *= np.where(points[:, 0] < 0, -1.0, 1.0)
    z = q[:, 2]
    in_foot = z < frame.ankle[2] - FOOT_BELOW_ANKLE
    toe = toe_of(q, frame, in_foot)
    half_width = np.interp(z, frame.trunk_z, frame.trunk_half_width)
    beside_trunk = (z > frame.trunk_z[0]) & (q[:, 0] > half_width + ARM_MARGIN)
    segment = np.select(
        [toe > 0, in_foot, z <= frame.knee[2], z <= frame.hip[2], beside_trunk, z <= frame.crest_z],
        [SEGMENTS.index(s) for s in ("toe", "foot", "leg", "thigh", "arm", "pelvis")],
        default=SEGMENTS.index("trunk")).astype(np.int8)
    hip, knee, ankle = frame.hip[2], frame.knee[2], frame.ankle[2]
    height = np.select(
        [segment == SEGMENTS.index("pelvis"), segment == SEGMENTS.index("thigh"), segment == SEGMENTS.index("leg")],
        [(z - hip) / (frame.crest_z - hip), (hip - z) / (hip - knee), (knee - z) / (knee - ankle)], default=np.nan)
    trunk_centre = np.column_stack([np.zeros(len(z)), np.interp(z, frame.trunk_z, frame.trunk_y)])
    centre = np.select([np.isin(segment, [SEGMENTS.index("trunk"), SEGMENTS.index("arm")])[:, None],
                        (segment == SEGMENTS.index("pelvis"))[:, None]],
                       [trunk_centre, np.broadcast_to(frame.hip[:2], (len(z), 2))], default=frame.limb_centre(z))
    along = (q[:, 1] - frame.heel_back_y) / (frame.toe_tip_y - frame.heel_back_y)
    return {
        "side": (points[:, 0] > 0).astype(np.int8),  # the median plane counts as left, as in side_of_vertex
        "segment": segment,
        "height": height,
        "angle": angle_around(q, centre),
        "level": frame.level(z + BAND_DROP * np.minimum(q[:, 0] / half_width, 1.0)),
        "along": along,
        "ray": ray_position(q, frame),
        "surface": foot_surface(n, along),
        "elevation": z - frame.sole_z,
        "toe": toe,
    }

