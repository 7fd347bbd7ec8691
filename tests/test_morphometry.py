"""The imported spine's morphometry (docs/morphometry.md) and the foramen measure behind it.

The figures are measured afresh from meshes/ and must match the committed document; a few are checked
against annotations/morphometry.json where this spine's relation to the published figures is known; and
`l5viz.anatomy.foramen` is checked on synthetic holes of known size.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import numpy as np
import pytest

from l5viz.anatomy import foramen as fm
from l5viz.anatomy.measure import BakedScene, morphometry

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "morphometry.md"
PIXEL = fm.PIXEL_MM


@pytest.fixture(scope="module")
def scene() -> BakedScene:
    return BakedScene.load(ROOT / "meshes")


@pytest.fixture(scope="module")
def figures(scene) -> dict:
    return morphometry(scene)


@pytest.fixture(scope="module")
def committed() -> dict:
    block = re.search(r"```json\n(.*?)\n```", DOC.read_text(), re.S)
    assert block, "docs/morphometry.md has lost its figures block; rerun scripts/morphometry.py"
    return json.loads(block.group(1))


@pytest.fixture(scope="module")
def published() -> dict:
    return json.loads((ROOT / "annotations" / "morphometry.json").read_text())


def leaves(d: dict, path: tuple = ()):
    for k, v in d.items():
        if isinstance(v, dict):
            yield from leaves(v, path + (k,))
        else:
            yield path + (k,), v


def tolerance(path: tuple) -> float:
    if path[0] == "angles":
        return 1.0  # degrees
    if path[-1] == "area":
        return 4.0  # mm^2: a 0.25 mm pixel row around a ~50 mm outline is ~6 mm^2
    return 0.5  # mm


# ---- the committed document holds the measured numbers ----------------------------------------------

def test_fresh_figures_match_the_committed_document(figures, committed):
    fresh = dict(leaves(figures))
    doc = dict(leaves(committed))
    # The root-normal plane follows the modelled root paths, which a re-import may move; not held here.
    keys = {k for k in doc if "root_plane" not in k}
    assert keys == {k for k in fresh if "root_plane" not in k}
    for key in sorted(keys):
        if isinstance(doc[key], bool):
            assert fresh[key] == doc[key], key
        else:
            assert abs(fresh[key] - doc[key]) <= tolerance(key), (key, fresh[key], doc[key])


def test_document_lists_the_gaps_and_says_one_mans_spine(published):
    text = DOC.read_text()
    assert "One man's spine: values outside a range are reported, not adjusted." in text
    for gap in published["gaps"]:
        assert gap in text
    for heading in ("## Vertebral bodies", "## Pedicles and canal", "## Discs", "## Intervertebral foramina",
                    "## Sagittal alignment", "## Method notes", "## Where sources disagree", "## Gaps"):
        assert heading in text


# ---- this spine against annotations/morphometry.json ------------------------------------------------

def threshold(published, measure: str) -> float:
    return next(t["at_or_below"] for t in published["thresholds"] if t["measure"] == measure)


def male(published, measure: str, level: str) -> tuple[float, float]:
    m = next(m for m in published["measures"] if m["id"] == measure and m["level"] == level and "by_sex" in m)
    return m["by_sex"]["male"]["mean"], m["by_sex"]["male"]["sd"]


def test_posterior_disc_heights_are_above_hasegawas_cut_off(figures, published):
    cut = threshold(published, "disc_height_posterior")
    for level, d in figures["discs"].items():
        assert d["height_posterior"] > cut + 3.0, level


def test_lower_foramina_are_above_hasegawas_height_cut_off(figures, published):
    cut = threshold(published, "foraminal_height")
    for level in ("L4_L5", "L5_S1"):
        for side in ("left", "right"):
            assert figures["foramina"][level][side]["height"] > cut + 1.0, (level, side)
    # L3-L4 sits on the cut-off itself (15.0-15.25 mm): reported in the document, not a normal range.
    assert all(abs(figures["foramina"]["L3_L4"][s]["height"] - cut) < 1.0 for s in ("left", "right"))


def test_l5_is_wedged_and_its_canal_is_average(figures, published):
    l5 = figures["vertebrae"]["L5"]
    assert l5["height_anterior"] > l5["height_posterior"] + 4.0  # cook_2021: 30.7 against 26.8 mm in men
    mean, sd = male(published, "canal_ap_depth", "L5")
    assert abs(l5["canal_depth"] - mean) < 2 * sd
    mean, sd = male(published, "body_depth_upper_endplate", "L5")
    assert abs(l5["endplate_depth"] - mean) < 2 * sd


def test_l5_pedicle_is_taller_than_published_and_the_geometry_method_overstates_it(figures, published):
    l5 = figures["vertebrae"]["L5"]
    mean, sd = male(published, "pedicle_height", "L5")
    for side in ("left", "right"):
        assert l5["pedicle_height"][side] > mean + 2 * sd  # this model's pedicles are tall (see the document)
        assert l5["pedicle_height"][side] < l5["pedicle_height_check"]["geometry"] - 2.0


def test_sacral_slope_is_inside_the_published_range(figures, published):
    entry = next(m for m in published["measures"] if m["id"] == "sacral_slope" and "range" in m)
    low, high = entry["range"]
    assert low <= figures["angles"]["sacral_slope"] <= high


def test_lordosis_grows_toward_the_sacrum(figures):
    seg = figures["angles"]["segmental_lordosis"]
    assert 0 < seg["L3_L4"] < seg["L4_L5"] < seg["L5_S1"]
    assert 40.0 < figures["angles"]["lordosis_L1_S1"] < 60.0
    tilt = figures["angles"]["endplate_tilt"]
    assert abs(sum(seg.values()) - (tilt["L3"] - tilt["S1"])) < 0.3  # the segments add up to L3-S1


def test_foramina_are_mirror_symmetric_and_closed(figures):
    for level, sides in figures["foramina"].items():
        left, right = sides["left"], sides["right"]
        assert not left["open"] and not right["open"], level
        assert abs(left["height"] - right["height"]) <= 0.75, level
        assert abs(left["area"] - right["area"]) <= 0.03 * left["area"], level


def test_l5_s1_foramen_is_larger_than_l4_l5_on_this_spine(figures):
    # The anatomy reference expects L5-S1 to be the smaller; this man's is not (tall L5-S1 disc at the back).
    area = {lv: np.mean([figures["foramina"][lv][s]["area"] for s in ("left", "right")]) for lv in ("L4_L5", "L5_S1")}
    assert area["L5_S1"] > area["L4_L5"]


def test_foramen_plane_is_the_upper_vertebras_parasagittal_plane_over_its_pedicle(scene):
    geo = scene.geometry
    for level in ("L3_L4", "L4_L5", "L5_S1"):
        upper = geo.vertebrae[level.split("_")[0]]
        for side in ("left", "right"):
            origin, axes = fm.foramen_plane(geo, scene.manifest, level, side)
            assert np.allclose(origin, scene.manifest["landmarks"][f"foramen_{level}_{side}"])
            assert np.allclose(axes, upper.frame.axes)
            assert abs(abs(upper.frame.to_local(origin)[0]) - upper.pedicle_x) < 0.1


# ---- foramen.py on holes of known size -------------------------------------------------------------

def box(lo, hi) -> tuple[np.ndarray, np.ndarray]:
    """A closed, outward-facing box surface (8 points, 12 triangles)."""
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    p = np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])])
    quads = [(0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6), (0, 2, 6, 4), (1, 5, 7, 3)]
    tris = [t for a, b, c, d in quads for t in ((a, b, c), (a, c, d))]
    return p, np.array(tris)


HOLE_Y, HOLE_Z = 10.0, 16.0  # a 10 mm (AP) x 16 mm (craniocaudal) hole in a 4 mm thick frame


def frame_walls(gap_mm: float = 0.0) -> list:
    y, z, t, x = HOLE_Y / 2, HOLE_Z / 2, 4.0, 8.0
    walls = [box([-x, -y - t, z], [x, y + t, z + t]),  # roof
             box([-x, -y - t, -z - t], [x, y + t, -z]),  # floor
             box([-x, y, -z - 1], [x, y + t, z + 1])]  # front
    if gap_mm <= 0:
        walls.append(box([-x, -y - t, -z - 1], [x, -y, z + 1]))  # back
    else:  # the back wall in two pieces with a gap around z = 2
        walls.append(box([-x, -y - t, -z - 1], [x, -y, 2.0 - gap_mm / 2]))
        walls.append(box([-x, -y - t, 2.0 + gap_mm / 2], [x, -y, z + 1]))
    return walls


def rotation(ax: float, ay: float, az: float) -> np.ndarray:
    cx, sx, cy, sy, cz, sz = np.cos(ax), np.sin(ax), np.cos(ay), np.sin(ay), np.cos(az), np.sin(az)
    return (np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]]) @ np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
            @ np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]]))


def test_a_box_hole_gives_its_height_width_and_area_within_a_pixel():
    f = fm.foramen_figures(frame_walls(), np.zeros(3), np.eye(3), np.zeros(3))
    assert abs(f["height_mm"] - HOLE_Z) <= PIXEL
    assert abs(f["width_mm"] - HOLE_Y) <= PIXEL
    assert abs(f["upper_width_mm"] - HOLE_Y) <= PIXEL
    assert abs(f["area_mm2"] - HOLE_Y * HOLE_Z) <= 2 * (HOLE_Y + HOLE_Z) * PIXEL  # one pixel round the outline
    assert f["open"] is False


def test_the_plane_may_sit_anywhere_and_turn_any_way():
    rot = rotation(0.3, -0.5, 1.1)
    shift = np.array([12.0, -40.0, 7.0])
    walls = [((p @ rot.T) + shift, t) for p, t in frame_walls()]
    origin = shift + np.array([2.0, 1.0, -3.0]) @ rot.T  # off-centre origin, still in the plane x = 2
    hint = shift + np.array([2.0, 0.5, 0.5]) @ rot.T
    f = fm.foramen_figures(walls, origin, rot.T, hint)
    assert abs(f["height_mm"] - HOLE_Z) <= PIXEL
    assert abs(f["width_mm"] - HOLE_Y) <= PIXEL
    assert abs(f["area_mm2"] - HOLE_Y * HOLE_Z) <= 2 * (HOLE_Y + HOLE_Z) * PIXEL


def test_width_runs_along_the_disc_mid_plane():
    tilt = np.radians(20.0)
    normal = np.array([0.0, -np.sin(tilt), np.cos(tilt)])  # a disc mid-plane tilted 20 degrees in the section
    f = fm.foramen_figures(frame_walls(), np.zeros(3), np.eye(3), np.zeros(3), disc_plane=(np.zeros(3), normal))
    assert abs(f["width_mm"] - HOLE_Y / np.cos(tilt)) <= PIXEL


def test_a_narrow_gap_is_closed_and_a_wide_one_is_reported_open():
    narrow = fm.foramen_figures(frame_walls(gap_mm=3.0), np.zeros(3), np.eye(3), np.zeros(3))
    assert narrow["open"] is False
    assert abs(narrow["height_mm"] - HOLE_Z) <= PIXEL
    # At most half the gap's 3 x 4 mm channel joins the hole.
    assert -2 * (HOLE_Y + HOLE_Z) * PIXEL <= narrow["area_mm2"] - HOLE_Y * HOLE_Z <= 6.0 + 2 * (HOLE_Y + HOLE_Z) * PIXEL
    wide = fm.foramen_figures(frame_walls(gap_mm=8.0), np.zeros(3), np.eye(3), np.zeros(3))
    assert wide["open"] is True
    assert wide["area_mm2"] > narrow["area_mm2"] + 20.0


def test_wall_points_block_like_a_lesion():
    angles = np.linspace(0.0, 2 * np.pi, 48, endpoint=False)
    ring = np.array([[x, 2.0 * np.cos(a), 4.0 + 2.0 * np.sin(a)] for x in (-0.3, 0.3) for a in angles])
    plain = fm.foramen_figures(frame_walls(), np.zeros(3), np.eye(3), np.zeros(3))
    blocked = fm.foramen_figures(frame_walls() + [(ring, None)], np.zeros(3), np.eye(3), np.zeros(3))
    lost = plain["area_mm2"] - blocked["area_mm2"]
    expected = np.pi * (2.0 + fm.POINT_RADIUS_MM) ** 2
    assert 0.8 * expected < lost < 1.2 * expected


def test_the_outline_goes_round_the_region():
    outline = fm.foramen_section(frame_walls(), np.zeros(3), np.eye(3), np.zeros(3))["outline"]
    y, z = outline[:, 0], outline[:, 1]
    area = 0.5 * abs(np.dot(y, np.roll(z, 1)) - np.dot(z, np.roll(y, 1)))
    f = fm.foramen_figures(frame_walls(), np.zeros(3), np.eye(3), np.zeros(3))
    assert abs(area - f["area_mm2"]) < 0.5
    assert abs(np.ptp(z) - HOLE_Z) <= PIXEL and abs(np.ptp(y) - HOLE_Y) <= PIXEL


def test_foramen_module_needs_no_vtk():
    tree = ast.parse((ROOT / "l5viz" / "anatomy" / "foramen.py").read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "numpy", "scipy"}
