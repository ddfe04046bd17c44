"""One look for every chart: template, colour-blind-safe palette, and provenance written inside the figure.

Provenance lives in the figure (title, unit, source line, data date) so that an exported PNG/SVG carries it.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ..i18n import separators

FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"
INK = "#1f2933"
MUTED = "#5f6b7a"
GRID = "#e3e7ec"
NO_DATA = "#eceff3"
HOME = "#b2182b"  # Kyrgyzstan on maps, the selected-year marker on charts
# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
OTHER = "#9aa5b1"
# starts at a clear blue so the lowest value never looks like "no data" (white / pale grey with an outline)
SEQUENTIAL = [[0.0, "#a9c9e6"], [0.25, "#7aaed8"], [0.5, "#4a8cc4"], [0.75, "#2166ac"], [1.0, "#0b2f5e"]]
NO_DATA_FILL = "#ffffff"

TEMPLATE = {
    "layout": {
        "font": {"family": FONT, "size": 13, "color": INK},
        "colorway": list(PALETTE),
        "paper_bgcolor": "white", "plot_bgcolor": "white",
        # Tick labels are laid out inside the margins, so none runs past the chart: "allow" spares plotly.js
        # measuring every label after drawing it to hide those that would ("hide past div", its default), each
        # measurement a forced layout of the page (the seven charts' first drawings 250 ms instead of 293 ms).
        "xaxis": {"gridcolor": GRID, "linecolor": "#9aa5b1", "ticks": "outside", "showgrid": False, "zeroline": False,
                  "ticklabeloverflow": "allow"},
        "yaxis": {"gridcolor": GRID, "linecolor": "#9aa5b1", "zeroline": False, "rangemode": "tozero",
                  "ticklabeloverflow": "allow"},
        "hoverlabel": {"font": {"family": FONT, "size": 13}, "bgcolor": "white"},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0, "font": {"size": 12}},
        "dragmode": False,
    }
}


# the narrowest chart panel on a desktop page (half the grid at 1201 px; the country facts' third: facts.PAGE_PX);
# phones refit in 20-tools.js
PAGE_WIDTH = 500
LEGEND_TEXT_PX = 280  # the widest legend entry text: whole on a 390 px phone, with its symbol and padding
SOURCE_SIZE, LEGEND_SIZE = 11, 12
# the server's image renderer has no Noto Sans and falls back to DejaVu Sans, about a sixth wider
EXPORT_FONT_SCALE = 1.2


@lru_cache(maxsize=65536)  # a figure measures the same titles, legends and lines again and again
def text_px(text: str, size: float, bold: bool = False) -> float:
    """The width of a line of text in px, estimated per character from Noto Sans' advance widths (a little wide, so
    that an estimate never cuts): Cyrillic and Latin letters alike, since ru and ky lines run longer than English."""
    return ems(0.0, re.sub(r"<[^>]+>", "", text)) * size * (1.08 if bold else 1.0)


# Noto Sans' advance widths of the wide signs our texts use ("61 % (по данным", "женщины — 39 %"), in em: counted
# as narrow punctuation (0.38 em), a phone's legend line of two dashes and two percent signs ran 26 px past its edge
WIDE_SIGNS = {"—": 1.0, "–": 0.5, "%": 0.82, "\u2212": 0.58}  # the minus sign as wide as a digit


def ems(em: float, text: str) -> float:
    """`em` plus the advance widths of text's characters, in em, added one by one from the left: a line's width
    carried on over the words added to it is the very sum text_px works out for the whole line."""
    for ch in text:
        if ch in WIDE_SIGNS:
            em += WIDE_SIGNS[ch]
        elif ch == " ":
            em += 0.27
        elif ch.isdigit():
            em += 0.58
        elif ch.isupper():
            em += 0.68
        elif ch.isalpha():
            em += 0.57
        else:
            em += 0.38
    return em


@lru_cache(maxsize=8192)
def wrap_px(text: str, width_px: float, size: float, bold: bool = False, scale: float = 1.0) -> str:
    """Break text into lines no wider than width_px (plotly wraps neither annotations, titles nor legend entries)."""
    words = text.replace("<br>", " ").split()
    if any("<" in word for word in words):  # markup is measured without its tags: each candidate line whole
        return greedy_lines(words, lambda line: text_px(line, size, bold) * scale > width_px)
    return fitted_lines(words, width_px, size, 1.08 if bold else 1.0, scale)


def fitted_lines(words: list[str], width_px: float, size: float, factor: float, scale: float) -> str:
    """greedy_lines with text_px's test (`text_px(line, size, bold) * scale > width_px`), without measuring each
    candidate line from its start: the line's width so far is carried on, the same sums and products in the same
    order, so the same breaks, for a fraction of the time (a title tried ~25 candidate lines of ~60 characters)."""
    lines, cur, cur_em = [], "", 0.0
    for word in words:
        if not cur:
            cur, cur_em = word, ems(0.0, word)
            continue
        longer = ems(cur_em + 0.27, word)  # cur, a space, word
        if longer * size * factor * scale > width_px:
            lines.append(cur)
            cur, cur_em = word, ems(0.0, word)
        else:
            cur, cur_em = f"{cur} {word}", longer
    lines.append(cur)
    return "<br>".join(lines)


def greedy_lines(words: list[str], too_wide) -> str:
    """Words onto lines, each as full as `too_wide(line)` allows (a word longer than a line stands alone)."""
    lines, cur = [], ""
    for word in words:
        if cur and too_wide(f"{cur} {word}"):
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    lines.append(cur)
    return "<br>".join(lines)


def legend_name(name: str) -> str:
    """A legend entry stacked on as many lines as it needs to fit a phone: plotly draws a horizontal legend's entry on
    one line and cuts it at the figure's edge, so a long source name ('... 2024 revision') lost the year that tells
    the lines apart."""
    return wrap_px(name, LEGEND_TEXT_PX, LEGEND_SIZE)


LEGEND_ITEM_GAP = 5  # plotly's gap between a horizontal legend's entries


def legend_px(names: list[str], width: float, scale: float = 1.0) -> int:
    """The height plotly gives a horizontal legend of these (already wrapped) entries in `width` px, the plot area's
    width, where plotly wraps it (components/legend/draw.js): every entry on one row when they all fit side by side,
    else in columns each as wide as the widest entry (text + 40 px of symbol and gap); a row as tall as its tallest
    entry. Packing the entries by their own widths counted a ten-entry legend as six rows it drew in ten."""
    if not names:
        return 0
    widths = [max(text_px(part, LEGEND_SIZE) for part in name.split("<br>")) * scale + 40 for name in names]
    lines = [name.count("<br>") + 1 for name in names]
    if sum(widths) + LEGEND_ITEM_GAP * (len(names) - 1) < width:
        rows = [lines]
    else:
        columns = max(1, math.ceil((width + LEGEND_ITEM_GAP) / (max(widths) + LEGEND_ITEM_GAP)) - 1)
        rows = [lines[i:i + columns] for i in range(0, len(lines), columns)]
    return sum(6 + 16 * max(row) for row in rows) + 10


MIN_PLOT_PX = 60
# plotly spaces every line of a title by the title font's line height (16 px x 1.3), the subtitle's 12 px lines too
TITLE_LINE_PX = 16 * 1.3
TITLE_CLEAR_PX = 24  # from the title's top (16 px down) to the plot: room for the plot's top tick label and air


def header_px(title_lines: int, subtitle_lines: int) -> int:
    """The top margin for a title and subtitle of these many lines: 20 px a title line and 16 a subtitle line, or
    more when that is short of the lines plotly draws (a subtitle of ten lines ran into the plot)."""
    lines = title_lines + subtitle_lines
    return max(40 + 20 * title_lines + 16 * subtitle_lines, math.ceil(TITLE_LINE_PX * lines) + TITLE_CLEAR_PX)


def heading_text(head: str, sub: str) -> str:
    """A figure's title: the (wrapped) title in bold over its subtitle in small grey type."""
    return f"<b>{head}</b><br><span style='font-size:12px;color:{MUTED}'>{sub}</span>"


def source_px(src: str) -> int:
    """The height a wrapped source line takes under a figure: 15 px a line and 10 px of room."""
    return 15 * (src.count("<br>") + 1) + 10


def frame(layout: dict, width: float, scale: float = 1.0) -> dict:
    """Title, subtitle, legend and source line wrapped for `width` px and the margins they need, in pixels: the plot
    keeps meta kgm_plot px when the figure may grow (the page), else what the fixed height leaves (an export).
    `scale`: how much wider the renderer's font is than Noto Sans (EXPORT_FONT_SCALE on the server)."""
    meta = layout["meta"]
    head = wrap_px(meta["kgm_title"], width - 24, 16, bold=True, scale=scale)
    sub = wrap_px(meta["kgm_sub"], width - 24, 12, scale=scale)
    src = wrap_px(meta["kgm_src"], width - 16, SOURCE_SIZE, scale=scale)
    top = header_px(head.count("<br>") + 1, sub.count("<br>") + 1)
    src_px = source_px(src)
    margin = dict(layout["margin"])
    if meta.get("kgm_label_px"):  # a category axis' names: the margin grows with the renderer's font
        margin["l"] = round(meta["kgm_label_px"] * scale) + 22
    leg_px = legend_px(meta["kgm_legend"], width - margin["l"] - margin["r"], scale)
    bottom = meta["kgm_axis_px"] + leg_px + src_px
    # an export keeps its height unless header and footer leave the plot less than MIN_PLOT_PX: then it grows, so a
    # small image with a long source line is taller than asked rather than not drawn at all
    fixed = max(layout["height"], top + bottom + MIN_PLOT_PX)
    height = fixed if meta.get("kgm_plot") is None else top + meta["kgm_plot"] + bottom
    margin.update(t=top, b=bottom)
    out = {**layout, "height": height, "margin": margin,
           "meta": {**meta, "kgm_src_px": src_px, "kgm_legend_px": leg_px}}
    out["title"] = {**layout["title"], "y": 1 - 16 / height,
                    "text": heading_text(head, sub)}
    notes = [note for note in layout["annotations"] if note.get("name") != "source"]
    source = {**source_annotation(src, -(meta["kgm_axis_px"] + leg_px)), "xshift": 8 - out["margin"]["l"]}
    out["annotations"] = [source, *notes]
    if meta["kgm_legend"]:
        out["legend"] = {**layout.get("legend", {}), "orientation": "h", "xref": "container", "yref": "container",
                         "x": 0.01, "y": src_px / height, "yanchor": "bottom", "xanchor": "left",
                         "font": {"size": LEGEND_SIZE}}
    return out


def series_layout(title: str, subtitle: str, source_line: str, lang: str, *, plot_height: int,
                  legend: list[str], margin_l: int = 60, axis_px: int = 40, label_px: float = 0,
                  page_px: float = PAGE_WIDTH) -> dict:
    """base_layout for the time series and dot plots: every text wrapped by its width in pixels, the legend given the
    rows its entries need in this language, and the figure as tall as plot + header + footer, so nothing is cut at
    a panel's width (refit() redoes it at an export's width and height). label_px: the widest y-axis label
    (Noto Sans px), when the left margin must hold it whole; page_px: the narrowest panel the chart has on a desktop
    page (PAGE_WIDTH, a half-width panel; the country facts' is narrower)."""
    layout = {
        "template": TEMPLATE, "separators": separators(lang), "height": 0,
        "meta": {"kgm_title": title, "kgm_sub": subtitle, "kgm_src": source_line, "kgm_legend": legend,
                 "kgm_plot": plot_height, "kgm_axis_px": axis_px, "kgm_label_px": label_px},
        "title": {"x": 0.01, "xanchor": "left", "yanchor": "top", "yref": "container", "font": {"size": 16}},
        "margin": {"l": margin_l, "r": 24, "t": 0, "b": 0}, "annotations": [], "shapes": [],
        "showlegend": bool(legend),
    }
    return frame(layout, page_px)


def base_layout(title: str, subtitle: str, source_line: str, lang: str, height: int = 420,
                legend_rows: int = 0) -> dict:
    """Title and unit at the top; legend, source and data date at the bottom: inside the image, not around it.

    Heights are fixed (widths are responsive), so the footer is laid out in pixels: source lines at the very bottom,
    the legend above them, then the x axis. Figures are plain dicts (plotly.js validates them in the browser):
    building go.Figure objects cost ~30 ms a chart in validation, most of a callback's budget."""
    src = wrap(source_line, 88)  # fits a half-width panel at 1366 px
    src_px = 16 * (src.count("<br>") + 1) + 8
    legend_px = 22 * legend_rows
    sub = wrap(subtitle, 95)
    head = wrap(title, 60)
    top = header_px(head.count("<br>") + 1, sub.count("<br>") + 1)
    layout = {
        "template": TEMPLATE, "separators": separators(lang), "height": height,
        # pixel positions of the header and footer, so refit() can redo them at any export height
        "meta": {"kgm_src_px": src_px, "kgm_legend_px": legend_px},
        "title": {"text": heading_text(head, sub),
                  "x": 0.01, "xanchor": "left", "y": 1 - 16 / height, "yanchor": "top", "yref": "container",
                  "font": {"size": 16}},
        "margin": {"l": 60, "r": 24, "t": top, "b": 34 + legend_px + src_px},
        "annotations": [source_annotation(src, -(34 + legend_px))],
        "shapes": [],
    }
    if legend_rows:
        layout["legend"] = {"orientation": "h", "xref": "container", "yref": "container", "x": 0.01,
                            "y": src_px / height, "yanchor": "bottom", "xanchor": "left",
                            "font": {"size": 12}}
    return layout


def refit(layout: dict, height: int, width: int | None = None) -> dict:
    """The same layout drawn at another size (server-side exports at 1600x900): the title, legend and source line
    keep their pixel distances from the edges instead of scaling with the figure, and are wrapped again for the
    image's width (a slide has room to name every source in full); a map's frame takes the image's shape (width:
    the slide's 16:9 unless given)."""
    out = {**layout, "height": height}
    meta = layout.get("meta") or {}
    if "kgm_title" in meta:
        return frame({**out, "meta": {**meta, "kgm_plot": None}}, width or round(height * 16 / 9), EXPORT_FONT_SCALE)
    if "kgm_src_px" in meta:
        out["title"] = {**layout["title"], "y": 1 - 16 / height}
        if "legend" in layout and layout["legend"].get("yref") == "container":
            out["legend"] = {**layout["legend"], "y": meta["kgm_src_px"] / height}
    if "kgm_frame" in meta:
        from .maps import fit_geo  # maps imports this module

        out = fit_geo(out, width or round(height * 16 / 9), height)
    return out


def picture(layout: dict, height: int, width: int) -> dict:
    """refit() for a picture that stands alone (an image download, a slide's picture), then what only such a picture
    rearranges: the country facts' blocks in columns (facts.in_columns). An embed's picture keeps refit() alone, as
    it must look like the live chart that replaces it."""
    out = {**refit(layout, height, width), "width": width}
    if (layout.get("meta") or {}).get("kgm_blocks"):
        from .facts import in_columns  # facts imports this module

        out = in_columns(out, width, EXPORT_FONT_SCALE)
    return out


def colour_at(share: float, scale: list | None = None) -> str:
    """The colour a continuous scale gives at `share` (0..1) of its range: the map's legend swatches match the
    fills they explain."""
    stops = scale or SEQUENTIAL
    share = min(1.0, max(0.0, share))
    for (a, ca), (b, cb) in zip(stops, stops[1:], strict=False):
        if share <= b:
            f = (share - a) / (b - a) if b > a else 0
            rgb = [round(int(ca[i:i + 2], 16) + f * (int(cb[i:i + 2], 16) - int(ca[i:i + 2], 16))) for i in (1, 3, 5)]
            return "#" + "".join(f"{c:02x}" for c in rgb)
    return stops[-1][1]


def source_annotation(text: str, yshift: int = -34) -> dict:
    return {"text": text, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left", "yanchor": "top",
            "yshift": yshift, "showarrow": False, "align": "left", "font": {"size": 11, "color": MUTED},
            "name": "source"}


def wrap(text: str, width: int = 120) -> str:
    """Break a long source line for plotly (which does not wrap annotations), by characters."""
    return greedy_lines(text.split(" "), lambda line: len(line) > width)
