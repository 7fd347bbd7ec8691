"""Where l5viz finds its data: the checkout's meshes/ and annotations/, or L5VIZ_DATA."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_root() -> Path:
    """Folder holding meshes/ and annotations/ (override with the L5VIZ_DATA variable)."""
    return Path(os.environ.get("L5VIZ_DATA", REPO_ROOT))


def meshes_dir() -> Path:
    return data_root() / "meshes"


def annotations_dir() -> Path:
    return data_root() / "annotations"
