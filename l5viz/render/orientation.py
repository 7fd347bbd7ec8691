"""Anatomical orientation letters (R/L, A/P, S/I) at the edges of a view, following its camera.

The spine's axial views look from above (the patient's right on the viewer's right), the leg seen from the
front has the patient's right on the viewer's left, and an axial MRI is read from the feet: letters at the
middle of each edge say which way the patient lies, as radiology viewers print them on every image.
They are 2D text in the view's own renderer, so the window and headless figures show the same.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkRenderingCore import vtkRenderer, vtkTextActor

from l5viz.render.slab import TEXT_BOX_OPACITY, any_language

# Model axes: +x patient's right, +y anterior, +z superior (l5viz.anatomy.bones.SIDES; layout.py). The letters
# themselves are words (annotations/views.json "orientation"); these are the English ones.
AXIS_DIRECTIONS = (("right", "left"), ("anterior", "posterior"), ("superior", "inferior"))
LETTERS = np.array([["R", "L"], ["A", "P"], ["S", "I"]], dtype=object)
SECOND_LETTER = 0.38  # an axis this much along the edge direction (tilt over ~22 deg) is named second
EDGES = {  # screen direction -> (normalised viewport position, horizontal, vertical justification)
    "left": ((0.012, 0.5), 0, 1), "right": ((0.988, 0.5), 2, 1),
    "up": ((0.5, 0.985), 1, 2), "down": ((0.5, 0.015), 1, 0),
}


def letters_in(words: dict) -> np.ndarray:
    """The letters of annotations/views.json's "orientation" as edge_letters takes them; English when absent."""
    given = words.get("orientation") or {}
    return np.array([[given.get(name, english) for name, english in zip(pair, row)]
                     for pair, row in zip(AXIS_DIRECTIONS, LETTERS)], dtype=object)


def edge_letters(direction_of_projection, view_up, letters: np.ndarray = LETTERS) -> dict[str, str]:
    """The patient direction that points to each edge of the screen, e.g. {'left': 'L', 'up': 'A', ...}."""
    forward = np.asarray(direction_of_projection, float)
    up = np.asarray(view_up, float)
    up = up - forward * (up @ forward) / (forward @ forward)  # as the camera orthogonalises it
    up /= np.linalg.norm(up)
    right = np.cross(forward, up)
    right /= np.linalg.norm(right)
    out = {}
    for edge, vector in {"right": right, "left": -right, "up": up, "down": -up}.items():
        order = np.argsort(-np.abs(vector))
        names = [letters[axis, 0 if vector[axis] > 0 else 1] for axis in order[:2]
                 if axis == order[0] or abs(vector[axis]) >= SECOND_LETTER]
        out[edge] = "".join(names)
    return out


class OrientationLetters:
    def __init__(self, renderer: vtkRenderer, letters: np.ndarray = LETTERS, font_size: int = 18):
        self.ren = renderer
        self.letters = letters
        self.actors: dict[str, vtkTextActor] = {}
        self._pose = None  # camera direction and view-up the letters were chosen for
        for edge, ((x, y), horizontal, vertical) in EDGES.items():
            actor = vtkTextActor()
            actor.GetPositionCoordinate().SetCoordinateSystemToNormalizedViewport()
            actor.SetPosition(x, y)
            text = actor.GetTextProperty()
            text.SetFontSize(font_size)
            text.SetBold(True)
            any_language(text, bold=True)
            text.SetColor(0.85, 0.88, 0.92)
            text.SetBackgroundColor(0.07, 0.08, 0.11)  # readable over bone as well as over the background
            text.SetBackgroundOpacity(TEXT_BOX_OPACITY)
            text.SetJustification(horizontal)
            text.SetVerticalJustification(vertical)
            actor.PickableOff()
            renderer.AddActor(actor)
            self.actors[edge] = actor
        self.follow()
        renderer.AddObserver("StartEvent", self.follow)

    def set_font_size(self, size: int) -> None:
        for actor in self.actors.values():
            actor.GetTextProperty().SetFontSize(size)

    def follow(self, *_event) -> None:
        camera = self.ren.GetActiveCamera()
        pose = (camera.GetDirectionOfProjection(), camera.GetViewUp())
        if pose == self._pose:
            return
        self._pose = pose
        for edge, letters in edge_letters(*pose, self.letters).items():
            if self.actors[edge].GetInput() != letters:
                self.actors[edge].SetInput(letters)
