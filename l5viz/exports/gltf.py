"""The current scene as glTF 2.0 binary (.glb): one named node per structure, coloured as in the window.

trimesh writes the file (a well-kept glTF writer). `check_glb` then checks the GLB container and the
glTF 2.0 JSON against the specification's required fields and index rules; no Python glTF validator is
published, and the Khronos validator (npm package gltf-validator) reports no errors or warnings on these
files (checked while writing this module).
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pyvista as pv
import trimesh

from l5viz.credit import CREDIT, licence_text
from l5viz.exports.files import atomic_path
from l5viz.render.scene import compression_lut

# Our frame: +x patient's right, +y anterior, +z up. glTF: +Y up, +Z toward the viewer, right-handed.
# The patient faces the viewer (glTF +Z = anterior), so the patient's right is the viewer's left (glTF -X).
# A proper rotation (determinant +1), so outward-facing triangles stay outward facing.
TO_GLTF_AXES = np.array([[-1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
UNIT_SCALE = {"m": 0.001, "mm": 1.0}  # from our millimetres; glTF's own unit is the metre
FRAME_NOTE = ("glTF +Y = superior, +Z = anterior (the patient faces +Z), +X = the patient's left; "
              "origin at the centre of the L5-S1 disc")
NOTICE = "l5viz teaching model: for education, not diagnosis"
ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER = 34962, 34963  # bufferView targets (glTF 2.0, 5.11.4)


def compression_colours(mesh: pv.PolyData, rgb, kind: str | None = None) -> np.ndarray | None:
    """Per-vertex RGBA (uint8) from the mesh's "compression" array with the window's colour ramp for the
    structure's `kind`; None when nothing is compressed, so the structure keeps its plain material colour."""
    if "compression" not in mesh.point_data:
        return None
    values = np.clip(np.asarray(mesh.point_data["compression"], float), 0.0, 1.0)
    if not values.any():
        return None
    table = compression_lut(rgb, kind).values  # (n, 4) uint8, clim 0..1 as in the window
    index = np.minimum((values * len(table)).astype(int), len(table) - 1)
    return table[index]


def to_trimesh(name: str, mesh: pv.PolyData, rgb, opacity: float, scale: float, kind: str | None = None
               ) -> trimesh.Trimesh:
    faces = mesh.triangulate().faces.reshape(-1, 4)[:, 1:]
    tm = trimesh.Trimesh(np.asarray(mesh.points) @ TO_GLTF_AXES.T * scale, faces, process=False)
    if tm.is_watertight and tm.volume < 0:  # inside out (a mirrored lesion): viewers cull single-sided faces
        tm.invert()
    per_vertex = compression_colours(mesh, rgb, kind)
    base = [1.0, 1.0, 1.0] if per_vertex is not None else [float(c) for c in rgb]  # glTF multiplies the two
    material = trimesh.visual.material.PBRMaterial(
        name=name, baseColorFactor=[*base, float(opacity)], metallicFactor=0.0, roughnessFactor=0.6,
        alphaMode="BLEND" if opacity < 1.0 else "OPAQUE", doubleSided=False)
    tm.visual = trimesh.visual.TextureVisuals(material=material)
    if per_vertex is not None:
        tm.visual.vertex_attributes["color"] = per_vertex
    return tm


def finish_tree(units: str):
    """trimesh tree post-processor: units and frame in asset.extras, bufferView targets set."""
    def finish(tree: dict) -> None:
        tree["asset"]["copyright"] = CREDIT
        tree["asset"]["extras"] = {"generator": "l5viz", "units": "metres" if units == "m" else "millimetres",
                                   "frame": FRAME_NOTE, "notice": NOTICE, "licence": licence_text()}
        views = tree.get("bufferViews", [])
        for mesh in tree.get("meshes", []):
            for primitive in mesh["primitives"]:
                for accessor in primitive["attributes"].values():
                    views[tree["accessors"][accessor]["bufferView"]]["target"] = ARRAY_BUFFER
                if "indices" in primitive:
                    views[tree["accessors"][primitive["indices"]]["bufferView"]]["target"] = ELEMENT_ARRAY_BUFFER
    return finish


def export_glb(path: Path, meshes: dict[str, pv.PolyData], colours: dict[str, tuple], opacities: dict[str, float],
               visible: dict[str, bool], units: str = "m", kinds: dict[str, str] | None = None) -> Path:
    """Write the visible, non-empty structures as named nodes; colours are 0-1 RGB, opacities 0-1 (default 1).

    A mesh with a "compression" point array (roots, ganglia, thecal sac in the window) is shaded per
    vertex with the window's compression colours for its kind (`kinds`: structure id -> kind). `units` is "m"
    (glTF's unit) or "mm".
    """
    if units not in UNIT_SCALE:
        raise ValueError(f"glTF export {Path(path).name}: unknown units {units!r}; valid: {', '.join(UNIT_SCALE)}")
    scene = trimesh.Scene()
    for sid, mesh in meshes.items():
        if visible.get(sid, True) and mesh.n_cells:
            tm = to_trimesh(sid, mesh, colours[sid], opacities.get(sid, 1.0), UNIT_SCALE[units], (kinds or {}).get(sid))
            scene.add_geometry(tm, node_name=sid, geom_name=sid)
    data = trimesh.exchange.gltf.export_glb(scene, include_normals=True, tree_postprocessor=finish_tree(units))
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def read_glb_json(data: bytes) -> dict:
    """The JSON chunk of a GLB file."""
    length = struct.unpack_from("<I", data, 12)[0]
    return json.loads(data[20:20 + length])


COMPONENT_SIZES = {5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4}
TYPE_SIZES = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}
ALPHA_MODES = ("OPAQUE", "MASK", "BLEND")


def check_glb(path: Path) -> list[str]:
    """Problems found in a .glb (empty list: none). Checks the GLB container (glTF 2.0 section 4.4) and, in
    the JSON, the required properties, index ranges, accessor sizes and material values of the core spec."""
    data = Path(path).read_bytes()
    if len(data) < 28 or data[:4] != b"glTF":
        return ["not a GLB file (magic 'glTF' missing or file too short)"]
    problems = []
    version, length = struct.unpack_from("<II", data, 4)
    if version != 2:
        problems.append(f"GLB container version {version}, expected 2")
    if length != len(data):
        problems.append(f"header length {length} differs from file size {len(data)}")
    json_len, json_type = struct.unpack_from("<II", data, 12)
    if json_type != 0x4E4F534A or 20 + json_len > len(data):
        return problems + ["first chunk is not a complete JSON chunk"]
    try:
        doc = read_glb_json(data)
    except ValueError as exc:
        return problems + [f"JSON chunk does not parse: {exc}"]
    bin_start = 20 + json_len
    bin_len = 0
    if len(data) >= bin_start + 8:
        bin_len, bin_type = struct.unpack_from("<II", data, bin_start)
        if bin_type != 0x004E4942:
            problems.append("second chunk is not BIN")
    if json_len % 4 or bin_len % 4:
        problems.append("chunk lengths are not multiples of 4 bytes")
    if doc.get("asset", {}).get("version") != "2.0":
        problems.append("asset.version is not '2.0'")
    problems += _check_arrays(doc, bin_len)
    return problems


def _check_arrays(doc: dict, bin_len: int) -> list[str]:
    problems = []
    count = {key: len(doc.get(key, [])) for key in ("buffers", "bufferViews", "accessors", "meshes", "materials",
                                                    "nodes", "scenes")}

    def index_ok(where: str, key: str, index) -> bool:
        if not isinstance(index, int) or not 0 <= index < count[key]:
            problems.append(f"{where}: {key} index {index!r} out of range")
            return False
        return True

    buffers, views, accessors = doc.get("buffers", []), doc.get("bufferViews", []), doc.get("accessors", [])
    if buffers and "uri" not in buffers[0] and buffers[0].get("byteLength", 0) > bin_len:
        problems.append("buffer 0 is longer than the BIN chunk")
    for i, view in enumerate(views):
        if "byteLength" not in view:
            problems.append(f"bufferView {i}: byteLength is required")
        elif index_ok(f"bufferView {i}", "buffers", view.get("buffer")) and \
                view.get("byteOffset", 0) + view["byteLength"] > buffers[view["buffer"]].get("byteLength", 0):
            problems.append(f"bufferView {i} runs past its buffer")
    for i, acc in enumerate(accessors):
        if acc.get("componentType") not in COMPONENT_SIZES or acc.get("type") not in TYPE_SIZES or "count" not in acc:
            problems.append(f"accessor {i}: componentType, type and count are required and must be valid")
        elif "bufferView" in acc and index_ok(f"accessor {i}", "bufferViews", acc["bufferView"]):
            size = COMPONENT_SIZES[acc["componentType"]] * TYPE_SIZES[acc["type"]]
            view = views[acc["bufferView"]]
            stride = view.get("byteStride", size)
            end = acc.get("byteOffset", 0) + stride * (acc["count"] - 1) + size
            if end > view.get("byteLength", 0):
                problems.append(f"accessor {i} reads past its bufferView")
    for m, mesh in enumerate(doc.get("meshes", [])):
        if not mesh.get("primitives"):
            problems.append(f"mesh {m}: primitives are required")
        for primitive in mesh.get("primitives", []):
            attributes = primitive.get("attributes", {})
            for name, acc in attributes.items():
                index_ok(f"mesh {m} {name}", "accessors", acc)
            if "POSITION" in attributes and 0 <= attributes["POSITION"] < count["accessors"]:
                position = accessors[attributes["POSITION"]]
                if "min" not in position or "max" not in position:
                    problems.append(f"mesh {m}: POSITION accessor lacks min/max (required by glTF 2.0)")
            if "indices" in primitive:
                index_ok(f"mesh {m} indices", "accessors", primitive["indices"])
            if "material" in primitive:
                index_ok(f"mesh {m}", "materials", primitive["material"])
    for i, material in enumerate(doc.get("materials", [])):
        factor = material.get("pbrMetallicRoughness", {}).get("baseColorFactor", [1.0] * 4)
        if len(factor) != 4 or not all(0.0 <= c <= 1.0 for c in factor):
            problems.append(f"material {i}: baseColorFactor must be 4 numbers within 0-1")
        if material.get("alphaMode", "OPAQUE") not in ALPHA_MODES:
            problems.append(f"material {i}: alphaMode must be one of {', '.join(ALPHA_MODES)}")
    for n, node in enumerate(doc.get("nodes", [])):
        if "mesh" in node:
            index_ok(f"node {n}", "meshes", node["mesh"])
        for child in node.get("children", []):
            index_ok(f"node {n} child", "nodes", child)
    for s, scene in enumerate(doc.get("scenes", [])):
        for node in scene.get("nodes", []):
            index_ok(f"scene {s}", "nodes", node)
    if "scene" in doc:
        index_ok("default scene", "scenes", doc["scene"])
    return problems


def scene_parts(meshes: dict[str, pv.PolyData], colour_of, lesions, implants=()) -> tuple[dict, dict, dict]:
    """Meshes, 0-1 RGB colours and opacities of a scene, its lesions and its implants, as the window draws them:
    `colour_of(id)` gives a structure's colour; `lesions` (those drawn as surfaces of their own) get their
    kind's colour and see-through opacity, `implants` (a procedure's screws, cage, needle) theirs."""
    from l5viz.pathology.lesion_mesh import UNIT_CYLINDER, lesion_mesh
    from l5viz.render.scene import IMPLANT_COLOURS, IMPLANT_OPACITY, LESION_OPACITY, lesion_colour

    meshes = dict(meshes)
    colours = {sid: pv.Color(colour_of(sid)).float_rgb for sid in meshes}
    opacity = {}
    for lesion in lesions:
        meshes[lesion.lesion_id] = lesion_mesh(lesion.matrix())
        colours[lesion.lesion_id] = pv.Color(lesion_colour(colour_of, lesion.kind)).float_rgb
        opacity[lesion.lesion_id] = LESION_OPACITY[lesion.kind]
    for implant in implants:
        meshes[implant.implant_id] = lesion_mesh(implant.matrix(), UNIT_CYLINDER)
        colours[implant.implant_id] = pv.Color(IMPLANT_COLOURS[implant.kind]).float_rgb
        opacity[implant.implant_id] = IMPLANT_OPACITY.get(implant.kind, 1.0)
    return meshes, colours, opacity


def body_parts(skin: pv.PolyData, nerves: dict[str, pv.PolyData], colour_of, skin_colour: str,
               skin_opacity: float) -> tuple[dict, dict, dict]:
    """The body's skin (see-through, as in the whole-body view) and the nerve path, as scene_parts gives
    the spine: meshes (geometry only), 0-1 RGB colours and opacities."""
    meshes = {"body_skin": pv.PolyData(np.asarray(skin.points), skin.faces)}
    meshes |= {sid: pv.PolyData(np.asarray(m.points), m.faces) for sid, m in nerves.items()}
    colours = {sid: pv.Color(colour_of(sid)).float_rgb for sid in nerves} | {"body_skin": pv.Color(skin_colour).float_rgb}
    return meshes, colours, {"body_skin": skin_opacity}

