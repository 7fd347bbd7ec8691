"""Headless figures with the same state and render layer as the window, so both always agree."""

from __future__ import annotations

import sys
from pathlib import Path

import pyvista as pv

from l5viz.content import load_structures
from l5viz.paths import annotations_dir, meshes_dir
from l5viz.render.loading import load_scene
from l5viz.render.scene import SceneRenderer
from l5viz.state import SceneState


def display_names() -> dict[str, str]:
    info, problems = load_structures(annotations_dir())
    for problem in problems:
        print(problem, file=sys.stderr)
    return {sid: entry.display_name for sid, entry in info.items()}


def render_figure(out: Path, view: str = "reset", size=(1600, 1000), overlays: dict | None = None,
                  labels: bool = False, lod: bool = False, white: bool = False,
                  state: SceneState | None = None) -> SceneState:
    """Render one PNG; bad mesh files are reported on stderr and left out of the picture."""
    scene = load_scene(meshes_dir(), lod=lod)
    for problem in scene.problems:
        print(problem, file=sys.stderr)
    state = state or SceneState(view=view, labels=labels, overlays=overlays or {})
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    background = ("white", "white") if white else None
    renderer = SceneRenderer(plotter, state, scene, display_names(), **({"background": background} if white else {}))
    out.parent.mkdir(parents=True, exist_ok=True)
    plotter.screenshot(str(out))
    renderer.close()
    plotter.close()
    return state
