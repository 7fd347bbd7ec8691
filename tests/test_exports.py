"""Exports for slides, the web and patients: glTF, turntable movies, the handout."""

from __future__ import annotations

import json
import stat
import struct

import imageio.v2 as imageio
import numpy as np
import pytest
import pyvista as pv
import trimesh
from PIL import Image
from pypdf import PdfReader

from l5viz.cli import main
from l5viz.content import load_structures, locale
from l5viz.exports.gltf import check_glb, export_glb, read_glb_json
from l5viz.exports.handout import A4_150DPI, lay_disclaimer, render_handout, write_handout
from l5viz.exports.turntable import gif_frame_ms, turntable
from l5viz.pathology.kinds import Overlays
from l5viz.pathology.kinds.herniation import Herniation
from l5viz.paths import annotations_dir, meshes_dir
from l5viz.render.loading import load_scene
from l5viz.render.scene import SceneRenderer, structure_colour
from l5viz.state import SceneState

STRUCTURES = load_structures(annotations_dir())[0]


def colour_of(sid: str) -> str:
    return structure_colour(STRUCTURES, sid)


def materials_by_node(doc: dict) -> dict[str, dict]:
    return {node["name"]: doc["materials"][doc["meshes"][node["mesh"]]["primitives"][0]["material"]]
            for node in doc["nodes"] if "mesh" in node}


def test_glb_of_the_scene_is_valid_with_named_nodes_and_window_colours(tmp_path):
    out = tmp_path / "scene.glb"
    assert main(["export", "--format", "glb", "--out", str(out),
                 "--herniation", "L4-L5:subarticular:right:extrusion:0.7"]) == 0
    assert check_glb(out) == []
    assert stat.S_IMODE(out.stat().st_mode) & stat.S_IRGRP  # readable like any file, not private to its maker
    doc = read_glb_json(out.read_bytes())
    assert doc["asset"]["extras"]["units"] == "metres"
    materials = materials_by_node(doc)
    lesion = "herniation_L4_L5_subarticular_right"
    assert {"vertebra_L5", "root_L5_right", "thecal_sac", lesion} <= set(materials)
    for sid in ("vertebra_L5", "disc_L4_L5"):
        assert materials[sid]["pbrMetallicRoughness"]["baseColorFactor"] == pytest.approx(
            [*pv.Color(colour_of(sid)).float_rgb, 1.0])
    node = next(n for n in doc["nodes"] if n.get("name") == "root_L5_right")  # compressed: the window's colours
    assert "COLOR_0" in doc["meshes"][node["mesh"]]["primitives"][0]["attributes"]
    assert materials[lesion]["pbrMetallicRoughness"]["baseColorFactor"][:3] == pytest.approx(
        pv.Color(colour_of("nucleus_L4_L5")).float_rgb)  # herniated material is drawn as the nucleus
    assert materials["thecal_sac"]["alphaMode"] == "BLEND" and materials["vertebra_L5"]["alphaMode"] == "OPAQUE"

    scene = trimesh.load(out)  # round trip: trimesh reads back every node with its geometry
    assert set(scene.graph.nodes_geometry) == set(materials)
    heights = {sid: scene.geometry[sid].bounds.mean(axis=0) for sid in ("vertebra_L3", "sacrum", "disc_L5_S1")}
    assert heights["vertebra_L3"][1] > heights["sacrum"][1]  # glTF +Y is our +z (superior)
    assert np.abs(heights["disc_L5_S1"]).max() < 0.02  # metres, origin at the L5-S1 disc
    assert all(g.volume > 0 for g in scene.geometry.values())  # still outward facing after the axis change


def test_glb_carries_the_body_see_through_and_the_nerve_path(tmp_path):
    from l5viz.anatomy.ids import PATH_NERVES
    from l5viz.render.body import SEE_THROUGH

    out = tmp_path / "scene.glb"
    assert main(["export", "--format", "glb", "--out", str(out)]) == 0
    materials = materials_by_node(read_glb_json(out.read_bytes()))
    assert {"body_skin", *PATH_NERVES} <= set(materials)
    assert materials["body_skin"]["pbrMetallicRoughness"]["baseColorFactor"][3] == pytest.approx(SEE_THROUGH, abs=0.01)
    assert materials["body_skin"]["alphaMode"] == "BLEND"


def test_glb_carries_compression_colours_visibility_and_units(tmp_path):
    ball = pv.Sphere(radius=5.0, center=(0.0, 10.0, 20.0))
    squeezed = pv.Sphere(radius=2.0)
    squeezed.point_data["compression"] = np.linspace(0.0, 1.0, squeezed.n_points).astype(np.float32)
    meshes = {"vertebra_L4": ball, "root_L5_right": squeezed, "disc_L4_L5": pv.Sphere()}
    colours = {sid: pv.Color(colour_of(sid)).float_rgb for sid in meshes}
    out = tmp_path / "parts.glb"
    assert export_glb(out, meshes, colours, {"vertebra_L4": 0.4}, {"disc_L4_L5": False}, units="mm") == out
    assert check_glb(out) == []
    doc = read_glb_json(out.read_bytes())
    materials = materials_by_node(doc)
    assert set(materials) == {"vertebra_L4", "root_L5_right"}  # hidden structures are left out
    assert doc["asset"]["extras"]["units"] == "millimetres"
    assert materials["vertebra_L4"]["alphaMode"] == "BLEND"
    assert materials["vertebra_L4"]["pbrMetallicRoughness"]["baseColorFactor"][3] == pytest.approx(0.4)
    root = next(m for m in doc["meshes"] if m["name"] == "root_L5_right")
    assert "COLOR_0" in root["primitives"][0]["attributes"]
    scene = trimesh.load(out)
    shades = scene.geometry["root_L5_right"].visual.vertex_attributes["color"]
    assert shades[0][:3] == pytest.approx(np.array(pv.Color(colour_of("root_L5_right")).int_rgb), abs=2)
    assert shades[-1][0] > 150 and shades[-1][1] < 40  # fully compressed: dark red, as in the window
    centre = scene.geometry["vertebra_L4"].bounds.mean(axis=0)
    assert centre == pytest.approx([0.0, 20.0, 10.0], abs=0.1)  # mm; our (x, y, z) -> glTF (-x, z, y)


def test_glb_export_refuses_unknown_units(tmp_path):
    with pytest.raises(ValueError, match="valid: m, mm"):
        export_glb(tmp_path / "x.glb", {}, {}, {}, {}, units="inch")


def test_check_glb_finds_broken_files(tmp_path):
    bad = tmp_path / "bad.glb"
    bad.write_bytes(b"glTF" + struct.pack("<II", 2, 999) + b"\x00" * 20)
    assert check_glb(bad)
    good = tmp_path / "good.glb"
    export_glb(good, {"sacrum": pv.Sphere()}, {"sacrum": (1.0, 1.0, 1.0)}, {}, {})
    data = bytearray(good.read_bytes())
    doc = read_glb_json(bytes(data))
    doc["nodes"][0]["mesh"] = 7
    doc["materials"][0]["pbrMetallicRoughness"]["baseColorFactor"] = [2.0, 0.0, 0.0, 1.0]
    text = json.dumps(doc).encode()
    text += b" " * (-len(text) % 4)
    old_len = struct.unpack_from("<I", data, 12)[0]
    broken = data[:12] + struct.pack("<I", len(text)) + data[16:20] + text + data[20 + old_len:]
    broken[8:12] = struct.pack("<I", len(broken))
    good.write_bytes(bytes(broken))
    problems = check_glb(good)
    assert any("node 0: meshes index 7" in p for p in problems)
    assert any("baseColorFactor" in p for p in problems)


@pytest.mark.parametrize("suffix", [".mp4", ".gif"])
def test_turntable_writes_the_requested_frames_and_size(tmp_path, suffix):
    out = tmp_path / f"spin{suffix}"
    assert main(["turntable", "--out", str(out), "--frames", "6", "--size", "240x160"]) == 0
    frames = imageio.mimread(out)
    assert len(frames) == 6 and frames[0].shape[:2] == (160, 240)
    assert np.abs(frames[0].astype(int) - frames[3].astype(int)).mean() > 1  # it turns
    assert np.abs(frames[0][..., :3].astype(int) - frames[0][0, 0, :3]).max() > 60  # something is drawn
    if suffix == ".gif":
        gif = Image.open(out)
        assert gif.info["duration"] == gif_frame_ms(24) == 40 and gif.info["loop"] == 0
    assert not list(tmp_path.glob(".*"))


def test_turntable_of_the_whole_body_turns_the_body(tmp_path):
    out = tmp_path / "body.gif"
    assert main(["turntable", "--out", str(out), "--view", "body", "--frames", "4", "--size", "120x200"]) == 0
    frames = imageio.mimread(out)
    assert len(frames) == 4 and frames[0].shape[:2] == (200, 120)
    assert np.abs(frames[0].astype(int) - frames[1].astype(int)).mean() > 1  # it turns
    middle = frames[0][60:140, 40:80, :3].astype(int)
    assert np.abs(middle - frames[0][0, 0, :3]).max() > 60  # the body fills the middle of the picture


def test_turntable_refuses_an_unknown_format_or_odd_mp4_size(tmp_path, capsys):
    assert main(["turntable", "--out", str(tmp_path / "spin.avi"), "--frames", "2"]) == 2
    assert "valid: .mp4, .gif" in capsys.readouterr().err
    with pytest.raises(ValueError, match="even width and height"):
        turntable(tmp_path / "spin.mp4", frames=2, size=(241, 160))
    assert not list(tmp_path.iterdir())


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
        pdf = PdfReader(out)
        assert out.read_bytes()[:4] == b"%PDF" and len(pdf.pages) == 1
        assert [round(float(v)) for v in pdf.pages[0].mediabox] == [0, 0, 595, 842]  # A4 in points
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_handout_fits_long_text_and_refuses_what_cannot_fit(tmp_path):
    picture = Image.new("RGB", (600, 600), (200, 80, 40))
    words = "The nerve root leaves the spine through a small opening between two bones. "
    out = write_handout(tmp_path / "long.png", "Title", picture, [words * 6] * 4, ["A red flag."] * 2)
    page = np.asarray(Image.open(out).convert("L"))
    assert page[A4_150DPI[1] - 90 - 150:A4_150DPI[1] - 90].min() < 128  # the notice is on the page
    with pytest.raises(ValueError, match=r"does not fit 2 page\(s\)"):
        write_handout(tmp_path / "too-long.png", "Title", picture, [words * 40] * 6, [])
    assert not (tmp_path / "too-long.png").exists()


def test_rendered_handout_shows_the_spine_and_the_exam_disclaimer(tmp_path, capsys, monkeypatch):
    def exam_words(code: str) -> dict[str, str]:
        return locale.read_words(annotations_dir() / locale.LOCALES_FOLDER / code / "clinical" / "exam.json")

    assert lay_disclaimer("fallback") == exam_words("en")["/disclaimer/plain"]
    monkeypatch.setattr(locale, "_language", "es")  # the notice is in the language spoken
    assert lay_disclaimer("fallback") == exam_words("es")["/disclaimer/plain"] != exam_words("en")["/disclaimer/plain"]
    monkeypatch.undo()
    leg = Image.new("RGB", (300, 600), "white")
    leg.paste((230, 200, 180), (100, 50, 200, 550))
    state = SceneState(view="posterior")
    out = render_handout(tmp_path / "handout.png", state, "Your lower back", ["A paragraph."], [], body_image=leg)
    page = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert Image.open(out).size == A4_150DPI and state.view == "posterior"
    spine_half, leg_half = page[200:900, 90:620], page[200:900, 660:1150]
    bone = np.array(pv.Color(colour_of("vertebra_L5")).int_rgb)
    assert (np.abs(spine_half - bone).max(axis=2) < 60).mean() > 0.02  # bone-coloured pixels: the spine
    assert (np.abs(leg_half - (230, 200, 180)).max(axis=2) < 4).mean() > 0.05


def test_glb_of_a_render_layer_keeps_the_compression_shading(tmp_path):
    """What the window passes: its SceneRenderer's meshes, whose compression arrays the overlays fill."""
    state = SceneState()
    plotter = pv.Plotter(off_screen=True, window_size=[64, 64])
    renderer = SceneRenderer(plotter, state, load_scene(meshes_dir(), lod=True), STRUCTURES)
    state.set_overlays(Overlays.of_specs([Herniation.parse("L4-L5:subarticular:right:extrusion:0.9")]).to_state())
    meshes = dict(renderer.meshes)
    colours = {sid: pv.Color(colour_of(sid)).float_rgb for sid in meshes}
    out = export_glb(tmp_path / "window.glb", meshes, colours, dict(state.opacity), dict(state.visible))
    renderer.close()
    plotter.close()
    assert check_glb(out) == []
    shaded = {mesh["name"] for mesh in read_glb_json(out.read_bytes())["meshes"]
              if "COLOR_0" in mesh["primitives"][0]["attributes"]}
    assert "root_L5_right" in shaded and "vertebra_L5" not in shaded
