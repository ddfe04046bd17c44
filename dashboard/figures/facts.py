"""The country facts box as a figure: one block per fact (its name, the IOM page's figure, the latest figure of each
series that counts the same thing), stacked in one column narrow enough for a phone, so the page, the embed, the
images and print show the same text; a picture wide enough for more (a slide: two, larger) sets the same blocks
side by side (in_columns). Pure functions of already-worded blocks."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from .theme import INK, MUTED, series_layout, wrap_px

TEXT_PX = 300  # a block's lines are wrapped to this width: whole in a 390 px phone's panel
TEXT_SIZE = 13
# the panel's narrowest graph on a desktop page (a third of the grid at 1201 px: 349 px, 343 px beside a 15 px
# scroll bar; 340 px on a tablet from 980 px; assets/10-style.css), which the title, subtitle and source line are
# wrapped for: the blocks' width and the plot's margins
PAGE_PX = 340
LINE_PX = 18  # one line of 13 px text in an annotation, with plotly's line spacing
GAP_LINES = 0.8  # space between two blocks, in lines
COLUMN_GAP_PX = 28  # between two columns of blocks in a picture
MAX_COLUMNS = 4
MAX_TEXT_SCALE = 16 / TEXT_SIZE  # a picture's blocks at most as large as its title (16 px), never above it


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
                           margin_l=12, axis_px=10, page_px=PAGE_PX)
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
    layout["shapes"] = [rule(0, 1, y) for y in _separators(heights)]
    layout["meta"]["kgm_blocks"] = True  # theme.picture sets a picture's blocks in columns (in_columns)
    return {"data": [], "layout": layout}


def rule(x0: float, x1: float, y: float) -> dict:
    """A thin line between two blocks, from x0 to x1 (fractions of the plot's width), `y` lines down."""
    return {"type": "line", "xref": "paper", "yref": "y", "x0": x0, "x1": x1, "y0": -y, "y1": -y,
            "line": {"color": MUTED, "width": 0.5}, "layer": "below"}


def column_lines(lines: list[int], run: range) -> float:
    """How many lines a column of the blocks in `run` takes, with the gaps between them."""
    return sum(lines[i] for i in run) + GAP_LINES * max(len(run) - 1, 0)


def block_columns(lines: list[int], columns: int) -> list[range]:
    """The blocks in `columns` runs, in their order, the tallest run as short as it can be (the first such split:
    the earlier columns the longer)."""
    best: tuple[float, list[range]] | None = None
    for cuts in combinations(range(1, len(lines)), columns - 1):
        bounds = (0, *cuts, len(lines))
        runs = [range(start, end) for start, end in zip(bounds, bounds[1:], strict=False)]
        tallest = max(column_lines(lines, run) for run in runs)
        if best is None or tallest < best[0]:
            best = (tallest, runs)
    return best[1] if best else [range(len(lines))]


def column_plan(lines: list[int], plot_px: float, plot_height: float,
                scale: float) -> tuple[list[range], float]:
    """(the blocks' columns, text size as a multiple of the page's) for blocks of `lines` in a plot of plot_px x
    plot_height px: the number of columns that lets the text be largest, up to MAX_TEXT_SCALE; of those that reach
    the same size, the one that leaves the least of the plot empty along its emptier side (a slide: two columns, not
    three short ones). The size is under 1 when even the best plan would have to shrink the text."""
    plans = []
    for columns in range(1, min(MAX_COLUMNS, len(lines)) + 1):
        runs = block_columns(lines, columns)
        across = (plot_px - (columns - 1) * COLUMN_GAP_PX) / (columns * TEXT_PX * scale)
        tallest = max(column_lines(lines, run) for run in runs)
        size = min(across, plot_height / (tallest * LINE_PX), MAX_TEXT_SCALE)
        used_across = (columns * TEXT_PX * scale * size + (columns - 1) * COLUMN_GAP_PX) / plot_px
        used_down = tallest * LINE_PX * size / plot_height
        plans.append((round(size, 6), min(used_across, used_down), -columns, runs))
    size, _, _, runs = max(plans, key=lambda plan: plan[:3])
    return runs, size


def in_columns(layout: dict, width: float, scale: float = 1.0) -> dict:
    """A picture's layout with its blocks in as many columns as let its text be largest (a 1600 x 900 slide: two,
    as large as the title), in their order, the columns as even as they can be, each starting at the top; where one
    column filled a quarter of a slide's width. A picture with no room to do better than the page (an embed's
    narrow bands) keeps the page's one column. `scale`: how much wider the renderer's font is than the one the
    blocks were wrapped for."""
    notes = [note for note in layout["annotations"] if str(note.get("name", "")).startswith("fact-")]
    if not notes:
        return layout
    lines = [note["text"].count("<br>") + 1 for note in notes]
    plot_px = width - layout["margin"]["l"] - layout["margin"]["r"]
    plot_height = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    runs, size = column_plan(lines, plot_px, plot_height, scale)
    if size < 1:
        return layout
    share, gap = 1 / len(runs), COLUMN_GAP_PX / plot_px
    placed, rules = {}, []
    for column, run in enumerate(runs):
        top = 0.0
        for i in run:
            if top:
                rules.append(rule(column * share, (column + 1) * share - gap, top - GAP_LINES / 2))
            font = {**notes[i]["font"], "size": round(TEXT_SIZE * size, 1)}
            placed[notes[i]["name"]] = {**notes[i], "x": column * share, "y": -top, "font": font}
            top += lines[i] + GAP_LINES
    rows = plot_height / (LINE_PX * size)  # a line as tall as the page's, times the text's size
    return {**layout, "annotations": [placed.get(note.get("name"), note) for note in layout["annotations"]],
            "shapes": rules, "yaxis": {**layout["yaxis"], "range": [-rows, 0]}}


def _separators(heights: list[int]) -> list[float]:
    """A thin rule halfway in the gap between two blocks."""
    out, top = [], 0.0
    for lines in heights[:-1]:
        top += lines
        out.append(top + GAP_LINES / 2)
        top += GAP_LINES
    return out
