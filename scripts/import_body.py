"""Convert the MakeHuman body (CC0) into l5viz's skin meshes, fitted round the imported spine (run once; the
result is committed).

    python scripts/import_body.py --source ../shared/data/makehuman-body --meshes meshes

Reads the Visible Human bones and root paths already in `--meshes` (scripts/import_anatomy.py) and writes
there `body_skin.vtp` (male, the default: the Visible Human is a man) and `body_skin_female.vtp`, the nerves
of the L5 path to the foot fitted to the default body (`l5viz.anatomy.nerve_path`; lumbosacral trunk,
sciatic, tibial, common, deep and superficial fibular, both sides), each with a level of detail under
lod/, `body_manifest.json` (files, hashes, the fit and how well it agrees, each nerve's parent and
centreline) and the licence notice. Nothing at run time or in the tests reads the source folder.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pyvista as pv

from l5viz.anatomy import body, nerve_path
from l5viz.anatomy.geometry import SIDES
from l5viz.anatomy.meshing import finish, write_structure
from l5viz.anatomy.neural import Clearance

VARIANT_FILES = {"male": "body_skin", "female": "body_skin_female"}
DEFAULT_VARIANT = "male"
FULL_TRIANGLES = 100_000  # figures; one Loop subdivision of the 26.8k-triangle skin, decimated
LICENCE_NOTICE = "LICENSE-makehuman.txt"
FIT_VERTEBRAE = ("L3", "L4", "L5")  # the lower lumbar spine must sit inside the body where it belongs
NERVE_LOD = {"sides": 8, "spacing": 8.0}  # the window's level of detail: octagonal tubes, a ring every 8 mm
NEEDED_MESHES = ("manifest.json", "sacrum.vtp", "hip_bone_left.vtp", "hip_bone_right.vtp",
                 *(f"vertebra_{n}.vtp" for n in FIT_VERTEBRAE))
PELVIS_BOX = ([-180.0, -140.0, -240.0], [180.0, 120.0, 40.0])  # mm: where the sciatic nerve's way out is searched


def import_variant(folder: Path, base: body.MakeHuman, sex: str, landmarks: dict, acetabula: dict,
                   out: Path) -> dict:
    """Fit one variant's skin to the bone, write its two levels of detail, return its manifest record."""
    vertices = body.to_project_frame(body.body_vertices(folder, base, sex))
    skin = body.skin_surface(vertices, base.skin_faces)
    rig = body.rig_hip_centres(base, vertices)
    start = 0.5 * (acetabula["left"] + acetabula["right"]) - 0.5 * (rig["left"] + rig["right"])
    fit = body.fit_to_bone(skin, landmarks, start)
    placed = skin.scale(fit.scale, inplace=False).translate(fit.shift, inplace=False)
    full = finish(placed.subdivide(1, subfilter="loop"), FULL_TRIANGLES, smoothing_iterations=0)
    lod = finish(placed, placed.n_cells, smoothing_iterations=0)
    entry = write_structure(out, VARIANT_FILES[sex], full, lod)
    rig_offset = {s: round(float(np.linalg.norm(fit.scale * rig[s] + fit.shift - acetabula[s])), 1) for s in rig}
    return entry | {
        "scale": round(fit.scale, 4), "shift_mm": np.round(fit.shift, 2).tolist(),
        "height_mm": round(float(np.ptp(placed.points[:, 2])), 1),
        "depth_misfit_mm": {k: round(v, 1) for k, v in fit.misfit_mm.items()},
        "rig_hip_to_acetabulum_mm": rig_offset,
    }


def leg_frame(base: body.MakeHuman, vertices: np.ndarray, side: str) -> nerve_path.LegFrame:
    """The placed body's hip, knee, ankle and first two toe joints of one side, from its rig."""
    code = "r" if side == "right" else "l"

    def joint(name):
        return vertices[base.groups[f"joint-{code}-{name}"]].mean(axis=0)

    return nerve_path.LegFrame(joint("upper-leg"), joint("knee"), joint("ankle"), joint("toe-1-1"), joint("toe-2-1"))


def joined_tubes(a: pv.PolyData, b: pv.PolyData) -> pv.PolyData:
    """Two closed tubes as one surface of two shells."""
    faces = b.faces.reshape(-1, 4) + [0, a.n_points, a.n_points, a.n_points]
    return pv.PolyData(np.vstack([a.points, b.points]), np.r_[a.faces, faces.ravel()])


def import_nerves(folder: Path, base: body.MakeHuman, meshes: Path, placed: dict, acetabula: dict) -> dict:
    """The L5 path from each L5 root to the foot, fitted to the default body; writes each nerve's two levels
    of detail and returns their manifest records (files, parent, centreline)."""
    spine = json.loads((meshes / "manifest.json").read_text())
    record = placed[DEFAULT_VARIANT]
    vertices = body.to_project_frame(body.body_vertices(folder, base, DEFAULT_VARIANT)) * record["scale"] + record["shift_mm"]
    skin = pv.read(meshes / record["file"])
    hips = {s: pv.read(meshes / f"hip_bone_{s}.vtp") for s in SIDES}
    sacrum = pv.read(meshes / "sacrum.vtp")
    bone = Clearance.of_meshes([sacrum, *hips.values()], *PELVIS_BOX)
    out = {}
    for side_name, side in SIDES.items():
        roots = {r: np.array(spine["root_paths"][f"root_{r}_{side_name}"]["points"][-1]) for r in ("L4", "L5")}
        acetabulum = np.asarray(acetabula[side_name])
        pelvis = nerve_path.pelvic_stations(side, hips[side_name], sacrum, acetabulum, roots["L5"])
        paths = nerve_path.leg_paths(side, leg_frame(base, vertices, side_name), skin, roots["L5"], roots["L4"],
                                     pelvis, acetabulum, bone)
        l4_branch = paths.pop("lumbosacral_trunk_l4")
        for name, path in paths.items():
            sid = f"{name}_{side_name}"
            full, lod = path.tube(), path.tube(**NERVE_LOD)
            if name == "lumbosacral_trunk":  # the L4 branch joins it: one structure, two tubes
                full, lod = joined_tubes(full, l4_branch.tube()), joined_tubes(lod, l4_branch.tube(**NERVE_LOD))
            entry = write_structure(meshes, sid, *(finish(m, m.n_cells, smoothing_iterations=0) for m in (full, lod)))
            parent = nerve_path.PARENT.get(name)
            out[sid] = entry | {"parent": f"{parent}_{side_name}" if parent else f"root_L5_{side_name}",
                                "centreline": np.round(path.points, 2).tolist(),
                                "diameters": np.round(path.diameters, 2).tolist()}
            if name == "lumbosacral_trunk":
                out[sid]["l4_branch"] = np.round(l4_branch.points, 2).tolist()
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, required=True, help="the makehuman-body folder")
    parser.add_argument("--meshes", type=Path, required=True, help="the meshes/ folder with the imported bones")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"{args.source}: not a folder (expected makehuman-body with base.obj and targets/)")
        return 2
    missing = [args.meshes / f for f in NEEDED_MESHES if not (args.meshes / f).is_file()]
    if missing:
        print(f"{missing[0]}: missing (the bones and root paths come first: scripts/import_anatomy.py "
              f"--out {args.meshes})")
        return 2
    try:
        base = body.read_base(args.source)
        hips = {s: pv.read(args.meshes / f"hip_bone_{s}.vtp") for s in ("left", "right")}
        bones = {n: pv.read(args.meshes / f"vertebra_{n}.vtp") for n in FIT_VERTEBRAE}
        landmarks = body.fit_landmarks(hips, pv.read(args.meshes / "sacrum.vtp"), bones)
        acetabula = {s: body.acetabulum_centre(h) for s, h in hips.items()}
        variants = {sex: import_variant(args.source, base, sex, landmarks, acetabula, args.meshes)
                    for sex in body.SEXES}
        nerves = import_nerves(args.source, base, args.meshes, variants, acetabula)
    except body.BodySourceError as error:
        print(error)
        return 2

    manifest = {
        "format": 1,
        "units": "mm",
        "generator": "scripts/import_body.py (l5viz.anatomy.body)",
        "source": "MakeHuman base mesh (group body) and young macro targets, github.com/makehumancommunity/"
                  "makehuman commit a8bc2d54ff0ac92e78ff71431b1023eda42bf482; CC0 1.0, see " + LICENCE_NOTICE,
        "licence": LICENCE_NOTICE,
        "default": DEFAULT_VARIANT,
        "landmarks": {k: np.round(v, 2).tolist() for k, v in landmarks.items()},
        "acetabula": {k: np.round(v, 2).tolist() for k, v in acetabula.items()},
        "skin_depth_targets_mm": body.SKIN_DEPTH,
        "variants": variants,
        "nerves": nerves,
    }
    shutil.copyfile(args.source / "LICENSE.ASSETS.md", args.meshes / LICENCE_NOTICE)
    (args.meshes / "body_manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    for sex, v in variants.items():
        worst = max(abs(m) for m in v["depth_misfit_mm"].values())
        print(f"{sex}: scale {v['scale']}, height {v['height_mm']:.0f} mm, landmark depths within {worst:.1f} mm "
              f"of their targets, {v['triangles']} triangles ({v['lod_triangles']} at interactive detail)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
