"""Session files round-trip the whole state exactly; bad ones are reported; the recent list is capped and
de-duplicated; the user folder follows L5VIZ_USER_DIR or the platform default."""

import json
import sys
from pathlib import Path

import pytest

from l5viz.paths import REPO_ROOT
from l5viz.state import SceneState
from l5viz.teaching.lessons import load_lessons
from l5viz.teaching.session import MAX_RECENT, add_recent, load_session, recent_files, save_session
from l5viz.teaching.userfiles import user_dir


@pytest.fixture(autouse=True)
def user(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "user"
    monkeypatch.setenv("L5VIZ_USER_DIR", str(folder))
    return folder


def busy_state() -> SceneState:
    state = SceneState()
    state.isolate(["vertebra_L5", "sacrum", "root_L5_left", "drg_L5_left"])
    state.set_opacity(["vertebra_L5", "sacrum"], 0.37)
    state.select("drg_L5_left")
    state.set_view("foramen-L5-S1-left")
    state.set_labels(True)
    state.set_mode("lecture")
    state.set_overlays({"herniation": [{"level": "L5-S1", "zone": "foraminal", "side": "left", "type": "protrusion",
                                        "severity": 0.123456789}],
                        "stenosis": [{"level": "L5-S1", "side": "left", "grade": 2.5}]})
    return state


def test_session_round_trips_exactly(tmp_path):
    state = busy_state()
    extra = {"lesson": "l5_course", "step": 4,
             "camera": {"position": [101.5, -320.25, 40.0], "focal_point": [0.0, 0.0, 10.0],
                        "view_up": [0.0, 0.0, 1.0], "view_angle": 30.0},
             "window": {"splitter": [300, 900]}}
    path = tmp_path / "demo.l5viz.json"
    save_session(path, state, extra)
    session, problems = load_session(path)
    assert problems == []
    fresh = SceneState()
    session.apply(fresh)
    assert fresh.to_dict() == state.to_dict()
    assert session.extra == extra


def test_reopen_puts_the_player_at_the_saved_step_without_redoing_the_scene(tmp_path):
    lessons, _ = load_lessons(REPO_ROOT / "annotations")
    state = busy_state()
    path = tmp_path / "lecture.l5viz.json"
    save_session(path, state, {"lesson": "l5_course", "step": 5})
    session, _ = load_session(path)
    fresh = SceneState()
    player, problems = session.reopen(fresh, lessons)
    assert problems == [] and player.lesson.id == "l5_course" and player.index == 5
    assert fresh.to_dict() == state.to_dict()

    save_session(path, state, {"lesson": "no_such_lesson", "step": 0})
    session, _ = load_session(path)
    player, problems = session.reopen(SceneState(), lessons)
    assert player is None and "no_such_lesson" in str(problems[0]) and str(path) in str(problems[0])


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format=2), "session format 2, from another version of l5viz; this version reads format 1"),
    (lambda d: d.update(app="other"), "not an l5viz session"),
    (lambda d: d["state"].update(mode="party"), "not a usable session: $.state.mode: 'party' is not one of"),
    (lambda d: d["state"]["opacity"].update(sacrum=1.5),
     "not a usable session: $.state.opacity.sacrum: 1.5 is greater than the maximum"),
    (lambda d: d["state"]["overlays"]["stenosis"].append({"level": "L1-L2", "side": "left", "grade": 1}),
     "not a usable session: $.state.overlays.stenosis[1].level: 'L1-L2' is not one of"),
    (lambda d: d["extra"].update(step=-1), "not a usable session: $.extra.step: -1 is less than the minimum of 0"),
    (lambda d: d["state"].pop("view") and d["state"].pop("mode"),
     "not a usable session: $.state: 'view' is a required property (and 1 more)"),
])
def test_malformed_session_is_refused_with_the_reason(tmp_path, change, message):
    path = tmp_path / "s.l5viz.json"
    save_session(path, busy_state(), {})
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))
    session, problems = load_session(path)
    assert session is None and len(problems) == 1  # one line: what the window's message and the CLI show
    assert str(problems[0]).startswith(f"{path}: {message}"), problems


def test_unknown_structure_ids_from_a_later_version_are_reported_and_ignored(tmp_path):
    path = tmp_path / "later.l5viz.json"
    save_session(path, busy_state(), {})
    data = json.loads(path.read_text())
    data["state"]["visible"]["ligamentum_flavum_L4_L5"] = True
    path.write_text(json.dumps(data))
    session, problems = load_session(path)
    assert "ligamentum_flavum_L4_L5" in str(problems[0])
    fresh = SceneState()
    session.apply(fresh)
    assert fresh.to_dict() == busy_state().to_dict()


def test_saving_again_keeps_the_previous_version_as_bak(tmp_path):
    path = tmp_path / "s.l5viz.json"
    save_session(path, SceneState(), {"step": 1})
    save_session(path, SceneState(), {"step": 2})
    assert json.loads(path.read_text())["extra"] == {"step": 2}
    assert json.loads((tmp_path / "s.l5viz.json.bak").read_text())["extra"] == {"step": 1}


def test_recent_files_are_capped_deduplicated_and_newest_first(tmp_path):
    paths = [tmp_path / f"s{i}.l5viz.json" for i in range(MAX_RECENT + 3)]
    for p in paths:
        add_recent(p)
    files, problems = add_recent(paths[5])
    assert problems == []
    assert files[0] == str(paths[5].resolve())
    assert len(files) == MAX_RECENT == len(set(files))
    assert recent_files() == (files, [])
    assert str(paths[0].resolve()) not in files  # the oldest dropped out


def test_corrupt_recent_list_is_set_aside_and_reported(user):
    user.mkdir(parents=True)
    (user / "recent_sessions.json").write_text("[not json", encoding="utf-8")
    files, problems = recent_files()
    assert files == [] and "unusable, kept aside as recent_sessions.json.corrupt-" in str(problems[0])
    kept = list(user.glob("recent_sessions.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text() == "[not json"


def test_user_dir_follows_the_variable_then_the_platform(monkeypatch, tmp_path, user):
    assert user_dir() == user
    monkeypatch.delenv("L5VIZ_USER_DIR")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert user_dir() == tmp_path / ".local" / "share" / "l5viz"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert user_dir() == tmp_path / "xdg" / "l5viz"
