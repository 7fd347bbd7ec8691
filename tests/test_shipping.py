"""What a user meets around the app itself: --version, the desktop entry and icon, Help > About with every licence,
the window's settings file, and an unhandled error in a slot (a dialog and a log, and the app goes on)."""

import shutil
import sys
from importlib import metadata
from pathlib import Path

import pytest
from PIL import Image

from l5viz import __version__
from l5viz.cli import main
from l5viz.desktop import exec_argument, install_desktop_entry


def test_version_is_the_installed_packages(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"l5viz {__version__}" == f"l5viz {metadata.version('l5viz')}"


def test_desktop_entry_and_icon_install_for_this_user(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["--install-desktop-entry"]) == 0
    entry = tmp_path / "applications" / "l5viz.desktop"
    icon = tmp_path / "icons" / "hicolor" / "256x256" / "apps" / "l5viz.png"
    assert str(entry) in capsys.readouterr().out
    assert Image.open(icon).size == (256, 256) and Image.open(icon).mode == "RGBA"
    fields = dict(line.split("=", 1) for line in entry.read_text().splitlines()[1:] if line)
    assert fields["Icon"] == "l5viz" and fields["Type"] == "Application"
    assert Path(fields["Exec"].split()[0]).is_file()  # this installation's own launcher
    validator = shutil.which("desktop-file-validate")
    if validator:  # desktop-file-utils: installed by .ci/run
        import subprocess

        result = subprocess.run([validator, str(entry)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    assert install_desktop_entry(tmp_path) == [entry, icon]  # again: replaced in place, not duplicated
    assert len(list((tmp_path / "applications").iterdir())) == 1


def test_desktop_entry_cannot_be_written_gets_one_line(monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", "/proc/no-such-place")
    assert main(["--install-desktop-entry"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("l5viz --install-desktop-entry: /proc/no-such-place")


@pytest.mark.parametrize("argument, written", [
    ("/usr/bin/l5viz", "/usr/bin/l5viz"),
    ("/home/a b/l5viz", '"/home/a b/l5viz"'),
    ('/x/$HOME"q', r'"/x/\\$HOME\\"q"'),  # escaped for the quotes, then backslashes doubled for the string
    ("100%", "100%%"),
])
def test_exec_arguments_are_quoted_as_the_specification_says(argument, written):
    assert exec_argument(argument) == written


def test_about_shows_version_credits_every_licence_and_the_sources(window):
    about_action = next(a for a in window.help_menu.actions() if a.text() == "About l5viz")
    assert about_action.shortcut().isEmpty()  # F1 opens the keyboard shortcuts (tests/test_keyboard.py)
    about_action.trigger()  # Help > About
    about = window.about
    titles = [about.tabs.tabText(i) for i in range(about.tabs.count())]
    assert titles == ["Credits", "Licences", "Sources"]
    credits, licences, sources = (about.tabs.widget(i).toPlainText() for i in range(3))
    assert f"l5viz {__version__}" in about.heading.text() and "not diagnosis" in about.heading.text()
    assert "Visible Human" in credits and "MakeHuman" in credits and "PySide6-Essentials" in credits
    assert "MIT License" in licences and "Redistribution and use in source and binary forms" in licences
    assert "CC0" in licences and "notice file is missing" not in licences
    assert len(sources.splitlines()) == len(window.sources)
    about.close()


def test_settings_survive_a_restart_and_a_corrupt_file_is_set_aside(tmp_path):
    from l5viz.teaching.settings import Settings

    path = tmp_path / "settings.json"
    Settings(path).update(axial="anatomical", body_view=False)
    assert Settings(path).values == {"axial": "anatomical", "body_view": False}
    Settings(path).update(axial="radiological")  # the previous version becomes the backup
    path.write_text("{not json", encoding="utf-8")
    restored = Settings(path)
    assert restored.values == {"axial": "anatomical", "body_view": False}
    assert "restored the previous version" in str(restored.problems[-1])
    assert list(tmp_path.glob("settings.json.corrupt-*"))
    blocked = Settings(tmp_path / "a-file" / "settings.json")  # its folder is a file: nothing can be saved
    (tmp_path / "a-file").write_text("kept")
    assert blocked.update(axial="anatomical") is False and blocked.value("axial") == "anatomical"
    assert "settings not saved" in str(blocked.problems[-1]) and (tmp_path / "a-file").read_text() == "kept"


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_or_a_vtk_callback_shows_a_dialog_writes_a_log_and_the_app_goes_on(window, qtbot, tmp_path):
    from PySide6.QtCore import QTimer

    from l5viz.ui.crash import ExceptionHook, log_folder

    def broken_slot():
        raise RuntimeError("a slot that fails")

    previous = sys.excepthook
    hook = ExceptionHook().install()
    try:
        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: hook.count == 1)
        camera = window.renderer.ren.GetActiveCamera()  # a VTK callback hands its error to the same hook
        tag = camera.AddObserver("ModifiedEvent", lambda *_: broken_slot())
        camera.Modified()
        camera.RemoveObserver(tag)
        qtbot.waitUntil(lambda: hook.count == 2)
    finally:
        sys.excepthook = previous
    logs = sorted(log_folder().glob("crash-*.log"))
    assert logs and hook.last_log in logs
    text = hook.last_log.read_text()
    assert "RuntimeError: a slot that fails" in text and "broken_slot" in text and f"l5viz {__version__}" in text
    assert hook.dialog.isVisible() and not hook.dialog.isModal() and "RuntimeError" not in hook.dialog.text()
    assert hook.dialog.detailedText() == "RuntimeError: a slot that fails"  # the error itself, out of the way
    assert "2 errors" in hook.dialog.text() and str(hook.last_log) in hook.dialog.informativeText()
    window.view_actions["posterior"].trigger()  # the app goes on
    assert window.state.view == "posterior"
    hook.dialog.close()


def test_crash_logs_go_where_qt_puts_this_apps_data(qapp, monkeypatch, tmp_path):
    from l5viz.teaching.userfiles import user_dir
    from l5viz.ui.crash import log_folder

    monkeypatch.delenv("L5VIZ_USER_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    name = qapp.applicationName()
    qapp.setApplicationName("l5viz")
    try:
        assert log_folder() == user_dir() / "logs" == tmp_path / "l5viz" / "logs"
    finally:
        qapp.setApplicationName(name)
