"""Convert the Male Visible Human lumbosacral spine into l5viz meshes (run once; the result is committed).

    python scripts/import_anatomy.py --source ../shared/data/visible-human-lumbosacral --out DIR

Nothing at run time or in the tests reads the source folder. The BSD-3 licence of the source (Remus et al.
2021, ArtiSynth lumbosacral model) is copied next to the meshes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from l5viz.anatomy.importer import import_all
from l5viz.anatomy.source import SourceError


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, required=True, help="the visible-human-lumbosacral folder")
    parser.add_argument("--out", type=Path, required=True, help="folder for the .vtp files and manifest.json")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"{args.source}: not a folder (expected the visible-human-lumbosacral folder with bones/ and discs/)")
        return 2
    start = time.perf_counter()
    try:
        manifest = import_all(args.source, args.out)
    except SourceError as error:
        print(error)
        return 2
    total = sum(e["triangles"] for e in manifest["structures"])
    lod = sum(e["lod_triangles"] for e in manifest["structures"])
    print(f"wrote {len(manifest['structures'])} structures to {args.out} in {time.perf_counter() - start:.0f} s: "
          f"{total} triangles ({lod} at interactive detail)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
