"""The scenario layer: free of Qt and VTK, one result per change of the overlays, shared by everything that
shows it, whatever order the listeners were connected in."""

from __future__ import annotations

import subprocess
import sys

import pytest
import pyvista as pv

from l5viz.pathology.kinds import Overlays
from l5viz.pathology.kinds.herniation import Herniation
from l5viz.paths import meshes_dir
from l5viz.render.loading import engine_for, load_scene
from l5viz.render.scene import SceneRenderer
from l5viz.scenario import Scenario
from l5viz.state import SceneState

EXTRUSION = Overlays.of_specs([Herniation.parse("L4-L5:subarticular:right:extrusion:0.7")]).to_state()


@pytest.fixture(scope="module")
def scene():
    return load_scene(meshes_dir(), lod=True)


def test_the_scenario_layer_imports_neither_qt_nor_vtk():
    code = ("import sys, l5viz.scenario; "
            "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(('vtk', 'PySide6', 'pyvista'))}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_one_result_per_change_and_none_for_a_change_that_changes_nothing(scene):
    state = SceneState()
    scenario = Scenario(state, lambda: engine_for(scene))
    heard = []
    scenario.connect(heard.append)
    assert scenario.current().pathology is None  # no overlay yet: the engine is not even built
    state.set_overlays(EXTRUSION)
    assert len(heard) == 1 and heard[0] is scenario.current()
    result = heard[0]
    assert result.intensities[("L5", "right")] == pytest.approx(
        result.pathology.compression["root_L5_right"]["percent"] / 100.0, abs=1e-3)
    assert [(a.root, a.side) for a in result.correlation.affected] == [("L5", "right")]
    state.set_visible("vertebra_L4", False)  # not an overlay: nothing new to publish
    state.set_overlays(dict(EXTRUSION))  # the same overlays again: the same result, not published again
    assert len(heard) == 1
    state.set_overlays({})
    assert len(heard) == 2 and not heard[1].active and not heard[1].correlation.affected


@pytest.mark.parametrize("scenario_first", [True, False])
def test_listener_order_does_not_matter(scene, structures, scenario_first):
    """The view draws the scenario's own result whether it or the scenario heard the change first, for an
    overlay change and for a whole-state reset (a session or lesson step)."""
    state = SceneState()
    plotter = pv.Plotter(off_screen=True, window_size=[160, 120])
    scenario = Scenario(state, lambda: engine_for(scene))
    renderer = SceneRenderer(plotter, state, scene, structures, scenario=scenario)
    if not scenario_first:  # the state now tells the view before the scenario
        state.disconnect(scenario._on_change)
        state.connect(scenario._on_change)
    try:
        state.set_overlays(EXTRUSION)
        assert renderer.last_result is scenario.current().pathology
        drawn = renderer.meshes["root_L5_right"].point_data["compression"].max()
        assert drawn == pytest.approx(scenario.current().intensities[("L5", "right")], abs=1e-3)
        saved = state.to_dict()
        state.set_overlays({})
        state.load_dict(saved)
        assert renderer.last_result is scenario.current().pathology
        assert renderer.root_intensities() == scenario.current().intensities
    finally:
        renderer.close()
        plotter.close()


@pytest.mark.parametrize("text,root,side", [
    ("L4-L5:subarticular:right:extrusion:0.7", "L5", "right"),
    ("L5-S1:subarticular:right:extrusion:0.7", "S1", "right"),
    ("L4-L5:central:left:extrusion:0.9", "L5", "left"),
])
def test_root_compromise_is_graded_as_pfirrmann_does_from_the_geometry(scene, text, root, side):
    """The root a herniation compresses reads 'compression' (3); a healthy scene reads 'normal' everywhere;
    a larger lesion of the same kind never reads a lower grade."""
    from l5viz.clinical.correlation import COMPROMISE, compromise_report

    state = SceneState()
    scenario = Scenario(state, lambda: engine_for(scene), lazy=False)
    assert set(scenario.current().correlation.compromise.values()) == {0}
    state.set_overlays(Overlays.of_specs([Herniation.parse(text)]).to_state())
    big = scenario.current()
    assert big.correlation.compromise[(root, side)] == 3
    report = compromise_report(big.pathology)[f"{root}_{side}"]
    assert report["name"] == COMPROMISE[3] and report["flattening_percent"] >= 10.0
    assert report["flattening_percent"] == pytest.approx(100.0 * big.intensities[(root, side)], abs=0.1)
    grades = []
    for size in (0.1, 0.3, 0.5, 0.7):
        state.set_overlays(Overlays((Herniation.parse(text.rsplit(":", 1)[0] + f":{size}"),)).to_state())
        grades.append(scenario.current().correlation.compromise[(root, side)])
    assert grades == sorted(grades)  # a larger lesion never reads a lower grade
