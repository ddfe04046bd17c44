"""The page's plotly.js is built for the dashboard (dashboard/vendor/README.md): world calendars and the core
components no figure uses are left out. plotly ignores an attribute nothing has registered without a word, so a
figure that starts setting one (a layout image, a range slider, a trace calendar) would quietly lose it. Every figure
of every view here must read the same to the page's bundle as to the full plotly.js the plotly package ships:
Plotly.validate finds exactly the same things in both."""

from __future__ import annotations

from importlib.resources import files

import pytest
from conftest import DRAW_TIMEOUT_MS, DRAWN_JS, settle

# between them every panel's views: each map layer, both stock views, the three oblast views, every remittance measure
VIEWS = [
    "/en/",
    "/ky/?layer=oblasts",
    "/en/?tab=compare&dest=RUS",
    "/en/?layer=flows&oview=scatter&rem=corridor&frame=world",
    "/ru/?oview=series&rem=gdp&dest=KAZ&wm=share",
    "/en/?rem=country&oview=scatter&vs=wage",
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
