"""One look for every chart: template, colour-blind-safe palette, and provenance written inside the figure.

Provenance lives in the figure (title, unit, source line, data date) so that an exported PNG/SVG carries it.
"""

from __future__ import annotations

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
        "xaxis": {"gridcolor": GRID, "linecolor": "#9aa5b1", "ticks": "outside", "showgrid": False, "zeroline": False},
        "yaxis": {"gridcolor": GRID, "linecolor": "#9aa5b1", "zeroline": False, "rangemode": "tozero"},
        "hoverlabel": {"font": {"family": FONT, "size": 13}, "bgcolor": "white"},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0, "font": {"size": 12}},
        "dragmode": False,
    }
}


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
    top = 40 + 20 * (head.count("<br>") + 1) + 16 * (sub.count("<br>") + 1)
    layout = {
        "template": TEMPLATE, "separators": separators(lang), "height": height,
        # pixel positions of the header and footer, so refit() can redo them at any export height
        "meta": {"kgm_src_px": src_px, "kgm_legend_px": legend_px},
        "title": {"text": f"<b>{head}</b><br><span style='font-size:12px;color:{MUTED}'>{sub}</span>",
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
    """The same layout drawn at another height (server-side exports at 1600x900): the title, legend and source
    line keep their pixel distances from the edges instead of scaling with the figure, and a map's frame takes the
    image's shape (width: the slide's 16:9 unless given)."""
    out = {**layout, "height": height}
    meta = layout.get("meta") or {}
    if "kgm_src_px" in meta:
        out["title"] = {**layout["title"], "y": 1 - 16 / height}
        if "legend" in layout and layout["legend"].get("yref") == "container":
            out["legend"] = {**layout["legend"], "y": meta["kgm_src_px"] / height}
    if "kgm_frame" in meta:
        from .maps import fit_geo  # maps imports this module

        out = fit_geo(out, width or round(height * 16 / 9), height)
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
    """Break a long source line for plotly (which does not wrap annotations)."""
    words, lines, cur = text.split(" "), [], ""
    for w in words:
        if len(cur) + len(w) + 1 > width and cur:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    return "<br>".join(lines)
