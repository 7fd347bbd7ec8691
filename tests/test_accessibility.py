"""The window with a screen reader and with large text: every control named and described in every mode, the changes
that matter announced (Qt's accessibility event and the status bar), and the text size that scales the fonts, the
panels' style sheets and the 3D labels, and is remembered."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from l5viz.pathology.kinds import Overlays
from l5viz.ui import access
from l5viz.ui.access import TEXT_SCALE_SETTING, TEXT_SCALES

INTERACTIVE = (QAbstractButton, QAbstractSlider, QComboBox, QAbstractSpinBox, QAbstractItemView, QTabBar, QTextEdit,
               QPlainTextEdit)
EXTRUSION = Overlays.from_texts({"herniation": ["L4-L5:subarticular:right:extrusion:0.7"]}).to_state()
ALT_KEYS = {"explore": Qt.Key.Key_1, "lecture": Qt.Key.Key_2, "bedside": Qt.Key.Key_3, "study": Qt.Key.Key_4}


def interactive(widget: QWidget) -> bool:
    """A control a user operates or reads: a button, a slider, a list, a tab bar, a text, or anything that takes the
    keyboard focus (the 3D view, the synthetic image); not the parts Qt makes and names itself (a scroll bar, a
    spin box's line, a combo's popup list, a dock's or a tab bar's small buttons, the toolbar's overflow button)."""
    parent = widget.parentWidget()
    if isinstance(widget, (QScrollBar, QHeaderView)) or isinstance(parent, (QAbstractSpinBox, QComboBox, QTabBar)):
        return False
    if widget.window().windowFlags() & Qt.WindowType.Popup == Qt.WindowType.Popup:
        return False
    if widget.objectName().startswith("qt_") and not isinstance(widget, QTabBar):
        return False
    return isinstance(widget, INTERACTIVE) or bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def unnamed(window) -> tuple[int, list[str]]:
    """How many controls the window has, and the ones without both an accessible name and a description."""
    controls = [w for w in window.findChildren(QWidget) if interactive(w)]
    missing = [f"{type(w).__name__} {w.objectName()!r} {getattr(w, 'text', lambda: '')()!r}" for w in controls
               if not (w.accessibleName().strip() and w.accessibleDescription().strip())]
    return len(controls), missing


def key(window, qtbot, code, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, code, modifier)


def activate(window, qtbot) -> None:
    """The window active, as a window manager makes it: shortcuts go to the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def test_every_control_has_an_accessible_name_and_description_in_every_mode(window, qtbot):
    activate(window, qtbot)
    key(window, qtbot, Qt.Key.Key_F1)  # the shortcut list is a window of its own: its controls too
    window.access.overlay.hide()
    window.imaging_dock.show()
    for mode, code in ALT_KEYS.items():
        activate(window, qtbot)
        key(window, qtbot, code, Qt.KeyboardModifier.AltModifier)
        assert window.state.mode == mode
        key(window, qtbot, Qt.Key.Key_PageDown if mode == "lecture" else Qt.Key.Key_Space)  # a step; a finding
        QApplication.processEvents()  # (controls a panel adds are named once it has made them all)
        walked, missing = unnamed(window)
        assert not missing, f"{mode}: {missing}"
        assert walked > 80, (mode, walked)  # the walk reached the panels' controls, not just the window's frame
    assert window.bedside.treatment_buttons and window.access.answer_buttons()  # the controls made on the way


def test_names_describe_the_control_and_its_keys(window):
    assert window.view.accessibleName() == "3D view" and "S" in window.view.accessibleDescription()
    assert window.tree.isolate_button.accessibleDescription().endswith("Keys: I.")
    herniation = window.overlays.forms["herniation"]
    assert herniation.inputs["level"].accessibleName() == "Disc herniation: Level"
    answers = window.access.answer_buttons()
    assert window.quiz.current.prompt in answers[0].accessibleDescription()


class Heard:
    """What a screen reader is sent: each accessibility event's kind, object and message."""

    def __init__(self, monkeypatch):
        self.events = []
        monkeypatch.setattr(QAccessible, "updateAccessibility", self.hear)

    def hear(self, event) -> None:
        message = event.message() if isinstance(event, QAccessibleAnnouncementEvent) else None
        self.events.append((event.type(), event.object(), message))

    def said(self) -> list[str]:
        return [message for _kind, _object, message in self.events if message is not None]


def test_changes_that_matter_are_announced_and_shown_in_the_status_bar(window, qtbot, monkeypatch):
    heard = Heard(monkeypatch)
    bar = window.statusBar()
    window.state.set_overlays(EXTRUSION)
    qtbot.waitUntil(lambda: bool(heard.said()), timeout=5000)
    affected = window.scenario.current().correlation.affected
    assert affected, "the extrusion compresses a root"
    expected = "; ".join(f"{window.structures[f'root_{a.root}_{a.side}'].lay_name} compressed {a.percent:.0f} %"
                         for a in affected)
    assert heard.said() == [expected] and bar.currentMessage() == expected
    assert expected.startswith("right L5 nerve root compressed ")
    kind, target, _ = heard.events[-1]
    assert kind == QAccessible.Event.Announcement and target is bar
    window.state.set_overlays({})
    qtbot.waitUntil(lambda: len(heard.said()) == 2, timeout=5000)
    assert heard.said()[-1].startswith("right L5 nerve root no longer compressed")

    window.state.set_mode("bedside")
    assert heard.said()[-1] == "Bedside mode" == bar.currentMessage()

    window.state.set_mode("lecture")
    window.lecture.press("PageDown")
    window.lecture.press("PageDown")
    player = window.lecture.player
    brief = f"Step {player.position}: {player.step.title}."
    assert heard.said()[-1] == f"{brief} {player.caption}" and bar.currentMessage() == brief

    window.state.set_mode("study")
    QApplication.processEvents()
    item = window.quiz.current
    assert item.kind == "identify_structure"  # (the quiz's first question)
    window.state.select(None)  # nothing selected: a wrong answer
    window.access.answer_buttons()[0].click()
    assert heard.said()[-1] == f"Not quite. The answer is {item.expected}." == bar.currentMessage()
    assert window.quiz.score == (0, 1)


def test_a_right_answer_is_announced(window, monkeypatch):
    heard = Heard(monkeypatch)
    window.state.set_mode("study")
    QApplication.processEvents()
    item = window.quiz.current
    assert item.kind == "identify_structure"
    window.state.select(item.accept[0])
    window.access.answer_buttons()[0].click()
    assert heard.said()[-1] == "Right." == window.statusBar().currentMessage()


def test_without_qts_announcement_event_the_status_bar_changes_its_name(window, monkeypatch):
    heard = Heard(monkeypatch)
    monkeypatch.setattr(access, "ANNOUNCEMENT_EVENT", None)
    window.access.say("left S1 nerve root compressed 40 %")
    kind, target, _ = heard.events[-1]
    assert kind == QAccessible.Event.NameChanged and target is window.statusBar()
    assert window.statusBar().accessibleName() == "left S1 nerve root compressed 40 %"


def font_sizes(sheet: str) -> list[int]:
    return [int(n) for n in re.findall(r"font-size:\s*(\d+)px", sheet)]


def test_text_size_scales_fonts_style_sheets_and_labels_and_is_remembered(window, qtbot):
    from l5viz.ui.main_window import MainWindow

    base = QApplication.font().pointSizeF()
    label = window.renderer.label_actors["vertebra_L4"].GetMapper().GetInputAlgorithm().GetTextProperty()
    assert (font_sizes(window.bedside.text.styleSheet()), label.GetFontSize()) == ([16], 18)
    activate(window, qtbot)
    for _ in range(2):
        key(window, qtbot, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    scale = TEXT_SCALES[TEXT_SCALES.index(1.0) + 2]
    assert window.access.text_size.scale == scale
    assert QApplication.font().pointSizeF() == base * scale
    assert font_sizes(window.bedside.text.styleSheet()) == [round(16 * scale)]
    assert label.GetFontSize() == round(18 * scale)
    window.state.set_mode("lecture")  # the lecture's own style sheet, scaled as well
    assert font_sizes(window.styleSheet()) == [round(20 * scale), round(22 * scale)]
    window.state.set_mode("explore")
    assert window.styleSheet() == ""

    assert window.settings.value(TEXT_SCALE_SETTING) == scale
    window.close()
    second = MainWindow()  # the next start
    qtbot.addWidget(second)
    assert second.access.text_size.scale == scale and QApplication.font().pointSizeF() == base * scale
    second.show()
    activate(second, qtbot)
    key(second, qtbot, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert second.access.text_size.scale == 1.0 and QApplication.font().pointSizeF() == base
    key(second, qtbot, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert second.access.text_size.scale < 1.0 and QApplication.font().pointSizeF() < base
    second.close()


def test_at_the_largest_text_the_panels_keep_their_words_whole_and_the_3d_view_its_room(window, qtbot):
    activate(window, qtbot)
    for _ in TEXT_SCALES:
        key(window, qtbot, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.access.text_size.scale == TEXT_SCALES[-1]
    for mode in ("bedside", "study", "explore"):
        window.state.set_mode(mode)
        if mode == "bedside":
            window.bedside.buttons["right_l4_l5_herniation"].click()  # its treatments' buttons too
        QApplication.processEvents()  # (a zero timer fits the Details panel to its pages)
        page = window.tabs.currentWidget()
        cut = [b.text() for b in page.findChildren(QAbstractButton) if b.isVisible() and b.text()
               and b.width() < b.sizeHint().width()]
        assert not cut, f"{mode}: buttons narrower than their words: {cut}"
        share = 0.3 if window.structures_dock.isVisible() else 0.5  # with a panel on each side, or on one
        assert window.view.width() >= share * window.width(), mode
