"""Measure the baked meshes in meshes/ and compare them with the published ranges they were built from.

Ranges: shared reference (anatomy-reference.md) sections 1-5, which compile Panjabi 1992, Zhou 2000,
Zindrick 1987, Eisenstein 1977 (bodies, pedicles, canal), disc radiographic series (section 3),
Hasegawa 1995 (foraminal height), and the segmental lordosis figures of section 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import trimesh

from l5viz.anatomy.build import build_all, sha256_of
from l5viz.anatomy.ids import ALL_STRUCTURES
from l5viz.anatomy.measure import (
    BakedScene,
    body_dimensions,
    canal_dimensions,
    disc_heights,
    foraminal_height,
    points_inside,
    ray_hits,
    segmental_lordosis,
)
from l5viz.paths import meshes_dir

# (low, high) in mm or degrees, with the reference section that gives them.
BODY_RANGES = {  # section 1: upper endplate width, depth, anterior and posterior heights
    "L4": {"width": (46, 49), "depth": (34, 36), "height_anterior": (27, 29), "height_posterior": (25, 27)},
    "L5": {"width": (48, 50), "depth": (34, 36), "height_anterior": (27, 30), "height_posterior": (23, 26)},
}
DISC_RANGES = {  # section 3
    "L4_L5": {"height_anterior": (12, 14), "height_posterior": (7, 8)},
    "L5_S1": {"height_anterior": (12, 15), "height_posterior": (5, 7)},
}
CANAL_RANGES = {  # section 1: interpedicular distance; canal AP depth 15-19 (Eisenstein: < 15 narrow)
    "L4": {"interpedicular_distance": (22, 25), "canal_depth": (15, 19)},
    "L5": {"interpedicular_distance": (24, 28), "canal_depth": (15, 20)},
}
FORAMEN_HEIGHT = {"L4_L5": (19, 22), "L5_S1": (16, 20)}  # section 4 (Hasegawa 1995: <= 15 mm compresses)
LORDOSIS = {("L4", "L5"): (10, 14), ("L5", "S1"): (14, 20)}  # section 2, segmental
BONES = ("vertebra_L3", "vertebra_L4", "vertebra_L5", "sacrum")
NEURAL = tuple(s for s in ALL_STRUCTURES if s.startswith(("root_", "drg_", "thecal")))


@pytest.fixture(scope="module")
def scene() -> BakedScene:
    return BakedScene.load(meshes_dir())


def assert_in(value: float, bounds: tuple[float, float], what: str) -> None:
    low, high = bounds
    assert low <= value <= high, f"{what} = {value:.1f}, outside the cited range {low}-{high}"


@pytest.mark.parametrize("level", ["L4", "L5"])
def test_vertebral_body_matches_morphometry(scene, level):
    measured = body_dimensions(scene, level)
    for key, bounds in BODY_RANGES[level].items():
        assert_in(measured[key], bounds, f"{level} body {key}")


@pytest.mark.parametrize("level", ["L4_L5", "L5_S1"])
def test_disc_heights(scene, level):
    measured = disc_heights(scene, level)
    for key, bounds in DISC_RANGES[level].items():
        assert_in(measured[key], bounds, f"{level} disc {key}")


@pytest.mark.parametrize("level", ["L4", "L5"])
def test_canal_width_and_depth(scene, level):
    measured = canal_dimensions(scene, level)
    for key, bounds in CANAL_RANGES[level].items():
        assert_in(measured[key], bounds, f"{level} {key}")


@pytest.mark.parametrize("level", ["L4_L5", "L5_S1"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_foraminal_height(scene, level, side):
    assert_in(foraminal_height(scene, level, side), FORAMEN_HEIGHT[level], f"{level} {side} foraminal height")


@pytest.mark.parametrize("upper,lower", list(LORDOSIS))
def test_segmental_lordosis(scene, upper, lower):
    assert_in(segmental_lordosis(scene, upper, lower), LORDOSIS[(upper, lower)], f"{upper}-{lower} lordosis")


def plane_points(points: np.ndarray, centre, normal, tolerance: float) -> np.ndarray:
    return points[np.abs((points - np.asarray(centre)) @ np.asarray(normal)) < tolerance]


@pytest.mark.parametrize("side", ["left", "right"])
def test_l5_root_is_medial_to_l5_pedicle_at_the_l4_l5_disc(scene, side):
    """Traversing at L4-5: in the lateral recess, medial to the L5 pedicle (reference section 5)."""
    lm = scene.manifest["landmarks"]
    root = plane_points(scene.meshes[f"root_L5_{side}"].points, lm["disc_L4_L5_centre"], lm["disc_L4_L5_normal"], 1.0)
    assert len(root), "the L5 root does not reach the L4-5 disc level"
    l5 = scene.frame("L5")
    half_ipd = canal_dimensions(scene, "L5")["interpedicular_distance"] / 2
    assert np.abs(l5.to_local(root)[:, 0]).max() < half_ipd


@pytest.mark.parametrize("side", ["left", "right"])
def test_l5_root_is_lateral_to_the_canal_in_the_l5_s1_foramen(scene, side):
    """Exiting at L5-S1: at the foramen's level the root lies beyond the medial pedicle wall."""
    l5 = scene.frame("L5")
    centre = np.array(scene.manifest["landmarks"][f"foramen_L5_S1_{side}"])
    root = plane_points(scene.meshes[f"root_L5_{side}"].points, centre, l5.axes[2], 1.0)
    assert len(root)
    half_ipd = canal_dimensions(scene, "L5")["interpedicular_distance"] / 2
    assert np.abs(l5.to_local(root)[:, 0]).min() > half_ipd
    # ... and the ganglion sits in the upper foramen, under the L5 pedicle.
    ganglion = l5.to_local(np.array(scene.manifest["root_paths"][f"root_L5_{side}"]["ganglion"]))
    pedicle_bottom = 0.5 * 24.5 - 1.5 - 14.0
    assert ganglion[2] < pedicle_bottom
    assert abs(ganglion[2] - pedicle_bottom) < 0.5 * FORAMEN_HEIGHT["L5_S1"][0]


@pytest.mark.parametrize("root,upper,lower", [("L4", "L4", "L5"), ("L5", "L5", "S1")])
@pytest.mark.parametrize("side", ["left", "right"])
def test_exiting_root_passes_between_the_pedicles(scene, root, upper, lower, side):
    """L4 exits the L4-5 foramen and L5 the L5-S1 foramen: their ganglion lies between roof and floor."""
    ganglion = np.array(scene.manifest["root_paths"][f"root_{root}_{side}"]["ganglion"])
    up = scene.frame(upper).axes[2]
    roof = ray_hits(scene.meshes[f"vertebra_{upper}"], ganglion, up)
    floor = ray_hits(scene.meshes["sacrum" if lower == "S1" else f"vertebra_{lower}"], ganglion, -up)
    assert len(roof) and len(floor)
    assert roof[0] + floor[0] < 25.0, "the ganglion is not inside a foramen"


@pytest.mark.parametrize("side", ["left", "right"])
def test_s1_root_runs_through_the_s1_foramen(scene, side):
    """Somewhere along its course the S1 root is enclosed by sacral bone above and below (a tunnel)."""
    s1 = scene.frame("S1")
    sacrum = scene.meshes["sacrum"]
    path = np.array(scene.manifest["root_paths"][f"root_S1_{side}"]["points"])
    in_tunnel = [
        p for p in path
        if s1.to_local(p)[2] < -10.0
        and len(ray_hits(sacrum, p, s1.axes[2], 14.0)) and len(ray_hits(sacrum, p, -s1.axes[2], 14.0))
    ]
    assert in_tunnel, "the S1 root never passes through a bony tunnel in the sacrum"


@pytest.mark.parametrize("nerve", NEURAL)
def test_no_bone_nerve_interpenetration(scene, nerve):
    for bone in BONES:
        assert not points_inside(scene.meshes[nerve].points, scene.meshes[bone]).any(), f"{nerve} inside {bone}"
        assert not points_inside(scene.meshes[bone].points, scene.meshes[nerve]).any(), f"{bone} inside {nerve}"


@pytest.mark.parametrize("structure", ALL_STRUCTURES)
@pytest.mark.parametrize("lod", [False, True])
def test_every_mesh_is_closed_manifold_and_outward(structure, lod, scene):
    folder = meshes_dir()
    manifest = scene.manifest
    entry = next(e for e in manifest["structures"] if e["id"] == structure)
    import pyvista as pv

    mesh = pv.read(folder / entry["lod_file" if lod else "file"])
    faces = mesh.faces.reshape(-1, 4)[:, 1:]
    tm = trimesh.Trimesh(mesh.points, faces, process=False)
    assert tm.is_watertight, f"{structure} has holes"
    assert tm.is_winding_consistent
    assert tm.volume > 0, f"{structure} normals point inward"


def test_triangle_budget_and_lighter_level_of_detail(scene):
    entries = scene.manifest["structures"]
    assert {e["id"] for e in entries} == set(ALL_STRUCTURES)
    full = sum(e["triangles"] for e in entries)
    lod = sum(e["lod_triangles"] for e in entries)
    assert full <= 250_000
    assert lod <= full / 3
    for e in entries:
        assert e["triangles"] == scene.meshes[e["id"]].n_cells


def test_manifest_hashes_match_files():
    folder = meshes_dir()
    manifest = json.loads((folder / "manifest.json").read_text())
    for e in manifest["structures"]:
        assert sha256_of(folder / e["file"]) == e["sha256"], e["file"]
        assert sha256_of(folder / e["lod_file"]) == e["lod_sha256"], e["lod_file"]


def test_build_is_deterministic(tmp_path: Path):
    """Rebuilding a bone, a disc and a root gives the committed bytes (the full check: build_meshes.py --check)."""
    committed = {e["id"]: e for e in json.loads((meshes_dir() / "manifest.json").read_text())["structures"]}
    only = ("vertebra_L5", "disc_L4_L5", "root_L5_left")
    fresh = build_all(tmp_path, only=only)
    for e in fresh["structures"]:
        assert e["sha256"] == committed[e["id"]]["sha256"], e["id"]
        assert e["lod_sha256"] == committed[e["id"]]["lod_sha256"], e["id"]
