"""Measure the committed meshes the way the morphometry papers measure bone: on the surfaces themselves.

Each measurement casts rays or cuts slices in a vertebra's or disc's own frame (as a radiologist aligns to
the endplate), so the figures test the geometry, not the numbers that placed it.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvista as pv

from l5viz.anatomy.foramen import Grid, wall_mask
from l5viz.anatomy.geometry import SIDES, SpineGeometry, foramen_wall_ids
from l5viz.anatomy.sdf import Frame


@dataclass
class BakedScene:
    """Meshes and the measured geometry read back from a meshes/ folder."""

    meshes: dict[str, pv.PolyData]
    manifest: dict

    @classmethod
    def load(cls, folder: Path, lod: bool = False) -> "BakedScene":
        manifest = json.loads((folder / "manifest.json").read_text())
        key = "lod_file" if lod else "file"
        meshes = {e["id"]: pv.read(folder / e[key]) for e in manifest["structures"]}
        return cls(meshes, manifest)

    @property
    def geometry(self) -> SpineGeometry:
        return SpineGeometry.from_dict(self.manifest["geometry"])

    def frame(self, name: str) -> Frame:
        """A vertebra's body frame ("L4"), a disc's mid-plane frame ("L4_L5") or the S1 endplate's ("S1")."""
        geo = self.geometry
        if name == "S1":
            return geo.s1_endplate
        return (geo.discs[name] if "_" in name else geo.vertebrae[name]).frame


def ray_hits(mesh: pv.PolyData, start: np.ndarray, direction: np.ndarray, length: float = 200.0) -> np.ndarray:
    """Distances along `direction` (unit) from `start` to every surface crossing, sorted."""
    end = start + direction * length
    points, _ = mesh.ray_trace(start, end)
    if len(points) == 0:
        return np.empty(0)
    return np.sort((np.asarray(points) - start) @ direction)


def extent_along(mesh: pv.PolyData, frame: Frame, local_start, local_dir) -> float:
    """Thickness of `mesh` along a local line: last crossing minus first crossing."""
    d = frame.direction_to_world(np.asarray(local_dir, float))
    start = frame.to_world(np.asarray(local_start, float)) - d * 100.0
    hits = ray_hits(mesh, start, d)
    return float(hits[-1] - hits[0]) if len(hits) >= 2 else float("nan")


def first_hit(mesh: pv.PolyData, frame: Frame, local_start, local_dir) -> float:
    d = frame.direction_to_world(np.asarray(local_dir, float))
    hits = ray_hits(mesh, frame.to_world(np.asarray(local_start, float)), d)
    return float(hits[0]) if len(hits) else float("nan")


# ---- morphometry: the figures docs/morphometry.md compares with published ranges ------------------
#
# Every figure below is read off sections of the committed surfaces (numpy cuts from
# l5viz.anatomy.foramen, filled solid on a 0.25 mm grid) or off rays, in the frame a radiologist would
# align to; the manifest's geometry supplies only the frames and seed points, never a figure.

PIXEL_MM = 0.25
ENDPLATE_TOLERANCE_MM = 2.0  # how far below the endplate's level its surface still counts as endplate


def mesh_arrays(mesh: pv.PolyData) -> tuple[np.ndarray, np.ndarray]:
    """(points, triangles) of an all-triangle surface, for the VTK-free sections."""
    return np.asarray(mesh.points, float), np.asarray(mesh.faces).reshape(-1, 4)[:, 1:]


@dataclass
class Section:
    """A solid section of one surface by the plane through `origin` normal to axes[0]; pixels (rows v = axes[2],
    columns u = axes[1]) centred on that plane's (u, v) = (0, 0)."""

    mask: np.ndarray
    grid: Grid
    origin: np.ndarray
    axes: np.ndarray

    @classmethod
    def cut(cls, arrays, origin, axes, half_u: float = 40.0, half_v: float = 40.0,
            pixel: float = PIXEL_MM) -> "Section":
        grid = Grid(np.zeros(2), half_u, half_v, pixel)
        origin, axes = np.asarray(origin, float), np.asarray(axes, float)
        return cls(wall_mask([arrays], origin, axes, grid), grid, origin, axes)

    @property
    def u(self) -> np.ndarray:
        return self.grid.centres()[0]

    @property
    def v(self) -> np.ndarray:
        return self.grid.centres()[1]

    def component(self, seed_uv) -> np.ndarray:
        """The bone piece holding the seed point (or the piece nearest to it)."""
        from scipy import ndimage

        labels, _ = ndimage.label(self.mask)
        i, j = self.grid.index(np.asarray(seed_uv, float)[None])
        i, j = int(np.clip(i[0], 0, self.grid.nz - 1)), int(np.clip(j[0], 0, self.grid.ny - 1))
        if labels[i, j] == 0:
            _, (ii, jj) = ndimage.distance_transform_edt(labels == 0, return_indices=True)
            i, j = ii[i, j], jj[i, j]
        return labels == labels[i, j] if labels[i, j] else np.zeros_like(self.mask)

    def to_world(self, uv) -> np.ndarray:
        uv = np.atleast_2d(np.asarray(uv, float))
        return self.origin + uv[:, :1] * self.axes[1] + uv[:, 1:2] * self.axes[2]


def _column_extremes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per column, the largest and smallest finite value (NaN where a column has none)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmax(values, axis=0), np.nanmin(values, axis=0)


def _line_fit(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    slope, intercept = np.polyfit(x, y, 1)
    return float(slope), float(intercept)


def _plateau(u: np.ndarray, height: np.ndarray, reference: np.ndarray, middle: float,
             tolerance: float) -> tuple[int, int]:
    """Indices of the first and last column of the run around `middle` where the surface stays within
    `tolerance` of its reference (above it for a top surface; pass negated heights for a bottom one)."""
    ok = np.isfinite(height) & (height >= reference - tolerance)
    k = int(np.argmin(np.abs(u - middle)))
    if not ok[k]:
        candidates = np.flatnonzero(ok)
        k = int(candidates[np.argmin(np.abs(candidates - k))])
    return _run_through(ok, k)


@dataclass
class BodyOutline:
    """A vertebral body (or the S1 body) in its midsagittal section: its endplate lines and corners.

    Section coordinates (u, v) = the body frame's (y anterior, z up). `top`/`bottom`: (slope, intercept) of
    the least-squares line through the upper/lower surface over the middle 60 % of the body's depth; they
    give only each endplate's orientation. Corners, as a reader clicks them on a sagittal CT: the outline
    point furthest along the diagonal between the endplate line and the wall (45 degrees to the line), the
    apex of the rounded rim: AS, PS (upper endplate), AI, PI (lower). Endplate lines for angles (Cobb) run
    through the corners, PS to AS.
    """

    name: str
    section: Section
    top: tuple[float, float]
    bottom: tuple[float, float] | None
    corners: dict[str, np.ndarray]

    def corner_world(self, key: str) -> np.ndarray:
        return self.section.to_world(self.corners[key])[0]

    def endplate_direction(self, which: str = "top") -> np.ndarray:
        """Unit world vector along an endplate, posterior to anterior corner (PS->AS, or PI->AI)."""
        a, b = ("PS", "AS") if which == "top" else ("PI", "AI")
        d = self.corner_world(b) - self.corner_world(a)
        return d / np.linalg.norm(d)

    def endplate_normal(self) -> np.ndarray:
        """Unit world normal of the upper endplate line (in the midsagittal plane), pointing up."""
        n = np.cross(self.section.axes[0], self.endplate_direction())
        return n if n @ self.section.axes[2] > 0 else -n


def _diagonal_corners(uv: np.ndarray, slope: float, up: float) -> tuple[np.ndarray, np.ndarray]:
    """Posterior and anterior corner of a point set along the 45-degree diagonals of a line of `slope`
    (`up` = +1 for a top corner, -1 for a bottom one)."""
    d = np.array([1.0, slope]) / np.hypot(1.0, slope)
    n = np.array([-d[1], d[0]]) * up
    along, across = uv @ d, uv @ n
    return uv[int(np.argmax(across - along))], uv[int(np.argmax(across + along))]


def body_outline(arrays, frame: Frame, name: str, depth_below: float | None = None,
                 seed=(0.0, 0.0)) -> BodyOutline:
    """Midsagittal outline of a body (see BodyOutline). `depth_below`: only the top this many mm of the
    piece count (the sacrum, whose S1 body runs on into S2 and below; its lower endplate is not read)."""
    section = Section.cut(arrays, frame.origin, frame.axes, 45.0, 45.0)
    body = section.component(seed)
    u, v = section.u, section.v
    if depth_below is not None:
        body &= (v > -depth_below)[:, None]
    cols = np.flatnonzero(body.any(axis=0))
    top, bottom = _column_extremes(np.where(body, v[:, None], np.nan))
    front, back = u[cols[-1]], u[cols[0]]
    middle = (u > back + 0.2 * (front - back)) & (u < front - 0.2 * (front - back)) & np.isfinite(top)
    rows, columns = np.nonzero(body)
    uv = np.column_stack([u[columns], v[rows]])
    top_line = _line_fit(u[middle], top[middle])
    ps, as_ = _diagonal_corners(uv, top_line[0], 1.0)
    corners = {"PS": ps, "AS": as_}
    bottom_line = None
    if depth_below is None:
        bottom_line = _line_fit(u[middle], bottom[middle])
        pi, ai = _diagonal_corners(uv, bottom_line[0], -1.0)
        corners |= {"PI": pi, "AI": ai}
    return BodyOutline(name, section, top_line, bottom_line, corners)


def endplate_width(arrays, outline: BodyOutline) -> float:
    """Transverse width of the upper endplate: in the coronal section through the endplate's AP midpoint
    (normal along the endplate line), the run of columns around the midline whose top surface stays within
    ENDPLATE_TOLERANCE_MM of the endplate's level there (beyond it the rim rounds off, or at S1 the ala falls
    away)."""
    mid = 0.5 * (outline.corner_world("AS") + outline.corner_world("PS"))
    along = outline.endplate_direction()
    up = outline.endplate_normal()
    right = np.cross(along, up)
    section = Section.cut(arrays, mid, np.vstack([along, right, up]), 45.0, 45.0)
    piece = section.component((0.0, -3.0))
    u, v = section.u, section.v
    top, _ = _column_extremes(np.where(piece, v[:, None], np.nan))
    level = float(np.nanmedian(top[np.abs(u) < 8.0]))
    lo, hi = _plateau(u, top, np.full_like(u, level), 0.0, ENDPLATE_TOLERANCE_MM)
    return float((hi - lo + 1) * section.grid.pixel)


def canal_depth(outline: BodyOutline) -> float:
    """Midsagittal AP diameter of the bony canal: the narrowest gap between the back of the body and the
    front of the posterior arch (lamina, spinous base), over the rows of the body's height."""
    s = outline.section
    body = s.component((0.0, 0.0))
    arch = s.mask & ~body
    u = s.u
    best = np.inf
    for row in np.flatnonzero(body.any(axis=1)):
        back = u[np.flatnonzero(body[row])[0]]
        behind = np.flatnonzero(arch[row] & (u < back) & (u > back - 35.0))
        if len(behind):
            best = min(best, back - u[behind[-1]] - s.grid.pixel)
    return float(best) if np.isfinite(best) else float("nan")


def _run_through(row: np.ndarray, k: int) -> tuple[int, int] | None:
    """(first, last) index of the run of True in a 1-D array that holds index k (None if k is not in one)."""
    if k < 0 or k >= len(row) or not row[k]:
        return None
    lo, hi = k, k
    while lo > 0 and row[lo - 1]:
        lo -= 1
    while hi < len(row) - 1 and row[hi + 1]:
        hi += 1
    return lo, hi


PEDICLE_SPAN = (1.0, 10.0)  # mm behind the body's midline posterior wall: the pedicle, before the articular pillar
PEDICLE_X_SCAN = np.arange(-2.0, 2.01, 0.5)  # mm either side of the pedicle's centre x: its middle 4 mm


def _axial(arrays, vertebra, z: float) -> Section:
    """Axial section of a vertebra at local height z: columns = local x (right), rows = local y (anterior)."""
    frame = vertebra.frame
    return Section.cut(arrays, frame.to_world([0.0, 0.0, z]),
                       np.vstack([frame.axes[2], frame.axes[0], frame.axes[1]]), 45.0, 50.0)


def _span_rows(values: np.ndarray, vertebra) -> np.ndarray:
    wall = vertebra.posterior_wall_y
    return np.flatnonzero((values < wall - PEDICLE_SPAN[0]) & (values > wall - PEDICLE_SPAN[1]))


def pedicle_height(arrays, vertebra, side: float) -> dict:
    """Isthmus height of one pedicle as Zindrick 1987 defines it (the pedicle's least craniocaudal height on
    the lateral view): in a parasagittal section through the pedicle, for each AP column over the pedicle's
    length (PEDICLE_SPAN behind the posterior wall) the bone run through the pedicle's level; the least of
    them is the isthmus (in front of it the run is the whole body, behind it the articular processes
    lengthen it). Taken in 9 slices 0.5 mm apart across the pedicle's middle 4 mm and the median kept, so
    one slice through a rounded edge does not decide it. The geometry's pedicle centre (x, z) only places
    the slices and names the run."""
    frame = vertebra.frame
    found = []
    for dx in PEDICLE_X_SCAN:
        x = side * (vertebra.pedicle_x + dx)
        section = Section.cut(arrays, frame.to_world([x, 0.0, 0.0]), frame.axes, 50.0, 45.0)
        y, z = section.u, section.v
        seed_row = int(np.argmin(np.abs(z - vertebra.pedicle_z)))
        runs = []
        for c in _span_rows(y, vertebra):
            run = _run_through(section.mask[:, c], seed_row)
            if run is not None:
                runs.append((z[run[1]] - z[run[0]] + section.grid.pixel, y[c], z[run[0]], z[run[1]]))
        if runs:
            found.append((*min(runs), x))
    if not found:
        return {"height": float("nan"), "mid_z": vertebra.pedicle_z, "x": side * vertebra.pedicle_x, "y": float("nan")}
    found.sort()
    height, y, bottom, top, x = found[len(found) // 2]
    return {"height": float(height), "y": float(y), "mid_z": float(0.5 * (bottom + top)), "x": float(x)}


ISTHMUS_ROWS_MM = 2.0  # rows within this of the isthmus's AP position read the width and the canal


def _isthmus_rows(values: np.ndarray, y: float) -> np.ndarray:
    return np.flatnonzero(np.abs(values - y) <= ISTHMUS_ROWS_MM)


def pedicle_width(arrays, vertebra, side: float, z: float, y: float) -> float:
    """Transverse width of one pedicle at its isthmus: in the axial section at the isthmus mid-height, the
    least transverse (local x) bone run through the pedicle's centre over the rows within 2 mm of the
    isthmus (AP), as a line drawn across the isthmus on an axial CT; not corrected for the pedicle's
    convergence. Where the transverse process or the body's posterolateral corner springs from the
    pedicle's side (L5) the run cannot end at a lateral cortex, and the figure includes that root."""
    section = _axial(arrays, vertebra, z)
    x, rows = section.u, _isthmus_rows(section.v, y)
    col = int(np.argmin(np.abs(x - side * vertebra.pedicle_x)))
    runs = [r for r in (_run_through(section.mask[row], col) for row in rows) if r is not None]
    return float(min(x[b] - x[a] + section.grid.pixel for a, b in runs)) if runs else float("nan")


def interpedicular_distance(arrays, vertebra, z: float) -> float:
    """Transverse width of the bony canal between the pedicles' medial walls: in the axial section at the
    pedicles' mid-height, the free run across the midline, greatest over the pedicles' length
    (PEDICLE_SPAN). In front of the pedicles the canal narrows into the body's posterolateral corners and
    behind them toward the laminae; the greatest width is where the pedicles bound it."""
    section = _axial(arrays, vertebra, z)
    x, rows = section.u, _span_rows(section.v, vertebra)
    col = int(np.argmin(np.abs(x)))
    runs = [r for r in (_run_through(~section.mask[row], col) for row in rows) if r is not None]
    runs = [(a, b) for a, b in runs if a > 0 and b < len(x) - 1]  # closed on both sides by bone
    return float(max(x[b] - x[a] + section.grid.pixel for a, b in runs)) if runs else float("nan")


def pedicles(arrays, vertebra) -> dict:
    """Both pedicles' isthmus height and width, and the interpedicular distance, of one vertebra (mm)."""
    out = {name: pedicle_height(arrays, vertebra, side) for name, side in SIDES.items()}
    for name, side in SIDES.items():
        out[name]["width"] = pedicle_width(arrays, vertebra, side, out[name]["mid_z"], out[name]["y"])
    z = 0.5 * (out["right"]["mid_z"] + out["left"]["mid_z"])
    out["interpedicular_distance"] = interpedicular_distance(arrays, vertebra, z)
    return out


def vertical_ray_pedicle_height(rays, vertebra, side: float) -> float:
    """The manifest geometry's pedicle height method, repeated (for the doc's explanation): a ray along the
    body axis 5 mm behind the posterior wall and 3 mm lateral of the pedicle's medial wall."""
    frame = vertebra.frame
    medial = 0.5 * vertebra.interpedicular_distance
    x = side * (medial + 3.0)
    hits = rays(frame.to_world([x, vertebra.posterior_wall_y - 5.0, -35.0]), frame.axes[2], 70.0) - 35.0
    inside = hits[hits > -25.0]
    return float(inside[1] - inside[0]) if len(inside) >= 2 else float("nan")


def sagittal_tilt(direction: np.ndarray) -> float:
    """Angle in degrees of a direction (pointing anterior) above the model's horizontal, in the sagittal plane
    (+y anterior, +z superior): positive when the line rises toward the front."""
    return float(np.degrees(np.arctan2(direction[2], direction[1])))


def foramen_walls(scene: BakedScene, level: str, side: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """The walls of one foramen (`l5viz.anatomy.foramen.foramen_wall_ids`)."""
    return [mesh_arrays(scene.meshes[sid]) for sid in foramen_wall_ids(level, side)]


def foramen_dimensions(scene: BakedScene, level: str, side: str, plane: str = "foramen",
                       walls=None) -> dict:
    """Foraminal height, width and area of one foramen (`l5viz.anatomy.foramen`), in the chosen plane:
    "foramen" (the parasagittal plane through the pedicle, the figures) or "root" (normal to the root)."""
    from l5viz.anatomy import foramen as fm

    geo = scene.geometry
    make = fm.foramen_plane if plane == "foramen" else fm.root_normal_plane
    origin, axes = make(geo, scene.manifest, level, side)
    walls = walls if walls is not None else foramen_walls(scene, level, side)
    return fm.foramen_figures(walls, origin, axes, origin, disc_plane=fm.disc_mid_plane(geo, level))


MORPHOMETRY_VERTEBRAE = ("L3", "L4", "L5")
MORPHOMETRY_LEVELS = ("L3_L4", "L4_L5", "L5_S1")


def morphometry(scene: BakedScene) -> dict:
    """Every figure of docs/morphometry.md, measured on the scene's surfaces (mm and degrees, 0.1 rounded).

    {"vertebrae": {L3, L4, L5: body, pedicle and canal figures}, "S1": upper endplate,
     "discs": {level: anterior/posterior height}, "foramina": {level: {side: figures, "root_plane": ...}},
     "angles": segmental and L1-S1 lordosis, sacral slope, each endplate's tilt}
    """
    from l5viz.anatomy.fit import Rays

    geo = scene.geometry
    names = ("L1", "L2", "L3", "L4", "L5")
    arrays = {n: mesh_arrays(scene.meshes[f"vertebra_{n}"]) for n in names}
    arrays["S1"] = mesh_arrays(scene.meshes["sacrum"])
    outlines = {n: body_outline(arrays[n], geo.vertebrae[n].frame, n) for n in names}
    outlines["S1"] = body_outline(arrays["S1"], geo.s1_endplate, "S1", depth_below=12.0, seed=(0.0, -3.0))

    def r1(x) -> float:
        return round(float(x), 1)

    def span(outline, a, b) -> float:
        return r1(np.linalg.norm(outline.corners[a] - outline.corners[b]))

    vertebrae = {}
    for n in MORPHOMETRY_VERTEBRAE:
        o, v = outlines[n], geo.vertebrae[n]
        ped = pedicles(arrays[n], v)
        rays = Rays(scene.meshes[f"vertebra_{n}"])
        vertebrae[n] = {
            "endplate_width": r1(endplate_width(arrays[n], o)), "endplate_depth": span(o, "AS", "PS"),
            "height_anterior": span(o, "AS", "AI"), "height_posterior": span(o, "PS", "PI"),
            "pedicle_height": {s: r1(ped[s]["height"]) for s in SIDES},
            "pedicle_width": {s: r1(ped[s]["width"]) for s in SIDES},
            "interpedicular_distance": r1(ped["interpedicular_distance"]),
            "canal_depth": r1(canal_depth(o)),
            "pedicle_height_check": {  # the manifest geometry's figure and its method, repeated here
                "geometry": r1(v.pedicle_height),
                "vertical_ray": {s: r1(vertical_ray_pedicle_height(rays, v, SIDES[s])) for s in SIDES}},
        }
    s1 = outlines["S1"]
    sacrum = {"endplate_width": r1(endplate_width(arrays["S1"], s1)), "endplate_depth": span(s1, "AS", "PS")}

    discs, foramina = {}, {}
    for level in MORPHOMETRY_LEVELS:
        above, below = (outlines[n] for n in level.split("_"))
        discs[level] = {"height_anterior": r1(np.linalg.norm(above.corner_world("AI") - below.corner_world("AS"))),
                        "height_posterior": r1(np.linalg.norm(above.corner_world("PI") - below.corner_world("PS")))}
        foramina[level] = {}
        for side in SIDES:
            walls = foramen_walls(scene, level, side)
            f = foramen_dimensions(scene, level, side, "foramen", walls)
            alt = foramen_dimensions(scene, level, side, "root", walls)
            foramina[level][side] = {"height": r1(f["height_mm"]), "width": r1(f["width_mm"]),
                                     "upper_width": r1(f["upper_width_mm"]), "area": r1(f["area_mm2"]),
                                     "open": f["open"],
                                     "root_plane": {"height": r1(alt["height_mm"]), "width": r1(alt["width_mm"]),
                                                    "area": r1(alt["area_mm2"]), "open": alt["open"]}}

    tilt = {n: sagittal_tilt(o.endplate_direction()) for n, o in outlines.items()}
    angles = {
        "segmental_lordosis": {lv: r1(tilt[lv.split("_")[0]] - tilt[lv.split("_")[1]]) for lv in MORPHOMETRY_LEVELS},
        "lordosis_L1_S1": r1(tilt["L1"] - tilt["S1"]),
        "sacral_slope": r1(-tilt["S1"]),
        "endplate_tilt": {n: r1(t) for n, t in tilt.items()},
    }
    return {"vertebrae": vertebrae, "S1": sacrum, "discs": discs, "foramina": foramina, "angles": angles}
