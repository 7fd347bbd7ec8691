"""Foraminal height, width and area from a section of the real bone and disc (numpy and scipy only).

The pathology engine calls this on every slider step, so it uses no rendering library and works on the
vertices and triangles it already holds. One call cuts the walls that bound one intervertebral foramen
(the vertebra above, the vertebra or sacrum below, the disc, and any lesion surfaces) by a plane, fills
the cut outlines as solid pixels, floods the free space from a point inside the foramen and measures it.

The plane (`foramen_plane`): the parasagittal plane of the upper vertebra's body frame (normal = its local
x, perpendicular to the body's midsagittal plane) through the foramen's centre landmark, which lies over
the centre of the upper pedicle (x = pedicle_x, from `l5viz.anatomy.fit`). That is the section a
radiologist reads the foramen on (the parasagittal slice through the pedicles, Lee's middle zone from
the medial to the lateral pedicle wall) and the one Hasegawa 1995 measured on cryomicrotome sections.
On this spine the section there is the true foramen outline and is closed by bone all round: the upper
pedicle's inferior notch above, the lower pedicle (at L5-S1 the top of the sacral ala) below, the body and
disc in front and the superior articular process meeting the pars of the vertebra above behind. A few
millimetres medial of it the outline opens into the lateral recess, a few millimetres lateral it opens
out of the foramen, so the section is taken where the foramen is a closed ring. A plane perpendicular to
the exiting root's modelled course (`root_normal_plane`) was also tried; it is within 10-20 degrees of
this one, but it follows the project's own root modelling rather than the bone (the roots differ left
to right where the bone is mirror-symmetric), so it is reported only for comparison.

Section coordinates: y along the plane's axes[1] (anterior), z along axes[2] (the upper body's axis).
Figures (`foramen_figures`):
- area_mm2: pixels of the free region x pixel area (pixel centres sampled: no bias at the walls).
- height_mm: its largest extent along z: pedicle above to pedicle or ala below, as Hasegawa 1995
  measured foraminal height.
- width_mm: its anteroposterior width along the line where the disc's mid-plane crosses the section
  (posterior disc to superior articular process: the inferior, narrow part of the foramen, where a disc
  bulge and facet hypertrophy narrow it). The anatomy reference (section 4) gives "upper width ~8-11,
  narrowest width ~6-8 mm" without a per-figure source; this is the narrow, lower width. Without a disc
  plane the width is taken along the section's y axis through the centre hint.
- upper_width_mm: the widest AP run of the region (the upper part, around the root and ganglion), for the
  reference's "upper width".

Closing the outline: the walls are filled solid (even-odd rule on each wall's closed cut outline), so
only real openings remain, and the free space is flooded from the centre hint through channels at least
2 x CHANNEL_MM = 1.5 mm wide (the thin slivers left between the disc and the bone do not carry it; the
rim this shaves off is given back). In the chosen plane this spine's foramina are closed by bone all
round and the flood stays inside. Where it leaks (a gap in the outline: between the superior articular
process and the pars above, where the ligamentum flavum and capsule close the real foramen, or beside a
lesion), the gap is closed by a morphological opening of the free space with a disc of radius
CLOSING_MM = 2 mm: gaps narrower than 4 mm part the free space into pieces, the pieces reaching the
window's edge are outside, and every free pixel goes to its nearest piece, so a bridged gap is split
halfway across and the foramen keeps its own shape (it is 6 mm or more across at its narrowest; only
spaces it reaches through 1.5 mm or more are counted, so a stenosed part stays in). The region is capped
to a window of +-WINDOW_Y mm (AP) and +-WINDOW_Z mm (craniocaudal) around the centre hint, wider than any
foramen (heights 13-24 mm, widths up to ~15 mm): the cap only acts when a gap is wider than 4 mm, and
the result then says "open": True, with the figures of the capped region.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

PIXEL_MM = 0.25
CLOSING_MM = 2.0
CHANNEL_MM = 0.75  # channels narrower than 2 x this (slivers between disc and bone) do not join spaces
WINDOW_Y = 16.0  # mm either side of the centre hint, anteroposterior
WINDOW_Z = 18.0  # mm either side of the centre hint, craniocaudal
POINT_SLAB_MM = 1.0  # wall points (lesion samples) within this distance of the plane are walls
POINT_RADIUS_MM = 0.75  # each such point blocks a disc of this radius


def _local(points, origin, axes) -> np.ndarray:
    return (np.asarray(points, float) - np.asarray(origin, float)) @ np.asarray(axes, float).T


def section_segments(local: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    """Cut of a triangle mesh (points already in the plane's local frame) by local x = 0: (K, 2, 2) array of
    segments, each two (y, z) ends. A vertex exactly on the plane counts as on the negative side, so every
    cut triangle gives exactly one segment and a closed surface gives closed outlines."""
    x = local[:, 0]
    pos = x > 0.0
    n = pos[triangles].sum(axis=1)
    tri = triangles[(n == 1) | (n == 2)]
    if not len(tri):
        return np.empty((0, 2, 2))
    ends, cuts = [], []
    for i, j in ((0, 1), (1, 2), (2, 0)):
        a, b = tri[:, i], tri[:, j]
        crossing = pos[a] != pos[b]
        t = np.where(crossing, x[a] / np.where(crossing, x[a] - x[b], 1.0), 0.0)
        ends.append(local[a, 1:] + t[:, None] * (local[b, 1:] - local[a, 1:]))
        cuts.append(crossing)
    ends, cuts = np.stack(ends, axis=1), np.stack(cuts, axis=1)
    pick = np.argsort(~cuts, axis=1, kind="stable")[:, :2]  # the two crossed edges of each triangle
    return np.take_along_axis(ends, pick[:, :, None], axis=1)


def section_area(local: np.ndarray, triangles: np.ndarray) -> tuple[float, float]:
    """Area (mm^2) inside the cut of a closed, outward-facing surface by local x = 0, and its extent along
    local y (mm): the shoelace sum over the cut's segments, each turned so that the surface's outside lies on
    its right, needs no chaining of the segments into outlines."""
    segments = section_segments(local, triangles)
    if not len(segments):
        return 0.0, 0.0
    pos = local[:, 0] > 0.0
    crossed = triangles[np.isin(pos[triangles].sum(axis=1), (1, 2))]  # the triangles section_segments cut
    a, b, c = (local[crossed[:, k]] for k in range(3))
    outward = np.cross(b - a, c - a)[:, 1:]  # the outward normal's in-plane (y, z) part
    d = segments[:, 1] - segments[:, 0]
    backwards = d[:, 1] * outward[:, 0] - d[:, 0] * outward[:, 1] < 0.0
    segments = np.where(backwards[:, None, None], segments[:, ::-1], segments)
    area = 0.5 * float(np.sum(segments[:, 0, 0] * segments[:, 1, 1] - segments[:, 1, 0] * segments[:, 0, 1]))
    return abs(area), float(np.ptp(segments[:, :, 0]))


class Grid:
    """Pixel grid over the section: pixel (i, j) has its centre at y = y0 + (j + 0.5) p, z = z0 + (i + 0.5) p."""

    def __init__(self, centre_yz, half_y: float, half_z: float, pixel: float):
        self.pixel = pixel
        self.ny, self.nz = int(round(2 * half_y / pixel)), int(round(2 * half_z / pixel))
        self.y0, self.z0 = centre_yz[0] - half_y, centre_yz[1] - half_z

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        return (self.y0 + (np.arange(self.ny) + 0.5) * self.pixel, self.z0 + (np.arange(self.nz) + 0.5) * self.pixel)

    def index(self, yz: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Row (z) and column (y) of the pixel holding each point (may lie outside the grid)."""
        return (np.floor((yz[:, 1] - self.z0) / self.pixel).astype(int),
                np.floor((yz[:, 0] - self.y0) / self.pixel).astype(int))

    def fill(self, segments: np.ndarray) -> np.ndarray:
        """Pixels whose centre lies inside the closed outlines (even-odd rule, one scanline per pixel row)."""
        p, q, pix = segments[:, 0], segments[:, 1], self.pixel
        lo = np.ceil((np.minimum(p[:, 1], q[:, 1]) - self.z0) / pix - 0.5).astype(int)
        hi = np.ceil((np.maximum(p[:, 1], q[:, 1]) - self.z0) / pix - 0.5).astype(int)
        lo, hi = np.clip(lo, 0, self.nz), np.clip(hi, 0, self.nz)
        count = hi - lo
        keep = count > 0
        p, q, lo, count = p[keep], q[keep], lo[keep], count[keep]
        seg = np.repeat(np.arange(len(p)), count)
        row = np.repeat(lo, count) + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        z = self.z0 + (row + 0.5) * pix
        y = p[seg, 0] + (z - p[seg, 1]) / (q[seg, 1] - p[seg, 1]) * (q[seg, 0] - p[seg, 0])
        col = np.clip(np.ceil((y - self.y0) / pix - 0.5).astype(int), 0, self.ny)  # first centre right of it
        toggles = np.zeros((self.nz, self.ny + 1), np.int32)
        np.add.at(toggles, (row, col), 1)
        return (np.cumsum(toggles, axis=1)[:, : self.ny] & 1).astype(bool)

    def mark_points(self, yz: np.ndarray, radius: float) -> np.ndarray:
        """Pixels within `radius` of any point, with the holes the points enclose filled.

        Worked on the points' own box (grown by the radius and a pixel), not the whole grid: everything
        outside it is unmarked and joins the grid's edge, so the result is the same at a fraction of the cost."""
        mask = np.zeros((self.nz, self.ny), bool)
        i, j = self.index(yz)
        ok = (i >= 0) & (i < self.nz) & (j >= 0) & (j < self.ny)
        if not ok.any():
            return mask
        margin = int(np.ceil(radius / self.pixel)) + 1
        i0, j0 = max(int(i[ok].min()) - margin, 0), max(int(j[ok].min()) - margin, 0)
        i1, j1 = min(int(i[ok].max()) + margin + 1, self.nz), min(int(j[ok].max()) + margin + 1, self.ny)
        box = np.zeros((i1 - i0, j1 - j0), bool)
        box[i[ok] - i0, j[ok] - j0] = True
        mask[i0:i1, j0:j1] = ndimage.binary_fill_holes(ndimage.binary_dilation(box, disc(radius / self.pixel)))
        return mask


def wall_mask(walls, origin, axes, grid: Grid) -> np.ndarray:
    """Solid section of every wall on the grid: triangle meshes filled, point sets marked (see module doc)."""
    wall = np.zeros((grid.nz, grid.ny), bool)
    for points, triangles in walls:
        local = _local(points, origin, axes)
        if triangles is None:
            near = np.abs(local[:, 0]) < POINT_SLAB_MM
            wall |= grid.mark_points(local[near, 1:], POINT_RADIUS_MM)
        else:
            segments = section_segments(local, np.asarray(triangles))
            if len(segments):
                wall |= grid.fill(segments)
    return wall


def disc(radius_px: float) -> np.ndarray:
    """The pixels within `radius_px` of a centre pixel: the structuring element of the morphology below, so an
    erosion or dilation by it is the same as thresholding a Euclidean distance transform, at a tenth of the cost."""
    r = int(np.floor(radius_px))
    i, j = np.mgrid[-r:r + 1, -r:r + 1]
    return i * i + j * j <= radius_px * radius_px


def _opening(free: np.ndarray, radius_px: float) -> np.ndarray:
    """Where a disc of the radius fits inside the free space (more than `radius_px` from any wall; beyond the
    grid counts as free), swept out to `radius_px` + 0.5 (morphological opening)."""
    core = ndimage.binary_erosion(free, disc(radius_px), border_value=1)
    return free & ndimage.binary_dilation(core, disc(radius_px + 0.5))


def _nearest_label(labels: np.ndarray, at: tuple[int, int]) -> int:
    if labels[at]:
        return int(labels[at])
    _, (ii, jj) = ndimage.distance_transform_edt(labels == 0, return_indices=True)
    return int(labels[ii[at], jj[at]])


def _touches_edge(mask: np.ndarray) -> bool:
    return bool(mask[0].any() or mask[-1].any() or mask[:, 0].any() or mask[:, -1].any())


def _grown(core: np.ndarray, free: np.ndarray, reach_px: float) -> np.ndarray:
    """Free pixels within `reach_px` of `core` and connected to it: what an opening shaved off, given back."""
    near = free & ndimage.binary_dilation(core, disc(reach_px))
    pieces, _ = ndimage.label(near)
    return np.isin(pieces, np.unique(pieces[core & near])) & (pieces > 0)


def free_region(wall: np.ndarray, seed: tuple[int, int], radius_px: float,
                channel_px: float) -> tuple[np.ndarray, bool]:
    """The foramen's free region around `seed`, and whether it is open (see the module doc).

    1. Flood the free space from the seed through channels at least 2 x `channel_px` wide (an opening by
       that disc: slivers between disc and bone do not carry it), then give back the rim the opening took.
       If that stays inside the window, it is the region: the outline was closed.
    2. Otherwise it leaked out through a gap. The free space opened by a disc of `radius_px` falls apart at
       gaps narrower than 2 x radius; its pieces touching the window's edge are outside. The region is the
       flooded space nearest to the seed's piece or to any other piece reached that is not outside (a gap
       is split halfway across), up to 1.5 x radius from them. Open: the seed's own piece reaches the edge.
    """
    free = ~wall
    passable, _ = ndimage.label(_opening(free, channel_px))
    label = _nearest_label(passable, seed)
    if label == 0:
        return np.zeros_like(wall), False
    flooded = _grown(passable == label, free, channel_px + 1.0)
    if not _touches_edge(flooded):
        return flooded, False
    labels, _ = ndimage.label(_opening(free, radius_px) & flooded)
    own = _nearest_label(labels, seed)
    if own == 0:
        return flooded, True
    edge = set(np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]).tolist())) - {0}
    keep = sorted(({own} | set(np.unique(labels).tolist()) - edge) - {0})
    dist, (ii, jj) = ndimage.distance_transform_edt(labels == 0, return_indices=True)
    near = flooded & np.isin(labels[ii, jj], keep) & (dist <= 1.5 * radius_px + 1.0)
    pieces, _ = ndimage.label(near)
    region = np.isin(pieces, np.unique(pieces[np.isin(labels, keep)])) & (pieces > 0)
    return region, own in edge


def _runs(values: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) index pairs of the runs of True in a 1-D boolean array (end exclusive)."""
    edges = np.diff(np.concatenate([[0], values.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))


def _longest_row_run(mask: np.ndarray) -> int:
    """Length in pixels of the longest run of True along any row."""
    edges = np.diff(np.pad(mask.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    starts, ends = np.nonzero(edges == 1)[1], np.nonzero(edges == -1)[1]  # row-major: they pair up
    return int((ends - starts).max(initial=0))


def _width_along(region: np.ndarray, grid: Grid, point: np.ndarray, direction: np.ndarray) -> float:
    """Length of the region's run along a line (yz point and unit direction) nearest to the point."""
    step = grid.pixel / 4.0
    t = np.arange(-40.0, 40.0 + step, step)
    yz = point + t[:, None] * direction
    i, j = grid.index(yz)
    ok = (i >= 0) & (i < grid.nz) & (j >= 0) & (j < grid.ny)
    inside = np.zeros(len(t), bool)
    inside[ok] = region[i[ok], j[ok]]
    runs = _runs(inside)
    if not runs:
        return 0.0

    def gap(run) -> float:  # how far the run lies from the point (0 when the point is in it)
        a, b = t[run[0]], t[run[1] - 1]
        return 0.0 if a <= 0.0 <= b else min(abs(a), abs(b))

    start, end = min(runs, key=gap)
    return float((end - start) * step)  # each sample stands for `step` mm


def _section(walls, frame_origin, frame_axes, centre_hint, pixel: float, closing_mm: float):
    origin, axes = np.asarray(frame_origin, float), np.asarray(frame_axes, float)
    hint = _local(np.asarray(centre_hint, float)[None], origin, axes)[0, 1:]
    grid = Grid(hint, WINDOW_Y, WINDOW_Z, pixel)
    wall = wall_mask(walls, origin, axes, grid)
    i, j = grid.index(hint[None])
    seed = (int(np.clip(i[0], 0, grid.nz - 1)), int(np.clip(j[0], 0, grid.ny - 1)))
    region, is_open = free_region(wall, seed, closing_mm / pixel, CHANNEL_MM / pixel)
    return grid, wall, region, hint, is_open


FAT_DIRECTIONS = ("above", "below", "front", "behind")


def _run_from(line: np.ndarray, start: int, step: int) -> int:
    """How many True pixels follow `start` along a line in the direction `step` (+1 or -1), without a gap."""
    k, n = start + step, 0
    while 0 <= k < len(line) and line[k]:
        n, k = n + 1, k + step
    return n


def perineural_fat(region: np.ndarray, root: np.ndarray, grid: Grid) -> dict:
    """The fat round the root in the foramen's free region (free space less the root's own section): its area,
    and its thickness above, below, in front of and behind the root along the column and the row through the
    root's centre: the four directions in which Lee 2010 reads whether the fat is obliterated. None of them
    when the root is not in the region. `root_edges`: where the root's edges lie along those lines (section
    mm: its centre's y and z, and its top, bottom, front and back)."""
    pixel = grid.pixel
    fat = region & ~root
    inside = root & region
    if not inside.any():  # the root has left this section (a slip carried it forward): no fat round it to read
        return {"fat_mm2": None, "fat_mm": None}
    figures = {"fat_mm2": round(float(fat.sum() * pixel * pixel), 1)}
    rows, cols = np.nonzero(inside)
    ci, cj = int(round(rows.mean())), int(round(cols.mean()))
    column, row = np.flatnonzero(root[:, cj]), np.flatnonzero(root[ci, :])
    runs = (_run_from(fat[:, cj], column.max(), 1), _run_from(fat[:, cj], column.min(), -1),
            _run_from(fat[ci, :], row.max(), 1), _run_from(fat[ci, :], row.min(), -1))  # rows go up, columns forward
    y, z = (lambda j: grid.y0 + (j + 0.5) * pixel), (lambda i: grid.z0 + (i + 0.5) * pixel)
    edges = {"y": y(cj), "z": z(ci), "above": z(column.max() + 0.5), "below": z(column.min() - 0.5),
             "front": y(row.max() + 0.5), "behind": y(row.min() - 0.5)}
    return {**figures, "fat_mm": {d: round(n * pixel, 2) for d, n in zip(FAT_DIRECTIONS, runs)}, "root_edges": edges}


def foramen_figures(walls: list[tuple[np.ndarray, np.ndarray | None]], frame_origin, frame_axes, centre_hint,
                    disc_plane: tuple[np.ndarray, np.ndarray] | None = None, pixel: float = PIXEL_MM,
                    closing_mm: float = CLOSING_MM, nerve: list[tuple[np.ndarray, np.ndarray]] = ()) -> dict:
    """Height, width and area of one foramen's free region in the plane local x = 0 of (origin, axes).

    `walls`: (points (N, 3) world mm, triangles (M, 3) int) per closed wall surface, or (points, None) for
    wall points (lesion surface samples). `frame_axes`: rows x, y, z in world coordinates; the plane's
    normal is axes[0]. `centre_hint`: a world point in the foramen's free space. `disc_plane`: (a world
    point on the disc's mid-plane, its normal) for the width at the disc; without it, the width along y
    through the hint. Returns height_mm, width_mm, upper_width_mm, area_mm2 (0 when no free space is found)
    and open (True when the region reached the window's cap). See the module doc for the definitions.
    `nerve`: the exiting root's and ganglion's surfaces (points, triangles); with them, the fat round them
    (`perineural_fat`) too.
    """
    grid, wall, region, hint, is_open = _section(walls, frame_origin, frame_axes, centre_hint, pixel, closing_mm)
    fat = {}
    if nerve:
        root = wall_mask(nerve, frame_origin, frame_axes, grid)
        free_root = root & ~wall
        if free_root.any() and not (region & root).any():
            # Growths closing round the root cut its pocket off from the hint's: the foramen is where the root is.
            rows, cols = np.nonzero(free_root)
            k = int(np.argmin((rows - rows.mean()) ** 2 + (cols - cols.mean()) ** 2))
            region, is_open = free_region(wall, (int(rows[k]), int(cols[k])), closing_mm / pixel, CHANNEL_MM / pixel)
        fat = perineural_fat(region, root, grid)
    if not region.any():
        return {"height_mm": 0.0, "width_mm": 0.0, "upper_width_mm": 0.0, "area_mm2": 0.0, "open": False}
    rows = np.flatnonzero(region.any(axis=1))
    height = (rows[-1] - rows[0] + 1) * pixel
    upper_width = _longest_row_run(region) * pixel
    axes = np.asarray(frame_axes, float)
    point, direction = hint, np.array([1.0, 0.0])
    if disc_plane is not None:
        p0, n = np.asarray(disc_plane[0], float), np.asarray(disc_plane[1], float)
        n_local = axes @ n  # the disc normal in section coordinates
        line = np.array([n_local[2], -n_local[1]])  # in-plane direction of the line n . (p - p0) = 0
        if np.linalg.norm(line) > 1e-9:
            direction = line / np.linalg.norm(line)
            direction = direction if direction[0] >= 0 else -direction
            q = _local(p0[None], frame_origin, axes)[0]
            # The point on that line nearest the hint: n_local . (0, y, z) = n_local . q
            nyz = n_local[1:]
            point = hint + nyz * ((n_local @ q - nyz @ hint) / (nyz @ nyz))
    width = _width_along(region, grid, point, direction)
    return {"height_mm": round(float(height), 2), "width_mm": round(width, 2),
            "upper_width_mm": round(float(upper_width), 2),
            "area_mm2": round(float(region.sum() * pixel * pixel), 1), "open": bool(is_open), **fat}


def foramen_section(walls, frame_origin, frame_axes, centre_hint, pixel: float = PIXEL_MM,
                    closing_mm: float = CLOSING_MM) -> dict:
    """The section for figures: `wall` and `region` masks (rows z, columns y), `extent` (y0, y1, z0, z1)
    in section mm, and `outline`: (K, 2) yz points on the region's boundary (pixel edges), in order around
    its outer boundary."""
    grid, wall, region, _, _ = _section(walls, frame_origin, frame_axes, centre_hint, pixel, closing_mm)
    extent = (grid.y0, grid.y0 + grid.ny * pixel, grid.z0, grid.z0 + grid.nz * pixel)
    return {"wall": wall, "region": region, "extent": extent, "outline": region_outline(region, grid)}


def region_outline(region: np.ndarray, grid: Grid) -> np.ndarray:
    """Outer boundary of a pixel region, traced along pixel edges (region on the left) and returned as the
    ordered (y, z) corners of the loop. Where two pixels meet only at a corner the trace goes round both."""
    if not region.any():
        return np.empty((0, 2))
    padded = np.pad(ndimage.binary_fill_holes(region), 1)
    outgoing: dict[tuple[int, int], list[tuple[int, int]]] = {}
    # (row step, column step) to the outside neighbour -> the edge's two corners, region on the left
    sides = {(-1, 0): ((0, 1), (0, 0)), (1, 0): ((1, 0), (1, 1)), (0, -1): ((0, 0), (1, 0)), (0, 1): ((1, 1), (0, 1))}
    for (di, dj), (a, b) in sides.items():
        edge = padded & ~np.roll(padded, (-di, -dj), axis=(0, 1))
        for i, j in zip(*np.nonzero(edge)):
            outgoing.setdefault((i + a[0], j + a[1]), []).append((i + b[0], j + b[1]))
    start = min(outgoing)
    path, prev, corner = [start], start, outgoing[start].pop()
    while corner != start:
        path.append(corner)
        d_in = (corner[0] - prev[0], corner[1] - prev[1])
        options = outgoing[corner]
        # Turn toward the region first, then straight on, then away (sign of the cross product in (row,
        # column) axes), so that a pixel touching the rest only at a corner stays inside the loop.
        turn = [d_in[0] * (n[1] - corner[1]) - d_in[1] * (n[0] - corner[0]) for n in options]
        prev, corner = corner, options.pop(int(np.argmin(turn)))
    ij = np.array(path, float) - 1.0  # back to unpadded corner indices
    return np.column_stack([grid.y0 + ij[:, 1] * grid.pixel, grid.z0 + ij[:, 0] * grid.pixel])


# ---- the plane ---------------------------------------------------------------------------------

def exiting_root(level: str) -> str:
    """The root that leaves through a level's foramen: L3 at L3_L4, L4 at L4_L5, L5 at L5_S1."""
    return level.split("_")[0]


def foramen_plane(geometry, manifest: dict, level: str, side: str) -> tuple[np.ndarray, np.ndarray]:
    """(origin, axes) of the section the figures are read on: through the foramen's centre landmark, normal
    to the upper vertebra's local x (see the module doc). Axes rows: x (patient's right), y (anterior),
    z (the upper body's axis), the same on both sides so that mirror foramina give the same outline."""
    origin = np.asarray(manifest["landmarks"][f"foramen_{level}_{side}"], float)
    return origin, np.array(geometry.vertebrae[level.split("_")[0]].frame.axes, float)


def root_normal_plane(geometry, manifest: dict, level: str, side: str, span: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """The alternative plane: through the same landmark, normal to the exiting root's modelled course at its
    point nearest the landmark (a chord over +-`span` path points). Axes as in `foramen_plane`."""
    origin = np.asarray(manifest["landmarks"][f"foramen_{level}_{side}"], float)
    path = np.asarray(manifest["root_paths"][f"root_{exiting_root(level)}_{side}"]["points"], float)
    k = int(np.argmin(np.linalg.norm(path - origin, axis=1)))
    x = path[min(k + span, len(path) - 1)] - path[max(k - span, 0)]
    x = x / np.linalg.norm(x)
    x = x if x[0] >= 0 else -x
    body = np.array(geometry.vertebrae[level.split("_")[0]].frame.axes, float)
    y = body[1] - (body[1] @ x) * x
    y /= np.linalg.norm(y)
    return origin, np.vstack([x, y, np.cross(x, y)])


def disc_mid_plane(geometry, level: str) -> tuple[np.ndarray, np.ndarray]:
    """(origin, normal) of a disc's mid-plane, for `foramen_figures(disc_plane=...)`."""
    frame = geometry.discs[level].frame
    return np.asarray(frame.origin, float), np.asarray(frame.axes[2], float)
