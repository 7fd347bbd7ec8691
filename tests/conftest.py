"""Test setup: Qt on the xcb platform (the embedded VTK view needs a real GL context; pytest-xvfb provides
a virtual X display), and a per-test user folder (settings, quiz progress, recent sessions) so no test touches
a real user's files."""

import os

os.environ["QT_QPA_PLATFORM"] = "xcb"
os.environ.setdefault("QT_XCB_GL_INTEGRATION", "xcb_glx")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("L5VIZ_USER_DIR", str(tmp_path / "user"))


@pytest.fixture()
def window(qtbot):
    """The main window, shown and exposed; closed after the test, and the application's font (a text size
    changes it) put back."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from l5viz.ui.main_window import MainWindow

    font = QFont(QApplication.instance().font()) if QApplication.instance() else None
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(200)
    yield win
    win.close()
    if font is not None:
        QApplication.instance().setFont(font)


@pytest.fixture(scope="session")
def structures():
    """Names and display records of every structure (annotations/structures.json), as the window loads them."""
    from l5viz.content import load_structures
    from l5viz.paths import annotations_dir

    return load_structures(annotations_dir())[0]


@pytest.fixture(scope="session")
def scene():
    """The committed meshes at full detail (as the CLI and the figures load them), loaded once."""
    from l5viz.paths import meshes_dir
    from l5viz.render.loading import load_scene

    return load_scene(meshes_dir())


@pytest.fixture(scope="session")
def engine(scene):
    """The pathology engine on those meshes, built once (evaluate is pure: each test asks its own overlays)."""
    from l5viz.render.loading import engine_for

    return engine_for(scene)


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch):
    """Every test starts in English whatever the machine's locale, and a test that switches leaves no trace."""
    from l5viz.content.locale import set_language

    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language("en")
    yield
    set_language("en")
