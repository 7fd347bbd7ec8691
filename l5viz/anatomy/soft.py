"""Discs (annulus and nucleus), the thecal sac, and the L4, L5 and S1 roots with their ganglia.

Every path is computed from the bones' key points, so the roots keep their relations (medial to the pedicle
in the lateral recess, under the pedicle in the upper foramen) whatever the parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from l5viz.anatomy.bones import SIDES, SacrumFrame, VertebraFrame, vertebra_frames, wedge_solid
from l5viz.anatomy.layout import Block, SpineLayout
from l5viz.anatomy.params import AnatomyParams
from l5viz.anatomy.sdf import SDF, Frame, catmull_rom, ellipsoid, half_space, in_frame, offset, smooth_intersection, subtract, tube

DISC_BULGE = 0.8  # convex outer wall of a healthy disc, within the ring apophyses; modelling choice
NUCLEUS_GAP = 0.4  # space between the nucleus and the inner annulus surface so the two meshes never touch


def disc_block_sdf(block: Block, width: float) -> SDF:
    """Whole disc (annulus + nucleus space) in the disc's local frame: fills the space between endplates."""
    return wedge_solid(block, width, lambda t: -DISC_BULGE * (1.0 - t * t), 0.6)


def nucleus_sdf(block: Block, width: float, fraction: float, posterior_shift: float) -> SDF:
    """Ellipsoidal nucleus covering `fraction` of the disc's cross-section, centred slightly posterior."""
    scale = np.sqrt(fraction)
    height = block.height_posterior + (block.height_anterior - block.height_posterior) * (0.5 - posterior_shift)
    return ellipsoid([0.0, -posterior_shift * block.depth, 0.0],
                     [0.5 * width * scale, 0.5 * block.depth * scale, 0.36 * height])


def disc_sdfs(params: AnatomyParams, layout: SpineLayout) -> dict[str, SDF]:
    """`disc_<level>` (annulus: disc minus the nucleus space) and `nucleus_<level>`, world frame."""
    widths = {"L3_L4": params.vertebra("L3").endplate_width, "L4_L5": params.vertebra("L4").endplate_width,
              "L5_S1": params.vertebra("L5").endplate_width}
    out = {}
    for d in params.discs:
        block = layout.discs[d.name]
        whole = disc_block_sdf(block, widths[d.name])
        nucleus = nucleus_sdf(block, widths[d.name], d.nucleus_fraction, d.nucleus_posterior_shift)
        out[f"disc_{d.name}"] = in_frame(subtract(whole, offset(nucleus, NUCLEUS_GAP)), block.frame)
        out[f"nucleus_{d.name}"] = in_frame(nucleus, block.frame)
    return out


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


def canal_centre(v: VertebraFrame, z_local: float) -> np.ndarray:
    return v.frame.to_world([0.0, v.posterior_wall_y - 0.5 * v.params.canal_depth + 0.5, z_local])


def sac_centreline(params: AnatomyParams, layout: SpineLayout) -> np.ndarray:
    """Canal centres from above L3 to S2, where the dural sac ends (reference section 5)."""
    verts = vertebra_frames(params, layout)
    sac = SacrumFrame(params.sacrum, layout.s1_endplate)
    ordered = [canal_centre(verts["L3"], z) for z in (0.5 * verts["L3"].block.mean_height + 8.0, 0.0)]
    for name in ("L4", "L5"):
        v = verts[name]
        ordered += [canal_centre(v, 0.5 * v.block.mean_height + 2.0), canal_centre(v, 0.0)]
    y_canal = sac.posterior_wall_y - 0.5 * params.sacrum.canal_depth - 1.0
    for s_mm in (0.0, 14.0, 28.0):
        ordered.append(sac.frame.to_world(sac.axis_point(s_mm) + np.array([0.0, y_canal, 0.0])))
    return catmull_rom(np.array(ordered), 16)


def thecal_sac_sdf(params: AnatomyParams, layout: SpineLayout) -> SDF:
    """Elliptical dural tube tapering from L4 to S1 and ending blind at S2.

    Above, it is cut flat at the top of L3, as in a specimen: the sac goes on up to the conus, out of view.
    """
    n = params.neural
    line = sac_centreline(params, layout)
    frac = np.linspace(0.0, 1.0, len(line))
    widths = np.interp(frac, [0.0, 0.45, 0.8, 1.0], [n.sac_width_l4, n.sac_width_l4, n.sac_width_s1, 8.0])
    aspect = n.sac_depth_l4 / n.sac_width_l4
    squash = np.array([1.0, 1.0 / aspect, 1.0])
    body = tube(line * squash, 0.5 * widths)
    l3 = layout.bodies["L3"]
    cut = half_space(l3.surface_centre(upper=True) + 3.0 * l3.frame.axes[2], l3.frame.axes[2])
    return smooth_intersection(lambda p: body(p * squash) * aspect, cut, 0.8)


def root_paths(params: AnatomyParams, layout: SpineLayout) -> dict[str, RootPath]:
    """Centrelines of the L4, L5 and S1 roots on both sides (reference section 5)."""
    verts = vertebra_frames(params, layout)
    sac = SacrumFrame(params.sacrum, layout.s1_endplate)
    n = params.neural
    sac_half_w = 0.5 * n.sac_width_l4
    out = {}
    for side_name, side in SIDES.items():
        for level in ("L4", "L5"):
            v = verts[level]
            above = verts["L3" if level == "L4" else "L4"]
            out[f"root_{level}_{side_name}"] = exiting_root_path(f"root_{level}_{side_name}", v, above, side,
                                                                 sac_half_w, n, sac if level == "L5" else verts["L5"])
        out[f"root_S1_{side_name}"] = s1_root_path(f"root_S1_{side_name}", verts["L5"], sac, side, sac_half_w, n)
    return out


def exiting_root_path(root_id: str, v: VertebraFrame, above: VertebraFrame, side: float, sac_half_w: float,
                      n, below) -> RootPath:
    """L4 or L5: leaves the sac near the disc above, down the lateral recess, round the pedicle, out the foramen."""
    p = v.params
    y_pw = v.posterior_wall_y
    half_ipd = 0.5 * p.interpedicular_distance
    ped_top = v.pedicle_z + 0.5 * p.pedicle_height
    ped_bottom = v.pedicle_z - 0.5 * p.pedicle_height
    r_root = 0.5 * n.root_diameter
    # Take-off inside the sac at the level of the disc above (reference section 5: sleeve at the L4-5 disc).
    disc_mid_local = v.frame.to_local(above.frame.to_world([0, 0, -0.5 * above.block.mean_height]))
    takeoff_z = disc_mid_local[2] - 0.5 * (disc_mid_local[2] - 0.5 * v.block.height_posterior)
    local = [
        [side * (sac_half_w - 4.0), y_pw - 6.5, takeoff_z + 7.0],
        [side * (sac_half_w - 1.0), y_pw - 5.5, takeoff_z],
        [side * (half_ipd - r_root - 1.2), y_pw - 4.0, ped_top + 1.0],  # lateral recess, medial to the pedicle
        [side * (half_ipd - r_root - 0.9), y_pw - 3.5, v.pedicle_z - 1.0],
        # Rounding the pedicle's inferomedial corner: placed on the diagonal so the turn from the recess to the
        # foramen is spread over this point and the ganglion (bend radius > 5 mm, not a 3 mm elbow).
        [side * half_ipd, y_pw - 3.0, ped_bottom - 1.5],
        [side * (v.pedicle_centre_x() + 1.5), y_pw - 3.0, ped_bottom - 0.5 * n.ganglion_size[0] - 2.5],  # ganglion
    ]
    world = [v.frame.to_world(q) for q in local]
    if isinstance(below, SacrumFrame):
        # L5 ventral ramus runs anterolaterally over the sacral ala (reference section 5, Wiltse 1984).
        world.append(v.frame.to_world([side * (v.pedicle_centre_x() + 10.0), y_pw + 2.0, ped_bottom - 9.0]))
        world += [below.frame.to_world(q) for q in ([side * 36.0, 8.0, 9.0], [side * 42.0, 20.0, -8.0])]
    else:
        # L4 ventral ramus: out of the L4-5 foramen it curves smoothly inferolaterally and forward, over the
        # posterolateral corner of the L4-5 disc (where a far-lateral herniation catches it), then in the psoas
        # beside the L5 body and in front of the L5 transverse process, toward the lumbosacral trunk (reference
        # section 5). Points in the L5 frame, about 10 mm apart so the uniform spline bends evenly; it always
        # descends, and ends above and lateral to the L5 ramus, which it must not cross.
        y_pw5 = below.posterior_wall_y
        world += [below.frame.to_world(q) for q in ([side * 26.0, y_pw5, 21.5],  # just out of the foramen
                                                      [side * 29.5, y_pw5 + 6.5, 14.0],  # over the L4-5 disc's corner
                                                      [side * 33.0, y_pw5 + 12.0, 4.0],  # in front of the TP
                                                      [side * 37.0, y_pw5 + 17.0, -6.0])]
    pts = catmull_rom(np.array(world), 14)
    ganglion_index = 5 * 14
    radii = np.where(np.arange(len(pts)) < ganglion_index, r_root, 0.5 * n.nerve_diameter)
    return RootPath(root_id, pts, radii, ganglion_index)


def s1_root_path(root_id: str, l5: VertebraFrame, sac: SacrumFrame, side: float, sac_half_w: float, n) -> RootPath:
    """S1: leaves the sac just above the L5-S1 disc, crosses it in the S1 recess, exits the S1 foramen.

    The sleeve starts 12 mm above the lower L5 endplate so it leaves the sac at a slant, as L4 and L5 do,
    instead of running sideways and turning straight down.
    """
    start = l5.frame.to_world([side * (sac_half_w - 5.5), l5.posterior_wall_y - 5.5,
                               -0.5 * l5.block.mean_height + 12.0])
    path = [start] + [sac.frame.to_world(q) for q in sac.s1_root_path_local(side)]
    pts = catmull_rom(np.array(path), 14)
    ganglion_index = 3 * 14  # S1 ganglion often intraspinal, at the upper S1 foramen (Hasegawa 1996)
    radii = np.full(len(pts), 0.5 * n.root_diameter)
    radii[ganglion_index:] = 0.5 * n.nerve_diameter
    return RootPath(root_id, pts, radii, ganglion_index)


def ganglion_sdf(path: RootPath, size) -> SDF:
    """Ellipsoidal dorsal root ganglion centred on the root and aligned with it."""
    axis = path.ganglion_axis()
    helper = np.array([1.0, 0.0, 0.0]) if abs(axis[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
    e1 = np.cross(axis, helper)
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(axis, e1)
    frame = Frame(path.ganglion_centre, np.vstack([e1, e2, axis]))
    return in_frame(ellipsoid([0.0, 0.0, 0.0], [0.5 * size[0], 0.5 * size[1], 0.5 * size[2]]), frame)


def neural_sdfs(params: AnatomyParams, layout: SpineLayout) -> tuple[dict[str, SDF], dict[str, RootPath]]:
    """Sac, roots and ganglia. Roots are tubes; ganglia ellipsoids sitting on them."""
    paths = root_paths(params, layout)
    out: dict[str, SDF] = {"thecal_sac": thecal_sac_sdf(params, layout)}
    for rid, path in paths.items():
        out[rid] = tube(path.points, path.radii)
        out[rid.replace("root_", "drg_")] = ganglion_sdf(path, params.neural.ganglion_size)
    return out, paths
