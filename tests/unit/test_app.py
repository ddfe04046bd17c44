"""The Flask/Dash app through Flask's test client: routes, the Dash layout, and callbacks dispatched as the
renderer sends them (no browser)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from dash import _validate, html
from dash.exceptions import DuplicateIdError

import dashboard.app as app_module
from dashboard import routes
from dashboard.app import create_app, layout_for
from dashboard.charts import FIGURE_IDS
from dashboard.data.boundaries import OBLAST_CODES
from dashboard.i18n import LANGUAGES
from dashboard.settings import Settings

from .conftest import DATA_DIR

FILTER_IDS = ("f-year", "f-dest", "f-oblast", "f-sex", "f-src", "f-layer")


@pytest.fixture(scope="module")
def app(bundle):
    return create_app(Settings(data_dir=DATA_DIR, secret_key="unit-tests"), bundle=bundle)


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="module")
def dependencies(app):
    r = app.server.test_client().get("/en/_dash-dependencies")
    assert r.status_code == 200
    return r.get_json()


def location(resp) -> str:
    parts = urlsplit(resp.headers["Location"])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def shipped_version() -> str:
    """The version data/datapackage.json declares: read, not typed, so publishing new data breaks no test."""
    return json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))["version"]


def test_create_app(app, bundle):
    """The app serves: health with the loaded data's version, and the English page with its Dash layout."""
    assert app.config.url_base_pathname == "/en/"
    assert app.callback_map  # callbacks are registered
    client = app.server.test_client()
    health = client.get("/health")
    assert health.status_code == 200 and health.get_json()["data_version"] == shipped_version()
    page = client.get("/en/")
    assert page.status_code == 200 and '<html lang="en">' in page.get_data(as_text=True)
    layout = client.get("/en/_dash-layout")
    assert layout.status_code == 200 and '"f-year"' in layout.get_data(as_text=True)


# --- routes --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path,headers,target", [
    ("/", {}, "/en/"),
    ("/", {"Accept-Language": "ru"}, "/ru/"),
    ("/", {"Accept-Language": "ru-RU, ru;q=0.9, ky;q=0.8"}, "/ru/"),
    ("/", {"Accept-Language": "ky-KG, ky;q=0.9, ru;q=0.8"}, "/ky/"),
    ("/", {"Accept-Language": "fr-FR, fr;q=0.9"}, "/en/"),
    ("/", {"Accept-Language": "en-GB,en;q=0.9"}, "/en/"),
    ("/?year=2020&dest=RUS~KAZ", {"Accept-Language": "ru"}, "/ru/?year=2020&dest=RUS~KAZ"),
    ("/en", {}, "/en/"),
    ("/en?year=2020&sex=female", {}, "/en/?year=2020&sex=female"),
])
def test_redirects(client, path, headers, target):
    r = client.get(path, headers=headers)
    assert r.status_code in (301, 302, 308)
    assert location(r) == target


def test_language_redirect_only_english(monkeypatch, client):
    """With only the English catalog, a Russian browser gets English (the query kept)."""
    monkeypatch.setattr(routes, "LANGUAGES", ("en",))
    r = client.get("/?year=2020", headers={"Accept-Language": "ru"})
    assert location(r) == "/en/?year=2020"


def test_page(client):
    r = client.get("/en/")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "<title>Kyrgyz labour migration</title>" in html
    assert client.get("/en/?year=2020&dest=RUS").status_code == 200


def test_health(client, bundle):
    r = client.get("/health")
    assert r.status_code == 200
    assert r.mimetype == "application/json"
    body = r.get_json()
    assert body["status"] == "ok"
    assert body["data_version"] == bundle.version == shipped_version()
    assert "no-store" in r.headers["Cache-Control"]


def test_oblast_geojson(client, bundle):
    r = client.get(f"/geo/oblasts.geojson?d={bundle.digest}")
    assert r.status_code == 200
    assert r.mimetype == "application/geo+json"
    geo = json.loads(r.get_data(as_text=True))
    assert geo["type"] == "FeatureCollection"
    assert sorted(f["properties"]["iso_3166_2"] for f in geo["features"]) == sorted(OBLAST_CODES)
    cache = r.headers["Cache-Control"]
    assert "public" in cache and "max-age=31536000" in cache and "immutable" in cache


@pytest.mark.parametrize("path", ["/xx/", "/xx", "/fr/", "/geo/other.geojson", "/health/x"])
def test_not_found_is_plain_text(client, path):
    r = client.get(path)
    assert r.status_code == 404
    body = r.get_data(as_text=True)
    assert r.mimetype == "text/plain"
    assert "Not found" in body and "/en/" in body
    assert "Traceback" not in body and "<html" not in body.lower()


# --- Dash endpoints ------------------------------------------------------------------------------------------


def ids_in(node) -> set:
    out = set()
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and isinstance(props.get("id"), str):
            out.add(props["id"])
        for v in node.values():
            out |= ids_in(v)
    elif isinstance(node, list):
        for v in node:
            out |= ids_in(v)
    return out


def test_dash_layout_has_the_filters(client):
    r = client.get("/en/_dash-layout")
    assert r.status_code == 200
    assert r.mimetype == "application/json"
    ids = ids_in(r.get_json())
    assert set(FILTER_IDS) <= ids
    assert {"url", "view", "map", "stock", "remittances", "cards", "sources", "notices", "map-rendered"} <= ids


def props_of(node, cid: str) -> dict | None:
    """The props of the component with id `cid` in a layout's JSON."""
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and props.get("id") == cid:
            return props
        node = list(node.values())
    if isinstance(node, list):
        for v in node:
            found = props_of(v, cid)
            if found is not None:
                return found
    return None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_layout_opens_on_the_default_view_already_drawn(client, lang):
    """No callback round trip before the first charts: figures, summaries and cards are in the layout, and the stores
    say which view they show (so the sync callback changes nothing on a plain visit, and a deep link patches from
    here). The Sources list is not: it comes once, with the view's frames (its store empty until then, and a line
    that says so in its place)."""
    layout = client.get(f"/{lang}/_dash-layout").get_json()
    assert props_of(layout, "view")["data"] == {"q": "", "lang": lang}
    for name in ("map", "stock", "remittances"):
        fig = props_of(layout, name)["figure"]
        assert fig["data"] and fig["layout"]["title"]["text"]
        assert props_of(layout, f"{name}-rendered")["data"] == f"{lang}?"
        assert props_of(layout, f"summary-{name}")["children"]
    assert props_of(layout, "cards-rendered")["data"] == f"{lang}?"
    assert props_of(layout, "sources-rendered")["data"] is None
    cards, sources = props_of(layout, "cards")["children"], props_of(layout, "sources")
    assert re.search(r"3\W?067", json.dumps(cards, ensure_ascii=False))  # 3,067 km (grouped per language)
    assert sources.get("children") is None and sources["data-wait"] and sources["data-print"]
    frames = client.get(f"/frames?lang={lang}").get_json()
    latest = next(frame for frame in frames["frames"] if frame["q"] == "")
    assert '"src-UNDESA_IMS2024_VIA_ANDREEV"' in json.dumps(frames["sources"][latest["sources"]])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_layout_opens_on_the_linked_view(client, lang):
    """The layout request's Referer is the page: a shared link's view is drawn straight away, bad parts noticed."""
    layout = client.get(f"/{lang}/_dash-layout", headers={
        "Referer": f"http://localhost/{lang}/?year=2015&layer=flows&dest=KAZ&sex=x"}).get_json()
    assert props_of(layout, "view")["data"] == {"q": "year=2015&dest=KAZ&layer=flows", "lang": lang}
    assert props_of(layout, "map-rendered")["data"] == f"{lang}?year=2015&dest=KAZ&layer=flows"
    fig = props_of(layout, "map")["figure"]
    assert "2015" in fig["layout"]["title"]["text"]
    assert any(t.get("type") == "scattergeo" and t.get("mode") == "lines" for t in fig["data"])  # the flows
    assert props_of(layout, "f-layer")["value"] == "flows" and props_of(layout, "f-dest")["value"] == ["KAZ"]
    assert "sex=x" in json.dumps(props_of(layout, "notices")["children"], ensure_ascii=False)


@pytest.mark.parametrize("layer", ["destinations", "flows", "oblasts"])
def test_the_map_panel_names_the_layer_of_the_link(client, layer):
    """The stylesheet shows the map's labels and controls by the panel's layer class (the oblast map's phone labels
    hidden on a desktop): a link's layer is in the panel before any callback runs."""
    layout = client.get("/en/_dash-layout", headers={"Referer": f"http://localhost/en/?layer={layer}"}).get_json()
    assert props_of(layout, "panel-map")["className"].split() == ["panel", "panel-map", f"layer-{layer}"]


def test_the_layout_is_never_stored_by_a_shared_cache(client):
    """It depends on the asking page's Referer: a proxy keeping it by URL would show one reader another's view."""
    r = client.get("/en/_dash-layout", headers={"Referer": "http://localhost/en/?year=2015"})
    assert r.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("referer", ["http://elsewhere.example/en/?year=2015", "http://localhost/ru/?year=2015",
                                     "http://localhost/en/embed/map?year=2015", "not a url", ""])
def test_layout_ignores_a_referer_that_is_not_this_page(client, referer):
    layout = client.get("/en/_dash-layout", headers={"Referer": referer} if referer else {}).get_json()
    assert props_of(layout, "view")["data"] == {"q": "", "lang": "en"}


# an embed of a chart with a picture paints the server's SVG first and loads nothing ahead (tests/unit/test_embed.py);
# the cards' embed is the live page
@pytest.mark.parametrize("page", ["/en/", "/ru/", "/ky/embed/cards"])
def test_index_preloads_what_the_charts_wait_for(client, page):
    prefix = page.rsplit("cards", 1)[0] if "embed" in page else page
    html = client.get(page).get_data(as_text=True)
    for path in ("_dash-component-suites/dash/dcc/async-graph.js",
                 "_dash-component-suites/plotly/package_data/plotly.min.js"):
        assert f'<link rel="preload" href="{prefix}{path}" as="script">' in html
        assert client.get(prefix + path).status_code == 200
    for path in ("_dash-layout", "_dash-dependencies"):  # what Dash's renderer fetches once its scripts have run
        assert f'<link rel="preload" href="{prefix}{path}" as="fetch" crossorigin="anonymous">' in html
        assert client.get(prefix + path).status_code == 200


@pytest.mark.parametrize("page", ["/en/", "/ru/", "/ky/"])
def test_the_dashboard_asks_for_the_world_map_from_its_head_and_an_embed_without_a_map_does_not(client, page):
    """The map's borders, handed to plotly.js before it draws (assets/15-plotly-react.js); the cards' embed has none."""
    link = f'<link rel="preload" href="{page}assets/topojson/world_110m.json" as="fetch" crossorigin="anonymous" '
    assert link + 'id="kgm-world-map">' in client.get(page).get_data(as_text=True)
    assert client.get(f"{page}assets/topojson/world_110m.json").status_code == 200
    assert "world_110m" not in client.get(f"{page}embed/cards").get_data(as_text=True)


def dependency(dependencies, output_part: str) -> dict:
    """The server-side callback that has `output_part` ('id.property') among its outputs."""
    hits = [d for d in dependencies if not d.get("clientside_function")
            and output_part in {f"{o['id']}.{o['property']}" for o in outputs_of(d["output"])}]
    assert len(hits) == 1, [d["output"] for d in hits]
    return hits[0]


def outputs_of(output: str) -> list[dict]:
    """'..map.figure...map-rendered.data..' -> [{'id': 'map', 'property': 'figure'}, ...] (as the renderer sends)."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    out = []
    for p in parts:
        cid, prop = p.rsplit(".", 1)
        out.append({"id": cid, "property": prop.split("@")[0]})
    return out


def payload(dep: dict, values: dict, changed: list[str]) -> dict:
    """The body the Dash renderer POSTs to _dash-update-component for one callback."""
    def fill(items):
        return [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in items]
    return {"output": dep["output"], "outputs": outputs_of(dep["output"]), "inputs": fill(dep["inputs"]),
            "changedPropIds": changed, "state": fill(dep["state"])}


def component_props(tree, component_id: str) -> dict:
    """The props of the component with `component_id` in a callback answer's component tree (Dash's JSON)."""
    found = []

    def walk(node) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict) and isinstance(node.get("props"), dict):
            if node["props"].get("id") == component_id:
                found.append(node["props"])
            walk(node["props"].get("children"))
    walk(tree)
    assert len(found) == 1, (component_id, len(found))
    return found[0]


def view_change(dep: dict, search: str, previous: dict, rendered: dict | None = None) -> dict:
    """The URL sync reading a new address (back / forward, a step with no frame held): it answers every panel."""
    values = {"url-ask.data": 1, "url.search": search, "view.data": previous, **(rendered or {})}
    return payload(dep, values, ["url-ask.data"])


def test_panels_come_with_the_url_sync_over_http(client, dependencies):
    dep = dependency(dependencies, "map.figure")
    assert dep is dependency(dependencies, "url.search")  # one request per view change, not two
    ins = [f"{i['id']}.{i['property']}" for i in dep["inputs"]]
    assert "view.data" not in ins and "url.search" not in ins and "f-year.value" not in ins
    r = client.post("/en/_dash-update-component", json=view_change(dep, "?year=2020", {"q": "", "lang": "en"}))
    assert r.status_code == 200
    assert r.mimetype == "application/json"
    out = r.get_json()
    fig = out["response"]["map"]["figure"]
    assert fig["data"][0]["type"] == "choropleth" and "RUS" in fig["data"][0]["locations"]
    assert "Where Kyrgyz migrants live: 2020" in fig["layout"]["title"]["text"]
    assert out["response"]["map-rendered"]["data"] == "en?year=2020"
    assert out["response"]["view"]["data"] == {"q": "year=2020", "lang": "en"}

    # the next year change answers with a patch, not the figure
    rendered = {f"{k}.data": v["data"] for k, v in out["response"].items() if k.endswith("-rendered")}
    assert set(rendered) == {f"{k}-rendered.data" for k in (*FIGURE_IDS, "cards", "sources")}
    r = client.post("/en/_dash-update-component",
                    json=view_change(dep, "?year=2015", {"q": "year=2020", "lang": "en"}, rendered))
    assert r.status_code == 200
    patch = r.get_json()["response"]["map"]["figure"]
    assert "__dash_patch_update" in patch and patch["operations"]
    out = r.get_json()["response"]
    assert "__dash_patch_update" in out["stock"]["figure"] and "__dash_patch_update" in out["cards"]["children"]
    assert "sources" not in out and "options" not in out.get("f-dest", {})  # the same sources and source: not resent
    assert len(r.get_data()) < 20_000


def test_sync_callback_over_http(client, dependencies, opts):
    dep = dependency(dependencies, "url.search")
    ins = [f"{i['id']}.{i['property']}" for i in dep["inputs"]]
    assert ins[0] == "url-ask.data" and "year-ask.data" in ins
    assert set(f"{f}.value" for f in FILTER_IDS if f != "f-year") <= set(ins)
    defaults = {"f-year.value": 7, "f-dest.value": [], "f-oblast.value": None, "f-sex.value": "both",
                "f-src.value": "UNDESA_IMS2024_VIA_ANDREEV", "f-layer.value": "destinations",
                "f-measure.value": "migrants", "f-per.value": "abs", "f-tab.value": "top", "f-rem.value": "usd"}
    # the slider moved to 2020 with no frame held (year-ask): the URL follows
    values = {**defaults, "url.search": "", "f-year.value": 6, "view.data": {"q": "", "lang": "en"},
              "year-ask.data": 1}
    r = client.post("/en/_dash-update-component", json=payload(dep, values, ["year-ask.data"]))
    assert r.status_code == 200
    resp = r.get_json()["response"]
    assert resp["url"]["search"] == "?year=2020"
    assert resp["view"]["data"] == {"q": "year=2020", "lang": "en"}
    # page load with a deep link: the controls follow the URL, with a notice for the bad value
    values = {**defaults, "url.search": "?year=2000&sex=x", "view.data": None, "url-ask.data": "load"}
    r = client.post("/en/_dash-update-component", json=payload(dep, values, ["url-ask.data"]))
    assert r.status_code == 200
    resp = r.get_json()["response"]
    assert resp["f-year"]["value"] == 2
    assert resp["view"]["data"] == {"q": "year=2000", "lang": "en"}
    assert "sex=x" in json.dumps(resp["notices"]["children"])
    # another source: its years, destinations and sexes come in the same answer
    values = {**defaults, "url.search": "", "view.data": {"q": "", "lang": "en"},
              "f-src.value": "UNDESA_IMS2019_VIA_ABEL"}
    resp = client.post("/en/_dash-update-component", json=payload(dep, values, ["f-src.value"])).get_json()
    assert [m["label"] for m in resp["response"]["f-year"]["marks"].values()][-1] == "2019"


def test_cards_callback_over_http(client, dependencies):
    dep = dependency(dependencies, "cards.children")
    body = view_change(dep, "?dest=KAZ", {"q": "", "lang": "en"})
    r = client.post("/en/_dash-update-component", json=body)
    assert r.status_code == 200
    text = json.dumps(r.get_json()["response"]["cards"]["children"], ensure_ascii=False)
    assert "Osh → Almaty, Kazakhstan" in text


def test_callback_answers_carry_only_the_headers_that_matter(client):
    """Page-level headers (framing, referrer, opener) mean nothing on callback JSON; they cost bytes on every update."""
    r = client.post("/en/_dash-update-component", data="not json", content_type="application/json")
    assert r.status_code == 400
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Frame-Options" not in r.headers and "Content-Security-Policy" not in r.headers
    # the page's address goes to this server only (its layout request reads the link's query from it)
    assert client.get("/en/").headers["Referrer-Policy"] == "same-origin"


def test_server_timing_is_off_unless_asked_for(client, dependencies):
    dep = dependency(dependencies, "map.figure")
    body = view_change(dep, "?year=2020", {"q": "", "lang": "en"}, {"map-rendered.data": "en?"})
    r = client.post("/en/_dash-update-component", json=body)
    assert r.status_code == 200 and "Server-Timing" not in r.headers


def test_server_timing_reports_the_callback_and_its_serialisation(bundle, dependencies):
    """KGM_SERVER_TIMING=1 (what bench/ runs with): app = the whole request in Flask, cb = the callback function,
    ser = Dash's encoder on that function's answer."""
    timed_app = create_app(Settings(data_dir=DATA_DIR, secret_key="unit-tests", server_timing=True), bundle=bundle)
    client = timed_app.server.test_client()
    dep = dependency(dependencies, "map.figure")
    body = view_change(dep, "?year=2020", {"q": "", "lang": "en"}, {"map-rendered.data": "en?"})
    r = client.post("/en/_dash-update-component", json=body)
    assert r.status_code == 200 and r.get_json()["response"]["map"]["figure"]["__dash_patch_update"]
    timing = dict(part.split(";dur=") for part in r.headers["Server-Timing"].split(", "))
    assert set(timing) == {"app", "cb", "ser"}
    app_ms, cb_ms, ser_ms = (float(timing[k]) for k in ("app", "cb", "ser"))
    assert 0 < cb_ms < app_ms and 0 < ser_ms < app_ms
    # a route without a callback reports the request only
    assert client.get("/health").headers["Server-Timing"].startswith("app;dur=")


@pytest.mark.parametrize("name", ["map", "stock", "remittances", "cards"])
def test_a_cached_update_is_the_same_update(app, bundle, name):
    """The second identical step is answered from the cache (no figure rebuilt or diffed) with the same patch, and
    that patch still turns the previous figure into the new one."""
    import copy

    from dash import Patch

    from dashboard import patches
    from dashboard.context import Context
    from dashboard.state import Options

    from .test_callbacks import apply_patch

    ctx = Context(bundle, Options.from_bundle(bundle))
    view = {"q": "year=2015", "lang": "en"}

    def step():
        if name == "cards":
            return patches.cards_update(ctx, view, "en?year=2020")[0]
        return patches.graph_update(ctx, name, view, "en?year=2020")[0]

    with app.server.app_context():
        first, again = step(), step()
        old = patches.cards_json(ctx, {"q": "year=2020", "lang": "en"}) if name == "cards" else \
            patches.build(ctx, name, {"q": "year=2020", "lang": "en"})
        new = patches.cards_json(ctx, view) if name == "cards" else patches.build(ctx, name, view)
    assert isinstance(first, Patch) and isinstance(again, Patch)
    assert first.to_plotly_json() == again.to_plotly_json()
    assert apply_patch(copy.deepcopy(old), again) == new


def test_a_repeat_visit_revalidates_assets_with_304(client):
    """The world topojson and the stylesheets are compressed on the fly; the browser's If-None-Match must still get
    a 304 (no body), in every language and for embeds."""
    for path in ("/en/assets/topojson/world_110m.json", "/ky/assets/10-style.css", "/ru/embed/assets/20-tools.js"):
        first = client.get(path, headers={"Accept-Encoding": "zstd, br, gzip"})
        assert first.status_code == 200 and first.headers["Content-Encoding"] and first.headers["ETag"]
        again = client.get(path, headers={"Accept-Encoding": "zstd, br, gzip", "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.get_data() == b""


def test_the_layout_goes_to_a_browser_as_brotli_at_quality_5(client):
    """Chromium accepts zstd and br alike: the server sends br at quality 5, ~13 % smaller than zstd 3 (Flask-Compress's
    default) for the same time."""
    import brotli
    from backports import zstd

    plain = client.get("/en/_dash-layout").get_data()
    sent = client.get("/en/_dash-layout", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert sent.headers["Content-Encoding"] == "br"
    assert brotli.decompress(sent.get_data()) == plain
    assert len(sent.get_data()) < 0.9 * len(zstd.compress(plain, level=3)), len(sent.get_data())


def test_per_process_caches_are_bounded(bundle):
    """However many different images and views are asked for, a worker keeps at most THRESHOLD_LARGE images and
    THRESHOLD other entries in memory (the oldest are dropped and recomputed when asked again)."""
    from dashboard import cache as kc

    app = create_app(Settings(data_dir=DATA_DIR, secret_key="unit-tests"), bundle=bundle)
    with app.server.app_context():
        for i in range(kc.THRESHOLD_LARGE * 3):
            kc.cached(f"img:{i}", lambda: b"x" * 1000, large=True)
        for i in range(kc.THRESHOLD + 50):
            kc.cached(f"fig:{i}", lambda: {"n": 1})
        assert kc.cached("img:last", lambda: b"y", large=True) == (b"y", False)
        assert kc.cached("img:last", lambda: b"z", large=True) == (b"y", True)
    large = app.server.extensions[kc.EXTENSION_LARGE].cache._cache
    small = app.server.extensions[kc.EXTENSION].cache._cache
    assert 0 < len(large) <= kc.THRESHOLD_LARGE + 1 and not any(k.startswith("fig:") for k in large)
    assert kc.THRESHOLD_LARGE < len(small) <= kc.THRESHOLD + 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_index_page_carries_no_figures(client, lang):
    """The index page carries no figure, nor Dash's validation layout (the browser checks the callbacks against the
    layout it draws; dash_app.py): the figures come with the layout request, for the asking page's view."""
    html = client.get(f"/{lang}/").get_data(as_text=True)
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', html,
                                  re.S).group(1))
    assert "validation_layout" not in config
    assert "choropleth" not in html and "scattergeo" not in html


def test_importing_the_app_module_builds_nothing():
    """gunicorn builds the server through the factory; an import (a test, a bench, a tool) loads no data."""
    import dashboard.app

    assert not hasattr(dashboard.app, "server")
    assert callable(dashboard.app.create_server)


def test_the_factory_builds_a_serving_server(monkeypatch, bundle):
    from dashboard.app import create_server

    monkeypatch.delenv("KGM_DATA_STORE", raising=False)
    monkeypatch.setenv("KGM_DATA_DIR", str(DATA_DIR))
    health = create_server().test_client().get("/health")
    assert health.status_code == 200
    assert health.get_json()["data_version"] == bundle.version


def test_the_factory_stops_on_a_bad_setting_with_a_message(monkeypatch, capsys):
    from dashboard.app import create_server

    monkeypatch.setenv("KGM_PUBLIC_URL", "ftp://example.org")
    with pytest.raises(SystemExit) as stopped:
        create_server()
    assert stopped.value.code == 2
    assert "KGM_PUBLIC_URL" in capsys.readouterr().err


# views whose pages differ in their components: the default, a notice, the flows and the oblasts, the comparison tab,
# another source with a city
ID_CHECK_QUERIES = ("", "year=2015&layer=flows&dest=KAZ&sex=x", "layer=oblasts&oblast=KG-O", "tab=compare&rem=gdp",
                    "src=KNOMAD_BMM_2021&city=almaty&rem=corridor")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("query", ID_CHECK_QUERIES)
def test_no_two_components_of_a_page_share_an_id(app, lang, query):
    """Dash checks ids once, on the layout of a worker's first request; DashApp points that check at the validation
    layout (dashboard/dash_app.py), so pages of several views are checked here, with Dash's own check."""
    context = app.server.extensions["kgm_context"]
    with app.server.test_request_context(f"/{lang}/_dash-layout",
                                         headers={"Referer": f"http://localhost/{lang}/?{query}"}):
        page = layout_for(context, lang)()
    _validate.validate_layout(page, page)


def test_a_workers_first_request_checks_the_validation_layout_not_a_page_built_for_it(bundle, monkeypatch):
    """The set-up at a worker's first request (here /health) builds no page, keeps the layout a function, and still
    refuses a repeated id."""
    built = []
    real = app_module.page_layout
    monkeypatch.setattr(app_module, "page_layout", lambda *args, **kw: built.append(args[3]) or real(*args, **kw))
    fresh = create_app(Settings(data_dir=DATA_DIR, secret_key="unit-tests"), bundle=bundle)
    built.clear()  # the validation layouts, built at start-up
    assert fresh.server.test_client().get("/health").status_code == 200
    assert built == []
    assert callable(fresh.layout)
    assert fresh.server.test_client().get("/en/_dash-layout").status_code == 200 and len(built) == 1

    broken = create_app(Settings(data_dir=DATA_DIR, secret_key="unit-tests"), bundle=bundle)
    broken.validation_layout = html.Div([html.P(id="same"), html.P(id="same")])
    with broken.server.test_request_context("/health"), pytest.raises(DuplicateIdError):
        broken._setup_server()
    assert callable(broken.layout)
