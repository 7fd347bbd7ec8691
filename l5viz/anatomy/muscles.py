"""Psoas major, multifidus and erector spinae each side, fitted to the real bone and sized to published areas.

Why: the synthetic MRI/CT tissue model needs the muscles round the spine, and a reader of its images needs
them where and as large as an adult man's. Each muscle is a loft of axial ellipses (one per anchor level,
placed from the measured frames), cut by the bone (hip bones included), discs, sac, roots and the ligaments
and fat so that no two meshes overlap; the erector spinae is also cut by the multifidus. At each teaching
disc's mid-height the section's radii are then scaled until its area on that z-plane matches CSA_TARGETS.
Placements, the posterior bound (subcutaneous fat left behind the muscles) and the ends are modelling choices.
Modelling choice: the erector spinae is one mass (iliocostalis and longissimus lumborum together), as the
MRI studies cited measure it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from l5viz.anatomy.geometry import SIDES, SpineGeometry
from l5viz.anatomy.ids import LEVELS, MUSCLES
from l5viz.anatomy.ligaments import GAP, apart_from, carve
from l5viz.anatomy.sdf import SDF

MUSCLE_NAMES = tuple(dict.fromkeys(m.rsplit("_", 1)[0] for m in MUSCLES))  # psoas_major, multifidus, erector_spinae

# Cross-sectional area (cm^2, one side) on the z-plane through each disc's centre, and the source of each value.
# multifidus, erector spinae: Niemelainen, Briand & Battie 2011 (Spine 36:2152), 126 men without low back pain,
# total CSA at mid-disc L3-L4 to L5-S1; the abstract gives only each muscle's range over the three levels
# (multifidus 7.3-11.1 right, 6.9-10.8 left; erector spinae 9.4-19.6 right, 10.4-19.7 left). The ends are
# placed as the muscles grow (multifidus largest at L5-S1, erector spinae largest at L3-L4, thinning into its
# aponeurosis) and the sides averaged; L4-L5 is the midpoint, interpolated (not a published value). Sources
# disagree at L4-L5: Fortin et al., in 33 patients with an L4-L5 herniation (as tabulated in a 2017 review),
# give 9.6 (multifidus) and 16.3 (erector spinae), within 7 % and 10 % of the interpolation.
# psoas major: Reid, Livingston & Pearsall 1994 (Arch Phys Med Rehabil 75:703), 15 active young men: largest at
# L4/L5, mean 16.3; the abstract gives no value at L3/L4 or L5/S1 beyond "smaller", so those two targets are
# modelling choices below that maximum (marked "model" and tested only against it).
CSA_TARGETS: dict[str, dict[str, tuple[float, str]]] = {
    "psoas_major": {"L3_L4": (13.5, "model"), "L4_L5": (16.3, "reid_1994"), "L5_S1": (14.5, "model")},
    "multifidus": {"L3_L4": (7.1, "niemelainen_2011"), "L4_L5": (9.0, "niemelainen_2011"),
                   "L5_S1": (11.0, "niemelainen_2011")},
    "erector_spinae": {"L3_L4": (19.6, "niemelainen_2011"), "L4_L5": (14.8, "niemelainen_2011"),
                       "L5_S1": (9.9, "niemelainen_2011")},
}
FIT_TOLERANCE = 0.02  # the fit stops within 2 % of the target on the sampled plane; modelling choice
PLANE_STEP = 0.5  # mm: grid on which a section's area is counted while fitting
MUSCLE_GAP = {"psoas_major": 1.0}  # mm kept off the roots: the L5 root runs medial to psoas, not inside it

# Right-side sections: (anchor, dz, x, y, rx, ry) in mm; anchor "L1" is that vertebra's centre, "L3_L4" etc. a
# disc's centre, "S1" the L5-S1 disc's centre; y is relative to the anchor's centre (which lies in the midline),
# dz moves the section below or above the anchor. The sections at the teaching discs are the fitted ones.
# Modelling choices, read off axial slices of the model (psoas beside the bodies in front of the transverse
# processes, over the pelvic brim below; multifidus in the gutter by the spinous processes; erector spinae
# lateral and behind it out to x ~ 80 mm at L3-L4).
SECTIONS = {
    "psoas_major": [("L1", 8.0, 29.0, 6.0, 6.0, 8.0), ("L1", 0.0, 30.0, 6.0, 7.0, 9.0),
                    ("L2_L3", 0.0, 35.0, -2.0, 11.0, 14.0), ("L3_L4", 0.0, 41.0, -1.0, 15.0, 18.0),
                    ("L4_L5", 0.0, 47.0, 1.0, 20.0, 23.0), ("S1", 0.0, 60.0, 20.0, 19.0, 22.0),
                    ("S1", -30.0, 71.0, 33.0, 15.0, 17.0), ("S1", -60.0, 68.0, 55.0, 12.0, 12.0),
                    ("S1", -85.0, 66.0, 62.0, 9.0, 9.0)],
    "multifidus": [("L1", 8.0, 9.0, -37.0, 8.0, 8.0), ("L1", 0.0, 10.0, -37.0, 9.0, 9.0),
                   ("L2_L3", 0.0, 12.0, -51.0, 11.0, 13.0), ("L3_L4", 0.0, 15.0, -55.0, 14.0, 18.0),
                   ("L4_L5", 0.0, 16.0, -58.0, 16.0, 19.0), ("S1", 0.0, 19.0, -58.0, 18.0, 21.0),
                   ("S1", -30.0, 20.0, -80.0, 17.0, 12.0), ("S1", -50.0, 15.0, -83.0, 10.0, 6.0)],
    "erector_spinae": [("L1", 8.0, 44.0, -47.0, 30.0, 19.0), ("L1", 0.0, 45.0, -47.0, 31.0, 20.0),
                       ("L2_L3", 0.0, 48.0, -54.0, 32.0, 20.0), ("L3_L4", 0.0, 52.0, -52.0, 30.0, 21.0),
                       ("L4_L5", 0.0, 48.0, -60.0, 27.0, 18.0), ("S1", 0.0, 45.0, -74.0, 30.0, 14.0),
                       ("S1", -30.0, 35.0, -88.0, 22.0, 7.0), ("S1", -45.0, 28.0, -90.0, 14.0, 4.0)],
}
# Posterior bound (world z, world y): the muscles stay in front of it, leaving 9-14 mm of subcutaneous fat under
# the skin of the body model (meshes/body_skin.vtp) in the midline; beyond BACK_FLAT of the midline it curves
# forward by BACK_CURVE * (|x| - BACK_FLAT)^2, as the back's skin does. Modelling choices, checked by the tests.
BACK_BOUND = ((-60.0, -95.0), (-30.0, -93.0), (1.5, -81.5), (38.5, -68.0), (60.0, -65.0), (79.5, -66.0),
              (100.0, -67.0), (120.0, -70.0), (140.0, -73.0), (160.0, -76.0), (190.0, -78.0))
BACK_FLAT, BACK_CURVE = 30.0, 0.004  # mm, 1/mm



@dataclass
class Loft:
    """Axial ellipses (z, cx, cy, rx, ry) joined linearly in z, closed flat at the first and last; optionally
    kept in front of BACK_BOUND. The value is a bound on the distance (exact on the surface)."""

    sections: np.ndarray
    back: bool

    def __call__(self, p: np.ndarray) -> np.ndarray:
        s = self.sections
        z = p[:, 2]
        cx, cy, rx, ry = (np.interp(z, s[:, 0], s[:, k]) for k in range(1, 5))
        k0 = np.hypot((p[:, 0] - cx) / rx, (p[:, 1] - cy) / ry)
        out = np.maximum.reduce([(k0 - 1.0) * np.minimum(rx, ry), s[0, 0] - z, z - s[-1, 0]])
        if self.back:
            bz, by = np.array(BACK_BOUND).T
            bound = np.interp(z, bz, by) + BACK_CURVE * np.maximum(np.abs(p[:, 0]) - BACK_FLAT, 0.0) ** 2
            out = np.maximum(out, bound - p[:, 1])
        return out

    def box(self, margin: float = 3.0) -> tuple[np.ndarray, np.ndarray]:
        s = self.sections
        lower = [np.min(s[:, 1] - s[:, 3]), np.min(s[:, 2] - s[:, 4]), s[0, 0]]
        upper = [np.max(s[:, 1] + s[:, 3]), np.max(s[:, 2] + s[:, 4]), s[-1, 0]]
        return np.array(lower) - margin, np.array(upper) + margin


def anchor(geo: SpineGeometry, name: str) -> np.ndarray:
    if name == "L1":
        return geo.vertebrae["L1"].frame.origin
    return geo.discs["L5_S1" if name == "S1" else name].frame.origin


def loft(geo: SpineGeometry, name: str, side: float) -> Loft:
    rows = []
    for where, dz, x, y, rx, ry in SECTIONS[name]:
        o = anchor(geo, where)
        rows.append([o[2] + dz, side * x, o[1] + y, rx, ry])
    rows.sort(key=lambda r: r[0])
    return Loft(np.array(rows, float), back=name != "psoas_major")


def plane_area(sdf: SDF, shape: Loft, z: float) -> float:
    """Area (cm^2) of a tissue's section on the z-plane, counted on a PLANE_STEP grid over its ellipse's box."""
    (x0, y0, _), (x1, y1, _) = shape.box(2.0)
    xs, ys = np.arange(x0, x1, PLANE_STEP), np.arange(y0, y1, PLANE_STEP)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    points = np.column_stack([gx.ravel(), gy.ravel(), np.full(gx.size, z)])
    return float((sdf(points) < 0.0).sum()) * PLANE_STEP**2 / 100.0


def fitted(geo: SpineGeometry, name: str, side: float, cut) -> tuple[Loft, SDF]:
    """The muscle's loft with the sections at the teaching discs scaled until the cut tissue's area on each
    disc's z-plane is within FIT_TOLERANCE of CSA_TARGETS (`cut` turns a loft into the cut tissue)."""
    shape = loft(geo, name, side)
    for level in LEVELS:
        z = geo.discs[level].frame.origin[2]
        row = int(np.argmin(np.abs(shape.sections[:, 0] - z)))
        target = CSA_TARGETS[name][level][0]
        for _ in range(8):
            area = plane_area(cut(shape), shape, z)
            if abs(area - target) <= FIT_TOLERANCE * target:
                break
            shape.sections[row, 3:5] *= np.sqrt(target / max(area, 0.1 * target)) ** 0.9
    return shape, cut(shape)


def muscles(geo: SpineGeometry, bone: SDF, discs: SDF, sac: SDF, neural: SDF, soft: SDF) -> dict[str, tuple]:
    """(loft, cut SDF) of each muscle by structure id; the multifidus first, so the erector spinae is cut by it."""
    out: dict[str, tuple] = {}
    for side_name, side in SIDES.items():
        def cut_by(*others, gap_neural=GAP):
            limits = [apart_from(bone), apart_from(discs), apart_from(sac), apart_from(neural, gap_neural),
                      apart_from(soft), *(apart_from(o) for o in others),
                      lambda q, side=side: GAP - side * q[:, 0]]  # each side's muscles stay on their side
            return lambda shape: carve(shape, *limits)

        out[f"psoas_major_{side_name}"] = fitted(geo, "psoas_major", side,
                                                 cut_by(gap_neural=MUSCLE_GAP["psoas_major"]))
        multifidus = out[f"multifidus_{side_name}"] = fitted(geo, "multifidus", side, cut_by())
        out[f"erector_spinae_{side_name}"] = fitted(geo, "erector_spinae", side, cut_by(multifidus[1]))
    return out
