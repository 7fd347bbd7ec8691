"""Regenerate the figures in docs/ with the same code path as `l5viz render`: `python scripts/make_figures.py`."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from l5viz.paths import REPO_ROOT
from l5viz.pathology.specs import Herniation, Stenosis, overlays_to_state
from l5viz.render.offscreen import render_figure
from l5viz.render.views import VIEW_TITLES, VIEWS

DOCS = REPO_ROOT / "docs"
SCENARIOS = {  # file name -> (title, overlays, view) for before/after pairs (issue 4)
    "l4_l5_right_subarticular_extrusion": (
        "Right L4-5 subarticular extrusion: traversing right L5",
        overlays_to_state([Herniation("L4-L5", "subarticular", "right", "extrusion", 0.7)], []), "axial-L4-L5"),
    "l5_s1_left_foraminal_protrusion": (
        "Left L5-S1 foraminal protrusion: exiting left L5",
        overlays_to_state([Herniation("L5-S1", "foraminal", "left", "protrusion", 0.6)], []), "foramen-L5-S1-left"),
    "l5_s1_left_foraminal_stenosis_grade3": (
        "Left L5-S1 foraminal stenosis, grade 3 vs grade 0",
        overlays_to_state([], [Stenosis("L5-S1", "left", 3)]), "foramen-L5-S1-left"),
}


LEG_SCENARIOS = {  # issue 5: spine and shaded leg side by side
    "leg_l4_l5_right_subarticular": ("Right L4-5 subarticular herniation: right L5 dermatome",
                                     "L4-L5:subarticular:right:extrusion:0.7", "axial-L4-L5", "leg-anterior"),
    "leg_l5_s1_left_foraminal": ("Left L5-S1 foraminal herniation: left L5 dermatome",
                                 "L5-S1:foraminal:left:protrusion:0.6", "foramen-L5-S1-left", "leg-anterior"),
    "leg_l5_s1_right_subarticular": ("Right L5-S1 subarticular herniation: right S1 dermatome (from behind)",
                                     "L5-S1:subarticular:right:extrusion:0.7", "axial-L5-S1", "leg-posterior"),
}


def font(size: int):
    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default()


def caption(path: Path, text: str) -> None:
    """Write a caption bar on the image (figures travel without their README)."""
    img = Image.open(path).convert("RGB")
    draw = ImageDraw.Draw(img)
    f = font(max(18, img.height // 30))
    draw.rectangle([0, 0, img.width, f.size + 16], fill=(20, 24, 31))
    draw.text((12, 8), text, fill=(240, 240, 240), font=f)
    img.save(path)


def grid(paths: list[Path], out: Path, columns: int) -> None:
    images = [Image.open(p) for p in paths]
    w, h = images[0].size
    rows = (len(images) + columns - 1) // columns
    sheet = Image.new("RGB", (w * columns, h * rows), (17, 21, 28))
    for i, img in enumerate(images):
        sheet.paste(img, ((i % columns) * w, (i // columns) * h))
    sheet.save(out)


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    view_files = []
    for view in VIEWS:
        if view == "reset":
            continue
        out = DOCS / f"view_{view}.png"
        render_figure(out, view=view, size=(1600, 1000), labels=view in ("anterior", "left"))
        caption(out, VIEW_TITLES[view])
        view_files.append(out)
    overview = DOCS / "overview.png"
    render_figure(overview, view="reset", size=(1600, 1000), labels=True)
    grid([DOCS / f"view_{v}.png" for v in ("anterior", "posterior", "left", "axial-L4-L5")],
         DOCS / "anatomy_overview.png", 2)
    for name, (title, overlays, view) in SCENARIOS.items():
        before, after = DOCS / f"{name}_before.png", DOCS / f"{name}_after.png"
        render_figure(before, view=view, size=(1200, 900))
        render_figure(after, view=view, size=(1200, 900), overlays=overlays)
        caption(before, "Normal")
        caption(after, title)
        grid([before, after], DOCS / f"{name}.png", 2)
        before.unlink()
        after.unlink()
    for name, (title, text, view, leg_view) in LEG_SCENARIOS.items():
        out = DOCS / f"{name}.png"
        render_figure(out, view=view, size=(1800, 900), layout="spine+leg", leg_view=leg_view,
                      overlays=overlays_to_state([Herniation.parse(text)], []))
        caption(out, title)
    print(f"wrote figures to {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
