"""Build only the muscles into meshes/ from the committed meshes, and add their manifest entries.

    python scripts/import_muscles.py [--meshes meshes]

Why: a full re-import (scripts/import_anatomy.py) takes over ten minutes; this runs the importer's own
`muscle_meshes` on the meshes it wrote, so the result is what a full import makes, within the float32
rounding of the stored points. Other files and manifest entries are left as they are.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pyvista as pv

from l5viz.anatomy.geometry import SpineGeometry
from l5viz.anatomy.ids import MUSCLES, SPINE_STRUCTURES
from l5viz.anatomy.importer import muscle_meshes
from l5viz.anatomy.meshing import write_structure


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meshes", type=Path, default=Path(__file__).resolve().parents[1] / "meshes")
    args = parser.parse_args(argv)
    path = args.meshes / "manifest.json"
    manifest = json.loads(path.read_text())
    files = {e["id"]: e["file"] for e in manifest["structures"]}
    meshes = {sid: (pv.read(args.meshes / f),) for sid, f in files.items() if sid not in MUSCLES}
    made = muscle_meshes(SpineGeometry.from_dict(manifest["geometry"]), meshes)
    entries = {e["id"]: e for e in manifest["structures"]}
    for sid in MUSCLES:
        entries[sid] = write_structure(args.meshes, sid, *made[sid])
        print(f"{sid}: {entries[sid]['triangles']} triangles")
    manifest["structures"] = [entries[sid] for sid in SPINE_STRUCTURES if sid in entries]
    path.write_text(json.dumps(manifest, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
