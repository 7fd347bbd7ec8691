"""Speed figures of l5viz as ratios to a floor measured in the same run: `python scripts/bench.py [--json]`.

Every figure runs in fresh Python processes, several times; the median is reported. Frames are rendered
in software when no GPU is present (the baseline the app must stay fluid on). Without a display, an Xvfb
server is started for the window figures.

Figures (target with software rendering):
- launch: process start to the window's first full-scene frame on screen, through the `l5viz` entry point
  (window at its first-run size) / process start to bare imports
  (pyvista, pyvistaqt, PySide6.QtWidgets) ......................................... <= 1.5
- full_frame: a frame of the window's scene / a frame of an empty scene, same size .. <= 1.5
- scene_frame: the same frame / a frame of a plain pyvista.Plotter showing the same meshes (the window's
  default scene: its level of detail, its visible structures, the body's skin), same size: the app's own
  overhead ..................................................................... <= 1.2
- body_frame: a frame of the window in the whole-body view (see-through skin, the nerve path, the spine
  inside it beside the spine view) / a frame of a plain pyvista.Plotter showing the same meshes, the skin
  as see-through, same size ...................................................... <= 1.2
- body_severity: the herniation slider step with the whole-body view shown / a frame of that view with the
  herniation shown (the path and the skin take the compression colours too) ............. <= 1.3
- toggle: visibility change to rendered frame / one plain frame ....................... <= 1.2
- severity: herniation size slider step (right L4-5 subarticular extrusion) to rendered frame of both
  views / a frame of the same scene (the herniation shown, nothing changed) ............. <= 1.3
  A step is a move of the Pathology tab's slider, as the user makes it (the form writes the overlays).
  Each step alternates with such a frame, so both sides of the ratio are timed in the same seconds (this
  two-core machine drifts by 10-20 % within a run). vs_healthy_frame gives the step against a frame of the
  healthy scene timed at the start. A step draws the deformed geometry and its compression colours; the
  report's figures (foramina, canal, grades read off the geometry) and the correlation are measured when the
  texts ask, 120 ms after the slider rests.
- grade: the same for the foraminal-stenosis grade slider (left L5-S1, grade 0.9-3) ... <= 1.3
- slip: the same for the spondylolisthesis grade slider (isthmic L5-S1, grade 0.5-3.4: the spine above
  moves whole, the L5 arch stays) .......................................................... <= 1.3
- far_out: the same for the far-out severity slider (left, 0.5-2.9) ...................... <= 1.3
- central: the same for a central canal stenosis's Schizas grade stepped B, C, D (L4-5) ... <= 1.3
- procedure_<type>: a procedure played step by step (its Progress slider stepped through its stages, before
  to done, over and over) on the lesion it treats, against a frame of the same scene ... <= 1.3 each:
  microdiscectomy (right L4-5 extrusion), foraminotomy (left L5-S1, Lee 3), laminectomy (L4-5, Schizas D),
  fusion (isthmic L5-S1, grade 2), tfesi (right L5-S1, no lesion); conservative steps its weeks (0-52) on a
  right L4-5 sequestration. A procedure's first step plans what it needs once (its needle, screws or the walls
  left after it); the medians leave out the first steps.
- imaging_slice: with the synthetic-imaging panel open on an axial T2 slice at L4-5, the herniation slider
  stepped: the panel's update of that slice (the slab's tissue relabelled where the step moved it, the image
  formed, windowed and painted) / a frame of the same 3D scene, timed in the same loop .......... <= 1.5
- report: the example MRI report (docs/example_report.txt) read in the "From report" panel, its findings
  set on the scene in the view of the first that reaches a nerve, and drawn, with the panel's list and texts
  filled / the same findings and view set through the state and drawn; each from the healthy overview, the
  two alternating in the same loop ........................................................ <= 1.2
- memory: peak RSS of the window process - peak RSS of the bare imports ......... <= 150 MB
  For scale, the JSON also gives the peak of the bare imports plus one empty 3D view (its OpenGL context
  alone, software rendering, costs more than that budget on the reference machine).

The empty-scene frame is the window's own view class (SceneView) with nothing in it, at the same size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SIZE = (1280, 800)
PROCEDURE_ROWS = tuple(f"procedure_{name}" for name in ("microdiscectomy", "foraminotomy", "laminectomy", "fusion",
                                                          "tfesi", "conservative"))
SLIDER_ROWS = ("severity", "body_severity", "grade", "slip", "far_out", "central") + PROCEDURE_ROWS
TARGETS = {"launch": 1.5, "full_frame": 1.5, "scene_frame": 1.2, "body_frame": 1.2, "toggle": 1.2,
           **{key: 1.3 for key in SLIDER_ROWS}, "imaging_slice": 1.5, "report": 1.2, "memory_mb": 150.0}

BARE = """
import resource, pyvista, pyvistaqt, PySide6.QtWidgets
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

LAUNCH = """
import os, resource
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["l5viz"])

def first_frame():
    # Launch ends when the window's first full-scene frame is on screen.
    for widget in app.topLevelWidgets():
        view = getattr(widget, "view", None)
        if view is not None and getattr(view, "frames_shown", 0) >= 1:
            print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
            os._exit(0)

poll = QTimer()
poll.timeout.connect(first_frame)
poll.start(1)
from l5viz.cli import main
main([])  # the path of the `l5viz` command: display and OpenGL checks, then the window
"""

EMPTY_VIEW = """
import resource
from PySide6.QtWidgets import QApplication
app = QApplication([])
from l5viz.ui.view import SceneView
view = SceneView(); view.resize(%d, %d); view.show()
while not view.render_window.GetReadyForRendering():
    app.processEvents()
view.render(); app.processEvents()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
import os; os._exit(0)
""" % SIZE

PLAIN = """
import json, statistics, sys, time
import pyvista as pv, vtk
from l5viz.anatomy.ids import PATH_NERVES
from l5viz.content import load_structures
from l5viz.paths import meshes_dir
from l5viz.render.body import SEE_THROUGH, SPINE_INSIDE
whole_body = sys.argv[1] == "body"
infos, _ = load_structures()
manifest = json.loads((meshes_dir() / "manifest.json").read_text())
body = json.loads((meshes_dir() / "body_manifest.json").read_text())
plotter = pv.Plotter(window_size=[%d, %d])
triangles = 0
def add(file, **kwargs):
    global triangles
    mesh = pv.read(meshes_dir() / file)
    triangles += mesh.n_cells
    plotter.add_mesh(mesh, smooth_shading=True, **kwargs)
for entry in manifest["structures"]:
    info = infos.get(entry["id"])
    if info is not None and info.visible:
        add(entry["lod_file"], color=info.colour)
        if whole_body and entry["id"] in SPINE_INSIDE:  # drawn again inside the body
            add(entry["lod_file"], color=info.colour)
if whole_body:
    for sid in PATH_NERVES:
        add(body["variants"][body["default"]]["nerves"][sid]["lod_file"], color=infos[sid].colour)
add(body["variants"][body["default"]]["lod_file"], color="#efd3bd", opacity=SEE_THROUGH if whole_body else 1.0)
plotter.show(auto_close=False, interactive=False)
buffer = vtk.vtkUnsignedCharArray()
samples = []
for i in range(25):
    t = time.perf_counter(); plotter.render()
    plotter.render_window.GetPixelData(0, 0, %d - 1, %d - 1, 0, buffer, 0)
    samples.append(time.perf_counter() - t)
print(json.dumps({"plain_frame": statistics.median(samples[3:]), "triangles": triangles}), flush=True)
import os; os._exit(0)
""" % (SIZE * 2)

FRAMES = """
import json, statistics, time
import vtk
from PySide6.QtWidgets import QApplication
app = QApplication([])
from l5viz.ui.main_window import MainWindow
from l5viz.ui.view import SceneView
buffer = vtk.vtkUnsignedCharArray()

def pixels(view):
    # A frame counts once its pixels can be read back, as the user sees them.
    w, h = view.window_size
    view.render_window.GetPixelData(0, 0, w - 1, h - 1, 0, buffer, 0)

def timed(view, action, n=25):
    samples = []
    for i in range(n):
        t = time.perf_counter(); action(i); pixels(view); app.processEvents()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples[3:])

def stepped(view, action, n=31):
    # A slider's steps, each followed by a frame of the scene it left (nothing changed): their medians.
    steps, frames = [], []
    for i in range(n):
        t = time.perf_counter(); action(i); pixels(view); app.processEvents()
        steps.append(time.perf_counter() - t)
        t = time.perf_counter(); view.render(); pixels(view); app.processEvents()
        frames.append(time.perf_counter() - t)
    return statistics.median(steps[3:]), statistics.median(frames[3:])

empty = SceneView(); empty.resize(%d, %d); empty.show(); app.processEvents()
empty_frame = timed(empty, lambda i: empty.render())
empty.close()
w = MainWindow(); w.show()
while w.view.frames_shown < 1:
    app.processEvents()
    time.sleep(0.002)
w.view.resize(%d, %d); app.processEvents()
state = w.state
plain = timed(w.view, lambda i: w.view.render())
toggle = timed(w.view, lambda i: state.set_visible("vertebra_L4", bool(i %% 2)))
forms = w.overlays.forms  # the Pathology tab's forms: a step is the user's move of a slider (or a list)

def slider(lesion, field, value, **choices):
    # The form set up (choices picked, lesion ticked), then each step sets the slider to value(i).
    for other in forms.values():
        other.on.setChecked(False)
    form = forms[lesion]
    for name, text in choices.items():
        form.inputs[name].setCurrentText(text)
    form.on.setChecked(True)
    widget = form.inputs[field]
    if hasattr(widget, "setCurrentText"):
        return lambda i: widget.setCurrentText(value(i))
    return lambda i: widget.setValue(round(100 * value(i)))

def set_up(form, values):
    for name, value in values.items():
        widget = form.inputs[name]
        widget.setCurrentText(value) if isinstance(value, str) else widget.setValue(round(100 * value))
    form.on.setChecked(True)

def played(lesion, lesion_values, procedure_values, stages, field="progress", top=1.0):
    # The lesion's form set up and ticked, then the procedure's slider stepped: before, each stage, done.
    for other in forms.values():
        other.on.setChecked(False)
    if lesion:
        set_up(forms[lesion], lesion_values)
    set_up(forms["procedure"], procedure_values)
    widget = forms["procedure"].inputs[field]
    return lambda i: widget.setValue(round(100 * top * (i %% (stages + 1)) / stages))

sliders = {  # each made when its turn comes: the form is set up, then stepped
    "severity": lambda: slider("herniation", "severity", lambda i: 0.3 + 0.02 * (i %% 30), level="L4-L5",
                               zone="subarticular", side="right", type="extrusion"),
    "grade": lambda: slider("stenosis", "grade", lambda i: 0.9 + 0.07 * (i %% 30), level="L5-S1",
                            kind="foraminal", side="left"),
    "slip": lambda: slider("spondylolisthesis", "grade", lambda i: 0.5 + 0.1 * (i %% 30), level="L5-S1",
                           type="isthmic"),
    "far_out": lambda: slider("far_out", "severity", lambda i: 0.5 + 0.08 * (i %% 30), side="left"),
    "central": lambda: slider("stenosis", "schizas_grade", lambda i: "BCD"[i %% 3], level="L4-L5", kind="central"),
    "procedure_microdiscectomy": lambda: played(
        "herniation", dict(level="L4-L5", zone="subarticular", side="right", type="extrusion", severity=0.7),
        dict(type="microdiscectomy", level="L4-L5", side="right"), 5),
    "procedure_foraminotomy": lambda: played("stenosis", dict(level="L5-S1", kind="foraminal", side="left", grade=3.0),
                                             dict(type="foraminotomy", level="L5-S1", side="left"), 3),
    "procedure_laminectomy": lambda: played("stenosis", dict(level="L4-L5", kind="central", schizas_grade="D"),
                                            dict(type="laminectomy", level="L4-L5"), 3),
    "procedure_fusion": lambda: played("spondylolisthesis", dict(level="L5-S1", type="isthmic", grade=2.0),
                                       dict(type="fusion", level="L5-S1"), 4),
    "procedure_tfesi": lambda: played(None, {}, dict(type="tfesi", level="L5-S1", side="right"), 2),
    "procedure_conservative": lambda: played(
        "herniation", dict(level="L4-L5", zone="subarticular", side="right", type="sequestration", severity=0.9),
        dict(type="conservative", level="L4-L5"), 12, field="weeks", top=52.0),
}
stepped_frames = {key: stepped(w.view, make()) for key, make in sliders.items()}
state.set_overlays({})
state.set_view("body")
body_frame = timed(w.view, lambda i: w.view.render())
stepped_frames["body_severity"] = stepped(w.view, sliders["severity"]())
state.set_view("reset")
panel = w.imaging
w.imaging_dock.show()
while panel.image is None:
    app.processEvents()
state.set_imaging("axial-t2-L4-L5", 2)
app.processEvents()
panel.wait_for_background()  # (the pass started by opening it: the steps are timed without it)
updates = []
def timed_update(result):
    t = time.perf_counter(); panel.on_result(result); panel.canvas.repaint()
    updates.append(time.perf_counter() - t)
w.scenario.disconnect(panel.on_result)
w.scenario.connect(timed_update)
_, imaging_frame = stepped(w.view, sliders["severity"]())
imaging_update = statistics.median(updates[3:])
w.scenario.disconnect(timed_update)
w.imaging_dock.hide()
report_text = open(%r, encoding="utf-8").read()
report_overlays = w.report.read(report_text).overlays().to_state()
report_view = state.view  # the floor shows the same findings in the same view, set through the state

def set_directly():
    state.set_overlays(report_overlays); state.set_view(report_view)

reads, sets = [], []
for i in range(13):
    for action, samples in ((lambda: w.report.read(report_text), reads), (set_directly, sets)):
        state.set_overlays({}); state.set_view("reset"); w.view.render(); pixels(w.view); app.processEvents()
        t = time.perf_counter(); action(); w.view.render(); pixels(w.view); app.processEvents()
        samples.append(time.perf_counter() - t)
print(json.dumps({"empty_frame": empty_frame, "full_frame": plain, "toggle": toggle, "body_frame": body_frame,
                  "imaging_slice": imaging_update, "imaging_slice_scene_frame": imaging_frame,
                  "report": statistics.median(reads[3:]), "report_set_overlays": statistics.median(sets[3:]),
                  **{key: step for key, (step, _) in stepped_frames.items()},
                  **{key + "_scene_frame": frame for key, (_, frame) in stepped_frames.items()},
                  "size": list(w.view.window_size)}), flush=True)
import os; os._exit(0)  # skip interpreter teardown of Qt + VTK objects: only the figures matter here
""" % (SIZE * 2 + (os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs",
                                 "example_report.txt"),))


def run_python(code: str, env: dict, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - start, out.stdout.strip().splitlines()[-1]


def with_display(env: dict) -> tuple[dict, subprocess.Popen | None]:
    """Use the display there is, or start a private Xvfb on a free display number (Xvfb picks it)."""
    if env.get("DISPLAY"):
        return env, None
    if not shutil.which("Xvfb"):
        sys.exit("bench: no DISPLAY and no Xvfb to start one (apt-get install xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as answer:
        display = answer.readline().strip()
    if not display:
        sys.exit("bench: Xvfb did not start")
    return {**env, "DISPLAY": f":{display}"}, server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print only the JSON document")
    args = parser.parse_args(argv)
    user_dir = tempfile.mkdtemp(prefix="l5viz-bench-")  # the user's window layout and files stay untouched
    env, server = with_display({**os.environ, "QT_QPA_PLATFORM": "xcb", "L5VIZ_USER_DIR": user_dir})
    try:
        bare_t, bare_m, launch_t, launch_m, empty_m, frames, plain, plain_body = [], [], [], [], [], [], [], []
        for _ in range(args.runs):
            t, rss = run_python(BARE, env)
            bare_t.append(t)
            bare_m.append(int(rss) / 1024)
            empty_m.append(int(run_python(EMPTY_VIEW, env)[1]) / 1024)
            t, rss = run_python(LAUNCH, env)
            launch_t.append(t)
            launch_m.append(int(rss) / 1024)
            frames.append(json.loads(run_python(FRAMES, env)[1]))
            plain.append(json.loads(run_python(PLAIN, env, "default")[1]))
            plain_body.append(json.loads(run_python(PLAIN, env, "body")[1]))
    finally:
        if server:
            server.terminate()
        shutil.rmtree(user_dir, ignore_errors=True)
    med = statistics.median
    f = {k: med(r[k] for r in frames) for k in frames[0]}
    figures = {
        "launch": {"value_s": med(launch_t), "floor_s": med(bare_t), "ratio": med(launch_t) / med(bare_t)},
        "full_frame": {"value_s": f["full_frame"], "floor_s": f["empty_frame"],
                       "ratio": f["full_frame"] / f["empty_frame"]},
        "scene_frame": {"value_s": f["full_frame"], "floor_s": med(p["plain_frame"] for p in plain),
                        "ratio": f["full_frame"] / med(p["plain_frame"] for p in plain),
                        "default_scene_triangles": plain[0]["triangles"]},
        "body_frame": {"value_s": f["body_frame"], "floor_s": med(p["plain_frame"] for p in plain_body),
                       "ratio": f["body_frame"] / med(p["plain_frame"] for p in plain_body),
                       "triangles": plain_body[0]["triangles"]},
        "toggle": {"value_s": f["toggle"], "floor_s": f["full_frame"], "ratio": f["toggle"] / f["full_frame"]},
        **{key: {"value_s": f[key], "floor_s": f[key + "_scene_frame"], "ratio": f[key] / f[key + "_scene_frame"],
                 "vs_healthy_frame": f[key] / f["body_frame" if key == "body_severity" else "full_frame"]}
           for key in SLIDER_ROWS},
        "imaging_slice": {"value_s": f["imaging_slice"], "floor_s": f["imaging_slice_scene_frame"],
                          "ratio": f["imaging_slice"] / f["imaging_slice_scene_frame"]},
        "report": {"value_s": f["report"], "floor_s": f["report_set_overlays"],
                   "ratio": f["report"] / f["report_set_overlays"]},
        "memory_mb": {"value_mb": med(launch_m), "floor_mb": med(bare_m), "extra_mb": med(launch_m) - med(bare_m),
                      "empty_view_mb": med(empty_m), "extra_over_empty_view_mb": med(launch_m) - med(empty_m)},
    }
    for key, target in TARGETS.items():
        measured = figures[key]["extra_mb" if key == "memory_mb" else "ratio"]
        figures[key].update(target=target, met=measured <= target)
    doc = {"runs": args.runs, "window": list(SIZE), "figures": figures,
           "note": "frames on whatever OpenGL this machine offers; software (llvmpipe) is the baseline"}
    print(json.dumps(doc, indent=1, default=lambda x: round(x, 4)))
    if not args.json:
        for key, figure in figures.items():
            measured = figure["extra_mb" if key == "memory_mb" else "ratio"]
            verdict = "met" if figure["met"] else "NOT met"
            print(f"{key:11s} {measured:8.2f} (target <= {figure['target']}) {verdict}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
