"""The CLI renders, exports and validates without a display, and refuses bad values with the valid ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from l5viz.cli import main
from l5viz.paths import REPO_ROOT, meshes_dir
from l5viz.state import SceneState

EXAMPLE_REPORT = REPO_ROOT / "docs" / "example_report.txt"


def run_cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}  # prove no display is needed
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "l5viz", *args], capture_output=True, text=True, env=env,
                          timeout=240)


def test_render_writes_a_png_of_the_requested_size_without_a_display(tmp_path):
    out = tmp_path / "fig.png"
    result = run_cli("render", "--view", "axial-L4-L5", "--size", "640x400", "--out", str(out), "--lod",
                     "--herniation", "L4-L5:subarticular:right:extrusion", "--stenosis", "L5-S1:left:2")
    assert result.returncode == 0, result.stderr
    assert Image.open(out).size == (640, 400)
    assert "WARN" not in result.stderr  # VTK's expected "no X server" notice before it falls back to EGL


@pytest.mark.parametrize("args,message", [
    (["--view", "sideways"], "invalid choice"),
    (["--size", "big"], "is not WIDTHxHEIGHT"),
    (["--herniation", "L4-L5:lateral:right:extrusion"], "valid zones: central, subarticular"),
    (["--stenosis", "L5-S1:left:7"], "out of range; valid: 0 to 3"),
    (["--stenosis", "L4-L5:central:left:2"], "valid schizas_grades: A, B, C, D"),
    (["--stenosis", "L4-L5:spinal:left:2"], "valid kinds: foraminal, lateral-recess, central"),
    (["--zones", "macnab"], "invalid choice"),
])
def test_bad_values_are_refused_with_the_valid_ones(tmp_path, capsys, args, message):
    try:
        code = main(["render", "--out", str(tmp_path / "x.png"), *args])
    except SystemExit as exc:  # argparse refuses choices and sizes itself
        code = exc.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_export_round_trips_meshes_and_report(tmp_path):
    import pyvista as pv

    from l5viz.anatomy.ids import ALL_STRUCTURES

    code = main(["export", "--out", str(tmp_path), "--herniation", "L5-S1:foraminal:left:protrusion:0.9"])
    assert code == 0
    report = json.loads((tmp_path / "report.json").read_text())
    squeezed = {side: max(report["compression"][f"{part}_L5_{side}"]["percent"] for part in ("root", "drg"))
                for side in ("left", "right")}
    assert squeezed["left"] > 10.0 and squeezed["right"] == 0.0
    assert set(report["foramina"]) == {f"foramen_{lv}_{side}" for lv in ("L3_L4", "L4_L5", "L5_S1")
                                       for side in ("left", "right")}
    for sid in ALL_STRUCTURES:  # every structure, with the shipped mesh's own points and faces (moved, not remade)
        mesh, shipped = pv.read(tmp_path / f"{sid}.vtp"), pv.read(meshes_dir() / f"{sid}.vtp")
        assert (mesh.n_points, mesh.n_cells) == (shipped.n_points, shipped.n_cells)
    lesion = pv.read(tmp_path / f"{report['lesions'][0]['id']}.vtp")
    assert lesion.n_cells > 0


def test_validate_passes_on_the_shipped_data_and_names_a_broken_file(tmp_path, capsys):
    import shutil

    assert main(["validate"]) == 0, capsys.readouterr().out
    data = tmp_path / "data"
    shutil.copytree(__import__("l5viz.paths").paths.meshes_dir(), data / "meshes")
    shutil.copytree(__import__("l5viz.paths").paths.annotations_dir(), data / "annotations")
    (data / "annotations" / "structures.json").write_text("{ broken")
    (data / "meshes" / "sacrum.vtp").write_bytes(b"")
    os.environ["L5VIZ_DATA"] = str(data)
    try:
        assert main(["validate"]) == 1
    finally:
        del os.environ["L5VIZ_DATA"]
    out = capsys.readouterr().out
    assert "structures.json" in out and "sacrum.vtp" in out
    # A manifest without the measured geometry: validate names what the overlays lack, and export refuses
    # with one line instead of a traceback.
    manifest = json.loads((data / "meshes" / "manifest.json").read_text())
    del manifest["geometry"]
    (data / "meshes" / "manifest.json").write_text(json.dumps(manifest))
    os.environ["L5VIZ_DATA"] = str(data)
    try:
        assert main(["validate"]) == 1
        assert "the overlays cannot run without: geometry" in capsys.readouterr().out
        assert main(["export", "--out", str(tmp_path / "x"), "--herniation", "L4-L5:central:left:bulge"]) == 1
        assert "lack what the overlays need" in capsys.readouterr().err
    finally:
        os.environ.pop("L5VIZ_DATA", None)


def test_render_a_saved_session(tmp_path):
    from l5viz.state import SceneState
    from l5viz.teaching.session import save_session

    state = SceneState(view="foramen-L5-S1-left")
    state.set_overlays({"herniation": [], "stenosis": [{"level": "L5-S1", "side": "left", "grade": 3.0}]})
    save_session(tmp_path / "s.l5viz.json", state)
    out = tmp_path / "s.png"
    assert main(["render", "--session", str(tmp_path / "s.l5viz.json"), "--size", "320x240", "--lod",
                 "--out", str(out)]) == 0
    assert Image.open(out).size == (320, 240)
    (tmp_path / "bad.l5viz.json").write_text("{")
    assert main(["render", "--session", str(tmp_path / "bad.l5viz.json"), "--out", str(out)]) == 2


def test_export_writes_the_shaded_body_and_dermatome_intensities(tmp_path):
    import pyvista as pv

    assert main(["export", "--out", str(tmp_path), "--herniation", "L4-L5:subarticular:right:extrusion:0.7"]) == 0
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["dermatomes"]["right"]["L5"] > 0.5
    assert report["dermatomes"]["left"]["L5"] == 0.0
    assert report["canal"]["L4_L5"]["dural_sac_area_mm2"] > 100.0  # the sac at each disc, measured
    compromise = report["root_compromise"]  # Pfirrmann 2004, read from the geometry
    assert compromise["L5_right"]["name"] == "compression" and compromise["L5_left"]["name"] == "normal"
    assert compromise["L5_right"]["flattening_percent"] == pytest.approx(100 * report["dermatomes"]["right"]["L5"],
                                                                         abs=0.1)
    skin = pv.read(tmp_path / "body_skin.vtp")
    assert skin.point_data["intensity"].max() > 0.5
    assert skin.point_data["intensity"][skin.points[:, 0] < 0].max() == 0.0  # left side untouched


def test_render_spine_and_leg_side_by_side(tmp_path):
    out = tmp_path / "both.png"
    assert main(["render", "--layout", "spine+leg", "--view", "axial-L4-L5", "--size", "640x320", "--lod",
                 "--herniation", "L4-L5:subarticular:right:extrusion", "--out", str(out)]) == 0
    img = np.asarray(Image.open(out))
    assert img.shape[:2] == (320, 640)
    leg_half = img[:, int(640 * 0.62):]
    assert (np.abs(leg_half.astype(int) - leg_half[0, 0].astype(int)).sum(axis=2) > 60).mean() > 0.05


@pytest.mark.parametrize("command,target,message", [
    (["export", "--format", "glb", "--out"], "folder", "is a folder; give a file name ending .glb"),
    (["export", "--out"], "file", "is a file; give a folder"),
    (["render", "--out"], "folder", "is a folder; give a file name ending .png"),
    (["render", "--out"], "under_file", "is a file, so"),
    (["render", "--out"], "jpg", "unknown format '.jpg'; valid: .png"),
    (["render", "--out"], "proc", "cannot write in /proc"),
    (["turntable", "--out"], "folder", "give a file name ending .mp4 or .gif"),
    (["imaging", "--series", "sagittal-t2", "--out"], "file", "is a file; give a folder"),
    (["report", str(EXAMPLE_REPORT), "--handout"], "folder", "give a file name ending .pdf or .png"),
])
def test_an_output_path_that_cannot_be_written_gets_one_line(tmp_path, capsys, command, target, message):
    """A folder where a file is meant, a file where a folder is meant, a file inside a file, a wrong suffix or
    a place that cannot be written: exit code 2, one line naming it and what is valid, nothing written."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("kept")
    paths = {"folder": tmp_path / "folder", "file": tmp_path / "file", "under_file": tmp_path / "file" / "x.png",
             "jpg": tmp_path / "x.jpg", "proc": Path("/proc/l5viz-test.png")}
    code = main([*command, str(paths[target])])
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert (tmp_path / "file").read_text() == "kept" and not any((tmp_path / "folder").iterdir())
    assert not (tmp_path / "x.jpg").exists()


SESSION = {"format": 1, "app": "l5viz", "saved_at": "2026-12-01T10:00:00", "extra": {}}
# Each bad input file: what it holds, and the words its one line must carry (the problem and what is valid).
BAD_FILES = {
    "session missing": (["render", "--out", "{out}", "--session", "{tmp}/none.l5viz.json"], None, "file not found"),
    "session is a folder": (["render", "--out", "{out}", "--session", "{tmp}"], None, "is a folder, not a JSON file"),
    "session corrupt": (["render", "--out", "{out}", "--session", "{file}"], '{"format": 1, "app"',
                        "invalid JSON at line 1"),
    "session foreign: a lesson": (["render", "--out", "{out}", "--session", "{file}"],
                                  (REPO_ROOT / "annotations" / "lessons" / "l5_course.json").read_text(),
                                  'not an l5viz session (a session is a .l5viz.json file'),
    "session from a newer version": (["render", "--out", "{out}", "--session", "{file}"],
                                     json.dumps(SESSION | {"format": 2, "state": {}}),
                                     "session format 2, from another version of l5viz; this version reads format 1"),
    "session wrong JSON type": (["render", "--out", "{out}", "--session", "{file}"], json.dumps(SESSION | {"state": []}),
                                "not a usable session: $.state: [] is not of type 'object'"),
    "session absurd grade": (["render", "--out", "{out}", "--session", "{file}"],
                             json.dumps(SESSION | {"state": SceneState().to_dict() | {"overlays": {"stenosis": [
                                 {"level": "L5-S1", "side": "left", "grade": 99}]}}}),
                             "99 is greater than the maximum of 3"),
    "session NaN opacity": (["render", "--out", "{out}", "--session", "{file}"],
                            '{"format": 1, "app": "l5viz", "state": {"opacity": {"thecal_sac": NaN}}, "extra": {}}',
                            "invalid JSON: NaN is not allowed in JSON content"),
    "report missing": (["report", "{tmp}/none.txt"], None, "no such file; give a plain-text report file"),
    "report is a folder": (["report", "{tmp}"], None, "is a folder; give a plain-text report file"),
    "report not text": (["report", "{file}"], b"\xff\xfe\x00\x01 MRI", "is not UTF-8 text"),
    "report empty": (["report", "{file}"], "  \n", "is empty; give a file with the report's text"),
    "report too big": (["report", "{file}"], "disc bulge. " * 20_000, "too big for a report (at most 200,000)"),
    "turntable no frames": (["turntable", "--out", "{tmp}/t.gif", "--frames", "0"], None, "valid: 2"),
    "turntable absurd frames": (["turntable", "--out", "{tmp}/t.gif", "--frames", "100000000"], None,
                                "valid: 2 (a turn needs two) to 1440"),
    "spec missing its fields": (["render", "--out", "{out}", "--herniation", "L4-L5"], None,
                                "no zone; expected LEVEL:ZONE:SIDE:TYPE"),
    "spec level the model lacks": (["render", "--out", "{out}", "--herniation", "L1-L2:central:left:bulge"], None,
                                   "valid levels: L3-L4, L4-L5, L5-S1"),
    "spec NaN severity": (["render", "--out", "{out}", "--herniation", "L4-L5:central:left:bulge:nan"], None,
                          "out of range; valid: 0 to 1"),
    "spec infinite grade": (["render", "--out", "{out}", "--stenosis", "L5-S1:left:inf"], None,
                            "out of range; valid: 0 to 3"),
    "unknown imaging series": (["imaging", "--series", "coronal-t9", "--out", "{tmp}/im"], None,
                               "unknown series 'coronal-t9'; valid: sagittal-t2"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_input_file_spec_or_number_gets_one_line_and_exit_code_2(tmp_path, capsys, case):
    """Corrupt, foreign, wrong-typed or absurd: exit code 2, one line naming the problem and what is valid, no
    traceback, and nothing written."""
    args, content, message = BAD_FILES[case]
    file = tmp_path / "input.l5viz.json"
    if isinstance(content, bytes):
        file.write_bytes(content)
    elif content is not None:
        file.write_text(content, encoding="utf-8")
    argv = [a.format(tmp=tmp_path, file=file, out=tmp_path / "out.png") for a in args]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own refusals
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and message in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == (["input.l5viz.json"] if content is not None else [])


def data_copy(tmp_path: Path) -> Path:
    """A data folder like the shipped one: annotations copied, meshes linked file by file (so one can be broken)."""
    import shutil

    from l5viz.paths import annotations_dir, meshes_dir

    data = tmp_path / "data"
    shutil.copytree(annotations_dir(), data / "annotations")
    for source in meshes_dir().rglob("*"):
        target = data / "meshes" / source.relative_to(meshes_dir())
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source)
    return data


# Each broken data file: the file, what replaces it, and the words of its one line.
BAD_DATA = {
    "lesson corrupt": ("annotations/lessons/l5_course.json", "{ broken", "invalid JSON at line 1"),
    "lesson foreign": ("annotations/lessons/l5_course.json", json.dumps(SESSION | {"state": {}}),
                       "not a lesson file: it lacks 'sources', 'steps'; it has 'app'"),
    "quiz wrong JSON type": ("annotations/quiz.json", json.dumps({"format": 1, "title": "Q", "items": 5}),
                             "5 is not of type 'array'"),
    "mesh corrupt": ("meshes/lod/sacrum.vtp", b"\x00garbage", "sacrum.vtp"),
    "mesh is a folder": ("meshes/vertebra_L1.vtp", None, "vertebra_L1.vtp"),
}


@pytest.mark.parametrize("case", BAD_DATA)
def test_a_broken_data_file_is_named_in_one_line_and_the_rest_still_renders(tmp_path, case):
    relative, content, message = BAD_DATA[case]
    data = data_copy(tmp_path)
    target = data / relative
    target.unlink()
    if content is None:
        target.mkdir()
    elif isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    env = {"L5VIZ_DATA": str(data)}
    check = run_cli("validate", env_extra=env)
    named = [line for line in check.stdout.splitlines() if relative.split("/")[-1] in line]
    assert check.returncode == 1 and "Traceback" not in check.stdout + check.stderr
    assert named and message in named[0], check.stdout
    out = tmp_path / "fig.png"
    figure = run_cli("render", "--lod", "--size", "320x200", "--out", str(out), env_extra=env)
    assert figure.returncode == 0 and "Traceback" not in figure.stderr, figure.stderr
    assert Image.open(out).size == (320, 200)
