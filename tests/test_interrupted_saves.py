"""Sessions, settings and quiz progress survive a save interrupted at any step: a child process saves through
the app's own code and dies (os._exit, as a power cut or a kill would stop it) at one step of the atomic write;
the old file must then be intact, byte for byte, and load as before."""

import os
import subprocess
import sys

import pytest

from l5viz.paths import REPO_ROOT

# Each kind of user file: how the child saves the new version through the app's own code.
SAVES = {
    "session": "from l5viz.state import SceneState\n"
               "from l5viz.teaching.session import save_session\n"
               "save = lambda: save_session(path, SceneState(view='posterior'), {'step': 2})",
    "settings": "from l5viz.teaching.settings import Settings\n"
                "save = lambda: Settings(path).update(axial='anatomical')",
    "quiz progress": "from l5viz.teaching.quiz import QuizSession, load_quiz\n"
                     "session = QuizSession(load_quiz()[0], progress_path=path)\n"
                     "save = lambda: session.reset()",
}
# Each step of userfiles.write_json_atomic, and how the child dies there.
STEPS = {
    "creating the temporary file": "userfiles.tempfile.mkstemp = die",
    "half-way through writing it": "real_fdopen = userfiles.os.fdopen\n"
                                   "class HalfWriter:\n"
                                   "    def __init__(self, *a, **k): self.file = real_fdopen(*a, **k)\n"
                                   "    def __enter__(self): return self\n"
                                   "    def __exit__(self, *exc): self.file.close()\n"
                                   "    def write(self, text):\n"
                                   "        self.file.write(text[: len(text) // 2]); self.file.flush(); die()\n"
                                   "userfiles.os.fdopen = HalfWriter",
    "flushing it to disk": "userfiles.os.fsync = die",
    "keeping the backup copy": "userfiles.shutil.copyfile = die",
    "replacing the old file": "userfiles.os.replace = die",
}
CHILD = """
import os, sys
from pathlib import Path
from l5viz.teaching import userfiles
path = Path(sys.argv[1])
def die(*args, **kwargs):
    os._exit(3)
{save}
{step}
save()
os._exit(0)
"""


def old_version(kind: str, path):
    """Write the old file through the same code and return what loading it gives."""
    from l5viz.state import SceneState
    from l5viz.teaching.quiz import QuizSession, load_quiz
    from l5viz.teaching.session import load_session, save_session
    from l5viz.teaching.settings import Settings

    if kind == "session":
        save_session(path, SceneState(view="anterior"), {"step": 1})
        return lambda: load_session(path)[0].state
    if kind == "settings":
        Settings(path).update(axial="radiological")
        return lambda: Settings(path).values
    session = QuizSession(load_quiz()[0], progress_path=path)
    item = session.current
    session.answer(item.correct_choice if item.kind == "weak_muscle" else item.accept[0])
    return lambda: QuizSession(load_quiz()[0], progress_path=path).answers


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("kind", SAVES)
def test_a_save_killed_at_any_step_leaves_the_old_file_intact(tmp_path, kind, step):
    path = tmp_path / "user" / "file.json"
    read_back = old_version(kind, path)
    before_bytes, before = path.read_bytes(), read_back()
    child = CHILD.format(save=SAVES[kind], step=STEPS[step])
    result = subprocess.run([sys.executable, "-c", child, str(path)], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, timeout=120)
    assert result.returncode == 3, f"the child did not die {step}: {result.stderr[-2000:]}"
    assert path.read_bytes() == before_bytes
    assert read_back() == before
    assert not list(path.parent.glob("*.corrupt-*")), "the old file was read as sound, nothing set aside"


def test_without_the_interruption_the_child_saves_the_new_version(tmp_path):
    """The harness itself: the same child, not killed, does change each file (so the test above can fail)."""
    for kind in SAVES:
        path = tmp_path / kind.replace(" ", "_") / "file.json"
        old_version(kind, path)
        before = path.read_bytes()
        child = CHILD.format(save=SAVES[kind], step="")
        result = subprocess.run([sys.executable, "-c", child, str(path)], cwd=tmp_path, capture_output=True,
                                text=True, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, timeout=120)
        assert result.returncode == 0, result.stderr[-2000:]
        assert path.read_bytes() != before, kind
