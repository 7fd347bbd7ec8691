"""Who made the anatomy, and the licence that must travel with everything derived from the bones (BSD-3-Clause;
the MakeHuman skin is CC0 and needs no notice, but its source is named)."""

from __future__ import annotations

from l5viz.paths import meshes_dir

LICENCE_FILE = "LICENSE-visible-human.txt"  # in meshes/, written by scripts/import_anatomy.py
CREDIT = ("Bones and discs: the Male Visible Human (U.S. National Library of Medicine, Visible Human Project), "
          "from the ArtiSynth lumbosacral spine model of Remus et al. 2021 (PLoS ONE 16(4): e0250456), "
          "BSD 3-Clause licence, copyright (c) 2021 Robin Remus. Body skin: the MakeHuman base mesh "
          "(makehumancommunity.org), CC0 1.0. Nerves, ligaments, joint capsules and fat: l5viz's own "
          "modelling, fitted to that bone and skin.")


def licence_text() -> str:
    """The BSD-3 notice of the derived meshes, as shipped in meshes/ (empty when the file is missing)."""
    try:
        return (meshes_dir() / LICENCE_FILE).read_text(encoding="utf-8")
    except OSError:
        return ""
