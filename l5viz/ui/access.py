"""Keyboard and screen-reader access to the window: its shortcuts, the names a screen reader says, announcements
and the text size.

One table, SHORTCUTS, defines every key: the window's actions take their keys from it (`keys_of`), the keys of the
modes (the lecture clicker, the quiz answers) and of the focused 3D view and image are read from it (`matched`), and
the overlay that F1 and ? open lists it, so the list cannot drift from the keys. WindowAccess then gives every control
an accessible name and description, announces the changes that matter (a root compressed or freed, a mode, a lesson
step, a quiz answer) through Qt's accessibility events and the status bar, and scales the text (fonts, the panels'
style sheets, the 3D labels) by a remembered setting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from PySide6 import QtGui
from PySide6.QtCore import QCoreApplication, QEvent, QKeyCombination, QObject, Qt, QTimer
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAction, QActionGroup, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabBar,
    QTextBrowser,
    QTextEdit,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from l5viz.render.views import view_title
from l5viz.state import MODES
from l5viz.teaching.lessons import PRESENTER_KEYS
from l5viz.translatable import QT_TRANSLATE_NOOP
from l5viz.ui.i18n import qt_words

# Announcements: Qt 6.8 has an event for them; before it a screen reader hears the status bar's name change.
ANNOUNCEMENT_EVENT = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
ANNOUNCEMENT_MS = 10000  # how long an announcement stays in the status bar
COMPRESSION_REST_MS = 300  # a root's compression is announced once the overlays rest (not at each slider step)
TEXT_SCALES = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)  # View > Text size steps through these
TEXT_SCALE_SETTING = "text_scale"
FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)px")
ROTATE_DEGREES = 15.0  # one arrow key turns the 3D view this far
ZOOM_FACTOR = 1.2  # one + or - key
FOCUS_CHAIN_LIMIT = 5000  # more widgets than a window has: a walk along the focus chain ends
PANEL_SHARE = 0.45  # the Details panel widens for its pages up to this share of the window; beyond, it scrolls

VIEW_KEYS = {"anterior": "1", "posterior": "2", "left": "3", "right": "4", "axial-L4-L5": "5",
             "axial-L5-S1": "6", "foramen-L5-S1-left": "7", "foramen-L5-S1-right": "8",
             "sagittal-L5-S1-left": "9", "sagittal-L5-S1-right": "Shift+9", "reset": "0"}


@dataclass(frozen=True)
class Shortcut:
    """One row of the shortcut list. `name`: how the code asks for its keys; `keys`: QKeySequence's portable texts;
    `text`: what it does (marked for translation; "{view}" is filled with the camera preset `view`'s title);
    `bound_by`: who listens for it: "window" (one of the window's actions or shortcuts), "lecture" (the clicker keys
    in Lecture mode), "study" (the quiz keys in Self-study mode), "view" and "image" (the focused 3D view or
    synthetic image), or "qt" (Qt's own keys, listed so that the overlay is complete)."""

    name: str
    group: str
    keys: tuple[str, ...]
    text: str
    bound_by: str = "window"
    view: str | None = None

    def words(self) -> str:
        text = QCoreApplication.translate("Shortcuts", self.text)
        return text.format(view=view_title(self.view, qt_words("Views"))) if self.view else text

    def key_texts(self) -> list[str]:
        """The keys as the user's keyboard names them ("PgDown", "Ctrl++")."""
        return [QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) or k for k in self.keys]


HELP = QT_TRANSLATE_NOOP("Shortcuts", "Help")
MODE_SWITCH = QT_TRANSLATE_NOOP("Shortcuts", "Modes")
LESSON = QT_TRANSLATE_NOOP("Shortcuts", "Lecture mode: lesson steps (the clicker's keys)")
QUIZ = QT_TRANSLATE_NOOP("Shortcuts", "Self-study mode: the quiz")
CAMERA = QT_TRANSLATE_NOOP("Shortcuts", "Camera views (in Self-study mode the digits answer the quiz)")
SCENE = QT_TRANSLATE_NOOP("Shortcuts", "Scene")
VIEW_3D = QT_TRANSLATE_NOOP("Shortcuts", "3D view, when it has the keyboard focus")
IMAGE = QT_TRANSLATE_NOOP("Shortcuts", "Synthetic image, when it has the keyboard focus")
PANELS = QT_TRANSLATE_NOOP("Shortcuts", "Panels and moving around")
TEXT = QT_TRANSLATE_NOOP("Shortcuts", "Text size")
FILES = QT_TRANSLATE_NOOP("Shortcuts", "Files")

# What each clicker action does; its keys are the lesson player's own (l5viz.teaching.lessons.PRESENTER_KEYS).
LESSON_ACTIONS = {"next": QT_TRANSLATE_NOOP("Shortcuts", "Next step (the first starts the chosen lesson)"),
                  "previous": QT_TRANSLATE_NOOP("Shortcuts", "Previous step"),
                  "first": QT_TRANSLATE_NOOP("Shortcuts", "First step"),
                  "last": QT_TRANSLATE_NOOP("Shortcuts", "Last step"),
                  "blank": QT_TRANSLATE_NOOP("Shortcuts", "Blank the screen (a step key brings it back)")}


def presenter_key(name: str) -> str:
    """A PRESENTER_KEYS name ("PageDown") as QKeySequence's portable text ("PgDown")."""
    return QKeySequence(getattr(Qt.Key, f"Key_{name}")).toString()


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("shortcuts", HELP, ("F1", "?"), QT_TRANSLATE_NOOP("Shortcuts", "Show this list of shortcuts")),
    Shortcut("mode_explore", MODE_SWITCH, ("Alt+1",), QT_TRANSLATE_NOOP("Shortcuts", "Explore mode")),
    Shortcut("mode_lecture", MODE_SWITCH, ("Alt+2",), QT_TRANSLATE_NOOP("Shortcuts", "Lecture mode (full screen)")),
    Shortcut("mode_bedside", MODE_SWITCH, ("Alt+3",), QT_TRANSLATE_NOOP("Shortcuts", "Bedside mode")),
    Shortcut("mode_study", MODE_SWITCH, ("Alt+4",), QT_TRANSLATE_NOOP("Shortcuts", "Self-study mode (the quiz)")),
    Shortcut("start_lecture", MODE_SWITCH, ("F5",), QT_TRANSLATE_NOOP("Shortcuts", "Start the lecture (Lecture mode)")),
    *(Shortcut(f"lesson_{action}", LESSON, tuple(presenter_key(k) for k, a in PRESENTER_KEYS.items() if a == action),
               text, "lecture") for action, text in LESSON_ACTIONS.items()),
    Shortcut("quiz_answer", QUIZ, tuple(str(n) for n in range(1, 10)),
             QT_TRANSLATE_NOOP("Shortcuts", "Answer with the first, second, ... choice"), "study"),
    Shortcut("quiz_next", QUIZ, ("N",), QT_TRANSLATE_NOOP("Shortcuts", "Next question"), "study"),
    *(Shortcut(f"view_{view}", CAMERA, (key,), QT_TRANSLATE_NOOP("Shortcuts", "{view}"), view=view)
      for view, key in VIEW_KEYS.items()),
    Shortcut("labels", SCENE, ("L",), QT_TRANSLATE_NOOP("Shortcuts", "Labels on or off")),
    Shortcut("isolate", SCENE, ("I",), QT_TRANSLATE_NOOP("Shortcuts", "Show only the selected structure or group")),
    Shortcut("hide", SCENE, ("H",), QT_TRANSLATE_NOOP("Shortcuts", "Hide the selection, or show it again")),
    Shortcut("show_all", SCENE, ("A",), QT_TRANSLATE_NOOP("Shortcuts", "Show every structure")),
    Shortcut("imaging", SCENE, ("M",), QT_TRANSLATE_NOOP("Shortcuts", "Synthetic MRI and CT beside the 3D, or not")),
    Shortcut("body", SCENE, ("G",), QT_TRANSLATE_NOOP("Shortcuts", "Body view beside the spine, or not")),
    Shortcut("full_screen", SCENE, ("F11",), QT_TRANSLATE_NOOP("Shortcuts", "Full screen, or not")),
    Shortcut("rotate_left", VIEW_3D, ("Left", "Shift+Left"), QT_TRANSLATE_NOOP("Shortcuts", "Turn the model left"),
             "view"),
    Shortcut("rotate_right", VIEW_3D, ("Right", "Shift+Right"),
             QT_TRANSLATE_NOOP("Shortcuts", "Turn the model right"), "view"),
    Shortcut("tilt_up", VIEW_3D, ("Up", "Shift+Up"), QT_TRANSLATE_NOOP("Shortcuts", "Tilt the model up"), "view"),
    Shortcut("tilt_down", VIEW_3D, ("Down", "Shift+Down"), QT_TRANSLATE_NOOP("Shortcuts", "Tilt the model down"),
             "view"),
    Shortcut("zoom_in", VIEW_3D, ("+", "="), QT_TRANSLATE_NOOP("Shortcuts", "Zoom in"), "view"),
    Shortcut("zoom_out", VIEW_3D, ("-",), QT_TRANSLATE_NOOP("Shortcuts", "Zoom out"), "view"),
    Shortcut("select_next", VIEW_3D, ("S",), QT_TRANSLATE_NOOP("Shortcuts", "Select the next structure shown"),
             "view"),
    Shortcut("select_previous", VIEW_3D, ("Shift+S",),
             QT_TRANSLATE_NOOP("Shortcuts", "Select the previous structure shown"), "view"),
    Shortcut("select_none", VIEW_3D, ("Esc",), QT_TRANSLATE_NOOP("Shortcuts", "Clear the selection"), "view"),
    Shortcut("slice_previous", IMAGE, ("Up", "PgUp"), QT_TRANSLATE_NOOP("Shortcuts", "Previous slice"), "image"),
    Shortcut("slice_next", IMAGE, ("Down", "PgDown"), QT_TRANSLATE_NOOP("Shortcuts", "Next slice"), "image"),
    Shortcut("next_panel", PANELS, ("F6",), QT_TRANSLATE_NOOP("Shortcuts", "Keyboard focus to the next panel")),
    Shortcut("previous_panel", PANELS, ("Shift+F6",),
             QT_TRANSLATE_NOOP("Shortcuts", "Keyboard focus to the previous panel")),
    Shortcut("pathology", PANELS, ("P",),
             QT_TRANSLATE_NOOP("Shortcuts", "Pathology panel (the lesions and treatments): open it, or close it")),
    Shortcut("structures", PANELS, ("T",), QT_TRANSLATE_NOOP("Shortcuts", "Structures panel, or not")),
    Shortcut("tab", PANELS, ("Tab", "Shift+Tab"), QT_TRANSLATE_NOOP("Shortcuts", "Next or previous control"), "qt"),
    Shortcut("press", PANELS, ("Space",),
             QT_TRANSLATE_NOOP("Shortcuts", "Press the focused button, tick the focused box"), "qt"),
    Shortcut("pages", PANELS, ("Ctrl+Tab", "Ctrl+Shift+Tab"),
             QT_TRANSLATE_NOOP("Shortcuts", "Next or previous page of the Details panel, when it has the focus"), "qt"),
    Shortcut("menus", PANELS, ("Alt",),
             QT_TRANSLATE_NOOP("Shortcuts", "With the underlined letter of a menu's name: open that menu"), "qt"),
    Shortcut("text_larger", TEXT, ("Ctrl++", "Ctrl+="), QT_TRANSLATE_NOOP("Shortcuts", "Larger text")),
    Shortcut("text_smaller", TEXT, ("Ctrl+-",), QT_TRANSLATE_NOOP("Shortcuts", "Smaller text")),
    Shortcut("text_reset", TEXT, ("Ctrl+0",), QT_TRANSLATE_NOOP("Shortcuts", "Text at its usual size")),
    Shortcut("open_session", FILES, ("Ctrl+O",), QT_TRANSLATE_NOOP("Shortcuts", "Open a session")),
    Shortcut("save_session", FILES, ("Ctrl+Shift+S",), QT_TRANSLATE_NOOP("Shortcuts", "Save the session")),
    Shortcut("save_image_1", FILES, ("Ctrl+S",), QT_TRANSLATE_NOOP("Shortcuts", "Save the picture")),
    Shortcut("save_image_2", FILES, ("Ctrl+2",), QT_TRANSLATE_NOOP("Shortcuts", "Save the picture at twice the size")),
    Shortcut("save_image_4", FILES, ("Ctrl+4",), QT_TRANSLATE_NOOP("Shortcuts", "Save the picture at four times the "
                                                                                "size")),
    Shortcut("handout", FILES, ("Ctrl+P",), QT_TRANSLATE_NOOP("Shortcuts", "Save the patient handout")),
    Shortcut("read_report", FILES, ("Ctrl+Return",), QT_TRANSLATE_NOOP("Shortcuts", "Read the report typed in From "
                                                                                    "report")),
    Shortcut("quit", FILES, ("Ctrl+Q",), QT_TRANSLATE_NOOP("Shortcuts", "Quit")),
)
SHORTCUT_NAMED = {shortcut.name: shortcut for shortcut in SHORTCUTS}


def keys_of(name: str) -> list[QKeySequence]:
    """The keys of the shortcut `name`, for QAction.setShortcuts."""
    return [QKeySequence(key) for key in SHORTCUT_NAMED[name].keys]


def keys_text(*names: str) -> str:
    """The keys of these shortcuts, as the user's keyboard names them, for a control's description."""
    return ", ".join(text for name in names for text in SHORTCUT_NAMED[name].key_texts())


def pressed(event) -> QKeySequence:
    """The key a key event carries, as a sequence to compare with the table's: without the keypad flag, and without
    the Shift that typing "+" or "?" takes on many keyboards (a letter or a named key keeps its Shift)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    text = event.text()
    if text and text.isprintable() and not text.isalpha() and not text.isspace():
        modifiers &= ~Qt.KeyboardModifier.ShiftModifier
    return QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key())))


def matched(event, name: str) -> int | None:
    """Which of the keys of shortcut `name` the event is (its index: quiz answer 1 is 0), or None."""
    key = pressed(event)
    return next((i for i, k in enumerate(keys_of(name)) if k == key), None)


def typing(widget) -> bool:
    """Whether `widget` takes typed text (there a letter or a digit is text, not a command)."""
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    return isinstance(widget, (QLineEdit, QAbstractSpinBox)) or (isinstance(widget, QComboBox) and widget.isEditable())


def keeps_key(widget, event) -> bool:
    """Whether `widget`, the receiver of a clicker key in Lecture mode, uses that key itself: Space presses a
    focused button, the arrows move in a list or a slider, text is typed where text goes. PageDown and PageUp, the
    clicker's own keys, always step the lesson; a key with Ctrl, Alt or Shift is never the clicker's (Shift+arrows
    turn the 3D view, Ctrl+PageDown turns a page)."""
    if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return True
    key = Qt.Key(event.key())
    if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
        return False
    if typing(widget):
        return True
    if key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return isinstance(widget, (QAbstractButton, QComboBox, QAbstractItemView, QTabBar))
    if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End):
        return isinstance(widget, (QComboBox, QAbstractSlider, QAbstractItemView, QTabBar, QTextEdit))
    return False


def shortcuts_html() -> str:
    """The shortcut list: one table, a heading row per group, the keys in the first column."""
    groups: dict[str, list[Shortcut]] = {}
    for shortcut in SHORTCUTS:
        groups.setdefault(shortcut.group, []).append(shortcut)
    rows = []
    for group, members in groups.items():
        rows.append(f"<tr><td colspan='2'><h3>{escape(QCoreApplication.translate('Shortcuts', group))}</h3></td></tr>")
        rows += [f"<tr><td><b>{escape(', '.join(s.key_texts()))}</b></td><td>{escape(s.words())}</td></tr>"
                 for s in members]
    return f"<table cellspacing='0' cellpadding='3'>{''.join(rows)}</table>"


def described(widget: QWidget, name: str, description: str, *shortcuts: str) -> None:
    """Give a control the name and description a screen reader says, the description ending with its keys."""
    if shortcuts:
        description = QCoreApplication.translate("Access", "{description} Keys: {keys}.").format(
            description=description, keys=keys_text(*shortcuts))
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)


def plain(text: str) -> str:
    """A button's text as a name: no mnemonic ampersand, no arrows drawn as text."""
    return text.replace("&", "").strip(" ◀▶…")


def focusable(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value) and widget.focusProxy() is None


def first_control(container: QWidget) -> QWidget | None:
    """The first control in `container` that Tab would reach (in the window's focus chain), shown and enabled."""
    if focusable(container) and container.isVisible():
        return container
    widget = container
    for _ in range(FOCUS_CHAIN_LIMIT):
        widget = widget.nextInFocusChain()
        if widget is container:
            return None
        if container.isAncestorOf(widget) and focusable(widget) and widget.isVisible() and widget.isEnabled():
            return widget
    return None


def insert_in_tab_order(widgets: list[QWidget], before: QWidget, belongs) -> None:
    """Put `widgets` (made after the panel, so at the end of the focus chain) just before `before`, in order;
    `belongs` tells the widgets of the same kind, new or about to be deleted, to skip when looking for the one
    that comes first."""
    if not widgets:
        return
    previous = before.previousInFocusChain()
    while (belongs(previous) or not focusable(previous)) and previous is not before:
        previous = previous.previousInFocusChain()  # (Qt orders only widgets that take the focus)
    chain = [previous, *widgets, before]
    for first, second in zip(chain, chain[1:]):
        QWidget.setTabOrder(first, second)


_base_font: QFont | None = None  # the application's font before any scaling (one application per process)


class TextSize:
    """The user's text size, a factor of the usual one: the application font, the font sizes in the panels' style
    sheets and the 3D labels; remembered in the settings."""

    def __init__(self, window):
        global _base_font
        self.window = window
        _base_font = _base_font or QFont(QApplication.instance().font())
        value = window.settings.value(TEXT_SCALE_SETTING, 1.0)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        self.scale = min(TEXT_SCALES, key=lambda s: abs(s - value)) if number else 1.0

    def step(self, steps: int) -> None:
        """Larger (+1), smaller (-1) or the usual size (0), remembered for the next start."""
        index = TEXT_SCALES.index(self.scale) + steps if steps else TEXT_SCALES.index(1.0)
        self.scale = TEXT_SCALES[max(0, min(len(TEXT_SCALES) - 1, index))]
        self.window.settings.update(**{TEXT_SCALE_SETTING: self.scale})
        self.apply()

    def apply(self) -> None:
        font = QFont(_base_font)
        if _base_font.pointSizeF() > 0:
            font.setPointSizeF(_base_font.pointSizeF() * self.scale)
        else:
            font.setPixelSize(round(_base_font.pixelSize() * self.scale))
        QApplication.instance().setFont(font)
        self.restyle()
        self.window.renderer.set_text_scale(self.scale)

    def restyle(self) -> None:
        """Scale the font sizes of every style sheet in the window (again after a mode sets the window's own)."""
        for widget in (self.window, *self.window.findChildren(QWidget)):
            sheet = widget.styleSheet()
            if not sheet:
                continue
            if sheet != widget.property("l5vizScaledSheet"):  # set (again) by its panel: the new unscaled sheet
                widget.setProperty("l5vizBaseSheet", sheet)
            scaled = FONT_SIZE.sub(lambda m: f"font-size: {round(float(m[1]) * self.scale)}px",
                                   widget.property("l5vizBaseSheet"))
            widget.setProperty("l5vizScaledSheet", scaled)
            if scaled != sheet:
                widget.setStyleSheet(scaled)


class Announcer:
    """Says a change that matters: in the status bar and to a screen reader (Qt's announcement event, or before
    Qt 6.8 a name change of the status bar)."""

    def __init__(self, window):
        self.bar = window.statusBar()

    def say(self, text: str, brief: str | None = None) -> None:
        """Announce `text`; the status bar shows `brief` instead when given (one line; the reader hears it all)."""
        self.bar.showMessage(brief or text, ANNOUNCEMENT_MS)
        if ANNOUNCEMENT_EVENT is not None:
            event = ANNOUNCEMENT_EVENT(self.bar, text)
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
        else:
            self.bar.setAccessibleName(text)
            event = QAccessibleEvent(self.bar, QAccessible.Event.NameChanged)
        QAccessible.updateAccessibility(event)


class ShortcutOverlay(QDialog):
    """Every shortcut, grouped, from the one table; F1 or ? opens it, Escape closes it."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(680, 760)
        self.text = QTextBrowser()
        self.text.setHtml(shortcuts_html())
        described(self.text, self.tr("Keyboard shortcuts"),
                  self.tr("Every keyboard shortcut of l5viz, grouped by where it works."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        described(close, plain(close.text()), self.tr("Close the list of shortcuts (Escape)."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


def words(text: str) -> str:
    """A control's name or description from CONTROL_WORDS, in the user's language."""
    return QCoreApplication.translate("Controls", text)


# The window's controls (a path of attributes from the window), each with its name (a button's own words come
# first), its description and the shortcuts that act as it does (named at the description's end).
CONTROL_WORDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("view", QT_TRANSLATE_NOOP("Controls", "3D view"),
     QT_TRANSLATE_NOOP("Controls", "The spine in 3D (and the body beside it): click or press S to select a structure."),
     ("rotate_left", "rotate_right", "tilt_up", "tilt_down", "zoom_in", "zoom_out", "select_next", "select_previous",
      "select_none")),
    ("mode_box", QT_TRANSLATE_NOOP("Controls", "Mode"),
     QT_TRANSLATE_NOOP("Controls", "Explore, Lecture, Bedside or Self-study: what the window shows and how it speaks."),
     ("mode_explore", "mode_lecture", "mode_bedside", "mode_study")),
    ("tree.tree", QT_TRANSLATE_NOOP("Controls", "Structures"),
     QT_TRANSLATE_NOOP("Controls", "The structures by group. Space ticks one to show or hide it; the current one is "
                                   "selected in the 3D view and described in Info."), ()),
    ("tree.opacity", QT_TRANSLATE_NOOP("Controls", "Opacity"),
     QT_TRANSLATE_NOOP("Controls", "How solid the selected structure or group is drawn, from clear to solid."), ()),
    ("tree.isolate_button", QT_TRANSLATE_NOOP("Controls", "Isolate"),
     QT_TRANSLATE_NOOP("Controls", "Show only the selected structure or group."), ("isolate",)),
    ("tree.show_all_button", QT_TRANSLATE_NOOP("Controls", "Show all"),
     QT_TRANSLATE_NOOP("Controls", "Show every structure."), ("show_all",)),
    ("tabs", QT_TRANSLATE_NOOP("Controls", "Details"),
     QT_TRANSLATE_NOOP("Controls", "Pages of details: information, pathology, correlation, treatment, body, lesson, "
                                   "bedside, report and quiz."), ()),
    ("info", QT_TRANSLATE_NOOP("Controls", "Information"),
     QT_TRANSLATE_NOOP("Controls", "What the selected structure is, its names and its sources."), ()),
    ("overlays.jump", QT_TRANSLATE_NOOP("Controls", "Show the lesion"),
     QT_TRANSLATE_NOOP("Controls", "Turn the camera to the best view of the active lesion."), ()),
    ("correlation", QT_TRANSLATE_NOOP("Controls", "Correlation"),
     QT_TRANSLATE_NOOP("Controls", "Which roots the lesions compress, why, and what a clinician would expect to "
                                   "find."), ()),
    ("treatment", QT_TRANSLATE_NOOP("Controls", "Treatment"),
     QT_TRANSLATE_NOOP("Controls", "The treatments in the scene: their steps, and what they changed, measured on the "
                                   "model."), ()),
    ("body_panel.map_box", QT_TRANSLATE_NOOP("Controls", "Dermatome map"),
     QT_TRANSLATE_NOOP("Controls", "Which published dermatome map shades the body."), ()),
    ("body_panel.show_all", QT_TRANSLATE_NOOP("Controls", "Show all dermatomes"),
     QT_TRANSLATE_NOOP("Controls", "Colour every dermatome on the body, with a legend."), ()),
    ("body_panel.territories", QT_TRANSLATE_NOOP("Controls", "Compare the fibular nerve's territories"),
     QT_TRANSLATE_NOOP("Controls", "Colour the fibular nerve's skin territories on the body, to compare them with the "
                                   "L5 dermatome."), ()),
    ("body_panel.text", QT_TRANSLATE_NOOP("Controls", "Body notes"),
     QT_TRANSLATE_NOOP("Controls", "What the shading on the body means, the key L5 muscles, and how an L5 root problem "
                                   "differs from a fibular nerve palsy."), ()),
    ("lecture.choose", QT_TRANSLATE_NOOP("Controls", "Lesson"),
     QT_TRANSLATE_NOOP("Controls", "Which lesson to teach."), ()),
    ("lecture.start", QT_TRANSLATE_NOOP("Controls", "Start lesson"),
     QT_TRANSLATE_NOOP("Controls", "Start the chosen lesson at its first step."), ()),
    ("lecture.previous_button", QT_TRANSLATE_NOOP("Controls", "Previous"),
     QT_TRANSLATE_NOOP("Controls", "The lesson's previous step."), ("lesson_previous",)),
    ("lecture.next_button", QT_TRANSLATE_NOOP("Controls", "Next"),
     QT_TRANSLATE_NOOP("Controls", "The lesson's next step."), ("lesson_next",)),
    ("lecture.caption", QT_TRANSLATE_NOOP("Controls", "Lesson caption"),
     QT_TRANSLATE_NOOP("Controls", "The title, caption and sources of the step shown."), ()),
    ("bedside.clear", QT_TRANSLATE_NOOP("Controls", "Healthy spine"),
     QT_TRANSLATE_NOOP("Controls", "Show the spine without any finding."), ()),
    ("bedside.handout", QT_TRANSLATE_NOOP("Controls", "Print a handout"),
     QT_TRANSLATE_NOOP("Controls", "Save a handout for the patient, as PDF or PNG."), ("handout",)),
    ("bedside.from_report", QT_TRANSLATE_NOOP("Controls", "From an MRI report"),
     QT_TRANSLATE_NOOP("Controls", "Paste or open an MRI report and show its findings on the model."), ()),
    ("bedside.text", QT_TRANSLATE_NOOP("Controls", "What it means"),
     QT_TRANSLATE_NOOP("Controls", "The finding in plain words, when to get help at once, and the notice."), ()),
    ("study.feedback", QT_TRANSLATE_NOOP("Controls", "Feedback"),
     QT_TRANSLATE_NOOP("Controls", "Whether the answer was right, why, and the sources."), ()),
    ("study.next_button", QT_TRANSLATE_NOOP("Controls", "Next question"),
     QT_TRANSLATE_NOOP("Controls", "Ask the next question."), ("quiz_next",)),
    ("study.restart", QT_TRANSLATE_NOOP("Controls", "Start again"),
     QT_TRANSLATE_NOOP("Controls", "Clear the score and ask the questions from the first."), ()),
    ("study.image_button", QT_TRANSLATE_NOOP("Controls", "Ask an image question"),
     QT_TRANSLATE_NOOP("Controls", "A question on a synthetic MRI slice, made from the seed."), ()),
    ("study.seed", QT_TRANSLATE_NOOP("Controls", "Seed"),
     QT_TRANSLATE_NOOP("Controls", "The same seed asks the same image question again: hand it to a colleague."), ()),
    ("report.editor", QT_TRANSLATE_NOOP("Controls", "Report text"),
     QT_TRANSLATE_NOOP("Controls", "Paste or type an MRI report here, then read it."), ("read_report",)),
    ("report.read_button", QT_TRANSLATE_NOOP("Controls", "Read"),
     QT_TRANSLATE_NOOP("Controls", "Read the report and show its findings on the model."), ("read_report",)),
    ("report.edit", QT_TRANSLATE_NOOP("Controls", "Edit"),
     QT_TRANSLATE_NOOP("Controls", "Show the report's text again, to change it."), ()),
    ("report.open_button", QT_TRANSLATE_NOOP("Controls", "Open"),
     QT_TRANSLATE_NOOP("Controls", "Read a report from a text file."), ()),
    ("report.clear_button", QT_TRANSLATE_NOOP("Controls", "Clear"),
     QT_TRANSLATE_NOOP("Controls", "Clear the report and take its findings off the model."), ()),
    ("report.handout", QT_TRANSLATE_NOOP("Controls", "Handout"),
     QT_TRANSLATE_NOOP("Controls", "Save a handout of the report's findings for the patient."), ("handout",)),
    ("report.list", QT_TRANSLATE_NOOP("Controls", "Findings"),
     QT_TRANSLATE_NOOP("Controls", "Each finding the report names; a ticked one is shown on the model."), ()),
    ("report.text", QT_TRANSLATE_NOOP("Controls", "The report explained"),
     QT_TRANSLATE_NOOP("Controls", "The report with each phrase marked by what became of it, and each finding in "
                                   "plain words."), ()),
    ("imaging.series_box", QT_TRANSLATE_NOOP("Controls", "Series"),
     QT_TRANSLATE_NOOP("Controls", "Which synthetic series: sagittal T2 and T1, parasagittal T1 through each side's "
                                   "foramina, axial T2 and CT at each disc."), ()),
    ("imaging.slice_slider", QT_TRANSLATE_NOOP("Controls", "Slice"),
     QT_TRANSLATE_NOOP("Controls", "Which slice of the series is shown."), ()),
    ("imaging.window_box", QT_TRANSLATE_NOOP("Controls", "Window"),
     QT_TRANSLATE_NOOP("Controls", "How the grey values are shown: the scanner's window, or the bone or soft-tissue "
                                   "window of CT."), ()),
    ("imaging.canvas", QT_TRANSLATE_NOOP("Controls", "Synthetic image"),
     QT_TRANSLATE_NOOP("Controls", "One slice of the synthetic MRI or CT, with its orientation letters; made from the "
                                   "model, not from a patient."), ("slice_previous", "slice_next")),
    ("imaging.png_button", QT_TRANSLATE_NOOP("Controls", "Save PNG"),
     QT_TRANSLATE_NOOP("Controls", "Save the slice shown as a PNG picture."), ()),
    ("imaging.dicom_button", QT_TRANSLATE_NOOP("Controls", "Export DICOM"),
     QT_TRANSLATE_NOOP("Controls", "Export the series as DICOM files."), ()),
)
DETAILS_PAGES = (QT_TRANSLATE_NOOP("Controls", "Details pages"),
                 QT_TRANSLATE_NOOP("Controls", "Choose a page with the arrow keys."))
PATHOLOGY = (QT_TRANSLATE_NOOP("Controls", "Pathology"),
             QT_TRANSLATE_NOOP("Controls", "The lesions and treatments that can be added to the model, one group of "
                                           "controls each."))


class WindowAccess(QObject):
    """The window's keyboard and screen-reader access (see the module's docstring). Made once the window has
    built its actions; `window.view_menu` and `window.help_menu` receive its own."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.announcer = Announcer(window)
        self.text_size = TextSize(window)
        self.overlay: ShortcutOverlay | None = None
        self._compressed: dict[tuple[str, str], float] = {}  # (root, side) -> % last announced
        self._step: tuple | None = None  # (lesson, step) last announced
        self._build_actions()
        self._name_controls()
        self._make_room_for_text()
        self._order_tabs()
        self._rest = QTimer(self)
        self._rest.setSingleShot(True)
        self._rest.setInterval(COMPRESSION_REST_MS)
        self._rest.timeout.connect(self._announce_compression)
        self._new_answers = self._deferred(self._name_answers)
        self._new_treatments = self._deferred(self._name_treatments)
        self._caption_height = window.caption_bar.minimumHeight()
        self._caption_fit = self._deferred(self._fit_caption)
        self._details_fit = self._deferred(self._fit_details)
        self._details_fit.start()
        self.view_keys = ViewKeys(self)
        window.view.installEventFilter(self.view_keys)
        # (the quiz keys reach the quiz wherever the focus is; the answers and treatments made later are named)
        QApplication.instance().installEventFilter(self)
        window.state.connect(self._on_state)
        window.scenario.connect(lambda _result: self._rest.start())
        window.lecture.step_changed.connect(self._announce_step)
        window.lecture.step_changed.connect(self._caption_fit.start)
        window.study.judged.connect(self._announce_answer)
        self._name_answers()
        self.text_size.apply()  # (the saved size; or the usual one, should another window have changed the font)

    def _deferred(self, slot) -> QTimer:
        """A zero timer: controls a panel adds are named and put in the tab order once the panel has made them all."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(slot)
        return timer

    # ---- actions ----------------------------------------------------------------------------------
    def _action(self, text: str, name: str, slot, menu=None, checkable: bool = False) -> QAction:
        action = QAction(text, self.window, checkable=checkable)
        action.setShortcuts(keys_of(name))
        action.triggered.connect(slot)
        self.window.addAction(action)
        if menu is not None:
            menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        window = self.window
        help_first = window.help_menu.actions()[0] if window.help_menu.actions() else None
        self.overlay_action = self._action(self.tr("Keyboard shortcuts"), "shortcuts", self.show_shortcuts)
        window.help_menu.insertAction(help_first, self.overlay_action)
        modes = window.view_menu.addMenu(self.tr("Mode"))
        group = QActionGroup(self)
        self.mode_actions = {}
        for mode in MODES:
            title = window.mode_box.itemText(window.mode_box.findData(mode))
            action = self._action(title, f"mode_{mode}", lambda _=False, m=mode: self.switch_mode(m), modes, True)
            action.setChecked(mode == window.state.mode)
            group.addAction(action)
            self.mode_actions[mode] = action
        panels = window.view_menu.addMenu(self.tr("Panels"))
        self._action(self.tr("Next panel"), "next_panel", lambda: self.next_panel(1), panels)
        self._action(self.tr("Previous panel"), "previous_panel", lambda: self.next_panel(-1), panels)
        self._action(self.tr("Pathology panel"), "pathology", self.toggle_pathology, panels)
        structures = window.structures_dock.toggleViewAction()
        structures.setShortcuts(keys_of("structures"))
        structures.toggled.connect(lambda on: on and window.tree.tree.setFocus(Qt.FocusReason.ShortcutFocusReason))
        window.addAction(structures)
        panels.addAction(structures)
        sizes = window.view_menu.addMenu(self.tr("Text size"))
        self._action(self.tr("Larger"), "text_larger", lambda: self.resize_text(1), sizes)
        self._action(self.tr("Smaller"), "text_smaller", lambda: self.resize_text(-1), sizes)
        self._action(self.tr("Usual size"), "text_reset", lambda: self.resize_text(0), sizes)

    def resize_text(self, steps: int) -> None:
        self.text_size.step(steps)
        self._caption_fit.start()
        self._details_fit.start()
        self.say(self.tr("Text size {percent} %").format(percent=round(100 * self.text_size.scale)))

    def show_shortcuts(self) -> None:
        if self.overlay is None:
            self.overlay = ShortcutOverlay(self.window)
        self.overlay.show()
        self.overlay.raise_()
        self.overlay.activateWindow()
        self.overlay.text.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def switch_mode(self, mode: str) -> None:
        """Switch mode from the keyboard, and take the focus to where that mode starts: the 3D view in a lecture
        (the clicker keys step the lesson there), the first finding at the bedside, the first answer in the quiz."""
        window = self.window
        window.state.set_mode(mode)
        answers = self.answer_buttons()
        target = {"lecture": window.view, "bedside": next(iter(window.bedside.buttons.values()), window.bedside.clear),
                  "study": answers[0] if answers else window.study.next_button}.get(mode)
        if target is None:
            target = window.tree.tree if window.structures_dock.isVisible() else window.view
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def next_panel(self, step: int) -> None:
        """F6: the focus to the first control of the next panel shown, from left to right: the structures, the 3D
        view, the images, the details (Shift+F6: the previous one)."""
        window = self.window
        panels = [p for p in (window.structures_dock, window.view, window.imaging_dock, window.details_dock)
                  if p.isVisible()]
        focus = QApplication.focusWidget()
        outside = -1 if step > 0 else 0  # from no panel: F6 to the first, Shift+F6 to the last
        at = next((i for i, p in enumerate(panels) if focus is p or p.isAncestorOf(focus)), outside) if focus \
            else outside
        for i in range(1, len(panels) + 1):
            target = first_control(panels[(at + step * i) % len(panels)])
            if target is not None:
                target.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return

    def toggle_pathology(self) -> None:
        """P: the Pathology page, its first control focused; pressed on it, the Details panel goes, the 3D view
        gets the room and the focus."""
        window = self.window
        page = self.pathology_page()
        if window.details_dock.isVisible() and window.tabs.currentWidget() is page:
            window.details_dock.hide()
            window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        window.details_dock.show()
        window.tabs.setCurrentWidget(page)
        target = first_control(window.overlays)
        (target or page).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def pathology_page(self) -> QScrollArea:
        widget = self.window.overlays
        while not isinstance(widget, QScrollArea):
            widget = widget.parentWidget()
        return widget

    # ---- the keyboard -----------------------------------------------------------------------------
    def answer_buttons(self) -> list[QPushButton]:
        """The answers of the question shown, in order (the buttons of the last question go at the next event)."""
        return [b for b in self.window.study.answer_box.findChildren(QPushButton) if not b.isHidden()]

    def _order_tabs(self) -> None:
        """Tab goes through the window from left to right: the structures, the 3D view, the images beside it, then
        the details (their page tabs, then the page; Qt keeps that order) and the toolbar. The 3D view and the
        image panel were made first and last, so they are moved into place."""
        window, images = self.window, self.window.imaging
        chain = [window.tree.show_all_button, window.view, images.series_box, images.window_box, images.canvas,
                 images.slice_slider, images.png_button, images.dicom_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ChildAdded and watched is self.window.study.answer_box:
            self._new_answers.start()
        elif kind == QEvent.Type.ChildAdded and watched is self.window.bedside:
            self._new_treatments.start()
        elif kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and self.window.state.mode == "study" \
                and watched.isWidgetType() and watched.window() is self.window and not typing(watched):
            return self._quiz_key(event, kind == QEvent.Type.KeyPress)
        return False

    def _quiz_key(self, event, press: bool) -> bool:
        """In Self-study: a digit answers with that choice (before the view presets that the digits are elsewhere),
        N asks the next question. `press` False: only claim the key, so that no shortcut takes it."""
        answers = self.answer_buttons()
        index = matched(event, "quiz_answer")
        button = answers[index] if index is not None and index < len(answers) else None
        if button is None and matched(event, "quiz_next") is not None and self.window.study.next_button.isEnabled():
            button = self.window.study.next_button
        if button is None:
            return False
        if press:
            button.click()
        else:
            event.accept()
        return True

    # ---- names and descriptions -------------------------------------------------------------------
    def _name_controls(self) -> None:
        """A name and a description, in the user's language, for every control the window has from the start: those
        of CONTROL_WORDS, the lesion forms' (named after their kind and fields), the bedside findings and the body's
        camera buttons (after their words), and the toolbar's (after their actions)."""
        window = self.window
        for path, name, description, shortcuts in CONTROL_WORDS:
            control = window
            for attribute in path.split("."):
                control = getattr(control, attribute)
            own = plain(control.text()) if isinstance(control, QAbstractButton) else ""
            described(control, own or words(name), words(description), *shortcuts)
        described(window.tabs.tabBar(), words(DETAILS_PAGES[0]), words(DETAILS_PAGES[1]), "pages")
        described(self.pathology_page(), words(PATHOLOGY[0]), words(PATHOLOGY[1]), "pathology")
        for form in window.overlays.forms.values():
            self._name_form(form)
        for button in window.bedside.buttons.values():
            described(button, plain(button.text()), self.tr("Show this finding on the model and say what it means in "
                                                            "plain words."))
        for button in window.body_panel.findChildren(QPushButton):
            described(button, button.toolTip() or plain(button.text()), self.tr("Turn the body view to this side."))
        self._name_toolbar()

    def _name_form(self, form) -> None:
        """A lesion kind's controls, named after the kind and each field (the words the form shows)."""
        kind = QCoreApplication.translate("LesionKind", form.kind.title)
        described(form.on, kind, self.tr("Add the {kind} to the model, or take it out.").format(kind=kind))
        for field in form.kind.spec.FIELDS:
            label = QCoreApplication.translate("Field", field.label)
            hint = QCoreApplication.translate("Field", field.hint) if field.hint else \
                self.tr("The {field} of the {kind}.").format(field=label, kind=kind)
            described(form.inputs[field.name], self.tr("{kind}: {field}").format(kind=kind, field=label), hint)
        play = getattr(form, "play", None)
        if play is not None:
            described(play, self.tr("Play the {kind}").format(kind=kind),
                      self.tr("Show its steps one by one, from before to done."))

    def _name_toolbar(self) -> None:
        """The camera toolbar's buttons, named after their actions."""
        window = self.window
        bar = window.findChild(QToolBar, "toolbar_camera")
        views = set(window.view_actions.values())
        for action in bar.actions():
            button = bar.widgetForAction(action)
            if not isinstance(button, QToolButton) or button.accessibleName():
                continue
            if action in views:
                description = self.tr("Turn the camera to this view.")
            elif action is window.labels_action:
                description = self.tr("Show or hide the labels of the structures in the 3D view.")
            else:
                description = action.toolTip() or plain(action.text())
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            described(button, plain(action.text()), description + (" " + self.tr("Key: {key}.").format(key=keys)
                                                                   if keys else ""))
        for button in bar.findChildren(QToolButton):
            if button.menu() is not None and not button.accessibleName():
                described(button, plain(button.text()), self.tr("{views}: opens the list of these views.").format(
                    views=button.toolTip()))

    def _name_answers(self) -> None:
        """The answers of the question shown: each named, described with the question and its key (its number,
        SHORTCUTS' quiz_answer), and in the tab order before the feedback."""
        study = self.window.study
        answers = self.answer_buttons()
        for number, button in enumerate(answers, 1):
            described(button, plain(button.text()), self.tr("Answer {number} of {count} to: {question} Key: {number}.")
                      .format(number=number, count=len(answers), question=study.prompt.text()))
        insert_in_tab_order(answers, study.feedback, study.answer_box.isAncestorOf)

    def _name_treatments(self) -> None:
        """The treatments of the finding picked: named, described, and in the tab order before the text."""
        bedside = self.window.bedside
        buttons = [b for b in bedside.treatment_buttons if not b.isHidden()]
        for button in buttons:
            described(button, plain(button.text()), self.tr("Show this treatment on the model and say in plain words "
                                                            "what it does; press it again for the finding alone."))
        insert_in_tab_order(buttons, bedside.text, lambda w: w.objectName().startswith("treatment_"))

    # ---- room for large text -------------------------------------------------------------------------
    def _make_room_for_text(self) -> None:
        """Large text makes the pages wider than the Details panel (a row of long buttons, a lesson's title): the
        panel scrolls then, instead of pushing the 3D view off the window; the structure names scroll too, rather
        than being cut short."""
        dock = self.window.details_dock
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # (it scrolls to the control that has the focus)
        tabs = dock.widget()
        policy = tabs.sizePolicy()
        policy.setHeightForWidth(True)  # (so the scroll area asks the page how tall its wrapped words make it)
        tabs.setSizePolicy(policy)
        area.setWidget(tabs)
        dock.setWidget(area)
        header = self.window.tree.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.ResizeToContents)

    def _fit_details(self) -> None:
        """The Details panel as wide as its pages ask (the bedside findings two to a row), up to PANEL_SHARE of the
        window; it is never narrowed (the user may have widened it)."""
        window, dock = self.window, self.window.details_dock
        bar = dock.widget().verticalScrollBar()
        wanted = min(window.tabs.sizeHint().width() + (bar.width() if bar.isVisible() else 0),
                     round(PANEL_SHARE * window.width()))
        if dock.isVisible() and dock.width() < wanted:
            window.resizeDocks([dock], [wanted], Qt.Orientation.Horizontal)

    def _fit_caption(self) -> None:
        """The lecture's caption bar, tall enough for its whole caption at the text size (at most a third of the
        window)."""
        bar = self.window.caption_bar
        needed = bar.heightForWidth(bar.width()) if bar.isVisible() else 0
        bar.setMinimumHeight(min(max(round(self._caption_height * self.text_size.scale), needed),
                                 self.window.height() // 3))

    # ---- announcements ----------------------------------------------------------------------------
    def say(self, text: str, brief: str | None = None) -> None:
        self.announcer.say(text, brief)

    def _on_state(self, change) -> None:
        if change.kind in ("mode", "reset"):
            self.text_size.restyle()  # the mode set the window's style sheet
            self._caption_fit.start()
            self._details_fit.start()
            self.mode_actions[self.window.state.mode].setChecked(True)
        if change.kind == "mode":
            box = self.window.mode_box
            self.say(self.tr("{mode} mode").format(mode=box.itemText(box.findData(self.window.state.mode))))

    def _announce_compression(self) -> None:
        """Which roots the overlays, now at rest, compress or no longer compress, from the scenario's correlation
        ("right L5 nerve root compressed 80 %"): the roots' names are the content's words."""
        correlation = self.window.scenario.current().correlation
        now = {(a.root, a.side): a.percent for a in correlation.affected} if correlation else {}
        said = [self.tr("{root} compressed {percent} %").format(root=self._root_name(*key), percent=f"{percent:.0f}")
                for key, percent in now.items() if key not in self._compressed]
        said += [self.tr("{root} no longer compressed").format(root=self._root_name(*key))
                 for key in self._compressed if key not in now]
        self._compressed = now
        if said:
            self.say("; ".join(said))

    def _root_name(self, root: str, side: str) -> str:
        info = self.window.structures.get(f"root_{root}_{side}")
        return info.lay_name if info is not None else f"{root} {side}"

    def _announce_step(self) -> None:
        player = self.window.lecture.player
        step = (player.lesson.id, player.index) if player is not None else None
        if step is None or step == self._step:
            return
        self._step = step
        brief = self.tr("Step {position}: {title}.").format(position=player.position, title=player.step.title)
        self.say(f"{brief} {player.caption}", brief)

    def _announce_answer(self, correct: bool, expected: str) -> None:
        wrong = self.tr("Not quite. The answer is {answer}.").format(answer=expected)
        self.say(self.tr("Right.") if correct else wrong)


class ViewKeys(QObject):
    """The keys of the 3D view when it has the focus: turn, tilt and zoom the camera, select the structures shown
    one by one. Every other key stops here: VTK's own (w: wireframe, e and q: quit) are not the window's."""

    def __init__(self, access: WindowAccess):
        super().__init__(access)
        self.access = access
        self.window = access.window
        self.moves = {"rotate_left": (-ROTATE_DEGREES, 0.0, 1.0), "rotate_right": (ROTATE_DEGREES, 0.0, 1.0),
                      "tilt_up": (0.0, ROTATE_DEGREES, 1.0), "tilt_down": (0.0, -ROTATE_DEGREES, 1.0),
                      "zoom_in": (0.0, 0.0, ZOOM_FACTOR), "zoom_out": (0.0, 0.0, 1.0 / ZOOM_FACTOR)}

    def eventFilter(self, _watched, event) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return False
        if kind == QEvent.Type.KeyPress:
            for name, move in self.moves.items():
                if matched(event, name) is not None:
                    self.turn(*move)
            for name, step in (("select_next", 1), ("select_previous", -1)):
                if matched(event, name) is not None:
                    self.select(step)
            if matched(event, "select_none") is not None:
                self.window.state.select(None)
        return True

    def turn(self, azimuth: float, elevation: float, zoom: float) -> None:
        renderer = self.window.renderer
        camera = renderer.ren.GetActiveCamera()
        camera.Azimuth(azimuth)
        camera.Elevation(elevation)
        camera.OrthogonalizeViewUp()
        camera.Zoom(zoom)
        renderer.ren.ResetCameraClippingRange()
        self.window.view.iren.interactor.InvokeEvent("EndInteractionEvent")  # as after a drag: the camera is kept
        renderer.render()

    def select(self, step: int) -> None:
        """The next (or previous) structure shown, in the Structures panel's order; its name is announced."""
        window = self.window
        shown = [sid for sid in window.tree.items if window.state.visible.get(sid)]
        if not shown:
            return
        at = shown.index(window.state.selected) if window.state.selected in shown else (-1 if step > 0 else 0)
        chosen = shown[(at + step) % len(shown)]
        window.state.select(chosen)
        info = window.structures.get(chosen)
        if info is not None:
            self.access.say(info.lay_name if window.state.mode == "bedside" else info.display_name)
