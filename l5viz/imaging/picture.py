"""An image as a viewer shows it: windowed grey levels with the series title, the orientation letters at
its edges and the notice that it is synthetic burned in (Pillow), for PNG files and figures."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from l5viz.imaging.formation import SyntheticImage, windowed

LETTER_COLOUR = (255, 221, 0)
TEXT_COLOUR = (235, 235, 235)
NOTICE_COLOUR = (255, 120, 90)


def _font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def annotated(image: SyntheticImage, title: str, notice: str, window: tuple[float, float] | None = None,
              width: int | None = None, box: tuple[int, int, int, int] | None = None) -> Image.Image:
    """RGB picture of one slice with its annotations; `width` enlarges it to that many pixels across
    (interpolated, as a viewer zooms); `box` (first row, end row, first column, end column) shows only that
    part of it, as a viewer's zoom does."""
    grey = windowed(image.pixels, window or image.window)
    if box is not None:
        grey = grey[box[0]:box[1], box[2]:box[3]]
    picture = Image.fromarray(np.repeat(grey[..., None], 3, axis=2), "RGB")
    if width and width != picture.width:
        picture = picture.resize((width, round(picture.height * width / picture.width)), Image.BICUBIC)
    draw = ImageDraw.Draw(picture)
    # Every text is outlined in black, so it reads over the bright fat and skin as over the dark air.
    outline = {"stroke_width": 2, "stroke_fill": (0, 0, 0)}
    size = max(14, picture.width // 28)
    big, small = _font(size), _font(max(11, size * 2 // 3))
    w, h = picture.size
    edges = image.plane.edge_letters()
    draw.text((6, h / 2), edges["left"], fill=LETTER_COLOUR, font=big, anchor="lm", **outline)
    draw.text((w - 6, h / 2), edges["right"], fill=LETTER_COLOUR, font=big, anchor="rm", **outline)
    draw.text((w / 2, 6), edges["top"], fill=LETTER_COLOUR, font=big, anchor="mt", **outline)
    draw.text((w / 2, h - 6), edges["bottom"], fill=LETTER_COLOUR, font=big, anchor="mb", **outline)
    width, level = window or image.window
    draw.text((6, 6), f"{title}\nslice {image.index + 1}", fill=TEXT_COLOUR, font=small, **outline)
    draw.text((w - 6, 6), f"W {width:.0f}  L {level:.0f}", fill=TEXT_COLOUR, font=small, anchor="ra", **outline)
    bottom = h - 6
    for line in reversed([part.strip() for part in notice.replace(". ", ".\n").splitlines()]):
        draw.text((6, bottom), line, fill=NOTICE_COLOUR, font=small, anchor="lb", **outline)
        bottom -= small.size + 4
    return picture


def write_png(picture: Image.Image, path: Path) -> Path:
    """Write whole or not at all (a temporary name, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    picture.save(temporary, format="PNG")
    os.replace(temporary, path)
    return path
