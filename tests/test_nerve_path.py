"""The L5 path from the foramen to the foot (meshes/*_nerve_*.vtp, each body variant's "nerves" in
body_manifest.json): continuous from the root, out of bone, inside that body's skin, through its stations."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import pyvista as pv

from l5viz.anatomy import nerve_path
from l5viz.anatomy.ids import PATH_NERVE_NAMES

FOLDER = Path(__file__).resolve().parents[1] / "meshes"
BODY = json.loads((FOLDER / "body_manifest.json").read_text())
SPINE = json.loads((FOLDER / "manifest.json").read_text())
SIDES = ("left", "right")
VARIANTS = tuple(BODY["variants"])


@pytest.fixture(scope="module", params=VARIANTS)
def variant(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def nerves(variant) -> dict:
    return BODY["variants"][variant]["nerves"]


@pytest.fixture(scope="module")
def line(nerves):
    return lambda sid: np.array(nerves[sid]["centreline"])


def outside(points, mesh) -> np.ndarray:
    surface = mesh.compute_normals(auto_orient_normals=True, split_vertices=False, cell_normals=False)
    return np.asarray(pv.PolyData(np.asarray(points, float)).compute_implicit_distance(surface)["implicit_distance"])


@pytest.fixture(scope="module")
def skin(variant):
    return pv.read(FOLDER / BODY["variants"][variant]["file"])


def test_every_nerve_of_the_path_is_there_on_both_sides_and_closed(nerves):
    assert set(nerves) == {f"{n}_{s}" for n in PATH_NERVE_NAMES for s in SIDES}
    for sid, record in nerves.items():
        for key in ("file", "lod_file"):
            mesh = pv.read(FOLDER / record[key])
            assert mesh.n_open_edges == 0 and mesh.is_manifold and mesh.volume > 0, (sid, key)


@pytest.mark.parametrize("side", SIDES)
def test_the_path_is_continuous_from_the_roots(side, nerves, line):
    roots = {r: np.array(SPINE["root_paths"][f"root_{r}_{side}"]["points"][-1]) for r in ("L4", "L5")}
    trunk = nerves[f"lumbosacral_trunk_{side}"]
    assert np.linalg.norm(line(f"lumbosacral_trunk_{side}")[0] - roots["L5"]) < 0.5  # the L5 ventral ramus goes on
    assert np.linalg.norm(np.array(trunk["l4_branch"])[0] - roots["L4"]) < 0.5  # and the L4 branch joins it
    assert np.linalg.norm(line(f"lumbosacral_trunk_{side}") - np.array(trunk["l4_branch"])[-1], axis=1).min() < 0.5
    for name, parent in nerve_path.PARENT.items():
        assert np.linalg.norm(line(f"{name}_{side}")[0] - line(f"{parent}_{side}")[-1]) < 0.5, name
        assert nerves[f"{name}_{side}"]["parent"] == f"{parent}_{side}"


@pytest.mark.parametrize("side", SIDES)
def test_no_nerve_enters_bone_and_every_one_stays_under_the_skin(side, skin, nerves, line):
    bones = [pv.read(FOLDER / f) for f in ("sacrum.vtp", "hip_bone_left.vtp", "hip_bone_right.vtp", "vertebra_L5.vtp")]
    for name in PATH_NERVE_NAMES:
        sid = f"{name}_{side}"
        mesh = pv.read(FOLDER / nerves[sid]["file"])
        for bone in bones:
            assert outside(mesh.points, bone).min() > 0.0, (sid, bone)
        assert outside(line(sid), skin).max() < -1.0, sid  # the centreline at least 1 mm inside the skin


@pytest.mark.parametrize("side", SIDES)
def test_the_sciatic_nerve_leaves_through_the_greater_sciatic_foramen_behind_the_acetabulum(side, line):
    sciatic = line(f"sciatic_nerve_{side}")
    acetabulum = np.array(BODY["acetabula"][side])
    sacrum = pv.read(FOLDER / "sacrum.vtp")
    assert sciatic[0, 1] > -10.0  # it starts in the pelvis, in front of the sacroiliac joint
    level = np.abs(sciatic[:, 2] - acetabulum[2]) < 15.0
    assert sciatic[level, 1].min() < acetabulum[1] - 30.0  # behind the acetabulum at its level
    hip = pv.read(FOLDER / f"hip_bone_{side}.vtp")
    between = outside(sciatic, hip) < 8.0  # close to the hip bone on its way out: the notch, the ischium
    assert between.sum() > 5
    assert outside(sciatic, sacrum).min() > 0.0


@pytest.mark.parametrize("side", SIDES)
def test_the_sciatic_nerve_divides_above_the_knee_at_its_sourced_height_and_depth(side, skin, line):
    division = line(f"sciatic_nerve_{side}")[-1]
    tibial, common = line(f"tibial_nerve_{side}"), line(f"common_fibular_nerve_{side}")
    assert np.allclose(tibial[0], division, atol=0.5) and np.allclose(common[0], division, atol=0.5)
    depth = -outside(division[None], skin)[0]
    assert abs(depth - nerve_path.DIVISION_DEPTH) < 4.0  # measured along the back, the skin's nearest point is close
    knee_z = division[2] - nerve_path.DIVISION_ABOVE_CREASE
    assert tibial[-1, 2] < knee_z - 300.0  # the tibial nerve goes on down to the ankle
    lateral = 1.0 if side == "right" else -1.0
    assert (common[-1, 0] - division[0]) * lateral > 15.0  # the common fibular nerve heads laterally


@pytest.mark.parametrize("side", SIDES)
def test_the_common_fibular_nerve_rounds_the_fibular_neck_just_under_the_skin(side, skin, line):
    common = line(f"common_fibular_nerve_{side}")
    depth = -outside(common, skin)
    assert depth.min() < nerve_path.FIBULAR_NECK_DEPTH + 2.0  # palpable there


@pytest.mark.parametrize("side", SIDES)
def test_the_deep_fibular_nerve_ends_in_the_first_web_space_and_the_superficial_on_the_dorsum(side, skin, line):
    deep, superficial = line(f"deep_fibular_nerve_{side}"), line(f"superficial_fibular_nerve_{side}")
    tibial = line(f"tibial_nerve_{side}")
    for end in (deep[-1], superficial[-1]):
        assert end[2] < tibial[-1, 2]  # on the foot, below the ankle
        assert -outside(end[None], skin)[0] < 6.0  # just under the dorsal skin
        assert end[1] > tibial[-1, 1] + 40.0  # in front of the ankle
    lateral = 1.0 if side == "right" else -1.0
    assert (superficial[len(superficial) // 2, 0] - deep[len(deep) // 2, 0]) * lateral > 0.0  # lateral of the deep
