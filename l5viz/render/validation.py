"""`l5viz validate` for meshes/: loadable, untampered, closed, manifold and outward-facing, with everything the
overlays need (the measured geometry, root paths and landmarks)."""

from __future__ import annotations

from pathlib import Path

from l5viz.anatomy.ids import SPINE_STRUCTURES
from l5viz.content import Problem
from l5viz.pathology.engine import missing_inputs
from l5viz.render.loading import load_scene


def validate_meshes(folder: Path) -> list[Problem]:
    problems: list[Problem] = []
    for lod in (False, True):
        scene = load_scene(folder, lod=lod)
        problems += [p for p in scene.problems if p not in problems]
        if not scene.manifest:
            return problems
        entries = {e.get("id"): e for e in scene.manifest.get("structures", []) if isinstance(e, dict)}
        for sid in SPINE_STRUCTURES:
            if sid not in entries and not lod:
                problems.append(Problem(str(folder / "manifest.json"), f"no entry for structure {sid}"))
        for sid, mesh in scene.meshes.items():
            where = str(folder / entries[sid]["lod_file" if lod else "file"])
            if mesh.n_open_edges:
                problems.append(Problem(where, f"{sid}: {mesh.n_open_edges} open edges (surface not closed)"))
            elif not mesh.is_manifold:
                problems.append(Problem(where, f"{sid}: non-manifold surface"))
            elif mesh.volume <= 0:
                problems.append(Problem(where, f"{sid}: normals point inward"))
        missing = missing_inputs(scene.manifest, scene.meshes)
        if missing and not lod:
            problems.append(Problem(str(folder / "manifest.json"), "the overlays cannot run without: "
                                    + ", ".join(missing)))
    return problems
