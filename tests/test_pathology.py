"""Overlays deform the geometry, and the root the geometry compresses is the one the nomenclature predicts.

Rule: Fardon 2014 (lumbar disc nomenclature v2.0) via the shared reference section 6. Foraminal figures:
Hasegawa 1995 (section 4: height <= 15 mm and posterior disc height <= 4 mm go with root compression;
normal L5-S1 height 16-20 mm) and the Lee 2010 grade wording (section 7).
"""

from __future__ import annotations

import numpy as np
import pytest

from l5viz.anatomy.measure import BakedScene, extent_along
from l5viz.paths import meshes_dir
from l5viz.pathology.kinds.herniation import Herniation, herniation_lesions
from l5viz.pathology.kinds.stenosis import Stenosis
from l5viz.pathology.specs import SpecError
from l5viz.render.loading import engine_for, load_scene

COMPRESSED = 10.0  # % of diameter counted as "compressed" for the rule
RULE = {  # (level, zone) -> root the geometry must compress (Fardon 2014)
    ("L4-L5", "subarticular"): "L5",  # traversing
    ("L4-L5", "foraminal"): "L4",  # exiting
    ("L4-L5", "extraforaminal"): "L4",
    ("L5-S1", "subarticular"): "S1",
    ("L5-S1", "foraminal"): "L5",
    ("L5-S1", "extraforaminal"): "L5",
    ("L3-L4", "subarticular"): "L4",
    ("L3-L4", "foraminal"): "L3",
    ("L3-L4", "extraforaminal"): "L3",
}
ROOTS = ("L3", "L4", "L5", "S1")


@pytest.fixture(scope="module")
def scene() -> BakedScene:
    return BakedScene.load(meshes_dir())


@pytest.fixture(scope="module")
def engine():
    return engine_for(load_scene(meshes_dir()))


def root_percent(result, root: str, side: str) -> float:
    """A root's compression: its own tube or its ganglion, whichever is squeezed more."""
    compression = result.compression
    return max(compression[f"root_{root}_{side}"]["percent"], compression[f"drg_{root}_{side}"]["percent"])


@pytest.mark.parametrize("level,zone", list(RULE))
@pytest.mark.parametrize("side", ["left", "right"])
def test_level_zone_rule_emerges_from_the_geometry(engine, level, zone, side):
    result = engine.evaluate([Herniation(level, zone, side, "extrusion", 0.7)])
    expected = RULE[(level, zone)]
    other_side = "right" if side == "left" else "left"
    scores = {r: root_percent(result, r, side) for r in ROOTS}
    assert scores[expected] >= COMPRESSED, f"{expected} not compressed: {scores}"
    assert max(scores, key=scores.get) == expected, f"the most compressed root should be {expected}: {scores}"
    assert all(root_percent(result, r, other_side) < COMPRESSED for r in ROOTS), "wrong side compressed"


@pytest.mark.parametrize("level,root,sac", [("L4-L5", "L5", 30.0), ("L5-S1", "S1", 10.0)])
def test_large_central_herniation_reaches_both_sides_and_the_sac(engine, level, root, sac):
    """At L5-S1 the sac lies 4.4 mm behind the disc in this spine (the anterior epidural space is wider
    there), so a large central extrusion squeezes the S1 roots more than the sac."""
    result = engine.evaluate([Herniation(level, "central", "right", "extrusion", 1.0)])
    assert root_percent(result, root, "left") >= COMPRESSED
    assert root_percent(result, root, "right") >= COMPRESSED
    assert result.compression["thecal_sac"]["percent"] >= sac


@pytest.mark.parametrize("kind", ["protrusion", "extrusion", "sequestration"])
def test_root_compromise_grows_with_severity(engine, kind):
    """Pfirrmann 2004's order, contact, deviation, compression, as the lesion grows: the traversing root is moved
    further and squeezed at least as much. Disc material extruded past the room behind the root (5 mm before
    the ligamentum flavum here) flattens it against what holds it; a protrusion, which reaches less far than its
    base is wide, deviates it."""
    results = [engine.evaluate([Herniation("L4-L5", "subarticular", "right", kind, s)]) for s in (0.2, 0.5, 0.9)]
    moved = [r.displacement["root_L5_right"] for r in results]
    squeezed = [root_percent(r, "L5", "right") for r in results]
    assert moved[0] < moved[1] < moved[2], moved
    assert squeezed[0] <= squeezed[1] <= squeezed[2], squeezed
    assert moved[2] >= 1.0  # at least deviated (correlation.DEVIATION_MM)
    if kind != "protrusion":
        assert squeezed[2] >= COMPRESSED, squeezed


def test_herniated_material_leaves_the_annulus_into_its_zone(engine, scene):
    """The fragment lies behind the disc's posterior margin, on the chosen side, in the subarticular zone."""
    h = Herniation("L4-L5", "subarticular", "right", "extrusion", 0.7)
    result = engine.evaluate([h])
    fragment = result.lesions[0]
    disc = scene.frame("L4_L5")
    centre = disc.to_local(fragment.centre)
    back_of_disc = disc.to_local(scene.meshes["disc_L4_L5"].points)[:, 1].min()
    assert centre[1] - fragment.radii[1] < back_of_disc  # reaches beyond the annulus
    half_canal = 0.5 * scene.geometry.vertebrae["L5"].interpedicular_distance
    assert 0 < centre[0] < half_canal + 1.0  # right side, medial to the L5 pedicle
    moved = result.points["disc_L4_L5"] - scene.meshes["disc_L4_L5"].points
    assert np.linalg.norm(moved, axis=1).max() > 1.0  # the annulus itself bulges at the site


def inside_any(lesions, points: np.ndarray) -> np.ndarray:
    """Which points lie inside at least one of the lesions' ellipsoids."""
    return np.any([np.einsum("ij,ij->i", *(2 * [(points - les.centre) @ les.axes.T / les.radii])) < 1.0
                   for les in lesions], axis=0)


def fardon_shape(engine, h: Herniation) -> dict:
    """Measure a herniation as Fardon 2014 does: the extent of its material in the plane of the disc's margin
    (its base) and beyond it, along the disc's width and its height, and its reach beyond the margin."""
    from l5viz.pathology.kinds.herniation import growth_frame

    lesions = herniation_lesions(engine, h)
    margin, axes = growth_frame(engine, h)
    steps = np.arange(-16.0, 16.01, 0.25)
    grid = np.stack(np.meshgrid(steps, steps, steps, indexing="ij"), -1).reshape(-1, 3)
    points = margin + grid @ axes
    material = inside_any(lesions, points)
    depth = np.round(grid[material, 1] / 0.25).astype(int)
    extent = {}
    for name, axis in (("width", 0), ("height", 2)):
        by_depth = {k: np.ptp(grid[material][depth == k, axis]) for k in np.unique(depth[depth >= 0])}
        extent[f"base_{name}"] = by_depth.get(0, 0.0)
        extent[f"beyond_{name}"] = max(v for k, v in by_depth.items() if k > 0)
    extent["reach"] = float(grid[material, 1].max())
    extent["fragment_gap"] = float(engine.bone_distance(f"disc_{h.level_id}",
                                                         points[inside_any(lesions[:1], points)]).min())
    if len(lesions) > 1:  # an extrusion's or a sequestration's fissure
        fissure = lesions[1]
        path = fissure.centre + np.outer(np.linspace(-1.0, 1.0, 41), fissure.axes[1] * fissure.radii[1])
        in_nucleus = engine.bone_distance(f"nucleus_{h.level_id}", path) < 0.0
        extent["fed"] = bool(in_nucleus.any() and inside_any(lesions[:1], path).any())
    return extent


@pytest.mark.parametrize("level,zone", [("L4-L5", "subarticular"), ("L5-S1", "foraminal"),
                                        ("L4-L5", "extraforaminal"), ("L4-L5", "central")])
@pytest.mark.parametrize("size", [0.3, 1.0])
def test_each_herniation_type_meets_its_fardon_definition_measured_on_the_geometry(engine, level, zone, size):
    """Protrusion: in every plane its reach and its width beyond the disc are less than its base. Extrusion: in
    some plane the material beyond the disc is wider than its base (a neck). Sequestration: a fragment clear of
    the disc (Fardon 2014, reference section 6)."""
    protrusion = fardon_shape(engine, Herniation(level, zone, "left", "protrusion", size))
    assert protrusion["reach"] < min(protrusion["base_width"], protrusion["base_height"]), protrusion
    assert protrusion["beyond_width"] <= protrusion["base_width"], protrusion
    assert protrusion["beyond_height"] <= protrusion["base_height"], protrusion
    extrusion = fardon_shape(engine, Herniation(level, zone, "left", "extrusion", size))
    assert (extrusion["beyond_width"] > extrusion["base_width"] + 1.0
            or extrusion["beyond_height"] > extrusion["base_height"] + 1.0), extrusion
    assert extrusion["fed"]  # continuous with the disc: its fissure runs from the nucleus into the fragment
    sequestration = fardon_shape(engine, Herniation(level, zone, "left", "sequestration", size))
    assert sequestration["fragment_gap"] >= 0.5, sequestration


def test_a_protrusion_is_its_dome_alone(engine):
    (dome,) = herniation_lesions(engine, Herniation("L4-L5", "subarticular", "right", "protrusion", 0.7))
    assert (dome.lesion_id, dome.kind, dome.term) == ("herniation_L4_L5_subarticular_right", "disc", "protrusion")
    assert dome.displaces  # disc material: it moves the root it meets before it flattens it
    assert dome.beneath_tissue  # drawn beneath the annulus in a slab: it shows where it has left the disc


@pytest.mark.parametrize("kind", ["extrusion", "sequestration"])
def test_herniated_material_comes_from_the_nucleus_through_an_annular_fissure(engine, kind):
    """The fissure's material starts inside the nucleus and crosses the annulus; an extrusion's fragment is fed by
    it, a sequestration's has left it behind (its fissure stops inside the annulus)."""
    h = Herniation("L4-L5", "subarticular", "right", kind, 0.7)
    fragment, fissure = herniation_lesions(engine, h)
    ends = fissure.centre + np.outer([-1.0, 1.0], fissure.axes[1] * fissure.radii[1])
    inner, outer = ends if engine.bone_distance("nucleus_L4_L5", ends[:1])[0] < 0 else ends[::-1]
    assert engine.bone_distance("nucleus_L4_L5", inner[None])[0] < 0.0  # starts in the nucleus
    reaches_fragment = inside_any([fragment], outer[None] + 0.0)[0] or inside_any([fragment], fissure.centre[None])[0]
    assert reaches_fragment == (kind != "sequestration")
    if kind == "sequestration":
        assert engine.bone_distance("disc_L4_L5", outer[None])[0] < 0.0  # the tear ends inside the annulus


def test_foraminal_stenosis_narrows_monotonically_and_matches_cited_thresholds(engine, scene):
    figures = [engine.evaluate([Stenosis("L5-S1", "left", g)]) for g in (0, 1, 2, 3)]
    areas = [r.foramina["foramen_L5_S1_left"]["area_mm2"] for r in figures]
    heights = [r.foramina["foramen_L5_S1_left"]["height_mm"] for r in figures]
    assert all(a > b for a, b in zip(areas, areas[1:])), areas
    assert all(a >= b for a, b in zip(heights, heights[1:])), heights
    assert 16.0 <= heights[0] <= 20.0  # normal L5-S1 foraminal height (reference section 4)
    assert heights[3] <= 15.0  # Hasegawa 1995 critical foraminal height
    # The other side keeps its foramen: the segment tilts down onto the stenotic side about it.
    other, healthy = figures[3].foramina["foramen_L5_S1_right"], figures[0].foramina["foramen_L5_S1_right"]
    assert other["height_mm"] == pytest.approx(healthy["height_mm"], abs=0.5)
    assert other["area_mm2"] == pytest.approx(healthy["area_mm2"], rel=0.05)


@pytest.mark.parametrize("level", ["L4-L5", "L5-S1"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_the_lee_grade_is_read_from_the_fat_round_the_root(engine, level, side):
    """Lee 2010: grade 1, the fat gone in two opposing directions; 2, in all four with the root undeformed;
    3, the root deformed. Read off the geometry's sagittal section, each grade reads back as asked."""
    key = f"{level.replace('-', '_')}_{side}"
    root = "L5" if level == "L5-S1" else "L4"
    read, gone, squeezed = {}, {}, {}
    for grade in (0, 1, 2, 3):
        result = engine.evaluate([Stenosis(level, side, grade)])
        read[grade] = result.measures["foraminal"][key]["lee_read"]
        gone[grade] = set(result.measures["foraminal"][key]["fat_gone"])
        squeezed[grade] = root_percent(result, root, side)
    assert read == {0: 0, 1: 1, 2: 2, 3: 3}
    assert gone[0] == set() and gone[1] == {"front", "behind"} and gone[2] == {"above", "below", "front", "behind"}
    assert squeezed[0] == squeezed[1] == 0.0 and squeezed[2] < 5.0 and squeezed[3] >= 20.0, squeezed


def test_the_disc_loses_height_under_the_stenotic_foramen_only(engine, scene):
    """The pedicle above comes down onto the root by grade 2 (Lee's fat above gone) and into it at grade 3:
    the annulus under the stenotic foramen loses that height, the other side's keeps its own."""
    result = engine.evaluate([Stenosis("L5-S1", "left", 3)])
    frame = scene.frame("L5_S1")
    lost = {}
    for side, sign in (("left", -1.0), ("right", 1.0)):
        back = frame.to_local(engine.disc_margin("L5_S1", sign * scene.geometry.vertebrae["L5"].pedicle_x,
                                                 np.array([0.0, -1.0, 0.0])))
        under_foramen = back + [0.0, 2.0, 0.0]
        disc = scene.meshes["disc_L5_S1"].copy()
        before = extent_along(disc, frame, under_foramen, [0, 0, 1])
        disc.points = result.points["disc_L5_S1"]
        lost[side] = before - extent_along(disc, frame, under_foramen, [0, 0, 1])
    assert lost["left"] > 2.0, lost  # the healthy fat above the L5 ganglion (2.0 mm) and more
    assert abs(lost["right"]) < 0.5, lost


def test_no_overlay_means_baseline_exactly(engine):
    result = engine.evaluate()
    assert result.points == {} and result.lesions == []
    assert all(v["mm"] == 0.0 for v in result.compression.values())


def test_several_overlays_at_once(engine):
    result = engine.evaluate([Herniation("L4-L5", "subarticular", "right", "extrusion", 0.7),
                              Stenosis("L5-S1", "left", 3)])
    assert root_percent(result, "L5", "right") >= COMPRESSED
    assert root_percent(result, "L5", "left") >= COMPRESSED


@pytest.mark.parametrize("text,fragment", [
    ("L4-L6:subarticular:right:extrusion", "valid levels: L3-L4, L4-L5, L5-S1"),
    ("L4-L5:lateral:right:extrusion", "valid zones: central, subarticular, foraminal, extraforaminal"),
    ("L4-L5:subarticular:up:extrusion", "valid sides: left, right"),
    ("L4-L5:subarticular:right:rupture", "valid types: bulge, protrusion, extrusion, sequestration"),
    ("L4-L5:subarticular:right:extrusion:1.5", "out of range; valid: 0 to 1"),
    ("L4-L5:subarticular", "expected LEVEL:ZONE:SIDE:TYPE"),
])
def test_bad_herniation_values_are_refused_with_the_valid_ones(text, fragment):
    with pytest.raises(SpecError, match=fragment):
        Herniation.parse(text)


@pytest.mark.parametrize("text,fragment", [
    ("L3-L4:left:2", "valid levels: L4-L5, L5-S1"),
    ("L5-S1:left:4", "out of range; valid: 0 to 3"),
    ("L5-S1:middle:2", "valid sides: left, right"),
])
def test_bad_stenosis_values_are_refused_with_the_valid_ones(text, fragment):
    with pytest.raises(SpecError, match=fragment):
        Stenosis.parse(text)


def test_a_stenosis_is_written_with_its_kind_and_the_older_form_still_reads():
    assert Stenosis.parse("L5-S1:foraminal:left:2") == Stenosis.parse("L5-S1:left:2") == Stenosis("L5-S1", "left", 2.0)
    assert Stenosis("L5-S1", "left", 2.5).to_text() == "L5-S1:foraminal:left:2.5"
    assert Stenosis.parse(Stenosis("L4-L5", "right", 1.0).to_text()) == Stenosis("L4-L5", "right", 1.0)


def test_an_extrusion_can_migrate_up_or_down_and_a_protrusion_cannot(engine):
    caudal = Herniation.parse("L4-L5:subarticular:right:extrusion:0.7:caudal")
    assert caudal.migration == "caudal" and caudal.to_text() == "L4-L5:subarticular:right:extrusion:0.7:caudal"
    assert Herniation.parse(caudal.to_text()) == caudal
    assert Herniation.parse("L4-L5:subarticular:right:extrusion:0.7").migration == "none"
    with pytest.raises(SpecError, match="valid migrations: none, cranial, caudal"):
        Herniation.parse("L4-L5:subarticular:right:extrusion:0.7:sideways")
    with pytest.raises(SpecError, match="migration needs a type of extrusion, sequestration"):
        Herniation.parse("L4-L5:subarticular:right:protrusion:0.7:caudal")
    up = engine.disc_frame("L4_L5").axes[2]
    mid = np.asarray(engine.disc_frame("L4_L5").origin, float)
    for zone in ("subarticular", "foraminal", "extraforaminal"):
        height = {m: float((herniation_lesions(engine, Herniation.parse(f"L4-L5:{zone}:right:extrusion:0.7{m}"))
                            [0].centre - mid) @ up) for m in ("", ":caudal", ":cranial")}
        assert height[":caudal"] < height[""] - 2.0 and height[":cranial"] > height[""] + 2.0, zone
    result = engine.evaluate([caudal])  # migrated down behind L5, it still catches the traversing L5
    assert result.compression["root_L5_right"]["percent"] >= 10.0


@pytest.mark.parametrize("level,zone,kind,root", [
    ("L4-L5", "subarticular", "extrusion", "L5"), ("L4-L5", "foraminal", "extrusion", "L4"),
    ("L4-L5", "extraforaminal", "extrusion", "L4"), ("L5-S1", "subarticular", "extrusion", "S1"),
    ("L5-S1", "foraminal", "extrusion", "L5"), ("L5-S1", "foraminal", "protrusion", "L5"),
    ("L5-S1", "extraforaminal", "extrusion", "L5"), ("L4-L5", "central", "extrusion", "L5"),
    ("L4-L5", "subarticular", "sequestration", "L5"),
])
def test_compression_never_falls_as_a_herniation_grows(engine, level, zone, kind, root):
    """A larger lesion squeezes its root at least as much (it once read 100 % at size 0.7 and 85 % at 1.0)."""
    figures = [root_percent(engine.evaluate([Herniation.parse(f"{level}:{zone}:left:{kind}:{size:.1f}")]),
                            root, "left") for size in np.arange(0.2, 1.01, 0.1)]
    assert all(b >= a - 0.5 for a, b in zip(figures, figures[1:])), figures
    assert figures[-1] >= 10.0  # and the largest compresses it


def test_the_dural_sac_is_measured_at_each_disc_and_a_central_extrusion_narrows_only_its_own(engine):
    """Healthy sac areas within the range the reference gives at L4 (150-180 mm^2, some 10 % either side for
    the other levels); a central L4-5 extrusion takes a share of its own level's sac and leaves the others."""
    healthy = engine.evaluate().canal
    assert set(healthy) == {"L3_L4", "L4_L5", "L5_S1"}
    for figures in healthy.values():
        assert 130.0 <= figures["dural_sac_area_mm2"] <= 200.0 and 10.0 <= figures["dural_sac_ap_mm"] <= 16.0
    narrowed = engine.evaluate([Herniation.parse("L4-L5:central:left:extrusion:0.9")]).canal
    assert narrowed["L4_L5"]["dural_sac_area_mm2"] < 0.8 * healthy["L4_L5"]["dural_sac_area_mm2"]
    assert narrowed["L4_L5"]["dural_sac_ap_mm"] < healthy["L4_L5"]["dural_sac_ap_mm"] - 2.0
    for level in ("L3_L4", "L5_S1"):
        assert narrowed[level] == healthy[level]


def test_the_fat_round_the_root_is_measured_in_each_foramen_and_shrinks_as_a_stenosis_grows(engine):
    healthy = engine.evaluate().foramina
    assert all(f["fat_remaining_percent"] == 100.0 and f["fat_mm2"] > 50.0 for f in healthy.values())
    assert all(set(f["fat_mm"]) == {"above", "below", "front", "behind"} for f in healthy.values())
    left = [engine.evaluate([Stenosis("L5-S1", "left", g)]).foramina for g in (0, 1, 2, 3)]
    fat = [f["foramen_L5_S1_left"]["fat_remaining_percent"] for f in left]
    assert fat == sorted(fat, reverse=True) and fat[2] <= 5.0 and fat[3] == 0.0, fat
    assert all(f["foramen_L4_L5_left"] == healthy["foramen_L4_L5_left"] for f in left)  # other levels: as they were
