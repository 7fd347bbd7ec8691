"""Measure the baked meshes in meshes/ and compare them with the published ranges they were built from.

Ranges: shared reference (anatomy-reference.md) sections 1-5, which compile Panjabi 1992, Zhou 2000,
Zindrick 1987, Eisenstein 1977 (bodies, pedicles, canal), disc radiographic series (section 3),
Hasegawa 1995 (foraminal height), and the segmental lordosis figures of section 2. Further tests check
the model's own consistency: roots without kinks, the L4 nerve's course out of its foramen, roots that do not
run through one another, and discs that sit on their endplates without entering bone.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import trimesh

from l5viz.anatomy.build import build_all, sha256_of
from l5viz.anatomy.ids import ALL_STRUCTURES
from l5viz.anatomy.layout import build_layout
from l5viz.anatomy.measure import (
    BakedScene,
    body_dimensions,
    canal_dimensions,
    disc_heights,
    foraminal_height,
    points_inside,
    ray_hits,
    segmental_lordosis,
    signed_distance,
)
from l5viz.anatomy.params import AnatomyParams
from l5viz.anatomy.soft import root_paths
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
ROOTS = tuple(s for s in ALL_STRUCTURES if s.startswith("root_"))
DISC_NEIGHBOURS = {"L3_L4": ("vertebra_L3", "vertebra_L4"), "L4_L5": ("vertebra_L4", "vertebra_L5"),
                   "L5_S1": ("vertebra_L5", "sacrum")}
DISC_BONE_TOLERANCE = 0.3  # mm: a disc touches its endplates; more overlap than meshing noise is a defect


@pytest.fixture(scope="module")
def scene() -> BakedScene:
    return BakedScene.load(meshes_dir())


@pytest.fixture(scope="module")
def lod_scene() -> BakedScene:
    return BakedScene.load(meshes_dir(), lod=True)


@pytest.fixture(scope="module")
def generated():
    """Layout and root centrelines at full sampling, from the default parameters the meshes are baked from."""
    params = AnatomyParams()
    layout = build_layout(params)
    return layout, root_paths(params, layout)


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
    # A shell inside another (the annulus's wall around the nucleus) bounds a cavity: it faces into it,
    # so the material lies on the front side of every face and a cut through it reads as solid.
    shells = tm.split(only_watertight=False)
    for shell in shells:
        enclosed = any(np.all(other.bounds[0] < shell.bounds[0]) and np.all(shell.bounds[1] < other.bounds[1])
                       for other in shells if other is not shell)
        assert (shell.volume < 0) == enclosed, f"{structure}: a shell faces the wrong way"
    if structure.startswith("disc_"):
        assert len(shells) == 2, f"{structure}: the annulus should surround the nucleus space"


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


def turning_per_mm(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Turn (degrees) between consecutive centreline segments per mm of arc, and the segment lengths."""
    d = np.diff(points, axis=0)
    seg = np.linalg.norm(d, axis=1)
    u = d / seg[:, None]
    angle = np.degrees(np.arccos(np.clip(np.sum(u[1:] * u[:-1], axis=1), -1.0, 1.0)))
    return angle / (0.5 * (seg[1:] + seg[:-1])), seg


def test_root_centrelines_are_the_baked_ones(scene, generated):
    """The centrelines measured below are the ones the meshes were baked along (manifest keeps every 4th)."""
    _, paths = generated
    for rid, path in paths.items():
        np.testing.assert_allclose(scene.manifest["root_paths"][rid]["points"], path.points[::4], atol=2e-3)


@pytest.mark.parametrize("root", ROOTS)
def test_root_course_has_no_kink(generated, root):
    """No turn sharper than a bend radius of twice the tube's own radius (14 deg/mm for the 4 mm root,
    10 deg/mm for the 5.5 mm nerve): tighter reads as a kink or hairpin and pinches the tube's inner side.
    Samples lie under 2.5 mm apart, so a corner cannot hide between two of them."""
    _, paths = generated
    path = paths[root]
    per_mm, seg = turning_per_mm(path.points)
    assert seg.max() < 2.5, f"{root}: samples {seg.max():.1f} mm apart"
    limit = np.degrees(1.0 / (2.0 * path.radii[1:-1]))
    worst = int(np.argmax(per_mm / limit))
    assert per_mm[worst] <= limit[worst], (
        f"{root}: turns {per_mm[worst]:.1f} deg/mm at sample {worst + 1} (limit {limit[worst]:.1f})")


@pytest.mark.parametrize("side", ["left", "right"])
def test_l4_nerve_runs_down_out_and_forward_after_its_foramen(scene, generated, side):
    """Reference section 5: past its ganglion in the L4-5 foramen the L4 ventral ramus runs inferolaterally and
    forward, in the psoas in front of the L5 transverse process; it never bends back up, in or back."""
    _, paths = generated
    path = paths[f"root_L4_{side}"]
    after = path.points[path.ganglion_index:]
    assert np.all(np.diff(after[:, 2]) < 0), "the L4 nerve climbs again after its ganglion"
    assert np.all(np.diff(np.abs(after[:, 0])) > 0), "the L4 nerve turns back toward the midline"
    assert np.all(np.diff(after[:, 1]) > 0), "the L4 nerve turns back toward the transverse processes"
    # Where it passes the L5 transverse process, the process lies straight behind it.
    l5 = scene.frame("L5")
    local = l5.to_local(after)
    pedicle_z = 0.5 * scene.vertebra("L5")["height_posterior"] - 1.5 - 0.5 * scene.vertebra("L5")["pedicle_height"]
    level = after[np.abs(local[:, 2] - pedicle_z) < 3.0]
    assert len(level), "the L4 nerve does not reach the level of the L5 transverse process"
    behind = [len(ray_hits(scene.meshes["vertebra_L5"], q, -l5.axes[1], 25.0)) > 0 for q in level]
    assert all(behind), "the L4 nerve is not in front of the L5 transverse process"


@pytest.mark.parametrize("side", ["left", "right"])
def test_roots_do_not_run_through_each_other(scene, side):
    """L4, L5 and S1 (root and ganglion) of one side share no volume."""
    parts = {lvl: [scene.meshes[f"{kind}_{lvl}_{side}"] for kind in ("root", "drg")] for lvl in ("L4", "L5", "S1")}
    for a, b in (("L4", "L5"), ("L5", "S1"), ("L4", "S1")):
        for mesh_a in parts[a]:
            for mesh_b in parts[b]:
                assert not points_inside(mesh_a.points, mesh_b).any(), f"{a} runs into {b} on the {side}"
                assert not points_inside(mesh_b.points, mesh_a).any(), f"{b} runs into {a} on the {side}"


@pytest.mark.parametrize("level", list(DISC_NEIGHBOURS))
@pytest.mark.parametrize("lod", [False, True])
def test_disc_sits_on_its_endplates_without_entering_bone(scene, lod_scene, generated, level, lod):
    """Each disc touches the endplate above and below (measured on rays across its central region) and neither
    the disc nor the bone reaches more than the tolerance into the other; the nucleus stays clear of bone."""
    layout, _ = generated
    baked = lod_scene if lod else scene
    disc, nucleus = baked.meshes[f"disc_{level}"], baked.meshes[f"nucleus_{level}"]
    block = layout.discs[level]
    for bone_id, upper in zip(DISC_NEIGHBOURS[level], (True, False)):
        bone = baked.meshes[bone_id]
        into_bone = -signed_distance(disc.points, bone).min()
        into_disc = -signed_distance(bone.points, disc).min()
        assert into_bone <= DISC_BONE_TOLERANCE, f"disc_{level} is {into_bone:.2f} mm inside {bone_id}"
        assert into_disc <= DISC_BONE_TOLERANCE, f"{bone_id} is {into_disc:.2f} mm inside disc_{level}"
        assert signed_distance(nucleus.points, bone).min() > 0.5, f"nucleus_{level} touches {bone_id}"
        # From the disc's mid-plane out through its surface: where the disc ends, the bone begins.
        out = block.surface_normal(upper)
        for x in np.linspace(-12.0, 12.0, 5):
            for y in np.linspace(-8.0, 8.0, 5):
                start = block.frame.to_world([x, y, 0.0])
                disc_end = ray_hits(disc, start, out, 0.5 * block.height_anterior + 2.0)[-1]
                bone_start = ray_hits(bone, start, out, 40.0)[0]
                assert abs(bone_start - disc_end) <= DISC_BONE_TOLERANCE, (
                    f"disc_{level} at ({x:.0f}, {y:.0f}): {bone_start - disc_end:+.2f} mm to {bone_id}")


@pytest.mark.parametrize("level", list(DISC_NEIGHBOURS))
@pytest.mark.parametrize("lod", [False, True])
def test_axial_cut_through_a_disc_shows_no_bone(scene, lod_scene, generated, level, lod):
    """Cut parallel to each endplate just inside the disc (past the tolerance): no bone inside the section."""
    layout, _ = generated
    baked = lod_scene if lod else scene
    disc = baked.meshes[f"disc_{level}"]
    block = layout.discs[level]
    for bone_id, upper in zip(DISC_NEIGHBOURS[level], (True, False)):
        normal = block.surface_normal(upper)
        origin = block.surface_centre(upper) - normal * (DISC_BONE_TOLERANCE + 0.05)
        section = baked.meshes[bone_id].slice(normal=normal, origin=origin)
        if section.n_points:
            inside = points_inside(section.points, disc)
            assert not inside.any(), f"{bone_id} shows {inside.sum()} points in the cut through disc_{level}"


def _sacral_section_frame(scene, arc: float):
    """World point on the sacral body axis `arc` mm below the S1 endplate, and the section's world axes."""
    from l5viz.anatomy.bones import SacrumFrame

    sac = SacrumFrame(AnatomyParams().sacrum, scene.frame("S1"))
    axes = sac.axis_axes(arc)
    return sac.frame.to_world(sac.axis_point(arc)), np.array([sac.frame.direction_to_world(a) for a in axes])


@pytest.mark.parametrize("arc", [24.0, 35.0, 46.0, 55.0])
@pytest.mark.parametrize("side", [-1.0, 1.0])
def test_sacral_lateral_mass_is_solid_front_to_back(scene, arc, side):
    """From S1 to S2-S3 the lateral mass is one block from the pelvic to the dorsal surface, >= 28 mm thick.

    A front-to-back ray 26 mm from the midline (lateral to the foramina) crosses the bone once, in and out.
    The earlier sacrum had a thin bar there (22-25 mm) with the dorsal arch set apart behind it.
    """
    centre, axes = _sacral_section_frame(scene, arc)
    start = centre + side * 26.0 * axes[0] - 60.0 * axes[1]
    hits = ray_hits(scene.meshes["sacrum"], start, axes[1], 120.0)
    assert len(hits) == 2, f"{len(hits)} surface crossings at arc {arc}: the lateral mass is not one solid block"
    assert hits[1] - hits[0] >= 28.0, f"lateral mass {hits[1] - hits[0]:.1f} mm thick at arc {arc}"


@pytest.mark.parametrize("side", [-1.0, 1.0])
def test_sacral_lateral_surface_hides_the_canal(scene, side):
    """Seen from the side at S2, a ray aimed at the canal meets the lateral face (> 30 mm out) and stays in bone
    until the posterior foramen next to the canal (< 16 mm from the midline)."""
    centre, axes = _sacral_section_frame(scene, 40.0)
    p = AnatomyParams().sacrum
    canal_v = -0.5 * p.endplate_depth - 0.5 * p.canal_depth * (1.0 - 0.7 * 40.0 / p.length) - 1.0
    start = centre + canal_v * axes[1] + side * 70.0 * axes[0]
    hits = ray_hits(scene.meshes["sacrum"], start, -side * axes[0], 70.0)
    assert len(hits) >= 2
    assert 70.0 - hits[0] > 30.0, f"first bone {70.0 - hits[0]:.1f} mm from the midline: the canal shows from the side"
    assert 70.0 - hits[1] < 16.0, f"bone ends {70.0 - hits[1]:.1f} mm from the midline, before the canal"
