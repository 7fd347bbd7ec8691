"""The MakeHuman skin (meshes/body_skin*.vtp): closed, light enough for the window, and fitted round the real
pelvis and lower lumbar spine so each bony landmark lies under the skin near its target depth."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import pyvista as pv

from l5viz.anatomy import body

FOLDER = Path(__file__).resolve().parents[1] / "meshes"
MANIFEST = json.loads((FOLDER / "body_manifest.json").read_text())
WORST_MISFIT_MM = {"male": 8.0, "female": 15.0}  # the female skin round this man's pelvis fits less well


@pytest.fixture(scope="module")
def landmarks() -> dict[str, np.ndarray]:
    hips = {s: pv.read(FOLDER / f"hip_bone_{s}.vtp") for s in ("left", "right")}
    vertebrae = {n: pv.read(FOLDER / f"vertebra_{n}.vtp") for n in ("L3", "L4", "L5")}
    return body.fit_landmarks(hips, pv.read(FOLDER / "sacrum.vtp"), vertebrae)


@pytest.mark.parametrize("sex", body.SEXES)
def test_each_skin_is_closed_outward_and_light_enough_for_the_window(sex):
    record = MANIFEST["variants"][sex]
    for key in ("file", "lod_file"):
        path = FOLDER / record[key]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == record[key.replace("file", "sha256")]
        skin = pv.read(path)
        assert skin.n_open_edges == 0 and skin.is_manifold and skin.volume > 0
    assert record["lod_triangles"] <= 60_000


@pytest.mark.parametrize("sex", body.SEXES)
def test_the_pelvis_and_lower_lumbar_spine_sit_inside_the_skin_near_their_depths(sex, landmarks):
    assert set(landmarks) == set(MANIFEST["landmarks"])
    for name, point in landmarks.items():
        assert np.allclose(point, MANIFEST["landmarks"][name], atol=0.01)  # the committed fit's own inputs
    depths = body.landmark_depths(pv.read(FOLDER / MANIFEST["variants"][sex]["file"]), landmarks)
    for name, depth in depths.items():
        assert depth > 0.0, name  # under the skin
        assert abs(depth - body.target_depth(name)) < WORST_MISFIT_MM[sex], (name, depth)


def test_the_default_body_is_the_man_at_his_height():
    assert MANIFEST["default"] == "male"
    assert 1700 < MANIFEST["variants"]["male"]["height_mm"] < 1900


def test_the_licence_notice_travels_with_the_skin():
    assert "CC0" in (FOLDER / MANIFEST["licence"]).read_text()


def test_the_acetabular_centre_is_found_on_a_cup():
    centre, radius = np.array([80.0, 10.0, -100.0]), 25.0  # a cup 1 mm wider than the search assumes
    theta, phi = np.meshgrid(np.linspace(0.0, np.pi, 40), np.linspace(0.0, np.pi, 40))
    directions = np.column_stack([np.sin(phi).ravel() * np.cos(theta).ravel(), np.sin(phi).ravel() * np.sin(theta).ravel(),
                                  np.cos(phi).ravel()])  # a half sphere
    rest = np.random.default_rng(0).uniform(-150.0, 150.0, (400, 3))  # bone elsewhere, normals every way
    points = np.vstack([centre + radius * directions, rest])
    normals = np.vstack([-directions, np.random.default_rng(1).normal(size=(400, 3))])
    normals /= np.linalg.norm(normals, axis=1)[:, None]
    assert np.linalg.norm(body.acetabulum_centre_of(points, normals) - centre) < 0.5


def test_a_bad_target_file_is_named(tmp_path):
    bad = tmp_path / "broken.target"
    bad.write_text("12 not numbers\n")
    with pytest.raises(body.BodySourceError, match="broken.target"):
        body.read_target(bad, 20)


def test_the_import_script_refuses_a_missing_folder_in_one_line(tmp_path):
    script = Path(__file__).resolve().parents[1] / "scripts" / "import_body.py"
    run = subprocess.run([sys.executable, str(script), "--source", str(tmp_path / "nowhere"), "--meshes", str(tmp_path)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and run.stdout.count("\n") == 1 and "not a folder" in run.stdout
    assert "Traceback" not in run.stderr


def test_the_import_script_wants_the_bones_first_and_says_so_in_one_line(tmp_path):
    script = Path(__file__).resolve().parents[1] / "scripts" / "import_body.py"
    run = subprocess.run([sys.executable, str(script), "--source", str(tmp_path), "--meshes", str(tmp_path)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and run.stdout.count("\n") == 1 and "manifest.json: missing" in run.stdout
    assert "Traceback" not in run.stderr
