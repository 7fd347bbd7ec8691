"""The "From report" panel: paste an MRI report, see each finding it names on the model, in plain words.

The reading is the Qt-free reader's (l5viz.report); this panel only shows it and edits SceneState: the shown
findings, and the unsure ones the user ticks, become the overlays, so the scene, the leg shading and the
correlation follow as they do for any overlay. Editing a control afterwards is fine: the scene is the user's.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from l5viz.pathology.kinds import Overlays
from l5viz.report.explain import explain, picture_caption, report_paragraphs, view_for
from l5viz.report.reader import Reading, read_report, report_text
from l5viz.state import SceneState
from l5viz.ui.access import keys_of
from l5viz.ui.flow import ColumnFlow
from l5viz.ui.texts import cite

# Highlight of each phrase in the report, by what became of it (colour-blind safe: blue, orange, grey, red).
MARKS = {"shown": "#cfe3ff", "unsure": "#ffd9a8", "noted": "#d9d9d9", "not_understood": "#ffc9c9"}


class ReportPanel(QWidget):
    """Report text in, findings out: a checkable list (shown ticked, unsure unticked, noted not drawn), the report
    with its phrases marked, and each finding in plain words."""

    handout_requested = Signal()
    applied = Signal()  # the scene now shows the report's findings
    message = Signal(str)  # one line for the status bar (a file that cannot be read)

    def __init__(self, state: SceneState, content: dict, sources: dict, vocabulary, parent=None):
        super().__init__(parent)
        self.state = state
        self.content = content
        self.sources = sources
        self.vocabulary = vocabulary
        words = vocabulary.texts["panel"] if vocabulary else {}
        self.words = words
        self.reading: Reading | None = None
        self.explanations: list = []  # the reading's findings in plain words, made once per reading
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("report_text")
        self.editor.setPlaceholderText(words.get("hint", ""))
        self.editor.setStyleSheet("font-size: 15px;")
        self.read_button = QPushButton(words.get("read", ""))
        self.read_button.setMinimumHeight(40)
        self.read_button.clicked.connect(lambda: self.read(self.editor.toPlainText()))
        self.read_button.setToolTip(words.get("read_shortcut", ""))
        QShortcut(keys_of("read_report")[0], self.editor, activated=self.read_button.click)
        self.open_button = QPushButton(words.get("open", ""))
        self.open_button.clicked.connect(self.open_dialog)
        self.clear_button = QPushButton(words.get("clear", ""))
        self.clear_button.clicked.connect(self.clear)
        self.edit = QPushButton(words.get("edit", ""))
        self.edit.clicked.connect(lambda: self._editing(True))
        self.edit.hide()
        self.handout = QPushButton(words.get("print", ""))
        self.handout.clicked.connect(self.handout_requested.emit)
        self.handout.setEnabled(False)
        buttons = ColumnFlow(5)  # one row, or more at a large text size
        for button in (self.read_button, self.edit, self.open_button, self.clear_button, self.handout):
            buttons.addWidget(button)
        self.list = QListWidget()
        self.list.setObjectName("report_findings")
        self.list.setStyleSheet("font-size: 15px;")
        self.list.itemChanged.connect(self._ticked)
        self.list.currentRowChanged.connect(lambda _: self._show_text())
        self.text = QTextBrowser()
        self.text.setStyleSheet("font-size: 15px;")
        self.notice = QLabel(vocabulary.texts["notice"] if vocabulary else "")
        self.notice.setWordWrap(True)
        # Set apart by italics, not grey: the theme's own text colour reads on the light and the lecture background
        # alike (a grey passing WCAG AA on both does not exist: tests/test_colour_access.py).
        self.notice.setStyleSheet("font-style: italic;")
        split = QSplitter(Qt.Orientation.Vertical)  # a hidden part (the text box, once read) gives its room
        split.addWidget(self.editor)
        split.addWidget(self.list)
        split.addWidget(self.text)
        split.setSizes([260, 150, 360])
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        if vocabulary is None:
            self.setEnabled(False)

    # ---- reading ------------------------------------------------------------------------------
    def read(self, text: str, ticked: set[int] | None = None, apply: bool = True) -> Reading:
        """Read the report and show its findings on the model: the shown ones ticked and the unsure ones not, or
        those in `ticked` (a saved session's); `apply` False leaves the scene as it is (the session's own)."""
        if self.editor.toPlainText() != text:
            self.editor.setPlainText(text)
        self.reading = read_report(text, self.vocabulary)
        self.explanations = [explain(f, self.content, self.vocabulary.texts) for f in self.reading.findings]
        self.list.blockSignals(True)
        self.list.clear()
        for i, (finding, e) in enumerate(zip(self.reading.findings, self.explanations)):
            status = self.vocabulary.texts["statuses"][finding.status]
            item = QListWidgetItem(self.tr("{finding} [{status}]: {phrase}").format(
                finding=e.label, status=status, phrase=self._phrase(finding)))
            item.setData(Qt.ItemDataRole.UserRole, i)
            item.setToolTip(e.title)
            if finding.spec is not None:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                on = i in ticked if ticked is not None else finding.status == "shown"
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            else:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.setForeground(Qt.GlobalColor.darkGray)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.handout.setEnabled(bool(self.reading.findings))
        self._editing(False)
        if apply:
            self.apply(view=True)
        else:
            self._show_text()
        return self.reading

    def _editing(self, on: bool) -> None:
        """While the report is edited its text box shows; once read, the marked copy below takes its room."""
        self.editor.setVisible(on)
        self.read_button.setVisible(on)
        self.edit.setVisible(not on)
        if on:
            self.editor.setFocus()

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a report"), "",
                                              self.tr("Text (*.txt);;All files (*)"))
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> bool:
        """Read a report file; a file that cannot be read leaves the panel as it was and says why in one line."""
        try:
            text = report_text(path)
        except (ValueError, OSError) as exc:
            self.message.emit(str(exc))
            return False
        self.read(text)
        return True

    def clear(self) -> None:
        self.editor.clear()
        self._editing(True)
        self.reading = None
        self.explanations = []
        self.list.clear()
        self.text.clear()
        self.handout.setEnabled(False)
        self.state.set_overlays({})

    # ---- the scene ---------------------------------------------------------------------------
    @property
    def ticked(self) -> set[int]:
        """Indices of the findings whose boxes are ticked."""
        out = set()
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.add(item.data(Qt.ItemDataRole.UserRole))
        return out

    def drawn(self) -> list:
        """The findings drawn now: the ticked ones (shown ones start ticked; an unticked one is left out)."""
        return self.reading.drawn(self.ticked) if self.reading is not None else []

    def apply(self, view: bool = False) -> None:
        """Set the overlays to the ticked findings (and, when asked, the view to the first one's best view)."""
        if self.reading is None:
            return
        drawn = self.drawn()
        self.state.set_overlays(Overlays.of_specs(f.spec for f in drawn).to_state())
        if view and drawn:
            self.state.set_view(view_for(drawn, self.content))
        self._show_text()
        self.applied.emit()

    def _ticked(self, _item) -> None:
        self.apply()

    # ---- words ----------------------------------------------------------------------------------
    def marked_report(self) -> str:
        """The report as HTML, each phrase read marked by what became of it (hover: what it became)."""
        reading = self.reading
        marks = []
        for finding, e in zip(reading.findings, self.explanations):
            for span in finding.spans:
                marks.append((span.start, span.end, finding.status, e.title))
        for span in reading.not_understood:
            marks.append((span.start, span.end, "not_understood", self.words.get("not_understood", "")))
        marks.sort()
        out, at = [], 0
        for start, end, status, title in marks:
            if start < at:
                continue
            out.append(escape(reading.text[at:start]))
            out.append(f"<span style='background:{MARKS[status]}' title='{escape(title)}'>"
                       f"{escape(reading.text[start:end])}</span>")
            at = end
        out.append(escape(reading.text[at:]))
        return "<p style='white-space: pre-wrap'>" + "".join(out) + "</p>"

    def _show_text(self) -> None:
        if self.reading is None:
            return
        texts = self.vocabulary.texts
        parts = [self.marked_report()]
        legend = " ".join(f"<span style='background:{MARKS[k]}'>&nbsp;{escape(texts['statuses'].get(k, k))}&nbsp;"
                          f"</span>" for k in ("shown", "unsure", "noted"))
        parts.append(f"<p><small>{legend} <span style='background:{MARKS['not_understood']}'>&nbsp;"
                     f"{escape(self.words.get('legend_not_understood', ''))}&nbsp;</span></small></p>")
        if not self.reading.findings:
            parts.append(f"<p><b>{escape(self.words.get('nothing', ''))}</b></p>")
        row = self.list.currentRow()
        chosen = [self.list.item(row).data(Qt.ItemDataRole.UserRole)] if row >= 0 else range(len(self.reading.findings))
        for i in chosen:
            finding, e = self.reading.findings[i], self.explanations[i]
            body = "".join(f"<p>{escape(p)}</p>" for p in e.paragraphs)
            parts.append(f"<h3>{escape(e.title)}</h3><p><i>\u201c{escape(self._phrase(finding))}\u201d</i> "
                         f"({escape(texts['statuses'][finding.status])})</p>{body}"
                         f"<p><small>{cite(e.sources, self.sources)}</small></p>")
        if self.reading.not_understood:
            items = "".join(f"<li>{escape(self.reading.text[s.start:s.end])}</li>" for s in self.reading.not_understood)
            parts.append(f"<p><b>{escape(self.words.get('not_understood', ''))}</b></p><ul>{items}</ul>")
        if self.reading.skipped:
            items = "".join(f"<li>{escape(self.reading.text[s.start:s.end])}</li>" for s, _ in self.reading.skipped)
            parts.append(f"<p><small>{escape(self.words.get('skipped', ''))}</small></p><ul><small>{items}"
                         f"</small></ul>")
        self.text.setHtml("".join(parts))

    def _phrase(self, finding) -> str:
        span = finding.spans[0]
        return self.reading.text[span.start:span.end]

    def picture_caption(self, view: str, body: bool) -> str | None:
        """How to read the handout's picture of `view` (and the body beside it): a model; the patient's right."""
        return picture_caption(view, body, self.vocabulary.texts) if self.vocabulary else None

    def handout_title(self) -> str:
        return self.words.get("handout_title", "")

    def handout_paragraphs(self) -> list[str]:
        """The handout's text: the report's findings drawn and what they mean, the nerves, the ones only noted."""
        if self.reading is None:
            return []
        return report_paragraphs(self.reading, self.ticked, self.content, self.vocabulary.texts)
