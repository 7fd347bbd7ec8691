"""A one-page handout for a patient (A4 portrait, PNG or PDF): the picture, plain words, red flags, notice.

Every sentence on it comes from the caller, who takes it from annotations/ (lay texts); this module only
lays the page out.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from l5viz.exports.files import atomic_path

A4_150DPI = (1240, 1754)
MARGIN = 90


def font(size: int, bold: bool = False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for candidate in (name, f"/usr/share/fonts/truetype/dejavu/{name}"):
        try:
            return ImageFont.truetype(candidate, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def write_handout(path: Path, title: str, spine_image: Path, paragraphs: list[str], red_flags: list[str],
                  disclaimer: str, leg_image: Path | None = None) -> Path:
    """Lay out the page and write it as PNG or PDF (by suffix), atomically."""
    page = Image.new("RGB", A4_150DPI, "white")
    draw = ImageDraw.Draw(page)
    width = A4_150DPI[0] - 2 * MARGIN
    y = MARGIN
    draw.text((MARGIN, y), title, fill=(20, 30, 45), font=font(54, bold=True))
    y += 90
    pictures = [Image.open(p).convert("RGB") for p in (spine_image, leg_image) if p]
    slot = width // len(pictures) - (20 if len(pictures) > 1 else 0)
    height = 0
    for i, picture in enumerate(pictures):
        picture.thumbnail((slot, 720))
        page.paste(picture, (MARGIN + i * (slot + 40), y))
        height = max(height, picture.height)
    y += height + 40
    body = font(30)
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, 68):
            draw.text((MARGIN, y), line, fill=(25, 25, 25), font=body)
            y += 40
        y += 18
    if red_flags:
        draw.text((MARGIN, y), "Get medical help at once if:", fill=(170, 30, 30), font=font(32, bold=True))
        y += 50
        for flag in red_flags:
            for j, line in enumerate(textwrap.wrap(flag, 64)):
                draw.text((MARGIN + 10, y), ("• " if j == 0 else "   ") + line, fill=(120, 20, 20), font=body)
                y += 40
            y += 10
    small = font(24)
    lines = textwrap.wrap(disclaimer, 90)
    y = max(y + 20, A4_150DPI[1] - MARGIN - 32 * len(lines))
    for line in lines:
        draw.text((MARGIN, y), line, fill=(90, 90, 90), font=small)
        y += 32
    path = Path(path)
    with atomic_path(path) as tmp:
        page.save(tmp, format="PDF" if path.suffix.lower() == ".pdf" else "PNG", resolution=150.0)
    return path
