"""Who made the anatomy, and the licences that must travel with l5viz and everything derived from its meshes
(BSD-3-Clause for the bones; the MakeHuman skin is CC0 and needs no notice, but its source is named)."""

from __future__ import annotations

import re
from importlib import metadata

from l5viz.paths import bundled_root, meshes_dir
from l5viz.translatable import QT_TRANSLATE_NOOP

LICENCE_FILE = "LICENSE-visible-human.txt"  # in meshes/, written by scripts/import_anatomy.py
SKIN_LICENCE_FILE = "LICENSE-makehuman.txt"
CREDIT = QT_TRANSLATE_NOOP(
    "Credit",
    "Bones (L1 to L5, the sacrum, the hip bones) and discs: meshes of the ArtiSynth lumbosacral spine model "
    "(Remus et al. 2021, PLoS ONE 16(4): e0250456; BSD 3-Clause licence, copyright (c) 2021 Robin Remus), "
    "built from the Male Visible Human data set, courtesy of the U.S. National Library of Medicine. Body skin: "
    "the MakeHuman base mesh (makehumancommunity.org), CC0 1.0. Everything else (the thecal sac, the nerve roots "
    "and their ganglia, the nerves of the leg, the ligaments, the joint capsules, the fat and the muscles) is "
    "l5viz's own modelling, drawn by its authors and fitted to that bone and skin, not segmented from a scan, "
    "under l5viz's MIT licence.")  # (the window shows it translated: About)
SHORT_LICENCE = 60  # characters: a License field longer than this is the whole text, not a name


def licence_text() -> str:
    """The BSD-3 notice of the derived meshes, as shipped in meshes/ (empty when the file is missing)."""
    return read_or_empty(meshes_dir() / LICENCE_FILE)


def read_or_empty(path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def own_licence() -> str:
    """l5viz's own MIT licence: from the installed package's metadata, else the checkout's LICENSE."""
    try:
        text = metadata.distribution("l5viz").read_text("licenses/LICENSE")
    except metadata.PackageNotFoundError:
        text = None
    return text or read_or_empty(bundled_root() / "LICENSE")


def licences() -> dict[str, str]:
    """Every licence text that travels with l5viz, by what it covers."""
    return {"l5viz (MIT)": own_licence(),
            QT_TRANSLATE_NOOP("Credit", "Bones and discs: Visible Human / ArtiSynth (BSD-3-Clause)"): licence_text(),
            QT_TRANSLATE_NOOP("Credit", "Body skin: MakeHuman (CC0 1.0)"):
                read_or_empty(meshes_dir() / SKIN_LICENCE_FILE)}


def runtime_dependencies() -> list[str]:
    """The names of the packages l5viz needs to run, as its installed metadata lists them (pyproject.toml)."""
    try:
        requirements = metadata.requires("l5viz") or []
    except metadata.PackageNotFoundError:
        return []
    return [re.match(r"[A-Za-z0-9._-]+", r).group(0) for r in requirements if "extra ==" not in r]


def library_licences() -> list[tuple[str, str, str]]:
    """(name, version, licence) of each library l5viz runs on, as its installed package metadata states."""
    rows = []
    for name in runtime_dependencies():
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        field = meta.get("License-Expression") or meta.get("License") or ""
        if not field or "\n" in field or len(field) > SHORT_LICENCE:
            classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
            field = classifiers[0].split(" :: ")[-1] if classifiers else "see the package"
        rows.append((name, meta["Version"], field))
    return rows
