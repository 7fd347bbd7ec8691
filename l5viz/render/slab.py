"""What a slab view prints on the image, as a radiology viewer does: which slab it is, and a scale bar.

Slab views use a parallel projection, so millimetres per pixel are the same all over the image and the
bar is true wherever it is laid; it is redrawn before each render to the camera's current zoom.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkCommonCore import VTK_FONT_FILE, vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkCoordinate, vtkPolyDataMapper2D, vtkRenderer, vtkTextActor

from l5viz.fonts import font_file

BAR_CHOICES_MM = (5.0, 10.0, 20.0, 50.0)  # the bar takes the largest that fits in a fifth of the width
TEXT_COLOUR = (0.85, 0.88, 0.92)
# The box behind a caption or a letter: opaque enough that the text keeps WCAG AA's 4.5:1 over white print or
# bone, not only over the dark background (tests/test_colour_access.py)
TEXT_BOX_OPACITY = 0.8
OUTLINE_COLOUR = (0.12, 0.12, 0.14)  # the edge of each cut section
ZONE_COLOUR = (1.0, 0.85, 0.35)  # amber: apart from every tissue colour and from the white captions
MAX_ZONE_LABELS = 7  # Fardon's central zone once and three zones each side


def style_text(text, font_size: int, colour: tuple[float, float, float]) -> None:
    """Bold text on a dark, half-opaque box: readable over bone, disc and background alike."""
    text.SetFontSize(font_size)
    text.SetBold(True)
    any_language(text, bold=True)
    text.SetColor(*colour)
    text.SetBackgroundColor(0.07, 0.08, 0.11)
    text.SetBackgroundOpacity(TEXT_BOX_OPACITY)


def any_language(text, bold: bool = False) -> None:
    """Draw a VTK text property in DejaVu Sans (l5viz.fonts), whose letters cover the app's languages; VTK's own
    fonts draw ASCII only. Left as it is where no font file is found (English still reads)."""
    path = font_file(bold)
    if path is not None:
        text.SetFontFamily(VTK_FONT_FILE)
        text.SetFontFile(str(path))


# A text's box in pixels, from its font size: about 0.6 of the size per character (the sans serif's average
# advance, generous) and 1.4 of it tall with the background's margin.
TEXT_WIDTH_PER_CHAR = 0.6
TEXT_HEIGHT_PER_SIZE = 1.4


def bar_length_mm(px_per_mm: float, width_px: int) -> float:
    """The scale bar's length: the longest of BAR_CHOICES_MM no wider than a fifth of the image."""
    fitting = [mm for mm in BAR_CHOICES_MM if mm * px_per_mm <= 0.2 * width_px]
    return fitting[-1] if fitting else BAR_CHOICES_MM[0]


class SlabAnnotations:
    """A caption naming the slab (lower left) and a scale bar (lower right) in one renderer."""

    def __init__(self, renderer: vtkRenderer, font_size: int = 16):
        self.ren = renderer
        self.font_size = font_size  # the caption's, where the view is wide enough for it (see `follow`)
        self.caption = self._text(font_size)
        self.caption.GetPositionCoordinate().SetCoordinateSystemToNormalizedViewport()
        self.caption.SetPosition(0.012, 0.05)
        self.bar_text = self._text(font_size)
        self.bar_text.GetTextProperty().SetJustificationToRight()  # ends over the bar's right end, inside the view
        points = vtkPoints()
        points.SetNumberOfPoints(2)
        line = vtkCellArray()
        line.InsertNextCell(2)
        line.InsertCellPoint(0)
        line.InsertCellPoint(1)
        self.bar_data = vtkPolyData()
        self.bar_data.SetPoints(points)
        self.bar_data.SetLines(line)
        mapper = vtkPolyDataMapper2D()
        mapper.SetInputData(self.bar_data)
        viewport = vtkCoordinate()  # the bar's ends in this renderer's own pixels, as the text's position is
        viewport.SetCoordinateSystemToViewport()
        mapper.SetTransformCoordinate(viewport)
        self.bar = vtkActor2D()
        self.bar.SetMapper(mapper)
        self.bar.GetProperty().SetColor(*TEXT_COLOUR)
        self.bar.GetProperty().SetLineWidth(4)
        self.bar.PickableOff()
        renderer.AddActor(self.bar)
        self.shown = False
        self.set_visible(False)
        renderer.AddObserver("StartEvent", self.follow)

    def _text(self, font_size: int) -> vtkTextActor:
        actor = vtkTextActor()
        style_text(actor.GetTextProperty(), font_size, TEXT_COLOUR)
        actor.PickableOff()
        self.ren.AddActor(actor)
        return actor

    def set_font_size(self, size: int) -> None:
        self.font_size = size
        for actor in (self.caption, self.bar_text):
            actor.GetTextProperty().SetFontSize(size)

    def show(self, caption: str | None) -> None:
        """Caption and scale bar for a slab view; None hides both (3D views)."""
        self.shown = caption is not None
        if caption is not None:
            self.caption.SetInput(caption)
        self.set_visible(self.shown)

    def set_visible(self, on: bool) -> None:
        for actor in (self.caption, self.bar_text, self.bar):
            actor.SetVisibility(on)

    def px_per_mm(self) -> float:
        """Pixels per millimetre in the slab's plane (parallel projection: the same everywhere)."""
        height = self.ren.GetSize()[1]
        scale = self.ren.GetActiveCamera().GetParallelScale()
        return height / (2.0 * scale) if scale > 0 else 0.0

    def reserved_px(self) -> list[tuple[float, float, float, float]]:
        """Where the caption and the scale bar with its text lie (x0, x1, y0, y1 in pixels from the lower left),
        for labels to keep clear of; none in a 3D view. Worked out from where `follow` puts them and the text's
        size (a text's box is only known once drawn, and labels are placed before)."""
        if not self.shown:
            return []
        self.follow()
        width, height = self.ren.GetSize()
        boxes = []
        for actor, x, y, right_aligned in ((self.caption, 0.012 * width, 0.05 * height, False),
                                           (self.bar_text, *self.bar_text.GetPosition(), True)):
            size = actor.GetTextProperty().GetFontSize()
            w, h = TEXT_WIDTH_PER_CHAR * size * len(actor.GetInput() or ""), TEXT_HEIGHT_PER_SIZE * size
            boxes.append((x - w, x, y, y + h) if right_aligned else (x, x + w, y, y + h))
        bar = self.bar_data.GetPoints()
        (x0, y, _), (x1, _, _) = bar.GetPoint(0), bar.GetPoint(1)
        boxes.append((x0, x1, y - 4.0, y + 4.0))
        return boxes

    def follow(self, *_event) -> None:
        if not self.shown:
            return
        width, height = self.ren.GetSize()
        px_per_mm = self.px_per_mm()
        if px_per_mm <= 0 or width <= 0:
            return
        length_mm = bar_length_mm(px_per_mm, width)
        right = width - 0.03 * width
        left = right - length_mm * px_per_mm
        y = 0.14 * height  # above the caption, clear of the orientation letter at the bottom
        self.bar_data.GetPoints().SetPoint(0, left, y, 0.0)
        self.bar_data.GetPoints().SetPoint(1, right, y, 0.0)
        self.bar_data.Modified()
        self.bar_text.SetInput(f"{length_mm:g} mm")
        self.bar_text.SetPosition(right, y + 8.0)
        # The caption on one line across the view: smaller where the view is too narrow for it at its size (a large
        # text size, the spine's share of the window beside the body).
        fitting = 0.95 * width / (TEXT_WIDTH_PER_CHAR * max(len(self.caption.GetInput() or ""), 1))
        self.caption.GetTextProperty().SetFontSize(max(8, min(self.font_size, int(fitting))))


class SectionCaps:
    """The solid faces of a slab's cut: each structure's section in the plane nearest the camera, filled.

    A thin slab clips a closed mesh into an open ring, so its section would read hollow. The section
    outline is cut from the shown triangles, joined into loops and triangulated (holes included, as in a
    ring of annulus round the nucleus), and drawn unlit in the structure's section colour, as a slice image
    shows it, each outlined in a dark line so that touching sections (the two articular processes of a facet
    joint) stay apart. One actor holds every cap; `owner` says which structure a picked cap cell belongs to.
    """

    def __init__(self, renderer: vtkRenderer, layer: int = 0):
        """`layer` > 0: drawn over the caps of lower layers in the same plane (lesions over the tissue they
        grow into, nerves over both), < 0 beneath them (disc material beneath the annulus it left); the lesion
        layers (1 and -1) are not picked, so a click names the structure. Caps beneath others have no outline
        (none would show through the tissue over them)."""
        from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

        self.ren = renderer
        self.data = vtkPolyData()
        mapper = vtkPolyDataMapper()
        mapper.SetInputData(self.data)
        mapper.SetScalarModeToUseCellData()
        if layer:
            mapper.SetResolveCoincidentTopologyToPolygonOffset()
            mapper.SetRelativeCoincidentTopologyPolygonOffsetParameters(-4.0 * layer, -4.0 * layer)
        self.actor = vtkActor()
        self.actor.SetMapper(mapper)
        prop = self.actor.GetProperty()
        prop.SetAmbient(1.0)
        prop.SetDiffuse(0.0)
        prop.SetSpecular(0.0)
        self.actor.SetVisibility(False)
        self.actor.SetPickable(abs(layer) != 1)
        renderer.AddActor(self.actor)
        self.outline_data = vtkPolyData()
        outline_mapper = vtkPolyDataMapper()
        outline_mapper.SetInputData(self.outline_data)
        outline_mapper.SetResolveCoincidentTopologyToPolygonOffset()  # drawn over the caps they outline
        self.outlined = layer >= 0
        self.outline = vtkActor()
        self.outline.SetMapper(outline_mapper)
        self.outline.GetProperty().SetColor(*OUTLINE_COLOUR)
        self.outline.GetProperty().SetLineWidth(2.0)
        self.outline.GetProperty().LightingOff()
        self.outline.PickableOff()
        self.outline.SetVisibility(False)
        renderer.AddActor(self.outline)
        self.owners: list[str] = []
        self.cell_owner = np.zeros(0, int)
        self._cache: dict[str, tuple] = {}  # key -> (signature, cap, outline) of its last section

    def clear(self) -> None:
        self.actor.SetVisibility(False)
        self.outline.SetVisibility(False)
        self.owners, self.cell_owner = [], np.zeros(0, int)

    def update(self, origin: np.ndarray, normal: np.ndarray,
               parts: list[tuple[str, np.ndarray, np.ndarray, tuple[float, float, float]]],
               grow: dict[str, float] | None = None) -> None:
        """Cap every part (key, points, triangles, 0-1 RGB) that the plane (origin, normal) cuts; `grow`: mm
        by which some parts' sections are enlarged about their centre."""
        from vtkmodules.util.numpy_support import numpy_to_vtk
        from vtkmodules.vtkCommonDataModel import vtkPlane
        from vtkmodules.vtkFiltersCore import vtkAppendPolyData

        plane = vtkPlane()
        plane.SetOrigin(*origin)
        plane.SetNormal(*normal)
        append, outlines = vtkAppendPolyData(), vtkAppendPolyData()
        owners, counts, colours = [], [], []
        plane_key = (np.asarray(origin, float).tobytes(), np.asarray(normal, float).tobytes())
        for key, points, triangles, rgb in parts:
            side = (points - origin) @ normal
            if side.min() >= 0.0 or side.max() <= 0.0:
                continue
            # A section is cut once per plane and shape: a slider step recuts only what it moved.
            signature = (plane_key, hash(np.ascontiguousarray(points).tobytes()), (grow or {}).get(key))
            cached = self._cache.get(key)
            if cached is None or cached[0] != signature:
                cached = (signature, *section_cap(plane, points, triangles, (grow or {}).get(key)))
                self._cache[key] = cached
            _, cap, outline = cached
            if cap is None:
                continue
            append.AddInputData(cap)
            outlines.AddInputData(outline)
            owners.append(key)
            counts.append(cap.GetNumberOfCells())
            colours.append(rgb)
        if not owners:
            self.clear()
            return
        append.Update()
        outlines.Update()
        self.data.DeepCopy(append.GetOutput())
        self.outline_data.DeepCopy(outlines.GetOutput())
        self.outline.SetVisibility(self.outlined)
        self.cell_owner = np.repeat(np.arange(len(owners)), counts)
        rgb = (np.array(colours)[self.cell_owner] * 255).astype(np.uint8)
        array = numpy_to_vtk(rgb, deep=True)
        array.SetName("rgb")
        self.data.GetCellData().SetScalars(array)
        self.owners = owners
        self.actor.SetVisibility(True)

    def surface(self) -> tuple[np.ndarray, np.ndarray]:
        """The caps as (points, triangles), so the label placer counts them as what hides the slab behind."""
        from vtkmodules.util.numpy_support import vtk_to_numpy

        if not self.owners:
            return np.zeros((0, 3)), np.zeros((0, 3), int)
        points = vtk_to_numpy(self.data.GetPoints().GetData())
        polys = self.data.GetPolys()
        offsets = vtk_to_numpy(polys.GetOffsetsArray())
        connectivity = vtk_to_numpy(polys.GetConnectivityArray())
        triangles = connectivity[offsets[:-1, None] + np.arange(3)][np.diff(offsets) == 3]
        return np.asarray(points, float), triangles

    def owner(self, cell_id: int) -> str | None:
        return self.owners[self.cell_owner[cell_id]] if 0 <= cell_id < len(self.cell_owner) else None


def grown(cap: vtkPolyData, mm: float) -> vtkPolyData:
    """A flat section enlarged by about `mm` at its rim: scaled about its centroid in its own plane."""
    from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy

    out = vtkPolyData()
    out.DeepCopy(cap)
    points = vtk_to_numpy(out.GetPoints().GetData()).astype(float)
    centre = points.mean(axis=0)
    radius = np.linalg.norm(points - centre, axis=1).max()
    if radius > 0:
        points = centre + (points - centre) * (1.0 + mm / radius)
    out.GetPoints().SetData(numpy_to_vtk(points, deep=True))
    return out


def section_cap(plane, points: np.ndarray, triangles: np.ndarray, grow_mm: float | None):
    """(filled section, its outline) of one closed surface cut by a vtkPlane; (None, None) when it misses."""
    from vtkmodules.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray
    from vtkmodules.vtkFiltersCore import vtkCutter, vtkStripper
    from vtkmodules.vtkFiltersGeneral import vtkContourTriangulator

    cells = np.hstack([np.full((len(triangles), 1), 3), triangles]).astype(np.int64).ravel()
    surface = vtkPolyData()
    surface.SetPoints(vtkPoints())
    surface.GetPoints().SetData(numpy_to_vtk(np.ascontiguousarray(points, float), deep=True))
    polys = vtkCellArray()
    polys.ImportLegacyFormat(numpy_to_vtkIdTypeArray(cells, deep=True))
    surface.SetPolys(polys)
    cutter = vtkCutter()
    cutter.SetInputData(surface)
    cutter.SetCutFunction(plane)
    stripper = vtkStripper()
    stripper.SetInputConnection(cutter.GetOutputPort())
    fill = vtkContourTriangulator()
    fill.SetInputConnection(stripper.GetOutputPort())
    fill.Update()
    cap = fill.GetOutput()
    if cap.GetNumberOfCells() == 0:
        return None, None
    outline = vtkPolyData()
    outline.DeepCopy(stripper.GetOutput())
    return (grown(cap, grow_mm) if grow_mm else cap), outline


class ZoneOverlay:
    """The zones a report names (l5viz.anatomy.zones), drawn over an axial slab: a line at each boundary in
    the slab's face, both sides, and each zone's name under the canal (the slab's caption names the scheme).
    One line actor and a few text actors, made once and moved."""

    def __init__(self, renderer: vtkRenderer, font_size: int = 16):
        from vtkmodules.vtkRenderingCore import vtkActor, vtkBillboardTextActor3D, vtkPolyDataMapper

        self.ren = renderer
        self.lines = vtkPolyData()
        mapper = vtkPolyDataMapper()
        mapper.SetInputData(self.lines)
        self.actor = vtkActor()
        self.actor.SetMapper(mapper)
        prop = self.actor.GetProperty()
        prop.SetColor(*ZONE_COLOUR)
        prop.SetLineWidth(2.0)
        prop.LightingOff()
        self.actor.PickableOff()
        renderer.AddActor(self.actor)
        self.labels = []
        for _ in range(MAX_ZONE_LABELS):
            label = vtkBillboardTextActor3D()
            style_text(label.GetTextProperty(), font_size, ZONE_COLOUR)
            label.GetTextProperty().SetJustificationToCentered()
            label.PickableOff()
            renderer.AddActor(label)
            self.labels.append(label)
        self.clear()

    def clear(self) -> None:
        self.actor.SetVisibility(False)
        for label in self.labels:
            label.SetVisibility(False)

    def set_font_size(self, size: int) -> None:
        for label in self.labels:
            label.GetTextProperty().SetFontSize(size)

    def show(self, frame, edges: list[float], names: tuple[str, ...], back_y: float, toward_camera: np.ndarray,
             open_outside: bool) -> None:
        """Lines at each edge (disc frame x, mirrored to both sides) from 4 mm inside the back of the disc
        (`back_y`) to 24 mm behind it, in the slab's face, nudged toward the camera; the names in the middle of
        each zone, on two staggered rows so neighbours never overlap. `open_outside`: the outermost zone has
        no outer boundary (Fardon's extraforaminal zone), so its last edge only places its name."""
        points, cells = vtkPoints(), vtkCellArray()
        for edge in edges[:-1] if open_outside else edges:
            if edge <= 0.0:
                continue  # (the midline is not a boundary)
            for sign in (-1.0, 1.0):
                for y in (back_y + 4.0, back_y - 24.0):
                    points.InsertNextPoint(*(frame.to_world([sign * edge, y, 0.0]) + toward_camera))
                cells.InsertNextCell(2)
                cells.InsertCellPoint(points.GetNumberOfPoints() - 2)
                cells.InsertCellPoint(points.GetNumberOfPoints() - 1)
        self.lines.SetPoints(points)
        self.lines.SetLines(cells)
        self.lines.Modified()
        self.actor.SetVisibility(True)
        placed = []
        for k, name in enumerate(names):
            middle = 0.5 * (edges[k] + edges[k + 1])
            row = back_y - 26.0 - 3.5 * (k % 2)
            placed += [(name, 0.0, row)] if edges[k] == 0.0 else [(name, -middle, row), (name, middle, row)]
        for label, (text, x, y) in zip(self.labels, placed):
            label.SetInput(text)
            label.SetPosition(*(frame.to_world([x, y, 0.0]) + toward_camera))
            label.SetVisibility(True)
        for label in self.labels[len(placed):]:
            label.SetVisibility(False)
