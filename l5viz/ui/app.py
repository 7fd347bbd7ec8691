"""Start the desktop app, or explain clearly why it cannot (no display, no OpenGL)."""

from __future__ import annotations

import os
import sys

NO_OPENGL = ("l5viz could not create an OpenGL view ({reason}).\n"
             "The 3D window needs a desktop with OpenGL; software rendering (Mesa llvmpipe) is enough.\n"
             "Without one, figures still work: l5viz render --view reset --out figure.png")


def run_app(argv: list[str]) -> int:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) \
            and os.environ.get("QT_QPA_PLATFORM", "") not in ("xcb", "wayland"):
        print(NO_OPENGL.format(reason="no display: DISPLAY is not set"), file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(["l5viz", *argv])
    app.setApplicationName("l5viz")
    try:
        from l5viz.ui.main_window import MainWindow

        window = MainWindow()
    except Exception as exc:  # noqa: BLE001 - any failure to build the GL view gets the same clear message
        message = NO_OPENGL.format(reason=f"{type(exc).__name__}: {exc}")
        print(message, file=sys.stderr)
        QMessageBox.critical(None, "l5viz cannot start", message)
        return 1
    window.show()
    return app.exec()
