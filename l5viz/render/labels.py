"""Where each structure's label goes for the current camera: on a part of it the viewer can see, at its
outer edge, with the text running away from the spine, and clear of the labels already placed.

A label pinned to a fixed point shows through bone when that point is hidden (a right root labelled in
the left foramen view) and piles onto its neighbours; so anchors are chosen per view from the surface
samples that pass a coarse depth test, done with numpy (no second render).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GRID_COLUMNS = 110  # depth-grid cells across the view: about 3 mm each in the whole-spine views
DEPTH_TOLERANCE = 1.5  # mm: structures that touch (a disc on its endplate) do not hide each other
MIDLINE = 0.08  # half-widths of the view: a structure centred closer than this is labelled on the right
GAP_PX = 3  # between two labels moved apart


@dataclass(frozen=True)
class Camera:
    """What placement needs of a camera: world -> clip matrix, eye, view direction and up, view angle, and
    the view's size in pixels."""

    matrix: np.ndarray
    eye: np.ndarray
    direction: np.ndarray
    up: np.ndarray
    view_angle: float
    size_px: tuple[int, int]


@dataclass(frozen=True)
class Placement:
    """A label's anchor (world mm) and the side its text runs to ("left" or "right" of the anchor)."""

    anchor: tuple[float, float, float]
    runs: str


def project(points: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """World points to normalised device coordinates (x, y in -1..1 inside the view)."""
    homogeneous = np.column_stack([points, np.ones(len(points))]) @ matrix.T
    return homogeneous[:, :2] / homogeneous[:, 3:4]


def _spread(grid: np.ndarray) -> np.ndarray:
    """Nearest depth over each cell and its eight neighbours: closes the gaps between sparse samples."""
    rows, cols = grid.shape
    padded = np.pad(grid, 1, constant_values=np.inf)
    return np.min([padded[i:i + rows, j:j + cols] for i in range(3) for j in range(3)], axis=0)


def place_labels(samples: dict[str, np.ndarray], labelled: set[str], occluders: set[str], camera: Camera,
                 box_px: dict[str, tuple[float, float]]) -> dict[str, Placement]:
    """Placement of each labelled structure seen by the camera; absent when none of it is seen.

    samples: surface points of each structure shown now (cut-away ones removed); occluders: structures
    opaque enough to hide what lies behind them; box_px: each label's text size (width, height) in pixels.
    """
    width_px, height_px = camera.size_px
    rows = max(1, round(GRID_COLUMNS * height_px / width_px))
    cells, depth, inside, ndc = {}, {}, {}, {}
    grids, owners = [], []
    for sid, pts in samples.items():
        ndc[sid] = project(pts, camera.matrix)
        inside[sid] = np.all(np.abs(ndc[sid]) <= 0.98, axis=1)
        col = np.clip(((ndc[sid][:, 0] + 1.0) * 0.5 * GRID_COLUMNS).astype(int), 0, GRID_COLUMNS - 1)
        row = np.clip(((ndc[sid][:, 1] + 1.0) * 0.5 * rows).astype(int), 0, rows - 1)
        cells[sid] = row * GRID_COLUMNS + col
        depth[sid] = (pts - camera.eye) @ camera.direction
        if sid in occluders:
            grid = np.full(rows * GRID_COLUMNS, np.inf)
            np.minimum.at(grid, cells[sid][inside[sid]], depth[sid][inside[sid]])
            grids.append(_spread(grid.reshape(rows, GRID_COLUMNS)).ravel())
            owners.append(sid)
    grids.append(np.full(rows * GRID_COLUMNS, np.inf))  # so "nearest but one" always exists
    stack = np.array(grids)
    nearest_two = np.partition(stack, 1, axis=0)[:2]
    nearest_owner = np.argmin(stack, axis=0)
    candidates = {}
    for sid in labelled & set(samples):
        others = nearest_two[0]  # a structure never hides itself here: its far side is never the extreme
        if sid in owners:
            others = np.where(nearest_owner == owners.index(sid), nearest_two[1], nearest_two[0])
        seen = inside[sid] & (depth[sid] <= others[cells[sid]] + DEPTH_TOLERANCE)
        if not seen.any():
            continue
        x = ndc[sid][seen, 0]
        runs = "left" if x.mean() < -MIDLINE else "right"
        pick = np.flatnonzero(seen)[np.argmin(x) if runs == "left" else np.argmax(x)]
        candidates[sid] = (samples[sid][pick], ndc[sid][pick], depth[sid][pick], runs)
    return _unstack(candidates, camera, box_px)


def _unstack(candidates: dict, camera: Camera, box_px: dict[str, tuple[float, float]]) -> dict[str, Placement]:
    """Top to bottom, move each label down (along the camera's up, in the world) until it overlaps none;
    a label that would run out of the view runs the other way."""
    width_px, height_px = camera.size_px
    placed: list[tuple[float, float, float, float]] = []
    placements = {}
    for sid, (anchor, ndc, dist, runs) in sorted(candidates.items(), key=lambda kv: -kv[1][1][1]):
        w, h = box_px[sid]
        x = (ndc[0] + 1.0) * 0.5 * width_px
        y = (ndc[1] + 1.0) * 0.5 * height_px
        if (runs == "right" and x + w > width_px) or (runs == "left" and x - w < 0):  # would leave the view
            runs = "left" if runs == "right" else "right"
        x0, x1 = (x, x + w) if runs == "right" else (x - w, x)
        top = y
        for _ in range(len(placed) + 1):
            hits = [b for b in placed if x0 < b[1] and b[0] < x1 and top - h / 2 < b[3] and b[2] < top + h / 2]
            if not hits:
                break
            top = min(b[2] for b in hits) - GAP_PX - h / 2
        placed.append((x0, x1, top - h / 2, top + h / 2))
        mm_per_px = 2.0 * dist * np.tan(np.radians(camera.view_angle) / 2.0) / height_px
        moved = np.asarray(anchor) + camera.up * (top - y) * mm_per_px
        placements[sid] = Placement(tuple(float(v) for v in moved), runs)
    return placements
