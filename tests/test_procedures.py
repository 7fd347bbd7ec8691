"""Treatment in 3D: each procedure decompresses what it treats, measured on the geometry; screws stay in the
bone; the injection needle clears the root and its ganglion; conservative care shrinks a herniation by type."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
import pyvista as pv

from l5viz.content.clinical import load_lesion_content
from l5viz.pathology.kinds import Overlays, kind_named
from l5viz.pathology.kinds.procedure import Procedure
from l5viz.pathology.procedures import procedure_types
from l5viz.pathology.procedures.conservative import REGRESSION_RATE, size_after
from l5viz.pathology.procedures.fusion import HEAD_PROUD_MM, thread
from l5viz.pathology.procedures.tfesi import NEEDLE_RADIUS_MM
from l5viz.pathology.specs import SpecError
from l5viz.paths import meshes_dir
from l5viz.render.loading import engine_for, load_scene

NEEDLE_CLEAR_MM = 1.0  # the needle's wall keeps at least this from any root, ganglion or the sac


@pytest.fixture(scope="module")
def engine():
    return engine_for(load_scene(meshes_dir()))


def before_after(engine, lesion: dict, procedure: str):
    before = engine.evaluate(Overlays.from_texts(lesion))
    after = engine.evaluate(Overlays.from_texts({**lesion, "procedure": [procedure]}))
    return before, after


def percent(result, sid: str) -> float:
    return result.compression.get(sid, {"percent": 0.0})["percent"]


def test_the_text_form_names_the_procedure_first_and_bad_ones_are_refused_with_the_valid_values():
    spec = Procedure.parse("microdiscectomy:L4-L5:right")
    assert (spec.type, spec.level, spec.side, spec.progress, spec.done) == ("microdiscectomy", "L4-L5", "right", 1.0, 5)
    assert spec.to_text() == "microdiscectomy:L4-L5:right" and Procedure.from_state(spec.to_state()) == spec
    assert Procedure.parse("fusion:L5-S1:0.5").done == 2 and Procedure.parse("fusion:L5-S1").side is None
    assert Procedure.parse("conservative:L4-L5:26").weeks == 26.0
    with pytest.raises(SpecError, match="valid types: conservative, foraminotomy, fusion, laminectomy"):
        Procedure.parse("discectomy:L4-L5:right")
    with pytest.raises(SpecError, match="no side"):
        Procedure.parse("tfesi:L5-S1")
    with pytest.raises(SpecError, match="no weeks"):
        Procedure.parse("conservative:L4-L5")
    with pytest.raises(SpecError, match="weeks 60 out of range; valid: 0 to 52"):
        Procedure.parse("conservative:L4-L5:60")


def test_a_microdiscectomy_frees_the_traversing_root_only_when_the_fragment_comes_out(engine):
    lesion = {"herniation": ["L4-L5:subarticular:right:extrusion:0.7"]}
    before = engine.evaluate(Overlays.from_texts(lesion))
    assert percent(before, "root_L5_right") > 50.0
    stages = procedure_types()["microdiscectomy"].stages
    seen = []
    for done in range(1, len(stages) + 1):
        after = engine.evaluate(Overlays.from_texts({**lesion, "procedure": [
            f"microdiscectomy:L4-L5:right:{done / len(stages)}"]}))
        seen.append(percent(after, "root_L5_right"))
        if done == 1:  # the hemilaminotomy has bitten the lower edge of the L4 lamina
            moved = np.linalg.norm(after.points["vertebra_L4"] - engine.baseline["vertebra_L4"], axis=1)
            assert moved.max() > 3.0 and (moved > 0).sum() > 20
        if done >= 2:
            assert "ligamentum_flavum_L4_L5_right" in after.removed
    assert seen[:-1] == [percent(before, "root_L5_right")] * (len(stages) - 1)  # still caught until it comes out
    assert seen[-1] < 1.0
    assert not [les for les in after.lesions if les.lesion_id.startswith("herniation_L4_L5_subarticular_right")]


def test_a_right_microdiscectomy_leaves_a_left_herniation_where_it_is(engine):
    lesion = {"herniation": ["L4-L5:subarticular:left:extrusion:0.7"]}
    before, after = before_after(engine, lesion, "microdiscectomy:L4-L5:right")
    assert percent(after, "root_L5_left") == percent(before, "root_L5_left") > 10.0


@pytest.mark.parametrize("grade", [2, 3])
def test_a_foraminotomy_opens_the_foramen_round_the_exiting_root(engine, grade):
    before, after = before_after(engine, {"stenosis": [f"L5-S1:right:{grade}"]}, "foraminotomy:L5-S1:right")
    f0, f1 = before.foramina["foramen_L5_S1_right"], after.foramina["foramen_L5_S1_right"]
    assert f1["area_mm2"] > f0["area_mm2"] + 30.0
    assert f1["height_mm"] > f0["height_mm"] and f1["fat_mm2"] > f0["fat_mm2"]
    assert percent(after, "root_L5_right") <= percent(before, "root_L5_right")
    if grade == 3:
        assert percent(after, "root_L5_right") < percent(before, "root_L5_right") - 10.0
    assert after.foramina["foramen_L5_S1_left"] == before.foramina["foramen_L5_S1_left"]  # the other side stays


def test_a_laminectomy_restores_the_sac_and_frees_the_roots(engine):
    before, after = before_after(engine, {"stenosis": ["L4-L5:central:D"]}, "laminectomy:L4-L5")
    assert after.canal["L4_L5"]["dural_sac_area_mm2"] > 3 * before.canal["L4_L5"]["dural_sac_area_mm2"]
    assert percent(after, "thecal_sac") < percent(before, "thecal_sac") - 20.0
    for side in ("left", "right"):
        assert percent(before, f"root_L5_{side}") > 50.0 and percent(after, f"root_L5_{side}") < 1.0
    assert {"ligamentum_flavum_L4_L5_left", "ligamentum_flavum_L4_L5_right"} <= after.removed


@pytest.mark.parametrize("lesion, level, root", [("L5-S1:isthmic:2", "L5_S1", "L5"),
                                                 ("L4-L5:degenerative:2", "L4_L5", "L5")])
def test_a_fusion_reduces_the_slip_and_reopens_the_foramina(engine, lesion, level, root):
    before, after = before_after(engine, {"spondylolisthesis": [lesion]}, f"fusion:{level.replace('_', '-')}")
    assert after.measures["slip"][level]["slip_percent"] < before.measures["slip"][level]["slip_percent"]
    for side in ("left", "right"):
        foramen = f"foramen_{level}_{side}"
        assert after.foramina[foramen]["area_mm2"] > before.foramina[foramen]["area_mm2"]
        assert percent(after, f"root_{root}_{side}") < percent(before, f"root_{root}_{side}") - 20.0
    kinds = sorted(implant.kind for implant in after.implants)
    assert kinds == ["cage", "rod", "rod", "screw", "screw", "screw", "screw"]
    assert f"nucleus_{level}" in after.removed


@pytest.mark.parametrize("level", ["L4_L5", "L5_S1"])
def test_every_planned_screw_stays_inside_its_bone_from_its_entry_to_its_point(engine, level):
    screws = procedure_types()["fusion"].screws(engine, level)
    assert len(screws) == 4
    for (name, side), ((head, entry, tip), radius) in screws.items():
        bone = "sacrum" if name == "S1" else f"vertebra_{name}"
        axis = (tip - entry) / np.linalg.norm(tip - entry)
        assert np.allclose(head, entry - HEAD_PROUD_MM * axis)
        seated = thread(entry, tip, radius)
        outside = engine.surface_distance(bone)(seated.surface_points())
        assert outside.max() < 0.0, (name, side, float(outside.max()))
        assert 35.0 < np.linalg.norm(tip - entry) < 65.0 and radius >= 2.5
        if name != "S1":  # through the pedicle: the axis passes its isthmus within a third of its width
            v = engine.verts[name]
            isthmus = v.frame.to_world([(1 if side == "right" else -1) * v.pedicle_x, 0.0, v.pedicle_z])
            local = v.frame.to_local(seated.axis_points())
            nearest = local[np.argmin(np.abs(local[:, 1] - (v.posterior_wall_y - 4.5)))]
            assert abs(abs(nearest[0]) - v.pedicle_x) < v.pedicle_width / 3, (name, side, nearest, isthmus)


def test_the_upper_screws_ride_with_the_slipped_vertebra(engine):
    """Placed before the reduction, the L5 screws sit in L5 where the slip put it."""
    result = engine.evaluate(Overlays.from_texts({"spondylolisthesis": ["L5-S1:isthmic:2"],
                                                  "procedure": ["fusion:L5-S1:0.25"]}))
    rot, trans = engine.evaluate(Overlays.from_texts({"spondylolisthesis": ["L5-S1:isthmic:2"]})).motions["vertebra_L4"]
    planned = procedure_types()["fusion"].screws(engine, "L5_S1")
    placed = {implant.implant_id: implant for implant in result.implants}
    (head, _, tip), _ = planned[("L5", "right")]
    assert np.allclose(placed["screw_L5_right"].start, rot @ head + trans)
    (head, _, tip), _ = planned[("S1", "right")]
    assert np.allclose(placed["screw_S1_right"].end, tip)  # the sacrum stays


@pytest.mark.parametrize("side", ["left", "right"])
def test_the_injection_needle_reaches_the_safe_triangle_clear_of_root_ganglion_and_bone(engine, side):
    result = engine.evaluate(Overlays.from_texts({"procedure": [f"tfesi:L5-S1:{side}"]}))
    needle = next(implant for implant in result.implants if implant.kind == "needle")
    wall = needle.surface_points()
    neural = np.vstack([np.asarray(s.points) for sid, s in engine.surfaces.items()
                        if sid.startswith(("root_", "drg_", "thecal_sac"))])
    from scipy.spatial import cKDTree
    assert cKDTree(neural).query(wall)[0].min() > NEEDLE_CLEAR_MM
    for bone in ("vertebra_L4", "vertebra_L5", "sacrum", "hip_bone_left", "hip_bone_right"):
        assert engine.surface_distance(bone)(wall).min() > 0.0, bone
    l5 = engine.verts["L5"]
    tip = l5.frame.to_local(needle.end[None])[0]
    # Just under the L5 pedicle (within 3 mm of its bone, below its middle), inside its lateral margin
    assert 0.0 < engine.surface_distance("vertebra_L5")(needle.end[None])[0] <= 3.0
    assert tip[2] < l5.pedicle_z - 0.25 * l5.pedicle_height and abs(tip[0]) <= l5.pedicle_x + 0.5 * l5.pedicle_width
    root = engine.paths[f"root_L5_{side}"]
    assert needle.end[2] > root.ganglion_centre[2]  # above the exiting root's ganglion
    # It enters through the skin: the body's surface crosses the needle, with some needle left outside.
    skin = pv.read(meshes_dir() / "body_skin.vtp")
    hits, _ = skin.ray_trace(needle.end, needle.start)
    assert len(hits) == 1 and np.linalg.norm(hits[0] - needle.end) < np.linalg.norm(needle.start - needle.end) - 5.0
    assert NEEDLE_RADIUS_MM > 0 and [i.kind for i in result.implants] == ["needle", "hub", "contrast"]
    assert not [v for v in result.compression.values() if v["percent"] > 0]  # an injection decompresses nothing


def test_conservative_care_shrinks_a_herniation_more_for_the_types_that_regress_more(engine):
    weeks = 26
    sizes = {kind: size_after(0.8, kind, weeks) for kind in REGRESSION_RATE}
    assert sizes["sequestration"] < sizes["extrusion"] < sizes["protrusion"] < sizes["bulge"] < 0.8
    assert size_after(0.8, "extrusion", 0) == 0.8
    lesion = {"herniation": ["L4-L5:subarticular:right:sequestration:0.8"]}
    before, after = before_after(engine, lesion, f"conservative:L4-L5:{weeks}")
    assert percent(after, "root_L5_right") < percent(before, "root_L5_right")
    grown = [les for les in after.lesions if les.lesion_id == "herniation_L4_L5_subarticular_right"]
    untreated = [les for les in before.lesions if les.lesion_id == "herniation_L4_L5_subarticular_right"]
    assert grown and grown[0].radii[1] < untreated[0].radii[1]


def test_the_regression_rates_are_the_herniation_contents_own(engine):
    herniation, _ = load_lesion_content("herniation")
    rows = herniation["natural_history"]["regression_by_type"]
    assert {row["type"]: row["regression_percent"] / 100 for row in rows} == REGRESSION_RATE


def test_the_content_has_a_caption_for_every_stage_of_every_procedure():
    data, problems = load_lesion_content("procedure")
    assert not problems
    for name, kind in procedure_types().items():
        assert [stage["id"] for stage in data["procedures"][name]["stages"]] == list(kind.stages)
    broken = json.loads(json.dumps(data))
    broken["procedures"]["fusion"]["stages"].pop()
    del broken["procedures"]["tfesi"]
    found = kind_named("procedure").check_content(broken, "procedure.json")
    assert any("fusion.stages" in p.message for p in found) and any("'tfesi'" in p.message for p in found)


def test_report_json_gives_each_procedures_figures_before_and_after(tmp_path):
    out = tmp_path / "scene"
    done = subprocess.run([sys.executable, "-m", "l5viz", "export", "--stenosis", "L5-S1:right:3",
                           "--procedure", "foraminotomy:L5-S1:right", "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads((out / "report.json").read_text())
    assert report["removed"] == ["ligamentum_flavum_L5_S1_right"] and report["implants"] == []
    assert not (out / "ligamentum_flavum_L5_S1_right.vtp").exists()
    assert (out / "ligamentum_flavum_L5_S1_left.vtp").exists()
    block = report["procedures"]["procedure:foraminotomy:L5-S1:right"]
    area = block["foramina"]["foramen_L5_S1_right"]["area_mm2"]
    assert area["after"] > area["before"]
    root = block["compression_percent"]["root_L5_right"]
    assert root["after"] < root["before"]


def test_a_bad_procedure_on_the_command_line_is_one_line_naming_the_valid_values():
    done = subprocess.run([sys.executable, "-m", "l5viz", "export", "--procedure", "fusion:L2-L3", "--out", "/tmp/x"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "valid levels: L4-L5, L5-S1" in done.stderr and len(done.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def rig(structures):
    from l5viz.content import default_display
    from l5viz.render.scene import SceneRenderer
    from l5viz.state import SceneState

    state = SceneState(view="axial-L4-L5", **default_display(structures))  # as the window starts: muscles hidden
    plotter = pv.Plotter(off_screen=True, window_size=[800, 600])
    renderer = SceneRenderer(plotter, state, load_scene(meshes_dir(), lod=True), structures)
    yield state, renderer
    renderer.close()
    plotter.close()


def test_a_slab_caps_what_a_procedure_left_and_not_what_it_took_out(rig):
    """The axial slab through L4-5: the right ligamentum flavum is cut before a microdiscectomy and gone after
    it, from the picture and from the slab's caps; the bitten bones are still capped (their meshes stay closed)."""
    state, renderer = rig
    state.set_view("axial-L4-L5")
    state.set_overlays({"herniation": [{"level": "L4-L5", "zone": "subarticular", "side": "right",
                                        "type": "extrusion", "severity": 0.7}]})
    assert "ligamentum_flavum_L4_L5_right" in renderer.caps.owners
    state.set_overlays({**state.overlays, "procedure": [{"type": "microdiscectomy", "level": "L4-L5",
                                                         "side": "right"}]})
    assert "ligamentum_flavum_L4_L5_right" not in renderer.caps.owners
    assert not renderer.actors["ligamentum_flavum_L4_L5_right"].GetVisibility()
    assert {"vertebra_L5", "ligamentum_flavum_L4_L5_left"} <= set(renderer.caps.owners)
    state.set_overlays({})
    assert renderer.actors["ligamentum_flavum_L4_L5_right"].GetVisibility()


def test_implants_are_drawn_clipped_to_a_slab_and_capped_where_it_cuts_them(rig):
    state, renderer = rig
    state.set_overlays({"procedure": [{"type": "fusion", "level": "L5-S1"}]})
    state.set_view("sagittal-L5-S1-left")
    implants = renderer.last_result.implants  # one level: a cage, and a rod each side on two screws
    assert sorted(implant.kind for implant in implants) == ["cage", "rod", "rod", "screw", "screw", "screw", "screw"]
    shown = [a for a in renderer.implant_actors.values() if a.GetVisibility()]
    assert len(shown) == len(implants) and all(a.GetMapper().GetNumberOfClippingPlanes() == 2 for a in shown)
    assert {"screw_L5_left", "screw_S1_left"} <= set(renderer.lesion_caps.owners)
    state.set_view("posterior-L5-S1")
    assert all(a.GetMapper().GetNumberOfClippingPlanes() == 0 for a in shown)
    state.set_overlays({})
    assert not any(a.GetVisibility() for a in renderer.implant_actors.values())


def test_the_planned_cage_fills_the_disc_space_without_entering_bone(engine):
    result = engine.evaluate(Overlays.from_texts({"procedure": ["fusion:L4-L5"]}))
    cage = next(implant for implant in result.implants if implant.kind == "cage")
    axis = cage.axis_points()
    for bone in ("vertebra_L4", "vertebra_L5"):
        assert engine.surface_distance(bone)(axis).min() >= cage.radii[1], bone
    assert 2 * cage.radii[1] > 6.0  # as tall as the space is, less a clearance


def test_every_procedure_type_is_found_whichever_module_is_imported_first():
    code = ("import l5viz.pathology.procedures.fusion; from l5viz.pathology.procedures import procedure_types; "
            "print(','.join(procedure_types()))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "conservative,foraminotomy,fusion,laminectomy,microdiscectomy,tfesi", done.stderr


def test_every_implant_kind_is_drawn_in_a_colour_of_its_own(engine):
    from l5viz.pathology.engine import IMPLANT_KINDS
    from l5viz.render.scene import IMPLANT_COLOURS

    assert set(IMPLANT_COLOURS) == set(IMPLANT_KINDS) and len(set(IMPLANT_COLOURS.values())) == len(IMPLANT_KINDS)
    placed = {implant.kind for texts in ({"procedure": ["fusion:L5-S1"]}, {"procedure": ["tfesi:L5-S1:left"]})
              for implant in engine.evaluate(Overlays.from_texts(texts)).implants}
    assert placed == set(IMPLANT_KINDS)


def test_a_view_names_what_a_procedure_placed_where_it_shows(rig):
    """With labels on, a fusion's screw, rod and cage are named as an operation note names them (one label per
    kind, annotations/lesion_terms.json), once the scene rests; a slab names only those it cuts."""
    from l5viz.render.scene import NAMED_LABELS, label_text

    state, renderer = rig

    def named() -> set[str]:
        return {label_text(renderer.label_anchors[sid]).strip() for sid in NAMED_LABELS
                if renderer.label_shown(sid)}

    state.set_labels(True)
    state.set_view("posterior-L5-S1")
    state.set_overlays({"procedure": [{"type": "fusion", "level": "L5-S1"}]})
    renderer.relabel()
    assert {"pedicle screw", "rod"} <= named()
    state.set_view("sagittal-midline")  # the midline slab cuts the cage (and the converging L5 screws' tips),
    assert "interbody cage" in named() and "rod" not in named()  # not the rods beside the facets
    state.set_overlays({})
    state.set_labels(False)


def test_a_laminectomy_is_offered_only_at_the_level_the_model_can_do_it_at():
    """Its lower bite is placed in the frame of the vertebra below the disc, and below L5-S1 is the sacrum: turned
    on there it failed in the panel's slot (KeyError 'S1'). Its text form refuses L5-S1 with the level there is."""
    with pytest.raises(SpecError, match="level 'L5-S1' is not possible here; valid levels: L4-L5"):
        Procedure.parse("laminectomy:L5-S1")
    assert Procedure.parse("laminectomy:L4-L5").level == "L4-L5" and Procedure.parse("fusion:L5-S1").level == "L5-S1"
