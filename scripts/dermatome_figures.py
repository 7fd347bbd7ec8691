"""Render the dermatome figures of the body: `python scripts/dermatome_figures.py [--variant male|female] [--out DIR]`.

One PNG per map (docs/dermatomes_<map>.png) and one of the fibular territories: the lower body from the
front, from behind (lower back and buttock included) and from the right, the left leg's medial side, and
the dorsum and sole of the right foot, coloured with the Okabe-Ito palette (colour-blind safe), L5 in
vermillion. Then docs/dermatome_l5.png, the L5 dermatome alone in both maps from the front, the side and
behind, and docs/dermatomes_back.png, the lower back and buttocks in both maps.
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
ROW_TITLES = {"lee2008": "Lee, McPhee & Stringer 2008", "keegan1948": "Keegan & Garrett 1948"}
LEGEND_WORDS = {"uncertain": "no single root"}  # what grey means; unmapped skin is left white, unlabelled
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


def lower_body(mesh: pv.PolyData) -> pv.PolyData:
    """The skin below TOP_Z: cut below the shoulders, the arms come away from the trunk and are left out."""
    mesh = mesh.clip("z", origin=(0, 0, TOP_Z), invert=True).connectivity("largest")
    return mesh.extract_surface(algorithm="dataset_surface")


def parallel_view(plotter: pv.Plotter, focal, direction, scale: float, up=(0, 0, 1)) -> None:
    focal = np.asarray(focal, float)
    plotter.camera_position = [focal + 3000.0 * np.asarray(direction, float), focal, up]
    plotter.camera.parallel_projection = True
    plotter.camera.parallel_scale = scale


def render_map(mesh: pv.PolyData, frame: SkinFrame, array: str, label_map: LabelMap, title: str, out: Path) -> None:
    mesh = lower_body(mesh)
    mesh.point_data["rgb"] = colours(mesh.point_data[array], label_map)
    centre_z = 0.5 * (TOP_Z + frame.sole_z)
    crotch = frame.hip[2] - 60.0  # below the crotch the legs are apart
    plotter = pv.Plotter(off_screen=True, shape=(1, 7), window_size=(2800, 1100), border=False,
                         col_weights=[1, 1, 1, 0.8, 1.1, 1.1, 0.8])
    for i, (name, direction, keep_side) in enumerate(VIEWS):
        plotter.subplot(0, i)
        shown = mesh if keep_side is None else one_leg(mesh, keep_side, crotch)
        plotter.add_mesh(shown, scalars="rgb", rgb=True, smooth_shading=True)
        parallel_view(plotter, (0.0, 0.0, centre_z), direction, 0.53 * (TOP_Z - frame.sole_z))
        plotter.add_text(name, font_size=11)
    foot_centre = np.array([frame.mtp[2, 0], 0.5 * (frame.heel_back_y + frame.toe_tip_y), frame.sole_z + 40.0])
    leg, foot = one_leg(mesh, 1, crotch), one_leg(mesh, 1, frame.ankle[2] + 60.0)  # the sole camera never sees the cut
    for i, (name, shown, direction, up) in enumerate((
            ("right foot, dorsum (from the front)", leg, (0, 0.6, 0.8), (0, -0.8, 0.6)),
            ("right foot, sole", foot, (0, 0, -1), (0, 1, 0)))):
        plotter.subplot(0, 4 + i)
        plotter.add_mesh(shown, scalars="rgb", rgb=True, smooth_shading=True)
        parallel_view(plotter, foot_centre, direction, 0.62 * (frame.toe_tip_y - frame.heel_back_y), up)
        plotter.add_text(name, font_size=11)
    plotter.subplot(0, 6)
    present = [label for label, code in label_map.codes.items()
               if label != "none" and np.any(mesh.point_data[array] == code)]
    plotter.add_legend([[LEGEND_WORDS.get(label, label), OKABE_ITO[label]] for label in present], bcolor="white",
                       size=(0.95, 0.6), loc="center", face="rectangle")
    plotter.add_text(title, position="upper_left", font_size=12)
    plotter.screenshot(out)
    plotter.close()


def one_root(labels: np.ndarray, label_map: LabelMap, root: str) -> np.ndarray:
    """RGB per vertex: the root's skin in its colour, skin without a single root grey, the rest skin-white."""
    rgb = np.tile(np.array(pv.Color(OKABE_ITO["none"]).int_rgb, np.uint8), (len(labels), 1))
    rgb[labels == label_map.codes["uncertain"]] = pv.Color(OKABE_ITO["uncertain"]).int_rgb
    rgb[labels == label_map.codes[root]] = pv.Color(OKABE_ITO[root]).int_rgb
    return rgb


def render_root(mesh: pv.PolyData, frame: SkinFrame, maps, root: str, out: Path) -> None:
    """One row per map: the root's dermatome on the lower body from the front, the root's side and behind."""
    mesh = lower_body(mesh)
    centre_z = 0.5 * (TOP_Z + frame.sole_z)
    views = (("front", (0, 1, 0)), ("left side", (-1, 0, 0)), ("back", (0, -1, 0)))
    plotter = pv.Plotter(off_screen=True, shape=(len(maps.maps), 4), window_size=(2000, 2000), border=False,
                         col_weights=[1, 1, 1, 1.4])
    for row, (name, label_map) in enumerate(maps.maps.items()):
        shown = mesh.copy()
        shown.point_data["rgb"] = one_root(shown.point_data[ARRAY_PREFIX + name], label_map, root)
        for col, (title, direction) in enumerate(views):
            plotter.subplot(row, col)
            plotter.add_mesh(shown, scalars="rgb", rgb=True, smooth_shading=True)
            parallel_view(plotter, (0.0, 0.0, centre_z), direction, 0.53 * (TOP_Z - frame.sole_z))
            plotter.add_text(title, font_size=11)
        plotter.subplot(row, 3)
        plotter.add_legend([[root, OKABE_ITO[root]], [LEGEND_WORDS["uncertain"], OKABE_ITO["uncertain"]]],
                           bcolor="white", size=(0.9, 0.07), loc="center left", face="rectangle")
        plotter.add_text(ROW_TITLES.get(name, name), position="upper_left", font_size=16)
    plotter.screenshot(out)
    plotter.close()


def render_back(mesh: pv.PolyData, frame: SkinFrame, maps, out: Path) -> None:
    """The lower back and buttocks from behind in each map, with a legend of the roots shown."""
    mesh = lower_body(mesh)
    top, bottom = frame.level_z[0] + 60.0, frame.hip[2] - 220.0
    plotter = pv.Plotter(off_screen=True, shape=(1, len(maps.maps) + 1), window_size=(2100, 1000), border=False,
                         col_weights=[1] * len(maps.maps) + [0.8])
    present = set()
    for col, (name, label_map) in enumerate(maps.maps.items()):
        shown = mesh.copy()
        labels = shown.point_data[ARRAY_PREFIX + name]
        shown.point_data["rgb"] = colours(labels, label_map)
        back = (shown.points[:, 2] > bottom) & (shown.points[:, 2] < top)
        present |= {label for label, code in label_map.codes.items() if np.any(labels[back] == code)}
        plotter.subplot(0, col)
        plotter.add_mesh(shown, scalars="rgb", rgb=True, smooth_shading=True)
        parallel_view(plotter, (0.0, 0.0, 0.5 * (top + bottom)), (0, -1, 0), 0.5 * (top - bottom))
        plotter.add_text(ROW_TITLES.get(name, name), position="upper_edge", font_size=16)
    plotter.subplot(0, len(maps.maps))
    order = [label for label in OKABE_ITO if label in present and label != "none"]
    plotter.add_legend([[LEGEND_WORDS.get(label, label), OKABE_ITO[label]] for label in order], bcolor="white",
                       size=(0.95, 0.42), loc="center", face="rectangle")
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
    render_root(mesh, frame, maps, "L5", args.out / f"dermatome_l5{suffix}.png")
    render_back(mesh, frame, maps, args.out / f"dermatomes_back{suffix}.png")
    print(f"wrote figures to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
