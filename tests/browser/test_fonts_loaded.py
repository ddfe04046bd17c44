"""Each page downloads the font files its text needs: the English page only the Latin ones (its two Cyrillic words,
the language menu's, take the system's face), the Russian and Kyrgyz pages the Cyrillic ones too."""

from __future__ import annotations

import pytest
from conftest import settle

FAMILY_JS = "(id) => getComputedStyle(document.getElementById(id)).fontFamily"


def fonts_of(page, path: str) -> list[str]:
    """The font files the page at `path` downloads once drawn and its fonts are ready."""
    fonts: list[str] = []
    page.on("request", lambda request: fonts.append(request.url.rsplit("/", 1)[1])
            if request.url.endswith(".woff2") else None)
    page.goto(path)
    page.wait_for_selector("#map .main-svg")
    settle(page)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return fonts


def test_the_english_page_downloads_no_cyrillic_font(page, dash):
    fonts = fonts_of(page, "/en/")
    assert fonts and all("-latin-" in name for name in fonts), fonts
    assert page.locator("#lang-ru").text_content() == "Русский"
    assert "Noto Sans" not in page.evaluate(FAMILY_JS, "lang-ru")  # the system's face draws it
    assert page.evaluate(FAMILY_JS, "lang-en").startswith('"Noto Sans"')


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_the_russian_and_kyrgyz_pages_download_cyrillic(page, lang):
    fonts = fonts_of(page, f"/{lang}/")
    assert any("-cyrillic-400" in name for name in fonts), fonts
    assert page.evaluate(FAMILY_JS, "lang-ru").startswith('"Noto Sans"')
