"""The quiz: shipped items load and agree with the rule table, answers are scored with sourced feedback, and
progress survives restarts, a crash in the middle of a save and a damaged progress file."""

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from l5viz.content import load_all_lesion_content
from l5viz.pathology.kinds import kind_of
from l5viz.paths import REPO_ROOT
from l5viz.state import SceneState
from l5viz.teaching.quiz import PROGRESS_FILE, QuizSession, load_quiz
from l5viz.teaching.userfiles import write_json_atomic

REAL = REPO_ROOT / "annotations"
KINDS = ("identify_structure", "predict_root", "leg_dermatome", "weak_muscle")


@pytest.fixture(autouse=True)
def user(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "user"
    monkeypatch.setenv("L5VIZ_USER_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def items():
    loaded, problems = load_quiz(REAL)
    assert [str(p) for p in problems] == []
    return loaded


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "annotations"
    shutil.copytree(REAL, target, ignore=shutil.ignore_patterns("schema"))
    return target


def right_answer(item):
    return item.correct_choice if item.kind == "weak_muscle" else item.accept[0]


def wrong_answer(item):
    if item.kind == "weak_muscle":
        return (item.correct_choice + 1) % len(item.choices)
    return "sacrum" if item.kind == "identify_structure" else ("S1" if item.accept[0] != "S1" else "L4")


def test_shipped_quiz_has_every_kind_sourced_and_unique(items):
    counts = Counter(item.kind for item in items)
    assert len(items) >= 16 and all(counts[k] >= 3 for k in KINDS), counts
    assert len({item.id for item in items}) == len(items)
    assert all(item.sources and item.explanation for item in items)


def test_predict_root_answers_follow_the_level_zone_root_rule(items):
    content, _ = load_all_lesion_content(REAL)
    for item in (i for i in items if i.kind == "predict_root"):
        expected = {root for spec in item.overlays
                    for root in kind_of(spec).expected_roots(spec, content[kind_of(spec).name])}
        assert item.accept[0] in expected, item.id


def test_a_contradicting_answer_or_a_malformed_item_is_dropped_and_the_rest_load(copy):
    path = copy / "quiz.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    total = len(data["items"])
    wrong = next(i for i in data["items"] if i["id"] == "predict_l4_l5_subarticular")
    wrong["answer"] = "L4"
    data["items"][0]["kind"] = "guess_the_bone"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded, problems = load_quiz(copy)
    assert len(loaded) == total - 2
    text = "\n".join(map(str, problems))
    assert f"{path}: $.items[0].kind: 'guess_the_bone' is not one of" in text
    assert "'L4' contradicts clinical/herniation.json (L4-L5:subarticular:left:extrusion:0.7: L5)" in text


def test_answers_are_scored_with_explanation_and_sources(items, user):
    session = QuizSession(items)
    assert session.progress == (0, len(items)) and session.score == (0, 0)
    first = session.current
    feedback = session.answer(right_answer(first))
    assert feedback.correct and feedback.explanation == first.explanation and feedback.sources == first.sources
    second = session.current
    feedback = session.answer(wrong_answer(second))
    assert not feedback.correct and feedback.expected
    assert session.score == (1, 2) and session.progress == (2, len(items))
    assert (user / PROGRESS_FILE).is_file()


def test_every_kind_checks_its_own_answer_type(items):
    by_kind = {item.kind: item for item in reversed(items)}
    assert by_kind["predict_root"].is_correct(f" {by_kind['predict_root'].accept[0].lower()} ")
    assert by_kind["identify_structure"].is_correct(by_kind["identify_structure"].accept[-1])
    assert not by_kind["leg_dermatome"].is_correct("L2")
    with pytest.raises(ValueError, match="choice index 0 to"):
        by_kind["weak_muscle"].is_correct(9)
    with pytest.raises(ValueError, match="root name"):
        by_kind["predict_root"].is_correct(5)


def test_progress_is_resumed_by_the_next_session(items):
    session = QuizSession(items)
    for _ in range(3):
        session.answer(right_answer(session.current))
    resumed = QuizSession(items)
    assert resumed.problems == [] and resumed.score == (3, 3) and resumed.current == items[3]
    resumed.reset()
    assert QuizSession(items).progress == (0, len(items))


def test_finished_quiz_says_so(items):
    session = QuizSession(items[:2])
    for _ in range(2):
        session.answer(right_answer(session.current))
    assert session.current is None
    with pytest.raises(RuntimeError, match="reset"):
        session.answer("L5")


def test_show_current_sets_the_lesion_and_hides_labels(items):
    session = QuizSession([i for i in items if i.kind == "predict_root"])
    state = SceneState()
    state.set_labels(True)
    state.select("sacrum")
    session.show_current(state)
    item = session.current
    assert state.labels is False and state.selected is None and state.view == item.view
    assert state.overlays == item.overlays.to_state()


def test_a_failed_write_raises_and_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "p.json"
    write_json_atomic(path, {"n": 1})
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError, match="disk full"):
        write_json_atomic(path, {"n": 2})
    assert json.loads(path.read_text()) == {"n": 1}
    assert list(tmp_path.glob("*.tmp")) == []


def test_a_corrupt_progress_file_is_kept_aside_reported_and_the_backup_used(items, user):
    session = QuizSession(items)
    session.answer(right_answer(session.current))
    session.answer(right_answer(session.current))  # the .bak now holds the one-answer version
    path = user / PROGRESS_FILE
    path.write_text('{"format": 1, "answers": {"x": ', encoding="utf-8")
    resumed = QuizSession(items)
    assert resumed.score == (1, 1)
    text = "\n".join(map(str, resumed.problems))
    assert "invalid JSON" in text and "kept aside as quiz_progress.json.corrupt-" in text
    assert "restored the previous version from quiz_progress.json.bak" in text
    kept = list(user.glob(f"{PROGRESS_FILE}.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text() == '{"format": 1, "answers": {"x": '


def test_a_progress_file_of_the_wrong_shape_is_kept_aside_too(items, user):
    user.mkdir(parents=True)
    (user / PROGRESS_FILE).write_text('{"format": 1, "answers": {"a": {"given": "L5"}}}', encoding="utf-8")
    session = QuizSession(items)
    assert session.progress == (0, len(items))
    assert "'correct' is a required property" in str(session.problems[0])
    assert len(list(user.glob(f"{PROGRESS_FILE}.corrupt-*"))) == 1
