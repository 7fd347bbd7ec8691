"""The main window: the 3D view in the middle, structures on the left, information and overlays on the right.

A thin shell: widgets edit SceneState; SceneRenderer (l5viz.render) keeps the actors in step.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QTextBrowser,
    QToolBar,
)

from l5viz import __version__
from l5viz.content import load_exam, load_herniation, load_roots, load_sources, load_stenosis, load_structures
from l5viz.paths import annotations_dir, meshes_dir
from l5viz.pathology.specs import overlays_from_state
from l5viz.render.loading import load_scene
from l5viz.render.scene import SceneRenderer
from l5viz.render.views import VIEW_TITLES, VIEWS
from l5viz.state import Change, SceneState
from l5viz.ui.panels import OverlayPanel, StructureTree
from l5viz.ui.texts import cite, correlation_html, structure_html

VIEW_KEYS = {"anterior": "1", "posterior": "2", "left": "3", "right": "4", "axial-L4-L5": "5",
             "axial-L5-S1": "6", "foramen-L5-S1-left": "7", "foramen-L5-S1-right": "8", "reset": "0"}
SCALES = (1, 2, 4)
# No multisampling in the window: with software OpenGL (llvmpipe) 2x-8x MSAA triples the frame time
# (measured 27 ms -> 90 ms at 1280x800); figures from `l5viz render` keep pyvista's 8x MSAA.
VIEW_SETTINGS = {"multi_samples": 0}


def settings() -> QSettings:
    """Window layout lives in an ini file; L5VIZ_SETTINGS_DIR moves it (tests never touch the user's)."""
    folder = os.environ.get("L5VIZ_SETTINGS_DIR")
    if folder:
        return QSettings(str(Path(folder) / "l5viz.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "l5viz", "l5viz")


class MainWindow(QMainWindow):
    def __init__(self, state: SceneState | None = None, lod: bool = True):
        super().__init__()
        from pyvistaqt import QtInteractor  # imported here: the CLI's headless commands never need it

        self.setWindowTitle("l5viz — the L5 nerve root in 3D")
        self.state = state or SceneState(view="reset")
        self.problems = []
        folder = annotations_dir()
        info, problems = load_structures(folder)
        self.structures = info
        self.problems += problems
        self.sources, problems = load_sources(folder)
        self.sources = self.sources or {}
        self.problems += problems
        self.content = {}
        for key, loader in (("herniation", load_herniation), ("roots", load_roots), ("stenosis", load_stenosis),
                            ("exam", load_exam)):
            self.content[key], problems = loader(folder)
            self.problems += problems
        scene = load_scene(meshes_dir(), lod=lod)
        self.problems += scene.problems
        names = {sid: entry.display_name for sid, entry in info.items()}

        self.view = QtInteractor(self, **VIEW_SETTINGS)
        self.setCentralWidget(self.view.interactor)
        dense = (lambda: load_scene(meshes_dir(), lod=False)) if lod else None
        self.renderer = SceneRenderer(self.view, self.state, scene, names, dense_scene=dense)
        self._press = None
        self.view.iren.add_observer("LeftButtonPressEvent", self._on_press)
        self.view.iren.add_observer("LeftButtonReleaseEvent", self._on_release)

        self.tree = StructureTree(self.state, names)
        self.info = QTextBrowser()
        self.info.setOpenExternalLinks(False)
        self.overlays = OverlayPanel(self.state)
        self.correlation = QTextBrowser()
        self.overlays.jump_to_lesion.connect(self.state.set_view)
        self._add_dock("Structures", self.tree, Qt.DockWidgetArea.LeftDockWidgetArea)
        tabs = QTabWidget()
        tabs.addTab(self.info, "Information")
        tabs.addTab(self.overlays, "Pathology")
        tabs.addTab(self.correlation, "Clinical correlation")
        self.tabs = tabs
        details = self._add_dock("Details", tabs, Qt.DockWidgetArea.RightDockWidgetArea)
        details.setMinimumWidth(380)
        self.notice = QLabel("For education, not diagnosis.")
        self.statusBar().addPermanentWidget(self.notice)
        self._build_actions()
        self.state.connect(self._on_state)
        self._refresh_info()
        self._refresh_correlation()
        self._restore_layout()
        if self.problems:
            QTimer.singleShot(0, self.show_problems)

    def showEvent(self, event) -> None:
        """Frame the view once the window has its real size (the camera fit depends on the aspect)."""
        super().showEvent(event)
        if not getattr(self, "_framed", False):
            self._framed = True
            QTimer.singleShot(150, lambda: self.renderer.apply_camera(self.state.view))

    # ---- layout -------------------------------------------------------------------------------
    def _add_dock(self, title: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_actions(self) -> None:
        bar = QToolBar("Camera")
        bar.setObjectName("toolbar_camera")
        self.addToolBar(bar)
        self.view_actions = {}
        for name in VIEWS:
            action = QAction(VIEW_TITLES[name], self)
            action.setShortcut(QKeySequence(VIEW_KEYS[name]))
            action.setToolTip(f"{VIEW_TITLES[name]} ({VIEW_KEYS[name]})")
            action.triggered.connect(lambda _=False, n=name: self.state.set_view(n))
            bar.addAction(action)
            self.view_actions[name] = action
        bar.addSeparator()
        self.labels_action = QAction("Labels", self, checkable=True)
        self.labels_action.setShortcut(QKeySequence("L"))
        self.labels_action.toggled.connect(self.state.set_labels)
        bar.addAction(self.labels_action)

        file_menu = self.menuBar().addMenu("&File")
        self.save_actions = {}
        for scale in SCALES:
            action = QAction(f"Save image at {scale}x…", self)
            if scale == 1:
                action.setShortcut(QKeySequence.StandardKey.Save)
            action.triggered.connect(lambda _=False, s=scale: self.save_image_dialog(s))
            file_menu.addAction(action)
            self.save_actions[scale] = action
        file_menu.addSeparator()
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("&View")
        for action in self.view_actions.values():
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.labels_action)
        isolate = QAction("Isolate selection", self)
        isolate.setShortcut(QKeySequence("I"))
        isolate.triggered.connect(self.tree.isolate_current)
        show_all = QAction("Show all", self)
        show_all.setShortcut(QKeySequence("A"))
        show_all.triggered.connect(self.state.show_all)
        full = QAction("Full screen", self, checkable=True)
        full.setShortcut(QKeySequence("F11"))
        full.toggled.connect(lambda on: self.showFullScreen() if on else self.showNormal())
        for action in (isolate, show_all, full):
            view_menu.addAction(action)
            self.addAction(action)

        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("About l5viz", self)
        about.setShortcut(QKeySequence("F1"))
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)
        problems = QAction("Data problems…", self)
        problems.triggered.connect(self.show_problems)
        help_menu.addAction(problems)

    # ---- state -> widgets -----------------------------------------------------------------------
    def _on_state(self, change: Change) -> None:
        if change.kind in ("selection", "reset"):
            self._refresh_info()
        if change.kind in ("overlays", "reset"):
            self._refresh_correlation()
        if change.kind in ("labels", "reset"):
            self.labels_action.blockSignals(True)
            self.labels_action.setChecked(self.state.labels)
            self.labels_action.blockSignals(False)

    def _refresh_info(self) -> None:
        self.info.setHtml(structure_html(self.structures.get(self.state.selected), self.sources))

    def _refresh_correlation(self) -> None:
        result = self.renderer.last_result
        if result is None:
            self.correlation.setHtml("<p>No overlay is active. Turn on a disc herniation or a foraminal "
                                     "stenosis in the Pathology tab.</p>" if not any(self.state.overlays.values())
                                     else "<p>Overlays are unavailable: some meshes could not be loaded.</p>")
            return
        from l5viz.clinical.correlation import correlate

        herniations, stenoses = overlays_from_state(self.state.overlays)
        corr = correlate(result, herniations, stenoses, self.content)
        disclaimer = (self.content.get("exam") or {}).get("disclaimer", {}).get("formal", "")
        html = correlation_html(corr, self.sources, result.foramina, stenosis=self.content.get("stenosis"))
        self.correlation.setHtml(html + f"<hr><p><small>{disclaimer}</small></p>")

    # ---- picking ------------------------------------------------------------------------------
    def _on_press(self, iren, _event) -> None:
        self._press = iren.GetEventPosition()

    def _on_release(self, iren, _event) -> None:
        if self._press is None:
            return
        x, y = iren.GetEventPosition()
        moved = abs(x - self._press[0]) + abs(y - self._press[1])
        self._press = None
        if moved <= 3:  # a click, not a drag
            self.pick_at(x, y)

    def pick_at(self, x: float, y: float) -> str | None:
        sid = self.renderer.pick(x, y)
        self.state.select(sid)
        return sid

    # ---- commands -----------------------------------------------------------------------------
    def save_image(self, path: Path, scale: int = 1) -> Path:
        self.view.screenshot(str(path), scale=scale)
        return path

    def save_image_dialog(self, scale: int) -> None:
        path, _ = QFileDialog.getSaveFileName(self, f"Save image at {scale}x", "l5viz.png", "PNG images (*.png)")
        if path:
            self.save_image(Path(path), scale)
            self.statusBar().showMessage(f"Saved {path}", 5000)

    def show_about(self) -> None:
        keys = sorted(self.sources)
        refs = "".join(f"<li>{cite([k], self.sources)}: {self.sources[k].get('title', '')}</li>" for k in keys)
        QMessageBox.about(self, "About l5viz", f"<h3>l5viz {__version__}</h3>"
                          "<p>Teaching the L5 nerve root in 3D. <b>For education, not diagnosis.</b></p>"
                          "<p>Open source under the MIT licence. Anatomy generated from published "
                          "morphometry; every number and text cites its source.</p>"
                          f"<p><b>Sources</b></p><ul>{refs}</ul>")

    def show_problems(self) -> None:
        if not self.problems:
            QMessageBox.information(self, "Data problems", "No problems: every mesh and content file is valid.")
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Some data could not be used",
                          "l5viz started with what is valid. These files need attention:",
                          QMessageBox.StandardButton.Ok, self)
        box.setDetailedText("\n".join(str(p) for p in self.problems))
        box.setInformativeText("\n".join(str(p) for p in self.problems[:6]))
        box.setModal(False)
        box.show()
        self.problems_box = box

    def _restore_layout(self) -> None:
        s = settings()
        geometry, layout = s.value("window/geometry"), s.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 880)
        if layout is not None:
            self.restoreState(layout)

    def closeEvent(self, event) -> None:
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.sync()
        self.renderer.close()
        self.view.close()
        super().closeEvent(event)
