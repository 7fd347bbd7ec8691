"""Spondylolisthesis and far-out syndrome, measured on the geometry: each compresses the root the literature
names, on the sides it should, growing with its grade; a slip moves bone whole and is measured as Meyerding
measures it; far-out leaves the foramina as they were."""

from __future__ import annotations

import json

import numpy as np
import pytest

from l5viz.anatomy.parts import VERTEBRA_PARTS, vertebra_parts
from l5viz.clinical.correlation import COMPRESSED_PERCENT
from l5viz.pathology.kinds.far_out import FarOut
from l5viz.pathology.kinds.spondylolisthesis import LOOSE_ARCH, Spondylolisthesis, meyerding, slip_percent
from l5viz.pathology.specs import SpecError
from l5viz.paths import meshes_dir
from l5viz.render.loading import engine_for, load_scene
from l5viz.render.scene import VertexNormals


@pytest.fixture(scope="module")
def engine():
    return engine_for(load_scene(meshes_dir()))


def compressed(result) -> dict[str, float]:
    """Root name_side -> % of its diameter (root or ganglion, whichever is worse), at or over the threshold."""
    out = {}
    for sid, figure in result.compression.items():
        if sid.startswith(("root_", "drg_")) and figure["percent"] >= COMPRESSED_PERCENT:
            key = sid.split("_", 1)[1]
            out[key] = max(out.get(key, 0.0), figure["percent"])
    return out


@pytest.mark.parametrize("text,roots", [
    ("L5-S1:isthmic:1.5", {"L5_left", "L5_right"}),  # the exiting L5 in the flattened foramen, both sides
    ("L5-S1:isthmic:2", {"L5_left", "L5_right"}),
    ("L4-L5:degenerative:1.4", {"L5_left", "L5_right"}),  # the traversing L5 in the lateral recess
    ("L4-L5:degenerative:2", {"L5_left", "L5_right"}),
])
def test_a_slip_compresses_the_root_the_literature_names_on_both_sides(engine, text, roots):
    assert set(compressed(engine.evaluate([Spondylolisthesis.parse(text)]))) == roots


@pytest.mark.parametrize("side", ["left", "right"])
def test_far_out_catches_l5_on_its_side_outside_the_foramen(engine, side):
    healthy = engine.evaluate()
    result = engine.evaluate([FarOut(side, 2.5)])
    assert set(compressed(result)) == {f"L5_{side}"}
    assert result.foramina == healthy.foramina  # outside the foramen: every foramen exactly as it was
    other = "right" if side == "left" else "left"
    assert result.compression[f"root_L5_{other}"]["mm"] == 0.0


@pytest.mark.parametrize("side", ["left", "right"])
def test_the_far_out_osteophyte_grows_from_l5_and_moves_the_nerve_before_it_flattens_it(engine, side):
    """Nathan 1982: bone grown from the lower border of L5 presses the nerve onto the ala. The spur is rooted in
    the L5 bone (it does not float beside it); at severity 1 it displaces the nerve without flattening it, at
    3 it flattens it against the ala."""
    (spur,) = engine.evaluate([FarOut(side, 1.0)]).lesions
    long = int(np.argmax(spur.radii))
    ends = spur.centre + np.outer([-1.0, 1.0], spur.axes[long] * spur.radii[long])  # of its long axis
    assert engine.bone_distance("vertebra_L5", ends).min() < 0.0  # one end inside L5
    mild, severe = (engine.evaluate([FarOut(side, s)]) for s in (1.0, 3.0))
    assert mild.displacement[f"root_L5_{side}"] > 1.0 and mild.compression[f"root_L5_{side}"]["percent"] < 10.0
    assert severe.compression[f"root_L5_{side}"]["percent"] > 50.0


@pytest.mark.parametrize("text,steps", [
    ("L5-S1:isthmic", (0, 0.5, 1, 1.5, 2, 2.5, 3, 4)),
    ("L4-L5:degenerative", (0, 0.5, 1, 1.25, 1.5, 1.75, 2)),
])
def test_a_slip_compresses_more_as_it_grows_and_is_measured_as_meyerding_does(engine, text, steps):
    worst, slips = [], []
    for grade in steps:
        result = engine.evaluate([Spondylolisthesis.parse(f"{text}:{grade}")])
        worst.append(max(compressed(result).values(), default=0.0))
        slips.append(result.measures["slip"][text.split(":")[0].replace("-", "_")])
    assert worst == sorted(worst) and worst[0] == 0.0 and worst[-1] > 50.0
    for grade, slip in zip(steps, slips):
        assert slip["slip_percent"] == pytest.approx(slip_percent(grade), abs=0.1)
        assert slip["meyerding"] == meyerding(slip_percent(grade))


def test_an_isthmic_slip_moves_the_body_whole_and_leaves_the_loose_arch(engine):
    spec = Spondylolisthesis("L5-S1", "isthmic", 2)
    result = engine.evaluate([spec])
    before, after = engine.baseline["vertebra_L5"], result.points["vertebra_L5"]
    arch = np.isin(vertebra_parts(before, engine.verts["L5"]), [VERTEBRA_PARTS.index(p) for p in LOOSE_ARCH])
    moved = after - before
    forward = engine.disc_frame("L5_S1").axes[1]
    slip_mm = result.measures["slip"]["L5_S1"]["slip_mm"]
    assert np.allclose(moved[arch], 0.0)  # the arch behind the pars defect stays with the sacrum
    body = moved[~arch]
    assert np.allclose(body, body[0]) and body[0] @ forward == pytest.approx(slip_mm, abs=0.05)  # one rigid move
    assert "vertebra_L4" in result.motions  # the spine above moves whole, as an actor
    assert "sacrum" not in result.points


def test_a_slipped_vertebra_keeps_its_built_normals_beside_the_pars_defect(engine):
    """Its body slides and its arch stays, each piece only translated: every vertex away from the torn
    triangles keeps the normal it was built with, so the window need not light it anew."""
    result = engine.evaluate([Spondylolisthesis("L5-S1", "isthmic", 2)])
    assert "vertebra_L5" in result.points.pieces and "disc_L5_S1" not in result.points.pieces
    triangles = engine.shown_triangles["vertebra_L5"]
    normals = VertexNormals(triangles, len(result.points["vertebra_L5"]))
    at_tear = np.zeros(len(result.points["vertebra_L5"]), bool)
    at_tear[triangles[result.hidden["vertebra_L5"]].ravel()] = True
    assert at_tear.any() and not at_tear.all()
    built = normals(engine.baseline["vertebra_L5"])[~at_tear]
    assert np.allclose(normals(result.points["vertebra_L5"])[~at_tear], built, atol=1e-5)


def test_the_bones_a_slip_moves_whole_are_moved_by_their_motion_once_read(engine):
    """Their vertices wait until something reads them (a renderer moves their actors instead); read, they are
    where the motion puts them."""
    result = engine.evaluate([Spondylolisthesis("L5-S1", "isthmic", 2)])
    assert "vertebra_L4" in result.points and "vertebra_L4" in result.points.pending  # asked, not computed
    rotation, translation = result.motions["vertebra_L4"]
    expected = engine.baseline["vertebra_L4"] @ rotation.T + translation
    assert np.allclose(result.points["vertebra_L4"], expected) and "vertebra_L4" not in result.points.pending


def test_a_degenerative_slip_moves_the_whole_vertebra_and_narrows_the_sac(engine):
    healthy = engine.evaluate()
    result = engine.evaluate([Spondylolisthesis("L4-L5", "degenerative", 2)])
    assert "vertebra_L4" in result.motions and "vertebra_L5" not in result.points  # the pars is intact
    assert result.canal["L4_L5"]["dural_sac_area_mm2"] < healthy.canal["L4_L5"]["dural_sac_area_mm2"] - 10.0
    assert result.foramina["foramen_L4_L5_left"]["height_mm"] < healthy.foramina["foramen_L4_L5_left"]["height_mm"]


@pytest.mark.parametrize("text,fragment", [
    ("L4-L5:degenerative:3", "grade 3 out of range; valid: 0 to 2"),
    ("L3-L4:isthmic:1", "valid levels: L4-L5, L5-S1"),
    ("L5-S1:lytic:1", "valid types: isthmic, degenerative"),
])
def test_a_bad_slip_is_refused_with_the_valid_values(text, fragment):
    with pytest.raises(SpecError, match=fragment):
        Spondylolisthesis.parse(text)


def test_the_cli_takes_the_new_kinds_and_the_report_gives_the_slip(tmp_path):
    from l5viz.cli import main

    out = tmp_path / "scene"
    assert main(["export", "--out", str(out), "--spondylolisthesis", "L5-S1:isthmic:2", "--far-out", "left:2"]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["overlays"] == {"spondylolisthesis": ["L5-S1:isthmic:2"], "far_out": ["left:2"]}
    assert report["slip"]["L5_S1"] == {"slip_mm": pytest.approx(12.2, abs=0.5), "slip_percent": 37.5, "meyerding": 2,
                                       "type": "isthmic"}


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_lateral_recess_stenosis_catches_the_traversing_l5_on_its_side_only(engine, side):
    from l5viz.pathology.kinds.stenosis import Stenosis

    healthy = engine.evaluate()
    other = "right" if side == "left" else "left"
    depths, other_depths, worst = [], [], []
    for grade in (0, 1, 2, 3):  # Bartynski & Lin: 1 small recess, 2 root compressed, 3 severe
        result = engine.evaluate([Stenosis.parse(f"L4-L5:lateral-recess:{side}:{grade}")])
        depths.append(result.measures["lateral_recess"][f"L4_L5_{side}"]["depth_mm"])
        other_depths.append(result.measures["lateral_recess"][f"L4_L5_{other}"]["depth_mm"])
        worst.append(compressed(result))
        assert result.foramina == healthy.foramina  # medial to the foramen: both foramina exactly as they were
    assert depths[0] >= 5.0 and depths[-1] <= 3.0 and depths == sorted(depths, reverse=True)  # Dincer 1991, Talekar 2017
    assert len(set(other_depths)) == 1  # the other side's recess is left as it was
    assert worst[1] == {} and set(worst[2]) == set(worst[3]) == {f"L5_{side}"}


def test_a_lateral_recess_stenosis_is_at_l4_l5_only():
    from l5viz.pathology.kinds.stenosis import Stenosis

    with pytest.raises(SpecError, match="kind 'lateral-recess' is not possible here; valid kinds: foraminal"):
        Stenosis.parse("L5-S1:lateral-recess:left:2")


def test_the_correlation_explains_each_new_kind_from_its_own_content(engine):
    from l5viz.clinical.correlation import correlate
    from l5viz.content import load_all_lesion_content
    from l5viz.pathology.kinds import Overlays

    content, problems = load_all_lesion_content()
    assert problems == []
    for text, kind, quoted in (({"spondylolisthesis": ["L5-S1:isthmic:2"]}, "spondylolisthesis", "Meyerding grade II"),
                               ({"far_out": ["left:2.5"]}, "far_out", "sacral ala"),
                               ({"stenosis": ["L4-L5:lateral-recess:right:2.5"]}, "stenosis", "Lateral recess grade 2")):
        overlays = Overlays.from_texts(text)
        correlation = correlate(engine.evaluate(overlays), overlays, content)
        assert correlation.affected and all(a.root == "L5" for a in correlation.affected), text
        for affected in correlation.affected:
            (reason,) = [r for r in affected.reasons if r["kind"] == kind]
            assert quoted in reason["text"] and reason["sources"], text


def test_every_lesion_a_kind_grows_is_named_from_the_vocabulary(engine):
    """Each lesion surface carries a term whose words annotations/lesion_terms.json gives (its label in a view),
    and every term has words; only the nucleus material in an extrusion's fissure goes unnamed."""
    from l5viz.content import load_lesion_terms
    from l5viz.pathology.engine import IMPLANT_KINDS, LESION_TERMS
    from l5viz.pathology.kinds import Overlays

    terms, problems = load_lesion_terms()
    assert problems == [] and set(terms) == set(LESION_TERMS) | set(IMPLANT_KINDS)  # (and what a procedure places)
    texts = {"herniation": [f"{lv}:{zone}:left:{kind}:0.8" for lv in ("L4-L5", "L5-S1")
                            for zone in ("central", "subarticular", "foraminal", "extraforaminal")
                            for kind in ("protrusion", "extrusion", "sequestration")],
             "stenosis": ["L5-S1:foraminal:left:3", "L4-L5:lateral-recess:right:3", "L4-L5:central:D"],
             "spondylolisthesis": ["L5-S1:isthmic:2", "L4-L5:degenerative:2"], "far_out": ["left:3"]}
    seen = set()
    for kind, specs in texts.items():
        for text in specs:
            for lesion in engine.evaluate(Overlays.from_texts({kind: [text]})).lesions:
                assert lesion.term in LESION_TERMS or lesion.lesion_id.endswith("_fissure"), lesion.lesion_id
                seen.add(lesion.term)
    assert seen - {""} == set(LESION_TERMS)  # (each term is used by some lesion)
