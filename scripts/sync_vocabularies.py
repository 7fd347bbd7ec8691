"""Put the code's lists of ids, views, levels, zones, modes, maps, kinds and groups into the JSON schemas.

    python scripts/sync_vocabularies.py

Run it after changing one of those lists in code; `l5viz validate` and the tests report any schema left
behind (l5viz.content.vocabulary).
"""

from l5viz.content.vocabulary import write_vocabularies
from l5viz.paths import annotations_dir

if __name__ == "__main__":
    print("updated:", ", ".join(write_vocabularies(annotations_dir() / "schema")) or "nothing")
