"""A Linux desktop entry and icon, so a lecturer starts l5viz from the applications menu like any other app.

Written to the user's own XDG data folder (no root needed), following the freedesktop.org Desktop Entry
Specification (version 1.4, which desktop-file-validate checks) and its icon theme layout (hicolor, 256x256 apps).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from l5viz import __version__
from l5viz.exports.files import atomic_path
from l5viz.paths import PACKAGE_DIR

APP_ID = "l5viz"
ICON_FILE = PACKAGE_DIR / "resources" / "l5viz.png"
ICON_SIZE = "256x256"
RESERVED = set(' \t\n"\'\\><~|&;$*?#()`')  # characters that force an Exec argument into quotes


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launcher() -> list[str]:
    """The command that starts this very installation: its own l5viz script, else this Python with -m."""
    script = Path(sys.executable).parent / APP_ID
    return [str(script)] if script.is_file() else [sys.executable, "-m", APP_ID]


def exec_argument(argument: str) -> str:
    """One argument of the Exec key, quoted and escaped as the Desktop Entry Specification requires."""
    if any(c in RESERVED for c in argument):
        argument = '"' + re.sub(r'(["`$\\])', r'\\\1', argument) + '"'
    return argument.replace("\\", "\\\\").replace("%", "%%")  # then the string escapes of every value


def desktop_entry(command: list[str]) -> str:
    exec_line = " ".join(exec_argument(part) for part in command)
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=l5viz",
        "GenericName=L5 nerve root in 3D",
        "Comment=Teach the L5 nerve root in 3D. For education, not diagnosis.",
        f"Exec={exec_line}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Education;MedicalSoftware;",
        "Keywords=spine;lumbar;nerve root;sciatica;anatomy;MRI;",
        f"StartupWMClass={APP_ID}",
        f"X-L5viz-Version={__version__}",
        "",
    ])


def install_desktop_entry(base: Path | None = None) -> list[Path]:
    """Write the icon and the .desktop file under base (default: $XDG_DATA_HOME); the paths written."""
    base = Path(base) if base is not None else data_home()
    icon = base / "icons" / "hicolor" / ICON_SIZE / "apps" / f"{APP_ID}.png"
    entry = base / "applications" / f"{APP_ID}.desktop"
    with atomic_path(icon) as tmp:
        shutil.copyfile(ICON_FILE, tmp)
    with atomic_path(entry) as tmp:
        tmp.write_text(desktop_entry(launcher()), encoding="utf-8")
    return [entry, icon]
