"""SceneRenderer: keeps PyVista actors in step with a SceneState. The only module that touches actors.

Actors are created once. Each state change edits visibility, opacity, colours, clipping planes or the
points of meshes already shown (overlays), then renders exactly once. The same class drives the Qt
window (a pyvistaqt QtInteractor) and the headless CLI (pyvista.Plotter(off_screen=True)).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pyvista as pv
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkStringArray
from vtkmodules.vtkCommonDataModel import vtkDataSetAttributes, vtkPlane
from vtkmodules.vtkCommonMath import vtkMatrix4x4
from vtkmodules.vtkFiltersHybrid import vtkPolyDataSilhouette
from vtkmodules.vtkRenderingCore import (
    vtkActor,
    vtkActor2D,
    vtkCellPicker,
    vtkCoordinate,
    vtkPolyDataMapper,
    vtkPolyDataMapper2D,
    vtkProperty,
    vtkTextRenderer,
)

from l5viz.anatomy.geometry import SpineGeometry
from l5viz.anatomy.ids import ALL_STRUCTURES, LESION_LABELS, LEVELS, ROOT_LEVELS, per_side
from l5viz.anatomy.parts import SACRUM_PARTS, VERTEBRA_PARTS
from l5viz.anatomy.zones import ZONE_NAMES, zone_edges
from l5viz.colour_vision import contrast_ratio
from l5viz.content import StructureInfo, load_lesion_terms, load_parts, load_view_words, part_phrase
from l5viz.pathology.lesion_mesh import UNIT_CYLINDER, UNIT_SPHERE
from l5viz.render.labels import Camera, place_labels
from l5viz.render.loading import LoadedScene
from l5viz.render.orientation import OrientationLetters, letters_in
from l5viz.render.slab import SectionCaps, SlabAnnotations, ZoneOverlay, any_language
from l5viz.render.views import (
    AXIAL_VIEWS,
    FORAMEN_VIEWS,
    BODY_VIEWS,
    MIDSAGITTAL_VIEW,
    POSTERIOR_VIEWS,
    SAGITTAL_VIEWS,
    SLAB_MM,
    SLAB_VIEWS,
    VIEWS,
    short_level,
    view_level,
    view_side,
)
from l5viz.state import Change, SceneState

if TYPE_CHECKING:
    from l5viz.pathology.engine import PathologyEngine, PathologyResult
    from l5viz.scenario import Scenario, ScenarioResult

# Colours chosen to stay distinct on a projector and for red-green colour blindness: compression is shown by
# lightness first (each step of the ramp darker, see NERVE_COMPRESSION_STOPS) and by an outline round a squeezed
# root (CompressionOutline), hue only on top, never by red versus green.
UNLISTED_COLOUR = "#9a9a9a"  # a mesh whose structures.json entry is missing or invalid (reported at load)
# Each kind of lesion is drawn as the tissue it is made of, in that structure's structures.json colour (every
# level's has the same): herniated disc material as the nucleus it came from and a bulging annulus as the annulus,
# solid (the root they meet is pushed out of them, so they never hide it); an osteophyte or an overgrown facet as
# bone and a thickened ligamentum flavum as the ligament, see-through in 3D, so the root squeezed behind them in
# a foramen stays visible, and in a slab their sections read as the thickened bone and ligament.
LESION_DRAWN_AS = {"disc": "nucleus_L4_L5", "annulus": "disc_L4_L5", "bone": "vertebra_L5",
                   "ligament": "ligamentum_flavum_L4_L5_left"}
LESION_OPACITY = {"disc": 1.0, "annulus": 1.0, "bone": 0.55, "ligament": 0.55}
SELECTED_COLOUR = "#22c3c3"
HIGHLIGHT_COLOUR = "#e040a0"  # a root lit up from a spot clicked on the skin
AMBIENT = 0.1
BACKGROUND = ("#2b3340", "#11151c")
LESION_POOL = 12  # lesion actors made up front: 1 per herniation and 3 per stenosis, several at once (more
# are made when a scene has more)
IMPLANT_POOL = 16  # implant actors made up front: a fusion's 7, and an injection's needle, hub and contrast each side
IMPLANT_SLOTS = tuple(f"implant_{k}" for k in range(IMPLANT_POOL))
# Titanium screws and rods, a PEEK cage, a steel needle with its plastic hub, iodinated contrast (see-through, over
# the root it bathes).
IMPLANT_COLOURS = {"screw": "#b4bec9", "rod": "#8f9cab", "cage": "#d9c48e", "needle": "#eef1f4", "hub": "#e8b84a",
                   "contrast": "#3fc1f0"}
IMPLANT_OPACITY = {"contrast": 0.45}
PART_LABELS = 4  # bone parts named beside the lesions at once (far-out: the transverse process and the ala)
IMPLANT_LABELS = 3  # implants named at once, one of each kind: a fusion's screw, rod and cage; a needle, hub, contrast
# Labels whose text follows the scenario: one per named lesion, one per bone part the lesions name.
NAMED_LABELS = (tuple(f"lesion_{k}" for k in range(LESION_POOL)) + tuple(f"part_{k}" for k in range(PART_LABELS))
                + tuple(f"implant_label_{k}" for k in range(IMPLANT_LABELS)))
LABELLED = (("vertebra_L3", "vertebra_L4", "vertebra_L5", "sacrum", "disc_L3_L4", "disc_L4_L5", "disc_L5_S1",
             "thecal_sac") + per_side("root", ROOT_LEVELS) + per_side("drg", ROOT_LEVELS)
            )  # each view shows those it can see (labels.place_labels); a slab, those it cuts
SLAB_LABELLED = LABELLED + (("posterior_longitudinal_ligament",) + per_side("ligamentum_flavum", LEVELS)
                            + per_side("facet_cartilage", LEVELS))  # what narrows a canal: named where a slab cuts it
ROOT_YIELDS_TO_GANGLION = dict(zip(per_side("root", ROOT_LEVELS), per_side("drg", ROOT_LEVELS)))  # in a foramen the
# ganglion is what a slab shows and a lesson names; the root's label would point at the same place
LABEL_BACKGROUND = "#c8c8c8"  # light grey boxes, readable on the dark background and on bone; leader lines match
LEADER_WIDTH = {False: 1.5, True: 3.0}  # px, at desk and lecture label sizes
CAP_NUDGE_MM = 0.05  # cut faces moved this far into the slab, so the slab's own near face keeps them
OCCLUDING_OPACITY = 0.6  # a structure at least this opaque hides the labels of what lies behind it
NUCLEUS_SEAM_MM = 0.5  # a nucleus's section grown by this much closes the 0.4 mm the meshes keep apart
CUTAWAY_MM = 14.0  # how far lateral to a foramen its close-up cuts the hip bone away; framing choice
SECTION_SHADE = 0.72  # a cut surface is drawn in the structure's colour this much darker (_fill_sections)


class VertexNormals:
    """Unit normals at a mesh's vertices, each the area-weighted mean of its triangles' normals.

    Computed here rather than by VTK's normals filter so a deformed mesh is re-lit in a fraction of a
    millisecond on a slider step: the vertex-triangle incidence is a sparse matrix built once per mesh.
    """

    def __init__(self, triangles: np.ndarray, n_points: int):
        from scipy.sparse import csr_matrix

        self.corners = np.ascontiguousarray(triangles.T)  # one row of vertex ids per corner: contiguous gathers
        faces = np.repeat(np.arange(len(triangles)), 3)
        self.incidence = csr_matrix((np.ones(faces.size, np.float32), (triangles.ravel(), faces)),
                                    shape=(n_points, len(triangles)))

    def __call__(self, points: np.ndarray) -> np.ndarray:
        # In float32, coordinate by coordinate (what the mapper draws, and a third faster than whole rows).
        x, y, z = (np.ascontiguousarray(points[:, k], dtype=np.float32) for k in range(3))
        i, j, k = self.corners
        ax, ay, az = x[j] - x[i], y[j] - y[i], z[j] - z[i]
        bx, by, bz = x[k] - x[i], y[k] - y[i], z[k] - z[i]
        cross = np.column_stack([ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx])
        normals = self.incidence @ cross  # cross length = twice the area: weighting free
        return normals / np.maximum(np.sqrt(np.einsum("ij,ij->i", normals, normals)), 1e-12)[:, None]


def draw_directly(actor: vtkActor, mesh: pv.PolyData, scalars: str | None = None) -> None:
    """Give the mesh itself to the actor's mapper, past PyVista's Python pipeline stages.

    Those stages (normals, active scalars) re-ran on every deformation of the mesh, about 1 ms per mesh and
    step; the mesh carries its own normals, and the mapper is told by name which array colours it.
    """
    mapper = actor.GetMapper()
    mapper.SetInputData(mesh)
    if scalars is not None:
        mapper.SetScalarModeToUsePointFieldData()
        mapper.SelectColorArray(scalars)


def set_label_text(anchor: pv.PolyData, name: str) -> None:
    """A label's one string, padded inside its box, as the anchor's "text" array. Made in VTK directly: pyvista
    refuses letters beyond ASCII (for VTK's own fonts), and labels are drawn in a font that has them
    (any_language)."""
    text = vtkStringArray()
    text.SetName("text")
    text.InsertNextValue(f" {name} ")
    anchor.GetPointData().AddArray(text)
    anchor.Modified()


def label_text(anchor: pv.PolyData) -> str:
    return anchor.GetPointData().GetAbstractArray("text").GetValue(0)


def lesion_colour(colour_of, kind: str) -> str:
    """A lesion's colour by its kind (`colour_of(id)` gives a structure's): see LESION_DRAWN_AS."""
    return colour_of(LESION_DRAWN_AS[kind])


def placed_surface(unit: pv.PolyData, matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A unit mesh's points placed by a 4x4 matrix, and its triangles: a lesion or an implant as drawn."""
    return np.asarray(unit.points) @ matrix[:3, :3].T + matrix[:3, 3], unit.regular_faces


def implant_surface(implant) -> tuple[np.ndarray, np.ndarray]:
    """An implant's surface: the unit cylinder placed by its matrix."""
    return placed_surface(UNIT_CYLINDER, implant.matrix())


def lesion_surface(lesion) -> tuple[np.ndarray, np.ndarray]:
    """A lesion's drawn surface: the unit sphere placed on its ellipsoid."""
    return placed_surface(UNIT_SPHERE, lesion.matrix())


def clipping_plane(origin: np.ndarray, normal: np.ndarray) -> vtkPlane:
    """A plane for a mapper's clipping: VTK keeps the side the normal points to."""
    plane = vtkPlane()
    plane.SetOrigin(*origin)
    plane.SetNormal(*normal)
    return plane


IMAGE_PLANE_COLOUR = "#ffd34d"  # the slice shown in the imaging panel, as its outline there


def structure_colour(structures: dict[str, StructureInfo], sid: str) -> str:
    """A structure's display colour from its record; grey when it has none (the record's problem is reported)."""
    info = structures.get(sid)
    return info.colour if info else UNLISTED_COLOUR


# A compressed structure's colours after its own, at 35 % and at 100 % of its diameter: a nerve's run through
# red-orange to dark red; the sac's through violet to deep purple, so that a flattened root stays apart from the
# flattened sac it lies in. A display choice, made for red-green colour blindness: a deuteranope or protanope
# sees yellow, orange and red as one hue, so the ramp is carried by lightness (CIELAB L* of a root 80 healthy, 48
# at 35 %, 33 at 100 %). The old orange stop (#f08a24, L* 67) sat within CIEDE2000 8.5 of a healthy root for a
# deuteranope at 35 %, and a ganglion's within 5.3; the new one is 25 and 21 away. tests/test_colour_access.py
# holds the ramp to its threshold on rendered figures.
NERVE_COMPRESSION_STOPS = ("#c8441a", "#9c0b1d")
COMPRESSION_STOPS = {"sac": ("#8d5bc8", "#40125f")}  # structure kind -> its own stops


def compression_lut(base: str, kind: str | None = None) -> pv.LookupTable:
    """From the structure's own colour (no compression) to its kind's fully compressed colour."""
    stops = np.array([pv.Color(c).float_rgb for c in (base, *COMPRESSION_STOPS.get(kind, NERVE_COMPRESSION_STOPS))])
    t = np.linspace(0.0, 1.0, 256)
    rgb = np.column_stack([np.interp(t, [0.0, 0.35, 1.0], stops[:, k]) for k in range(3)])
    lut = pv.LookupTable(values=np.column_stack([rgb * 255, np.full(256, 255)]).astype(np.uint8))
    lut.scalar_range = (0.0, 1.0)
    return lut


# A compressed root or ganglion is also outlined, so that which one is squeezed reads with no colour at all (a
# colour-blind viewer, a greyscale print): its silhouette from the camera, once a cross-section of it is flattened by
# COMPRESSION_OUTLINE_FROM of its diameter or more; the colour ramp says where and how much. Drawn in white or
# black, whichever contrasts more with the view's background. A display choice: the whole structure's outline is a
# smooth contour, as an atlas rings what it points out, where the edge of the compressed part itself, on a surface
# flattened unevenly, drew a scribble. In 3D views only: a slab's sections carry their own dark outline. Not the
# sac, whose outline would run round every root inside it (its violet ramp is carried by lightness too).
COMPRESSION_OUTLINE_FROM = 0.1  # below a tenth, the colour ramp alone (an outline there would mark a mere dent)
COMPRESSION_OUTLINE_PX = {False: 3.0, True: 5.0}  # line width at desk and lecture sizes
OUTLINE_LIFT_MM = 0.15  # the outline is drawn this far out of the surface, so the surface never hides it
OUTLINED_KINDS = ("root", "ganglion")


def outline_colour(background: tuple[str, str]) -> str:
    """White or black: the one with the higher WCAG contrast against the background's mean colour."""
    mean = np.mean([pv.Color(c).float_rgb for c in background], axis=0)
    return max(("#ffffff", "#000000"), key=lambda c: contrast_ratio(pv.Color(c).float_rgb, mean))


class CompressionOutline:
    """One structure's outline, shown while it is compressed (see COMPRESSION_OUTLINE_FROM): the silhouette, from
    the camera, of its surface lifted a little along the normals; an actor of its own."""

    def __init__(self, renderer, n_points: int, triangles: np.ndarray, colour: str):
        self.surface = pv.PolyData(np.zeros((n_points, 3)), faces=np.column_stack(
            [np.full(len(triangles), 3), triangles]).ravel())
        self.compressed = False
        silhouette = vtkPolyDataSilhouette()
        silhouette.SetInputData(self.surface)
        silhouette.SetCamera(renderer.GetActiveCamera())
        silhouette.SetEnableFeatureAngle(False)  # the contour only: a squeezed mesh's creases drew strokes inside
        mapper = vtkPolyDataMapper()
        mapper.SetInputConnection(silhouette.GetOutputPort())
        self.actor = vtkActor()
        self.actor.SetMapper(mapper)
        prop = self.actor.GetProperty()
        prop.SetColor(pv.Color(colour).float_rgb)
        prop.LightingOff()
        self.actor.PickableOff()
        self.actor.SetVisibility(False)
        renderer.AddActor(self.actor)

    def update(self, points: np.ndarray, normals: np.ndarray, compression: np.ndarray | None) -> None:
        """The structure's vertices, their normals and compressions as drawn now."""
        self.compressed = compression is not None and float(np.max(compression)) >= COMPRESSION_OUTLINE_FROM
        if self.compressed:
            self.surface.points = points + OUTLINE_LIFT_MM * normals


class SceneRenderer:
    """Maps SceneState onto actors of one renderer (one subplot) of `plotter`."""

    def __init__(self, plotter: pv.Plotter, state: SceneState, scene: LoadedScene,
                 structures: dict[str, StructureInfo] | None = None, background: tuple[str, str] = BACKGROUND,
                 dense_scene: Callable[[], LoadedScene] | None = None, scenario: Scenario | None = None):
        """`structures`: names and display records (annotations/structures.json); a mesh without one is drawn
        grey and named by its id. `dense_scene` loads the full-detail meshes when `scene` holds the light ones (foraminal figures).
        `scenario`: the scenario layer whose results this view draws; without one, one is made for `state`
        (with no clinical texts) on this scene's meshes.

        The pathology engine (and that load) waits for the first overlay, so start-up stays short.
        """
        self.plotter = plotter
        self.ren = plotter.renderer  # this renderer (subplot) stays ours even when another becomes active
        self.state = state
        self.scene = scene
        self.renders = 0
        self.meshes = scene.meshes
        self.baseline = {sid: np.array(m.points) for sid, m in self.meshes.items()}
        self.actors: dict[str, vtkActor] = {}
        self.structures = structures or {}
        self.names = {sid: info.display_name for sid, info in self.structures.items()}
        self._shown: ScenarioResult | None = None  # the scenario result the actors show
        self._deformed: set[str] = set()
        self._cutaway: str | None = None  # a structure cut away to open a view (the iliac wing)
        self._cutaway_plane: tuple[np.ndarray, np.ndarray] | None = None
        self._cuts: tuple[tuple[np.ndarray, np.ndarray], ...] = ()  # a slab's two planes; each keeps the side its normal points to
        self._faces: dict[str, np.ndarray] = {}  # triangles of each mesh (overlays move points, never these)
        self.baseline_normals: dict[str, np.ndarray] = {}
        self._normals: dict[str, VertexNormals] = {}
        self._arrays: dict[str, tuple[np.ndarray, ...]] = {}  # numpy views of each mesh's VTK arrays
        self._motions: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # actors moved whole by an overlay
        self._torn: dict[str, np.ndarray] = {}  # meshes with triangles hidden, and which
        plotter.set_background(background[0], top=background[1])
        self.outline_colour = outline_colour(background)
        self.outlines: dict[str, CompressionOutline] = {}  # per root and ganglion (_add_structure)
        # One headlight: the five-light kit doubled the frame time with software OpenGL (134 -> 72 ms at
        # 1280x800 in the window); a little ambient light keeps the shadowed side readable.
        plotter.remove_all_lights()
        plotter.add_light(pv.Light(light_type="headlight"))
        # See-through lesions are drawn by plain alpha blending over the opaque anatomy: each is one convex
        # surface drawn front faces only, so nothing needs sorting. VTK's default order-independent
        # translucency costs two full-window passes (~20 ms a frame at 1280x800 with software OpenGL).
        self.ren.SetUseOIT(False)
        for sid in ALL_STRUCTURES:
            if sid in self.meshes:
                self.actors[sid] = self._add_structure(sid)
        self.lesion_actors = [self._add_lesion_slot() for _ in range(LESION_POOL)]
        self.implant_actors = {slot: self._add_implant_slot() for slot in IMPLANT_SLOTS}
        self._removed: frozenset[str] = frozenset()  # structures the shown result's procedures took out
        self.orientation = OrientationLetters(self.ren, letters_in(self.view_words))
        self.slab_annotations = SlabAnnotations(self.ren)
        self.zone_overlay = ZoneOverlay(self.ren)
        self.caps = SectionCaps(self.ren)
        # A growth's section is drawn in the tissue it grows from (an osteophyte as bone, a thick ligamentum
        # flavum as ligament), outlined so that one grown on its own tissue still shows where it is (its label
        # points at it).
        self.lesion_caps = SectionCaps(self.ren, layer=1)
        self.beneath_caps = SectionCaps(self.ren, layer=-1)  # lesions drawn beneath the tissue's section
        self.front_caps = SectionCaps(self.ren, layer=2)
        self.label_anchors: dict[str, pv.PolyData] = {}
        self._label_pose = None  # camera pose the labels were placed for
        self._placements: dict = {}  # label id -> where it was placed last (labels.Placement)
        self._part_faces: dict[tuple[str, str, str | None], tuple[np.ndarray, np.ndarray]] = {}
        self._text_measure = vtkTextRenderer()
        self.label_sizes = {False: 18, True: 32}  # px; lecture mode (True): readable from the back of a hall
        self.text_scale = 1.0  # the user's text size (the window's View > Text size): every label and letter
        self.label_actors = self._add_labels(self.label_sizes[False])
        self.large_label_actors = self._add_labels(self.label_sizes[True])
        self.large_labels = False
        self.leaders, self.leader_actor = self._add_leaders()
        self.animate_camera = False
        self.camera_animation = None  # set by a UI: callable(start_pose, end_pose, finish) that animates
        self.pointer = plotter.add_mesh(pv.Sphere(radius=2.5), color="#ff3b8d", pickable=False, reset_camera=False,
                                        name="pointer")
        self.pointer.SetVisibility(False)
        # The synthetic image's slice, drawn where it cuts the model: a see-through sheet and its outline.
        # `image_plane_of(series, slice)` gives its corners (set by the window once the imaging logic exists).
        self.image_plane_of: Callable[[str, int], np.ndarray] | None = None
        self.image_plane = (pv.PolyData(np.zeros((4, 3)), faces=[4, 0, 1, 2, 3]),
                            pv.PolyData(np.zeros((4, 3)), lines=[5, 0, 1, 2, 3, 0]))
        self.image_plane_actors = (
            plotter.add_mesh(self.image_plane[0], color=IMAGE_PLANE_COLOUR, opacity=0.07, pickable=False,
                             reset_camera=False, name="image_plane", lighting=False),
            plotter.add_mesh(self.image_plane[1], color=IMAGE_PLANE_COLOUR, line_width=3, pickable=False,
                             reset_camera=False, name="image_plane_edge", lighting=False))
        self.companions: list = []  # other views (the body) updated before this renderer's single render
        if scenario is None:
            from l5viz.render.loading import engine_for
            from l5viz.scenario import Scenario

            scenario = Scenario(state, lambda: engine_for(scene, dense_scene() if dense_scene else None))
        self.scenario = scenario
        self._apply_all()
        state.connect(self.on_change)
        scenario.connect(self._on_result)
        self._label_observer = self.ren.AddObserver("StartEvent", self._place_labels)  # the user moved the camera

    # ---- construction (once) ------------------------------------------------------------------
    def colour_of(self, sid: str) -> str:
        return structure_colour(self.structures, sid)

    def _kind(self, sid: str) -> str | None:
        info = self.structures.get(sid)
        return info.kind if info else None

    def compressible(self, sid: str) -> bool:
        info = self.structures.get(sid)
        return bool(info and info.compressible)

    def _add_structure(self, sid: str) -> vtkActor:
        mesh = self.meshes[sid]
        self._normals[sid] = VertexNormals(self._triangles(sid), mesh.n_points)
        self.baseline_normals[sid] = self._normals[sid](mesh.points)
        mesh.point_data.active_normals = self.baseline_normals[sid]  # ours: see _move_points
        # Low, tight specular: a headlight facing a cut surface (axial views) otherwise glares white.
        kwargs = dict(smooth_shading=True, name=sid, pickable=True, specular=0.08, specular_power=30)
        if self.compressible(sid):
            mesh.point_data["compression"] = np.zeros(mesh.n_points, np.float32)
            ramp = compression_lut(self.colour_of(sid), self._kind(sid))
            actor = self.plotter.add_mesh(mesh, scalars="compression", cmap=ramp, clim=(0.0, 1.0),
                                          show_scalar_bar=False, **kwargs)
            if self._kind(sid) in OUTLINED_KINDS:
                self.outlines[sid] = CompressionOutline(self.ren, mesh.n_points, self._triangles(sid),
                                                        self.outline_colour)
            draw_directly(actor, mesh, "compression")
            self._fill_sections(actor, None)
        else:
            actor = self.plotter.add_mesh(mesh, color=self.colour_of(sid), **kwargs)
            self._fill_sections(actor, self.colour_of(sid))
            draw_directly(actor, mesh)
        return actor

    @staticmethod
    def _fill_sections(actor: vtkActor, colour: str | None) -> None:
        """Inner faces seen through a cut are drawn flat and unlit, a shade darker: every mesh is closed, so
        they fill exactly the cut's outline and the section reads as solid, as on a slice, not as a shell.
        `colour` None keeps the actor's scalar colours (roots, coloured by compression)."""
        back = vtkProperty()
        back.DeepCopy(actor.GetProperty())
        if colour is not None:
            back.SetColor(*(SECTION_SHADE * np.array(pv.Color(colour).float_rgb)))
        back.SetAmbient(1.0)
        back.SetDiffuse(0.0)
        back.SetSpecular(0.0)
        actor.SetBackfaceProperty(back)

    def _add_lesion_slot(self) -> vtkActor:
        """A lesion actor, hidden; one made while a slab is shown is cut as the others are."""
        actor = self.plotter.add_mesh(UNIT_SPHERE.copy(), color=lesion_colour(self.colour_of, "disc"),
                                      smooth_shading=True,
                                      pickable=False, reset_camera=False)
        actor.GetProperty().SetBackfaceCulling(not self._cuts)  # one layer of see-through surface (see SetUseOIT)
        for origin, normal in self._cuts:
            actor.GetMapper().AddClippingPlane(clipping_plane(origin, normal))
        actor.SetVisibility(False)
        return actor

    def _add_implant_slot(self) -> vtkActor:
        # (normals split at the rims: a smoothed rim would shade the ends dark)
        actor = self.plotter.add_mesh(UNIT_CYLINDER.copy(), color=IMPLANT_COLOURS["screw"], smooth_shading=True,
                                      split_sharp_edges=True, pickable=False, reset_camera=False, specular=0.6,
                                      specular_power=40)
        actor.GetProperty().BackfaceCullingOn()  # (contrast is see-through: one layer, as a lesion)
        actor.SetVisibility(False)
        return actor

    @property
    def inside_actors(self) -> dict[str, vtkActor]:
        """The actors another view shows inside the body: the structures' and the implants'."""
        return self.actors | self.implant_actors

    def drawn(self, sid: str) -> bool:
        """Whether a structure is drawn: shown in the state, and not taken out by a procedure."""
        return self.state.visible.get(sid, True) and sid not in self._removed

    def _add_labels(self, font_size: int) -> dict[str, vtkActor]:
        """One label actor per structure (made once), so each can follow its structure's visibility and the
        axial cut; both sizes share one anchor point per structure, moved by `_place_labels`."""
        actors = {}
        # Every structure has one (lessons may label any; LABELLED is the default set), and each named slot.
        for sid in (*ALL_STRUCTURES, *NAMED_LABELS):
            if sid not in self.meshes and sid not in NAMED_LABELS:
                continue
            if sid not in self.label_anchors:
                anchor = pv.PolyData(np.zeros((1, 3)) if sid in NAMED_LABELS else np.asarray([self.meshes[sid].center]))
                set_label_text(anchor, self.names.get(sid, sid))
                self.label_anchors[sid] = anchor
            actor = self.plotter.add_point_labels(self.label_anchors[sid], "text", font_size=font_size, shape=None,
                                                  background_color=LABEL_BACKGROUND, background_opacity=0.7,
                                                  justification_vertical="center", always_visible=True,
                                                  reset_camera=False, pickable=False, show_points=False,
                                                  name=f"label_{sid}_{font_size}")
            any_language(actor.GetMapper().GetInputAlgorithm().GetTextProperty())  # the label hierarchy's
            actor.SetVisibility(False)
            actors[sid] = actor
        return actors

    def _add_leaders(self) -> tuple[pv.PolyData, vtkActor2D]:
        """The labels' leader lines: one overlay drawn over the anatomy like the labels (points in world mm)."""
        lines = pv.PolyData()
        world = vtkCoordinate()
        world.SetCoordinateSystemToWorld()
        mapper = vtkPolyDataMapper2D()
        mapper.SetInputData(lines)
        mapper.SetTransformCoordinate(world)
        actor = vtkActor2D()
        actor.SetMapper(mapper)
        actor.GetProperty().SetColor(pv.Color(LABEL_BACKGROUND).float_rgb)
        actor.SetPickable(False)
        self.ren.AddViewProp(actor)
        return lines, actor

    def _draw_leaders(self, placements: dict) -> None:
        """A line from each shown label's text to the point of its structure it names."""
        self.leader_actor.SetVisibility(bool(placements))
        if not placements:
            return
        ends = [end for p in placements.values() for end in (p.target, p.anchor)]
        self.leaders.points = np.asarray(ends, float).reshape(-1, 3)
        self.leaders.lines = np.column_stack([np.full(len(placements), 2), np.arange(0, len(ends), 2),
                                              np.arange(1, len(ends), 2)]).ravel()
        self.leader_actor.GetProperty().SetLineWidth(LEADER_WIDTH[self.large_labels])

    @property
    def engine(self) -> PathologyEngine | None:
        """The scenario's engine (built on first use; None when the meshes lack what overlays need)."""
        return self.scenario.engine

    @property
    def last_result(self) -> PathologyResult | None:
        """The pathology the actors show (None before the first overlay)."""
        return self._shown.pathology if self._shown else None

    # ---- state -> actors ------------------------------------------------------------------------
    def add_companion(self, companion) -> None:
        """A second view that follows the same state; it is updated before each render, never renders itself."""
        self.companions.append(companion)
        companion.set_root_intensities(self.root_intensities())
        companion.update()
        if self.state.view in BODY_VIEWS:
            companion.apply_camera(self.state.view)

    def root_intensities(self) -> dict[tuple[str, str], float]:
        """Each root's intensity in the shown scenario result (the one figure the body's shading uses)."""
        return dict(self._shown.intensities) if self._shown else {}

    def _update_companions(self, change: Change) -> None:
        for companion in self.companions:
            if change.kind in ("overlays", "reset"):
                companion.set_root_intensities(self.root_intensities())
            if change.kind in ("view", "reset") and self.state.view in BODY_VIEWS:
                companion.apply_camera(self.state.view)
            companion.on_change(change)

    def on_change(self, change: Change) -> None:
        if change.kind == "overlays":
            return  # the scenario publishes what the overlays do (_on_result), once per distinct change
        self._on_change(change)
        self._update_companions(change)
        self.render()

    def _on_result(self, result: ScenarioResult) -> None:
        """A new scenario result: deform, recolour, tell the companions, render once."""
        if result is self._shown:
            return  # already drawn (a reset pulled it first)
        self._show_result(result)
        if self._cuts:
            self._update_caps()
        self._hide_named_labels()
        self._update_companions(Change("overlays"))
        self.render()

    # The words of the lesions' and bone parts' labels, read when first named (annotations/lesion_terms.json and
    # parts.json; a file that cannot be read leaves its labels out, and `l5viz validate` names the problem).
    @cached_property
    def lesion_terms(self) -> dict[str, dict]:
        return load_lesion_terms()[0]

    @cached_property
    def part_names(self) -> dict[str, dict]:
        return load_parts()[0]

    @cached_property
    def view_words(self) -> dict:
        return load_view_words()[0]

    def view_text(self, *path: str, **values: str) -> str | None:
        """A text the views draw on the picture (annotations/views.json: slab captions, zone names) with its
        placeholders filled ({thickness} is the slab's); None when the file could not be used (then
        `l5viz validate` and the window's problems say why)."""
        words = self.view_words
        for key in path:
            words = words.get(key) if isinstance(words, dict) else None
        return words.format(thickness=f"{SLAB_MM:g}", **values) if isinstance(words, str) else None

    def _hide_named_labels(self) -> None:
        """The lesions moved: their labels (and the bone parts') would point at where they were. They go until
        `relabel` (a slider step does not pay for a label placement; the window relabels once it rests)."""
        stale = [sid for sid in NAMED_LABELS if sid in self._placements]
        if not stale:
            return
        for sid in stale:
            del self._placements[sid]
            self.label_actors[sid].SetVisibility(False)
            self.large_label_actors[sid].SetVisibility(False)
        self._draw_leaders(self._placements)

    def relabel(self) -> None:
        """Place every label again for the scene as it is now (the lesions' too); drawn at the next render."""
        self._label_pose = None
        self._place_labels()

    def _named_surfaces(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """What each named label slot points at now: the result's named lesions, the bone parts they name and
        one implant of each kind, as (points, triangles); each slot's text is set to its name."""
        result = self.last_result
        if result is None:
            return {}
        named = {}
        lesions = [lesion for lesion in result.lesions if lesion.term in self.lesion_terms]
        for k, lesion in enumerate(lesions[:LESION_POOL]):
            named[f"lesion_{k}"] = (lesion_surface(lesion), self.lesion_terms[lesion.term]["name"])
        parts = [(bone, part, side) for bone, part, side in result.named_parts
                 if bone in self.meshes and bone in self.structures and part in self.part_names
                 and self.drawn(bone)]
        for k, (bone, part, side) in enumerate(parts[:PART_LABELS]):
            vertices, triangles = self._part_surface(bone, part, side)
            named[f"part_{k}"] = ((self.shown_points(bone)[vertices], triangles),
                                  part_phrase(self.part_names[part], self.structures[bone], side))
        first_of_kind = {implant.kind: implant for implant in reversed(result.implants)
                         if implant.kind in self.lesion_terms}
        for k, implant in enumerate(sorted(first_of_kind.values(), key=result.implants.index)[:IMPLANT_LABELS]):
            named[f"implant_label_{k}"] = (implant_surface(implant), self.lesion_terms[implant.kind]["name"])
        for sid, (_, text) in named.items():
            anchor = self.label_anchors[sid]
            if label_text(anchor) != f" {text} ":
                set_label_text(anchor, text)
                anchor.Modified()
        return {sid: surface for sid, (surface, _) in named.items()}

    def _part_surface(self, bone: str, part: str, side: str | None) -> tuple[np.ndarray, np.ndarray]:
        """A bone part on one side (the patient's left at x < 0) as (its vertices' indices in the bone's drawn
        mesh, its triangles over those): the triangles wholly in the part (the importer's per-vertex "part"
        array). Found once; a label samples only these vertices."""
        key = (bone, part, side)
        if key not in self._part_faces:
            mesh = self.meshes[bone]
            names = SACRUM_PARTS if bone == "sacrum" else VERTEBRA_PARTS
            mine = np.asarray(mesh.point_data["part"]) == names.index(part) if "part" in mesh.point_data \
                else np.zeros(mesh.n_points, bool)
            if side is not None:
                mine &= (self.baseline[bone][:, 0] < 0.0) == (side == "left")
            faces = self._triangles(bone)
            faces = faces[mine[faces].all(axis=1)]
            vertices, local = np.unique(faces, return_inverse=True)
            self._part_faces[key] = (vertices, local.reshape(-1, 3))
        return self._part_faces[key]

    def _on_change(self, change: Change) -> None:
        """Apply one change to this view's actors (no render: on_change renders once for all views)."""
        if change.kind in ("visibility", "opacity", "selection", "highlight"):
            for sid in change.ids:
                self._apply_display(sid)
            if change.kind == "visibility":
                self._apply_labels()
        elif change.kind == "view":
            if self.state.view not in BODY_VIEWS:
                self._apply_view()
        elif change.kind == "labels":
            self._apply_labels()
        elif change.kind == "imaging":
            self._apply_image_plane()
        elif change.kind == "reset":
            self._apply_all(render=False)
        if self._cuts and change.kind in ("visibility", "opacity", "selection", "highlight"):
            self._update_caps()  # (a view or reset change placed them already)

    def _apply_all(self, render: bool = True) -> None:
        for sid in self.actors:
            self._apply_display(sid)
        self._apply_labels()
        self._apply_image_plane()
        self._apply_overlays()
        if self.state.view not in BODY_VIEWS:
            self._apply_view(animate=False)
        if render:
            self.render()

    def _apply_image_plane(self) -> None:
        """The image's slice in the model, or nothing when no image is shown (or its series is unknown)."""
        imaging = self.state.imaging
        corners = None
        if imaging is not None and self.image_plane_of is not None:
            corners = self.image_plane_of(imaging["series"], imaging["slice"])
        for mesh in self.image_plane if corners is not None else ():
            mesh.points = corners
        for actor in self.image_plane_actors:
            actor.SetVisibility(corners is not None)

    def _apply_view(self, animate: bool = True) -> None:
        """The state's view; an unknown name or one whose landmarks are missing keeps the overview, with a
        message on stderr (the state's other listeners must still hear of the change)."""
        try:
            self.apply_camera(self.state.view, render=False, animate=animate)
        except ValueError as exc:
            print(f"l5viz: {exc}; showing the overview", file=sys.stderr)
            self.apply_camera("reset", render=False, animate=animate)

    def _apply_display(self, sid: str) -> None:
        actor = self.actors.get(sid)
        if actor is None:
            return
        actor.SetVisibility(self.drawn(sid))
        prop = actor.GetProperty()
        prop.SetOpacity(self.state.opacity.get(sid, 1.0))
        selected = sid == self.state.selected
        lit = selected or sid in self.state.highlighted
        mapper = actor.GetMapper()
        if self.compressible(sid):
            # A compressed root keeps its compression colours when selected or lit (then only brightened): the
            # colour is the measurement, and a click must not hide it.
            mapper.SetScalarVisibility(not lit or self._compressed(sid))
        colour = SELECTED_COLOUR if selected else HIGHLIGHT_COLOUR if lit else self.colour_of(sid)
        prop.SetColor(pv.Color(colour).float_rgb)
        prop.SetAmbient(0.35 if lit else AMBIENT)
        back = actor.GetBackfaceProperty()  # the cut surface follows the structure's colour and opacity
        back.SetColor(*(SECTION_SHADE * np.array(pv.Color(colour).float_rgb)))
        back.SetOpacity(prop.GetOpacity())
        self._apply_outline(sid)

    def _apply_outlines(self) -> None:
        for sid in self.outlines:
            self._apply_outline(sid)

    def _apply_outline(self, sid: str) -> None:
        """A compressed root's outline follows its visibility, opacity and motion; none in a slab."""
        outline = self.outlines.get(sid)
        if outline is None:
            return
        actor = self.actors[sid]
        opacity = actor.GetProperty().GetOpacity()
        outline.actor.SetUserMatrix(actor.GetUserMatrix())
        prop = outline.actor.GetProperty()
        prop.SetOpacity(opacity)
        prop.SetLineWidth(COMPRESSION_OUTLINE_PX[self.large_labels])
        outline.actor.SetVisibility(outline.compressed and bool(actor.GetVisibility()) and opacity > 0
                                    and not self._cuts)

    def _compressed(self, sid: str) -> bool:
        pathology = self._shown.pathology if self._shown is not None else None
        return pathology is not None and sid in pathology.vertex_compression

    def _apply_labels(self) -> None:
        """A label shows when labels are on, its structure is visible and the camera sees part of it."""
        self._label_pose = None
        self._place_labels()

    def _place_labels(self, *event) -> None:
        """Anchor the shown labels on what the camera sees; again before a render whenever the camera moved.

        Not while the user drags the camera (VTK then asks for an interactive frame rate): the labels ride
        on their anchors and settle on the still frame VTK renders at the end (placement costs about 25 ms
        with the light meshes at 1280x800)."""
        if event and self.plotter.render_window.GetDesiredUpdateRate() > 1.0:
            return
        wanted = set()
        if self.state.labels:
            wanted = {sid for sid in (self.state.label_ids or (SLAB_LABELLED if self._cuts else LABELLED))
                      if sid in self.label_anchors and self.drawn(sid)}
        cam = self.ren.camera
        size = tuple(self.ren.GetSize())
        pose = (self.camera_pose(), cam.view_angle, size, self.large_labels)
        name_lesions = self.state.labels and (not self.state.label_ids or LESION_LABELS in self.state.label_ids)
        if (wanted or name_lesions) and pose == self._label_pose:
            return
        self._label_pose = pose if wanted or name_lesions else None
        named = self._named_surfaces() if name_lesions else {}
        placements = {}
        if (wanted or named) and min(size) > 0:
            shown = [sid for sid in self.actors if self.drawn(sid) and self.in_slab(sid)]
            wanted &= set(shown)  # a slab view labels only what the slab cuts (place_labels keeps a lesion's
            wanted |= set(named)  # or a part's only where the slab holds part of it)
            surfaces = {sid: self._surface(sid) for sid in shown} | named
            occluders = {sid for sid in shown if self.state.opacity.get(sid, 1.0) >= OCCLUDING_OPACITY}
            if self._cuts:  # a slab's cut faces hide what lies deeper in it (the flavum behind a cut process, a
                near = self._cuts[0][1]  # ganglion or root behind a lesion's section: labelled only where seen)
                for name, caps in (("cut faces", self.caps), ("cut nerves", self.front_caps),
                                   ("cut growths", self.lesion_caps), ("cut disc material", self.beneath_caps)):
                    points, triangles = caps.surface()
                    if len(triangles):
                        surfaces[name] = (points + near * CAP_NUDGE_MM, triangles)
                        occluders.add(name)
            matrix = cam.GetCompositeProjectionTransformMatrix(size[0] / size[1], -1, 1)
            camera = Camera(np.array([[matrix.GetElement(i, j) for j in range(4)] for i in range(4)]),
                            np.array(cam.position), np.array(cam.GetDirectionOfProjection()),
                            np.array(cam.up), cam.view_angle, size,
                            cam.parallel_scale if cam.parallel_projection else None)
            actors = self.large_label_actors if self.large_labels else self.label_actors
            boxes = {sid: self._text_size(actors[sid]) for sid in wanted}
            placements = place_labels(surfaces, wanted, occluders, camera, boxes, self._cuts,
                                      ROOT_YIELDS_TO_GANGLION, self.slab_annotations.reserved_px())
        self._placements = placements
        for sid, anchor in self.label_anchors.items():
            placement = placements.get(sid)
            if placement is not None:
                anchor.points[0] = placement.anchor
                anchor.Modified()
                for actor in (self.label_actors[sid], self.large_label_actors[sid]):
                    text = actor.GetMapper().GetInputAlgorithm()  # the label hierarchy holding the text style
                    text.GetTextProperty().SetJustification(0 if placement.runs == "right" else 2)  # left / right
                    text.Modified()
            self.label_actors[sid].SetVisibility(placement is not None and not self.large_labels)
            self.large_label_actors[sid].SetVisibility(placement is not None and self.large_labels)
        self._draw_leaders(placements)

    def _triangles(self, sid: str) -> np.ndarray:
        if sid not in self._faces:
            mesh = self.meshes[sid]
            self._faces[sid] = mesh.regular_faces if mesh.is_all_triangles else mesh.triangulate().regular_faces
        return self._faces[sid]

    def _surface(self, sid: str) -> tuple[np.ndarray, np.ndarray]:
        """Points and triangles of a structure, less the triangles a slab's cuts (or a cutaway) remove wholly."""
        points = self.shown_points(sid)
        faces = self._triangles(sid)
        cuts = self._cuts + ((self._cutaway_plane,) if sid == self._cutaway else ())
        for origin, normal in cuts:
            faces = faces[np.any(((points - origin) @ normal >= 0.0)[faces], axis=1)]
        return points, faces

    def _text_size(self, actor: vtkActor) -> tuple[float, float]:
        """Width and height in pixels of a label's text as drawn."""
        hierarchy = actor.GetMapper().GetInputAlgorithm()
        text = hierarchy.GetInput().GetPointData().GetAbstractArray("text").GetValue(0)
        box = [0, 0, 0, 0]
        self._text_measure.GetBoundingBox(hierarchy.GetTextProperty(), text, box,
                                          self.plotter.render_window.GetDPI())
        return float(box[1] - box[0]), float(box[3] - box[2])

    def label_shown(self, sid: str) -> bool:
        actors = self.large_label_actors if self.large_labels else self.label_actors
        return sid in actors and bool(actors[sid].GetVisibility())

    def label_anchor(self, sid: str) -> np.ndarray:
        """Where the label of `sid` is pinned now (world mm)."""
        return np.array(self.label_anchors[sid].points[0])

    def set_text_scale(self, scale: float) -> None:
        """The user's text size: the labels, and the views' letters and captions, `scale` times their size."""
        self.text_scale = scale
        for large, actors in ((False, self.label_actors), (True, self.large_label_actors)):
            for actor in actors.values():
                text = actor.GetMapper().GetInputAlgorithm().GetTextProperty()
                text.SetFontSize(self._scaled(self.label_sizes[large]))
        self.set_large_labels(self.large_labels)  # places the labels again, at their new size

    def _scaled(self, size: int) -> int:
        return round(size * self.text_scale)

    def set_large_labels(self, large: bool) -> None:
        """Lecture size for the labels and for the orientation letters of every view."""
        self.large_labels = large
        self._apply_labels()
        for view in [self, *self.companions]:
            view.orientation.set_font_size(self._scaled(30 if large else 18))
        self.slab_annotations.set_font_size(self._scaled(24 if large else 16))
        self.zone_overlay.set_font_size(self._scaled(22 if large else 16))
        self._apply_outlines()
        self.render()

    def show_pointer(self, x: float, y: float) -> None:
        """Mark the clicked point (lecture mode) with a bright dot; one render."""
        actor, position, _ = self._picked(x, y)
        if actor is not None:
            self.pointer.SetPosition(*position)
            self.pointer.SetVisibility(True)
            self.render()

    def hide_pointer(self) -> None:
        if self.pointer.GetVisibility():
            self.pointer.SetVisibility(False)
            self.render()

    def camera_pose(self) -> tuple:
        cam = self.ren.camera
        return tuple(cam.position), tuple(cam.focal_point), tuple(cam.up)

    def set_camera_pose(self, position, focal_point, up, render: bool = True) -> None:
        cam = self.ren.camera
        cam.position, cam.focal_point, cam.up = tuple(position), tuple(focal_point), tuple(up)
        self.ren.ResetCameraClippingRange()
        if render:
            self.render()

    def _apply_overlays(self) -> None:
        """Show the scenario's current result (pulled: on a reset this view may hear before the scenario)."""
        result = self.scenario.current()
        if result is not self._shown:
            self._show_result(result)

    def _show_result(self, shown: ScenarioResult) -> None:
        """Deform meshes in place from a scenario result; restore untouched ones to their exact baseline."""
        from l5viz.pathology.engine import PathologyResult

        self._shown = shown
        result = shown.pathology or PathologyResult({}, [], {}, {})  # none: everything at its baseline
        placed = {}
        for sid in self.actors:
            motion = result.motions.get(sid)
            # A structure moved whole (a segment sinking over a stenotic disc) moves as an actor: nothing to
            # upload. Its vertices (and those of one no longer changed) go back to the baseline, once.
            if sid in result.points and motion is None:
                self._move_points(sid, result.points[sid], result.vertex_compression.get(sid),
                                  sid in getattr(result.points, "pieces", ()))
                self._deformed.add(sid)
            elif sid in self._deformed:
                self._move_points(sid, self.baseline[sid], None)
                self._deformed.discard(sid)
            self._set_motion(sid, motion, placed)
            self._apply_outline(sid)
            self._hide_cells(sid, result.hidden.get(sid))
        removed, self._removed = self._removed, result.removed
        for sid in ({self.state.selected, *self.state.highlighted} | (removed ^ result.removed)) & set(self.actors):
            self._apply_display(sid)  # a lit root shows its compression colours once it is compressed; a
            # structure a procedure took out, or put back, is hidden or shown
        drawn = result.drawn_lesions
        while len(self.lesion_actors) < len(drawn):  # more than made up front (a long report's findings)
            self.lesion_actors.append(self._add_lesion_slot())
        for slot, actor in enumerate(self.lesion_actors):
            if slot < len(drawn):
                lesion = drawn[slot]
                actor.user_matrix = lesion.matrix()
                actor.GetProperty().SetColor(pv.Color(lesion_colour(self.colour_of, lesion.kind)).float_rgb)
                actor.GetProperty().SetOpacity(LESION_OPACITY[lesion.kind])
                actor.SetVisibility(True)
            else:
                actor.SetVisibility(False)
        for k, actor in enumerate(self.implant_actors.values()):
            if k < len(result.implants):
                implant = result.implants[k]
                actor.user_matrix = implant.matrix()
                actor.GetProperty().SetColor(pv.Color(IMPLANT_COLOURS[implant.kind]).float_rgb)
                actor.GetProperty().SetOpacity(IMPLANT_OPACITY.get(implant.kind, 1.0))
                actor.SetVisibility(True)
            else:
                actor.SetVisibility(False)

    def _hide_cells(self, sid: str, cells: np.ndarray | None) -> None:
        """Hide a mesh's torn triangles (VTK skips cells marked hidden in the ghost array), or show them all."""
        shown = self._torn.get(sid)
        whole = cells is None or not len(cells)
        if (whole and shown is None) or (shown is not None and shown is cells):
            return  # as it is drawn already
        mesh = self.meshes[sid]
        name = vtkDataSetAttributes.GhostArrayName()
        if cells is None or not len(cells):
            mesh.cell_data.remove(name)
            del self._torn[sid]
        else:
            ghosts = np.zeros(mesh.n_cells, np.uint8)
            ghosts[cells] = vtkDataSetAttributes.HIDDENCELL
            mesh.cell_data[name] = ghosts
            self._torn[sid] = cells
        mesh.Modified()

    def _set_motion(self, sid: str, motion: tuple[np.ndarray, np.ndarray] | None, placed: dict) -> None:
        """Place a structure's actor by a rigid motion (None: where it was baked). `placed` keeps the matrix
        made for each motion of this result: the bones a segment carries share one (R, t)."""
        current = self._motions.get(sid)
        if current is None and motion is None:
            return
        if current is not None and motion is not None and all(map(np.array_equal, current, motion)):
            return  # already there
        key = (id(motion[0]), id(motion[1])) if motion is not None else None
        if key not in placed:
            matrix = vtkMatrix4x4()  # (identity)
            if motion is not None:
                rows = np.eye(4)
                rows[:3, :3], rows[:3, 3] = motion
                matrix.DeepCopy(rows.ravel())
            placed[key] = (motion, matrix)  # (the motion is kept, so its arrays' ids stay theirs)
        if motion is not None:
            self._motions[sid] = motion
        else:
            del self._motions[sid]
        self.actors[sid].SetUserMatrix(placed[key][1])

    def shown_points(self, sid: str) -> np.ndarray:
        """A structure's vertices where they are drawn (its actor's rigid motion applied)."""
        points = self.meshes[sid].points
        if sid in self._motions:
            rotation, translation = self._motions[sid]
            return points @ rotation.T + translation
        return points

    def _move_points(self, sid: str, points: np.ndarray, compressed: np.ndarray | None, built_normals: bool = False,
                     ) -> None:
        """New vertex positions, normals and compression colours for one mesh; one upload at the next render.
        `built_normals`: the vertices are the built ones moved in pieces, each only translated."""
        mesh = self.meshes[sid]
        if sid not in self._arrays:
            # Plain numpy views of the VTK arrays (PyVista's wrappers cost more per write than the copy here).
            data = mesh.point_data
            vtk_arrays = [mesh.GetPoints().GetData(), data.GetArray("Normals")]
            if "compression" in data:
                vtk_arrays.append(data.GetArray("compression"))
            views = [vtk_to_numpy(a) for a in vtk_arrays]
            self._arrays[sid] = (views[0], views[1], views[2] if len(views) > 2 else None, vtk_arrays)
        vertices, normals, compression, vtk_arrays = self._arrays[sid]
        vertices[:] = points
        built = built_normals or points is self.baseline[sid]
        normals[:] = self.baseline_normals[sid] if built else self._normals[sid](points)
        if compression is not None:  # each cross-section's flattening, as the report measures it
            compression[:] = 0.0 if compressed is None else compressed
            if sid in self.outlines:
                self.outlines[sid].update(vertices, normals, compressed)
        for array in vtk_arrays:
            array.Modified()
        mesh.Modified()

    # ---- camera -------------------------------------------------------------------------------
    def apply_camera(self, name: str, render: bool = True, animate: bool = False) -> None:
        """Move to a preset; with `animate` (lecture mode) a UI-supplied animation glides there instead."""
        if name not in VIEWS:
            raise ValueError(f"unknown view {name!r}; valid views: {', '.join(VIEWS)}")
        start = self.camera_pose()
        self._place_camera(name)
        self._apply_labels()  # the axial cut hides the labels of what it removes
        if (render or animate) and self.animate_camera and self.camera_animation is not None:
            end = self.camera_pose()
            self.set_camera_pose(*start, render=False)
            self.camera_animation(start, end)
        elif render:
            self.render()

    def _place_camera(self, name: str) -> None:
        """Put the camera (and a slab's two cuts) where the named preset wants it, without rendering."""
        lm = self._landmark
        bounds = np.reshape(self.structure_bounds(), (3, 2))
        centre = np.array(self.scene.landmarks.get("scene_centre", bounds.mean(axis=1)), float)
        self._set_slab(None)
        self._set_cutaway(None)
        self.zone_overlay.clear()
        cam = self.ren.camera
        cam.parallel_projection = name in SLAB_VIEWS
        cam.view_angle = 30.0
        caption = None
        if name in AXIAL_VIEWS:
            level = view_level(name)
            normal = lm(f"disc_{level}_normal")
            origin = lm(f"disc_{level}_centre")
            anterior = np.array([0.0, 1.0, 0.0]) - normal * normal[1]  # the disc plane's own anterior
            anterior /= np.linalg.norm(anterior)
            from_feet = self.state.axial == "radiological"
            self._set_slab((origin, normal if from_feet else -normal))
            focus = origin - anterior * 14.0  # centre on the canal
            cam.focal_point = tuple(focus)
            cam.position = tuple(focus + normal * (-175.0 if from_feet else 175.0))
            cam.up = tuple(anterior)
            self._fit_slab(45.0, 38.0)  # the disc, the canal and the facets
            caption = self.view_text("captions", "axial", self.state.axial, level=short_level(level))
            zones = self.view_text("zones", self.state.zones, "title")
            if self._show_zones(level, normal * (-0.1 if from_feet else 0.1)) and caption and zones:
                caption = self.view_text("captions", "with_zones", caption=caption, zones=zones)
        elif name in SAGITTAL_VIEWS:
            # A sagittal MRI slice through the foramen (as Lee 2010 grades it), seen as a sagittal MRI is, from
            # the patient's left: anterior on the viewer's left, the root and ganglion in section in the foramen.
            level, side = view_level(name), view_side(name)
            target = lm(f"foramen_{level}_{side}")
            self._set_slab((target, np.array([1.0, 0.0, 0.0])))
            cam.focal_point = tuple(target)
            cam.position = tuple(target - np.array([175.0, 0.0, 0.0]))
            cam.up = (0.0, 0.0, 1.0)
            self._fit_slab(30.0, 26.0)  # the pedicle above, the disc and the body in front, the facet behind
            caption = self.view_text("captions", "foramen", side, level=short_level(level))
        elif name == MIDSAGITTAL_VIEW:
            # The midline slab from L4 to S1, seen from the patient's left as a sagittal MRI is: the bodies'
            # back walls (a slip's step), the discs, the canal and the sac.
            upper, lower = lm("disc_L4_L5_centre"), lm("disc_L5_S1_centre")
            target = 0.5 * (upper + lower) - np.array([0.0, 8.0, 0.0])
            self._set_slab((target, np.array([1.0, 0.0, 0.0])))
            cam.focal_point = tuple(target)
            cam.position = tuple(target - np.array([175.0, 0.0, 0.0]))
            cam.up = (0.0, 0.0, 1.0)
            self._fit_slab(52.0, 44.0)  # L4 to the top of S1, the spinous processes behind
            caption = self.view_text("captions", "midline")
        elif name in POSTERIOR_VIEWS:
            # From behind and a little above, as the surgeon looks into the interlaminar window of a prone
            # patient: the laminae, the facets and the pedicles' entry points of the level.
            target = lm(f"disc_{view_level(name)}_centre") - np.array([0.0, 30.0, 4.0])
            direction = np.array([0.0, -1.0, 0.35])
            cam.focal_point = tuple(target)
            cam.position = tuple(target + direction / np.linalg.norm(direction) * 175.0)
            cam.up = (0.0, 0.0, 1.0)
        elif name in FORAMEN_VIEWS:
            side = view_side(name)
            target = lm(f"foramen_{view_level(name)}_{side}")
            sign = -1.0 if side == "left" else 1.0
            direction = np.array([sign * 1.0, -0.35, 0.15])
            cam.focal_point = tuple(target)
            cam.position = tuple(target + direction / np.linalg.norm(direction) * 135.0)
            cam.up = (0.0, 0.0, 1.0)
            # The iliac wing stands between this camera and the lower foramina: cut it away lateral to the
            # foramen, as a dissection would, leaving the sacroiliac joint.
            self._set_cutaway(f"hip_bone_{side}", (target + np.array([sign * CUTAWAY_MM, 0.0, 0.0]),
                                                   np.array([-sign, 0.0, 0.0])))
        else:
            direction = {"anterior": (0, 1, 0), "posterior": (0, -1, 0), "left": (-1, 0, 0), "right": (1, 0, 0),
                         "reset": (0.55, 1.0, 0.25)}[name]
            d = np.array(direction, float) / np.linalg.norm(direction)
            cam.focal_point = tuple(centre)
            cam.position = tuple(centre + d * 430.0)
            cam.up = (0.0, 0.0, 1.0)
            self.ren.ResetCamera(self.structure_bounds())
            cam.zoom(1.1)
        self.slab_annotations.show(caption)
        self.ren.ResetCameraClippingRange()
        self._update_caps()

    def _show_zones(self, level_id: str, toward_camera: np.ndarray) -> bool:
        """The zone scheme the state asks for, over an axial slab at a disc; whether it is drawn (not where the
        model lacks a boundary, or the meshes it is measured on)."""
        scheme = self.state.zones
        if scheme == "off" or "thecal_sac" not in self.meshes or "geometry" not in self.scene.manifest:
            return False
        geometry = SpineGeometry.from_dict(self.scene.manifest["geometry"])
        capsules = [self.baseline[sid] for sid in per_side("facet_capsule", (level_id,)) if sid in self.baseline]
        edges = zone_edges(scheme, level_id, geometry, self.baseline["thecal_sac"],
                           np.vstack(capsules) if capsules else None)
        if edges is None:
            return False
        names = tuple(self.view_text("zones", scheme, "names", zone) or zone for zone in ZONE_NAMES[scheme])
        self.zone_overlay.show(geometry.discs[level_id].frame, edges, names,
                               geometry.discs[level_id].posterior_y, toward_camera, open_outside=scheme == "fardon")
        return True

    def _fit_slab(self, half_width: float, half_height: float) -> None:
        """Parallel projection that shows at least half_width x half_height mm around the focal point
        whatever the viewport's shape."""
        width, height = self.ren.GetSize()
        aspect = width / height if width > 0 and height > 0 else 1.6
        self.ren.camera.parallel_scale = max(half_height, half_width / aspect)

    def _landmark(self, name: str) -> np.ndarray:
        try:
            return np.array(self.scene.landmarks[name], float)
        except KeyError:
            raise ValueError(f"{self.scene.source}: landmark {name!r} is missing; this view needs it") from None

    def _set_slab(self, plane: tuple[np.ndarray, np.ndarray] | None) -> None:
        """Keep only the SLAB_MM of every structure, lesion and implant that lie behind a plane (origin, normal pointing
        away from the camera), or remove the cuts. The section drawn is the one in the named plane itself
        (the disc's mid-plane, the foramen's centre), and the slab's depth lies beyond it.

        Without cuts, back faces are culled: every mesh is closed and faces outward, so none is ever seen
        (each 3D view renders pixel for pixel the same), and software OpenGL shades every fragment it
        rasterises, so skipping them cuts the spine's share of a 1280x800 frame by about 40 %. A cut shows
        the inside, which needs them: inner faces seen through a cut are drawn flat in the section colour, so
        each cut reads as a solid, capped section (see _fill_sections).
        """
        actors = list(self.actors.values()) + self.lesion_actors + list(self.implant_actors.values())
        for actor in actors:
            actor.GetProperty().SetBackfaceCulling(plane is None)
            actor.GetMapper().RemoveAllClippingPlanes()
        self._cuts = ()
        if plane is not None:
            origin, normal = np.asarray(plane[0], float), np.asarray(plane[1], float)
            normal = normal / np.linalg.norm(normal)
            self._cuts = ((origin, normal), (origin + normal * SLAB_MM, -normal))
        for o, n in self._cuts:
            vplane = clipping_plane(o, n)
            for actor in actors:
                actor.GetMapper().AddClippingPlane(vplane)
        self._apply_outlines()  # none in a slab

    def _set_cutaway(self, sid: str | None, plane: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """Clip one structure by a plane (origin, normal: the side kept), or restore the last one clipped.

        Its cut reads solid: back faces are drawn flat in the section colour (see _fill_sections)."""
        if self._cutaway is not None and self._cutaway in self.actors:
            actor = self.actors[self._cutaway]
            actor.GetMapper().RemoveAllClippingPlanes()
            actor.GetProperty().SetBackfaceCulling(True)
        self._cutaway = sid if sid in self.actors and plane is not None else None
        self._cutaway_plane = plane
        if self._cutaway is None:
            return
        actor = self.actors[self._cutaway]
        actor.GetMapper().AddClippingPlane(clipping_plane(*plane))
        actor.GetProperty().SetBackfaceCulling(False)

    def _update_caps(self) -> None:
        """Fill each shown structure's section in the slab face nearest the camera (none without a slab)."""
        if not self._cuts:
            for caps in (self.caps, self.lesion_caps, self.beneath_caps, self.front_caps):
                caps.clear()
            return
        eye = np.array(self.ren.camera.position)
        origin, normal = min(self._cuts, key=lambda cut: float(np.linalg.norm(cut[0] - eye)))
        shown = [sid for sid in self.actors if self.drawn(sid) and self.state.opacity.get(sid, 1.0) > 0]
        parts = {sid: (sid, self.shown_points(sid), self._triangles(sid), self._section_colour(sid, origin, normal))
                 for sid in shown}
        # Nerves, nuclei and joint cartilage are drawn over the rest: a nerve squeezed against bone or a growth
        # stays in view; a nucleus, grown by NUCLEUS_SEAM_MM, closes the gap kept between it and the annulus's
        # mesh; and the cartilage shows each facet joint's line where the two imported articular processes
        # overlap (the source bones interpenetrate there by a millimetre or so).
        front = [sid for sid in shown if self.compressible(sid) or self._kind(sid) in ("nucleus", "cartilage")]
        self.caps.update(origin + normal * 0.02, normal, [parts[sid] for sid in shown if sid not in front])
        self.front_caps.update(origin + normal * 0.02, normal, [parts[sid] for sid in front],
                               grow={sid: NUCLEUS_SEAM_MM for sid in front if self._kind(sid) == "nucleus"})
        # Lesions: herniated disc material and the growths of a stenosis read as solid tissue in a slab, as on
        # MRI. A growth's cap is drawn over the structures' (polygon offset), so where it meets bone it shows;
        # disc material's beneath them, so it shows where it has left the disc (Lesion.beneath_tissue).
        lesions = [(lesion, (lesion.lesion_id, *lesion_surface(lesion),
                             tuple(SECTION_SHADE * np.array(pv.Color(lesion_colour(self.colour_of, lesion.kind)).float_rgb))))
                   for lesion in (self.last_result.drawn_lesions if self.last_result else [])]
        implants = [(implant.implant_id, *implant_surface(implant),
                     tuple(SECTION_SHADE * np.array(pv.Color(IMPLANT_COLOURS[implant.kind]).float_rgb)))
                    for implant in (self.last_result.implants if self.last_result else [])]
        self.lesion_caps.update(origin + normal * 0.02, normal,
                                [part for les, part in lesions if not les.beneath_tissue] + implants)
        self.beneath_caps.update(origin + normal * 0.02, normal, [part for les, part in lesions if les.beneath_tissue])

    def _section_colour(self, sid: str, origin: np.ndarray, normal: np.ndarray) -> tuple[float, float, float]:
        """A cut face's colour: the structure's own (or selection colour), a shade darker; a root, ganglion or
        the sac in the mean compression colour of its vertices within 1.5 mm of the cut, so a section is red
        where the root is squeezed across it, not for a dent at one edge. That colour is not darkened: it is
        the measurement, and reads on the figures' key as the report's figure."""
        actor = self.actors[sid]
        if self.compressible(sid) and actor.GetMapper().GetScalarVisibility():
            compression = np.asarray(self.meshes[sid].point_data["compression"])
            near = np.abs((self.shown_points(sid) - origin) @ normal) < 1.5
            lut = actor.GetMapper().GetLookupTable()
            rgb = np.zeros(3)
            lut.GetColor(float(compression[near].mean()) if near.any() else 0.0, rgb)
            return tuple(rgb)
        return tuple(SECTION_SHADE * np.array(actor.GetProperty().GetColor()))

    def in_slab(self, sid: str) -> bool:
        """Whether the current slab cuts or holds part of a structure (always, without a slab)."""
        points = self.shown_points(sid)
        return all(((points - o) @ n >= 0.0).any() for o, n in self._cuts)

    # ---- queries ------------------------------------------------------------------------------
    def render(self) -> None:
        self.renders += 1
        for companion in [self, *self.companions]:  # an off-screen plotter skips renders before its first image
            companion.orientation.follow()
        self.plotter.render()

    def structure_bounds(self) -> tuple[float, ...]:
        """Bounds of the baked anatomy (not of labels or lesions), for framing the standard views."""
        pts = np.vstack([self.baseline[sid] for sid in self.actors]) if self.actors else np.zeros((1, 3))
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        return (lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])

    def actor_for(self, sid: str) -> vtkActor | None:
        return self.actors.get(sid)

    def pick(self, x: float, y: float) -> str | None:
        """Structure id under display pixel (x, y), origin bottom-left as VTK counts.

        A ray-cast picker, because it honours the axial cut: the hardware (prop) picker ignores it and
        answered the vertebra below for a click on a cut disc.
        """
        actor, _, cell = self._picked(x, y)
        for caps in (self.caps, self.front_caps):
            if actor is not None and actor is caps.actor:
                return caps.owner(cell)
        return next((sid for sid, a in self.actors.items() if a is actor), None)

    def picked_point(self, x: float, y: float) -> np.ndarray | None:
        """The model point under a display pixel (on a structure's surface or a slab's cap), or None."""
        actor, position, _ = self._picked(x, y)
        return None if actor is None else np.array(position)

    def part_at(self, x: float, y: float) -> tuple[str, int, str] | None:
        """(structure id, part index, side) of the bone under a display pixel, or None where no bone with
        named parts is; the part is the one of the vertex nearest the point hit (a cap's point too)."""
        actor, position, cell = self._picked(x, y)
        sid = self.caps.owner(cell) if actor is not None and actor is self.caps.actor else \
            next((s for s, a in self.actors.items() if a is actor), None)  # (bones' caps are never in front)
        if sid is None or "part" not in self.meshes[sid].point_data:
            return None
        points = self.shown_points(sid)
        nearest = int(np.argmin(np.einsum("ij,ij->i", points - position, points - position)))
        side = "right" if self.meshes[sid].points[nearest][0] > 0 else "left"  # +x is the patient's right
        return sid, int(self.meshes[sid].point_data["part"][nearest]), side

    def _picked(self, x: float, y: float) -> tuple[vtkActor | None, tuple[float, float, float], int]:
        """The actor under a display pixel, the world point hit and the cell id (-1 when nothing is hit)."""
        picker = vtkCellPicker()
        picker.SetTolerance(1e-4)
        if not picker.Pick(x, y, 0, self.ren):
            return None, (0.0, 0.0, 0.0), -1
        return picker.GetActor(), picker.GetPickPosition(), picker.GetCellId()

    def display_position(self, world: np.ndarray) -> tuple[float, float]:
        """Display pixel of a world point (for tests and for placing hints)."""
        coord = vtkCoordinate()
        coord.SetCoordinateSystemToWorld()
        coord.SetValue(*world)
        x, y = coord.GetComputedDoubleDisplayValue(self.ren)
        return x, y

    def close(self) -> None:
        self.state.disconnect(self.on_change)
        self.ren.RemoveObserver(self._label_observer)
