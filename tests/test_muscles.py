"""The psoas, multifidus and erector spinae meshes (meshes/, as committed), measured: the synthetic imaging
model reads their sizes and places, so each is checked against its cited area and its neighbours."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import pyvista as pv

from l5viz.anatomy.geometry import SpineGeometry
from l5viz.anatomy.ids import BONES, DISCS, LEVELS, MUSCLES, NEURAL
from l5viz.anatomy.muscles import CSA_TARGETS, MUSCLE_NAMES

FOLDER = Path(__file__).resolve().parents[1] / "meshes"
CSA_TOLERANCE = 0.15  # of the cited area, on the z-plane through each disc's centre
OVERLAP = 0.5  # mm another structure may reach into a muscle (surfaces are 0.8 mm voxel meshes, smoothed)
FAT_UNDER_SKIN = 7.0  # mm at least between a muscle and the skin (measured minimum 7.5 mm, the erector spinae in
# the midline furrow just below L5-S1; 10-14 mm over most of the back)


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((FOLDER / "manifest.json").read_text())


@pytest.fixture(scope="module")
def mesh(manifest):
    files = {e["id"]: e["file"] for e in manifest["structures"]} | {"body_skin": "body_skin.vtp"}
    cache: dict = {}

    def load(sid: str) -> pv.PolyData:
        if sid not in cache:
            cache[sid] = pv.read(FOLDER / files[sid])
        return cache[sid]

    return load


def signed(points: np.ndarray, surface: pv.PolyData) -> np.ndarray:
    """Signed distance of points from a closed surface (negative inside)."""
    return np.asarray(pv.PolyData(np.asarray(points, float)).compute_implicit_distance(surface)["implicit_distance"])


def section_area(surface: pv.PolyData, z: float, step: float = 0.5) -> float:
    """Area (cm^2) of a closed surface's section on the plane at height z, counted on a grid."""
    x0, x1, y0, y1 = surface.bounds[:4]
    gx, gy = np.meshgrid(np.arange(x0, x1, step), np.arange(y0, y1, step), indexing="ij")
    points = np.column_stack([gx.ravel(), gy.ravel(), np.full(gx.size, z)])
    return float((signed(points, surface) < 0).sum()) * step**2 / 100.0


def test_every_muscle_exists_on_both_sides_closed_and_outward(manifest, mesh):
    ids = {e["id"] for e in manifest["structures"]}
    assert set(MUSCLES) <= ids and len(MUSCLES) == 2 * len(MUSCLE_NAMES)
    for sid in MUSCLES:
        m = mesh(sid)
        assert m.n_open_edges == 0 and m.is_manifold, sid
        assert m.volume > 0, sid


@pytest.mark.parametrize("name", MUSCLE_NAMES)
def test_left_mirrors_right(name, mesh):
    left, right = mesh(f"{name}_left"), mesh(f"{name}_right")
    assert left.volume == pytest.approx(right.volume, rel=0.04)
    mirrored = np.array(left.center) * [-1.0, 1.0, 1.0]
    assert np.linalg.norm(mirrored - np.array(right.center)) < 3.0
    assert np.array(right.center)[0] > 0 > np.array(left.center)[0]


@pytest.mark.parametrize("name", MUSCLE_NAMES)
def test_area_at_each_disc_is_the_cited_one(name, manifest, mesh):
    geo = SpineGeometry.from_dict(manifest["geometry"])
    for side in ("left", "right"):
        m = mesh(f"{name}_{side}")
        areas = {lv: section_area(m, geo.discs[lv].frame.origin[2]) for lv in LEVELS}
        for level, (target, _source) in CSA_TARGETS[name].items():
            assert areas[level] == pytest.approx(target, rel=CSA_TOLERANCE), (name, side, level, areas)
        if name == "psoas_major":  # Reid 1994: largest at L4-L5, the only level with a cited mean
            assert areas["L4_L5"] >= max(areas.values()) - 0.3


def test_every_cited_area_names_a_source(manifest):
    sources = json.loads((FOLDER.parent / "annotations" / "sources.json").read_text())["sources"]
    cited = {src for levels in CSA_TARGETS.values() for _, src in levels.values()} - {"model"}
    assert cited and cited <= set(sources)
    assert set(CSA_TARGETS) == set(MUSCLE_NAMES) and all(set(v) == set(LEVELS) for v in CSA_TARGETS.values())


@pytest.mark.parametrize("sid", MUSCLES)
def test_no_bone_disc_sac_or_nerve_inside_a_muscle(sid, mesh):
    muscle = mesh(sid)
    neighbours = BONES + DISCS + NEURAL + tuple(m for m in MUSCLES if m != sid)
    for other in neighbours:
        o = mesh(other)
        lo, hi = np.array(muscle.bounds[::2]), np.array(muscle.bounds[1::2])
        if np.any(np.array(o.bounds[::2]) > hi + 1.0) or np.any(np.array(o.bounds[1::2]) < lo - 1.0):
            continue
        assert signed(muscle.points, o).min() > -OVERLAP, (sid, other)
        if o.n_points < 60_000 and not other.startswith(("hip_", "sacrum", "vertebra_")):
            assert signed(o.points, muscle).min() > -OVERLAP, (other, sid)


def test_the_l5_root_leaves_outside_the_psoas(manifest, mesh):
    for side in ("left", "right"):
        psoas = mesh(f"psoas_major_{side}")
        for nerve in (f"root_L5_{side}", f"drg_L5_{side}"):
            assert signed(mesh(nerve).points, psoas).min() > 0.5, nerve
        foramen = np.array(manifest["landmarks"][f"foramen_L5_S1_{side}"])
        assert signed(foramen[None], psoas)[0] > 3.0


@pytest.mark.parametrize("sid", MUSCLES)
def test_every_muscle_lies_under_the_skin_with_fat_above_it(sid, mesh):
    assert signed(mesh(sid).points, mesh("body_skin")).max() < -FAT_UNDER_SKIN


def test_muscles_are_hidden_by_default_so_the_shown_scene_is_unchanged():
    from l5viz.content.structures import load_structures

    infos, _ = load_structures()
    for sid in MUSCLES:
        assert infos[sid].group == "Muscles" and infos[sid].kind == "muscle" and not infos[sid].visible
