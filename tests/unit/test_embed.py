"""The embed's parts that need no browser: the share panel's embed code (iframe at the tallest height, our host
script beside it), the heading every embed opens with, the figure's title said once, the cards as boxes."""

from __future__ import annotations

import re

import pytest
from dash import dcc, html

from dashboard import embed
from dashboard.charts import CHART_IDS, REGISTRY, ChartRequest
from dashboard.state import Options, ViewState, parse
from dashboard.views import cards as cards_v
from dashboard.views import share


def walk(node):
    yield node
    children = node if isinstance(node, list) else getattr(node, "children", None)
    if isinstance(children, list | tuple):
        for child in children:
            yield from walk(child)
    elif children is not None and not isinstance(children, str | int | float):
        yield from walk(children)


@pytest.mark.parametrize("chart", CHART_IDS)
def test_embed_code_is_an_iframe_at_the_tallest_height_and_our_host_script(bundle, chart):
    code = share.embed_code("https://dash.example/", "ru", chart, ViewState(), bundle, 'A "quoted" title')
    m = re.fullmatch(r'<iframe src="(?P<src>[^"]+)" title="(?P<title>[^"]+)" width="100%" height="(?P<h>\d+)" '
                     r'style="border:0;max-width:100%" loading="lazy"></iframe>'
                     r'<script src="(?P<script>[^"]+)" async></script>', code)
    assert m, code
    assert m["src"] == f"https://dash.example/ru/embed/{chart}?v={bundle.version}"
    assert m["title"] == "A &quot;quoted&quot; title"
    assert int(m["h"]) == REGISTRY[chart].code_height() == max(REGISTRY[chart].embed_heights.values())
    # same origin as the iframe: the host script believes messages from that origin only
    assert m["script"] == "https://dash.example/ru/embed/assets/embed-host.js"


@pytest.mark.parametrize("chart", CHART_IDS)
@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_every_embed_opens_with_its_title_as_h1(ctx, bundle, opts, chart, lang):
    out = embed.embed_children(ctx, lang, f"/{lang}/embed/{chart}", "?year=2020", "http://h/")
    s, _ = parse("?year=2020", opts)
    (h1,) = [c for c in walk(out) if isinstance(c, html.H1)]
    assert h1.children == REGISTRY[chart].title(ChartRequest(bundle, s, opts, lang))
    graphs = [c for c in walk(out) if isinstance(c, dcc.Graph)]
    if graphs:  # the figure keeps its subtitle, not a second copy of the title
        assert graphs[0].figure["layout"]["title"]["text"].startswith("<b></b><br><span")


def test_title_in_heading_empties_the_title_line_and_its_space():
    fig = {"data": [], "layout": {"title": {"text": "<b>Long<br>title</b><br><span style='x'>sub</span>", "y": 0.9},
                                  "margin": {"t": 120, "b": 40}}}
    out = embed.title_in_heading(fig)
    assert out["layout"]["title"] == {"text": "<b></b><br><span style='x'>sub</span>", "y": 0.9}
    assert out["layout"]["margin"] == {"t": 100, "b": 40}  # one line fewer: the empty line keeps its place
    assert fig["layout"]["title"]["text"].startswith("<b>Long")  # the chart's own figure is not changed
    untitled = {"layout": {"title": {"text": "plain"}}}
    assert embed.title_in_heading(untitled) == untitled


def test_cards_embed_shows_every_card_as_a_box(ctx, bundle):
    out = embed.embed_children(ctx, "ky", "/ky/embed/cards", "", "http://h/")
    cards = [c for c in walk(out) if "card" in str(getattr(c, "className", "") or "").split()]
    s, _ = parse("", Options.from_bundle(bundle))
    assert len(cards) == len(cards_v.corridor_cards(bundle, s, Options.from_bundle(bundle), "ky")) >= 5
    assert not [c for c in cards if isinstance(c, html.Button)]


@pytest.mark.parametrize("chart", CHART_IDS)
def test_the_embed_code_height_holds_every_width(chart):
    heights = REGISTRY[chart].embed_heights
    assert 0 in heights and all(REGISTRY[chart].code_height() >= h for h in heights.values())
    for width in (320, 390, 600, 900, 1200, 1600):
        assert REGISTRY[chart].embed_height(width) >= 300
