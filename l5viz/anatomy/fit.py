"""Measure frames and key dimensions from the real bone and disc surfaces (build time, uses VTK).

Each figure is found on the surfaces themselves, by rays and sections in the bone's own frame, the way
a morphometry paper measures a CT; nothing here is an assumed average.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from l5viz.anatomy.geometry import DiscGeometry, SpineGeometry, VertebraGeometry, bones_of
from l5viz.anatomy.sdf import Frame



class Rays:
    """Ray casts against one closed surface through a locator built once (each cast then takes microseconds)."""

    def __init__(self, mesh: pv.PolyData):
        from vtkmodules.vtkFiltersGeneral import vtkOBBTree

        self.tree = vtkOBBTree()
        self.tree.SetDataSet(mesh)
        self.tree.BuildLocator()

    def __call__(self, start, direction, length: float = 250.0) -> np.ndarray:
        """Distances from `start` along unit `direction` to every crossing, sorted."""
        from vtkmodules.vtkCommonCore import vtkPoints

        start, direction = np.asarray(start, float), np.asarray(direction, float)
        found = vtkPoints()
        self.tree.IntersectWithLine(start, start + direction * length, found, None)
        points = np.array([found.GetPoint(i) for i in range(found.GetNumberOfPoints())]).reshape(-1, 3)
        return np.unique(np.round((points - start) @ direction, 3))


def frame_with_normal(origin: np.ndarray, normal: np.ndarray) -> Frame:
    """Frame at `origin` with local z = `normal`, x = the patient's right made perpendicular to it."""
    z = normal / np.linalg.norm(normal)
    x = np.array([1.0, 0.0, 0.0]) - z[0] * z
    x /= np.linalg.norm(x)
    return Frame(np.asarray(origin, float), np.vstack([x, np.cross(z, x), z]))


def disc_normal(points: np.ndarray) -> np.ndarray:
    """Direction in which a disc is thinnest (its mid-plane normal), pointing up."""
    centred = points - points.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    n = vt[2]
    return n if n[2] > 0 else -n


def measure_disc(name: str, volume_points: np.ndarray, outer: pv.PolyData, above: Rays, below: Rays) -> DiscGeometry:
    """Frame from the disc's volume; heights from endplate to endplate (bone to bone, 3 mm inside each rim)."""
    frame = frame_with_normal(volume_points.mean(axis=0), disc_normal(volume_points))
    local = frame.to_local(outer.points)
    mid = local[(np.abs(local[:, 2]) < 1.5) & (np.abs(local[:, 0]) < 2.0)]
    front, back = mid[:, 1].max(), mid[:, 1].min()
    band = local[np.abs(local[:, 2]) < 1.5]

    def gap(y: float) -> float:
        p = frame.to_world([0.0, y, 0.0])
        return float(above(p, frame.axes[2])[0] + below(p, -frame.axes[2])[0])

    return DiscGeometry(name, frame, gap(front - 3.0), gap(back + 3.0), float(np.ptp(band[:, 0])), float(front - back),
                        float(back))


def runs_from_canal(rays: Rays, frame: Frame, starts: list, side: float) -> tuple[np.ndarray, np.ndarray]:
    """For rays from points in the canal toward `side`: where bone starts and where it ends (NaN if none).

    A start already inside bone (the posterior rim of the body) counts as no bone: the ray is skipped.
    """
    inner, outer = np.full(len(starts), np.nan), np.full(len(starts), np.nan)
    direction = frame.axes[0] * side
    for k, local in enumerate(starts):
        h = rays(frame.to_world(local), direction, 40.0)
        if len(h) >= 2 and h[0] > 3.0:
            inner[k], outer[k] = h[0], h[1]
    return inner, outer


PEDICLE_SECTION_DEPTH = 5.0  # mm behind the body's posterior wall: past the body's rim, before the TP and SAP


def pedicle_of(rays: Rays, frame: Frame, wall_y: float, side: float) -> dict:
    """One pedicle, in the coronal plane just behind the body: its medial wall (the bone nearest the midline
    at mid-body), its height (a vertical ray 3 mm lateral to that wall, from the foramen below to the
    notch above) and its width at the isthmus (the narrowest transverse bone run at its mid-height).
    """
    y = wall_y - PEDICLE_SECTION_DEPTH
    zs = np.arange(-12.0, 12.01, 0.5)
    inner, _ = runs_from_canal(rays, frame, [[0.0, y, z] for z in zs], side)
    if np.all(np.isnan(inner)):
        raise RuntimeError("no pedicle found behind the posterior wall")
    medial = float(np.nanmin(inner))
    x = side * (medial + 3.0)
    vertical = rays(frame.to_world([x, y, -35.0]), frame.axes[2], 70.0) - 35.0
    inside = vertical[(vertical > -25.0)]
    bottom, top = float(inside[0]), float(inside[1])
    # Width in the pedicle's upper third: lower down, the L4 and L5 transverse processes spring from its side.
    width_z = top - 0.3 * (top - bottom)
    ys = wall_y - np.arange(1.0, 12.01, 0.5)
    inner, outer = runs_from_canal(rays, frame, [[0.0, y_, width_z] for y_ in ys], side)
    width = float(np.nanmin(outer - inner))
    return {"medial": medial, "width": width, "bottom": bottom, "top": top, "centre_x": medial + 0.5 * width}


def measure_vertebra(name: str, bone: pv.PolyData, rays: Rays, disc_below: DiscGeometry,
                     disc_above: DiscGeometry | None) -> VertebraGeometry:
    """Body frame, posterior wall, canal depth and pedicle isthmus of one lumbar vertebra."""
    normal = disc_below.frame.axes[2] + (disc_above.frame.axes[2] if disc_above else disc_below.frame.axes[2])
    up = normal / np.linalg.norm(normal)
    through = rays(disc_below.frame.origin, up)  # lower endplate, upper endplate
    origin = disc_below.frame.origin + up * 0.5 * (through[0] + through[1])
    frame = frame_with_normal(origin, up)

    def vertical(y: float) -> float:
        h = rays(frame.to_world([0.0, y, -60.0]), up)
        return float(h[1] - h[0])

    ap = rays(frame.to_world([0.0, 80.0, 0.0]), -frame.axes[1])  # front, back wall, lamina, ...
    front_y, wall_y = 80.0 - ap[0], 80.0 - ap[1]
    canal_depth = float(ap[2] - ap[1])
    right, left = (pedicle_of(rays, frame, wall_y, side) for side in (1.0, -1.0))
    upper_plate = 0.5 * (through[1] - through[0]) - 2.5
    cut = frame.to_local(bone.slice(normal=up, origin=frame.to_world([0.0, 0.0, upper_plate])).points)
    body = cut[cut[:, 1] > wall_y]
    return VertebraGeometry(
        name=name, frame=frame, posterior_wall_y=float(wall_y), canal_depth=canal_depth,
        pedicle_x=0.5 * (right["centre_x"] + left["centre_x"]),
        pedicle_z=0.25 * (right["bottom"] + right["top"] + left["bottom"] + left["top"]),
        pedicle_height=0.5 * (right["top"] - right["bottom"] + left["top"] - left["bottom"]),
        pedicle_width=0.5 * (right["width"] + left["width"]),
        interpedicular_distance=right["medial"] + left["medial"],
        height_anterior=vertical(front_y - 3.0), height_posterior=vertical(wall_y + 3.0),
        endplate_width=float(np.ptp(body[:, 0])), endplate_depth=float(front_y - wall_y),
    )


def measure_spine(bones: dict[str, pv.PolyData], discs: dict[str, tuple[np.ndarray, pv.PolyData]]) -> SpineGeometry:
    """`bones`: vertebra_L1..L5 and sacrum; `discs`: level -> (volume points, outer surface)."""
    rays = {k: Rays(m) for k, m in bones.items()}
    disc_geo = {lv: measure_disc(lv, pts, outer, *(rays[b] for b in bones_of(lv))) for lv, (pts, outer) in discs.items()}
    verts = {}
    for level in disc_geo:  # each vertebra sits on the disc below it; its axis also follows the disc above
        upper = level.split("_")[0]
        above = next((d for lv, d in disc_geo.items() if lv.endswith(f"_{upper}")), None)
        verts[upper] = measure_vertebra(upper, bones[f"vertebra_{upper}"], rays[f"vertebra_{upper}"],
                                        disc_geo[level], above)
    l5s1 = disc_geo["L5_S1"].frame
    down = rays["sacrum"](l5s1.origin, -l5s1.axes[2])[0]
    s1 = Frame(l5s1.origin - l5s1.axes[2] * down, l5s1.axes)
    return SpineGeometry(verts, disc_geo, s1)
