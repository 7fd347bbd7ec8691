"""Render the imported Visible Human spine as a reviewer sees it: docs/visible_human_preview.png.

    python scripts/anatomy_preview.py [--meshes meshes/visible_human] [--out docs/visible_human_preview.png]

Three panes: the lumbar spine and pelvis from the right; an axial slab through the L4-L5 disc seen from the
feet (radiological convention: the patient's right on the viewer's left); a sagittal slab through the right
L5-S1 foramen seen from the right (anterior to the viewer's right). Slabs are 3 mm thick and capped, so
sections read as solid; only what a slab cuts is drawn.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pyvista as pv

from l5viz.anatomy.importer import BONES, DISCS, FACETS, NEURAL, SOFT

ROOT = Path(__file__).resolve().parents[1]
# Colours by tissue group (Okabe-Ito-like, distinct in grey scale too).
GROUP_COLOURS = [(BONES, "#e8e0cc"), (DISCS, "#56b4e9"), (FACETS, "#d55e00"), (NEURAL, "#f0c000"),
                 (SOFT, "#009e73")]
FAT_COLOUR = "#fff5b0"
SAC_COLOUR = "#cc79a7"
SLAB = 3.0  # mm


def colour_of(sid: str) -> str:
    if sid.endswith("fat") or "_fat_" in sid:
        return FAT_COLOUR
    if sid == "thecal_sac":
        return SAC_COLOUR
    return next(colour for group, colour in GROUP_COLOURS if sid in group)


def slab(mesh: pv.PolyData, normal: np.ndarray, centre: np.ndarray) -> pv.PolyData:
    """The part of a closed mesh within SLAB/2 of the plane, both cuts capped."""
    low = mesh.clip_closed_surface(normal=normal, origin=centre - normal * 0.5 * SLAB)
    if low.n_points == 0:
        return low
    return low.clip_closed_surface(normal=-normal, origin=centre + normal * 0.5 * SLAB)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meshes", type=Path, default=ROOT / "meshes" / "visible_human")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "visible_human_preview.png")
    args = parser.parse_args(argv)
    manifest = json.loads((args.meshes / "manifest.json").read_text())
    meshes = {e["id"]: pv.read(args.meshes / e["file"]) for e in manifest["structures"]}
    marks = {k: np.array(v) for k, v in manifest["landmarks"].items()}
    plotter = pv.Plotter(off_screen=True, window_size=(2400, 900), shape=(1, 3), border=False)

    plotter.subplot(0, 0)
    for sid, mesh in meshes.items():
        plotter.add_mesh(mesh, color=colour_of(sid), smooth_shading=True)
    centre = marks["scene_centre"] + [0.0, -20.0, -20.0]
    plotter.camera.position, plotter.camera.focal_point, plotter.camera.up = centre + [900, 0, 0], centre, (0, 0, 1)
    plotter.camera.view_angle = 27
    plotter.add_text("Visible Human L1-S1 and pelvis, from the right", font_size=12)

    plotter.subplot(0, 1)
    centre, normal = marks["disc_L4_L5_centre"], marks["disc_L4_L5_normal"]
    for sid, mesh in meshes.items():
        cut = slab(mesh, normal, centre)
        if cut.n_points:
            plotter.add_mesh(cut, color=colour_of(sid), smooth_shading=False)
    focus = centre - np.array([0.0, 22.0, 0.0])
    plotter.camera.position, plotter.camera.focal_point = focus - normal * 300, focus
    plotter.camera.up = (0.0, 1.0, 0.0)  # anterior up, seen from the feet
    plotter.camera.view_angle = 22
    plotter.add_text("Axial slab, L4-L5 disc, from the feet\nR on the viewer's left", font_size=12)

    plotter.subplot(0, 2)
    centre = marks["foramen_L5_S1_right"]
    for sid, mesh in meshes.items():
        cut = slab(mesh, np.array([1.0, 0.0, 0.0]), centre)
        if cut.n_points:
            plotter.add_mesh(cut, color=colour_of(sid), smooth_shading=False)
    plotter.camera.position, plotter.camera.focal_point, plotter.camera.up = centre + [300, 0, 0], centre, (0, 0, 1)
    plotter.camera.view_angle = 16
    plotter.add_text("Sagittal slab, right L5-S1 foramen\nanterior to the right", font_size=12)
    legend = [("bone", GROUP_COLOURS[0][1]), ("disc", GROUP_COLOURS[1][1]), ("facet cartilage", GROUP_COLOURS[2][1]),
              ("dural sac", SAC_COLOUR), ("roots, ganglia", GROUP_COLOURS[3][1]), ("ligament, capsule", GROUP_COLOURS[4][1]),
              ("fat", FAT_COLOUR)]
    plotter.add_legend(legend, bcolor="#3a3a3a", face="rectangle", size=(0.3, 0.34), loc="lower right")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    plotter.screenshot(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
