"""Write synthetic series as DICOM (pydicom) that a viewer opens in place, and read their geometry back.

DICOM's patient frame is LPS (+X patient's left, +Y posterior, +Z head); the model's is +x right, +y
anterior, +z superior, so X = -x, Y = -y, Z = z. Image Position (Patient) is the centre of the first pixel;
Image Orientation (Patient) the directions of a row (across the columns) and of a column (down the rows).
Every file says it is synthetic: the patient name, the study and series descriptions and the image
comments. (The newer Synthetic Data attribute, 0008,001C, is left out: the validator in Debian's
dicom3tools, 2022, rejects it as unknown.) Files are written to a temporary name and renamed, so none is
ever half-written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, MRImageStorage, PYDICOM_IMPLEMENTATION_UID, generate_uid

from l5viz.imaging.formation import SyntheticImage

TO_LPS = np.array([-1.0, -1.0, 1.0])
CT_OFFSET = 1024  # stored CT values are HU + 1024 (rescale intercept -1024), so air is 0
MR_MAX = 65535


def lps(vector: np.ndarray) -> list[float]:
    return [round(float(v), 6) for v in np.asarray(vector, float) * TO_LPS]


def pixel_to_model(ds: Dataset, row: float, column: float) -> np.ndarray:
    """Where a pixel of a written file lies in the model frame, read from its own geometry attributes."""
    origin = np.array([float(v) for v in ds.ImagePositionPatient])
    orientation = np.array([float(v) for v in ds.ImageOrientationPatient])
    row_spacing, column_spacing = (float(v) for v in ds.PixelSpacing)
    point = origin + column * column_spacing * orientation[:3] + row * row_spacing * orientation[3:]
    return point * TO_LPS


def _uid(*parts: object) -> str:
    return generate_uid(entropy_srcs=["l5viz", *map(str, parts)])


def dataset(image: SyntheticImage, title: str, notice: str, patient_name: str, study_key: str,
            when: dt.datetime) -> Dataset:
    """One slice as a DICOM dataset (MR Image or CT Image Storage)."""
    protocol, plane = image.protocol, image.plane
    ct = protocol.modality == "CT"
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = CTImageStorage if ct else MRImageStorage
    ds.file_meta.MediaStorageSOPInstanceUID = _uid(study_key, image.series_id, image.index)
    ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.ImageType = ["DERIVED", "SECONDARY", "AXIAL" if ct else "OTHER"]
    date, time = when.strftime("%Y%m%d"), when.strftime("%H%M%S")
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = date
    ds.StudyTime = ds.SeriesTime = ds.ContentTime = time
    ds.AccessionNumber = ""
    ds.Modality = protocol.modality
    ds.Manufacturer = "l5viz (synthetic images)"
    ds.ReferringPhysicianName = ""
    ds.StudyDescription = f"SYNTHETIC lumbar spine {'CT' if ct else 'MRI'} (l5viz)"
    ds.SeriesDescription = f"SYNTHETIC {title}"
    ds.ImageComments = notice
    ds.PatientName = patient_name
    ds.PatientID = "L5VIZ-SYNTHETIC"
    ds.PatientBirthDate = ""
    ds.PatientSex = "M"  # the Male Visible Human's spine
    ds.BodyPartExamined = "LSPINE"
    ds.PatientPosition = "HFS"
    ds.StudyInstanceUID = _uid(study_key)
    ds.SeriesInstanceUID = _uid(study_key, image.series_id)
    ds.StudyID = "L5VIZ"
    ds.SeriesNumber = 1
    ds.InstanceNumber = image.index + 1
    ds.FrameOfReferenceUID = _uid("model frame", study_key)
    ds.PositionReferenceIndicator = ""
    ds.PatientOrientation = ""
    ds.ImagePositionPatient = lps(plane.pixel_to_model(0, 0, image.voxel))
    ds.ImageOrientationPatient = lps(plane.across) + lps(plane.down)
    ds.PixelSpacing = [image.voxel, image.voxel]
    ds.SliceThickness = protocol.thickness_mm
    ds.SpacingBetweenSlices = protocol.spacing_mm
    normal = np.cross(np.asarray(lps(plane.across)), np.asarray(lps(plane.down)))
    ds.SliceLocation = round(float(np.asarray(ds.ImagePositionPatient, float) @ normal), 3)
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows, ds.Columns = image.pixels.shape
    ds.BitsAllocated = ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    width, level = image.window
    ds.WindowWidth, ds.WindowCenter = round(float(width), 1), round(float(level), 1)
    if ct:
        stored = np.clip(np.round(image.pixels + CT_OFFSET), 0, 65535)
        ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = -CT_OFFSET, 1, "HU"
        ds.KVP = ""
        ds.AcquisitionNumber = 1
    else:
        stored = np.clip(np.round(image.pixels), 0, MR_MAX)
        ds.ScanningSequence = "SE"
        ds.SequenceVariant = "SK"  # turbo spin echo: segmented k-space
        ds.ScanOptions = ""
        ds.MRAcquisitionType = "2D"
        ds.RepetitionTime, ds.EchoTime = protocol.tr_ms, protocol.te_ms
        ds.EchoTrainLength = protocol.echo_train
        ds.MagneticFieldStrength = protocol.field_t
        ds.ImagedNucleus = "1H"
    ds.PixelData = stored.astype("<u2").tobytes()
    ds.BurnedInAnnotation = "NO"
    return ds


def write_series(images: Sequence[SyntheticImage], folder: Path, title: str, notice: str, patient_name: str,
                 study_key: str) -> list[Path]:
    """One file per slice, IM0001.dcm ..., in `folder` (created); each written whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    when = dt.datetime.now().replace(microsecond=0)
    paths = []
    for image in images:
        path = folder / f"IM{image.index + 1:04d}.dcm"
        temporary = path.with_name(path.name + ".part")
        dataset(image, title, notice, patient_name, study_key, when).save_as(temporary, enforce_file_format=True)
        os.replace(temporary, path)
        paths.append(path)
    return paths
