"""An unhandled exception in a Qt slot or a VTK callback must not end a lecture in front of a hall.

Installed as sys.excepthook (PySide6 and VTK both hand a callback's exception to it): the user sees one short
dialog, the traceback goes to a log file in the user data folder, and the app goes on. Saved sessions and quiz
progress are safe whatever happens, because every user file is written atomically (teaching/userfiles.py).
"""

from __future__ import annotations

import os
import platform
import sys
import time
import traceback
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from l5viz import __version__
from l5viz.exports.files import atomic_path
from l5viz.teaching.userfiles import USER_DIR_VARIABLE
from l5viz.translatable import QT_TRANSLATE_NOOP

LOG_FOLDER = "logs"
TITLE = QT_TRANSLATE_NOOP("ExceptionHook", "l5viz met an error and carried on")


def log_folder() -> Path:
    """Where crash logs go: $L5VIZ_USER_DIR/logs, else the app's data folder as Qt names it for this platform."""
    override = os.environ.get(USER_DIR_VARIABLE)
    base = override or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / LOG_FOLDER


def write_crash_log(exc_type, exc, tb) -> Path | None:
    """The traceback with what a developer needs to reproduce it; None when even the log cannot be written."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    text = (f"l5viz {__version__}, Python {platform.python_version()}, PySide6 {pyside_version}, "
            f"{platform.platform()}\n{time.strftime('%Y-%m-%d %H:%M:%S %z')}\n\n"
            + "".join(traceback.format_exception(exc_type, exc, tb)))
    path = log_folder() / f"crash-{stamp}-{os.getpid()}.log"
    try:
        with atomic_path(path) as temporary:
            temporary.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return path


class ExceptionHook:
    """sys.excepthook for the window: log, tell the user once (one dialog, updated when more follow), go on."""

    def __init__(self):
        self.count = 0
        self.dialog: QMessageBox | None = None
        self.last_log: Path | None = None

    def install(self) -> "ExceptionHook":
        sys.excepthook = self
        return self

    def __call__(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in the terminal still stops the app
            sys.__excepthook__(exc_type, exc, tb)
            return
        traceback.print_exception(exc_type, exc, tb)  # the terminal keeps the whole story too
        self.count += 1
        self.last_log = write_crash_log(exc_type, exc, tb)
        self.tell(f"{exc_type.__name__}: {exc}".strip())

    def tell(self, summary: str) -> None:
        if QApplication.instance() is None:
            return
        text = QCoreApplication.translate(
            "ExceptionHook", "Something went wrong, and l5viz carried on. What you just did may not have finished: if "
                             "the view looks wrong, do that step again or reset the view (key 0). Your saved sessions "
                             "and quiz progress are safe.")
        if self.count > 1:
            more = QCoreApplication.translate("ExceptionHook", "({count} errors since l5viz started.)")
            text += " " + more.format(count=self.count)
        if self.last_log:
            where = QCoreApplication.translate("ExceptionHook", "The details are saved in {path}.").format(
                path=self.last_log)
        else:
            where = QCoreApplication.translate("ExceptionHook",
                                               "The details could not be saved (the user folder cannot be written).")
        if self.dialog is None:
            title = QCoreApplication.translate("ExceptionHook", TITLE)
            self.dialog = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                                      QApplication.activeWindow())
            self.dialog.setModal(False)
        self.dialog.setText(text)
        self.dialog.setInformativeText(where)
        self.dialog.setDetailedText(summary)  # the error itself, for whoever reads the log, not for the hall
        self.dialog.show()
