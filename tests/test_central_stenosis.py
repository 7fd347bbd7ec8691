"""Central canal stenosis, graded A-D after Schizas 2010: its causes narrow the sac from in front, the sides and
behind; the grade the model reads off its own geometry is the grade asked for, and the foramina stay as they were."""

from __future__ import annotations

import pytest

from l5viz.pathology.kinds.stenosis import SCHIZAS_GRADES, Stenosis, schizas_read
from l5viz.pathology.specs import SpecError
from l5viz.paths import meshes_dir
from l5viz.render.loading import engine_for, load_scene


@pytest.fixture(scope="module")
def engine():
    return engine_for(load_scene(meshes_dir()))


@pytest.fixture(scope="module")
def graded(engine):
    return {g: engine.evaluate([Stenosis.parse(f"L4-L5:central:{g}")]) for g in SCHIZAS_GRADES}


def test_the_text_form_names_a_schizas_grade_and_bad_ones_are_refused_with_the_valid_values():
    spec = Stenosis.parse("L4-L5:central:C")
    assert (spec.kind, spec.schizas_grade, spec.side, spec.grade) == ("central", "C", None, None)
    assert spec.to_text() == "L4-L5:central:C" and Stenosis.from_state(spec.to_state()) == spec
    with pytest.raises(SpecError, match="valid schizas_grades: A, B, C, D"):
        Stenosis.parse("L4-L5:central:E")
    with pytest.raises(SpecError, match="valid kinds: foraminal"):
        Stenosis.parse("L5-S1:central:C")
    with pytest.raises(SpecError, match="no schizas_grade"):
        Stenosis.parse("L4-L5:central")


def test_the_grade_the_model_reads_off_its_geometry_is_the_grade_asked_for(graded):
    for grade, result in graded.items():
        canal = result.measures["central_canal"]["L4_L5"]
        assert canal["schizas_read"] == grade, (grade, canal)
        assert canal["dural_sac_area_mm2"] == result.canal["L4_L5"]["dural_sac_area_mm2"]
    areas = [graded[g].canal["L4_L5"]["dural_sac_area_mm2"] for g in SCHIZAS_GRADES]
    assert all(a > b for a, b in zip(areas, areas[1:])), areas
    fat = {g: graded[g].measures["central_canal"]["L4_L5"]["posterior_fat_mm"] for g in SCHIZAS_GRADES}
    assert fat["C"] > 0.5 and fat["D"] <= 0.3, fat  # Schizas D: no epidural fat left behind the sac


def test_the_reading_follows_the_stated_thresholds():
    assert [schizas_read(a, 2.0) for a in (150.0, 100.0, 99.9, 75.0, 74.9)] == ["A", "A", "B", "B", "C"]
    assert schizas_read(50.0, 0.2) == "D" and schizas_read(90.0, 0.0) == "B"


def test_the_sac_and_both_traversing_roots_are_squeezed_and_nothing_at_grade_a(graded):
    assert all(v["percent"] == 0.0 for v in graded["A"].compression.values())
    for grade in ("B", "C", "D"):
        compression = graded[grade].compression
        assert compression["thecal_sac"]["percent"] >= 30.0, grade
        for side in ("left", "right"):
            assert compression[f"root_L5_{side}"]["percent"] >= 10.0, (grade, side)
        squeezed = {sid for sid, v in compression.items() if v["percent"] >= 10.0}
        assert squeezed <= {"thecal_sac", "root_L5_left", "root_L5_right"}, squeezed
    sac = [graded[g].compression["thecal_sac"]["percent"] for g in SCHIZAS_GRADES]
    assert sac == sorted(sac), sac


def test_a_central_stenosis_leaves_every_foramen_exactly_as_it_was(engine, graded):
    healthy = engine.evaluate([]).foramina
    assert graded["D"].foramina == healthy


def test_the_bulge_is_the_annulus_itself_pushed_back_not_a_shape_laid_over_it(engine, graded):
    """Fardon 2014: a bulge is the disc's own contour beyond the ring apophyses. The annulus's outer wall is
    pushed back onto the bulge's surface (nothing of it left inside), its inner wall stays on the nucleus, and
    the renderer draws no surface of its own for it."""
    import numpy as np

    result = graded["C"]
    (bulge,) = [lesion for lesion in result.lesions if lesion.term == "bulge"]
    assert bulge.drawn_by == "disc_L4_L5"
    before, after = engine.baseline["disc_L4_L5"], result.points["disc_L4_L5"]
    moved = np.linalg.norm(after - before, axis=1) > 0.01
    assert moved.sum() > 100
    scaled = (after[moved] - bulge.centre) @ bulge.axes.T / bulge.radii
    assert (np.einsum("ij,ij->i", scaled, scaled) > 1.0 - 1e-6).all()  # on its surface or beyond
    outward = engine.shown_normals["disc_L4_L5"] @ bulge.push > 0.0
    assert outward[moved].all()  # (the inner wall, facing the nucleus, never moves)
    # Beside it the contour swells part of the way (no step at the lesion's edge): vertices outside it move, less.
    shift = np.linalg.norm(after - before, axis=1)
    beside = moved & ~bulge.contains(before)
    assert beside.sum() > 50 and shift[beside].min() < 0.5 * shift[moved & bulge.contains(before)].max()
