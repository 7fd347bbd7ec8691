"""Build configuration beyond pyproject.toml: the anatomy and the content travel inside the package.

meshes/ (both levels of detail, with their licence notices) and annotations/ stay at the top of the checkout,
where the import script writes them and reviewers read them; a wheel carries them as l5viz/meshes and
l5viz/annotations, found at run time through importlib.resources (l5viz.paths).
"""

from pathlib import Path

from setuptools import find_packages, setup

DATA_FOLDERS = ("meshes", "annotations")


def data_packages() -> dict[str, str]:
    """Each data folder and its subfolders as a package name of l5viz and the folder it comes from."""
    mapping = {}
    for top in DATA_FOLDERS:
        for folder in [Path(top), *sorted(p for p in Path(top).rglob("*") if p.is_dir())]:
            if folder.name != "__pycache__":
                mapping[".".join(("l5viz", *folder.parts))] = folder.as_posix()
    return mapping


DATA = data_packages()
setup(
    packages=find_packages(include=["l5viz", "l5viz.*"]) + list(DATA),
    package_dir=DATA,
    package_data={name: ["*"] for name in DATA} | {"l5viz": ["resources/*", "resources/i18n/*.qm"]},
)
