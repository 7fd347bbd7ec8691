"""The second view: the body round the spine, its skin shaded by the dermatomes of the roots the spine view
compresses, and the nerves of the L5 path from the foramen to the foot.

BodyRenderer is a companion of SceneRenderer: the spine renderer computes the compression, hands it over,
and renders both views once. Actors are made once; views and modes edit colours, visibility and opacity.
In the whole-body view the skin turns see-through and the spine's own actors (shared mappers: the same
deformed meshes and compression colours) show inside it, with the nerve path.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkActor, vtkCellPicker, vtkPolyDataMapper

from l5viz.anatomy.ids import BONES, PATH_NERVES, per_side, ROOT_LEVELS
from l5viz.content import Problem, StructureInfo, load_view_words
from l5viz.render.loading import read_polydata
from l5viz.render.orientation import OrientationLetters, letters_in
from l5viz.render.scene import (
    IMPLANT_SLOTS,
    SELECTED_COLOUR,
    VertexNormals,
    compression_lut,
    draw_directly,
    structure_colour,
)
from l5viz.render.views import BODY_VIEWS
from l5viz.skin.dermatomes import ARRAY_PREFIX, TERRITORY_ARRAY, DermatomeMaps, dermatome_intensity_by_side, \
    nearest_vertex, side_of_vertex
from l5viz.skin.frame import SkinFrame
from l5viz.state import Change, SceneState

BODY_MANIFEST = "body_manifest.json"
SKIN = "#efd3bd"
# Okabe-Ito colours (distinct for the common colour-vision deficiencies), one per dermatome.
ROOT_COLOURS = {"none": SKIN, "uncertain": "#bdbdbd", "L1": "#999999", "L2": "#56B4E9", "L3": "#009E73",
                "L4": "#F0E442", "L5": "#E69F00", "S1": "#0072B2", "S2": "#D55E00", "S3": "#CC79A7"}
TERRITORY_COLOURS = {"deep": "#CC79A7", "superficial": "#009E73"}  # Okabe-Ito purple and green
HIGHLIGHT = SELECTED_COLOUR  # a root lit from the spine or the skin: the two views point at the same thing
SIDE_OF = {True: "right", False: "left"}
SEE_THROUGH = 0.22  # the skin's opacity in the whole-body view: the spine and nerves show through
SPINE_INSIDE = BONES + ("thecal_sac",) + per_side("root", ROOT_LEVELS) + per_side("drg", ROOT_LEVELS)
FRAME_SHARE = 0.94  # of the pane's height (or width) that a view's box fills
COMPRESSED_FROM = 0.35  # where on the compression scale (orange) a compressed nerve's colour starts
LIT_AT = 0.05  # a nerve takes the compression colour once its root is this compressed (the skin's scale)


@dataclass
class BodyModel:
    """One body variant as shown: its labelled skin, its frame, and the nerve path's tubes by id."""

    variant: str
    skin: pv.PolyData
    frame: SkinFrame
    nerves: dict[str, pv.PolyData] = field(default_factory=dict)


def _checked_read(path: Path, expected: str | None) -> pv.PolyData:
    data = path.read_bytes()
    if expected and hashlib.sha256(data).hexdigest() != expected:
        raise ValueError("content differs from the body manifest's sha256 (edited or damaged)")
    return read_polydata(path)


def load_body(folder: Path, lod: bool = False, variant: str | None = None) -> tuple[BodyModel | None, list[Problem]]:
    """The skin of `variant` (default: the manifest's) and the nerve path fitted to it, checked against
    body_manifest.json;
    None, with the problems, when the skin is unusable (a nerve that is unusable is left out and reported)."""
    manifest_path = folder / BODY_MANIFEST
    file_key, hash_key = ("lod_file", "lod_sha256") if lod else ("file", "sha256")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        variants = manifest["variants"]
        variant = variant or manifest["default"]
        if variant not in variants:
            return None, [Problem(str(manifest_path), f"unknown body {variant!r}; valid: {', '.join(variants)}")]
        record = variants[variant]
        frame = SkinFrame.from_dict(record["frame"])
        path = folder / record[file_key]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return None, [Problem(str(manifest_path), f"cannot use the body manifest: {exc}; body view left out")]
    try:
        skin = _checked_read(path, record.get(hash_key))
    except (OSError, ValueError) as exc:
        return None, [Problem(str(path), f"body view left out: {getattr(exc, 'strerror', None) or exc}")]
    missing = [a for a in ("dermatome_lee2008", "dermatome_keegan1948") if a not in skin.point_data]
    if missing:
        return None, [Problem(str(path), f"no point-data array {', '.join(missing)}; body view left out")]
    model, problems = BodyModel(variant, skin, frame), []
    for sid in PATH_NERVES:
        entry = record.get("nerves", {}).get(sid)
        if not isinstance(entry, dict) or not isinstance(entry.get(file_key), str):
            problems.append(Problem(str(manifest_path), f"no entry for {sid}; that nerve is left out"))
            continue
        try:
            model.nerves[sid] = _checked_read(folder / entry[file_key], entry.get(hash_key))
        except (OSError, ValueError) as exc:
            problems.append(Problem(str(folder / entry[file_key]), f"{sid} left out: "
                                                                    f"{getattr(exc, 'strerror', None) or exc}"))
    return model, problems


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


class BodyRenderer:
    """Shades one renderer's body from SceneState and the spine's root intensities, and draws the nerve path."""

    def __init__(self, plotter: pv.Plotter, state: SceneState, model: BodyModel, maps: DermatomeMaps,
                 structures: dict[str, StructureInfo] | None = None, spine_actors: dict[str, vtkActor] | None = None):
        """`spine_actors`: the spine renderer's actors, shown inside the see-through skin of the whole-body view."""
        self.plotter = plotter
        self.ren = plotter.renderer
        self.state = state
        self.model = model
        self.skin = model.skin
        self.frame = model.frame
        self.maps = maps
        self.structures = structures or {}
        self.intensity: dict[tuple[str, str], float] = {}
        self.show_territories = False  # fibular nerve territories instead of dermatomes (the differential)
        self.camera_name = "leg-anterior"
        self.compression_lut = ramp([SKIN, "#E69F00", "#D55E00", "#6b1d00"])
        labels = list(maps.maps[state.dermatome_map].codes)
        self.category_lut = lookup([ROOT_COLOURS.get(label, "#777777") for label in labels])
        self.highlight_lut = ramp([SKIN, HIGHLIGHT])
        self.territory_lut = lookup([SKIN, TERRITORY_COLOURS["deep"], TERRITORY_COLOURS["superficial"]])
        self._prepare_skin()
        self.actor = plotter.add_mesh(self.skin, scalars="shade", cmap=self.compression_lut, clim=(0.0, 1.0),
                                      show_scalar_bar=False, smooth_shading=True, name="body_skin")
        draw_directly(self.actor, self.skin, "shade")  # a new shade re-uploads colours, no normals filter re-run
        self.actor.GetProperty().BackfaceCullingOn()  # one closed, outward-facing layer: drawn see-through unsorted
        self.nerve_actors = {sid: plotter.add_mesh(mesh, color=structure_colour(self.structures, sid),
                                                   smooth_shading=True, name=sid, specular=0.2)
                             for sid, mesh in model.nerves.items()}
        for actor in self.nerve_actors.values():
            actor.GetProperty().BackfaceCullingOn()  # closed tubes
        self.nerve_luts = {sid: compression_lut(structure_colour(self.structures, sid)) for sid in self.nerve_actors}
        self.inside = self._share(spine_actors or {})
        entries = [(label, ROOT_COLOURS[label]) for label in labels if label in ROOT_COLOURS and label != "none"]
        self.legend = plotter.add_legend(entries, bcolor="#11151c", border=False, size=(0.22, 0.32),
                                         loc="upper right", face="rectangle")
        self.legend.SetVisibility(False)
        self.orientation = OrientationLetters(self.ren, letters_in(load_view_words()[0]))
        self.apply_camera(state.view if state.view in BODY_VIEWS else "leg-anterior")
        self.update()

    def _prepare_skin(self) -> None:
        """The skin's shade array and vertex normals (it never moves), and which side each vertex is on."""
        self.skin.point_data["shade"] = np.zeros(self.skin.n_points, np.float32)
        triangles = self.skin.regular_faces if self.skin.is_all_triangles else self.skin.triangulate().regular_faces
        self.skin.point_data.active_normals = VertexNormals(triangles, self.skin.n_points)(self.skin.points)
        self.right = self.skin.points[:, 0] > 0.0
        self.sides = side_of_vertex(self.skin.points)

    def set_model(self, model: BodyModel) -> None:
        """Show another body variant: its skin and nerves are copied into the meshes the actors already draw."""
        self.model = model
        self.frame = model.frame
        self.skin.copy_from(model.skin)
        self._prepare_skin()
        for sid, mesh in model.nerves.items():
            if sid in self.nerve_actors:
                self.nerve_actors[sid].GetMapper().GetInput().DeepCopy(mesh)
        self.apply_camera(self.camera_name)

    def _share(self, spine_actors: dict[str, vtkActor]) -> dict[str, vtkActor]:
        """Actors of their own on the spine's meshes and colour tables: the deformed meshes and compression
        colours show inside the body as in the spine view, with no copy of the geometry. (Sharing the spine's
        mappers themselves crashed VTK when a lesson went back and forth between the views.)"""
        self.spine_actors = spine_actors
        shared = {}
        for sid in SPINE_INSIDE + IMPLANT_SLOTS:
            if sid in spine_actors:
                source = spine_actors[sid].GetMapper()
                mapper = vtkPolyDataMapper()
                mapper.SetInputData(source.GetInput())
                mapper.SetLookupTable(source.GetLookupTable())
                mapper.SetScalarRange(source.GetScalarRange())
                mapper.SetScalarMode(source.GetScalarMode())
                mapper.SelectColorArray(source.GetArrayName())
                actor = vtkActor()
                actor.SetMapper(mapper)
                actor.GetProperty().BackfaceCullingOn()  # closed meshes, never cut in this view
                self.ren.AddActor(actor)
                shared[sid] = actor
        return shared

    # ---- colouring (in place) -------------------------------------------------------------------
    def set_root_intensities(self, intensity: dict[tuple[str, str], float]) -> None:
        self.intensity = intensity

    def labels(self) -> np.ndarray:
        return self.skin.point_data[ARRAY_PREFIX + self.state.dermatome_map]

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
        if self.show_territories and TERRITORY_ARRAY in self.skin.point_data:
            return self.skin.point_data[TERRITORY_ARRAY].astype(np.float32), self.territory_lut, (0, 2)
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

    def nerve_colour(self, sid: str) -> str | tuple[float, float, float]:
        """A nerve's colour: lit when it carries a selected or highlighted root (or is itself selected), in the
        compression colour when it carries a compressed root, else its own."""
        info = self.structures.get(sid)
        roots = info.roots if info else ()
        side = sid.rsplit("_", 1)[1]
        if sid == self.state.selected or any(s == side and r in roots for r, s in self.highlighted_roots()):
            return HIGHLIGHT
        squeeze = max((v for (r, s), v in self.intensity.items() if s == side and r in roots), default=0.0)
        if squeeze >= LIT_AT:  # at least orange: a compressed path must stand out from the healthy one
            return self.nerve_luts[sid].map_value(COMPRESSED_FROM + (1 - COMPRESSED_FROM) * squeeze)[:3]
        return structure_colour(self.structures, sid)

    def update(self) -> None:
        """The skin's shading and everything the whole-body view shows."""
        values, table, limits = self.shade()
        shade = self.skin.point_data["shade"]
        if not np.array_equal(shade, values):  # an unchanged skin is not uploaded again
            shade[:] = values
            self.skin.Modified()
        mapper = self.actor.GetMapper()
        mapper.SetLookupTable(table)
        mapper.SetScalarRange(*limits)
        self.legend.SetVisibility(self.state.show_dermatomes and not self.show_territories)
        self.show_inside()

    def show_inside(self) -> None:
        """The skin's opacity, and the nerves and spine inside it: shown (in their colours) in the whole-body
        view only; a procedure's implants there and, where one pierces the skin (a needle), from behind."""
        whole = self.camera_name == "body"
        self.actor.GetProperty().SetOpacity(SEE_THROUGH if whole else 1.0)
        self.actor.SetPickable(not whole)  # in the whole body the nerves and bones inside are what a click means
        for sid, actor in self.nerve_actors.items():
            actor.SetVisibility(whole and self.state.visible.get(sid, True))
            if whole:  # (coloured when shown: entering the whole-body view calls this again)
                actor.GetProperty().SetColor(pv.Color(self.nerve_colour(sid)).float_rgb)
        behind = self.camera_name == "body-back"  # an implant that pierces the skin (a needle) shows on the back
        for sid, actor in self.inside.items():
            source = self.spine_actors[sid]
            shown = whole or (behind and sid in IMPLANT_SLOTS)
            actor.SetVisibility(shown and bool(source.GetVisibility()))  # (hidden, taken out, or an unused implant)
            if shown:  # the spine's colour, opacity, selection and place (a slipped bone), as that view shows them
                actor.SetUserMatrix(source.GetUserMatrix())
                actor.GetMapper().SetScalarVisibility(source.GetMapper().GetScalarVisibility())
                prop, spine_prop = actor.GetProperty(), source.GetProperty()
                prop.SetColor(spine_prop.GetColor())
                prop.SetOpacity(spine_prop.GetOpacity())
                prop.SetAmbient(spine_prop.GetAmbient())
                prop.SetSpecular(spine_prop.GetSpecular())
                prop.SetSpecularPower(spine_prop.GetSpecularPower())
                prop.SetInterpolationToPhong()

    def on_change(self, change: Change) -> bool:
        """Called by the spine renderer before its single render; True when the body changed."""
        if change.kind in ("overlays", "dermatomes", "selection", "highlight", "reset"):
            self.update()
            return True
        if change.kind in ("visibility", "opacity", "view"):  # the skin's shading cannot have changed
            self.show_inside()
            return True
        return False

    # ---- camera and picking -------------------------------------------------------------------------
    def view_bounds(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The box a view frames (world mm): the whole skin, the lower body, the feet, or the back and buttocks."""
        points = np.asarray(self.skin.points)
        lower, upper = points.min(axis=0), points.max(axis=0)
        f = self.frame
        if name == "body":  # head to toe; the outstretched hands may leave a narrow pane
            inner = points[np.abs(points[:, 0]) < f.hip[0] + 170.0]
            return inner.min(axis=0), inner.max(axis=0)
        if name == "body-back":
            top, bottom = f.level_z[0] + 60.0, f.hip[2] - 170.0
            half = np.interp([top, bottom], f.trunk_z, f.trunk_half_width).max() + 30.0
            return np.array([-half, lower[1], bottom]), np.array([half, upper[1], top])
        beside = np.abs(points[:, 0]) < f.hip[0] + 170.0  # the hands hang beside the hips: not the legs
        legs = points[(points[:, 2] < f.crest_z + 40.0) & beside]
        low, high = legs.min(axis=0), legs.max(axis=0)
        if name == "leg-feet":
            high[2] = f.ankle[2] + 60.0
        return low, high

    def apply_camera(self, name: str) -> None:
        if name not in BODY_VIEWS:
            raise ValueError(f"unknown body view {name!r}; valid views: {', '.join(BODY_VIEWS)}")
        direction = {"body": (-1, -0.45, 0.08), "body-back": (0, -1, 0.05), "leg-anterior": (0, 1, 0),
                     "leg-posterior": (0, -1, 0), "leg-lateral-left": (-1, 0.15, 0), "leg-lateral-right": (1, 0.15, 0),
                     "leg-feet": (0, 1, 0.9)}[name]
        self.camera_name = name
        d = np.array(direction, float) / np.linalg.norm(direction)
        lower, upper = self.view_bounds(name)
        centre = 0.5 * (lower + upper)
        up = np.array([0.0, 0.0, 1.0]) - d * d[2]
        up /= np.linalg.norm(up)
        across = np.cross(d, up)
        corners = np.array([[x, y, z] for x in (lower[0], upper[0]) for y in (lower[1], upper[1])
                            for z in (lower[2], upper[2])]) - centre
        half_height = np.abs(corners @ up).max()
        half_width = np.abs(corners @ across).max()
        width, height = self.ren.GetSize()
        aspect = width / height if width and height else 1.0
        cam = self.ren.camera
        # The box's outline fills FRAME_SHARE of the pane, whichever of its height or width binds.
        half = max(half_height, half_width / aspect) / FRAME_SHARE
        cam.focal_point = tuple(centre)
        cam.position = tuple(centre + d * (half / np.tan(np.radians(cam.view_angle / 2.0)) + np.abs(corners @ d).max()))
        cam.up = tuple(up)
        self.ren.ResetCameraClippingRange()
        self.show_inside()

    def pick(self, x: float, y: float) -> tuple[str, int | str] | None:
        """What is under display pixel (x, y): ("skin", vertex) or ("structure", id), or None."""
        picker = vtkCellPicker()
        picker.SetTolerance(0.002)
        if not picker.Pick(x, y, 0, self.ren):
            return None
        actor = picker.GetActor()
        if actor is self.actor:
            return "skin", nearest_vertex(self.skin.points, picker.GetPickPosition())
        for table in (self.nerve_actors, self.inside):
            sid = next((s for s, a in table.items() if a is actor), None)
            if sid is not None:
                return "structure", sid
        return None

    def roots_at(self, vertex: int) -> dict[str, str]:
        """Root under a vertex in every map ("none" / "uncertain" where a map gives none)."""
        return {name: m.labels[int(self.skin.point_data[ARRAY_PREFIX + name][vertex])]
                for name, m in self.maps.maps.items()}

    def side_of(self, vertex: int) -> str:
        return SIDE_OF[bool(self.right[vertex])]
