"""Content in more than one language: words apart from rules (annotations/locales/), the fallback to English,
and what `l5viz validate` says of a translation."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from l5viz.content import load_clinical_content, load_parts, load_structures, part_phrase
from l5viz.content.locale import (
    FALLBACK_MARK,
    available_languages,
    place,
    set_language,
)
from l5viz.content.translations import coverage, locale_problems
from l5viz.content.validation import validate_annotations
from l5viz.paths import annotations_dir

REAL = annotations_dir()


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "annotations"
    shutil.copytree(REAL, target)
    return target


@pytest.fixture
def spanish():
    set_language("es")
    yield
    set_language("en")


def edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def test_spanish_is_complete_and_every_text_keeps_its_placeholders():
    assert available_languages() == ["en", "es"]
    assert locale_problems(REAL) == []
    figures = coverage(REAL, "es")
    assert figures.translated == figures.english > 1000


def test_rule_files_hold_no_words_and_every_english_word_has_a_place():
    """Each English key lands in its rule file, and no rule file still carries a text of its own."""
    for path in sorted((REAL / "locales" / "en").rglob("*.json")):
        relative = path.relative_to(REAL / "locales" / "en")
        rules = json.loads((REAL / relative).read_text(encoding="utf-8"))
        for pointer, text in json.loads(path.read_text(encoding="utf-8"))["words"].items():
            assert place(rules, pointer, text) is True, f"{relative}: {pointer}"


def test_the_content_speaks_spanish_and_its_rules_are_the_same(spanish):
    structures, problems = load_structures()
    assert problems == []
    english_root = load_english(lambda: load_structures()[0])["root_L5_left"]
    assert structures["root_L5_left"].display_name != english_root.display_name
    assert "L5" in structures["root_L5_left"].display_name
    assert structures["root_L5_left"].colour == english_root.colour
    content, problems = load_clinical_content()
    assert problems == []
    def rule(clinical):  # the level-zone-root table without its words
        table = clinical["herniation"]["rule"]["table"]
        return [(r["level"], r["zone"], r["affected_roots"], r["relation"]) for r in table]
    english = load_english(lambda: load_clinical_content()[0])
    assert rule(content) == rule(english)
    assert content["herniation"]["rule"]["summary"]["text"] != english["herniation"]["rule"]["summary"]["text"]


def load_english(loader):
    set_language("en")
    try:
        return loader()
    finally:
        set_language("es")


def test_a_missing_translation_falls_back_to_english_and_is_marked_in_debug_mode(copy, spanish, monkeypatch):
    pointer = "/structures/root_L5_left/display_name"
    edit(copy / "locales" / "es" / "structures.json", lambda d: d["words"].pop(pointer))
    english = json.loads((copy / "locales" / "en" / "structures.json").read_text())["words"][pointer]
    structures, _ = load_structures(copy)
    assert structures["root_L5_left"].display_name == english
    monkeypatch.setenv("L5VIZ_I18N_DEBUG", "1")
    structures, _ = load_structures(copy)
    assert structures["root_L5_left"].display_name == FALLBACK_MARK.format(english)
    assert structures["root_L5_right"].display_name != FALLBACK_MARK.format(english)  # translated: not marked
    messages = [str(p) for p in validate_annotations(copy)]
    assert any("locales/es/structures.json" in m and "1 missing key(s): " + pointer in m for m in messages), messages


def test_validate_names_extra_keys_changed_placeholders_and_texts_left_in_rule_files(copy):
    def spoil(d):
        d["words"]["/summary/nowhere"] = "sobra"
        d["words"]["/summary/compressed"] = "Comprimidas: {raices}."
    edit(copy / "locales" / "es" / "clinical" / "correlation.json", spoil)
    edit(copy / "parts.json", lambda d: d["parts"]["pedicle"].update(lay_name="left in the rules"))
    messages = "\n".join(str(p) for p in validate_annotations(copy))
    assert "es: 1 extra key(s): /summary/nowhere" in messages
    assert "es: 1 placeholders changed in key(s): /summary/compressed" in messages
    assert "parts.json: holds 1 text(s) that belong in locales/en/parts.json: /parts/pedicle/lay_name" in messages


def test_a_list_item_with_an_id_keeps_its_words_when_the_list_is_reordered(copy):
    """Translators' keys name quiz items by id, so reordering the items in the rule file moves their words too."""
    english = json.loads((copy / "locales" / "en" / "quiz.json").read_text())["words"]
    edit(copy / "quiz.json", lambda d: d["items"].reverse())
    from l5viz.teaching.quiz import load_quiz

    items, problems = load_quiz(copy)
    assert problems == []
    first = items[0]
    assert first.prompt == english[f"/items/{first.id}/prompt"]


def test_a_bone_part_is_named_in_spanish_word_order(spanish):
    parts, _ = load_parts()
    structures, _ = load_structures()
    phrase = part_phrase(parts["pedicle"], structures["vertebra_L5"], "left")
    assert "L5" in phrase and phrase.split()[0] == parts["pedicle"]["name"].split()[0]  # the part first
    assert phrase != "left L5 pedicle"


def test_the_command_line_refuses_an_unknown_language_and_validate_counts_each_translation():
    def run(*args):
        return subprocess.run([sys.executable, "-m", "l5viz", *args], capture_output=True, text=True, timeout=120)

    bad = run("--language", "xx", "validate")
    assert bad.returncode == 2 and "invalid choice: 'xx' (choose from 'en', 'es')" in bad.stderr
    checked = run("validate")
    figures = coverage(REAL, "es")
    assert checked.returncode == 0
    assert f"es: {figures.english} of {figures.english} texts translated" in checked.stdout.splitlines()


def test_a_spanish_report_handout_holds_spanish_text_a_reader_can_extract(tmp_path):
    """The bedside's handout in Spanish, end to end from the command line: the report's findings explained in the
    Spanish words of the content, the red flags' heading and the notice, as real text in a PDF tagged "es" (two
    pages: Spanish runs longer than English, and the text keeps its size)."""
    from pypdf import PdfReader

    out = tmp_path / "hoja.pdf"
    done = subprocess.run([sys.executable, "-m", "l5viz", "--language", "es", "report", "docs/example_report.txt",
                           "--handout", str(out)], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    reader = PdfReader(out)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    spanish = {pointer: " ".join(words.split()) for pointer, words in json.loads(
        (REAL / "locales" / "es" / "report_texts.json").read_text(encoding="utf-8"))["words"].items()}
    exam = json.loads((REAL / "locales" / "es" / "clinical" / "exam.json").read_text(encoding="utf-8"))["words"]
    assert spanish["/panel/handout_title"] in text
    assert spanish["/handout/words/red_flags_heading"] in text
    assert " ".join(exam["/disclaimer/plain"].split()) in text
    assert spanish["/levels/L4-L5"].lower() in text.lower()  # the finding's level in the patient's words
    both = f"{spanish['/sides/right']} {spanish['/explain/sides_joiner']} {spanish['/sides/left']}"
    assert both in text  # the report quoted is English; what l5viz says of it is not
    assert reader.trailer["/Root"]["/Lang"] == "es" and len(reader.pages) <= 2
    english = json.loads((REAL / "locales" / "en" / "report_texts.json").read_text(encoding="utf-8"))["words"]
    assert english["/handout/words/red_flags_heading"] not in text


def test_the_3d_view_draws_its_captions_zones_and_labels_in_spanish(spanish):
    """A Spanish slab caption, zone names, orientation letters (D and I for right and left, seen from the feet)
    and a structure label with letters beyond ASCII (VTK's own fonts have none: the labels are drawn in DejaVu
    Sans), read back from the actors after a real render."""
    import numpy as np
    import pyvista as pv

    from l5viz.paths import meshes_dir
    from l5viz.render.loading import load_scene
    from l5viz.render.scene import SceneRenderer, label_text
    from l5viz.state import SceneState

    words = json.loads((REAL / "locales" / "es" / "views.json").read_text(encoding="utf-8"))["words"]
    structures, _ = load_structures()
    state = SceneState(view="axial-L4-L5", zones="fardon")
    plotter = pv.Plotter(off_screen=True, window_size=[800, 600])
    renderer = SceneRenderer(plotter, state, load_scene(meshes_dir(), lod=True), structures)
    try:
        state.set_labels(True, only=("vertebra_L5",))
        picture = np.asarray(plotter.screenshot(return_img=True))
        caption = renderer.slab_annotations.caption.GetInput()
        assert caption == words["/captions/with_zones"].format(
            caption=words["/captions/axial/radiological"].format(thickness="4", level="L4-5"),
            zones=words["/zones/fardon/title"])
        shown = {label.GetInput() for label in renderer.zone_overlay.labels if label.GetVisibility()}
        assert words["/zones/lee/names/entrance"] not in shown and words["/zones/fardon/names/central"] in shown
        assert label_text(renderer.label_anchors["vertebra_L5"]).strip() == structures["vertebra_L5"].display_name
        assert not structures["vertebra_L5"].display_name.isascii() and picture.std() > 10
        letters = {edge: actor.GetInput() for edge, actor in renderer.orientation.actors.items()}
        assert letters == {"left": words["/orientation/right"], "right": words["/orientation/left"],
                           "up": words["/orientation/anterior"], "down": words["/orientation/posterior"]}
    finally:
        renderer.close()
        plotter.close()


def test_a_translation_that_lost_a_placeholder_shows_the_english_instead(copy, spanish):
    """The code fills each {placeholder}: a translation without it would fail there, so the English is shown (and
    `l5viz validate` names the key)."""
    from l5viz.content import load_clinical_content

    edit(copy / "locales" / "es" / "clinical" / "correlation.json",
         lambda d: d["words"].update({"/summary/compressed": "Comprimidas: {raices}."}))
    content, _ = load_clinical_content(copy)
    english = json.loads((copy / "locales" / "en" / "clinical" / "correlation.json").read_text())["words"]
    assert content["correlation"]["summary"]["compressed"] == english["/summary/compressed"]
    assert content["correlation"]["summary"]["none"] != english["/summary/none"]  # the others still Spanish
