"""Guided lessons (annotations/lessons/<id>.json) and the player that steps a SceneState through them.

A lesson is data: an ordered list of steps, each describing the whole scene (camera view, visible
structures, opacity, labels, selection, lesion overlays, the synthetic image beside it) with a caption and
its sources.
Steps are absolute rather than changes to the previous step, so a step looks the same whether the
presenter reached it with next, previous or a jump. Nothing here imports Qt: the window forwards key names
to LessonPlayer.press and draws `caption`; the render layer follows the SceneState.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l5viz.content.clinical import check_document
from l5viz.content.documents import Problem, SchemaSet, annotations_root, schema_dir_for
from l5viz.content.structures import check_sources_file
from l5viz.imaging.config import load_imaging
from l5viz.pathology.kinds import Overlays
from l5viz.pathology.specs import SpecError
from l5viz.state import SceneState

LESSONS_FOLDER = "lessons"
LESSON_SCHEMA = "lesson"

# Presentation clickers send PageDown/PageUp (some send the arrow keys or Space); "B" blanks the screen as in
# slide software. Names are Qt.Key member names without the "Key_" prefix, so the UI forwards
# key.name.removeprefix("Key_") unchanged.
PRESENTER_KEYS: dict[str, str] = {
    "PageDown": "next",
    "Right": "next",
    "Down": "next",
    "Space": "next",
    "Return": "next",
    "PageUp": "previous",
    "Left": "previous",
    "Up": "previous",
    "Backspace": "previous",
    "Home": "first",
    "End": "last",
    "B": "blank",
    "Period": "blank",
}


@dataclass(frozen=True)
class LessonStep:
    """One scene of a lesson, already checked: overlays are parsed specs, ids are known structure ids."""

    title: str
    caption: str
    view: str
    sources: tuple[str, ...]
    isolate: tuple[str, ...] | None = None
    hide: tuple[str, ...] = ()
    opacity: dict[str, float] = field(default_factory=dict)
    labels: tuple[str, ...] = ()
    select: str | None = None
    overlays: Overlays = Overlays()  # lesions of any registered kinds
    compresses: tuple[str, ...] = ()  # the roots the overlays compress, as the caption says (tested)
    imaging: dict[str, Any] | None = None  # the synthetic image shown beside the 3D: {"series", "slice"}

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> "LessonStep":
        """Build from a schema-valid step; SpecError if an overlay string is out of range."""
        overlays = entry.get("overlays", {})
        isolate = entry.get("isolate")
        return cls(
            title=entry["title"],
            caption=entry["caption"],
            view=entry["view"],
            sources=tuple(entry["sources"]),
            isolate=None if isolate is None else tuple(isolate),
            hide=tuple(entry.get("hide", ())),
            opacity=dict(entry.get("opacity", {})),
            labels=tuple(entry.get("labels", ())),
            select=entry.get("select"),
            overlays=Overlays.from_texts(overlays),
            compresses=tuple(entry.get("compresses", ())),
            imaging=dict(entry["imaging"]) if "imaging" in entry else None,
        )

    def scene(self, default_visible: dict[str, bool], mode: str) -> dict[str, Any]:
        """The complete SceneState.to_dict() this step asks for (mode is the caller's: lessons do not set it).

        Without an `isolate` list the step shows what the scene shows by default (fat hidden), less `hide`."""
        structures = tuple(default_visible)
        shown = ({s for s, on in default_visible.items() if on} if self.isolate is None
                 else set(self.isolate)) - set(self.hide)
        return {
            "visible": {sid: sid in shown for sid in structures},
            "opacity": {sid: self.opacity.get(sid, 1.0) for sid in structures},
            "selected": self.select,
            "view": self.view,
            "labels": bool(self.labels),
            "label_ids": list(self.labels),
            "mode": mode,
            "overlays": self.overlays.to_state(),
            "imaging": dict(self.imaging) if self.imaging else None,
        }


@dataclass(frozen=True)
class Lesson:
    id: str  # the file name without .json
    title: str
    summary: str
    sources: tuple[str, ...]
    steps: tuple[LessonStep, ...]
    order: int | None = None
    path: str = ""


def parse_lesson(path: Path, data: dict[str, Any], series_slices: dict[str, int] | None = None,
                 ) -> tuple[Lesson | None, list[Problem]]:
    """A schema-valid lesson document as a Lesson, or None with the overlay strings that are out of range, or
    the synthetic images that do not exist (`series_slices`: each series' number of slices; None: unchecked)."""
    where = str(path)
    steps, problems = [], []
    for i, entry in enumerate(data["steps"]):
        try:
            steps.append(LessonStep.from_entry(entry))
        except SpecError as exc:
            problems.append(Problem(where, f"$.steps[{i}].overlays: {exc}"))
        image = entry.get("imaging")
        if image and series_slices is not None:
            count = series_slices.get(image["series"])
            if count is None:
                problems.append(Problem(where, f"$.steps[{i}].imaging.series: unknown series {image['series']!r}; "
                                               f"valid: {', '.join(series_slices)}"))
            elif image["slice"] >= count:
                problems.append(Problem(where, f"$.steps[{i}].imaging.slice: {image['slice']} is past the last "
                                               f"slice of {image['series']} (valid: 0 to {count - 1})"))
    if problems:
        return None, problems
    return Lesson(id=Path(path).stem, title=data["title"], summary=data["summary"], sources=tuple(data["sources"]),
                  steps=tuple(steps), order=data.get("order"), path=where), []


def load_lessons(annotations_dir: Path | None = None) -> tuple[list[Lesson], list[Problem]]:
    """Every usable lesson in annotations/lessons/, in menu order, and the problems of the others.

    Each file is checked as `l5viz validate` checks it (schema, then source keys against sources.json);
    a lesson citing an unknown source is reported but still shown. Problems of sources.json itself are
    left to its own loader.
    """
    annotations = annotations_root(annotations_dir)
    folder = annotations / LESSONS_FOLDER
    if not folder.is_dir():
        return [], [Problem(str(folder), "lessons folder not found")]
    schemas = SchemaSet(schema_dir_for(annotations))
    _, _, known_sources = check_sources_file(annotations, schemas)
    imaging, _ = load_imaging(annotations)  # (its own problems are reported by its loader)
    series_slices = {sid: spec.slices for sid, spec in imaging.series.items()} if imaging else None
    lessons, problems = [], list(schemas.problems)
    for path in sorted(folder.glob("*.json")):
        data, lesson_problems = check_document(path, LESSON_SCHEMA, schemas, known_sources)
        problems += lesson_problems
        if data is None:
            continue
        lesson, lesson_problems = parse_lesson(path, data, series_slices)
        problems += lesson_problems
        if lesson is not None:
            lessons.append(lesson)
    lessons.sort(key=lambda les: (les.order is None, les.order or 0, les.title))
    return lessons, problems


class LessonPlayer:
    """Steps a SceneState through a lesson: each move applies the whole step scene in one "reset" event."""

    def __init__(self, state: SceneState, lesson: Lesson, step: int = 0, apply_step: bool = True):
        """apply_step=False keeps the scene as it is (a reopened session already holds it)."""
        self.state = state
        self.lesson = lesson
        self.index = 0
        self.blanked = False
        if apply_step:
            self.goto(step)
        else:
            self._check_index(step)
            self.index = step

    @property
    def step(self) -> LessonStep:
        return self.lesson.steps[self.index]

    @property
    def caption(self) -> str:
        return self.step.caption

    @property
    def labelled(self) -> tuple[str, ...]:
        """Structures whose labels this step shows (SceneState.labels only says whether labels are on)."""
        return self.step.labels

    @property
    def position(self) -> str:
        return f"{self.index + 1} / {len(self.lesson.steps)}"

    @property
    def at_start(self) -> bool:
        return self.index == 0

    @property
    def at_end(self) -> bool:
        return self.index == len(self.lesson.steps) - 1

    def goto(self, index: int) -> None:
        """Show step `index` (0-based); IndexError names the valid range."""
        self._check_index(index)
        self.index = index
        self.blanked = False
        scene = self.step.scene(self.state.default_visible, self.state.mode)
        self.state.load_dict(scene)

    def _check_index(self, index: int) -> None:
        count = len(self.lesson.steps)
        if not 0 <= index < count:
            raise IndexError(f"lesson {self.lesson.id!r} has steps 0 to {count - 1}; got {index}")

    def next(self) -> bool:
        """Advance one step; False (and no change) at the last step."""
        if self.at_end:
            return False
        self.goto(self.index + 1)
        return True

    def previous(self) -> bool:
        if self.at_start:
            return False
        self.goto(self.index - 1)
        return True

    def toggle_blank(self) -> None:
        """Blank (or un-blank) the presenter's screen; the UI draws black while `blanked` is True."""
        self.blanked = not self.blanked

    def press(self, key_name: str) -> str | None:
        """Do what a presenter key means (PRESENTER_KEYS); returns the action taken, None for other keys."""
        action = PRESENTER_KEYS.get(key_name)
        if self.blanked and action in ("next", "previous", "first", "last"):
            self.blanked = False  # as in slide software: the first key after a blank only brings the scene back
            return "unblank"
        if action == "next":
            self.next()
        elif action == "previous":
            self.previous()
        elif action == "first":
            self.goto(0)
        elif action == "last":
            self.goto(len(self.lesson.steps) - 1)
        elif action == "blank":
            self.toggle_blank()
        return action

