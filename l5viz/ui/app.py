"""Start the desktop app, or explain clearly why it cannot (no display, no usable OpenGL)."""

from __future__ import annotations

import os
import sys

from l5viz.translatable import QT_TRANSLATE_NOOP

NO_OPENGL = QT_TRANSLATE_NOOP("App", "l5viz could not create an OpenGL view ({reason}).\n"
                                     "The 3D window needs a desktop with OpenGL 3.2 or later; software rendering "
                                     "(Mesa llvmpipe) is enough.\nWithout one, figures still work: l5viz render "
                                     "--view reset --out figure.png")
CANNOT_START = QT_TRANSLATE_NOOP("App", "l5viz could not open its window ({reason}).")
GL_NEEDED = (3, 2)  # VTK's OpenGL2 backend needs a 3.2 core context; with less it crashes on the first render


def opengl_problem() -> str | None:
    """Why this display cannot give the 3D view the OpenGL context VTK needs, or None if it can.

    Asked before the window is built: a QOpenGLWidget whose context is too old or missing gives no error,
    and VTK then crashes (segfault) on its first frame.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QOpenGLContext, QSurfaceFormat

    wanted = QSurfaceFormat()
    wanted.setRenderableType(QSurfaceFormat.RenderableType.OpenGL)
    wanted.setProfile(QSurfaceFormat.OpenGLContextProfile.CoreProfile)
    wanted.setVersion(*GL_NEEDED)
    context = QOpenGLContext()
    context.setFormat(wanted)
    if not context.create():
        return QCoreApplication.translate("App", "no OpenGL context could be created on this display")
    found = context.format().version()
    if tuple(found) < GL_NEEDED:
        return QCoreApplication.translate("App", "OpenGL {found} found, {needed} or later is needed").format(
            found=f"{found[0]}.{found[1]}", needed=f"{GL_NEEDED[0]}.{GL_NEEDED[1]}")
    return None


def _fail(template: str, reason: str) -> int:
    """Say why the window cannot start, in the user's language (`template`: NO_OPENGL or CANNOT_START)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    message = QCoreApplication.translate("App", template).format(reason=reason)
    print(message, file=sys.stderr)
    QMessageBox.critical(None, QCoreApplication.translate("App", "l5viz cannot start"), message)
    return 1


def run_app(argv: list[str], language: str | None = None) -> int:
    """The window; `language` (a code the command line was given) before the setting and the system's."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) \
            and os.environ.get("QT_QPA_PLATFORM", "") not in ("xcb", "wayland"):
        print(NO_OPENGL.format(reason="no display: DISPLAY is not set"), file=sys.stderr)
        return 1
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from l5viz.content.locale import set_language
    from l5viz.desktop import APP_ID, ICON_FILE
    from l5viz.teaching.settings import Settings
    from l5viz.ui.crash import ExceptionHook
    from l5viz.ui.i18n import install_translators, startup_language

    app = QApplication.instance() or QApplication(["l5viz", *argv])
    app.setApplicationName(APP_ID)
    app.setDesktopFileName(APP_ID)  # the desktop entry's name: the taskbar shows its icon
    app.setWindowIcon(QIcon(str(ICON_FILE)))
    # The language before any word is shown: the window's (Qt's translators) and the content's (annotations/locales).
    code = startup_language(language or Settings().value("language"))
    set_language(code)
    install_translators(app, code)
    problem = opengl_problem()
    if problem:
        return _fail(NO_OPENGL, problem)
    try:
        from l5viz.ui.main_window import MainWindow

        window = MainWindow()
    except Exception as exc:  # noqa: BLE001 - whatever stops the window, the user gets the reason, not a trace
        return _fail(CANNOT_START, f"{type(exc).__name__}: {exc}")
    ExceptionHook().install()  # from here on an error in a slot shows a dialog and a log, and the app goes on
    window.show()
    return app.exec()
