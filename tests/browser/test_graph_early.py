"""dcc.Graph's code and plotly.js are asked for as soon as Dash's scripts have run (assets/14-graph-early.js), not
when React first renders a graph once Dash has fetched the layout: at the end of DOMContentLoaded both scripts are in
the document while the layout is not yet; each is still fetched once, plotly.js from the URL Dash's renderer sets,
and every chart is drawn."""

from __future__ import annotations

# Run when DOMContentLoaded reaches the window, after the document's listeners (14-graph-early.js's among them).
AT_DOM_CONTENT_LOADED_INIT = """window.addEventListener('DOMContentLoaded', () => {
  const sources = Array.from(document.scripts, (el) => el.src);
  window.__atDomContentLoaded = {
    plotly: sources.filter((src) => src.endsWith('/plotly/package_data/plotly.min.js')).length,
    graph: sources.filter((src) => src.includes('/dcc/async-graph')).length,
    layout: !!document.querySelector('#react-entry-point .page'),
    plotlyUrl: window._dashPlotlyJSURL || null,
  };
});"""
PLOTLY_URL = "/en/_dash-component-suites/plotly/package_data/plotly.min.js"


def test_the_graphs_scripts_are_asked_for_before_dash_lays_out_the_page(page, dash, console_errors):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script(AT_DOM_CONTENT_LOADED_INIT)
    dash.open()

    assert page.evaluate("window.__atDomContentLoaded") == {"plotly": 1, "graph": 1, "layout": False,
                                                              "plotlyUrl": PLOTLY_URL}
    # what Dash's renderer set when it mounted is what the loading used
    assert page.evaluate("window._dashPlotlyJSURL") == PLOTLY_URL
    assert [url for url in requested if url.endswith(PLOTLY_URL)] == [page.url.split("/en/")[0] + PLOTLY_URL]
    assert len([url for url in requested if "/dcc/async-graph" in url]) == 1
    drawn = page.evaluate("() => Array.from(document.querySelectorAll('.dash-graph .main-svg'), "
                          "(svg) => svg.closest('.dash-graph').id)")
    assert {"map", "facts", "stock", "oblasts", "remittances"} <= set(drawn), drawn
    assert console_errors == []
