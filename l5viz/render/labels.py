"""Where each structure's label goes for the current camera: pointing, by a leader line, at a part of it
the viewer can see, with the text beside the anatomy where the view has room (as an atlas sets its labels
in the margins) and otherwise just off the structure's outer edge, running away from the spine, and clear
of the labels already placed.

A label pinned to a fixed point shows through bone when that point is hidden (a right root labelled in
the left foramen view) and piles onto its neighbours; so anchors are chosen per view from the surface
samples that pass a coarse depth test: the triangles are sampled finely enough to cover a grid of cells
across the view, each cell keeping the nearest depth, in numpy (no second render).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GRID_COLUMNS = 110  # depth-grid cells across the view: about 3 mm each in the whole-spine views
GRID_ROWS_MAX = 4 * GRID_COLUMNS  # (see grid_rows)
DEPTH_TOLERANCE = 1.5  # mm: structures that touch (a disc on its endplate) do not hide each other
MIDLINE = 0.08  # half-widths of the view: a structure centred closer than this is labelled on the right
GAP_PX = 3  # between two labels moved apart
EDGE_PERCENTILE = 5.0  # the leader meets the structure this far in from its outer edge (in share of its seen
# surface), so it lands on the structure's body, not on a sliver of it glimpsed between bones
SAME_SPOT_PX = 40  # two leaders ending closer than this point at one spot
LEADER_PX = 14  # the shortest leader line: the text never starts on the point it names
MIN_SEEN_SHARE = 0.12  # a structure less of whose in-view surface than this is seen (a root glimpsed through a
# foramen behind bone) is not labelled: its label would sit on the bone in front of it


@dataclass(frozen=True)
class Camera:
    """What placement needs of a camera: world -> clip matrix, eye, view direction and up, view angle, the
    view's size in pixels and, for a parallel projection, the half-height of the view in mm."""

    matrix: np.ndarray
    eye: np.ndarray
    direction: np.ndarray
    up: np.ndarray
    view_angle: float
    size_px: tuple[int, int]
    parallel_scale: float | None = None

    def mm_per_px(self, distance: float) -> float:
        """Millimetres a screen pixel spans at `distance` from the eye along the view."""
        if self.parallel_scale is not None:
            return 2.0 * self.parallel_scale / self.size_px[1]
        return 2.0 * distance * np.tan(np.radians(self.view_angle) / 2.0) / self.size_px[1]


@dataclass(frozen=True)
class Placement:
    """A label's anchor (world mm, where its text starts), the side its text runs to ("left" or "right" of the
    anchor) and the point of the structure its leader line runs to."""

    anchor: tuple[float, float, float]
    runs: str
    target: tuple[float, float, float]


def project(points: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """World points to normalised device coordinates (x, y in -1..1 inside the view)."""
    homogeneous = np.column_stack([points, np.ones(len(points))]) @ matrix.T
    return homogeneous[:, :2] / homogeneous[:, 3:4]


def _barycentric(level: int) -> np.ndarray:
    """Weights of the points of a triangle split `level` times along each edge (vertices included)."""
    i, j = np.meshgrid(np.arange(level + 1), np.arange(level + 1), indexing="ij")
    keep = i + j <= level
    i, j = i[keep], j[keep]
    return np.column_stack([i, j, level - i - j]) / level


def _samples(values: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Per-vertex `values` (grid column and row first) at the vertices and at points spread over every
    triangle no more than about a grid cell apart on screen, so each triangle covers the cells under it.

    Triangles are split a power of two times (few array operations). Interpolating on screen is affine,
    not perspective correct; within a cell that does not matter."""
    corners = values[faces][:, :, :2]  # (triangles, 3, 2) in grid cells
    longest = np.max(np.abs(corners - np.roll(corners, 1, axis=1)).sum(axis=2), axis=1)
    splits = 2 ** np.ceil(np.log2(np.clip(longest, 1.0, 64.0))).astype(int)
    rows = [values]
    for level in np.unique(splits[splits > 1]):
        weights = _barycentric(int(level))
        rows.append(np.matmul(weights, values[faces[splits == level]]).reshape(-1, values.shape[1]))
    return np.vstack(rows)


def grid_rows(size_px: tuple[int, int]) -> int:
    """Rows of the depth grid for a view of this size: square cells, but at most GRID_ROWS_MAX. A view squeezed
    to a few pixels' width by the docks beside it made a grid of over a million cells per structure (seconds to
    place and half a gigabyte); its cells grow taller instead."""
    width_px, height_px = size_px
    return max(1, min(GRID_ROWS_MAX, round(GRID_COLUMNS * height_px / width_px)))


def _in_view(corners: np.ndarray, rows: int) -> np.ndarray:
    """Which triangles (their corners' grid column and row) are not wholly beyond one edge of the grid's inner
    cells: a sample of one that is would never be kept, and zoomed in (each triangle across many cells) sampling
    them all took seconds."""
    low, high = np.array([1.0, 1.0]), np.array([GRID_COLUMNS - 1.0, rows - 1.0])
    return ~((corners < low).all(axis=1) | (corners >= high).all(axis=1)).any(axis=1)


def place_labels(surfaces: dict[str, tuple[np.ndarray, np.ndarray]], labelled: set[str], occluders: set[str],
                 camera: Camera, box_px: dict[str, tuple[float, float]],
                 cuts: tuple[tuple[np.ndarray, np.ndarray], ...] = (),
                 yields: dict[str, str] | None = None,
                 reserved: list[tuple[float, float, float, float]] = ()) -> dict[str, Placement]:
    """Placement of each labelled structure seen by the camera; absent when none of it is seen.

    surfaces: (points, triangles) of each structure shown now; occluders: structures opaque enough to hide
    what lies behind them; box_px: each label's text size (width, height) in pixels; cuts: (origin, normal)
    of planes that each remove what lies on the side its normal does not point to (a slab's two faces);
    yields: structure -> the one whose label wins where their leaders would meet (`_yield_to`); reserved: pixel
    boxes (x0, x1, y0, y1 from the lower left) no label may cover (a slab's caption and scale bar).
    """
    width_px, height_px = camera.size_px
    rows = grid_rows(camera.size_px)
    scale = np.array([0.5 * GRID_COLUMNS, 0.5 * rows])
    cells, depth, seen_ok, samples = {}, {}, {}, {}
    grids, owners = [], []
    for sid, (points, faces) in surfaces.items():
        if sid not in occluders and sid not in labelled:
            continue
        in_front = (points - camera.eye) @ camera.direction > 0.0
        values = np.column_stack([(project(points, camera.matrix) + 1.0) * scale,
                                  (points - camera.eye) @ camera.direction, points])
        faces = faces[np.all(in_front[faces], axis=1)]
        found = _samples(values, faces[_in_view(values[faces][:, :, :2], rows)])
        keep = found[:, 2] > 0.0
        for origin, normal in cuts:
            keep &= (found[:, 3:6] - origin) @ normal >= 0.0
        samples[sid] = found[keep]
        col_row = np.floor(samples[sid][:, :2]).astype(int)
        inside = (col_row[:, 0] >= 1) & (col_row[:, 0] < GRID_COLUMNS - 1) & (col_row[:, 1] >= 1) & \
                 (col_row[:, 1] < rows - 1)  # a margin: a label anchored at the very edge is no use
        seen_ok[sid] = inside
        cells[sid] = np.clip(col_row[:, 1], 0, rows - 1) * GRID_COLUMNS + np.clip(col_row[:, 0], 0, GRID_COLUMNS - 1)
        depth[sid] = samples[sid][:, 2]
        if sid in occluders:
            grid = np.full(rows * GRID_COLUMNS, np.inf)
            np.minimum.at(grid, cells[sid][inside], depth[sid][inside])
            grids.append(grid)
            owners.append(sid)
    grids += [np.full(rows * GRID_COLUMNS, np.inf)] * 2  # so "nearest but one" always exists
    stack = np.array(grids)
    nearest_two = np.partition(stack, 1, axis=0)[:2]
    nearest_owner = np.argmin(stack, axis=0)
    candidates, seen_cells, yields = {}, {}, yields or {}
    for sid in labelled & set(surfaces):
        others = nearest_two[0]  # a structure never hides itself here: its far side is never the extreme
        if sid in owners:
            others = np.where(nearest_owner == owners.index(sid), nearest_two[1], nearest_two[0])
        seen = seen_ok[sid] & (depth[sid] <= others[cells[sid]] + DEPTH_TOLERANCE)
        if not seen.any() or seen.sum() < MIN_SEEN_SHARE * seen_ok[sid].sum():
            continue
        # The leader ends where the structure is in front of everything else, when it is anywhere: within
        # the tolerance it may lie just under a neighbour it touches (a flavum under its process's tip).
        front = seen & (depth[sid] <= others[cells[sid]])
        aim = front if front.any() else seen
        x = samples[sid][aim, 0]
        runs = side_of_screen(sid, camera) or ("left" if x.mean() < (1.0 - MIDLINE) * scale[0] else "right")
        edge = np.percentile(x, EDGE_PERCENTILE if runs == "left" else 100.0 - EDGE_PERCENTILE)
        y = samples[sid][aim, 1]
        gap = np.abs(x - edge)  # within a grid cell of it (or of the nearest sample, when few are seen)
        at_edge = np.flatnonzero(gap <= max(1.0, float(gap.min())))  # and of those the middle one
        pick = np.flatnonzero(aim)[at_edge[np.argmin(np.abs(y[at_edge] - np.median(y)))]]
        ndc = samples[sid][pick, :2] / scale - 1.0
        candidates[sid] = (samples[sid][pick, 3:6], ndc, depth[sid][pick], runs)
        seen_cells[sid] = (set(cells[sid][seen].tolist()), int(cells[sid][pick]))
    candidates = _yield_to(candidates, seen_cells, camera.size_px, yields)
    occupied = np.isfinite(stack).any(axis=0).reshape(rows, GRID_COLUMNS)
    columns = np.arange(GRID_COLUMNS)
    row_extent = np.column_stack([np.where(occupied, columns, GRID_COLUMNS).min(axis=1),
                                  np.where(occupied, columns + 1, 0).max(axis=1)]) * (width_px / GRID_COLUMNS)
    return _unstack(candidates, camera, box_px, row_extent, reserved)


def _yield_to(candidates: dict, seen_cells: dict[str, tuple[set, int]], size_px: tuple[int, int],
              yields: dict[str, str]) -> dict:
    """Drop the label of each structure in `yields` (a root) whose leader would end on the structure it
    yields to (its own ganglion) or beside that one's leader: two leaders to one place name neither.
    `seen_cells`: each candidate's seen depth-grid cells and its leader's cell."""
    half = 0.5 * np.asarray(size_px, float)
    out = dict(candidates)
    for sid, other in yields.items():
        if sid in candidates and other in candidates:
            close = np.linalg.norm((candidates[sid][1] - candidates[other][1]) * half) < SAME_SPOT_PX
            around = {seen_cells[sid][1] + d for d in (0, -1, 1, -GRID_COLUMNS, GRID_COLUMNS)}  # its cell and
            # the four next to it: a root leaving its ganglion is seen just beside it
            if close or around & seen_cells[other][0] or seen_cells[other][1] in seen_cells[sid][0]:
                del out[sid]
    return out


def side_of_screen(sid: str, camera: Camera) -> str | None:
    """For a left or right structure, the screen side its patient side faces (its label runs that way, never
    across the midline onto its partner); None for a midline structure or a view along the left-right axis."""
    side = {"right": 1.0, "left": -1.0}.get(sid.rsplit("_", 1)[-1])
    if side is None:
        return None
    screen_right = np.cross(camera.direction, camera.up)
    along = side * screen_right[0] / max(np.linalg.norm(screen_right), 1e-9)  # model +x is the patient's right
    if abs(along) < 0.3:
        return None
    return "right" if along > 0 else "left"


def _text_start(x: float, w: float, runs: str, extent_px: tuple[float, float], width_px: float):
    """Where a label's text starts on screen and the side it runs to: beside the anatomy at the label's height
    (`extent_px`: its left and right screen edges, (inf, 0) where none) when the label fits between it and the
    view's edge, else LEADER_PX off its point; a label that would leave the view runs the other way, and one
    that fits neither way is pulled back inside the view (the label placer drops a label that sticks out)."""
    left, right = extent_px
    if runs == "right" and max(x, right) + LEADER_PX + w <= width_px:
        return max(x, right) + LEADER_PX, runs
    if runs == "left" and min(x, left) - LEADER_PX - w >= 0:
        return min(x, left) - LEADER_PX, runs
    if runs == "right" and x + LEADER_PX + w > width_px:
        runs = "left"
    elif runs == "left" and x - LEADER_PX - w < 0:
        runs = "right"
    if runs == "right":
        return min(x + LEADER_PX, width_px - w), runs
    return max(x - LEADER_PX, w), runs


def _free_height(placed: list, x0: float, x1: float, y: float, h: float, direction: float) -> float:
    """The height nearest `y`, going down (direction -1) or up (+1), where a label of height `h` spanning
    x0..x1 overlaps none of the `placed` boxes (x0, x1, bottom, top)."""
    top = y
    for _ in range(len(placed) + 1):
        hits = [b for b in placed if x0 < b[1] and b[0] < x1 and top - h / 2 < b[3] and b[2] < top + h / 2]
        if not hits:
            break
        top = (min(b[2] for b in hits) - GAP_PX - h / 2 if direction < 0 else max(b[3] for b in hits) + GAP_PX + h / 2)
    return top


def _unstack(candidates: dict, camera: Camera, box_px: dict[str, tuple[float, float]],
             row_extent: np.ndarray, reserved=()) -> dict[str, Placement]:
    """Top to bottom, set each label's text beside the anatomy in its rows (`_text_start`; `row_extent`: the
    anatomy's left and right edges in pixels per depth-grid row, bottom row first), then move it down (along
    the camera's up, in the world) until it overlaps none, or up where down leaves the view."""
    rows = len(row_extent)
    width_px, height_px = camera.size_px
    screen_right = np.cross(camera.direction, camera.up)
    screen_right /= np.linalg.norm(screen_right)
    screen_up = np.cross(screen_right, camera.direction / np.linalg.norm(camera.direction))
    placed: list[tuple[float, float, float, float]] = list(reserved)
    placements = {}
    for sid, (target, ndc, dist, runs) in sorted(candidates.items(), key=lambda kv: -kv[1][1][1]):
        w, h = box_px[sid]
        if w > width_px:
            continue  # wider than the view: no room for it anywhere
        x = (ndc[0] + 1.0) * 0.5 * width_px
        y = (ndc[1] + 1.0) * 0.5 * height_px
        band = row_extent[max(0, int((y - h / 2) / height_px * rows)):int((y + h / 2) / height_px * rows) + 1]
        extent = (band[:, 0].min(), band[:, 1].max()) if len(band) else (np.inf, 0.0)
        start, runs = _text_start(x, w, runs, extent, width_px)
        x0, x1 = (start, start + w) if runs == "right" else (start - w, start)
        top = _free_height(placed, x0, x1, y, h, -1.0)
        if top - h / 2 < 0:  # pushed out of the bottom of the view: look upwards instead
            top = _free_height(placed, x0, x1, y, h, 1.0)
            if top + h / 2 > height_px:
                continue  # no room either way: better no label than a leader to nothing
        placed.append((x0, x1, top - h / 2, top + h / 2))
        mm = camera.mm_per_px(dist)
        anchor = np.asarray(target) + (screen_up * (top - y) + screen_right * (start - x)) * mm
        placements[sid] = Placement(tuple(float(v) for v in anchor), runs, tuple(float(v) for v in target))
    return placements
