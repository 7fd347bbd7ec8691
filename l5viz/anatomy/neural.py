"""The thecal sac and the L3, L4, L5 and S1 roots with their ganglia, fitted to the real bone.

The bone decides the course: each root is routed between a few anatomical waypoints (its take-off from
the sac, the lateral recess medial to its pedicle, under the pedicle in the upper foramen, out of the
foramen) along the path of greatest clearance from bone, through a distance field of the real
vertebrae and sacrum. Waypoints are placed from the measured frames (`SpineGeometry`), never from averages.
Sizes: reference section 5 (anatomy-reference.md), cited per constant.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from l5viz.anatomy.geometry import SIDES, RootPath, SpineGeometry, VertebraGeometry
from l5viz.anatomy.sdf import SDF, Frame, catmull_rom, ellipsoid, in_frame, resample_polyline, tube

SAC_WIDTH = 18.0  # mm at L4, 18-22 (reference section 5)
SAC_DEPTH = 12.5  # mm at L4, 12-16; 18 x 12.5 ellipse = 177 mm^2, within 150-180 mm^2 (reference section 5)
SAC_END_WIDTH = 8.0  # mm, the blind end at S2; modelling choice (the sac tapers to its end, reference section 5)
SAC_BONE_GAP = 1.0  # mm kept between the sac and the canal's bony walls (epidural space); modelling choice
SAC_FRONT_GAP = 2.0  # mm from the bodies' backs to the sac: the posterior longitudinal ligament and epidural space; modelling choice
ROOT_DIAMETER = 4.0  # mm, root in its sleeve, 3-5 (reference section 5)
NERVE_DIAMETER = 5.5  # mm, spinal nerve past the ganglion, 5-6 (reference section 5)
GANGLION_SIZE = (6.0, 6.0, 11.0)  # mm, L5 DRG 5-7 wide, 9-12 long (reference section 5)
ROOT_BONE_GAP = 0.6  # mm of fat kept between a root's surface and bone where the routing allows; modelling choice
ROUTE_MARGIN = 30.0  # mm a route may stray outside the box of its two waypoints (searched space); modelling choice
GRID_STEP = 1.0  # mm, the distance field the routes are found in; paths are smoothed afterwards
EXITING = {"L3": ("L2", "L3_L4"), "L4": ("L3", "L4_L5"), "L5": ("L4", "L5_S1")}


class Clearance:
    """Distance from bone (mm; negative inside) on a regular grid, read back by trilinear interpolation."""

    def __init__(self, inside: np.ndarray, origin: np.ndarray, step: float):
        outside = ndimage.distance_transform_edt(~inside) * step
        depth = ndimage.distance_transform_edt(inside) * step
        self.values = np.where(inside, -depth, outside) - 0.5 * step * np.where(inside, -1.0, 1.0)
        self.origin, self.step = np.asarray(origin, float), step

    @classmethod
    def of_meshes(cls, meshes, lower, upper, step: float = GRID_STEP) -> "Clearance":
        """The clearance from closed surfaces (pyvista meshes) on a grid over the box lower..upper."""
        import pyvista as pv  # here: the scenario layer imports this module's sizes and must stay free of VTK

        lower, upper = np.asarray(lower, float), np.asarray(upper, float)
        dims = np.ceil((upper - lower) / step).astype(int) + 1
        grid = pv.ImageData(dimensions=dims, spacing=(step,) * 3, origin=lower)
        inside = np.zeros(tuple(dims), bool)
        for mesh in meshes:
            mask = mesh.voxelize_binary_mask(reference_volume=grid)
            inside |= (np.asarray(mask.point_data["mask"]) > 0).reshape(tuple(dims), order="F")
        return cls(inside, lower, step)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        index = (np.asarray(points, float) - self.origin) / self.step
        return ndimage.map_coordinates(self.values, index.T, order=1, mode="nearest")

    def gradient(self, points: np.ndarray, eps: float = 0.5) -> np.ndarray:
        g = np.column_stack([self(points + e) - self(points - e) for e in np.eye(3) * eps]) / (2 * eps)
        return g / np.maximum(np.linalg.norm(g, axis=1), 1e-9)[:, None]

    def voxel(self, point: np.ndarray) -> tuple[int, int, int]:
        return tuple(np.round((np.asarray(point) - self.origin) / self.step).astype(int))

    def route(self, a: np.ndarray, b: np.ndarray, radius: float, reach: float = ROUTE_MARGIN) -> np.ndarray:
        """Cheapest voxel path from a to b, searched up to `reach` mm outside their box: length, weighted up
        where bone comes closer than the nerve's surface."""
        from skimage.graph import route_through_array

        margin = int(np.ceil(reach / self.step))
        lo = np.maximum(np.minimum(self.voxel(a), self.voxel(b)) - margin, 0)
        hi = np.minimum(np.maximum(self.voxel(a), self.voxel(b)) + margin + 1, self.values.shape)
        box = self.values[lo[0]:hi[0], lo[1]:hi[1], lo[2]:hi[2]]
        spare = box - (radius + ROOT_BONE_GAP)
        cost = 1.0 + 40.0 * np.clip(-spare, 0.0, None) ** 2 + np.where(box < 0.5, 1e4, 0.0)
        path, _ = route_through_array(cost, tuple(np.array(self.voxel(a)) - lo), tuple(np.array(self.voxel(b)) - lo),
                                      fully_connected=True, geometric=True)
        path = (np.array(path) + lo) * self.step + self.origin
        if self(path[1:-1]).min(initial=np.inf) < 0.0:
            raise RuntimeError(f"no way round bone from {np.round(a, 1)} to {np.round(b, 1)} within {reach} mm")
        return path


def smooth_route(control: list[np.ndarray], clearance: Clearance, radius: float,
                 reach: float = ROUTE_MARGIN) -> np.ndarray:
    """Routes between consecutive waypoints joined, thinned to one point per ~8 mm, and splined smooth.

    Samples that the spline brings closer to bone than the root's surface are pushed out along the
    distance field's gradient (a few passes).
    """
    legs = [clearance.route(a, b, radius, reach) for a, b in zip(control[:-1], control[1:])]
    dense = np.vstack([legs[0]] + [leg[1:] for leg in legs[1:]])
    even, _ = resample_polyline(dense, np.zeros(len(dense)), 8.0)
    even[0], even[-1] = control[0], control[-1]
    line = catmull_rom(even, 12)
    for _ in range(6):
        d = clearance(line)
        short = d < radius + 0.3
        if not short.any():
            break
        line[short] += clearance.gradient(line[short]) * (radius + 0.3 - d[short])[:, None]
    return line


def canal_point(v: VertebraGeometry, z: float, x: float = 0.0, back: float = 0.0) -> np.ndarray:
    """A point in a vertebra's canal, `back` mm behind the body's posterior wall."""
    return v.frame.to_world([x, v.posterior_wall_y - back, z])


def sac_centreline(geo: SpineGeometry, s1_canal: list[np.ndarray]) -> np.ndarray:
    """From the top of L2 to the sacral canal at S2, in the front of the canal (the fat pad is behind)."""
    pts = []
    for name in ("L2", "L3", "L4", "L5"):
        v = geo.vertebrae[name]
        for z in (0.5 * v.height_posterior, 0.0):
            pts.append(canal_point(v, z, back=0.5 * SAC_DEPTH + SAC_FRONT_GAP))
    return catmull_rom(np.array(pts + s1_canal), 16)


def sac_sdf(line: np.ndarray, clearance: Clearance) -> SDF:
    """Elliptic dural tube (wider than deep) along the canal, ending blind, kept off the canal's bony walls."""
    frac = np.linspace(0.0, 1.0, len(line))
    widths = np.interp(frac, [0.0, 0.55, 0.85, 1.0], [SAC_WIDTH, SAC_WIDTH, 0.8 * SAC_WIDTH, SAC_END_WIDTH])
    aspect = SAC_DEPTH / SAC_WIDTH
    squash = np.array([1.0, 1.0 / aspect, 1.0])
    body = tube(line * squash, 0.5 * widths)
    top = line[0, 2] - 2.0

    def f(p):
        inner = body(p * squash) * aspect
        return np.maximum.reduce([inner, SAC_BONE_GAP - clearance(p), p[:, 2] - top])

    return f


def exiting_waypoints(geo: SpineGeometry, root: str, side: float, sac_line: np.ndarray) -> tuple[list, int]:
    """L3, L4, L5: take-off at the disc above, medial to the pedicle, round it, under it (ganglion), out.

    Returns the waypoints (world) and the index of the ganglion's waypoint. The relations are sourced
    (reference section 5); the millimetre offsets that place each waypoint in them (a root surface 0.8 mm
    from the pedicle's medial wall, 1.5 mm of fat above the ganglion, 14 mm out of the foramen, the points
    over the ala and in the psoas) are modelling choices: the router then finds the bone-free course.
    """
    above, level = EXITING[root]
    v = geo.vertebrae[root]
    disc_above = geo.discs[f"{above}_{root}"]
    r = 0.5 * ROOT_DIAMETER
    # Take-off: the sleeve leaves the sac's lateral edge at the disc above (reference section 5).
    takeoff_z = v.frame.to_local(disc_above.frame.origin)[2]
    half_ipd = 0.5 * v.interpedicular_distance
    local = [
        [side * (0.5 * SAC_WIDTH - 3.0), v.posterior_wall_y - 4.0, takeoff_z],
        [side * (half_ipd - r - 0.8), v.posterior_wall_y - 3.0, v.pedicle_top - 2.0],  # lateral recess
        [side * (half_ipd - 0.5), v.posterior_wall_y - 2.5, v.pedicle_bottom - 2.0],  # round the pedicle
        [side * v.pedicle_x, v.posterior_wall_y - 2.0, v.pedicle_bottom - 0.5 * GANGLION_SIZE[0] - 1.5],  # DRG
        [side * (v.pedicle_x + 14.0), v.posterior_wall_y + 6.0, v.pedicle_bottom - 9.0],  # out of the foramen
    ]
    points = [v.frame.to_world(q) for q in local]
    if root == "L5":
        # Over the sacral ala, then down in front of it toward the lumbosacral trunk (Wiltse 1984 far-out zone).
        s1 = geo.s1_endplate
        points += [s1.to_world([side * 40.0, 6.0, -6.0]), s1.to_world([side * 44.0, 24.0, -32.0])]
    else:
        below = geo.vertebrae[{"L3": "L4", "L4": "L5"}[root]]
        # In the psoas, beside the body below and in front of its transverse process (reference section 5).
        points += [below.frame.to_world([side * 32.0, below.posterior_wall_y + 14.0, 2.0]),
                   below.frame.to_world([side * 38.0, below.posterior_wall_y + 20.0, -16.0])]
    start = sac_line[np.argmin(np.linalg.norm(sac_line - points[0], axis=1))]
    points[0] = start + (points[0] - start) * 0.6  # inside the sac, so the sleeve grows out of it
    return points, 3


def s1_waypoints(geo: SpineGeometry, side: float, sac_line: np.ndarray) -> tuple[list, int]:
    """S1: leaves the sac just above the L5-S1 disc, crosses it in the S1 recess, down the sacral canal, out of
    the S1 foramen to the front of the sacrum. Its ganglion sits at the upper S1 foramen, usually still in the
    canal (Kikuchi 1994; Hasegawa 1996). The waypoints' offsets are modelling choices, as for the other roots."""
    l5 = geo.vertebrae["L5"]
    s1 = geo.s1_endplate
    disc = geo.discs["L5_S1"]
    wall = s1.to_local(l5.frame.to_world([0.0, l5.posterior_wall_y, 0.0]))[1]
    points = [
        l5.frame.to_world([side * (0.5 * SAC_WIDTH - 4.0), l5.posterior_wall_y - 4.5, -0.5 * l5.height_posterior + 10.0]),
        # On the back of the L5-S1 disc, lateral to the posterior longitudinal ligament, 1 mm of epidural space
        # in front of it: where a posterolateral L5-S1 herniation meets it (reference section 5).
        disc.frame.to_world([side * 9.5, disc.posterior_y - 0.5 * ROOT_DIAMETER - 1.0, 0.0]),
        s1.to_world([side * 10.0, wall - 3.5, -4.0]),
        s1.to_world([side * 13.0, wall - 4.0, -22.0]),  # at the upper S1 foramen, inside the canal
        s1.to_world([side * 26.0, 14.0, -40.0]),
    ]
    start = sac_line[np.argmin(np.linalg.norm(sac_line - points[0], axis=1))]
    points[0] = start + (points[0] - start) * 0.6
    return points, 3


def fit_root(root_id: str, waypoints: list, ganglion_waypoint: int, clearance: Clearance) -> RootPath:
    """Route, smooth and size one root; the ganglion sits on the path nearest its waypoint."""
    line = smooth_route(waypoints, clearance, 0.5 * NERVE_DIAMETER)
    gi = int(np.argmin(np.linalg.norm(line - waypoints[ganglion_waypoint], axis=1)))
    radii = np.where(np.arange(len(line)) < gi, 0.5 * ROOT_DIAMETER, 0.5 * NERVE_DIAMETER)
    return RootPath(root_id, line, radii, gi)


def ganglion_sdf(path: RootPath) -> SDF:
    """Dorsal root ganglion: an ellipsoidal swelling of the root, centred on it and aligned with it."""
    axis = path.ganglion_axis()
    helper = np.array([1.0, 0.0, 0.0]) if abs(axis[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
    e1 = np.cross(axis, helper)
    e1 /= np.linalg.norm(e1)
    frame = Frame(path.ganglion_centre, np.vstack([e1, np.cross(axis, e1), axis]))
    return in_frame(ellipsoid([0.0, 0.0, 0.0], 0.5 * np.array(GANGLION_SIZE)), frame)


def sacral_canal(geo: SpineGeometry, sacrum_rays) -> list[np.ndarray]:
    """Centres of the sacral canal below the S1 endplate, down to S2 where the sac ends.

    Just below the endplate the canal is open behind (the L5-S1 interlaminar space): its centre is put
    half a sac depth behind the S1 body. Lower down it lies between the body's back and the sacral laminae.
    """
    s1 = geo.s1_endplate
    centres = []
    for z in (-10.0, -30.0, -40.0):
        start = s1.to_world([0.0, 40.0, z])
        h = sacrum_rays(start, -s1.axes[1], 120.0)
        depth = 0.5 * (h[1] + h[2]) if len(h) >= 4 else h[1] + 0.5 * SAC_DEPTH + SAC_BONE_GAP
        centres.append(start - s1.axes[1] * depth)
    return centres


def neural_structures(geo: SpineGeometry, clearance: Clearance, sacrum_rays) -> tuple[dict[str, SDF], dict[str, RootPath]]:
    """Signed distance functions of the sac, roots and ganglia; the root paths and the sac's centreline ("sac")."""
    s1_canal = sacral_canal(geo, sacrum_rays)
    line = sac_centreline(geo, s1_canal)
    out: dict[str, SDF] = {"thecal_sac": sac_sdf(line, clearance)}
    paths: dict[str, RootPath] = {}
    for side_name, side in SIDES.items():
        for root in ("L3", "L4", "L5"):
            waypoints, g = exiting_waypoints(geo, root, side, line)
            paths[f"root_{root}_{side_name}"] = fit_root(f"root_{root}_{side_name}", waypoints, g, clearance)
        waypoints, g = s1_waypoints(geo, side, line)
        paths[f"root_S1_{side_name}"] = fit_root(f"root_S1_{side_name}", waypoints, g, clearance)
    for rid, path in paths.items():
        out[rid] = tube(path.points, path.radii)
        out[rid.replace("root_", "drg_")] = ganglion_sdf(path)
    return out, paths | {"sac": RootPath("sac", line, np.full(len(line), 0.5 * SAC_WIDTH), 0)}
