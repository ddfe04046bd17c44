"""The country facts as a picture that stands alone (an image download, a slide's picture): the blocks set side by
side across its width, as large as the picture allows up to its title's size, every block once and in order, none
running into the next; the page, a phone and an embed keep the page's one column."""

from __future__ import annotations

import pytest

from dashboard.charts import REGISTRY, ChartRequest
from dashboard.charts.base import EXPORT_PRESETS
from dashboard.embed_static import embed_layout
from dashboard.figures.facts import LINE_PX, TEXT_SIZE
from dashboard.figures.theme import picture
from dashboard.state import parse


def facts_figure(bundle, opts, lang: str, query: str = "") -> dict:
    return REGISTRY["facts"].figure(ChartRequest(bundle, parse(query, opts)[0], opts, lang))


def blocks(layout: dict) -> list[dict]:
    return [note for note in layout["annotations"] if str(note.get("name", "")).startswith("fact-")]


def columns(layout: dict) -> list[list[dict]]:
    """The blocks by column, left to right, each column top to bottom."""
    by_x: dict[float, list[dict]] = {}
    for note in blocks(layout):
        by_x.setdefault(note["x"], []).append(note)
    return [sorted(by_x[x], key=lambda note: -note["y"]) for x in sorted(by_x)]


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
@pytest.mark.parametrize("preset", sorted(EXPORT_PRESETS))
def test_a_picture_sets_the_blocks_side_by_side(bundle, opts, lang, preset):
    size = EXPORT_PRESETS[preset]
    figure = facts_figure(bundle, opts, lang)
    layout = picture(figure["layout"], size.height, size.width)
    laid = columns(layout)
    assert len(laid) >= 2, f"one column on a {size.width} px {preset}"
    names = [note["name"] for column in laid for note in column]
    assert names == [note["name"] for note in blocks(figure["layout"])], "every block once, in the page's order"
    rows = -layout["yaxis"]["range"][0]  # lines the plot holds, at the blocks' size
    for column in laid:
        assert column[0]["y"] == 0, "each column starts at the top"
        for upper, lower in zip(column, column[1:], strict=False):
            assert upper["y"] - (upper["text"].count("<br>") + 1) > lower["y"], f"{upper['name']} runs into the next"
        last = column[-1]
        assert -last["y"] + last["text"].count("<br>") + 1 <= rows, f"{last['name']} runs off the plot"
    sizes = {note["font"]["size"] for note in blocks(layout)}
    assert len(sizes) == 1 and TEXT_SIZE <= sizes.pop() <= layout["title"]["font"]["size"]
    plot = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    assert rows * LINE_PX * blocks(layout)[0]["font"]["size"] / TEXT_SIZE == pytest.approx(plot)


@pytest.mark.parametrize("lang", ["en", "ky"])
def test_the_page_a_narrow_picture_and_an_embed_keep_one_column(bundle, opts, lang):
    figure = facts_figure(bundle, opts, lang, "oblast=KG-B&sex=female")
    assert len(columns(figure["layout"])) == 1, "the page's panel"
    assert len(columns(picture(figure["layout"], 800, 620))) == 1, "a 620 px picture has no room for two"
    for width in (390, 600, 1100):  # the embed's picture looks like the live chart that replaces it
        assert len(columns(embed_layout(figure, width))) == 1, f"embed at {width} px"
