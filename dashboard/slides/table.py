"""A native form's table (the facts box, the cards) as a PowerPoint table: a header row, then text, at the largest
size that lets every row fit the box."""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from .text import LINE, fill_frame, lines_at

HEAD_FILL = RGBColor(0xE8, 0xEE, 0xF4)
BODY_FILL = RGBColor(0xFF, 0xFF, 0xFF)
CELL_PAD = Inches(0.06)
LARGEST, SMALLEST = 14.0, 8.0
CELL_EM = 0.45  # small text in narrow cells: measured against LibreOffice's rendering of the sources table


def column_widths(rows: tuple[tuple[str, ...], ...], width: Emu) -> list[Emu]:
    """Each column as wide as its longest text asks, within a quarter and three times an equal share."""
    count = len(rows[0])
    share = width / count
    wants = [max(len(row[i]) for row in rows) for i in range(count)]
    total = sum(wants) or 1
    raw = [min(max(width * want / total, share / 4), share * 3) for want in wants]
    scale = width / sum(raw)
    return [Emu(int(w * scale)) for w in raw]


def table_height(rows: tuple[tuple[str, ...], ...], widths: list[Emu], size: float) -> Emu:
    total = 0
    for row in rows:
        lines = max(lines_at(cell, Emu(w - 2 * CELL_PAD), size, CELL_EM) for cell, w in zip(row, widths, strict=True))
        total += int(Pt(lines * size * LINE)) + 2 * CELL_PAD
    return Emu(int(total))


def add_table(slide, rows: tuple[tuple[str, ...], ...], left: Emu, top: Emu, width: Emu, height: Emu,
              lang: str) -> float:
    """The table in the box at the largest size that fits it; -> that size."""
    widths = column_widths(rows, width)
    size = LARGEST
    while size > SMALLEST and table_height(rows, widths, size) > height:
        size -= 0.5
    fill_table(slide, rows, widths, left, top, size, lang)
    return size


def fill_table(slide, rows: tuple[tuple[str, ...], ...], widths: list[Emu], left: Emu, top: Emu, size: float,
               lang: str, links: dict[tuple[int, int], str] | None = None) -> None:
    """The table with its header shaded; `links`: (row, column) -> the address that cell's text links to."""
    shape = slide.shapes.add_table(len(rows), len(widths), left, top, Emu(sum(widths)),
                                   table_height(rows, widths, size))
    table = shape.table
    for index, column_width in enumerate(widths):
        table.columns[index].width = column_width
    for r, row in enumerate(rows):
        table.rows[r].height = Emu(int(Pt(size * LINE)) + 2 * CELL_PAD)  # a minimum: the suite grows it to the text
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = cell.margin_top = cell.margin_bottom = CELL_PAD
            cell.fill.solid()
            cell.fill.fore_color.rgb = HEAD_FILL if r == 0 else BODY_FILL
            link = (links or {}).get((r, c))
            fill_frame(cell.text_frame, text.split("\n"), lang, size, bold=r == 0, links={0: link} if link else None)
