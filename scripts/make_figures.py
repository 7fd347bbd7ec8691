"""Regenerate the figures in docs/ with the same code path as `l5viz render`: `python scripts/make_figures.py`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pyvista as pv
from PIL import Image, ImageColor, ImageDraw, ImageFont
from scipy.spatial import cKDTree

from l5viz.content.clinical import load_lesion_content
from l5viz.paths import REPO_ROOT, meshes_dir
from l5viz.pathology.engine import PathologyEngine
from l5viz.pathology.kinds import Overlays
from l5viz.pathology.kinds.far_out import FarOut
from l5viz.pathology.kinds.procedure import Procedure
from l5viz.anatomy.ids import LESION_LABELS, exiting_root
from l5viz.pathology.kinds.herniation import Herniation
from l5viz.pathology.kinds.spondylolisthesis import MEYERDING_NAMES, Spondylolisthesis
from l5viz.pathology.kinds.stenosis import SCHIZAS_GRADES, Stenosis
from l5viz.imaging.picture import annotated
from l5viz.render.loading import engine_for, imaging_for, load_scene
from l5viz.render.offscreen import default_state, render_figure, structure_infos
from l5viz.render.scene import BACKGROUND, IMPLANT_COLOURS, SECTION_SHADE, compression_lut, lesion_colour
from l5viz.render.views import (
    AXIAL_VIEWS,
    FORAMEN_VIEWS,
    BODY_VIEWS,
    BODY_VIEW_TITLES,
    MIDSAGITTAL_VIEW,
    POSTERIOR_VIEWS,
    SAGITTAL_VIEWS,
    STANDARD_VIEWS,
    VIEW_TITLES,
    view_level,
    view_side,
)

from l5viz.state import SceneState

DOCS = REPO_ROOT / "docs"
# The views kept as figures: the four sides, every axial slab, and the left foramina (the right are mirrors).
FIGURE_VIEWS = STANDARD_VIEWS + AXIAL_VIEWS + ("foramen-L4-L5-left", "foramen-L5-S1-left", "sagittal-L4-L5-left",
                                               "sagittal-L5-S1-left")
SCENARIOS = {  # file name -> (title, lesions, view[, a second view of the lesion where the root is caught])
    "l4_l5_right_subarticular_extrusion": (
        "Right L4-5 subarticular extrusion: traversing right L5",
        [Herniation("L4-L5", "subarticular", "right", "extrusion", 0.7)], "axial-L4-L5"),
    "l5_s1_left_foraminal_protrusion": (
        "Left L5-S1 foraminal protrusion: exiting left L5",
        [Herniation("L5-S1", "foraminal", "left", "protrusion", 0.9)], "axial-L5-S1", "sagittal-L5-S1-left"),
    "l4_l5_central_sequestration": (
        "Central L4-5 sequestration: a free fragment migrated down behind L5",
        [Herniation("L4-L5", "central", "right", "sequestration", 0.9)], "sagittal-midline"),
    "l5_s1_left_foraminal_stenosis_grade3": (
        "Left L5-S1 foraminal stenosis, grade 3 (sagittal slab)",
        [Stenosis("L5-S1", "left", 3)], "sagittal-L5-S1-left"),
    "l4_l5_central_extrusion_migrated_caudally": (
        "Central L4-5 extrusion migrated caudally, midline sagittal",
        [Herniation("L4-L5", "central", "right", "extrusion", 0.9, "caudal")], "sagittal-midline"),
    "spondylolisthesis_l5_s1_isthmic": (
        "Isthmic L5-S1 spondylolisthesis, Meyerding II: both exiting L5 roots",
        [Spondylolisthesis("L5-S1", "isthmic", 2)], "sagittal-midline", "sagittal-L5-S1-left"),
    "spondylolisthesis_l4_l5_degenerative": (
        "Degenerative L4-5 spondylolisthesis, Meyerding I: both traversing L5 roots",
        [Spondylolisthesis("L4-L5", "degenerative", 1.4)], "sagittal-midline", "axial-L4-L5"),
    "l4_l5_right_lateral_recess_stenosis": (
        "Right L4-5 lateral recess stenosis, Bartynski grade 2: traversing right L5",
        [Stenosis("L4-L5", "right", 2, "lateral-recess")], "axial-L4-L5"),
    "far_out_left": (
        "Left far-out, severity 2.5 of 3: L5 between the L5 transverse process and the sacral ala",
        [FarOut("left", 2.5)], "foramen-L5-S1-left"),
}
PROCEDURES = {  # file name -> (the lesion's title, its lesions, the procedure, the views it is shown in)
    "procedure_microdiscectomy_l4_l5_right": (
        "Right L4-5 subarticular extrusion", [Herniation("L4-L5", "subarticular", "right", "extrusion", 0.7)],
        "microdiscectomy:L4-L5:right", ("axial-L4-L5", "posterior-L4-L5")),
    "procedure_foraminotomy_l5_s1_right": (
        "Right L5-S1 foraminal stenosis (the model's grade 2.5)", [Stenosis("L5-S1", "right", 2.5)],
        "foraminotomy:L5-S1:right", ("sagittal-L5-S1-right", "foramen-L5-S1-right")),
    "procedure_laminectomy_l4_l5": (
        "Central L4-5 canal stenosis, Schizas D", [Stenosis.parse("L4-L5:central:D")],
        "laminectomy:L4-L5", ("axial-L4-L5", "posterior-L4-L5")),
    "procedure_fusion_l5_s1": (
        "Isthmic L5-S1 spondylolisthesis, Meyerding II", [Spondylolisthesis("L5-S1", "isthmic", 2)],
        "fusion:L5-S1", ("sagittal-midline", "sagittal-L5-S1-left", "posterior-L5-S1")),
    "procedure_tfesi_l5_s1_right": (
        "Right L5-S1 foraminal stenosis (the model's grade 2.5)", [Stenosis("L5-S1", "right", 2.5)],
        "tfesi:L5-S1:right",
        ("foramen-L5-S1-right", "body-back")),
}
IMPLANT_KEY = {"screw": "pedicle screw (titanium)", "rod": "rod", "cage": "interbody cage", "needle": "needle",
               "hub": "its hub", "contrast": "contrast round the root"}
SHOW_FORAMINAL_FAT = ("l5_s1_left_foraminal_stenosis_grade3",)  # figures whose foramen shows its fat
# In the foramen close-ups the L4 root, running down in front of the L5 transverse process, crosses the
# picture in front of the L5-S1 foramen: it is hidden there, and the structures that matter are labelled.
FORAMEN_HIDDEN = ("root_L4_left", "root_L4_right", "drg_L4_left", "drg_L4_right")
FORAMEN_LABELS = ("root_L5_{side}", "drg_L5_{side}", "disc_L5_S1", "vertebra_L5", "sacrum")  # of the view's side
ROOT_NAMES = {"root": "root", "drg": "ganglion", "thecal": "thecal sac"}


def figures_line(engine: PathologyEngine, lesions, foramen: str | None, canal_level: str | None = None) -> str:
    """The measured compression (% of the local diameter) and, for a foramen view, its height and area; with
    `canal_level`, the dural sac's area there."""
    result = engine.evaluate(lesions)
    parts = []
    for sid, figure in sorted(result.compression.items(), key=lambda kv: -kv[1]["percent"]):
        if figure["percent"] >= 10:
            kind, *rest = sid.split("_")
            where = " ".join(reversed(rest)) if kind != "thecal" else ""
            parts.append(f"{where} {ROOT_NAMES[kind]} {figure['percent']:.0f} %".strip())
    # (each root's worst cross-section anywhere along it, as the report gives it: a slab may cut a milder one)
    text = ("compressed at worst, anywhere along it: " + ", ".join(parts[:3])) if parts else "no root compressed"
    central = result.measures.get("central_canal", {})
    for canal in central.values():
        text += (f"  |  sac {canal['dural_sac_area_mm2']:.0f} mm\u00b2, fat behind {canal['posterior_fat_mm']:.1f} mm: "
                 f"reads Schizas {canal['schizas_read']} (by area, the model has no rootlets)")
    if canal_level and not central:  # the healthy sac, for the grades beside it
        text += f"  |  sac {result.canal[canal_level]['dural_sac_area_mm2']:.0f} mm\u00b2"
    for level, slip in result.measures.get("slip", {}).items():
        text += (f"  |  slip {level.replace('_', '-')} {slip['slip_mm']:.1f} mm, {slip['slip_percent']:.0f} % "
                 f"(Meyerding {MEYERDING_NAMES[slip['meyerding']]})")
    if foramen:
        f = result.foramina[foramen]
        text += f"  |  room for root and fat in the foramen {f['height_mm']:.1f} mm high, {f['area_mm2']:.0f} mm\u00b2"
        lee = result.measures.get("foraminal", {}).get(foramen.removeprefix("foramen_"))
        if lee and lee["fat_gone"]:
            text += f"  |  fat gone {', '.join(lee['fat_gone'])}: reads Lee {lee['lee_read']}"
    return text


AXIAL_LABELS = ("root_L5_left", "root_L5_right", "root_L4_left", "root_L4_right", "root_L3_left", "root_L3_right",
                "root_S1_left", "root_S1_right", "drg_L4_left", "drg_L4_right", "drg_L5_left", "drg_L5_right",
                "thecal_sac", "disc_L4_L5", "disc_L5_S1", "vertebra_L5", "sacrum"
                )  # every root and ganglion a slab may cut: at L4-5 the L4 roots are in the foramina, L3 by the body
MIDLINE_LABELS = ("vertebra_L4", "vertebra_L5", "sacrum", "disc_L4_L5", "disc_L5_S1", "thecal_sac")
POSTERIOR_LABELS = ("vertebra_L4", "vertebra_L5", "sacrum", "thecal_sac", "root_L5_left", "root_L5_right")


def scenario_state(view: str, overlays: dict | None, fat: bool = False) -> SceneState:
    """The scene for a figure, its lesions named; `fat`: show the foraminal fat of a sagittal foramen view,
    which a foraminal stenosis's growths displace (its grade is read from that fat). The fat does not move with
    bone, so it is left hidden where bone moves far (a slip); the epidural fat is left hidden in the canal, where
    a thickened flavum would be drawn in front of it."""
    state = default_state(view=view, overlays=overlays or {})
    if fat and view in SAGITTAL_VIEWS:
        state.set_visible((f"foraminal_fat_{view_level(view)}_{view_side(view)}",), True)
    if view.startswith("foramen"):
        state.set_visible(FORAMEN_HIDDEN, False)
        state.set_labels(True, (*(label.format(side=view_side(view)) for label in FORAMEN_LABELS), LESION_LABELS))
    elif view in SAGITTAL_VIEWS:  # what the slab through a foramen cuts: its disc, the bone above, the exiting root
        level, side = view_level(view), view_side(view)
        root = exiting_root(level)
        state.set_labels(True, (f"disc_{level}", f"vertebra_{level.split('_')[0]}", f"root_{root}_{side}",
                                f"drg_{root}_{side}", *(f"root_{r}_{side}" for r in ("L4", "L5", "S1") if r != root),
                                LESION_LABELS))
        # (every root of that side the slab cuts is named: one crossing below the foramen was taken for its own)
    elif view in POSTERIOR_VIEWS:
        state.set_labels(True, (*POSTERIOR_LABELS, LESION_LABELS))
    else:
        state.set_labels(True, (*(MIDLINE_LABELS if view == MIDSAGITTAL_VIEW else AXIAL_LABELS), LESION_LABELS))
    return state


def scenario_figure(name: str, engine: PathologyEngine) -> None:
    """docs/<name>.png: the healthy view beside the lesion's, and, where the first view cannot show the root the
    lesion catches (a slip on the midline), the lesion again where it catches it."""
    title, lesions, *views = SCENARIOS[name]
    overlays = Overlays.of_specs(lesions).to_state()
    panes = [(DOCS / f"{name}_before.png", views[0], None), (DOCS / f"{name}_after.png", views[0], overlays)]
    panes += [(DOCS / f"{name}_root.png", view, overlays) for view in views[1:]]
    graded = any(isinstance(lesion, Stenosis) for lesion in lesions)
    for i, (path, view, shown) in enumerate(panes):
        render_figure(path, size=(1200, 900), state=scenario_state(view, shown, fat=name in SHOW_FORAMINAL_FAT))
        foramen = (f"foramen_{view_level(view)}_{view_side(view)}" if view in FORAMEN_VIEWS + SAGITTAL_VIEWS
                   else None)
        text = ("Grade 0 (normal)" if graded else "Normal") if i == 0 else title if i == 1 else \
            f"The same lesion: {VIEW_TITLES[view]}"
        caption(path, text, figures_line(engine, lesions if shown else [], foramen))
    grid([path for path, _, _ in panes], DOCS / f"{name}.png", len(panes))
    keys(DOCS / f"{name}.png", engine, lesions)
    for path, _, _ in panes:
        path.unlink()


def procedure_figure(name: str, engine: PathologyEngine) -> None:
    """docs/<name>.png: each view before the procedure (the lesion alone) and after it, side by side, each with
    what the model measures; the implants' key below."""
    title, lesions, text, views = PROCEDURES[name]
    procedure = Procedure.parse(text)
    treated = [*lesions, procedure]
    panes = []
    for view in views:
        foramen = (f"foramen_{view_level(view)}_{view_side(view)}" if view in FORAMEN_VIEWS + SAGITTAL_VIEWS
                   else None)
        canal = procedure.level_id if view in AXIAL_VIEWS else None
        for when, specs in (("Before", lesions), ("After", treated)):
            path = DOCS / f"{name}_{len(panes)}.png"
            overlays = Overlays.of_specs(specs).to_state()
            if view in BODY_VIEWS:
                render_figure(path, size=(900, 800), view=view, overlays=overlays)
            else:
                render_figure(path, size=(900, 800), state=scenario_state(view, overlays, fat=view in SAGITTAL_VIEWS))
            where = BODY_VIEW_TITLES.get(view) or VIEW_TITLES[view]
            figures = figures_line(engine, specs, foramen, canal)
            if when == "After" and procedure.type == "tfesi":
                figures += f"  |  {needle_clearance(engine, specs)}"
            caption(path, f"{when}: {title if when == 'Before' else procedure_title(procedure)} ({where})", figures)
            panes.append(path)
    grid(panes, DOCS / f"{name}.png", 2)
    keys(DOCS / f"{name}.png", engine, lesions or treated)  # (the lesions the "before" panes draw)
    kinds = dict.fromkeys(implant.kind for implant in engine.evaluate(treated).implants)
    if kinds:
        width = Image.open(DOCS / f"{name}.png").width
        with_legend(DOCS / f"{name}.png", swatches(width, {IMPLANT_KEY[k]: IMPLANT_COLOURS[k] for k in kinds},
                                                   lead="Implants:"))
    for path in panes:
        path.unlink()


IMAGING = {  # file name -> (title, lesions, 3D view, the lesion's side and level the images are centred on)
    "imaging_healthy": ("Healthy spine, Lee grade 0", [], "sagittal-L5-S1-left", "left", "L5_S1"),
    "imaging_l5_s1_left_foraminal_stenosis_grade3": (
        "Left L5-S1 foraminal stenosis, Lee grade 3", [Stenosis("L5-S1", "left", 3)], "sagittal-L5-S1-left", "left",
        "L5_S1"),
    "imaging_l4_l5_right_subarticular_extrusion": (
        "Right L4-5 subarticular extrusion: traversing right L5",
        [Herniation("L4-L5", "subarticular", "right", "extrusion", 0.8)], "axial-L4-L5", "right", "L4_L5"),
    "imaging_l5_s1_isthmic_spondylolisthesis": (
        "Isthmic L5-S1 spondylolisthesis, Meyerding II", [Spondylolisthesis("L5-S1", "isthmic", 2)],
        "sagittal-midline", "left", "L5_S1"),
}
PANE = 1040  # pixels across each pane: the 3D and each slice (a sagittal slice at twice its 0.5 mm pixels)


def imaging_figure(name: str, engine: PathologyEngine, imaging) -> None:
    """docs/<name>.png: the 3D beside the synthetic sagittal T2, parasagittal T1 through the foramen (where Lee
    grades it) and axial T2 of the same scene; each slice is the one through the lesion, or through the
    foramen and the disc it is centred on."""
    title, lesions, view, side, level = IMAGING[name]
    result = engine.evaluate(lesions)
    imaging.show(result)
    lesion = next((item.centre for item in result.drawn_lesions if item.kind == "disc"), None)
    foramen = imaging.landmarks[f"foramen_{level}_{side}"]
    disc = imaging.landmarks[f"disc_{level}_centre"]
    shots = (("sagittal-t2", lesion if lesion is not None else disc),
             (f"foramen-t1-{side}", foramen),
             (f"axial-t2-{level.replace('_', '-')}", lesion if lesion is not None else disc))
    panes = [DOCS / f"{name}_3d.png"]
    render_figure(panes[0], size=(PANE, PANE), state=scenario_state(view, Overlays.of_specs(lesions).to_state(),
                                                                      fat=view in SAGITTAL_VIEWS))
    herniated = lesion is not None  # (a herniation's foramen figures would describe a foramen it does not touch)
    caption(panes[0], f"{title}, in 3D ({VIEW_TITLES[view]})",
            figures_line(engine, lesions, None if herniated else f"foramen_{level}_{side}"))
    notice = imaging.config.terms["notice"]
    for series, point in shots:
        k = imaging.geometry(series).nearest_slice(point)
        image = imaging.image(series, k)
        spec_title = imaging.config.title(imaging.series[series])
        path = DOCS / f"{name}_{series}.png"
        annotated(image, spec_title, notice, width=PANE, box=zoomed(image, disc, ZOOM_MM.get(series.split("-")[0]))
                  ).save(path)
        caption(path, f"Synthetic {spec_title}, slice {k + 1} of {len(imaging.geometry(series).planes)}",
                SLICE_NOTES[series.split("-")[0]])
        panes.append(path)
    grid(panes, DOCS / f"{name}.png", 2)
    for path in panes:
        path.unlink()


ZOOM_MM = {"axial": 120.0}  # the axial slices zoomed to this square round the canal, as a reader zooms in


def zoomed(image, point, size_mm: float | None) -> tuple[int, int, int, int] | None:
    """The pixel box of a square of `size_mm` centred on a point's projection 20 mm behind it (the canal), or
    None for the whole image."""
    if size_mm is None:
        return None
    row, column, _ = image.plane.model_to_pixel(point + 20.0 * image.plane.down, image.voxel)
    half = int(size_mm / image.voxel / 2)
    rows, columns = image.pixels.shape
    r0, c0 = int(np.clip(row - half, 0, rows - 2 * half)), int(np.clip(column - half, 0, columns - 2 * half))
    return r0, r0 + 2 * half, c0, c0 + 2 * half


SLICE_NOTES = {  # what to look for on each kind of slice (imaging reference, section 3)
    "sagittal": "T2: CSF and fat bright, a healthy nucleus brighter than its dark annulus, marrow intermediate, "
                "cortex a black line",
    "foramen": "T1 through the foramen: the root dark in a ring of bright fat; Lee 2010 grades how much of the ring "
               "round the root is gone",
    "axial": "T2, seen from the feet (patient's right on the left): the sac bright, the roots dark where CSF or "
             "fat surrounds them",
}


def needle_clearance(engine: PathologyEngine, specs) -> str:
    """How far the needle keeps from the exiting root and its ganglion, as the scene has moved them."""
    result = engine.evaluate(specs)
    needle = next(implant for implant in result.implants if implant.kind == "needle")
    wall = needle.surface_points()
    root = exiting_root(needle.implant_id.split("_", 1)[1].rsplit("_", 1)[0])
    side = needle.implant_id.rsplit("_", 1)[1]
    gaps = {name: cKDTree(result.points.get(sid, engine.baseline[sid])).query(wall)[0].min()
            for name, sid in (("root", f"root_{root}_{side}"), ("ganglion", f"drg_{root}_{side}"))}
    return (f"needle {gaps['root']:.1f} mm from the {root} root, {gaps['ganglion']:.1f} mm from its ganglion "
            f"at the nearest")


def procedure_title(procedure: Procedure) -> str:
    """Its name as the content gives it, and where."""
    content, _ = load_lesion_content("procedure")
    side = f" {procedure.side}" if procedure.side else ""
    return f"{content['procedures'][procedure.type]['name']},{side} {procedure.level}"


def natural_history_figure(out: Path, engine: PathologyEngine) -> None:
    """A right L4-5 subarticular extrusion on the axial slab at 0 to 52 weeks of conservative care, drawn as the
    average over patients (70 % of extrusions regress: Chiu 2015)."""
    lesion = Herniation("L4-L5", "subarticular", "right", "extrusion", 0.8)
    graded_series(out, engine, [(f"Right L4-5 extrusion, {weeks} weeks of conservative care" if not weeks else
                                 f"{weeks} weeks: the most the average over patients shrinks (70 % of "
                                 f"extrusions regress, Chiu 2015)",
                                 [lesion, Procedure.parse(f"conservative:L4-L5:{weeks}")])
                                for weeks in (0, 6, 12, 26, 52)], "axial-L4-L5", columns=3)


def graded_series(out: Path, engine: PathologyEngine, grades: list[tuple[str, list]], view: str,
                  foramen: str | None = None, canal_level: str | None = None, columns: int | None = None) -> None:
    """One lesion at each of its grades (title, lesions) on the slab its grading uses, side by side, each with
    what the model measures (and, in a foramen, the fat its grade is read from)."""
    panes = []
    for i, (title, lesions) in enumerate(grades):
        path = out.with_name(f"{out.stem}_{i}.png")
        render_figure(path, size=(900, 800), state=scenario_state(view, Overlays.of_specs(lesions).to_state(),
                                                                  fat=foramen is not None))
        caption(path, title, figures_line(engine, lesions, foramen, canal_level))
        panes.append(path)
    grid(panes, out, columns or len(panes))
    keys(out, engine, grades[-1][1])
    for path in panes:
        path.unlink()


def lee_series(out: Path, engine: PathologyEngine) -> None:
    """Left L5-S1 foraminal stenosis at Lee grades 0 to 3 on the sagittal slab the grading uses."""
    graded_series(out, engine, [(f"Lee grade {g}", [Stenosis("L5-S1", "left", g)] if g else []) for g in range(4)],
                  "sagittal-L5-S1-left", "foramen_L5_S1_left")


def schizas_series(out: Path, engine: PathologyEngine) -> None:
    """Central L4-5 canal stenosis at Schizas grades A to D on the axial slab through the disc."""
    graded_series(out, engine, [(f"Schizas {g}", [Stenosis.parse(f"L4-L5:central:{g}")] if g != "A" else [])
                                for g in SCHIZAS_GRADES], "axial-L4-L5", canal_level="L4_L5")


def zones_figure(out: Path, engine: PathologyEngine) -> None:
    """Fardon 2014's axial zones and Lee 1988's lateral canal zones over the L4-5 axial slab, with a right
    subarticular extrusion in the first and the lateral canal it narrows in the second."""
    lesions = [Herniation("L4-L5", "subarticular", "right", "extrusion", 0.7)]
    panes = []
    for scheme, title in (("fardon", "Fardon 2014 zones (central ends at the sac's edge here)"),
                          ("lee", "Lee 1988 zones of the L5 canal below, projected on the L4-5 disc")):
        path = out.with_name(f"{out.stem}_{scheme}.png")
        state = scenario_state("axial-L4-L5", Overlays.of_specs(lesions).to_state())
        state.set_zones(scheme)
        render_figure(path, size=(1200, 900), state=state)
        caption(path, title, figures_line(engine, lesions, None))
        panes.append(path)
    grid(panes, out, len(panes))
    for path in panes:
        path.unlink()


LEG_SCENARIOS = {  # issue 5: spine and shaded leg side by side
    "leg_l4_l5_right_subarticular": ("Right L4-5 subarticular herniation: right L5 dermatome",
                                     "L4-L5:subarticular:right:extrusion:0.7", "axial-L4-L5", "leg-anterior"),
    "leg_l5_s1_left_foraminal": ("Left L5-S1 foraminal herniation: left L5 dermatome",
                                 "L5-S1:foraminal:left:protrusion:0.9", "foramen-L5-S1-left", "leg-anterior"),
    "leg_l5_s1_right_subarticular": ("Right L5-S1 subarticular herniation: right S1 dermatome (from behind)",
                                     "L5-S1:subarticular:right:extrusion:0.7", "axial-L5-S1", "leg-posterior"),
}


def font(size: int):
    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default()


def wrap(words: str, fits) -> list[str]:
    """`words` over as many lines as `fits(line)` allows, word by word."""
    lines = [""]
    for word in words.split(" "):
        longer = f"{lines[-1]} {word}".strip()
        if lines[-1] and not fits(longer):
            lines.append(word)
        else:
            lines[-1] = longer
    return lines


def caption(path: Path, text: str, figures: str | None = None) -> None:
    """Put a caption bar above the image (figures travel without their README), so it hides nothing of the
    picture (the orientation letter at the top edge included): the title, then `figures` below it, its "  |  "
    parts joined while they fit the picture's width; anything wider runs on, word by word."""
    img = Image.open(path).convert("RGB")
    f = font(max(18, img.height // 30))
    small = font(max(15, img.height // 40))
    measure = ImageDraw.Draw(img)
    width = img.width - 24
    titles = wrap(text, lambda line: measure.textlength(line, font=f) <= width)
    lines: list[str] = []
    for part in (figures.split("  |  ") if figures else []):
        joined = f"{lines[-1]}  |  {part}" if lines else part
        if lines and measure.textlength(joined, font=small) <= width:
            lines[-1] = joined
        else:
            lines += wrap(part, lambda line: measure.textlength(line, font=small) <= width)
    top = len(titles) * (f.size + 6) + 10
    bar = top + len(lines) * (small.size + 8)
    out = Image.new("RGB", (img.width, img.height + bar), (20, 24, 31))
    out.paste(img, (0, bar))
    draw = ImageDraw.Draw(out)
    for i, title in enumerate(titles):
        draw.text((12, 8 + i * (f.size + 6)), title, fill=(240, 240, 240), font=f)
    for i, line in enumerate(lines):
        draw.text((12, top + i * (small.size + 8)), line, fill=(255, 196, 120), font=small)
    out.save(path)


def grid(paths: list[Path], out: Path, columns: int) -> None:
    images = [Image.open(p) for p in paths]
    w, h = max(i.width for i in images), max(i.height for i in images)  # (captions may wrap to more lines)
    rows = (len(images) + columns - 1) // columns
    sheet = Image.new("RGB", (w * columns, h * rows), (17, 21, 28))
    for i, img in enumerate(images):  # bottom-aligned: the pictures line up when one caption wraps to more lines
        sheet.paste(img, ((i % columns) * w, (i // columns) * h + h - img.height))
    sheet.save(out)


def legend_strip(width: int) -> Image.Image:
    """One swatch per tissue kind, in the colours the window uses (annotations/structures.json)."""
    kinds = {}
    for info in structure_infos().values():
        kinds.setdefault(info.kind, info.colour)
    return swatches(width, kinds)


def swatches(width: int, colours: dict[str, str], lead: str = "", cut_shade: float | None = None) -> Image.Image:
    """A strip of coloured squares, each followed by its name (after `lead`, when given), running on to another
    line where the width ends; with `cut_shade`, each square's right half in the darker shade a slab's cut face
    draws it in."""
    f = font(22)
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    start = 16 + (24 + int(measure.textlength(lead, font=f)) if lead else 0)
    places, x, row = [], start, 0
    for name in colours:
        item = 48 + int(measure.textlength(name, font=f))
        if x > start and x + item > width:
            x, row = start, row + 1
        places.append((x, 16 + 36 * row))
        x += item
    strip = Image.new("RGB", (width, 56 + 36 * row), (17, 21, 28))
    draw = ImageDraw.Draw(strip)
    if lead:
        draw.text((16, 16), lead, fill=(235, 235, 235), font=f)
    for (name, colour), (x, y) in zip(colours.items(), places):
        draw.rectangle([x, y, x + 24, y + 24], fill=colour)
        if cut_shade is not None:
            rgb = tuple(int(cut_shade * c) for c in ImageColor.getrgb(colour))
            draw.rectangle([x + 12, y, x + 24, y + 24], fill=rgb)
        draw.text((x + 32, y), name, fill=(235, 235, 235), font=f)
    return strip


def keys(path: Path, engine: PathologyEngine, lesions) -> None:
    """Below a lesion figure: what its lesion surfaces are, and what its root colours (and the sac's, where the
    lesions flatten it) mean."""
    width = Image.open(path).width
    sac = engine.evaluate(lesions).compression.get("thecal_sac", {}).get("percent", 0.0) > 0.0
    for strip in (lesion_key(width, engine, lesions), compression_key(width, sac)):
        if strip is not None:
            with_legend(path, strip)


def compression_key(width: int, sac: bool = False) -> Image.Image:
    """The compression colours of a root or ganglion (and, with `sac`, of the thecal sac) as the window draws
    them (render.scene's compression_lut from each one's own colour), and what they mean: each cross-section's
    flattening as a share of its own diameter, the figure the captions and the report give."""
    strip = Image.new("RGB", (width, 64), (17, 21, 28))
    draw = ImageDraw.Draw(strip)
    f = font(20)
    infos = structure_infos()
    x = 16
    ramps = [("Root colour: flattened by", infos["root_L5_left"])]
    if sac:
        ramps.append(("sac colour:", infos["thecal_sac"]))
    for lead, info in ramps:
        draw.text((x, 20), lead, fill=(235, 235, 235), font=f)
        x0 = x + 12 + int(draw.textlength(lead, font=f))
        ramp = 300
        table = compression_lut(info.colour, info.kind)
        for dx in range(ramp):
            rgb = tuple(int(255 * c) for c in table.map_value(dx / (ramp - 1))[:3])
            draw.line([(x0 + dx, 14), (x0 + dx, 34)], fill=rgb)
        for share in (0, 35, 100):
            tick = x0 + share * (ramp - 1) // 100
            draw.line([(tick, 34), (tick, 40)], fill=(235, 235, 235))
            text = f"{share} %"
            draw.text((tick - draw.textlength(text, font=font(16)) / 2, 42), text, fill=(235, 235, 235), font=font(16))
        x = x0 + ramp + 32
    draw.text((x - 8, 20), "of its own diameter (as the captions give it)", fill=(235, 235, 235), font=f)
    return strip


# Each kind of lesion surface is drawn in the colour of the tissue it is made of (LESION_DRAWN_AS), as on
# MRI a thick flavum reads as flavum: the key names that tissue and what the figures grow from it.
LESION_KEY = {"disc": "nucleus: disc material out of the disc", "annulus": "annulus: a bulge",
              "bone": "bone: osteophyte, facet hypertrophy", "ligament": "ligament: thick flavum, pars fibrocartilage"}


def lesion_key(width: int, engine: PathologyEngine, lesions) -> Image.Image | None:
    """The lesion surfaces a figure draws, by the tissue colour each is drawn in; None when it draws none."""
    infos = structure_infos()
    kinds = dict.fromkeys(lesion.kind for lesion in engine.evaluate(lesions).lesions)
    if not kinds:
        return None
    return swatches(width, {LESION_KEY[kind]: lesion_colour(lambda sid: infos[sid].colour, kind) for kind in kinds},
                    lead="Lesions, in their tissue's colour (right half: as a slab cuts it):", cut_shade=SECTION_SHADE)


def with_legend(path: Path, strip: Image.Image) -> None:
    """The image with a legend strip below it."""
    sheet = Image.open(path)
    whole = Image.new("RGB", (sheet.width, sheet.height + strip.height))
    whole.paste(sheet, (0, 0))
    whole.paste(strip, (0, sheet.height))
    whole.save(path)


PATH_COLOURS = {"lumbosacral_trunk": "#a6761d", "sciatic_nerve": "#ffe066", "tibial_nerve": "#7fc97f",
                "common_fibular_nerve": "#fd8d3c", "deep_fibular_nerve": "#e7298a",
                "superficial_fibular_nerve": "#56b4e9"}  # one colour per nerve of the path (nerve_path.NERVES)
PATH_FIGURE_VIEWS = {"From behind": ((0.0, -2900.0, -480.0), "back"), "From the left": ((-2900.0, 0.0, -480.0), "left"),
              "From the front": ((0.0, 2900.0, -480.0), "front")}


def body_path_figure(out: Path) -> None:
    """The L5 path to the foot in the fitted body (meshes/body_manifest.json): the skin see-through, the
    lower lumbar spine and pelvis, and each nerve of the path in its own colour, from behind, the left
    side and the front. The window does not show the body yet; this draws the committed meshes directly."""
    folder = meshes_dir()
    body = json.loads((folder / "body_manifest.json").read_text())
    skin = pv.read(folder / body["variants"][body["default"]]["file"])
    bones = [pv.read(folder / f"{sid}.vtp") for sid in ("vertebra_L3", "vertebra_L4", "vertebra_L5", "sacrum",
                                                          "hip_bone_left", "hip_bone_right")]
    panes = []
    for title, (position, name) in PATH_FIGURE_VIEWS.items():
        plotter = pv.Plotter(off_screen=True, window_size=(900, 1300))
        plotter.set_background(BACKGROUND[0], top=BACKGROUND[1])
        plotter.enable_depth_peeling(number_of_peels=12, occlusion_ratio=0.0)  # see-through skin, no speckle
        plotter.enable_anti_aliasing("ssaa")
        plotter.add_mesh(skin, color="#efd3bd", opacity=0.18, smooth_shading=True)
        for bone in bones:
            plotter.add_mesh(bone, color="#e8e0cc", smooth_shading=True)
        for sid, record in body["variants"][body["default"]]["nerves"].items():
            plotter.add_mesh(pv.read(folder / record["file"]), color=PATH_COLOURS[sid.rsplit("_", 1)[0]],
                             smooth_shading=True)
        plotter.camera.focal_point, plotter.camera.position, plotter.camera.up = (0.0, 0.0, -480.0), position, (0, 0, 1)
        plotter.camera.view_angle = 26.0
        path = out.with_name(f"{out.stem}_{name}.png")
        plotter.screenshot(path)
        plotter.close()
        caption(path, title)
        panes.append(path)
    grid(panes, out, 3)
    names = {nerve.removesuffix("_nerve").replace("_", " "): colour for nerve, colour in PATH_COLOURS.items()}
    with_legend(out, swatches(Image.open(out).width, names))
    for path in panes:
        path.unlink()


PREVIEW_AXIAL_LABELS = ("disc_L4_L5", "thecal_sac", "root_L5_left", "root_L5_right", "root_L4_left", "root_L4_right",
                        "ligamentum_flavum_L4_L5_left", "ligamentum_flavum_L4_L5_right")  # a third of the width
# leaves room for the L4-5 story only; the sagittal pane names the facet cartilage


def anatomy_preview(out: Path) -> None:
    """The README's first figure: the spine and pelvis from the right (right hip bone hidden, so L5 and S1
    show), an axial slab through the L4-5 disc, and a sagittal slab through the right L5-S1 foramen with the
    fat round the root (Lee grade 0), each as the window draws it, with a legend of the tissue colours."""
    panes = []
    for view, hide, show, title, labels in (
            ("right", ("hip_bone_right",), (), "L1 to the pelvis, from the right", ()),
            ("axial-L4-L5", (), (), "Axial slab, L4-5 disc", PREVIEW_AXIAL_LABELS),
            ("sagittal-L5-S1-right", (), ("foraminal_fat_L5_S1_right",), "Sagittal slab, right L5-S1 foramen", ())):
        state = default_state(view=view, labels=True)
        state.set_labels(True, labels)
        state.set_visible(hide, False)
        state.set_visible(show, True)
        path = out.with_name(f"{out.stem}_{len(panes)}.png")
        render_figure(path, size=(900, 1000), state=state)
        caption(path, title)
        panes.append(path)
    grid(panes, out, 3)
    with_legend(out, legend_strip(Image.open(out).width))
    for path in panes:
        path.unlink()


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    anatomy_preview(DOCS / "visible_human_preview.png")
    body_path_figure(DOCS / "body_l5_path.png")
    for view in FIGURE_VIEWS:
        out = DOCS / f"view_{view}.png"
        render_figure(out, view=view, size=(1600, 1000), labels=view not in ("posterior", "right"))
        caption(out, VIEW_TITLES[view])
    overview = DOCS / "overview.png"
    render_figure(overview, view="reset", size=(1600, 1000), labels=True)
    grid([DOCS / f"view_{v}.png" for v in ("anterior", "posterior", "left", "axial-L4-L5")],
         DOCS / "anatomy_overview.png", 2)
    scene = load_scene(meshes_dir())
    engine = engine_for(scene)
    lee_series(DOCS / "lee_grades_l5_s1_left.png", engine)
    schizas_series(DOCS / "schizas_grades_l4_l5.png", engine)
    zones_figure(DOCS / "zones_axial_l4_l5.png", engine)
    natural_history_figure(DOCS / "procedure_natural_history_l4_l5.png", engine)
    for name in PROCEDURES:
        procedure_figure(name, engine)
    for name in SCENARIOS:
        scenario_figure(name, engine)
    imaging, _ = imaging_for(scene)
    for name in IMAGING:
        imaging_figure(name, engine, imaging)
    for name, (title, text, view, leg_view) in LEG_SCENARIOS.items():
        out = DOCS / f"{name}.png"
        render_figure(out, view=view, size=(1800, 900), layout="spine+leg", leg_view=leg_view,
                      overlays=Overlays.of_specs([Herniation.parse(text)]).to_state())
        caption(out, title)
    print(f"wrote figures to {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
