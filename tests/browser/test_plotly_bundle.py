"""The page's plotly.js and the embeds' (charts without a map) are built for the dashboard (dashboard/vendor/README.md):
world calendars and the core components no figure uses are left out. plotly ignores an attribute nothing has
registered without a word, so a figure that starts setting one (a layout image, a range slider, a trace calendar)
would quietly lose it. Every figure of every view here must read the same to the bundle that draws it as to the full
plotly.js the plotly package ships: Plotly.validate finds exactly the same things in both."""

from __future__ import annotations

from importlib.resources import files

import pytest
from conftest import DRAW_TIMEOUT_MS, DRAWN_JS, settle
from playwright.sync_api import expect

# between them every panel's views: each map layer, both stock views, the three oblast views, every remittance measure
VIEWS = [
    "/en/",
    "/ky/?layer=oblasts",
    "/en/?tab=compare&dest=RUS",
    "/en/?layer=flows&oview=scatter&rem=corridor&frame=world",
    "/ru/?oview=series&rem=gdp&dest=KAZ&wm=share",
    "/en/?rem=country&oview=scatter&vs=wage",
]
# every chart an embed draws with the basic bundle (the map's embed loads the page's bundle)
EMBEDS = [
    "/en/embed/stock?tab=compare&dest=RUS",
    "/ru/embed/official?dest=KAZ",
    "/en/embed/oblasts?oview=scatter&vs=wage",
    "/ky/embed/remittances?rem=corridor",
    "/en/embed/sexes",
    "/en/embed/facts",
]
# every graph's figure as JSON (the same text goes to both bundles)
FIGURES_JS = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .map(gd => [gd.parentElement.id || gd.id, JSON.stringify({data: gd.data, layout: gd.layout})])"""
VALIDATE_JS = """(figures) => figures.map(([graph, text]) => {
    const figure = JSON.parse(text);
    return [graph, (window.Plotly.validate(figure.data, figure.layout) || []).map(e => e.code + ' ' + e.msg)];
})"""


@pytest.fixture(scope="module")
def full_plotly(browser):
    """A blank page with the plotly package's full plotly.js."""
    page = browser.new_page()
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(files("plotly") / "package_data" / "plotly.min.js"))
    yield page
    page.close()


@pytest.mark.parametrize("view", VIEWS)
def test_the_pages_plotly_knows_every_attribute_the_figures_set(page, full_plotly, view):
    page.goto(view)
    page.wait_for_function(DRAWN_JS, timeout=DRAW_TIMEOUT_MS)
    settle(page)
    figures = page.evaluate(FIGURES_JS)
    assert len(figures) >= 6, figures
    assert page.evaluate(VALIDATE_JS, figures) == full_plotly.evaluate(VALIDATE_JS, figures)


@pytest.mark.parametrize("embed", EMBEDS)
def test_the_embeds_plotly_knows_every_attribute_its_figure_sets(page, full_plotly, embed):
    bundles: list[str] = []
    page.on("request", lambda req: bundles.append(req.url.rsplit("/", 1)[-1]) if "/plotly/" in req.url else None)
    page.goto(embed)
    expect(page.locator("#embed-static svg.embed-svg:visible")).to_have_count(1)
    page.mouse.move(400, 300)  # the embed goes live: Dash and plotly's basic bundle load, the chart is drawn
    page.wait_for_function("() => document.documentElement.dataset.embed === 'live'", timeout=DRAW_TIMEOUT_MS)
    page.wait_for_function("() => document.querySelector('#embed-graph .main-svg')", timeout=DRAW_TIMEOUT_MS)
    settle(page)
    figures = page.evaluate(FIGURES_JS)
    assert bundles == ["plotly-basic.min.js"] and len(figures) == 1, (bundles, figures)
    assert page.evaluate(VALIDATE_JS, figures) == full_plotly.evaluate(VALIDATE_JS, figures)
