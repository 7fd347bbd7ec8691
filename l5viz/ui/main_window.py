"""The main window: the 3D view in the middle, structures on the left, information and overlays on the right.

A thin shell: widgets edit SceneState; SceneRenderer (l5viz.render) keeps the actors in step.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QToolButton,
)

from l5viz.anatomy.zones import ZONE_NAMES, ZONE_SCHEMES
from l5viz.content import (
    default_display,
    load_clinical_content,
    load_json_document,
    load_parts,
    load_sources,
    load_structures,
    part_phrase,
)
from l5viz.paths import annotations_dir, meshes_dir
from l5viz.render.loading import engine_for, imaging_for, load_scene
from l5viz.render.scene import SceneRenderer
from l5viz.render.views import (
    AXIAL_VIEWS,
    BODY_VIEW_TITLES,
    BODY_VIEWS,
    FORAMEN_VIEWS,
    SAGITTAL_VIEWS,
    STANDARD_VIEWS,
    VIEWS,
    view_title,
)
from l5viz.content.locale import SYSTEM
from l5viz.report.vocabulary import load_vocabulary
from l5viz.scenario import Scenario
from l5viz.state import Change, SceneState
from l5viz.teaching.lessons import PRESENTER_KEYS, load_lessons
from l5viz.teaching.quiz import QuizSession, load_quiz
from l5viz.teaching.settings import Settings
from l5viz.teaching.session import SESSION_SUFFIX, add_recent, load_session, recent_files, save_session
from l5viz.translatable import QT_TRANSLATE_NOOP
from l5viz.ui.access import VIEW_KEYS, WindowAccess, keeps_key, keys_of
from l5viz.ui.i18n import language_name, qt_words, window_languages
from l5viz.ui.imaging_panel import ImagingPanel
from l5viz.ui.modes import BedsidePanel, LecturePanel, StudyPanel
from l5viz.ui.panels import BodyPanel, OverlayPanel, StructureTree
from l5viz.ui.report_panel import ReportPanel
from l5viz.ui.texts import capitalised, cite, correlation_html, structure_html, treatment_html

SCALES = (1, 2, 4)
MODE_TITLES = {"explore": QT_TRANSLATE_NOOP("MainWindow", "Explore"),
               "lecture": QT_TRANSLATE_NOOP("MainWindow", "Lecture"),
               "bedside": QT_TRANSLATE_NOOP("MainWindow", "Bedside"),
               "study": QT_TRANSLATE_NOOP("MainWindow", "Self-study")}
# High contrast for a lecture hall: light text on black, large type, a light selection with black text. Black, not
# near-black, so that the texts' own muted, red and green colours (texts.py, modes.py) reach WCAG AA 4.5:1 on this
# background and on the light default one alike (on #0d1117 no colour can do both); tests/test_colour_access.py.
LECTURE_STYLE = """
QWidget { background: #000000; color: #f5f5f5; font-size: 20px;
          selection-background-color: #9cc9ff; selection-color: #000000; }
QPushButton { background: #263040; border: 1px solid #8aa; padding: 8px; }
QTextBrowser { background: #000000; color: #ffffff; font-size: 22px; }
"""


class MainWindow(QMainWindow):
    def __init__(self, state: SceneState | None = None, lod: bool = True):
        super().__init__()
        from l5viz.ui.view import SceneView  # imported here: the CLI's headless commands never need Qt's GL

        self.setWindowTitle(self.tr("l5viz — the L5 nerve root in 3D"))
        self.settings = Settings()
        self.problems = list(self.settings.problems)
        self.lod = lod
        folder = annotations_dir()
        info, problems = load_structures(folder)
        self.structures = info
        self.problems += problems
        self.state = state or SceneState(view="reset", **default_display(info))
        self.parts, problems = load_parts(folder)
        self.problems += problems
        self.clicked_part: tuple[str, str] | None = None  # the bone part named by the last click
        self.sources, problems = load_sources(folder)
        self.sources = self.sources or {}
        self.problems += problems
        self.content, problems = load_clinical_content(folder)  # one file per lesion kind, the roots, the exam
        self.problems += problems
        self.lessons, problems = load_lessons(folder)
        self.problems += problems
        quiz_items, problems = load_quiz(folder)
        self.problems += problems
        bedside, problems = load_json_document(folder / "bedside.json", "bedside")
        self.problems += problems
        scene = load_scene(meshes_dir(), lod=lod)
        self.problems += scene.problems

        # Two views in one widget (spine | body): one render call draws both.
        self.view = SceneView(self, shape=(1, 2), border=False)
        self.setCentralWidget(self.view.interactor)
        dense = (lambda: load_scene(meshes_dir(), lod=False)) if lod else None
        self.view.subplot(0, 0)
        # The scenario layer owns the pathology engine and the clinical reasoning: the views, the panels and
        # the exports read its one result.
        self.scenario = Scenario(self.state, lambda: engine_for(scene, dense() if dense else None), self.content)
        self.renderer = SceneRenderer(self.view, self.state, scene, info, scenario=self.scenario)
        self.body = self._add_body(lod)
        self.renderer.camera_animation = self._animate_camera
        self._animation = None
        self._press = None
        self.view.iren.add_observer("LeftButtonPressEvent", self._on_press)
        self.view.iren.add_observer("LeftButtonReleaseEvent", self._on_release)
        self._camera_moved = False
        self.view.iren.add_observer("EndInteractionEvent", self._on_camera_moved)
        self.view.resized.connect(self._refit_camera)

        self.tree = StructureTree(self.state, info)
        self.info = QTextBrowser()
        self.info.setOpenExternalLinks(False)
        self.overlays = OverlayPanel(self.state)
        self.correlation = QTextBrowser()
        self.overlays.jump_to_lesion.connect(self.state.set_view)
        self._add_dock(QT_TRANSLATE_NOOP("MainWindow", "Structures"), self.tree, Qt.DockWidgetArea.LeftDockWidgetArea)
        tabs = QTabWidget()
        tabs.addTab(self.info, self.tr("Info"))
        # one form per lesion kind: taller than the window may be
        tabs.addTab(scrolled(self.overlays), self.tr("Pathology"))
        tabs.addTab(self.correlation, self.tr("Correlation"))
        self.treatment = QTextBrowser()
        self.treatment.setObjectName("treatment")
        tabs.addTab(self.treatment, self.tr("Treatment"))
        self.body_panel = BodyPanel(self.state, self.content.get("exam"), self.content.get("roots"),
                                    self.body_maps.document if self.body_maps else None,
                                    lambda keys: cite(keys, self.sources))
        self.body_panel.territories_toggled.connect(self._show_territories)
        tabs.addTab(self.body_panel, self.tr("Body"))
        self.lecture = LecturePanel(self.state, self.lessons, self.sources)
        self.bedside = BedsidePanel(self.state, (bedside or {}).get("scenarios", []), self.content, self.sources)
        self.quiz = QuizSession(quiz_items)
        self.problems += self.quiz.problems
        self.study = StudyPanel(self.state, self.quiz, self.sources, self._image_quiz)
        tabs.addTab(self.lecture, self.tr("Lesson"))
        tabs.addTab(self.bedside, self.tr("Bedside"))
        vocabulary, problems = load_vocabulary(folder)
        self.problems += problems
        self.report = ReportPanel(self.state, self.content, self.sources, vocabulary)
        tabs.addTab(self.report, self.tr("From report"))
        tabs.addTab(self.study, self.tr("Quiz"))
        self.tabs = tabs
        self.caption_bar = QLabel()
        self.caption_bar.setWordWrap(True)
        self.caption_bar.setStyleSheet("font-size: 26px; padding: 10px; background: #0d1117; color: white;")
        self.caption_bar.setMinimumHeight(140)  # three lines of caption at lecture size
        self.caption_dock = self._add_dock(QT_TRANSLATE_NOOP("MainWindow", "Caption"), self.caption_bar,
                                           Qt.DockWidgetArea.BottomDockWidgetArea)
        self.caption_dock.hide()
        self.lecture.step_changed.connect(lambda: self.caption_bar.setText(self.lecture.caption_text))
        self.lecture.step_changed.connect(self._apply_blank)
        self.bedside.handout_requested.connect(self.save_handout_dialog)
        self.bedside.report_requested.connect(lambda: self.tabs.setCurrentWidget(self.report))
        self.report.handout_requested.connect(self.save_handout_dialog)
        self.report.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        # Which panel the handout speaks for: the report's findings once read, a bedside pick once picked.
        self.handout_source = self.bedside
        self.report.applied.connect(lambda: setattr(self, "handout_source", self.report))
        self.bedside.picked.connect(lambda: setattr(self, "handout_source", self.bedside))
        self.blank = QWidget(self.view.interactor)
        self.blank.setStyleSheet("background: black;")
        self.blank.hide()
        self.details_dock = details = self._add_dock(QT_TRANSLATE_NOOP("MainWindow", "Details"), tabs,
                                                     Qt.DockWidgetArea.RightDockWidgetArea)
        self.structures_dock = self.findChild(QDockWidget, "dock_structures")
        # Synthetic MRI and CT of the same scene, beside the 3D (between it and the details).
        self.imaging = ImagingPanel(self.state, lambda: imaging_for(scene), self._region_name)
        self.imaging.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.scenario.connect(self.imaging.on_result)
        self.renderer.image_plane_of = self.imaging.corners
        self.imaging_dock = self._add_dock(QT_TRANSLATE_NOOP("MainWindow", "Synthetic MRI / CT"), self.imaging,
                                           Qt.DockWidgetArea.RightDockWidgetArea)
        self.splitDockWidget(self.imaging_dock, details, Qt.Orientation.Horizontal)
        self.imaging_dock.hide()
        self.imaging_dock.visibilityChanged.connect(self._imaging_shown)
        details.setMinimumWidth(380)
        self.notice = QLabel(self.tr("For education, not diagnosis."))
        self.statusBar().addPermanentWidget(self.notice)
        self._build_actions()
        # The correlation and bedside texts are long HTML: during a slider drag they are rewritten once the
        # slider rests (120 ms), so each step costs the 3D frame, not a page layout too.
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(120)
        self._text_timer.timeout.connect(self._refresh_correlation)
        self._text_timer.timeout.connect(self._relabel)
        self.state.connect(self._on_state)
        self._refresh_info()
        self._refresh_correlation()
        self._restore_layout()
        self._apply_mode()  # the saved layout may come from another mode; the mode decides what shows
        self.access = WindowAccess(self)  # shortcuts, screen-reader names, announcements, text size
        self.set_body_visible(bool(self.settings.value("body_view", True)))
        if self.problems:
            QTimer.singleShot(0, self.show_problems)

    def _refit_camera(self) -> None:
        """The view has a new size: fit the preset to its aspect again, unless the user has moved the camera
        since choosing it. Done before the paint that follows, so the first frame is already framed."""
        if not self._camera_moved and self.state.view in VIEWS:
            self.renderer.apply_camera(self.state.view, render=False)
        if not self._camera_moved and self.body is not None:
            self.body.apply_camera(self.body.camera_name)  # the body pane's preset, refitted the same way

    def _on_camera_moved(self, *_args) -> None:
        self._camera_moved = True

    def _add_body(self, lod: bool):
        """The body beside the spine (the variant the settings name, else the default); left out, with a
        message, when its skin or the dermatome maps are unusable."""
        from l5viz.render.body import BodyRenderer, load_body
        from l5viz.skin.dermatomes import load_dermatome_maps

        variant = self.settings.value("body_variant")
        variant = variant if isinstance(variant, str) else None
        model, problems = load_body(meshes_dir(), lod=lod, variant=variant)
        if model is None and variant is not None:  # a stale or bad setting: the default body instead
            model, more = load_body(meshes_dir(), lod=lod)
            problems += more
        maps, more = load_dermatome_maps()
        self.problems += problems + more
        self.view.subplot(0, 1)
        body = None
        if model is not None and maps is not None:
            body = BodyRenderer(self.view, self.state, model, maps, self.renderer.structures,
                                self.renderer.inside_actors)
            self.renderer.add_companion(body)
        self.view.subplot(0, 0)
        self.body_maps = maps
        return body

    def set_body_variant(self, variant: str) -> None:
        """Show the male or the female body (remembered); a body that cannot be loaded is reported and the
        one shown stays."""
        from l5viz.render.body import load_body

        if self.body is None:
            return
        model, problems = load_body(meshes_dir(), lod=self.lod, variant=variant)
        if model is None:
            self.problems += problems
            self.statusBar().showMessage("; ".join(str(p) for p in problems), 8000)
            self.female_action.blockSignals(True)
            self.female_action.setChecked(self.body.model.variant == "female")
            self.female_action.blockSignals(False)
            return
        self.body.set_model(model)
        self.settings.update(body_variant=variant)
        self.renderer.render()

    def _show_territories(self, on: bool) -> None:
        if self.body is not None:
            self.body.show_territories = on
            self.body.update()
            self.renderer.render()

    def set_body_visible(self, visible: bool) -> None:
        """Show the body view beside the spine (62 % / 38 %) or give the spine the whole width."""
        visible = visible and self.body is not None
        self.renderer.ren.SetViewport(0.0, 0.0, 0.62 if visible else 1.0, 1.0)
        body_ren = self.view.renderers[1]
        body_ren.SetViewport(0.62 if visible else 0.999, 0.0, 1.0, 1.0)
        body_ren.SetDraw(visible)
        self.body_action.blockSignals(True)
        self.body_action.setChecked(visible)
        self.body_action.blockSignals(False)
        if self.body is not None:
            self.body.apply_camera(self.state.view if self.state.view in BODY_VIEWS else self.body.camera_name)
        if self.state.view in VIEWS:
            self.renderer.apply_camera(self.state.view)  # refit: the spine's width changed
        else:
            self.renderer.render()

    # ---- layout -------------------------------------------------------------------------------
    def _add_dock(self, title: str, widget, area) -> QDockWidget:
        """A dock shown with its title translated; its object name, which the saved layout goes by, stays English
        (`title`: the marked English title)."""
        dock = QDockWidget(self.tr(title), self)
        dock.setObjectName(f"dock_{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_actions(self) -> None:
        bar = QToolBar(self.tr("Camera"))
        bar.setObjectName("toolbar_camera")
        self.addToolBar(bar)
        self.view_actions = {}
        for name in VIEWS:
            title = view_title(name, qt_words("Views"))
            action = QAction(title, self)
            key = VIEW_KEYS.get(name)
            if key:
                action.setShortcuts(keys_of(f"view_{name}"))
            action.setToolTip(self.tr("{view} ({key})").format(view=title, key=key) if key else title)
            action.triggered.connect(lambda _=False, n=name: self.state.set_view(n))
            self.view_actions[name] = action
        for name in STANDARD_VIEWS + ("reset",):
            bar.addAction(self.view_actions[name])
        for title, tip, names in ((self.tr("Axial"), self.tr("Axial views at each level"), AXIAL_VIEWS),
                                  (self.tr("Foramen"), self.tr("Foramen views at each level"), FORAMEN_VIEWS),
                                  (self.tr("Sagittal"), self.tr("Sagittal views at each level"), SAGITTAL_VIEWS)):
            button = QToolButton()
            button.setText(title)
            button.setToolTip(tip)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            menu = QMenu(button)
            for name in names:
                menu.addAction(self.view_actions[name])
            button.setMenu(menu)
            bar.addWidget(button)
        bar.addSeparator()
        self.labels_action = QAction(self.tr("Labels"), self, checkable=True)
        self.labels_action.setShortcuts(keys_of("labels"))
        self.labels_action.toggled.connect(self.state.set_labels)
        bar.addAction(self.labels_action)
        bar.addSeparator()
        self.mode_box = QComboBox()
        for mode, title in MODE_TITLES.items():
            self.mode_box.addItem(self.tr(title), mode)
        self.mode_box.setToolTip(self.tr("Explore, Lecture (F5), Bedside or Self-study"))
        self.mode_box.currentIndexChanged.connect(lambda i: self.state.set_mode(self.mode_box.itemData(i)))
        bar.addWidget(self.mode_box)
        lecture = QAction(self.tr("Start lecture"), self)
        lecture.setShortcuts(keys_of("start_lecture"))
        lecture.triggered.connect(lambda: self.state.set_mode("lecture"))
        self.addAction(lecture)
        QApplication.instance().installEventFilter(self)  # clicker keys reach the lesson wherever focus is

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        open_session = QAction(self.tr("Open session…"), self)
        open_session.setShortcuts(keys_of("open_session"))
        open_session.triggered.connect(self.open_session_dialog)
        save_session_action = QAction(self.tr("Save session…"), self)
        save_session_action.setShortcuts(keys_of("save_session"))
        save_session_action.triggered.connect(self.save_session_dialog)
        file_menu.addAction(open_session)
        file_menu.addAction(save_session_action)
        self.recent_menu = file_menu.addMenu(self.tr("Recent sessions"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        self.save_actions = {}
        for scale in SCALES:
            action = QAction(self.tr("Save image at {scale}x…").format(scale=scale), self)
            action.setShortcuts(keys_of(f"save_image_{scale}"))
            action.triggered.connect(lambda _=False, s=scale: self.save_image_dialog(s))
            file_menu.addAction(action)
            self.save_actions[scale] = action
        file_menu.addSeparator()
        glb = QAction(self.tr("Export 3D scene (.glb)…"), self)
        glb.triggered.connect(self.export_glb_dialog)
        movie = QAction(self.tr("Turntable movie (.mp4, .gif)…"), self)
        movie.triggered.connect(self.turntable_dialog)
        handout = QAction(self.tr("Patient handout (.pdf, .png)…"), self)
        handout.setShortcuts(keys_of("handout"))
        handout.triggered.connect(self.save_handout_dialog)
        for action in (glb, movie, handout):
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcuts(keys_of("quit"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for name in STANDARD_VIEWS + ("reset",):
            view_menu.addAction(self.view_actions[name])
        for title, names in ((self.tr("Axial"), AXIAL_VIEWS), (self.tr("Foramen"), FORAMEN_VIEWS),
                             (self.tr("Sagittal"), SAGITTAL_VIEWS)):
            sub = view_menu.addMenu(title)
            for name in names:
                sub.addAction(self.view_actions[name])
        self.axial_action = QAction(self.tr("Axial slabs seen from the head (anatomical)"), self, checkable=True)
        self.axial_action.setToolTip(self.tr("Off: seen from the feet, the patient's right on your left, as on MRI and "
                                             "CT"))
        self.axial_action.setChecked(self.settings.value("axial") == "anatomical")
        self.axial_action.toggled.connect(self._set_axial)
        self._set_axial(self.axial_action.isChecked())
        view_menu.addAction(self.axial_action)
        zones_menu = view_menu.addMenu(self.tr("Zones on axial slabs"))
        zones_group = QActionGroup(self)
        self.zone_actions = {}
        for scheme in ZONE_SCHEMES:
            action = QAction(self.zone_scheme_title(scheme), self, checkable=True)
            action.setChecked(scheme == self.state.zones)
            action.triggered.connect(lambda _=False, s=scheme: self.state.set_zones(s))
            zones_group.addAction(action)
            zones_menu.addAction(action)
            self.zone_actions[scheme] = action
        view_menu.addSeparator()
        view_menu.addAction(self.labels_action)
        isolate = QAction(self.tr("Isolate selection"), self)
        isolate.setShortcuts(keys_of("isolate"))
        isolate.triggered.connect(self.tree.isolate_current)
        hide = QAction(self.tr("Hide or show selection"), self)
        hide.setShortcuts(keys_of("hide"))
        hide.triggered.connect(self.tree.toggle_current)
        show_all = QAction(self.tr("Show all"), self)
        show_all.setShortcuts(keys_of("show_all"))
        show_all.triggered.connect(self.state.show_all)
        self.imaging_action = self.imaging_dock.toggleViewAction()
        self.imaging_action.setText(self.tr("Synthetic MRI / CT"))
        self.imaging_action.setShortcuts(keys_of("imaging"))
        self.imaging_action.setToolTip(self.tr("Synthetic MRI and CT of this scene beside the 3D (M)"))
        view_menu.addAction(self.imaging_action)
        bar.addAction(self.imaging_action)
        self.body_action = QAction(self.tr("Body view"), self, checkable=True)
        self.body_action.setShortcuts(keys_of("body"))
        self.body_action.toggled.connect(self.set_body_visible)
        view_menu.addAction(self.body_action)
        body_views = view_menu.addMenu(self.tr("Body"))
        for name, title in BODY_VIEW_TITLES.items():
            action = QAction(QCoreApplication.translate("Views", title), self)
            action.triggered.connect(lambda _=False, n=name: self.state.set_view(n))
            body_views.addAction(action)
        body_views.addSeparator()
        self.female_action = QAction(self.tr("Female body"), self, checkable=True)
        self.female_action.setToolTip(self.tr("The MakeHuman female body, fitted round the same pelvis (default: "
                                              "male)"))
        self.female_action.setChecked(self.body is not None and self.body.model.variant == "female")
        self.female_action.toggled.connect(lambda on: self.set_body_variant("female" if on else "male"))
        self.female_action.setEnabled(self.body is not None)
        body_views.addAction(self.female_action)
        full = QAction(self.tr("Full screen"), self, checkable=True)
        full.setShortcuts(keys_of("full_screen"))
        full.toggled.connect(lambda on: self.showFullScreen() if on else self.showNormal())
        for action in (hide, isolate, show_all, full):
            view_menu.addAction(action)
            self.addAction(action)

        self._add_language_menu()
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("About l5viz"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)
        problems = QAction(self.tr("Data problems…"), self)
        problems.triggered.connect(self.show_problems)
        help_menu.addAction(problems)
        self.view_menu, self.help_menu = view_menu, help_menu  # (WindowAccess adds to them)

    def zone_scheme_title(self, scheme: str) -> str:
        """A zone scheme as the menu offers it, in the words the slab draws ("Zones of Fardon 2014: central, ...")."""
        if scheme == "off":
            return self.tr("None")
        title = self.renderer.view_text("zones", scheme, "title") or scheme
        names = [self.renderer.view_text("zones", scheme, "names", zone) or zone for zone in ZONE_NAMES[scheme]]
        return f"{capitalised(title)}: {', '.join(names)}"

    def _add_language_menu(self) -> None:
        """The language setting: the system's (the default) or one the window speaks; it applies at the next start,
        since the window and its content are built in one language."""
        menu = self.menuBar().addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        chosen = self.settings.value("language", SYSTEM)
        self.language_actions = {}
        for code in (SYSTEM, *window_languages()):
            action = QAction(self.tr("System default") if code == SYSTEM else language_name(code), self, checkable=True)
            action.setChecked(code == chosen)
            action.triggered.connect(lambda _=False, c=code: self.choose_language(c))
            group.addAction(action)
            menu.addAction(action)
            self.language_actions[code] = action

    def choose_language(self, code: str) -> None:
        """Remember the language (SYSTEM or a code) for the next start, and say so."""
        self.settings.update(language=code)
        self.statusBar().showMessage(self.tr("The new language applies the next time l5viz starts."), 8000)

    def _set_axial(self, anatomical: bool) -> None:
        """Axial slabs from the head or (default) from the feet; remembered for the next start."""
        convention = "anatomical" if anatomical else "radiological"
        if self.settings.value("axial", "radiological") != convention:
            self.settings.update(axial=convention)
        self.state.set_axial(convention)

    # ---- state -> widgets -----------------------------------------------------------------------
    def _on_state(self, change: Change) -> None:
        if change.kind == "view":
            self._camera_moved = False
            if self.state.view in BODY_VIEWS and self.body is not None and not self.body_action.isChecked():
                self.set_body_visible(True)  # a lesson, quiz or button turned to the body: show it
        if change.kind in ("selection", "reset"):
            self._refresh_info()
        if change.kind == "overlays":
            self._text_timer.start()  # while a slider moves, rewrite the long texts once it pauses
        elif change.kind == "reset":
            self._refresh_correlation()
        if change.kind in ("labels", "reset"):
            self.labels_action.blockSignals(True)
            self.labels_action.setChecked(self.state.labels)
            self.labels_action.blockSignals(False)
        if change.kind in ("mode", "reset"):
            self._apply_mode()
        if change.kind in ("imaging", "reset") and (self.state.imaging is not None) != self.imaging_dock.isVisible():
            self.imaging_dock.setVisible(self.state.imaging is not None)  # a lesson step or a session showed one

    def _imaging_shown(self, visible: bool) -> None:
        if visible:
            # (after the dock has been laid out, or the main window's layout overrules the sizes)
            QTimer.singleShot(0, lambda: self.resizeDocks([self.imaging_dock, self.details_dock], [IMAGING_WIDTH, 380],
                                                          Qt.Orientation.Horizontal))
            self.imaging.activate()
        elif not self.isMinimized():
            self.imaging.deactivate()

    def _image_quiz(self):
        """The image-question generator on the scenario's engine (built now if it was not), or None."""
        from l5viz.imaging.config import load_imaging
        from l5viz.teaching.image_quiz import ImageQuiz, load_image_questions

        config, problems = load_imaging()
        questions, more = load_image_questions()
        engine = self.scenario.engine
        if config is None or questions is None or engine is None:
            self.statusBar().showMessage("; ".join(str(p) for p in problems + more)[:300], 8000)
            return None
        return ImageQuiz(engine, config, questions)

    def _region_name(self, region: str) -> str:
        """Words for what lies under a click on a synthetic image: a structure, a lesion, a layer of the body."""
        if region in self.structures:
            return self.structures[region].display_name
        kind, _, rest = region.partition(":")
        config = self.imaging.imaging.config if self.imaging.imaging is not None else None
        if config is None:
            return region
        if kind == "body":
            return config.terms["tissues"].get(config.rules["body_tissues"].get(rest, ""), rest)
        return config.terms["regions"].get(kind, region) + (f" ({rest.replace('_', ' ')})" if rest else "")

    def _refresh_info(self) -> None:
        lay = self.state.mode == "bedside"
        part = self.clicked_part[1] if self.clicked_part and self.clicked_part[0] == self.state.selected else None
        self.info.setHtml(structure_html(self.structures.get(self.state.selected), self.sources, lay=lay, part=part))

    def _part_phrase(self, x: float, y: float) -> tuple[str, str] | None:
        """(structure id, "left L5 pedicle") for a click on a bone whose parts are named, else None."""
        found = self.renderer.part_at(x, y)
        if found is None or found[0] not in self.structures:
            return None
        sid, index, side = found
        names = self.renderer.scene.manifest.get("parts", {}).get("sacrum" if sid == "sacrum" else "vertebra", [])
        part = self.parts.get(names[index]) if index < len(names) else None
        if part is None:
            return None
        return sid, part_phrase(part, self.structures[sid], side, lay=self.state.mode == "bedside")

    def _apply_mode(self) -> None:
        """Lecture: full screen, high contrast, big type, caption bar, clicker keys. Bedside: plain words and
        few controls. Self-study: the quiz. Explore: everything."""
        mode = self.state.mode
        self.mode_box.blockSignals(True)
        self.mode_box.setCurrentIndex(list(MODE_TITLES).index(mode))
        self.mode_box.blockSignals(False)
        lecture = mode == "lecture"
        self.setStyleSheet(LECTURE_STYLE if lecture else "")
        self.renderer.set_large_labels(lecture)
        self.renderer.animate_camera = lecture
        self.caption_dock.setVisible(lecture)
        self.structures_dock.setVisible(mode == "explore")
        if lecture and not self.isFullScreen():
            self.showFullScreen()
        elif not lecture and self.isFullScreen():
            self.showNormal()
        tab = {"lecture": self.lecture, "bedside": self.bedside, "study": self.study}.get(mode)
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
        self._refresh_info()

    def eventFilter(self, watched, event) -> bool:
        """In lecture mode, presentation-clicker keys drive the lesson (PageDown/PageUp, arrows, space, B), unless the
        focused control uses the key itself (access.keeps_key: Space on a button, an arrow in a list)."""
        if event.type() == QEvent.Type.KeyPress and self.state.mode == "lecture":
            name = Qt.Key(event.key()).name.removeprefix("Key_")
            if name in PRESENTER_KEYS and not keeps_key(watched, event):
                self.lecture.press(name)
                return True
        return super().eventFilter(watched, event)

    def _animate_camera(self, start, end, frames: int = 10) -> None:
        """Glide from one camera pose to the next (lecture mode), a frame every 30 ms."""
        import numpy as np

        if self._animation is not None:
            self._animation.stop()
        timer = QTimer(self)
        step = {"i": 0}

        def tick():
            step["i"] += 1
            t = step["i"] / frames
            t = t * t * (3 - 2 * t)  # ease in and out
            pose = [np.asarray(a) + (np.asarray(b) - np.asarray(a)) * t for a, b in zip(start, end)]
            pose[2] = pose[2] / max(np.linalg.norm(pose[2]), 1e-9)
            self.renderer.set_camera_pose(*pose)
            if step["i"] >= frames:
                timer.stop()

        timer.timeout.connect(tick)
        timer.start(30)
        self._animation = timer

    def _apply_blank(self) -> None:
        """B on a clicker blanks the screen; any navigation key brings the scene back."""
        blanked = bool(self.lecture.player and self.lecture.player.blanked)
        self.blank.setGeometry(self.view.interactor.rect())
        self.blank.setVisible(blanked)
        if blanked:
            self.blank.raise_()

    def _relabel(self) -> None:
        """The overlays rest: the labels of the lesions (and of the bone parts they name) are placed again where
        the lesions are now; during a slider drag they are hidden, so a step does not pay for a placement."""
        self.renderer.relabel()
        self.renderer.render()

    def _refresh_treatment(self, result) -> None:
        """The Treatment tab: the procedures in the scene, their step, and their figures before and after."""
        procedures = list(result.overlays.of("procedure"))
        self.treatment.setHtml(treatment_html(procedures, result.outcomes, self.content.get("procedure"),
                                              self.sources, self.renderer.names))

    def _refresh_correlation(self) -> None:
        result = self.scenario.current()
        self._refresh_treatment(result)
        if result.pathology is None:
            self.bedside.show_affected([])
            words = (self.tr("No overlay is active. Turn on a lesion in the Pathology tab.") if result.available
                     else self.tr("Overlays are unavailable: some meshes could not be loaded."))
            self.correlation.setHtml(f"<p>{escape(words)}</p>")
            return
        corr = result.correlation
        self.bedside.show_affected(sorted({a.root for a in corr.affected}))
        disclaimer = (self.content.get("exam") or {}).get("disclaimer", {}).get("formal", "")
        html = correlation_html(corr, self.sources, result.pathology.foramina, stenosis=self.content.get("stenosis"),
                                grading=(self.content.get("herniation") or {}).get("root_compromise"),
                                canal=result.pathology.canal, measures=result.pathology.measures)
        self.correlation.setHtml(html + f"<hr><p><small>{disclaimer}</small></p>")

    # ---- picking ------------------------------------------------------------------------------
    def _on_press(self, iren, _event) -> None:
        self._press = iren.GetEventPosition()

    def _on_release(self, _style, _event) -> None:
        """(pyvista hears a release on the interactor style, which has no event position: the interactor has.)"""
        if self._press is None:
            return
        x, y = self.view.iren.get_event_position()
        moved = abs(x - self._press[0]) + abs(y - self._press[1])
        self._press = None
        if moved <= 3:  # a click, not a drag
            self.pick_at(x, y)

    def pick_at(self, x: float, y: float) -> str | None:
        width = self.view.window_size[0]
        if self.body is not None and self.view.renderers[1].GetDraw() and x > 0.62 * width:
            return self.pick_body(x, y)
        sid = self.renderer.pick(x, y)
        self.clicked_part = self._part_phrase(x, y) if sid is not None else None
        if self.clicked_part:
            self.statusBar().showMessage(capitalised(self.clicked_part[1]), 5000)
        if self.state.mode == "lecture" and sid is not None:
            self.renderer.show_pointer(x, y)  # a highlight where the lecturer clicks
            QTimer.singleShot(2500, self.renderer.hide_pointer)
        self.state.select(sid)
        point = self.renderer.picked_point(x, y) if sid is not None and self.imaging_dock.isVisible() else None
        if point is not None:
            self.imaging.move_to(point)  # the images' slices go where the click hit
        return sid

    def pick_body(self, x: float, y: float) -> str | None:
        """A nerve or bone in the body: select it. A spot on the skin: light up the root(s) whose dermatome
        it is, and say where the maps disagree."""
        picked = self.body.pick(x, y)
        if picked is not None and picked[0] == "structure":
            self.state.set_highlighted(())
            self.state.select(picked[1])
            return picked[1]
        if picked is None:
            self.state.set_highlighted(())
            return None
        vertex = picked[1]
        side = self.body.side_of(vertex)
        by_map = self.body.roots_at(vertex)
        roots = sorted({r for r in by_map.values() if r not in ("none", "uncertain")})
        ids = [f"root_{r}_{side}" for r in roots if f"root_{r}_{side}" in self.state.structures]
        self.state.select(None)
        self.state.set_highlighted(ids)
        names = {"lee2008": "Lee, McPhee & Stringer 2008", "keegan1948": "Keegan & Garrett 1948"}
        answers = {"none": self.tr("none"), "uncertain": self.tr("uncertain")}  # a map's answer that is no root
        rows = "".join(f"<li>{names.get(m, m)}: <b>{escape(answers.get(r, r))}</b></li>" for m, r in by_map.items())
        agree = len(set(by_map.values())) == 1
        verdict = (escape(self.tr("The maps agree here.")) if agree else
                   self.tr("<b>The maps disagree here</b>: dermatomes vary between people and overlap widely."))
        shown = ", ".join(roots) if roots else self.tr("no single root")
        dermatome = (self.tr("Dermatome: {roots}.") if ids or not roots
                     else self.tr("Dermatome: {roots} (that root is not part of this model's spine)."))
        skin = {"left": self.tr("Skin, left side"), "right": self.tr("Skin, right side")}.get(side, side)
        self.info.setHtml(f"<h3>{escape(skin)}</h3><p>{escape(dermatome.format(roots=shown))}</p><ul>{rows}</ul>"
                          f"<p>{verdict}</p>")
        self.tabs.setCurrentWidget(self.info)
        return ids[0] if ids else None

    # ---- commands -----------------------------------------------------------------------------
    def save_image(self, path: Path, scale: int = 1) -> Path:
        self.view.screenshot(str(path), scale=scale)
        return path

    def save_image_dialog(self, scale: int) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save image at {scale}x").format(scale=scale), "l5viz.png",
                                              self.tr("PNG images (*.png)"))
        if path:
            self.save_image(Path(path), scale)
            self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)

    def session_extra(self) -> dict:
        position, focal_point, up = self.renderer.camera_pose()
        extra = {"camera": {"position": list(position), "focal_point": list(focal_point), "up": list(up)}}
        if self.lecture.player is not None:
            extra.update(lesson=self.lecture.player.lesson.id, step=self.lecture.player.index)
        if self.report.reading is not None:
            extra["report"] = {"text": self.report.reading.text, "ticked": sorted(self.report.ticked)}
        return extra

    def save_session_to(self, path: Path) -> None:
        save_session(path, self.state, self.session_extra())
        add_recent(path)

    def open_session_from(self, path: Path) -> bool:
        session, problems = load_session(path, self.state.structures)
        if session is None:
            QMessageBox.warning(self, self.tr("Cannot open session"), "\n".join(str(p) for p in problems))
            return False
        player, more = session.reopen(self.state, self.lessons)
        self.lecture.player = player
        self.lecture._refresh()
        report = session.extra.get("report")
        if report:  # the report as read, its boxes as ticked; the scene stays the session's own
            self.report.read(report["text"], ticked=set(report["ticked"]), apply=False)
            self.handout_source = self.report
        camera = session.extra.get("camera")
        if camera:
            self.renderer.set_camera_pose(camera["position"], camera["focal_point"], camera["up"])
            self._camera_moved = True  # the session's own camera, kept when the window is resized
        add_recent(path)
        if problems + more:
            self.statusBar().showMessage("; ".join(str(p) for p in problems + more), 8000)
        return True

    def save_session_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save session"), f"lesson{SESSION_SUFFIX}",
                                              self.tr("l5viz sessions (*{suffix})").format(suffix=SESSION_SUFFIX))
        if path:
            self.save_session_to(Path(path))

    def open_session_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open session"), "",
                                              self.tr("l5viz sessions (*{suffix})").format(suffix=SESSION_SUFFIX))
        if path:
            self.open_session_from(Path(path))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths, _problems = recent_files()
        for path in paths:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_session_from(Path(p)))
        if not paths:
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    def export_glb(self, path: Path) -> Path:
        """The scene as shown (visible structures, deformed by the overlays, lesions) and the body (see-through
        skin, nerve path) in one .glb."""
        from l5viz.exports.gltf import body_parts, export_glb, scene_parts
        from l5viz.render.body import SEE_THROUGH, SKIN

        pathology = self.scenario.current().pathology
        lesions = pathology.drawn_lesions if pathology else []
        meshes, colours, opacity = scene_parts(self.renderer.meshes, self.renderer.colour_of, lesions,
                                               pathology.implants if pathology else ())
        if self.body is not None:
            parts = body_parts(self.body.skin, self.body.model.nerves, self.renderer.colour_of, SKIN, SEE_THROUGH)
            meshes, colours, opacity = (a | b for a, b in zip((meshes, colours, opacity), parts))
        shown = dict(self.state.visible) | {sid: False for sid in (pathology.removed if pathology else ())}
        return export_glb(path, meshes, colours, dict(self.state.opacity) | opacity, shown,
                          kinds={sid: info.kind for sid, info in self.renderer.structures.items()})

    def export_glb_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export 3D scene"), "l5viz.glb",
                                              self.tr("glTF binary (*.glb)"))
        if path:
            self.export_glb(Path(path))
            self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)

    def turntable_dialog(self) -> None:
        from PySide6.QtWidgets import QApplication as App

        from l5viz.exports.turntable import turntable
        from l5viz.state import SceneState

        path, _ = QFileDialog.getSaveFileName(self, self.tr("Turntable movie"), "l5viz.mp4",
                                              self.tr("Movies (*.mp4 *.gif)"))
        if not path:
            return
        App.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            state = SceneState()
            state.load_dict(self.state.to_dict())
            state.set_view("anterior")
            turntable(Path(path), state=state)
        finally:
            App.restoreOverrideCursor()
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)

    def save_handout_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save handout"), "l5viz-handout.pdf",
                                              self.tr("PDF (*.pdf);;PNG (*.png)"))
        if not path:
            return
        try:
            self.save_handout(Path(path))
        except ValueError as exc:  # (a long report's findings may not fit two pages; a name of no known format)
            QMessageBox.warning(self, self.tr("Cannot save the handout"), str(exc))

    def save_handout(self, path: Path) -> Path:
        """One page for the patient: the picture, what it means in plain words, red flags, the notice."""
        from l5viz.exports.handout import write_handout

        picture = path.with_suffix(".view.png")
        self.view.screenshot(str(picture))
        correlation = self.scenario.current().correlation
        affected = sorted({a.root for a in correlation.affected}) if correlation else []
        if self.handout_source is self.report:
            title, paragraphs = self.report.handout_title(), self.report.handout_paragraphs()
        else:
            title, paragraphs = self.bedside.handout_title(), self.bedside.summary_paragraphs(affected)
        caption = self.report.picture_caption(self.state.view, self.body_action.isChecked())  # a model; your right
        try:
            write_handout(path, title=title, spine_image=picture, paragraphs=paragraphs,
                          red_flags=self.bedside.red_flags(), disclaimer=self.bedside.disclaimer(), caption=caption)
        finally:
            picture.unlink(missing_ok=True)
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
        return path

    def show_about(self) -> None:
        from l5viz.ui.about import AboutDialog

        refs = "".join(f"<li>{cite([k], self.sources)}: {self.sources[k].get('title', '')}</li>"
                       for k in sorted(self.sources))
        self.about = AboutDialog(self, f"<ul>{refs}</ul>")
        self.about.show()

    def show_problems(self) -> None:
        if not self.problems:
            QMessageBox.information(self, self.tr("Data problems"),
                                    self.tr("No problems: every mesh and content file is valid."))
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Some data could not be used"),
                          self.tr("l5viz started with what is valid. These files need attention:"),
                          QMessageBox.StandardButton.Ok, self)
        box.setDetailedText("\n".join(str(p) for p in self.problems))
        box.setInformativeText("\n".join(str(p) for p in self.problems[:6]))
        box.setModal(False)
        box.show()
        self.problems_box = box

    def _restore_layout(self) -> None:
        geometry, layout = self.settings.value("window_geometry"), self.settings.value("window_state")
        if isinstance(geometry, str):
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        else:  # first run: most of the width for the 3D views, the side panels as narrow as they read well
            self.resize(1480, 920)
            self.resizeDocks([self.structures_dock, self.details_dock], [270, 440], Qt.Orientation.Horizontal)
        if isinstance(layout, str):
            self.restoreState(QByteArray.fromBase64(layout.encode("ascii")))

    def closeEvent(self, event) -> None:
        self.settings.update(window_geometry=base64_text(self.saveGeometry()),
                             window_state=base64_text(self.saveState()), body_view=self.body_action.isChecked())
        QApplication.instance().removeEventFilter(self)
        # The dock hides as the window goes: its signal must not reach a Python slot then (the interpreter may be
        # tearing down; PySide then fails on the bool it passes).
        self.imaging_dock.visibilityChanged.disconnect(self._imaging_shown)
        self.imaging.close_logic()
        self.renderer.close()
        self.view.close()
        super().closeEvent(event)


IMAGING_WIDTH = 560  # the imaging dock's width when it opens: an image a radiologist can read beside the 3D


def base64_text(data: QByteArray) -> str:
    """Qt's saved window geometry and dock layout, as text a JSON file can hold."""
    return bytes(data.toBase64()).decode("ascii")


def scrolled(panel: QWidget) -> QScrollArea:
    """A panel in a scroll area, so its height never sets the window's smallest size."""
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area
