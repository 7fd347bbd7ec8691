"""The render layer keeps actors in step with SceneState, headless (pyvista off-screen, no Qt)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import pyvista as pv

from l5viz.paths import meshes_dir
from l5viz.render.loading import load_scene
from l5viz.render.scene import SceneRenderer
from l5viz.render.views import VIEWS
from l5viz.state import SceneState

SIZE = (480, 360)


@pytest.fixture(scope="module")
def lod_scene():
    return load_scene(meshes_dir(), lod=True)


@pytest.fixture()
def rig(lod_scene):
    state = SceneState(view="anterior")
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    renderer = SceneRenderer(plotter, state, lod_scene)
    yield state, plotter, renderer
    renderer.close()
    plotter.close()
    for sid, base in renderer.baseline.items():  # the module-scoped scene must stay at baseline
        lod_scene.meshes[sid].points[:] = base


def image(plotter) -> np.ndarray:
    return np.asarray(plotter.screenshot(return_img=True), dtype=np.int16)


def test_hiding_a_structure_changes_the_pixels_and_renders_once(rig):
    state, plotter, renderer = rig
    before = image(plotter)
    renders = renderer.renders
    state.set_visible("vertebra_L4", False)
    assert renderer.renders == renders + 1
    after = image(plotter)
    assert np.abs(after - before).sum(axis=2).astype(bool).mean() > 0.01
    state.set_visible("vertebra_L4", True)
    assert np.array_equal(image(plotter), before)


def test_every_view_gives_a_different_picture(rig):
    state, plotter, _ = rig
    pictures = {}
    for view in VIEWS:
        state.set_view(view)
        pictures[view] = image(plotter)
    names = list(pictures)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not np.array_equal(pictures[a], pictures[b]), (a, b)


def test_axial_view_cuts_away_what_lies_above_the_disc(rig):
    state, plotter, renderer = rig
    state.set_view("axial-L4-L5")
    cut = image(plotter)
    renderer._set_clipping(None)
    renderer.render()
    uncut = image(plotter)
    assert np.abs(cut - uncut).sum(axis=2).astype(bool).mean() > 0.05


def test_pick_at_a_projected_structure_returns_its_id(rig, lod_scene):
    state, plotter, renderer = rig
    state.set_view("anterior")
    centre = np.array(lod_scene.landmarks["vertebra_L4_centre"]) + [0.0, 12.0, 0.0]  # front of the L4 body
    x, y = renderer.display_position(centre)
    assert renderer.pick(x, y) == "vertebra_L4"
    assert renderer.pick(2, 2) is None  # background


def test_selection_highlights_in_colour(rig):
    state, plotter, renderer = rig
    before = image(plotter)
    state.select("vertebra_L5")
    assert renderer.actor_for("vertebra_L5").GetProperty().GetColor() != (0.0, 0.0, 0.0)
    assert not np.array_equal(image(plotter), before)


def test_overlay_deforms_in_place_and_switching_off_restores_baseline_exactly(rig, lod_scene):
    state, plotter, renderer = rig
    root = lod_scene.meshes["root_L5_right"]
    actor_before = renderer.actor_for("root_L5_right")
    base = root.points.copy()
    state.set_overlays({"herniation": [{"level": "L4-L5", "zone": "subarticular", "side": "right",
                                        "type": "extrusion", "severity": 0.8}]})
    assert renderer.actor_for("root_L5_right") is actor_before  # no new actor
    assert np.abs(root.points - base).max() > 0.5
    assert root.point_data["compression"].max() > 0.2
    assert sum(a.GetVisibility() for a in renderer.lesion_actors) == 1
    state.set_overlays({})
    assert np.array_equal(root.points, base)
    assert root.point_data["compression"].max() == 0.0
    assert sum(a.GetVisibility() for a in renderer.lesion_actors) == 0


def test_corrupt_and_missing_meshes_are_reported_and_the_rest_loads(tmp_path):
    folder = tmp_path / "meshes"
    shutil.copytree(meshes_dir(), folder)
    (folder / "vertebra_L4.vtp").write_bytes(b"<VTKFile garbage")
    (folder / "disc_L4_L5.vtp").unlink()
    scene = load_scene(folder)
    messages = [str(p) for p in scene.problems]
    assert any("vertebra_L4.vtp" in m and "sha256" in m for m in messages)
    assert any("disc_L4_L5.vtp" in m and "cannot read" in m for m in messages)
    assert "vertebra_L4" not in scene.meshes and "vertebra_L5" in scene.meshes
    # A damaged file whose hash was also rewritten is caught by the reader itself.
    import json

    manifest = json.loads((folder / "manifest.json").read_text())
    import hashlib

    for e in manifest["structures"]:
        if e["id"] == "vertebra_L4":
            e["sha256"] = hashlib.sha256(b"<VTKFile garbage").hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    scene = load_scene(folder)
    assert any("vertebra_L4.vtp" in str(p) and "corrupt" in str(p) for p in scene.problems)
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    renderer = SceneRenderer(plotter, SceneState(), scene)
    assert "vertebra_L5" in renderer.actors and "vertebra_L4" not in renderer.actors
    plotter.close()


def test_malformed_manifest_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json")
    scene = load_scene(tmp_path)
    assert scene.meshes == {} and "malformed manifest" in str(scene.problems[0])


def test_window_on_light_meshes_reports_the_same_figures_as_the_cli_on_full_meshes(lod_scene):
    from l5viz.pathology.engine import PathologyEngine
    from l5viz.pathology.specs import Herniation, Stenosis, overlays_to_state

    herniation, stenosis = Herniation("L4-L5", "subarticular", "right", "extrusion", 0.7), Stenosis("L5-S1", "left", 2.5)
    full = load_scene(meshes_dir())
    state = SceneState()
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    renderer = SceneRenderer(plotter, state, lod_scene, dense_scene=lambda: full)
    state.set_overlays(overlays_to_state([herniation], [stenosis]))
    shown = renderer.last_result
    reference = PathologyEngine({k: m.points for k, m in full.meshes.items()}, full.manifest).evaluate(
        [herniation], [stenosis])
    assert shown.compression == reference.compression
    assert shown.foramina == reference.foramina
    state.set_overlays({})
    renderer.close()
    plotter.close()
