"""Image questions generated from scenarios: a seed asks the same question again, and every answer is what the
geometry measures on the scene the question draws (the root it compresses, the Lee grade it reads, the slip it
measures), on a slice that shows the lesion."""

import json
import re

import pytest

from l5viz.clinical.correlation import COMPRESSED_PERCENT
from l5viz.imaging.config import default_imaging
from l5viz.paths import annotations_dir
from l5viz.render.loading import imaging_for
from l5viz.teaching.image_quiz import QUESTION_KINDS, ImageQuiz, load_image_questions

SEEDS = range(12)  # three of each kind


@pytest.fixture(scope="module")
def quiz(engine):
    questions, problems = load_image_questions()
    assert problems == []
    return ImageQuiz(engine, default_imaging(), questions)


def test_the_schema_asks_for_every_kind_the_code_generates():
    schema = json.loads((annotations_dir() / "schema" / "image_quiz.schema.json").read_text())
    assert schema["properties"]["questions"]["required"] == list(QUESTION_KINDS)


def test_a_seed_asks_the_same_question_again(quiz):
    first, again = quiz.question(5), quiz.question(5)
    assert (first.prompt, first.choices, first.correct_choice, first.imaging, first.overlays.to_state()) == \
        (again.prompt, again.choices, again.correct_choice, again.imaging, again.overlays.to_state())
    assert {quiz.question(seed).prompt.split(".")[0] for seed in range(4)} != {first.prompt.split(".")[0]}


@pytest.mark.parametrize("seed", SEEDS)
def test_each_answer_is_what_the_geometry_measures(quiz, scene, seed):
    item = quiz.question(seed)
    kind = QUESTION_KINDS[seed % len(QUESTION_KINDS)]
    result = quiz.engine.evaluate(item.overlays)
    answer = item.choices[item.correct_choice]
    if kind == "lee_grade":
        side, level = re.search(r"through the (left|right) (L\d-[LS]\d) foramen", item.prompt).groups()
        foramen = result.measures.get("foraminal", {}).get(f"{level.replace('-', '_')}_{side}", {})
        assert answer.startswith(f"Grade {foramen.get('lee_read', 0)}")
        assert item.imaging["series"] == f"foramen-t1-{side}"
    elif kind == "which_root":
        root, side = answer.split(" ")[0], answer.split("(")[1].rstrip(")")
        worst = max((f["percent"], sid) for sid, f in result.compression.items() if sid.startswith(("root", "drg")))
        assert worst[0] >= COMPRESSED_PERCENT and worst[1].split("_")[1:] == [root, side]
    elif kind == "herniation":
        spec = item.overlays.to_state()["herniation"][0]
        assert answer == f"{spec['zone']} {spec['type']}"
    else:
        slip = next(iter(result.measures["slip"].values()))
        assert answer == f"Grade {['I', 'II', 'III', 'IV'][slip['meyerding'] - 1]}"
    if kind in ("which_root", "herniation"):  # the slice asked on shows the disc material
        imaging, _ = imaging_for(scene)
        imaging.show(result)
        image = imaging.image(item.imaging["series"], item.imaging["slice"])
        shown = sum(image.region_pixels(f"lesion:{lesion.lesion_id}").sum() for lesion in result.drawn_lesions)
        assert shown > 30, f"seed {seed}: {item.imaging} misses the herniation"


def test_the_study_panel_asks_and_marks_an_image_question(window, qtbot):
    panel = window.study
    item = panel.ask_image(3)
    assert window.state.imaging == item.imaging and window.state.overlays == item.overlays.to_state()
    assert panel.seed.value() == 4 and "(seed 3)" in panel.prompt.text()
    wrong = (item.correct_choice + 1) % len(item.choices)
    panel.answer_image(wrong)
    assert "Not quite" in panel.feedback.toPlainText() and item.choices[item.correct_choice] in \
        panel.feedback.toPlainText()
    panel.ask_image(3)
    panel.answer_image(item.correct_choice)
    assert "Right." in panel.feedback.toPlainText() and panel.image_score == [1, 2]
