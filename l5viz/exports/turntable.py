"""A turntable movie of the scene (MP4 or GIF), rendered headless with the same render layer as the window.

MP4 is H.264 (yuv420p, plays in browsers and slide software) written by imageio-ffmpeg, whose wheel ships
its own ffmpeg binary. GIF frames are quantised and written by Pillow.
"""

from __future__ import annotations

import sys
from pathlib import Path

import imageio.v2 as imageio
import numpy as np
import pyvista as pv
from PIL import Image

from l5viz.exports.files import atomic_path
from l5viz.paths import meshes_dir
from l5viz.render.loading import load_scene
from l5viz.render.offscreen import add_body, default_state, layout_viewports, structure_infos
from l5viz.render.scene import SceneRenderer
from l5viz.render.views import BODY_VIEWS
from l5viz.state import SceneState

FORMATS = (".mp4", ".gif")


def gif_frame_ms(fps: int) -> int:
    """GIF keeps frame times in hundredths of a second: the nearest one to 1/fps, at least 2 (browsers slow
    shorter ones down to 100 ms)."""
    return 10 * max(2, round(100 / fps))


class MovieWriter:
    """Appends RGB frames to an MP4 (H.264) or a looping GIF at `fps`."""

    def __init__(self, path: Path, fps: int):
        self.path, self.fps = path, fps
        self.gif_frames: list[Image.Image] = []
        self.mp4 = None
        if path.suffix.lower() == ".mp4":
            # macro_block_size=2: H.264 with yuv420p needs even sizes only (checked before), so no resizing.
            self.mp4 = imageio.get_writer(path, format="FFMPEG", fps=fps, codec="libx264", pixelformat="yuv420p",
                                          quality=7, macro_block_size=2)

    def append(self, frame: np.ndarray) -> None:
        if self.mp4 is not None:
            self.mp4.append_data(frame)
        else:  # an adaptive palette per frame: the scene's few colours survive well
            self.gif_frames.append(Image.fromarray(frame).quantize(colors=255, method=Image.Quantize.MEDIANCUT))

    def close(self) -> None:
        if self.mp4 is not None:
            self.mp4.close()
        elif self.gif_frames:
            self.gif_frames[0].save(self.path, format="GIF", save_all=True, append_images=self.gif_frames[1:],
                                    duration=gif_frame_ms(self.fps), loop=0, disposal=1)


MAX_FRAMES = 1440  # a minute at 24 fps: longer is no lecture clip, and a GIF that long would not fit in memory


def check_request(out: Path, frames: int, size: tuple[int, int], fps: int) -> None:
    """Refuse what would write a broken or silently resized movie, naming the file and the problem."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"turntable {out.name}: unknown format {out.suffix!r}; valid: {', '.join(FORMATS)}")
    if not 2 <= frames <= MAX_FRAMES:
        raise ValueError(f"turntable {out.name}: {frames} frames; valid: 2 (a turn needs two) to {MAX_FRAMES}")
    if fps < 1 or min(size) < 16:
        raise ValueError(f"turntable {out.name}: size {size[0]}x{size[1]} at {fps} fps; valid: 16x16 or more, 1 fps or more")
    if suffix == ".mp4" and (size[0] % 2 or size[1] % 2):
        raise ValueError(f"turntable {out.name}: H.264 needs an even width and height, got {size[0]}x{size[1]}")


def turntable(out: Path, state: SceneState | None = None, frames: int = 72, size=(960, 720), fps: int = 24,
              lod: bool = True) -> Path:
    """One full turn (360 degrees of azimuth about the vertical through the view's focal point), starting
    from `state`'s view with its overlays, visibility and opacities; `frames` pictures at `fps`. A body view
    (the whole body, say) turns the body with its nerve path; any other view turns the spine.

    `lod` uses the lighter meshes (about 3x faster; the picture is small). Mesh problems go to stderr.
    """
    out = Path(out)
    size = (int(size[0]), int(size[1]))
    check_request(out, frames, size, fps)
    state = state or default_state(view="anterior")
    scene = load_scene(meshes_dir(), lod=lod)
    for problem in scene.problems:
        print(problem, file=sys.stderr)
    body_view = state.view in BODY_VIEWS
    plotter = pv.Plotter(off_screen=True, window_size=list(size), shape=(1, 2), border=False)
    plotter.subplot(0, 0)
    renderer = SceneRenderer(plotter, state, scene, structure_infos())
    spine_port, body_port = layout_viewports("leg" if body_view else "spine")
    renderer.ren.SetViewport(*spine_port)
    renderer.ren.SetDraw(not body_view)
    plotter.renderers[1].SetViewport(*body_port)
    plotter.renderers[1].SetDraw(body_view)
    try:
        body = add_body(plotter, state, renderer, lod) if body_view else None
        if body_view and body is None:
            raise ValueError(f"turntable {out.name}: the body could not be loaded (see the messages above)")
        plotter.show(auto_close=False)  # the first render of an off-screen plotter; the camera is final after it
        if body is not None:
            body.apply_camera(state.view)  # fitted to the pane's final size
        camera = (body.ren if body is not None else renderer.ren).GetActiveCamera()
        position, focal, up = (np.array(v) for v in (camera.GetPosition(), camera.GetFocalPoint(), camera.GetViewUp()))
        offset = position - focal
        with atomic_path(out) as tmp:
            writer = MovieWriter(tmp, fps)
            try:
                for i in range(frames):
                    a = 2 * np.pi * i / frames
                    turn = np.array([[np.cos(a), -np.sin(a), 0.0], [np.sin(a), np.cos(a), 0.0], [0.0, 0.0, 1.0]])
                    if body is None:
                        renderer.set_camera_pose(focal + turn @ offset, focal, turn @ up)
                    else:
                        camera.SetPosition(*(focal + turn @ offset))
                        camera.SetViewUp(*(turn @ up))
                        body.ren.ResetCameraClippingRange()
                        renderer.render()  # a screenshot alone shows the last rendered frame
                    writer.append(np.array(plotter.screenshot(return_img=True)))  # copy: the buffer is reused
            finally:
                writer.close()
    finally:
        renderer.close()
        plotter.close()
    return out
