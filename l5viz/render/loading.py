"""Read meshes/ defensively: every bad file becomes a Problem naming it, and the rest still loads."""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyvista as pv
from vtkmodules.vtkCommonCore import vtkLogger
from vtkmodules.vtkIOXML import vtkXMLPolyDataReader

from l5viz.anatomy.ids import SPINE_STRUCTURES
from l5viz.content import Problem


@dataclass
class LoadedScene:
    meshes: dict[str, pv.PolyData]
    manifest: dict
    problems: list[Problem] = field(default_factory=list)
    source: str = "meshes/manifest.json"  # named in messages about what the manifest lacks

    @property
    def landmarks(self) -> dict:
        return self.manifest.get("landmarks", {})


@contextmanager
def vtk_stderr(verbosity: int):
    """VTK's messages on stderr limited to `verbosity` (a vtkLogger level) inside the block."""
    previous = vtkLogger.GetCurrentVerbosityCutoff()
    vtkLogger.SetStderrVerbosity(verbosity)
    try:
        yield
    finally:
        vtkLogger.SetStderrVerbosity(previous)


def read_polydata(path: Path) -> pv.PolyData:
    """Read a .vtp, raising ValueError with the reason when VTK only complains on stderr."""
    reader = vtkXMLPolyDataReader()
    reader.SetFileName(str(path))
    with vtk_stderr(vtkLogger.VERBOSITY_OFF):  # we report the problem ourselves
        reader.Update()
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
        return LoadedScene({}, {}, [Problem(str(manifest_path), "missing: run scripts/import_anatomy.py --source <Visible Human data> --out meshes")])
    except (ValueError, KeyError, TypeError) as exc:
        return LoadedScene({}, {}, [Problem(str(manifest_path), f"malformed manifest: {exc}")])
    if not isinstance(manifest.get("landmarks", {}), dict):
        return LoadedScene({}, {}, [Problem(str(manifest_path), "malformed manifest: 'landmarks' is not an object")])
    problems = check_landmarks(manifest, manifest_path)
    meshes = {}
    key, hash_key = ("lod_file", "lod_sha256") if lod else ("file", "sha256")
    for entry in entries:
        sid = entry.get("id") if isinstance(entry, dict) else None
        if sid not in SPINE_STRUCTURES:
            problems.append(Problem(str(manifest_path), f"unknown structure id {sid!r}; skipped"))
            continue
        if sid in meshes:
            problems.append(Problem(str(manifest_path), f"{sid} listed twice; the first entry is used"))
            continue
        name = entry.get(key, f"{sid}.vtp")
        if not isinstance(name, str) or not isinstance(entry.get(hash_key, ""), str):
            problems.append(Problem(str(manifest_path), f"{sid}: {key!r} and {hash_key!r} must be text; skipped"))
            continue
        path = folder / name
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
    return LoadedScene(meshes, manifest, problems, str(manifest_path))


def check_landmarks(manifest: dict, manifest_path: Path) -> list[Problem]:
    """Drop (and report) landmarks that are not three finite numbers, so no camera or measurement uses them."""
    landmarks = manifest.setdefault("landmarks", {})
    problems = []
    for name, value in list(landmarks.items()):
        try:
            ok = len(value) == 3 and bool(np.all(np.isfinite(np.asarray(value, dtype=float))))
        except (TypeError, ValueError):
            ok = False
        if not ok:
            del landmarks[name]
            problems.append(Problem(str(manifest_path), f"landmark {name!r} is not three numbers (x, y, z mm); ignored"))
    return problems


def surfaces_of(scene: LoadedScene) -> dict:
    """The engine's view of each mesh: vertices, triangles and (when stored) outward vertex normals."""
    from l5viz.pathology.engine import Surface

    out = {}
    for sid, mesh in scene.meshes.items():
        triangles = mesh.faces.reshape(-1, 4)[:, 1:] if mesh.is_all_triangles else mesh.triangulate().faces.reshape(-1, 4)[:, 1:]
        normals = np.asarray(mesh.point_data["Normals"]) if "Normals" in mesh.point_data else None
        out[sid] = Surface(mesh.points, triangles, normals)
    return out


def engine_for(scene: LoadedScene, dense: LoadedScene | None = None):
    """The pathology engine over a loaded scene's meshes (measuring on `dense` when it is given), or None
    when the manifest lacks the measured geometry or the meshes the overlays need."""
    from l5viz.pathology.engine import PathologyEngine, missing_inputs

    if missing_inputs(scene.manifest, scene.meshes):
        return None
    return PathologyEngine(surfaces_of(scene), scene.manifest, surfaces_of(dense) if dense else None)


def imaging_for(scene: LoadedScene, seed: int = 0):
    """The synthetic-imaging logic over a loaded scene's meshes (the ones the engine deforms, so a result's
    points fit them) and the default body's skin; (None, problems) when its content cannot be loaded."""
    from l5viz.content import load_structures
    from l5viz.imaging.config import load_imaging
    from l5viz.imaging.logic import Imaging
    from l5viz.imaging.tissue import Mesh, TissueModel
    from l5viz.paths import meshes_dir
    from l5viz.render.body import load_body

    config, problems = load_imaging()
    infos, more = load_structures()
    body, body_problems = load_body(meshes_dir())
    problems += more + body_problems
    if config is None or not scene.meshes:
        return None, problems
    meshes = {sid: Mesh(s.points, s.triangles) for sid, s in surfaces_of(scene).items()}
    skin = None if body is None else Mesh(np.asarray(body.skin.points, float), body.skin.faces.reshape(-1, 4)[:, 1:])
    model = TissueModel(meshes, {sid: info.kind for sid, info in infos.items()}, skin, config)
    return Imaging(model, scene.landmarks, config, seed), problems
