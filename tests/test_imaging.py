"""Synthetic MRI and CT measured as a radiologist would read them: contrast order, where a lesion shows,
the radiological left and right, and DICOM geometry back in the model's millimetres."""

import os
import shutil
import subprocess

import numpy as np
import pydicom
import pytest
from scipy import ndimage

from l5viz.cli import main
from l5viz.imaging.dicom import pixel_to_model, write_series
from l5viz.imaging.voxels import SlabGrid, inside
from l5viz.pathology.kinds import Overlays
from l5viz.render.loading import imaging_for


@pytest.fixture()
def imaging(scene):
    made, problems = imaging_for(scene)
    assert made is not None, problems
    return made


def evaluate(engine, **texts):
    return engine.evaluate(Overlays.from_texts({kind: [text] for kind, text in texts.items()}))


def mean_inside(image, region: str, erode_px: int = 2) -> float:
    """Mean pixel value well inside a region (eroded, so partial volume at its edge does not count)."""
    mask = ndimage.binary_erosion(image.region_pixels(region), iterations=erode_px)
    assert mask.sum() >= 10, f"{region} barely in {image.series_id} slice {image.index}"
    return float(image.pixels[mask].mean())


def test_a_closed_mesh_fills_exactly_its_inside():
    import pyvista as pv

    sphere = pv.Sphere(radius=10, theta_resolution=60, phi_resolution=60).triangulate()
    grid = SlabGrid(np.zeros(3), np.eye(3), -15, -15, -15, 0.5, 0.5, 0.5, 61, 61, 61)
    mask, window = inside(np.asarray(sphere.points), sphere.faces.reshape(-1, 4)[:, 1:], grid)
    full = np.zeros(grid.shape, bool)
    full[window] = mask
    w, v, u = np.meshgrid(*(np.arange(61) * 0.5 - 15,) * 3, indexing="ij")
    radius = np.sqrt(u ** 2 + v ** 2 + w ** 2)
    away = np.abs(radius - 10) > 0.15  # the polygon lies within 0.015 mm of the sphere
    assert ((radius < 10) == full)[away].all()  # rays through the mesh's own edges (y = 0) included


def test_t2_contrast_order_is_the_radiologists(imaging):
    """Sagittal T2: CSF brightest, fat bright, a healthy nucleus brighter than its annulus, marrow in between,
    muscle dark (the imaging reference's reading table; Pfirrmann 2001)."""
    image = imaging.image("sagittal-t2", 7)  # the midline
    csf = mean_inside(image, "thecal_sac")
    nucleus = mean_inside(image, "nucleus_L4_L5")
    annulus = mean_inside(image, "disc_L4_L5", 1)
    marrow = mean_inside(image, "vertebra_L4", 4)
    fat = mean_inside(image, "body:subcutaneous", 1)
    assert csf > nucleus > annulus
    assert fat > marrow > annulus * 0.5
    assert csf > fat > marrow


def test_t1_contrast_order_is_the_radiologists(imaging):
    """Sagittal T1: fat brightest, marrow brighter than disc, CSF darkest."""
    image = imaging.image("sagittal-t1", 7)
    fat = mean_inside(image, "body:subcutaneous", 1)
    marrow = mean_inside(image, "vertebra_L4", 4)
    disc = mean_inside(image, "nucleus_L4_L5")
    csf = mean_inside(image, "thecal_sac")
    assert fat > marrow > disc > csf


def test_cortex_is_a_dark_line_round_the_marrow(imaging):
    image = imaging.image("sagittal-t1", 7)
    bone = image.region_pixels("vertebra_L4")
    rim = bone & ~ndimage.binary_erosion(bone)
    core = ndimage.binary_erosion(bone, iterations=4)
    assert image.pixels[rim].mean() < 0.8 * image.pixels[core].mean()


def test_axial_images_are_seen_from_the_feet(imaging):
    """Radiological convention: the patient's left root on the viewer's right, the front at the top."""
    assert imaging.geometry("axial-t2-L4-L5").planes[2].edge_letters() == {"left": "R", "right": "L", "top": "A",
                                                                           "bottom": "P"}
    image = imaging.image("axial-t2-L5-S1", 2)  # tilted 31 degrees with the disc: its top leans feetwards
    assert image.plane.edge_letters() == {"left": "R", "right": "L", "top": "AF", "bottom": "PH"}
    columns = {side: np.nonzero(image.region_pixels(f"root_L5_{side}"))[1].mean() for side in ("left", "right")}
    centre = image.pixels.shape[1] / 2
    assert columns["right"] < centre < columns["left"]
    rows_disc = np.nonzero(image.region_pixels("disc_L5_S1"))[0].mean()
    rows_sac = np.nonzero(image.region_pixels("thecal_sac"))[0].mean()
    assert rows_disc < rows_sac  # the disc in front of (above) the sac


def test_sagittal_images_have_the_front_on_the_left(imaging):
    image = imaging.image("sagittal-t2", 7)
    assert image.plane.edge_letters() == {"left": "A", "right": "P", "top": "H", "bottom": "F"}
    body = np.nonzero(image.region_pixels("vertebra_L4"))
    sac = np.nonzero(image.region_pixels("thecal_sac"))
    assert np.median(body[1][body[0] < sac[0].max()]) < sac[1].mean()


def test_a_subarticular_extrusion_shows_where_the_geometry_puts_it(engine, imaging):
    """A right L4-L5 subarticular extrusion: disc material in the slices its ellipsoid crosses, on the image's
    left (the patient's right), a visible defect in the brighter CSF it indents yet bright as nucleus (brighter
    than the annulus it left); none in slices it does not reach."""
    result = evaluate(engine, herniation="L4-L5:subarticular:right:extrusion:0.8")
    imaging.show(result)
    geometry = imaging.geometry("axial-t2-L4-L5")
    lesions = [lesion for lesion in result.drawn_lesions if lesion.kind == "disc"]
    assert lesions
    reached = set()
    for k, plane in enumerate(geometry.planes):
        image = imaging.image("axial-t2-L4-L5", k)
        shown = np.zeros(image.pixels.shape, bool)
        for lesion in lesions:
            shown |= image.region_pixels(f"lesion:{lesion.lesion_id}")
        # Does any lesion reach this slice's middle layer? (its extent along the normal)
        crossing = any(abs(float((lesion.centre - plane.centre) @ plane.normal))
                       < float(np.abs(lesion.axes @ plane.normal) @ lesion.radii) - 0.5 for lesion in lesions)
        far = all(abs(float((lesion.centre - plane.centre) @ plane.normal))
                  > float(np.abs(lesion.axes @ plane.normal) @ lesion.radii) + 0.5 for lesion in lesions)
        if crossing:
            reached.add(k)
            assert shown.sum() > 20, f"slice {k} crosses the extrusion but shows none of it"
            assert np.nonzero(shown)[1].mean() < image.pixels.shape[1] / 2  # patient's right: viewer's left
            assert image.pixels[shown].mean() < 0.85 * mean_inside(image, "thecal_sac", 1)
            annulus = image.region_pixels("disc_L4_L5")
            if annulus.sum() > 50:
                assert image.pixels[shown].mean() > image.pixels[annulus].mean()
        if far:
            assert shown.sum() == 0
    assert reached


def test_foraminal_fat_round_the_root_shrinks_from_lee_0_to_3(engine, imaging):
    """Parasagittal T1 through the left L5-S1 foramen: bright fat round the dark root at Lee grade 0, much
    less of it at grade 3 (Lee 2010 grades the obliteration of this fat)."""
    def fat_round_root(result):
        imaging.show(result)
        landmark = imaging.landmarks["foramen_L5_S1_left"]
        k = imaging.geometry("foramen-t1-left").nearest_slice(landmark)
        image = imaging.image("foramen-t1-left", k)
        row, column, _ = image.plane.model_to_pixel(landmark, image.voxel)
        near = np.zeros(image.pixels.shape, bool)
        r, c = int(round(row)), int(round(column))
        near[r - 24:r + 25, c - 24:c + 25] = True  # 12 mm round the foramen's centre
        return (image.region_pixels("foraminal_fat_L5_S1_left") & near).sum()

    healthy = fat_round_root(None)
    severe = fat_round_root(evaluate(engine, stenosis="L5-S1:foraminal:left:3"))
    assert healthy > 100
    assert severe < 0.6 * healthy


def test_dicom_geometry_round_trips_to_the_model_frame(imaging, tmp_path):
    """Every written slice's position, orientation and spacing put a pixel back where the model sampled it,
    and the L4-L5 disc's centre lands on the nucleus."""
    imaging.show(None)
    images = [imaging.image("axial-t2-L4-L5", k) for k in range(5)]
    paths = write_series(images, tmp_path / "ax", "Axial T2 at L4-L5", "SYNTHETIC", "SYNTHETIC^L5VIZ", "test")
    assert [p.name for p in paths] == [f"IM000{k}.dcm" for k in range(1, 6)]
    centre = imaging.landmarks["disc_L4_L5_centre"]
    for image, path in zip(images, paths):
        ds = pydicom.dcmread(path)
        assert ds.Modality == "MR" and "SYNTHETIC" in ds.SeriesDescription and "SYNTHETIC" in str(ds.PatientName)
        assert float(ds.SliceThickness) == 4.0 and [float(v) for v in ds.PixelSpacing] == [0.5, 0.5]
        for row, column in ((0, 0), (100, 300), (ds.Rows - 1, ds.Columns - 1)):
            assert np.allclose(pixel_to_model(ds, row, column),
                               image.plane.pixel_to_model(row, column, image.voxel), atol=1e-3)
        assert np.array_equal(ds.pixel_array, np.clip(np.round(image.pixels), 0, 65535).astype(np.uint16))
    middle = pydicom.dcmread(paths[2])
    orientation = np.array([float(v) for v in middle.ImageOrientationPatient])
    origin = np.array([float(v) for v in middle.ImagePositionPatient])
    offset = centre * np.array([-1, -1, 1]) - origin
    row, column = offset @ orientation[3:] / 0.5, offset @ orientation[:3] / 0.5
    assert images[2].region_at(int(round(row)), int(round(column))) == "nucleus_L4_L5"


def test_ct_is_stored_in_hounsfield_units(imaging, tmp_path):
    imaging.show(None)
    image = imaging.image("ct-axial-L4-L5", 5)
    ds = pydicom.dcmread(write_series([image], tmp_path, "Axial CT", "SYNTHETIC", "SYNTHETIC^L5VIZ", "t")[0])
    hu = ds.pixel_array * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    assert ds.Modality == "CT"
    assert abs(hu[image.region_pixels("thecal_sac")].mean() - 5) < 15  # CSF about 0-15 HU
    fat = ndimage.binary_erosion(image.region_pixels("body:subcutaneous"), iterations=2)
    assert -130 < hu[fat].mean() < -70


@pytest.mark.skipif(shutil.which("dciodvfy") is None and not os.environ.get("L5VIZ_REQUIRE_DCIODVFY"),
                    reason="dicom3tools' dciodvfy is not installed (CI installs it and sets L5VIZ_REQUIRE_DCIODVFY)")
def test_a_standard_validator_accepts_the_files(imaging, tmp_path):
    imaging.show(None)
    written = []
    for series in ("sagittal-t2", "ct-axial-L5-S1"):
        written += write_series([imaging.image(series, 0)], tmp_path / series, series, "SYNTHETIC",
                                "SYNTHETIC^L5VIZ", "v")
    for path in written:
        run = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True)
        report = run.stdout + run.stderr
        assert "Error" not in report and "Warning" not in report, report


def test_images_are_the_same_for_the_same_seed(imaging):
    first = imaging.image("sagittal-t1", 3).pixels.copy()
    imaging.show(object())  # another scene clears the cache
    imaging.show(None)
    assert np.array_equal(first, imaging.image("sagittal-t1", 3).pixels)


def test_the_cli_writes_a_series_and_names_the_valid_ones(tmp_path, capsys):
    assert main(["imaging", "--series", "axial-t2-L9-L10", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "sagittal-t2" in err and "ct-axial-L5-S1" in err
    (tmp_path / "file").write_text("keep me")
    assert main(["imaging", "--series", "sagittal-t2", "--out", str(tmp_path / "file")]) == 2
    assert (tmp_path / "file").read_text() == "keep me"
    assert main(["imaging", "--series", "foramen-t1-left", "--format", "png", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in (tmp_path / "foramen-t1-left").iterdir()) == [f"slice_0{k}.png" for k in range(1, 6)]


def test_each_lesson_image_shows_the_lesion_its_caption_names(engine, imaging):
    """A lesson step's synthetic slice cuts its herniation (disc material in the image), and its Lee 3 foramen
    has lost most of the fat ring a healthy one shows on the same slice."""
    from l5viz.teaching.lessons import load_lessons

    lessons, problems = load_lessons()
    assert problems == []
    steps = [step for lesson in lessons for step in lesson.steps if step.imaging]
    assert len(steps) >= 8
    for step in steps:
        series, index = step.imaging["series"], step.imaging["slice"]
        result = engine.evaluate(step.overlays) if step.overlays else None
        imaging.show(result)
        image = imaging.image(series, index)
        herniated = [lesion for lesion in (result.drawn_lesions if result else ()) if lesion.kind == "disc"]
        if herniated:
            shown = sum(image.region_pixels(f"lesion:{lesion.lesion_id}").sum() for lesion in herniated)
            assert shown > 50, f"{step.title}: {series} slice {index} misses the herniation"
        if "Lee grade 3" in step.caption:
            fat = image.region_pixels("foraminal_fat_L5_S1_left").sum()
            imaging.show(None)
            assert fat < 0.5 * imaging.image(series, index).region_pixels("foraminal_fat_L5_S1_left").sum()


def test_the_labelled_volume_over_l3_s1_holds_every_tissue_at_its_true_size(scene, imaging):
    """The whole scene as one label volume (1 mm): the L4 body and the L4-5 nucleus take the volume their
    closed surfaces enclose, and every tissue the images need is in it."""
    imaging.show(None)
    volume = imaging.volume()
    for sid in ("vertebra_L4", "nucleus_L4_L5", "disc_L4_L5"):
        voxels = int((volume.regions == volume.region_ids.index(sid)).sum())  # 1 mm^3 each
        assert abs(voxels - scene.meshes[sid].volume) < 0.02 * scene.meshes[sid].volume, sid
    present = {imaging.model.tissue_ids[i] for i in np.unique(volume.tissues)}
    assert {"csf", "fat", "muscle", "nucleus", "annulus", "cortex", "marrow", "nerve", "ligament", "skin",
            "soft_tissue", "air"} <= present
