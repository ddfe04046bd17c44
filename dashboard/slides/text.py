"""Text on slides: one font every office suite has, sizes chosen so a text fits its box, the page's language.

python-pptx cannot measure text, so a box's height comes from an estimate of how many lines its text wraps to at a
size (a generous average character width for Arial's Latin and Cyrillic letters); a box whose text would not fit
takes a smaller size, down to a floor that stays legible on a projected slide.
"""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ..exports import CONTROL_RUN

FONT = "Arial"  # Windows and macOS have it; LibreOffice maps it to Liberation Sans (same widths, Kyrgyz letters too)
LANGUAGE_TAG = {"en": "en-GB", "ru": "ru-RU", "ky": "ky-KG"}  # spelling and hyphenation in the reader's language
INK = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x5F, 0x6B, 0x7A)
CHAR_EM = 0.56  # average width of a character in em (Arial, mixed case, Cyrillic a little wider than Latin)
LINE = 1.2  # line height in em
PAD = Inches(0.05)  # a text box's inner margins


def clean(text: str, limit: int | None = None) -> str:
    """Text fit for a slide: control characters (which the file format cannot hold, and which could only come from
    a hostile link) as one space, and at most `limit` characters."""
    text = CONTROL_RUN.sub(" ", str(text))
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def clean_lines(text: str) -> str:
    """clean(), keeping the line breaks between paragraphs (slide notes)."""
    return "\n".join(clean(line) for line in str(text).split("\n"))


def lines_at(text: str, width: Emu, size: float, em: float = CHAR_EM) -> int:
    """How many lines `text` takes at `size` pt in a box `width` wide: each paragraph wrapped at its spaces, a word
    longer than a line (an address) broken anywhere. `em`: the average character width assumed."""
    per_line = max(1, int(Emu(width - 2 * PAD).pt / (size * em)))
    total = 0
    for paragraph in text.split("\n"):
        count, used = 1, 0
        for word in paragraph.split():
            length = len(word)
            if used and used + 1 + length > per_line:
                count, used = count + 1, 0
            if length > per_line:
                count += (length - 1) // per_line
                length = length % per_line or per_line
            used += (1 if used else 0) + length
        total += count
    return total


def height_at(text: str, width: Emu, size: float) -> Emu:
    return Emu(int(Pt(lines_at(text, width, size) * size * LINE)) + 2 * PAD)


def fitting_size(text: str, width: Emu, height: Emu, largest: float, smallest: float) -> float:
    """The largest size (in half points) at which `text` fits the box, else the smallest."""
    size = largest
    while size > smallest and height_at(text, width, size) > height:
        size -= 0.5
    return size


def set_language(run_properties, lang: str) -> None:
    run_properties.set("lang", LANGUAGE_TAG.get(lang, "en-GB"))


def style_run(run, lang: str, size: float, *, bold: bool = False, colour: RGBColor = INK) -> None:
    font = run.font
    font.name, font.size, font.bold = FONT, Pt(size), bold
    font.color.rgb = colour
    set_language(run._r.get_or_add_rPr(), lang)


def fill_frame(frame, paragraphs: list[str], lang: str, size: float, *, bold: bool = False,
               colour: RGBColor = INK, links: dict[int, str] | None = None) -> None:
    """Write paragraphs into a text frame (one run each); `links`: paragraph index -> the address it links to."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = PAD
    for index, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = clean(text)
        style_run(run, lang, size, bold=bold, colour=colour)
        if links and index in links:
            run.hyperlink.address = links[index]


def text_box(slide, left: Emu, top: Emu, width: Emu, text: str, lang: str, size: float, *, bold: bool = False,
             colour: RGBColor = INK, link: str = "") -> Emu:
    """A box as tall as its text; -> its height."""
    paragraphs = text.split("\n")
    height = height_at(text, width, size)
    box = slide.shapes.add_textbox(left, top, width, height)
    fill_frame(box.text_frame, paragraphs, lang, size, bold=bold, colour=colour,
               links={len(paragraphs) - 1: link} if link else None)
    return height

