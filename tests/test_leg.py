"""The lower-body model and its dermatome labels: a closed surface of the cited proportions, deterministic,
labelled by the rules in annotations/dermatomes.json so that every ISNCSCI key point (isncsci_2019, Zhang 2017)
carries its root in each map, with the fibular territories of the L5-versus-fibular-neuropathy differential.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
import pyvista as pv
import trimesh
from scipy.spatial import cKDTree

from l5viz.anatomy.meshing import sha256_of
from l5viz.content import validate_annotations
from l5viz.leg.coords import anatomical_coordinates
from l5viz.leg.dermatomes import (
    ARRAY_PREFIX,
    TERRITORY_ARRAY,
    dermatome_intensity,
    dermatome_intensity_by_side,
    labels_at,
    load_dermatome_maps,
    maps_disagree,
    root_vertices,
    side_of_vertex,
)
from l5viz.leg.landmarks import _limb_ray, first_vertex_on_ray
from l5viz.leg.params import LegParams
from l5viz.paths import REPO_ROOT, annotations_dir, meshes_dir

KEY_POINTS = {"L2": "L2_key_point", "L3": "L3_key_point", "L4": "L4_key_point", "L5": "L5_key_point",
              "S1": "S1_key_point", "S2": "S2_key_point"}
SIDES = ("left", "right")
MAPS = ("lee2008", "keegan1948")


def load_script():
    spec = importlib.util.spec_from_file_location("build_leg", REPO_ROOT / "scripts" / "build_leg.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def mesh() -> pv.PolyData:
    return pv.read(meshes_dir() / "lower_body.vtp")


@pytest.fixture(scope="module")
def maps():
    loaded, problems = load_dermatome_maps()
    assert loaded is not None, problems
    return loaded


@pytest.fixture(scope="module")
def landmarks() -> dict:
    return json.loads((annotations_dir() / "landmarks.json").read_text())["landmarks"]


def faces(mesh) -> np.ndarray:
    return mesh.faces.reshape(-1, 4)[:, 1:]


def label(mesh, maps, array: str, vertex: int) -> str:
    label_map = maps.territory if array == TERRITORY_ARRAY else maps.maps[array.removeprefix(ARRAY_PREFIX)]
    return label_map.labels[int(mesh.point_data[array][vertex])]


@pytest.mark.parametrize("lod", [False, True])
def test_surface_is_closed_manifold_outward_and_within_budget(lod):
    path = meshes_dir() / ("lod/lower_body.vtp" if lod else "lower_body.vtp")
    surface = pv.read(path)
    assert surface.n_open_edges == 0 and surface.is_manifold
    assert surface.n_cells <= (15_000 if lod else 60_000)  # issue 5 budget
    tm = trimesh.Trimesh(np.asarray(surface.points), faces(surface), process=False)
    assert tm.is_watertight and tm.is_winding_consistent and tm.volume > 0
    for name in ("dermatome_lee2008", "dermatome_keegan1948", TERRITORY_ARRAY, "side"):
        assert name in surface.point_data, f"{path} lacks point array {name}"


def test_manifest_matches_files():
    manifest = json.loads((meshes_dir() / "leg_manifest.json").read_text())
    entry = manifest["structures"][0]
    assert sha256_of(meshes_dir() / entry["file"]) == entry["sha256"]
    assert sha256_of(meshes_dir() / entry["lod_file"]) == entry["lod_sha256"]
    assert sha256_of(annotations_dir() / "landmarks.json") == manifest["landmarks_sha256"]


def test_build_is_deterministic(tmp_path: Path):
    fresh = load_script().build(tmp_path, tmp_path)
    committed = json.loads((meshes_dir() / "leg_manifest.json").read_text())
    assert fresh["structures"][0]["sha256"] == committed["structures"][0]["sha256"]
    assert fresh["structures"][0]["lod_sha256"] == committed["structures"][0]["lod_sha256"]
    assert fresh["landmarks_sha256"] == committed["landmarks_sha256"]


def test_stored_labels_follow_the_current_rules(mesh, maps):
    """Editing annotations/dermatomes.json without rebuilding the mesh must not go unnoticed."""
    coords = anatomical_coordinates(np.asarray(mesh.points, float), np.asarray(mesh.point_data["Normals"]))
    for name, values in maps.label_arrays(coords).items():
        assert np.array_equal(values, mesh.point_data[name]), f"{name} is stale: run scripts/build_leg.py"


@pytest.mark.parametrize("map_name", MAPS)
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("root", list(KEY_POINTS))
def test_isncsci_key_point_carries_its_root(mesh, maps, landmarks, map_name, side, root):
    entry = landmarks[f"{KEY_POINTS[root]}_{side}"]
    assert entry["root"] == root and entry["side"] == side
    assert np.allclose(mesh.points[entry["vertex"]], entry["position"], atol=1e-3)
    assert label(mesh, maps, ARRAY_PREFIX + map_name, entry["vertex"]) == root


@pytest.mark.parametrize("side", SIDES)
def test_fibular_territories_and_the_first_web_space(mesh, maps, landmarks, side):
    web = landmarks[f"first_web_space_{side}"]["vertex"]
    assert {label(mesh, maps, ARRAY_PREFIX + m, web) for m in MAPS} == {"L5"}
    assert label(mesh, maps, TERRITORY_ARRAY, web) == "deep"
    p = LegParams()
    origin, direction = _limb_ray(p, p.knee_z - 0.75 * p.leg_length, 70.0)  # lower lateral leg
    if side == "left":
        origin, direction = origin * [-1, 1, 1], direction * [-1, 1, 1]
    lower_lateral_leg = first_vertex_on_ray(np.asarray(mesh.points), faces(mesh), origin, direction)
    assert label(mesh, maps, TERRITORY_ARRAY, lower_lateral_leg) == "superficial"
    for outside in ("medial_malleolus", "lateral_heel", "popliteal_fossa"):
        assert label(mesh, maps, TERRITORY_ARRAY, landmarks[f"{outside}_{side}"]["vertex"]) == "none"
    deep = root_vertices(mesh.point_data[TERRITORY_ARRAY], maps.territory, "deep")
    assert np.all(mesh.points[deep, 2] < p.floor_z + 60)  # the deep nerve's skin is on the foot only


def test_l5_muscles_have_landmarks_on_both_sides(landmarks):
    for muscle in ("tibialis_anterior", "extensor_hallucis_longus", "gluteus_medius", "tibialis_posterior",
                   "fibularis_longus"):
        for side in SIDES:
            entry = landmarks[f"{muscle}_{side}"]
            assert entry["kind"] == "muscle" and "L5" in entry["roots"] and entry["sources"]


def test_sides_are_mirror_symmetric(mesh, landmarks):
    """The left half is built as the exact mirror image of the right, so labels and landmarks mirror too."""
    for name, entry in landmarks.items():
        if name.endswith("_left"):
            twin = landmarks[name.removesuffix("_left") + "_right"]
            assert np.allclose(np.array(entry["position"]) * [-1, 1, 1], twin["position"], atol=1e-3), name
    points = np.asarray(mesh.points)
    left, right = np.flatnonzero(points[:, 0] < 0), np.flatnonzero(points[:, 0] > 0)
    dist, nearest = cKDTree(points[right]).query(points[left] * [-1, 1, 1])
    assert dist.max() < 1e-3
    for name in ("dermatome_lee2008", "dermatome_keegan1948", TERRITORY_ARRAY):
        values = mesh.point_data[name]
        assert np.array_equal(values[left], values[right][nearest]), name
    assert np.all(mesh.point_data["side"][left] == 0) and np.all(mesh.point_data["side"][right] == 1)


def test_proportions_match_the_cited_defaults(mesh):
    """Reference section 12: foot 260 mm; mid-thigh / calf / ankle girths 520 / 370 / 220 mm (within 8 %)."""
    p = LegParams()
    tm = trimesh.Trimesh(np.asarray(mesh.points), faces(mesh), process=False)
    right_foot = np.asarray(mesh.points)[(mesh.points[:, 0] > 0) & (mesh.points[:, 2] < p.ankle_z - 20)]
    assert abs(np.ptp(right_foot[:, 1]) - p.foot_length) < 8

    def girth(z):
        section = tm.section(plane_origin=[0, 0, z], plane_normal=[0, 0, 1])
        loops = [d for d in section.discrete if d[:, 0].mean() > 0]
        return max(np.linalg.norm(np.diff(loop, axis=0), axis=1).sum() for loop in loops)

    assert girth(-0.5 * p.thigh_length) == pytest.approx(p.mid_thigh_circumference, rel=0.08)
    calf = max(girth(p.knee_z - f * p.leg_length) for f in np.linspace(0.15, 0.5, 8))
    assert calf == pytest.approx(p.calf_circumference, rel=0.08)
    ankle = min(girth(p.knee_z - f * p.leg_length) for f in np.linspace(0.6, 0.85, 6))
    assert ankle == pytest.approx(p.ankle_circumference, rel=0.08)


def test_intensity_shades_exactly_the_roots_skin(mesh, maps):
    labels = mesh.point_data["dermatome_lee2008"]
    lee = maps.maps["lee2008"]
    shade = dermatome_intensity(labels, {"L5": 0.8, "S1": 0.25}, lee)
    l5, s1 = root_vertices(labels, lee, "L5"), root_vertices(labels, lee, "S1")
    assert len(l5) > 1000 and np.all(shade[l5] == pytest.approx(0.8)) and np.all(shade[s1] == pytest.approx(0.25))
    others = np.setdiff1d(np.arange(len(labels)), np.concatenate([l5, s1]))
    assert np.all(shade[others] == 0)
    with pytest.raises(ValueError, match="unknown root"):
        dermatome_intensity(labels, {"L9": 0.5}, lee)
    with pytest.raises(ValueError, match="within 0-1"):
        dermatome_intensity(labels, {"L5": 1.5}, lee)


def test_intensity_by_side_follows_the_compressed_root_and_side_only(mesh, maps):
    labels = mesh.point_data["dermatome_keegan1948"]
    keegan = maps.maps["keegan1948"]
    sides = side_of_vertex(np.asarray(mesh.points))
    assert np.array_equal(sides == "right", mesh.point_data["side"] == 1)
    nothing = {(root, side): 0.0 for root in ("L4", "L5", "S1") for side in SIDES}
    assert not dermatome_intensity_by_side(labels, keegan, nothing, sides).any()
    right_l5 = (labels == keegan.codes["L5"]) & (sides == "right")
    shades = [dermatome_intensity_by_side(labels, keegan, nothing | {("L5", "right"): v}, sides) for v in (0.3, 0.9)]
    for shade, value in zip(shades, (0.3, 0.9)):
        assert np.all(shade[right_l5] == pytest.approx(value)) and not shade[~right_l5].any()
    assert np.all(shades[1][right_l5] > shades[0][right_l5])
    both = dermatome_intensity_by_side(labels, keegan, {("S1", "left"): 0.5, ("L5", "right"): 0.2}, sides)
    assert np.all(both[(labels == keegan.codes["S1"]) & (sides == "left")] == pytest.approx(0.5))
    assert not both[(labels == keegan.codes["S1"]) & (sides == "right")].any()
    with pytest.raises(ValueError, match="unknown side"):
        dermatome_intensity_by_side(labels, keegan, {("L5", "middle"): 0.5}, sides)


def test_maps_disagree_where_keegan_draws_bands(mesh, maps, landmarks):
    points = np.asarray(mesh.points)
    arrays = {k: mesh.point_data[k] for k in mesh.point_data}
    web = landmarks["first_web_space_right"]["position"]
    assert labels_at(points, arrays, maps, web) == {"lee2008": "L5", "keegan1948": "L5"}
    assert not maps_disagree(points, arrays, maps, web)
    p = LegParams()
    lateral_thigh = points[first_vertex_on_ray(points, faces(mesh), *_limb_ray(p, -0.6 * p.thigh_length, 100.0))]
    assert labels_at(points, arrays, maps, lateral_thigh) == {"lee2008": "uncertain", "keegan1948": "L5"}
    assert maps_disagree(points, arrays, maps, lateral_thigh)


def test_leg_content_files_validate():
    mine = [p for p in validate_annotations() if Path(p.file).name in ("dermatomes.json", "landmarks.json")]
    assert mine == []


def test_bad_dermatome_file_is_reported_by_name(tmp_path):
    data = json.loads((annotations_dir() / "dermatomes.json").read_text())
    data["maps"]["lee2008"]["regions"][0]["label"] = "L7"
    data["maps"]["keegan1948"]["regions"][0]["where"]["height"] = [0.9, 0.1]
    bad = tmp_path / "dermatomes.json"
    bad.write_text(json.dumps(data))
    loaded, problems = load_dermatome_maps(bad)
    assert loaded is None
    text = "\n".join(map(str, problems))
    assert str(bad) in text and "'L7' is not in the legend" in text and "lower bound 0.9" in text
    data["maps"]["lee2008"]["regions"][0]["where"]["segment"] = ["arm"]
    bad.write_text(json.dumps(data))
    assert "arm" in "\n".join(map(str, load_dermatome_maps(bad)[1]))
    bad.write_text("{not json")
    loaded, problems = load_dermatome_maps(bad)
    assert loaded is None and "invalid JSON" in str(problems[0])
