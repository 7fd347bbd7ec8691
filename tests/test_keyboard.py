"""The window without a mouse: a keyboard-only walk through the modes (key events only, as a user's keyboard sends
them to the focused control), the shortcut table against the window's real shortcuts, the overlay that lists them,
the clicker keys leaving a focused control its own keys, and the 3D view's keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QApplication

from l5viz.pathology.kinds import Overlays
from l5viz.ui.access import SHORTCUTS, keys_of

NONE = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def press(window, qtbot, key, modifier=NONE) -> None:
    """A key from the keyboard: to the control that has the focus (the window when none has)."""
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


def press_until(window, qtbot, key, reached, limit: int = 12) -> None:
    """Press `key` until `reached()` (Tab to a control, F6 to a panel), at most `limit` times."""
    for _ in range(limit):
        if reached():
            return
        press(window, qtbot, key)
    assert reached(), f"not reached with {key.name}"


def focus_back(window, qtbot) -> None:
    """A dialog closed: the window is active again, as a window manager makes it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def test_keyboard_only_walkthrough_of_the_modes(window, qtbot, monkeypatch, tmp_path):
    focus_back(window, qtbot)
    # The shortcut list, from F1, closed with Escape.
    press(window, qtbot, Qt.Key.Key_F1)
    overlay = window.access.overlay
    assert overlay is not None and overlay.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is overlay.text, timeout=3000)  # (the dialog is activated)
    press(window, qtbot, Qt.Key.Key_Escape)
    assert not overlay.isVisible()
    focus_back(window, qtbot)

    # Explore: the focus to the structures, a structure selected with the arrow keys, a camera preset.
    press(window, qtbot, Qt.Key.Key_1, ALT)
    assert window.state.mode == "explore" and QApplication.focusWidget() is window.tree.tree
    press(window, qtbot, Qt.Key.Key_Down)
    press(window, qtbot, Qt.Key.Key_Down)
    assert window.state.selected == window.tree.tree.currentItem().data(0, Qt.ItemDataRole.UserRole)
    assert window.state.selected in window.state.structures
    press(window, qtbot, Qt.Key.Key_2)
    assert window.state.view == "posterior"
    # F6 to the 3D view: S selects the next structure shown and says its name; an arrow turns the camera.
    press(window, qtbot, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.view
    before = window.state.selected
    press(window, qtbot, Qt.Key.Key_S)
    assert window.state.selected not in (None, before)
    assert window.statusBar().currentMessage() == window.structures[window.state.selected].display_name
    position = window.renderer.ren.GetActiveCamera().GetPosition()
    press(window, qtbot, Qt.Key.Key_Left)
    assert window.renderer.ren.GetActiveCamera().GetPosition() != position
    # P opens the Pathology page on its first control; Space turns the disc herniation on.
    press(window, qtbot, Qt.Key.Key_P)
    assert QApplication.focusWidget() is window.overlays.forms["herniation"].on
    press(window, qtbot, Qt.Key.Key_Space)
    assert window.state.overlays.get("herniation")
    qtbot.waitUntil(lambda: " compressed " in window.statusBar().currentMessage(), timeout=5000)

    # Lecture: the focus in the 3D view, the clicker's Page Down starts the lesson, then steps it.
    press(window, qtbot, Qt.Key.Key_2, ALT)
    assert window.state.mode == "lecture" and QApplication.focusWidget() is window.view
    press(window, qtbot, Qt.Key.Key_PageDown)
    press(window, qtbot, Qt.Key.Key_PageDown)
    player = window.lecture.player
    assert player is not None and player.index == 1
    assert window.statusBar().currentMessage().startswith(f"Step {player.position}: {player.step.title}")

    # Bedside: the focus on the first finding; Tab to the second, Space shows it; Ctrl+P saves the handout.
    press(window, qtbot, Qt.Key.Key_3, ALT)
    assert window.state.mode == "bedside"
    findings = list(window.bedside.buttons.values())
    assert QApplication.focusWidget() is findings[0]
    press(window, qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is findings[1]
    press(window, qtbot, Qt.Key.Key_Space)
    picked = window.bedside.scenarios[1]
    assert window.state.overlays == Overlays.from_texts(picked["overlays"]).to_state()
    handout = tmp_path / "handout.pdf"
    monkeypatch.setattr("l5viz.ui.main_window.QFileDialog.getSaveFileName", lambda *_args: (str(handout), ""))
    press(window, qtbot, Qt.Key.Key_P, CTRL)
    assert handout.read_bytes()[:4] == b"%PDF"

    # Self-study: the question's answer from the keyboard (a structure found with S in the 3D view, then 1; or
    # the digit of the right choice), and N for the next question.
    press(window, qtbot, Qt.Key.Key_4, ALT)
    assert window.state.mode == "study"
    item = window.quiz.current
    QApplication.processEvents()  # (the answers are named and ordered once the panel has made them all)
    answers = window.access.answer_buttons()
    assert QApplication.focusWidget() is answers[0]
    if item.kind == "identify_structure":
        press_until(window, qtbot, Qt.Key.Key_F6, lambda: QApplication.focusWidget() is window.view)
        press_until(window, qtbot, Qt.Key.Key_S, lambda: window.state.selected in item.accept, len(window.tree.items))
        digit = 1
    else:
        digit = 1 + [b.text() for b in answers].index(item.expected if item.choices else item.accept[0])
    press(window, qtbot, getattr(Qt.Key, f"Key_{digit}"))
    assert window.quiz.score == (1, 1)
    assert window.statusBar().currentMessage() == "Right."
    press(window, qtbot, Qt.Key.Key_N)
    assert window.quiz.current is not item

    press(window, qtbot, Qt.Key.Key_1, ALT)
    assert window.state.mode == "explore"


def test_every_shortcut_of_the_window_is_the_tables_and_none_is_taken_twice(window):
    bound = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            bound.setdefault(key.toString(), []).append(action.text())
    for shortcut in window.findChildren(QShortcut):
        bound.setdefault(shortcut.key().toString(), []).append("(shortcut)")
    listed = {key: s.name for s in SHORTCUTS if s.bound_by == "window" for key in s.keys}
    assert set(bound) == set(listed), "keys of the window's actions and the table differ"
    assert not {key: names for key, names in bound.items() if len(names) > 1}, "a key with two actions"
    for shortcut in SHORTCUTS:
        if shortcut.bound_by == "window":
            assert any(action.shortcuts() == keys_of(shortcut.name) for action in window.findChildren(QAction)) or \
                any(s.key() == keys_of(shortcut.name)[0] for s in window.findChildren(QShortcut)), shortcut.name
    # The 3D view's and the image's keys reach them: no window shortcut takes them first.
    assert not {key for s in SHORTCUTS if s.bound_by in ("view", "image") for key in s.keys} & set(bound)


def test_the_overlay_opens_with_question_mark_and_lists_every_key_of_the_table(window, qtbot):
    focus_back(window, qtbot)
    press(window, qtbot, Qt.Key.Key_Question)
    overlay = window.access.overlay
    assert overlay is not None and overlay.isVisible()
    text = overlay.text.toPlainText()
    for shortcut in SHORTCUTS:
        assert shortcut.words() in text
        for key in shortcut.key_texts():
            assert key in text, (shortcut.name, key)
    assert "PgDown" in text and "Next step" in text  # the clicker's keys, from the lesson player's own table
    help_actions = window.help_menu.actions()
    assert help_actions[0] is window.access.overlay_action
    assert any(a.text() == "About l5viz" and a.shortcut().isEmpty() for a in help_actions)  # About stays, without F1


def test_in_a_lecture_space_presses_a_focused_button_and_page_down_still_steps(window, qtbot):
    focus_back(window, qtbot)
    press(window, qtbot, Qt.Key.Key_2, ALT)
    press(window, qtbot, Qt.Key.Key_PageDown)
    press(window, qtbot, Qt.Key.Key_PageDown)
    player = window.lecture.player
    assert player.index == 1
    press_until(window, qtbot, Qt.Key.Key_Tab, lambda: QApplication.focusWidget() is window.lecture.start)
    press(window, qtbot, Qt.Key.Key_Space)  # the focused Start button: the lesson from its first step
    assert window.lecture.player.index == 0
    press(window, qtbot, Qt.Key.Key_PageDown)  # the clicker's key steps whatever has the focus
    assert window.lecture.player.index == 1


def test_the_3d_view_zooms_and_clears_the_selection_from_the_keyboard_and_ignores_vtks_own_keys(window, qtbot):
    focus_back(window, qtbot)
    press_until(window, qtbot, Qt.Key.Key_F6, lambda: QApplication.focusWidget() is window.view)
    camera = window.renderer.ren.GetActiveCamera()
    scale, angle = camera.GetParallelScale(), camera.GetViewAngle()
    press(window, qtbot, Qt.Key.Key_Plus)
    assert (camera.GetParallelScale(), camera.GetViewAngle()) != (scale, angle)
    press(window, qtbot, Qt.Key.Key_S)
    assert window.state.selected is not None
    press(window, qtbot, Qt.Key.Key_Escape)
    assert window.state.selected is None
    representation = window.renderer.actors["vertebra_L4"].GetProperty().GetRepresentation()
    press(window, qtbot, Qt.Key.Key_W)  # VTK's wireframe key
    assert window.renderer.actors["vertebra_L4"].GetProperty().GetRepresentation() == representation
    assert window.isVisible()
