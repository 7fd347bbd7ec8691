"""Panels of the three teaching modes: lecture (guided lessons), bedside (plain words), self-study (quiz).

Each panel edits SceneState through the Qt-free teaching core (l5viz.teaching); none touches an actor.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from l5viz.exports.handout import HandoutWords
from l5viz.pathology.kinds import Overlays, kind_named
from l5viz.state import Change, SceneState
from l5viz.teaching.lessons import Lesson, LessonPlayer
from l5viz.teaching.quiz import QuizItem, QuizSession
from l5viz.ui.flow import ColumnFlow
from l5viz.ui.texts import sources_line

ROOT_CHOICES = ("L4", "L5", "S1")


class LecturePanel(QWidget):
    """Pick a lesson and step through it; the caption also shows in the big caption bar."""

    step_changed = Signal()

    def __init__(self, state: SceneState, lessons: list[Lesson], sources: dict, parent=None):
        super().__init__(parent)
        self.state = state
        self.lessons = lessons
        self.sources = sources
        self.player: LessonPlayer | None = None
        self.choose = QComboBox()
        self.choose.addItems([lesson.title for lesson in lessons])
        self.start = QPushButton(self.tr("Start lesson"))
        self.previous_button = QPushButton(self.tr("◀ Previous"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.position = QLabel("")
        self.position.setWordWrap(True)  # (a long lesson title at a large text size)
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QTextBrowser()
        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addWidget(self.position, 1)  # (the whole cell: a wrapped label gets the height its lines need)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Lesson")))
        layout.addWidget(self.choose)
        layout.addWidget(self.start)
        layout.addLayout(nav)
        layout.addWidget(self.caption, 1)
        hint = QLabel(self.tr("Clicker keys: Page Down / → / Space next, Page Up / ← previous, B blank."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.start.clicked.connect(self.start_lesson)
        self.next_button.clicked.connect(lambda: self.press("PageDown"))
        self.previous_button.clicked.connect(lambda: self.press("PageUp"))
        self._refresh()

    def start_lesson(self) -> None:
        if not self.lessons:
            return
        self.player = LessonPlayer(self.state, self.lessons[self.choose.currentIndex()])
        self._refresh()

    def press(self, key_name: str) -> str | None:
        """Forward a presenter key to the lesson player (starts the chosen lesson if none is running)."""
        if self.player is None:
            self.start_lesson()
            return "start"
        action = self.player.press(key_name)
        self._refresh()
        return action

    def _refresh(self) -> None:
        running = self.player is not None
        self.next_button.setEnabled(running)
        self.previous_button.setEnabled(running)
        if not running:
            self.position.setText("")
            choose = escape(self.tr("Choose a lesson and press {button} (or Page Down)."))
            self.caption.setHtml(f"<p>{choose.format(button=f'<b>{escape(self.start.text())}</b>')}</p>")
        else:
            step = self.player.step
            self.position.setText(self.tr("{lesson} — step {position}").format(lesson=self.player.lesson.title,
                                                                               position=self.player.position))
            self.caption.setHtml(f"<h3>{escape(step.title)}</h3><p>{escape(step.caption)}</p>"
                                 f"<p><small>{sources_line(step.sources, self.sources)}</small></p>")
        self.step_changed.emit()

    @property
    def caption_text(self) -> str:
        if self.player is None:
            return ""
        return f"{self.player.step.title}: {self.player.caption}"


def red_flags_heading() -> str:
    """The words the handout prints above the red flags; none when report_texts.json cannot be used (the window
    lists that problem, and the flags still show)."""
    try:
        return HandoutWords.spoken().red_flags_heading
    except ValueError:
        return ""


class BedsidePanel(QWidget):
    """Few, large controls: pick what the MRI report says, read what it means in plain words."""

    handout_requested = Signal()
    report_requested = Signal()  # "From an MRI report…": the window shows the report panel
    picked = Signal()  # a finding (or the healthy spine) was picked here

    def __init__(self, state: SceneState, scenarios: list[dict], content: dict, sources: dict, parent=None):
        super().__init__(parent)
        self.state = state
        self.scenarios = scenarios
        self.content = content
        self.sources = sources
        self.current: dict | None = None
        grid = ColumnFlow(2)  # two to a row, one when the panel is narrow for the text size
        self.buttons = {}
        for scenario in scenarios:
            button = QPushButton(scenario["title"])
            button.setMinimumHeight(44)
            button.clicked.connect(lambda _=False, s=scenario: self.pick(s))
            grid.addWidget(button)
            self.buttons[scenario["id"]] = button
        self.clear = QPushButton(self.tr("Healthy spine"))
        self.clear.setMinimumHeight(44)
        self.clear.clicked.connect(lambda: self.pick(None))
        grid.addWidget(self.clear)
        self.handout = QPushButton(self.tr("Print a handout…"))
        self.handout.setMinimumHeight(44)
        self.handout.clicked.connect(self.handout_requested.emit)
        grid.addWidget(self.handout)
        self.from_report = QPushButton(self.tr("From an MRI report…"))
        self.from_report.setMinimumHeight(44)
        self.from_report.clicked.connect(self.report_requested.emit)
        grid.addWidget(self.from_report)
        # What the clinician can show next for the finding picked: its treatments, each added to the scene.
        self.treatment_row = ColumnFlow(3)
        self.treatment_buttons: list[QPushButton] = []
        self.treatment: dict | None = None  # the treatment shown, of the current scenario's
        self.text = QTextBrowser()
        self.text.setStyleSheet("font-size: 16px;")  # read with a patient, often at arm's length
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(self.treatment_row)
        layout.addWidget(self.text, 1)
        self._refresh()

    def pick(self, scenario: dict | None) -> None:
        """Set the scene; the window answers the overlay change with show_affected(), which fills the text."""
        self.current = scenario
        self.treatment = None
        self._show_treatment_buttons()
        self.picked.emit()
        if scenario is None:
            self.state.set_overlays({})
            self.state.set_view("reset")
        else:
            self.state.set_overlays(Overlays.from_texts(scenario["overlays"]).to_state())
            self.state.set_view(scenario["view"])

    def _show_treatment_buttons(self) -> None:
        """One button per treatment of the finding picked, named in plain words (the content's lay name)."""
        for button in self.treatment_buttons:
            self.treatment_row.removeWidget(button)
            button.deleteLater()
        self.treatment_buttons = []
        names = (self.content.get("procedure") or {}).get("procedures", {})
        for treatment in (self.current or {}).get("treatments", []):
            kind = treatment["procedure"].split(":")[0]
            button = QPushButton(names.get(kind, {}).get("lay_name", kind))
            button.setMinimumHeight(44)
            button.setCheckable(True)
            button.setObjectName(f"treatment_{kind}")
            button.clicked.connect(lambda _=False, t=treatment: self.treat(t))
            self.treatment_row.addWidget(button)
            self.treatment_buttons.append(button)

    def treat(self, treatment: dict | None) -> None:
        """Show the finding with a treatment added (None, or the one shown again: the finding alone)."""
        if self.current is None:
            return
        self.treatment = None if treatment is self.treatment else treatment
        for button, shown in zip(self.treatment_buttons, self.current.get("treatments", [])):
            button.setChecked(shown is self.treatment)
        texts = dict(self.current["overlays"])
        if self.treatment:
            texts["procedure"] = [self.treatment["procedure"]]
            self.state.set_view(kind_named("procedure").best_view(Overlays.from_texts(texts).of("procedure")[0]))
        self.state.set_overlays(Overlays.from_texts(texts).to_state())

    def handout_title(self) -> str:
        """The finding, and the treatment shown with it (the picture shows the scene after it)."""
        if not self.current:
            return self.tr("Your lower back")
        entry = ((self.content.get("procedure") or {}).get("procedures") or {}).get(
            self.treatment["procedure"].split(":")[0]) if self.treatment else None
        return f"{self.current['title']}: {entry['lay_name']}" if entry else self.current["title"]

    def treatment_paragraphs(self) -> list[str]:
        """What the operation (or the waiting) does, in plain words, from annotations/clinical/procedure.json."""
        content = self.content.get("procedure")
        if not self.treatment or not content:
            return []
        kind = self.treatment["procedure"].split(":")[0]
        entry = content["procedures"][kind]
        steps = " ".join(stage["lay"] for stage in entry["stages"])
        return [f"{entry['lay_name']}: {entry['what']['lay']}", *([steps] if steps else []),
                entry["evidence"][0]["lay"], " ".join(risk["lay"] for risk in entry["risks"]),
                content["debate"]["notice"]["lay"]]

    def summary_paragraphs(self, affected_roots: list[str]) -> list[str]:
        """Plain-language paragraphs for the screen and the handout, all from annotations/."""
        paragraphs = []
        if self.current:
            paragraphs.append(self.current["lay_summary"])
        paragraphs += self.treatment_paragraphs()
        roots = (self.content.get("roots") or {})
        for root in affected_roots:
            entry = roots.get(root)
            if entry:
                paragraphs.append(f"{entry['lay_summary']} {entry['dermatome']['lay']}")
        return paragraphs

    def red_flags(self) -> list[str]:
        exam = self.content.get("exam") or {}
        return [flag["lay"] for flag in exam.get("red_flags", [])]

    def disclaimer(self) -> str:
        return ((self.content.get("exam") or {}).get("disclaimer") or {}).get(
            "plain", self.tr("For education, not diagnosis."))

    def _refresh(self, affected_roots: list[str] | None = None) -> None:
        parts = [f"<p>{escape(p)}</p>" for p in self.summary_paragraphs(affected_roots or [])]
        if not parts:
            parts = ["<p>{}</p>".format(escape(self.tr("Pick what the scan report says to see it on the model.")))]
        flags = "".join(f"<li>{escape(f)}</li>" for f in self.red_flags())
        if flags:
            parts.append(f"<p style='color:#d53f30'><b>{escape(red_flags_heading())}</b></p><ul>{flags}</ul>")
        parts.append(f"<p><small>{escape(self.disclaimer())}</small></p>")
        self.text.setHtml("".join(parts))

    def show_affected(self, affected_roots: list[str]) -> None:
        self._refresh(affected_roots)


class StudyPanel(QWidget):
    """The quiz: a question, ways to answer it, immediate feedback with its source, score and progress; and
    image questions generated from scenarios on the synthetic MRI, each from a seed that asks it again."""

    judged = Signal(bool, str)  # an answer was right or not; the right answer in words (the window announces it)

    def __init__(self, state: SceneState, quiz: QuizSession, sources: dict, image_quiz=None, parent=None):
        """`image_quiz`: builds the image-question generator when first asked (it needs the pathology engine),
        or None where there is none."""
        super().__init__(parent)
        self.state = state
        self.quiz = quiz
        self.sources = sources
        self._image_quiz_factory = image_quiz
        self._image_quiz = None
        self.image_item: QuizItem | None = None  # the image question shown, when one is
        self.image_score = [0, 0]  # (right, asked) this session
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.answer_box = QWidget()
        self.answer_layout = QVBoxLayout(self.answer_box)
        self.feedback = QTextBrowser()
        self.score = QLabel()
        self.next_button = QPushButton(self.tr("Next question"))
        self.restart = QPushButton(self.tr("Start again"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.restart)
        images = QGroupBox(self.tr("Questions on the synthetic MRI"))
        self.seed = QSpinBox()
        self.seed.setRange(0, 999999)
        self.seed.setPrefix(self.tr("seed "))
        self.seed.setToolTip(self.tr("The same seed asks the same question again: hand it to a colleague"))
        self.image_button = QPushButton(self.tr("Ask an image question"))
        self.image_button.setEnabled(image_quiz is not None)
        row = QHBoxLayout(images)
        row.addWidget(self.image_button, 1)
        row.addWidget(self.seed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.answer_box)
        layout.addWidget(self.feedback, 1)
        layout.addWidget(self.score)
        layout.addLayout(buttons)
        layout.addWidget(images)
        self.next_button.clicked.connect(self.show_question)
        self.restart.clicked.connect(self._restart)
        self.image_button.clicked.connect(lambda: self.ask_image(self.seed.value()))
        self.answered = False
        self.show_question()
        state.connect(self._on_state)

    def _on_state(self, change: Change) -> None:
        if change.kind == "mode" and self.state.mode == "study":
            self.quiz.show_current(self.state)

    def _restart(self) -> None:
        self.quiz.reset()
        self.show_question()

    def _clear(self) -> None:
        while self.answer_layout.count():
            widget = self.answer_layout.takeAt(0).widget()
            if widget:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self.feedback.setHtml("")
        self.answered = False

    def show_question(self) -> None:
        self._clear()
        self.image_item = None
        item = self.quiz.current
        correct, answered = self.quiz.score
        done, total = self.quiz.progress
        self.score.setText(self.tr("Score {correct} / {answered}  ·  question {number} of {total}").format(
            correct=correct, answered=answered, number=min(done + 1, total), total=total))
        if item is None:
            self.prompt.setText(self.tr("Quiz finished: {correct} of {total} right. Press “{button}” to repeat it.")
                                .format(correct=correct, total=total, button=self.restart.text()))
            return
        if self.state.mode == "study":  # the question sets its scene only once the user is in the quiz
            self.quiz.show_current(self.state)
        self.prompt.setText(item.prompt)
        if item.kind == "identify_structure":
            button = QPushButton(self.tr("Answer with the structure I clicked"))
            button.clicked.connect(lambda: self.submit(self.state.selected or ""))
            self.answer_layout.addWidget(QLabel(self.tr("Click it in the 3D view, then:")))
            self.answer_layout.addWidget(button)
        elif item.kind in ("predict_root", "leg_dermatome"):
            row = QWidget()
            row_layout = QHBoxLayout(row)
            for root in ROOT_CHOICES + (("L2", "L3", "S2") if item.kind == "leg_dermatome" else ()):
                button = QPushButton(root)
                button.clicked.connect(lambda _=False, r=root: self.submit(r))
                row_layout.addWidget(button)
            self.answer_layout.addWidget(row)
        else:
            self._choice_buttons(item, self.submit)

    def _choice_buttons(self, item: QuizItem, answer) -> None:
        for i, choice in enumerate(item.choices):
            button = QPushButton(choice)
            button.clicked.connect(lambda _=False, k=i: answer(k))
            self.answer_layout.addWidget(button)

    def _show_feedback(self, correct: bool, expected: str, explanation: str, sources) -> None:
        self.answered = True
        if correct:
            verdict = "<b style='color:#22864c'>{}</b>".format(escape(self.tr("Right.")))
        else:
            answer = escape(self.tr("The answer is {answer}.")).format(answer=escape(expected))
            verdict = "<b style='color:#d53f30'>{}</b> {}".format(escape(self.tr("Not quite.")), answer)
        self.feedback.setHtml(f"<p>{verdict}</p><p>{escape(explanation)}</p>"
                              f"<p><small>{sources_line(sources, self.sources)}</small></p>")
        self.judged.emit(correct, expected)

    def ask_image(self, seed: int) -> QuizItem | None:
        """The image question of `seed`: its scene, its synthetic slice beside the 3D, its choices."""
        if self._image_quiz is None and self._image_quiz_factory is not None:
            self._image_quiz = self._image_quiz_factory()
        if self._image_quiz is None:
            self.prompt.setText(self.tr("Image questions are unavailable: the model or the imaging content could not "
                                        "load."))
            return None
        self._clear()
        item = self.image_item = self._image_quiz.question(seed)
        self.state.select(None)
        self.state.set_labels(False)  # labels would give the answer away
        self.state.set_overlays(item.scene_overlays())
        self.state.set_view(item.view)
        self.state.set_imaging(item.imaging["series"], item.imaging["slice"])
        self.prompt.setText(self.tr("{question}  (seed {seed})").format(question=item.prompt, seed=seed))
        self._choice_buttons(item, self.answer_image)
        self.seed.setValue(seed + 1)  # the next press asks the next question
        return item

    def answer_image(self, index: int) -> None:
        item = self.image_item
        if item is None or self.answered:
            return
        correct = item.is_correct(index)
        self.image_score[0] += int(correct)
        self.image_score[1] += 1
        self._show_feedback(correct, item.expected, item.explanation, item.sources)
        self.score.setText(self.tr("Image questions: {right} / {asked} right").format(right=self.image_score[0],
                                                                                    asked=self.image_score[1]))

    def submit(self, given) -> None:
        if self.answered or self.quiz.current is None:
            return
        feedback = self.quiz.answer(given)
        self._show_feedback(feedback.correct, feedback.expected, feedback.explanation, feedback.sources)
        correct, answered = self.quiz.score
        done, total = self.quiz.progress
        self.score.setText(self.tr("Score {correct} / {answered}  ·  answered {done} of {total}").format(
            correct=correct, answered=answered, done=done, total=total))
