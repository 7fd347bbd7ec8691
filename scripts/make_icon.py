"""The app's icon, rendered from the project's own meshes: the L5 vertebra with both L5 roots leaving under its
pedicles, seen from behind and above. Writes l5viz/resources/l5viz.png (256 px, transparent)."""

from __future__ import annotations

import numpy as np
import pyvista as pv
from PIL import Image

from l5viz.paths import PACKAGE_DIR, meshes_dir
from l5viz.render.offscreen import structure_infos
from l5viz.render.scene import structure_colour

ROOTS = ("root_L5_left", "root_L5_right")
SIZE = 256
OVERSAMPLE = 4  # rendered at 1024 px and shrunk, for clean edges at icon sizes


def main() -> None:
    infos = structure_infos()
    plotter = pv.Plotter(off_screen=True, window_size=[SIZE * OVERSAMPLE] * 2)
    plotter.set_background("white")
    bone = pv.read(meshes_dir() / "vertebra_L5.vtp")
    x0, x1, y0, y1, z0, z1 = bone.bounds
    near_bone = (x0 - 25, x1 + 25, y0, y1, z0 - 45, z1)  # mm: the roots where they pass the vertebra
    plotter.add_mesh(bone, color=structure_colour(infos, "vertebra_L5"), smooth_shading=True, specular=0.3)
    for sid in ROOTS:
        root = pv.read(meshes_dir() / f"{sid}.vtp").clip_box(near_bone, invert=False).extract_surface(algorithm=None)
        plotter.add_mesh(root, color=structure_colour(infos, sid), smooth_shading=True, specular=0.3)
    centre = np.array(bone.center)
    plotter.camera.focal_point = centre
    plotter.camera.position = centre + np.array([0.0, -1.0, 0.7]) * 300  # straight behind (-y) and above: both roots alike
    plotter.camera.up = (0, 0, 1)
    plotter.reset_camera()
    plotter.camera.zoom(1.35)
    image = plotter.screenshot(transparent_background=True, return_img=True)
    plotter.close()
    icon = Image.fromarray(image).resize((SIZE, SIZE), Image.LANCZOS)
    out = PACKAGE_DIR / "resources" / "l5viz.png"
    icon.save(out, optimize=True)
    print(f"wrote {out} ({SIZE}x{SIZE})")


if __name__ == "__main__":
    main()
