"""docs/colour_vision.png: a compressed and a healthy L5 root, the compression key and the dermatome legend, as a
viewer with normal colour vision, a deuteranope and a protanope see them (Machado, Oliveira & Fernandes 2009,
severity 1.0: l5viz.colour_vision). `python scripts/colour_vision_figure.py`"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from l5viz.colour_vision import VISIONS, simulate
from l5viz.paths import REPO_ROOT
from l5viz.render.offscreen import default_state, render_figure

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_figures import compression_key, font  # noqa: E402  (the figures' own key and type)

OUT = REPO_ROOT / "docs" / "colour_vision.png"
HERNIATION = {"level": "L4-L5", "zone": "subarticular", "side": "right", "type": "extrusion", "severity": 0.7}
# The nerves and the sac they run in, the bones hidden: the traversing right L5 root squeezed, the left one healthy.
SHOWN = ("root_", "drg_", "thecal_sac", "disc_L4_L5", "disc_L5_S1", "nucleus_")
# The crop leaves out the view's orientation letters: the row says which way each half is seen.
READING = ("Spine from behind (the patient's right on the right): the right L5 root squeezed, the left one healthy."
           "  Legs from the front.")
HEADER = 70  # a row's title and how to read it, above its picture
TITLES = {"normal": "Normal colour vision", "deuteranopia": "Deuteranopia (simulated, Machado et al. 2009)",
          "protanopia": "Protanopia (simulated, Machado et al. 2009)"}


def rendered(state, size: tuple[int, int], layout: str) -> Image.Image:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "figure.png"
        render_figure(path, state=state, size=size, layout=layout, lod=True)
        return Image.open(path).convert("RGB")


def scene_picture(height: int) -> Image.Image:
    """The L4-L5 level from behind, bones hidden, twice as close as the view's own framing (the middle of a picture
    twice the size), beside the front of the legs in their dermatome colours with the legend."""
    spine = default_state(view="posterior-L4-L5", overlays={"herniation": [HERNIATION]})
    for sid in spine.structures:
        spine.visible[sid] = sid.startswith(SHOWN)
    spine.opacity["thecal_sac"] = 0.35
    width = int(1.3 * height)
    whole = rendered(spine, (2 * width, 2 * height), "spine")
    roots = whole.crop((width // 2, height // 2, width // 2 + width, height // 2 + height))
    legs = rendered(default_state(view="leg-anterior", show_dermatomes=True), (height, height), "leg")
    picture = Image.new("RGB", (roots.width + legs.width, height))
    picture.paste(roots, (0, 0))
    picture.paste(legs, (roots.width, 0))
    return picture


def seen_as(picture: Image.Image, vision: str) -> Image.Image:
    rgb = np.asarray(picture, float) / 255.0
    return Image.fromarray(np.rint(simulate(rgb, vision) * 255).astype(np.uint8))


def main() -> int:
    scene = scene_picture(620)
    width = scene.width
    normal = Image.new("RGB", (width, scene.height + 64))
    normal.paste(scene, (0, 0))
    normal.paste(compression_key(width), (0, scene.height))
    rows = []
    for vision in VISIONS:
        row = Image.new("RGB", (width, normal.height + HEADER), (17, 21, 28))
        draw = ImageDraw.Draw(row)
        draw.text((16, 8), TITLES[vision], fill=(235, 235, 235), font=font(24))
        draw.text((16, 40), READING, fill=(200, 205, 212), font=font(18))
        row.paste(seen_as(normal, vision), (0, HEADER))
        rows.append(row)
    sheet = Image.new("RGB", (width, sum(r.height for r in rows)))
    for k, row in enumerate(rows):
        sheet.paste(row, (0, k * row.height))
    sheet.save(OUT)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
