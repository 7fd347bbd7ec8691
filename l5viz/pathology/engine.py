"""Turn lesions into deformed geometry, compression measures and live foraminal figures.

Pure numpy on the baked vertices (no rendering): the render layer writes the returned point arrays into
the meshes it already shows. Nothing is re-meshed per step, so a severity slider stays fluid.

Each registered lesion kind (l5viz.pathology.kinds) deforms the scene in turn, in stage order: whole bones
move first (a slip, a disc's lost height), then tissue grows round them (osteophytes, a thick ligamentum
flavum), then disc material herniates. The engine then pushes the roots, ganglia and thecal sac out of every
obstacle (lesions and bone). Disc material first moves a root whole, as far as the room behind it allows, and then
flattens it against the bone or ligament that holds it (displace_root). How far a cross-section's surface was
pushed, from one side to the other, is its compression in mm and % of diameter. The engine itself knows no
kind by name.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from scipy import ndimage
from scipy.spatial import cKDTree

from l5viz.anatomy.foramen import disc_mid_plane, foramen_figures, foramen_plane, section_area
from l5viz.anatomy.geometry import SIDES, RootPath, SpineGeometry, bones_of, foramen_wall_ids
from l5viz.anatomy.ids import LEVELS, ROOT_LEVELS, exiting_root, traversing_root
from l5viz.anatomy.neural import GANGLION_SIZE, SAC_DEPTH
from l5viz.anatomy.parts import VERTEBRA_PARTS, vertebra_parts
from l5viz.pathology.kinds import registry
from l5viz.pathology.specs import LesionSpec

NEURAL_PREFIXES = ("root_", "drg_", "thecal_sac")
COMPRESSED_PERCENT = 10.0  # a root squashed by >= 10 % of its diameter is reported as compressed (model choice)
BULGE_TAPER_RINGS = 6  # rings of a surface's vertices beside a lesion it draws that follow it part way; modelling choice
ROOT_SLACK = 0.8  # mm a root gives way in its fat and CSF before it deforms; modelling choice
OBSTACLE_REACH = 16.0  # mm around a stenotic foramen's centre within which bone can push a root
PIECE_OUTSIDE_MM = 5.0  # what a broken bone's piece reads where the other piece is nearer: outside it
FIELD_STEP = 0.75  # mm between samples of a bone's distance field; trilinear error well under ROOT_SLACK
# Where the lateral recess is modelled and measured: this far below the disc's mid-plane, at the recess's entrance
# behind the disc, where the superior articular process's tip reaches and an axial slab through the disc shows
# it (Lee 1988's entrance zone); modelling choice.
RECESS_BELOW_DISC_MM = 2.0
FIXED_BONES = ("sacrum", "hip_bone_left", "hip_bone_right")  # the pelvis stays put; the segment above moves
# What a root pushed by disc material can be pressed against: the bony and ligamentous walls of the canal and the
# foramen (Pfirrmann 2004: a root is deviated by disc material, and compressed between it and the canal wall).
HOLDER_PREFIXES = ("vertebra_", "sacrum", "hip_bone_", "ligamentum_flavum_", "facet_capsule_")
ROOM_REACH_MM = 12.0  # a root with nothing this close behind it is displaced by disc material, never compressed
# How much a displaced root's course shifts per mm along it, either side of where disc material pushes it: it
# bends over the lesion rather than kinking; modelling choice.
ROOT_BEND_SLOPE = 0.5
# Beyond the foramen the nerve is held by ligaments the model does not draw (the transforaminal, corporotransverse
# and lumbosacral ligaments tether it: Transfeldt 1993): it moves at most this far; modelling choice.
TETHER_MM = 2.0
ROOM_SPAN_MM = 2.0  # along a root, a section's room is at most the median within this distance; modelling choice
FORAMEN_FIGURES = ("height_mm", "width_mm", "area_mm2", "fat_mm2", "fat_mm")  # what a report gives of a foramen


def missing_inputs(manifest: dict, structures) -> list[str]:
    """What the engine needs and the manifest or the meshes lack (empty when it can run)."""
    needed = ["geometry", "root_paths", "landmarks"]
    missing = [k for k in needed if not isinstance(manifest.get(k), dict)]
    if not missing:
        missing += [f"foramen_{lv}_{s}" for lv in LEVELS for s in SIDES if f"foramen_{lv}_{s}" not in manifest["landmarks"]]
        missing += [f"root path root_{r}_{s}" for r in ROOT_LEVELS for s in SIDES
                    if f"root_{r}_{s}" not in manifest["root_paths"]]
    structures_needed = {"thecal_sac"} | {f"{k}_{r}_{s}" for k in ("root", "drg") for r in ROOT_LEVELS for s in SIDES}
    structures_needed |= {f"disc_{lv}" for lv in LEVELS} | {b for lv in LEVELS for b in bones_of(lv)}
    return missing + sorted(structures_needed - set(structures))


# What a lesion surface is, as a report names it: the key of its words in annotations/lesion_terms.json (its
# label in a view). A lesion without one (the nucleus material in a fissure, part of an extrusion) is unnamed.
LESION_TERMS = ("protrusion", "extrusion", "sequestration", "bulge", "osteophyte", "facet_hypertrophy",
                "thick_flavum", "pars_fibrocartilage")
# What a lesion is made of (Lesion.kind): herniated disc material, an annulus's bulge, a growth of bone, a
# thickened ligament; a procedure's bite of bone is a "cut".
LESION_KINDS = ("disc", "annulus", "bone", "ligament", "cut")


@dataclass(frozen=True)
class Lesion:
    """An ellipsoid of displaced tissue: `axes` rows are its principal directions, `radii` its half sizes."""

    lesion_id: str
    kind: str  # one of LESION_KINDS
    centre: np.ndarray
    axes: np.ndarray
    radii: np.ndarray
    push: np.ndarray  # unit direction in which it displaces soft tissue
    # How far it travelled along `push` to get where it is (mm): disc material pushes whatever lay between the
    # disc and where it ends ahead of it, so tissue it passed (the sac's front wall before a fragment that lies
    # clear of the disc) ends up beyond it, never inside it.
    sweep: float = 0.0
    # Drawn beneath the tissue's section in a slab where the two overlap: disc material shows where it has left
    # the disc, not through the annulus it came from (a growth of a stenosis shows where it meets bone).
    beneath_tissue: bool = False
    # Moves a root whole across its course until something holds it, then flattens it there (displace_root):
    # herniated disc material, a far-out osteophyte pressing the nerve onto the ala. Not the growths of a stenosis,
    # which narrow the walls round a root that has nowhere to go.
    displaces: bool = False
    term: str = ""  # one of LESION_TERMS, or "" for a part of a lesion that is not named on its own
    # The structure whose own surface draws it, pushed out over it (a bulge is the annulus's contour, not a
    # shape laid over it: Fardon 2014), or "" when it is drawn as a surface of its own.
    drawn_by: str = ""

    @classmethod
    def grown(cls, lesion_id: str, kind: str, base: np.ndarray, tip: np.ndarray, beside: np.ndarray,
              widths: tuple[float, float], push: np.ndarray, rooted: float, **more) -> "Lesion":
        """A growth from a wall: an ellipsoid from `rooted` mm inside the wall behind `base` (a point of the
        wall's surface) to `tip`, so it reads as tissue grown out of that wall, never floating beside it.
        `widths`: its half widths across its length, the first along `beside` (made square to the length)."""
        axis = tip - base
        length = float(np.linalg.norm(axis))
        axis = axis / length
        across = beside - (beside @ axis) * axis
        across /= np.linalg.norm(across)
        half = 0.5 * (length + rooted)
        return cls(lesion_id, kind, base + axis * (length - half), np.array([across, axis, np.cross(across, axis)]),
                   np.array([widths[0], half, widths[1]]), push, **more)

    def matrix(self) -> np.ndarray:
        """4x4 transform that maps a unit sphere onto this ellipsoid (for an existing actor)."""
        m = np.eye(4)
        axes = self.axes.copy()
        if np.linalg.det(axes) < 0:  # keep it a rotation, so the sphere's faces stay outward
            axes[0] = -axes[0]  # (an ellipsoid is symmetric: flipping one axis changes nothing else)
        m[:3, :3] = axes.T * self.radii
        m[:3, 3] = self.centre
        return m

    def contains(self, points: np.ndarray) -> np.ndarray:
        """Which points lie inside the ellipsoid."""
        scaled = (np.asarray(points, float) - self.centre) @ self.axes.T / self.radii
        return np.einsum("ij,ij->i", scaled, scaled) < 1.0

    def push_out(self, points: np.ndarray, along: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Points inside, or in its path (within `sweep` ahead of it along `push`), moved along `push` until they
        leave the ellipsoid's far side; returns (moved, distance). `along`: a direction per point instead (a root
        gives way across its own course), with no sweep.

        Tissue is pushed the way the lesion grows (away from the disc, into the foramen), never back through it.
        """
        a = (points - self.centre) @ self.axes.T / self.radii
        if along is None:
            along, sweep = np.broadcast_to(self.push, points.shape), self.sweep
        else:
            sweep = 0.0
        b = (along @ self.axes.T) / self.radii
        aa, ab, bb = np.einsum("ij,ij->i", a, a), np.einsum("ij,ij->i", a, b), np.einsum("ij,ij->i", b, b)
        # The line p + t push meets the surface at t = (-ab -+ sqrt(ab^2 - bb (aa - 1))) / bb.
        discriminant = ab * ab - bb * (aa - 1.0)
        hit = discriminant > 0.0
        root = np.sqrt(np.where(hit, discriminant, 0.0))
        near, far = (-ab - root) / bb, (-ab + root) / bb
        moved = hit & (far > 0.0) & (near <= sweep)
        t = np.where(moved, far, 0.0)
        return points + t[:, None] * along, t


IMPLANT_KINDS = ("screw", "rod", "cage", "needle", "hub", "contrast")


@dataclass(frozen=True)
class Implant:
    """What a procedure places (a pedicle screw, a rod, an interbody cage, a needle, contrast round a root): a
    cylinder from `start` to `end`, `radii` its half widths across, the first along `across` (made square to
    its length). A renderer draws it from one unit cylinder, as a lesion is drawn from one unit sphere."""

    implant_id: str
    kind: str  # one of IMPLANT_KINDS
    start: np.ndarray
    end: np.ndarray
    radii: tuple[float, float]
    across: np.ndarray = field(default_factory=lambda: np.array([1.0, 0.0, 0.0]))

    def frame(self) -> tuple[np.ndarray, float]:
        """Rows: across (radii[0]), across (radii[1]), along; and its length."""
        along = self.end - self.start
        length = float(np.linalg.norm(along))
        along = along / length
        first = self.across - (self.across @ along) * along
        if np.linalg.norm(first) < 1e-6:  # (across given along the axis: any square direction)
            first = np.cross(along, [0.0, 0.0, 1.0] if abs(along[2]) < 0.9 else [1.0, 0.0, 0.0])
        first /= np.linalg.norm(first)
        return np.array([first, np.cross(along, first), along]), length

    def matrix(self) -> np.ndarray:
        """4x4 transform of a unit cylinder (radius 1, height 1, centred on the origin along z) onto this one."""
        axes, length = self.frame()
        m = np.eye(4)
        m[:3, :3] = axes.T * np.array([self.radii[0], self.radii[1], length])
        m[:3, 3] = 0.5 * (self.start + self.end)
        return m

    def axis_points(self, spacing: float = 0.5) -> np.ndarray:
        """Points along its axis, from start to end."""
        n = max(2, int(np.ceil(np.linalg.norm(self.end - self.start) / spacing)) + 1)
        return self.start + np.linspace(0.0, 1.0, n)[:, None] * (self.end - self.start)

    def surface_points(self, spacing: float = 0.5, around: int = 16) -> np.ndarray:
        """Points on its side wall (and the axis's ends): how near it comes to other tissue."""
        axes, _ = self.frame()
        angles = np.linspace(0.0, 2 * np.pi, around, endpoint=False)
        ring = np.outer(np.cos(angles), axes[0] * self.radii[0]) + np.outer(np.sin(angles), axes[1] * self.radii[1])
        centre = self.axis_points(spacing)
        return np.vstack([(centre[:, None, :] + ring[None, :, :]).reshape(-1, 3), centre[[0, -1]]])


@dataclass
class PathologyResult:
    """What the overlays do to the scene. The geometry and its compression are evaluated at once (they are
    drawn); what a report reads (the foramina, the canal, each kind's own measures) is measured on first use,
    so a slider step draws its frame without them and the texts that quote them are written once it rests."""

    points: Mapping[str, np.ndarray]  # structure id -> deformed points (only structures that changed)
    lesions: list[Lesion]
    compression: dict[str, dict[str, float]]  # root/drg/sac id -> {"mm": ..., "percent": ...}
    # Neural id -> per-vertex compression 0-1 of the drawn mesh: each vertex carries the flattening of its own
    # cross-section as `compression` measures it (the report's figure is the worst section's), so the colours
    # and the report are one measure.
    vertex_compression: dict[str, np.ndarray] = field(default_factory=dict)
    # Neural id -> how far the overlays moved its surface at most (mm), measured where `compression` is.
    displacement: dict[str, float] = field(default_factory=dict)
    # Structures a lesion moved whole (every vertex on the same rigid motion): (rotation, translation),
    # p -> R p + t, so a renderer can move the actor instead of its vertices.
    motions: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    # Structure id -> the drawn mesh's triangles to hide: those a break tore apart (a pars defect's gap).
    hidden: dict[str, np.ndarray] = field(default_factory=dict)
    # (bone id, part, side or None): the bone parts the lesions catch a root against (LesionKind.named_parts),
    # which a view names beside the lesions.
    named_parts: tuple[tuple[str, str, str | None], ...] = ()
    # Structures a procedure took out whole (a ligamentum flavum excised): drawn, cut and labelled nowhere.
    removed: frozenset[str] = frozenset()
    implants: list[Implant] = field(default_factory=list)  # what a procedure placed
    # The engine's measurements of this scene, run on first use: (foramina, canal), and the kinds' own measures.
    measure_sections: Callable[[], tuple[dict, dict]] | None = field(default=None, repr=False, compare=False)
    measure_kinds: Callable[[], dict] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def _sections(self) -> tuple[dict, dict]:
        return self.measure_sections() if self.measure_sections else ({}, {})

    @property
    def drawn_lesions(self) -> list[Lesion]:
        """The lesions drawn as surfaces of their own (not those a structure's own surface draws: a bulge)."""
        return [lesion for lesion in self.lesions if not lesion.drawn_by]

    @property
    def foramina(self) -> dict[str, dict]:
        """foramen_L5_S1_left -> {"height_mm", "width_mm", "area_mm2", and the fat round the exiting root:
        "fat_mm2", "fat_mm" (its thickness above, below, in front and behind), "fat_remaining_percent"}."""
        return self._sections[0]

    @property
    def canal(self) -> dict[str, dict[str, float]]:
        """Level id -> the dural sac's cross-section in the disc's mid-plane: area (mm^2) and depth (mm)."""
        return self._sections[1]

    @cached_property
    def measures(self) -> dict[str, dict[str, dict]]:
        """What a lesion kind measures of its own, by measure and level id (a slip's mm and %, ...)."""
        return self.measure_kinds() if self.measure_kinds else {}


def rotation_about(axis: np.ndarray, angle: float) -> np.ndarray:
    a = axis / np.linalg.norm(axis)
    k = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * (k @ k)


@dataclass
class Step:
    """One evaluation's work in progress, which each lesion kind's `deform` edits in turn."""

    pts: "ShownVertices"  # structure id -> shown vertices, moved so far
    dense: "LazyVertices"  # the full-detail vertices, moved lazily the same way
    changed: set[str] = field(default_factory=set)
    motions: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # moved whole: (R, t)
    lesions: list[Lesion] = field(default_factory=list)
    # (distance field, rotation, translation, foramen centre): bone that can indent a root near that foramen
    bone_obstacles: list[tuple] = field(default_factory=list)
    # Level id -> the motion of that foramen's upper vertebra (the section plane rides with it).
    upper_motion: dict[str, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=lambda: {lv: (np.eye(3), np.zeros(3)) for lv in LEVELS})
    touched: set[tuple[str, str]] = field(default_factory=set)  # (level id, side) foramina whose walls changed
    measures: dict[str, dict[str, dict]] = field(default_factory=dict)  # PathologyResult.measures
    hidden: dict[str, np.ndarray] = field(default_factory=dict)  # PathologyResult.hidden
    removed: set[str] = field(default_factory=set)  # PathologyResult.removed
    cuts: list[Lesion] = field(default_factory=list)  # what a procedure cut away (Engine.carve)
    implants: list[Implant] = field(default_factory=list)  # PathologyResult.implants


class PathologyEngine:
    """Holds the baseline vertices and everything precomputable; `evaluate` is the per-change step."""

    def __init__(self, shown: dict[str, Surface], manifest: dict, measure: dict[str, Surface] | None = None):
        """`shown`: the surfaces the caller draws and wants moved; `measure`: their full-detail versions, when
        the shown ones are the light ones.

        Foraminal figures (bones, discs) and compression (roots, ganglia, sac) are measured on the dense
        surfaces when given, so the window, the CLI and the tests report the same numbers. Bones push a root
        out of them in a narrowed foramen by their outward normals; discs are sliced by their triangles.
        """
        shown = owned(shown)  # (a renderer drawing these meshes moves their points and normals in place)
        self.surfaces = measure or shown
        self.baseline = {k: np.asarray(v.points, float).copy() for k, v in shown.items()}
        self.shown_triangles = {k: v.triangles for k, v in shown.items()}
        self.shown_normals = {k: v.normals for k, v in shown.items()}
        self.measure_baseline = {k: np.asarray(v.points, float) for k, v in (measure or {}).items()}
        self.geometry = SpineGeometry.from_dict(manifest["geometry"])
        self.verts = self.geometry.vertebrae
        self.paths = {rid: RootPath.from_dict(rid, d) for rid, d in manifest["root_paths"].items()}
        self.landmarks = {k: np.array(v) for k, v in manifest["landmarks"].items()}
        self._fields: dict[tuple, SampledField] = {}
        self._distances: dict[str, SurfaceDistance] = {}
        self._memo: dict[tuple, object] = {}
        self._plane_cache: dict[tuple, np.ndarray] = {}
        self._bounds_cache: dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._healthy: PathologyResult | None = None  # the scene without lesions, whose figures others keep
        # Each neural vertex belongs to the nearest centreline sample (for per-cross-section compression).
        self.cross_sections = {sid: self._cross_sections(sid, pts) for sid, pts in self.baseline.items()
                               if sid.startswith(NEURAL_PREFIXES)}
        self.dense_cross_sections = {sid: self._cross_sections(sid, pts) for sid, pts in self.measure_baseline.items()
                                     if sid.startswith(NEURAL_PREFIXES)}
        self.evaluate()  # the healthy scene, whose foramina and canal a lesion's scene keeps where it can

    def _cross_sections(self, sid: str, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(sample index, local radius) per vertex of a neural structure."""
        if sid == "thecal_sac":
            return np.round(pts[:, 2]).astype(int), np.full(len(pts), 0.5 * SAC_DEPTH)
        path = self.paths[sid.replace("drg_", "root_")]
        _, idx = cKDTree(path.points).query(pts)
        if sid.startswith("root_"):
            return idx, path.radii[idx]
        return np.zeros(len(pts), int), np.full(len(pts), 0.5 * GANGLION_SIZE[0])

    def bone_field(self, bone_id: str, foramen_centre: np.ndarray, part: str = "",
                   vertices: np.ndarray | None = None) -> "SampledField | None":
        """A bone's distance field sampled once around a foramen (each stenosis step then interpolates).

        `vertices` (a mask of the dense bone's vertices, named by `part`) limits it to a piece of the bone
        that moves on its own (the body of a vertebra whose pars is broken)."""
        surface = self.surfaces.get(bone_id)
        if surface is None or surface.normals is None:
            return None
        key = (bone_id, part, tuple(np.round(foramen_centre, 3)))
        if key not in self._fields:
            distance = self.surface_distance(bone_id)
            if vertices is not None:
                distance = PieceDistance(distance, vertices)
            self._fields[key] = SampledField(distance, foramen_centre, OBSTACLE_REACH + 4.0)
        return self._fields[key]

    def surface_distance(self, bone_id: str) -> SurfaceDistance:
        """A bone's exact signed distance function (kept: its search tree is built once)."""
        if bone_id not in self._distances:
            surface = self.surfaces[bone_id]
            self._distances[bone_id] = SurfaceDistance(surface.points, surface.normals)
        return self._distances[bone_id]

    def memo(self, key: tuple, compute):
        """What a lesion kind derives from the baseline anatomy alone, computed once per engine (not per step)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def lateral_recess(self, level_id: str, side: str) -> tuple:
        """(the disc's frame, a world point) of the lateral recess below a disc: where the traversing root runs
        RECESS_BELOW_DISC_MM below the disc's mid-plane, between the back of the disc and the superior
        articular process (reference section 5)."""
        def find():
            disc = self.disc_frame(level_id)
            path = self.paths[f"root_{traversing_root(level_id)}_{side}"]
            return disc, path.points[int(np.argmin(np.abs(disc.to_local(path.points)[:, 2] + RECESS_BELOW_DISC_MM)))]

        return self.memo(("lateral_recess", level_id, side), find)

    def memo_for(self, key: tuple, source: np.ndarray, compute):
        """What a kind derives from one array of vertices, kept while they are the same array (a slider moves
        the same baseline on every step)."""
        cached = self._memo.get(key)
        if cached is None or cached[0] is not source:
            cached = self._memo[key] = (source, compute())
        return cached[1]

    def vertebra_part_mask(self, sid: str, points: np.ndarray, parts: tuple[str, ...], detail: str) -> np.ndarray:
        """Which of a vertebra's vertices (`detail`: "shown", "dense" or "surface") lie in the named parts
        (l5viz.anatomy.parts)."""
        name = sid.replace("vertebra_", "")
        return self.memo_for(("parts", sid, parts, detail), points, lambda: np.isin(
            vertebra_parts(points, self.verts[name]), [VERTEBRA_PARTS.index(p) for p in parts]))

    def bone_distance(self, bone_id: str, points: np.ndarray) -> np.ndarray:
        """Signed distance (mm, negative inside) from points to a bone at baseline."""
        return self.surface_distance(bone_id)(np.asarray(points, float))

    # ---- geometry helpers -------------------------------------------------------------------
    def disc_frame(self, level_id: str):
        return self.geometry.discs[level_id].frame

    def upper_lower(self, level_id: str):
        _, lower_bone = bones_of(level_id)
        return self.geometry.upper_vertebra(level_id), lower_bone

    def disc_outline(self, level_id: str, part: str = "disc") -> np.ndarray:
        """Where a disc's annulus (`part` "disc": its outer and inner outlines) or its nucleus ("nucleus") crosses
        the disc's mid-plane (disc frame, x and y), as points along the cut.

        Cut from its triangles, so a flat wall with few vertices (the back of a decimated disc) still has
        its outline; cached per level and part.
        """
        key = ("outline", level_id, part)
        if key not in self._plane_cache:
            surface = self.surfaces[f"{part}_{level_id}"]
            local = self.disc_frame(level_id).to_local(surface.points)
            self._plane_cache[key] = plane_section(local, surface.triangles)
        return self._plane_cache[key]

    def disc_margin(self, level_id: str, x_local: float, direction_local: np.ndarray, part: str = "disc") -> np.ndarray:
        """Where disc material leaves the annulus for a zone: the outline point furthest toward `direction` at
        the zone's lateral position `x_local` (disc frame, mid-height), or, where the disc does not reach that
        far out, its furthest point toward `direction` on that side. With `part` "nucleus", where it leaves
        the nucleus (the inner end of the annular fissure it escapes through)."""
        outline = self.disc_outline(level_id, part)
        d = np.asarray(direction_local[:2], float)
        d = d / np.linalg.norm(d)
        at_x = outline[np.abs(outline[:, 0] - x_local) < 1.0]
        if not len(at_x):
            at_x = outline[outline[:, 0] * np.sign(x_local) > 0]
        far = at_x[np.argmax(at_x @ d)]
        # Straight back, the material leaves at the zone's own lateral position (not up to 1 mm to one side).
        x = x_local if d[0] == 0.0 and abs(far[0] - x_local) < 1.0 else far[0]
        return self.disc_frame(level_id).to_world([x, far[1], 0.0])

    # ---- services for the lesion kinds ----------------------------------------------------------
    def move_above(self, step: Step, level_id: str, rot: np.ndarray, trans: np.ndarray,
                   keep: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None) -> None:
        """Move everything above a disc by p -> R p + t, blending across the disc's thickness; the pelvis
        stays. `keep`: per structure, 0-1 per vertex of how much stays behind (a loose posterior arch), for
        its shown and its dense vertices.

        A bone that moves whole is recorded in `step.motions`, so a renderer can move its actor instead.
        """
        for lv, (r0, t0) in step.upper_motion.items():
            if lv <= level_id:  # this foramen's upper vertebra lies above the disc
                step.upper_motion[lv] = then_move((r0, t0), rot, trans)
        keep = keep or {}
        translation = np.array_equal(rot, np.eye(3))  # a slip: no product with the rotation needed

        def shift(p: np.ndarray) -> np.ndarray:  # how far each point goes if it follows the segment whole
            return np.broadcast_to(trans, p.shape) if translation else p @ rot.T + trans - p

        for sid in list(step.pts):
            if sid in FIXED_BONES:
                continue
            p = step.pts[sid]
            w, follows = self.blend_weights(level_id, sid, p, "shown")
            if sid in keep:
                w = w * (1.0 - keep[sid][0])
                follows = "none" if not w.any() else "whole" if w.min() == 1.0 else "blended"
            if follows == "none":
                continue
            if follows == "whole" and (sid not in step.changed or sid in step.motions):
                step.pts.move_whole(sid, rot, trans)  # its vertices are computed if anything reads them
                step.motions[sid] = then_move(step.motions.get(sid), rot, trans)
            else:
                moved = p + w[:, None] * shift(p)
                if translation and p is self.baseline.get(sid) and not ((w > 0.0) & (w < 1.0)).any():
                    step.pts.move_pieces(sid, moved)  # (a loose arch left behind: each piece keeps its normals)
                else:
                    step.pts[sid] = moved
                step.motions.pop(sid, None)
                self._carry_bounds((sid, "shown"), p, moved, rot, trans)
            step.changed.add(sid)

        def follow(sid, p, level_id=level_id):
            w, follows = self.blend_weights(level_id, sid, p, "dense")
            if sid in keep:
                w = w * (1.0 - keep[sid][1])
            if follows == "none":
                return p
            moved = p + w[:, None] * shift(p)
            self._carry_bounds((sid, "dense"), p, moved, rot, trans)
            return moved

        step.dense.then(follow, set(step.dense.base) - set(FIXED_BONES))

    def blend_weights(self, level_id: str, sid: str, points: np.ndarray, detail: str) -> tuple[np.ndarray, str]:
        """0 below the disc, 1 above it, linear across its thickness: how much a point follows the segment; and
        whether the structure follows it "whole", "blended" or not at all ("none").

        Bone does not bend: a vertebra follows the segment whole when it lies above the disc (its inferior
        endplate rim dips into the disc's thickness at the back, where the disc is lower), or stays.
        Kept per structure and `detail` ("shown" or "dense") while its vertices are the same array.
        """
        def find():
            f = self.disc_frame(level_id)
            z = f.to_local(points)[:, 2]
            half = 0.5 * self.geometry.discs[level_id].mean_height
            weights = np.clip((z + half) / (2 * half), 0.0, 1.0)
            if sid.startswith("vertebra_"):
                weights = np.full(len(weights), float(weights.mean() > 0.5))
            return weights, "none" if not weights.any() else "whole" if weights.min() == 1.0 else "blended"

        return self.memo_for(("blend", level_id, sid, detail), points, find)

    def add_bone_obstacles(self, step: Step, level_id: str, side: str, upper_motion, centre=None) -> None:
        """Let the bones round a foramen (its upper vertebra, moved by `upper_motion`, and the bone below)
        indent a root within OBSTACLE_REACH of `centre` (the foramen's centre unless given): bone holds a
        root, it never passes through it."""
        upper, lower_bone = self.upper_lower(level_id)
        centre = self.landmarks[f"foramen_{level_id}_{side}"] if centre is None else np.asarray(centre, float)
        for bone, (rot, trans) in ((f"vertebra_{upper.name}", upper_motion), (lower_bone, (np.eye(3), np.zeros(3)))):
            bone_field = self.bone_field(bone, centre)
            if bone_field is not None:
                step.bone_obstacles.append((bone_field, rot, trans, centre))

    def carve(self, step: Step, cut: Lesion, structures: Iterable[str]) -> None:
        """Take away what lies inside `cut` (an ellipsoid) of each structure, as a burr or a rongeur does: its
        vertices there slide along the cut's `push` to the cut's far side, so the surface follows the cut's
        wall and stays closed (a slab still fills its section). Bone that held a root near a foramen no longer
        holds it where the cut has taken it away."""
        def sweep(_, points: np.ndarray) -> np.ndarray:
            inside = cut.contains(points)
            if not inside.any():
                return points
            points = points.copy()
            points[inside] = cut.push_out(points[inside])[0]
            return points

        for sid in structures:
            if sid not in step.pts:
                continue
            carved = sweep(sid, step.pts[sid])
            if carved is step.pts[sid]:
                continue
            step.pts[sid] = carved
            step.changed.add(sid)
            step.motions.pop(sid, None)
            step.dense.then(sweep, {sid} & set(step.dense.base))
        step.bone_obstacles = [(CarvedField(sdf, cut, rot, trans), rot, trans, centre)
                               for sdf, rot, trans, centre in step.bone_obstacles]
        step.cuts.append(cut)

    # ---- evaluation -----------------------------------------------------------------------------
    def evaluate(self, overlays: Iterable[LesionSpec] = ()) -> PathologyResult:
        """Deform and measure the scene for lesions of any registered kinds (each kind's `deform`, in stage
        order), then push the neural tissue out of every obstacle and measure it."""
        specs = list(overlays)
        for kind in registry().values():  # (a procedure takes out or shrinks what it treats)
            specs = kind.revise(specs)
        step = Step(ShownVertices(self.baseline), LazyVertices(self.measure_baseline))
        by_kind = {kind: mine for kind in registry().values() if (mine := [s for s in specs if isinstance(s, kind.spec)])}
        for kind, mine in by_kind.items():
            kind.deform(self, mine, step)
        for lesion in step.lesions:
            if lesion.drawn_by:
                self.draw_with_surface(step, lesion)
        pts, dense, changed, motions, lesions = step.pts, step.dense, step.changed, step.motions, step.lesions
        bone_obstacles = step.bone_obstacles
        compression, vertex_compression, displacement = {}, {}, {}
        measured = {}  # neural id -> its vertices as measured (the dense mesh's when there is one), pushed so far
        # The exiting roots and ganglia of the foramina whose walls changed: the fat round them is measured.
        in_changed_foramina = {f"{part}_{exiting_root(lv)}_{side}" for lv, side in step.touched for part in ("root", "drg")}
        spheres = obstacle_spheres(lesions, bone_obstacles)
        walls = self.walls(frozenset(step.removed), tuple(step.cuts))
        for sid in self.cross_sections:
            if sid in pts.pending and not reaches_box(*spheres, *self._box_moved_whole(pts, sid)).any():
                # Moved whole and touched by nothing: it stays an actor's motion, its vertices uncomputed.
                compression[sid], displacement[sid] = {"mm": 0.0, "percent": 0.0}, 0.0
                continue
            before = pts[sid]
            new, depth = self.push_neural(before, lesions, bone_obstacles, (sid, "shown"), spheres, walls)
            if depth.any():
                pts[sid] = new
                changed.add(sid)
                motions.pop(sid, None)
            if sid in self.dense_cross_sections and depth.any():
                # Measured on the dense mesh, moved the same way. (An untouched shown mesh means the dense one is
                # touched by less than the two meshes differ, well under ROOT_SLACK: no compression either way,
                # so the dense push is skipped; where a report reads the fat round it, it is pushed then.)
                d_before = dense[sid]
                d_new, d_depth = self.push_neural(d_before, lesions, bone_obstacles, (sid, "dense"), spheres, walls)
                compression[sid], by_section = self.compression_of(self.dense_cross_sections[sid], d_depth, d_before,
                                                                   d_new)
                displacement[sid] = round(float(d_depth.max()), 2)
                measured[sid] = d_new
            else:
                compression[sid], by_section = self.compression_of(self.cross_sections[sid], depth, before, new)
                displacement[sid] = round(float(depth.max()), 2) if len(depth) else 0.0
            if by_section:
                vertex_compression[sid] = self.per_vertex(sid, by_section)
        unpushed = (in_changed_foramina & set(self.dense_cross_sections)) - set(measured)
        dense.then(lambda sid, p: self.push_neural(p, lesions, bone_obstacles, (sid, "dense"), walls=walls)[0],
                   unpushed)
        measured = ChainMap(measured, dense, pts)  # the neural tissue as a report measures it, moved when read
        named = tuple(dict.fromkeys(part for kind, mine in by_kind.items() for spec in mine
                                    for part in kind.named_parts(spec)))
        result = PathologyResult(pts.only(changed), lesions, compression, vertex_compression,
                                 displacement, motions, step.hidden, named, frozenset(step.removed), step.implants)
        result.measure_sections = lambda: self._measure_sections(bool(specs), step, measured)
        result.measure_kinds = lambda: self._kind_measures(by_kind, step, measured, result)
        if not specs and self._healthy is None:  # the healthy scene is the same every time: measured once
            self._healthy = result
        return result

    def draw_with_surface(self, step: Step, lesion: Lesion) -> None:
        """Let a structure's surface draw a lesion (Lesion.drawn_by): its outward-facing vertices inside the
        lesion move along the lesion's push onto its far side, on the shown and the dense mesh alike, and those
        beside it follow part of the way, less with each ring of neighbours (BULGE_TAPER_RINGS), so the
        contour swells smoothly instead of stepping out at the lesion's edge. The inner wall (an annulus's,
        against the nucleus) faces away and stays, so no gap opens inside."""
        sid = lesion.drawn_by

        def wrap(points: np.ndarray, normals: np.ndarray | None, triangles: np.ndarray, detail: str) -> np.ndarray:
            facing = np.ones(len(points), bool) if normals is None else normals @ lesion.push > 0.0
            inside = lesion.contains(points) & facing
            if not inside.any():
                return points
            reach = np.zeros(len(points))
            reach[inside] = lesion.push_out(points[inside])[1]
            neighbours = self.memo(("neighbours", sid, detail), lambda: neighbour_mean(triangles, len(points)))
            for _ in range(BULGE_TAPER_RINGS):  # each ring beside the lesion moves half as far as the one inside it
                reach = np.where(facing, np.maximum(reach, 0.5 * (neighbours @ reach)), 0.0)
            moved = points + reach[:, None] * lesion.push
            into = lesion.contains(moved) & facing  # (one that followed into the lesion goes on through it)
            moved[into] = lesion.push_out(moved[into])[0]
            return moved

        step.pts[sid] = wrap(step.pts[sid], self.shown_normals.get(sid), self.shown_triangles[sid], "shown")
        step.changed.add(sid)
        step.motions.pop(sid, None)
        surface = self.surfaces[sid]
        step.dense.then(lambda _, p: wrap(p, surface.normals, surface.triangles, "dense"), {sid})

    def _measure_sections(self, lesioned: bool, step: Step, measured: Mapping) -> tuple[dict, dict]:
        """The foramina and the canal of an evaluated scene (PathologyResult.foramina, .canal). A foramen whose
        walls no kind changed, and the canal while the sac is untouched, keep the healthy scene's figures."""
        healthy = self._healthy if lesioned else None
        foramina = {}
        # Each kind marks the foramina whose walls it changed; a foramen of another level moves whole with its
        # vertebrae, and its section plane with it: its figures stand.
        for lv in LEVELS:
            for side in SIDES:
                key = f"foramen_{lv}_{side}"
                if healthy is None or (lv, side) in step.touched:
                    foramina[key] = self.measure_foramen(lv, side, measured,
                                                         step.lesions, step.upper_motion[lv])
                else:
                    foramina[key] = dict(healthy.foramina[key])
        for key, figures in foramina.items():  # the fat left round the root, as a share of the healthy foramen's
            before, now = (healthy.foramina if healthy else foramina)[key]["fat_mm2"], figures["fat_mm2"]
            figures["fat_remaining_percent"] = round(100.0 * now / before, 1) if before and now is not None else None
        canal = {}
        if "thecal_sac" in self.cross_sections:
            sac_moved = "thecal_sac" in step.changed
            canal = {lv: self.canal_figures(lv, measured["thecal_sac"], step.upper_motion[lv])
                     if healthy is None or sac_moved else dict(healthy.canal[lv]) for lv in LEVELS}
        return foramina, canal

    def _kind_measures(self, by_kind: dict, step: Step, measured: Mapping, result: "PathologyResult") -> dict:
        """What each kind reads off the neural tissue once it has been pushed (PathologyResult.measures): what
        its `deform` measured, and its `measure`."""
        measures = {k: dict(v) for k, v in step.measures.items()}
        for kind, mine in by_kind.items():
            kind.measure(self, mine, result, measured, measures)
        return measures

    def canal_figures(self, level_id: str, sac_points: np.ndarray, motion=None) -> dict[str, float]:
        """The dural sac's area and front-to-back depth where the disc's mid-plane cuts it (the axial slice a
        report measures on). The plane rides with the disc's upper vertebra (`motion`), half-way: a slip
        shears the disc, and the slice a report measures on follows its middle."""
        baseline, normal = disc_mid_plane(self.geometry, level_id)
        axes = self.disc_frame(level_id).axes
        # (a slip moves the plane mostly within itself: the sac's triangles near the baseline plane still hold
        # every one it cuts, and the cache keeps one set per disc)
        origin = baseline if motion is None else baseline + 0.5 * (motion[0] @ baseline + motion[1] - baseline)
        local = (np.asarray(sac_points, float) - origin) @ np.vstack([axes[2], axes[1], axes[0]]).T
        area, depth = section_area(local, self._near_plane("thecal_sac", baseline, normal))
        return {"dural_sac_area_mm2": round(area, 1), "dural_sac_ap_mm": round(depth, 1)}

    def push_neural(self, points, lesions, bone_obstacles, bounds_key=None, spheres=None, walls=None):
        """Move neural vertices out of every lesion and, near a stenotic foramen, out of bone.

        A structure whose bounding box no obstacle reaches is returned untouched without per-vertex work
        (most roots, on most slider steps). `bounds_key` names the structure so its box is computed once
        while its vertices are the same array (always, unless a stenosis moved them). `spheres`: the
        obstacles' reach (obstacle_spheres), found once per evaluation. `walls`: what holds a root a displacing
        lesion moves (Engine.walls), the scene's own when a procedure has taken some away.
        """
        lo, hi = self._bounds(points, bounds_key)
        centres, radii = obstacle_spheres(lesions, bone_obstacles) if spheres is None else spheres
        reaching = reaches_box(centres, radii, lo, hi) if len(radii) else np.zeros(0, bool)
        if not reaching.any():
            return points, np.zeros(len(points))
        moved, pushed = points.copy(), False
        held_root = bounds_key is not None and bounds_key[0].startswith(("root_", "drg_"))
        # A displacing lesion moves a root whole before it flattens it (displace_root): it goes last, the rest first.
        order = sorted(range(len(lesions)), key=lambda k: held_root and lesions[k].displaces)
        before_pushing, by_mass = None, None
        for k in order:
            lesion = lesions[k]
            if not reaching[k]:
                continue
            reach = within(moved, centres[k], radii[k])
            if not reach.any():
                continue
            out, _ = lesion.push_out(moved[reach])
            if held_root and lesion.displaces:
                if before_pushing is None:
                    before_pushing, by_mass = moved.copy(), np.zeros_like(moved)
                by_mass[reach] += out - moved[reach]
            moved[reach], pushed = out, True
            lo, hi = np.minimum(lo, out.min(axis=0)), np.maximum(hi, out.max(axis=0))
            reaching = reaches_box(centres, radii, lo, hi)  # the box grew: more may reach it now
        if by_mass is not None and by_mass.any():
            masses = [les for les in lesions if les.displaces]
            moved = self.displace_root(*bounds_key, points, before_pushing, by_mass, masses, walls or self.walls())
        near_centre = {}  # the vertices near each foramen's centre (its bones share it), until a bone moves some
        for k, (sdf, rot, trans, centre) in enumerate(bone_obstacles):
            if not reaching[len(lesions) + k]:
                continue
            key = centre.tobytes()
            if key not in near_centre:
                near_centre[key] = within(moved, centre, OBSTACLE_REACH)
            near = near_centre[key]
            if not near.any():
                continue
            local = (moved[near] - trans) @ rot  # into the bone's original position
            inside, d = sdf.inside(local)
            if inside.any():
                q = local[inside]
                eps = 0.2
                steps = np.concatenate([np.eye(3) * eps, -np.eye(3) * eps])  # both ways along each axis, in one call
                either = sdf((q[None] + steps[:, None]).reshape(-1, 3)).reshape(6, -1)
                grad = ((either[:3] - either[3:]) / (2 * eps)).T
                grad /= np.maximum(np.linalg.norm(grad, axis=1), 1e-6)[:, None]
                q_out = q - d[:, None] * grad
                block = moved[near]
                block[inside] = q_out @ rot.T + trans
                moved[near], pushed = block, True
                near_centre.clear()
        if not pushed:  # near obstacles but outside them all (a slip's roots beside bone on most steps)
            return points, np.zeros(len(points))
        return moved, np.linalg.norm(moved - points, axis=1)

    def displace_root(self, sid: str, detail: str, baseline: np.ndarray, start: np.ndarray, by_mass: np.ndarray,
                      masses: list[Lesion], walls) -> np.ndarray:
        """A displacing mass (`masses`: disc material, a far-out osteophyte) moves a root (or ganglion) whole,
        cross-section by cross-section, as far as the room behind it allows, and flattens it against what holds
        it by the rest (Pfirrmann 2004: deviation, then compression between the disc and the canal wall).

        A section the masses would push `D` mm (`by_mass`, from `start`) with `room` mm free behind it before
        bone or ligament (`rooms_behind`) moves min(D, room) whole across the root's course; the material then
        pushes out what it still covers, and nothing passes the wall. Nothing within ROOM_REACH_MM holds it: it
        is only displaced (beyond its ganglion its tether holds it, TETHER_MM). Either side the root bends over
        the lesion (ROOT_BEND_SLOPE), each section no further than its own room."""
        samples = (self.cross_sections if detail == "shown" else self.dense_cross_sections)[sid][0]
        depth = np.linalg.norm(by_mass, axis=1)
        order = np.lexsort((depth, samples))
        deepest = order[np.r_[samples[order][1:] != samples[order][:-1], True]]  # each section's deepest vertex
        deepest = deepest[depth[deepest] > 0.05]
        if not len(deepest):
            return start + by_mass
        pushed, reach = samples[deepest], depth[deepest]
        arc = self.memo(("arc", sid), lambda: self.path_length(sid))
        tangents = self.memo(("tangents", sid), lambda: self.path_tangents(sid))[pushed]
        # A root is a cord: it gives way across its course, not along it.
        across = by_mass[deepest] - np.einsum("ij,ij->i", by_mass[deepest], tangents)[:, None] * tangents
        across /= np.maximum(np.linalg.norm(across, axis=1), 1e-9)[:, None]
        sections = self.memo(("sections", sid, detail), lambda: np.unique(samples))
        gap = np.abs(arc[sections][:, None] - arc[pushed][None, :])  # along the root, to each pushed section
        reachable = gap.min(axis=1) <= reach.max() / ROOT_BEND_SLOPE + ROOM_SPAN_MM
        sections, nearest = sections[reachable], np.argmin(gap[reachable], axis=1)  # (index into `pushed`)
        direction = across[nearest]
        # (the room is kept only for the root as it was built: not after a slip or a tilt has moved it)
        built = baseline is self.baseline.get(sid) or baseline is self.measure_baseline.get(sid)
        at_baseline = built and (start is baseline or np.array_equal(start, baseline))
        room = self.rooms_behind(sid, detail, sections, direction, start, samples, at_baseline, walls)
        if sid.startswith("root_"):  # beyond its ganglion the nerve is tethered (TETHER_MM)
            beyond = sections > self.paths[sid].ganglion_index
            room[beyond] = np.minimum(room[beyond], TETHER_MM)
        # A section's rays can slip through a chink between two walls that hold the root as a whole: it goes no
        # further than the sections round it (the median within ROOM_SPAN_MM along the root).
        room = np.minimum(room, running_median(room, arc[sections], ROOM_SPAN_MM))
        shift = np.minimum(reach, room[np.searchsorted(sections, pushed)])
        bend = np.max(shift[:, None] - ROOT_BEND_SLOPE * np.abs(arc[sections][None, :] - arc[pushed][:, None]), axis=0)
        # Per vertex of the sections within reach: its section's direction, whole move and wall.
        slot = np.full(samples.max() + 1, -1)
        slot[sections] = np.arange(len(sections))
        held = np.flatnonzero(slot[samples] >= 0)
        at = slot[samples[held]]
        u = direction[at]
        back = np.full(len(sections), -np.inf)
        np.maximum.at(back, at, np.einsum("ij,ij->i", start[held], u))
        wall = back + room  # nothing passes the wall that holds a section
        section = start[held] + np.maximum(np.minimum(bend, room), 0.0)[at, None] * u
        for lesion in masses:  # what the material still covers it pushes out across the root's course too
            section, _ = lesion.push_out(section, along=u)
        moved = start + by_mass
        moved[held] = section - np.maximum(np.einsum("ij,ij->i", section, u) - wall[at], 0.0)[:, None] * u
        return self.out_of_walls(start, moved, held, u, walls)

    def out_of_walls(self, start: np.ndarray, moved: np.ndarray, held: np.ndarray, across: np.ndarray,
                     walls) -> np.ndarray:
        """Where the walls are not flat across a section (the plane `displace_root` holds it at), a vertex can end
        inside one: it goes back along its direction (`across`, for the vertices `held`) until no deeper than it
        lay at the start (a healthy root may lie against a wall as it was built)."""
        shifted = np.linalg.norm(moved[held] - start[held], axis=1) > 0.05
        held, across = held[shifted], across[shifted]
        if not len(held):
            return moved
        allowed = np.minimum(walls(start[held]), 0.0)
        for _ in range(4):
            over = allowed - walls(moved[held])
            deep = over > 0.05
            if not deep.any():
                break
            moved[held[deep]] -= over[deep, None] * across[deep]
        return moved

    def path_length(self, sid: str) -> np.ndarray:
        """Distance (mm) along a root's path to each of its sections; a ganglion is one section, at its centre."""
        path = self.paths[sid.replace("drg_", "root_")]
        if sid.startswith("drg_"):
            return np.zeros(1)
        return np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(path.points, axis=0), axis=1))])

    def path_tangents(self, sid: str) -> np.ndarray:
        """The unit direction of a root's course at each of its sections (a ganglion's: at its centre)."""
        path = self.paths[sid.replace("drg_", "root_")]
        tangents = np.gradient(path.points, axis=0)
        tangents /= np.linalg.norm(tangents, axis=1)[:, None]
        return tangents[[path.ganglion_index]] if sid.startswith("drg_") else tangents

    def rooms_behind(self, sid: str, detail: str, sections: np.ndarray, directions: np.ndarray, points: np.ndarray,
                     samples: np.ndarray, at_baseline: bool, walls) -> np.ndarray:
        """How far each of a root's cross-sections can move along its direction before its back (its vertices
        furthest along it) meets bone or ligament (HOLDER_PREFIXES), up to ROOM_REACH_MM (then inf). Marched
        through the walls' signed distance, every section not yet known at once; kept per section and direction
        while the root is where it was built (`at_baseline`)."""
        keys = [("room", walls.key, sid, detail, int(m), tuple(np.round(u, 3))) for m, u in zip(sections, directions)]
        rooms = np.array([self._memo.get(key, np.nan) if at_baseline else np.nan for key in keys])
        todo = np.flatnonzero(np.isnan(rooms))
        if not len(todo):
            return rooms
        rims, ray_dirs, owner = [], [], []
        for j in todo:
            sel = samples == sections[j]
            back = points[sel][np.argsort(points[sel] @ directions[j])[-6:]]  # the section's back
            rims.append(back)
            ray_dirs.append(np.broadcast_to(directions[j], back.shape))
            owner += [j] * len(back)
        rim, ray, owner = np.vstack(rims), np.vstack(ray_dirs), np.array(owner)
        t = np.zeros(len(rim))
        free = np.ones(len(rim), bool)
        for _ in range(80):
            idx = np.flatnonzero(free)
            d = walls(rim[idx] + t[idx, None] * ray[idx])
            hit = d <= 0.0
            free[idx[hit]] = False
            t[idx[~hit]] += np.maximum(0.8 * d[~hit], 0.2)
            free &= t < ROOM_REACH_MM
            if not free.any():
                break
        reached = np.where(t < ROOM_REACH_MM, t, np.inf)
        for j in todo:
            rooms[j] = float(reached[owner == j].min())
            if at_baseline:
                self._memo[keys[j]] = rooms[j]
        return rooms

    def walls(self, removed: frozenset[str] = frozenset(), cuts: tuple[Lesion, ...] = ()) -> "TiledField | CarvedField":
        """The walls' signed distance, sampled where it is asked for (built once per set of structures a
        procedure `removed`), less what its `cuts` took away."""
        whole = self.memo(("holders", removed), lambda: TiledField(self.holder_distance(removed), ("holders", removed)))
        for cut in cuts:
            whole = CarvedField(whole, cut, np.eye(3), np.zeros(3))
        return whole

    def holder_distance(self, removed: frozenset[str] = frozenset()) -> SurfaceDistance:
        """The signed distance to the canal's and foramina's walls together (one search tree), less any a
        procedure removed."""
        ids = [sid for sid, surface in self.surfaces.items()
               if sid.startswith(HOLDER_PREFIXES) and surface.normals is not None and sid not in removed]
        return SurfaceDistance(np.vstack([self.surfaces[sid].points for sid in ids]),
                               np.vstack([self.surfaces[sid].normals for sid in ids]))

    def _bounds(self, points: np.ndarray, key) -> tuple[np.ndarray, np.ndarray]:
        """A structure's box (`key`: its id and detail), kept for its built vertices and for its latest ones."""
        for cached in (self._bounds_cache.get(key), self._bounds_cache.get((key, "built"))):
            if cached is not None and cached[0] is points:
                return cached[1], cached[2]
        cached = (points, points.min(axis=0), points.max(axis=0))
        if key is not None:
            sid, detail = key
            built = (self.baseline if detail == "shown" else self.measure_baseline).get(sid)
            self._bounds_cache[(key, "built") if points is built else key] = cached
        return cached[1], cached[2]

    def _carry_bounds(self, key, before: np.ndarray, after: np.ndarray, rot: np.ndarray, trans: np.ndarray) -> None:
        """The box of vertices blended between where they were and p -> R p + t (each on the segment between the
        two): within the box of both, found from the corners of the first box, not the vertices. Only
        push_neural's first test reads it, so a box a little larger than the vertices' is enough."""
        if key[0] not in self.cross_sections:
            return
        lo, hi = self._bounds(before, key)
        corners = box_corners(lo, hi) @ rot.T + trans
        self._bounds_cache[key] = (after, np.minimum(lo, corners.min(axis=0)), np.maximum(hi, corners.max(axis=0)))

    def _box_moved_whole(self, pts: "ShownVertices", sid: str) -> tuple[np.ndarray, np.ndarray]:
        """The box of a structure's vertices that wait for their rigid motion, from its unmoved box's corners."""
        rot, trans = pts.pending[sid]
        corners = box_corners(*self._bounds(pts.arrays[sid], (sid, "shown"))) @ rot.T + trans
        return corners.min(axis=0), corners.max(axis=0)

    def compression_of(self, sections, depth: np.ndarray, before: np.ndarray, after: np.ndarray,
                       ) -> tuple[dict, dict[int, float]]:
        """How much the worst cross-section (the one flattened by the largest share of its own diameter) was
        squashed, in mm and % of its diameter, and that fraction (0-1) for each squashed cross-section.

        Within a cross-section, the spread of the pushes along the main push direction is the flattening:
        a root pushed whole is displaced, not compressed; pushes from opposite sides add up.
        """
        if not depth.any():
            return {"mm": 0.0, "percent": 0.0}, {}
        samples, radii = sections
        squashed = np.unique(samples[depth > 0.05])
        if not len(squashed):
            return {"mm": 0.0, "percent": 0.0}, {}
        mine = np.flatnonzero(np.isin(samples, squashed))
        # The vertices of the squashed sections, section by section, each section's deepest push last (of equal
        # ones, the first vertex): its direction is the section's main push.
        order = mine[np.lexsort((-mine, depth[mine], samples[mine]))]
        ends = np.flatnonzero(np.r_[samples[order][1:] != samples[order][:-1], True])
        starts = np.r_[0, ends[:-1] + 1]
        push = after[order] - before[order]
        unit = push[ends] / np.maximum(depth[order][ends], 1e-9)[:, None]
        along = np.einsum("ij,ij->i", push, np.repeat(unit, ends - starts + 1, axis=0))
        spread = np.maximum.reduceat(along, starts) - np.minimum.reduceat(along, starts)
        diameter = 2.0 * np.add.reduceat(radii[order], starts) / (ends - starts + 1)
        # (a section squashed flat spreads by its diameter: any more is the sheet sliding, not more squashing)
        mm = np.maximum(np.minimum(spread, diameter) - ROOT_SLACK, 0.0)
        percent = 100.0 * mm / diameter
        by_section = {int(k): round(100.0 * float(m) / float(d), 1) / 100.0  # as the report rounds it
                      for k, m, d in zip(squashed, mm, diameter) if m > 0.0}
        worst = int(np.argmax(percent))
        if percent[worst] <= 0.0:
            return {"mm": 0.0, "percent": 0.0}, by_section
        return {"mm": round(float(mm[worst]), 2), "percent": round(float(percent[worst]), 1)}, by_section

    def per_vertex(self, sid: str, by_section: dict[int, float]) -> np.ndarray:
        """Each drawn vertex's compression (0-1): that of its own cross-section, the sections numbered alike on
        the drawn and the measured mesh (the nearest sample of the root's path, or the sac's height in mm)."""
        samples = self.cross_sections[sid][0]
        present = self.memo(("present", sid), lambda: np.unique(samples))
        table = np.zeros(max(int(samples.max()), max(by_section)) + 1, np.float32)
        # A section the lighter drawn mesh has no vertex in shows on its nearest one (the lower of two as near),
        # so the drawn peak is the reported figure.
        wanted = np.fromiter(by_section, int, len(by_section))
        at = np.searchsorted(present, wanted)
        below, above = present[np.maximum(at - 1, 0)], present[np.minimum(at, len(present) - 1)]
        shown = np.where(wanted - below <= np.abs(above - wanted), below, above)
        np.maximum.at(table, shown, np.fromiter(by_section.values(), np.float32, len(by_section)))
        return table[samples]

    def _near_plane(self, sid: str, origin: np.ndarray, normal: np.ndarray) -> np.ndarray:
        """A surface's triangles with a vertex within 10 mm of a section plane at baseline (cached): a foramen's
        wall, or the sac where a disc's mid-plane cuts it.

        A stenosis moves a wall (a lesion the sac) by a few millimetres at most, so these hold every triangle
        the section can cut; the per-step work drops from the whole mesh to the part near the plane."""
        key = (sid, tuple(np.round(origin, 3)))
        if key not in self._plane_cache:
            surface = self.surfaces[sid]
            near = np.abs((np.asarray(surface.points) - origin) @ normal) < 10.0
            self._plane_cache[key] = surface.triangles[near[surface.triangles].any(axis=1)]
        return self._plane_cache[key]

    def measure_foramen(self, level_id: str, side_name: str, pts: Mapping, lesions: list[Lesion],
                        motion: tuple[np.ndarray, np.ndarray], with_edges: bool = False) -> dict:
        """Height, width and area of the foramen's free section (l5viz.anatomy.foramen), in the upper
        vertebra's parasagittal plane through the foramen's centre, bounded by the bones, the disc and the
        growths of a stenosis or herniation.

        The section plane rides with the upper vertebra (`motion`), as a sagittal MRI slice through the
        foramen would follow the patient's own anatomy.
        """
        rot, trans = motion
        origin, axes = foramen_plane(self.geometry, {"landmarks": self.landmarks}, level_id, side_name)
        walls = [(pts[sid], self._near_plane(sid, origin, axes[0]))
                 for sid in foramen_wall_ids(level_id, side_name) if sid in pts]
        for lesion in lesions:
            if lesion.kind != "ligament" or level_id in lesion.lesion_id:
                walls.append((ellipsoid_surface(lesion), None))
        # The free space is sought from half-way between where the upper and the lower bone put the centre: a
        # slip carries the upper wall forward past the lower one.
        hint = origin + 0.5 * (rot @ origin + trans - origin)
        root = exiting_root(level_id)
        nerve = [(pts[sid], self._near_plane(sid, origin, axes[0])) for sid in (f"root_{root}_{side_name}",
                                                                                f"drg_{root}_{side_name}")
                 if sid in pts and sid in self.surfaces]
        figures = foramen_figures(walls, rot @ origin + trans, axes @ rot.T, hint,
                                  disc_plane=disc_mid_plane(self.geometry, level_id), nerve=nerve)
        return figures if with_edges else {k: figures[k] for k in FORAMEN_FIGURES}

    def root_edges(self, level_id: str, side: str) -> dict[str, np.ndarray]:
        """Where the exiting root's edges lie in its healthy foramen's section (world points: its centre, and
        its top, bottom, front and back through the centre) with the section's up and forward directions,
        and the fat healthy in each direction (mm); found once."""
        def find():
            origin, axes = foramen_plane(self.geometry, {"landmarks": self.landmarks}, level_id, side)
            figures = self.measure_foramen(level_id, side, ChainMap(self.measure_baseline, self.baseline), [],
                                           (np.eye(3), np.zeros(3)), with_edges=True)
            e = figures["root_edges"]
            at = (lambda y, z: origin + y * axes[1] + z * axes[2])
            return {"centre": at(e["y"], e["z"]), "above": at(e["y"], e["above"]), "below": at(e["y"], e["below"]),
                    "front": at(e["front"], e["z"]), "behind": at(e["behind"], e["z"]), "up": axes[2],
                    "forward": axes[1], "across": axes[0], "fat_mm": figures["fat_mm"]}

        return self.memo(("root edges", level_id, side), find)


class ShownVertices(MutableMapping):
    """The shown vertices of one evaluation. A structure moved whole keeps its rigid motion and computes its
    vertices when something reads them: a renderer moves its actor instead, so on a slip or a stenosis step
    the tens of thousands of vertices of the bones above are not moved at all."""

    def __init__(self, base: Mapping[str, np.ndarray]):
        self.arrays = dict(base)
        self.pending: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # id -> (R, t) still to apply to its array
        self.pieces: set[str] = set()  # built vertices in pieces, each only translated: their built normals hold

    def move_pieces(self, sid: str, points: np.ndarray) -> None:
        self[sid] = points
        self.pieces.add(sid)

    def move_whole(self, sid: str, rot: np.ndarray, trans: np.ndarray) -> None:
        self.pending[sid] = then_move(self.pending.get(sid), rot, trans)

    def only(self, ids: Iterable[str]) -> "SomeVertices":
        """These vertices for the structures `ids` only (a result's changed ones)."""
        return SomeVertices(self, set(ids))

    def __getitem__(self, sid: str) -> np.ndarray:
        if sid in self.pending:
            rot, trans = self.pending.pop(sid)
            points = self.arrays[sid]
            self.arrays[sid] = points + trans if np.array_equal(rot, np.eye(3)) else points @ rot.T + trans
        return self.arrays[sid]

    def __contains__(self, sid) -> bool:  # (Mapping's would read the vertices, moving them)
        return sid in self.arrays

    def __setitem__(self, sid: str, points: np.ndarray) -> None:
        self.pending.pop(sid, None)
        self.pieces.discard(sid)
        self.arrays[sid] = points

    def __delitem__(self, sid: str) -> None:
        self.pending.pop(sid, None)
        self.pieces.discard(sid)
        del self.arrays[sid]

    def __iter__(self):
        return iter(self.arrays)

    def __len__(self) -> int:
        return len(self.arrays)


class SomeVertices(Mapping):
    """Some structures' vertices of an evaluation, read through it: one moved whole is computed once, whether
    the result or the engine's own measuring reads it first."""

    def __init__(self, vertices: ShownVertices, ids: set[str]):
        self.vertices, self.ids = vertices, ids

    @property
    def pending(self) -> set[str]:
        """Those still waiting for their motion to be applied (nothing has read them)."""
        return self.ids & set(self.vertices.pending)

    @property
    def pieces(self) -> set[str]:
        """Those whose built vertices moved in pieces, each only translated: their built normals hold."""
        return self.ids & self.vertices.pieces

    def __getitem__(self, sid: str) -> np.ndarray:
        if sid not in self.ids:
            raise KeyError(sid)
        return self.vertices[sid]

    def __contains__(self, sid) -> bool:
        return sid in self.ids

    def __iter__(self):
        return (sid for sid in self.vertices.arrays if sid in self.ids)

    def __len__(self) -> int:
        return len(self.ids)


class LazyVertices(Mapping):
    """The dense vertices, moved only when asked for: a step measures a few structures, not all of them.

    `then(move, ids)` queues a move (a function of the id and the vertices) for those structures; reading a
    structure applies its queued moves in order, once.
    """

    def __init__(self, base: dict[str, np.ndarray]):
        self.base = base
        self.moves: list[tuple[object, set[str]]] = []
        self.moved: dict[str, np.ndarray] = {}

    def then(self, move, ids: set[str]) -> None:
        self.moves.append((move, ids))
        for sid in set(ids) & set(self.moved):  # read already: moved on from where it is
            self.moved[sid] = move(sid, self.moved[sid])

    def __getitem__(self, sid: str) -> np.ndarray:
        if sid not in self.moved:
            points = self.base[sid]
            for move, ids in self.moves:
                if sid in ids:
                    points = move(sid, points)
            self.moved[sid] = points
        return self.moved[sid]

    def __iter__(self):
        return iter(self.base)

    def __len__(self) -> int:
        return len(self.base)


def neighbour_mean(triangles: np.ndarray, n_points: int):
    """A sparse matrix that averages each vertex's neighbours (the vertices it shares a triangle edge with)."""
    from scipy.sparse import coo_matrix

    edges = np.vstack([triangles[:, [0, 1]], triangles[:, [1, 2]], triangles[:, [2, 0]]])
    edges = np.unique(np.sort(edges, axis=1), axis=0)  # each edge once, whichever triangle names it
    rows, cols = np.r_[edges[:, 0], edges[:, 1]], np.r_[edges[:, 1], edges[:, 0]]
    adjacency = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_points, n_points)).tocsr()
    counts = np.maximum(np.asarray(adjacency.sum(axis=1)).ravel(), 1.0)
    return adjacency.multiply(1.0 / counts[:, None]).tocsr()


def running_median(values: np.ndarray, at: np.ndarray, span: float) -> np.ndarray:
    """The median of `values` over each one's neighbours in order within about `span` of its position `at`
    (evenly spaced; the ends repeat the end values)."""
    if len(values) < 2:
        return values
    half = max(1, int(round(span / max(float(np.mean(np.diff(at))), 1e-6))))
    padded = np.pad(values, half, mode="edge")
    return np.median(np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1), axis=1)


def then_move(motion: tuple[np.ndarray, np.ndarray] | None, rot: np.ndarray, trans: np.ndarray,
              ) -> tuple[np.ndarray, np.ndarray]:
    """The rigid motion `motion` (None: none yet) followed by p -> R p + t."""
    if motion is None:
        return rot, trans
    r0, t0 = motion
    return rot @ r0, rot @ t0 + trans


def obstacle_spheres(lesions: list[Lesion], bone_obstacles: list[tuple]) -> tuple[np.ndarray, np.ndarray]:
    """The centre and reach of everything that can push neural tissue: each lesion (and how far it swept), and
    the bones round each stenotic foramen (OBSTACLE_REACH of its centre)."""
    centres = np.array([les.centre for les in lesions] + [c for _, _, _, c in bone_obstacles]).reshape(-1, 3)
    radii = np.array([les.radii.max() + les.sweep + 0.5 for les in lesions] + [OBSTACLE_REACH] * len(bone_obstacles))
    return centres, radii


CORNER_OF = np.array([[i, j, k] for i in (0, 1) for j in (0, 1) for k in (0, 1)], bool)  # hi where True


def box_corners(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The eight corners of the box lo..hi."""
    return np.where(CORNER_OF, hi, lo)


def reaches_box(centres: np.ndarray, radii: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """For each sphere (centre, radius), whether it reaches into the box lo..hi."""
    gap = np.clip(centres, lo, hi) - centres
    return np.einsum("ij,ij->i", gap, gap) < radii * radii


def within(points: np.ndarray, centre: np.ndarray, radius: float) -> np.ndarray:
    """Which points lie closer than `radius` to `centre` (squared distances: no square roots per vertex)."""
    offset = points - centre
    return np.einsum("ij,ij->i", offset, offset) < radius * radius


def plane_section(local: np.ndarray, triangles: np.ndarray, spacing: float = 0.25) -> np.ndarray:
    """Where a surface crosses the plane z = 0 (its points in local coordinates): (x, y) points along each
    cut segment, about `spacing` mm apart."""
    z = local[:, 2]
    pieces = []
    for i, j in ((0, 1), (1, 2), (2, 0)):
        a, b = triangles[:, i], triangles[:, j]
        crossing = (z[a] > 0) != (z[b] > 0)
        t = z[a[crossing]] / (z[a[crossing]] - z[b[crossing]])
        pieces.append(local[a[crossing], :2] + t[:, None] * (local[b[crossing], :2] - local[a[crossing], :2]))
    ends = np.vstack(pieces)
    # Each crossed triangle has two crossing edges: join consecutive ends of the same triangle.
    crossed = np.concatenate([np.flatnonzero((z[triangles[:, i]] > 0) != (z[triangles[:, j]] > 0))
                              for i, j in ((0, 1), (1, 2), (2, 0))])
    order = np.argsort(crossed, kind="stable")
    ends, crossed = ends[order], crossed[order]
    first, second = ends[0::2], ends[1::2]
    steps = np.linspace(0.0, 1.0, 1 + int(np.ceil(np.max(np.linalg.norm(second - first, axis=1), initial=0.0) / spacing)))
    return (first[:, None, :] + steps[None, :, None] * (second - first)[:, None, :]).reshape(-1, 2)


@dataclass(frozen=True)
class Surface:
    """A closed surface as the engine needs it: vertices, triangles (vertex indices) and outward vertex normals."""

    points: np.ndarray
    triangles: np.ndarray
    normals: np.ndarray | None = None


def owned(surfaces: dict[str, Surface]) -> dict[str, Surface]:
    """The surfaces with arrays of their own. The caller may draw the same meshes and move their points and
    normals in place as it draws each result; the baseline the engine deforms from must not move with them."""
    return {sid: Surface(np.array(s.points), s.triangles, None if s.normals is None else np.array(s.normals))
            for sid, s in surfaces.items()}


class SurfaceDistance:
    """Signed distance (negative inside) to a closed surface given by its vertices and outward normals.

    Near the surface (within 2 mm of the nearest vertex) it is the distance to that vertex's tangent plane,
    exact to well under the vertex spacing on the dense bone (about 1 mm); further out the distance to the
    nearest vertex, signed by the side of its tangent plane. Pure numpy: no rendering library is needed.
    """

    def __init__(self, points: np.ndarray, normals: np.ndarray):
        self.points, self.normals = np.asarray(points, float), np.asarray(normals, float)
        self.tree = cKDTree(self.points)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        return self.query(points)[0]

    def query(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(signed distance, index of the nearest vertex) per point."""
        dist, idx = self.tree.query(points)
        plane = np.einsum("ij,ij->i", points - self.points[idx], self.normals[idx])
        return np.where(dist < 2.0, plane, np.sign(plane) * dist), idx


class PieceDistance:
    """The signed distance to one piece of a bone broken in two (a vertebra whose pars is broken, its body
    slipped away from its arch): the whole bone's distance where its nearest vertex lies in the piece, and
    PIECE_OUTSIDE_MM (outside) elsewhere. A piece's own open surface would read false insides at the break."""

    def __init__(self, distance: SurfaceDistance, in_piece: np.ndarray):
        self.distance, self.in_piece = distance, np.asarray(in_piece, bool)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        d, idx = self.distance.query(points)
        return np.where(self.in_piece[idx], d, PIECE_OUTSIDE_MM)


class SampledField:
    """A signed distance function sampled on a cube around `centre`, read back by trilinear interpolation.

    A stenosis step asks a bone's distance for tens of thousands of points (vertices and finite-difference
    gradients), so the field is sampled once per bone and foramen and interpolated per step. Points outside the cube use the exact
    function.
    """

    def __init__(self, sdf, centre: np.ndarray, half_width: float, step: float = FIELD_STEP):
        axis = np.arange(-half_width, half_width + step / 2, step)
        grid = np.stack(np.meshgrid(axis, axis, axis, indexing="ij"), axis=-1).reshape(-1, 3)
        self.sdf, self.step, self.n = sdf, step, len(axis)
        self.origin = np.asarray(centre, float) - half_width
        self.values = sdf(grid + np.asarray(centre, float)).reshape(self.n, self.n, self.n)
        # Whether a cell can hold a point inside the bone: the interpolated distance anywhere in a cell is a
        # weighted mean of its eight corner samples, so not where the least of them is positive. The cells are
        # framed by one of True all round (beyond the samples the exact function decides), so that a point's
        # cell, clipped into the frame, is looked up without a test of its own.
        least = ndimage.minimum_filter(self.values, size=2, mode="nearest", origin=-1)[:-1, :-1, :-1]
        self.maybe_inside = np.pad(least < 0.0, 1, constant_values=True).ravel()
        self.framed = self.n + 1  # the framed cells per axis: 0 and n are the frame

    def __call__(self, points: np.ndarray) -> np.ndarray:
        index = (points - self.origin) / self.step
        within = np.all((index >= 0) & (index <= self.n - 1), axis=1)
        out = np.empty(len(points))
        out[within] = ndimage.map_coordinates(self.values, index[within].T, order=1)
        if not within.all():
            out[~within] = self.sdf(points[~within])
        return out

    def inside(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which points lie inside the bone, and their (negative) distances: interpolated only where a cell
        can hold such a point (most of a root near a foramen is nowhere near the bone's inside)."""
        # (a cell's index shifted by the frame's 1; below the cube it truncates to 0 or less, both the frame)
        cell = ((points - self.origin) / self.step + 1.0).astype(np.intp)
        np.clip(cell, 0, self.framed - 1, out=cell)
        maybe = self.maybe_inside[(cell[:, 0] * self.framed + cell[:, 1]) * self.framed + cell[:, 2]]
        inside = np.zeros(len(points), bool)
        if not maybe.any():
            return inside, np.zeros(0)
        d = self(points[maybe])
        inside[maybe] = d < 0.0
        return inside, d[d < 0.0]


class CarvedField:
    """A bone's field (placed by p -> R p + t) less what a procedure's cut took away: a point inside the cut
    is outside the bone. Distances stay the bone's own (a root is pushed out of the bone that is left by them)."""

    FREE_MM = 0.2  # what a point inside the cut reads when the bone's own field says inside: a little outside

    def __init__(self, field, cut: Lesion, rot: np.ndarray, trans: np.ndarray):
        self.field, self.cut, self.rot, self.trans = field, cut, rot, trans
        self.key = (getattr(field, "key", None), cut.lesion_id, tuple(np.round(cut.centre, 2)))

    def __call__(self, points: np.ndarray) -> np.ndarray:
        d = self.field(points)
        inside = d < self.FREE_MM
        if inside.any():
            taken = self.cut.contains(points[inside] @ self.rot.T + self.trans)
            d[np.flatnonzero(inside)[taken]] = self.FREE_MM
        return d

    def inside(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        inside, d = self.field.inside(points)
        if inside.any():
            kept = ~self.cut.contains(points[inside] @ self.rot.T + self.trans)
            inside[inside] = kept
            d = d[kept]
        return inside, d


class TiledField:
    """A signed distance function sampled lazily, TILE_MM cube by cube, where it is asked for (SampledField per
    tile): the walls that hold a root are asked about a few hundred points per step, near one level."""

    TILE_MM = 32.0

    def __init__(self, sdf, key: tuple = ()):
        self.sdf, self.key = sdf, key  # (the key names it in what is kept of rooms measured through it)
        self.tiles: dict[tuple[int, int, int], SampledField] = {}

    def __call__(self, points: np.ndarray) -> np.ndarray:
        points = np.asarray(points, float)
        cells = np.floor(points / self.TILE_MM).astype(np.int64)
        ids = (cells[:, 0] * 4096 + cells[:, 1]) * 4096 + cells[:, 2]  # one number per tile
        out = np.empty(len(points))
        for tile in np.unique(ids):
            mine = ids == tile
            cell = cells[np.argmax(mine)]
            key = tuple(int(c) for c in cell)
            if key not in self.tiles:  # a margin over the tile's half width, for the interpolation at its faces
                self.tiles[key] = SampledField(self.sdf, (cell + 0.5) * self.TILE_MM, 0.5 * self.TILE_MM + 1.0)
            out[mine] = self.tiles[key](points[mine])
        return out


def _unit_sphere_samples(n: int = 24) -> np.ndarray:
    u, v = np.meshgrid(np.linspace(0, 2 * np.pi, n), np.linspace(0, np.pi, n // 2))
    return np.column_stack([(np.cos(u) * np.sin(v)).ravel(), (np.sin(u) * np.sin(v)).ravel(), np.cos(v).ravel()])


UNIT_SPHERE_SAMPLES = _unit_sphere_samples()


def ellipsoid_surface(lesion: Lesion) -> np.ndarray:
    """Points on a lesion's surface, so growths count in the foraminal boundary."""
    return lesion.centre + (UNIT_SPHERE_SAMPLES * lesion.radii) @ lesion.axes
