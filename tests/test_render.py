"""The render layer keeps actors in step with SceneState, headless (pyvista off-screen, no Qt)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import pyvista as pv

from l5viz.pathology.kinds import Overlays
from l5viz.paths import meshes_dir
from l5viz.render.loading import load_scene
from l5viz.render.scene import LESION_POOL, SELECTED_COLOUR, SceneRenderer, compression_lut, label_text
from l5viz.render.views import VIEWS
from l5viz.state import SceneState

SIZE = (480, 360)


@pytest.fixture(scope="module")
def lod_scene():
    return load_scene(meshes_dir(), lod=True)


@pytest.fixture()
def rig(lod_scene, structures):
    state = SceneState(view="anterior")
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    renderer = SceneRenderer(plotter, state, lod_scene, structures)
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
    assert np.abs(after - before).sum(axis=2).astype(bool).mean() > 0.003  # L4 is a small part of spine and pelvis
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


@pytest.mark.parametrize("view", ["axial-L4-L5", "sagittal-L5-S1-left"])
def test_a_slab_view_draws_only_what_the_slab_cuts(rig, view):
    """What lies wholly outside the slab is not drawn: hiding it changes no pixel; hiding what it cuts does."""
    state, plotter, renderer = rig
    state.set_view(view)
    outside = [sid for sid in ("vertebra_L2", "root_S1_right", "hip_bone_right") if not renderer.in_slab(sid)]
    inside = "disc_L4_L5" if view.startswith("axial") else "vertebra_L5"
    assert len(outside) >= 2 and renderer.in_slab(inside)
    before = image(plotter)
    state.set_visible(outside, False)
    assert np.array_equal(image(plotter), before)
    state.set_visible(inside, False)
    assert not np.array_equal(image(plotter), before)
    state.show_all()


@pytest.mark.parametrize("view", ["axial-L4-L5", "axial-L5-S1", "sagittal-L4-L5-right", "sagittal-L5-S1-left"])
def test_slab_sections_are_solid_in_their_own_colours(rig, view):
    """Capped cuts, no dark slivers: wherever a click in the slab picks a structure, the pixel is that
    structure's section colour (a shade of its own), bar the thin outlines and the lit tissue within the slab."""
    from l5viz.render.scene import SECTION_SHADE

    state, plotter, renderer = rig
    state.set_view(view)
    img = image(plotter)
    matching, dark, picked = 0, 0, 0
    for x in range(8, SIZE[0] - 8, 12):
        for y in range(8, SIZE[1] - 8, 12):
            sid = renderer.pick(x, y)
            if sid is None or not renderer.in_slab(sid):
                continue
            picked += 1
            pixel = img[SIZE[1] - 1 - y, x, :3]
            section = SECTION_SHADE * np.array(pv.Color(renderer.colour_of(sid)).int_rgb)
            matching += np.abs(pixel - section).max() < 14
            # A sliver is a dark patch wider than the 2-pixel outlines drawn round each section.
            dark += img[SIZE[1] - 3 - y:SIZE[1] + 2 - y, x - 2:x + 3, :3].max() < 40
    assert picked > 150
    assert matching / picked > 0.7, (matching, picked)
    assert dark == 0, (dark, picked)


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
    own = renderer.actor_for("vertebra_L5").GetProperty().GetColor()
    state.select("vertebra_L5")
    colour = renderer.actor_for("vertebra_L5").GetProperty().GetColor()
    assert np.allclose(colour, pv.Color(SELECTED_COLOUR).float_rgb, atol=0.01) and not np.allclose(colour, own)
    assert not np.array_equal(image(plotter), before)
    state.select(None)
    assert np.allclose(renderer.actor_for("vertebra_L5").GetProperty().GetColor(), own)


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
    assert sum(a.GetVisibility() for a in renderer.lesion_actors) == 2  # the fragment and its fissure
    state.set_overlays({})
    assert np.array_equal(root.points, base)
    assert root.point_data["compression"].max() == 0.0
    assert sum(a.GetVisibility() for a in renderer.lesion_actors) == 0


def test_every_lesion_is_drawn_however_many_the_overlays_hold(rig):
    """A long report's findings make more lesions than the actors made up front: more are made, and a slab cuts
    them as it cuts the others."""
    state, _, renderer = rig
    state.set_view("axial-L4-L5")
    state.set_overlays(Overlays.from_texts({
        "herniation": [f"{level}:subarticular:right:extrusion:0.7" for level in ("L3-L4", "L4-L5", "L5-S1")],
        "stenosis": [f"{level}:foraminal:left:2" for level in ("L4-L5", "L5-S1")]}).to_state())
    drawn = renderer.last_result.drawn_lesions
    shown = [actor for actor in renderer.lesion_actors if actor.GetVisibility()]
    assert len(drawn) > LESION_POOL and len(shown) == len(drawn)
    assert all(actor.GetMapper().GetClippingPlanes().GetNumberOfItems() == 2 for actor in shown)
    assert not any(actor.GetProperty().GetBackfaceCulling() for actor in shown)
    state.set_view("anterior")
    assert not any(actor.GetMapper().GetClippingPlanes().GetNumberOfItems() for actor in shown)


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


def test_window_on_light_meshes_reports_the_same_figures_as_the_cli_on_full_meshes(lod_scene, structures):
    from l5viz.pathology.kinds import Overlays
    from l5viz.pathology.kinds.herniation import Herniation
    from l5viz.pathology.kinds.stenosis import Stenosis
    from l5viz.render.loading import engine_for

    herniation = Herniation("L4-L5", "subarticular", "right", "extrusion", 0.7)
    stenosis = Stenosis("L5-S1", "left", 2.5)
    full = load_scene(meshes_dir())
    state = SceneState()
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    renderer = SceneRenderer(plotter, state, lod_scene, structures, dense_scene=lambda: full)
    state.set_overlays(Overlays((herniation, stenosis)).to_state())
    shown = renderer.last_result
    reference = engine_for(full).evaluate([herniation, stenosis])
    assert shown.compression == reference.compression
    assert shown.foramina == reference.foramina
    state.set_overlays({})
    renderer.close()
    plotter.close()


@pytest.mark.parametrize("level", ["L4_L5", "L5_S1"])
def test_axial_cut_shows_the_disc_section_and_a_click_there_picks_the_disc(rig, lod_scene, level):
    """The slab through the disc's mid-plane cuts the annulus; its section must read as disc, not bone."""
    state, plotter, renderer = rig
    state.set_view(f"axial-{level.replace('_', '-')}")
    img = image(plotter)
    centre = np.array(lod_scene.landmarks[f"disc_{level}_centre"])
    normal = np.array(lod_scene.landmarks[f"disc_{level}_normal"])
    forward = np.array([0.0, 1.0, 0.0]) - normal * normal[1]  # anterior, in the disc's own plane
    forward /= np.linalg.norm(forward)
    inner = ((lod_scene.meshes[f"nucleus_{level}"].points - centre) @ forward).max()
    outer = ((lod_scene.meshes[f"disc_{level}"].points - centre) @ forward).max()
    disc = 0
    shares = np.linspace(0.1, 0.9, 9)  # across the front of the annulus, between the nucleus and the rim
    for share in shares:
        x, y = renderer.display_position(centre + forward * (inner + share * (outer - inner)))
        pixel = img[SIZE[1] - 1 - round(y), round(x), :3]
        disc += pixel[2] - pixel[0] > 10 and renderer.pick(x, y) == f"disc_{level}"  # blue, not ivory bone
    assert disc >= 0.7 * len(shares)


@pytest.mark.parametrize("side,other", [("left", "right"), ("right", "left")])
def test_labels_name_only_what_the_view_sees(rig, side, other):
    state, _, renderer = rig
    state.set_labels(True)
    state.set_view(f"foramen-L5-S1-{side}")
    assert renderer.label_shown(f"root_L5_{side}")  # (its ganglion lies hidden in the foramen's upper part)
    assert not renderer.label_shown(f"root_L5_{other}")  # behind the sacrum from this side
    state.set_view("anterior")
    assert renderer.label_shown(f"root_L5_{side}") and not renderer.label_shown("thecal_sac")  # behind the bodies
    state.set_labels(False)
    assert not any(renderer.label_shown(sid) for sid in renderer.label_anchors)


def test_labels_follow_a_camera_moved_by_hand(rig):
    state, plotter, renderer = rig
    state.set_labels(True)
    state.set_visible(["hip_bone_left", "hip_bone_right"], False)  # from the side the iliac wings hide L5
    state.set_view("left")
    assert renderer.label_shown("root_L5_left") and not renderer.label_shown("root_L5_right")
    renderer.set_camera_pose(*_mirrored_pose(renderer, "right"))  # as if dragged round to the right side
    image(plotter)  # the window's next frame
    assert renderer.label_shown("root_L5_right") and not renderer.label_shown("root_L5_left")


def _mirrored_pose(renderer, view):
    """The pose of another preset, without telling the state (a user dragging the camera there)."""
    start = renderer.camera_pose()
    renderer._place_camera(view)
    pose = renderer.camera_pose()
    renderer._set_slab(None)
    renderer._set_cutaway(None)
    renderer.set_camera_pose(*start, render=False)
    return pose


def _looking_down_z(size=(400, 400)):
    """A label camera 100 mm above the origin looking down -z, 30 degree view angle."""
    from l5viz.render.labels import Camera

    eye = np.array([0.0, 0.0, 100.0])
    cam = pv.Camera()
    cam.position, cam.focal_point, cam.up, cam.view_angle = tuple(eye), (0, 0, 0), (0, 1, 0), 30.0
    vtk_matrix = cam.GetCompositeProjectionTransformMatrix(size[0] / size[1], -1, 1)
    matrix = np.array([[vtk_matrix.GetElement(i, j) for j in range(4)] for i in range(4)])
    return Camera(matrix, eye, np.array([0.0, 0.0, -1.0]), np.array([0.0, 1.0, 0.0]), 30.0, size)


def _plate(z, dx=0.0, size=20.0, resolution=1):
    """A square facing the camera, as (points, triangles); resolution 1: two large triangles only."""
    plate = pv.Plane(center=(dx, 0.0, z), i_size=size, j_size=size, i_resolution=resolution,
                     j_resolution=resolution).triangulate()
    return np.array(plate.points), plate.regular_faces


def test_label_placement_skips_hidden_structures_and_keeps_labels_apart():
    from l5viz.render.labels import place_labels, project

    camera = _looking_down_z()
    # Two triangles 20 mm across hide the plate behind them although none of their vertices lies over it.
    surfaces = {"front": _plate(10.0), "behind": _plate(0.0, size=12.0, resolution=8), "beside": _plate(9.0, dx=0.5)}
    boxes = {sid: (120.0, 20.0) for sid in surfaces}
    placed = place_labels(surfaces, set(surfaces), {"front", "beside"}, camera, boxes)
    assert "behind" not in placed
    assert set(placed) == {"front", "beside"}
    a, b = (project(np.array([placed[s].anchor]), camera.matrix)[0] * 200.0 for s in ("front", "beside"))  # px
    assert abs(a[1] - b[1]) >= 20.0 - 1e-6  # one label moved below the other, not on top of it
    cut = (np.zeros(3), np.array([0.0, 0.0, -1.0]))  # keeps only what lies below z = 0
    assert set(place_labels(surfaces, set(surfaces), set(surfaces), camera, boxes, (cut,))) == {"behind"}


def test_label_placement_samples_only_the_triangles_that_reach_the_view(monkeypatch):
    """Zoomed in, each triangle spans many depth-grid cells and is split up to 64 times along each edge: one
    wholly outside the view, none of whose samples is kept, is not sampled at all (a zoomed-in foramen view took
    18 s to label)."""
    from l5viz.render import labels

    camera = _looking_down_z()  # about 54 mm across at z = 0
    surfaces = {"far": _plate(0.0, dx=200.0, size=100.0), "plate": _plate(0.0)}  # two triangles each
    sampled = []
    sample = labels._samples
    monkeypatch.setattr(labels, "_samples", lambda values, faces: sampled.append(len(faces)) or sample(values, faces))
    boxes = {sid: (60.0, 20.0) for sid in surfaces}
    placed = labels.place_labels(surfaces, set(surfaces), set(surfaces), camera, boxes)
    assert set(placed) == {"plate"}
    assert sampled == [0, 2]


def test_a_view_squeezed_narrow_keeps_a_depth_grid_of_bounded_size():
    """A small window with its docks open leaves the spine view a few pixels wide: the label grid's cells grow
    taller rather than their number growing without bound (779 / 7 * 110 rows took seconds and half a gigabyte)."""
    from l5viz.render.labels import GRID_COLUMNS, GRID_ROWS_MAX, grid_rows

    assert grid_rows((400, 400)) == GRID_COLUMNS  # square cells in a view of ordinary shape
    assert grid_rows((7, 779)) == GRID_ROWS_MAX


def test_a_label_keeps_clear_of_the_slab_caption_and_scale_bar():
    """A slab prints its caption and scale bar in the lower corners: a label that would cover one moves away."""
    from l5viz.render.labels import place_labels, project

    camera = _looking_down_z()
    plate = _plate(0.0, size=40.0, resolution=8)
    free = place_labels({"plate": plate}, {"plate"}, {"plate"}, camera, {"plate": (120.0, 20.0)})["plate"]
    y = 200.0 * (project(np.array([free.anchor]), camera.matrix)[0][1] + 1.0)  # px from the bottom
    bar = (0.0, 400.0, y - 15.0, y + 15.0)  # right where the label stood, across the whole view
    moved = place_labels({"plate": plate}, {"plate"}, {"plate"}, camera, {"plate": (120.0, 20.0)}, reserved=[bar])
    y_moved = 200.0 * (project(np.array([moved["plate"].anchor]), camera.matrix)[0][1] + 1.0)
    assert abs(y_moved - y) >= 15.0 + 10.0 - 1e-6  # above or below the reserved box, not on it


def test_a_label_at_the_edge_of_the_view_runs_back_into_it():
    from l5viz.render.labels import place_labels

    rim = _plate(0.0, dx=21.0, size=2.0)  # right of centre, about 30 px from the view's right edge
    placed = place_labels({"rim": rim}, {"rim"}, {"rim"}, _looking_down_z(), {"rim": (120.0, 20.0)})
    assert placed["rim"].runs == "left"


def test_labels_stand_beside_the_anatomy_with_a_leader_to_what_they_name():
    from l5viz.render.labels import LEADER_PX, place_labels, project

    camera = _looking_down_z()  # 400 px across 53.6 mm at the plate: a 20 mm plate leaves room either side
    placed = place_labels({"plate": _plate(0.0, resolution=4)}, {"plate"}, {"plate"}, camera, {"plate": (60.0, 20.0)})
    target, text = (200.0 * (project(np.array([p]), camera.matrix)[0] + 1.0) for p in (placed["plate"].target,
                                                                                       placed["plate"].anchor))
    plate_right = 200.0 * (project(np.array([[10.0, 0.0, 0.0]]), camera.matrix)[0, 0] + 1.0)
    plate_left = 200.0 * (project(np.array([[-10.0, 0.0, 0.0]]), camera.matrix)[0, 0] + 1.0)
    assert plate_left < target[0] <= plate_right  # the leader starts on the plate,
    assert plate_right - target[0] < 0.1 * (plate_right - plate_left)  # near its outer edge
    assert text[0] >= plate_right + LEADER_PX - 1e-6  # and the text stands clear of the plate


@pytest.mark.parametrize("front_size,labelled", [(17.3, False), (14.4, True)])
def test_a_structure_glimpsed_behind_another_is_not_labelled(front_size, labelled):
    from l5viz.render.labels import place_labels

    surfaces = {"front": _plate(10.0, size=front_size), "behind": _plate(0.0, size=20.0, resolution=8)}
    # Seen from 100 mm, a plate 10 mm nearer looks 1/0.9 times its size: 17.3 mm hides all but about 8 % of
    # the 20 mm plate behind it, 14.4 mm all but about 36 %.
    placed = place_labels(surfaces, {"behind"}, {"front"}, _looking_down_z(), {"behind": (60.0, 20.0)})
    assert ("behind" in placed) is labelled


def test_a_root_cut_inside_its_ganglion_gets_one_label_not_two():
    from l5viz.render.labels import place_labels

    ganglion, root = _plate(0.0, size=12.0, resolution=8), _plate(0.5, size=11.0, resolution=2)
    boxes = {sid: (60.0, 20.0) for sid in ("drg_L5_left", "root_L5_left", "sacrum")}
    camera = _looking_down_z()
    pair = {"root_L5_left": "drg_L5_left"}
    placed = place_labels({"drg_L5_left": ganglion, "root_L5_left": root}, set(boxes), set(), camera, boxes, (), pair)
    assert set(placed) == {"drg_L5_left"}  # the ganglion keeps the label
    placed = place_labels({"sacrum": ganglion, "root_L5_left": root}, set(boxes), set(), camera, boxes, (), pair)
    assert set(placed) == {"sacrum", "root_L5_left"}  # different structures at one spot both keep theirs


def test_manifest_faults_are_reported_and_a_view_missing_its_landmark_says_which(tmp_path, capsys):
    import json

    folder = tmp_path / "meshes"
    shutil.copytree(meshes_dir(), folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["landmarks"]["disc_L4_L5_normal"]
    manifest["landmarks"]["scene_centre"] = "middle"
    manifest["structures"].append(dict(next(e for e in manifest["structures"] if e["id"] == "sacrum")))
    next(e for e in manifest["structures"] if e["id"] == "vertebra_L3")["lod_file"] = 5
    (folder / "manifest.json").write_text(json.dumps(manifest))
    scene = load_scene(folder, lod=True)
    messages = "\n".join(str(p) for p in scene.problems)
    assert "landmark 'scene_centre' is not three numbers" in messages
    assert "sacrum listed twice" in messages and "vertebra_L3: 'lod_file'" in messages
    assert "sacrum" in scene.meshes and "vertebra_L3" not in scene.meshes
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    renderer = SceneRenderer(plotter, SceneState(view="axial-L4-L5"), scene)  # opens on the overview instead
    assert "disc_L4_L5_normal" in capsys.readouterr().err and renderer._cuts == ()
    with pytest.raises(ValueError, match="manifest.json: landmark 'disc_L4_L5_normal' is missing"):
        renderer.apply_camera("axial-L4-L5")
    renderer.apply_camera("axial-L5-S1")  # its own landmarks are there
    assert len(renderer._cuts) == 2
    renderer.close()
    plotter.close()


@pytest.mark.parametrize("view,axial,left,right,up", [
    ("anterior", "radiological", "R", "L", "S"),  # facing the patient: their right on the viewer's left
    ("posterior", "radiological", "L", "R", "S"),
    ("axial-L4-L5", "radiological", "R", "L", "A"),  # from the feet, as MRI and CT: their right on our left
    ("axial-L4-L5", "anatomical", "L", "R", "A"),  # from the head, the setting for an atlas's view
    ("sagittal-L5-S1-right", "radiological", "A", "P", "S"),  # as a sagittal MRI: anterior on the left
])
def test_orientation_letters_name_the_patients_directions_at_the_edges(rig, view, axial, left, right, up):
    state, _, renderer = rig
    state.set_axial(axial)
    state.set_view(view)
    shown = {edge: actor.GetInput() for edge, actor in renderer.orientation.actors.items()}
    assert (shown["left"], shown["right"], shown["up"]) == (left, right, up)
    state.set_axial("radiological")


def test_orientation_letters_name_two_directions_for_an_oblique_view():
    from l5viz.render.orientation import edge_letters

    # From the front and the patient's left, 45 degrees: the left edge is toward their right and front.
    oblique = edge_letters(direction_of_projection=(1.0, -1.0, 0.0), view_up=(0.0, 0.0, 1.0))
    assert oblique["up"] == "S" and len(oblique["left"]) == 2 and set(oblique["left"]) == {"R", "A"}
    assert edge_letters((0.0, -1.0, 0.0), (0.0, 0.0, 1.0)) == {"right": "L", "left": "R", "up": "S", "down": "I"}


def test_a_stenosis_moves_the_segment_above_as_a_whole_and_off_puts_it_back(rig, lod_scene):
    """The vertebrae above a stenotic disc sink whole: their actors move, their vertices stay as baked
    (nothing to re-upload on a grade step), and labels and cuts use where they are drawn."""
    state, plotter, renderer = rig
    base = lod_scene.meshes["vertebra_L4"].points.copy()
    state.set_overlays({"stenosis": [{"level": "L5-S1", "side": "left", "grade": 3.0}]})
    assert np.array_equal(lod_scene.meshes["vertebra_L4"].points, base)
    shown = renderer.shown_points("vertebra_L4")
    matrix = np.array(renderer.actor_for("vertebra_L4").user_matrix)
    assert np.allclose(shown, base @ matrix[:3, :3].T + matrix[:3, 3])
    assert (shown - base)[:, 2].mean() < -1.0  # the disc below lost height
    assert np.allclose(shown, renderer.last_result.points["vertebra_L4"], atol=1e-6)
    state.set_overlays({})
    assert np.allclose(np.array(renderer.actor_for("vertebra_L4").user_matrix), np.eye(4))
    assert np.array_equal(renderer.shown_points("vertebra_L4"), base)


@pytest.mark.parametrize("view,words", [("axial-L5-S1", "Axial 4 mm, L5-S1 disc, from the feet"),
                                        ("sagittal-L4-L5-left", "Sagittal 4 mm, left L4-5 foramen")])
def test_a_slab_says_what_it_is_and_its_scale_bar_is_true(rig, lod_scene, view, words):
    from l5viz.render.slab import bar_length_mm

    state, plotter, renderer = rig
    state.set_view(view)
    image(plotter)
    annotations = renderer.slab_annotations
    assert annotations.caption.GetInput() == words and annotations.bar.GetVisibility()
    # 10 mm in the slab's plane spans 10 x px_per_mm pixels on screen, wherever it lies.
    camera = renderer.ren.camera
    right = np.cross(camera.GetDirectionOfProjection(), camera.up)
    start = np.array(camera.focal_point) + np.array(camera.up) * 7.0
    a, b = (np.array(renderer.display_position(p)) for p in (start, start + right / np.linalg.norm(right) * 10.0))
    assert np.linalg.norm(b - a) == pytest.approx(10.0 * annotations.px_per_mm(), abs=1.0)
    left, right_end = (annotations.bar_data.GetPoints().GetPoint(i)[0] for i in (0, 1))
    length = bar_length_mm(annotations.px_per_mm(), SIZE[0])
    assert right_end - left == pytest.approx(length * annotations.px_per_mm(), abs=0.5)
    assert annotations.bar_text.GetInput() == f"{length:g} mm"
    state.set_view("anterior")
    assert not annotations.caption.GetVisibility() and not annotations.bar.GetVisibility()


def test_a_label_with_no_room_on_either_side_stays_inside_the_view():
    from l5viz.render.labels import place_labels, project

    camera = _looking_down_z()  # 400 px wide
    placed = place_labels({"mid": _plate(0.0, dx=4.0, size=2.0)}, {"mid"}, {"mid"}, camera, {"mid": (300.0, 20.0)})
    x = 200.0 * (project(np.array([placed["mid"].anchor]), camera.matrix)[0, 0] + 1.0)
    left, right = (x, x + 300.0) if placed["mid"].runs == "right" else (x - 300.0, x)
    assert left >= -1e-6 and right <= 400.0 + 1e-6
    assert "wide" not in place_labels({"wide": _plate(0.0)}, {"wide"}, {"wide"}, camera, {"wide": (420.0, 20.0)})


def test_zones_are_drawn_over_axial_slabs_only_and_the_caption_names_the_scheme(rig):
    state, plotter, renderer = rig
    overlay = renderer.zone_overlay
    state.set_view("axial-L4-L5")
    assert not overlay.actor.GetVisibility()  # off by default
    state.set_zones("fardon")
    assert overlay.actor.GetVisibility() and overlay.lines.GetNumberOfCells() == 6  # 3 boundaries a side
    names = [label.GetInput() for label in overlay.labels if label.GetVisibility()]
    assert sorted(names) == sorted(["central"] + 2 * ["subarticular", "foraminal", "extraforaminal"])
    assert "zones of Fardon 2014" in renderer.slab_annotations.caption.GetInput()
    before = image(plotter)
    state.set_zones("lee")
    assert overlay.lines.GetNumberOfCells() == 8  # dura, pedicle wall, pedicle centre, facet border, a side
    assert np.abs(image(plotter) - before).sum() > 0
    state.set_view("axial-L5-S1")  # the sacrum's pedicle is not measured: no lateral canal zones there
    assert not overlay.actor.GetVisibility() and "Lee" not in renderer.slab_annotations.caption.GetInput()
    state.set_view("anterior")
    assert not overlay.actor.GetVisibility() and not any(label.GetVisibility() for label in overlay.labels)
    with pytest.raises(ValueError, match="valid: off, fardon, lee"):
        state.set_zones("macnab")


def test_a_flattened_root_keeps_apart_from_the_flattened_sac_round_it(structures):
    """The sac's compression colours run to violet, a root's to red: in a central stenosis the squeezed L5 roots
    (60 %) lie against a squeezed sac (54 %) and must not read as one shape."""
    root = compression_lut(structures["root_L5_left"].colour, structures["root_L5_left"].kind)
    sac = compression_lut(structures["thecal_sac"].colour, structures["thecal_sac"].kind)
    for level in np.linspace(0.2, 1.0, 9):
        rgb_root, rgb_sac = np.array(root.map_value(level)[:3]), np.array(sac.map_value(level)[:3])
        assert np.linalg.norm(rgb_root - rgb_sac) > 0.3, level  # (0-1 RGB)
        assert rgb_sac[2] > rgb_sac[1] and rgb_root[0] > rgb_root[2]  # violet; orange to red


def named_labels_shown(renderer) -> set[str]:
    """The texts of the lesion and bone-part labels on screen."""
    from l5viz.render.scene import NAMED_LABELS

    return {label_text(renderer.label_anchors[sid]).strip() for sid in NAMED_LABELS
            if renderer.label_shown(sid)}


def test_lesions_and_the_bone_they_press_against_are_named_where_the_view_shows_them(rig):
    """A far-out lesion names its osteophyte, the transverse process and the ala; a slider step hides the names
    (they would point at where the lesion was) until the window relabels at rest; a slab names a lesion's parts
    only where it holds them."""
    state, _, renderer = rig
    state.set_labels(True)
    state.set_view("foramen-L5-S1-left")
    state.set_overlays({"far_out": [{"side": "left", "severity": 2.5}]})
    assert named_labels_shown(renderer) == set()  # a step: hidden
    renderer.relabel()
    assert named_labels_shown(renderer) == {"osteophyte", "left L5 transverse process", "left ala of the sacrum"}
    state.set_overlays({"far_out": [{"side": "left", "severity": 2.0}]})
    assert named_labels_shown(renderer) == set()
    state.set_overlays({"spondylolisthesis": [{"level": "L5-S1", "type": "isthmic", "grade": 2}]})
    state.set_view("sagittal-midline")  # (a new view places every label)
    assert named_labels_shown(renderer) == set()  # the pars lie 11 mm and more off the midline slab
    state.set_view("sagittal-L5-S1-left")
    assert "fibrocartilage in the pars defect" in named_labels_shown(renderer)
    assert "right L5 pars interarticularis" not in named_labels_shown(renderer)
    state.set_labels(True, ("root_L5_left",))  # a lesson step that chooses its labels names lesions only on asking
    assert named_labels_shown(renderer) == set() and renderer.label_shown("root_L5_left")
    state.set_labels(True, ("root_L5_left", "lesions"))
    assert "fibrocartilage in the pars defect" in named_labels_shown(renderer)
    restored = SceneState()
    restored.load_dict(state.to_dict())  # (a saved session)
    assert restored.label_ids == ("root_L5_left", "lesions")
    state.set_labels(False)
    assert named_labels_shown(renderer) == set()


def test_a_lesion_drawn_by_the_disc_gets_no_surface_of_its_own(rig):
    """A central stenosis's bulge is the annulus pushed back, drawn by the disc's own surface; each of its other
    lesions (the thick flava, the facets' overgrowth) is a surface of its own."""
    state, _, renderer = rig
    state.set_overlays({"stenosis": [{"level": "L4-L5", "kind": "central", "schizas_grade": "C"}]})
    lesions = renderer.last_result.lesions
    shown = [actor for actor in renderer.lesion_actors if actor.GetVisibility()]
    assert [(lesion.term, lesion.drawn_by) for lesion in lesions if lesion.drawn_by] == [("bulge", "disc_L4_L5")]
    assert {lesion.term for lesion in lesions if not lesion.drawn_by} == {"thick_flavum", "facet_hypertrophy"}
    assert len(shown) == len(lesions) - 1


def test_a_cut_root_or_sac_shows_the_key_colour_of_its_compression(rig):
    """The figures' key ramps are the window's colours: a healthy root's and sac's section in a slab is their
    own colour (the key's 0 %), not a darker shade that reads as compressed."""
    state, plotter, renderer = rig
    state.set_view("axial-L4-L5")
    img = image(plotter)
    seen = {}
    for x in range(SIZE[0] // 4, 3 * SIZE[0] // 4, 4):  # (the canal lies mid-picture)
        for y in range(SIZE[1] // 5, 3 * SIZE[1] // 5, 4):
            sid = renderer.pick(x, y)
            if sid in ("thecal_sac", "root_L5_left", "root_L5_right"):
                seen.setdefault(sid, []).append(img[SIZE[1] - 1 - y, x, :3])
    assert set(seen) == {"thecal_sac", "root_L5_left", "root_L5_right"}
    for sid, pixels in seen.items():
        own = np.array(pv.Color(renderer.colour_of(sid)).int_rgb)
        assert np.median(np.abs(np.array(pixels) - own).max(axis=1)) < 8, sid
