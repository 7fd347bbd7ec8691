"""The handout's PDF holds real text a screen reader can read: extractable, in reading order, in an embedded
font, with the document's language, and the pictures as images."""

from __future__ import annotations

import pytest
from PIL import Image
from pypdf import PdfReader

from l5viz.content import locale
from l5viz.exports import handout
from l5viz.exports.handout import BULLET, HandoutWords, write_handout

SPANISH = HandoutWords(red_flags_heading="Busque ayuda médica de inmediato si:",
                       fallback_notice="Para educación, no para diagnóstico.",
                       subject="Hoja para el paciente")
SPANISH_TEXTS = dict(
    title="Hernia discal L4-L5 derecha: ¿qué significa para mí?",
    caption="Un modelo, no su resonancia: su lado derecho está a la izquierda de la imagen.",
    paragraphs=["La raíz nerviosa L5 sale de la columna por un pequeño orificio entre dos vértebras. Cuando el "
                "disco se sale de su sitio, puede apretar la raíz y causar dolor en la pierna.",
                "¿Le duele la pierna al caminar? ¡Muévase con calma! La mayoría mejora en unas semanas, "
                "año tras año."],
    red_flags=["Pierde el control de la vejiga o del intestino.",
               "Siente adormecimiento entre las piernas, o una debilidad que empeora día a día."],
    disclaimer="Para educación, no para diagnóstico. Hable con su médico o su enfermera (señora Muñoz).",
)


def pictures() -> tuple[Image.Image, Image.Image]:
    spine = Image.new("RGB", (800, 500), "white")
    spine.paste((40, 60, 90), (100, 80, 700, 420))
    leg = Image.new("RGB", (300, 600), "white")
    leg.paste((230, 200, 180), (100, 50, 200, 550))
    return spine, leg


def page_text(path) -> str:
    """The page's text as a reader extracts it, its line breaks and spacing folded to single spaces."""
    return " ".join(PdfReader(path).pages[0].extract_text().split())


def embedded_fonts(path) -> dict[str, bool]:
    """Each font the page uses: whether its file is embedded in the PDF."""
    fonts = PdfReader(path).pages[0]["/Resources"]["/Font"]
    found = {}
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font.get("/FontDescriptor")
        found[str(font["/BaseFont"])] = descriptor is not None and any(
            key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def test_pdf_text_extracts_in_reading_order_with_language_metadata_fonts_and_images(tmp_path):
    spine, leg = pictures()
    paragraphs = ["The nerve root leaves the spine through a small opening between two bones. " * 3,
                  "Most people get better within weeks."]
    flags = ["You cannot pass water or control your bowels.", "Numbness between your legs."]
    out = write_handout(tmp_path / "handout.pdf", "Right L4-5 disc herniation", spine, paragraphs, flags,
                        "For education, not diagnosis.", body_image=leg, caption="A model, not your scan.",
                        language="en-GB")
    text = page_text(out)
    expected = ["Right L4-5 disc herniation", "A model, not your scan.", *(" ".join(p.split()) for p in paragraphs),
                HandoutWords.spoken().red_flags_heading, *(BULLET + flag for flag in flags),
                "For education, not diagnosis."]
    positions = [text.find(sentence) for sentence in expected]
    assert -1 not in positions, [s for s, p in zip(expected, positions) if p < 0]
    assert positions == sorted(positions)  # title, caption, paragraphs, red flags, notice
    reader = PdfReader(out)
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata.title == "Right L4-5 disc herniation" and reader.metadata.author == "l5viz"
    assert reader.metadata.subject == HandoutWords.spoken().subject and reader.metadata.creator.startswith("l5viz ")
    fonts = embedded_fonts(out)
    assert fonts and all(fonts.values()) and all("DejaVuSans" in name for name in fonts), fonts
    assert len(reader.pages[0].images) == 2  # the two pictures, as images; the text is not one
    assert not list(tmp_path.glob(".*"))  # written atomically: no temporary file left


def test_spanish_handout_extracts_exactly_in_the_app_language(tmp_path, monkeypatch):
    monkeypatch.setattr(locale, "_language", "es")
    spine, leg = pictures()
    out = write_handout(tmp_path / "hoja.pdf", spine_image=spine, body_image=leg, words=SPANISH, **SPANISH_TEXTS)
    t = SPANISH_TEXTS
    expected = [t["title"], t["caption"], *t["paragraphs"], SPANISH.red_flags_heading,
                *(BULLET + flag for flag in t["red_flags"]), t["disclaimer"]]
    assert page_text(out) == " ".join(expected)
    reader = PdfReader(out)
    assert reader.trailer["/Root"]["/Lang"] == "es" and reader.metadata.subject == SPANISH.subject


def test_without_dejavu_sans_the_pdf_still_reads_in_spanish(tmp_path, monkeypatch):
    """No DejaVu Sans anywhere (it comes with matplotlib, which pyvista requires): the PDF falls back on its
    built-in Helvetica, whose Latin-1 holds the Spanish letters, and the PNG on Pillow's own font."""
    monkeypatch.setattr(handout, "font_file", lambda bold: None)
    spine, _ = pictures()
    texts = {**SPANISH_TEXTS, "paragraphs": SPANISH_TEXTS["paragraphs"][1:]}
    out = write_handout(tmp_path / "hoja.pdf", spine_image=spine, words=SPANISH, language="es", **texts)
    assert "¿Le duele la pierna al caminar? ¡Muévase con calma!" in page_text(out)
    assert set(embedded_fonts(out)) == {"/Helvetica", "/Helvetica-Bold"}
    png = write_handout(tmp_path / "hoja.png", spine_image=spine, words=SPANISH, **texts)
    assert Image.open(png).size == handout.A4_150DPI


def test_a_pdf_too_long_for_its_page_is_refused_and_not_written(tmp_path):
    spine, _ = pictures()
    words = "The nerve root leaves the spine through a small opening between two bones. "
    with pytest.raises(ValueError, match=r"handout long.pdf: the text does not fit 2 page\(s\)"):
        write_handout(tmp_path / "long.pdf", "Title", spine, [words * 40] * 6, [], "Notice.")
    assert list(tmp_path.iterdir()) == []
