"""Headless figures with the same state and render layer as the window, so both always agree."""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from pathlib import Path

import pyvista as pv
from vtkmodules.vtkCommonCore import vtkLogger

from l5viz.content import StructureInfo, default_display, load_structures
from l5viz.paths import annotations_dir, meshes_dir
from l5viz.render.loading import load_scene, vtk_stderr
from l5viz.render.scene import SceneRenderer
from l5viz.state import SceneState


def structure_infos() -> dict[str, StructureInfo]:
    """Names and display records of the structures; problems with them go to stderr."""
    info, problems = load_structures(annotations_dir())
    for problem in problems:
        print(problem, file=sys.stderr)
    return info


def default_state(**kwargs) -> SceneState:
    """A scene state with every structure's default visibility and opacity (annotations/structures.json)."""
    info, _ = load_structures(annotations_dir())
    return SceneState(**default_display(info), **kwargs)


SPINE_SHARE = 0.62  # of the width, when the spine and the body are shown side by side


def layout_viewports(layout: str) -> tuple[tuple, tuple]:
    """Viewports (xmin, ymin, xmax, ymax) of the spine and the body for a layout name."""
    if layout == "spine":
        return (0.0, 0.0, 1.0, 1.0), (0.999, 0.0, 1.0, 1.0)
    if layout == "leg":
        return (0.0, 0.0, 0.001, 1.0), (0.0, 0.0, 1.0, 1.0)
    return (0.0, 0.0, SPINE_SHARE, 1.0), (SPINE_SHARE, 0.0, 1.0, 1.0)


def render_figure(out: Path, view: str = "reset", size=(1600, 1000), overlays: dict | None = None,
                  labels: bool = False, lod: bool = False, white: bool = False,
                  state: SceneState | None = None, layout: str | None = None,
                  leg_view: str = "leg-anterior", body: str | None = None) -> SceneState:
    """Render one PNG; bad mesh files are reported on stderr and left out of the picture.

    layout: "spine", "leg" (the body pane alone) or "spine+leg" (default: "leg" for a body view, else "spine");
    leg_view: the body pane's camera beside a spine view; body: the body variant (default: the manifest's).
    """
    scene = load_scene(meshes_dir(), lod=lod)
    for problem in scene.problems:
        print(problem, file=sys.stderr)
    state = state or default_state(view=view, labels=labels, overlays=overlays or {})
    with vtk_stderr(vtkLogger.VERBOSITY_ERROR) if headless() else nullcontext():
        return _render_figure(out, state, scene, size, lod, white, layout, leg_view, body)


def headless() -> bool:
    """No display to open: VTK then warns that X failed before it falls back to EGL, which is expected."""
    return sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _render_figure(out: Path, state: SceneState, scene, size, lod: bool, white: bool, layout: str | None,
                   leg_view: str, body: str | None) -> SceneState:
    from l5viz.render.views import BODY_VIEWS

    layout = layout or ("leg" if state.view in BODY_VIEWS else "spine")
    plotter = pv.Plotter(off_screen=True, window_size=list(size), shape=(1, 2), border=False)
    plotter.subplot(0, 0)
    background = ("white", "white") if white else None
    dense = (lambda: load_scene(meshes_dir(), lod=False)) if lod else None
    renderer = SceneRenderer(plotter, state, scene, structure_infos(), dense_scene=dense,
                             **({"background": background} if white else {}))
    spine_port, leg_port = layout_viewports(layout)
    renderer.ren.SetViewport(*spine_port)
    plotter.renderers[1].SetViewport(*leg_port)
    plotter.renderers[1].SetDraw(layout != "spine")
    renderer.ren.SetDraw(layout != "leg")
    if layout != "spine":
        pane = add_body(plotter, state, renderer, lod, body)
        if pane is not None and state.view not in BODY_VIEWS:
            pane.apply_camera(leg_view)
    if state.view not in BODY_VIEWS:
        renderer.apply_camera(state.view, render=False)  # refit to the viewport's final shape
    out.parent.mkdir(parents=True, exist_ok=True)
    plotter.screenshot(str(out))
    renderer.close()
    plotter.close()
    return state


def add_body(plotter: pv.Plotter, state: SceneState, spine: SceneRenderer, lod: bool, variant: str | None = None):
    """The body view as the spine's companion (second subplot); None, reported, when unusable."""
    from l5viz.render.body import BodyRenderer, load_body
    from l5viz.skin.dermatomes import load_dermatome_maps

    model, problems = load_body(meshes_dir(), lod=lod, variant=variant)
    maps, more = load_dermatome_maps()
    for problem in problems + more:
        print(problem, file=sys.stderr)
    if model is None or maps is None:
        return None
    plotter.subplot(0, 1)
    body = BodyRenderer(plotter, state, model, maps, spine.structures, spine.inside_actors)
    plotter.subplot(0, 0)
    spine.add_companion(body)
    return body
