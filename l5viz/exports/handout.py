"""A handout for a patient (one A4 portrait page, two when the words need it; PNG or PDF): pictures, plain
words, red flags, the "education, not diagnosis" notice.

Every sentence on it comes from the caller, in the handout's language: the patient's texts (taken from
annotations/), and the handout's own words (HandoutWords: the red flags' heading, the notice's fallback, the PDF's
subject), by default those of the language spoken now. The notice defaults to the lay
disclaimer of the exam content (annotations/clinical/exam.json). This module only lays the page out and paints it.

The page is laid out once, in pixels of an A4 page at 150 dpi, as text lines, pictures and rules in reading order
(title, pictures, caption, paragraphs, red flags, notice), measured with the fonts' own metrics. Pillow paints that
layout into the PNG; reportlab into the PDF, where text is text in an embedded DejaVu Sans (selectable, searchable,
read in that order) and the document carries its language (/Lang), title, author, creator and subject.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from l5viz.exports.files import atomic_path
from l5viz.fonts import font_file
from l5viz.state import SceneState

DPI = 150
A4_150DPI = (1240, 1754)  # 210 x 297 mm at 150 dpi
POINTS_PER_PIXEL = 72 / DPI
MARGIN = 90
WIDTH = A4_150DPI[0] - 2 * MARGIN
PICTURE_GAP = 40
MAX_PICTURE_HEIGHT = 720
MIN_PICTURE_HEIGHT = 320
# Tried in turn until one page holds everything. Below 24 px (11.5 pt) the text goes on to a second page instead
# of shrinking: a patient, often an older one, reads it (a modelling choice).
BODY_SIZES = (30, 27, 24)
MAX_PAGES = 2  # a handout, not a booklet: more is refused
MIN_LINES_APART = 2  # a paragraph split over two pages leaves at least this many lines on each
INK, RED, DARK_RED, GREY, TITLE_INK = (25, 25, 25), (170, 30, 30), (120, 20, 20), (90, 90, 90), (20, 30, 45)
BULLET = "\u2022 "
BUILT_IN_FONTS = {False: "Helvetica", True: "Helvetica-Bold"}  # PDF's standard fonts: Latin-1, so Spanish too
AUTHOR = "l5viz"

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class HandoutWords:
    """The handout's own words, in the handout's language: the caller takes them from annotations/, as it takes
    the patient's texts."""

    red_flags_heading: str  # above the red flags
    fallback_notice: str  # the notice when the caller gives none and the exam's lay disclaimer cannot be read
    subject: str  # the PDF's subject, in the document's properties

    @classmethod
    def spoken(cls) -> "HandoutWords":
        """The words of the language spoken now (annotations/locales/<language>/report_texts.json)."""
        from l5viz.report.vocabulary import default_vocabulary

        return cls(**default_vocabulary().texts["handout"]["words"])


def pdf_font(bold: bool) -> str:
    """reportlab's name for the face: DejaVu Sans registered from its file (the PDF embeds the glyphs it uses), or,
    where no DejaVu Sans is found, the built-in Helvetica (not embedded)."""
    path = font_file(bold)
    if path is None:
        return BUILT_IN_FONTS[bold]
    name = f"l5viz-{path.stem}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


@dataclass(frozen=True)
class Face:
    """A font at a size in page pixels; measured by reportlab's metrics, so both painters draw one layout."""

    size: int
    bold: bool = False

    def width(self, text: str) -> float:
        return pdfmetrics.stringWidth(text, pdf_font(self.bold), self.size)

    @property
    def ascent(self) -> float:
        return pdfmetrics.getAscent(pdf_font(self.bold), self.size)

    @property
    def line_height(self) -> int:
        return round(self.size * 1.33)

    def pillow(self) -> ImageFont.FreeTypeFont:
        path = font_file(self.bold)
        return ImageFont.truetype(str(path), self.size) if path else ImageFont.load_default(size=self.size)


@dataclass(frozen=True)
class TextLine:
    x: float
    baseline: float
    text: str
    face: Face
    fill: RGB


@dataclass(frozen=True)
class Picture:
    x: int
    y: int
    image: Image.Image  # at its size on the page, in pixels


@dataclass(frozen=True)
class Rule:
    x0: int
    x1: int
    y: int
    width: int
    fill: RGB


Item = TextLine | Picture | Rule


def wrap(text: str, face: Face, width: float) -> list[str]:
    """Greedy word wrap by rendered width (a word longer than the line is left whole)."""
    lines: list[str] = []
    for part in text.splitlines() or [""]:
        line = ""
        for word in part.split():
            trial = f"{line} {word}".strip()
            if line and face.width(trial) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


@dataclass
class Block:
    """Lines of one style; `gap` is the space after the block; lines after the first start `hang` further in
    (past a bullet)."""

    lines: list[str]
    face: Face
    fill: RGB
    indent: int = 0
    gap: int = 0
    hang: float = 0

    @classmethod
    def of(cls, text: str, face: Face, fill: RGB, gap: int = 0) -> Block:
        return cls(wrap(text, face, WIDTH), face, fill, gap=gap)

    @property
    def height(self) -> int:
        return self.face.line_height * len(self.lines) + self.gap

    def split(self, lines: int) -> tuple[Block | None, Block]:
        """At most the first `lines` lines and the rest, each keeping at least MIN_LINES_APART (no lone line at the
        foot or the head of a page), or (None, self). The rest keeps a bullet's hang as its indent."""
        lines = min(lines, len(self.lines) - MIN_LINES_APART)
        if lines < MIN_LINES_APART:
            return None, self
        return (replace(self, lines=self.lines[:lines], gap=0),
                replace(self, lines=self.lines[lines:], indent=self.indent + round(self.hang), hang=0))

    def placed(self, top: float) -> list[TextLine]:
        return [TextLine(MARGIN + self.indent + (self.hang if i else 0), top + i * self.face.line_height
                         + self.face.ascent, line, self.face, self.fill) for i, line in enumerate(self.lines)]


def text_blocks(paragraphs: list[str], red_flags: list[str], size: int, heading: str) -> list[Block]:
    body, blocks = Face(size), []
    for paragraph in paragraphs:
        blocks.append(Block.of(paragraph, body, INK, gap=size // 2))
    if red_flags:
        blocks.append(Block.of(heading, Face(size + 2, bold=True), RED, gap=size // 4))
        hang = body.width(BULLET)
        for flag in red_flags:
            lines = wrap(flag, body, WIDTH - 10 - hang)
            blocks.append(Block([BULLET + lines[0]] + lines[1:], body, DARK_RED, indent=10, gap=size // 4, hang=hang))
    return blocks


def lay_out(name: str, title: str, pictures: list[Image.Image], paragraphs: list[str], red_flags: list[str],
            notice: str, caption: str | None, words: HandoutWords) -> list[list[Item]]:
    """The pages' items in reading order. Pictures share the width side by side; their height gives way (down to
    MIN_PICTURE_HEIGHT), then the text size, so everything fits one page; what still does not fit goes on to a
    second page, paragraph by paragraph, the notice at the foot of each. ValueError (naming the file `name`) when
    even MAX_PAGES do not hold it."""
    title_block = Block.of(title, Face(54, bold=True), TITLE_INK, gap=36)
    notice_block = Block.of(notice, Face(22), GREY)
    caption_block = Block.of(caption, Face(24, bold=True), TITLE_INK, gap=PICTURE_GAP // 2) if caption else None
    notice_top = A4_150DPI[1] - MARGIN - notice_block.height
    bottom = notice_top - 24  # the text stops above the notice's rule
    free = bottom - MARGIN - title_block.height - PICTURE_GAP - (caption_block.height if caption_block else 0)
    for size in BODY_SIZES:
        blocks = text_blocks(paragraphs, red_flags, size, words.red_flags_heading)
        picture_height = min(MAX_PICTURE_HEIGHT, free - sum(b.height for b in blocks))
        if picture_height >= MIN_PICTURE_HEIGHT or not pictures and picture_height >= 0:
            break
    else:
        picture_height = MAX_PICTURE_HEIGHT  # the text runs on to the next page: the pictures keep their size
    pages: list[list[Item]] = [[*title_block.placed(MARGIN)]]
    y = MARGIN + title_block.height
    if pictures:
        placed = placed_pictures(pictures, y, picture_height)
        pages[0] += placed
        y += max(p.image.height for p in placed) + PICTURE_GAP
    if caption_block:
        y -= PICTURE_GAP // 2
        pages[0] += caption_block.placed(y)
        y += caption_block.height
    queue = list(blocks)
    while queue:
        block = queue.pop(0)
        if y + block.height - block.gap > bottom:
            head, tail = block.split(int((bottom - y) // block.face.line_height))
            if head:  # the lines that fit end this page; the rest opens the next
                pages[-1] += head.placed(y)
                queue.insert(0, tail)
                block = queue.pop(0)
            pages.append([])
            y = MARGIN
        if len(pages) > MAX_PAGES or y + block.height - block.gap > bottom:
            raise ValueError(f"handout {name}: the text does not fit {MAX_PAGES} page(s) even at {BODY_SIZES[-1]} px; "
                             "shorten the paragraphs or red flags")
        pages[-1] += block.placed(y)
        y += block.height
    for page in pages:
        page += [Rule(MARGIN, A4_150DPI[0] - MARGIN, notice_top - 12, 2, GREY), *notice_block.placed(notice_top)]
    return pages


def placed_pictures(pictures: list[Image.Image], y: int, height: int) -> list[Picture]:
    """Side by side, each scaled to fit its share of the width and `height`, centred in its share."""
    share = (WIDTH - PICTURE_GAP * (len(pictures) - 1)) // len(pictures)
    placed = []
    for i, picture in enumerate(pictures):
        picture = picture.copy()
        picture.thumbnail((share, height), Image.Resampling.LANCZOS)
        placed.append(Picture(MARGIN + i * (share + PICTURE_GAP) + (share - picture.width) // 2, y, picture))
    return placed


def paint_png(pages: list[list[Item]], path: Path) -> None:
    """The pages one below the other in one picture (a PNG has no pages)."""
    width, height = A4_150DPI
    sheet = Image.new("RGB", (width, height * len(pages)), "white")
    draw = ImageDraw.Draw(sheet)
    fonts: dict[Face, ImageFont.FreeTypeFont] = {}
    for number, items in enumerate(pages):
        top = number * height
        for item in items:
            match item:
                case TextLine():
                    font = fonts.setdefault(item.face, item.face.pillow())
                    draw.text((item.x, top + item.baseline), item.text, fill=item.fill, font=font, anchor="ls")
                case Picture():
                    sheet.paste(item.image, (item.x, top + item.y))
                case Rule():
                    draw.line((item.x0, top + item.y, item.x1, top + item.y), fill=item.fill, width=item.width)
    sheet.save(path, format="PNG", dpi=(DPI, DPI))


def paint_pdf(pages: list[list[Item]], path: Path, title: str, words: HandoutWords, language: str) -> None:
    """The layout on A4 pages (pixels scaled to points from each page's top left), drawn in reading order."""
    from l5viz import __version__

    pdf = Canvas(str(path), pagesize=A4, lang=language, pageCompression=1, initialFontName=pdf_font(False))
    pdf.setTitle(title)
    pdf.setAuthor(AUTHOR)
    pdf.setCreator(f"l5viz {__version__}")
    pdf.setSubject(words.subject)
    pdf.setViewerPreference("DisplayDocTitle", "true")  # a reader's window and a screen reader name the title

    def at(x: float, y: float) -> tuple[float, float]:
        return x * POINTS_PER_PIXEL, A4[1] - y * POINTS_PER_PIXEL

    for items in pages:
        for item in items:
            match item:
                case TextLine():
                    pdf.setFont(pdf_font(item.face.bold), item.face.size * POINTS_PER_PIXEL)
                    pdf.setFillColorRGB(*(c / 255 for c in item.fill))
                    pdf.drawString(*at(item.x, item.baseline), item.text)
                case Picture():
                    width, height = item.image.size
                    pdf.drawImage(ImageReader(item.image), *at(item.x, item.y + height),
                                  width * POINTS_PER_PIXEL, height * POINTS_PER_PIXEL)
                case Rule():
                    pdf.setStrokeColorRGB(*(c / 255 for c in item.fill))
                    pdf.setLineWidth(item.width * POINTS_PER_PIXEL)
                    pdf.line(*at(item.x0, item.y), *at(item.x1, item.y))
        pdf.showPage()
    pdf.save()


def write_handout(path: Path, title: str, spine_image: Path | Image.Image, paragraphs: list[str],
                  red_flags: list[str], disclaimer: str | None = None,
                  body_image: Path | Image.Image | None = None, caption: str | None = None, *,
                  words: HandoutWords | None = None, language: str | None = None) -> Path:
    """Lay out the page and write it as PNG or PDF (by suffix), atomically; `caption`, in bold under the
    pictures, says how to read them (which side is the patient's right, that it is a model). `words` and
    `language` (a BCP 47 code such as "es", the PDF's) are by default those of the language spoken now.

    ValueError (naming the file) for an unknown suffix or a text that does not fit MAX_PAGES pages (see lay_out).
    """
    from l5viz.content.locale import language as app_language

    path = Path(path)
    if path.suffix.lower() not in (".png", ".pdf"):
        raise ValueError(f"handout {path.name}: unknown format {path.suffix!r}; valid: .png, .pdf")
    words = words or HandoutWords.spoken()
    notice = disclaimer if disclaimer is not None else lay_disclaimer(words.fallback_notice)
    pictures = [p if isinstance(p, Image.Image) else Image.open(p) for p in (spine_image, body_image) if p is not None]
    pictures = [trim(p.convert("RGB")) for p in pictures]
    pages = lay_out(path.name, title, pictures, paragraphs, red_flags, notice, caption, words)
    with atomic_path(path) as tmp:
        if path.suffix.lower() == ".pdf":
            paint_pdf(pages, tmp, title, words, language or app_language())
        else:
            paint_png(pages, tmp)
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


def lay_disclaimer(fallback: str) -> str:
    """The lay notice of the exam content (annotations/clinical/exam.json); `fallback` (problems on stderr) if
    unreadable."""
    from l5viz.content.clinical import load_exam

    exam, problems = load_exam()
    for problem in problems:
        print(problem, file=sys.stderr)
    return ((exam or {}).get("disclaimer") or {}).get("plain") or fallback


def render_handout(path: Path, state: SceneState, title: str, paragraphs: list[str], red_flags: list[str],
                   disclaimer: str | None = None, body_image: Path | Image.Image | None = None,
                   view: str | None = None, caption: str | None = None, *, words: HandoutWords | None = None,
                   language: str | None = None) -> Path:
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
                             caption, words=words, language=language)
