"""The correlation box names the roots the geometry compressed and explains them from annotations/."""

import pytest

from l5viz.clinical.correlation import correlate, root_intensities
from l5viz.content import load_all_lesion_content, load_roots
from l5viz.paths import annotations_dir, meshes_dir
from l5viz.pathology.kinds import Overlays
from l5viz.pathology.kinds.herniation import Herniation
from l5viz.pathology.kinds.stenosis import Stenosis
from l5viz.render.loading import engine_for, load_scene


@pytest.fixture(scope="module")
def engine():
    return engine_for(load_scene(meshes_dir()))


@pytest.fixture(scope="module")
def content():
    folder = annotations_dir()
    return {**load_all_lesion_content(folder)[0], "roots": load_roots(folder)[0]}


def test_l4_l5_subarticular_names_traversing_l5_with_the_fardon_reason(engine, content):
    h = Herniation("L4-L5", "subarticular", "right", "extrusion", 0.7)
    c = correlate(engine.evaluate([h]), Overlays((h,)), content)
    assert [(a.root, a.side) for a in c.affected][0] == ("L5", "right")
    reasons = c.affected[0].reasons
    assert any(r["kind"] == "herniation" and r["relation"] == "traversing" and "fardon_2014" in r["sources"]
               for r in reasons)
    assert any(r["kind"] == "root" and r["key_muscles"] for r in reasons)
    assert c.red_flags == []


def test_large_central_herniation_raises_the_cauda_equina_flag(engine, content):
    h = Herniation("L4-L5", "central", "right", "extrusion", 1.0)
    c = correlate(engine.evaluate([h]), Overlays((h,)), content)
    assert c.red_flags and "sources" in c.red_flags[0]


def test_stenosis_grade_3_names_exiting_l5_with_lee_wording(engine, content):
    s = Stenosis("L5-S1", "left", 3)
    c = correlate(engine.evaluate([s]), Overlays((s,)), content)
    top = c.affected[0]
    assert (top.root, top.side) == ("L5", "left")
    assert any(r["kind"] == "stenosis" and r["grade"]["grade"] == 3 for r in top.reasons)


def test_intensity_follows_severity_and_clears_with_the_overlay(engine):
    values = [root_intensities(engine.evaluate([Herniation("L4-L5", "subarticular", "right", "extrusion", s)]))
              [("L5", "right")] for s in (0.3, 0.6, 0.9)]
    assert values[0] < values[1] < values[2]
    assert all(v == 0.0 for v in root_intensities(engine.evaluate()).values())
