"""The lower body (buttocks to toes) as one signed distance function, built for the right side and mirrored.

Smooth unions of a generalised cylinder along the limb (elliptical cross-sections whose centre and half-axes
are interpolated between girth stations) with ellipsoids and capsules for the pelvis, buttocks, knee
(patella, condyles, tibial tuberosity, fibular head), calf, malleoli, heel, arch and five separate toes.
Evaluating at (|x|, y, z) gives both sides at once and makes the shape exactly mirror-symmetric.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from l5viz.anatomy.sdf import SDF, capsule, ellipsoid, half_space, smooth_intersection, smooth_union, union
from l5viz.leg.params import LegParams

TOP_Z = 120.0  # the model is cut flat at about the iliac crests (shape choice)
TOES = (1, 2, 3, 4, 5)
TOE_WEB = 0.38  # fraction of the toe (metatarsal head to tip) joined by skin webs: shape choice
TOE_FLATTEN = 0.85  # toes are wider than they are high: shape choice


@dataclass(frozen=True)
class FootLayout:
    """Right-foot points (mm) that the shape, the coordinates and the landmarks share."""

    heel_back_y: float
    floor_z: float
    ray_base: np.ndarray  # (5, 3) proximal end of each metatarsal ray
    ray_head: np.ndarray  # (5, 3) metatarsal heads (centre of the ball of each ray)
    toe_tip: np.ndarray  # (5, 3) centre of each toe's tip
    toe_radius: np.ndarray  # (5,) half-width of each toe
    head_radius: np.ndarray  # (5,) half-height of the forefoot at each metatarsal head


def foot_layout(p: LegParams) -> FootLayout:
    """Metatarsal rays and toes of the right foot (shape choices scaled to foot length and width)."""
    ax, floor = p.ankle_x, p.floor_z
    heel_back = -0.24 * p.foot_length  # ankle joint about a quarter of the foot length in front of the heel
    s = p.forefoot_width / 98.0
    head_x = ax + s * np.array([-22.0, 2.0, 20.0, 36.0, 52.0])
    head_y = heel_back + p.foot_length * np.array([0.72, 0.71, 0.685, 0.66, 0.625])
    head_r = np.array([15.0, 12.5, 12.0, 11.5, 11.0])
    toe_r = np.array([12.5, 8.0, 7.5, 7.0, 6.5])
    tip_x = ax + s * np.array([-25.0, 3.0, 23.0, 42.0, 58.0])
    tip_y = heel_back + p.foot_length - toe_r - np.array([0.0, 7.0, 19.0, 33.0, 49.0])
    base = np.column_stack([ax + s * np.array([-16.0, -2.0, 12.0, 26.0, 40.0]),
                            np.full(5, heel_back + 0.36 * p.foot_length),
                            floor + np.array([40.0, 34.0, 28.0, 22.0, 15.0])])
    return FootLayout(
        heel_back_y=heel_back, floor_z=floor, ray_base=base,
        ray_head=np.column_stack([head_x, head_y, floor + head_r]),
        toe_tip=np.column_stack([tip_x, tip_y, floor + TOE_FLATTEN * toe_r + 0.5]),
        toe_radius=toe_r, head_radius=head_r)


@dataclass(frozen=True)
class LimbProfile:
    """Centre (x, y) and half-axes (mediolateral a, anteroposterior b) of the limb cross-section at height z."""

    z: np.ndarray
    values: np.ndarray  # (n, 4): cx, cy, a, b

    def at(self, z: np.ndarray) -> np.ndarray:
        from scipy.interpolate import PchipInterpolator  # here: the window imports this module, scipy costs 0.6 s

        zc = np.clip(z, self.z[0], self.z[-1])
        return PchipInterpolator(self.z, self.values, axis=0)(zc)


def limb_profile(p: LegParams) -> LimbProfile:
    """Girth stations from the hip to the ankle; circumferences from LegParams (reference section 12)."""
    r_thigh = p.mid_thigh_circumference / (2 * np.pi)
    r_calf = p.calf_circumference / (2 * np.pi)
    r_ankle = p.ankle_circumference / (2 * np.pi)
    kz, az, T, L = p.knee_z, p.ankle_z, p.thigh_length, p.leg_length

    def cx(z):
        return float(np.interp(z, [az, kz, 0.0], [p.ankle_x, p.knee_x, p.hip_x]))

    # (z, cy, a, b); a*b kept near r^2 so each girth matches its circumference (ellipse perimeter ~ 2 pi r).
    rows = [
        (40.0, -20.0, 0.80 * r_thigh, 0.80 * r_thigh),  # buried in the pelvis
        (-20.0, -10.0, 1.06 * r_thigh, 1.10 * r_thigh),
        (-0.15 * T, -8.0, 1.06 * r_thigh, 1.06 * r_thigh),
        (-0.50 * T, 0.0, 0.97 * r_thigh, 1.03 * r_thigh),  # mid-thigh girth
        (-0.78 * T, 3.0, 0.80 * r_thigh, 0.80 * r_thigh),
        (-0.93 * T, 1.0, 0.66 * r_thigh, 0.60 * r_thigh),
        (kz, -2.0, 54.0, 48.0),
        (kz - 0.10 * L, -7.0, 0.84 * r_calf, 0.86 * r_calf),
        (kz - 0.30 * L, -13.0, 0.92 * r_calf, 1.08 * r_calf),  # calf girth, a third of the way down
        (kz - 0.55 * L, -9.0, 0.78 * r_calf, 0.86 * r_calf),
        (kz - 0.80 * L, -5.0, 0.97 * r_ankle, 1.03 * r_ankle),  # minimal girth above the malleoli
        (az + 5.0, -8.0, 0.95 * r_ankle, 1.12 * r_ankle),
        (az - 25.0, -10.0, 0.95 * r_ankle, 1.15 * r_ankle),
    ]
    z = np.array([r[0] for r in rows])[::-1]
    values = np.array([[cx(r[0]), r[1], r[2], r[3]] for r in rows])[::-1]
    return LimbProfile(z, values)


def trunk_profile(p: LegParams) -> LimbProfile:
    """Lower trunk from the iliac crests to the crotch, centred on the midline (shape choice: waist narrower
    than the hips, widest at the greater trochanters)."""
    hx = p.hip_x
    rows = [(TOP_Z + 20.0, 0.0, hx + 50.0, 92.0), (60.0, -2.0, hx + 70.0, 98.0), (0.0, -6.0, hx + 88.0, 104.0),
            (-60.0, -10.0, hx + 62.0, 94.0), (-120.0, -10.0, hx + 10.0, 80.0)]
    z = np.array([r[0] for r in rows])[::-1]
    return LimbProfile(z, np.array([[0.0, r[1], r[2], r[3]] for r in rows])[::-1])


def limb_tube(profile: LimbProfile) -> SDF:
    """Generalised elliptical cylinder along z (Quilez's ellipse bound in each horizontal slice)."""
    z_lo, z_hi = profile.z[0], profile.z[-1]

    def f(pts):
        prof = profile.at(pts[:, 2])
        q = pts[:, :2] - prof[:, :2]
        r = prof[:, 2:]
        k0 = np.linalg.norm(q / r, axis=1)
        k1 = np.linalg.norm(q / (r * r), axis=1)
        d = k0 * (k0 - 1.0) / np.maximum(k1, 1e-9)
        return np.maximum(d, np.maximum(pts[:, 2] - z_hi, z_lo - pts[:, 2]))

    return f


def right_side_parts(p: LegParams) -> dict[str, SDF]:
    """Named parts of the right half; the labels use them to tell toes from the foot and the limb."""
    prof = limb_profile(p)
    foot = foot_layout(p)
    kx, kz, ax, az, fz = p.knee_x, p.knee_z, p.ankle_x, p.ankle_z, p.floor_z
    hx = p.hip_x
    trunk = smooth_intersection(
        limb_tube(trunk_profile(p)), half_space((0.0, 0.0, -0.47 * p.thigh_length), (0.0, 0.0, -1.0)), k=35.0)
    pelvis = smooth_union(
        trunk,
        ellipsoid((hx - 18.0, -72.0, -35.0), (72.0, 70.0, 86.0)),  # buttock; gluteal fold near z = -120
        ellipsoid((hx + 58.0, -5.0, -12.0), (34.0, 50.0, 62.0)),  # greater trochanter region
        k=30.0)
    knee = union(
        ellipsoid((kx, 42.0, kz + 22.0), (21.0, 9.0, 24.0)),  # patella
        ellipsoid((kx - 42.0, -2.0, kz + 12.0), (16.0, 28.0, 30.0)),  # medial femoral condyle
        ellipsoid((kx + 41.0, -4.0, kz + 10.0), (13.0, 26.0, 28.0)),  # lateral femoral condyle
        ellipsoid((kx - 32.0, 16.0, kz + 85.0), (30.0, 32.0, 55.0)),  # vastus medialis bulge
        ellipsoid((kx + 3.0, 39.0, kz - 58.0), (10.0, 5.0, 14.0)),  # tibial tuberosity
        ellipsoid((kx + 47.0, -14.0, kz - 30.0), (10.0, 12.0, 12.0)),  # fibular head
    )
    calf = union(
        ellipsoid((kx - 20.0, -40.0, kz - 125.0), (31.0, 30.0, 85.0)),  # medial head of gastrocnemius
        ellipsoid((kx + 20.0, -36.0, kz - 110.0), (25.0, 26.0, 70.0)),  # lateral head
    )
    malleoli = union(
        ellipsoid((ax - 31.0, 6.0, az + 4.0), (10.0, 13.0, 15.0)),  # medial malleolus: higher, more anterior
        ellipsoid((ax + 34.0, -10.0, az - 10.0), (10.0, 13.0, 16.0)),  # lateral malleolus: lower, posterior
    )
    limb = smooth_union(smooth_union(limb_tube(prof), calf, k=25.0), knee, malleoli, k=16.0)
    rays = [capsule(foot.ray_base[i], foot.ray_head[i], r0, foot.head_radius[i])
            for i, r0 in enumerate((20.0, 17.0, 16.0, 15.0, 14.0))]
    # Skin webs join the toes up to about a third of the proximal phalanx, so each toe is free only distally.
    web_points = foot.ray_head + TOE_WEB * (foot.toe_tip - foot.ray_head) + [0.0, 0.0, -2.0]
    webs = [capsule(web_points[i], web_points[i + 1], 0.85 * foot.toe_radius[i], 0.85 * foot.toe_radius[i + 1],
                    scale=(1.0, 1.0, TOE_FLATTEN)) for i in range(4)]
    body = smooth_union(
        ellipsoid((ax + 3.0, foot.heel_back_y + 35.0, fz + 29.0), (27.0, 35.0, 29.0)),  # heel
        capsule((ax + 2.0, foot.heel_back_y + 20.0, fz + 50.0), (ax, foot.heel_back_y + 28.0, fz + 95.0),
                17.0, 13.0),  # Achilles tendon insertion: fills the groove above the heel
        capsule((ax + 6.0, foot.heel_back_y + 75.0, fz + 45.0), (ax + 16.0, foot.heel_back_y + 160.0, fz + 20.0),
                26.0, 12.0, scale=(1.45, 1.0, 1.0)),  # dorsum sloping from the ankle to the metatarsal heads
        *rays, *webs, k=18.0)
    toes = {f"toe_{i + 1}": capsule(foot.ray_head[i] + [0.0, 8.0, 2.0], foot.toe_tip[i], foot.toe_radius[i] + 1.0,
                                    foot.toe_radius[i], scale=(1.0, 1.0, TOE_FLATTEN)) for i in range(5)}
    return {"pelvis": pelvis, "limb": limb, "foot": body, **toes}


def right_side_sdf(p: LegParams) -> SDF:
    parts = right_side_parts(p)
    toes = union(*(parts[f"toe_{i}"] for i in TOES))
    foot = smooth_union(parts["foot"], toes, k=7.0)
    body = smooth_union(parts["pelvis"], parts["limb"], k=40.0)
    whole = smooth_union(body, foot, k=22.0)
    below_top = half_space((0.0, 0.0, TOP_Z), (0.0, 0.0, 1.0))
    return smooth_intersection(whole, below_top, k=10.0)


def fold_to_right(points: np.ndarray) -> np.ndarray:
    """Mirror left-side points onto the right side (x -> |x|): the model is symmetric by construction."""
    out = np.array(points, float, copy=True)
    out[:, 0] = np.abs(out[:, 0])
    return out


def lower_body_sdf(p: LegParams | None = None) -> SDF:
    """Both legs and the pelvis below the iliac crests, symmetric about x = 0."""
    right = right_side_sdf(p or LegParams())
    return lambda pts: right(fold_to_right(pts))


def bounds(p: LegParams) -> tuple[np.ndarray, np.ndarray]:
    """A box that surely holds the whole surface."""
    foot = foot_layout(p)
    half_width = p.hip_x + 82.0 + 15.0
    back = min(foot.heel_back_y, -170.0) - 15.0  # the buttocks reach furthest back
    return (np.array([-half_width, back, p.floor_z - 10.0]),
            np.array([half_width, max(160.0, float(foot.toe_tip[:, 1].max()) + 25.0), TOP_Z + 10.0]))
