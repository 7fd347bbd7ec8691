"""Render the dermatome figures of the lower-body model: `python scripts/leg_figures.py [--mesh F] [--out DIR]`.

One PNG per map (docs/leg_dermatomes_<map>.png) and one of the fibular territories: anterior, posterior,
lateral and medial views and the dorsum and sole of the foot, coloured with the Okabe-Ito palette
(colour-blind safe), L5 in vermillion.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pyvista as pv

from l5viz.leg.dermatomes import ARRAY_PREFIX, TERRITORY_ARRAY, LabelMap, load_dermatome_maps
from l5viz.paths import REPO_ROOT, meshes_dir

OKABE_ITO = {  # Okabe M, Ito K, "Color Universal Design" (2002): distinguishable with common colour-vision deficits
    "L1": "#F0E442", "L2": "#E69F00", "L3": "#56B4E9", "L4": "#009E73", "L5": "#D55E00", "S1": "#0072B2",
    "S2": "#CC79A7", "S3": "#000000", "deep": "#D55E00", "superficial": "#0072B2",
    "none": "#F2F2F2", "uncertain": "#8C8C8C",  # greys: unmapped skin nearly white
}
CENTRE_Z = -390.0
VIEWS = (  # name, camera position, focal point, view-up, which side to keep (None = both)
    ("anterior", (0, 3000, CENTRE_Z), (0, 0, CENTRE_Z), (0, 0, 1), None),
    ("posterior", (0, -3000, CENTRE_Z), (0, 0, CENTRE_Z), (0, 0, 1), None),
    ("right lateral", (3000, 0, CENTRE_Z), (0, 0, CENTRE_Z), (0, 0, 1), None),
    ("left leg, medial", (3000, 0, CENTRE_Z), (0, 0, CENTRE_Z), (0, 0, 1), 0),
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


def render_map(mesh: pv.PolyData, array: str, label_map: LabelMap, title: str, out: Path) -> None:
    mesh = mesh.copy()
    mesh.point_data["rgb"] = colours(mesh.point_data[array], label_map)
    plotter = pv.Plotter(off_screen=True, shape=(1, 7), window_size=(2800, 1000), border=False,
                         col_weights=[1, 1, 1, 1, 1.2, 1.2, 0.8])
    for i, (name, position, focal, up, keep_side) in enumerate(VIEWS):
        plotter.subplot(0, i)
        shown = mesh if keep_side is None else one_leg(mesh, keep_side, -130.0)  # below the crotch
        plotter.add_mesh(shown, scalars="rgb", rgb=True, smooth_shading=True)
        plotter.camera_position = [position, focal, up]
        plotter.camera.parallel_projection = True
        plotter.camera.parallel_scale = 560
        plotter.add_text(name, font_size=11)
    leg, foot = one_leg(mesh, 1, -130.0), one_leg(mesh, 1, -815.0)  # the sole camera never sees the cut
    for i, (name, shown, position, up) in enumerate((
            ("right foot, dorsum (from the front)", leg, (118, 1660, 340), (0, -0.6, 0.8)),
            ("right foot, sole", foot, (118, 60, -2000), (0, 1, 0)))):
        plotter.subplot(0, 4 + i)
        plotter.add_mesh(shown, scalars="rgb", rgb=True, smooth_shading=True)
        plotter.camera_position = [position, (118, 60, -860), up]
        plotter.camera.parallel_projection = True
        plotter.camera.parallel_scale = 175
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
    parser.add_argument("--mesh", type=Path, default=meshes_dir() / "lower_body.vtp")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs")
    args = parser.parse_args(argv)
    maps, problems = load_dermatome_maps()
    if maps is None:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        return 1
    mesh = pv.read(args.mesh)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, label_map in maps.maps.items():
        title = maps.document["maps"][name]["title"].replace(" (", "\n(") + "\nschematic: borders overlap\nand vary between people"
        render_map(mesh, ARRAY_PREFIX + name, label_map, title, args.out / f"leg_dermatomes_{name}.png")
    render_map(mesh, TERRITORY_ARRAY, maps.territory, "Sensory territories of the\ndeep and superficial\nfibular nerves",
               args.out / "leg_fibular_territories.png")
    print(f"wrote figures to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
