"""Write a deformed scene to a folder: <id>.vtp in the meshes/ frame and ids, lesions, and report.json.

The report is what a teacher or a script needs to check a scenario without the window: per root the
compression measure, per foramen the measured height and area.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyvista as pv

from l5viz.credit import LICENCE_FILE, licence_text
from l5viz.exports.files import atomic_path
from l5viz.pathology.engine import PathologyResult
from l5viz.pathology.kinds import Overlays
from l5viz.pathology.lesion_mesh import UNIT_CYLINDER, lesion_mesh


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, so a crash never leaves a half-written file."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def report(result: PathologyResult, overlays: Overlays) -> dict:
    return {
        "overlays": overlays.to_texts(),
        "compression": {sid: result.compression[sid] for sid in sorted(result.compression)},
        "foramina": result.foramina,
        "canal": result.canal,
        **result.measures,  # what a lesion kind measures of its own, by level (a slip's mm and %)
        "lesions": [{"id": les.lesion_id, "kind": les.kind, "centre": np.round(les.centre, 2).tolist(),
                     "radii": np.round(les.radii, 2).tolist()} for les in result.lesions],
        "removed": sorted(result.removed),
        "implants": [{"id": imp.implant_id, "kind": imp.kind, "start": np.round(imp.start, 2).tolist(),
                      "end": np.round(imp.end, 2).tolist(), "radii": [round(r, 2) for r in imp.radii]}
                     for imp in result.implants],
        "units": {"compression.mm": "mm", "compression.percent": "% of the local diameter",
                  "height_mm": "mm", "area_mm2": "mm^2",
                  "removed": "structures a procedure took out (not written as meshes)",
                  "implants": "what a procedure placed: a cylinder from start to end (mm, the meshes' frame), "
                              "its half widths",
                  "fat_mm2": "the foramen's free section less the exiting root's and ganglion's, mm^2",
                  "fat_mm": "fat thickness above, below, in front of and behind the root through its centre, mm",
                  "fat_remaining_percent": "fat_mm2 as % of the healthy foramen's",
                  "canal": "the dural sac where the disc's mid-plane cuts it: area in mm^2, front-to-back depth in mm",
                  "slip": "slip_mm in mm, slip_percent in % of the lower body's AP length (Meyerding)",
                  "lateral_recess": "depth_mm: the back of the disc to what bounds the recess behind, in mm; "
                                    "recess_read: the Bartynski & Lin grade the model reads from it and the root",
                  "foraminal": "per stenotic foramen, the directions in which the fat round the root is gone and "
                               "the Lee grade the model reads from them and the root's flattening",
                  "central_canal": "the sac's area (mm^2) and the fat straight behind it (mm) in the disc's mid-plane, "
                                   "and the Schizas grade the model reads from them",
                  "procedures": "per treatment, each figure before it and after it: the compression (%) of every root "
                                "and ganglion compressed either way, the foramina's height (mm), area and fat (mm^2) "
                                "and the dural sac's area (mm^2) at its level, and the slip (%) there"},
    }


def export_scene(out_dir: Path, meshes: dict[str, pv.PolyData], result: PathologyResult, overlays: Overlays) -> dict:
    """Write every structure of `meshes` (not modified) deformed as `result` says (the scenario's result for
    these overlays), less those a procedure took out, the lesions, the implants and report.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for sid, mesh in meshes.items():
        if sid in result.removed:
            continue
        out = mesh.copy()
        if sid in result.points:
            out.points = result.points[sid]
        if sid in result.compression:
            out.point_data["displacement_mm"] = np.linalg.norm(out.points - mesh.points, axis=1).astype(np.float32)
            out.point_data["compression"] = result.vertex_compression.get(sid, np.zeros(mesh.n_points, np.float32))
        out.save(out_dir / f"{sid}.vtp")
    for lesion in result.lesions:
        lesion_mesh(lesion.matrix()).save(out_dir / f"{lesion.lesion_id}.vtp")
    for implant in result.implants:
        lesion_mesh(implant.matrix(), UNIT_CYLINDER).save(out_dir / f"{implant.implant_id}.vtp")
    data = report(result, overlays)
    atomic_write_text(out_dir / "report.json", json.dumps(data, indent=1) + "\n")
    atomic_write_text(out_dir / LICENCE_FILE, licence_text())  # BSD-3: the notice travels with the meshes
    return data
