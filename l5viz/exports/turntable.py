"""A turntable movie of the scene (MP4 or GIF), rendered headless with the same render layer as the window.

MP4 uses imageio-ffmpeg, whose wheel ships its own ffmpeg binary; GIF uses Pillow through imageio.
"""

from __future__ import annotations

from pathlib import Path

import imageio.v2 as imageio
import numpy as np
import pyvista as pv

from l5viz.exports.files import atomic_path
from l5viz.paths import meshes_dir
from l5viz.render.loading import load_scene
from l5viz.render.offscreen import display_names
from l5viz.render.scene import SceneRenderer
from l5viz.state import SceneState

FORMATS = (".mp4", ".gif")


def turntable(out: Path, state: SceneState | None = None, frames: int = 72, size=(960, 720), fps: int = 24,
              lod: bool = True) -> Path:
    """One full turn around the vertical axis through the scene centre, `frames` pictures long."""
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise ValueError(f"turntable {out.name}: unknown format {out.suffix!r}; valid: {', '.join(FORMATS)}")
    state = state or SceneState(view="anterior")
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    renderer = SceneRenderer(plotter, state, load_scene(meshes_dir(), lod=lod), display_names())
    plotter.show(auto_close=False)  # an off-screen plotter renders nothing before its first show()
    cam = plotter.camera
    focal = np.array(cam.focal_point)
    offset = np.array(cam.position) - focal
    try:
        with atomic_path(out) as tmp:
            options = {"fps": fps, "macro_block_size": 8} if out.suffix.lower() == ".mp4" else {"duration": 1 / fps,
                                                                                                "loop": 0}
            with imageio.get_writer(tmp, format="FFMPEG" if out.suffix.lower() == ".mp4" else "GIF",
                                    **options) as writer:
                for i in range(frames):
                    a = 2 * np.pi * i / frames
                    rot = np.array([[np.cos(a), -np.sin(a), 0.0], [np.sin(a), np.cos(a), 0.0], [0.0, 0.0, 1.0]])
                    renderer.set_camera_pose(focal + rot @ offset, focal, (0.0, 0.0, 1.0))
                    writer.append_data(np.array(plotter.screenshot(return_img=True)))  # copy: the buffer is reused
    finally:
        renderer.close()
        plotter.close()
    return out
