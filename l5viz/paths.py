"""Where l5viz finds its data: inside the installed package (a wheel carries meshes/ and annotations/ as
package data), else the checkout's top folder; the L5VIZ_DATA variable overrides both."""

import os
from importlib import resources
from pathlib import Path

DATA_VARIABLE = "L5VIZ_DATA"
PACKAGE_DIR = Path(str(resources.files("l5viz")))  # a folder: pip installs wheels unzipped
REPO_ROOT = PACKAGE_DIR.parent  # the checkout, when running from one (scripts write docs/ here)


def bundled_root() -> Path:
    """The data that came with this copy of l5viz: the installed package's own, else the checkout's."""
    return PACKAGE_DIR if (PACKAGE_DIR / "meshes").is_dir() else REPO_ROOT


def data_root() -> Path:
    """Folder holding meshes/ and annotations/ (override with the L5VIZ_DATA variable)."""
    override = os.environ.get(DATA_VARIABLE)
    return Path(override) if override else bundled_root()


def meshes_dir() -> Path:
    return data_root() / "meshes"


def annotations_dir() -> Path:
    return data_root() / "annotations"
