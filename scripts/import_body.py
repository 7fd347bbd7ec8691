"""Convert the MakeHuman body (CC0) into l5viz's skin meshes, fitted round the imported spine (run once; the
result is committed).

    python scripts/import_body.py --source ../shared/data/makehuman-body --meshes meshes

Reads the Visible Human bones and root paths already in `--meshes` (scripts/import_anatomy.py) and writes
there `body_skin.vtp` (male, the default: the Visible Human is a man) and `body_skin_female.vtp`, each
labelled with the dermatome maps and fibular territories of annotations/dermatomes.json (point arrays
dermatome_<map>, fibular_territory, side) from its measured SkinFrame, the nerves
of the L5 path to the foot fitted to each body (`l5viz.anatomy.nerve_path`; lumbosacral trunk,
sciatic, tibial, common, deep and superficial fibular, both sides), each with a level of detail under
lod/, `body_manifest.json` (files, hashes, the fit and how well it agrees, each nerve's parent and
centreline) and the licence notice, and annotations/landmarks.json (the key points and landmarks of both
bodies). Nothing at run time or in the tests reads the source folder.

After editing the rules in annotations/dermatomes.json, `--relabel` re-evaluates them on the committed skins
(their stored frames) and rewrites the labels, hashes and landmarks without the source:

    python scripts/import_body.py --relabel --meshes meshes
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
from l5viz.content import locale
from l5viz.paths import annotations_dir
from l5viz.skin.coords import anatomical_coordinates
from l5viz.skin.dermatomes import DermatomeMaps, load_dermatome_maps
from l5viz.skin.frame import SkinFrame, measure_frame
from l5viz.skin.landmarks import locate_landmarks

VARIANT_FILES = {"male": "body_skin", "female": "body_skin_female"}
DEFAULT_VARIANT = "male"
FULL_TRIANGLES = 100_000  # figures; one Loop subdivision of the 26.8k-triangle skin, decimated
LICENCE_NOTICE = "LICENSE-makehuman.txt"
FIT_VERTEBRAE = ("L3", "L4", "L5")  # the lower lumbar spine must sit inside the body where it belongs
NERVE_LOD = {"sides": 8, "spacing": 8.0}  # the window's level of detail: octagonal tubes, a ring every 8 mm
NEEDED_MESHES = ("manifest.json", "sacrum.vtp", "hip_bone_left.vtp", "hip_bone_right.vtp",
                 *(f"vertebra_{n}.vtp" for n in FIT_VERTEBRAE))
PELVIS_BOX = ([-180.0, -140.0, -240.0], [180.0, 120.0, 40.0])  # mm: where the sciatic nerve's way out is searched
RIG_JOINTS = ("knee", "ankle", *(f"toe-{k}-{j}" for k in range(1, 6) for j in range(1, 5) if (k, j) != (1, 4)))
LANDMARKS_FILE = "landmarks.json"
FRAME_TEXT = ("millimetres; +x = patient's right, +y = anterior, +z = superior; the spine's frame (the body is "
              "fitted round the Visible Human pelvis); standing anatomical position, feet pointing +y")


def labelled(mesh: pv.PolyData, frame: SkinFrame, maps: DermatomeMaps) -> pv.PolyData:
    """The skin with float32 points (as stored) and, computed from exactly those points and their normals,
    the point arrays dermatome_<map>, fibular_territory and side."""
    mesh = mesh.copy()
    mesh.points = mesh.points.astype(np.float32)
    mesh = mesh.compute_normals(auto_orient_normals=True, consistent_normals=True, split_vertices=False,
                                cell_normals=False)
    coords = anatomical_coordinates(np.asarray(mesh.points, float), np.asarray(mesh.point_data["Normals"]), frame)
    for name, values in maps.label_arrays(coords).items():
        mesh.point_data[name] = values
    mesh.point_data["side"] = coords["side"]
    return mesh


def rig_joints(base: body.MakeHuman, vertices: np.ndarray, side: str) -> dict[str, np.ndarray]:
    """The centre of each leg joint of one side's rig (`joint-<l|r>-<name>`), in the vertices' frame."""
    code = "r" if side == "right" else "l"
    return {name: vertices[base.groups[f"joint-{code}-{name}"]].mean(axis=0) for name in RIG_JOINTS}


def import_variant(folder: Path, base: body.MakeHuman, sex: str, landmarks: dict, acetabula: dict,
                   out: Path, maps: DermatomeMaps) -> dict:
    """Fit one variant's skin to the bone, measure its frame, label and write its two levels of detail, and
    return its manifest record."""
    vertices = body.to_project_frame(body.body_vertices(folder, base, sex))
    skin = body.skin_surface(vertices, base.skin_faces)
    rig = body.rig_hip_centres(base, vertices)
    start = 0.5 * (acetabula["left"] + acetabula["right"]) - 0.5 * (rig["left"] + rig["right"])
    fit = body.fit_to_bone(skin, landmarks, start)
    placed = skin.scale(fit.scale, inplace=False).translate(fit.shift, inplace=False)
    full = finish(placed.subdivide(1, subfilter="loop"), FULL_TRIANGLES, smoothing_iterations=0)
    lod = finish(placed, placed.n_cells, smoothing_iterations=0)
    joints = {k: fit.scale * v + fit.shift for k, v in rig_joints(base, vertices, "right").items()}
    spine = json.loads((out / "manifest.json").read_text())["landmarks"]
    frame = measure_frame(lod, joints, spine, acetabula["right"], landmarks)
    entry = write_structure(out, VARIANT_FILES[sex], labelled(full, frame, maps), labelled(lod, frame, maps))
    rig_offset = {s: round(float(np.linalg.norm(fit.scale * rig[s] + fit.shift - acetabula[s])), 1) for s in rig}
    return entry | {
        "scale": round(fit.scale, 4), "shift_mm": np.round(fit.shift, 2).tolist(),
        "height_mm": round(float(np.ptp(placed.points[:, 2])), 1),
        "depth_misfit_mm": {k: round(v, 1) for k, v in fit.misfit_mm.items()},
        "rig_hip_to_acetabulum_mm": rig_offset,
        "frame": frame.as_dict(),
    }


def leg_frame(base: body.MakeHuman, vertices: np.ndarray, side: str) -> nerve_path.LegFrame:
    """The placed body's hip, knee, ankle and first two toe joints of one side, from its rig."""
    code = "r" if side == "right" else "l"
    joints = rig_joints(base, vertices, side)
    hip = vertices[base.groups[f"joint-{code}-upper-leg"]].mean(axis=0)
    return nerve_path.LegFrame(hip, joints["knee"], joints["ankle"], joints["toe-1-1"], joints["toe-2-1"])


def joined_tubes(a: pv.PolyData, b: pv.PolyData) -> pv.PolyData:
    """Two closed tubes as one surface of two shells."""
    faces = b.faces.reshape(-1, 4) + [0, a.n_points, a.n_points, a.n_points]
    return pv.PolyData(np.vstack([a.points, b.points]), np.r_[a.faces, faces.ravel()])


def import_nerves(folder: Path, base: body.MakeHuman, meshes: Path, sex: str, record: dict, acetabula: dict) -> dict:
    """The L5 path from each L5 root to the foot, fitted to one body variant; writes each nerve's two levels
    of detail (<id>.vtp for the default body, <id>_<variant>.vtp for another) and returns their manifest
    records (files, parent, centreline)."""
    spine = json.loads((meshes / "manifest.json").read_text())
    vertices = body.to_project_frame(body.body_vertices(folder, base, sex)) * record["scale"] + record["shift_mm"]
    skin = pv.read(meshes / record["file"])
    suffix = "" if sex == DEFAULT_VARIANT else f"_{sex}"
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
            entry = write_structure(meshes, sid + suffix,
                                    *(finish(m, m.n_cells, smoothing_iterations=0) for m in (full, lod)))
            entry["id"] = sid
            parent = nerve_path.PARENT.get(name)
            out[sid] = entry | {"parent": f"{parent}_{side_name}" if parent else f"root_L5_{side_name}",
                                "centreline": np.round(path.points, 2).tolist(),
                                "diameters": np.round(path.diameters, 2).tolist()}
            if name == "lumbosacral_trunk":
                out[sid]["l4_branch"] = np.round(l4_branch.points, 2).tolist()
    return out


def write_landmarks(meshes: Path, variants: dict, annotations: Path) -> None:
    """annotations/landmarks.json: every landmark of each body variant, found on its full-detail skin."""
    bodies = {}
    for sex, record in variants.items():
        mesh = pv.read(meshes / record["file"])
        points, faces = np.asarray(mesh.points, float), mesh.faces.reshape(-1, 4)[:, 1:]
        bodies[sex] = {"mesh": f"meshes/{record['file']}",
                       "landmarks": locate_landmarks(points, faces, SkinFrame.from_dict(record["frame"]))}
    document = {"format": 2, "generator": "scripts/import_body.py (l5viz.skin.landmarks): rays aimed at the skin, "
                                          "snapped to mesh vertices", "frame": FRAME_TEXT, "bodies": bodies}
    words = {f"/bodies/{sex}/landmarks/{name}/definition": entry.pop("definition")
             for sex, record in bodies.items() for name, entry in record["landmarks"].items()}
    (annotations / LANDMARKS_FILE).write_text(json.dumps(document, indent=2) + "\n")
    english = annotations / locale.LOCALES_FOLDER / locale.ENGLISH / LANDMARKS_FILE
    english.parent.mkdir(parents=True, exist_ok=True)
    english.write_text(json.dumps({"format": 1, "language": locale.ENGLISH, "words": words}, indent=2) + "\n")


def relabel(meshes: Path, maps: DermatomeMaps) -> dict:
    """Re-evaluate the dermatome rules on the committed skins (their stored frames); returns the manifest."""
    manifest = json.loads((meshes / "body_manifest.json").read_text())
    for record in manifest["variants"].values():
        frame = SkinFrame.from_dict(record["frame"])
        full, lod = (labelled(pv.read(meshes / record[key]), frame, maps) for key in ("file", "lod_file"))
        record |= write_structure(meshes, record["id"], full, lod)
    return manifest


def import_all(source: Path, meshes: Path, maps: DermatomeMaps) -> dict:
    """Fit, label and write both bodies and the nerve path; returns the manifest."""
    base = body.read_base(source)
    hips = {s: pv.read(meshes / f"hip_bone_{s}.vtp") for s in ("left", "right")}
    bones = {n: pv.read(meshes / f"vertebra_{n}.vtp") for n in FIT_VERTEBRAE}
    landmarks = body.fit_landmarks(hips, pv.read(meshes / "sacrum.vtp"), bones)
    acetabula = {s: body.acetabulum_centre(h) for s, h in hips.items()}
    variants = {sex: import_variant(source, base, sex, landmarks, acetabula, meshes, maps) for sex in body.SEXES}
    for sex, record in variants.items():
        record["nerves"] = import_nerves(source, base, meshes, sex, record, acetabula)
    shutil.copyfile(source / "LICENSE.ASSETS.md", meshes / LICENCE_NOTICE)
    return {
        "format": 1,
        "units": "mm",
        "generator": "scripts/import_body.py (l5viz.anatomy.body)",
        "source": "MakeHuman base mesh (group body) and young macro targets, github.com/makehumancommunity/"
                  "makehuman commit a8bc2d54ff0ac92e78ff71431b1023eda42bf482; CC0 1.0, see " + LICENCE_NOTICE,
        "licence": LICENCE_NOTICE,
        "default": DEFAULT_VARIANT,
        "labels": {"dermatomes": "annotations/dermatomes.json (legend and region rules)",
                   "side": {"0": "left", "1": "right"}},
        "landmarks": {k: np.round(v, 2).tolist() for k, v in landmarks.items()},
        "acetabula": {k: np.round(v, 2).tolist() for k, v in acetabula.items()},
        "skin_depth_targets_mm": body.SKIN_DEPTH,
        "variants": variants,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, help="the makehuman-body folder")
    parser.add_argument("--meshes", type=Path, required=True, help="the meshes/ folder with the imported bones")
    parser.add_argument("--relabel", action="store_true", help="only re-evaluate the dermatome rules on the "
                                                               "committed skins (no --source needed)")
    args = parser.parse_args(argv)
    if not args.relabel and (args.source is None or not args.source.is_dir()):
        print(f"{args.source}: not a folder (expected makehuman-body with base.obj and targets/)")
        return 2
    needed = ("body_manifest.json",) if args.relabel else NEEDED_MESHES
    missing = [args.meshes / f for f in needed if not (args.meshes / f).is_file()]
    if missing:
        print(f"{missing[0]}: missing (the bones and root paths come first: scripts/import_anatomy.py "
              f"--out {args.meshes}; then this script with --source)")
        return 2
    maps, problems = load_dermatome_maps()
    if maps is None:
        print("cannot label the skin: " + "; ".join(str(p) for p in problems))
        return 2
    try:
        manifest = relabel(args.meshes, maps) if args.relabel else import_all(args.source, args.meshes, maps)
    except body.BodySourceError as error:
        print(error)
        return 2
    (args.meshes / "body_manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    write_landmarks(args.meshes, manifest["variants"], annotations_dir())
    for sex, v in manifest["variants"].items():
        worst = max(abs(m) for m in v["depth_misfit_mm"].values())
        print(f"{sex}: scale {v['scale']}, height {v['height_mm']:.0f} mm, landmark depths within {worst:.1f} mm "
              f"of their targets, {v['triangles']} triangles ({v['lod_triangles']} at interactive detail)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
