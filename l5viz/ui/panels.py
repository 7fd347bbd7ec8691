"""Side panels of the main window. Each one only reads and edits SceneState; none touches an actor."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from l5viz.content import StructureInfo, groups_of
from l5viz.pathology.kinds import LesionKind, Overlays, kind_of, registry
from l5viz.pathology.specs import LesionSpec
from l5viz.state import Change, SceneState
from l5viz.translatable import QT_TRANSLATE_NOOP
from l5viz.ui.i18n import qt_words

ID_ROLE = Qt.ItemDataRole.UserRole


class StructureTree(QWidget):
    """Structures by group (Bones, Discs, Joints, ...) with a tick per structure and group, opacity, isolate
    and show all."""

    def __init__(self, state: SceneState, structures: dict[str, StructureInfo], parent=None):
        super().__init__(parent)
        self.state = state
        self.groups = groups_of(structures)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.items: dict[str, QTreeWidgetItem] = {}
        self._syncing = False
        for group, members in self.groups.items():
            top = QTreeWidgetItem([group])
            top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
            top.setData(0, ID_ROLE, group)
            self.tree.addTopLevelItem(top)
            for sid in members:
                if sid not in state.structures:
                    continue
                item = QTreeWidgetItem([structures[sid].display_name])
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setData(0, ID_ROLE, sid)
                top.addChild(item)
                self.items[sid] = item
            top.setExpanded(True)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setToolTip(self.tr("Opacity of the selected structure or group"))
        self.isolate_button = QPushButton(self.tr("Isolate"))
        self.isolate_button.setToolTip(self.tr("Show only the selected structure or group (I)"))
        self.show_all_button = QPushButton(self.tr("Show all"))
        self.show_all_button.setToolTip(self.tr("Show every structure (A)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.isolate_button)
        buttons.addWidget(self.show_all_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        form = QFormLayout()
        form.addRow(self.tr("Opacity"), self.opacity)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.opacity.valueChanged.connect(self._opacity_changed)
        self.isolate_button.clicked.connect(self.isolate_current)
        self.show_all_button.clicked.connect(state.show_all)
        state.connect(self._on_state)
        self._sync_checks()

    def current_ids(self) -> tuple[str, ...]:
        item = self.tree.currentItem()
        if item is None:
            return ()
        key = item.data(0, ID_ROLE)
        return tuple(s for s in self.groups[key] if s in self.items) if key in self.groups else (key,)

    def isolate_current(self) -> None:
        ids = self.current_ids()
        if ids:
            self.state.isolate(ids)

    def toggle_current(self) -> None:
        """Hide the selected structure or group, or show it again when all of it is hidden."""
        ids = self.current_ids()
        if ids:
            self.state.set_visible(list(ids), not any(self.state.visible[i] for i in ids))

    def _item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        if self._syncing:
            return
        key = item.data(0, ID_ROLE)
        checked = item.checkState(0) == Qt.CheckState.Checked
        if key in self.groups:
            if item.checkState(0) != Qt.CheckState.PartiallyChecked:
                self.state.set_visible([s for s in self.groups[key] if s in self.items], checked)
        else:
            self.state.set_visible(key, checked)

    def _current_changed(self, current, _previous) -> None:
        ids = self.current_ids()
        if not ids:
            return
        self._show_opacity(ids)
        key = current.data(0, ID_ROLE)
        if key not in self.groups:
            self.state.select(key)

    def _show_opacity(self, ids) -> None:
        self.opacity.blockSignals(True)
        self.opacity.setValue(int(round(100 * self.state.opacity[ids[0]])))
        self.opacity.blockSignals(False)

    def _opacity_changed(self, value: int) -> None:
        ids = self.current_ids()
        if ids:
            self.state.set_opacity(ids, value / 100.0)

    def _on_state(self, change: Change) -> None:
        if change.kind in ("visibility", "reset"):
            self._sync_checks()
        if change.kind in ("selection", "reset") and self.state.selected in self.items:
            item = self.items[self.state.selected]
            if self.tree.currentItem() is not item:
                self.tree.blockSignals(True)
                self.tree.setCurrentItem(item)
                self.tree.blockSignals(False)
            self._show_opacity((self.state.selected,))
        if change.kind == "opacity" and self.current_ids():
            self._show_opacity(self.current_ids())

    def _sync_checks(self) -> None:
        self._syncing = True
        self.tree.blockSignals(True)
        for sid, item in self.items.items():
            item.setCheckState(0, Qt.CheckState.Checked if self.state.visible[sid] else Qt.CheckState.Unchecked)
        self.tree.blockSignals(False)
        self._syncing = False


PLAY_STEP_MS = 2500  # each step of a played procedure is held this long: time to read its caption


class LesionForm(QGroupBox):
    """One lesion kind's controls, built from its spec's fields: a tick to turn it on, a list per choice and
    a slider per number (hundredths). A field that does not apply to the current choices is hidden. A kind
    with a `played` field (a procedure's progress) gets a Play button that steps it through its stages.
    The kind's words are translated where shown (marked in the Qt-free kinds: "LesionKind", "Field", "Choice"); a list
    shows each choice translated and holds the choice itself as its item's data."""

    changed = Signal()

    def __init__(self, kind: LesionKind, parent=None):
        super().__init__(parent)
        self.kind = kind
        self.on = QCheckBox(QCoreApplication.translate("LesionKind", kind.title))
        self.on.setObjectName(f"{kind.name}_on")
        start = kind.spec.parse(kind.default).values()
        self.inputs: dict[str, QComboBox | QSlider] = {}
        self.readouts: dict[str, QLabel] = {}
        self.rows: dict[str, int] = {}
        self.form = QFormLayout(self)
        self.form.addRow(self.on)
        for f in kind.spec.FIELDS:
            self.rows[f.name] = self.form.rowCount()
            if f.numeric:
                value = start[f.name] if start[f.name] is not None else f.low
                widget = slider(round(100 * f.low), round(100 * f.high), round(100 * value))
                widget.valueChanged.connect(self._changed)
                self.readouts[f.name] = QLabel()
                row = QHBoxLayout()
                row.addWidget(widget, 1)
                row.addWidget(self.readouts[f.name])
                if f.name == kind.played:
                    row.addWidget(self._play_button())
                self.form.addRow(QCoreApplication.translate("Field", f.label), row)
            else:
                widget = combo(f.choices, start[f.name] if start[f.name] is not None else f.choices[0],
                               qt_words("Choice"))
                widget.currentIndexChanged.connect(self._changed)
                self.form.addRow(QCoreApplication.translate("Field", f.label), widget)
            widget.setObjectName(f"{kind.name}_{f.name}")
            if f.hint:  # each line of a hint is a text of its own (a stenosis cause: what it is, then its scale)
                widget.setToolTip("\n".join(QCoreApplication.translate("Field", line) for line in f.hint.split("\n")))
            self.inputs[f.name] = widget
        self.on.toggled.connect(self._changed)
        self._show_applicable()

    def _play_button(self) -> QPushButton:
        self.play = QPushButton(self.tr("Play"))
        self.play.setObjectName(f"{self.kind.name}_play")
        self.play.setToolTip(self.tr("Show the steps one by one, from before to done"))
        self.play.clicked.connect(self.start_playing)
        self._queue: list[float] = []
        self._player = QTimer(self)
        self._player.setInterval(PLAY_STEP_MS)
        self._player.timeout.connect(self.next_step)
        return self.play

    def start_playing(self) -> None:
        """From before the first step; the kind is turned on if it was off."""
        self.on.setChecked(True)
        self._queue = list(self.kind.steps(self.kind.spec(**self.field_values())))
        self.next_step()
        if self._queue:
            self._player.start()

    def next_step(self) -> None:
        """Show the next step; the timer stops after the last."""
        if not self._queue:
            self._player.stop()
            return
        self.inputs[self.kind.played].setValue(round(100 * self._queue.pop(0)))
        if not self._queue:
            self._player.stop()

    def field_values(self) -> dict:
        """What the form shows, with the defaults of the fields that do not apply."""
        values = {}
        for f in self.kind.spec.FIELDS:
            if not f.applies(values):
                values[f.name] = f.default
            elif f.numeric:
                values[f.name] = min(self.inputs[f.name].value() / 100.0, f.top(values))
            else:  # a choice the fields before it rule out falls back to the first they allow
                options = f.options(values)
                choice = self.inputs[f.name].currentData()
                values[f.name] = choice if choice in options else options[0]
        return values

    def spec(self) -> LesionSpec | None:
        return self.kind.spec(**self.field_values()) if self.on.isChecked() else None

    def show_spec(self, spec: LesionSpec | None) -> None:
        """Show a spec set from outside (a lesson, a session, a bedside pick) without echoing it back."""
        widgets = [self.on, *self.inputs.values()]
        for w in widgets:
            w.blockSignals(True)
        self.on.setChecked(spec is not None)
        for name, value in (spec.values() if spec else {}).items():
            if value is None:
                continue
            widget = self.inputs[name]
            if isinstance(widget, QSlider):
                widget.setValue(round(100 * value))
            else:
                widget.setCurrentIndex(widget.findData(value))
        for w in widgets:
            w.blockSignals(False)
        self._show_applicable()

    def _changed(self, *_args) -> None:
        self._show_applicable()
        self.changed.emit()

    def _show_applicable(self) -> None:
        values = self.field_values()
        for f in self.kind.spec.FIELDS:
            self.form.setRowVisible(self.rows[f.name], f.applies(values))
            widget = self.inputs[f.name]
            if not f.numeric and f.applies(values) and widget.currentData() != values[f.name]:
                widget.blockSignals(True)  # a choice the fields before it now rule out shows what applies
                widget.setCurrentIndex(widget.findData(values[f.name]))
                widget.blockSignals(False)
            if f.numeric:
                value = self.inputs[f.name].value() / 100.0
                self.readouts[f.name].setText(f"{value:.2f}" if f.high <= 1 else self.tr("{value} of {high}").format(
                    value=f"{value:.1f}", high=f"{f.high:g}"))


class OverlayPanel(QWidget):
    """One form per registered lesion kind; writes SceneState.overlays, nothing else."""

    jump_to_lesion = Signal(str)  # a camera preset name

    def __init__(self, state: SceneState, parent=None):
        super().__init__(parent)
        self.state = state
        kinds = sorted(registry().values(), key=lambda kind: kind.rank)
        self.forms = {kind.name: LesionForm(kind) for kind in kinds}
        self.jump = QPushButton(self.tr("Show the lesion"))
        self.jump.setToolTip(self.tr("Move the camera to the best view of the active lesion"))
        layout = QVBoxLayout(self)
        for form in self.forms.values():
            layout.addWidget(form)
            form.changed.connect(self.push)
        layout.addWidget(self.jump)
        layout.addStretch(1)
        self.jump.clicked.connect(lambda: self.jump_to_lesion.emit(self.best_view()))
        state.connect(self._on_state)
        self._pull()

    def overlays(self) -> Overlays:
        return Overlays(tuple(spec for form in self.forms.values() if (spec := form.spec()) is not None))

    def push(self) -> None:
        overlays = self.overlays().to_state()
        if overlays != self.state.overlays:
            self.state.set_overlays(overlays)

    def best_view(self) -> str:
        """The camera preset that shows the active lesion best (the last kind's in engine order: the most
        local lesion)."""
        specs = self.overlays().specs
        return kind_of(specs[-1]).best_view(specs[-1]) if specs else "reset"

    def _on_state(self, change: Change) -> None:
        # (not when the forms hold what the state does: a slider step of their own is not written back to them)
        if change.kind in ("overlays", "reset") and self.overlays().to_state() != self.state.overlays:
            self._pull()

    def _pull(self) -> None:
        """Show what the state holds (a lesson or session may set overlays from outside)."""
        overlays = Overlays.from_state(self.state.overlays)
        for name, form in self.forms.items():
            mine = overlays.of(name)
            form.show_spec(mine[0] if mine else None)


def combo(values, current: str, words=lambda value: value) -> QComboBox:
    """A list of `values`, each shown as `words` gives it and held as its item's data; `current` chosen."""
    box = QComboBox()
    for value in values:
        box.addItem(words(value), value)
    box.setCurrentIndex(box.findData(current))
    return box


def slider(low: int, high: int, value: int) -> QSlider:
    s = QSlider(Qt.Orientation.Horizontal)
    s.setRange(low, high)
    s.setValue(value)
    return s


# The body views' buttons: short, three to a row (the full title is the tool tip).
BODY_VIEW_BUTTONS = {"body": QT_TRANSLATE_NOOP("BodyPanel", "Whole body"),
                     "body-back": QT_TRANSLATE_NOOP("BodyPanel", "Back"),
                     "leg-anterior": QT_TRANSLATE_NOOP("BodyPanel", "Front"),
                     "leg-posterior": QT_TRANSLATE_NOOP("BodyPanel", "Behind"),
                     "leg-lateral-left": QT_TRANSLATE_NOOP("BodyPanel", "Left leg"),
                     "leg-lateral-right": QT_TRANSLATE_NOOP("BodyPanel", "Right leg"),
                     "leg-feet": QT_TRANSLATE_NOOP("BodyPanel", "Feet")}


class BodyPanel(QWidget):
    """Dermatome map, show-all, the body's camera presets, what the shading means, and the L5 vs
    fibular-nerve differential."""

    territories_toggled = Signal(bool)

    def __init__(self, state: SceneState, exam: dict | None, roots: dict | None, dermatomes: dict | None, cite,
                 parent=None):
        from PySide6.QtWidgets import QTextBrowser

        from l5viz.render.views import BODY_VIEW_TITLES

        super().__init__(parent)
        self.state = state
        self.map_box = QComboBox()
        self.map_box.addItem(self.tr("Lee, McPhee & Stringer 2008 (evidence-based)"), "lee2008")
        self.map_box.addItem("Keegan & Garrett 1948", "keegan1948")
        self.show_all = QCheckBox(self.tr("Show all dermatomes (legend)"))
        self.territories = QCheckBox(self.tr("Compare: fibular nerve territories"))
        views = QGridLayout()  # three to a row, so the panel stays narrow enough to share the window
        for i, (name, title) in enumerate(BODY_VIEW_TITLES.items()):
            button = QPushButton(self.tr(BODY_VIEW_BUTTONS[name]))
            button.setToolTip(QCoreApplication.translate("Views", title))
            button.clicked.connect(lambda _=False, n=name: state.set_view(n))
            views.addWidget(button, i // 3, i % 3)
        self.text = QTextBrowser()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(self.tr("Map"), self.map_box)
        layout.addLayout(form)
        layout.addWidget(self.show_all)
        layout.addWidget(self.territories)
        layout.addLayout(views)
        layout.addWidget(self.text, 1)
        self.map_box.currentIndexChanged.connect(lambda i: state.set_dermatome_map(self.map_box.itemData(i)))
        self.show_all.toggled.connect(state.set_show_dermatomes)
        self.territories.toggled.connect(self.territories_toggled.emit)
        self.text.setHtml(shading_html(dermatomes, cite) + differential_html(exam, roots, cite))
        state.connect(self._on_state)

    def _on_state(self, change: Change) -> None:
        if change.kind in ("dermatomes", "reset"):
            for w in (self.map_box, self.show_all):
                w.blockSignals(True)
            self.map_box.setCurrentIndex(self.map_box.findData(self.state.dermatome_map))
            self.show_all.setChecked(self.state.show_dermatomes)
            for w in (self.map_box, self.show_all):
                w.blockSignals(False)


def shading_html(dermatomes: dict | None, cite) -> str:
    """What the skin's shading means, and how far dermatome maps can be trusted (annotations/dermatomes.json)."""
    from html import escape

    if not dermatomes:
        return ""
    return "".join(f"<p>{escape(dermatomes[key]['text'])} <small>({cite(dermatomes[key]['sources'])})</small></p>"
                   for key in ("shading", "variability"))


def differential_html(exam: dict | None, roots: dict | None, cite) -> str:
    """Key L5 muscles with expected weakness, and the L5 vs common fibular neuropathy table (annotations/)."""
    from html import escape

    parts = []
    l5 = (roots or {}).get("L5")
    if l5:
        rows = "".join(f"<li><b>{escape(m['muscle'])}</b>: {escape(m['expected_weakness'])}</li>"
                       for m in l5["key_muscles"])
        title = QCoreApplication.translate("BodyPanel", "Key L5 muscles")
        parts.append(f"<h4>{escape(title)}</h4><ul>{rows}</ul>")
    diff = (exam or {}).get("differential")
    if diff:
        rows = "".join(f"<tr><td>{escape(f['feature'])}</td><td>{escape(f['l5_radiculopathy'])}</td>"
                       f"<td>{escape(f['fibular_neuropathy'])}</td></tr>" for f in diff["features"])
        radiculopathy = QCoreApplication.translate("BodyPanel", "L5 radiculopathy")
        neuropathy = QCoreApplication.translate("BodyPanel", "Fibular neuropathy")
        compare = QCoreApplication.translate(
            "BodyPanel", "On the body, <i>Compare</i> colours the deep (first web space) and superficial (lower "
                         "lateral leg, dorsum) fibular territories; the L5 dermatome covers both and more.")
        parts.append(f"<h4>{escape(diff['title'])}</h4><p>{escape(diff['summary']['text'])} "
                     f"<small>({cite(diff['summary']['sources'])})</small></p>"
                     f"<table border='1' cellspacing='0' cellpadding='4'><tr><th></th><th>{escape(radiculopathy)}</th>"
                     f"<th>{escape(neuropathy)}</th></tr>{rows}</table><p><small>{compare}</small></p>")
    return "".join(parts)
