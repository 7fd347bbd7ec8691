"""Render the dermatome figures of the body: `python scripts/dermatome_figures.py [--variant male|female] [--out DIR]`.

One PNG per map (docs/dermatomes_<map>.png) and one of the fibular territories: the lower body from the
front, from behind (lower back and buttock included) and from the right, the left leg's medial side, and
the dorsum and sole of the right foot, coloured with the Okabe-Ito palette (colour-blind safe), L5 in
vermillion.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pyvista as pv

from l5viz.skin.dermatomes import ARRAY_PREFIX, TERRITORY_ARRAY, LabelMap, load_dermatome_maps
from l5viz.paths import REPO_ROOT, meshes_dir

OKABE_ITO = {  # Okabe M, Ito K, "Color Universal Design" (2002): distinguishable with common colour-vision deficits
    "L1": "#F0E442", "L2": "#E69F00", "L3": "#56B4E9", "L4": "#009E73", "L5": "#D55E00", "S1": "#0072B2",
    "S2": "#CC79A7", "S3": "#000000", "deep": "#D55E00", "superficial": "#0072B2",
    "none": "#F2F2F2", "uncertain": "#8C8C8C",  # greys: unmapped skin nearly white
}
from l5viz.skin.frame import SkinFrame

TOP_Z = 260.0  # mm: the figures show the body from just above L1 down
VIEWS = (  # name, camera direction, which side to keep (None = both)
    ("front", (0, 1, 0), None),
    ("back", (0, -1, 0), None),
    ("right side", (1, 0, 0), None),
    ("left leg, inner side", (1, 0, 0), 0),
)


def colours(labels: np.ndarray, label_map: LabelMap) -> np.ndarray:
    table = np.zeros((max(label_map.codes.values()) + 1, 3), np.uint8)
    for label, code in label_map.codes.items():
        hex_colour = OKABE_ITO[label].lstrip("#")
        table[code] = [int(hex_colour[i : i + 2], 16) for i in (0, 2, 4)]
    return table[labels.astype(np.intp)]


def one_leg(mesh: pv.PolyData, side: int, below_z: float) -> pv.PolyData:
    """One side's skin below a height; the cut faces away from the horizontal cameras that show it."""
    part = mesh.extract_values(side, scalars="side").extract_surface(algorithm="dataset_surface")
    return part.clip("z", origin=(0, 0, below_z), invert=True)


def render_map(mesh: pv.PolyData, frame: SkinFrame, array: str, label_map: LabelMap, title: str, out: Path) -> None:
    # Cut below the shoulders, the arms come away from the trunk: only the largest piece is kept.
    mesh = mesh.clip("z", origin=(0, 0, TOP_Z), invert=True).connectivity("largest")
    mesh = mesh.extract_surface(algorithm="dataset_surface")
    mesh.point_data["rgb"] = colours(mesh.point_data[array], label_map)
    centre_z = 0.5 * (TOP_Z + frame.sole_z)
    crotch = frame.hip[2] - 60.0  # below the crotch the legs are apart
    plotter = pv.Plotter(off_screen=True, shape=(1, 7), window_size=(2800, 1100), border=False,
                         col_weights=[1, 1, 1, 0.8, 1.1, 1.1, 0.8])
    for i, (name, direction, keep_side) in enumerate(VIEWS):
        plotter.subplot(0, i)
        shown = mesh if keep_side is None else one_leg(mesh, keep_side, crotch)
        plotter.add_mesh(shown, scalars="rgb", rgb=True, smooth_shading=True)
        focal = np.array([0.0, 0.0, centre_z])
        plotter.camera_position = [focal + 3000.0 * np.array(direction), focal, (0, 0, 1)]
        plotter.camera.parallel_projection = True
        plotter.camera.parallel_scale = 0.53 * (TOP_Z - frame.sole_z)
        plotter.add_text(name, font_size=11)
    foot_centre = np.array([frame.mtp[2, 0], 0.5 * (frame.heel_back_y + frame.toe_tip_y), frame.sole_z + 40.0])
    leg, foot = one_leg(mesh, 1, crotch), one_leg(mesh, 1, frame.ankle[2] + 60.0)  # the sole camera never sees the cut
    for i, (name, shown, direction, up) in enumerate((
            ("right foot, dorsum (from the front)", leg, (0, 0.6, 0.8), (0, -0.8, 0.6)),
            ("right foot, sole", foot, (0, 0, -1), (0, 1, 0)))):
        plotter.subplot(0, 4 + i)
        plotter.add_mesh(shown, scalars="rgb", rgb=True, smooth_shading=True)
        plotter.camera_position = [foot_centre + 2000.0 * np.array(direction), foot_centre, up]
        plotter.camera.parallel_projection = True
        plotter.camera.parallel_scale = 0.62 * (frame.toe_tip_y - frame.heel_back_y)
        plotter.add_text(name, font_size=11)
    plotter.subplot(0, 6)
    present = [label for label, code in label_map.codes.items() if np.any(mesh.point_data[array] == code)]
    plotter.add_legend([[label, OKABE_ITO[label]] for label in present], bcolor="white", size=(0.8, 0.6),
                       loc="center", face="rectangle")
    plotter.add_text(title, position="upper_left", font_size=9)
    plotter.screenshot(out)
    plotter.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variant", choices=("male", "female"), default="male")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs")
    args = parser.parse_args(argv)
    maps, problems = load_dermatome_maps()
    if maps is None:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        return 1
    record = json.loads((meshes_dir() / "body_manifest.json").read_text())["variants"][args.variant]
    mesh, frame = pv.read(meshes_dir() / record["file"]), SkinFrame.from_dict(record["frame"])
    suffix = "" if args.variant == "male" else f"_{args.variant}"
    args.out.mkdir(parents=True, exist_ok=True)
    for name, label_map in maps.maps.items():
        title = maps.document["maps"][name]["title"].replace(" (", "\n(") + "\nschematic: borders overlap\nand vary between people"
        render_map(mesh, frame, ARRAY_PREFIX + name, label_map, title, args.out / f"dermatomes_{name}{suffix}.png")
    render_map(mesh, frame, TERRITORY_ARRAY, maps.territory,
               "Sensory territories of the\ndeep and superficial\nfibular nerves", args.out / f"fibular_territories{suffix}.png")
    print(f"wrote figures to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
