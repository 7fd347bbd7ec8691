"""Screenshots of the real window for the README, one per mode, and the bedside handout:
`python scripts/window_shots.py [OUT_DIR] [SHOT ...] [--language es]` (another language's shots are named
<shot>_<language>.png).

Needs a display (the tests' Xvfb, or `xvfb-run -a -s "-screen 0 1920x1080x24" python scripts/window_shots.py`).
Each shot is the window as a user sees it after a few clicks; settings go to a private folder, so the
user's own window layout is not touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
os.environ["L5VIZ_USER_DIR"] = tempfile.mkdtemp(prefix="l5viz-shots-user-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from l5viz.cli import parse_size  # noqa: E402
from l5viz.content.locale import ENGLISH  # noqa: E402
from l5viz.paths import REPO_ROOT  # noqa: E402

SIZE = (1600, 950)
HERNIATION = {"level": "L4-L5", "zone": "subarticular", "side": "right", "type": "extrusion", "severity": 0.7}


def settle(app: QApplication, seconds: float = 1.2) -> None:
    """Let the window lay itself out, render, and finish a camera glide."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def explore(window) -> None:
    window.state.set_overlays({"herniation": [HERNIATION]})
    window.state.set_view("axial-L4-L5")
    window.state.select("root_L5_right")
    window.tabs.setCurrentWidget(window.correlation)


def whole_body(window) -> None:
    """The L5 path to the foot: a right L4-5 herniation, the body pane turned to the whole body."""
    window.state.set_overlays({"herniation": [HERNIATION]})
    window.state.set_view("posterior")
    window.state.set_view("body")
    window.tabs.setCurrentWidget(window.body_panel)


def lecture(window) -> None:
    window.state.set_mode("lecture")
    window.lecture.start_lesson()
    for _ in range(2):
        window.lecture.press("PageDown")


def bedside(window) -> None:
    window.state.set_mode("bedside")
    scenarios = window.bedside.scenarios
    window.bedside.pick(scenarios[0] if scenarios else None)


def treatment(window) -> None:
    """A microdiscectomy three steps in (the medial facet undercut), from behind, with the Treatment tab."""
    window.state.set_overlays({"herniation": [HERNIATION], "procedure": [
        {"type": "microdiscectomy", "level": "L4-L5", "side": "right", "progress": 0.6}]})
    window.state.set_view("axial-L4-L5")
    window.tabs.setCurrentWidget(window.treatment)
    window._refresh_correlation()


def bedside_treatment(window) -> None:
    """The first finding with its operation shown, in plain words."""
    bedside(window)
    window.bedside.treat(window.bedside.current["treatments"][1])


def report(window) -> None:
    """Bedside: the example MRI report pasted in, its findings on the model and in plain words."""
    window.state.set_mode("bedside")
    window.tabs.setCurrentWidget(window.report)
    window.report.open_file(REPO_ROOT / "docs" / "example_report.txt")


def study(window) -> None:
    window.state.set_mode("study")


def imaging(window) -> None:
    """The synthetic axial T2 beside the 3D: the right L4-5 extrusion in both, the L5 root selected in both."""
    window.state.set_overlays({"herniation": [{**HERNIATION, "severity": 0.8}]})
    window.state.set_view("axial-L4-L5")
    window.imaging_dock.show()
    window.state.set_imaging("axial-t2-L4-L5", 2)
    window.state.select("root_L5_right")
    window.imaging.wait_for_background()


def image_question(window) -> None:
    """Self-study on the synthetic MRI: an image question from its seed."""
    window.state.set_mode("study")
    window.study.ask_image(4)


SHOTS = {"window_explore": explore, "window_body": whole_body, "window_lecture": lecture, "window_bedside": bedside,
         "window_study": study, "window_treatment": treatment, "window_bedside_treatment": bedside_treatment,
         "window_imaging": imaging, "window_image_question": image_question, "window_report": report}
HANDOUTS = {"window_bedside": "handout_bedside.png", "window_bedside_treatment": "handout_treatment.png",
            "window_report": "handout_report.png"}


def main(argv: list[str]) -> int:
    """`argv`: [OUT_DIR [SHOT ...]] [--language CODE]: all the shots by default, or only those named."""
    parser = argparse.ArgumentParser(description="Screenshots of the real window")
    parser.add_argument("out", nargs="?", type=Path, default=REPO_ROOT / "docs")
    parser.add_argument("shots", nargs="*", metavar="SHOT", help=", ".join(SHOTS))
    parser.add_argument("--language", default=ENGLISH, help="the window's language (default: English)")
    parser.add_argument("--size", type=parse_size, default=SIZE, help="the window's size, WIDTHxHEIGHT (default: "
                                                                      f"{SIZE[0]}x{SIZE[1]}; a projector: 1920x1080)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.shots if name not in SHOTS]
    if unknown:
        parser.error(f"unknown shot {unknown[0]!r}; valid: {', '.join(SHOTS)}")
    suffix = "" if args.language == ENGLISH else f"_{args.language}"
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(["l5viz"])
    from l5viz.ui.i18n import speaking
    from l5viz.ui.main_window import MainWindow

    with speaking(args.language, app):
        for name in args.shots or list(SHOTS):
            window = MainWindow()
            window.resize(*args.size)
            window.show()
            while window.view.frames_shown < 1:
                app.processEvents()
                time.sleep(0.01)
            SHOTS[name](window)
            settle(app)
            window.grab().save(str(args.out / f"{name}{suffix}.png"))
            print(args.out / f"{name}{suffix}.png")
            if name in HANDOUTS:  # and the page the clinician prints for the patient
                window._refresh_correlation()
                print(window.save_handout(args.out / HANDOUTS[name].replace(".png", f"{suffix}.png")))
            window.state.set_mode("explore")  # leave full screen before the next window
            window.close()
            settle(app, 0.3)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
