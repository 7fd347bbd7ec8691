"""Render the imported Visible Human spine as a reviewer sees it: docs/visible_human_preview.png.

    python scripts/anatomy_preview.py [--meshes meshes] [--out docs/visible_human_preview.png]

Three panes: the lumbar spine and pelvis from the right, the right hip bone left out so L5 and S1 show;
an axial slab through the L4-L5 disc seen from the feet (radiological convention: the patient's right on
the viewer's left, anterior up); a sagittal slab through the right L5-S1 foramen seen as a sagittal MRI is
(anterior on the viewer's left). Slabs are 3 mm thick, capped and drawn unlit, so sections read as solid
in the legend's colours; only what a slab cuts is drawn. Orientation letters at each slab's edges.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pyvista as pv

from l5viz.anatomy.ids import BONES, DISCS, FACETS, NEURAL, SOFT

ROOT = Path(__file__).resolve().parents[1]
# Colours by tissue group (Okabe-Ito-like, distinct in grey scale too).
GROUP_COLOURS = [(BONES, "#d9cfb8"), (DISCS, "#3b8fd0"), (FACETS, "#8e44ad"), (NEURAL, "#e07b00"),
                 (SOFT, "#1b8a5a")]
FAT_COLOUR = "#f7e04a"
SAC_COLOUR = "#cc79a7"
NUCLEUS_COLOUR = "#a9d4f5"
FONT = 20
SLAB = 3.0  # mm


def colour_of(sid: str) -> str:
    if sid.endswith("fat") or "_fat_" in sid:
        return FAT_COLOUR
    if sid == "thecal_sac":
        return SAC_COLOUR
    if sid.startswith("nucleus_"):
        return NUCLEUS_COLOUR
    return next(colour for group, colour in GROUP_COLOURS if sid in group)


def slab(mesh: pv.PolyData, normal: np.ndarray, centre: np.ndarray) -> pv.PolyData:
    """The part of a closed mesh within SLAB/2 of the plane, both cuts capped."""
    low = mesh.clip_closed_surface(normal=normal, origin=centre - normal * 0.5 * SLAB)
    if low.n_points == 0:
        return low
    return low.clip_closed_surface(normal=-normal, origin=centre + normal * 0.5 * SLAB)


def letters(plotter: pv.Plotter, left: str, right: str, top: str, bottom: str) -> None:
    """Orientation letters at the pane's edges."""
    for text, where in ((left, (0.02, 0.5)), (right, (0.95, 0.5)), (top, (0.5, 0.86)), (bottom, (0.5, 0.03))):
        plotter.add_text(text, position=where, viewport=True, font_size=FONT, color="#202020")


def draw_slab(plotter: pv.Plotter, meshes: dict, normal: np.ndarray, centre: np.ndarray) -> None:
    for sid, mesh in meshes.items():
        cut = slab(mesh, normal, centre)
        if cut.n_points:
            plotter.add_mesh(cut, color=colour_of(sid), lighting=False)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meshes", type=Path, default=ROOT / "meshes")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "visible_human_preview.png")
    args = parser.parse_args(argv)
    manifest = json.loads((args.meshes / "manifest.json").read_text())
    meshes = {e["id"]: pv.read(args.meshes / e["file"]) for e in manifest["structures"]}
    marks = {k: np.array(v) for k, v in manifest["landmarks"].items()}
    plotter = pv.Plotter(off_screen=True, window_size=(2400, 900), shape=(1, 3), border=False)

    plotter.subplot(0, 0)
    for sid, mesh in meshes.items():
        if sid != "hip_bone_right":
            plotter.add_mesh(mesh, color=colour_of(sid), smooth_shading=True)
    for name in ("L1", "L2", "L3", "L4", "L5"):
        marks[f"label_{name}"] = marks[f"vertebra_{name}_centre"] + [30.0, 30.0, 0.0]
    labels = [f"L{i}" for i in range(1, 6)]
    plotter.add_point_labels(np.array([marks[f"label_{n}"] for n in labels]), labels, font_size=FONT,
                             shape_opacity=0.6, always_visible=True, show_points=False)
    centre = marks["scene_centre"] + [0.0, -20.0, -20.0]
    plotter.camera.position, plotter.camera.focal_point, plotter.camera.up = centre + [900, 0, 0], centre, (0, 0, 1)
    plotter.camera.view_angle = 27
    plotter.add_text("Visible Human L1-S1, from the right\n(right hip bone not drawn)", font_size=FONT)

    plotter.subplot(0, 1)
    centre, normal = marks["disc_L4_L5_centre"], marks["disc_L4_L5_normal"]
    draw_slab(plotter, meshes, normal, centre)
    focus = centre - np.array([0.0, 22.0, 0.0])
    plotter.camera.position, plotter.camera.focal_point = focus - normal * 300, focus
    plotter.camera.up = (0.0, 1.0, 0.0)  # anterior up, seen from the feet
    plotter.camera.view_angle = 22
    plotter.add_text("Axial slab, L4-L5 disc\n(seen from the feet)", font_size=FONT)
    letters(plotter, "R", "L", "A", "P")

    plotter.subplot(0, 2)
    centre = marks["foramen_L5_S1_right"]
    draw_slab(plotter, meshes, np.array([1.0, 0.0, 0.0]), centre)
    plotter.camera.position, plotter.camera.focal_point, plotter.camera.up = centre - [300, 0, 0], centre, (0, 0, 1)
    plotter.camera.view_angle = 20
    plotter.add_text("Sagittal slab, right L5-S1 foramen", font_size=FONT)
    letters(plotter, "A", "P", "S", "I")
    plotter.subplot(0, 0)  # in the overview's empty corner, clear of both slabs
    legend = [("bone", GROUP_COLOURS[0][1]), ("annulus", GROUP_COLOURS[1][1]), ("nucleus", NUCLEUS_COLOUR),
              ("facet cartilage", GROUP_COLOURS[2][1]),
              ("dural sac", SAC_COLOUR), ("roots, ganglia", GROUP_COLOURS[3][1]), ("ligament, capsule", GROUP_COLOURS[4][1]),
              ("fat", FAT_COLOUR)]
    plotter.add_legend(legend, bcolor="#3a3a3a", face="rectangle", size=(0.36, 0.36), loc="lower right")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    plotter.screenshot(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
