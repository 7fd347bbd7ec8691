"""Regenerate meshes/ from the default parameters: `python scripts/build_meshes.py [--out DIR] [--check]`.

--check rebuilds into a temporary folder and compares every sha256 with meshes/manifest.json, so a change
to the generator that alters a mesh is never committed unnoticed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from l5viz.anatomy.build import build_all
from l5viz.paths import meshes_dir


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=meshes_dir())
    parser.add_argument("--check", action="store_true", help="rebuild to a temp dir and compare hashes")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.check:
        committed = json.loads((meshes_dir() / "manifest.json").read_text())
        with tempfile.TemporaryDirectory() as tmp:
            fresh = build_all(Path(tmp))
        old = {e["id"]: (e["sha256"], e["lod_sha256"]) for e in committed["structures"]}
        new = {e["id"]: (e["sha256"], e["lod_sha256"]) for e in fresh["structures"]}
        differing = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        for sid in differing:
            print(f"meshes/{sid}.vtp: differs from a fresh build")
        print(f"checked {len(new)} structures in {time.perf_counter() - start:.1f} s")
        return 1 if differing else 0
    manifest = build_all(args.out)
    total = sum(e["triangles"] for e in manifest["structures"])
    lod = sum(e["lod_triangles"] for e in manifest["structures"])
    print(f"wrote {len(manifest['structures'])} structures to {args.out} in {time.perf_counter() - start:.1f} s: "
          f"{total} triangles ({lod} at interactive detail)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
