"""Static files under gunicorn: plotly.js, the world map, Dash's scripts and our assets arrive compressed with brotli
at quality 11 (gzip for a client without br, the file itself for one that takes neither), each decompressing to
exactly the file (our scripts and stylesheets without their comments, dashboard/minify.py), with Vary, an ETag per
encoding, a 304 for it, and the cache lifetime of its URL; no page loads dash_table's bundle, and its URL answers
404."""

from __future__ import annotations

import gzip
import pkgutil
import re
from pathlib import Path

import brotli
import pytest
from dash.fingerprint import check_fingerprint

from dashboard.minify import minified

from .conftest import REPO, Gunicorn, get, request
from .test_cache_headers import IMMUTABLE, cache_control, index_urls

BROWSER = "gzip, deflate, br, zstd"
PLOTLY_URL = "/en/_dash-component-suites/plotly/package_data/plotly.min.js"
WORLD_URL = "/en/assets/topojson/world_110m.json"
PAGES = ["/en/", "/ru/", "/ky/", "/en/embed/map", "/ky/embed/stock"]


def plain_file(url: str) -> bytes:
    """The file a static URL names, read from where it lives (our vendor folder and assets, the dash package)."""
    path = url.split("?")[0]
    if path.endswith("/plotly/package_data/plotly.min.js"):
        return (REPO / "dashboard" / "vendor" / "plotly-geo.min.js").read_bytes()
    if "/assets/" in path:
        asset = REPO / "assets" / path.split("/assets/", 1)[1]
        return minified(asset.read_bytes(), asset.suffix)
    package, fingerprinted = path.split("/_dash-component-suites/", 1)[1].split("/", 1)
    return pkgutil.get_data(package, check_fingerprint(fingerprinted)[0])


@pytest.fixture(scope="module")
def page_scripts(app_server: Gunicorn) -> list[str]:
    """The scripts, stylesheets and map the page loads that are compressible: every component-suite script the index
    names, our stylesheets and scripts, the world map."""
    urls = [u for u in index_urls(app_server.port) if u.split("?")[0].endswith((".js", ".css"))]
    assert any("dash_core_components" in u for u in urls) and PLOTLY_URL in urls, urls
    return [*urls, WORLD_URL, "/en/embed/assets/topojson/world_110m.json",
            "/en/_dash-component-suites/dash/dcc/async-slider.js"]


def test_every_static_file_arrives_as_brotli_11_of_exactly_the_file(app_server: Gunicorn, page_scripts):
    for url in page_scripts:
        reply = get(app_server.port, url, headers={"Accept-Encoding": BROWSER})
        assert reply.status == 200, (url, reply.status)
        assert reply.headers.get("content-encoding") == "br", (url, reply.headers)
        plain = plain_file(url)
        assert brotli.decompress(reply.body) == plain, url
        assert len(reply.body) == len(brotli.compress(plain, quality=11)), f"{url} is not brotli at quality 11"
        assert int(reply.headers["content-length"]) == len(reply.body)
        assert "accept-encoding" in reply.headers["vary"].lower(), (url, reply.headers)


@pytest.mark.parametrize("url", [PLOTLY_URL, WORLD_URL, "/en/assets/20-tools.js?m=1"])
def test_gzip_for_a_client_without_br_and_the_file_itself_for_one_without_either(app_server: Gunicorn, url):
    plain = plain_file(url)
    zipped = get(app_server.port, url, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers.get("content-encoding") == "gzip" and gzip.decompress(zipped.body) == plain, zipped.headers
    assert len(zipped.body) == len(gzip.compress(plain, compresslevel=9, mtime=0))
    for encoding in ("identity", "identity;q=1"):
        bare = get(app_server.port, url, headers={"Accept-Encoding": encoding})
        assert bare.status == 200 and "content-encoding" not in bare.headers and bare.body == plain, encoding
    no_header = get(app_server.port, url)
    assert "content-encoding" not in no_header.headers and no_header.body == plain


@pytest.mark.parametrize("url", [PLOTLY_URL, WORLD_URL, "/en/_dash-component-suites/dash/dcc/async-graph.js"])
def test_each_encoding_has_its_own_etag_and_revalidates_to_304(app_server: Gunicorn, url):
    tags = {}
    for encoding in (BROWSER, "gzip", "identity"):
        first = get(app_server.port, url, headers={"Accept-Encoding": encoding})
        tags[encoding] = first.headers["etag"]
        again = get(app_server.port, url, headers={"Accept-Encoding": encoding, "If-None-Match": tags[encoding]})
        assert again.status == 304 and again.body == b"", (url, encoding, again.status)
        assert again.headers["etag"] == tags[encoding] and cache_control(again) == {"no-cache"}
        assert "accept-encoding" in again.headers.get("vary", "").lower()
    assert len(set(tags.values())) == 3, tags  # a cache never hands a br body to a client that asked for gzip
    other = get(app_server.port, url, headers={"Accept-Encoding": "gzip", "If-None-Match": tags[BROWSER]})
    assert other.status == 200 and other.headers["content-encoding"] == "gzip"


def test_a_versioned_script_is_kept_for_a_year_and_head_sends_no_body(app_server: Gunicorn, page_scripts):
    versioned = next(u for u in page_scripts if "dash_renderer.v" in u)
    reply = get(app_server.port, versioned, headers={"Accept-Encoding": BROWSER})
    assert cache_control(reply) == IMMUTABLE and reply.headers["content-encoding"] == "br"
    head = request(app_server.port, "HEAD", versioned, headers={"Accept-Encoding": BROWSER})
    assert head.status == 200 and head.body == b"" and head.headers["etag"] == reply.headers["etag"]


@pytest.mark.parametrize("page", PAGES)
def test_no_page_loads_dash_table_or_babels_polyfill(app_server: Gunicorn, page: str):
    html = get(app_server.port, page).text
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert any("dash_core_components" in s for s in scripts), scripts  # the page still has its components
    assert not [s for s in scripts if "dash_table" in s or "polyfill" in s], scripts
    # what Dash's scripts need of the polyfill, alone
    assert [s for s in scripts if "/assets/vendor/regenerator-runtime.js" in s], scripts


@pytest.mark.parametrize("page", PAGES)
def test_the_index_page_carries_no_second_copy_of_the_layout(app_server: Gunicorn, page: str):
    html = get(app_server.port, page).text
    config = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', html, re.S)[1]
    assert "validation_layout" not in config and len(config) < 5_000, len(config)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_loads_only_the_assets_of_its_kind(app_server: Gunicorn, page: str):
    html = get(app_server.port, page).text
    urls = re.findall(r'(?:src|href)="([^"]*/assets/[^"]+)"', html)
    loaded = {url.split("/assets/")[1].split("?")[0] for url in urls}
    embed_only = {"50-embed.js", "55-embed-live.js", "12-embed-static.css"}
    assert {"10-style.css", "30-callbacks.js"} <= loaded and "embed-host.js" not in loaded, loaded
    assert embed_only <= loaded if "/embed/" in page else not embed_only & loaded, loaded
    # the host pages' script is still served, from the embeds' address the share panel gives
    assert get(app_server.port, "/en/embed/assets/embed-host.js").status == 200


def test_babels_polyfill_is_not_served(app_server: Gunicorn):
    reply = get(app_server.port, "/en/_dash-component-suites/dash/deps/polyfill@7.v4_4_1m1.12.1.min.js")
    assert reply.status == 404


def test_dash_table_bundle_is_not_served_and_nothing_imports_it(app_server: Gunicorn):
    reply = get(app_server.port, "/en/_dash-component-suites/dash/dash_table/bundle.v7_4_1m1.js")
    assert reply.status == 404
    importing = [p.name for p in (REPO / "dashboard").rglob("*.py")
                 if re.search(r"dash_table|DataTable", p.read_text(encoding="utf-8"))
                 and p.name not in ("dash_app.py", "precompressed.py")]
    assert importing == []


def test_fonts_are_sent_as_they_are(app_server: Gunicorn):
    """woff2 is compressed already: it is neither recompressed nor precompressed."""
    url = "/en/assets/fonts/noto-sans-latin-400-normal.woff2"
    reply = get(app_server.port, url, headers={"Accept-Encoding": BROWSER})
    assert reply.status == 200 and "content-encoding" not in reply.headers
    assert reply.body == Path(REPO / "assets" / url.split("/assets/", 1)[1]).read_bytes()
