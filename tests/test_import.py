"""The Visible Human importer's parts that need no source files: reading the FE formats, the frame change,
the measured-geometry record, and routing a root through bone by clearance."""

from __future__ import annotations

import numpy as np
import pytest

from l5viz.anatomy import source
from l5viz.anatomy.geometry import DiscGeometry, SpineGeometry, VertebraGeometry
from l5viz.anatomy.neural import Clearance, smooth_route
from l5viz.anatomy.sdf import Frame


def test_source_axes_become_project_axes():
    """Source +x anterior, +y left, +z up (metres) -> project +x right, +y anterior, +z up (mm)."""
    anterior_left_up = np.array([[0.01, 0.0, 0.0], [0.0, 0.01, 0.0], [0.0, 0.0, 0.01]])
    np.testing.assert_allclose(source.to_project(anterior_left_up),
                               [[0.0, 10.0, 0.0], [-10.0, 0.0, 0.0], [0.0, 0.0, 10.0]], atol=1e-12)
    assert np.isclose(np.linalg.det(source.SOURCE_TO_PROJECT / 1000.0), 1.0)  # a rotation: no mirror


def write_block(folder, name, nodes, rows):
    (folder / f"{name}.node").write_text("".join(f"{i} \t {x} \t {y} \t {z}\n" for i, (x, y, z) in nodes.items()))
    (folder / f"{name}.elem").write_text("".join(" ".join(map(str, r)) + "\n" for r in rows))


def test_hexahedra_and_wedges_are_read_with_shared_nodes(tmp_path):
    cube = {i + 1: ((i >> 0) & 1, (i >> 1) & 1, (i >> 2) & 1) for i in range(8)}
    cube = {k: tuple(0.001 * np.array(v)) for k, v in cube.items()}
    write_block(tmp_path, "L45_AN_R1", cube, [[1, 2, 4, 3, 5, 6, 8, 7, 1, 1, 1, 1]])
    write_block(tmp_path, "L45_NP", {}, [[1, 2, 4, 3, 5, 6, 8, 7, 1, 1, 1, 1]])  # names nodes of the ring file
    grid = source.volume_grid(sorted(tmp_path.glob("*.node")), [tmp_path / "L45_NP.elem"])
    assert grid.n_cells == 1 and grid.n_points == 8
    assert np.isclose(grid.volume, 1.0)  # a 1 mm cube after the metre -> mm change
    write_block(tmp_path, "W", {1: (0, 0, 0), 2: (0.001, 0, 0), 3: (0, 0.001, 0), 4: (0, 0, 0.001),
                                5: (0.001, 0, 0.001), 6: (0, 0.001, 0.001)}, [[1, 2, 3, 4, 5, 6, 0, 0, 1, 1, 1, 1]])
    wedge = source.volume_grid([tmp_path / "W.node"], [tmp_path / "W.elem"])
    assert wedge.n_points == 6 and np.isclose(abs(wedge.volume), 0.5)


def test_missing_nodes_are_named(tmp_path):
    write_block(tmp_path, "X", {1: (0, 0, 0)}, [[1, 2, 4, 3, 5, 6, 8, 7, 1, 1, 1, 1]])
    with pytest.raises(source.SourceError, match="7 nodes"):
        source.volume_grid([tmp_path / "X.node"], [tmp_path / "X.elem"])


def test_geometry_record_round_trips():
    frame = Frame(np.array([0.0, 1.0, 2.0]), np.eye(3))
    geo = SpineGeometry({"L5": VertebraGeometry("L5", frame, -15.0, 16.0, 18.0, 2.5, 14.0, 15.0, 26.0, 33.0, 27.0,
                                                 50.0, 36.0)},
                        {"L5_S1": DiscGeometry("L5_S1", frame, 12.0, 9.0, 55.0, 32.0, -16.0)}, frame)
    back = SpineGeometry.from_dict(geo.to_dict())
    assert back.vertebrae["L5"].pedicle_bottom == pytest.approx(2.5 - 7.0)
    assert back.discs["L5_S1"].mean_height == pytest.approx(10.5)
    np.testing.assert_allclose(back.s1_endplate.origin, frame.origin)


def wall_with_hole() -> Clearance:
    """A 4 mm thick wall across a 60 mm box at z = 0, with a 12 mm square hole off-centre at x = 15."""
    step = 1.0
    axis = np.arange(-30.0, 30.5, step)
    x, y, z = np.meshgrid(axis, axis, axis, indexing="ij")
    wall = (np.abs(z) <= 2.0) & ~((np.abs(x - 15.0) < 6.0) & (np.abs(y) < 6.0))
    return Clearance(wall, np.array([-30.0, -30.0, -30.0]), step)


def test_a_root_is_routed_through_the_opening_and_kept_off_bone():
    clearance = wall_with_hole()
    line = smooth_route([np.array([-10.0, 0.0, 20.0]), np.array([-10.0, 0.0, -20.0])], clearance, radius=2.0)
    crossing = line[np.argmin(np.abs(line[:, 2]))]
    assert abs(crossing[0] - 15.0) < 3.0 and abs(crossing[1]) < 3.0  # through the hole, not the wall
    assert clearance(line).min() >= 2.0  # the root's surface never enters bone


def test_a_route_with_no_way_round_bone_is_refused():
    step = 1.0
    axis = np.arange(-30.0, 30.5, step)
    _, _, z = np.meshgrid(axis, axis, axis, indexing="ij")
    sealed = Clearance(np.abs(z) <= 2.0, np.array([-30.0, -30.0, -30.0]), step)
    with pytest.raises(RuntimeError, match="no way round bone"):
        sealed.route(np.array([0.0, 0.0, 20.0]), np.array([0.0, 0.0, -20.0]), radius=2.0)
