"""Exports for slides, the web and patients: glTF, turntable movies, the handout."""

from __future__ import annotations

import json
import struct

import imageio.v2 as imageio
import numpy as np
import pytest
import trimesh
from PIL import Image

from l5viz.cli import main
from l5viz.exports.gltf import check_glb
from l5viz.exports.handout import A4_150DPI, write_handout


def test_glb_export_is_valid_and_keeps_names_and_colours(tmp_path):
    out = tmp_path / "scene.glb"
    assert main(["export", "--format", "glb", "--out", str(out),
                 "--herniation", "L4-L5:subarticular:right:extrusion:0.7"]) == 0
    assert check_glb(out) == []
    scene = trimesh.load(out)
    assert {"vertebra_L5", "root_L5_right", "herniation_L4_L5_subarticular_right"} <= set(scene.geometry)
    length = struct.unpack_from("<I", out.read_bytes(), 12)[0]
    doc = json.loads(out.read_bytes()[20:20 + length])
    colours = {m.get("name"): m["pbrMetallicRoughness"]["baseColorFactor"] for m in doc["materials"]}
    assert len(doc["materials"]) >= 5 and all(len(c) == 4 for c in colours.values())
    sac = scene.geometry["thecal_sac"].visual.material
    assert sac.alphaMode == "BLEND"


def test_check_glb_finds_a_broken_file(tmp_path):
    bad = tmp_path / "bad.glb"
    bad.write_bytes(b"glTF" + struct.pack("<II", 2, 999) + b"\x00" * 8)
    assert check_glb(bad)


@pytest.mark.parametrize("suffix", [".mp4", ".gif"])
def test_turntable_writes_the_requested_frames_and_size(tmp_path, suffix):
    out = tmp_path / f"spin{suffix}"
    assert main(["turntable", "--out", str(out), "--frames", "6", "--size", "240x160"]) == 0
    frames = imageio.mimread(out)
    assert len(frames) == 6 and frames[0].shape[:2] == (160, 240)
    assert np.abs(frames[0].astype(int) - frames[3].astype(int)).mean() > 1  # it turns


def test_turntable_refuses_an_unknown_format(tmp_path, capsys):
    assert main(["turntable", "--out", str(tmp_path / "spin.avi"), "--frames", "2"]) == 2
    assert "valid: .mp4, .gif" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_handout_is_one_a4_page(tmp_path, suffix):
    picture = tmp_path / "view.png"
    Image.new("RGB", (800, 500), (40, 60, 90)).save(picture)
    out = write_handout(tmp_path / f"handout{suffix}", "Right L4-5 disc herniation", picture,
                        ["A plain paragraph for the patient."], ["A red flag."], "For education, not diagnosis.")
    if suffix == ".png":
        page = np.asarray(Image.open(out))
        assert Image.open(out).size == A4_150DPI
        assert (page < 250).mean() > 0.05  # not blank: picture and text are on it
    else:
        assert out.read_bytes()[:4] == b"%PDF"
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind
