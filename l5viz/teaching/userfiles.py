"""The user's own files (quiz progress, recent sessions): where they live and how they are written safely.

A crash, a full disk or a killed process must never cost a trainee their progress, so every write goes to
a temporary file in the same folder, is flushed to disk, and only then replaces the old file in one
os.replace (atomic on POSIX and Windows); the previous version is kept as <name>.bak. Reading is tolerant:
a file that cannot be parsed is moved aside as <name>.corrupt-<timestamp> (never overwritten) and reported,
and the .bak copy is used when it is sound.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from l5viz.content.documents import Problem, read_json

APP_NAME = "l5viz"
USER_DIR_VARIABLE = "L5VIZ_USER_DIR"
BACKUP_SUFFIX = ".bak"
CORRUPT_INFIX = ".corrupt-"


def user_dir() -> Path:
    """The per-user data folder: $L5VIZ_USER_DIR, else the platform's usual place (as platformdirs picks it)."""
    override = os.environ.get(USER_DIR_VARIABLE)
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / APP_NAME


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write data as JSON so that path holds either the old or the new content, whatever happens midway."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        if path.is_file():
            shutil.copyfile(path, backup_path(path))
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def set_aside_corrupt(path: Path) -> Path:
    """Move an unreadable file out of the way (never delete it) so the user or a developer can inspect it."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}{CORRUPT_INFIX}{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}{CORRUPT_INFIX}{stamp}-{n}")
        n += 1
    os.replace(path, target)
    return target


Checker = Callable[[Any, str], list[Problem]]


def read_user_json(path: Path, check: Checker) -> tuple[Any | None, list[Problem]]:
    """Read a user file written by write_json_atomic; None (and no problem) when it does not exist yet.

    check(data, where) returns the problems that make data unusable. A bad file is set aside and
    reported; its .bak copy is used instead when that one passes the check.
    """
    path = Path(path)
    if not path.exists():
        return None, []
    data, problems = read_json(path)
    if data is not None:
        problems += check(data, str(path))
        if not problems:
            return data, []
    moved = set_aside_corrupt(path)
    report = [Problem(str(path), f"unusable, kept aside as {moved.name}: " + "; ".join(p.message for p in problems))]
    backup = backup_path(path)
    if backup.is_file():
        old, old_problems = read_json(backup)
        if old is not None and not check(old, str(backup)):
            report.append(Problem(str(path), f"restored the previous version from {backup.name}"))
            return old, report
    return None, report
