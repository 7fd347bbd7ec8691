"""Turn a signed distance function into a clean closed surface: sample, marching cubes, smooth, decimate.

The anatomy modules describe shapes; this module is the only place that knows how they become triangles.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pyvista as pv
from scipy import ndimage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from skimage.measure import marching_cubes

from l5viz.anatomy.sdf import SDF

CHUNK = 400_000  # points per SDF evaluation: bounds memory on a 2-core, 24 GB machine


def mesh_sdf(mesh: pv.PolyData):
    """Signed distance to a closed surface (negative inside), evaluated by VTK for a whole point array."""
    surface = mesh.compute_normals(auto_orient_normals=True, consistent_normals=True, split_vertices=False)

    def f(points: np.ndarray) -> np.ndarray:
        cloud = pv.PolyData(np.asarray(points, float))
        return np.asarray(cloud.compute_implicit_distance(surface)["implicit_distance"])

    return f


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


def polygonize(sdf: SDF, lower, upper, voxel: float, opening: int = 0) -> pv.PolyData:
    """Zero level set of `sdf` as a triangle mesh in world mm, with outward-facing triangles.

    `opening` (voxels): first remove parts thinner than about twice that (a morphological opening), such as
    the sheets a disc leaves where it wraps round an endplate's rim; elsewhere the surface is unchanged.
    """
    return surface_of(*sample_grid(sdf, lower, upper, voxel), voxel, opening)


def surface_of(values: np.ndarray, origin: np.ndarray, voxel: float, opening: int = 0) -> pv.PolyData:
    """The zero level set of sampled values (see `polygonize`); raises ValueError when nothing is inside."""
    if values.min() >= 0.0:
        raise ValueError("the shape is empty on its grid")
    if opening:
        kept = ndimage.binary_opening(values < 0, iterations=opening)
        values = np.where(kept, values, np.maximum(values, voxel))
    # Keep the box border outside so every surface closes.
    values[[0, -1], :, :] = values[:, [0, -1], :] = values[:, :, [0, -1]] = np.abs(values).max() + 1.0
    verts, faces, _, _ = marching_cubes(values, level=0.0, spacing=(voxel,) * 3, gradient_direction="ascent")
    verts += origin
    cells = np.column_stack([np.full(len(faces), 3), faces]).ravel()
    mesh = pv.PolyData(verts, cells).clean()
    return mesh


def face_cavities_inward(mesh: pv.PolyData) -> pv.PolyData:
    """Turn every shell that lies inside another shell (a cavity's wall) to face into the cavity.

    VTK's auto-orientation faces each shell outward on its own, so the annulus's wall around the nucleus
    faced the nucleus's way; a cut through the disc then showed that wall lit instead of solid material.
    """
    triangles = mesh.regular_faces.copy()
    n = mesh.n_points
    edges = np.vstack([triangles[:, [0, 1]], triangles[:, [1, 2]]])
    graph = coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    count, region = connected_components(graph, directed=False)
    if count == 1:
        return mesh
    points = mesh.points
    lows = np.array([points[region == r].min(axis=0) for r in range(count)])
    highs = np.array([points[region == r].max(axis=0) for r in range(count)])
    cavities = [r for r in range(count) if np.any(np.all(lows < lows[r], axis=1) & np.all(highs[r] < highs, axis=1))]
    if not cavities:
        return mesh
    normals = np.array(mesh.point_data["Normals"])
    for r in cavities:
        faces = region[triangles[:, 0]] == r
        triangles[faces] = triangles[faces][:, ::-1]
        normals[region == r] *= -1.0
    out = pv.PolyData(points.copy(), np.column_stack([np.full(len(triangles), 3), triangles]).ravel())
    out.point_data["Normals"] = normals
    return out


def finish(mesh: pv.PolyData, target_triangles: int, smoothing_iterations: int = 30) -> pv.PolyData:
    """Smooth away voxel steps, decimate to the triangle target, and give outward point normals.

    Quadric decimation now and then opens a surface at a thin place (a 3 mm ligament); the target is then eased
    (up to threefold, the same way each run) until it stays closed, or the surface is kept undecimated.
    """
    if smoothing_iterations:
        mesh = mesh.smooth_taubin(n_iter=smoothing_iterations, pass_band=0.05, normalize_coordinates=True)
    for ease in (1.0, 1.05, 1.1, 1.2, 1.35, 1.5, 1.75, 2.0, 2.5, 3.0, np.inf):
        out = decimated(mesh, int(min(target_triangles * ease, mesh.n_cells)))
        if not out.n_open_edges and out.is_manifold:
            return out
    raise RuntimeError(f"meshing produced an open or non-manifold surface ({out.n_open_edges} open edges)")


def decimated(mesh: pv.PolyData, target_triangles: int) -> pv.PolyData:
    mesh = mesh.triangulate()
    if mesh.n_cells > target_triangles:
        # Quadric decimation keeps these surfaces watertight where vtkDecimatePro was seen to open holes.
        mesh = mesh.decimate(1.0 - target_triangles / mesh.n_cells, volume_preservation=True)
    mesh = mesh.clean().triangulate()
    mesh = mesh.compute_normals(auto_orient_normals=True, consistent_normals=True, split_vertices=False,
                                cell_normals=False)
    return face_cavities_inward(mesh)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_polydata(mesh: pv.PolyData, path: Path) -> None:
    """Binary, uncompressed XML PolyData with float32 points: deterministic bytes for hashing."""
    mesh = mesh.copy()
    mesh.points = mesh.points.astype(np.float32)
    mesh.field_data.clear()
    path.parent.mkdir(parents=True, exist_ok=True)
    mesh.save(path, binary=True, compression=None)


def write_structure(out_dir: Path, sid: str, full: pv.PolyData, lod: pv.PolyData) -> dict:
    """Write a structure's two levels of detail; returns its manifest entry (files, triangles, sha256)."""
    file, lod_file = Path(f"{sid}.vtp"), Path("lod") / f"{sid}.vtp"
    write_polydata(full, out_dir / file)
    write_polydata(lod, out_dir / lod_file)
    return {"id": sid, "file": file.as_posix(), "triangles": int(full.n_cells), "sha256": sha256_of(out_dir / file),
            "lod_file": lod_file.as_posix(), "lod_triangles": int(lod.n_cells),
            "lod_sha256": sha256_of(out_dir / lod_file)}
