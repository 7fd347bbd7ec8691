"""Convert the MakeHuman body (CC0) into l5viz's skin meshes, fitted round the imported spine (run once; the
result is committed).

    python scripts/import_body.py --source ../shared/data/makehuman-body --meshes meshes

Reads the Visible Human bones already in `--meshes` (scripts/import_anatomy.py) and writes there
`body_skin.vtp` (male, the default: the Visible Human is a man) and `body_skin_female.vtp`, each with a
level of detail under lod/, `body_manifest.json` (files, hashes, the fit and how well it agrees) and the
licence notice. Nothing at run time or in the tests reads the source folder.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pyvista as pv

from l5viz.anatomy import body
from l5viz.anatomy.meshing import finish, write_structure

VARIANT_FILES = {"male": "body_skin", "female": "body_skin_female"}
DEFAULT_VARIANT = "male"
FULL_TRIANGLES = 100_000  # figures; one Loop subdivision of the 26.8k-triangle skin, decimated
LICENCE_NOTICE = "LICENSE-makehuman.txt"
FIT_VERTEBRAE = ("L3", "L4", "L5")  # the lower lumbar spine must sit inside the body where it belongs


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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, required=True, help="the makehuman-body folder")
    parser.add_argument("--meshes", type=Path, required=True, help="the meshes/ folder with the imported bones")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"{args.source}: not a folder (expected makehuman-body with base.obj and targets/)")
        return 2
    try:
        base = body.read_base(args.source)
        hips = {s: pv.read(args.meshes / f"hip_bone_{s}.vtp") for s in ("left", "right")}
        bones = {n: pv.read(args.meshes / f"vertebra_{n}.vtp") for n in FIT_VERTEBRAE}
        landmarks = body.fit_landmarks(hips, pv.read(args.meshes / "sacrum.vtp"), bones)
        acetabula = {s: body.acetabulum_centre(h) for s, h in hips.items()}
        variants = {sex: import_variant(args.source, base, sex, landmarks, acetabula, args.meshes)
                    for sex in body.SEXES}
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
