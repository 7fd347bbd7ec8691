"""What a slab view prints on the image, as a radiology viewer does: which slab it is, and a scale bar.

Slab views use a parallel projection, so millimetres per pixel are the same all over the image and the
bar is true wherever it is laid; it is redrawn before each render to the camera's current zoom.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkCoordinate, vtkPolyDataMapper2D, vtkRenderer, vtkTextActor

BAR_CHOICES_MM = (5.0, 10.0, 20.0, 50.0)  # the bar takes the largest that fits in a fifth of the width
TEXT_COLOUR = (0.85, 0.88, 0.92)
OUTLINE_COLOUR = (0.12, 0.12, 0.14)  # the edge of each cut section


def bar_length_mm(px_per_mm: float, width_px: int) -> float:
    """The scale bar's length: the longest of BAR_CHOICES_MM no wider than a fifth of the image."""
    fitting = [mm for mm in BAR_CHOICES_MM if mm * px_per_mm <= 0.2 * width_px]
    return fitting[-1] if fitting else BAR_CHOICES_MM[0]


class SlabAnnotations:
    """A caption naming the slab (lower left) and a scale bar (lower right) in one renderer."""

    def __init__(self, renderer: vtkRenderer, font_size: int = 16):
        self.ren = renderer
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
        text = actor.GetTextProperty()
        text.SetFontSize(font_size)
        text.SetBold(True)
        text.SetColor(*TEXT_COLOUR)
        text.SetBackgroundColor(0.07, 0.08, 0.11)
        text.SetBackgroundOpacity(0.6)
        actor.PickableOff()
        self.ren.AddActor(actor)
        return actor

    def set_font_size(self, size: int) -> None:
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
        grow into, nerves over both); layer 1, the lesions, is not picked, so a click names the structure."""
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
        self.actor.SetPickable(layer != 1)
        renderer.AddActor(self.actor)
        self.outline_data = vtkPolyData()
        outline_mapper = vtkPolyDataMapper()
        outline_mapper.SetInputData(self.outline_data)
        outline_mapper.SetResolveCoincidentTopologyToPolygonOffset()  # drawn over the caps they outline
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
        self.outline.SetVisibility(True)
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
