"""Lecture, bedside and self-study modes in the window (pytest-qt under Xvfb)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from l5viz.render.scene import NAMED_LABELS


def test_lecture_mode_steps_with_clicker_keys_and_the_scene_matches_each_step(window, qtbot):
    window.state.set_mode("lecture")
    assert window.isFullScreen() and window.caption_dock.isVisible()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_PageDown)  # first key starts the chosen lesson
    player = window.lecture.player
    assert player is not None and player.index == 0
    for expected in range(1, len(player.lesson.steps)):
        qtbot.keyClick(window, Qt.Key.Key_PageDown)
        assert player.index == expected
        step = player.step.scene(window.state.default_visible, "lecture")
        assert window.state.view == step["view"]
        assert window.state.overlays == step["overlays"]
        assert {k for k, v in window.state.visible.items() if v} == {k for k, v in step["visible"].items() if v}
        assert player.step.title in window.caption_bar.text()
        shown = {sid for sid, actor in window.renderer.large_label_actors.items() if actor.GetVisibility()}
        named = {sid for sid in shown if sid in NAMED_LABELS}  # the lesions' names, shown where a step asks
        assert shown - named <= set(player.step.labels)  # big lecture labels, only the ones this step names
        assert not named or "lesions" in player.step.labels
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert player.index == len(player.lesson.steps) - 2
    qtbot.keyClick(window, Qt.Key.Key_B)
    assert window.blank.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not window.blank.isVisible()
    window.state.set_mode("explore")
    assert not window.isFullScreen()


def test_bedside_quick_pick_sets_the_overlay_and_explains_in_plain_words(window, qtbot):
    window.state.set_mode("bedside")
    window.bedside.buttons["right_l4_l5_herniation"].click()
    assert window.state.overlays["herniation"][0]["level"] == "L4-L5"
    assert window.state.overlays["herniation"][0]["side"] == "right"
    qtbot.waitUntil(lambda: "L5 nerve" in window.bedside.text.toPlainText(), timeout=2000)
    text = window.bedside.text.toPlainText()
    assert "L5 nerve" in text and ("education" in text.lower() or "learning" in text.lower())
    window.bedside.clear.click()
    assert not any(window.state.overlays.values())


def test_quiz_scores_and_persists_across_windows(window, qtbot):
    from l5viz.ui.main_window import MainWindow

    item = window.quiz.current
    assert item.view is not None  # the first question has a scene of its own ...
    assert window.state.view == "reset" and not any(window.state.overlays.values())  # ... kept out of Explore
    window.state.set_mode("study")
    assert window.state.view == item.view and window.state.overlays == item.scene_overlays()
    if item.kind == "identify_structure":
        window.state.select(item.accept[0])
        window.study.answer_layout.itemAt(1).widget().click()
    assert window.quiz.score == (1, 1)
    assert "Right." in window.study.feedback.toPlainText()
    assert "Sources:" in window.study.feedback.toPlainText()
    saved = json.loads(window.quiz.progress_path.read_text())
    assert item.id in saved["answers"]
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert second.quiz.score == (1, 1)
    second.close()


def test_session_round_trips_exactly(window, qtbot, tmp_path):
    from l5viz.ui.main_window import MainWindow

    window.state.set_overlays({"herniation": [{"level": "L5-S1", "zone": "foraminal", "side": "left",
                                               "type": "protrusion", "severity": 0.5}], "stenosis": []})
    window.state.set_visible("vertebra_L3", False)
    window.state.select("root_L5_left")
    window.state.set_view("foramen-L5-S1-left")
    path = tmp_path / "demo.l5viz.json"
    window.save_session_to(path)
    other = MainWindow()
    qtbot.addWidget(other)
    other.show()
    assert other.open_session_from(path)
    assert other.state.to_dict() == window.state.to_dict()
    other.close()


def test_bedside_handout_and_scene_exports_from_the_window(window, tmp_path):
    from l5viz.exports.gltf import check_glb

    window.state.set_mode("bedside")
    window.bedside.buttons["left_l5_s1_foraminal_narrowing"].click()
    pdf = window.save_handout(tmp_path / "handout.pdf")
    assert pdf.read_bytes()[:4] == b"%PDF"
    glb = window.export_glb(tmp_path / "scene.glb")
    assert check_glb(glb) == []


def test_play_steps_a_procedure_through_its_stages_and_the_treatment_tab_follows(window, qtbot):
    """Play turns the procedure on from before its first step; each step is one state change (a clicker's
    next calls the same); the Treatment tab names the step shown and, done, the figures before and after."""
    form = window.overlays.forms["procedure"]
    form.inputs["type"].setCurrentText("microdiscectomy")
    window.overlays.forms["herniation"].on.setChecked(True)  # the default: a right L4-5 subarticular extrusion
    progress = []
    window.state.connect(lambda change: progress.append(window.state.overlays.get("procedure", [{}])[0].get(
        "progress", 1.0)) if change.kind == "overlays" else None)
    form._player.setInterval(20)
    form.play.click()
    qtbot.waitUntil(lambda: not form._player.isActive(), timeout=5000)
    assert progress[-6:] == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    window._refresh_correlation()
    html = window.treatment.toPlainText()
    assert "Measured on the model" in html and "The herniated fragment alone is removed" in html
    assert "education, not a recommendation" in html
    result = window.scenario.current()
    assert result.pathology.compression["root_L5_right"]["percent"] == 0.0
    form.on.setChecked(False)
    window.overlays.forms["herniation"].on.setChecked(False)


def test_a_bedside_finding_offers_its_treatments_in_plain_words(window, qtbot, tmp_path):
    window.state.set_mode("bedside")
    window.bedside.buttons["right_l4_l5_herniation"].click()
    names = [b.text() for b in window.bedside.treatment_buttons]
    assert names == ["Time, activity and care without an operation", "Removing the slipped piece of disc",
                     "A steroid injection beside the nerve"]
    window.bedside.treatment_buttons[1].click()
    assert window.state.overlays["procedure"][0]["type"] == "microdiscectomy"
    assert window.state.view == "axial-L4-L5"
    window._refresh_correlation()
    text = window.bedside.text.toPlainText()
    assert "takes out only the piece of disc" in text and "Decide with your own doctor" in text
    pdf = window.save_handout(tmp_path / "handout.pdf")
    assert pdf.read_bytes()[:4] == b"%PDF"
    window.bedside.treatment_buttons[1].click()  # again: the finding alone
    assert "procedure" not in window.state.overlays
    window.bedside.clear.click()
    assert window.bedside.treatment_buttons == []


def test_the_handout_names_the_treatment_its_picture_shows(window):
    window.state.set_mode("bedside")
    window.bedside.buttons["l4_l5_central_canal_stenosis"].click()
    assert window.bedside.handout_title() == "Severe central canal stenosis at L4-5 (Schizas C)"
    window.bedside.treat(window.bedside.current["treatments"][0])
    assert window.bedside.handout_title() == ("Severe central canal stenosis at L4-5 (Schizas C): "
                                              "Taking the roof off the narrowed canal")
    window.bedside.clear.click()


def test_a_handout_too_long_for_its_page_is_refused_with_a_message(window, tmp_path, monkeypatch):
    """A long report's findings (r09: eighteen) do not fit the handout's pages (held to one here; they fill two): the
    window says so instead of failing in the button's slot, and leaves no file behind, not even the picture made
    for it."""
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from l5viz.exports import handout

    monkeypatch.setattr(handout, "MAX_PAGES", 1)

    corpus = json.loads(Path(__file__).with_name("report_corpus.json").read_text())
    window.report.read(next(r["text"] for r in corpus["reports"] if r["id"] == "r09"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(tmp_path / "handout.pdf"), ""))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: warned.append(text))
    window.report.handout.click()
    assert len(warned) == 1 and "does not fit 1 page(s)" in warned[0]
    assert list(tmp_path.iterdir()) == []


def test_a_treatment_figure_the_section_could_not_measure_reads_so():
    """A slip can carry the exiting root out of the foramen's section: its fat is not measured (None), and the
    treatment table says so instead of failing in the slot that fills it (found by the soak)."""
    from l5viz.ui.texts import outcome_rows

    foramen = {"height_mm": {"before": 12.0, "after": 14.5}, "area_mm2": {"before": 80.0, "after": 96.0},
               "fat_mm2": {"before": None, "after": 20.1}}
    rows = outcome_rows({"foramina": {"foramen_L5_S1_left": foramen},
                         "dural_sac_area_mm2": {"before": 100.0, "after": 120.0}}, {})
    fat = next(row for row in rows if "fat round the root" in row)
    assert "not measured" in fat and "20.1 mm²" in fat and "Left L5-S1 foramen" in fat
    assert "14.5 mm" in rows[0] and "120 mm²" in rows[-1]
