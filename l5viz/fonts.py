"""Where the app finds DejaVu Sans, the one typeface its pictures and handouts draw every language's letters in.

VTK's built-in fonts draw ASCII only (VTK issue 16904), and PDF's standard fonts Latin-1 only, so text in
another language than English needs a font file. Qt-free and VTK-free: the renderers and the handout ask here.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
SYSTEM_FONTS = Path("/usr/share/fonts/truetype/dejavu")  # Debian's and Ubuntu's fonts-dejavu-core


def font_folders() -> list[Path]:
    """Where DejaVu Sans is looked for: matplotlib's copy first (pyvista requires matplotlib, whose default font
    it is and whose wheel ships it, so every install has the same file), then the system's."""
    spec = importlib.util.find_spec("matplotlib")
    bundled = [Path(p) / "mpl-data" / "fonts" / "ttf" for p in (spec.submodule_search_locations or [])] if spec else []
    return [*bundled, SYSTEM_FONTS]


@cache
def font_file(bold: bool) -> Path | None:
    """The regular or bold face's file (looked for once: the handout measures every word with it)."""
    name = FONT_FILES[bold]
    return next((folder / name for folder in font_folders() if (folder / name).is_file()), None)
