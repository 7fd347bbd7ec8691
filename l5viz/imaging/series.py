"""Where each series' slices lie in the model: planes placed on the measured landmarks, oriented as a
scanner's images are displayed.

Display convention (radiological): an axial image is seen from the feet, so the patient's right is on the
viewer's left and the front at the top; a sagittal image has the front on the viewer's left and the head at
the top. Each image is given by the direction of its columns (`across`: left to right on screen) and rows
(`down`: top to bottom), both in the model frame (+x patient's right, +y anterior, +z superior), so the
letters at its edges and its DICOM orientation follow from the same two vectors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from l5viz.anatomy.ids import LEVELS
from l5viz.imaging.config import ImagingConfig, SeriesSpec
from l5viz.imaging.voxels import SlabGrid

# Patient directions in the model frame and the letter each is shown by at an image's edge (DICOM's LPS
# letters: L left, P posterior, H head; R, A and F their opposites).
PATIENT_LETTERS = ((np.array([-1.0, 0.0, 0.0]), "L"), (np.array([1.0, 0.0, 0.0]), "R"),
                   (np.array([0.0, -1.0, 0.0]), "P"), (np.array([0.0, 1.0, 0.0]), "A"),
                   (np.array([0.0, 0.0, 1.0]), "H"), (np.array([0.0, 0.0, -1.0]), "F"))
# A second letter is added where a direction leans this far towards another axis (an oblique plane).
OBLIQUE_COSINE = 0.25


def letters(direction: np.ndarray) -> str:
    """The patient direction(s) an image direction points to: 'A', or 'AH' for one tilted headwards."""
    scored = sorted(((float(direction @ axis), letter) for axis, letter in PATIENT_LETTERS), reverse=True)
    return scored[0][1] + (scored[1][1] if scored[1][0] >= OBLIQUE_COSINE else "")


@dataclass(frozen=True)
class SlicePlane:
    """One slice: `centre` (model mm) is the middle of the image and of the slab; `across`/`down` the unit
    directions of the columns and rows; `normal` the direction in which the series' slices advance."""

    centre: np.ndarray
    across: np.ndarray
    down: np.ndarray
    normal: np.ndarray
    fov_mm: tuple[float, float]  # (across, down)
    thickness_mm: float

    def grid(self, voxel: float, pad_mm: float = 0.0) -> SlabGrid:
        """The model samples of this slice: voxel-spaced pixel centres, and layers through the thickness
        (plus `pad_mm` either side, for filters that need the tissue just outside the slab)."""
        nu, nv = (int(round(f / voxel)) for f in self.fov_mm)
        layers = max(1, int(round(self.thickness_mm / voxel)))
        pad = int(round(pad_mm / voxel))
        return SlabGrid(self.centre, np.array([self.across, self.down, self.normal]),
                        -0.5 * (nu - 1) * voxel, -0.5 * (nv - 1) * voxel, -0.5 * (layers - 1 + 2 * pad) * voxel,
                        voxel, voxel, voxel, nu, nv, layers + 2 * pad)

    def pixel_to_model(self, row: float, column: float, voxel: float) -> np.ndarray:
        nu, nv = (int(round(f / voxel)) for f in self.fov_mm)
        return (self.centre + (column - 0.5 * (nu - 1)) * voxel * self.across
                + (row - 0.5 * (nv - 1)) * voxel * self.down)

    def model_to_pixel(self, point: np.ndarray, voxel: float) -> tuple[float, float, float]:
        """(row, column, distance from the slice's mid-plane along the normal) of a model point."""
        nu, nv = (int(round(f / voxel)) for f in self.fov_mm)
        offset = np.asarray(point, float) - self.centre
        return (float(offset @ self.down) / voxel + 0.5 * (nv - 1),
                float(offset @ self.across) / voxel + 0.5 * (nu - 1), float(offset @ self.normal))

    def corners(self) -> np.ndarray:
        """The image's four corners in the model frame (top left, top right, bottom right, bottom left)."""
        a, d = 0.5 * self.fov_mm[0] * self.across, 0.5 * self.fov_mm[1] * self.down
        return np.array([self.centre - a - d, self.centre + a - d, self.centre + a + d, self.centre - a + d])

    def edge_letters(self) -> dict[str, str]:
        return {"left": letters(-self.across), "right": letters(self.across),
                "top": letters(-self.down), "bottom": letters(self.down)}


@dataclass(frozen=True)
class SeriesGeometry:
    spec: SeriesSpec
    planes: tuple[SlicePlane, ...]

    def nearest_slice(self, point: np.ndarray) -> int:
        """The slice whose slab is nearest a model point (a click in 3D moves the series there)."""
        middle = self.planes[len(self.planes) // 2]
        along = float((np.asarray(point, float) - middle.centre) @ middle.normal)
        index = len(self.planes) // 2 + int(round(along / self.spec.protocol.spacing_mm))
        return int(np.clip(index, 0, len(self.planes) - 1))


def _stack(spec: SeriesSpec, centre, across, down, normal) -> SeriesGeometry:
    n, spacing = spec.slices, spec.protocol.spacing_mm
    planes = tuple(SlicePlane(np.asarray(centre, float) + (k - 0.5 * (n - 1)) * spacing * normal, across, down,
                              normal, spec.fov_mm, spec.protocol.thickness_mm) for k in range(n))
    return SeriesGeometry(spec, planes)


def series_geometry(spec: SeriesSpec, landmarks: dict, config: ImagingConfig) -> SeriesGeometry:
    """Place a series on the landmarks: sagittal stacks over the midline or one side's foramina (slices
    advancing to the patient's left), axial stacks on a disc's mid-plane and parallel to it (advancing
    feetwards), each centred so that the back's skin is in the field of view."""
    centres = config.rules["fov_centre_mm"]
    if spec.protocol.plane == "sagittal":
        centre = np.array(centres["sagittal"], float)
        if spec.centre == "foramina":
            centre[0] = np.mean([landmarks[f"foramen_{lv}_{spec.side}"][0] for lv in LEVELS])
        return _stack(spec, centre, np.array([0.0, -1.0, 0.0]), np.array([0.0, 0.0, -1.0]),
                      np.array([-1.0, 0.0, 0.0]))
    up = np.asarray(landmarks[f"disc_{spec.level}_normal"], float)
    up /= np.linalg.norm(up)
    left = np.array([-1.0, 0.0, 0.0])
    across = left - (left @ up) * up  # the patient's left, in the disc's plane
    across /= np.linalg.norm(across)
    down = np.cross(up, across)  # posterior, in the disc's plane
    centre = np.asarray(landmarks[f"disc_{spec.level}_centre"], float) + centres["disc_posterior_shift"] * down
    return _stack(spec, centre, across, down, -up)
