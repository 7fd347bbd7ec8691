"""A random-action soak ("monkey") of the real main window, for tests/test_soak.py and scripts/soak.py.

A seeded `random.Random` picks, one at a time, things a user can do: tick structures, move sliders, press the
view and clicker keys, drag the camera, switch modes, step lessons, answer the quiz, turn lesions on and shape
them, pick bedside findings and their treatments, read MRI reports, save and reopen sessions, resize the window,
open the body and imaging views. Each is done through the real widgets (clicks, key events, a combo's or a
slider's new value, a QAction's trigger), never by writing the window's state directly. Nothing modal may open
(file actions go through the window's path-taking methods): a modal dialog that opens all the same is closed and
reported as a failure, so a run never hangs.

After every action `Checker` compares what is drawn with what the state and a fresh evaluation of its overlays
say must be drawn; an exception anywhere (a Qt slot, a VTK observer, the imaging thread) or a broken invariant
raises MonkeyFailure naming the seed, the action's index and every action taken so far.
"""

from __future__ import annotations

import copy
import ctypes
import gc
import json
import math
import random
import sys
import threading
import time
import traceback
import warnings
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QSlider, QWidget

from l5viz.clinical.correlation import root_intensities
from l5viz.pathology.kinds import Overlays
from l5viz.scenario import ScenarioResult

REPORT_CORPUS = Path(__file__).with_name("report_corpus.json")
EXAMPLE_REPORT = Path(__file__).parents[1] / "docs" / "example_report.txt"
PRESENTER_KEYS = ("PageDown", "PageUp", "Space", "Right", "Left", "Home", "End", "B", "Period")
VIEW_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "Shift+9")
CALLBACK_WARNING = "Encountered issue in callback"  # how pyvista reports an exception in a VTK observer
SESSION_SLOTS = 3  # session files the monkey saves over in turn (the disk stays as it was)
POINTS_MM = 1e-3  # how far a drawn vertex may lie from where the evaluation puts it
COMPRESSION_TOLERANCE = 1e-5  # a vertex's compression colour value (stored as float32)

# How often each action is picked, relative to the others: the sliders and toggles a user plays with most often
# more than the file actions; every one is reached in a few hundred actions.
WEIGHTS = {
    "tree_tick": 6, "tree_select": 4, "opacity": 4, "tree_buttons": 2, "structure_key": 3,
    "view_key": 7, "view_menu": 2, "camera_drag": 6, "click_3d": 4, "labels": 2, "zones": 1, "axial": 1,
    "body_toggle": 2, "body_views": 2, "body_panel": 2, "female": 1, "resize": 2, "full_screen": 1, "tab": 3,
    "imaging_toggle": 1, "imaging_control": 2,
    "mode": 3, "lecture_key": 1, "presenter_key": 5, "lesson": 3,
    "quiz_answer": 3, "quiz_nav": 2, "quiz_image": 1,
    "bedside_pick": 3, "bedside_treat": 3, "from_report": 1,
    "overlay_toggle": 6, "overlay_combo": 6, "overlay_slider": 8, "play": 1, "jump": 1,
    "report_read": 2, "report_tick": 3, "report_row": 2, "report_clear": 1,
    "session_save": 2, "session_open": 2, "recent": 1, "handout": 1, "export": 1,
    "pause": 4,
}


class MonkeyFailure(AssertionError):
    """An exception or a broken invariant during a monkey run; its message says how to replay it."""


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory (VmRSS) or its peak (VmHWM), in MB, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024.0
    raise RuntimeError(f"/proc/self/status has no {field}")


def give_back_free_heap() -> None:
    """Collect garbage and hand the C heap's free pages back to the system (glibc's malloc_trim), so that RSS counts
    memory in use, not memory freed and kept by the allocator (large numpy temporaries leave plenty)."""
    gc.collect()
    ctypes.CDLL(None).malloc_trim(0)


def growth_per_1000(samples: list[tuple[int, float]]) -> float | None:
    """MB per 1,000 actions: the least-squares slope of (action index, RSS) samples (None under two samples)."""
    if len(samples) < 2:
        return None
    x, y = np.array(samples, float).T
    return float(np.polyfit(x, y, 1)[0] * 1000.0) if np.ptp(x) > 0 else None


def drawn_positions(points: np.ndarray, matrix) -> np.ndarray:
    """A mesh's points where its actor draws them (its user matrix applied; None: as they are)."""
    if matrix is None:
        return points
    rows = np.array([[matrix.GetElement(i, j) for j in range(4)] for i in range(4)])
    return points @ rows[:3, :3].T + rows[:3, 3]


class Checker:
    """The invariants between the state, what a fresh evaluation of its overlays says and the actors drawn.

    A structure is drawn where the user shows it and no procedure took it out, at the opacity the state gives,
    its vertices where the evaluation puts them (moved whole: its baseline moved by the evaluation's motion),
    a nerve coloured by the evaluation's per-vertex compression; one lesion actor per lesion drawn as a surface
    of its own and one implant actor per implant. In the whole-body view the spine's structures inside the skin
    follow the same rule, and outside it none shows. The scenario's result equals a fresh evaluation of the same
    overlays: compression per structure, what was taken out, the lesions, the implants, the roots' intensities and
    the correlation's affected roots and grades. The structure tree, the mode list and the labels toggle show
    the state.
    """

    def __init__(self, window):
        self.window = window
        self._fresh_key: str | None = None
        self._fresh: ScenarioResult | None = None
        self._compared: tuple[str, int] | None = None  # (overlays, id of the scenario's result) found equal

    def check(self) -> None:
        problems = self.widget_problems()
        current = self.window.scenario.current()
        expected = self.fresh(current)
        problems += self.scenario_problems(current, expected)
        problems += self.actor_problems(expected.pathology if expected is not None else None)
        if problems:
            shown = problems[:12] + ([f"... and {len(problems) - 12} more"] if len(problems) > 12 else [])
            raise AssertionError("; ".join(shown))

    def fresh(self, current: ScenarioResult) -> ScenarioResult | None:
        """The state's overlays evaluated afresh on a copy (once per distinct overlays); None where nothing need
        be: no overlay, and the scenario has not built its engine (the healthy scene is drawn as baked)."""
        state = self.window.state
        overlays = Overlays.from_state(copy.deepcopy(state.overlays))
        if not overlays and current.pathology is None:
            return None
        key = json.dumps(state.overlays, sort_keys=True)
        if key != self._fresh_key:
            self._fresh_key, self._fresh = None, None  # (a failing evaluation leaves no stale result)
            pathology = self.window.scenario.engine.evaluate(overlays)
            self._fresh = ScenarioResult(overlays, pathology, root_intensities(pathology),
                                         content=self.window.content)
            self._fresh_key = key
        return self._fresh

    def scenario_problems(self, current: ScenarioResult, expected: ScenarioResult | None) -> list[str]:
        state = self.window.state
        if current.overlays.to_state() != Overlays.from_state(state.overlays).to_state():
            return [f"the scenario's result is for overlays {current.overlays.to_texts()}, the state holds "
                    f"{Overlays.from_state(state.overlays).to_texts()}"]
        if expected is None:
            return []
        if current.pathology is None:
            return [f"the scenario has no pathology for overlays {expected.overlays.to_texts()}"]
        key = (self._fresh_key, id(current))
        if key == self._compared:
            return []  # this very result was found equal to this very evaluation
        problems = []
        now, fresh = current.pathology, expected.pathology
        if set(now.compression) != set(fresh.compression):
            problems.append(f"compression measured for {sorted(set(now.compression) ^ set(fresh.compression))} "
                            "in one evaluation only")
        for sid in set(now.compression) & set(fresh.compression):
            for figure in ("mm", "percent"):
                if not math.isclose(now.compression[sid][figure], fresh.compression[sid][figure], abs_tol=1e-6):
                    problems.append(f"{sid} compression {figure} {now.compression[sid][figure]} != fresh "
                                    f"{fresh.compression[sid][figure]}")
        pairs = {"removed": (sorted(now.removed), sorted(fresh.removed)),
                 "lesions": ([les.lesion_id for les in now.lesions], [les.lesion_id for les in fresh.lesions]),
                 "implants": ([i.implant_id for i in now.implants], [i.implant_id for i in fresh.implants]),
                 "intensities": (rounded(current.intensities), rounded(expected.intensities))}
        problems += [f"{name}: {a} != fresh {b}" for name, (a, b) in pairs.items() if a != b]
        mine, theirs = current.correlation, expected.correlation
        affected = ([(a.root, a.side, round(a.percent, 3), round(a.mm, 3)) for a in mine.affected],
                    [(a.root, a.side, round(a.percent, 3), round(a.mm, 3)) for a in theirs.affected])
        if affected[0] != affected[1]:
            problems.append(f"affected roots {affected[0]} != fresh {affected[1]}")
        if mine.compromise != theirs.compromise or not math.isclose(mine.sac_percent, theirs.sac_percent,
                                                                    abs_tol=1e-6):
            problems.append(f"correlation grades {mine.compromise}, sac {mine.sac_percent} != fresh "
                            f"{theirs.compromise}, sac {theirs.sac_percent}")
        if not problems:
            self._compared = key
        return problems

    def actor_problems(self, pathology) -> list[str]:
        """`pathology`: the fresh evaluation (None: the healthy scene as baked)."""
        window, state = self.window, self.window.state
        renderer = window.renderer
        removed = pathology.removed if pathology is not None else frozenset()
        problems = []
        for sid, actor in renderer.actors.items():
            drawn = state.visible[sid] and sid not in removed
            if bool(actor.GetVisibility()) != drawn:
                problems.append(f"{sid} actor {'shown' if actor.GetVisibility() else 'hidden'}, but the state "
                                f"{'shows' if state.visible[sid] else 'hides'} it"
                                f"{' and a procedure took it out' if sid in removed else ''}")
            opacity = actor.GetProperty().GetOpacity()
            if not math.isclose(opacity, state.opacity[sid], abs_tol=1e-9):
                problems.append(f"{sid} actor opacity {opacity} != state {state.opacity[sid]}")
            problems += self.geometry_problems(sid, actor, pathology)
        drawn_lesions = pathology.drawn_lesions if pathology is not None else []
        implants = pathology.implants if pathology is not None else []
        for what, actors, expected in (("lesion", renderer.lesion_actors, len(drawn_lesions)),
                                       ("implant", list(renderer.implant_actors.values()), len(implants))):
            shown = sum(bool(a.GetVisibility()) for a in actors)
            if shown != expected:
                problems.append(f"{shown} {what} actors shown for {expected} {what}s")
        problems += self.body_problems(removed)
        return problems

    def geometry_problems(self, sid: str, actor, pathology) -> list[str]:
        renderer = self.window.renderer
        baseline = renderer.baseline[sid]
        motion = pathology.motions.get(sid) if pathology is not None else None
        if motion is not None:
            expected = baseline @ motion[0].T + motion[1]
        elif pathology is not None and sid in pathology.points:
            expected = np.asarray(pathology.points[sid])
        else:
            expected = baseline
        mesh = renderer.meshes[sid]
        where = drawn_positions(np.asarray(mesh.points), actor.GetUserMatrix())
        problems = []
        off = float(np.abs(where - expected).max())
        if off > POINTS_MM:
            problems.append(f"{sid} drawn up to {off:.3f} mm from where the evaluation puts it")
        if "compression" in mesh.point_data:
            colours = np.asarray(mesh.point_data["compression"])
            wanted = pathology.vertex_compression.get(sid) if pathology is not None else None
            wanted = np.zeros(len(colours)) if wanted is None else np.asarray(wanted)
            if float(np.abs(colours - wanted).max()) > COMPRESSION_TOLERANCE:
                problems.append(f"{sid} compression colours differ from the evaluation's by "
                                f"{float(np.abs(colours - wanted).max()):.4f}")
        return problems

    def body_problems(self, removed: frozenset[str]) -> list[str]:
        """The spine inside the see-through skin: in the whole-body view, drawn as in the spine view."""
        window, state = self.window, self.window.state
        body = window.body
        if body is None:
            return []
        whole = body.camera_name == "body"
        problems = []
        for sid, actor in body.inside.items():
            if sid not in window.renderer.actors:
                continue  # (an implant slot: counted with the spine's)
            drawn = whole and state.visible[sid] and sid not in removed
            if bool(actor.GetVisibility()) != drawn:
                problems.append(f"{sid} inside the body {'shown' if actor.GetVisibility() else 'hidden'} in the "
                                f"{body.camera_name} view")
            elif drawn and not math.isclose(actor.GetProperty().GetOpacity(), state.opacity[sid], abs_tol=1e-9):
                problems.append(f"{sid} inside the body at opacity {actor.GetProperty().GetOpacity()} != state "
                                f"{state.opacity[sid]}")
        return problems

    def widget_problems(self) -> list[str]:
        window, state = self.window, self.window.state
        problems = []
        for sid, item in window.tree.items.items():
            if (item.checkState(0) == Qt.CheckState.Checked) != state.visible[sid]:
                problems.append(f"the tree's tick for {sid} says {item.checkState(0).name}, the state "
                                f"{'shows' if state.visible[sid] else 'hides'} it")
        if window.mode_box.currentData() != state.mode:
            problems.append(f"the mode list shows {window.mode_box.currentData()}, the state is in {state.mode}")
        if window.labels_action.isChecked() != state.labels:
            problems.append(f"the Labels toggle is {window.labels_action.isChecked()}, state labels {state.labels}")
        return problems


def rounded(intensities: dict) -> dict:
    return {key: round(value, 6) for key, value in intensities.items()}


class Monkey:
    """Seeded random user actions on a shown MainWindow, each followed by `Checker.check`."""

    def __init__(self, window, seed: int, folder: Path, weights: dict[str, float] | None = None):
        """`folder`: where sessions, handouts and exports are written."""
        self.window = window
        self.seed = seed
        self.random = random.Random(seed)
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.weights = weights or WEIGHTS
        self.checker = Checker(window)
        self.actions: list[str] = []  # what each action did, in order
        self.counts: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()  # time spent in each kind of action (and its checks)
        self.rss_change: Counter[str] = Counter()  # MB of resident memory gained during each kind of action
        self.rss_samples: list[tuple[int, float]] = []  # (actions done, MB)
        self.errors: list[str] = []  # exceptions and modal dialogs since the last action began
        self.sessions: list[Path] = []
        self.reports = report_texts()

    # ---- running ----------------------------------------------------------------------------------
    def run(self, count: int, sample_every: int = 0, on_sample=None, trim: bool = False) -> None:
        """Do `count` actions; every `sample_every` actions (0: never) record RSS and call `on_sample(monkey)`;
        `trim`: RSS once the free heap is given back (`give_back_free_heap`)."""
        with self.capturing():
            self.activate()
            for _ in range(count):
                self.step()
                if sample_every and len(self.actions) % sample_every == 0:
                    self.sample(trim)
                    if on_sample is not None:
                        on_sample(self)

    def sample(self, trim: bool = False) -> float:
        QTest.qWait(0)
        if trim:
            give_back_free_heap()
        rss = rss_mb()
        self.rss_samples.append((len(self.actions), rss))
        return rss

    def step(self) -> None:
        index = len(self.actions)
        kind = self.random.choices(list(self.weights), weights=list(self.weights.values()))[0]
        self.errors.clear()
        start, before = time.perf_counter(), rss_mb()
        try:
            done = getattr(self, f"act_{kind}")()
            QTest.qWait(0)  # the events the action posted (paints, deferred deletes, zero timers)
        except Exception:  # noqa: BLE001 - any exception is a finding, reported with the replay
            self.actions.append(f"{kind}: (raised)")
            self.fail(index, traceback.format_exc())
        self.actions.append(f"{kind}: {done}")
        self.counts[kind] += 1
        if self.errors:
            self.fail(index, "\n".join(self.errors))
        try:
            self.checker.check()
        except AssertionError as exc:
            self.fail(index, f"invariant broken: {exc}")
        except Exception:  # noqa: BLE001
            self.fail(index, "the check raised:\n" + traceback.format_exc())
        self.seconds[kind] += time.perf_counter() - start
        self.rss_change[kind] += rss_mb() - before

    def fail(self, index: int, reason: str) -> None:
        steps = "\n".join(f"  {i}: {action}" for i, action in enumerate(self.actions))
        raise MonkeyFailure(f"monkey seed {self.seed}, action {index} ({self.actions[index]}): {reason}\n"
                            f"actions so far:\n{steps}")

    @contextmanager
    def capturing(self):
        """Exceptions raised where no caller sees them (Qt slots, VTK observers, threads, finalizers) and modal
        dialogs become this run's errors while it lasts."""
        hooks = sys.excepthook, threading.excepthook, sys.unraisablehook
        sys.excepthook = lambda kind, value, tb: self.errors.append("".join(traceback.format_exception(kind, value,
                                                                                                     tb)))
        threading.excepthook = lambda args: self.errors.append(
            f"in thread {args.thread.name if args.thread else '?'}:\n"
            + "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)))
        sys.unraisablehook = lambda unraisable: self.errors.append(
            f"unraisable in {unraisable.object!r}:\n" + "".join(traceback.format_exception(
                unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback)))
        watchdog = QTimer()
        watchdog.setInterval(50)
        watchdog.timeout.connect(self.close_modal)
        watchdog.start()
        with warnings.catch_warnings():  # pyvista turns an exception in a VTK observer into a warning
            warnings.filterwarnings("always", message=CALLBACK_WARNING)
            shown = warnings.showwarning
            warnings.showwarning = lambda message, *args, **kwargs: self.errors.append(str(message)) \
                if str(message).startswith(CALLBACK_WARNING) else shown(message, *args, **kwargs)
            try:
                yield
            finally:
                watchdog.stop()
                sys.excepthook, threading.excepthook, sys.unraisablehook = hooks

    def close_modal(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        text = dialog.text() if hasattr(dialog, "text") else ""
        self.errors.append(f"a modal dialog opened: {dialog.windowTitle()!r} {text!r}")
        dialog.reject() if isinstance(dialog, QDialog) else dialog.close()

    # ---- helpers ------------------------------------------------------------------------------------
    def activate(self) -> None:
        """Keys go to the active window (shortcuts): make the window active if a full-screen switch or a popup
        took that away."""
        if not self.window.isActiveWindow():
            self.window.activateWindow()
            deadline = time.monotonic() + 1.0
            while not self.window.isActiveWindow() and time.monotonic() < deadline:
                QTest.qWait(5)

    def key(self, text: str) -> str:
        """Press a key (or Shift+key) on the window, as from the keyboard."""
        self.activate()
        modifier = Qt.KeyboardModifier.NoModifier
        name = text
        if text.startswith("Shift+"):
            modifier, name = Qt.KeyboardModifier.ShiftModifier, text.removeprefix("Shift+")
        QTest.keyClick(self.window, getattr(Qt.Key, f"Key_{name}"), modifier)
        return f"key {text}"

    def show_tab(self, panel: QWidget) -> None:
        """Click the Details tab that holds `panel`."""
        tabs = self.window.tabs
        for i in range(tabs.count()):
            page = tabs.widget(i)
            if page is panel or page.isAncestorOf(panel):
                tabs.setCurrentIndex(i)
                return
        raise LookupError(f"no tab holds {panel!r}")

    def click(self, button) -> str:
        """Click a button (or tick a box) the user can see; one hidden or disabled is left alone."""
        if not button.isVisible() or not button.isEnabled():
            return f"{button.text()!r} not clickable"
        button.click()
        return f"click {button.text()!r}"

    def buttons_in(self, widget: QWidget) -> list[QPushButton]:
        return [b for b in widget.findChildren(QPushButton) if b.isVisible() and b.isEnabled()]

    def point_in(self, widget: QWidget, margin: int = 10) -> QPoint:
        return QPoint(self.random.randint(margin, max(margin, widget.width() - margin)),
                      self.random.randint(margin, max(margin, widget.height() - margin)))

    def choose_index(self, box) -> str:
        if not box.isVisible() or box.count() == 0:
            return "list hidden"
        index = self.random.randrange(box.count())
        box.setCurrentIndex(index)
        return f"{box.objectName() or 'list'} -> {box.itemText(index)!r}"

    # ---- structures ---------------------------------------------------------------------------------
    def tree_items(self) -> list:
        tree = self.window.tree.tree
        return [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())] + list(self.window.tree.items.values())

    def act_tree_tick(self) -> str:
        if not self.window.tree.isVisible():
            return "tree hidden"
        item = self.random.choice(self.tree_items())
        ticked = item.checkState(0) == Qt.CheckState.Checked
        item.setCheckState(0, Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)
        return f"{'untick' if ticked else 'tick'} {item.text(0)!r}"

    def act_tree_select(self) -> str:
        if not self.window.tree.isVisible():
            return "tree hidden"
        item = self.random.choice(self.tree_items())
        self.window.tree.tree.setCurrentItem(item)
        return f"select {item.text(0)!r}"

    def act_opacity(self) -> str:
        slider = self.window.tree.opacity
        if not slider.isVisible():
            return "tree hidden"
        value = self.random.choice((0, 25, 50, 80, 100, self.random.randint(0, 100)))
        slider.setValue(value)
        return f"opacity {value}"

    def act_tree_buttons(self) -> str:
        tree = self.window.tree
        return self.click(self.random.choice((tree.isolate_button, tree.show_all_button)))

    def act_structure_key(self) -> str:
        return self.key(self.random.choice("HIA"))

    # ---- views --------------------------------------------------------------------------------------
    def act_view_key(self) -> str:
        return self.key(self.random.choice(VIEW_KEYS))

    def act_view_menu(self) -> str:
        name, action = self.random.choice(list(self.window.view_actions.items()))
        action.trigger()
        return f"view menu {name}"

    def act_camera_drag(self) -> str:
        view = self.window.view.interactor
        if self.random.random() < 0.25:
            steps = self.random.choice((-2, -1, 1, 2))
            position = QPointF(self.point_in(view))
            QApplication.sendEvent(view, QWheelEvent(
                position, QPointF(view.mapToGlobal(position.toPoint())), QPoint(), QPoint(0, 120 * steps),
                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False))
            return f"wheel {steps}"
        button = self.random.choice((Qt.MouseButton.LeftButton,) * 3 + (Qt.MouseButton.RightButton,
                                                                        Qt.MouseButton.MiddleButton))
        start = self.point_in(view)
        QTest.mousePress(view, button, Qt.KeyboardModifier.NoModifier, start)
        at = start
        for _ in range(self.random.randint(2, 6)):
            at = QPoint(min(max(at.x() + self.random.randint(-60, 60), 1), view.width() - 1),
                        min(max(at.y() + self.random.randint(-60, 60), 1), view.height() - 1))
            QTest.mouseMove(view, at)
        QTest.mouseRelease(view, button, Qt.KeyboardModifier.NoModifier, at)
        return f"drag {button.name} ({start.x()},{start.y()})->({at.x()},{at.y()})"

    def act_click_3d(self) -> str:
        view = self.window.view.interactor
        at = self.point_in(view)
        QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
        return f"click 3D at ({at.x()},{at.y()}) -> selected {self.window.state.selected}"

    def act_labels(self) -> str:
        return self.key("L")

    def act_zones(self) -> str:
        scheme, action = self.random.choice(list(self.window.zone_actions.items()))
        action.trigger()
        return f"zones {scheme}"

    def act_axial(self) -> str:
        self.window.axial_action.trigger()
        return f"axial from the {'head' if self.window.axial_action.isChecked() else 'feet'}"

    def act_body_toggle(self) -> str:
        return self.key("G")

    def act_body_views(self) -> str:
        panel = self.window.body_panel
        self.show_tab(panel)
        buttons = self.buttons_in(panel)
        return self.click(self.random.choice(buttons)) if buttons else "no body buttons"

    def act_body_panel(self) -> str:
        panel = self.window.body_panel
        self.show_tab(panel)
        choice = self.random.randrange(3)
        if choice == 0:
            return self.choose_index(panel.map_box)
        return self.click(panel.show_all if choice == 1 else panel.territories)

    def act_female(self) -> str:
        action = self.window.female_action
        if not action.isEnabled():
            return "no body"
        action.trigger()
        return f"female body {action.isChecked()}"

    def act_resize(self) -> str:
        if self.window.isFullScreen():
            return "full screen: not resized"
        width, height = self.random.randint(900, 1800), self.random.randint(600, 1050)
        self.window.resize(width, height)
        return f"resize {width}x{height}"

    def act_full_screen(self) -> str:
        return self.key("F11")

    def act_tab(self) -> str:
        tabs = self.window.tabs
        index = self.random.randrange(tabs.count())
        tabs.setCurrentIndex(index)
        return f"tab {tabs.tabText(index)}"

    def act_imaging_toggle(self) -> str:
        return self.key("M")

    def act_imaging_control(self) -> str:
        panel = self.window.imaging
        if not panel.isVisible():
            return "imaging hidden"
        choice = self.random.randrange(4)
        if choice == 0:
            return self.choose_index(panel.series_box)
        if choice == 1:
            return self.choose_index(panel.window_box)
        if choice == 2:
            slider = panel.slice_slider
            value = self.random.randint(slider.minimum(), slider.maximum())
            slider.setValue(value)
            return f"slice {value}"
        at = self.point_in(panel.canvas)
        QTest.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
        return f"click image at ({at.x()},{at.y()})"

    # ---- modes and teaching -------------------------------------------------------------------------
    def act_mode(self) -> str:
        return self.choose_index(self.window.mode_box)

    def act_lecture_key(self) -> str:
        return self.key("F5")

    def act_presenter_key(self) -> str:
        return self.key(self.random.choice(PRESENTER_KEYS))

    def act_lesson(self) -> str:
        panel = self.window.lecture
        self.show_tab(panel)
        choice = self.random.randrange(4)
        if choice == 0:
            return self.choose_index(panel.choose)
        return self.click((panel.start, panel.next_button, panel.previous_button)[choice - 1])

    def act_quiz_answer(self) -> str:
        panel = self.window.study
        self.show_tab(panel)
        buttons = self.buttons_in(panel.answer_box)
        return self.click(self.random.choice(buttons)) if buttons else "no answer to give"

    def act_quiz_nav(self) -> str:
        panel = self.window.study
        self.show_tab(panel)
        return self.click(self.random.choice((panel.next_button, panel.next_button, panel.restart)))

    def act_quiz_image(self) -> str:
        panel = self.window.study
        self.show_tab(panel)
        return self.click(panel.image_button)

    def act_bedside_pick(self) -> str:
        panel = self.window.bedside
        self.show_tab(panel)
        return self.click(self.random.choice([*panel.buttons.values(), panel.clear]))

    def act_bedside_treat(self) -> str:
        panel = self.window.bedside
        self.show_tab(panel)
        buttons = [b for b in panel.treatment_buttons if b.isVisible()]
        return self.click(self.random.choice(buttons)) if buttons else "no treatment to show"

    def act_from_report(self) -> str:
        panel = self.window.bedside
        self.show_tab(panel)
        return self.click(panel.from_report)

    # ---- pathology ----------------------------------------------------------------------------------
    def form(self):
        self.show_tab(self.window.overlays)
        return self.random.choice(list(self.window.overlays.forms.values()))

    def act_overlay_toggle(self) -> str:
        form = self.form()
        return f"{form.kind.name}: {self.click(form.on)}"

    def act_overlay_combo(self) -> str:
        form = self.form()
        boxes = [name for name, w in form.inputs.items() if not isinstance(w, QSlider) and w.isVisibleTo(form)]
        if not boxes:
            return f"{form.kind.name}: no list"
        return f"{form.kind.name}: {self.choose_index(form.inputs[self.random.choice(boxes)])}"

    def act_overlay_slider(self) -> str:
        """A drag: a few steps from where the slider is towards a random value, each one event."""
        form = self.form()
        sliders = [name for name, w in form.inputs.items() if isinstance(w, QSlider) and w.isVisibleTo(form)]
        if not sliders:
            return f"{form.kind.name}: no slider"
        name = self.random.choice(sliders)
        slider = form.inputs[name]
        target = self.random.randint(slider.minimum(), slider.maximum())
        steps = self.random.randint(1, 5)
        start = slider.value()
        for k in range(1, steps + 1):
            slider.setValue(round(start + (target - start) * k / steps))
            QTest.qWait(0)
        return f"{form.kind.name}.{name} {start} -> {target} in {steps}"

    def act_play(self) -> str:
        form = self.window.overlays.forms["procedure"]
        self.show_tab(form)
        return self.click(form.play)

    def act_jump(self) -> str:
        self.show_tab(self.window.overlays)
        return self.click(self.window.overlays.jump)

    # ---- the report panel -----------------------------------------------------------------------------
    def act_report_read(self) -> str:
        panel = self.window.report
        self.show_tab(panel)
        if not panel.editor.isVisible():
            self.click(panel.edit)
        text = self.random.choice(self.reports)
        panel.editor.setPlainText(text)  # a paste
        self.click(panel.read_button)
        return f"read a report of {len(text)} characters: {len(panel.reading.findings) if panel.reading else 0} " \
               "findings"

    def act_report_tick(self) -> str:
        panel = self.window.report
        self.show_tab(panel)
        items = [panel.list.item(row) for row in range(panel.list.count())]
        items = [item for item in items if item.flags() & Qt.ItemFlag.ItemIsUserCheckable]
        if not items:
            return "no finding to tick"
        item = self.random.choice(items)
        ticked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)
        return f"{'untick' if ticked else 'tick'} finding {item.data(Qt.ItemDataRole.UserRole)}"

    def act_report_row(self) -> str:
        panel = self.window.report
        self.show_tab(panel)
        if panel.list.count() == 0:
            return "no finding to show"
        row = self.random.randrange(-1, panel.list.count())
        panel.list.setCurrentRow(row)
        return f"finding row {row}"

    def act_report_clear(self) -> str:
        panel = self.window.report
        self.show_tab(panel)
        clear = next(b for b in panel.findChildren(QPushButton) if b.text() == panel.words.get("clear"))
        return self.click(clear)

    # ---- files --------------------------------------------------------------------------------------
    def act_session_save(self) -> str:
        path = self.folder / f"session-{self.random.randrange(SESSION_SLOTS)}.l5viz.json"
        self.window.save_session_to(path)
        if path not in self.sessions:
            self.sessions.append(path)
        return f"save {path.name}"

    def act_session_open(self) -> str:
        if not self.sessions:
            return "no session saved yet"
        path = self.random.choice(self.sessions)
        opened = self.window.open_session_from(path)
        return f"open {path.name}: {opened}"

    def act_recent(self) -> str:
        """File > Recent sessions: the menu fills as it opens; pick an entry."""
        menu = self.window.recent_menu
        menu.popup(self.window.mapToGlobal(QPoint(40, 40)))
        QTest.qWait(0)
        entries = [a for a in menu.actions() if a.isEnabled()]
        menu.hide()
        if not entries:
            return "no recent session"
        entry = self.random.choice(entries)
        entry.trigger()
        return f"recent {Path(entry.text()).name}"

    def act_handout(self) -> str:
        """The handout, as its button saves it once a file is chosen; one the window refuses (a long report's
        findings do not fit its page) is said in a message there."""
        try:
            self.window.save_handout(self.folder / "handout.pdf")
        except ValueError as exc:
            return f"handout refused: {exc}"
        return "handout"

    def act_export(self) -> str:
        self.window.export_glb(self.folder / "scene.glb")
        return "export glb"

    def act_pause(self) -> str:
        """The user stops to look: the timers that wait for a rest (texts, labels, a played step) fire."""
        ms = self.random.randint(130, 400)
        QTest.qWait(ms)
        return f"pause {ms} ms"


def report_texts() -> list[str]:
    """Reports to paste: the example, the test corpus's whole reports and some of its single sentences."""
    corpus = json.loads(REPORT_CORPUS.read_text())
    texts = [EXAMPLE_REPORT.read_text()] + [r["text"] for r in corpus["reports"]]
    return texts + [s["text"] for s in corpus["sentences"][::5]]
