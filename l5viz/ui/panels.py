"""Side panels of the main window. Each one only reads and edits SceneState; none touches an actor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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
from l5viz.pathology.specs import (
    HERNIATION_LEVELS,
    HERNIATION_TYPES,
    MIGRATING_TYPES,
    MIGRATIONS,
    SIDES,
    STENOSIS_LEVELS,
    ZONES,
    Herniation,
    Stenosis,
    overlays_from_state,
    overlays_to_state,
)
from l5viz.state import Change, SceneState

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
        self.opacity.setToolTip("Opacity of the selected structure or group")
        self.isolate_button = QPushButton("Isolate")
        self.isolate_button.setToolTip("Show only the selected structure or group (I)")
        self.show_all_button = QPushButton("Show all")
        self.show_all_button.setToolTip("Show every structure (A)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.isolate_button)
        buttons.addWidget(self.show_all_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        form = QFormLayout()
        form.addRow("Opacity", self.opacity)
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


class OverlayPanel(QWidget):
    """Herniation and foraminal-stenosis controls; writes SceneState.overlays, nothing else."""

    jump_to_lesion = Signal(str)  # a camera preset name

    def __init__(self, state: SceneState, parent=None):
        super().__init__(parent)
        self.state = state
        self.herniation_on = QCheckBox("Disc herniation")
        self.h_level = combo(HERNIATION_LEVELS, "L4-L5")
        self.h_zone = combo(ZONES, "subarticular")
        self.h_side = combo(SIDES, "right")
        self.h_type = combo(HERNIATION_TYPES, "extrusion")
        self.h_severity = slider(0, 100, 70)
        self.h_migration = combo(MIGRATIONS, "none")
        self.h_migration.setToolTip("An extrusion or sequestration displaced up or down the canal (Fardon 2014)")
        self.stenosis_on = QCheckBox("Foraminal stenosis")
        self.s_level = combo(STENOSIS_LEVELS, "L5-S1")
        self.s_side = combo(SIDES, "left")
        self.s_grade = slider(0, 300, 200)
        self.s_grade_label = QLabel()
        self.jump = QPushButton("Show the lesion")
        self.jump.setToolTip("Move the camera to the best view of the active lesion")

        h_box = QGroupBox()
        h_form = QFormLayout(h_box)
        h_form.addRow(self.herniation_on)
        h_form.addRow("Level", self.h_level)
        h_form.addRow("Zone", self.h_zone)
        h_form.addRow("Side", self.h_side)
        h_form.addRow("Type", self.h_type)
        h_form.addRow("Size", self.h_severity)
        h_form.addRow("Migration", self.h_migration)
        s_box = QGroupBox()
        s_form = QFormLayout(s_box)
        s_form.addRow(self.stenosis_on)
        s_form.addRow("Level", self.s_level)
        s_form.addRow("Side", self.s_side)
        s_form.addRow("Grade (Lee)", self.s_grade)
        s_form.addRow("", self.s_grade_label)
        layout = QVBoxLayout(self)
        layout.addWidget(h_box)
        layout.addWidget(s_box)
        layout.addWidget(self.jump)
        layout.addStretch(1)
        for w in (self.h_level, self.h_zone, self.h_side, self.h_type, self.h_migration, self.s_level, self.s_side):
            w.currentTextChanged.connect(self.push)
        for w in (self.h_severity, self.s_grade):
            w.valueChanged.connect(self.push)
        for w in (self.herniation_on, self.stenosis_on):
            w.toggled.connect(self.push)
        self.jump.clicked.connect(lambda: self.jump_to_lesion.emit(self.best_view()))
        state.connect(self._on_state)
        self._pull()

    def specs(self) -> tuple[list[Herniation], list[Stenosis]]:
        kind = self.h_type.currentText()
        self.h_migration.setEnabled(kind in MIGRATING_TYPES)  # only displaced material migrates
        migration = self.h_migration.currentText() if kind in MIGRATING_TYPES else "none"
        h = [Herniation(self.h_level.currentText(), self.h_zone.currentText(), self.h_side.currentText(),
                        kind, self.h_severity.value() / 100.0, migration)] if self.herniation_on.isChecked() else []
        s = [Stenosis(self.s_level.currentText(), self.s_side.currentText(), self.s_grade.value() / 100.0)
             ] if self.stenosis_on.isChecked() else []
        return h, s

    def push(self, *_args) -> None:
        grade = self.s_grade.value() / 100.0
        self.s_grade_label.setText(f"grade {grade:.1f} of 3")
        h, s = self.specs()
        overlays = overlays_to_state(h, s)
        if overlays != self.state.overlays:
            self.state.set_overlays(overlays)

    def best_view(self) -> str:
        """The camera preset that shows the active lesion best."""
        h, s = self.specs()
        if h and h[0].zone in ("foraminal", "extraforaminal") and h[0].level == "L5-S1":
            return f"foramen-L5-S1-{h[0].side}"
        if h:
            return "axial-L5-S1" if h[0].level == "L5-S1" else "axial-L4-L5"
        if s and s[0].level == "L5-S1":
            return f"sagittal-L5-S1-{s[0].side}"  # stenosis is graded on sagittal slices (Lee 2010)
        return "left" if s and s[0].side == "left" else "right" if s else "reset"

    def _on_state(self, change: Change) -> None:
        if change.kind in ("overlays", "reset"):
            self._pull()

    def _pull(self) -> None:
        """Show what the state holds (a lesson or session may set overlays from outside)."""
        h, s = overlays_from_state(self.state.overlays)
        widgets = [self.herniation_on, self.stenosis_on, self.h_level, self.h_zone, self.h_side, self.h_type,
                   self.h_severity, self.h_migration, self.s_level, self.s_side, self.s_grade]
        for w in widgets:
            w.blockSignals(True)
        self.herniation_on.setChecked(bool(h))
        if h:
            self.h_level.setCurrentText(h[0].level)
            self.h_zone.setCurrentText(h[0].zone)
            self.h_side.setCurrentText(h[0].side)
            self.h_type.setCurrentText(h[0].type)
            self.h_severity.setValue(int(round(h[0].severity * 100)))
            self.h_migration.setCurrentText(h[0].migration)
        self.stenosis_on.setChecked(bool(s))
        if s:
            self.s_level.setCurrentText(s[0].level)
            self.s_side.setCurrentText(s[0].side)
            self.s_grade.setValue(int(round(s[0].grade * 100)))
        for w in widgets:
            w.blockSignals(False)
        self.s_grade_label.setText(f"grade {self.s_grade.value() / 100.0:.1f} of 3")


def combo(values, current: str) -> QComboBox:
    box = QComboBox()
    box.addItems(list(values))
    box.setCurrentText(current)
    return box


def slider(low: int, high: int, value: int) -> QSlider:
    s = QSlider(Qt.Orientation.Horizontal)
    s.setRange(low, high)
    s.setValue(value)
    return s


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
        self.map_box.addItem("Lee, McPhee & Stringer 2008 (evidence-based)", "lee2008")
        self.map_box.addItem("Keegan & Garrett 1948", "keegan1948")
        self.show_all = QCheckBox("Show all dermatomes (legend)")
        self.territories = QCheckBox("Compare: fibular nerve territories")
        views = QGridLayout()  # three to a row, so the panel stays narrow enough to share the window
        for i, (name, title) in enumerate(BODY_VIEW_TITLES.items()):
            short = title.replace("Legs from the ", "").replace("Legs from ", "").replace(", outer side", "")
            button = QPushButton(short.replace(" and buttocks", "").capitalize())
            button.setToolTip(title)
            button.clicked.connect(lambda _=False, n=name: state.set_view(n))
            views.addWidget(button, i // 3, i % 3)
        self.text = QTextBrowser()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("Map", self.map_box)
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
        parts.append(f"<h4>Key L5 muscles</h4><ul>{rows}</ul>")
    diff = (exam or {}).get("differential")
    if diff:
        rows = "".join(f"<tr><td>{escape(f['feature'])}</td><td>{escape(f['l5_radiculopathy'])}</td>"
                       f"<td>{escape(f['fibular_neuropathy'])}</td></tr>" for f in diff["features"])
        parts.append(f"<h4>{escape(diff['title'])}</h4><p>{escape(diff['summary']['text'])} "
                     f"<small>({cite(diff['summary']['sources'])})</small></p>"
                     "<table border='1' cellspacing='0' cellpadding='4'><tr><th></th><th>L5 radiculopathy</th>"
                     f"<th>Fibular neuropathy</th></tr>{rows}</table>"
                     "<p><small>On the body, <i>Compare</i> colours the deep (first web space) and superficial "
                     "(lower lateral leg, dorsum) fibular territories; the L5 dermatome covers both and more.</small></p>")
    return "".join(parts)
