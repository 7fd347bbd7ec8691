"""The second view: the lower body, shaded by the dermatomes of the roots the spine view compresses.

LegRenderer is a companion of SceneRenderer: the spine renderer computes the compression, hands it over,
and renders both views once. The leg's actor is made once; modes switch the colour array, lookup table
and legend in place.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkCellPicker

from l5viz.content import Problem
from l5viz.leg.dermatomes import (
    ARRAY_PREFIX,
    DermatomeMaps,
    dermatome_intensity_by_side,
    nearest_vertex,
    side_of_vertex,
)
from l5viz.render.loading import read_polydata
from l5viz.render.orientation import OrientationLetters
from l5viz.render.scene import VertexNormals, draw_directly
from l5viz.render.views import LEG_VIEWS
from l5viz.state import Change, SceneState

LEG_FILE = "lower_body.vtp"
SKIN = "#efd3bd"
# Okabe-Ito colours (distinct for the common colour-vision deficiencies), one per dermatome.
ROOT_COLOURS = {"none": SKIN, "uncertain": "#bdbdbd", "L1": "#999999", "L2": "#56B4E9", "L3": "#009E73",
                "L4": "#F0E442", "L5": "#E69F00", "S1": "#0072B2", "S2": "#D55E00", "S3": "#CC79A7"}
TERRITORY_COLOURS = {"deep": "#CC79A7", "superficial": "#009E73"}  # Okabe-Ito purple and green
HIGHLIGHT = "#22c3c3"  # same as the spine's selection colour: the two views point at the same thing
SIDE_OF = {True: "right", False: "left"}


def load_leg(folder: Path, lod: bool = False) -> tuple[pv.PolyData | None, list[Problem]]:
    """meshes/lower_body.vtp (or lod/) checked against meshes/leg_manifest.json."""
    manifest_path = folder / "leg_manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        entry = manifest["structures"][0] if "structures" in manifest else manifest
        rel = entry.get("lod_file" if lod else "file", ("lod/" if lod else "") + LEG_FILE)
        expected = entry.get("lod_sha256" if lod else "sha256")
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        return None, [Problem(str(manifest_path), f"cannot use the leg manifest: {exc}")]
    path = folder / rel
    try:
        data = path.read_bytes()
        if expected and hashlib.sha256(data).hexdigest() != expected:
            return None, [Problem(str(path), "content differs from the leg manifest's sha256; leg view left out")]
        mesh = read_polydata(path)
    except (OSError, ValueError) as exc:
        return None, [Problem(str(path), f"leg view left out: {exc}")]
    missing = [a for a in ("dermatome_lee2008", "dermatome_keegan1948") if a not in mesh.point_data]
    if missing:
        return None, [Problem(str(path), f"no point-data array {', '.join(missing)}; leg view left out")]
    return mesh, []


def lookup(colours: list[str]) -> pv.LookupTable:
    table = pv.LookupTable(values=np.array([[*pv.Color(c).int_rgb, 255] for c in colours], np.uint8))
    table.scalar_range = (0, len(colours) - 1)
    return table


def ramp(stops: list[str], n: int = 256) -> pv.LookupTable:
    rgb = np.array([pv.Color(c).float_rgb for c in stops])
    t = np.linspace(0.0, 1.0, n)
    xs = np.linspace(0.0, 1.0, len(stops))
    values = np.column_stack([np.interp(t, xs, rgb[:, k]) for k in range(3)] + [np.ones(n)])
    table = pv.LookupTable(values=(values * 255).astype(np.uint8))
    table.scalar_range = (0.0, 1.0)
    return table


class LegRenderer:
    """Shades one renderer's lower body from SceneState and the spine's root intensities."""

    def __init__(self, plotter: pv.Plotter, state: SceneState, mesh: pv.PolyData, maps: DermatomeMaps):
        self.plotter = plotter
        self.ren = plotter.renderer
        self.state = state
        self.mesh = mesh
        self.maps = maps
        self.right = mesh.points[:, 0] > 0.0
        self.sides = side_of_vertex(mesh.points)
        self.intensity: dict[tuple[str, str], float] = {}
        self.show_territories = False  # fibular nerve territories instead of dermatomes (the differential)
        mesh.point_data["shade"] = np.zeros(mesh.n_points, np.float32)
        self.compression_lut = ramp([SKIN, "#E69F00", "#D55E00", "#6b1d00"])
        labels = list(maps.maps[state.dermatome_map].codes)
        self.category_lut = lookup([ROOT_COLOURS.get(label, "#777777") for label in labels])
        self.highlight_lut = ramp([SKIN, HIGHLIGHT])
        self.territory_lut = lookup([SKIN, TERRITORY_COLOURS["deep"], TERRITORY_COLOURS["superficial"]])
        triangles = mesh.regular_faces if mesh.is_all_triangles else mesh.triangulate().regular_faces
        mesh.point_data.active_normals = VertexNormals(triangles, mesh.n_points)(mesh.points)  # it never moves
        self.actor = plotter.add_mesh(mesh, scalars="shade", cmap=self.compression_lut, clim=(0.0, 1.0),
                                      show_scalar_bar=False, smooth_shading=True, name="lower_body")
        draw_directly(self.actor, mesh, "shade")  # a new shade re-uploads colours, no normals filter re-run
        self.actor.GetProperty().BackfaceCullingOn()  # a closed, outward-facing surface: same pixels, less shading
        entries = [(label, ROOT_COLOURS[label]) for label in labels if label in ROOT_COLOURS and label != "none"]
        self.legend = plotter.add_legend(entries, bcolor="#11151c", border=False, size=(0.22, 0.32),
                                         loc="upper right", face="rectangle")
        self.legend.SetVisibility(False)
        self.orientation = OrientationLetters(self.ren)
        self.apply_camera("leg-anterior")
        self.update()

    # ---- colouring (in place) -------------------------------------------------------------------
    def set_root_intensities(self, intensity: dict[tuple[str, str], float]) -> None:
        self.intensity = intensity

    def labels(self) -> np.ndarray:
        return self.mesh.point_data[ARRAY_PREFIX + self.state.dermatome_map]

    def highlighted_roots(self) -> list[tuple[str, str]]:
        """(root, side) pairs lit up from the spine: the selected root or ganglion and highlighted ones."""
        ids = [self.state.selected] if self.state.selected else []
        ids += list(self.state.highlighted)
        out = []
        for sid in ids:
            if sid.startswith(("root_", "drg_")):
                _, root, side = sid.split("_")
                out.append((root, side))
        return out

    def shade(self) -> tuple[np.ndarray, pv.LookupTable, tuple[float, float]]:
        """The values to draw and how: dermatome categories, a highlighted root, or compression."""
        label_map = self.maps.maps[self.state.dermatome_map]
        labels = self.labels()
        if self.show_territories and "fibular_territory" in self.mesh.point_data:
            return self.mesh.point_data["fibular_territory"].astype(np.float32), self.territory_lut, (0, 2)
        if self.state.show_dermatomes:
            return labels.astype(np.float32), self.category_lut, (0, len(label_map.codes) - 1)
        lit = self.highlighted_roots()
        if lit:
            values = np.zeros(len(labels), np.float32)
            for root, side in lit:
                if root in label_map.codes:
                    on_side = self.right if side == "right" else ~self.right
                    values[(labels == label_map.codes[root]) & on_side] = 1.0
            return values, self.highlight_lut, (0.0, 1.0)
        shade = dermatome_intensity_by_side(labels, label_map, self.intensity, self.sides)
        return shade, self.compression_lut, (0.0, 1.0)

    def update(self) -> None:
        values, table, limits = self.shade()
        self.mesh.point_data["shade"][:] = values
        self.mesh.Modified()
        mapper = self.actor.GetMapper()
        mapper.SetLookupTable(table)
        mapper.SetScalarRange(*limits)
        self.legend.SetVisibility(self.state.show_dermatomes and not self.show_territories)

    def on_change(self, change: Change) -> bool:
        """Called by the spine renderer before its single render; True when the leg changed."""
        if change.kind in ("overlays", "dermatomes", "selection", "highlight", "reset"):
            self.update()
            return True
        return False

    # ---- camera and picking -------------------------------------------------------------------------
    def apply_camera(self, name: str) -> None:
        if name not in LEG_VIEWS:
            raise ValueError(f"unknown leg view {name!r}; valid views: {', '.join(LEG_VIEWS)}")
        direction = {"leg-anterior": (0, 1, 0), "leg-posterior": (0, -1, 0), "leg-lateral-left": (-1, 0.15, 0),
                     "leg-lateral-right": (1, 0.15, 0), "leg-feet": (0, 1, 0.9)}[name]
        d = np.array(direction, float) / np.linalg.norm(direction)
        bounds = self.mesh.bounds
        centre = np.array([(bounds[0] + bounds[1]) / 2, (bounds[2] + bounds[3]) / 2, (bounds[4] + bounds[5]) / 2])
        if name == "leg-feet":
            centre[2] = bounds[4] + 60.0
        cam = self.ren.camera
        cam.focal_point = tuple(centre)
        cam.position = tuple(centre + d * 2500.0)
        cam.up = (0.0, 0.0, 1.0)
        if name == "leg-feet":
            self.ren.ResetCamera(bounds[0], bounds[1], bounds[2], bounds[3], bounds[4], bounds[4] + 150.0)
        else:
            self.ren.ResetCamera(bounds)
            cam.zoom(0.95)  # the leg is tall and its view narrow: keep the feet in
        self.ren.ResetCameraClippingRange()

    def pick(self, x: float, y: float) -> int | None:
        """Index of the leg vertex under display pixel (x, y), or None."""
        picker = vtkCellPicker()
        picker.SetTolerance(0.002)
        if not picker.Pick(x, y, 0, self.ren) or picker.GetActor() is not self.actor:
            return None
        return nearest_vertex(self.mesh.points, picker.GetPickPosition())

    def roots_at(self, vertex: int) -> dict[str, str]:
        """Root under a vertex in every map ("none" / "uncertain" where a map gives none)."""
        return {name: m.labels[int(self.mesh.point_data[ARRAY_PREFIX + name][vertex])]
                for name, m in self.maps.maps.items()}

    def side_of(self, vertex: int) -> str:
        return SIDE_OF[bool(self.right[vertex])]
