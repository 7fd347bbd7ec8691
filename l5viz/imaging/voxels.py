"""Which samples of a slab lie inside a closed triangle mesh: scanline parity, numpy only.

A slab is a box in its own frame (u across the image's columns, v down its rows, w through its thickness),
sampled on a regular grid. A ray along u through each (v, w) sample row crosses a closed surface an even
number of times; the samples after an odd number of crossings are inside. Each triangle is tested only
against the sample rows its projection on (v, w) covers, so the cost follows the triangles that reach the
slab, not the size of the image. The same routine fills a whole volume (one thick slab).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Triangle-row candidates handled at once: bounds the memory of one pass (a few arrays of this length).
CHUNK = 1_500_000
# The rays are nudged off the sample centres by these few nanometres, so that a ray never runs exactly along
# an edge shared by two triangles (both would count it): mirrored meshes put edges on the grid's planes.
NUDGE_V, NUDGE_W = 3.1e-6, 4.7e-6


@dataclass(frozen=True)
class SlabGrid:
    """Sample centres of a slab: u0 + i du (i < nu) across, v0 + j dv down, w0 + k dw through (slab frame,
    mm). `origin` is the slab frame's origin in the model frame and `axes` its rows u, v, w (unit vectors)."""

    origin: np.ndarray
    axes: np.ndarray
    u0: float
    v0: float
    w0: float
    du: float
    dv: float
    dw: float
    nu: int
    nv: int
    nw: int

    @property
    def shape(self) -> tuple[int, int, int]:
        """(through, down, across): the order of the stacks this module returns."""
        return self.nw, self.nv, self.nu

    def to_local(self, points: np.ndarray) -> np.ndarray:
        return (np.asarray(points, float) - self.origin) @ self.axes.T

    def to_model(self, local: np.ndarray) -> np.ndarray:
        return np.asarray(local, float) @ self.axes + self.origin


def _index_range(low: np.ndarray, high: np.ndarray, start: float, step: float, count: int):
    """First and last sample index whose centre lies in [low, high], clipped to the grid."""
    first = np.maximum(np.ceil((low - start) / step), 0).astype(np.int64)
    last = np.minimum(np.floor((high - start) / step), count - 1).astype(np.int64)
    return first, last


def inside(points: np.ndarray, triangles: np.ndarray, grid: SlabGrid) -> tuple[np.ndarray, tuple[slice, ...]]:
    """Inside mask of a closed mesh on the grid, cropped to the mesh's reach: (mask, window) where window
    is the (w, v, u) slices of the full stack the mask covers (empty slices when the mesh misses the slab)."""
    local = grid.to_local(points)
    tri = local[np.asarray(triangles)]
    v, w = tri[..., 1], tri[..., 2]
    j0, j1 = _index_range(v.min(1), v.max(1), grid.v0 + NUDGE_V, grid.dv, grid.nv)
    k0, k1 = _index_range(w.min(1), w.max(1), grid.w0 + NUDGE_W, grid.dw, grid.nw)
    rows, layers = j1 - j0 + 1, k1 - k0 + 1
    hit = (rows > 0) & (layers > 0)
    if not hit.any():
        return np.zeros((0, 0, 0), bool), (slice(0, 0),) * 3
    tri, j0, k0, rows, layers = tri[hit], j0[hit], k0[hit], rows[hit], layers[hit]
    jw, kw = (int(j0.min()), int((j0 + rows).max())), (int(k0.min()), int((k0 + layers).max()))
    u_all = tri[..., 0]
    iw = _index_range(np.array([u_all.min()]), np.array([u_all.max()]), grid.u0, grid.du, grid.nu)
    i_first, i_last = int(iw[0][0]), int(iw[1][0])
    if i_last < i_first:  # the mesh lies wholly beside the image: every row crosses it an even number of times
        return np.zeros((0, 0, 0), bool), (slice(0, 0),) * 3
    width = i_last - i_first + 1
    counts = np.zeros((kw[1] - kw[0]) * (jw[1] - jw[0]) * (width + 1), np.int32)
    per = rows * layers
    ends = np.cumsum(per)
    starts = ends - per
    # Triangles in groups whose candidate rows fit one pass.
    bounds = np.searchsorted(ends, np.arange(0, ends[-1], CHUNK), side="right")
    for a, b in zip(np.r_[0, bounds[1:]], np.r_[bounds[1:], len(per)]):
        if a >= b:
            continue
        n = per[a:b]
        which = np.repeat(np.arange(a, b), n)
        offset = np.arange(starts[b - 1] + n[-1] - starts[a]) - np.repeat(starts[a:b] - starts[a], n)
        jj = j0[which] + offset % rows[which]
        kk = k0[which] + offset // rows[which]
        t = tri[which]
        pv = grid.v0 + NUDGE_V + grid.dv * jj - t[:, 0, 1]
        pw = grid.w0 + NUDGE_W + grid.dw * kk - t[:, 0, 2]
        e1, e2 = t[:, 1] - t[:, 0], t[:, 2] - t[:, 0]
        det = e1[:, 1] * e2[:, 2] - e1[:, 2] * e2[:, 1]
        ok = np.abs(det) > 1e-12
        safe = np.where(ok, det, 1.0)
        s = (pv * e2[:, 2] - pw * e2[:, 1]) / safe
        r = (e1[:, 1] * pw - e1[:, 2] * pv) / safe
        ok &= (s >= 0) & (r >= 0) & (s + r <= 1)
        u = t[:, 0, 0] + s * e1[:, 0] + r * e2[:, 0]
        column = np.clip(np.ceil((u - grid.u0) / grid.du).astype(np.int64) - i_first, 0, width)
        flat = ((kk - kw[0]) * (jw[1] - jw[0]) + (jj - jw[0])) * (width + 1) + column
        counts += np.bincount(flat[ok], minlength=counts.size).astype(np.int32)
    crossings = counts.reshape(kw[1] - kw[0], jw[1] - jw[0], width + 1)
    mask = (np.cumsum(crossings, axis=2)[..., :width] & 1).astype(bool)
    return mask, (slice(*kw), slice(*jw), slice(i_first, i_last + 1))


def _window(centre: np.ndarray, extent: np.ndarray, grid: SlabGrid) -> tuple[slice, ...] | None:
    """The (w, v, u) samples of the grid within a box round `centre` (model frame) of half sizes `extent`
    along the grid's axes, or None when the box misses the grid."""
    local = grid.to_local(centre[None])[0]
    window = []
    for axis, (start, step, count) in zip((2, 1, 0), ((grid.w0, grid.dw, grid.nw), (grid.v0, grid.dv, grid.nv),
                                                       (grid.u0, grid.du, grid.nu))):
        first, last = _index_range(local[axis] - extent[axis], local[axis] + extent[axis], start, step, count)
        if last < first:
            return None
        window.append(slice(int(first), int(last) + 1))
    return tuple(window)


def _analytic(grid: SlabGrid, centre, extent, test) -> tuple[np.ndarray, tuple[slice, ...]]:
    """Mask of a shape given by a point test, evaluated only in its bounding window (as `inside` returns)."""
    window = _window(np.asarray(centre, float), extent, grid)
    if window is None:
        return np.zeros((0, 0, 0), bool), (slice(0, 0),) * 3
    w, v, u = (np.arange(s.start, s.stop) for s in window)
    ww, vv, uu = np.meshgrid(grid.w0 + grid.dw * w, grid.v0 + grid.dv * v, grid.u0 + grid.du * u, indexing="ij")
    return test(grid.to_model(np.stack([uu, vv, ww], axis=-1))), window


def inside_ellipsoid(centre, axes, radii, grid: SlabGrid) -> tuple[np.ndarray, tuple[slice, ...]]:
    """Mask of an ellipsoid (`axes` rows its principal directions, `radii` its half sizes), as `inside`."""
    centre, axes, radii = (np.asarray(a, float) for a in (centre, axes, radii))
    extent = np.sqrt(((grid.axes @ axes.T) ** 2 * radii ** 2).sum(axis=1))
    return _analytic(grid, centre, extent, lambda p: ((((p - centre) @ axes.T) / radii) ** 2).sum(-1) <= 1.0)


def inside_cylinder(start, end, axes, radii, grid: SlabGrid) -> tuple[np.ndarray, tuple[slice, ...]]:
    """Mask of an elliptic cylinder from start to end (`axes` rows: the two across, then along), as `inside`."""
    start, end, axes = (np.asarray(a, float) for a in (start, end, axes))
    length = float(np.linalg.norm(end - start))
    half = np.array([radii[0], radii[1], 0.5 * length])
    extent = (np.abs(grid.axes @ axes.T) * half).sum(axis=1)  # its bounding box's, along each grid axis

    def test(p):
        q = (p - start) @ axes.T
        across = (q[..., 0] / radii[0]) ** 2 + (q[..., 1] / radii[1]) ** 2
        return (q[..., 2] >= 0) & (q[..., 2] <= length) & (across <= 1)

    return _analytic(grid, 0.5 * (start + end), extent, test)
