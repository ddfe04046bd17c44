"""Nothing cut (issue 11): source lines, legends and the by-country chart's labels fit their frame in every language.

Widths are estimated from the fonts' advance widths (theme.text_px); the browser test tests/browser/test_nothing_cut.py
checks the drawn text boxes themselves."""

from __future__ import annotations

import re

import pytest

from dashboard.charts import REGISTRY, ChartRequest
from dashboard.figures import theme
from dashboard.state import ViewState, parse

LANGS = ("en", "ru", "ky")
VIEWS = ("", "tab=compare&dest=KAZ", "tab=compare&dest=TUR&sex=female", "src=knomad2021", "dest=TUR")
LINK = "http://127.0.0.1/ru/?dest=KAZ&tab=compare&v=1"


def view(query: str, opts) -> ViewState:
    return parse(dict(p.split("=") for p in query.split("&") if p), opts)[0]


def source_text(fig: dict) -> str:
    return next(a["text"] for a in fig["layout"]["annotations"] if a.get("name") == "source")


@pytest.mark.parametrize("lang", LANGS)
def test_page_source_line_names_where_the_rest_are(bundle, opts, lang):
    """The compare chart has 11 sources: the page names 4 and points to the page's Sources list by its heading."""
    fig = REGISTRY["stock"].figure(ChartRequest(bundle, view("tab=compare&dest=KAZ", opts), opts, lang))
    text = source_text(fig).replace("<br>", " ")
    assert ("Sources on this page" in text or "Источники данных на этой странице" in text
            or "Бул баракчадагы булактар" in text)


@pytest.mark.parametrize("lang", LANGS)
def test_exported_source_line_names_every_source(bundle, opts, lang):
    """An image or an embed (a link is drawn in) has no Sources list beside it: every source in full."""
    req = ChartRequest(bundle, view("tab=compare&dest=KAZ", opts), opts, lang, link=LINK)
    chart = REGISTRY["stock"]
    fig = chart.figure(req)
    text = re.sub(r"\s+", " ", source_text({"layout": theme.refit(fig["layout"], 900)}).replace("<br>", " "))
    ids = chart.heading(req).source_ids
    assert len(ids) > 4 and "more" not in text and "ещё" not in text and "жана дагы" not in text
    from dashboard.labels import source_label
    for sid in ids:
        assert re.sub(r"\s+", " ", source_label(sid, lang, bundle.sources)) in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("query", [*VIEWS, "rem=country", "rem=gdp"])
def test_every_line_fits_the_panel_and_the_slide(bundle, opts, lang, query):
    """Title, subtitle and source lines no wider than the narrowest desktop panel (500 px) on the page, and than
    1600 px in the slide (in the server's wider fallback font); legend entries no wider than a phone allows."""
    chart = REGISTRY["remittances" if query.startswith("rem") else "stock"]
    layout = chart.figure(ChartRequest(bundle, view(query, opts), opts, lang))["layout"]
    for lay, width, scale in ((layout, theme.PAGE_WIDTH, 1.0), (theme.refit(layout, 900), 1600, 1.2)):
        head, sub = lay["title"]["text"].split("<br><span", 1)
        texts = [(head, 16 * 1.08), (re.sub(r"^[^>]*>", "", sub), 12),
                 (source_text({"layout": lay}), theme.SOURCE_SIZE)]
        for text, size in texts:
            for line in re.sub(r"<span[^>]*>", "<br>", text).split("<br>"):
                assert theme.text_px(line, size) * scale <= width - 16, line
        used = lay["margin"]["t"] + lay["margin"]["b"]
        assert lay["height"] - used >= 150, "the plot keeps its room"
    data = chart.figure(ChartRequest(bundle, view(query, opts), opts, lang))["data"]
    for trace in data:
        if layout.get("showlegend") is not False and trace.get("name"):
            assert all(theme.text_px(p, 12) <= theme.LEGEND_TEXT_PX for p in trace["name"].split("<br>"))


def test_legend_rows_grow_with_long_entries():
    """Seven wrapped ru entries at phone width take more rows than at slide width."""
    names = [theme.legend_name("ООН ДЭСВ, International Migrant Stock, редакция 2024 г.")] * 7
    assert "<br>" in names[0]
    assert theme.legend_px(names, 390) > theme.legend_px(names, 1600) >= 2 * 38


@pytest.mark.parametrize("lang", LANGS)
def test_by_country_names_whole_and_every_point_labelled_inside(bundle, opts, lang):
    """The left margin holds the longest country name's longest line; the largest value's label is drawn left of
    its dot (inside the plot); every dot has a label; the log axis has one tick per power of ten."""
    fig = REGISTRY["remittances"].figure(ChartRequest(bundle, view("rem=country", opts), opts, lang))
    trace = fig["data"][0]
    widest = max(theme.text_px(line, 13) for y in trace["y"] for line in y.split("<br>"))
    assert fig["layout"]["margin"]["l"] >= widest + 10
    assert theme.refit(fig["layout"], 900)["margin"]["l"] >= widest * theme.EXPORT_FONT_SCALE + 10, "slide font"
    assert all(theme.text_px(line, 13) <= 160 for y in trace["y"] for line in y.split("<br>"))
    assert len(trace["text"]) == len(trace["x"]) and all(trace["text"])
    top = trace["x"].index(max(trace["x"]))
    assert trace["textposition"][top] == "middle left"
    axis = fig["layout"]["xaxis"]
    assert axis["type"] == "log" and len(axis["tickvals"]) <= 5


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("query", ["", "year=2015&dest=KAZ&tab=compare", "wm=share", "rem=corridor&partner=RUS"])
def test_the_title_and_subtitle_end_above_the_plot(bundle, opts, lang, query):
    """plotly draws every line of a title, the subtitle's too, 16 x 1.3 px apart from 16 px down: the top margin holds
    them all and the plot's top tick label below them, on the page and in an export (ky's ten-line subtitle of the
    women and men chart ran into its '600 000')."""
    from dashboard.charts import FIGURE_IDS

    for chart_id in FIGURE_IDS:
        layout = REGISTRY[chart_id].figure(ChartRequest(bundle, view(query, opts), opts, lang))["layout"]
        for lay in (layout, theme.refit(layout, 900)):
            lines = lay["title"]["text"].count("<br>") + 1
            assert lay["margin"]["t"] >= 16 + theme.TITLE_LINE_PX * lines + 8, (chart_id, lines, lay["margin"]["t"])
