"""Filters and the URL: every control change is in the link, every link restores the controls."""

from __future__ import annotations

import re

from conftest import settle
from playwright.sync_api import expect

YEAR_2020 = re.compile(r"^2020$")


def flow_names(page) -> list[str]:
    """Names of the flow lines plotly actually drew (visible line traces with points)."""
    return page.evaluate("""() => document.querySelector('#map .js-plotly-plot')._fullData
        .filter(t => t.type === 'scattergeo' && t.mode === 'lines' && t.visible === true && t.name
                     && t.lat.length > 2 && !t.name.startsWith('trace'))
        .map(t => t.name.split(': ')[0])""")


def test_destination_by_keyboard_draws_its_flow(page, dash, shot):
    dash.open()
    dash.choose("f-dest", "Kazakh")
    dash.expect_url(r"/en/\?dest=KAZ$")
    expect(page.locator("#f-dest-value")).to_have_text("Kazakhstan")
    page.wait_for_function("() => document.querySelector('#map .js-plotly-plot')._fullData"
                           ".some(t => t.type === 'scattergeo' && t.visible === true"
                           " && t.name.startsWith('Kazakhstan'))")
    assert flow_names(page) == ["Kazakhstan"]
    assert page.locator("#map .scatterlayer .trace.scattergeo path.js-line").count() >= 1
    expect(page.locator("#cards button.card .card-route")).to_have_text(["Osh → Almaty, Kazakhstan"])

    dash.radio("f-layer", "Flows")
    dash.expect_url(r"/en/\?dest=KAZ&layer=flows$")
    expect(page.locator("#map .gtitle")).to_contain_text("From Osh to the main destinations")
    assert flow_names(page) == ["Kazakhstan"]
    shot("map-flows-layer-kazakhstan")


def test_oblast_by_keyboard_then_oblast_layer(page, dash, shot):
    dash.open()
    dash.choose("f-oblast", "Naryn")
    dash.expect_url(r"/en/\?oblast=KG-N$")
    expect(page.locator("#f-oblast-value")).to_contain_text("Naryn")
    # Cards and flows now start from the oblast's centre.
    expect(page.locator("#cards button.card .card-route").first).to_contain_text("Naryn →")

    dash.radio("f-layer", "Origin oblasts")
    dash.expect_url(r"/en/\?oblast=KG-N&layer=oblasts$")
    dash.wait_map_locations("locs.filter(l => l.startsWith('KG-')).length === 9")
    assert all(loc.startswith("KG-") for loc in dash.map_locations())
    # Units without a figure are drawn and labelled 'no data', never as zero.
    labels = page.locator("#map .scatterlayer text").all_text_contents()
    assert any("no data" in t for t in labels), labels
    assert any(re.search(r"\d,\d{3}$", t) for t in labels), labels  # the value; its unit is said once, above
    expect(page.locator("#map .gtitle")).to_contain_text("without data")
    expect(page.locator("#map .gtitle")).to_contain_text("persons")
    # The chosen oblast is outlined in black, the others are not.
    strokes = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#map path.choroplethlocation')]
        .map(p => [p.__data__.loc, getComputedStyle(p).stroke]))""")
    assert strokes["KG-N"] == "rgb(17, 17, 17)", strokes
    assert sum(v == "rgb(17, 17, 17)" for v in strokes.values()) == 1, strokes
    # The oblast-only controls are shown.
    expect(page.locator("#f-measure")).to_be_visible()
    shot("map-oblasts-layer")


def test_deep_link_reproduces_the_view(page, dash, shot):
    query = "?year=2010&src=un2020&sex=female&tab=compare&rem=gdp"
    dash.open(query)
    # the title names the sex ("Kyrgyz migrants in Russia, women: how many? Sources disagree", wrapped)
    expect(page.locator("#stock .gtitle")).to_contain_text("Kyrgyz migrants in Russia, women: how many?")
    dash.expect_url(re.escape(f"/en/{query}") + "$")  # the link is kept as it was
    # Controls show the link's values.
    expect(page.locator("#f-src-value")).to_contain_text("2020 revision")
    marks = page.locator("#f-year .dash-slider-mark").all_text_contents()
    assert marks[-1] == "2020", marks  # the 2020 revision's years, not the 2024 one's
    expect(dash.year_thumb).to_have_attribute("aria-valuenow", str(marks.index("2010")))
    assert dash.checked("f-sex") == "female"
    assert dash.checked("f-tab") == "compare"
    assert dash.checked("f-rem") == "gdp"
    assert dash.checked("f-layer") == "destinations"
    # Figures show them too.
    expect(page.locator("#map .gtitle")).to_contain_text("2010")
    expect(page.locator("#map .gtitle")).to_contain_text("women")
    expect(page.locator("#remittances .gtitle")).to_contain_text("GDP")
    expect(page.locator("#stock .annotation-text", has_text=re.compile(r"^2010$"))).to_have_count(1)
    expect(page.locator("#cards")).to_contain_text("(2010, women)")
    assert page.locator("#stock .scatterlayer .trace").count() >= 2  # several sources, side by side
    expect(page.locator("#notices")).to_be_empty()
    shot("stock-compare-view")


FIRST_MAP_TITLE_JS = """
window.__firstMapTitle = null;
new MutationObserver((_, obs) => {
  const t = document.querySelector('#map .gtitle');
  if (t && t.textContent) { window.__firstMapTitle = t.textContent; obs.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""


def test_a_shared_link_opens_drawn_on_its_own_view(page, dash):
    """The server draws the link's view into the page: the first map a reader sees is the link's (never the default
    view for a moment), and the only callback the load makes is the URL check, which finds nothing to change."""
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.post_data or "") if "/_dash-update-component" in r.url else None)
    page.add_init_script(FIRST_MAP_TITLE_JS)
    dash.open("?year=2010&layer=flows&dest=KAZ")
    first = page.evaluate("window.__firstMapTitle")
    assert first and "2010" in first, first
    expect(page.locator("#cards")).to_contain_text("(2010, both sexes)")
    settle(page)  # Dash has answered every callback the load made: a second one would have been sent by now
    assert len(posts) == 1 and '"url","property":"search"' in posts[0].replace(" ", ""), posts


def test_keyboard_year_then_back_and_forward(page, dash, shot):
    dash.open()
    thumb = dash.year_thumb
    expect(thumb).to_have_attribute("aria-valuenow", "7")
    marks = page.locator("#f-year .dash-slider-mark").all_text_contents()
    assert marks[-2:] == ["2020", "2024"], marks
    thumb.focus()
    page.keyboard.press("ArrowLeft")  # one published year back: 2024 -> 2020
    dash.expect_url(r"/en/\?year=2020$")
    expect(thumb).to_have_attribute("aria-valuenow", "6")
    expect(page.locator("#stock .annotation-text", has_text=YEAR_2020)).to_have_count(1)
    expect(page.locator("#stock .annotation-text", has_text=re.compile(r"^2024$"))).to_have_count(0)
    expect(page.locator("#cards")).to_contain_text("(2020, both sexes)")
    expect(page.locator("#map .gtitle")).to_contain_text("Where Kyrgyz migrants live: 2020")

    dash.radio("f-rem", "% of GDP")
    dash.expect_url(r"/en/\?year=2020&rem=gdp$")
    expect(page.locator("#remittances .gtitle")).to_contain_text("share of GDP")
    shot("remittances-gdp-view")

    page.go_back()
    dash.expect_url(r"/en/\?year=2020$")
    expect(page.locator("#f-rem input[value=usd]")).to_be_checked()
    expect(page.locator("#remittances .gtitle")).not_to_contain_text("GDP")
    expect(thumb).to_have_attribute("aria-valuenow", "6")

    page.go_back()
    dash.expect_url(r"/en/$")
    expect(thumb).to_have_attribute("aria-valuenow", "7")
    expect(page.locator("#stock .annotation-text", has_text=re.compile(r"^2024$"))).to_have_count(1)
    expect(page.locator("#cards")).to_contain_text("(2024, both sexes)")

    page.go_forward()
    dash.expect_url(r"/en/\?year=2020$")
    expect(thumb).to_have_attribute("aria-valuenow", "6")
    expect(page.locator("#stock .annotation-text", has_text=YEAR_2020)).to_have_count(1)
    page.go_forward()
    dash.expect_url(r"/en/\?year=2020&rem=gdp$")
    expect(page.locator("#f-rem input[value=gdp]")).to_be_checked()
    expect(page.locator("#remittances .gtitle")).to_contain_text("share of GDP")

    thumb.focus()
    page.keyboard.press("ArrowRight")  # to the latest year, which is the default: dropped from the URL
    dash.expect_url(r"/en/\?rem=gdp$")
    expect(page.locator("#cards")).to_contain_text("(2024, both sexes)")


BAD_LINK = "?year=1800&foo=bar&dest=RUS~ZZZ"


def test_bad_link_shows_notice_and_still_draws(page, dash, shot, console_errors):
    dash.open(BAD_LINK)  # waits for every panel to draw: no error page
    notice = page.locator("#notices .notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("could not be used")
    items = notice.locator("li")
    expect(items).to_have_count(3)
    expect(notice).to_contain_text("'foo'")
    expect(notice).to_contain_text("year=1800")
    expect(notice).to_contain_text("ZZZ")
    # The usable part of the link still applies; the rest falls back to defaults.
    expect(page.locator("#f-dest-value")).to_have_text("Russia")
    expect(dash.year_thumb).to_have_attribute("aria-valuenow", "7")
    assert len(dash.map_locations()) > 20
    shot("notice-bad-link")
    assert console_errors == []


def test_bad_link_notice_tells_what_is_shown(page, dash):
    dash.open(BAD_LINK)
    expect(page.locator("#f-dest-value")).to_have_text("Russia")  # RUS is kept, not the default (top destinations)
    dest_item = page.locator("#notices li", has_text="ZZZ")  # names only the dropped code
    expect(dest_item).to_have_count(1)
    expect(dest_item).to_contain_text("ZZZ")
    expect(dest_item).not_to_contain_text(re.compile(r"\bdefault\b", re.I), timeout=1_000)


def test_open_dropdown_lists_its_options_to_assistive_technology(page, dash):
    dash.open("?dest=KAZ")
    page.locator("#f-dest").focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".dash-dropdown-content .dash-dropdown-option").first).to_be_visible()
    listbox = page.locator(".dash-dropdown-content").get_by_role("listbox")
    expect(listbox.get_by_role("option", name="Kazakhstan")).to_have_attribute("aria-selected", "true",
                                                                                timeout=2_000)
    expect(listbox.get_by_role("option", name="Russia")).to_have_attribute("aria-selected", "false")
