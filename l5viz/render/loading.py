"""Read meshes/ defensively: every bad file becomes a Problem naming it, and the rest still loads."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pyvista as pv
from vtkmodules.vtkCommonCore import vtkLogger
from vtkmodules.vtkIOXML import vtkXMLPolyDataReader

from l5viz.anatomy.ids import ALL_STRUCTURES
from l5viz.content import Problem


@dataclass
class LoadedScene:
    meshes: dict[str, pv.PolyData]
    manifest: dict
    problems: list[Problem] = field(default_factory=list)

    @property
    def landmarks(self) -> dict:
        return self.manifest.get("landmarks", {})


def read_polydata(path: Path) -> pv.PolyData:
    """Read a .vtp, raising ValueError with the reason when VTK only complains on stderr."""
    reader = vtkXMLPolyDataReader()
    reader.SetFileName(str(path))
    verbosity = vtkLogger.GetCurrentVerbosityCutoff()
    vtkLogger.SetStderrVerbosity(vtkLogger.VERBOSITY_OFF)  # we report the problem ourselves
    try:
        reader.Update()
    finally:
        vtkLogger.SetStderrVerbosity(verbosity)
    if reader.GetErrorCode() or reader.GetOutput() is None:
        raise ValueError("not a readable VTK XML PolyData file")
    mesh = pv.wrap(reader.GetOutput())
    if mesh.n_points == 0 or mesh.n_cells == 0:
        raise ValueError("the file holds no surface (truncated or corrupt)")
    return mesh


def load_scene(folder: Path, lod: bool = False) -> LoadedScene:
    """Meshes listed in folder/manifest.json; a missing, corrupt or altered file is skipped and reported."""
    manifest_path = folder / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        entries = manifest["structures"]
        if not isinstance(entries, list):
            raise ValueError("'structures' is not a list")
    except FileNotFoundError:
        return LoadedScene({}, {}, [Problem(str(manifest_path), "missing: run scripts/build_meshes.py")])
    except (ValueError, KeyError, TypeError) as exc:
        return LoadedScene({}, {}, [Problem(str(manifest_path), f"malformed manifest: {exc}")])
    meshes, problems = {}, []
    key, hash_key = ("lod_file", "lod_sha256") if lod else ("file", "sha256")
    for entry in entries:
        sid = entry.get("id") if isinstance(entry, dict) else None
        if sid not in ALL_STRUCTURES:
            problems.append(Problem(str(manifest_path), f"unknown structure id {sid!r}; skipped"))
            continue
        path = folder / entry.get(key, f"{sid}.vtp")
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(str(path), f"cannot read {sid}: {exc.strerror or exc}"))
            continue
        if entry.get(hash_key) and hashlib.sha256(data).hexdigest() != entry[hash_key]:
            problems.append(Problem(str(path), f"{sid}: content differs from the manifest's sha256 "
                                               "(edited or damaged); skipped"))
            continue
        try:
            meshes[sid] = read_polydata(path)
        except ValueError as exc:
            problems.append(Problem(str(path), f"{sid}: {exc}; skipped"))
    return LoadedScene(meshes, manifest, problems)
