"""The window's 3D view: a pyvistaqt QtInteractor that draws each frame once.

pyvistaqt re-renders the whole scene in every paintGL, so each render the scene asks for is drawn twice
(once by the render call, again by the repaint it schedules), and by default it also re-renders five
times a second while idle. With software OpenGL both cost real time: the view here renders only when
asked (SceneRenderer renders once per state change; the interactor renders while the user drags) and a
repaint that follows a finished render only shows that frame.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from pyvistaqt import QtInteractor

# No multisampling: with software OpenGL (llvmpipe) 2x-8x MSAA triples the frame time (measured 27 ms ->
# 90 ms at 1280x800); figures from `l5viz render` keep pyvista's 8x MSAA. No timed re-renders either.
VIEW_SETTINGS = {"multi_samples": 0, "auto_update": False}


class SceneView(QtInteractor):
    resized = Signal()  # the GL surface has its new size (before the paint that shows it)

    def __init__(self, parent=None, **kwargs):
        super().__init__(parent, **{**VIEW_SETTINGS, **kwargs})
        self._frame_ready = False  # a render finished since the last paint: the paint only has to show it
        self.frames_shown = 0  # paints that put a rendered frame on screen (bench: the first one ends launch)
        self.render_window.AddObserver("EndEvent", self._on_render_end)

    def _on_render_end(self, *_args) -> None:
        self._frame_ready = True

    def render(self) -> None:
        """Render now, on the GUI thread (the only one that renders here). pyvistaqt's render emits a Qt signal
        to reach the same slot, and with PySide6 6.12 each `emit()` hands back a `True` it does not own: every
        frame took one reference from Python's `True`, and after enough frames (a long test session) the
        interpreter aborted at exit ("bool_dealloc"). Calling the slot directly renders the same frame."""
        if getattr(self, "_closed", False):  # (as pyvistaqt: never touch a finalized render window)
            return
        self._rendered = True
        try:
            self._render()
        except RuntimeError:  # (as pyvistaqt: the Qt side of the view was deleted)
            return

    def resizeGL(self, w: int, h: int) -> None:
        self._frame_ready = False  # the finished frame has the old size: the next paint renders
        super().resizeGL(w, h)
        self.resized.emit()

    def paintGL(self) -> None:
        if not self._frame_ready:
            super().paintGL()  # renders, then shows the frame
        else:
            # pyvistaqt's paintGL skips its render while `_in_paint` is set (its guard against re-entry);
            # the frame that just finished is blitted as it is.
            self._in_paint = True
            try:
                super().paintGL()
            finally:
                self._in_paint = False
        self._frame_ready = False
        if self.render_window.GetReadyForRendering():
            self.frames_shown += 1
