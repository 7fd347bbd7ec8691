"""The dermatome labels on both bodies: the rules of annotations/dermatomes.json evaluated on the fitted
MakeHuman skins, so that every ISNCSCI key point (isncsci_2019, Zhang 2017) carries its root in each map on
both sides of both bodies, the rules know which surface they are on, the back and buttock are mapped where
the maps draw them, and the fibular territories of the L5-versus-fibular-neuropathy differential are there.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import pyvista as pv
from scipy.spatial import cKDTree

from l5viz.anatomy.meshing import sha256_of
from l5viz.content import validate_annotations
from l5viz.paths import REPO_ROOT, annotations_dir, meshes_dir
from l5viz.skin.coords import SEGMENTS, SURFACES, anatomical_coordinates
from l5viz.skin.dermatomes import (
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
from l5viz.skin.frame import SkinFrame
from l5viz.skin.landmarks import _limb_ray, first_vertex_on_ray

KEY_POINTS = {"L2": "L2_key_point", "L3": "L3_key_point", "L4": "L4_key_point", "L5": "L5_key_point",
              "S1": "S1_key_point", "S2": "S2_key_point"}
SIDES = ("left", "right")
MAPS = ("lee2008", "keegan1948")
VARIANTS = ("male", "female")
MANIFEST = json.loads((meshes_dir() / "body_manifest.json").read_text())
LANDMARKS = json.loads((annotations_dir() / "landmarks.json").read_text())["bodies"]


def load_script():
    spec = importlib.util.spec_from_file_location("import_body", REPO_ROOT / "scripts" / "import_body.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=VARIANTS)
def body(request):
    """(variant, full-detail skin, its frame, its landmarks)."""
    record = MANIFEST["variants"][request.param]
    return (request.param, pv.read(meshes_dir() / record["file"]), SkinFrame.from_dict(record["frame"]),
            LANDMARKS[request.param]["landmarks"])


@pytest.fixture(scope="module")
def maps():
    loaded, problems = load_dermatome_maps()
    assert loaded is not None, problems
    return loaded


def faces(mesh) -> np.ndarray:
    return mesh.faces.reshape(-1, 4)[:, 1:]


def label(mesh, maps, array: str, vertex: int) -> str:
    label_map = maps.territory if array == TERRITORY_ARRAY else maps.maps[array.removeprefix(ARRAY_PREFIX)]
    return label_map.labels[int(mesh.point_data[array][vertex])]


def coordinates(mesh, frame):
    return anatomical_coordinates(np.asarray(mesh.points, float), np.asarray(mesh.point_data["Normals"]), frame)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("key", ["file", "lod_file"])
def test_stored_labels_follow_the_current_rules(maps, variant, key):
    """Editing annotations/dermatomes.json without relabelling the skins must not go unnoticed."""
    record = MANIFEST["variants"][variant]
    mesh = pv.read(meshes_dir() / record[key])
    coords = coordinates(mesh, SkinFrame.from_dict(record["frame"]))
    for name, values in maps.label_arrays(coords).items():
        assert np.array_equal(values, mesh.point_data[name]), \
            f"{name} is stale: run python scripts/import_body.py --relabel --meshes meshes"
    assert np.array_equal(mesh.point_data["side"], coords["side"])


def test_relabelling_is_deterministic(tmp_path: Path, maps):
    """Relabelling a copy of the committed skins reproduces them byte for byte, and the landmarks files too."""
    for record in MANIFEST["variants"].values():
        for key in ("file", "lod_file"):
            (tmp_path / record[key]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(meshes_dir() / record[key], tmp_path / record[key])
    shutil.copyfile(meshes_dir() / "body_manifest.json", tmp_path / "body_manifest.json")
    script = load_script()
    fresh = script.relabel(tmp_path, maps)
    for variant, record in MANIFEST["variants"].items():
        for key in ("sha256", "lod_sha256"):
            assert fresh["variants"][variant][key] == record[key], f"{variant} {key}"
    script.write_landmarks(meshes_dir(), MANIFEST["variants"], tmp_path)
    for written in ("landmarks.json", "locales/en/landmarks.json"):  # the rules, and their words
        assert sha256_of(tmp_path / written) == sha256_of(annotations_dir() / written), written


@pytest.mark.parametrize("map_name", MAPS)
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("root", list(KEY_POINTS))
def test_isncsci_key_point_carries_its_root(body, maps, map_name, side, root):
    variant, mesh, _, landmarks = body
    entry = landmarks[f"{KEY_POINTS[root]}_{side}"]
    assert entry["root"] == root and entry["side"] == side
    assert np.allclose(mesh.points[entry["vertex"]], entry["position"], atol=1e-3)
    assert label(mesh, maps, ARRAY_PREFIX + map_name, entry["vertex"]) == root, variant


def test_key_points_sit_where_the_standard_puts_them(body):
    """Each point on the part of the body the standard names: L2 on the front of the thigh, L3 just above the
    knee, L4 at the ankle, L5 on the dorsum of the forefoot, S1 at the heel, S2 behind the knee."""
    _, mesh, frame, landmarks = body
    for side in SIDES:
        p = {root: np.array(landmarks[f"{name}_{side}"]["position"]) for root, name in KEY_POINTS.items()}
        knee, ankle = frame.knee[2], frame.ankle[2]
        assert knee < p["L2"][2] < frame.hip[2] and p["L2"][1] > frame.knee[1]
        assert knee < p["L3"][2] < knee + 60.0 and abs(p["L3"][0]) < frame.knee[0]  # medial
        assert abs(p["L4"][2] - ankle) < 30.0 and abs(p["L4"][0]) < frame.ankle[0]  # medial malleolus
        assert p["L5"][2] < ankle and p["L5"][1] > frame.mtp[2, 1] - 15.0  # forefoot dorsum
        assert p["S1"][2] < ankle and p["S1"][1] < frame.ankle[1] + 10.0 and abs(p["S1"][0]) > frame.ankle[0]
        assert abs(p["S2"][2] - knee) < 30.0 and p["S2"][1] < frame.knee[1]  # behind the knee


@pytest.mark.parametrize("side", SIDES)
def test_fibular_territories_and_the_first_web_space(body, maps, side):
    _, mesh, frame, landmarks = body
    web = landmarks[f"first_web_space_{side}"]["vertex"]
    assert {label(mesh, maps, ARRAY_PREFIX + m, web) for m in MAPS} == {"L5"}
    assert label(mesh, maps, TERRITORY_ARRAY, web) == "deep"
    origin, direction = _limb_ray(frame, frame.knee[2] - 0.75 * (frame.knee[2] - frame.ankle[2]), 70.0)
    origin, direction = frame.mirrored(origin, side), frame.mirrored(direction, side)
    lower_lateral_leg = first_vertex_on_ray(np.asarray(mesh.points), faces(mesh), origin, direction)
    assert label(mesh, maps, TERRITORY_ARRAY, lower_lateral_leg) == "superficial"
    for outside in ("medial_malleolus", "lateral_heel", "popliteal_fossa"):
        assert label(mesh, maps, TERRITORY_ARRAY, landmarks[f"{outside}_{side}"]["vertex"]) == "none"
    deep = root_vertices(mesh.point_data[TERRITORY_ARRAY], maps.territory, "deep")
    assert np.all(mesh.points[deep, 2] < frame.ankle[2])  # the deep nerve's skin is on the foot only


def test_the_rules_know_which_surface_they_are_on(body, maps):
    """Lee 2008 gives the undersides of the toes no L5 (the medial sole has no single root) and the heel pad
    is S1 in both maps, with no stray L4."""
    _, mesh, frame, _ = body
    coords = coordinates(mesh, frame)
    toe_undersides = ((coords["segment"] == SEGMENTS.index("toe")) & np.isin(coords["toe"], [1, 2, 3])
                      & (coords["surface"] == SURFACES.index("sole")))
    lee = maps.maps["lee2008"]
    assert toe_undersides.sum() > 20
    assert not np.any(mesh.point_data["dermatome_lee2008"][toe_undersides] == lee.codes["L5"])
    heel_pad = ((coords["segment"] == SEGMENTS.index("foot")) & (coords["surface"] == SURFACES.index("sole"))
                & (coords["along"] < 0.25))
    assert heel_pad.sum() > 20
    for name in MAPS:
        assert set(mesh.point_data[ARRAY_PREFIX + name][heel_pad]) == {maps.maps[name].codes["S1"]}, name


def test_the_back_carries_keegans_bands_in_order_and_the_arms_no_root(body, maps):
    """Keegan and Garrett draw L1-L5 as bands from the spine: going down the back the bands follow in order;
    Lee 2008 leaves the lower back without a single root; no map claims the arms."""
    _, mesh, frame, _ = body
    coords = coordinates(mesh, frame)
    keegan, lee = maps.maps["keegan1948"], maps.maps["lee2008"]
    back = (coords["segment"] == SEGMENTS.index("trunk")) & (np.abs(mesh.points[:, 0]) < 40.0) \
        & (mesh.points[:, 1] < np.interp(mesh.points[:, 2], frame.trunk_z, frame.trunk_y))
    heights = {root: mesh.points[back & (mesh.point_data["dermatome_keegan1948"] == keegan.codes[root]), 2]
               for root in ("L1", "L2", "L3", "L4")}
    assert all(len(z) > 5 for z in heights.values()), {r: len(z) for r, z in heights.items()}
    medians = [np.median(heights[r]) for r in ("L1", "L2", "L3", "L4")]
    assert medians == sorted(medians, reverse=True)
    lower_back = back & (coords["level"] >= 4.0)
    assert set(mesh.point_data["dermatome_lee2008"][lower_back]) == {lee.codes["uncertain"]}
    arms = coords["segment"] == SEGMENTS.index("arm")
    assert arms.sum() > 1000
    for name in MAPS:
        assert set(mesh.point_data[ARRAY_PREFIX + name][arms]) == {maps.maps[name].codes["none"]}


def test_l5_muscles_have_landmarks_on_both_sides(body):
    _, _, _, landmarks = body
    for muscle in ("tibialis_anterior", "extensor_hallucis_longus", "gluteus_medius", "tibialis_posterior",
                   "fibularis_longus"):
        for side in SIDES:
            entry = landmarks[f"{muscle}_{side}"]
            assert entry["kind"] == "muscle" and "L5" in entry["roots"] and entry["sources"]


def test_sides_mirror_each_other(body):
    """The MakeHuman body is symmetric and placed without rotation: landmarks mirror within 3 mm, and the
    labels of mirrored vertices agree almost everywhere (they differ only along borders)."""
    _, mesh, _, landmarks = body
    for name, entry in landmarks.items():
        if name.endswith("_left"):
            twin = landmarks[name.removesuffix("_left") + "_right"]
            assert np.allclose(np.array(entry["position"]) * [-1, 1, 1], twin["position"], atol=3.0), name
    points = np.asarray(mesh.points)
    left, right = np.flatnonzero(points[:, 0] < 0), np.flatnonzero(points[:, 0] > 0)
    dist, nearest = cKDTree(points[right]).query(points[left] * [-1, 1, 1])
    assert np.median(dist) < 1.0
    for name in ("dermatome_lee2008", "dermatome_keegan1948", TERRITORY_ARRAY):
        values = mesh.point_data[name]
        assert np.mean(values[left] == values[right][nearest]) > 0.98, name
    assert np.all(mesh.point_data["side"][left] == 0) and np.all(mesh.point_data["side"][right] == 1)


def test_intensity_shades_exactly_the_roots_skin(body, maps):
    _, mesh, _, _ = body
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


def test_intensity_by_side_follows_the_compressed_root_and_side_only(body, maps):
    _, mesh, _, _ = body
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
    both = dermatome_intensity_by_side(labels, keegan, {("S1", "left"): 0.5, ("L5", "right"): 0.2}, sides)
    assert np.all(both[(labels == keegan.codes["S1"]) & (sides == "left")] == pytest.approx(0.5))
    assert not both[(labels == keegan.codes["S1"]) & (sides == "right")].any()
    with pytest.raises(ValueError, match="unknown side"):
        dermatome_intensity_by_side(labels, keegan, {("L5", "middle"): 0.5}, sides)


def test_maps_disagree_on_the_lateral_thigh_and_the_lower_back(body, maps):
    _, mesh, frame, landmarks = body
    points = np.asarray(mesh.points)
    arrays = {k: mesh.point_data[k] for k in mesh.point_data}
    web = landmarks["first_web_space_right"]["position"]
    assert labels_at(points, arrays, maps, web) == {"lee2008": "L5", "keegan1948": "L5"}
    assert not maps_disagree(points, arrays, maps, web)
    thigh_z = frame.hip[2] - 0.6 * (frame.hip[2] - frame.knee[2])
    lateral_thigh = points[first_vertex_on_ray(points, faces(mesh), *_limb_ray(frame, thigh_z, 100.0))]
    assert labels_at(points, arrays, maps, lateral_thigh) == {"lee2008": "uncertain", "keegan1948": "L5"}
    assert maps_disagree(points, arrays, maps, lateral_thigh)
    l4_level = 0.5 * (frame.level_z[6] + frame.level_z[7])  # between the body of L4 and the L4-L5 disc
    lower_back = points[first_vertex_on_ray(points, faces(mesh), np.array([10.0, -400.0, l4_level]),
                                            np.array([0.0, 1.0, 0.0]))]
    assert labels_at(points, arrays, maps, lower_back) == {"lee2008": "uncertain", "keegan1948": "L4"}


def test_skin_content_files_validate():
    mine = [p for p in validate_annotations() if Path(p.file).name in ("dermatomes.json", "landmarks.json")]
    assert mine == []


def test_bad_dermatome_file_is_reported_by_name(tmp_path):
    data = json.loads((annotations_dir() / "dermatomes.json").read_text())
    data["maps"]["lee2008"]["regions"][0]["label"] = "L7"
    data["maps"]["keegan1948"]["regions"][0]["where"]["level"] = [4.5, 1.0]
    bad = tmp_path / "dermatomes.json"
    bad.write_text(json.dumps(data))
    words = tmp_path / "locales" / "en" / "dermatomes.json"  # its words beside it, as in annotations/
    words.parent.mkdir(parents=True)
    shutil.copyfile(annotations_dir() / "locales" / "en" / "dermatomes.json", words)
    loaded, problems = load_dermatome_maps(bad)
    assert loaded is None
    text = "\n".join(map(str, problems))
    assert str(bad) in text and "'L7' is not in the legend" in text and "lower bound 4.5" in text
    data["maps"]["lee2008"]["regions"][0]["where"]["segment"] = ["wing"]
    bad.write_text(json.dumps(data))
    assert "wing" in "\n".join(map(str, load_dermatome_maps(bad)[1]))
    bad.write_text("{not json")
    loaded, problems = load_dermatome_maps(bad)
    assert loaded is None and "invalid JSON" in str(problems[0])
