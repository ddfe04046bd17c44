"""The embed's parts that need no browser: the share panel's embed code (iframe at the tallest height, our host
script beside it), the heading every embed opens with, the figure's title said once, the cards as boxes."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from dash import dcc, html

from dashboard import embed, embed_static
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


# The static first paint (embed_static.py): the page the embed route answers with, through Flask's test client.

@pytest.fixture(scope="module")
def embed_client(bundle):
    from dashboard.app import create_app
    from dashboard.settings import Settings

    from .conftest import DATA_DIR

    return create_app(Settings(data_dir=DATA_DIR, secret_key="unit-tests"), bundle=bundle).server.test_client()


def embed_page(client, url: str) -> str:
    r = client.get(url, headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200, r.status_code
    return r.get_data(as_text=True)


def svgs_of(page: str) -> list[str]:
    return re.findall(r'<svg class="embed-svg[\s\S]*?</svg>', page)


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_chart_embed_holds_its_picture_with_title_and_source_before_any_script(embed_client, bundle, opts, lang):
    page = embed_page(embed_client, f"/{lang}/embed/stock?tab=compare&v={bundle.version}")
    s, _ = parse("tab=compare", opts)
    req = ChartRequest(bundle, s, opts, lang)
    title = REGISTRY["stock"].title(req)
    svgs = svgs_of(page)
    assert [re.search(r'embed-svg-(\d+)', svg)[1] for svg in svgs] == ["0", "480", "600", "800", "1000"]  # one per band
    source_word = {"ky": "Булак", "ru": "Источник", "en": "Source"}[lang]
    for svg in svgs:
        root = svg[:svg.index(">")]
        assert 'role="img"' in root and "viewBox=" in root and " width=" not in root  # scales with the frame
        label = html_lib.unescape(re.search(r'aria-label="([^"]*)"', root)[1])
        assert label.startswith(title + ". ") and len(label) > len(title) + 40  # the title and the summary
        text = html_lib.unescape(re.sub(r"<[^>]+>", " ", svg))
        assert title.split()[0] in text and source_word in text  # drawn in the embed's language
        assert f"/{lang}/?" in text and f"v={bundle.version}" in text  # the view's link inside the picture
    assert '<html lang="' + lang in page
    # the live page waits: no renderer started, no preload, Dash's scripts only inside the inert template
    assert 'id="_dash-renderer" type="text/plain"' in page and 'rel="preload"' not in page
    outside = re.sub(r'<template id="embed-live"[\s\S]*?</template>', "", page)
    assert "_dash-component-suites" not in outside
    assert re.findall(r'<script src="([^"]+)"', outside) == [
        src for src in re.findall(r'<script src="([^"]+)"', outside) if "/assets/50-embed.js" in src
        or "/assets/55-embed-live.js" in src] and len(re.findall(r'<script src=', outside)) == 2
    # the same notices-free frame as the live page: the heading for screen readers, the foot with the link back
    assert f'<h1 class="embed-title visually-hidden">{html_lib.escape(title, quote=False)}</h1>' in page
    assert 'class="embed-back"' in page and f"· {'Data' if lang == 'en' else ''}" in page


@pytest.mark.parametrize("query", ["", "layer=flows", "layer=oblasts"])
def test_a_phone_gets_the_map_drawn_at_its_width(embed_client, bundle, query):
    """Below 480 px the map's picture is laid out for 390 px (maps.at_phone_width), its title and source line
    wrapped there; wider frames keep the desktop picture (at least 640 px), scaled to them."""
    svgs = svgs_of(embed_page(embed_client, f"/ru/embed/map?{query}&v={bundle.version}"))
    bands = [re.search(r'class="embed-svg ([^"]*)"', svg)[1] for svg in svgs]
    widths = [int(re.search(r'viewBox="0 0 (\d+) ', svg)[1]) for svg in svgs]
    assert bands[:2] == ["embed-svg-0", "embed-svg-480 embed-svg-600"] and widths[:2] == [390, 640], (bands, widths)
    title = re.search(r"<g class=\"g-gtitle\">([\s\S]*?)</g>", svgs[0])[1]
    assert title.count("<tspan") >= 3  # title and subtitle on lines of their own, not one 640 px line each


@pytest.mark.parametrize("chart", ["stock", "remittances", "official", "sexes", "facts", "oblasts"])
def test_an_embed_without_a_map_never_references_the_geo_bundle(embed_client, chart):
    page = embed_page(embed_client, f"/en/embed/{chart}")
    assert svgs_of(page)
    assert "plotly.min.js" not in page  # the geo bundle's URL
    assert 'data-plotly="/en/embed/_dash-component-suites/plotly/package_data/plotly-basic.min.js"' in page


def test_a_map_embed_loads_the_geo_bundle_when_live(embed_client):
    page = embed_page(embed_client, "/ru/embed/map?layer=flows")
    assert svgs_of(page)
    assert 'data-plotly="/ru/embed/_dash-component-suites/plotly/package_data/plotly.min.js"' in page


def test_the_basic_bundle_is_served_precompressed(embed_client):
    r = embed_client.get("/en/embed/_dash-component-suites/plotly/package_data/plotly-basic.min.js",
                         headers={"Accept-Encoding": "br"})
    assert r.status_code == 200 and r.headers["Content-Encoding"] == "br"


def test_cards_and_a_failed_renderer_get_the_live_page(embed_client, monkeypatch):
    assert not svgs_of(embed_page(embed_client, "/en/embed/cards"))
    assert 'id="_dash-renderer" type="application/javascript"' in embed_page(embed_client, "/en/embed/cards")

    def broken(*args, **kwargs):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(embed_static, "render_svg", broken)
    page = embed_page(embed_client, "/en/embed/stock?year=2019")
    assert not svgs_of(page) and 'type="application/javascript">var renderer' in page


def test_notices_stand_in_the_static_page(embed_client):
    page = embed_page(embed_client, "/ru/embed/stock?v=1999.1.1&zzz=1")
    assert page.count('class="notice"') == 1 and "1999.1.1" in page and "zzz" in page
    assert svgs_of(page)


def test_markup_escapes_text_and_attributes():
    node = html.P([html.A("<b>&", href='x" onclick="y', className="c"), " · 1"], className="embed-foot")
    assert embed_static.markup(node) == ('<p class="embed-foot"><a class="c" href="x&quot; onclick=&quot;y">'
                                         '&lt;b&gt;&amp;</a> · 1</p>')


def test_coarser_paths_touch_geometry_only():
    svg = '<svg><path d="M1.23456,7.891011L2.5,3Z"/><text x="1.23456">2.45678</text></svg>'
    assert embed_static.coarser_paths(svg) == '<svg><path d="M1.2,7.8L2.5,3Z"/><text x="1.23456">2.45678</text></svg>'


def test_a_pictures_paths_are_made_coarser_once_not_at_every_request(embed_client, monkeypatch):
    """Coarsening a map's paths took most of a warm embed's answer (about 45 ms of 55): the cached picture is the
    coarsened one."""
    first = embed_page(embed_client, "/ky/embed/map?year=2015")
    calls = []
    monkeypatch.setattr(embed_static, "coarser_paths", lambda svg: calls.append(1) or svg)
    again = embed_page(embed_client, "/ky/embed/map?year=2015")
    assert calls == [] and svgs_of(again) == svgs_of(first)
    paths = re.findall(r' d="([^"]*)"', "".join(svgs_of(again)))
    assert paths and not any(re.search(r"\d\.\d\d", path) for path in paths)
