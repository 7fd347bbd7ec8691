"""Signed distance functions (negative inside) on (N, 3) point arrays, and the ways to combine them.

Anatomy is built as smooth unions of simple shapes so that it polygonizes into one organic closed surface
per structure. Only the zero level set has to be exact; away from it the values are bounds, which is
enough for marching cubes and for the smooth blends (Quilez, "smooth minimum", iquilezles.org).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

SDF = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Frame:
    """A rigid frame: `origin` in world mm, `axes` rows = local x, y, z unit vectors in world coordinates."""

    origin: np.ndarray
    axes: np.ndarray

    def to_world(self, local: np.ndarray) -> np.ndarray:
        return np.asarray(local, float) @ self.axes + self.origin

    def to_local(self, world: np.ndarray) -> np.ndarray:
        return (np.asarray(world, float) - self.origin) @ self.axes.T

    def direction_to_world(self, local_dir: np.ndarray) -> np.ndarray:
        return np.asarray(local_dir, float) @ self.axes


def in_frame(sdf: SDF, frame: Frame) -> SDF:
    """Evaluate a shape defined in `frame`'s local coordinates at world points."""
    return lambda p: sdf(frame.to_local(p))


# ---- primitives -------------------------------------------------------------------------------

def ellipsoid(centre, radii) -> SDF:
    """Quilez's bound for an axis-aligned ellipsoid (exact zero set)."""
    c, r = np.asarray(centre, float), np.asarray(radii, float)

    def f(p):
        q = p - c
        k0 = np.linalg.norm(q / r, axis=1)
        k1 = np.linalg.norm(q / (r * r), axis=1)
        return k0 * (k0 - 1.0) / np.maximum(k1, 1e-9)

    return f


def capsule(a, b, radius_a: float, radius_b: float | None = None, scale=(1.0, 1.0, 1.0)) -> SDF:
    """Rounded cone from a to b (radii linearly blended); `scale` squashes the cross-section per axis."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    rb = radius_a if radius_b is None else radius_b
    s = np.asarray(scale, float)
    a_s, b_s = a / s, b / s
    ab = b_s - a_s
    length2 = float(ab @ ab)

    def f(p):
        q = p / s
        t = np.clip(((q - a_s) @ ab) / length2, 0.0, 1.0)
        closest = a_s + t[:, None] * ab
        return np.linalg.norm(q - closest, axis=1) - (radius_a + (rb - radius_a) * t)

    return f


def half_space(point, normal) -> SDF:
    """Everything on the side opposite `normal` is inside."""
    n = np.asarray(normal, float)
    n = n / np.linalg.norm(n)
    o = np.asarray(point, float)
    return lambda p: (p - o) @ n


def tube(centreline: np.ndarray, radii: np.ndarray, spacing: float = 0.15) -> SDF:
    """Tube of varying radius along a polyline, densified so the nearest sample stands in for the curve."""
    from scipy.spatial import cKDTree  # here: the window imports this module (for Frame); scipy costs 0.4 s

    pts, rad = resample_polyline(np.asarray(centreline, float), np.asarray(radii, float), spacing)
    tree = cKDTree(pts)

    def f(p):
        dist, idx = tree.query(p, workers=1)
        return dist - rad[idx]

    return f


def resample_polyline(points: np.ndarray, values: np.ndarray, spacing: float):
    """Evenly spaced samples along a polyline, with `values` interpolated by arc length."""
    seg = np.linalg.norm(np.diff(points, axis=0), axis=1)
    arc = np.concatenate([[0.0], np.cumsum(seg)])
    s = np.linspace(0.0, arc[-1], max(2, int(np.ceil(arc[-1] / spacing)) + 1))
    out = np.column_stack([np.interp(s, arc, points[:, k]) for k in range(3)])
    return out, np.interp(s, arc, values)


def catmull_rom(control: np.ndarray, samples_per_segment: int = 24) -> np.ndarray:
    """Smooth curve through every control point (centripetal-free uniform Catmull-Rom)."""
    c = np.asarray(control, float)
    padded = np.vstack([2 * c[0] - c[1], c, 2 * c[-1] - c[-2]])
    t = np.linspace(0.0, 1.0, samples_per_segment, endpoint=False)[:, None]
    pieces = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1 : i + 3]
        pieces.append(
            0.5
            * (
                2 * p1
                + (-p0 + p2) * t
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3
            )
        )
    pieces.append(c[-1][None, :])
    return np.vstack(pieces)


# ---- combinations -----------------------------------------------------------------------------

def union(*sdfs: SDF) -> SDF:
    return lambda p: np.min([f(p) for f in sdfs], axis=0)


def smooth_union(*sdfs: SDF, k: float) -> SDF:
    """Union whose seams are filleted over about `k` mm (polynomial smooth minimum)."""

    def f(p):
        d = sdfs[0](p)
        for g in sdfs[1:]:
            d2 = g(p)
            h = np.clip(0.5 + 0.5 * (d2 - d) / k, 0.0, 1.0)
            d = d2 * (1 - h) + d * h - k * h * (1 - h)
        return d

    return f


def smooth_intersection(a: SDF, b: SDF, k: float) -> SDF:
    return lambda p: -smooth_union(lambda q: -a(q), lambda q: -b(q), k=k)(p)
