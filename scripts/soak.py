"""Soak the real window with seeded random user actions: `python scripts/soak.py [--actions N] [--seed S] [--json OUT]`.

The monkey of tests/monkey.py drives a shown MainWindow (under a private Xvfb when there is no display, as
scripts/bench.py starts one) and checks every invariant after every action; the run stops at the first failure.
The figures: actions per second; resident memory (RSS) after the warm-up, at the end and at its peak; its growth
per 1,000 and per 10,000 actions after the warm-up, the least-squares slope of the RSS sampled every
--sample-every actions (with --trim, once the allocator has given its free heap back: what is still in use);
and per kind of action, how many were done, the seconds they took (with their checks) and the RSS gained while
they ran, which points at a leak's source.

Targets: no failure, and growth after the warm-up under 20 MB per 10,000 actions. The exit status is 0 when
both are met.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the monkey and its checks live with the tests

from bench import with_display  # noqa: E402

GROWTH_TARGET_MB = 20.0  # per 10,000 actions after the warm-up


def soak(actions: int, seed: int, warm_up: int, sample_every: int, folder: Path, trim: bool = False) -> dict:
    """Run the monkey on a new window; the figures as a dict (the failure, if any, among them)."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from l5viz.ui.main_window import MainWindow
    from monkey import Monkey, MonkeyFailure, growth_per_1000, rss_mb

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(1300, 850)  # as the tests' window
    window.show()
    QTest.qWaitForWindowExposed(window)
    monkey = Monkey(window, seed, folder)
    start = time.perf_counter()

    def progress(m: Monkey) -> None:
        done = len(m.actions)
        if done % 500 == 0:
            print(f"soak: {done} actions, {done / (time.perf_counter() - start):.1f}/s, RSS {m.rss_samples[-1][1]:.0f} "
                  f"MB", flush=True)

    figures: dict = {"seed": seed, "actions_requested": actions, "warm_up_actions": warm_up, "trimmed": trim}
    failure = None
    try:
        monkey.run(actions, sample_every=sample_every, on_sample=progress, trim=trim)
    except MonkeyFailure as exc:
        failure = str(exc)
    seconds = time.perf_counter() - start
    settled = [(i, rss) for i, rss in monkey.rss_samples if i >= warm_up]
    slope = growth_per_1000(settled)
    figures.update({
        "rss_after_warm_up_mb": round(settled[0][1], 1) if settled else None,
        "actions": len(monkey.actions),
        "seconds": round(seconds, 1),
        "actions_per_second": round(len(monkey.actions) / seconds, 2),
        "rss_final_mb": round(rss_mb(), 1),
        "rss_peak_mb": round(rss_mb("VmHWM"), 1),
        "growth_mb_per_1000_actions": None if slope is None else round(slope, 3),
        "growth_mb_per_10000_actions": None if slope is None else round(10 * slope, 2),
        "growth_target_mb_per_10000_actions": GROWTH_TARGET_MB,
        "counts": dict(monkey.counts.most_common()),
        "seconds_per_kind": {k: round(v, 2) for k, v in monkey.seconds.most_common()},
        "rss_gained_mb_per_kind": {k: round(v, 1) for k, v in monkey.rss_change.most_common()},
        "rss_samples": [(i, round(rss, 1)) for i, rss in monkey.rss_samples],
        "failures": [failure] if failure else [],
    })
    window.close()
    app.processEvents()
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warm-up", type=int, default=None, help="actions before memory counts (default: 10%%)")
    parser.add_argument("--sample-every", type=int, default=100, help="actions between RSS samples")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--trim", action="store_true",
                        help="sample RSS once garbage is collected and the free heap given back (glibc): memory "
                             "in use, not memory the allocator keeps")
    args = parser.parse_args(argv)
    warm_up = args.warm_up if args.warm_up is not None else args.actions // 10
    with tempfile.TemporaryDirectory(prefix="l5viz-soak-") as folder:
        # The user's settings, recent sessions and quiz progress stay untouched; Qt runs on X (the 3D view needs GL).
        env, server = with_display({"QT_XCB_GL_INTEGRATION": "xcb_glx", "L5VIZ_USER_DIR": folder,
                                    "L5VIZ_SETTINGS_DIR": folder, **os.environ, "QT_QPA_PLATFORM": "xcb"})
        if server is not None:  # this run again on the new display, which must outlive its Qt connection
            try:
                return subprocess.run([sys.executable, __file__, *(sys.argv[1:] if argv is None else argv)],
                                      env=env).returncode
            finally:
                server.terminate()
        os.environ.update(env)
        figures = soak(args.actions, args.seed, warm_up, args.sample_every, Path(folder) / "files", args.trim)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    growth = figures["growth_mb_per_10000_actions"]
    print(f"soak: {figures['actions']} of {args.actions} actions (seed {args.seed}) in {figures['seconds']} s, "
          f"{figures['actions_per_second']} actions/s")
    print(f"soak: RSS after warm-up {figures.get('rss_after_warm_up_mb', '-')} MB, final {figures['rss_final_mb']} MB, "
          f"peak {figures['rss_peak_mb']} MB; growth after warm-up {growth} MB per 10,000 actions "
          f"(target < {GROWTH_TARGET_MB:g})")
    for failure in figures["failures"]:
        print("soak: FAILED " + failure.splitlines()[0])
    within = growth is not None and growth < GROWTH_TARGET_MB
    return 0 if within and not figures["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
