"""Bake the parametric anatomy into meshes/: one .vtp per structure, a lighter level of detail, a manifest.

Deterministic: the same parameters give the same bytes (no randomness, single-threaded sampling), which
`scripts/build_meshes.py --check` and the tests verify through the sha256 in the manifest.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvista as pv

from l5viz.anatomy.bones import SIDES, SacrumFrame, bone_sdfs, vertebra_frames
from l5viz.anatomy.ids import ALL_STRUCTURES
from l5viz.anatomy.layout import SpineLayout, build_layout
from l5viz.anatomy.meshing import finish, polygonize
from l5viz.anatomy.params import AnatomyParams
from l5viz.anatomy.soft import RootPath, disc_sdfs, neural_sdfs

FRAME_TEXT = ("millimetres; +x = patient's right, +y = anterior, +z = superior; "
              "origin at the centre of the L5-S1 disc midplane")


@dataclass(frozen=True)
class MeshSpec:
    """How finely a kind of structure is sampled, and its triangle budget at full and interactive detail."""

    voxel: float
    triangles: int
    lod_triangles: int


# Budgets: whole default scene < 250k triangles (issue 2); the LOD scene is about a quarter of it.
SPECS = {
    "vertebra": MeshSpec(0.7, 28000, 7000),
    "sacrum": MeshSpec(0.8, 34000, 8500),
    "disc": MeshSpec(0.5, 7000, 1800),
    "nucleus": MeshSpec(0.5, 2500, 700),
    "thecal": MeshSpec(0.6, 8000, 2000),
    "root": MeshSpec(0.35, 5000, 1300),
    "drg": MeshSpec(0.3, 1500, 400),
}


def spec_for(structure_id: str) -> MeshSpec:
    return SPECS[structure_id.split("_")[0]]


def sampling_box(structure_id: str, params: AnatomyParams, layout: SpineLayout,
                 paths: dict[str, RootPath]) -> tuple[np.ndarray, np.ndarray]:
    """World box that surely contains the structure (checked after meshing: nothing may touch its edge)."""
    if structure_id.startswith("vertebra_"):
        c = layout.bodies[structure_id[-2:]].frame.origin
        return c + [-55, -80, -40], c + [55, 32, 40]
    if structure_id == "sacrum":
        return np.array([-62.0, -95.0, -135.0]), np.array([62.0, 55.0, 45.0])
    if structure_id.startswith(("disc_", "nucleus_")):
        c = layout.discs[structure_id.split("_", 1)[1]].frame.origin
        return c - [32, 27, 16], c + [32, 27, 16]
    if structure_id == "thecal_sac":
        return np.array([-16.0, -70.0, -70.0]), np.array([16.0, 15.0, 130.0])
    if structure_id.startswith("root_"):
        pts = paths[structure_id].points
        return pts.min(axis=0) - 5.0, pts.max(axis=0) + 5.0
    c = paths[structure_id.replace("drg_", "root_")].ganglion_centre
    return c - 8.0, c + 8.0


def landmarks(params: AnatomyParams, layout: SpineLayout) -> dict[str, list[float]]:
    """Named points the camera presets, overlays and tests use (world mm)."""
    verts = vertebra_frames(params, layout)
    sac = SacrumFrame(params.sacrum, layout.s1_endplate)
    out: dict[str, list[float]] = {}
    for name, block in layout.discs.items():
        out[f"disc_{name}_centre"] = block.frame.origin.tolist()
        out[f"disc_{name}_normal"] = block.frame.axes[2].tolist()
    for name, v in verts.items():
        out[f"vertebra_{name}_centre"] = v.frame.origin.tolist()
    out["sacrum_centre"] = sac.frame.to_world(sac.axis_point(0.35 * params.sacrum.length)).tolist()
    for upper, lower, level in (("L3", "L4", "L3_L4"), ("L4", "L5", "L4_L5"), ("L5", None, "L5_S1")):
        u = verts[upper]
        bottom = u.pedicle_z - 0.5 * u.params.pedicle_height
        for side_name, side in SIDES.items():
            local = [side * u.pedicle_centre_x(), u.posterior_wall_y - 3.0, bottom - 9.0]
            out[f"foramen_{level}_{side_name}"] = u.frame.to_world(local).tolist()
    pts = np.array([out[k] for k in out if k.endswith("_centre")])
    out["scene_centre"] = pts.mean(axis=0).tolist()
    return out


def structure_sdfs(params: AnatomyParams, layout: SpineLayout):
    sdfs = bone_sdfs(params, layout)
    sdfs.update(disc_sdfs(params, layout))
    neural, paths = neural_sdfs(params, layout)
    sdfs.update(neural)
    return sdfs, paths


def mesh_structure(structure_id: str, sdf, params, layout, paths) -> tuple[pv.PolyData, pv.PolyData]:
    """Full-detail and interactive-detail meshes of one structure."""
    spec = spec_for(structure_id)
    lower, upper = sampling_box(structure_id, params, layout, paths)
    raw = polygonize(sdf, lower, upper, spec.voxel)
    lo, hi = np.array(raw.bounds[::2]), np.array(raw.bounds[1::2])
    if np.any(lo < lower + spec.voxel) or np.any(hi > upper - spec.voxel):
        raise RuntimeError(f"{structure_id}: surface {raw.bounds} reaches the edge of its sampling box {lower} {upper}")
    full = finish(raw, spec.triangles)
    lod = finish(full, spec.lod_triangles, smoothing_iterations=0)
    return full, lod


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


def build_all(out_dir: Path, params: AnatomyParams | None = None, only: tuple[str, ...] | None = None) -> dict:
    """Generate every structure into `out_dir` and write `manifest.json`; returns the manifest."""
    params = params or AnatomyParams()
    layout = build_layout(params)
    sdfs, paths = structure_sdfs(params, layout)
    entries = []
    for sid in ALL_STRUCTURES:
        if only and sid not in only:
            continue
        entries.append(write_structure(out_dir, sid, *mesh_structure(sid, sdfs[sid], params, layout, paths)))
    manifest = {
        "format": 1,
        "units": "mm",
        "frame": FRAME_TEXT,
        "generator": "scripts/build_meshes.py (l5viz.anatomy)",
        "parameters": params.as_dict(),
        "structures": entries,
        "landmarks": landmarks(params, layout),
        "root_paths": {rid: {"points": np.round(p.points[::4], 3).tolist(),
                             "ganglion": np.round(p.ganglion_centre, 3).tolist()} for rid, p in paths.items()},
        "frames": {name: {"origin": np.round(b.frame.origin, 4).tolist(), "axes": np.round(b.frame.axes, 6).tolist()}
                   for name, b in {**layout.bodies, **layout.discs}.items()}
        | {"S1": {"origin": np.round(layout.s1_endplate.origin, 4).tolist(),
                  "axes": np.round(layout.s1_endplate.axes, 6).tolist()}},
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest
