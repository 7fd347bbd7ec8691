"""Shapes of L3-L5 and the sacrum as signed distance functions built from the named parameters.

A vertebra is its body (kidney-shaped wedge with a waist) plus pedicles, laminae, spinous and transverse
processes and the articular processes. Facet joints are shared between two bones: the joint plane is
placed once (from the lower bone) and each articular process is clipped to its own side of it, so the
inferior process of the upper level always sits posteromedial to the superior process below.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from l5viz.anatomy.layout import Block, SpineLayout
from l5viz.anatomy.params import AnatomyParams, SacrumParams, VertebraParams
from l5viz.anatomy.sdf import (
    SDF,
    Frame,
    capsule,
    catmull_rom,
    ellipsoid,
    half_space,
    in_frame,
    rounded_box,
    smooth_intersection,
    smooth_union,
    subtract,
    tube,
)

SIDES = {"left": -1.0, "right": 1.0}
FACET_GAP = 1.5  # joint space between articular cartilages; modelling choice (CT joint space ~1.5-2 mm)
BODY_WAIST = 1.5  # concave waist of the body; modelling choice, visible on every lateral radiograph
EDGE_ROUNDING = 1.5  # endplate rim radius; modelling choice


def kidney(width: float, depth: float, concavity: float = 2.5) -> SDF:
    """2D (x, y) endplate outline: rounder in front, squarer behind, posterior wall concave (reference section 1).

    `depth` is the midsagittal depth (as measured by Panjabi 1992), so the posterolateral corners reach
    `concavity` mm further back than the midline of the posterior wall.
    """
    a, b_front, b_back = 0.5 * width, 0.5 * depth, 0.5 * depth + concavity
    radius = 0.45 * width

    def outline(p):
        x, y = np.abs(p[:, 0]) / a, p[:, 1]
        front = y > 0
        yn = np.abs(y) / np.where(front, b_front, b_back)
        n = np.where(front, 2.0, 3.2)
        r = (x**n + yn**n) ** (1.0 / n)
        return (r - 1.0) * min(a, b_front)

    notch_centre = np.array([0.0, -b_back - radius + concavity])

    def notch(p):
        return np.linalg.norm(p[:, :2] - notch_centre, axis=1) - radius

    return subtract(outline, notch, k=4.0)


def wedge_solid(block: Block, width: float, side_offset, rounding: float) -> SDF:
    """Kidney prism between the block's upper and lower surfaces, in the block's local frame.

    `side_offset(t)` (t = -1 at the lower surface, +1 at the upper) pulls the side wall in (positive: the
    waist of a vertebral body) or pushes it out (negative: the bulge of a disc).
    """
    profile = kidney(width, block.depth)
    half = 0.5 * block.mean_height
    upper = half_space([0, 0, half], [0, -np.sin(block.half_wedge_rad), np.cos(block.half_wedge_rad)])
    lower = half_space([0, 0, -half], [0, -np.sin(block.half_wedge_rad), -np.cos(block.half_wedge_rad)])

    def shaped(p):
        return profile(p) + side_offset(np.clip(p[:, 2] / half, -1.0, 1.0))

    return smooth_intersection(smooth_intersection(shaped, upper, rounding), lower, rounding)


def wedge_body(block: Block, width: float, waist: float, rounding: float) -> SDF:
    """A vertebral body: concave waist, deepest at mid-height."""
    return wedge_solid(block, width, lambda t: waist * (1.0 - t * t) ** 2, rounding)


@dataclass(frozen=True)
class VertebraFrame:
    """Derived key points of one vertebra in its body frame (local mm), used by bones and nerves alike."""

    params: VertebraParams
    block: Block

    @property
    def frame(self) -> Frame:
        return self.block.frame

    @property
    def posterior_wall_y(self) -> float:
        return -0.5 * self.params.endplate_depth

    @property
    def pedicle_z(self) -> float:
        """Pedicle centre: its top 1.5 mm below the posterior upper body corner (pedicles arise high)."""
        return 0.5 * self.block.height_posterior - 1.5 - 0.5 * self.params.pedicle_height

    @property
    def pedicle_length(self) -> float:
        """Body to lamina junction: L5 pedicles are short and stout (reference section 1)."""
        return 10.0 if self.params.name == "L5" else 11.5

    def pedicle_axis(self, side: float) -> tuple[np.ndarray, np.ndarray]:
        """Anterior (in the body) and posterior ends of the pedicle axis; the axis converges anteriorly."""
        p = self.params
        tan_c = np.tan(np.radians(p.pedicle_convergence))
        # Medial cortex at IPD/2 where the canal is measured, 4 mm behind the body wall.
        x_wall = 0.5 * p.interpedicular_distance + 0.5 * p.pedicle_width / np.cos(np.radians(p.pedicle_convergence))
        y_wall = self.posterior_wall_y - 4.0
        y_front, y_back = self.posterior_wall_y + 5.0, self.posterior_wall_y - self.pedicle_length
        front = np.array([side * (x_wall - (y_front - y_wall) * tan_c), y_front, self.pedicle_z])
        back = np.array([side * (x_wall + (y_wall - y_back) * tan_c), y_back, self.pedicle_z])
        return front, back

    def pedicle_centre_x(self) -> float:
        """|x| of the pedicle axis where the canal width is measured."""
        front, back = self.pedicle_axis(1.0)
        t = (self.posterior_wall_y - 4.0 - front[1]) / (back[1] - front[1])
        return float(front[0] + t * (back[0] - front[0]))

    @property
    def lamina_midline(self) -> np.ndarray:
        """Centre of the laminae where they meet behind the canal."""
        return np.array([0.0, self.posterior_wall_y - self.params.canal_depth - 3.0, self.pedicle_z - 4.0])

    @property
    def lamina_bottom_z(self) -> float:
        return -0.5 * self.block.height_posterior - 3.0

    def superior_joint(self, side: float) -> tuple[np.ndarray, np.ndarray]:
        """World centre of the facet joint above this vertebra, and the outward normal of its superior facet.

        The superior facet faces posteromedially; its angle to the sagittal plane is the joint's facet angle.
        """
        _, back = self.pedicle_axis(side)
        centre_local = np.array([back[0] - side * 1.0, back[1] - 4.5, 0.5 * self.block.height_posterior + 4.0])
        theta = np.radians(self.params.superior_facet_angle)
        normal_local = np.array([-side * np.cos(theta), -np.sin(theta), 0.0])
        return self.frame.to_world(centre_local), self.frame.direction_to_world(normal_local)


def superior_articular_process(joint_centre, facet_normal, base, up, radius: float) -> SDF:
    """Process rising from `base` to above the joint, kept on the anterolateral side of the joint plane."""
    tip = joint_centre + 6.0 * up - 1.5 * facet_normal
    blob = capsule(base, tip, radius, radius * 0.85)
    return smooth_intersection(blob, half_space(joint_centre - 0.5 * FACET_GAP * facet_normal, facet_normal), 1.0)


def inferior_articular_process(joint_centre, facet_normal, base, up, radius: float) -> SDF:
    """Process hanging from the lamina to below the joint, kept on the posteromedial side of the joint plane."""
    tip = joint_centre - 7.0 * up + 2.0 * facet_normal
    blob = capsule(base, tip, radius, radius * 0.85)
    return smooth_intersection(blob, half_space(joint_centre + 0.5 * FACET_GAP * facet_normal, -facet_normal), 1.0)


def vertebra_sdf(v: VertebraFrame, joint_below: dict[str, tuple[np.ndarray, np.ndarray]], below_up: np.ndarray) -> SDF:
    """World SDF of one lumbar vertebra; `joint_below` are the joints it forms with the bone below."""
    p, b, f = v.params, v.block, v.frame
    body = wedge_body(b, p.endplate_width, BODY_WAIST, EDGE_ROUNDING)
    local_parts = [body]
    world_parts = []
    y_pw = v.posterior_wall_y
    for side_name, side in SIDES.items():
        front, back = v.pedicle_axis(side)
        pedicle = capsule(front, back, 0.5 * p.pedicle_width, 0.5 * p.pedicle_width * 0.9,
                          scale=(1.0, 1.0, p.pedicle_height / p.pedicle_width))
        mid = v.lamina_midline
        lamina_dir = mid[:2] - back[:2]
        length = float(np.linalg.norm(lamina_dir))
        u = np.array([*lamina_dir / length, 0.0])
        w_axis = np.array([0.0, 0.0, 1.0])
        z_top = v.pedicle_z + 0.5 * p.pedicle_height
        z_bot = v.lamina_bottom_z
        # Laminae lean back as they descend (shingled over the interlaminar space); modelling choice 15 deg.
        lean = np.radians(15.0)
        w_tilted = np.cos(lean) * w_axis + np.sin(lean) * np.array([0.0, 1.0, 0.0])
        v_tilted = np.cross(w_tilted, u)
        lamina_centre = np.array([*(0.5 * (back[:2] + mid[:2])), 0.5 * (z_top + z_bot)])
        lamina_centre[1] -= 0.5 * np.sin(lean) * (z_top - z_bot)  # keep the upper edge off the sac
        lamina = rounded_box(lamina_centre, [0.5 * length + 3.0, 3.5, 0.5 * (z_top - z_bot)], 2.5,
                             axes=np.vstack([u, v_tilted, w_tilted]))
        if p.name == "L5":  # short, stout, conical, joined to pedicle and body, angled up and back
            tp = capsule([side * (abs(back[0]) - 2.0), y_pw - 4.0, v.pedicle_z - 1.0],
                         [side * 0.5 * p.transverse_span, y_pw - 10.0, v.pedicle_z + 6.0], 7.5, 4.5,
                         scale=(1.0, 0.75, 1.0))
        else:
            tp = capsule([side * abs(back[0]), back[1] + 1.0, v.pedicle_z],
                         [side * 0.5 * p.transverse_span, back[1] - 4.0, v.pedicle_z + 1.0], 5.5, 4.0,
                         scale=(1.0, 0.55, 1.0))
        local_parts += [pedicle, lamina, tp]

        joint, normal = v.superior_joint(side)
        up = f.direction_to_world([0, 0, 1])
        sap_base = f.to_world(back + np.array([side * 1.0, -1.0, 1.0]))
        world_parts.append(superior_articular_process(joint, normal, sap_base, up, 6.5))
        joint_b, normal_b = joint_below[side_name]
        iap_base = f.to_world([side * (abs(back[0]) - 4.0), mid[1] + 3.0, z_bot + 3.0])
        world_parts.append(inferior_articular_process(joint_b, normal_b, iap_base, below_up, 6.0))
        # Pars interarticularis: the bar of bone joining the superior and inferior articular processes.
        world_parts.append(capsule(sap_base, iap_base, 4.5, 4.0))

    mid = v.lamina_midline
    tilt = np.radians(15.0)  # spinous process slopes down posteriorly; modelling choice
    sp_axes = np.array([[1.0, 0.0, 0.0], [0.0, np.cos(tilt), np.sin(tilt)], [0.0, -np.sin(tilt), np.cos(tilt)]])
    sp_dir = -sp_axes[1]
    sp_centre = mid + sp_dir * (0.5 * p.spinous_length) + np.array([0.0, 0.0, -1.0])
    spinous = rounded_box(sp_centre, [3.0, 0.5 * p.spinous_length + 2.0, 0.5 * p.spinous_height], 2.5, axes=sp_axes)
    tip = rounded_box(mid + sp_dir * p.spinous_length + np.array([0.0, 0.0, -1.0]),
                      [4.2, 3.5, 0.5 * p.spinous_height], 3.0, axes=sp_axes)
    local_parts += [spinous, tip]

    posterior = smooth_union(*local_parts[1:], k=3.0)
    local = smooth_union(body, posterior, k=2.5)
    return smooth_union(in_frame(local, f), *world_parts, k=2.5)


@dataclass(frozen=True)
class SacrumFrame:
    """Sacrum key points in the S1 endplate frame (origin at the endplate centre, z its normal)."""

    params: SacrumParams
    frame: Frame

    def axis_point(self, s: float) -> np.ndarray:
        """Point of the body axis at arc length s below the endplate: it curves forward (anterior concavity)."""
        r = self.params.curvature_radius
        a = s / r
        return np.array([0.0, r * (1.0 - np.cos(a)), -r * np.sin(a)])

    def axis_axes(self, s: float) -> np.ndarray:
        """Local frame rows (x, y, z) turning with the curve."""
        a = s / self.params.curvature_radius
        return np.array([[1.0, 0.0, 0.0], [0.0, np.cos(a), np.sin(a)], [0.0, -np.sin(a), np.cos(a)]])

    @property
    def posterior_wall_y(self) -> float:
        return -0.5 * self.params.endplate_depth

    def foramen_level(self, n: int) -> float:
        """Arc length of the n-th (1-4) pair of sacral foramina: spaced like the fused segments."""
        return (24.0, 46.0, 65.0, 81.0)[n - 1] * self.params.length / 102.0

    def superior_joint(self, side: float) -> tuple[np.ndarray, np.ndarray]:
        """L5-S1 facet joint: centre (world) and outward normal of the S1 superior facet."""
        y_pw = self.posterior_wall_y
        centre_local = np.array([side * 20.5, y_pw - 20.0, 6.0])
        theta = np.radians(self.params.superior_facet_angle)
        normal_local = np.array([-side * np.cos(theta), -np.sin(theta), 0.0])
        return self.frame.to_world(centre_local), self.frame.direction_to_world(normal_local)

    def s1_root_path_local(self, side: float) -> np.ndarray:
        """S1 root from the canal at the endplate down the lateral canal and out of the S1 anterior foramen."""
        y_pw = self.posterior_wall_y
        s1 = self.foramen_level(1)
        exit_pt = self.axis_point(s1) + self.axis_axes(s1).T @ np.array([side * 17.0, 22.0, -4.0])
        return np.array([
            [side * 8.0, y_pw - 5.0, 8.0],
            [side * 9.5, y_pw - 5.5, -6.0],
            [side * 11.0, y_pw - 5.0, -17.0],
            # Forward through the S1 foramen: two points about 10 mm apart so the turn from the canal to
            # the anterior foramen is an even bend (radius > 8 mm), not a corner under the ganglion.
            [side * 13.0, y_pw + 3.0, -24.0],
            [side * 15.0, y_pw + 16.0, -25.5],
            exit_pt,
        ])


LATERAL_MASS_ROUNDING = 6.0  # edge radius of the lateral masses' dorsal and lateral faces; modelling choice
AURICULAR_RELIEF = 1.5  # auricular surface raised above the lateral face; modelling choice


def _smoothstep(x):
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def _auricular_outline(arc, v, bar_v):
    """2D distance in the lateral face (arc length below the endplate, v anterior) to the ear-shaped outline.

    The auricular surface is L-shaped: a short upper limb at S1 reaching back, a long lower limb down the
    front of the lateral mass to S3 (modelling choice for the proportions, about 50 mm long).
    """
    upper = np.hypot(np.maximum(np.abs(arc - 16.0) - 7.0, 0.0), np.maximum(np.abs(v - (bar_v - 14.0)) - 6.0, 0.0)) - 4.0
    lower = np.hypot(np.maximum(np.abs(arc - 36.0) - 20.0, 0.0), np.maximum(np.abs(v - (bar_v - 2.0)) - 5.0, 0.0)) - 4.0
    return np.minimum(upper, lower)


def sacrum_section(params: SacrumParams, s_norm: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """2D distance in the sacral cross-section at normalised arc length s (0 = S1 endplate, 1 = apex).

    u is lateral, v anterior. The section is a wide bar (alae, then lateral masses) with the fused bodies in
    front and a dorsal arch behind the sacral canal; all taper toward the apex.
    """
    t = np.clip(s_norm, 0.0, 1.0)
    taper = np.clip((t - 0.22) / 0.78, 0.0, 1.0)
    half_w = 0.5 * params.base_width * (1.0 - 0.78 * taper**0.9)
    bar_half_t = 15.0 - 9.0 * t
    bar_v = -9.0 + 4.0 * t
    bar = (np.sqrt(np.maximum(np.abs(u) - (half_w - bar_half_t), 0.0) ** 2 + (v - bar_v) ** 2) - bar_half_t)
    bar = np.maximum(bar, np.where(np.abs(u) <= half_w - bar_half_t, np.abs(v - bar_v) - bar_half_t, -1e9))
    body_a, body_b = 0.5 * params.endplate_width * (1.0 - 0.62 * t), 0.5 * params.endplate_depth * (1.0 - 0.6 * t)
    body = (np.sqrt((u / body_a) ** 2 + (v / body_b) ** 2) - 1.0) * np.minimum(body_a, body_b)
    arch_a, arch_b = 21.0 * (1.0 - 0.6 * t), 11.0 * (1.0 - 0.55 * t)
    arch_v = -0.5 * params.endplate_depth - 0.5 * params.canal_depth * (1.0 - 0.6 * t) - 2.0
    arch = (np.sqrt((u / arch_a) ** 2 + ((v - arch_v) / arch_b) ** 2) - 1.0) * np.minimum(arch_a, arch_b)
    # Lateral masses (S1 to about S3): the wing of the bar thickens backward into one solid block from the
    # pelvic surface to the dorsal surface, so the flat lateral face carrying the auricular surface hides the
    # canal and the sacrum reads as a wedge from the side. The front of the bar (the ala the L5 ventral ramus
    # crosses) is left as it was; the block grows in below the S1 notch and tapers out from S3 to the apex.
    ramp = _smoothstep((t - params.lateral_mass_start) / 0.12) * (
        1.0 - _smoothstep((t - params.lateral_mass_end) / 0.22))
    mass_back = -0.5 * params.endplate_depth - params.lateral_mass_depth * (1.0 - 0.45 * t)
    block_back = bar_v - bar_half_t + (mass_back - (bar_v - bar_half_t)) * ramp
    block_half_v = 0.5 * (bar_v - block_back)
    block_mid_v = 0.5 * (bar_v + block_back)
    rr = np.minimum(LATERAL_MASS_ROUNDING, block_half_v)
    qu = np.abs(u) - (half_w - rr)
    qv = np.abs(v - block_mid_v) - (block_half_v - rr)
    block = (np.hypot(np.maximum(qu, 0.0), np.maximum(qv, 0.0)) + np.minimum(np.maximum(qu, qv), 0.0) - rr
             + (1.0 - ramp) * 20.0)
    # Auricular surface: an ear-shaped plate standing 1.5 mm proud of the lateral face, its short upper limb
    # (S1) behind its long lower limb (S1-S3) (modelling choice for the shape and relief).
    ear = np.maximum(np.abs(u) - half_w - AURICULAR_RELIEF, _auricular_outline(t * params.length, v, bar_v))
    block = np.minimum(block, np.maximum(ear, -np.abs(u) + half_w - 6.0) + (1.0 - ramp) * 20.0)
    bar = np.minimum(bar, block)
    k = 6.0
    d = bar
    for other in (body, arch):
        h = np.clip(0.5 + 0.5 * (other - d) / k, 0.0, 1.0)
        d = other * (1 - h) + d * h - k * h * (1 - h)
    canal_a = 0.5 * params.canal_width * (1.0 - 0.8 * t)
    canal_b = 0.5 * params.canal_depth * (1.0 - 0.7 * t)
    canal_v = -0.5 * params.endplate_depth - canal_b - 1.0
    # Triangular canal: wider in front, apex behind (reference section 1).
    widen = 1.0 + 0.35 * np.clip((v - canal_v) / canal_b, -1.0, 1.0)
    canal = (np.sqrt((u / (canal_a * widen)) ** 2 + ((v - canal_v) / canal_b) ** 2) - 1.0) * canal_b
    crest = np.sqrt(u**2 + (v - (arch_v - arch_b + 1.0)) ** 2) - 2.5 * (1.0 - 0.5 * t)
    d = np.minimum(d, crest)
    return np.maximum(d, -canal)


def sacrum_sdf(s: SacrumFrame) -> SDF:
    """Sacrum swept along its curved axis, with S1 body and promontory, alae, canal and S1-S4 foramina."""
    p = s.params
    y_pw = s.posterior_wall_y
    r = p.curvature_radius
    centre = np.array([0.0, r, 0.0])  # the body axis is an arc of radius r about this point (local frame)

    def swept(q):
        rel_y, rel_z = q[:, 1] - centre[1], q[:, 2] - centre[2]
        angle = np.arctan2(-rel_z, -rel_y)
        arc = r * angle
        v = r - np.hypot(rel_y, rel_z)
        section = sacrum_section(p, arc / p.length, q[:, 0], v)
        apex_cap = arc - p.length
        return np.maximum(section, apex_cap)

    top = half_space([0, 0, 0], [0, 0, 1])
    s1_block = Block("S1", Frame(np.array([0.0, 0.0, -14.0]), np.eye(3)), 28.0, 28.0, p.endplate_depth)
    s1_body = smooth_intersection(wedge_body(s1_block, p.endplate_width, 1.0, EDGE_ROUNDING), top, 1.5)
    # The ala's upper surface slopes gently down laterally from the endplate (modelling choice).
    lateral_of_body = 0.5 * p.endplate_width - 3.0
    ala_top = lambda q: np.where(np.abs(q[:, 0]) < lateral_of_body, q[:, 2],  # noqa: E731
                                 q[:, 2] + 1.5 + 0.08 * (np.abs(q[:, 0]) - lateral_of_body))
    # The smooth union swells the surface where both parts end on the endplate plane (by up to k/4 = 1 mm,
    # which put the L5-S1 disc 1 mm into the bone); clipping at the plane keeps the endplate where the disc's
    # lower surface is (layout.py stacks the disc on it), with the rim still rounded.
    mass = smooth_intersection(smooth_union(smooth_intersection(swept, ala_top, 2.5), s1_body, k=4.0), top, 1.0)

    canal_top = rounded_box([0, y_pw - 0.5 * p.canal_depth - 1.0, 12.0],
                            [0.5 * p.canal_width, 0.5 * p.canal_depth, 14.0], 5.0)
    holes = [canal_top]
    for side in SIDES.values():
        # Superior vertebral notch of S1: the floor of the L5-S1 foramen, below the endplate behind the body.
        holes.append(ellipsoid([side * 21.0, y_pw - 6.5, 1.5], [7.5, 7.5, 6.5]))
        path = s.s1_root_path_local(side)
        # The S1 tunnel follows the root's own curve from the canal out of the anterior foramen.
        curve = catmull_rom(np.vstack([path, path[-1] + (path[-1] - path[-2]) * 0.5]), 14)[14:]
        holes.append(tube(curve, np.full(len(curve), 0.5 * p.s1_foramen_diameter)))
        holes.append(capsule(path[2], [side * 20.0, y_pw - 28.0, -20.0], 0.4 * p.s1_foramen_diameter))
        for k_level, diameter in ((2, 8.0), (3, 6.5), (4, 5.5)):
            lvl = s.foramen_level(k_level)
            axes = s.axis_axes(lvl)
            mid = s.axis_point(lvl)
            inner = mid + axes.T @ np.array([side * 8.0, -12.0, 0.0])
            holes.append(capsule(inner, mid + axes.T @ np.array([side * 14.0, 16.0, -2.0]), 0.5 * diameter))
            holes.append(capsule(inner, mid + axes.T @ np.array([side * 15.0, -38.0, -2.0]), 0.4 * diameter))
    carved = subtract(mass, smooth_union(*holes, k=2.0), k=1.5)

    sap_world = []
    for side in SIDES.values():
        joint, normal = s.superior_joint(side)
        up = s.frame.direction_to_world([0, 0, 1])
        base = s.frame.to_world([side * 22.0, y_pw - 17.0, -5.0])
        sap_world.append(superior_articular_process(joint, normal, base, up, 6.0))
    return smooth_union(in_frame(carved, s.frame), *sap_world, k=3.0)


def vertebra_frames(params: AnatomyParams, layout: SpineLayout) -> dict[str, VertebraFrame]:
    return {v.name: VertebraFrame(v, layout.bodies[v.name]) for v in params.vertebrae}


def bone_sdfs(params: AnatomyParams, layout: SpineLayout) -> dict[str, SDF]:
    """World SDFs of vertebra_L3..L5 and the sacrum, with matching facet joints."""
    verts = vertebra_frames(params, layout)
    sac = SacrumFrame(params.sacrum, layout.s1_endplate)
    lower_of = {"L3": verts["L4"], "L4": verts["L5"], "L5": sac}
    out = {}
    for name, v in verts.items():
        below = lower_of[name]
        joints = {side_name: below.superior_joint(side) for side_name, side in SIDES.items()}
        below_up = below.frame.direction_to_world([0, 0, 1])
        out[f"vertebra_{name}"] = vertebra_sdf(v, joints, below_up)
    out["sacrum"] = sacrum_sdf(sac)
    return out
