"""Regenerate the lower-body model: `python scripts/build_leg.py [--out DIR] [--annotations DIR] [--check]`.

Writes meshes/lower_body.vtp (and meshes/lod/lower_body.vtp) with the point-data arrays dermatome_<map>,
fibular_territory and side, the entry meshes/leg_manifest.json, and annotations/landmarks.json. Deterministic:
--check rebuilds into a temporary folder and compares the sha256 of every output with the committed ones.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyvista as pv

from l5viz.anatomy.meshing import finish, sha256_of, write_structure
from l5viz.leg.coords import anatomical_coordinates
from l5viz.leg.dermatomes import load_dermatome_maps
from l5viz.leg.landmarks import locate_landmarks
from l5viz.leg.params import LegParams
from l5viz.leg.shape import bounds, lower_body_sdf
from l5viz.leg.surface import polygonize
from l5viz.paths import annotations_dir, meshes_dir

MESH_ID = "lower_body"
VOXEL = 2.0  # mm: fine enough to keep the toes apart
TRIANGLES, LOD_TRIANGLES = 60_000, 15_000  # issue 5 budget: at most 60k triangles, 15k at interactive detail
FRAME_TEXT = ("millimetres; +x = patient's right, +y = anterior, +z = superior; origin at the midpoint between "
              "the two hip joint centres (not the spine's origin: the lower body is shown in its own view); "
              "standing anatomical position, feet pointing +y")
SIDE_LEGEND = {"0": "left", "1": "right"}


def mirror_symmetric(mesh: pv.PolyData, triangles: int, smoothing_iterations: int = 30) -> pv.PolyData:
    """Smooth, keep the right half, decimate it and mirror it: the left side is the exact mirror image, so
    landmarks, labels and picking agree vertex for vertex between the sides (decimating the whole would not)."""
    if smoothing_iterations:
        mesh = mesh.smooth_taubin(n_iter=smoothing_iterations, pass_band=0.05, normalize_coordinates=True)
    half = mesh.clip("x", origin=(0.0, 0.0, 0.0), invert=False).extract_surface(algorithm="dataset_surface")
    half = half.triangulate().clean()
    half = half.decimate(1.0 - (triangles // 2) / half.n_cells, volume_preservation=True, boundary_constraints=True,
                         boundary_weight=10.0)
    tri = half.faces.reshape(-1, 4)[:, 1:]
    edges, count = np.unique(np.sort(tri[:, [0, 1, 1, 2, 2, 0]].reshape(-1, 2), axis=1), axis=0, return_counts=True)
    seam = np.unique(edges[count == 1])
    points = np.array(half.points, float)
    points[seam, 0] = 0.0  # the seam lies in the median plane, so both halves share its vertices exactly
    half.points = points
    other = half.copy()
    other.points = points * [-1.0, 1.0, 1.0]
    other = other.flip_faces()
    return finish(half.merge(other).clean(tolerance=0.0), triangles, smoothing_iterations=0)


def labelled(mesh: pv.PolyData, maps, params: LegParams) -> pv.PolyData:
    """Float32 points (as stored), then labels computed from exactly those points and their normals."""
    mesh = mesh.copy()
    mesh.points = mesh.points.astype(np.float32)
    mesh = mesh.compute_normals(auto_orient_normals=True, consistent_normals=True, split_vertices=False,
                                cell_normals=False)
    coords = anatomical_coordinates(np.asarray(mesh.points, float), np.asarray(mesh.point_data["Normals"]), params)
    for name, values in maps.label_arrays(coords).items():
        mesh.point_data[name] = values
    mesh.point_data["side"] = coords["side"]
    return mesh


def build(out_dir: Path, landmarks_dir: Path, params: LegParams | None = None) -> dict:
    """Mesh, label and write the lower body; returns the manifest entry."""
    params = params or LegParams()
    maps, problems = load_dermatome_maps()
    if maps is None:
        raise SystemExit("cannot label the leg:\n" + "\n".join(str(p) for p in problems))
    lower, upper = bounds(params)
    verts, faces = polygonize(lower_body_sdf(params), lower, upper, VOXEL)
    raw = pv.PolyData(verts, np.column_stack([np.full(len(faces), 3), faces]).ravel()).clean()
    full = labelled(mirror_symmetric(raw, TRIANGLES), maps, params)
    lod = labelled(mirror_symmetric(full, LOD_TRIANGLES, smoothing_iterations=0), maps, params)
    entry = write_structure(out_dir, MESH_ID, full, lod)
    landmarks = {
        "format": 1,
        "generator": "scripts/build_leg.py (l5viz.leg.landmarks): rays aimed at the skin, snapped to mesh vertices",
        "mesh": f"meshes/{entry['file']}",
        "frame": FRAME_TEXT,
        "landmarks": locate_landmarks(np.asarray(full.points, float), full.faces.reshape(-1, 4)[:, 1:], params),
    }
    landmarks_dir.mkdir(parents=True, exist_ok=True)
    (landmarks_dir / "landmarks.json").write_text(json.dumps(landmarks, indent=1) + "\n")
    entry["point_arrays"] = sorted(n for n in full.point_data if n != "Normals")
    manifest = {
        "format": 1, "units": "mm", "frame": FRAME_TEXT,
        "generator": "scripts/build_leg.py (l5viz.leg)",
        "parameters": params.as_dict() | {"voxel": VOXEL},
        "labels": {"dermatomes": "annotations/dermatomes.json (legend and region rules)", "side": SIDE_LEGEND},
        "landmarks_file": "annotations/landmarks.json",
        "landmarks_sha256": sha256_of(landmarks_dir / "landmarks.json"),
        "structures": [entry],
    }
    (out_dir / "leg_manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=meshes_dir())
    parser.add_argument("--annotations", type=Path, default=annotations_dir())
    parser.add_argument("--check", action="store_true", help="rebuild to a temp dir and compare hashes")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.check:
        committed = json.loads((meshes_dir() / "leg_manifest.json").read_text())
        with tempfile.TemporaryDirectory() as tmp:
            fresh = build(Path(tmp), Path(tmp))
        keys = ("sha256", "lod_sha256")
        same = ([committed["structures"][0][k] for k in keys] == [fresh["structures"][0][k] for k in keys]
                and committed["landmarks_sha256"] == fresh["landmarks_sha256"])
        print(f"{'same as' if same else 'DIFFERS from'} the committed build ({time.perf_counter() - start:.1f} s)")
        return 0 if same else 1
    manifest = build(args.out, args.annotations)
    e = manifest["structures"][0]
    print(f"wrote {args.out / e['file']} ({e['triangles']} triangles, {e['lod_triangles']} at interactive detail) "
          f"and {args.annotations / 'landmarks.json'} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
