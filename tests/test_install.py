"""The app as a user installs it, outside the checkout: a wheel and an sdist built from this tree, `pip install`
of the wheel and `pipx install` of the project, each in a fresh virtual environment, then the window, render,
export and validate run from there with the meshes and annotations found inside the installed package.

Slow (two fresh environments, their dependencies from the package index or pip's cache): about two minutes.
Both installs skip pip's byte-compilation (--no-compile): it is half of each install's time and nothing here
depends on it (Python compiles what the commands import).
"""

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from l5viz import __version__
from l5viz.paths import REPO_ROOT

WINDOW_CHECK = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(["l5viz"])

def report():
    shown = [w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow" and w.isVisible()]
    window = shown[0] if shown else None
    print({"windows": len(shown), "problems": [str(p) for p in window.problems] if window else None,
           "actors": len(window.renderer.actors) if window else 0})
    app.quit()

QTimer.singleShot(4000, report)
from l5viz.ui.app import run_app
sys.exit(run_app([]))
"""
WHERE = "import l5viz, l5viz.paths; print(l5viz.__file__); print(l5viz.paths.meshes_dir())"


def clean_env(tmp_path: Path) -> dict:
    """The user's environment less anything that would point the installed app back at this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "L5VIZ_DATA", "VIRTUAL_ENV")}
    return env | {"L5VIZ_USER_DIR": str(tmp_path / "user"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def run(command: list, tmp_path: Path, timeout: int = 600) -> str:
    result = subprocess.run([str(c) for c in command], cwd=tmp_path, env=clean_env(tmp_path), capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, command))}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """A wheel and an sdist of this tree (the wheel built from the sdist, as a packager would)."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, REPO_ROOT], out)
    return out


def test_the_wheel_carries_the_data_and_nothing_else(dist):
    wheel = next(dist.glob("l5viz-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    manifest = json.loads(zipfile.ZipFile(wheel).read("l5viz/meshes/manifest.json"))
    for entry in manifest["structures"]:  # both levels of detail of every structure
        assert f"l5viz/meshes/{entry['file']}" in names and f"l5viz/meshes/{entry['lod_file']}" in names
    assert {"l5viz/annotations/structures.json", "l5viz/annotations/schema/catalog.json",
            "l5viz/meshes/LICENSE-visible-human.txt", "l5viz/meshes/LICENSE-makehuman.txt",
            "l5viz/resources/l5viz.png", f"l5viz-{__version__}.dist-info/licenses/LICENSE"} <= set(names)
    assert not [n for n in names if n.startswith(("tests/", "docs/", "scripts/")) or "/tests/" in n]
    print(f"wheel {wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB, {len(names)} files")


def test_pip_install_of_the_wheel_runs_window_render_export_validate(dist, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python, l5viz = env_dir / "bin" / "python", env_dir / "bin" / "l5viz"
    run([python, "-m", "pip", "install", "-q", "--no-compile", next(dist.glob("l5viz-*.whl"))], tmp_path)
    package, meshes = run([python, "-c", WHERE], tmp_path).split()
    assert Path(package).is_relative_to(env_dir) and Path(meshes).is_relative_to(env_dir)
    assert run([l5viz, "--version"], tmp_path).strip() == f"l5viz {__version__}"
    assert "0 problem(s)" in run([l5viz, "validate"], tmp_path)
    run([l5viz, "render", "--view", "foramen-L5-S1-left", "--size", "320x200", "--out", tmp_path / "fig.png",
         "--herniation", "L5-S1:foraminal:left:protrusion"], tmp_path)
    assert (tmp_path / "fig.png").stat().st_size > 10_000
    run([l5viz, "export", "--format", "glb", "--out", tmp_path / "scene.glb"], tmp_path)
    assert (tmp_path / "scene.glb").read_bytes()[:4] == b"glTF"
    window = eval(run([python, "-c", WINDOW_CHECK], tmp_path, timeout=300).strip().splitlines()[-1])
    assert window["windows"] == 1 and window["problems"] == [] and window["actors"] > 50, window


def test_pipx_install_of_the_project_gives_a_working_l5viz(tmp_path):
    home, bin_dir = tmp_path / "pipx", tmp_path / "bin"
    pipx = Path(sys.executable).parent / "pipx"
    env = clean_env(tmp_path) | {"PIPX_HOME": str(home), "PIPX_BIN_DIR": str(bin_dir),
                                 "PIPX_MAN_DIR": str(tmp_path / "man")}
    result = subprocess.run([pipx, "install", "--pip-args=--no-compile", REPO_ROOT], cwd=tmp_path, capture_output=True,
                            text=True, timeout=900, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    l5viz = bin_dir / "l5viz"
    assert run([l5viz, "--version"], tmp_path).strip() == f"l5viz {__version__}"
    assert "0 problem(s)" in run([l5viz, "validate"], tmp_path)
    run([l5viz, "render", "--size", "320x200", "--out", tmp_path / "fig.png"], tmp_path)
    assert (tmp_path / "fig.png").stat().st_size > 10_000
