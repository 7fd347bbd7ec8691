"""Session files (*.l5viz.json): the whole scene, the mode and the lesson step, saved and reopened exactly.

A session holds SceneState.to_dict() plus `extra`, what only the window knows (the lesson being shown and
its step, the exact camera). The format is versioned and checked against annotations/schema/
session.schema.json on load; writes are atomic. The recent-files list lives in the user folder.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l5viz.content.documents import BUNDLED_SCHEMA_DIR, Problem, load_json_document, read_json
from l5viz.pathology.kinds import Overlays
from l5viz.pathology.specs import SpecError
from l5viz.state import SceneState
from l5viz.teaching.lessons import Lesson, LessonPlayer
from l5viz.teaching.userfiles import read_user_json, user_dir, write_json_atomic

SESSION_FORMAT = 1
SESSION_SCHEMA = "session"
SESSION_SUFFIX = ".l5viz.json"
RECENT_FILE = "recent_sessions.json"
MAX_RECENT = 10


@dataclass
class Session:
    """A loaded session: the scene as SceneState.to_dict() gives it, and the window's extra state."""

    state: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    path: str = ""

    def apply(self, state: SceneState) -> None:
        """Make `state` what was saved (one "reset" event)."""
        state.load_dict(copy.deepcopy(self.state))

    def reopen(self, state: SceneState, lessons: list[Lesson]) -> tuple[LessonPlayer | None, list[Problem]]:
        """Restore the scene and, when a lesson was being shown, a player at the saved step (the scene
        stays as saved, including any change the presenter made after reaching that step)."""
        self.apply(state)
        lesson_id = self.extra.get("lesson")
        if lesson_id is None:
            return None, []
        lesson = next((les for les in lessons if les.id == lesson_id), None)
        step = self.extra.get("step", 0)
        if lesson is None or step >= len(lesson.steps):
            found = "not among the loaded lessons" if lesson is None else f"has no step {step}"
            return None, [Problem(self.path, f"lesson {lesson_id!r}: the session's lesson {found}; the scene was restored without it")]
        return LessonPlayer(state, lesson, step, apply_step=False), []


def save_session(path: Path, state: SceneState, extra: dict[str, Any] | None = None) -> None:
    """Write the scene and `extra` (e.g. {"lesson": "l5_course", "step": 3, "camera": {...}}) atomically."""
    write_json_atomic(Path(path), {
        "format": SESSION_FORMAT,
        "app": "l5viz",
        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "state": state.to_dict(),
        "extra": copy.deepcopy(extra or {}),
    })


def load_session(path: Path, structures: tuple[str, ...] | None = None) -> tuple[Session | None, list[Problem]]:
    """Read a session file; None with the reasons when it cannot be used.

    Structure ids this version does not know (a session from a later version) are reported and ignored,
    as SceneState.load_dict ignores them.
    """
    path = Path(path)
    where = str(path)
    data, problems = read_json(path)
    if data is None:
        return None, problems
    foreign = foreign_session(data)
    if foreign:
        return None, [Problem(where, foreign)]
    data, problems = load_json_document(path, SESSION_SCHEMA, BUNDLED_SCHEMA_DIR)
    if data is None:  # one line: the first thing wrong, and how many more
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return None, [Problem(where, f"not a usable session: {problems[0].message}{more}")]
    state = data["state"]
    try:  # (an older session's stenosis, saved without its kind, reads as foraminal)
        Overlays.from_state(state["overlays"])
    except SpecError as exc:
        return None, problems + [Problem(where, f"$.state.overlays: {exc}")]
    known = set(structures if structures is not None else SceneState().structures)
    unknown = sorted({sid for key in ("visible", "opacity") for sid in state[key] if sid not in known}
                     | ({state["selected"]} - known - {None}))
    if unknown:
        problems.append(Problem(where, f"structure ids unknown to this version ignored: {', '.join(unknown)}"))
    return Session(state=state, extra=data["extra"], path=where), problems


def foreign_session(data: Any) -> str | None:
    """Why a JSON document is not an l5viz session at all (another app's file, a lesson, a newer format), or None."""
    if not isinstance(data, dict) or data.get("app") != "l5viz":
        return (f"not an l5viz session (a session is a {SESSION_SUFFIX} file that File > Save session writes, "
                f'with "app": "l5viz")')
    if data.get("format") != SESSION_FORMAT:
        return (f"session format {data.get('format')!r}, from another version of l5viz; this version reads "
                f"format {SESSION_FORMAT}")
    return None


def _recent_problems(data: Any, where: str) -> list[Problem]:
    ok = isinstance(data, dict) and isinstance(data.get("files"), list) and all(
        isinstance(f, str) for f in data["files"])
    return [] if ok else [Problem(where, 'expected {"files": [path, ...]}')]


def recent_path() -> Path:
    return user_dir() / RECENT_FILE


def recent_files() -> tuple[list[str], list[Problem]]:
    """Recently opened or saved sessions, newest first (the list may name files since moved or deleted)."""
    data, problems = read_user_json(recent_path(), _recent_problems)
    return (list(data["files"][:MAX_RECENT]) if data else []), problems


def add_recent(path: Path) -> tuple[list[str], list[Problem]]:
    """Put `path` (made absolute) first in the recent list, without duplicates, keeping at most MAX_RECENT."""
    entry = str(Path(path).expanduser().resolve())
    files, problems = recent_files()
    files = ([entry] + [f for f in files if f != entry])[:MAX_RECENT]
    write_json_atomic(recent_path(), {"files": files})
    return files, problems
