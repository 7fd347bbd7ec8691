"""Turn overlay specs into deformed geometry, compression measures and live foraminal figures.

Pure numpy on the baked vertices (no rendering): the render layer writes the returned point arrays into
the meshes it already shows. Nothing is re-meshed per step, so a severity slider stays fluid.

Model, in order:
1. Foraminal stenosis (Lee 2010 causes): the segment above the disc sinks on the stenotic side (disc
   height loss, Hasegawa 1995), and three growths narrow the foramen: a posterolateral osteophyte in front,
   superior articular process hypertrophy and ligamentum flavum thickening behind.
2. Herniation (Fardon 2014): disc material leaves the annulus into the chosen zone, shaped by its type.
3. Roots, ganglia and the thecal sac are pushed out of every obstacle (lesions and bone); how deep an
   obstacle reached into a root, summed across opposite sides, is its compression in mm and % of diameter.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage
from scipy.spatial import cKDTree

from l5viz.anatomy.bones import SIDES, SacrumFrame, bone_sdfs, vertebra_frames
from l5viz.anatomy.layout import build_layout
from l5viz.anatomy.params import AnatomyParams, DiscParams, NeuralParams, SacrumParams, VertebraParams
from l5viz.anatomy.soft import root_paths
from l5viz.pathology.specs import Herniation, Stenosis

NEURAL_PREFIXES = ("root_", "drg_", "thecal_sac")
FORAMEN_HALF_WIDTH = 5.0  # mm each side of the centre: upper foraminal width is 8-11 mm (reference section 4)
GROWTH_EXPONENT = 2.2
ROOT_SLACK = 0.8  # mm a root gives way in its fat and CSF before it deforms; modelling choice
OBSTACLE_REACH = 16.0  # mm around a stenotic foramen's centre within which bone can push a root
FIELD_STEP = 0.75  # mm between samples of a bone's distance field; trilinear error well under ROOT_SLACK
DISC_HEIGHT_LOSS_GRADE3 = 4.0  # mm lost at grade 3 on the stenotic side: 6.5 -> ~3 mm, below Hasegawa 1995 4 mm


def params_from_dict(d: dict) -> AnatomyParams:
    """Rebuild the generator's parameters from manifest.json, so deformation matches the baked meshes."""
    neural = dict(d["neural"])
    neural["ganglion_size"] = tuple(neural["ganglion_size"])
    return AnatomyParams(
        vertebrae=tuple(VertebraParams(**v) for v in d["vertebrae"]),
        discs=tuple(DiscParams(**v) for v in d["discs"]),
        sacrum=SacrumParams(**d["sacrum"]),
        neural=NeuralParams(**neural),
    )


@dataclass(frozen=True)
class Lesion:
    """An ellipsoid of displaced tissue: `axes` rows are its principal directions, `radii` its half sizes."""

    lesion_id: str
    kind: str  # "disc" (herniated material), "bone" (osteophyte, facet hypertrophy), "ligament"
    centre: np.ndarray
    axes: np.ndarray
    radii: np.ndarray
    push: np.ndarray  # unit direction in which it displaces soft tissue

    def matrix(self) -> np.ndarray:
        """4x4 transform that maps a unit sphere onto this ellipsoid (for an existing actor)."""
        m = np.eye(4)
        axes = self.axes.copy()
        if np.linalg.det(axes) < 0:  # keep it a rotation, so the sphere's faces stay outward
            axes[0] = -axes[0]  # (an ellipsoid is symmetric: flipping one axis changes nothing else)
        m[:3, :3] = axes.T * self.radii
        m[:3, 3] = self.centre
        return m

    def push_out(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Points inside moved along `push` until they leave the ellipsoid; returns (moved, distance).

        Tissue is pushed the way the lesion grows (away from the disc, into the foramen), never back through it.
        """
        a = (points - self.centre) @ self.axes.T / self.radii
        b = (self.axes @ self.push) / self.radii
        aa, ab, bb = np.einsum("ij,ij->i", a, a), a @ b, b @ b
        inside = aa < 1.0
        t = np.zeros(len(points))
        t[inside] = (-ab[inside] + np.sqrt(ab[inside] ** 2 - bb * (aa[inside] - 1.0))) / bb
        return points + t[:, None] * self.push, t


@dataclass
class PathologyResult:
    points: dict[str, np.ndarray]  # structure id -> deformed points (only structures that changed)
    lesions: list[Lesion]
    compression: dict[str, dict[str, float]]  # root/drg/sac id -> {"mm": ..., "percent": ...}
    foramina: dict[str, dict[str, float]]  # foramen_L5_S1_left -> {"height_mm": ..., "area_mm2": ...}
    indentation: dict[str, np.ndarray] = field(default_factory=dict)  # neural id -> per-vertex push (mm)
    # Structures a stenosis moved whole (every vertex on the same rigid motion): (rotation, translation),
    # p -> R p + t, so a renderer can move the actor instead of its vertices.
    motions: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


def growth(grade: float) -> float:
    """0 at grade 0, 1 at grade 3, slow at first: fat is obliterated (grades 1-2) before the root deforms (3).

    Lee 2010: grade 2 = perineural fat gone in all four directions without root deformation; grade 3 = root
    collapsed or deformed. The exponent is a modelling choice calibrated so the model matches that wording.
    """
    return float(np.clip(grade / 3.0, 0.0, 1.0)) ** GROWTH_EXPONENT


def rotation_about(axis: np.ndarray, angle: float) -> np.ndarray:
    a = axis / np.linalg.norm(axis)
    k = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * (k @ k)


class PathologyEngine:
    """Holds the baseline vertices and everything precomputable; `evaluate` is the per-change step."""

    def __init__(self, baseline_points: dict[str, np.ndarray], manifest: dict,
                 measure_points: dict[str, np.ndarray] | None = None):
        """`measure_points`: full-detail vertices, when the shown meshes are the light ones.

        Foraminal figures (bones, discs) and compression (roots, ganglia, sac) are measured on the dense
        meshes when given, so the window, the CLI and the tests report the same numbers.
        """
        self.baseline = {k: np.asarray(v, float).copy() for k, v in baseline_points.items()}
        self.measure_baseline = {k: np.asarray(v, float) for k, v in (measure_points or {}).items()}
        self.params = params_from_dict(manifest["parameters"])
        self.layout = build_layout(self.params)
        self.verts = vertebra_frames(self.params, self.layout)
        self.sacrum = SacrumFrame(self.params.sacrum, self.layout.s1_endplate)
        self.paths = root_paths(self.params, self.layout)
        self.landmarks = {k: np.array(v) for k, v in manifest["landmarks"].items()}
        self._bone_sdfs = None
        self._fields: dict[tuple, SampledField] = {}
        self._plane_cache: dict[tuple, np.ndarray] = {}
        self._bounds_cache: dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._weights_cache: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._baseline_foramina: dict[str, dict] = {}
        # Each neural vertex belongs to the nearest centreline sample (for per-cross-section compression).
        self.cross_sections = {sid: self._cross_sections(sid, pts) for sid, pts in self.baseline.items()
                               if sid.startswith(NEURAL_PREFIXES)}
        self.dense_cross_sections = {sid: self._cross_sections(sid, pts) for sid, pts in self.measure_baseline.items()
                                     if sid.startswith(NEURAL_PREFIXES)}
        self.evaluate([], [])  # measures and keeps the healthy foramina

    def _cross_sections(self, sid: str, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(sample index, local radius) per vertex of a neural structure."""
        if sid == "thecal_sac":
            return np.round(pts[:, 2]).astype(int), np.full(len(pts), 0.5 * self.params.neural.sac_depth_l4)
        path = self.paths[sid.replace("drg_", "root_")]
        _, idx = cKDTree(path.points).query(pts)
        if sid.startswith("root_"):
            return idx, path.radii[idx]
        return np.zeros(len(pts), int), np.full(len(pts), 0.5 * self.params.neural.ganglion_size[0])

    @property
    def bone_sdfs(self):
        if self._bone_sdfs is None:
            self._bone_sdfs = bone_sdfs(self.params, self.layout)
        return self._bone_sdfs

    def bone_field(self, bone_id: str, foramen_centre: np.ndarray) -> "SampledField":
        """A bone's distance field sampled once around a foramen (each stenosis step then interpolates)."""
        key = (bone_id, tuple(np.round(foramen_centre, 3)))
        if key not in self._fields:
            self._fields[key] = SampledField(self.bone_sdfs[bone_id], foramen_centre, OBSTACLE_REACH + 4.0)
        return self._fields[key]

    # ---- geometry helpers -------------------------------------------------------------------
    def disc_frame(self, level_id: str):
        return self.layout.discs[level_id].frame

    def upper_lower(self, level_id: str):
        upper, lower = level_id.split("_")
        lower_bone = "sacrum" if lower == "S1" else f"vertebra_{lower}"
        return self.verts[upper], lower_bone

    def disc_margin(self, level_id: str, x_local: float, direction_local: np.ndarray) -> np.ndarray:
        """Point on the annulus surface at disc mid-height, reached from the disc centre toward `direction`."""
        f = self.disc_frame(level_id)
        disc = f"disc_{level_id}"
        local = f.to_local(self.measure_baseline.get(disc, self.baseline[disc]))  # dense when available
        band = local[np.abs(local[:, 2]) < 1.2]
        start = np.array([x_local, 0.0, 0.0])
        if abs(x_local) > 0.5 * self.params.vertebra(level_id.split("_")[0]).endplate_width - 4.0:
            start = np.array([0.0, 0.0, 0.0])
        rel = band - start
        along = rel @ direction_local
        off = np.linalg.norm(rel - along[:, None] * direction_local, axis=1)
        candidates = band[(off < 1.5) & (along > 0)]
        return f.to_world(candidates[np.argmax(candidates @ direction_local)])

    # ---- stenosis -----------------------------------------------------------------------------
    def stenosis_transform(self, s: Stenosis) -> tuple[np.ndarray, np.ndarray]:
        """Rigid motion (R, t) of the segment above the disc: it sinks and tilts toward the stenotic side."""
        side = SIDES[s.side]
        f = self.disc_frame(s.level_id)
        drop = DISC_HEIGHT_LOSS_GRADE3 * growth(s.grade)
        lever = 2.0 * self.verts[s.level_id.split("_")[0]].pedicle_centre_x()
        angle = np.arctan2(0.7 * drop, lever) * side  # the stenotic side sinks more than the other
        rot = rotation_about(f.axes[1], angle)
        pivot = f.origin
        trans = pivot - rot @ pivot - 0.65 * drop * f.axes[2]
        return rot, trans

    def blend_weights(self, level_id: str, sid: str, points: np.ndarray, detail: str) -> np.ndarray:
        """0 below the disc, 1 above it, linear across its thickness: how much a point follows the segment.

        Bone does not bend: a vertebra follows the segment whole when it lies above the disc (its inferior
        endplate rim dips into the disc's thickness at the back, where the disc is lower), or stays.
        Kept per structure and `detail` ("shown" or "dense") while its vertices are the same array: a grade
        slider moves the same baseline vertices on every step.
        """
        cached = self._weights_cache.get((level_id, sid, detail))
        if cached is not None and cached[0] is points:
            return cached[1]
        f = self.disc_frame(level_id)
        z = f.to_local(points)[:, 2]
        half = 0.5 * self.layout.discs[level_id].mean_height
        weights = np.clip((z + half) / (2 * half), 0.0, 1.0)
        if sid.startswith("vertebra_"):
            weights = np.full(len(weights), float(weights.mean() > 0.5))
        self._weights_cache[(level_id, sid, detail)] = (points, weights)
        return weights

    def stenosis_lesions(self, s: Stenosis, rot, trans) -> list[Lesion]:
        """Osteophyte (front), SAP hypertrophy and ligamentum flavum thickening (behind), grown with the grade."""
        t = growth(s.grade)
        if t <= 0:
            return []
        side = SIDES[s.side]
        upper, _ = self.upper_lower(s.level_id)
        f = upper.frame
        x = side * upper.pedicle_centre_x()
        y_pw = upper.posterior_wall_y
        bottom = -0.5 * upper.block.height_posterior
        moved = lambda p: rot @ p + trans  # noqa: E731
        axes = f.axes
        tag = f"{s.level_id}_{s.side}"
        return [
            Lesion(f"osteophyte_{tag}", "bone", moved(f.to_world([x, y_pw + 0.5, bottom - 1.0])), axes,
                   np.array([5.0, 2.0 + 4.5 * t, 2.5 + 2.5 * t]), -axes[1]),
            Lesion(f"facet_hypertrophy_{tag}", "bone", f.to_world([x + side * 1.0, y_pw - 10.5 + 1.5 * t, bottom - 1.0]),
                   axes, np.array([4.5, 1.5 + 4.0 * t, 5.0 + 2.0 * t]), axes[1]),
            Lesion(f"ligamentum_flavum_{tag}", "ligament", f.to_world([x - side * 3.0, y_pw - 9.0, bottom + 3.0]),
                   axes, np.array([4.0, 1.0 + 3.0 * t, 6.0]), axes[1]),
        ]

    # ---- herniation ---------------------------------------------------------------------------
    def zone_x(self, h: Herniation) -> tuple[float, np.ndarray]:
        """Lateral position (disc frame) and outward direction of a zone (Fardon 2014 axial zones)."""
        side = SIDES[h.side]
        upper_name, lower_name = h.level_id.split("_")
        below = self.verts.get(lower_name, self.verts["L5"])  # S1: use L5's canal as the recess width
        above = self.verts[upper_name]
        half_ipd = 0.5 * below.params.interpedicular_distance
        if h.zone == "central":  # paracentral toward the chosen side when small, midline when large
            return side * 3.0 * (1.0 - h.severity), np.array([0.0, -1.0, 0.0])
        if h.zone == "subarticular":  # medial facet edge to medial pedicle edge
            return side * (half_ipd - 2.5), np.array([0.0, -1.0, 0.0])
        angle = np.radians(40.0 if h.zone == "foraminal" else 75.0)
        direction = np.array([side * np.sin(angle), -np.cos(angle), 0.0])
        x = above.pedicle_centre_x() + (0.0 if h.zone == "foraminal" else 0.5 * above.params.pedicle_width + 4.0)
        return side * x, direction

    def herniation_lesions(self, h: Herniation) -> list[Lesion]:
        s = h.severity
        if s <= 0 or h.type == "bulge":
            return []
        f = self.disc_frame(h.level_id)
        x, direction = self.zone_x(h)
        margin = self.disc_margin(h.level_id, x, direction)
        d_world = f.direction_to_world(direction)
        up = f.axes[2]
        lateral = np.cross(up, d_world)
        axes = np.vstack([lateral, d_world, up])
        central_scale = 1.0 + 1.6 * s if h.zone == "central" else 1.0  # a large central one spans both recesses
        # Protrusion: depth smaller than the base; extrusion: larger (Fardon 2014 definitions).
        if h.type == "protrusion":  # reaches 0.2-3.8 mm beyond the annulus
            radii = np.array([6.0 * central_scale, 0.5 + 1.8 * s, 4.0])
            centre = margin + d_world * (radii[1] - 0.8)
        elif h.type == "extrusion":  # 0.8-6.8 mm beyond, taller than its neck
            radii = np.array([(3.0 + 1.5 * s) * central_scale, 0.8 + 3.0 * s, 4.0 + 3.0 * s])
            # Modelling choice: centred a little below the disc mid-plane, toward the traversing root.
            centre = margin + d_world * (radii[1] - 0.8) - up * (0.3 * radii[2])
        else:  # sequestration: a free fragment migrated caudally (modelling choice: 4-8 mm)
            radii = np.array([(2.5 + 1.5 * s) * central_scale, 1.0 + 2.0 * s, 3.0 + 2.0 * s])
            centre = margin + d_world * (radii[1] + 0.3) - up * (4.0 + 4.0 * s)
        if h.zone in ("foraminal", "extraforaminal"):
            # Lateral herniations ride up into the foramen toward the exiting root and its ganglion, which
            # lie above the disc (reference section 5); the lateral annulus is thin, so they reach further.
            radii = radii * np.array([1.0, 1.5, 1.2])
            centre = margin + d_world * (radii[1] - 0.8) + up * (0.8 * radii[2])
        return [Lesion(f"herniation_{h.level_id}_{h.zone}_{h.side}", "disc", centre, axes, radii, d_world)]

    def bulge_annulus(self, h: Herniation, points: np.ndarray) -> np.ndarray:
        """Push the annulus outward around the herniation site (all around the back for a bulge)."""
        f = self.disc_frame(h.level_id)
        local = f.to_local(points)
        s = h.severity
        if h.type == "bulge":
            weight = np.clip(-local[:, 1] / 10.0, 0.0, 1.0)  # posterior half, >25 % of the circumference
            radial = local[:, :2] / np.maximum(np.linalg.norm(local[:, :2], axis=1), 1e-6)[:, None]
            amount = 3.0 * s * weight * np.clip(1.0 - (local[:, 2] / 6.0) ** 2, 0.0, 1.0)
            local[:, :2] += radial * amount[:, None]
            return f.to_world(local)
        x, direction = self.zone_x(h)
        dist = np.hypot(local[:, 0] - x, local[:, 2])
        amount = (1.0 + 1.5 * s) * np.exp(-(dist / 5.0) ** 2) * (local[:, :2] @ direction[:2] > 0)
        local[:, :2] += direction[:2] * amount[:, None]
        return f.to_world(local)

    # ---- evaluation -----------------------------------------------------------------------------
    def evaluate(self, herniations: list[Herniation], stenoses: list[Stenosis]) -> PathologyResult:
        pts = {k: v for k, v in self.baseline.items()}
        dense = LazyVertices(self.measure_baseline)
        changed: set[str] = set()
        motions: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        lesions: list[Lesion] = []
        bone_obstacles = []  # (sdf, inverse motion) of bones that can indent a root in a narrowed foramen
        # Motion of each foramen's upper vertebra: a stenosis moves every bone above its disc.
        upper_motion = {lv: (np.eye(3), np.zeros(3)) for lv in ("L4_L5", "L5_S1")}
        for s in sorted(stenoses, key=lambda st: st.level_id, reverse=True):  # lowest disc first
            rot, trans = self.stenosis_transform(s)
            for lv, (r0, t0) in upper_motion.items():
                if lv <= s.level_id:  # this foramen's upper vertebra lies above the stenotic disc
                    upper_motion[lv] = (rot @ r0, rot @ t0 + trans)
            for sid, p in pts.items():
                if sid == "sacrum":
                    continue
                w = self.blend_weights(s.level_id, sid, p, "shown")
                if not w.any():
                    continue
                moved = p @ rot.T + trans
                if w.min() == 1.0 and (sid not in changed or sid in motions):
                    pts[sid] = moved
                    r0, t0 = motions.get(sid, (np.eye(3), np.zeros(3)))
                    motions[sid] = (rot @ r0, rot @ t0 + trans)
                else:
                    pts[sid] = p + w[:, None] * (moved - p)
                    motions.pop(sid, None)
                changed.add(sid)
            def sink(sid, p, level_id=s.level_id, rot=rot, trans=trans):
                w = self.blend_weights(level_id, sid, p, "dense")
                return p + w[:, None] * (p @ rot.T + trans - p)

            dense.then(sink, set(dense.base) - {"sacrum"})
            lesions += self.stenosis_lesions(s, rot, trans)
            upper, lower_bone = self.upper_lower(s.level_id)
            centre = self.landmarks[f"foramen_{s.level_id}_{s.side}"]
            bone_obstacles.append((self.bone_field(f"vertebra_{upper.params.name}", centre), rot, trans, centre))
            bone_obstacles.append((self.bone_field(lower_bone, centre), np.eye(3), np.zeros(3), centre))
        for h in herniations:
            disc_id = f"disc_{h.level_id}"
            pts[disc_id] = self.bulge_annulus(h, pts[disc_id])
            motions.pop(disc_id, None)
            dense.then(lambda _, p, h=h: self.bulge_annulus(h, p), {disc_id})
            changed.add(disc_id)
            lesions += self.herniation_lesions(h)

        compression, indentation = {}, {}
        for sid in self.cross_sections:
            before = pts[sid]
            new, depth = self.push_neural(before, lesions, bone_obstacles, (sid, "shown"))
            if depth.any():
                pts[sid] = new
                changed.add(sid)
                motions.pop(sid, None)
                indentation[sid] = depth
            if sid in self.dense_cross_sections and depth.any():  # measure on the dense mesh, moved the same way
                # (an untouched shown mesh means the dense one is touched by less than the two meshes differ,
                # well under ROOT_SLACK: no compression either way, so the dense push is skipped)
                d_before = dense[sid]
                d_new, d_depth = self.push_neural(d_before, lesions, bone_obstacles, (sid, "dense"))
                compression[sid] = self.compression_of(self.dense_cross_sections[sid], d_depth, d_before, d_new)
            else:
                compression[sid] = self.compression_of(self.cross_sections[sid], depth, before, new)
        foramina = {}
        # A herniation changes the walls of its own disc's foramen on its own side (both sides when central
        # or a bulge). A stenosis changes both foramina of its level (the segment above tilts); a foramen of
        # another level moves whole with its vertebrae, and its section plane with it: its figures stand.
        touched = {(h.level_id, side) for h in herniations for side in SIDES
                   if side == h.side or h.zone == "central" or h.type == "bulge"}
        touched |= {(s.level_id, side) for s in stenoses for side in SIDES}
        for lv in ("L4_L5", "L5_S1"):
            for side in SIDES:
                key = f"foramen_{lv}_{side}"
                if (lv, side) in touched or key not in self._baseline_foramina:
                    foramina[key] = self.measure_foramen(lv, side, ChainMap(dense, pts), lesions, upper_motion[lv])
                else:
                    foramina[key] = dict(self._baseline_foramina[key])
        if not stenoses and not herniations:
            self._baseline_foramina = {k: dict(v) for k, v in foramina.items()}
        return PathologyResult({k: pts[k] for k in changed}, lesions, compression, foramina, indentation,
                               motions)

    def push_neural(self, points, lesions, bone_obstacles, bounds_key=None):
        """Move neural vertices out of every lesion and, near a stenotic foramen, out of bone.

        A structure whose bounding box no obstacle reaches is returned untouched without per-vertex work
        (most roots, on most slider steps). `bounds_key` names the structure so its box is computed once
        while its vertices are the same array (always, unless a stenosis moved them).
        """
        lo, hi = self._bounds(points, bounds_key)
        centres = np.array([les.centre for les in lesions] + [c for _, _, _, c in bone_obstacles]).reshape(-1, 3)
        radii = np.array([les.radii.max() + 0.5 for les in lesions] + [OBSTACLE_REACH] * len(bone_obstacles))
        if not len(radii) or not reaches_box(centres, radii, lo, hi).any():
            return points, np.zeros(len(points))
        moved = points.copy()
        for k, lesion in enumerate(lesions):
            if not reaches_box(centres[k:k + 1], radii[k:k + 1], lo, hi)[0]:
                continue
            reach = within(moved, centres[k], radii[k])
            if reach.any():
                moved[reach], _ = lesion.push_out(moved[reach])
                lo, hi = np.minimum(lo, moved[reach].min(axis=0)), np.maximum(hi, moved[reach].max(axis=0))
        for k, (sdf, rot, trans, centre) in enumerate(bone_obstacles, start=len(lesions)):
            if not reaches_box(centres[k:k + 1], radii[k:k + 1], lo, hi)[0]:
                continue
            near = within(moved, centre, OBSTACLE_REACH)
            if not near.any():
                continue
            local = (moved[near] - trans) @ rot  # into the bone's original position
            d = sdf(local)
            inside = d < 0
            if inside.any():
                q = local[inside]
                eps = 0.2
                grad = np.column_stack([(sdf(q + e) - sdf(q - e)) / (2 * eps) for e in np.eye(3) * eps])
                grad /= np.maximum(np.linalg.norm(grad, axis=1), 1e-6)[:, None]
                q_out = q - d[inside, None] * grad
                block = moved[near]
                block[inside] = q_out @ rot.T + trans
                moved[near] = block
        return moved, np.linalg.norm(moved - points, axis=1)

    def _bounds(self, points: np.ndarray, key) -> tuple[np.ndarray, np.ndarray]:
        cached = self._bounds_cache.get(key)
        if cached is None or cached[0] is not points:
            cached = (points, points.min(axis=0), points.max(axis=0))
            if key is not None:
                self._bounds_cache[key] = cached
        return cached[1], cached[2]

    def compression_of(self, sections, depth: np.ndarray, before: np.ndarray, after: np.ndarray) -> dict:
        """How much the worst cross-section was squashed, in mm and % of its diameter.

        Within a cross-section, the spread of the pushes along the main push direction is the flattening:
        a root pushed whole is displaced, not compressed; pushes from opposite sides add up.
        """
        if not depth.any():
            return {"mm": 0.0, "percent": 0.0}
        push = after - before
        samples, radii = sections
        worst_mm, worst_pct = 0.0, 0.0
        for k in np.unique(samples[depth > 0.05]):
            sel = samples == k
            g = push[sel]
            i = int(np.argmax(depth[sel]))
            unit = g[i] / max(depth[sel][i], 1e-9)
            along = g @ unit
            diameter = 2.0 * radii[sel].mean()
            mm = min(max(float(along.max() - along.min()) - ROOT_SLACK, 0.0), diameter)
            if mm > worst_mm:
                worst_mm, worst_pct = mm, 100.0 * mm / diameter
        return {"mm": round(worst_mm, 2), "percent": round(worst_pct, 1)}

    def _near_plane(self, sid: str, frame, x_plane: float, points: np.ndarray) -> np.ndarray:
        """Indices of a mesh's vertices within 8 mm of a foramen's sagittal plane at baseline (cached).

        Stenosis moves them by a few millimetres at most, so the slab still holds every vertex the 1.2 mm
        section needs; the per-step work drops from the whole mesh to a few thousand vertices.
        """
        key = (sid, round(x_plane, 3), id(frame), len(points))
        if key not in self._plane_cache:
            base = self.measure_baseline.get(sid, self.baseline.get(sid))
            if base is None or len(base) != len(points):
                base = points
            self._plane_cache[key] = np.flatnonzero(np.abs(frame.to_local(base)[:, 0] - x_plane) < 8.0)
        return self._plane_cache[key]

    def measure_foramen(self, level_id: str, side_name: str, pts: dict, lesions: list[Lesion],
                        motion: tuple[np.ndarray, np.ndarray]) -> dict:
        """Height and sagittal area of the bony-ligamentous foramen through its centre, from the vertices.

        The section plane rides with the upper vertebra (`motion`), as a sagittal MRI slice through the
        foramen would follow the patient's own anatomy.
        """
        rot, trans = motion
        upper, lower_bone = self.upper_lower(level_id)
        side = SIDES[side_name]
        f = upper.frame
        centre_world = self.landmarks[f"foramen_{level_id}_{side_name}"]
        x_plane = side * upper.pedicle_centre_x()
        # Only vertices near the section plane can matter: pick them once (a wide slab), filter per step.
        walls = (f"vertebra_{upper.params.name}", lower_bone, f"disc_{level_id}")
        boundary = [pts[sid][self._near_plane(sid, f, x_plane, pts[sid])] for sid in walls]
        for lesion in lesions:
            if lesion.kind != "ligament" or level_id in lesion.lesion_id:
                boundary.append(ellipsoid_surface(lesion))
        c = f.to_local(centre_world)
        # Every wall point in one array, taken into the plane's frame at once; which wall each came from.
        points = np.vstack(boundary)
        wall = np.repeat(np.arange(len(boundary)), [len(p) for p in boundary])
        local = f.to_local((points - trans) @ rot)
        in_slab = np.abs(local[:, 0] - x_plane) < 1.2
        yz, wall = local[in_slab][:, 1:] - c[1:], wall[in_slab]
        height, roof, floor = pedicle_to_floor(yz[wall == 0], yz[wall == 1])
        figures = foramen_section_figures(yz, roof, floor)
        return {"height_mm": height, **figures}


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


def reaches_box(centres: np.ndarray, radii: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """For each sphere (centre, radius), whether it reaches into the box lo..hi."""
    gap = np.clip(centres, lo, hi) - centres
    return np.einsum("ij,ij->i", gap, gap) < radii * radii


def within(points: np.ndarray, centre: np.ndarray, radius: float) -> np.ndarray:
    """Which points lie closer than `radius` to `centre` (squared distances: no square roots per vertex)."""
    offset = points - centre
    return np.einsum("ij,ij->i", offset, offset) < radius * radius


class SampledField:
    """A signed distance function sampled on a cube around `centre`, read back by trilinear interpolation.

    The bone shapes are Python compositions of primitives (~3 us a point); a stenosis step asks them for
    tens of thousands of points (vertices and finite-difference gradients), so the field is sampled once
    (~0.1-0.3 s per bone and foramen) and interpolated per step. Points outside the cube use the exact
    function.
    """

    def __init__(self, sdf, centre: np.ndarray, half_width: float, step: float = FIELD_STEP):
        axis = np.arange(-half_width, half_width + step / 2, step)
        grid = np.stack(np.meshgrid(axis, axis, axis, indexing="ij"), axis=-1).reshape(-1, 3)
        self.sdf, self.step, self.n = sdf, step, len(axis)
        self.origin = np.asarray(centre, float) - half_width
        self.values = sdf(grid + np.asarray(centre, float)).reshape(self.n, self.n, self.n)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        index = (points - self.origin) / self.step
        within = np.all((index >= 0) & (index <= self.n - 1), axis=1)
        out = np.empty(len(points))
        out[within] = ndimage.map_coordinates(self.values, index[within].T, order=1)
        if not within.all():
            out[~within] = self.sdf(points[~within])
        return out


def pedicle_to_floor(roof_yz: np.ndarray, floor_yz: np.ndarray, half_width: float = 1.5):
    """Foraminal height as Hasegawa 1995 measured it, from the upper pedicle down to the bone below.

    Returns (height, roof z, floor z) in the section's coordinates.
    """
    roof = roof_yz[(np.abs(roof_yz[:, 0]) < half_width) & (roof_yz[:, 1] > -4.0)][:, 1]
    floor = floor_yz[(np.abs(floor_yz[:, 0]) < half_width) & (floor_yz[:, 1] < 4.0)][:, 1]
    if not roof.size or not floor.size:
        return float("nan"), float("nan"), float("nan")
    top, bottom = float(roof.min()), float(floor.max())
    return round(top - bottom, 1), top, bottom


def foramen_section_figures(boundary_yz: np.ndarray, roof: float, floor: float, pixel: float = 0.5) -> dict:
    """Free area of a sagittal foraminal section between the pedicle above and the bone below.

    Walls are the section's vertices (dilated to close the ~1 mm gaps between them). Where the walls leave a
    gap (toward the facet, where the ligamentum flavum closes the real foramen), the section is closed by
    the window |y| <= FORAMEN_HALF_WIDTH: the figure is the area a radiologist would outline there.
    """
    if not np.isfinite(roof - floor) or roof <= floor:
        return {"area_mm2": 0.0}
    ys = np.arange(-FORAMEN_HALF_WIDTH, FORAMEN_HALF_WIDTH + pixel, pixel)
    zs = np.arange(floor, roof + pixel, pixel)
    wall = np.zeros((len(ys), len(zs)), bool)
    ij = np.round((boundary_yz - [ys[0], zs[0]]) / pixel).astype(int)
    keep = (ij[:, 0] >= 0) & (ij[:, 0] < len(ys)) & (ij[:, 1] >= 0) & (ij[:, 1] < len(zs))
    wall[ij[keep, 0], ij[keep, 1]] = True
    wall = ndimage.binary_dilation(wall, iterations=2)
    labels, _ = ndimage.label(~wall)
    middle = labels[np.abs(ys) < 1.0]
    touching = np.unique(middle[middle > 0])
    region = np.isin(labels, touching)
    # Dilation took two pixels off every wall; give them back where the region meets a wall.
    along_walls = region & ndimage.binary_dilation(wall)
    area = (region.sum() + 2 * along_walls.sum()) * pixel**2
    return {"area_mm2": round(float(area), 1)}


def _unit_sphere_samples(n: int = 24) -> np.ndarray:
    u, v = np.meshgrid(np.linspace(0, 2 * np.pi, n), np.linspace(0, np.pi, n // 2))
    return np.column_stack([(np.cos(u) * np.sin(v)).ravel(), (np.sin(u) * np.sin(v)).ravel(), np.cos(v).ravel()])


UNIT_SPHERE_SAMPLES = _unit_sphere_samples()


def ellipsoid_surface(lesion: Lesion) -> np.ndarray:
    """Points on a lesion's surface, so growths count in the foraminal boundary."""
    return lesion.centre + (UNIT_SPHERE_SAMPLES * lesion.radii) @ lesion.axes
