"""The current scene as glTF 2.0 binary (.glb): one named node per structure, coloured as in the window.

trimesh writes the file (a well-kept glTF writer); `check_glb` then verifies the container and the JSON
against the glTF 2.0 rules that matter for viewers (no validator package is installable here).
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pyvista as pv
import trimesh

from l5viz.exports.files import atomic_path

# Our frame: +x patient's right, +y anterior, +z up, mm. glTF: +Y up, +Z toward the viewer, metres, right-handed.
# The patient faces the viewer (+Z = anterior), so the patient's right is the viewer's left (-X).
TO_GLTF = np.array([[-1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]) * 0.001


def to_trimesh(mesh: pv.PolyData, rgb, opacity: float) -> trimesh.Trimesh:
    faces = mesh.triangulate().faces.reshape(-1, 4)[:, 1:]
    tm = trimesh.Trimesh(np.asarray(mesh.points) @ TO_GLTF.T, faces, process=False)
    material = trimesh.visual.material.PBRMaterial(
        baseColorFactor=[*[float(c) for c in rgb], float(opacity)], metallicFactor=0.0, roughnessFactor=0.6,
        alphaMode="BLEND" if opacity < 1.0 else "OPAQUE", doubleSided=False)
    tm.visual = trimesh.visual.TextureVisuals(material=material)
    return tm


def export_glb(path: Path, meshes: dict[str, pv.PolyData], colours: dict[str, tuple], opacities: dict[str, float],
               visible: dict[str, bool]) -> Path:
    """Write the visible structures; colours are 0-1 RGB, opacities 0-1."""
    scene = trimesh.Scene()
    for sid, mesh in meshes.items():
        if visible.get(sid, True) and mesh.n_cells:
            scene.add_geometry(to_trimesh(mesh, colours[sid], opacities.get(sid, 1.0)), node_name=sid, geom_name=sid)
    scene.metadata["extras"] = {"generator": "l5viz", "units": "metres",
                                "frame": "patient facing +Z, head +Y; for education, not diagnosis"}
    with atomic_path(path) as tmp:
        tmp.write_bytes(trimesh.exchange.gltf.export_glb(scene))
    return path


def check_glb(path: Path) -> list[str]:
    """Problems found in a .glb (empty list: it follows the glTF 2.0 container and core JSON rules checked)."""
    data = Path(path).read_bytes()
    problems = []
    if len(data) < 20 or data[:4] != b"glTF":
        return ["not a GLB file (magic 'glTF' missing)"]
    version, length = struct.unpack_from("<II", data, 4)
    if version != 2:
        problems.append(f"GLB container version {version}, expected 2")
    if length != len(data):
        problems.append(f"header length {length} differs from file size {len(data)}")
    json_len, json_type = struct.unpack_from("<II", data, 12)
    if json_type != 0x4E4F534A:
        return problems + ["first chunk is not JSON"]
    doc = json.loads(data[20:20 + json_len])
    bin_start = 20 + json_len
    bin_len = struct.unpack_from("<I", data, bin_start)[0] if len(data) > bin_start + 8 else 0
    if doc.get("asset", {}).get("version") != "2.0":
        problems.append("asset.version is not '2.0'")
    buffers, views, accessors = doc.get("buffers", []), doc.get("bufferViews", []), doc.get("accessors", [])
    if buffers and buffers[0].get("byteLength", 0) > bin_len:
        problems.append("buffer 0 is longer than the BIN chunk")
    for i, view in enumerate(views):
        end = view.get("byteOffset", 0) + view["byteLength"]
        if end > buffers[view["buffer"]]["byteLength"]:
            problems.append(f"bufferView {i} runs past its buffer")
    for m, mesh in enumerate(doc.get("meshes", [])):
        for primitive in mesh["primitives"]:
            position = accessors[primitive["attributes"]["POSITION"]]
            if "min" not in position or "max" not in position:
                problems.append(f"mesh {m}: POSITION accessor lacks min/max (required by glTF 2.0)")
            if "material" in primitive and primitive["material"] >= len(doc.get("materials", [])):
                problems.append(f"mesh {m}: material index out of range")
    for n, node in enumerate(doc.get("nodes", [])):
        if "mesh" in node and node["mesh"] >= len(doc.get("meshes", [])):
            problems.append(f"node {n}: mesh index out of range")
    return problems
