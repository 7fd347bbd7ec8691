"""Convert the Male Visible Human lumbosacral spine into meshes/: one .vtp per structure, a lighter level
of detail, and a manifest with the measured frames, landmarks and root paths.

Bones: the shrink-wrapped surfaces, duplicate points merged, one level of Loop subdivision (each triangle
into four, vertices moved onto the smooth limit surface, so no facets show in close-ups), then quadric
decimation to the triangle budget; then each facet joint opened (`l5viz.anatomy.facets`). Discs: the
finite-element hexahedra's outer surfaces, trimmed against the vertebral endplates they reach into, remeshed
by marching cubes at 0.4 mm. Soft tissue: `l5viz.anatomy.neural`; muscles: `l5viz.anatomy.muscles`.
Deterministic: the same source files give the same bytes (checked through the sha256 in the manifest).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvista as pv

from l5viz.anatomy import source
from l5viz.anatomy.facets import centre_plate, part_joint
from l5viz.anatomy.fit import Rays, measure_spine
from l5viz.anatomy.geometry import SIDES, RootPath, SpineGeometry, bones_of
from l5viz.anatomy.ids import BONES, DISC_LEVELS, DISCS, FACETS, NEURAL, SOFT, SPINE_STRUCTURES
from l5viz.anatomy.meshing import finish, mesh_sdf, polygonize, sample_grid, write_structure
from l5viz.anatomy.ligaments import soft_tissue
from l5viz.anatomy.muscles import muscles
from l5viz.anatomy.parts import SACRUM_PARTS, VERTEBRA_PARTS, sacrum_parts, vertebra_parts
from l5viz.anatomy.neural import GRID_STEP, Clearance, neural_structures

FRAME_TEXT = ("millimetres; +x = patient's right, +y = anterior, +z = superior; "
              "origin at the centre of the L5-S1 disc (the centroid of its finite-element volume)")
LICENCE_NOTICE = "LICENSE-visible-human.txt"
NUCLEUS_GAP = 0.4  # mm between the nucleus and the annulus's inner wall so the two meshes never touch
# Taubin passes on a trimmed disc: enough to take the voxel sawtooth off the crease where it meets the
# endplate (visible in foramen close-ups at 20), not enough to round its rim away; chosen by eye.
DISC_SMOOTHING = 60
MUSCLE_VOXEL = 0.8  # mm: muscles are tens of mm across; finer only slows the import; modelling choice


@dataclass(frozen=True)
class Budget:
    """Triangles at full detail (figures, measurement) and in the window's interactive level of detail."""

    triangles: int
    lod_triangles: int


BUDGETS = {"vertebra": Budget(24000, 6000), "sacrum": Budget(60000, 12000), "hip": Budget(30000, 6000),
           "disc": Budget(16000, 3000), "nucleus": Budget(3000, 600), "facet_cartilage": Budget(1200, 300),
           "thecal": Budget(10000, 3000), "root": Budget(5000, 1300), "drg": Budget(1500, 400),
           "ligamentum_flavum": Budget(3000, 700), "posterior_longitudinal": Budget(4000, 1000),
           "facet_capsule": Budget(2000, 500), "epidural_fat": Budget(4000, 1000), "foraminal_fat": Budget(2500, 600),
           "psoas_major": Budget(8000, 2000), "multifidus": Budget(8000, 2000), "erector_spinae": Budget(8000, 2000)}
CONTEXT_LOD = 3000  # L1 and L2 are context (level counting), drawn lighter in the window


def budget_for(sid: str) -> Budget:
    budget = next(b for prefix, b in BUDGETS.items() if sid.startswith(prefix))
    if sid in ("vertebra_L1", "vertebra_L2"):
        return Budget(budget.triangles, CONTEXT_LOD)
    return budget


def smooth_bone(mesh: pv.PolyData, budget: Budget) -> tuple[pv.PolyData, pv.PolyData]:
    """Full detail: Loop subdivision then decimation to the budget; interactive: the source decimated."""
    full = finish(mesh.subdivide(1, subfilter="loop"), budget.triangles, smoothing_iterations=0)
    lod = finish(mesh, budget.lod_triangles, smoothing_iterations=0)
    return full, lod


def with_parts(sid: str, mesh: pv.PolyData, geo: SpineGeometry) -> pv.PolyData:
    """A vertebra or the sacrum with its part index per vertex (`part`; names in the manifest's "parts")."""
    if sid.startswith("vertebra_"):
        mesh.point_data["part"] = vertebra_parts(mesh.points, geo.vertebrae[sid.removeprefix("vertebra_")]).astype(np.uint8)
    elif sid == "sacrum":
        mesh.point_data["part"] = sacrum_parts(mesh.points, geo).astype(np.uint8)
    return mesh


def open_facet_joints(bones: dict[str, pv.PolyData], cartilage: dict[str, pv.PolyData]) -> dict[str, pv.PolyData]:
    """The vertebrae and sacrum with every facet joint opened (`l5viz.anatomy.facets`), one detail at a time."""
    out = dict(bones)
    for level in DISC_LEVELS:
        upper, lower = bones_of(level)
        for side in SIDES:
            out[upper], out[lower] = part_joint(out[upper], out[lower], cartilage[f"facet_cartilage_{level}_{side}"])
    return out


def split_pelvis(pelvis: pv.PolyData) -> dict[str, pv.PolyData]:
    """The two hip bones: the pelvis cut at the midsagittal plane (x = 0, through the symphysis), each cut capped."""
    right = pelvis.clip_closed_surface(normal=(-1.0, 0.0, 0.0), origin=(0.0, 0.0, 0.0))
    left = pelvis.clip_closed_surface(normal=(1.0, 0.0, 0.0), origin=(0.0, 0.0, 0.0))
    if right.center[0] < 0:
        left, right = right, left
    return {"hip_bone_left": left.triangulate().clean(), "hip_bone_right": right.triangulate().clean()}


def volume_centre(grid: pv.UnstructuredGrid) -> np.ndarray:
    sizes = grid.compute_cell_sizes(length=False, area=False, volume=True)
    volumes = np.abs(np.asarray(sizes.cell_data["Volume"]))
    return (np.asarray(grid.cell_centers().points) * volumes[:, None]).sum(axis=0) / volumes.sum()


def disc_meshes(whole: pv.PolyData, nucleus: pv.PolyData, above: pv.PolyData, below: pv.PolyData,
                lid: str) -> dict[str, tuple[pv.PolyData, pv.PolyData]]:
    """Annulus (the disc less the nucleus space) and nucleus, each trimmed to what lies outside the bone."""
    d_whole, d_nucleus, d_above, d_below = (mesh_sdf(m) for m in (whole, nucleus, above, below))
    outside_bone = lambda p: np.maximum(-d_above(p), -d_below(p))  # noqa: E731
    shapes = {
        f"disc_{lid}": lambda p: np.maximum.reduce([d_whole(p), NUCLEUS_GAP - d_nucleus(p), outside_bone(p)]),
        f"nucleus_{lid}": lambda p: np.maximum(d_nucleus(p), outside_bone(p)),
    }
    lower, upper = np.array(whole.bounds[::2]) - 2.0, np.array(whole.bounds[1::2]) + 2.0
    out = {}
    for sid, sdf in shapes.items():
        raw = without_crumbs(polygonize(sdf, lower, upper, 0.4, opening=1))
        budget = budget_for(sid)
        full = finish(raw, budget.triangles, smoothing_iterations=DISC_SMOOTHING)
        out[sid] = (full, finish(full, budget.lod_triangles, smoothing_iterations=0))
    return out


def without_crumbs(mesh: pv.PolyData, share: float = 0.02) -> pv.PolyData:
    """Drop pieces under `share` of the triangles: crumbs of disc left between bone surfaces by the trim."""
    parts = mesh.connectivity("all")
    region = np.asarray(parts.cell_data["RegionId"])
    counts = np.bincount(region)
    keep = np.flatnonzero(counts >= share * len(region))
    kept = parts.extract_cells(np.isin(region, keep)).extract_surface(algorithm="dataset_surface")
    return pv.PolyData(np.asarray(kept.points), kept.faces).clean()


def bone_clearance(bones: dict[str, pv.PolyData]) -> Clearance:
    """Distance from the lumbar vertebrae and sacrum on a 1 mm grid over L1 to S3 (the roots' search space)."""
    spine = [mesh for sid, mesh in bones.items() if sid.startswith(("vertebra_", "sacrum"))]
    return Clearance.of_meshes(spine, [-75.0, -90.0, -90.0], [75.0, 60.0, 200.0], GRID_STEP)


def foramen_centres(geo: SpineGeometry, bones: dict[str, pv.PolyData]) -> dict[str, list[float]]:
    """Each foramen's centre: halfway between the upper pedicle's underside and the bone below it, 3 mm behind
    the body's posterior wall, over the pedicle's centre."""
    out = {}
    for level in DISC_LEVELS:
        v = geo.upper_vertebra(level)
        rays = Rays(bones[bones_of(level)[1]])
        for side_name, side in SIDES.items():
            start = v.frame.to_world([side * v.pedicle_x, v.posterior_wall_y - 3.0, v.pedicle_bottom])
            drop = rays(start, -v.frame.axes[2], 40.0)
            gap = float(drop[0]) if len(drop) else 16.0
            out[f"foramen_{level}_{side_name}"] = (start - v.frame.axes[2] * 0.5 * gap).tolist()
    return out


def landmarks(geo: SpineGeometry, bones: dict[str, pv.PolyData]) -> dict[str, list[float]]:
    """Named points the camera presets, overlays and tests use (world mm)."""
    out: dict[str, list[float]] = {}
    for name, d in geo.discs.items():
        out[f"disc_{name}_centre"] = d.frame.origin.tolist()
        out[f"disc_{name}_normal"] = d.frame.axes[2].tolist()
    for name, v in geo.vertebrae.items():
        out[f"vertebra_{name}_centre"] = v.frame.origin.tolist()
    out["sacrum_centre"] = np.asarray(bones["sacrum"].center).tolist()
    out |= foramen_centres(geo, bones)
    focus = [out[f"vertebra_{n}_centre"] for n in ("L3", "L4", "L5")] + [out["disc_L5_S1_centre"]]
    out["scene_centre"] = np.mean(focus, axis=0).tolist()
    return {k: np.round(v, 4).tolist() for k, v in out.items()}


def import_all(source_dir: Path, out_dir: Path) -> dict:
    """Convert everything into `out_dir` and write `manifest.json`; returns the manifest."""
    bones = {sid: source.read_bone(source_dir, sid) for sid in source.BONE_FILES}
    grids = {lv: (source.read_disc(source_dir, lv, "annulus"), source.read_disc(source_dir, lv, "nucleus"))
             for lv in DISC_LEVELS}
    origin = volume_centre(grids["L5_S1"][0].merge(grids["L5_S1"][1]))
    bones = {sid: m.translate(-origin) for sid, m in bones.items()}
    bones |= split_pelvis(bones.pop("pelvis"))
    wholes, nuclei, volume_points = {}, {}, {}
    for lv, (annulus, nucleus) in grids.items():
        whole = annulus.merge(nucleus).translate(-origin)
        volume_points[lv] = np.asarray(whole.points)
        wholes[lv] = whole.extract_surface(algorithm="dataset_surface").triangulate().clean()
        nuclei[lv] = nucleus.translate(-origin).extract_surface(algorithm="dataset_surface").triangulate().clean()
    geo = measure_spine({k: m for k, m in bones.items() if not k.startswith("hip_")},
                        {lv: (volume_points[lv], wholes[lv]) for lv in DISC_LEVELS})
    meshes: dict[str, tuple[pv.PolyData, pv.PolyData]] = {}
    for sid in FACETS:
        level, side = sid.removeprefix("facet_cartilage_").rsplit("_", 1)
        grid = source.read_facet_cartilage(source_dir, level, side).translate(-origin)
        surface = grid.extract_surface(algorithm="dataset_surface").triangulate().clean()
        plate = finish(surface.subdivide(1, subfilter="loop"), budget_for(sid).triangles, smoothing_iterations=0)
        meshes[sid] = (plate, finish(surface, budget_for(sid).lod_triangles, smoothing_iterations=0))
    smoothed = {sid: smooth_bone(mesh, budget_for(sid)) for sid, mesh in bones.items()}
    plates = {sid: meshes[sid][0] for sid in FACETS}
    full = open_facet_joints({sid: pair[0] for sid, pair in smoothed.items()}, plates)
    lod = open_facet_joints({sid: pair[1] for sid, pair in smoothed.items()}, plates)
    for sid in bones:
        meshes[sid] = (with_parts(sid, full[sid], geo), with_parts(sid, lod[sid], geo))
    for sid in FACETS:
        upper, lower = bones_of(sid.removeprefix("facet_cartilage_").rsplit("_", 1)[0])
        shift = centre_plate(meshes[sid][0], full[upper], full[lower])
        print(f"{sid}: centred on the joint line, moved {np.linalg.norm(shift):.2f} mm")
        meshes[sid] = tuple(m.translate(shift) for m in meshes[sid])
    for lv in DISC_LEVELS:
        meshes |= disc_meshes(wholes[lv], nuclei[lv], *(bones[b] for b in bones_of(lv)), lv)
    clearance = bone_clearance(bones)
    sdfs, paths = neural_structures(geo, clearance, Rays(bones["sacrum"]))
    for sid, sdf in sdfs.items():
        meshes[sid] = mesh_neural(sid, sdf, paths)
    marks = landmarks(geo, bones)
    meshes |= soft_meshes(geo, marks, meshes, sdfs)
    meshes |= muscle_meshes(geo, meshes)
    entries = [write_structure(out_dir, sid, *meshes[sid]) for sid in SPINE_STRUCTURES]
    manifest = {
        "format": 2,
        "units": "mm",
        "frame": FRAME_TEXT,
        "generator": "scripts/import_anatomy.py (l5viz.anatomy.importer)",
        "source": "Male Visible Human lumbosacral spine, ArtiSynth model (Remus et al. 2021, PLoS ONE "
                  "16(4):e0250456), BSD-3-Clause; see " + LICENCE_NOTICE,
        "licence": LICENCE_NOTICE,
        "source_origin_m": np.round(origin / 1000.0, 8).tolist(),
        "structures": entries,
        "geometry": geo.to_dict(),
        "parts": {"vertebra": list(VERTEBRA_PARTS), "sacrum": list(SACRUM_PARTS)},
        "landmarks": marks,
        "root_paths": {rid: p.to_dict() for rid, p in paths.items() if rid.startswith("root_")},
    }
    shutil.copyfile(source_dir / "LICENSE", out_dir / LICENCE_NOTICE)  # BSD-3: the notice travels with the meshes
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def mesh_union(meshes: dict, ids):
    """Distance to the nearest of some (full-detail) meshes; a mesh whose box is over 10 mm from every point is
    skipped."""
    fields = [(mesh_sdf(meshes[i][0]), np.array(meshes[i][0].bounds).reshape(3, 2).T) for i in ids]

    def f(p):
        out = np.full(len(p), 10.0)
        lo, hi = p.min(axis=0), p.max(axis=0)
        for field, (b_lo, b_hi) in fields:
            if np.all(lo < b_hi + 10.0) and np.all(hi > b_lo - 10.0):
                out = np.minimum(out, field(p))
        return out

    return f


def soft_meshes(geo: SpineGeometry, marks: dict, meshes: dict, neural: dict) -> dict:
    """Ligaments and fat, cut by the shown (full-detail) bone, disc, cartilage and neural meshes."""
    union = lambda ids: mesh_union(meshes, ids)  # noqa: E731
    bone = union([i for i in BONES if not i.startswith("hip_")])
    discs = union(DISCS)
    nerves = [i for i in NEURAL if i != "thecal_sac"]
    neural_all = lambda p: np.minimum.reduce([neural[i](p) for i in nerves])  # noqa: E731
    cartilage = {sid.removeprefix("facet_cartilage_"): mesh_sdf(meshes[sid][0]) for sid in FACETS}
    tissue = soft_tissue(geo, marks, bone, discs, neural["thecal_sac"], neural_all, cartilage)
    return {sid: mesh_tissue(sid, sdf, np.array(marks["scene_centre"])) for sid, sdf in tissue.items()}


def muscle_meshes(geo: SpineGeometry, meshes: dict) -> dict:
    """Psoas, multifidus and erector spinae (`l5viz.anatomy.muscles`), cut by the meshes already made: every
    bone (the hip bones too: the erector spinae and psoas reach them), disc, the sac, nerves, ligaments and fat.
    Meshes, not the neural functions, so that scripts/import_muscles.py builds the same from meshes/ alone."""
    union = lambda ids: mesh_union(meshes, ids)  # noqa: E731
    fits = muscles(geo, union(BONES), union(DISCS), union(["thecal_sac"]),
                   union([i for i in NEURAL if i != "thecal_sac"]), union(SOFT))
    return {sid: mesh_muscle(sid, shape, sdf) for sid, (shape, sdf) in fits.items()}


def mesh_muscle(sid: str, shape, sdf, voxel: float = MUSCLE_VOXEL) -> tuple[pv.PolyData, pv.PolyData]:
    """Polygonize a muscle in its loft's box (at MUSCLE_VOXEL: a muscle is large and smooth), crumbs dropped."""
    raw = without_crumbs(polygonize(sdf, *shape.box(), voxel, opening=1))
    budget = budget_for(sid)
    full = finish(raw, budget.triangles, smoothing_iterations=15)
    return full, finish(full, budget.lod_triangles, smoothing_iterations=0)


def mesh_tissue(sid: str, sdf, centre: np.ndarray) -> tuple[pv.PolyData, pv.PolyData]:
    """Find where a tissue's uncut shape lies on a coarse 2 mm grid over the lumbosacral region, then mesh the
    cut tissue at 0.4 mm there."""
    lower, upper = centre + [-60.0, -70.0, -110.0], centre + [60.0, 50.0, 150.0]
    values, origin = sample_grid(sdf.region, lower, upper, 2.0)
    inside = np.argwhere(values < 1.0) * 2.0 + origin
    if not len(inside):
        raise RuntimeError(f"{sid}: its shape lies outside the lumbosacral region")
    lower, upper = inside.min(axis=0) - 3.0, inside.max(axis=0) + 3.0
    try:
        raw = without_crumbs(polygonize(sdf, lower, upper, 0.4, opening=1))
    except ValueError:
        raise RuntimeError(f"{sid}: nothing of it is left once bone and its neighbours are taken out") from None
    budget = budget_for(sid)
    full = finish(raw, budget.triangles, smoothing_iterations=15)
    return full, finish(full, budget.lod_triangles, smoothing_iterations=0)


def mesh_neural(sid: str, sdf, paths: dict[str, RootPath]) -> tuple[pv.PolyData, pv.PolyData]:
    """Polygonize the sac, a root or a ganglion in a box that surely holds it."""
    if sid == "thecal_sac":
        line = paths["sac"].points
        lower, upper, voxel = line.min(axis=0) - 16.0, line.max(axis=0) + 16.0, 0.6
    elif sid.startswith("root_"):
        pts = paths[sid].points
        lower, upper, voxel = pts.min(axis=0) - 5.0, pts.max(axis=0) + 5.0, 0.35
    else:
        c = paths[sid.replace("drg_", "root_")].ganglion_centre
        lower, upper, voxel = c - 8.0, c + 8.0, 0.3
    raw = polygonize(sdf, lower, upper, voxel)
    lo, hi = np.array(raw.bounds[::2]), np.array(raw.bounds[1::2])
    if np.any(lo < lower + voxel) or np.any(hi > upper - voxel):
        raise RuntimeError(f"{sid}: surface {raw.bounds} reaches the edge of its sampling box {lower} {upper}")
    budget = budget_for(sid)
    full = finish(raw, budget.triangles)
    return full, finish(full, budget.lod_triangles, smoothing_iterations=0)
