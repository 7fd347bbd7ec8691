"""Read the Male Visible Human lumbosacral files (ArtiSynth model, Remus et al. 2021) into the project frame.

Used only by `scripts/import_anatomy.py`: the app and the tests read the converted meshes in meshes/.
The source is in metres with +x anterior, +y the body's left, +z superior; the project is in millimetres
with +x the patient's right, +y anterior, +z superior. Both are right-handed, so the change is a rotation
of 90 degrees about z and a scale; the origin is moved to the centre of the L5-S1 disc afterwards.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyvista as pv

# project = SOURCE_TO_PROJECT @ source: x_p = -y_s (left -> right), y_p = x_s (anterior), z_p = z_s; metres -> mm.
SOURCE_TO_PROJECT = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]) * 1000.0

BONE_FILES = {f"vertebra_L{i}": f"L{i}.obj" for i in range(1, 6)} | {"sacrum": "S1.obj", "pelvis": "pelvis.obj"}
DISC_LEVELS = {"L1_L2": "L12", "L2_L3": "L23", "L3_L4": "L34", "L4_L5": "L45", "L5_S1": "L51"}
ANNULUS_RINGS = ("AN_R1", "AN_R2", "AN_R3", "AN_R4")
SIDE_CODES = {"left": "FACL", "right": "FACR"}


class SourceError(RuntimeError):
    """A source file is missing or not what the README describes."""


def to_project(points_m: np.ndarray) -> np.ndarray:
    return np.asarray(points_m, float) @ SOURCE_TO_PROJECT.T


def read_bone(folder: Path, bone_id: str) -> pv.PolyData:
    """One bone surface, coincident points merged (the OBJ faces share none), in project axes (not yet centred)."""
    path = folder / "bones" / BONE_FILES[bone_id]
    if not path.is_file():
        raise SourceError(f"{path}: missing (expected the ArtiSynth bone surface for {bone_id})")
    mesh = pv.read(path).triangulate().clean(tolerance=1e-9)
    mesh.points = to_project(mesh.points)
    return mesh


def read_nodes(paths: list[Path]) -> dict[int, np.ndarray]:
    """`id x y z` rows of every given .node file (ids are shared between the files of one disc level)."""
    nodes: dict[int, np.ndarray] = {}
    for path in paths:
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 4 and parts[0].isdigit():
                nodes[int(parts[0])] = np.array([float(v) for v in parts[1:4]])
    return nodes


def read_cells(path: Path) -> list[list[int]]:
    """Element node ids: eight for a hexahedron, six for a wedge (the rows pad with zeros)."""
    cells = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) < 8:
            continue
        ids = [int(v) for v in parts[:8]]
        cells.append(ids if ids[6] and ids[7] else ids[:6])
    return cells


def volume_grid(node_files: list[Path], elem_files: list[Path]) -> pv.UnstructuredGrid:
    """Hexahedra and wedges of some element files as one grid in project axes."""
    nodes = read_nodes(node_files)
    cells = [c for f in elem_files for c in read_cells(f)]
    if not cells:
        raise SourceError(f"{', '.join(map(str, elem_files))}: no elements")
    used = sorted({i for c in cells for i in c})
    missing = [i for i in used if i not in nodes]
    if missing:
        raise SourceError(f"{elem_files[0]}: elements name {len(missing)} nodes not in {len(node_files)} .node files")
    index = {node_id: k for k, node_id in enumerate(used)}
    points = to_project(np.array([nodes[i] for i in used]))
    conn, types = [], []
    for c in cells:
        conn += [len(c)] + [index[i] for i in c]
        types.append(pv.CellType.HEXAHEDRON if len(c) == 8 else pv.CellType.WEDGE)
    return pv.UnstructuredGrid(np.array(conn), np.array(types, np.uint8), points)


def read_disc(folder: Path, level: str, part: str) -> pv.UnstructuredGrid:
    """`part` "annulus" (the four rings) or "nucleus" of one disc level, as hexahedra."""
    code = DISC_LEVELS[level]
    discs = folder / "discs"
    node_files = sorted(discs.glob(f"{code}_AN_R*.node")) + sorted(discs.glob(f"{code}_NP.node"))
    names = ANNULUS_RINGS if part == "annulus" else ("NP",)
    elem_files = [discs / f"{code}_{name}.elem" for name in names]
    for path in node_files[:1] + elem_files:
        if not path.is_file():
            raise SourceError(f"{path}: missing (expected the finite-element {part} of the {level} disc)")
    return volume_grid(node_files, elem_files)


def read_facet_cartilage(folder: Path, level: str, side: str) -> pv.UnstructuredGrid:
    """The facet-joint cartilage elements of one level and side (all its element files, with their nodes)."""
    code = DISC_LEVELS[level]
    discs = folder / "discs"
    parts = []
    for elem in sorted(discs.glob(f"{code}_{SIDE_CODES[side]}_*.elem")):
        parts.append(volume_grid([elem.with_suffix(".node")], [elem]))
    if not parts:
        raise SourceError(f"{discs}: no {code}_{SIDE_CODES[side]}_*.elem files (facet cartilage {level} {side})")
    return parts[0].merge(parts[1:]) if len(parts) > 1 else parts[0]
