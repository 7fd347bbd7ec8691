"""What the pathology engine, the soft-tissue builder and the camera need to know about the real bone.

Frames and key dimensions of each vertebra and disc, measured once from the imported Visible Human
meshes by `l5viz.anatomy.fit` and stored in meshes/manifest.json ("geometry"), so the app reads them
back without VTK. Every vertebra frame sits at the centre of its body: local x = patient's right,
local y = anterior, local z = along the body's axis (the mean of its two endplate normals).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from l5viz.anatomy.sdf import Frame

SIDES = {"left": -1.0, "right": 1.0}  # sign of x on each side


def bones_of(level: str) -> tuple[str, str]:
    """Structure ids of the bone above and the bone below a disc level ("L5_S1" -> vertebra_L5, sacrum)."""
    upper, lower = level.split("_")
    return f"vertebra_{upper}", "sacrum" if lower == "S1" else f"vertebra_{lower}"


def foramen_wall_ids(level: str, side: str) -> tuple[str, ...]:
    """The structures that bound a foramen in its section: the vertebra above, the vertebra or sacrum below,
    the disc, and the facet joint's cartilage, which bridges the joint line between the superior articular
    process and the pars above (as a foramen is traced on CT, across the joint, not into it)."""
    return (*bones_of(level), f"disc_{level}", f"facet_cartilage_{level}_{side}")


def frame_to_dict(frame: Frame) -> dict:
    return {"origin": np.round(frame.origin, 4).tolist(), "axes": np.round(frame.axes, 6).tolist()}


def frame_from_dict(d: dict) -> Frame:
    return Frame(np.array(d["origin"], float), np.array(d["axes"], float))


@dataclass(frozen=True)
class DiscGeometry:
    """A disc's mid-plane frame (origin at the centre of its volume, z its normal), its heights in mm, and
    `posterior_y`: where its back lies in the midline at mid-height (local y)."""

    name: str
    frame: Frame
    height_anterior: float
    height_posterior: float
    width: float
    depth: float
    posterior_y: float

    @property
    def mean_height(self) -> float:
        return 0.5 * (self.height_anterior + self.height_posterior)


@dataclass(frozen=True)
class VertebraGeometry:
    """A vertebra's body frame and the dimensions the soft tissue and the lesions are placed by (local mm).

    `posterior_wall_y`: the back of the body at mid-height in the midline; `pedicle_x`, `pedicle_z`: the
    centre of the right pedicle at its isthmus (the left one is the mirror, measured within a millimetre);
    `canal_depth`: posterior wall to the lamina in the midline.
    """

    name: str
    frame: Frame
    posterior_wall_y: float
    canal_depth: float
    pedicle_x: float
    pedicle_z: float
    pedicle_height: float
    pedicle_width: float
    interpedicular_distance: float
    height_anterior: float
    height_posterior: float
    endplate_width: float
    endplate_depth: float

    def pedicle_centre_x(self) -> float:
        return self.pedicle_x

    @property
    def pedicle_bottom(self) -> float:
        return self.pedicle_z - 0.5 * self.pedicle_height

    @property
    def pedicle_top(self) -> float:
        return self.pedicle_z + 0.5 * self.pedicle_height


@dataclass(frozen=True)
class SpineGeometry:
    vertebrae: dict[str, VertebraGeometry]  # "L1" ... "L5"
    discs: dict[str, DiscGeometry]  # "L1_L2" ... "L5_S1"
    s1_endplate: Frame  # origin at the centre of the S1 upper endplate, z its normal

    def upper_vertebra(self, level_id: str) -> VertebraGeometry:
        return self.vertebrae[level_id.split("_")[0]]

    def to_dict(self) -> dict:
        def record(item) -> dict:
            d = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(item).items() if k != "frame"}
            return d | {"frame": frame_to_dict(item.frame)}

        return {"vertebrae": {k: record(v) for k, v in self.vertebrae.items()},
                "discs": {k: record(v) for k, v in self.discs.items()},
                "s1_endplate": frame_to_dict(self.s1_endplate)}

    @classmethod
    def from_dict(cls, d: dict) -> "SpineGeometry":
        def build(kind, record: dict):
            return kind(**{k: v for k, v in record.items() if k != "frame"}, frame=frame_from_dict(record["frame"]))

        return cls({k: build(VertebraGeometry, v) for k, v in d["vertebrae"].items()},
                   {k: build(DiscGeometry, v) for k, v in d["discs"].items()},
                   frame_from_dict(d["s1_endplate"]))


@dataclass(frozen=True)
class RootPath:
    """Centreline (world mm) of one root, its radius along it, and where its ganglion sits."""

    root_id: str
    points: np.ndarray
    radii: np.ndarray
    ganglion_index: int  # index into `points` of the ganglion centre

    @property
    def ganglion_centre(self) -> np.ndarray:
        return self.points[self.ganglion_index]

    def ganglion_axis(self) -> np.ndarray:
        i = self.ganglion_index
        d = self.points[min(i + 2, len(self.points) - 1)] - self.points[max(i - 2, 0)]
        return d / np.linalg.norm(d)

    def to_dict(self) -> dict:
        return {"points": np.round(self.points, 3).tolist(), "radii": np.round(self.radii, 3).tolist(),
                "ganglion_index": self.ganglion_index, "ganglion": np.round(self.ganglion_centre, 3).tolist()}

    @classmethod
    def from_dict(cls, root_id: str, d: dict) -> "RootPath":
        return cls(root_id, np.array(d["points"], float), np.array(d["radii"], float), int(d["ganglion_index"]))
