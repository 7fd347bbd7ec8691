"""The scene as tissue: which structure, and which tissue, fills each sample of a slab of the model.

Every structure's closed surface (deformed as the scenario's result has it), each drawn lesion and implant,
and the body's skin become regions of a label stack; where surfaces overlap, the tissue precedence in
annotations/imaging.json decides. Two tissues are derived rather than modelled: the cortical shell (the
outer voxel of every bone, over cancellous marrow) and the body's layers (skin, then subcutaneous fat,
measured in from the skin surface). Numpy and scipy only: no Qt, no VTK.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
from scipy import ndimage

from l5viz.imaging.config import ImagingConfig
from l5viz.imaging.voxels import SlabGrid, inside, inside_cylinder, inside_ellipsoid

AIR = "air"
BODY_LAYERS = ("soft_tissue", "subcutaneous", "skin")  # keys of imaging.json's body_tissues, deepest first


def body_region(layer: str) -> str:
    return f"body:{layer}"


def lesion_region(lesion_id: str) -> str:
    return f"lesion:{lesion_id}"


def implant_region(implant_id: str) -> str:
    return f"implant:{implant_id}"


@dataclass(frozen=True)
class Mesh:
    points: np.ndarray
    triangles: np.ndarray


@dataclass
class TissueSlab:
    """Labels of one slab: `regions` indexes `region_ids` (a structure id, "air", "body:skin",
    "lesion:<id>", "implant:<id>"), `tissues` indexes the config's tissue ids; both (layers, rows, columns).
    `pad` layers at either end lie outside the slice (kept for the cortical shell's erosion)."""

    grid: SlabGrid
    pad: int
    regions: np.ndarray
    tissues: np.ndarray
    region_ids: list[str]

    @property
    def slice_tissues(self) -> np.ndarray:
        return self.tissues[self.pad:self.tissues.shape[0] - self.pad]

    def region_at(self, row: int, column: int) -> str:
        """The region at a pixel, read on the slice's middle layer."""
        return self.region_ids[int(self.regions[self.regions.shape[0] // 2, row, column])]

    def middle_regions(self) -> np.ndarray:
        return self.regions[self.regions.shape[0] // 2]


class TissueModel:
    """Turns a scene (the structures' meshes, their kinds and the body) into tissue labels on any slab."""

    def __init__(self, meshes: Mapping[str, Mesh], kinds: Mapping[str, str], body: Mesh | None,
                 config: ImagingConfig):
        """`meshes`: the structures' baseline surfaces (the same the pathology engine deforms); `kinds`:
        each structure's kind (annotations/structures.json), which names its tissue; `body`: the skin."""
        self.config = config
        rules = config.rules
        self.tissue_ids = config.tissue_ids()
        self.meshes = {sid: m for sid, m in meshes.items() if kinds.get(sid) in rules["structure_tissues"]}
        self.kinds = dict(kinds)
        self.body = body
        self._bounds = {sid: (m.points.min(0), m.points.max(0)) for sid, m in self.meshes.items()}
        if body is not None:
            self._bounds["body"] = (body.points.min(0), body.points.max(0))
        self._rank = {name: i for i, name in enumerate(rules["precedence"])}

    def tissue_index(self, tissue: str) -> int:
        return self.tissue_ids.index(tissue)

    def _reaches(self, key: str, grid: SlabGrid) -> bool:
        """Whether a mesh's bounding box can reach the slab (a cheap test before the scan)."""
        low, high = self._bounds[key]
        corners = np.array(np.meshgrid(*zip(low, high))).reshape(3, -1).T
        local = grid.to_local(corners)
        ends = np.array([[grid.u0, grid.v0, grid.w0],
                         [grid.u0 + grid.du * (grid.nu - 1), grid.v0 + grid.dv * (grid.nv - 1),
                          grid.w0 + grid.dw * (grid.nw - 1)]])
        return bool(((local.max(0) >= ends[0]) & (local.min(0) <= ends[1])).all())

    def slab(self, grid: SlabGrid, pad: int = 0, result=None) -> TissueSlab:
        """Label one slab of the scene as `result` (a PathologyResult, or None for the healthy scene) has it."""
        rules = self.config.rules
        region_ids = [AIR]
        tissue_of = [self.tissue_index(AIR)]
        regions = np.zeros(grid.shape, np.int16)
        layers: list[tuple[int, str, object]] = []  # (rank, region id, mask or (mask, window)) to draw in order
        removed = result.removed if result is not None else frozenset()
        for sid, mesh in self.meshes.items():
            if sid in removed or not self._reaches(sid, grid):
                continue
            points = result.points[sid] if result is not None and sid in result.points else mesh.points
            mask, window = inside(points, mesh.triangles, grid)
            if mask.any():
                kind = self.kinds[sid]
                layers.append((self._rank[kind], sid, (mask, window), rules["structure_tissues"][kind]))
        for lesion in (result.drawn_lesions if result is not None else ()):
            tissue = rules["lesion_tissues"].get(lesion.kind)
            if tissue is not None:
                mask = inside_ellipsoid(lesion.centre, lesion.axes, lesion.radii, grid)
                if mask.any():
                    layers.append((self._rank["lesion"], lesion_region(lesion.lesion_id), mask, tissue))
        for implant in (result.implants if result is not None else ()):
            tissue = rules["implant_tissues"].get(implant.kind)
            axes, _ = implant.frame()
            mask = inside_cylinder(implant.start, implant.end, axes, implant.radii, grid)
            if tissue is not None and mask.any():
                layers.append((self._rank["implant"], implant_region(implant.implant_id), mask, tissue))
        layers += self._body_layers(grid)
        for _, region, mask, tissue in sorted(layers, key=lambda item: item[0]):
            region_ids.append(region)
            tissue_of.append(self.tissue_index(tissue))
            if isinstance(mask, tuple):
                part, window = mask
                regions[window][part] = len(region_ids) - 1
            else:
                regions[mask] = len(region_ids) - 1
        tissues = np.asarray(tissue_of, np.uint8)[regions]
        self._cortical_shell(regions, tissues, region_ids)
        return TissueSlab(grid, pad, regions, tissues, region_ids)

    def _body_layers(self, grid: SlabGrid) -> list:
        """The body's inside as deep soft tissue, subcutaneous fat and skin, measured in from the skin on
        the slab's middle layer (the layers of one slice differ by less than a voxel there)."""
        if self.body is None or not self._reaches("body", grid):
            return []
        mask, window = inside(self.body.points, self.body.triangles, grid)
        body = np.zeros(grid.shape, bool)
        body[window] = mask
        if not body.any():
            return []
        rules = self.config.rules
        depth = ndimage.distance_transform_edt(body[grid.nw // 2]) * grid.du
        out = []
        for layer, reach in zip(BODY_LAYERS, (np.inf, rules["skin_mm"] + rules["subcutaneous_fat_mm"],
                                              rules["skin_mm"])):
            out.append((self._rank[layer], body_region(layer), body & (depth <= reach)[None],
                        rules["body_tissues"][layer]))
        return out

    def _cortical_shell(self, regions: np.ndarray, tissues: np.ndarray, region_ids: list[str]) -> None:
        """Bone's outer voxel becomes cortex; the rest keeps its marrow (Silva 1994: a shell of ~0.35 mm)."""
        bone_kinds = {sid for sid in region_ids if self.kinds.get(sid) == "bone"}
        marrow = self.tissue_index(self.config.rules["structure_tissues"]["bone"])
        bone = np.isin(regions, [i for i, sid in enumerate(region_ids) if sid in bone_kinds]) | (tissues == marrow)
        if not bone.any():
            return
        steps = max(1, int(round(self.config.rules["cortical_shell_mm"] / self.config.voxel_mm)))
        core = ndimage.binary_erosion(bone, ndimage.generate_binary_structure(3, 1), iterations=steps,
                                      border_value=1)
        tissues[bone & ~core] = self.tissue_index("cortex")
