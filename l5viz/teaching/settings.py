"""The window's own settings (layout, body view, body variant, axial convention) as one JSON file in the user
folder, written like every user file: atomically, the previous version kept, a corrupt file set aside.

Qt's QSettings would be the usual place, but its ini file could not share the user files' guarantees (one
atomic write, a .bak copy, a bad file reported and replaced by the last good one) nor their tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from l5viz.content.documents import Problem
from l5viz.teaching.userfiles import read_user_json, user_dir, write_json_atomic

SETTINGS_FILE = "settings.json"
FORMAT = 1


def check_settings(data: Any, where: str) -> list[Problem]:
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("values"), dict):
        return [Problem(where, f'not l5viz settings: expected {{"format": {FORMAT}, "values": {{...}}}}')]
    return []


class Settings:
    """Named values that outlive the window; each change is written at once, so a crash keeps the last one."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path is not None else user_dir() / SETTINGS_FILE
        data, self.problems = read_user_json(self.path, check_settings)
        self.values: dict[str, Any] = dict(data["values"]) if data else {}

    def value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def update(self, **values: Any) -> bool:
        """Set several values and write them in one atomic save; False, with the reason kept in problems, when the
        file cannot be written (the values still hold for this run, and the old file is intact)."""
        self.values.update(values)
        try:
            write_json_atomic(self.path, {"format": FORMAT, "values": self.values})
        except OSError as exc:
            self.problems.append(Problem(str(self.path), f"settings not saved: {(exc.strerror or str(exc)).lower()}"))
            return False
        return True
