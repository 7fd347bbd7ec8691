"""The body's dermatome shading and nerve path follow the compressed root, side and severity; selection goes
both ways (root to skin and nerves, skin to root)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import pyvista as pv

from l5viz.anatomy.ids import PATH_NERVES
from l5viz.paths import annotations_dir, meshes_dir
from l5viz.pathology.kinds import Overlays
from l5viz.pathology.kinds.herniation import Herniation
from l5viz.render.body import HIGHLIGHT, SEE_THROUGH, BodyRenderer, load_body
from l5viz.render.loading import load_scene
from l5viz.render.scene import SceneRenderer
from l5viz.skin.dermatomes import load_dermatome_maps
from l5viz.state import SceneState


@pytest.fixture(scope="module")
def scenes():
    return load_scene(meshes_dir(), lod=True), load_scene(meshes_dir())


@pytest.fixture()
def rig(scenes, structures):
    lod, full = scenes
    state = SceneState()
    plotter = pv.Plotter(off_screen=True, window_size=[640, 400], shape=(1, 2))
    plotter.subplot(0, 0)
    spine = SceneRenderer(plotter, state, lod, structures, dense_scene=lambda: full)
    plotter.subplot(0, 1)
    model, problems = load_body(meshes_dir(), lod=True)
    maps, more = load_dermatome_maps()
    assert not problems and not more
    leg = BodyRenderer(plotter, state, model, maps, structures, spine.inside_actors)
    spine.add_companion(leg)
    yield state, spine, leg
    state.set_overlays({})
    spine.close()
    plotter.close()


def shade_by(leg: BodyRenderer, root: str, side: str) -> np.ndarray:
    code = leg.maps.maps[leg.state.dermatome_map].codes[root]
    on_side = leg.right if side == "right" else ~leg.right
    return leg.skin.point_data["shade"][(leg.labels() == code) & on_side]


def colour(leg: BodyRenderer, sid: str) -> np.ndarray:
    return np.array(leg.nerve_actors[sid].GetProperty().GetColor())


LIT = np.array(pv.Color(HIGHLIGHT).float_rgb)


def herniate(state, text: str) -> None:
    state.set_overlays(Overlays.of_specs([Herniation.parse(text)]).to_state())


@pytest.mark.parametrize("text,root,side", [
    ("L4-L5:subarticular:right:extrusion:0.7", "L5", "right"),
    ("L5-S1:foraminal:left:protrusion:0.9", "L5", "left"),
    ("L5-S1:subarticular:right:extrusion:0.7", "S1", "right"),
])
def test_the_compressed_roots_dermatome_is_shaded_on_that_side_only(rig, text, root, side):
    state, spine, leg = rig
    herniate(state, text)
    shade = leg.skin.point_data["shade"]
    assert shade_by(leg, root, side).min() > 0.1
    other = "left" if side == "right" else "right"
    assert shade_by(leg, root, other).max() == 0.0
    code = leg.maps.maps[state.dermatome_map].codes[root]
    assert shade[leg.labels() != code].max() == 0.0  # no other dermatome lights up
    state.set_overlays({})
    assert leg.skin.point_data["shade"].max() == 0.0  # clearing the overlay clears the leg


def test_shading_grows_with_severity(rig):
    state, spine, leg = rig
    values = []
    for severity in (0.3, 0.6, 0.9):
        herniate(state, f"L4-L5:subarticular:right:extrusion:{severity}")
        values.append(float(shade_by(leg, "L5", "right").mean()))
    assert values[0] < values[1] < values[2], values


def test_selecting_a_root_highlights_its_dermatome(rig):
    state, spine, leg = rig
    state.select("root_L5_left")
    assert shade_by(leg, "L5", "left").min() == 1.0
    assert shade_by(leg, "L5", "right").max() == 0.0
    state.select(None)
    assert leg.skin.point_data["shade"].max() == 0.0


def test_map_switch_and_show_all_change_the_leg_in_place(rig):
    state, spine, leg = rig
    actor = leg.actor
    state.set_show_dermatomes(True)
    assert leg.legend.GetVisibility()
    before = leg.skin.point_data["shade"].copy()
    state.set_dermatome_map("keegan1948")
    assert leg.actor is actor
    assert not np.array_equal(before, leg.skin.point_data["shade"])  # the maps differ somewhere


def test_clicking_the_first_web_space_lights_the_l5_root(window):
    landmarks = json.loads((annotations_dir() / "landmarks.json").read_text())["bodies"]["male"]["landmarks"]
    point = landmarks["first_web_space_right"]
    point = point["position"] if isinstance(point, dict) else point
    window.body.apply_camera("leg-feet")
    window.renderer.render()
    coord = __import__("vtkmodules.vtkRenderingCore", fromlist=["vtkCoordinate"]).vtkCoordinate()
    coord.SetCoordinateSystemToWorld()
    coord.SetValue(*point)
    x, y = coord.GetComputedDoubleDisplayValue(window.view.renderers[1])
    window.pick_at(x, y)
    assert window.state.highlighted == ("root_L5_right",)
    assert "L5" in window.info.toPlainText()


def test_the_shading_is_what_the_leg_view_draws(rig):
    """Pixels, not only arrays: the healthy leg is skin, a right L5 compression turns the patient's right
    leg (the viewer's left, seen from the front) orange-red and leaves the other leg as it was."""
    state, spine, leg = rig
    plotter = spine.plotter

    def leg_view():
        spine.render()
        picture = np.asarray(plotter.screenshot(return_img=True), dtype=float)
        return picture[:, picture.shape[1] // 2:]  # the leg's subplot

    def redness_by_half(view, is_leg):
        redness = view[..., 0] - view[..., 2]  # orange-red: far more red than blue; skin: somewhat more
        half = view.shape[1] // 2
        return [float(redness[:, sl][is_leg[:, sl]].mean()) for sl in (slice(0, half), slice(half, None))]

    healthy = leg_view()
    is_leg = np.linalg.norm(healthy - np.array(pv.Color("#efd3bd").int_rgb, float), axis=2) < 120
    assert is_leg.mean() > 0.05
    healthy_viewer_left, healthy_viewer_right = redness_by_half(healthy, is_leg)
    assert abs(healthy_viewer_left - healthy_viewer_right) < 5  # mirror-symmetric skin
    herniate(state, "L4-L5:subarticular:right:extrusion:0.8")
    shaded_viewer_left, shaded_viewer_right = redness_by_half(leg_view(), is_leg)
    assert shaded_viewer_left > healthy_viewer_left + 10
    assert abs(shaded_viewer_right - healthy_viewer_right) < 3


def test_selecting_the_l5_root_lights_its_whole_path_to_the_foot_on_its_side(rig):
    state, spine, leg = rig
    state.set_view("body")
    state.select("root_L5_left")
    for sid in PATH_NERVES:
        lit = np.allclose(colour(leg, sid), LIT)
        assert lit == sid.endswith("_left"), sid
    state.select("root_S1_right")  # S1 joins the sacral plexus: from the sciatic nerve down, not the trunk
    assert not np.allclose(colour(leg, "lumbosacral_trunk_right"), LIT)
    for name in ("sciatic_nerve", "tibial_nerve", "common_fibular_nerve", "deep_fibular_nerve",
                 "superficial_fibular_nerve"):
        assert np.allclose(colour(leg, f"{name}_right"), LIT) and not np.allclose(colour(leg, f"{name}_left"), LIT)
    state.select(None)
    assert not any(np.allclose(colour(leg, sid), LIT) for sid in PATH_NERVES)


def test_a_compression_colours_the_compressed_roots_path_only(rig):
    state, spine, leg = rig
    state.set_view("body")
    healthy = {sid: colour(leg, sid) for sid in PATH_NERVES}
    herniate(state, "L4-L5:subarticular:right:extrusion:0.8")  # compresses the right L5
    for sid in PATH_NERVES:
        changed = not np.allclose(colour(leg, sid), healthy[sid])
        assert changed == sid.endswith("_right"), sid
        if changed:  # towards orange-red: more red than the nerve's yellow has, less green
            assert colour(leg, sid)[1] < healthy[sid][1]
    state.set_overlays({})
    assert all(np.allclose(colour(leg, sid), healthy[sid]) for sid in PATH_NERVES)


def test_the_whole_body_view_shows_the_spine_and_nerves_through_the_skin(rig):
    state, spine, leg = rig
    state.set_view("body")
    assert leg.actor.GetProperty().GetOpacity() == pytest.approx(SEE_THROUGH)
    assert all(a.GetVisibility() for a in leg.nerve_actors.values()) and set(leg.nerve_actors) == set(PATH_NERVES)
    structures = {sid: a for sid, a in leg.inside.items() if not sid.startswith("implant_")}
    assert structures and all(a.GetVisibility() for a in structures.values())
    assert not any(a.GetVisibility() for sid, a in leg.inside.items() if sid.startswith("implant_"))  # none placed
    assert leg.inside["vertebra_L5"].GetMapper().GetInput() is spine.actors["vertebra_L5"].GetMapper().GetInput()
    state.set_visible("sciatic_nerve_left", False)  # the structure panel hides a nerve here too
    assert not leg.nerve_actors["sciatic_nerve_left"].GetVisibility()
    state.set_visible("sciatic_nerve_left", True)
    state.set_view("leg-posterior")
    assert leg.actor.GetProperty().GetOpacity() == 1.0
    assert not any(a.GetVisibility() for a in (*leg.nerve_actors.values(), *leg.inside.values()))


def test_an_injection_needle_shows_in_the_body_and_through_the_skin_of_the_back(rig):
    """The needle, its hub and the contrast inside the see-through body; from behind, where the skin is opaque,
    the needle and hub still show (they pierce it); a ligament a procedure takes out is gone from both views."""
    state, spine, leg = rig
    state.set_overlays({"procedure": [{"type": "tfesi", "level": "L5-S1", "side": "right"}]})
    state.set_view("body")
    implants = spine.last_result.implants
    assert sorted(implant.kind for implant in implants) == ["contrast", "hub", "needle"]
    placed = [a for sid, a in leg.inside.items() if sid.startswith("implant_") and a.GetVisibility()]
    assert len(placed) == len(implants)
    state.set_view("body-back")
    placed = [a for sid, a in leg.inside.items() if sid.startswith("implant_") and a.GetVisibility()]
    assert len(placed) == len(implants)
    assert leg.actor.GetProperty().GetOpacity() == 1.0
    state.set_overlays({"procedure": [{"type": "laminectomy", "level": "L4-L5"}]})
    state.set_view("body")
    assert not spine.actors["ligamentum_flavum_L4_L5_left"].GetVisibility()
    assert not spine.drawn("ligamentum_flavum_L4_L5_left") and spine.drawn("ligamentum_flavum_L5_S1_left")
    state.set_overlays({})
    assert spine.actors["ligamentum_flavum_L4_L5_left"].GetVisibility()


def test_the_spine_inside_the_body_slips_with_the_spine_view(rig):
    """A bone a slip moves whole is moved as an actor: the body's copy of it moves the same way."""
    state, spine, leg = rig
    state.set_view("body")
    state.set_overlays({"spondylolisthesis": [{"level": "L5-S1", "type": "isthmic", "grade": 2}]})
    def placed(actor):
        matrix = actor.GetUserMatrix()
        if matrix is None:
            return np.eye(4)
        return np.array([[matrix.GetElement(i, j) for j in range(4)] for i in range(4)])

    moved = placed(spine.actors["vertebra_L4"])
    assert not np.allclose(moved, np.eye(4))
    assert np.allclose(placed(leg.inside["vertebra_L4"]), moved)
    state.set_overlays({})
    assert np.allclose(placed(leg.inside["vertebra_L4"]), np.eye(4))


def test_clicking_a_nerve_in_the_whole_body_view_selects_it(window):
    window.state.set_view("body")
    window.renderer.render()
    body = json.loads((meshes_dir() / "body_manifest.json").read_text())
    line = np.array(body["variants"][body["default"]]["nerves"]["sciatic_nerve_left"]["centreline"])
    coord = __import__("vtkmodules.vtkRenderingCore", fromlist=["vtkCoordinate"]).vtkCoordinate()
    coord.SetCoordinateSystemToWorld()
    coord.SetValue(*line[len(line) // 2])
    x, y = coord.GetComputedDoubleDisplayValue(window.view.renderers[1])
    assert window.pick_at(x, y) == "sciatic_nerve_left"
    assert window.state.selected == "sciatic_nerve_left"
    assert "Sciatic nerve" in window.info.toPlainText()


def test_the_female_body_replaces_the_male_in_place_and_is_remembered(window):
    from l5viz.teaching.settings import Settings

    body = window.body
    skin, actor = body.skin, body.actor
    before = np.asarray(skin.points).copy()
    window.female_action.setChecked(True)
    assert body.model.variant == "female" and body.skin is skin and body.actor is actor
    assert not np.allclose(np.asarray(skin.points), before)  # another body, drawn by the same actor
    sciatic = body.nerve_actors["sciatic_nerve_left"].GetMapper().GetInput()
    female = json.loads((meshes_dir() / "body_manifest.json").read_text())["variants"]["female"]
    fitted = pv.read(meshes_dir() / female["nerves"]["sciatic_nerve_left"]["lod_file"])
    assert np.allclose(pv.wrap(sciatic).points, fitted.points)  # the nerve path fitted to her body
    assert Settings().value("body_variant") == "female"  # read back from the file, as the next start will
    window.state.select("root_L5_left")  # the sync still works on the new skin
    assert body.skin.point_data["shade"].max() == 1.0
    window.female_action.setChecked(False)
    assert np.allclose(np.asarray(skin.points), before)
