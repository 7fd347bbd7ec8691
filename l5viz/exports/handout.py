"""A one-page handout for a patient (A4 portrait at 150 dpi, PNG or PDF): pictures, plain words, red flags,
the "education, not diagnosis" notice.

Every sentence on it comes from the caller, who takes it from annotations/ (lay texts); the notice defaults
to the lay disclaimer of annotations/clinical/exam.json. This module only renders and lays the page out.
Pillow writes both formats (the PDF holds the page as one picture, so its text is not selectable).
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

from l5viz.exports.files import atomic_path
from l5viz.state import SceneState

DPI = 150
A4_150DPI = (1240, 1754)  # 210 x 297 mm at 150 dpi
MARGIN = 90
WIDTH = A4_150DPI[0] - 2 * MARGIN
PICTURE_GAP = 40
MAX_PICTURE_HEIGHT = 720
MIN_PICTURE_HEIGHT = 320
BODY_SIZES = (30, 27, 24, 21, 18)  # tried in turn until the page holds everything
FALLBACK_NOTICE = "For education, not diagnosis."
INK, RED, DARK_RED, GREY, TITLE_INK = (25, 25, 25), (170, 30, 30), (120, 20, 20), (90, 90, 90), (20, 30, 45)
RED_FLAGS_HEADING = "Get medical help at once if:"


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for candidate in (name, f"/usr/share/fonts/truetype/dejavu/{name}"):
        try:
            return ImageFont.truetype(candidate, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap by rendered width (a word longer than the line is left whole)."""
    lines: list[str] = []
    for part in text.splitlines() or [""]:
        line = ""
        for word in part.split():
            trial = f"{line} {word}".strip()
            if line and face.getlength(trial) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


@dataclass
class Block:
    """Lines of one style; `gap` is the space after the block."""

    lines: list[str]
    face: ImageFont.FreeTypeFont
    fill: tuple[int, int, int]
    indent: int = 0
    gap: int = 0

    @property
    def line_height(self) -> int:
        return round(self.face.size * 1.33)

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines) + self.gap


def text_blocks(paragraphs: list[str], red_flags: list[str], size: int) -> list[Block]:
    body, blocks = font(size), []
    for paragraph in paragraphs:
        blocks.append(Block(wrap(paragraph, body, WIDTH), body, INK, gap=size // 2))
    if red_flags:
        blocks.append(Block([RED_FLAGS_HEADING], font(size + 2, bold=True), RED, gap=size // 4))
        bullet = round(body.getlength("• "))
        for flag in red_flags:
            lines = wrap(flag, body, WIDTH - 10 - bullet)
            blocks.append(Block(["• " + lines[0]] + lines[1:], body, DARK_RED, indent=10, gap=size // 4))
    return blocks


def draw_block(draw: ImageDraw.ImageDraw, block: Block, y: int) -> int:
    hang = round(block.face.getlength("• ")) if block.lines and block.lines[0].startswith("• ") else 0
    for i, line in enumerate(block.lines):
        draw.text((MARGIN + block.indent + (hang if i else 0), y), line, fill=block.fill, font=block.face)
        y += block.line_height
    return y + block.gap


def write_handout(path: Path, title: str, spine_image: Path | Image.Image, paragraphs: list[str],
                  red_flags: list[str], disclaimer: str | None = None,
                  body_image: Path | Image.Image | None = None, caption: str | None = None) -> Path:
    """Lay out the page and write it as PNG or PDF (by suffix), atomically; `caption`, in bold under the
    pictures, says how to read them (which side is the patient's right, that it is a model).

    Pictures share the width side by side; their height gives way (down to MIN_PICTURE_HEIGHT), then the
    text size, so everything fits one page. ValueError (naming the file) when even that does not fit.
    """
    path = Path(path)
    if path.suffix.lower() not in (".png", ".pdf"):
        raise ValueError(f"handout {path.name}: unknown format {path.suffix!r}; valid: .png, .pdf")
    notice = disclaimer if disclaimer is not None else lay_disclaimer()
    pictures = [p if isinstance(p, Image.Image) else Image.open(p) for p in (spine_image, body_image) if p is not None]
    pictures = [trim(p.convert("RGB")) for p in pictures]
    title_block = Block(wrap(title, font(54, bold=True), WIDTH), font(54, bold=True), TITLE_INK, gap=36)
    notice_block = Block(wrap(notice, font(22), WIDTH), font(22), GREY)
    caption_block = Block(wrap(caption, font(24, bold=True), WIDTH), font(24, bold=True), TITLE_INK,
                          gap=PICTURE_GAP // 2) if caption else None
    free = A4_150DPI[1] - 2 * MARGIN - title_block.height - notice_block.height - PICTURE_GAP - 24 \
        - (caption_block.height if caption_block else 0)
    for size in BODY_SIZES:
        blocks = text_blocks(paragraphs, red_flags, size)
        text_height = sum(b.height for b in blocks)
        picture_height = min(MAX_PICTURE_HEIGHT, free - text_height)
        if picture_height >= MIN_PICTURE_HEIGHT or not pictures and text_height <= free:
            break
    else:
        raise ValueError(f"handout {path.name}: the text does not fit one page even at {BODY_SIZES[-1]} px; "
                         "shorten the paragraphs or red flags")
    page = Image.new("RGB", A4_150DPI, "white")
    draw = ImageDraw.Draw(page)
    y = draw_block(draw, title_block, MARGIN)
    y = paste_pictures(page, pictures, y, picture_height) if pictures else y
    if caption_block:
        y = draw_block(draw, caption_block, y - PICTURE_GAP // 2)
    for block in blocks:
        y = draw_block(draw, block, y)
    draw.line((MARGIN, A4_150DPI[1] - MARGIN - notice_block.height - 12,
               A4_150DPI[0] - MARGIN, A4_150DPI[1] - MARGIN - notice_block.height - 12), fill=GREY, width=2)
    draw_block(draw, notice_block, A4_150DPI[1] - MARGIN - notice_block.height)
    with atomic_path(path) as tmp:
        page.save(tmp, format="PDF" if path.suffix.lower() == ".pdf" else "PNG", resolution=float(DPI))
    return path


def trim(picture: Image.Image, pad: int = 12) -> Image.Image:
    """Cut the plain background (the corner pixel's colour) around the subject, keeping a small margin."""
    background = Image.new("RGB", picture.size, picture.getpixel((0, 0)))
    box = ImageChops.difference(picture, background).convert("L").point(lambda v: 255 if v > 12 else 0).getbbox()
    if box is None:
        return picture
    left, top, right, bottom = box
    return picture.crop((max(0, left - pad), max(0, top - pad), min(picture.width, right + pad),
                         min(picture.height, bottom + pad)))


def paste_pictures(page: Image.Image, pictures: list[Image.Image], y: int, height: int) -> int:
    """Side by side, each scaled to fit its share of the width and `height`, centred in its share."""
    share = (WIDTH - PICTURE_GAP * (len(pictures) - 1)) // len(pictures)
    tallest = 0
    for i, picture in enumerate(pictures):
        picture = picture.copy()
        picture.thumbnail((share, height), Image.Resampling.LANCZOS)
        x = MARGIN + i * (share + PICTURE_GAP) + (share - picture.width) // 2
        page.paste(picture, (x, y))
        tallest = max(tallest, picture.height)
    return y + tallest + PICTURE_GAP


def lay_disclaimer() -> str:
    """The lay notice of annotations/clinical/exam.json; a short fallback (problems on stderr) if unreadable."""
    from l5viz.content.clinical import load_exam

    exam, problems = load_exam()
    for problem in problems:
        print(problem, file=sys.stderr)
    return ((exam or {}).get("disclaimer") or {}).get("plain") or FALLBACK_NOTICE


def render_handout(path: Path, state: SceneState, title: str, paragraphs: list[str], red_flags: list[str],
                   disclaimer: str | None = None, body_image: Path | Image.Image | None = None,
                   view: str | None = None, caption: str | None = None) -> Path:
    """Render the spine headless (white background, `state`'s overlays, `view` or the state's view) and
    write the handout with it and `body_image` if given. `state` itself is left untouched."""
    from l5viz.render.offscreen import render_figure

    picture_state = SceneState()
    picture_state.load_dict(state.to_dict())
    if view is not None:
        picture_state.set_view(view)
    share = WIDTH if body_image is None else (WIDTH - PICTURE_GAP) // 2
    with tempfile.TemporaryDirectory(prefix="l5viz-handout-") as folder:
        picture = Path(folder) / "spine.png"
        render_figure(picture, size=(share, MAX_PICTURE_HEIGHT), white=True, state=picture_state, layout="spine")
        return write_handout(path, title, Image.open(picture), paragraphs, red_flags, disclaimer, body_image,
                             caption)
