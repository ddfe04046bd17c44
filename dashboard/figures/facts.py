"""The country facts box as a figure: one block per fact (its name, the IOM page's figure, the latest figure of each
series that counts the same thing), stacked in one column narrow enough for a phone, so the page, the embed, the
images and print show the same text. Pure function of already-worded blocks."""

from __future__ import annotations

from dataclasses import dataclass

from .theme import INK, MUTED, series_layout, wrap_px

TEXT_PX = 300  # a block's lines are wrapped to this width: whole in a 390 px phone's panel
TEXT_SIZE = 13
LINE_PX = 18  # one line of 13 px text in an annotation, with plotly's line spacing
GAP_LINES = 0.8  # space between two blocks, in lines


@dataclass(frozen=True)
class FactBlock:
    """One fact as the box words it: `heading` (what it is), `lines` (the IOM figure first, then each latest
    figure), `hover` (every figure exactly as published, with its full source)."""

    heading: str
    lines: tuple[str, ...]
    hover: str


def block_text(block: FactBlock) -> str:
    heading = wrap_px(block.heading, TEXT_PX, TEXT_SIZE, bold=True)
    body = [wrap_px(line, TEXT_PX, TEXT_SIZE) for line in block.lines]
    return "<br>".join([f"<b>{heading}</b>", *body])


def facts_figure(blocks: list[FactBlock], *, title: str, subtitle: str, source_line: str, lang: str) -> dict:
    """The blocks top to bottom on a blank plot whose height is their lines: nothing to read off an axis, every
    number in words; the hover of a block gives its figures exactly as published."""
    texts = [block_text(block) for block in blocks]
    heights = [text.count("<br>") + 1 for text in texts]
    total = sum(heights) + GAP_LINES * max(len(texts) - 1, 0)
    layout = series_layout(title, subtitle, source_line, lang, plot_height=round(total * LINE_PX) + 8, legend=[],
                           margin_l=12, axis_px=10)
    hidden = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    layout.update(xaxis={**hidden, "range": [0, 1]}, yaxis={**hidden, "range": [-total, 0]}, showlegend=False,
                  hovermode="closest")
    notes, top = [], 0.0
    for i, (text, lines, block) in enumerate(zip(texts, heights, blocks, strict=True)):
        notes.append({"text": text, "hovertext": block.hover, "xref": "paper", "yref": "y", "x": 0, "y": -top,
                      "xanchor": "left", "yanchor": "top", "align": "left", "showarrow": False,
                      "font": {"size": TEXT_SIZE, "color": INK}, "hoverlabel": {"bgcolor": "white"},
                      "name": f"fact-{i}", "bordercolor": "rgba(0,0,0,0)"})
        top += lines + GAP_LINES
    layout["annotations"] = [*layout["annotations"], *notes]
    layout["shapes"] = [{"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": -y, "y1": -y,
                         "line": {"color": MUTED, "width": 0.5}, "layer": "below"}
                        for y in _separators(heights)]
    return {"data": [], "layout": layout}


def _separators(heights: list[int]) -> list[float]:
    """A thin rule halfway in the gap between two blocks."""
    out, top = [], 0.0
    for lines in heights[:-1]:
        top += lines
        out.append(top + GAP_LINES / 2)
        top += GAP_LINES
    return out
