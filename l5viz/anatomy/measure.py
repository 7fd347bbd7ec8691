"""Measure the baked meshes the way the morphometry papers measure bone: on the surfaces themselves.

Each measurement casts rays or cuts slices in a vertebra's own frame (as a radiologist aligns to the
endplate), so the figures test the geometry, not the parameters that made it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvista as pv

from l5viz.anatomy.sdf import Frame


@dataclass
class BakedScene:
    """Meshes and the generator's frames/landmarks read back from a meshes/ folder."""

    meshes: dict[str, pv.PolyData]
    manifest: dict

    @classmethod
    def load(cls, folder: Path, lod: bool = False) -> "BakedScene":
        manifest = json.loads((folder / "manifest.json").read_text())
        key = "lod_file" if lod else "file"
        meshes = {e["id"]: pv.read(folder / e[key]) for e in manifest["structures"]}
        return cls(meshes, manifest)

    def frame(self, name: str) -> Frame:
        f = self.manifest["frames"][name]
        return Frame(np.array(f["origin"]), np.array(f["axes"]))

    def vertebra(self, name: str) -> dict:
        return next(v for v in self.manifest["parameters"]["vertebrae"] if v["name"] == name)


def ray_hits(mesh: pv.PolyData, start: np.ndarray, direction: np.ndarray, length: float = 200.0) -> np.ndarray:
    """Distances along `direction` (unit) from `start` to every surface crossing, sorted."""
    end = start + direction * length
    points, _ = mesh.ray_trace(start, end)
    if len(points) == 0:
        return np.empty(0)
    return np.sort((np.asarray(points) - start) @ direction)


def extent_along(mesh: pv.PolyData, frame: Frame, local_start, local_dir) -> float:
    """Thickness of `mesh` along a local line: last crossing minus first crossing."""
    d = frame.direction_to_world(np.asarray(local_dir, float))
    start = frame.to_world(np.asarray(local_start, float)) - d * 100.0
    hits = ray_hits(mesh, start, d)
    return float(hits[-1] - hits[0]) if len(hits) >= 2 else float("nan")


def first_hit(mesh: pv.PolyData, frame: Frame, local_start, local_dir) -> float:
    d = frame.direction_to_world(np.asarray(local_dir, float))
    hits = ray_hits(mesh, frame.to_world(np.asarray(local_start, float)), d)
    return float(hits[0]) if len(hits) else float("nan")


def body_dimensions(scene: BakedScene, level: str) -> dict[str, float]:
    """Endplate width and midsagittal depth 2.5 mm below the upper endplate; anterior/posterior heights."""
    mesh = scene.meshes[f"vertebra_{level}"]
    f = scene.frame(level)
    v = scene.vertebra(level)
    depth = v["endplate_depth"]
    mean_h = 0.5 * (v["height_anterior"] + v["height_posterior"])
    half_wedge = 0.5 * np.arctan((v["height_anterior"] - v["height_posterior"]) / depth)
    z_cut = 0.5 * mean_h - 2.5
    # Cut parallel to the upper endplate, keep the body (in front of the pedicles).
    normal = f.direction_to_world([0.0, -np.sin(half_wedge), np.cos(half_wedge)])
    section = mesh.slice(normal=normal, origin=f.to_world([0, 0, z_cut]))
    local = f.to_local(section.points)
    front = local[local[:, 1] > -2.0]
    midline = local[(np.abs(local[:, 0]) < 1.0) & (local[:, 1] > -0.5 * depth - 6.0)]
    return {
        "width": float(front[:, 0].max() - front[:, 0].min()),
        "depth": float(midline[:, 1].max() - midline[:, 1].min()),
        "height_anterior": extent_along(mesh, f, [0, 0.5 * depth - 2.0, 0], [0, 0, 1]),
        "height_posterior": extent_along(mesh, f, [0, -0.5 * depth + 2.0, 0], [0, 0, 1]),
    }


def disc_heights(scene: BakedScene, level: str) -> dict[str, float]:
    """Annulus thickness 2 mm inside its anterior and posterior margins, along the disc's own axis."""
    mesh = scene.meshes[f"disc_{level}"]
    f = scene.frame(level)
    half_depth = 0.5 * scene.vertebra(level.split("_")[0])["endplate_depth"]
    return {
        "height_anterior": extent_along(mesh, f, [0, half_depth - 2.0, 0], [0, 0, 1]),
        "height_posterior": extent_along(mesh, f, [0, -half_depth + 2.0, 0], [0, 0, 1]),
    }


def pedicle_level(scene: BakedScene, level: str) -> float:
    v = scene.vertebra(level)
    return 0.5 * v["height_posterior"] - 1.5 - 0.5 * v["pedicle_height"]


def canal_dimensions(scene: BakedScene, level: str) -> dict[str, float]:
    """Interpedicular distance and midsagittal canal depth at the pedicles' mid-height."""
    mesh = scene.meshes[f"vertebra_{level}"]
    f = scene.frame(level)
    y_pw = -0.5 * scene.vertebra(level)["endplate_depth"]
    z = pedicle_level(scene, level)
    inside = [0.0, y_pw - 4.0, z]
    width = first_hit(mesh, f, inside, [1, 0, 0]) + first_hit(mesh, f, inside, [-1, 0, 0])
    centre = [0.0, y_pw - 6.0, z - 2.0]
    depth = first_hit(mesh, f, centre, [0, 1, 0]) + first_hit(mesh, f, centre, [0, -1, 0])
    return {"interpedicular_distance": float(width), "canal_depth": float(depth)}


def foraminal_height(scene: BakedScene, level: str, side: str) -> float:
    """Pedicle-to-pedicle (or pedicle-to-sacral notch) height through the foramen centre, along the upper axis."""
    upper = level.split("_")[0]
    f = scene.frame(upper)
    centre = np.array(scene.manifest["landmarks"][f"foramen_{level}_{side}"])
    lower_id = "sacrum" if level.endswith("S1") else f"vertebra_{level.split('_')[1]}"
    up = f.direction_to_world([0, 0, 1])
    to_roof = ray_hits(scene.meshes[f"vertebra_{upper}"], centre, up)
    to_floor = ray_hits(scene.meshes[lower_id], centre, -up)
    return float(to_roof[0] + to_floor[0]) if len(to_roof) and len(to_floor) else float("nan")


def upper_endplate_normal(mesh: pv.PolyData, frame: Frame, half_size: float = 10.0) -> np.ndarray:
    """Normal of a plane fitted to the upper endplate surface, found by rays cast down its central region."""
    grid = np.linspace(-half_size, half_size, 5)
    down = frame.direction_to_world([0, 0, -1])
    pts = []
    for x in grid:
        for y in grid * 0.8:
            start = frame.to_world([x, y, 40.0])
            hits = ray_hits(mesh, start, down)
            if len(hits):
                pts.append(start + down * hits[0])
    pts = np.array(pts)
    centred = pts - pts.mean(axis=0)
    normal = np.linalg.svd(centred)[2][2]
    return normal if normal @ frame.axes[2] > 0 else -normal


def segmental_lordosis(scene: BakedScene, upper: str, lower: str) -> float:
    """Angle between the upper endplates of two levels (upper body wedge + disc wedge), degrees."""
    n_upper = upper_endplate_normal(scene.meshes[f"vertebra_{upper}"], scene.frame(upper))
    lower_mesh = scene.meshes["sacrum" if lower == "S1" else f"vertebra_{lower}"]
    n_lower = upper_endplate_normal(lower_mesh, scene.frame(lower))
    return float(np.degrees(np.arccos(np.clip(n_upper @ n_lower, -1.0, 1.0))))


def points_inside(points: np.ndarray, closed_mesh: pv.PolyData) -> np.ndarray:
    """Boolean mask of the points that lie inside a closed surface."""
    probe = pv.PolyData(np.asarray(points, float))
    selected = probe.select_interior_points(closed_mesh, check_surface=False)
    return np.asarray(selected["selected_points"], bool)


def signed_distance(points: np.ndarray, closed_mesh: pv.PolyData) -> np.ndarray:
    """Distance of each point to a closed, outward-facing surface: negative inside, positive outside (mm)."""
    probe = pv.PolyData(np.asarray(points, float))
    return np.asarray(probe.compute_implicit_distance(closed_mesh)["implicit_distance"], float)
