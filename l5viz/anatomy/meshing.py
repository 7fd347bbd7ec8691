"""Turn a signed distance function into a clean closed surface: sample, marching cubes, smooth, decimate.

The anatomy modules describe shapes; this module is the only place that knows how they become triangles.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from skimage.measure import marching_cubes

from l5viz.anatomy.sdf import SDF

CHUNK = 400_000  # points per SDF evaluation: bounds memory on a 2-core, 24 GB machine


def sample_grid(sdf: SDF, lower: np.ndarray, upper: np.ndarray, voxel: float) -> tuple[np.ndarray, np.ndarray]:
    """SDF values on a regular grid covering [lower, upper]; returns (values[nx, ny, nz], grid origin)."""
    lower = np.asarray(lower, float) - 2 * voxel
    upper = np.asarray(upper, float) + 2 * voxel
    axes = [np.arange(lo, hi + voxel, voxel) for lo, hi in zip(lower, upper)]
    shape = tuple(len(a) for a in axes)
    gx, gy, gz = np.meshgrid(*axes, indexing="ij")
    points = np.column_stack([gx.ravel(), gy.ravel(), gz.ravel()])
    values = np.empty(len(points))
    for start in range(0, len(points), CHUNK):
        values[start : start + CHUNK] = sdf(points[start : start + CHUNK])
    return values.reshape(shape), lower


def polygonize(sdf: SDF, lower, upper, voxel: float) -> pv.PolyData:
    """Zero level set of `sdf` as a triangle mesh in world mm, with outward-facing triangles."""
    values, origin = sample_grid(sdf, lower, upper, voxel)
    # Keep the box border outside so every surface closes.
    values[[0, -1], :, :] = values[:, [0, -1], :] = values[:, :, [0, -1]] = np.abs(values).max() + 1.0
    verts, faces, _, _ = marching_cubes(values, level=0.0, spacing=(voxel,) * 3, gradient_direction="ascent")
    verts += origin
    cells = np.column_stack([np.full(len(faces), 3), faces]).ravel()
    mesh = pv.PolyData(verts, cells).clean()
    return mesh


def finish(mesh: pv.PolyData, target_triangles: int, smoothing_iterations: int = 30) -> pv.PolyData:
    """Smooth away voxel steps, decimate to the triangle target, and give outward point normals."""
    if smoothing_iterations:
        mesh = mesh.smooth_taubin(n_iter=smoothing_iterations, pass_band=0.05, normalize_coordinates=True)
    if mesh.n_cells > target_triangles:
        # Quadric decimation keeps these surfaces watertight where vtkDecimatePro was seen to open holes.
        mesh = mesh.decimate(1.0 - target_triangles / mesh.n_cells, volume_preservation=True)
    mesh = mesh.clean().triangulate()
    mesh = mesh.compute_normals(auto_orient_normals=True, consistent_normals=True, split_vertices=False,
                                cell_normals=False)
    if mesh.n_open_edges or not mesh.is_manifold:
        raise RuntimeError(f"meshing produced an open or non-manifold surface ({mesh.n_open_edges} open edges)")
    return mesh
