"""A foraminal stenosis from its causes, each graded on its own (Lee 2010 names them: disc height loss, a
posterolateral bulge or osteophyte, superior articular process hypertrophy, ligamentum flavum thickening). Each
closes the fat round the exiting root in its own direction, measured on the geometry's sagittal section, and
the model reads the Lee grade off whatever mix is asked for."""

from __future__ import annotations

import pytest

from l5viz.clinical.correlation import correlate
from l5viz.content import load_all_lesion_content, load_roots
from l5viz.paths import annotations_dir, meshes_dir
from l5viz.pathology.kinds import Overlays
from l5viz.pathology.kinds.stenosis import Stenosis
from l5viz.pathology.specs import SpecError
from l5viz.render.loading import engine_for, load_scene


@pytest.fixture(scope="module")
def engine():
    return engine_for(load_scene(meshes_dir()))


def read(engine, text: str):
    spec = Stenosis.parse(text)
    result = engine.evaluate([spec])
    return result, result.measures["foraminal"][f"{spec.level_id}_{spec.side}"]


def test_the_causes_are_read_and_written_by_position_after_the_grade():
    spec = Stenosis.parse("L5-S1:foraminal:left:0:0:0:2")
    assert (spec.grade, spec.height_loss, spec.osteophyte, spec.facet, spec.flavum) == (0.0, 0.0, 0.0, 2.0, 0.0)
    assert spec.to_text() == "L5-S1:foraminal:left:0:0:0:2"  # the causes before it keep their places
    assert Stenosis.parse("L5-S1:foraminal:left:2").to_text() == "L5-S1:foraminal:left:2"  # none given: none written
    with pytest.raises(SpecError, match="height_loss 4 out of range; valid: 0 to 3"):
        Stenosis.parse("L5-S1:foraminal:left:0:4")
    with pytest.raises(SpecError, match="too many parts"):
        Stenosis.parse("L4-L5:lateral-recess:right:2:1:1:1")  # a recess has two causes: the facet and the flavum
    assert Stenosis.parse("L4-L5:lateral-recess:right:0:2").facet == 2.0


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("causes,gone", [
    ("2", {"above"}),  # disc height loss: the pedicle above comes down onto the root
    ("0:2", {"front", "below"}),  # an osteophyte in front, the disc bulging below
    ("0:0:2", {"behind"}),  # the superior articular process
    ("0:0:0:2", {"behind"}),  # the ligamentum flavum
])
def test_each_cause_alone_closes_the_fat_in_its_own_direction(engine, side, causes, gone):
    _, foramen = read(engine, f"L5-S1:foraminal:{side}:0:{causes}")
    assert set(foramen["fat_gone"]) == gone
    assert foramen["lee_read"] == 0  # one direction, or two that do not oppose: not yet Lee 1


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("causes,lee", [
    ("2:2", 1),  # vertical: the pedicle above and the bulge below
    ("0:2:2", 1),  # transverse: the osteophyte in front, the facet behind
    ("2:2:2:2", 2),  # all four, the root untouched
    ("3:3:3:3", 3),  # pressing into it
])
def test_the_lee_grade_is_read_off_a_mix_of_causes(engine, side, causes, lee):
    _, foramen = read(engine, f"L5-S1:foraminal:{side}:0:{causes}")
    assert foramen["lee_read"] == lee


def test_every_cause_at_two_is_the_lee_grade_two_it_makes(engine):
    by_causes, _ = read(engine, "L5-S1:foraminal:left:0:2:2:2:2")
    by_grade, _ = read(engine, "L5-S1:foraminal:left:2")
    assert by_causes.foramina["foramen_L5_S1_left"] == by_grade.foramina["foramen_L5_S1_left"]


def test_the_correlation_quotes_the_grade_read_off_the_causes(engine):
    spec = Stenosis.parse("L5-S1:foraminal:left:0:3:3:3:3")
    result = engine.evaluate([spec])
    content = {**load_all_lesion_content(annotations_dir())[0], "roots": load_roots(annotations_dir())[0]}
    entry = next(a for a in correlate(result, Overlays((spec,)), content).affected
                 if (a.root, a.side) == ("L5", "left"))
    reason = next(r for r in entry.reasons if r["kind"] == "stenosis")
    assert reason["grade"]["grade"] == 3  # the grade the geometry reads, not the 0 asked for
    assert "disc height loss 3" in reason["text"] and "ligamentum flavum 3" in reason["text"]


@pytest.mark.parametrize("side", ["left", "right"])
def test_the_recess_grade_is_read_back_from_its_depth_and_the_root(engine, side):
    """Bartynski & Lin 2003: 1 a small recess, 2 the root compressed, 3 no space left; read off the geometry."""
    read = {g: engine.evaluate([Stenosis("L4-L5", side, g, "lateral-recess")]).measures["lateral_recess"]
            [f"L4_L5_{side}"]["recess_read"] for g in (0, 1, 2, 3)}
    assert read == {0: 0, 1: 1, 2: 2, 3: 3}


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_recess_narrowed_by_one_cause_alone(engine, side):
    """The superior articular process grown forward catches the traversing L5 by itself; the ligamentum flavum,
    thickened the same, narrows the recess from behind and higher up without reaching it on this spine."""
    facet = engine.evaluate([Stenosis.parse(f"L4-L5:lateral-recess:{side}:0:2")])
    flavum = engine.evaluate([Stenosis.parse(f"L4-L5:lateral-recess:{side}:0:0:2")])
    assert facet.compression[f"root_L5_{side}"]["percent"] >= 10.0
    assert [les.lesion_id.split("_L4_L5")[0] for les in facet.lesions] == ["recess_facet_hypertrophy"]
    assert flavum.compression[f"root_L5_{side}"]["percent"] < 10.0
    assert flavum.measures["lateral_recess"][f"L4_L5_{side}"]["depth_mm"] < 6.0  # the recess did narrow


def test_a_central_stenosis_takes_its_causes_after_its_schizas_grade(engine):
    spec = Stenosis.parse("L4-L5:central:A:0:0:3")
    assert (spec.schizas_grade, spec.osteophyte, spec.facet, spec.flavum) == ("A", 0.0, 0.0, 3.0)
    assert spec.to_text() == "L4-L5:central:A:0:0:3"
    assert Stenosis.parse("L4-L5:central:C").to_text() == "L4-L5:central:C"
    with pytest.raises(SpecError, match="too many parts"):
        Stenosis.parse("L4-L5:central:A:1:1:1:1")  # three causes: the bulge, the facets, the ligamenta flava


def canal(engine, text: str) -> dict:
    return engine.evaluate([Stenosis.parse(text)]).measures["central_canal"]["L4_L5"]


def test_the_central_causes_graded_like_the_grade_grow_the_same_canal(engine):
    """Each cause at 0-3 grows as far as Schizas A-D grows it: all three at 2 make the canal of grade C."""
    assert canal(engine, "L4-L5:central:A:2:2:2") == canal(engine, "L4-L5:central:C")


def test_the_schizas_grade_is_read_off_whichever_cause_narrows_the_canal(engine):
    """A thick ligamentum flavum alone closes the fat behind the sac and narrows it to under 75 mm2 (reads D); a
    bulge alone narrows it from in front less, keeping the fat behind (Schizas 2010 reads the sac's content)."""
    flavum, bulge = canal(engine, "L4-L5:central:A:0:0:3"), canal(engine, "L4-L5:central:A:3")
    assert flavum["schizas_read"] == "D" and flavum["posterior_fat_mm"] <= 0.3
    assert bulge["posterior_fat_mm"] > 2.0 and bulge["dural_sac_area_mm2"] < canal(engine, "L4-L5:central:A")[
        "dural_sac_area_mm2"]
