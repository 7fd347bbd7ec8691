"""Write files so that a crash never leaves a half-written one: temporary file, then an atomic rename."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: Path):
    """Yield a temporary path beside `path`; on success it replaces `path` in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~current_umask())  # mkstemp makes it private; the result should read like any file
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def writable_file(path: Path, suffixes: tuple[str, ...]) -> Path:
    """The file a command is about to write (its folder is created if missing); ValueError, naming the problem
    and what is valid, when it is a folder, has another suffix, or its folder cannot be written."""
    path = Path(path)
    valid = " or ".join(suffixes)
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give a file name ending {valid}")
    if path.suffix.lower() not in suffixes:
        raise ValueError(f"{path.name}: unknown format {path.suffix or '(none)'!r}; valid: {', '.join(suffixes)}")
    writable_place(path.parent)
    return path


def writable_folder(path: Path) -> Path:
    """A folder a command is about to write into (created if missing); ValueError when it is a file or cannot be
    written."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ValueError(f"{path} is a file; give a folder (it is created if missing)")
    writable_place(path)
    return path


def writable_place(folder: Path) -> None:
    """The nearest existing folder at or above `folder` must be a folder that takes a new file."""
    existing = Path(folder).absolute()
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise ValueError(f"{existing} is a file, so {folder} cannot be made; give a path inside a folder")
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        raise ValueError(f"cannot write in {existing}: {exc.strerror.lower()}") from None
