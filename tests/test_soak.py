"""The window under a seeded random-action soak (tests/monkey.py): 300 actions keep every invariant, and the
checks that say so do fail when the window is out of step."""

from __future__ import annotations

import pytest

from l5viz.pathology.kinds import Overlays
from monkey import WEIGHTS, Checker, Monkey, MonkeyFailure

SEED = 5
ACTIONS = 300
EXTRUSION = Overlays.from_texts({"herniation": ["L4-L5:subarticular:right:extrusion:0.7"]}).to_state()
SLIP = Overlays.from_texts({"spondylolisthesis": ["L5-S1:isthmic:2"]}).to_state()


def test_300_random_actions_keep_the_window_in_step_with_its_state(window, tmp_path):
    monkey = Monkey(window, SEED, tmp_path / "monkey")
    monkey.run(ACTIONS)  # raises MonkeyFailure, with the replay, at the first exception or broken invariant
    assert len(monkey.actions) == ACTIONS
    assert len(monkey.counts) >= 0.8 * len(WEIGHTS)  # most kinds of action were tried


def test_the_checker_finds_an_actor_shown_or_lit_differently_from_the_state(window):
    checker = Checker(window)
    checker.check()
    actor = window.renderer.actors["vertebra_L4"]
    actor.SetVisibility(False)  # the state still shows it
    with pytest.raises(AssertionError, match="vertebra_L4 actor hidden, but the state shows it"):
        checker.check()
    actor.SetVisibility(True)
    actor.GetProperty().SetOpacity(0.3)
    with pytest.raises(AssertionError, match="vertebra_L4 actor opacity 0.3"):
        checker.check()


def test_the_checker_finds_a_structure_drawn_where_the_evaluation_does_not_put_it(window):
    window.state.set_overlays(EXTRUSION)
    checker = Checker(window)
    checker.check()
    mesh = window.renderer.meshes["root_L5_right"]
    mesh.points[:] = window.renderer.baseline["root_L5_right"]  # the root drawn where it lies in health
    with pytest.raises(AssertionError, match="root_L5_right drawn up to"):
        checker.check()


def test_the_checker_finds_a_scenario_result_that_a_fresh_evaluation_does_not_repeat(window, monkeypatch):
    window.state.set_overlays(EXTRUSION)
    Checker(window).check()
    engine = window.scenario.engine
    slip = engine.evaluate(Overlays.from_state(SLIP))
    monkeypatch.setattr(engine, "evaluate", lambda overlays: slip)  # from now on an evaluation answers otherwise
    with pytest.raises(AssertionError, match="compression .* != fresh"):
        Checker(window).check()


def test_an_exception_in_a_slot_fails_the_run_with_its_seed_and_action(window, tmp_path):
    def broken():
        raise RuntimeError("a slot that fails")

    window.tree.show_all_button.clicked.connect(broken)
    monkey = Monkey(window, 7, tmp_path / "monkey", weights={"tree_buttons": 1})
    with pytest.raises(MonkeyFailure, match=r"(?s)monkey seed 7, action \d+ \(tree_buttons: .*a slot that fails"):
        monkey.run(20)


def test_an_exception_in_a_vtk_observer_fails_the_run(window, tmp_path):
    def broken(*_args):
        raise RuntimeError("an observer that fails")

    window.view.iren.add_observer("LeftButtonPressEvent", broken)
    monkey = Monkey(window, 7, tmp_path / "monkey", weights={"click_3d": 1})
    with pytest.raises(MonkeyFailure, match="(?s)action 0 .*an observer that fails"):
        monkey.run(1)


def test_a_modal_dialog_is_closed_and_fails_the_run(window, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    window.tree.show_all_button.clicked.connect(lambda: QMessageBox.information(window, "Modal", "blocks the run"))
    monkey = Monkey(window, 7, tmp_path / "monkey", weights={"tree_buttons": 1})
    with pytest.raises(MonkeyFailure, match="a modal dialog opened: 'Modal' 'blocks the run'"):
        monkey.run(20)
