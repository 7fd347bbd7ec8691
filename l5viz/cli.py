"""Command line: `l5viz` opens the window; `render`, `export`, `imaging`, `report` and `validate` work without a
display."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from l5viz.content.locale import available_languages, resolve_language, set_language, system_locale_name
from l5viz.paths import annotations_dir, meshes_dir
from l5viz.teaching.settings import Settings

SIZE_HELP = "WIDTHxHEIGHT in pixels, e.g. 1600x1000"


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size {text!r} is not {SIZE_HELP}") from None
    if not (16 <= w <= 8192 and 16 <= h <= 8192):
        raise argparse.ArgumentTypeError(f"size {text!r} out of range; valid: 16 to 8192 pixels each way")
    return w, h


def parse_overlays(args) -> dict:
    """One --KIND flag per lesion kind (--herniation, --stenosis, ...) into the SceneState overlay dict
    (SpecError lists the valid values)."""
    from l5viz.pathology.kinds import Overlays, registry

    return Overlays.from_texts({name: getattr(args, name) for name in registry()}).to_state()


def build_parser() -> argparse.ArgumentParser:
    from l5viz.render.views import ALL_VIEWS, BODY_VARIANTS, BODY_VIEWS, LAYOUTS, STANDARD_VIEWS
    from l5viz.anatomy.zones import ZONE_SCHEMES
    from l5viz.state import AXIAL_CONVENTIONS, DERMATOME_MAPS

    from l5viz import __version__

    parser = argparse.ArgumentParser(prog="l5viz", description="Teach the L5 nerve root in 3D. "
                                     "For education, not diagnosis. With no command, opens the window.")
    parser.add_argument("--version", action="version", version=f"l5viz {__version__}")
    parser.add_argument("--language", choices=available_languages(), metavar="CODE",
                        help=f"the language of the words: {', '.join(available_languages())} (default: the language "
                             "setting of the window, else the system's)")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="add l5viz and its icon to this Linux user's applications menu, then exit")
    sub = parser.add_subparsers(dest="command")

    def overlay_args(p):
        from l5viz.pathology.kinds import registry

        for name, kind in registry().items():
            p.add_argument(f"--{name.replace('_', '-')}", dest=name, action="append", default=[],
                           metavar=kind.spec.syntax(),
                           help=f"{kind.title}: {kind.help} (repeatable)")

    render = sub.add_parser("render", help="render a figure to PNG without a display")
    render.add_argument("--view", default="reset", choices=ALL_VIEWS, metavar="VIEW",
                        help=f"one of: {', '.join(ALL_VIEWS)}")
    render.add_argument("--layout", choices=LAYOUTS, help="spine, leg (the body pane alone) or spine+leg "
                                                          "(default: by the view)")
    render.add_argument("--map", choices=DERMATOME_MAPS, default=DERMATOME_MAPS[0], help="dermatome map")
    render.add_argument("--zones", choices=ZONE_SCHEMES, default=ZONE_SCHEMES[0],
                        help="draw Fardon 2014's axial zones (fardon) or Lee 1988's lateral canal zones (lee) over "
                             "an axial view")
    render.add_argument("--axial", choices=AXIAL_CONVENTIONS, default=AXIAL_CONVENTIONS[0],
                        help="axial slabs seen from the feet as on MRI and CT (radiological, the default) "
                             "or from the head (anatomical)")
    render.add_argument("--leg-view", choices=BODY_VIEWS, default="leg-anterior",
                        help="camera of the body pane when it is shown beside the spine")
    render.add_argument("--body", choices=BODY_VARIANTS, help="which body: male (the default) or female")
    render.add_argument("--size", type=parse_size, default=(1600, 1000), help=SIZE_HELP)
    render.add_argument("--out", type=Path, required=True)
    render.add_argument("--labels", action="store_true", help="show structure labels")
    render.add_argument("--lod", action="store_true", help="use the lighter interactive meshes")
    render.add_argument("--white", action="store_true", help="white background (print, handouts)")
    render.add_argument("--session", type=Path, help="render the scene saved in a session file (.l5viz.json)")
    overlay_args(render)

    export = sub.add_parser("export", help="write the (deformed) scene: <id>.vtp + report.json, or one .glb")
    export.add_argument("--out", type=Path, required=True, help="a folder (vtp) or a .glb file (glb)")
    export.add_argument("--format", choices=("vtp", "glb"), default="vtp")
    overlay_args(export)

    spin = sub.add_parser("turntable", help="a turntable movie of the scene (.mp4 or .gif)")
    spin.add_argument("--out", type=Path, required=True)
    spin.add_argument("--frames", type=int, default=72)
    spin.add_argument("--size", type=parse_size, default=(960, 720), help=SIZE_HELP)
    turns = STANDARD_VIEWS + ("reset", "body")
    spin.add_argument("--view", default="anterior", choices=turns, metavar="VIEW",
                      help="starting view: " + ", ".join(turns) + " (the whole body with the nerve path)")
    overlay_args(spin)

    imaging = sub.add_parser("imaging", help="write a synthetic MRI or CT series of the scene (PNG or DICOM)")
    imaging.add_argument("--series", required=True, metavar="SERIES", help="e.g. sagittal-t2, foramen-t1-left, "
                         "axial-t2-L4-L5, ct-axial-L5-S1 (an unknown one lists them all)")
    imaging.add_argument("--out", type=Path, required=True, help="folder for the files (created)")
    imaging.add_argument("--format", choices=("png", "dicom", "both"), default="both")
    imaging.add_argument("--window", choices=("bone", "soft_tissue"), help="CT window for the PNGs "
                         "(default: soft tissue; MR images use the scanner's automatic window)")
    imaging.add_argument("--seed", type=int, default=0, help="noise seed: the same seed makes the same images")
    overlay_args(imaging)

    report = sub.add_parser("report", help="read a radiology report: its findings as JSON, the picture, a handout")
    report.add_argument("file", metavar="FILE", help="the report as plain text (UTF-8), or - to read standard input")
    report.add_argument("--render", type=Path, metavar="OUT.png", help="the spine and the leg with the findings")
    report.add_argument("--handout", type=Path, metavar="OUT.pdf", help="a handout of one or two pages (.pdf or .png)")
    report.add_argument("--with-unsure", action="store_true", help="draw the findings read as unsure too")
    report.add_argument("--size", type=parse_size, default=(1600, 1000), help=SIZE_HELP)

    sub.add_parser("validate", help="check meshes/ and annotations/ and list every problem with its file")
    return parser


def cmd_render(args) -> int:
    from l5viz.exports.files import writable_file
    from l5viz.render.offscreen import default_state, render_figure

    writable_file(args.out, (".png",))
    if args.session:
        from l5viz.teaching.session import load_session

        session, problems = load_session(args.session)
        if session is None:  # one line: the file and why it cannot be used
            print(f"l5viz render: {problems[0]}", file=sys.stderr)
            return 2
        for problem in problems:
            print(problem, file=sys.stderr)
        state = default_state()
        session.apply(state)
    else:
        state = default_state(view=args.view, labels=args.labels, overlays=parse_overlays(args),
                              dermatome_map=args.map, axial=args.axial, zones=args.zones)
    state = render_figure(args.out, size=args.size, lod=args.lod, white=args.white, state=state,
                          layout=args.layout, leg_view=args.leg_view, body=args.body)
    print(f"wrote {args.out} ({args.size[0]}x{args.size[1]}, view {state.view})")
    return 0


def cmd_export(args) -> int:
    from l5viz.clinical.correlation import compromise_report
    from l5viz.pathology.export import export_scene
    from l5viz.render.loading import engine_for, load_scene
    from l5viz.exports.files import writable_file, writable_folder
    from l5viz.scenario import Scenario
    from l5viz.state import SceneState

    overlays = parse_overlays(args)
    writable_file(args.out, (".glb",)) if args.format == "glb" else writable_folder(args.out)
    scene = load_scene(meshes_dir())
    for problem in scene.problems:
        print(problem, file=sys.stderr)
    result = Scenario(SceneState(overlays=overlays), lambda: engine_for(scene), lazy=False).current()
    if result.pathology is None:
        print(f"l5viz: {scene.source} or its meshes lack what the overlays need; run l5viz validate", file=sys.stderr)
        return 1
    if args.format == "glb":
        return export_glb_scene(args.out, scene, result)
    report = export_scene(args.out, scene.meshes, result.pathology, result.overlays)
    report["root_compromise"] = compromise_report(result.pathology)  # Pfirrmann 2004, read from the geometry
    report["procedures"] = result.outcomes  # each treatment's figures, before it and after
    export_body(args.out, report, result.intensities)
    compressed = {k: v for k, v in report["compression"].items() if v["mm"] > 0}
    print(f"wrote {len(scene.meshes) - len(report['removed'])} structures, {len(report['lesions'])} lesions, "
          f"{len(report['implants'])} implants and report.json to {args.out}")
    print(json.dumps({"compressed": compressed, "foramina": report["foramina"]}, indent=1))
    return 0


def export_body(out: Path, report: dict, intensity: dict[tuple[str, str], float]) -> None:
    """body_skin.vtp with an `intensity` array per map, the nerve path's <id>.vtp, and per dermatome and side
    the intensity in report.json."""

    from l5viz.pathology.export import atomic_write_text
    from l5viz.render.body import load_body
    from l5viz.skin.dermatomes import ARRAY_PREFIX, dermatome_intensity_by_side, load_dermatome_maps, side_of_vertex

    model, problems = load_body(meshes_dir())
    maps, more = load_dermatome_maps()
    for problem in problems + more:
        print(problem, file=sys.stderr)
    if model is None or maps is None:
        return
    mesh = model.skin
    sides = side_of_vertex(mesh.points)
    for name, label_map in maps.maps.items():
        shade = dermatome_intensity_by_side(mesh.point_data[ARRAY_PREFIX + name], label_map, intensity, sides)
        mesh.point_data[f"intensity_{name}"] = shade
    mesh.point_data["intensity"] = mesh.point_data["intensity_lee2008"]
    mesh.save(out / "body_skin.vtp")
    for sid, nerve in model.nerves.items():
        nerve.save(out / f"{sid}.vtp")
    report["dermatomes"] = {side: {root: value for (root, s), value in sorted(intensity.items()) if s == side}
                            for side in ("left", "right")}
    atomic_write_text(out / "report.json", json.dumps(report, indent=1) + "\n")


def export_glb_scene(out: Path, scene, scenario_result) -> int:
    """The deformed scene (less what a procedure took out), its lesions and implants and the body (see-through
    skin, nerve path) in one .glb, coloured and shown as the window starts."""
    from l5viz.exports.gltf import body_parts, check_glb, export_glb, scene_parts
    from l5viz.render.body import SEE_THROUGH, SKIN, load_body
    from l5viz.render.offscreen import default_state, structure_infos
    from l5viz.render.scene import structure_colour

    result = scenario_result.pathology
    infos = structure_infos()
    deformed = {sid: mesh.copy() for sid, mesh in scene.meshes.items() if sid not in result.removed}
    for sid, points in result.points.items():
        deformed[sid].points = points
    for sid, compression in result.vertex_compression.items():  # coloured as the window colours them
        deformed[sid].point_data["compression"] = compression
    meshes, colours, opacity = scene_parts(deformed, lambda sid: structure_colour(infos, sid),
                                             result.drawn_lesions, result.implants)
    model, problems = load_body(meshes_dir())
    for problem in problems:
        print(problem, file=sys.stderr)
    if model is not None:
        parts = body_parts(model.skin, model.nerves, lambda sid: structure_colour(infos, sid), SKIN, SEE_THROUGH)
        meshes, colours, opacity = (a | b for a, b in zip((meshes, colours, opacity), parts))
    state = default_state()
    export_glb(out, meshes, colours, {"thecal_sac": 0.6} | opacity, state.visible,
               kinds={sid: info.kind for sid, info in infos.items()})
    problems = check_glb(out)
    for problem in problems:
        print(f"{out}: {problem}", file=sys.stderr)
    print(f"wrote {out} ({len(meshes)} structures)")
    return 1 if problems else 0


def cmd_turntable(args) -> int:
    from l5viz.exports.files import writable_file
    from l5viz.exports.turntable import turntable
    from l5viz.render.offscreen import default_state

    writable_file(args.out, (".mp4", ".gif"))
    state = default_state(view=args.view, overlays=parse_overlays(args))
    turntable(args.out, state=state, frames=args.frames, size=args.size)
    print(f"wrote {args.out} ({args.frames} frames, {args.size[0]}x{args.size[1]})")
    return 0


def cmd_imaging(args) -> int:
    from l5viz.exports.files import writable_folder
    from l5viz.imaging.config import default_imaging
    from l5viz.imaging.dicom import write_series
    from l5viz.imaging.picture import annotated, write_png
    from l5viz.render.loading import engine_for, imaging_for, load_scene
    from l5viz.scenario import Scenario
    from l5viz.state import SceneState

    if args.series not in default_imaging().series:
        print(f"l5viz imaging: unknown series {args.series!r}; valid: {', '.join(default_imaging().series)}",
              file=sys.stderr)
        return 2
    writable_folder(args.out)
    overlays = parse_overlays(args)
    scene = load_scene(meshes_dir())
    imaging, problems = imaging_for(scene, args.seed)
    for problem in scene.problems + problems:
        print(problem, file=sys.stderr)
    if imaging is None:
        return 1
    result = Scenario(SceneState(overlays=overlays), lambda: engine_for(scene)).current()
    if overlays and result.pathology is None:
        print(f"l5viz: {scene.source} or its meshes lack what the overlays need; run l5viz validate", file=sys.stderr)
        return 1
    imaging.show(result.pathology)
    config, spec = imaging.config, imaging.series[args.series]
    title, notice = config.title(spec), config.terms["notice"]
    images = [imaging.image(args.series, k) for k in range(len(imaging.geometry(args.series).planes))]
    folder = args.out / args.series
    written = []
    if args.format in ("dicom", "both"):
        study = json.dumps(overlays, sort_keys=True)
        written += write_series(images, folder, title, notice, config.terms["patient_name"], study)
    if args.format in ("png", "both"):
        window = None
        if args.window and spec.protocol.modality == "CT":
            chosen = config.rules["windows"][args.window]
            window = (float(chosen["width"]), float(chosen["level"]))
        written += [write_png(annotated(image, title, notice, window), folder / f"slice_{image.index + 1:02d}.png")
                    for image in images]
    print(f"wrote {len(written)} files of {title} ({len(images)} slices, synthetic) to {folder}")
    return 0


def cmd_report(args) -> int:
    from l5viz.content import load_clinical_content
    from l5viz.exports.files import writable_file
    from l5viz.render.offscreen import default_state, render_figure
    from l5viz.report.explain import picture_caption, report_paragraphs, view_for
    from l5viz.report.reader import read_report, report_text
    from l5viz.report.vocabulary import default_vocabulary

    for out, suffixes in ((args.render, (".png",)), (args.handout, (".pdf", ".png"))):
        if out is not None:
            writable_file(out, suffixes)
    reading = read_report(sys.stdin.read() if args.file == "-" else report_text(Path(args.file)))
    print(json.dumps(reading.to_dict(), indent=2, ensure_ascii=False))
    if not (args.render or args.handout):
        return 0
    ticked = {i for i, f in enumerate(reading.findings) if f.spec is not None} if args.with_unsure else None
    content, problems = load_clinical_content()
    for problem in problems:
        print(problem, file=sys.stderr)
    state = default_state(view=view_for(reading.drawn(ticked), content), overlays=reading.overlays(ticked).to_state())
    if args.render:
        render_figure(args.render, size=args.size, state=state, layout="spine+leg", white=True)
        print(f"wrote {args.render}", file=sys.stderr)
    if args.handout:
        import tempfile

        from l5viz.exports.handout import HandoutWords, lay_disclaimer, render_handout

        texts = default_vocabulary().texts
        words = HandoutWords.spoken()
        flags = [flag["lay"] for flag in (content.get("exam") or {}).get("red_flags", [])]
        with tempfile.TemporaryDirectory(prefix="l5viz-report-") as folder:
            leg = Path(folder) / "leg.png"
            render_figure(leg, size=(700, 1000), state=state, layout="leg", white=True)
            render_handout(args.handout, state, texts["panel"]["handout_title"],
                           report_paragraphs(reading, ticked, content, texts), flags,
                           lay_disclaimer(words.fallback_notice), body_image=leg,
                           caption=picture_caption(state.view, True, texts), words=words)
        print(f"wrote {args.handout}", file=sys.stderr)
    return 0


def cmd_validate(_args) -> int:
    from l5viz.content import validate_annotations
    from l5viz.content.translations import coverage
    from l5viz.render.validation import validate_meshes

    problems = validate_meshes(meshes_dir()) + validate_annotations(annotations_dir())
    for problem in problems:
        print(problem)
    for code in available_languages()[1:]:
        print(coverage(annotations_dir(), code))
    print(f"{len(problems)} problem(s) in meshes/ and annotations/")
    return 1 if problems else 0


def cmd_install_desktop_entry(_args) -> int:
    from l5viz.desktop import install_desktop_entry

    print("installed " + " and ".join(str(path) for path in install_desktop_entry()))
    return 0


COMMANDS = {"render": cmd_render, "export": cmd_export, "turntable": cmd_turntable, "imaging": cmd_imaging,
            "report": cmd_report, "validate": cmd_validate}


def main(argv: list[str] | None = None) -> int:
    from l5viz.pathology.specs import SpecError

    args = build_parser().parse_args(argv)
    settings = Settings()
    for problem in settings.problems:  # a corrupt settings file is set aside: say so
        print(f"l5viz: {problem}", file=sys.stderr)
    set_language(resolve_language(args.language or settings.value("language"), system_locale_name()))
    if args.install_desktop_entry:
        name, command = "--install-desktop-entry", cmd_install_desktop_entry
    elif args.command is None:
        from l5viz.ui.app import run_app

        return run_app(argv or [], args.language)
    else:
        name, command = args.command, COMMANDS[args.command]
    try:
        return command(args)
    except (SpecError, ValueError) as exc:
        print(f"l5viz {name}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file system refusal the checks above could not foresee (a disk full, a race)
        print(f"l5viz {name}: {exc.filename or ''}: {(exc.strerror or str(exc)).lower()}", file=sys.stderr)
        return 2
