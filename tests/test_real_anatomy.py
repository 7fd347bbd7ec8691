"""The imported Visible Human spine and the soft tissue fitted to it (meshes/), as committed.

These meshes are what the window will show once the scene and the pathology engine move onto them; the
tests hold what the issue asks of them: closed surfaces, no nerve in bone, each ganglion under its pedicle
in its foramen, the L5 root's course, the soft tissue where anatomy puts it, part names, the licence.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import pyvista as pv

from l5viz.anatomy.geometry import SpineGeometry, bones_of
from l5viz.anatomy.parts import VERTEBRA_PARTS

FOLDER = Path(__file__).resolve().parents[1] / "meshes"


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((FOLDER / "manifest.json").read_text())


@pytest.fixture(scope="module")
def geo(manifest) -> SpineGeometry:
    return SpineGeometry.from_dict(manifest["geometry"])


@pytest.fixture(scope="module")
def mesh(manifest):
    cache: dict = {}
    files = {e["id"]: e["file"] for e in manifest["structures"]}

    def load(sid: str):
        if sid not in cache:
            cache[sid] = pv.read(FOLDER / files[sid])
        return cache[sid]

    return load


def outside(points: np.ndarray, surface) -> np.ndarray:
    """Signed distance of points from a closed surface (positive outside)."""
    return np.asarray(pv.PolyData(points).compute_implicit_distance(surface)["implicit_distance"])


def test_every_structure_is_closed_manifold_and_outward(manifest, mesh):
    for entry in manifest["structures"]:
        m = mesh(entry["id"])
        assert m.n_open_edges == 0 and m.is_manifold, entry["id"]
        assert m.volume > 0, entry["id"]


def test_the_licence_notice_travels_with_the_meshes(manifest):
    notice = (FOLDER / manifest["licence"]).read_text()
    assert "Redistribution and use in source and binary forms" in notice and "Robin Remus" in notice


@pytest.mark.parametrize("nerve", ["thecal_sac"] + [f"{k}_{r}_{s}" for k in ("root", "drg")
                                                    for r in ("L3", "L4", "L5", "S1") for s in ("left", "right")])
def test_no_nerve_lies_in_bone(mesh, nerve):
    points = mesh(nerve).points
    for bone in ("vertebra_L2", "vertebra_L3", "vertebra_L4", "vertebra_L5", "sacrum"):
        assert outside(points, mesh(bone)).min() > -0.2, (nerve, bone)  # within the meshes' 0.2 mm tolerance


@pytest.mark.parametrize("root", ["L3", "L4", "L5"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_each_ganglion_sits_under_its_pedicle_in_its_foramen(manifest, geo, root, side):
    v = geo.vertebrae[root]
    g = v.frame.to_local(np.array(manifest["root_paths"][f"root_{root}_{side}"]["ganglion"]))
    assert g[2] < v.pedicle_bottom  # below the pedicle: the foramen's upper part
    assert g[2] > v.pedicle_bottom - 10.0
    assert abs(abs(g[0]) - v.pedicle_x) < 0.5 * v.pedicle_width + 3.0  # under it, not medial or lateral of it
    assert np.sign(g[0]) == (1.0 if side == "right" else -1.0)


@pytest.mark.parametrize("side", ["left", "right"])
def test_the_l5_root_runs_medial_to_the_l5_pedicle_then_out_under_it(manifest, geo, side):
    line = np.array(manifest["root_paths"][f"root_L5_{side}"]["points"])
    l5 = geo.vertebrae["L5"]
    local = l5.frame.to_local(line)
    at_recess = local[np.argmin(np.abs(local[:, 2] - l5.pedicle_top))]  # level with the top of the pedicle
    assert abs(at_recess[0]) < 0.5 * l5.interpedicular_distance  # in the lateral recess, medial to the pedicle
    foramen = np.array(manifest["landmarks"][f"foramen_L5_S1_{side}"])
    assert np.linalg.norm(line - foramen, axis=1).min() < 6.0  # through the L5-S1 foramen
    assert local[-1, 1] > l5.posterior_wall_y  # ends in front of the spine, toward the lumbosacral trunk


@pytest.mark.parametrize("level", ["L3_L4", "L4_L5", "L5_S1"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_soft_tissue_sits_where_anatomy_puts_it(manifest, geo, mesh, level, side):
    frame = geo.discs[level].frame
    sac = frame.to_local(mesh("thecal_sac").points)
    sac_back = sac[np.abs(sac[:, 2]) < 3.0][:, 1].min()
    flavum = frame.to_local(mesh(f"ligamentum_flavum_{level}_{side}").points)
    canal = flavum[np.abs(flavum[:, 0]) < 0.5 * geo.upper_vertebra(level).interpedicular_distance]
    assert np.median(canal[:, 1]) < sac_back + 2.0  # in the canal, behind the sac: the canal's back wall
    assert np.all(np.sign(flavum[:, 0]) == (1.0 if side == "right" else -1.0))
    fat = mesh(f"foraminal_fat_{level}_{side}")
    root = level.split("_")[0]
    ganglion = np.array(manifest["root_paths"][f"root_{root}_{side}"]["ganglion"])
    lo, hi = np.array(fat.bounds[::2]), np.array(fat.bounds[1::2])
    assert np.all(ganglion > lo) and np.all(ganglion < hi)  # the fat surrounds the ganglion
    upper, lower = bones_of(level)
    for tissue in (f"ligamentum_flavum_{level}_{side}", f"foraminal_fat_{level}_{side}",
                   f"facet_capsule_{level}_{side}"):
        for bone in (upper, lower):
            assert outside(mesh(tissue).points, mesh(bone)).min() > -0.2, (tissue, bone)


@pytest.mark.parametrize("level", ["L1_L2", "L2_L3", "L3_L4", "L4_L5", "L5_S1"])
def test_every_facet_joint_is_open_where_its_cartilage_lies(mesh, level):
    upper, lower = bones_of(level)
    assert outside(mesh(upper).points, mesh(lower)).min() > 0.2  # the source bones overlapped by up to 3.4 mm
    assert outside(mesh(lower).points, mesh(upper)).min() > 0.2
    for side in ("left", "right"):
        centre = np.asarray(mesh(f"facet_cartilage_{level}_{side}").center)[None, :]
        for bone in (upper, lower):  # the cartilage lies on the joint line, between the two processes
            assert abs(outside(centre, mesh(bone))[0]) < 3.0, (side, bone)


@pytest.mark.parametrize("level", ["L3_L4", "L4_L5", "L5_S1"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_the_flavum_lines_the_canal_and_the_foramen_from_the_front_of_the_bone(geo, mesh, level, side):
    frame = geo.discs[level].frame
    flavum = mesh(f"ligamentum_flavum_{level}_{side}").points
    upper, lower = bones_of(level)
    behind = flavum - 4.5 * frame.axes[1]  # 4.5 mm further back
    in_bone = (outside(behind, mesh(upper)) < 0) | (outside(behind, mesh(lower)) < 0)
    assert in_bone.mean() > 0.9  # on the bone's front (the canal's back wall), not on the laminae's back
    pedicle_x = geo.upper_vertebra(level).pedicle_x
    assert np.abs(frame.to_local(flavum)[:, 0]).max() > pedicle_x  # out to the foramen's posterior wall


def test_vertebra_parts_are_named_and_placed(manifest, geo, mesh):
    assert manifest["parts"]["vertebra"] == list(VERTEBRA_PARTS)
    l5 = mesh("vertebra_L5")
    part = np.asarray(l5.point_data["part"])
    local = geo.vertebrae["L5"].frame.to_local(l5.points)
    named = {name: local[part == k] for k, name in enumerate(VERTEBRA_PARTS)}
    assert all(len(p) for p in named.values())  # every part is found
    assert named["body"][:, 1].mean() > named["pedicle"][:, 1].mean() > named["lamina"][:, 1].mean()
    assert named["spinous_process"][:, 1].mean() < named["lamina"][:, 1].mean()
    assert named["superior_articular_process"][:, 2].mean() > named["inferior_articular_process"][:, 2].mean()
    assert np.abs(named["transverse_process"][:, 0]).mean() > np.abs(named["pedicle"][:, 0]).mean() + 10.0


def test_interactive_detail_fits_the_window_budget(manifest, structures):
    """The window's default scene (the spine's visible structures and the body's skin) within 150k triangles,
    and the body pane's whole-body view (skin, nerve path, the spine's bones and nerves inside) within it too."""
    from l5viz.render.body import SPINE_INSIDE

    body = json.loads((FOLDER / "body_manifest.json").read_text())
    shown = sum(e["lod_triangles"] for e in manifest["structures"] if structures[e["id"]].visible)
    inside = sum(e["lod_triangles"] for e in manifest["structures"] if e["id"] in SPINE_INSIDE)
    skin = body["variants"][body["default"]]["lod_triangles"]
    nerves = sum(e["lod_triangles"] for e in body["variants"][body["default"]]["nerves"].values())
    assert shown + skin <= 150_000
    assert skin + nerves + inside <= 150_000
