"""The imaging panel in the window: the slice follows the overlays, a click on the image selects what it hit, a
click in 3D moves the slices there, the slice's plane is drawn in the 3D, every series is computed in the
background, and the images are written out as PNG and DICOM."""

from __future__ import annotations

import numpy as np
import pydicom

from l5viz.pathology.kinds import Overlays


def open_imaging(window, qtbot, series="sagittal-t2", index=7):
    window.imaging_dock.show()
    qtbot.waitUntil(lambda: window.imaging.image is not None, timeout=20000)
    window.state.set_imaging(series, index)
    return window.imaging


def test_showing_the_panel_draws_its_slice_plane_in_3d(window, qtbot):
    plane, edge = window.renderer.image_plane_actors
    assert not plane.GetVisibility()
    panel = open_imaging(window, qtbot, "axial-t2-L4-L5", 2)
    assert plane.GetVisibility() and edge.GetVisibility()
    centre = window.renderer.image_plane[0].points.mean(axis=0)
    assert np.allclose(centre, panel.imaging.geometry("axial-t2-L4-L5").planes[2].centre)
    assert panel.canvas.letters == {"left": "R", "right": "L", "top": "A", "bottom": "P"}
    window.imaging_dock.hide()
    qtbot.waitUntil(lambda: window.state.imaging is None)
    assert not plane.GetVisibility()


def test_the_image_follows_the_overlays(window, qtbot):
    panel = open_imaging(window, qtbot, "axial-t2-L4-L5", 2)
    before = panel.image.pixels.copy()
    extrusion = Overlays.from_texts({"herniation": ["L4-L5:subarticular:right:extrusion:0.8"]})
    window.state.set_overlays(extrusion.to_state())
    assert any(region.startswith("lesion:") for region in panel.image.region_ids)
    assert np.abs(panel.image.pixels - before).max() > 100


def test_a_click_on_the_image_selects_the_structure_under_it(window, qtbot):
    panel = open_imaging(window, qtbot, "sagittal-t2", 7)
    rows, columns = np.nonzero(panel.image.region_pixels("vertebra_L4"))
    row, column = int(np.median(rows)), int(np.median(columns))
    panel.canvas.clicked.emit(row, column)
    assert window.state.selected == "vertebra_L4"
    assert "L4 vertebra" in window.statusBar().currentMessage()
    assert panel.canvas.highlight is not None  # the selection is outlined on the image


def test_a_click_in_3d_moves_the_slices_there(window, qtbot):
    panel = open_imaging(window, qtbot, "sagittal-t2", 7)
    window.state.set_view("anterior")
    target = np.array(window.renderer.scene.landmarks["vertebra_L5_centre"]) + [-16.0, 14.0, 0.0]
    x, y = window.renderer.display_position(target)
    assert window.pick_at(x, y) == "vertebra_L5"
    point = window.renderer.picked_point(x, y)
    geometry = panel.imaging.geometry("sagittal-t2")
    assert window.state.imaging["series"] == "sagittal-t2"
    assert window.state.imaging["slice"] == geometry.nearest_slice(point) != 7  # left of the midline
    assert panel._reference["disc"] == "axial-t2-L5-S1" or panel._reference["disc"] == "axial-t2-L4-L5"


def test_every_series_is_computed_in_the_background_with_progress(window, qtbot):
    panel = open_imaging(window, qtbot)
    qtbot.waitUntil(lambda: panel._worker is not None, timeout=5000)
    panel.wait_for_background()
    done, total = panel.imaging.progress
    assert done == total == sum(len(panel.imaging.geometry(s).planes) for s in panel.imaging.series)
    assert not panel.progress.isVisible()


def test_the_window_changes_with_a_right_drag_and_presets(window, qtbot):
    panel = open_imaging(window, qtbot, "ct-axial-L5-S1", 5)
    panel.window_box.setCurrentIndex(panel.window_box.findData("bone"))
    assert panel.canvas.window_text == "W 2000  L 500"
    panel.canvas.dragged.emit(0.25, 0.0)
    assert panel.canvas.window_text == "W 3000  L 500"
    window.state.set_imaging("sagittal-t2", 7)  # an MR series: the CT's dragged window does not follow it
    width, level = panel.image.window
    assert panel.canvas.window_text == f"W {width:.0f}  L {level:.0f}"


def test_the_panel_writes_png_and_dicom(window, qtbot, tmp_path):
    panel = open_imaging(window, qtbot, "foramen-t1-left", 2)
    png = panel.save_png(tmp_path / "foramen.png")
    assert png.stat().st_size > 10000
    written = panel.export_dicom(tmp_path)
    slices = len(panel.imaging.geometry("foramen-t1-left").planes)  # the whole series, each slice once, in order
    assert slices > 2 and [pydicom.dcmread(path).InstanceNumber for path in written] == list(range(1, slices + 1))
    ds = pydicom.dcmread(written[2])
    assert "SYNTHETIC" in ds.SeriesDescription and ds.Rows == panel.image.pixels.shape[0]


def test_a_session_reopens_the_image_it_saved(window, qtbot, tmp_path):
    open_imaging(window, qtbot, "axial-t2-L5-S1", 1)
    window.save_session_to(tmp_path / "s.l5viz.json")
    window.imaging_dock.hide()
    qtbot.waitUntil(lambda: window.state.imaging is None)
    assert window.open_session_from(tmp_path / "s.l5viz.json")
    assert window.state.imaging == {"series": "axial-t2-L5-S1", "slice": 1}
    qtbot.waitUntil(lambda: window.imaging_dock.isVisible())
