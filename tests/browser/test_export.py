"""The camera icon of each chart gives the slide image: the server's PNG for the current view (1600x900 at 2x, the
same file as the share panel's PNG link), under the server's file name; plotly draws it in the browser at the same
size when the server cannot render images. Each image is saved to test-artifacts/screenshots/ to be looked at."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from conftest import DRAWN_JS, settle
from playwright.sync_api import Page, expect

from dashboard.i18n import translator
from dashboard.state import Options, parse
from dashboard.views.share import download_url

QUERY = "?year=2020&dest=RUS~KAZ&sex=female"


def png_size(body: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk (the first one, right after the 8-byte signature)."""
    assert body[:8] == b"\x89PNG\r\n\x1a\n", body[:16]
    assert body[12:16] == b"IHDR"
    return struct.unpack(">II", body[16:24])


def camera(page: Page, chart: str, lang: str):
    """The chart's camera button, found by its translated tooltip (the modebar shows on hover)."""
    page.locator(f"#{chart}").scroll_into_view_if_needed()
    page.locator(f"#{chart} .main-svg").first.hover()
    button = page.locator(f"#{chart} .modebar-btn[data-title='{translator(lang)('Download plot as a PNG')}']")
    expect(button).to_have_count(1)
    return button


def click_download(page: Page, button) -> tuple[str, bytes]:
    with page.expect_download(timeout=60_000) as info:
        button.click()
    dl = info.value
    assert dl.failure() is None, dl.failure()
    return dl.suggested_filename, Path(dl.path()).read_bytes()


def open_page(page: Page, lang: str, query: str = QUERY) -> None:
    page.goto(f"/{lang}/{query}")
    page.wait_for_function(DRAWN_JS, timeout=20_000)
    settle(page)


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_camera_downloads_the_servers_slide_png(page, lang, bundle, live_server, pytestconfig, console_errors):
    open_page(page, lang)
    opts = Options.from_bundle(bundle)
    view = parse(QUERY.lstrip("?"), opts)[0]
    out = pytestconfig.rootpath / "test-artifacts" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    for chart in ("map", "stock", "remittances"):
        name, body = click_download(page, camera(page, chart, lang))
        assert name == f"kg-migration-{chart}-{bundle.version}.png"
        assert png_size(body) == (3200, 1800)
        # byte for byte the share panel's PNG link for this view and language
        served = page.request.get(live_server + download_url(chart, "png", view, lang, bundle))
        assert served.ok and served.body() == body, f"{chart}: the camera's PNG is not the server's"
        (out / f"camera-{chart}-{lang}.png").write_bytes(body)
    assert console_errors == []


def test_camera_falls_back_to_plotly_when_the_server_cannot_render(page, console_errors):
    asked: list[str] = []

    def refuse(route) -> None:
        asked.append(route.request.url)
        route.fulfill(status=503, content_type="text/plain",
                      body="The image could not be rendered on the server just now.")

    page.route("**/download/*.png*", refuse)
    open_page(page, "ru", "")
    name, body = click_download(page, camera(page, "stock", "ru"))
    assert len(asked) == 1 and "/download/stock.png?" in asked[0] and "lang=ru" in asked[0], asked
    assert name == "kg-migration-stock.png"  # plotly's own download, from the graph's config
    assert png_size(body) == (3200, 1800)
    errors = [e for e in console_errors if "503" not in e]  # Chromium logs the refused fetch
    assert errors == []


def test_camera_in_an_embed_gives_the_slide_png(page, bundle):
    """An embed's camera is the same slide image, for the embed's view (its chart from the path)."""
    page.goto("/ky/embed/stock?year=2020&sex=female")
    page.wait_for_function("() => document.querySelectorAll('#embed-graph .scatterlayer .trace').length >= 1",
                           timeout=20_000)
    page.locator("#embed-graph .main-svg").first.hover()
    button = page.locator(f"#embed-graph .modebar-btn[data-title='{translator('ky')('Download plot as a PNG')}']")
    name, body = click_download(page, button)
    assert name == f"kg-migration-stock-{bundle.version}.png"
    assert png_size(body) == (3200, 1800)
