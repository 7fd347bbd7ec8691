"""The window's own words in the user's language, through Qt's translators.

l5viz_<lang>.qm (made from l5viz/resources/i18n/l5viz_<lang>.ts by scripts/update_translations.py) translates
the window; Qt's own qtbase_<lang>.qm, shipped with PySide6, translates its standard dialogs and buttons. The
content's words (annotations/locales/) follow the same language through l5viz.content.locale. English is the
source language: it needs no translator. In debug mode (L5VIZ_I18N_DEBUG) a window text that has no translation
is shown marked, ‹text›, so a translator sees what is left to do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from l5viz.content.locale import (
    ENGLISH,
    FALLBACK_MARK,
    available_languages,
    language,
    marking_fallbacks,
    resolve_language,
    set_language,
)

I18N_FOLDER = Path(__file__).resolve().parent.parent / "resources" / "i18n"
CATALOGUE = "l5viz"  # l5viz_es.ts, l5viz_es.qm
QT_CATALOGUE = "qtbase"  # Qt's standard dialogs and buttons
LANGUAGE_NAMES = {"en": "English", "es": "Español"}  # each language in its own words, as a language menu lists it
QT_CONTEXT = re.compile(r"^Q[A-Z]")  # Qt's own classes (QFileDialog, QPlatformTheme): qtbase's to translate


def catalogue_path(code: str) -> Path:
    return I18N_FOLDER / f"{CATALOGUE}_{code}.qm"


def window_languages() -> list[str]:
    """The languages the window can speak: English, and each content language whose window translation ships."""
    return [code for code in available_languages() if code == ENGLISH or catalogue_path(code).is_file()]


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code) or QLocale(code).nativeLanguageName().capitalize() or code


def startup_language(setting: str | None) -> str:
    """The language to start in: the setting ("system" or a code), else the system locale's, else English; one
    the window can speak too (its content alone would leave the menus in English)."""
    code = resolve_language(setting, QLocale.system().name())
    return code if code in window_languages() else ENGLISH


class FallbackMarker(QTranslator):
    """Asked first (installed last): a window text that l5viz's translation lacks comes back marked ‹text›;
    every other text is left to the translators behind it (None: Qt asks the next one)."""

    def __init__(self, window: QTranslator | None, parent=None):
        super().__init__(parent)
        self.window = window

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        if QT_CONTEXT.match(context or "") or not source:
            return None
        known = self.window.translate(context, source, disambiguation, n) if self.window is not None else ""
        return None if known else FALLBACK_MARK.format(source)


def install_translators(app: QCoreApplication, code: str) -> list[QTranslator]:
    """Install the translators of `code` (none for English, the source language) and return them, in the order
    installed, for remove_translators. In debug mode the marker goes last, so Qt asks it first."""
    installed: list[QTranslator] = []
    if code == ENGLISH:
        return installed
    window = QTranslator(app)
    window = window if window.load(str(catalogue_path(code))) else None
    qt = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for translator in (qt if qt.load(f"{QT_CATALOGUE}_{code}", qt_folder) else None, window):
        if translator is not None and app.installTranslator(translator):
            installed.append(translator)
    if marking_fallbacks():
        marker = FallbackMarker(window, app)
        app.installTranslator(marker)
        installed.append(marker)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in reversed(translators):
        app.removeTranslator(translator)
        translator.deleteLater()


@contextmanager
def speaking(code: str, app: QCoreApplication | None = None) -> Iterator[list[QTranslator]]:
    """The window and its content in language `code` while the block runs (build a MainWindow inside it); the
    translators and the content language are put back afterwards. For tests and screenshots."""
    app = app or QCoreApplication.instance()
    previous = language()
    set_language(code)
    translators = install_translators(app, code)
    try:
        yield translators
    finally:
        remove_translators(app, translators)
        set_language(previous)


def qt_words(context: str) -> Callable[[str], str]:
    """Qt's translation of texts marked in `context` (QT_TRANSLATE_NOOP), as a function of the text."""
    return lambda text: QCoreApplication.translate(context, text)
