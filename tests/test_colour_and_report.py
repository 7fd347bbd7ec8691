"""The colour of a compressed root, ganglion or sac and the report's figure are one measure: each drawn vertex
carries the flattening of its own cross-section, and the report gives the worst section's (issue: at a grade-2
L5-S1 stenosis the ganglion was drawn at 0.65 while the report said 9 %; at a 0.3 foraminal protrusion the
root was drawn at 0.79 while the report said 20 %)."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv

from l5viz.pathology.kinds import Overlays
from l5viz.paths import meshes_dir
from l5viz.render.loading import load_scene
from l5viz.render.scene import SceneRenderer
from l5viz.state import SceneState

SCENARIOS = [
    {"stenosis": ["L5-S1:left:2"]},
    {"stenosis": ["L5-S1:left:3"]},
    {"stenosis": ["L4-L5:right:1.5"]},
    {"herniation": ["L5-S1:foraminal:left:protrusion:0.3"]},
    {"herniation": ["L5-S1:foraminal:left:protrusion:0.9"]},
    {"herniation": ["L4-L5:subarticular:right:extrusion:0.7"]},
    {"herniation": ["L5-S1:subarticular:right:extrusion:0.7"]},
    {"herniation": ["L4-L5:central:left:extrusion:0.9"]},
    {"herniation": ["L3-L4:foraminal:right:extrusion:0.8"], "stenosis": ["L5-S1:right:2.5"]},
    {"spondylolisthesis": ["L5-S1:isthmic:1.5"]},
    {"spondylolisthesis": ["L4-L5:degenerative:1.5"]},
    {"far_out": ["left:2"]},
]


@pytest.fixture(scope="module")
def rig(structures):
    lod, full = load_scene(meshes_dir(), lod=True), load_scene(meshes_dir())
    state = SceneState()
    plotter = pv.Plotter(off_screen=True, window_size=[320, 240])
    renderer = SceneRenderer(plotter, state, lod, structures, dense_scene=lambda: full)
    yield state, renderer
    renderer.close()
    plotter.close()


@pytest.mark.parametrize("texts", SCENARIOS, ids=[" ".join(t for ts in s.values() for t in ts) for s in SCENARIOS])
def test_the_drawn_compression_peaks_at_the_reported_figure(rig, texts):
    state, renderer = rig
    state.set_overlays(Overlays.from_texts(texts).to_state())
    report = renderer.last_result.compression
    for sid, figure in report.items():
        drawn = renderer.meshes[sid].point_data["compression"]
        assert float(drawn.max()) == pytest.approx(figure["percent"] / 100.0, abs=1e-4), sid
    state.set_overlays({})
    assert all(float(renderer.meshes[sid].point_data["compression"].max()) == 0.0 for sid in report)


def test_an_isthmic_slip_hides_the_triangles_torn_across_the_pars_defect_and_a_clear_brings_them_back(rig):
    from vtkmodules.vtkCommonDataModel import vtkDataSetAttributes

    state, renderer = rig
    ghosts = vtkDataSetAttributes.GhostArrayName()
    state.set_overlays({"spondylolisthesis": [{"level": "L5-S1", "type": "isthmic", "grade": 2.0}]})
    hidden = renderer.last_result.hidden["vertebra_L5"]
    mesh = renderer.meshes["vertebra_L5"]
    assert 0 < len(hidden) < 0.1 * mesh.n_cells  # a thin band of triangles across each pars
    assert set(np.flatnonzero(mesh.cell_data[ghosts])) == set(hidden.tolist())
    state.set_overlays({})
    assert ghosts not in mesh.cell_data



def test_a_selected_root_keeps_its_compression_colours_once_compressed(rig):
    state, renderer = rig
    state.select("root_L5_right")
    mapper = renderer.actors["root_L5_right"].GetMapper()
    assert not mapper.GetScalarVisibility()  # healthy and selected: the selection colour
    state.set_overlays({"herniation": [{"level": "L4-L5", "zone": "subarticular", "side": "right",
                                        "type": "extrusion", "severity": 0.7}]})
    assert mapper.GetScalarVisibility()  # compressed: the colours say how much, whatever is selected
    state.set_overlays({})
    assert not mapper.GetScalarVisibility()
    state.select(None)
