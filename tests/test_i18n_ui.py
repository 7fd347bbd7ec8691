"""The window's own words in Spanish: the .ts is current and complete, the window built in Spanish shows Spanish,
the language follows the rules (setting, then system locale, then English), and a missing translation is marked
in debug mode. The content's words (annotations/locales/) are tested with the content."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "update_translations.py"
SPANISH_TS = ROOT / "l5viz" / "resources" / "i18n" / "l5viz_es.ts"
MARKED = re.compile("\u2039(.*?)\u203a", re.S)


def update_script():
    spec = importlib.util.spec_from_file_location("update_translations", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def script_on(source: str, tmp_path, monkeypatch):
    """The update script pointed at a package of one module, l5viz/panel.py, holding `source`."""
    script = update_script()
    package = tmp_path / "l5viz"
    package.mkdir()
    (package / "panel.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(script, "ROOT", tmp_path)
    monkeypatch.setattr(script, "SOURCES", package)
    return script


def spanish() -> dict[tuple[str, str], str]:
    """(context, English source) -> its Spanish, from the committed .ts."""
    out = {}
    for context in ET.parse(SPANISH_TS).getroot().iter("context"):
        for message in context.iter("message"):
            out[(context.findtext("name"), message.findtext("source"))] = message.findtext("translation") or ""
    return out


def test_the_spanish_translation_is_current_and_complete():
    """What a commit must hold: the .ts has every text the sources mark and no other, each one translated with
    its placeholders, and the .qm is that .ts compiled."""
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_check_names_a_stale_an_unfinished_and_a_misplaced_entry(tmp_path):
    script = update_script()
    tree = ET.parse(SPANISH_TS)
    contexts = {c.findtext("name"): c for c in tree.getroot().iter("context")}
    window = contexts["MainWindow"]
    dropped = next(m for m in window.iter("message") if m.findtext("source") == "&File")
    window.remove(dropped)
    unfinished = next(m for m in window.iter("message") if m.findtext("source") == "Quit").find("translation")
    unfinished.set("type", "unfinished")
    unfinished.text = ""
    saved = next(m for m in window.iter("message") if m.findtext("source") == "Saved {path}").find("translation")
    saved.text = "Guardado: {ruta}"
    broken = tmp_path / "l5viz_es.ts"
    tree.write(broken, encoding="utf-8", xml_declaration=True)
    problems = "\n".join(script.check("es", broken, set()))
    assert "stale: new in the sources: MainWindow: '&File'" in problems
    assert "unfinished: MainWindow: 'Quit'" in problems
    assert "placeholders ['{ruta}'] instead of ['{path}']: MainWindow: 'Saved {path}'" in problems
    assert "l5viz_es.qm is not l5viz_es.ts compiled" in problems  # (none was made beside the broken copy)


def test_marks_lupdate_cannot_read_are_named(tmp_path, monkeypatch):
    """A tr call inside an f-string's braces is invisible to lupdate, an f-string cannot be a translation's source,
    a bare tr (an alias of self.tr) is filed under no context, and QT_TRANSLATE_NOOP of a variable collects
    nothing: each would leave a text in English for good."""
    script = script_on(
        "class Panel:\n"
        "    def words(self, n):\n"
        "        seen = self.tr('Seen by lupdate')\n"
        "        hidden = f\"<b>{self.tr('Hidden in an f-string')}</b>\"\n"
        "        glued = self.tr(f'{n} glued')\n"
        "        tr = self.tr\n"
        "        return seen, hidden, glued, tr('Under no context')\n"
        "GROUPS = tuple(QT_TRANSLATE_NOOP('Groups', name) for name in ('Bones', 'Discs'))\n", tmp_path, monkeypatch)
    ts = tmp_path / "l5viz_es.ts"
    script.lupdate(ts, "es")
    marked, problems = script.marked_texts()
    problems += script.unseen(script.entries(ts), marked)
    assert set(problems) == {
        "l5viz/panel.py:5: an f-string cannot be translated; mark a template and .format() it",
        "l5viz/panel.py:7: a bare tr(...) (an alias of self.tr) is filed under no context, where Qt never looks: call "
        "self.tr(...)",
        "l5viz/panel.py:4: lupdate cannot see this mark (inside an f-string?): 'Hidden in an f-string'",
        "no context for 'Under no context' (see the bare tr calls named above)",
        "l5viz/panel.py:8: QT_TRANSLATE_NOOP needs the text itself: lupdate cannot read a variable"}


def test_a_text_that_moves_to_another_context_keeps_its_translation(tmp_path, monkeypatch):
    """Contexts are class names: renaming a class, or moving a text to another, must not lose what was
    translated. A text that had two translations is left for a translator to choose."""
    script = script_on(
        "from PySide6.QtCore import QCoreApplication\n"
        "words = [QCoreApplication.translate('Renamed', 'Moved'), QCoreApplication.translate('Renamed', 'Twice'),\n"
        "         QCoreApplication.translate('Renamed', 'New')]\n", tmp_path, monkeypatch)
    ts = tmp_path / "l5viz_es.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="es">\n'
                  "<context><name>Old</name><message><source>Moved</source><translation>Movido</translation>"
                  "</message><message><source>Twice</source><translation>Dos</translation></message></context>\n"
                  "<context><name>Other</name><message><source>Twice</source><translation>Doble</translation>"
                  "</message></context>\n</TS>\n", encoding="utf-8")
    before = script.entries(ts)
    script.lupdate(ts, "es")
    assert script.carry_over(ts, before) == 1
    after = {key: (t.text if t.get("type") is None else "unfinished") for key, t in script.entries(ts).items()}
    assert after == {("Renamed", "Moved", ""): "Movido", ("Renamed", "Twice", ""): "unfinished",
                     ("Renamed", "New", ""): "unfinished"}


def test_every_word_a_qt_free_module_marks_for_the_window_is_translated():
    """Kind titles, field labels, hint lines and choices, view titles: what the Pathology forms and the View menu
    show, marked with QT_TRANSLATE_NOOP where they are defined."""
    from l5viz.pathology.kinds import registry
    from l5viz.render.views import BODY_VIEW_TITLES, VIEWS, view_title

    words = spanish()
    wanted = set()
    for kind in registry().values():
        wanted.add(("LesionKind", kind.title))
        for field in kind.spec.FIELDS:
            wanted.add(("Field", field.label))
            wanted |= {("Field", line) for line in field.hint.split("\n") if line}
            wanted |= {("Choice", c) for c in field.choices if not re.fullmatch(r"L\d-[LS]\d|[A-D]", c)}
    missing = sorted(key for key in wanted if not words.get(key))
    assert not missing, missing
    titles = {name: view_title(name, lambda text: words[("Views", text)]) for name in VIEWS}
    assert titles["foramen-L5-S1-left"] == "Foramen L5-S1 izquierdo"
    assert all(words.get(("Views", title)) for title in BODY_VIEW_TITLES.values())


def test_the_language_is_the_setting_then_the_system_locale_then_english(tmp_path):
    from l5viz.content.locale import SYSTEM, resolve_language

    for code in ("en", "es", "fr"):
        (tmp_path / "locales" / code).mkdir(parents=True)
    rules = {(SYSTEM, "es_MX"): "es", (None, "es-ES"): "es", (SYSTEM, "de_DE"): "en", ("fr", "es_ES"): "fr",
             ("en", "es_ES"): "en", ("pt", "es_ES"): "en", (SYSTEM, ""): "en"}
    assert {key: resolve_language(*key, annotations=tmp_path) for key in rules} == rules


def test_the_window_offers_the_languages_it_can_speak(tmp_path, monkeypatch):
    """English always; another language only where its content and its window translation both ship."""
    import l5viz.ui.i18n as i18n
    from l5viz.content.locale import available_languages

    for code in ("en", "es", "fr"):
        (tmp_path / "annotations" / "locales" / code).mkdir(parents=True)
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "l5viz_fr.qm").write_bytes(SPANISH_TS.with_suffix(".qm").read_bytes())
    monkeypatch.setattr(i18n, "available_languages", lambda: available_languages(tmp_path / "annotations"))
    monkeypatch.setattr(i18n, "I18N_FOLDER", tmp_path / "i18n")
    assert i18n.window_languages() == ["en", "fr"]
    assert [i18n.language_name(c) for c in ("en", "es")] == ["English", "Español"]


def test_a_text_without_translation_is_marked_in_debug_mode_only(qapp, monkeypatch):
    from PySide6.QtCore import QCoreApplication

    from l5viz.content.locale import DEBUG_VARIABLE, language
    from l5viz.ui.i18n import speaking

    def translate(context, text):
        return QCoreApplication.translate(context, text)

    monkeypatch.setenv(DEBUG_VARIABLE, "1")
    with speaking("es"):
        assert language() == "es"
        assert translate("MainWindow", "A text no .ts holds") == "\u2039A text no .ts holds\u203a"
        assert translate("MainWindow", "&File") == "&Archivo"
        assert translate("QPlatformTheme", "Cancel") == "Cancelar"  # Qt's own, from qtbase_es.qm, unmarked
    assert language() == "en"
    assert translate("MainWindow", "&File") == "&File"  # the translators are gone with the block
    with speaking("en"):  # English is the source: nothing to mark
        assert translate("MainWindow", "A text no .ts holds") == "A text no .ts holds"
    monkeypatch.delenv(DEBUG_VARIABLE)
    with speaking("es"):
        assert translate("MainWindow", "A text no .ts holds") == "A text no .ts holds"


def shown_texts(window) -> list[tuple[str, str]]:
    """(where, text) of what the window shows, says on hovering and tells a screen reader: menus, actions, tabs,
    docks, buttons, labels, group boxes, lists, tool tips, accessible names and descriptions."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QDockWidget, QGroupBox, QLabel, QMenu, QWidget

    out = [("title", window.windowTitle())]
    out += [(f"tab {i}", window.tabs.tabText(i)) for i in range(window.tabs.count())]
    menus = [a.menu() for a in window.menuBar().actions()]
    while menus:
        menu = menus.pop()
        out.append(("menu", menu.title()))
        for action in menu.actions():
            out += [("action", action.text()), ("action tip", action.toolTip())]
            if isinstance(action.menu(), QMenu):
                menus.append(action.menu())
    for widget in window.findChildren(QWidget):
        out += [("tip", widget.toolTip()), ("name", widget.accessibleName()),
                ("description", widget.accessibleDescription())]
        if isinstance(widget, QAbstractButton):
            out.append(("button", widget.text()))
        elif isinstance(widget, QLabel):
            out.append(("label", widget.text()))
        elif isinstance(widget, QGroupBox):
            out.append(("group", widget.title()))
        elif isinstance(widget, QDockWidget):
            out.append(("dock", widget.windowTitle()))
        elif isinstance(widget, QComboBox):
            out += [("list", widget.itemText(i)) for i in range(widget.count())]
    return [(where, text) for where, text in out if text]


@pytest.fixture()
def spanish_window(qtbot, monkeypatch):
    """The main window built in Spanish (window and content), with untranslated texts marked."""
    from l5viz.content.locale import DEBUG_VARIABLE
    from l5viz.ui.i18n import speaking
    from l5viz.ui.main_window import MainWindow

    monkeypatch.setenv(DEBUG_VARIABLE, "1")
    with speaking("es"):
        win = MainWindow()
        qtbot.addWidget(win)
        win.resize(1300, 850)
        win.show()
        qtbot.waitExposed(win)
        yield win
        win.close()


def test_the_window_built_in_spanish_shows_spanish(spanish_window):
    words = spanish()
    english = {source for (_, source), text in words.items() if text != source}
    sources = {source for _, source in words}
    texts = shown_texts(spanish_window)
    assert len(texts) > 200
    left_english = sorted({(where, text) for where, text in texts if text.strip() in english})
    assert not left_english, left_english
    marked = sorted({(where, m) for where, text in texts for m in MARKED.findall(text) if m in sources})
    assert not marked, marked
    menus = [a.text() for a in spanish_window.menuBar().actions()]
    assert menus == [words[("MainWindow", s)] for s in ("&File", "&View", "&Language", "&Help")]
    modes = [spanish_window.mode_box.itemText(i) for i in range(spanish_window.mode_box.count())]
    assert modes == ["Explorar", "Clase", "A pie de cama", "Autoestudio"]
    form = spanish_window.overlays.forms["herniation"]
    assert form.on.text() == "Hernia discal" and form.inputs["type"].currentText() == "extrusión"
    assert form.field_values()["type"] == "extrusion"  # the list shows Spanish and holds the choice itself


def test_choosing_a_language_is_remembered_for_the_next_start_and_said_so(spanish_window):
    from l5viz.content.locale import SYSTEM
    from l5viz.teaching.settings import Settings

    assert list(spanish_window.language_actions) == [SYSTEM, "en", "es"]
    spanish_window.language_actions["en"].trigger()
    assert Settings().value("language") == "en"
    said = spanish_window.statusBar().currentMessage()
    assert said == "El nuevo idioma se aplicará la próxima vez que se inicie l5viz."
    assert spanish_window.windowTitle() == "l5viz — la raíz nerviosa L5 en 3D"  # (the window stays as it was built)
    spanish_window.language_actions[SYSTEM].trigger()
    assert Settings().value("language") == SYSTEM
