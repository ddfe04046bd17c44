"""The dashboard works with no network but its own server: the ministry network is offline.

Anything outside the app's origin is aborted here (and recorded by `outside_requests`), so a CDN script, a font
server or plotly's default topojson host would leave the page broken and the lists non-empty."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_page_loads_and_works_with_nothing_but_the_app(page, dash, live_server, outside_requests, console_errors):
    origin = live_server.rstrip("/") + "/"
    # Really offline: whatever is not ours fails, as it would on the ministry network.
    page.route(re.compile(r"^(?!" + re.escape(origin) + r"|data:|blob:).*"), lambda route: route.abort())
    responses: dict[str, int] = {}
    page.on("response", lambda r: responses.__setitem__(r.url, r.status))

    dash.open()

    # The world base map is the app's own file, fetched from the app, and the map draws country shapes from it.
    topo = [u for u in responses if u.endswith("/world_110m.json")]
    assert topo == [f"{origin}en/assets/topojson/world_110m.json"], topo
    assert responses[topo[0]] == 200
    locs = dash.map_locations()
    assert len(locs) > 20, locs
    assert {"RUS", "KAZ", "KGZ"} <= set(locs)
    # The base layer (land outside the data) is drawn too, not only the data countries.
    assert page.locator("#map .geo .layer.land path").count() >= 1

    # Fonts: self-hosted Noto Sans, actually loaded, and used by the page.
    fonts = [u for u in responses if "/fonts/" in u]
    assert fonts and all(u.startswith(f"{origin}en/assets/fonts/noto-sans-") and responses[u] == 200
                         for u in fonts), fonts
    loaded = page.evaluate("""async () => { await document.fonts.ready;
        return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/["']/g, '')); }""")
    assert loaded and set(loaded) == {"Noto Sans"}, loaded
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Noto Sans"')

    # Exercise a few controls: each one fetches more from the server (figures, oblast shapes), never from outside.
    dash.year_thumb.focus()
    page.keyboard.press("ArrowLeft")
    dash.expect_url(r"\?year=2020$")
    dash.radio("f-layer", "Origin oblasts")
    dash.expect_url(r"layer=oblasts")
    dash.wait_map_locations("locs.filter(l => l.startsWith('KG-')).length === 9")
    dash.radio("f-tab", "Sources disagree")
    expect(page.locator("#stock .gtitle")).to_contain_text("How many Kyrgyz migrants in Russia?")  # title wraps
    dash.radio("f-rem", "% of GDP")
    dash.expect_url(r"rem=gdp")
    dash.choose("f-dest", "Kazakh")
    dash.expect_url(r"dest=KAZ")
    page.keyboard.press("Escape")
    dash.wait_drawn()

    assert outside_requests == []
    assert console_errors == []
    assert all(status < 400 for status in responses.values()), {u: s for u, s in responses.items() if s >= 400}
