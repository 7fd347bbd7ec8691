"""The scene as tissue: which structure, and which tissue, fills each sample of a slab of the model.

Every structure's closed surface (deformed as the scenario's result has it), each drawn lesion and implant,
and the body's skin become regions of a label stack; where surfaces overlap, the tissue precedence in
annotations/imaging.json decides. Two tissues are derived rather than modelled: the cortical shell (the
outer millimetre of every bone, over cancellous marrow; imaging.json says why that thick) and the body's
layers (skin, then subcutaneous fat, measured in from the skin surface). Numpy and scipy only: no Qt, no VTK.
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

    def middle_regions(self) -> np.ndarray:
        """Each pixel's region on the slice's middle layer (what a click on the image selects)."""
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

    def _reaches(self, key: str, grid: SlabGrid, points: np.ndarray | None = None) -> bool:
        """Whether a mesh's bounding box (at rest, or of `points`) can reach the slab: a cheap test first."""
        low, high = self._bounds[key] if points is None else (points.min(0), points.max(0))
        corners = np.array(np.meshgrid(*zip(low, high))).reshape(3, -1).T
        local = grid.to_local(corners)
        ends = np.array([[grid.u0, grid.v0, grid.w0],
                         [grid.u0 + grid.du * (grid.nu - 1), grid.v0 + grid.dv * (grid.nv - 1),
                          grid.w0 + grid.dw * (grid.nw - 1)]])
        return bool(((local.max(0) >= ends[0]) & (local.min(0) <= ends[1])).all())

    def slab(self, grid: SlabGrid, pad: int = 0, result=None, cache: dict | None = None) -> TissueSlab:
        """Label one slab of the scene as `result` (a PathologyResult, or None for the healthy scene) has it.

        `cache`: a dict kept by the caller for this one slab. It keeps the masks of the structures as they
        are at rest and the body's layers, so a slider step rescans only what the step moved (the root, the
        sac, a lesion), and the cortical shell while the bone under it is unchanged."""
        cache = {} if cache is None else cache
        rules = self.config.rules
        removed = result.removed if result is not None else frozenset()
        moved = result.points if result is not None else {}
        layers: list[tuple[int, str, tuple, str]] = []  # (rank, region id, (mask, window), tissue)
        at_rest = cache.setdefault("at_rest", {})
        for sid, mesh in self.meshes.items():
            if sid in removed:
                continue
            if sid in moved:
                mask = inside(moved[sid], mesh.triangles, grid) if self._reaches(sid, grid, moved[sid]) else None
            else:
                if sid not in at_rest:
                    at_rest[sid] = inside(mesh.points, mesh.triangles, grid) if self._reaches(sid, grid) else None
                mask = at_rest[sid]
            if mask is not None and mask[0].any():
                kind = self.kinds[sid]
                layers.append((self._rank[kind], sid, mask, rules["structure_tissues"][kind]))
        for lesion in (result.drawn_lesions if result is not None else ()):
            tissue = rules["lesion_tissues"].get(lesion.kind)
            mask = inside_ellipsoid(lesion.centre, lesion.axes, lesion.radii, grid)
            if tissue is not None and mask[0].any():
                layers.append((self._rank["lesion"], lesion_region(lesion.lesion_id), mask, tissue))
        for implant in (result.implants if result is not None else ()):
            tissue = rules["implant_tissues"].get(implant.kind)
            axes, _ = implant.frame()
            mask = inside_cylinder(implant.start, implant.end, axes, implant.radii, grid)
            if tissue is not None and mask[0].any():
                layers.append((self._rank["implant"], implant_region(implant.implant_id), mask, tissue))
        if "body" not in cache:
            cache["body"] = self._body_layers(grid)
        layers += cache["body"]
        region_ids = [AIR]
        tissue_of = [self.tissue_index(AIR)]
        regions = np.zeros(grid.shape, np.int16)
        for _, region, (mask, window), tissue in sorted(layers, key=lambda item: item[0]):
            region_ids.append(region)
            tissue_of.append(self.tissue_index(tissue))
            regions[window][mask] = len(region_ids) - 1
        tissues = np.asarray(tissue_of, np.uint8)[regions]
        self._cortical_shell(tissues, cache)
        return TissueSlab(grid, pad, regions, tissues, region_ids)

    def _body_layers(self, grid: SlabGrid) -> list:
        """The body's inside as deep soft tissue, subcutaneous fat and skin, measured in from the skin within
        each layer (across the layer: the skin of the back and flanks runs through the slab, not along it)."""
        if self.body is None or not self._reaches("body", grid):
            return []
        mask, window = inside(self.body.points, self.body.triangles, grid)
        body = np.zeros(grid.shape, bool)
        body[window] = mask
        if not body.any():
            return []
        rules = self.config.rules
        depth = np.stack([ndimage.distance_transform_edt(layer) for layer in body]) * grid.du  # in-plane, per layer
        everywhere = (slice(None),) * 3
        return [(self._rank[layer], body_region(layer), (body & (depth <= reach), everywhere),
                 rules["body_tissues"][layer])
                for layer, reach in zip(BODY_LAYERS, (np.inf, rules["skin_mm"] + rules["subcutaneous_fat_mm"],
                                                      rules["skin_mm"]))]

    def _cortical_shell(self, tissues: np.ndarray, cache: dict) -> None:
        """Bone's outer `cortical_shell_mm` becomes cortex; the rest keeps its marrow."""
        marrow = self.tissue_index(self.config.rules["structure_tissues"]["bone"])
        bone = tissues == marrow
        if not bone.any():
            return
        known = cache.get("bone")
        if known is None or not np.array_equal(known[0], bone):
            steps = max(1, int(round(self.config.rules["cortical_shell_mm"] / self.config.voxel_mm)))
            core = ndimage.binary_erosion(bone, ndimage.generate_binary_structure(3, 1), iterations=steps,
                                          border_value=1)
            known = cache["bone"] = (bone, bone & ~core)
        tissues[known[1]] = self.tissue_index("cortex")
