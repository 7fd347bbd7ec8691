"""Dermatome maps as data: evaluate the region rules of annotations/dermatomes.json on skin coordinates, and
answer the questions the app asks (what root is here in each map, where do the maps disagree, which skin
belongs to a root, how strongly to shade each vertex for given root compressions).

The rules are a small declarative vocabulary (see l5viz.skin.coords and the "vocabulary" block of the file);
nothing in the file is executed. Region order matters: the first region whose conditions all hold wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from l5viz.content.documents import Problem, load_json_document, read_json, schema_dir_for, unknown_sources
from l5viz.skin.coords import SEGMENTS, SURFACES
from l5viz.paths import annotations_dir

DERMATOMES_FILE = "dermatomes.json"
ARRAY_PREFIX = "dermatome_"
TERRITORY_ARRAY = "fibular_territory"


@dataclass(frozen=True)
class LabelMap:
    """One labelling of the skin: ordered regions, the label of skin no region claims, and the code legend."""

    name: str
    regions: tuple[dict, ...]
    default: str
    codes: dict[str, int]

    @property
    def labels(self) -> dict[int, str]:
        return {code: label for label, code in self.codes.items()}

    def label_vertices(self, coords: dict[str, np.ndarray]) -> np.ndarray:
        """Integer code per point (int8), first matching region wins."""
        n = len(coords["segment"])
        out = np.full(n, self.codes[self.default], np.int8)
        unclaimed = np.ones(n, bool)
        for region in self.regions:
            hit = unclaimed & region_mask(region["where"], coords)
            out[hit] = self.codes[region["label"]]
            unclaimed &= ~hit
        return out


def _in_range(values: np.ndarray, bounds) -> np.ndarray:
    lo, hi = bounds
    return (values >= lo) & (values < hi)


def _in_sector(angle: np.ndarray, bounds) -> np.ndarray:
    """Angles from `start` clockwise to `end` (viewed from above on the right leg); wraps through 0."""
    start, end = bounds[0] % 360.0, bounds[1] % 360.0
    if start < end:
        return (angle >= start) & (angle < end)
    return (angle >= start) | (angle < end)


def region_mask(where: dict, coords: dict[str, np.ndarray]) -> np.ndarray:
    """Points satisfying every condition of one region."""
    mask = np.ones(len(coords["segment"]), bool)
    for key, value in where.items():
        if key == "segment":
            mask &= np.isin(coords["segment"], [SEGMENTS.index(s) for s in value])
        elif key == "surface":
            mask &= np.isin(coords["surface"], [SURFACES.index(s) for s in value])
        elif key == "toe":
            mask &= np.isin(coords["toe"], value)
        elif key == "angle":
            mask &= _in_sector(coords["angle"], value)
        else:  # height, level, along, ray, elevation: half-open numeric ranges
            mask &= _in_range(coords[key], value)
    return mask


@dataclass(frozen=True)
class DermatomeMaps:
    """All maps of annotations/dermatomes.json plus the fibular-territory labelling."""

    maps: dict[str, LabelMap]
    territory: LabelMap
    document: dict

    def label_arrays(self, coords: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Point-data arrays to store on the mesh: dermatome_<map> for every map, and fibular_territory."""
        arrays = {ARRAY_PREFIX + name: m.label_vertices(coords) for name, m in self.maps.items()}
        arrays[TERRITORY_ARRAY] = self.territory.label_vertices(coords)
        return arrays


def check_dermatomes(data: dict, where: str) -> list[Problem]:
    """What the schema cannot say: every label used is in its legend, ranges are increasing."""
    problems = []
    legend = {entry["label"] for entry in data["legend"]}
    territory_legend = {entry["label"] for entry in data["fibular_territory"]["legend"]}
    blocks = [(f"$.maps.{name}", m, legend) for name, m in data["maps"].items()]
    blocks.append(("$.fibular_territory", data["fibular_territory"], territory_legend))
    for path, block, allowed in blocks:
        if block["default"] not in allowed:
            problems.append(Problem(where, f"{path}.default: {block['default']!r} is not in the legend"))
        for i, region in enumerate(block["regions"]):
            if region["label"] not in allowed:
                problems.append(Problem(where, f"{path}.regions[{i}].label: {region['label']!r} is not in the "
                                               f"legend ({', '.join(sorted(allowed))})"))
            for key in ("height", "level", "along", "ray", "elevation"):
                bounds = region["where"].get(key)
                if bounds is not None and not bounds[0] < bounds[1]:
                    problems.append(Problem(where, f"{path}.regions[{i}].where.{key}: lower bound {bounds[0]} "
                                                   f"is not below upper bound {bounds[1]}"))
    return problems


def _label_map(name: str, block: dict, legend: list[dict]) -> LabelMap:
    return LabelMap(name, tuple(block["regions"]), block["default"], {e["label"]: e["code"] for e in legend})


def load_dermatome_maps(path: Path | None = None) -> tuple[DermatomeMaps | None, list[Problem]]:
    """Read and validate annotations/dermatomes.json; None (with the problems) when it is unusable."""
    path = Path(path) if path is not None else annotations_dir() / DERMATOMES_FILE
    data, problems = load_json_document(path, "dermatomes", schema_dir_for(path.parent))
    if data is None:
        return None, problems
    sources, _ = read_json(path.parent / "sources.json")
    known = set(sources["sources"]) if isinstance(sources, dict) and isinstance(sources.get("sources"), dict) else None
    problems += unknown_sources(data, known, str(path)) + check_dermatomes(data, str(path))
    if problems:
        return None, problems
    maps = {name: _label_map(name, block, data["legend"]) for name, block in data["maps"].items()}
    territory = _label_map("fibular_territory", data["fibular_territory"], data["fibular_territory"]["legend"])
    return DermatomeMaps(maps, territory, data), []


# ---- questions asked of a labelled mesh ---------------------------------------------------------

def nearest_vertex(points: np.ndarray, point) -> int:
    return int(np.argmin(np.linalg.norm(np.asarray(points) - np.asarray(point, float), axis=1)))


def labels_at(points: np.ndarray, arrays: dict[str, np.ndarray], maps: DermatomeMaps, point) -> dict[str, str]:
    """Root (or 'uncertain'/'none') under `point` in every map, read at the nearest vertex."""
    i = nearest_vertex(points, point)
    return {name: m.labels[int(arrays[ARRAY_PREFIX + name][i])] for name, m in maps.maps.items()}


def maps_disagree(points: np.ndarray, arrays: dict[str, np.ndarray], maps: DermatomeMaps, point) -> bool:
    """True when the maps name different roots (or one is uncertain) at the vertex nearest `point`."""
    return len(set(labels_at(points, arrays, maps, point).values())) > 1


def root_vertices(labels: np.ndarray, label_map: LabelMap, root: str) -> np.ndarray:
    """Indices of the vertices a map gives to `root`."""
    if root not in label_map.codes:
        raise KeyError(f"unknown root {root!r} for map {label_map.name}; known: {', '.join(label_map.codes)}")
    return np.flatnonzero(labels == label_map.codes[root])


def dermatome_intensity(labels: np.ndarray, root_intensity: dict[str, float], label_map: LabelMap) -> np.ndarray:
    """Per-vertex shading 0-1: each vertex takes the intensity of the root its map assigns it (0 elsewhere).

    Raises ValueError for an unknown root or an intensity outside 0-1, so bad input is named, not drawn.
    """
    lookup = np.zeros(max(label_map.codes.values()) + 1, np.float32)
    for root, value in root_intensity.items():
        if root not in label_map.codes:
            raise ValueError(f"unknown root {root!r}; map {label_map.name} knows {', '.join(label_map.codes)}")
        if not 0.0 <= float(value) <= 1.0:
            raise ValueError(f"intensity for {root} must be within 0-1, got {value!r}")
        lookup[label_map.codes[root]] = float(value)
    return lookup[labels.astype(np.intp)]


def side_of_vertex(points: np.ndarray) -> np.ndarray:
    """'right' or 'left' per vertex (x > 0 is the patient's right; the midline counts as left)."""
    return np.where(np.asarray(points)[:, 0] > 0.0, "right", "left")


def dermatome_intensity_by_side(labels: np.ndarray, label_map: LabelMap,
                                root_intensity: dict[tuple[str, str], float], sides: np.ndarray) -> np.ndarray:
    """Per-vertex shading 0-1 for compressions keyed (root, side), e.g. {("L5", "right"): 0.7}: a vertex takes
    the intensity of its map's root on its own side only (the output of clinical.correlation.root_intensities).
    """
    unknown_sides = {side for _, side in root_intensity} - {"left", "right"}
    if unknown_sides:
        raise ValueError(f"unknown side {', '.join(sorted(unknown_sides))}; use 'left' or 'right'")
    out = np.zeros(len(labels), np.float32)
    for side in ("left", "right"):
        on_side = np.asarray(sides) == side
        roots = {root: value for (root, s), value in root_intensity.items() if s == side}
        out[on_side] = dermatome_intensity(labels[on_side], roots, label_map)
    return out
