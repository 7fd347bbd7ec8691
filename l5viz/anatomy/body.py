"""The MakeHuman body's skin (CC0), in the project's frame and placed round the Visible Human pelvis.

Source (`makehuman-body/`): `base.obj`, group `body` (the skin; the `helper-*` and `joint-*` groups are the
rig), decimetres, +y up, +z forward, +x the body's left; and per-vertex macro targets. A male body is the
base plus the mean of the three `*-male-young` targets, a female body the same with `*-female-young`, as
MakeHuman mixes its default body (the data folder's README).

Placement (`fit_to_bone`): one scale and a shift, no rotation (both stand in the anatomical position in
frames whose axes agree), found by least squares so that the bony landmarks lie under the skin at the
depths of SKIN_DEPTH: each anterior superior iliac spine, each iliac crest's top, the pubic symphysis, the
back of the sacrum at S2 and the spinous processes of L3-L5. The rig's own hip joints (`joint-*-upper-leg`)
were tried as the anchor first: put on the acetabular centres they shrank the body to 1.29 m with the iliac
crests 24 mm outside the skin, so MakeHuman's rig joints are not anatomical hip centres; how far they end
up from the acetabula is reported, not used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvista as pv
from scipy.optimize import least_squares

from l5viz.anatomy.meshing import mesh_sdf

SEXES = ("male", "female")
ETHNICITIES = ("african", "asian", "caucasian")  # MakeHuman's default body mixes the three equally
MM_PER_UNIT = 100.0  # MakeHuman units are decimetres
FEMORAL_HEAD_RADIUS = 24.0  # mm, the radius the acetabular search assumes; within a few mm is enough (the
# search peaks at 22-26 mm alike on this pelvis); modelling choice
SEARCH_BIN = 3.0  # mm: the grid on which the acetabular surface's normals vote for a centre
SPHERE_BAND = 6.0  # mm round the voted centre within which a vertex's vote counts for the sphere fit


class BodySourceError(Exception):
    """A MakeHuman file that is missing or unreadable; the message names it."""


@dataclass(frozen=True)
class MakeHuman:
    """The base mesh: every vertex (rig helpers included, so target indices apply), the skin's faces
    (polygons as vertex-index lists) and each rig group's vertex indices."""

    vertices: np.ndarray  # (N, 3) MakeHuman units and axes
    skin_faces: list[list[int]]
    groups: dict[str, np.ndarray]


def read_base(folder: Path) -> MakeHuman:
    """Parse `base.obj`: vertices, the `body` group's faces, and the vertex indices of every other group."""
    path = folder / "base.obj"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise BodySourceError(f"{path}: cannot read the MakeHuman base mesh ({error.strerror})") from None
    vertices, faces, group = [], {}, None
    for line in lines:
        if line.startswith("v "):
            vertices.append([float(v) for v in line.split()[1:4]])
        elif line.startswith("g "):
            group = line.split(maxsplit=1)[1].strip()
            faces.setdefault(group, [])
        elif line.startswith("f ") and group is not None:
            faces[group].append([int(token.split("/")[0]) - 1 for token in line.split()[1:]])
    if "body" not in faces:
        raise BodySourceError(f"{path}: no `g body` group (the skin)")
    groups = {name: np.unique(np.concatenate([np.asarray(f) for f in polys])) for name, polys in faces.items()
              if name != "body" and polys}
    return MakeHuman(np.asarray(vertices, float), faces["body"], groups)


def read_target(path: Path, count: int) -> np.ndarray:
    """A target's per-vertex offsets as an (count, 3) array (vertices it does not name stay put)."""
    offsets = np.zeros((count, 3))
    try:
        rows = [line.split() for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
        index = np.array([int(r[0]) for r in rows])
        offsets[index] = np.array([[float(v) for v in r[1:4]] for r in rows])
    except (OSError, ValueError, IndexError) as error:
        raise BodySourceError(f"{path}: not a MakeHuman target (index dx dy dz per line): {error}") from None
    return offsets


def body_vertices(folder: Path, base: MakeHuman, sex: str) -> np.ndarray:
    """Every vertex of the `sex` variant: the base plus the mean of the three young targets of that sex."""
    targets = [read_target(folder / "targets" / f"{e}-{sex}-young.target", len(base.vertices)) for e in ETHNICITIES]
    return base.vertices + np.mean(targets, axis=0)


def to_project_frame(points: np.ndarray) -> np.ndarray:
    """MakeHuman (dm; +x body's left, +y up, +z forward) to the project's frame (mm; +x patient's right,
    +y anterior, +z superior)."""
    points = np.asarray(points, float)
    return MM_PER_UNIT * np.column_stack([-points[:, 0], points[:, 2], points[:, 1]])


def skin_surface(vertices_mm: np.ndarray, faces: list[list[int]]) -> pv.PolyData:
    """The skin as one closed triangle surface with outward normals (duplicate points merged)."""
    cells = np.concatenate([[len(f), *f] for f in faces])
    skin = pv.PolyData(vertices_mm, cells).triangulate().clean()
    return skin.compute_normals(auto_orient_normals=True, consistent_normals=True, split_vertices=False,
                                cell_normals=False)


def rig_hip_centres(base: MakeHuman, vertices_mm: np.ndarray) -> dict[str, np.ndarray]:
    """Centre of each hip joint in the body's rig (project frame): the body's left is the patient's left."""
    return {side: vertices_mm[base.groups[f"joint-{code}-upper-leg"]].mean(axis=0)
            for side, code in (("left", "l"), ("right", "r"))}


def acetabulum_centre(hip_bone: pv.PolyData) -> np.ndarray:
    """The centre of a hip bone's acetabulum (`acetabulum_centre_of` its vertices and outward normals)."""
    surface = hip_bone.compute_normals(auto_orient_normals=True, split_vertices=False, cell_normals=False)
    return acetabulum_centre_of(np.asarray(surface.points), np.asarray(surface.point_data["Normals"]))


def acetabulum_centre_of(points: np.ndarray, normals: np.ndarray) -> np.ndarray:
    """The centre of a cup: its outward normals all point at it, so each vertex votes for the point
    FEMORAL_HEAD_RADIUS along its normal; the busiest cell, refined by a least-squares sphere through the
    vertices that voted near it."""
    votes = points + FEMORAL_HEAD_RADIUS * normals
    cells, counts = np.unique(np.floor(votes / SEARCH_BIN).astype(int), axis=0, return_counts=True)
    peak = (cells[np.argmax(counts)] + 0.5) * SEARCH_BIN
    rim = points[np.linalg.norm(votes - peak, axis=1) < SPHERE_BAND]
    # |p - c|^2 = r^2  ->  2 p.c + (r^2 - |c|^2) = |p|^2, linear in (c, r^2 - |c|^2)
    design = np.column_stack([2.0 * rim, np.ones(len(rim))])
    solution = np.linalg.lstsq(design, (rim ** 2).sum(axis=1), rcond=None)[0]
    return solution[:3]


SKIN_DEPTH = {  # mm of soft tissue over each bony landmark in a lean adult: modelling choices, not measurements
    "asis": 15.0, "iliac_crest": 25.0, "pubic_symphysis": 30.0, "sacrum_s2_back": 15.0, "spinous": 20.0}


def target_depth(landmark: str) -> float:
    return next(depth for prefix, depth in SKIN_DEPTH.items() if landmark.startswith(prefix))


@dataclass(frozen=True)
class Placement:
    """p_world = scale * p_body + shift, and each landmark's depth under the fitted skin minus its target."""

    scale: float
    shift: np.ndarray
    misfit_mm: dict[str, float]


def fit_to_bone(skin: pv.PolyData, landmarks: dict[str, np.ndarray], start_shift: np.ndarray) -> Placement:
    """The scale and shift of the body's skin (in the project's axes, unscaled) that best put each landmark
    at its SKIN_DEPTH under it; `start_shift` a first guess that puts the pelvis inside the body."""
    names = list(landmarks)
    points = np.array([landmarks[n] for n in names], float)
    targets = np.array([target_depth(n) for n in names])
    distance = mesh_sdf(skin)

    def misfit(x):
        scale, shift = np.exp(x[0]), x[1:]
        return -scale * distance((points - shift) / scale) - targets

    solution = least_squares(misfit, np.r_[0.0, start_shift], diff_step=1e-3)
    residual = misfit(solution.x)
    return Placement(float(np.exp(solution.x[0])), solution.x[1:], {n: float(r) for n, r in zip(names, residual)})


def landmark_depths(skin: pv.PolyData, landmarks: dict[str, np.ndarray]) -> dict[str, float]:
    """How deep under the skin each bony landmark lies (mm; negative: outside the skin, a misfit)."""
    names = list(landmarks)
    distance = mesh_sdf(skin)(np.array([landmarks[n] for n in names], float))
    return {n: float(-d) for n, d in zip(names, distance)}


def fit_landmarks(hips: dict[str, pv.PolyData], sacrum: pv.PolyData,
                  vertebrae: dict[str, pv.PolyData]) -> dict[str, np.ndarray]:
    """Bony landmarks the fit uses (world mm): each anterior superior iliac spine (the most anterior point of
    the hip bone above its acetabulum), each iliac crest's top, the pubic symphysis (the most anterior point
    of the hip bones within 10 mm of the midline), the back of the sacrum in the midline at S2 (the height of
    the posterior superior iliac spines, the hip bones' most posterior points, taken to lie at S2 as surface
    anatomy teaches; not checked against a source here, so a modelling choice) and the tip of each given
    vertebra's spinous process (its most posterior point)."""
    out, psis = {}, []
    for side, bone in hips.items():
        p = np.asarray(bone.points)
        above = p[p[:, 2] > acetabulum_centre(bone)[2] + 30.0]
        out[f"asis_{side}"] = above[np.argmax(above[:, 1])]
        out[f"iliac_crest_{side}"] = p[np.argmax(p[:, 2])]
        psis.append(p[np.argmin(p[:, 1])])
    both = np.vstack([np.asarray(b.points) for b in hips.values()])
    near_midline = both[np.abs(both[:, 0]) < 10.0]
    out["pubic_symphysis"] = near_midline[np.argmax(near_midline[:, 1])]
    s = np.asarray(sacrum.points)
    s2 = np.mean([p[2] for p in psis])
    level = s[(np.abs(s[:, 2] - s2) < 3.0) & (np.abs(s[:, 0]) < 10.0)]
    out["sacrum_s2_back"] = level[np.argmin(level[:, 1])]
    for name, mesh in vertebrae.items():
        p = np.asarray(mesh.points)
        out[f"spinous_{name}"] = p[np.argmin(p[:, 1])]
    return out
