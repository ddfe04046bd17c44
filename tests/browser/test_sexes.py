"""Women and men in the browser: the panel's radio switches the chart to the share of women, the link follows, and
the drawn chart reads as the data: a 0-100 % axis, the UN DESA 2024 revision's computed share for Turkey."""

from __future__ import annotations

from playwright.sync_api import expect

SHARE_TRACES_JS = """() => document.querySelector('#sexes .js-plotly-plot')._fullData
    .filter(t => t.visible === true).map(t => ({name: t.name, y: Array.from(t.y), hover: t.customdata}))"""


def test_switching_to_the_share_of_women_redraws_the_chart(page, dash, shot):
    dash.open("?dest=TUR")
    expect(page.locator("#sexes .gtitle")).to_contain_text("Kyrgyz migrants in Turkey: women and men")
    dash.radio("f-wm", "Share of women")
    dash.expect_url(r"/en/\?dest=TUR&wm=share$")
    expect(page.locator("#sexes .gtitle")).to_contain_text("Kyrgyz migrants in Turkey: share of women")
    assert page.evaluate("() => document.querySelector('#sexes .js-plotly-plot')._fullLayout.yaxis.range") \
        == [0, 100]
    traces = {trace["name"]: trace for trace in page.evaluate(SHARE_TRACES_JS)}
    un = traces["UN DESA, 2024 revision"]
    assert all(0 <= share <= 100 for trace in traces.values() for share in trace["y"])
    # mid-2024: 29,765 women of 44,361 (published counts), so 67.1 % women, said to be computed
    assert round(un["y"][-1], 1) == 67.1
    assert "computed from the source's own counts" in un["hover"][-1][3]
    expect(page.locator("#summary-sexes")).to_contain_text("women are 67.1%")
    shot("sexes-share-turkey")
    page.go_back()
    dash.expect_url(r"/en/\?dest=TUR$")
    expect(page.locator("#sexes .gtitle")).to_contain_text("women and men")
    assert dash.checked("f-wm") == "counts"
