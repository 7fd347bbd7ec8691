"""Self-study quiz (annotations/quiz.json): items, answer checking with sourced feedback, saved progress.

Five kinds of item: identify_structure (pick a structure in 3D), predict_root (a herniation or stenosis is
shown; name the root), leg_dermatome (name the root whose dermatome a finding points to, in a named
dermatome map, the body pane turned to the leg), weak_muscle (multiple choice) and choose (multiple choice,
on a scene of its own: which procedure, where the needle goes). Progress is saved after every answer with an
atomic write, so a crash loses
nothing; a damaged progress file is kept aside and reported, never silently overwritten.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from l5viz.content.clinical import check_document, load_all_lesion_content
from l5viz.content.documents import Problem, SchemaSet, annotations_root, read_json, schema_dir_for, violation
from l5viz.content.structures import check_sources_file
from l5viz.pathology.kinds import Overlays, kind_of
from l5viz.state import SceneState
from l5viz.teaching.userfiles import read_user_json, user_dir, write_json_atomic

QUIZ_FILE = "quiz.json"
QUIZ_SCHEMA = "quiz"
PROGRESS_FILE = "quiz_progress.json"
CHOICE_KINDS = ("weak_muscle", "choose")  # answered by a choice's index
PROGRESS_SCHEMA = {
    "type": "object",
    "required": ["format", "answers"],
    "properties": {
        "format": {"const": 1},
        "answers": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["given", "correct"],
            "properties": {"given": {"type": ["string", "integer"]}, "correct": {"type": "boolean"},
                           "at": {"type": "string"}}}},
    },
}


@dataclass(frozen=True)
class QuizItem:
    """One question. `accept` holds the structure ids (identify_structure) or the root (the root kinds)
    that count as correct; for the choice kinds, `choices` and the index of the correct one."""

    id: str
    kind: str
    prompt: str
    explanation: str
    sources: tuple[str, ...]
    view: str | None = None
    accept: tuple[str, ...] = ()
    overlays: Overlays = Overlays()  # the lesions a predict_root item shows (and the scene of a choose item)
    dermatome_map: str | None = None
    side: str | None = None
    choices: tuple[str, ...] = ()
    correct_choice: int | None = None
    imaging: dict[str, Any] | None = None  # a synthetic image the question is asked on: {"series", "slice"}

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> "QuizItem":
        """Build from a schema-valid item (the schema guarantees the fields of each kind)."""
        kind = entry["kind"]
        common = dict(id=entry["id"], kind=kind, prompt=entry["prompt"], explanation=entry["explanation"],
                      sources=tuple(entry["sources"]), view=entry.get("view"))
        if kind == "identify_structure":
            return cls(**common, accept=tuple(entry["accept"]))
        if kind == "predict_root":
            return cls(**common, accept=(entry["answer"],), overlays=Overlays.from_texts(entry["overlays"]))
        if kind == "leg_dermatome":
            return cls(**common, accept=(entry["answer"],), dermatome_map=entry["map"], side=entry.get("side"))
        choices = entry["choices"]
        return cls(**common, choices=tuple(c["text"] for c in choices),
                   overlays=Overlays.from_texts(entry.get("overlays", {})),
                   correct_choice=next(i for i, c in enumerate(choices) if c.get("correct")))

    @property
    def expected(self) -> str:
        """The right answer in words, for the feedback panel."""
        if self.kind in CHOICE_KINDS:
            return self.choices[self.correct_choice]
        return " or ".join(self.accept)

    def is_correct(self, given: str | int) -> bool:
        """given: a structure id, a root name (e.g. "L5", case-insensitive) or a choice index."""
        if self.kind in CHOICE_KINDS:
            if isinstance(given, bool) or not isinstance(given, int) or not 0 <= given < len(self.choices):
                raise ValueError(f"quiz item {self.id!r}: answer with a choice index 0 to {len(self.choices) - 1}; "
                                 f"got {given!r}")
            return given == self.correct_choice
        if not isinstance(given, str):
            raise ValueError(f"quiz item {self.id!r}: answer with a {self._answer_noun}; got {given!r}")
        text = given.strip()
        return text in self.accept if self.kind == "identify_structure" else text.upper() in self.accept

    @property
    def _answer_noun(self) -> str:
        return "structure id" if self.kind == "identify_structure" else "root name such as 'L5'"

    def scene_overlays(self) -> dict[str, list[dict]]:
        """The overlays the item shows (predict_root's lesions, a choose item's scene)."""
        return self.overlays.to_state()


@dataclass(frozen=True)
class Feedback:
    correct: bool
    given: str | int
    expected: str
    explanation: str
    sources: tuple[str, ...]


def check_answer_against_rule(item: QuizItem, content: dict[str, dict | None], where: str, index: int,
                              ) -> list[Problem]:
    """A predict_root answer must be a root its lesions' own content rules name (the level-zone-root table
    for a herniation, the exiting root for a foraminal stenosis, ...)."""
    if item.kind != "predict_root":
        return []
    expected = []
    for spec in item.overlays:
        kind = kind_of(spec)
        roots = kind.expected_roots(spec, content.get(kind.name))
        if roots is None:
            return []  # a rule to check against is missing (its loader reports why)
        expected.append((kind.content_file, spec.to_text(), roots))
    if any(item.accept[0] in roots for _, _, roots in expected):
        return []
    return [Problem(where, f"$.items[{index}].answer: {item.accept[0]!r} contradicts "
                           + "; ".join(f"{file} ({text}: {', '.join(roots)})" for file, text, roots in expected))]


def load_quiz(annotations_dir: Path | None = None) -> tuple[list[QuizItem], list[Problem]]:
    """The valid quiz items in file order; an invalid item is reported and left out, the others load."""
    annotations = annotations_root(annotations_dir)
    path = annotations / QUIZ_FILE
    where = str(path)
    schemas = SchemaSet(schema_dir_for(annotations))
    _, _, known_sources = check_sources_file(annotations, schemas)
    data, problems = check_document(path, QUIZ_SCHEMA, schemas, known_sources)
    if data is None:
        data, _ = read_json(path)
        entries = data.get("items") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            return [], problems
        validator = schemas.validator(QUIZ_SCHEMA)
        item_schema = {"$ref": "urn:l5viz:schema:quiz#/$defs/item"}
        validator = validator.evolve(schema=item_schema) if validator else None
        valid = [e for e in entries if validator is not None and validator.is_valid(e)]
    else:
        valid = data["items"]
    rules, _ = load_all_lesion_content(annotations)  # their own problems are reported by their loaders
    items, seen = [], set()
    for index, entry in enumerate(valid):
        item = QuizItem.from_entry(entry)
        if item.id in seen:
            problems.append(Problem(where, f"$.items[{index}].id: {item.id!r} is used twice; ids must be unique "
                                           f"(saved progress refers to them)"))
            continue
        contradictions = check_answer_against_rule(item, rules, where, index)
        problems += contradictions
        if not contradictions:
            seen.add(item.id)
            items.append(item)
    return items, problems


def _progress_problems(data: Any, where: str) -> list[Problem]:
    return [violation(where, e) for e in Draft202012Validator(PROGRESS_SCHEMA).iter_errors(data)]


@dataclass
class QuizSession:
    """A run through the quiz; answers are saved to `progress_path` at once, and reloaded on the next start."""

    items: list[QuizItem]
    progress_path: Path = field(default_factory=lambda: user_dir() / PROGRESS_FILE)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.progress_path = Path(self.progress_path)
        data, self.problems = read_user_json(self.progress_path, _progress_problems)
        if data is not None:
            known = {item.id for item in self.items}
            self.answers = {k: v for k, v in data["answers"].items() if k in known}

    @property
    def current(self) -> QuizItem | None:
        """The first unanswered item, or None when every item has been answered."""
        return next((item for item in self.items if item.id not in self.answers), None)

    @property
    def score(self) -> tuple[int, int]:
        """(correct, answered)."""
        return sum(1 for a in self.answers.values() if a["correct"]), len(self.answers)

    @property
    def progress(self) -> tuple[int, int]:
        """(answered, total)."""
        return len(self.answers), len(self.items)

    def answer(self, given: str | int) -> Feedback:
        """Check the answer to the current item, save it, and say why it is right or wrong."""
        item = self.current
        if item is None:
            raise RuntimeError("the quiz is finished; call reset() to start again")
        correct = item.is_correct(given)
        self.answers[item.id] = {"given": given, "correct": correct, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
        self.save()
        return Feedback(correct, given, item.expected, item.explanation, item.sources)

    def reset(self) -> None:
        """Start again (the previous progress stays in the .bak copy until the next answer)."""
        self.answers = {}
        self.save()

    def save(self) -> None:
        write_json_atomic(self.progress_path, {"format": 1, "answers": self.answers})

    def show_current(self, state: SceneState) -> None:
        """Set the scene for the current item: its overlays and view, nothing selected, labels off (they
        would give the answer away)."""
        item = self.current
        if item is None:
            return
        state.select(None)
        state.set_labels(False)
        state.set_overlays(item.scene_overlays())
        if item.view is not None:
            state.set_view(item.view)
        if item.imaging is not None:
            state.set_imaging(item.imaging["series"], item.imaging["slice"])
