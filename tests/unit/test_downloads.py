"""Download routes, framing headers and embeds, through Flask's test client (no browser).

The CSV of a view must hold exactly the rows `chart_rows` gives for that view, under provenance lines; images are
rendered by kaleido with Debian's chromium (one browser kept warm per process, so all image tests share one app).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from dash import dcc, html

from dashboard import embed, exports
from dashboard import state as st
from dashboard.app import create_app
from dashboard.charts import CHART_IDS as CHARTS
from dashboard.charts import rows_for as chart_rows
from dashboard.context import Context
from dashboard.state import Options
from dashboard.views import share

REPO = Path(__file__).resolve().parents[2]
OLD_VERSION = "2025.1.0"  # the old_bundle fixture's (conftest.py)
# The 2024 UN DESA Russia figure of the shipped package, and what the archived copy says instead.
RUS_2024_NOW, RUS_2024_OLD = 333664, 333999

VIEWS = {
    "default": "",
    "un2020-2020": "year=2020&src=un2020",
    "oblasts-poverty": "layer=oblasts&measure=poverty",
    "oblasts-per1000": "layer=oblasts&per=per1000",
    "compare-kaz": "tab=compare&dest=KAZ",
    "rem-gdp": "rem=gdp",
    "rem-country": "rem=country",
    "batken-kaz-rus": "oblast=KG-B&dest=KAZ~RUS",
}


@pytest.fixture(scope="module")
def app(bundle):
    return create_app(bundle=bundle)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def provenance_line(line: str) -> str | None:
    """The text of a '# key: value' line (one CSV cell, quoted when it holds a comma or a quote), else None."""
    cells = next(csv.reader([line]), [])
    return cells[0] if len(cells) == 1 and cells[0].startswith("# ") else None


def split_csv(body: bytes) -> tuple[list[str], str]:
    """-> ('# ' provenance lines, the table's text)."""
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").split("\n")
    meta = []
    while lines and provenance_line(lines[0]) is not None:
        meta.append(provenance_line(lines.pop(0)))
    return meta, "\n".join(lines)


def read_table(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def meta_dict(meta: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in meta:
        key, _, value = line[2:].partition(": ")
        out.setdefault(key, []).append(value)
    return out


def download_csv(client, chart: str, query: str) -> tuple[dict[str, list[str]], pd.DataFrame, object]:
    resp = client.get(f"/download/{chart}.csv" + (f"?{query}" if query else ""))
    assert resp.status_code == 200, resp.data[:300]
    meta, table = split_csv(resp.data)
    return meta_dict(meta), read_table(table), resp


def expected_rows(bundle, opts, chart: str, query: str, lang: str = "en") -> pd.DataFrame:
    s, _ = st.parse(query, opts)
    # the CSV writes whole-number columns as integers (exports.whole_numbers), as published
    return read_table(chart_rows(bundle, s, opts, chart, lang).apply(exports.whole_numbers).to_csv(index=False))


def walk(component) -> Iterator:
    """Every Dash component in a tree (lists and children included)."""
    if isinstance(component, list | tuple):
        for c in component:
            yield from walk(c)
        return
    if component is None or isinstance(component, str | int | float):
        return
    yield component
    yield from walk(getattr(component, "children", None))


def text_of(component) -> str:
    if isinstance(component, str):
        return component
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None) or "")


def source_text(fig: dict) -> str:
    notes = [a["text"] for a in fig["layout"]["annotations"] if a.get("name") == "source"]
    assert len(notes) == 1, fig["layout"]["annotations"]
    return notes[0]


# --- CSV: the rows of the view, under provenance -------------------------------------------------------------------


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_csv_equals_chart_rows(client, bundle, opts, chart, view):
    meta, table, resp = download_csv(client, chart, view)
    assert resp.mimetype == "text/csv"
    assert resp.headers["Content-Disposition"] == f'attachment; filename="kg-migration-{chart}-{bundle.version}.csv"'
    expected = expected_rows(bundle, opts, chart, view)
    assert len(expected) > 0, "a view without rows proves nothing"
    pd.testing.assert_frame_equal(table, expected)
    assert "notice" not in meta, meta["notice"]


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_csv_provenance(client, bundle, opts, chart, view):
    meta, table, _ = download_csv(client, chart, view)
    s, _ = st.parse(view, opts)
    assert list(meta)[:6] == ["title", "sources", "cite as", "data version", "view", "notes"]
    assert meta["title"] == [share.chart_title(bundle, s, opts, chart, "en")]
    assert meta["title"][0]
    # every source in the rows, with its licence
    licences = bundle.sources.set_index("source_id")["licence"]
    ids = sorted(set(table["source_id"]) - {""})
    assert ids
    for sid in ids:
        assert f"{sid}: {licences[sid]}" in meta["sources"][0]
    (cite,) = meta["cite as"]
    assert cite.startswith("Kyrgyz labour migration dashboard (") and meta["title"][0] in cite
    assert f"Data version {bundle.version}" in cite
    (stamp,) = meta["data version"]
    assert stamp.startswith(f"{bundle.version} ({bundle.created[:10]}") and bundle.digest in stamp
    (url,) = meta["view"]
    assert url.startswith("http://localhost/en/?") and url in cite
    query = parse_qs(urlsplit(url).query)
    assert query.pop("v") == [bundle.version]
    assert st.parse({k: v[0] for k, v in query.items()}, opts)[0] == s  # the link opens this very view


def test_csv_in_russian(client, bundle, opts):
    meta, table, _ = download_csv(client, "map", "year=2020&src=un2020&lang=ru")
    expected = expected_rows(bundle, opts, "map", "year=2020&src=un2020", "ru")
    pd.testing.assert_frame_equal(table, expected)
    assert "Россия" in set(table["destination"])
    # the provenance keys are translated too; the view link is the Russian page of the same view
    assert f"http://localhost/ru/?year=2020&src=un2020&v={bundle.version}" in [v[0] for v in meta.values()]


def test_csv_values_are_numbers_as_published(client, bundle):
    _, table, _ = download_csv(client, "map", "year=2020&src=un2020")
    ms = bundle["migrant_stock"]
    row = ms[(ms["year"] == 2020) & (ms["destination_iso3"] == "RUS") & (ms["sex"] == "both")
             & (ms["source_id"] == "UNDESA_IMS2020_VIA_ANDREEV")]
    assert table.set_index("destination_iso3").loc["RUS", "value"] == str(int(row["value"].iloc[0]))
    assert not any(v.startswith("'") for v in table["value"])


def test_bad_query_values_fall_back_with_notices(client, bundle, opts):
    query = "year=abcd&sex=robot&dest=ZZZ&layer=moon&colour=red"
    meta, table, resp = download_csv(client, "map", query)
    notices = meta["notice"]
    assert len(notices) == 5, notices
    for key, value, reason in (("year", "abcd", "invalid"), ("sex", "robot", "invalid"),
                               ("dest", "ZZZ", "unknown-codes"), ("layer", "moon", "invalid"),
                               ("colour", "red", "unknown-key")):
        assert any(n.startswith(f"{key}={value} ") and n.endswith(f"({reason})") for n in notices), notices
    pd.testing.assert_frame_equal(table, expected_rows(bundle, opts, "map", ""))
    assert meta["view"] == [f"http://localhost/en/?v={bundle.version}"]


@pytest.mark.parametrize("query", ["lang=xx", "w=huge&h=-1&scale=zero", "year=" + "9" * 3000])
def test_odd_own_parameters_still_serve_the_csv(client, query):
    resp = client.get(f"/download/stock.csv?{query}")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert b"Traceback" not in resp.data


@pytest.mark.parametrize("path", ["/download/nope.csv", "/download/map.gif", "/download/map.CSV",
                                  "/download/cards.pdf", "/download/map.csv.exe", "/download/Map.png",
                                  "/download/%3Cscript%3E.csv"])
def test_unknown_chart_or_format_is_a_plain_404(client, path):
    resp = client.get(path)
    assert resp.status_code == 404
    assert resp.mimetype == "text/plain"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"  # an echoed name stays text
    body = resp.data.decode()
    assert "Traceback" not in body
    assert body.endswith(".")  # a sentence


def test_unknown_chart_names_the_charts(client):
    body = client.get("/download/nope.csv").data.decode()
    assert "nope.csv" in body and all(c in body for c in CHARTS)


def test_unheld_version_notice_and_current_data(client, bundle, opts):
    meta, table, _ = download_csv(client, "map", "v=1999.1")
    (notice,) = meta["notice"]
    assert notice.startswith("v=1999.1 ") and notice.endswith("(version)")
    assert meta["data version"][0].startswith(bundle.version)
    pd.testing.assert_frame_equal(table, expected_rows(bundle, opts, "map", ""))


def test_unheld_version_links_carry_the_version_shown(client, bundle):
    meta, _, _ = download_csv(client, "map", "v=1999.1")
    assert meta["view"] == [f"http://localhost/en/?v={bundle.version}"]
    assert f"?v={bundle.version}" in meta["cite as"][0]


# --- images ---------------------------------------------------------------------------------------------------------


@pytest.mark.slow
class TestImages:
    """All on the module's one app: kaleido keeps one chromium warm per process (the first image takes seconds).

    The app's image cache is emptied before each test, so a test sees what the renderer makes for its request."""

    @pytest.fixture(autouse=True)
    def empty_cache(self, app):
        for name in ("kgm_cache", "kgm_cache_large"):
            cache = app.server.extensions.get(name)
            if cache is not None:
                cache.clear()

    def test_each_chart_gets_its_own_image(self, client, bundle, opts):
        s = st.parse("year=2020&src=un2020", opts)[0]
        for chart in ("map", "stock", "remittances"):
            resp = client.get(f"/download/{chart}.svg?year=2020&src=un2020")
            assert share.chart_title(bundle, s, opts, chart, "en") in resp.data.decode(), chart

    @pytest.mark.parametrize(("path", "size"), [
        ("/download/map.png?w=800&h=450&scale=1", (800, 450)),
        ("/download/stock.png?w=1600&h=900&scale=2", (3200, 1800)),
        ("/download/remittances.png?rem=gdp&w=1000&h=600&scale=1", (1000, 600)),
        ("/download/map.png?layer=oblasts&w=800&h=450&scale=1", (800, 450)),
        ("/download/map.png?layer=flows&dest=KAZ~RUS&w=800&h=450&scale=1.5", (1200, 675)),
        ("/download/stock.png?w=99999&h=1&scale=9", (9600, 1200)),  # clamped: 3200x400, scale capped at 3
        ("/download/stock.png?preset=square", (2400, 2400)),  # the chart's presets: a square for social media
        ("/download/map.png?preset=a4&w=800", (2480, 1754)),  # a preset wins over w/h/scale
        ("/download/remittances.png?preset=nope&w=800&h=450&scale=1", (800, 450)),  # unknown: as given
    ])
    def test_png_size(self, client, bundle, path, size):
        from PIL import Image

        resp = client.get(path)
        assert resp.status_code == 200, resp.data[:300]
        assert resp.mimetype == "image/png"
        chart = path.split("/")[2].split(".")[0]
        assert resp.headers["Content-Disposition"] == f'inline; filename="kg-migration-{chart}-{bundle.version}.png"'
        img = Image.open(io.BytesIO(resp.data))
        img.load()
        assert img.format == "PNG" and img.size == size
        colours = img.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is None or len(colours) > 50, "a blank image"

    def test_oblasts_png_draws_the_oblasts(self, client):
        """Inline geometry: the oblast shapes are in the figure, so the image has them without a browser fetch."""
        from PIL import Image

        resp = client.get("/download/map.png?layer=oblasts&measure=poverty&w=800&h=450&scale=1")
        assert resp.status_code == 200
        img = Image.open(io.BytesIO(resp.data)).convert("RGB")
        # the choropleth's blues (SEQUENTIAL) fill a good part of the middle of the image
        mid = img.crop((150, 100, 650, 380))
        blue = sum(n for n, (r, g, b) in mid.getcolors(maxcolors=1 << 20) if b > r + 40 and b > g + 10)
        assert blue > 0.05 * 500 * 280, blue

    @pytest.mark.parametrize("view", ["", "layer=oblasts", "layer=flows"])
    def test_map_svg(self, client, bundle, view):
        resp = client.get("/download/map.svg" + (f"?{view}" if view else ""))
        assert resp.status_code == 200 and resp.mimetype == "image/svg+xml"
        svg = resp.data.decode()
        assert svg.lstrip().startswith("<svg") and 'width="1600"' in svg and 'height="900"' in svg
        assert "Source" in svg and bundle.version in svg
        assert f"http://localhost/en/?{view + '&' if view else ''}v={bundle.version}" in svg.replace("&amp;", "&")

    def test_the_oblast_map_names_each_oblast_once(self, client):
        """One set of labels (maps.labels_for_width): both sets drawn put "Naryn" twice, one over the other."""
        svg = client.get("/download/map.svg?layer=oblasts").data.decode()
        assert svg.count(">Naryn<") == 1 and svg.count(">Osh<") == 1, (svg.count(">Naryn<"), svg.count(">Osh<"))

    @pytest.mark.parametrize("chart", ["map", "stock", "remittances"])
    def test_svg_has_title_source_and_version(self, client, bundle, opts, chart):
        svg = client.get(f"/download/{chart}.svg?year=2020&src=un2020").data.decode()
        title = share.chart_title(bundle, st.parse("year=2020&src=un2020", opts)[0], opts, chart, "en")
        assert title and title in svg
        assert "Source" in svg and f"Data {bundle.version}" in svg

    def test_cards_have_no_image(self, client):
        for ext in ("png", "svg"):
            resp = client.get(f"/download/cards.{ext}")
            assert resp.status_code == 404 and resp.mimetype == "text/plain"
            assert resp.data.decode() == "The chart 'cards' has no image; download its CSV, or embed it."

    @pytest.mark.parametrize(("chart", "size"), [
        ("stock", (1600, 900)),
        pytest.param("stock", (800, 450), id="stock-800x450"),
        ("remittances", (1600, 900)),
    ])
    def test_legend_below_the_axis_labels(self, client, chart, size, request):
        """The legend sits under the x axis labels, not on them."""
        w, h = size
        svg = client.get(f"/download/{chart}.svg?w={w}&h={h}").data.decode()
        legend_top = float(re.search(r'<g class="legend"[^>]*translate\([\d.]+,([\d.]+)\)', svg).group(1))
        ticks = [float(y) for y in re.findall(r'class="xtick"><text[^>]*?\by="([\d.]+)"', svg)]
        assert ticks, "no x axis labels"
        assert legend_top >= max(ticks) + 2, (legend_top, max(ticks))

    @pytest.mark.parametrize(("chart", "size"), [
        ("map", (1600, 900)),
        ("map", (800, 450)),
        ("stock", (800, 450)),
        ("remittances", (800, 450)),
    ])
    def test_title_not_cut_off(self, client, chart, size):
        from PIL import Image

        w, h = size
        img = Image.open(io.BytesIO(client.get(f"/download/{chart}.png?w={w}&h={h}&scale=1").data)).convert("L")
        top = [img.getpixel((x, y)) for y in range(2) for x in range(w)]
        assert min(top) > 200, "ink on the top rows: the title is cut off"


# --- the data package -------------------------------------------------------------------------------------------------


def test_data_package_zip(client, bundle):
    resp = client.get("/download/data-package.zip")
    assert resp.status_code == 200 and resp.mimetype == "application/zip"
    assert resp.headers["Content-Disposition"] == f'attachment; filename="kg-labour-migration-{bundle.version}.zip"'
    with zipfile.ZipFile(io.BytesIO(resp.data)) as z:
        names = z.namelist()
        descriptor = json.loads(z.read(f"kg-labour-migration-{bundle.version}/datapackage.json"))
    assert descriptor["version"] == bundle.version
    assert f"kg-labour-migration-{bundle.version}/README.md" in names


# --- framing --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/en/embed/map", "/en/embed/map?layer=flows", "/ru/embed/stock", "/ky/embed/cards"])
def test_embeds_may_be_framed(client, path):
    resp = client.get(path)
    assert resp.status_code == 200
    csp = resp.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "'none'" not in csp.split("frame-ancestors", 1)[1]
    assert "X-Frame-Options" not in resp.headers


@pytest.mark.parametrize("path", ["/en/", "/ru/", "/download/map.csv", "/download/data-package.zip", "/health",
                                  "/download/nope.csv", "/en/embedded/map"])
def test_other_routes_may_not_be_framed(client, path):
    resp = client.get(path)
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Frame-Options"] == "DENY"


# --- embeds ---------------------------------------------------------------------------------------------------------


def test_embed_route_serves_html(client):
    resp = client.get("/en/embed/map?layer=flows")
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    page = resp.data.decode()
    assert '<html lang="en" class="embedded">' in page
    assert '<div id="react-entry-point">' in page  # Dash fills the chart in from its layout and callback
    layout = json.dumps(client.get("/en/embed/_dash-layout").get_json())
    assert '"id": "embed"' in layout and '"id": "url"' in layout


def test_embed_children_map(ctx, bundle):
    out = embed.embed_children(ctx, "en", "/en/embed/map", f"?v={bundle.version}", "http://h/")
    graphs = [c for c in walk(out) if isinstance(c, dcc.Graph)]
    assert len(graphs) == 1 and graphs[0].id == "embed-graph"
    fig = graphs[0].figure
    (h1,) = [c for c in walk(out) if isinstance(c, html.H1)]  # the title, said once: in the heading
    assert "Where Kyrgyz migrants live" in h1.children and "Where" not in fig["layout"]["title"]["text"]
    assert f"http://h/en/?v={bundle.version}" in source_text(fig)
    assert graphs[0].config["topojsonURL"] == "/en/embed/assets/topojson/"
    links = [c for c in walk(out) if isinstance(c, html.A)]
    assert len(links) == 1
    back = links[0]
    assert back.target == "_blank" and "noopener" in back.rel
    assert back.href == f"http://h/en/?v={bundle.version}"
    assert not [c for c in walk(out) if "notice" in (getattr(c, "className", "") or "")]
    assert bundle.version in text_of(out)


def test_embed_children_keep_the_view(ctx, bundle):
    out = embed.embed_children(ctx, "en", "/en/embed/stock/", "?year=2020&src=un2020&tab=compare&dest=KAZ",
                               "http://h/")
    (graph,) = [c for c in walk(out) if isinstance(c, dcc.Graph)]
    link = f"http://h/en/?year=2020&dest=KAZ&src=un2020&tab=compare&v={bundle.version}"
    assert link in source_text(graph.figure)
    (back,) = [c for c in walk(out) if isinstance(c, html.A)]
    assert back.href == link


def test_embed_children_cards(ctx):
    out = embed.embed_children(ctx, "en", "/en/embed/cards", "?oblast=KG-B", "http://h/")
    assert not [c for c in walk(out) if isinstance(c, dcc.Graph)]
    assert "Batken" in text_of(out)


def test_embed_unknown_chart_lists_the_charts(ctx):
    out = embed.embed_children(ctx, "en", "/en/embed/pie", "", "http://h/")
    assert len(out) == 1 and out[0].className == "notice"
    text = text_of(out)
    assert "pie" in text and all(c in text for c in CHARTS)


def test_embed_unheld_version_notice_and_current_data(ctx, bundle):
    out = embed.embed_children(ctx, "en", "/en/embed/map", "?v=1999.1", "http://h/")
    notices = [c for c in walk(out) if getattr(c, "className", None) == "notice"]
    assert len(notices) == 1
    assert "1999.1" in text_of(notices) and "no longer holds" in text_of(notices)
    (graph,) = [c for c in walk(out) if isinstance(c, dcc.Graph)]
    assert f"Data {bundle.version}" in source_text(graph.figure)
    assert f"{RUS_2024_NOW:,}" in json.dumps(graph.figure["data"][0]["customdata"])


# --- a pinned older version that the server still holds -------------------------------------------------------------


@pytest.fixture(scope="module")
def archived_client(bundle, old_bundle):
    return create_app(bundle=bundle, archive={OLD_VERSION: old_bundle}).server.test_client()


def rus_value(table: pd.DataFrame) -> int:
    return int(table.set_index("destination_iso3").loc["RUS", "value"])


def test_archived_version_csv(archived_client, bundle, old_bundle):
    assert old_bundle.version == OLD_VERSION and old_bundle.digest != bundle.digest
    meta, table, _ = download_csv(archived_client, "map", f"v={OLD_VERSION}")
    assert rus_value(table) == RUS_2024_OLD
    assert "notice" not in meta
    assert meta["data version"][0].startswith(f"{OLD_VERSION} (")
    assert meta["view"] == [f"http://localhost/en/?v={OLD_VERSION}"]
    meta, table, _ = download_csv(archived_client, "map", "")
    assert rus_value(table) == RUS_2024_NOW and meta["data version"][0].startswith(bundle.version)


def test_archived_version_zip(archived_client):
    resp = archived_client.get(f"/download/data-package.zip?v={OLD_VERSION}")
    assert resp.status_code == 200
    with zipfile.ZipFile(io.BytesIO(resp.data)) as z:
        stock = z.read(f"kg-labour-migration-{OLD_VERSION}/migrant_stock.csv").decode()
    assert str(RUS_2024_OLD) in stock


def test_archived_version_embed(bundle, opts, old_bundle):
    context = Context(bundle, opts, {OLD_VERSION: old_bundle})
    out = embed.embed_children(context, "en", "/en/embed/map", f"?v={OLD_VERSION}", "http://h/")
    assert not [c for c in walk(out) if getattr(c, "className", None) == "notice"]
    (graph,) = [c for c in walk(out) if isinstance(c, dcc.Graph)]
    custom = json.dumps(graph.figure["data"][0]["customdata"])
    assert f"{RUS_2024_OLD:,}" in custom and f"{RUS_2024_NOW:,}" not in custom
    assert f"Data {OLD_VERSION}" in source_text(graph.figure)
    assert f"http://h/en/?v={OLD_VERSION}" in source_text(graph.figure)
    assert OLD_VERSION in text_of(out)
    # the same embed without a pin shows the current data
    out = embed.embed_children(context, "en", "/en/embed/map", "", "http://h/")
    (graph,) = [c for c in walk(out) if isinstance(c, dcc.Graph)]
    assert f"{RUS_2024_NOW:,}" in json.dumps(graph.figure["data"][0]["customdata"])


def test_archived_version_embed_through_the_app(archived_client):
    """The embed page's own callback, as the browser calls it."""
    body = {"output": "embed.children", "outputs": {"id": "embed", "property": "children"},
            "inputs": [{"id": "url", "property": "pathname", "value": "/en/embed/map"},
                       {"id": "url", "property": "search", "value": f"?v={OLD_VERSION}"}],
            "changedPropIds": ["url.pathname"], "state": []}
    resp = archived_client.post("/en/embed/_dash-update-component", json=body)
    assert resp.status_code == 200, resp.data[:300]
    text = resp.data.decode()
    assert f"{RUS_2024_OLD:,}" in text and f"Data {OLD_VERSION}" in text


def test_options_for_archived_bundle(bundle, opts, old_bundle):
    context = Context(bundle, opts, {OLD_VERSION: old_bundle})
    assert context.bundle_for(OLD_VERSION) is old_bundle
    assert context.bundle_for("1999.1") is bundle and context.bundle_for(None) is bundle
    assert context.options_for(old_bundle).version == OLD_VERSION
    assert isinstance(context.options_for(bundle), Options)
