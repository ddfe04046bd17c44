"""Words the page's libraries draw themselves, read in Chromium at /ru/ and /ky/: Dash 4's dropdown (search box, select
all, clear, count, nothing found) and plotly's modebar tooltips, each the catalog's translation of the English
text the library would show."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.components.controls import dropdown_labels
from dashboard.i18n import translator
from dashboard.i18n.plotly_locale import MODEBAR

# Dash 4's own English defaults (dcc/Dropdown's defaultLabels), never to be seen on a translated page
DASH_ENGLISH = {"Select All", "Deselect All", "Search", "Clear search", "Clear selection", "No options found"}
GRAPHS = ("map", "stock", "remittances")

# What a reader sees on hovering each modebar button: plotly draws the tooltip as the button's ::after content.
TOOLTIPS_JS = """async (graph) => {
  const out = [];
  for (const b of document.querySelectorAll('#' + graph + ' .modebar-btn')) {
    b.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
    out.push([b.getAttribute('data-title'), getComputedStyle(b, '::after').content]);
  }
  return out;
}"""


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_dropdown_draws_its_words_in_the_page_language(drawn, lang):
    words = dropdown_labels(lang)
    assert not DASH_ENGLISH & set(words.values())
    page = drawn(f"/{lang}/?dest=RUS~KAZ")
    expect(page.locator("#f-dest .dash-dropdown-value-count")).to_have_text(
        words["selected_count"].replace("{num_selected}", "2"))
    expect(page.locator("#f-dest .dash-dropdown-clear")).to_have_attribute("aria-label", words["clear_selection"])
    page.locator("#f-dest").click()
    menu = page.locator(".dash-dropdown-content")
    search = menu.locator("input.dash-dropdown-search")
    expect(search).to_have_attribute("placeholder", words["search"])
    expect(menu.locator(".dash-dropdown-action-button")).to_have_text([words["select_all"], words["deselect_all"]])
    search.fill("zzzz")
    expect(menu.locator(".dash-dropdown-options")).to_have_text(words["no_options_found"])
    expect(menu.locator("button.dash-dropdown-clear")).to_have_attribute("aria-label", words["clear_search"])
    page.keyboard.press("Escape")
    expect(menu).to_have_count(0)


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_modebar_tooltips_are_translated(drawn, lang):
    """Every button shown, on every chart: the English page's tooltip is a key of our plotly dictionary (spelt as
    plotly.js looks it up), and the translated page shows that key's translation."""
    t = translator(lang)
    for graph in GRAPHS:
        english = drawn("/en/").evaluate(TOOLTIPS_JS, graph)
        shown = drawn(f"/{lang}/").evaluate(TOOLTIPS_JS, graph)
        assert len(english) >= 4 and len(shown) == len(english), (graph, english, shown)
        for (en_title, _), (title, tooltip) in zip(english, shown, strict=True):
            assert en_title in MODEBAR, f"{graph}: plotly's {en_title!r} is missing from plotly_locale.MODEBAR"
            assert title == t(en_title) != en_title, (graph, en_title, title)
            assert tooltip == f'"{title}"', (graph, tooltip)
