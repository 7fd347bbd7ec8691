"""Every scenario a lesson step, a quiz item or a bedside button names is checked against the geometry.

A treatment a bedside finding offers says which roots stay compressed after it; a scene with an injection
keeps its needle clear of the roots, the ganglia and the sac as the scene's lesions have moved them.

A step or scenario with overlays says which roots they compress ("compresses"); the pathology engine on
the committed meshes must compress exactly those (a root counts with its ganglion, at the threshold the
correlation panel reports). A quiz item that asks which root a lesion compresses must name the root the
geometry compresses most. A quiz item that asks to find a structure in a view must show it there.
"""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv
from scipy.spatial import cKDTree

from l5viz.anatomy.ids import ROOT_LEVELS, SIDES
from l5viz.clinical.correlation import COMPRESSED_PERCENT
from l5viz.content import default_display, load_json_document
from l5viz.pathology.kinds import Overlays, kind_of
from l5viz.paths import annotations_dir, meshes_dir
from l5viz.render.loading import engine_for, load_scene
from l5viz.render.scene import SceneRenderer
from l5viz.state import SceneState
from l5viz.teaching.lessons import load_lessons
from l5viz.teaching.quiz import load_quiz

LESSONS, _ = load_lessons(annotations_dir())
QUIZ, _ = load_quiz(annotations_dir())
BEDSIDE = load_json_document(annotations_dir() / "bedside.json", "bedside")[0]["scenarios"]
STEPS = [(f"{lesson.id}[{i}]", step) for lesson in LESSONS for i, step in enumerate(lesson.steps)
         if step.overlays]


@pytest.fixture(scope="module")
def engine():
    return engine_for(load_scene(meshes_dir()))


def compressed_roots(engine, overlays: Overlays) -> dict[str, float]:
    """Root id -> percent of its diameter, for every root (with its ganglion) at or over the threshold."""
    result = engine.evaluate(overlays)
    out = {}
    for root in ROOT_LEVELS:
        for side in SIDES:
            percent = max(result.compression[f"{part}_{root}_{side}"]["percent"] for part in ("root", "drg"))
            if percent >= COMPRESSED_PERCENT:
                out[f"root_{root}_{side}"] = percent
    return out


CHOSEN = [item for item in load_json_document(annotations_dir() / "quiz.json", "quiz")[0]["items"]
          if item["kind"] == "choose" and "overlays" in item]


@pytest.mark.parametrize("item", CHOSEN, ids=[item["id"] for item in CHOSEN])
def test_a_multiple_choice_scene_compresses_the_roots_it_names(engine, item):
    assert set(compressed_roots(engine, Overlays.from_texts(item["overlays"]))) == set(item["compresses"])


TREATMENTS = [(f"{scenario['id']}+{t['procedure']}", {**scenario["overlays"], "procedure": [t["procedure"]]},
               t["compresses"]) for scenario in BEDSIDE for t in scenario.get("treatments", [])]


@pytest.mark.parametrize("name,texts,compresses", TREATMENTS, ids=[name for name, _, _ in TREATMENTS])
def test_a_bedside_treatment_leaves_compressed_the_roots_it_names(engine, name, texts, compresses):
    assert set(compressed_roots(engine, Overlays.from_texts(texts))) == set(compresses)


INJECTED = [overlays for overlays in [step.overlays for _, step in STEPS] + [item.overlays for item in QUIZ]
            + [Overlays.from_texts(texts) for _, texts, _ in TREATMENTS]
            if any(getattr(spec, "type", None) == "tfesi" for spec in overlays)]


@pytest.mark.parametrize("overlays", INJECTED, ids=[str(o.to_texts()) for o in INJECTED])
def test_an_injection_needle_clears_the_neural_tissue_as_the_scene_moved_it(engine, overlays):
    result = engine.evaluate(overlays)
    neural = np.vstack([result.points.get(sid, engine.baseline[sid]) for sid in engine.baseline
                        if sid.startswith(("root_", "drg_", "thecal_sac"))])
    needles = [implant for implant in result.implants if implant.kind == "needle"]
    assert needles and cKDTree(neural).query(np.vstack([n.surface_points() for n in needles]))[0].min() > 1.0


def test_the_scenarios_exist():
    assert len(STEPS) >= 10 and len(BEDSIDE) >= 6
    assert sum(item.kind == "predict_root" for item in QUIZ) >= 5
    assert sum(item.kind == "identify_structure" for item in QUIZ) >= 4
    assert sum(item.kind == "choose" for item in QUIZ) >= 10 and len(TREATMENTS) >= 10 and len(INJECTED) >= 3


@pytest.mark.parametrize("name,step", STEPS, ids=[name for name, _ in STEPS])
def test_a_lesson_step_compresses_the_roots_it_names(engine, name, step):
    assert set(compressed_roots(engine, step.overlays)) == set(step.compresses)


@pytest.mark.parametrize("scenario", BEDSIDE, ids=[s["id"] for s in BEDSIDE])
def test_a_bedside_button_compresses_the_roots_its_summary_names(engine, scenario):
    overlays = Overlays.from_texts(scenario["overlays"])
    assert set(compressed_roots(engine, overlays)) == set(scenario["compresses"])


PREDICT = [item for item in QUIZ if item.kind == "predict_root"]


@pytest.mark.parametrize("item", PREDICT, ids=[item.id for item in PREDICT])
def test_a_quiz_answer_is_the_root_the_geometry_compresses_most(engine, item):
    found = compressed_roots(engine, item.overlays)
    (answer,) = item.accept
    assert found, f"{item.id}: nothing is compressed"
    worst = max(found, key=found.get)
    assert worst.split("_")[1] == answer, found
    assert worst.split("_")[2] in {side for spec in item.overlays for side in kind_of(spec).sides(spec)}, found


IDENTIFY = [item for item in QUIZ if item.kind == "identify_structure"]


@pytest.fixture(scope="module")
def rig(structures):
    state = SceneState(**default_display(structures))  # as the window starts: fat and muscles hidden
    plotter = pv.Plotter(off_screen=True, window_size=[800, 500])
    renderer = SceneRenderer(plotter, state, load_scene(meshes_dir(), lod=True), structures)
    yield state, renderer
    renderer.close()
    plotter.close()


@pytest.mark.parametrize("item", IDENTIFY, ids=[item.id for item in IDENTIFY])
def test_a_structure_a_quiz_asks_for_can_be_seen_and_clicked_in_its_view(rig, item):
    """Not hidden by bone: clicks aimed at its vertices pick it (or another accepted id) somewhere."""
    state, renderer = rig
    state.set_view(item.view)
    renderer.render()
    hits = 0
    for sid in item.accept:
        points = renderer.shown_points(sid)
        for point in points[:: max(1, len(points) // 300)]:
            x, y = renderer.display_position(point)
            if 0 <= x < 800 and 0 <= y < 500 and renderer.pick(x, y) in item.accept:
                hits += 1
    assert hits >= 5, f"{item.id}: {item.accept} cannot be clicked in view {item.view}"
