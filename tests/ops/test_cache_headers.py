"""Cache headers under gunicorn: every static file the page loads carries a validator and answers a matching
If-None-Match with 304; a URL that names its content's version (Dash's fingerprint in the file name, ?m=, the
favicon's content hash) may be kept for a year, any other must be revalidated."""

from __future__ import annotations

import re

import pytest

from .conftest import Gunicorn, Reply, get

IMMUTABLE = {"public", "max-age=31536000", "immutable"}
BROWSER_ENCODINGS = ["gzip, deflate, br, zstd", "identity"]
FINGERPRINT = re.compile(r"\.v[\w-]+m[0-9a-fA-F]+\.|[?&](m|v)=")
# Static files the page loads by names that carry no version: fonts (named by the stylesheet), the world map (asked
# for by plotly.js), dcc's async chunks and plotly.js (fixed URLs in Dash's scripts), Dash's unversioned favicon.
UNVERSIONED = ["/en/assets/fonts/noto-sans-latin-400-normal.woff2", "/en/assets/topojson/world_110m.json",
               "/en/_dash-component-suites/dash/dcc/async-graph.js",
               "/en/_dash-component-suites/plotly/package_data/plotly.min.js", "/en/_favicon.ico"]


def cache_control(reply: Reply) -> set[str]:
    return {part.strip() for part in reply.headers.get("cache-control", "").split(",") if part.strip()}


def index_urls(port: int, path: str = "/en/") -> list[str]:
    """Every same-origin URL the index page names in a src or href attribute (scripts, stylesheets, preloads,
    the favicon), in order."""
    html = get(port, path).text
    return list(dict.fromkeys(u for u in re.findall(r'(?:src|href)="(/[^"]+)"', html) if not u.startswith("//")))


def assert_revalidates_to_304(port: int, path: str, encoding: str) -> Reply:
    """GET, then GET again with the ETag it gave: 304 with no body; returns the first reply."""
    first = get(port, path, headers={"Accept-Encoding": encoding})
    assert first.status == 200, (path, first.status)
    etag = first.headers.get("etag")
    assert etag, (path, first.headers)
    again = get(port, path, headers={"Accept-Encoding": encoding, "If-None-Match": etag})
    assert again.status == 304 and again.body == b"", (path, encoding, again.status, again.headers)
    assert cache_control(again) == cache_control(first), (path, again.headers)
    return first


# Dash's layout and callbacks, which the index preloads (components/page.py PRELOAD_FETCH): answers, not files (the
# layout is the page's view, read from the Referer), so never kept
DASH_ANSWERS = ("/en/_dash-layout", "/en/_dash-dependencies")


@pytest.fixture(scope="module")
def page_files(app_server: Gunicorn) -> list[str]:
    urls = index_urls(app_server.port)
    assert len(urls) >= 10, urls
    assert set(DASH_ANSWERS) <= set(urls), urls
    return [url for url in urls if url not in DASH_ANSWERS]


def test_the_layout_the_index_preloads_is_never_kept(app_server: Gunicorn):
    reply = get(app_server.port, DASH_ANSWERS[0])
    assert reply.status == 200 and "no-store" in cache_control(reply), reply.headers


def test_the_favicon_has_a_content_hashed_url_kept_for_a_year(app_server: Gunicorn):
    icons = [u for u in index_urls(app_server.port) if "favicon" in u]
    assert len(icons) == 1 and re.fullmatch(r"/favicon-[0-9a-f]{16}\.svg", icons[0]), icons
    for lang_page in ("/ru/", "/ky/", "/en/embed/map"):  # one icon for every page: downloaded once
        assert [u for u in index_urls(app_server.port, lang_page) if "favicon" in u] == icons
    for encoding in BROWSER_ENCODINGS:
        reply = assert_revalidates_to_304(app_server.port, icons[0], encoding)
        assert cache_control(reply) == IMMUTABLE, reply.headers
        assert reply.headers["content-type"].startswith("image/svg+xml")  # the dashboard's own icon, not Dash's


def test_an_old_favicon_hash_is_never_cached_as_that_url(app_server: Gunicorn):
    reply = get(app_server.port, "/favicon-0123456789abcdef.svg")
    assert reply.status == 302 and re.fullmatch(r"/favicon-[0-9a-f]{16}\.svg", reply.headers["location"])
    assert "immutable" not in reply.headers.get("cache-control", "")


@pytest.mark.parametrize("encoding", BROWSER_ENCODINGS)
def test_every_file_the_index_names_is_versioned_and_kept_or_revalidated(app_server: Gunicorn, page_files,
                                                                          encoding):
    for url in page_files:
        reply = assert_revalidates_to_304(app_server.port, url, encoding)
        if FINGERPRINT.search(url) or "/favicon-" in url:
            assert cache_control(reply) == IMMUTABLE, (url, reply.headers)
        else:
            assert cache_control(reply) == {"no-cache"}, (url, reply.headers)


@pytest.mark.parametrize("path", UNVERSIONED)
def test_files_without_a_version_in_their_url_are_revalidated(app_server: Gunicorn, path):
    for encoding in BROWSER_ENCODINGS:
        reply = assert_revalidates_to_304(app_server.port, path, encoding)
        assert cache_control(reply) == {"no-cache"}, (path, reply.headers)


def test_dash_favicon_link_with_its_version_is_kept_for_a_year(app_server: Gunicorn):
    reply = assert_revalidates_to_304(app_server.port, "/en/_favicon.ico?v=4", "gzip")
    assert cache_control(reply) == IMMUTABLE, reply.headers


def test_the_boundaries_are_kept_for_a_year_only_under_the_current_digest(app_server: Gunicorn):
    digest = get(app_server.port, "/health").json()["data_digest"]
    current = assert_revalidates_to_304(app_server.port, f"/geo/oblasts.geojson?d={digest}", "gzip")
    assert cache_control(current) == IMMUTABLE, current.headers
    for stale in ("/geo/oblasts.geojson", "/geo/oblasts.geojson?d=0ld"):
        reply = assert_revalidates_to_304(app_server.port, stale, "gzip")
        assert cache_control(reply) == {"no-cache"}, (stale, reply.headers)


@pytest.mark.parametrize("path", ["/en/", "/en/_dash-layout", "/health", "/download/map.csv"])
def test_pages_and_data_are_never_marked_immutable(app_server: Gunicorn, path):
    reply = get(app_server.port, path)
    assert reply.status == 200
    assert "immutable" not in cache_control(reply), (path, reply.headers)  # tomorrow: new data, another view
