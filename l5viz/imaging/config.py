"""The imaging rules and words as loaded from annotations/imaging.json and imaging_terms.json.

Tissue values, protocols and series are data with their sources; this module only reads them (through the
schemas, so a bad file is a list of Problems, never a traceback) and expands the series patterns into the
series a user can ask for ("axial-t2-{level}" -> axial-t2-L3-L4, axial-t2-L4-L5, axial-t2-L5-S1).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from l5viz.anatomy.ids import LEVELS, SIDES
from l5viz.content import Problem
from l5viz.content.clinical import check_pair
from l5viz.content.locale import words_key
from l5viz.paths import annotations_dir

IMAGING_FILE = "imaging.json"
TERMS_FILE = "imaging_terms.json"


def level_text(level_id: str) -> str:
    """'L4_L5' -> 'L4-L5', as a series id and a report write it."""
    return level_id.replace("_", "-")


@dataclass(frozen=True)
class Protocol:
    protocol_id: str
    modality: str  # "MR" or "CT"
    weighting: str  # "T1", "T2" or "HU"
    plane: str  # "sagittal" or "disc" (axial, parallel to the disc)
    thickness_mm: float
    spacing_mm: float
    acquired_mm: float
    tr_ms: float = 0.0
    te_ms: float = 0.0
    echo_train: int = 1
    field_t: float = 1.5
    noise: float = 0.0  # MR: noise standard deviation as a fraction of fat's signal
    noise_hu: float = 0.0  # CT


@dataclass(frozen=True)
class SeriesSpec:
    """One series a user can ask for: its id, protocol, where it is centred and how many slices it has."""

    series_id: str
    pattern: str
    protocol: Protocol
    centre: str  # "midline", "foramina" or "disc"
    slices: int
    fov_mm: tuple[float, float]
    level: str | None = None  # "L4_L5" for a disc's series
    side: str | None = None  # "left" for a side's foramina


@dataclass(frozen=True)
class ImagingConfig:
    rules: dict
    terms: dict

    @property
    def voxel_mm(self) -> float:
        return float(self.rules["voxel_mm"])

    def tissue_ids(self) -> list[str]:
        """Every tissue and mixture, in a fixed order: the tissue labels of a label volume index it."""
        return list(self.rules["tissues"]) + list(self.rules["mixtures"])

    def hu_table(self) -> np.ndarray:
        """Each tissue label's Hounsfield value (a mixture has its own, measured on the mixture)."""
        rules = self.rules
        return np.array([float(t["hu"]) for t in rules["tissues"].values()]
                        + [float(m["hu"]) for m in rules["mixtures"].values()])

    def mixture_parts(self) -> dict[int, dict[int, float]]:
        """Mixture label -> {tissue label: share}: an MR signal is mixed from its parts' signals."""
        ids = self.tissue_ids()
        return {ids.index(m): {ids.index(part): share for part, share in mix["parts"].items()}
                for m, mix in self.rules["mixtures"].items()}

    def protocol(self, protocol_id: str) -> Protocol:
        raw = self.rules["protocols"][protocol_id]
        fields = {k: v for k, v in raw.items() if k in Protocol.__dataclass_fields__}
        return Protocol(protocol_id, **fields)

    @cached_property
    def series(self) -> dict[str, SeriesSpec]:
        """Every series by id, in the order a user meets them (expanded once)."""
        out = {}
        for entry in self.rules["series"]:
            pattern = entry["pattern"]
            levels = LEVELS if "{level}" in pattern else (None,)
            sides = SIDES if "{side}" in pattern else (None,)
            for level in levels:
                for side in sides:
                    sid = pattern.format(level=level_text(level) if level else "", side=side or "")
                    out[sid] = SeriesSpec(sid, pattern, self.protocol(entry["protocol"]), entry["centre"],
                                          int(entry["slices"]), tuple(entry["fov_mm"]), level, side)
        return out

    def title(self, spec: SeriesSpec) -> str:
        words = self.terms["series"][spec.pattern]
        side = self.terms["sides"].get(spec.side or "", "")
        return words.format(level=level_text(spec.level) if spec.level else "", side=side)


def load_imaging(annotations: Path | None = None) -> tuple[ImagingConfig | None, list[Problem]]:
    """The imaging rules and words, checked by their schemas (None when either cannot be used)."""
    pair, problems = check_pair(Path(annotations or annotations_dir()), (IMAGING_FILE, "imaging"),
                                (TERMS_FILE, "imaging_terms"), words_cite=False)
    return (ImagingConfig(*pair) if pair else None), problems


def default_imaging() -> ImagingConfig:
    """The checkout's imaging config, its words in the language spoken now; raises ValueError with the first
    problem when it cannot be loaded."""
    return _imaging_in(*words_key())


@cache
def _imaging_in(_language: str, _annotations: Path, _marked: bool) -> ImagingConfig:
    config, problems = load_imaging()
    if config is None:
        raise ValueError(str(problems[0]) if problems else "annotations/imaging.json could not be loaded")
    return config
