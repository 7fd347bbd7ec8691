"""Lessons: the shipped ones load and cite sources; the player drives SceneState step by step; bad files are
reported with file and reason while the others load."""

import json
import re
import shutil
from pathlib import Path

import pytest

from l5viz.anatomy.ids import ALL_STRUCTURES
from l5viz.content import validate_annotations
from l5viz.paths import REPO_ROOT
from l5viz.render.views import ALL_VIEWS
from l5viz.state import SceneState
from l5viz.teaching.lessons import PRESENTER_KEYS, LessonPlayer, load_lessons

REAL = REPO_ROOT / "annotations"
SHIPPED = ("l5_course", "level_zone_root_rule", "foraminal_stenosis_dermatome", "slips_and_far_out", "treatment",
           "reading_lumbar_mri")
LESSON_SCHEMA = json.loads((REAL / "schema" / "lesson.schema.json").read_text(encoding="utf-8"))

CUSTOM_LESSON = {
    "format": 1,
    "title": "Test lesson",
    "summary": "Two steps with known scenes.",
    "sources": ["fardon_2014"],
    "steps": [
        {"title": "One", "caption": "First caption.", "view": "axial-L4-L5",
         "isolate": ["root_L5_right", "drg_L5_right", "disc_L4_L5"], "hide": ["drg_L5_right"],
         "opacity": {"disc_L4_L5": 0.25}, "labels": ["root_L5_right"], "select": "root_L5_right",
         "overlays": {"herniation": ["L4-L5:subarticular:right:extrusion:0.7"], "stenosis": ["L5-S1:left:2.5"]},
         "compresses": ["root_L5_right", "root_L5_left"],
         "sources": ["fardon_2014"]},
        {"title": "Two", "caption": "Second caption.", "view": "posterior", "hide": ["sacrum"],
         "sources": ["fardon_2014"]},
    ],
}


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "annotations"
    shutil.copytree(REAL, target, ignore=shutil.ignore_patterns("schema"))
    return target


@pytest.fixture
def custom(copy: Path):
    (copy / "lessons" / "custom.json").write_text(json.dumps(CUSTOM_LESSON), encoding="utf-8")
    lessons, problems = load_lessons(copy)
    assert problems == []
    return next(les for les in lessons if les.id == "custom")


def test_shipped_lessons_load_without_problems_and_in_menu_order():
    lessons, problems = load_lessons(REAL)
    assert [str(p) for p in problems] == []
    assert [les.id for les in lessons][:len(SHIPPED)] == list(SHIPPED)
    for lesson in lessons:
        assert 6 <= len(lesson.steps) <= 10, lesson.id
        cited = {key for step in lesson.steps for key in step.sources}
        assert cited <= set(lesson.sources), f"{lesson.id}: lesson sources miss {cited - set(lesson.sources)}"


def test_a_step_sets_exactly_the_scene_it_describes(custom):
    state = SceneState()
    state.set_mode("lecture")
    player = LessonPlayer(state, custom)
    assert player.caption == "First caption." and player.position == "1 / 2"
    assert {sid for sid, on in state.visible.items() if on} == {"root_L5_right", "disc_L4_L5"}
    assert state.opacity["disc_L4_L5"] == 0.25 and state.opacity["root_L5_right"] == 1.0
    assert state.view == "axial-L4-L5" and state.selected == "root_L5_right"
    assert state.labels is True and player.labelled == ("root_L5_right",)
    assert state.overlays == {
        "herniation": [{"level": "L4-L5", "zone": "subarticular", "side": "right", "type": "extrusion",
                        "severity": 0.7}],
        "stenosis": [{"level": "L5-S1", "kind": "foraminal", "side": "left", "grade": 2.5}]}
    assert state.mode == "lecture"  # lessons never change the mode

    assert player.next() is True
    assert [sid for sid, on in state.visible.items() if not on] == ["sacrum"]
    assert set(state.opacity.values()) == {1.0}
    assert (state.view, state.selected, state.labels) == ("posterior", None, False)
    assert state.overlays == {}
    assert player.next() is False and player.index == 1  # no change past the end


def test_each_move_emits_one_event_and_steps_do_not_depend_on_the_path():
    lessons, _ = load_lessons(REAL)
    lesson = next(les for les in lessons if les.id == "level_zone_root_rule")
    state = SceneState()
    player = LessonPlayer(state, lesson)
    events = []
    state.connect(events.append)
    forward = []
    while player.next():
        forward.append(state.to_dict())
    assert len(events) == len(lesson.steps) - 1 and {e.kind for e in events} == {"reset"}
    for i in reversed(range(1, len(lesson.steps))):
        player.goto(i)
        assert state.to_dict() == forward[i - 1]
    assert player.previous() is True and player.previous() is False and player.at_start


def test_shipped_rule_lesson_shows_the_l4_l5_subarticular_case_on_l5():
    lessons, _ = load_lessons(REAL)
    player = LessonPlayer(SceneState(), next(les for les in lessons if les.id == "level_zone_root_rule"))
    player.goto(3)
    assert player.state.overlays["herniation"][0]["level"] == "L4-L5"
    assert player.state.overlays["herniation"][0]["zone"] == "subarticular"
    assert player.state.selected == "root_L5_left" and player.state.visible["root_L5_left"]


def test_goto_outside_the_lesson_names_the_valid_range(custom):
    player = LessonPlayer(SceneState(), custom)
    with pytest.raises(IndexError, match="steps 0 to 1; got 2"):
        player.goto(2)


def test_presenter_keys_drive_the_player(custom):
    player = LessonPlayer(SceneState(), custom)
    assert player.press("PageDown") == "next" and player.index == 1
    assert player.press("PageUp") == "previous" and player.index == 0
    assert player.press("B") == "blank" and player.blanked
    assert player.press("Right") == "unblank" and not player.blanked and player.index == 0
    assert player.press("End") == "last" and player.index == 1
    assert player.press("Q") is None and player.index == 1
    assert {"next", "previous", "blank"} <= set(PRESENTER_KEYS.values())


def test_malformed_lessons_are_reported_with_file_and_reason_while_the_others_load(copy):
    folder = copy / "lessons"
    (folder / "broken_json.json").write_text('{"format": 1,', encoding="utf-8")
    bad_id = json.loads(json.dumps(CUSTOM_LESSON))
    bad_id["steps"][0]["isolate"] = ["root_L6_left"]
    (folder / "bad_id.json").write_text(json.dumps(bad_id), encoding="utf-8")
    bad_overlay = json.loads(json.dumps(CUSTOM_LESSON))
    bad_overlay["steps"][1]["overlays"] = {"herniation": ["L4-L5:middle:left:extrusion"]}
    (folder / "bad_overlay.json").write_text(json.dumps(bad_overlay), encoding="utf-8")
    no_caption = json.loads(json.dumps(CUSTOM_LESSON))
    del no_caption["steps"][1]["caption"]
    (folder / "no_caption.json").write_text(json.dumps(no_caption), encoding="utf-8")
    unknown_source = json.loads(json.dumps(CUSTOM_LESSON))
    unknown_source["steps"][1]["sources"] = ["nobody_2099"]
    (folder / "unknown_source.json").write_text(json.dumps(unknown_source), encoding="utf-8")

    lessons, problems = load_lessons(copy)
    assert sorted(les.id for les in lessons) == sorted(SHIPPED + ("unknown_source",))
    text = "\n".join(map(str, problems))
    assert f"{folder / 'broken_json.json'}: invalid JSON at line 1" in text
    assert re.search(r"bad_id\.json: \$\.steps\[0\]\.isolate\[0\]: 'root_L6_left' is not one of", text)
    assert re.search(r"bad_overlay\.json: \$\.steps\[1\]\.overlays\.herniation\[0\]: 'L4-L5:middle:left:extrusion' "
                     r"does not match", text)
    assert re.search(r"no_caption\.json: \$\.steps\[1\]: 'caption' is a required property", text)
    assert "unknown_source.json: $.steps[1].sources[0]: unknown source key 'nobody_2099'" in text
    # `l5viz validate` sees the same files through the schema catalog
    validated = "\n".join(map(str, validate_annotations(copy)))
    for name in ("broken_json", "bad_id", "bad_overlay", "no_caption", "unknown_source"):
        assert f"{name}.json" in validated


def test_schema_structure_ids_match_ids_py():
    assert LESSON_SCHEMA["$defs"]["structureId"]["enum"] == list(ALL_STRUCTURES)


def test_every_schema_list_of_ids_views_levels_and_names_is_the_codes_own(tmp_path):
    """Structures, views (sagittal ones too), levels, zones, modes, maps, kinds, groups: one list each, in code."""
    from l5viz.content.vocabulary import vocabulary_drift, write_vocabularies

    assert [str(p) for p in vocabulary_drift(REAL / "schema")] == []
    assert LESSON_SCHEMA["$defs"]["viewName"]["enum"] == list(ALL_VIEWS)
    # A schema edited by hand is caught, and regenerating it puts the code's list back.
    copy = tmp_path / "schema"
    shutil.copytree(REAL / "schema", copy)
    schema = json.loads((copy / "session.schema.json").read_text(encoding="utf-8"))
    schema["properties"]["state"]["properties"]["mode"]["enum"].remove("study")
    (copy / "session.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    (drift,) = vocabulary_drift(copy)
    assert "session.schema.json" in drift.file and "study" in drift.message
    assert write_vocabularies(copy) == ["session"] and vocabulary_drift(copy) == []


