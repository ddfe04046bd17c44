"""The page on a desktop (1366 px): two columns of about equal length, so that no column stands empty for most of a
screen beside a tall panel, in each language and on views that make a panel taller; the country facts in a column
as narrow as their text (the map beside them the wider), whole at the narrowest desktop (1201 px), without a second
copy of their text under them."""

from __future__ import annotations

import pytest
from conftest import settle

# Each stretch of the grid where the two columns run side by side: (left panels, right panels). The blank space a
# stretch leaves is the difference between the bottoms of its two columns.
STRETCHES = [(("panel-map",), ("panel-facts",)),
             (("panel-stock",), ("panel-remittances",)),
             (("panel-cards", "panel-sexes"), ("panel-official",))]
BOXES_JS = """() => Object.fromEntries([...document.querySelectorAll('.grid > .panel')].map((el) => {
  const box = el.getBoundingClientRect();
  return [el.id || el.classList[1], {left: box.left, top: box.top + scrollY, bottom: box.bottom + scrollY}];
}))"""
MAX_BLANK = 2 / 3  # of the window's height (768 px): a third of it at least shows a panel beside
VIEWS = ["/en/", "/ru/", "/ky/", "/en/?tab=compare&dest=RUS", "/ru/?layer=oblasts", "/ky/?dest=KAZ"]


@pytest.mark.parametrize("path", VIEWS)
def test_no_column_stands_empty_beside_a_tall_panel(page, dash, path):
    page.goto(path)
    dash.wait_drawn()
    settle(page)  # every chart drawn, the far ones too, at their own heights
    boxes = page.evaluate(BOXES_JS)
    window = page.evaluate("innerHeight")
    for left, right in STRETCHES:
        assert len({round(boxes[name]["left"]) for name in left}) == 1, f"{left} not in one column: {boxes}"
        assert boxes[left[0]]["left"] < boxes[right[0]]["left"], f"{left} not left of {right}: {boxes}"
        assert abs(boxes[left[0]]["top"] - boxes[right[0]]["top"]) < 2, f"{left} and {right} start apart: {boxes}"
        blank = abs(boxes[left[-1]]["bottom"] - boxes[right[-1]]["bottom"])
        assert blank <= MAX_BLANK * window, f"{blank:.0f} px blank beside {left} / {right} on {path}: {boxes}"


def test_the_oblasts_take_the_whole_width_under_the_map_and_the_facts(page, dash):
    """The facts column is a third of the grid, the map two thirds; the oblasts' ranking runs under both."""
    page.goto("/en/")
    dash.wait_drawn()
    settle(page)
    boxes = page.evaluate(BOXES_JS)
    grid = page.evaluate("(() => { const b = document.querySelector('.grid').getBoundingClientRect();"
                         " return {left: b.left, right: b.right}; })()")
    facts = page.locator("#panel-facts").bounding_box()
    map_box = page.locator("#panel-map").bounding_box()
    oblasts = page.locator("#panel-oblasts").bounding_box()
    assert map_box["width"] > 1.8 * facts["width"], (map_box, facts)
    assert abs(oblasts["x"] - grid["left"]) < 2 and abs(oblasts["x"] + oblasts["width"] - grid["right"]) < 2, \
        (oblasts, grid)
    assert boxes["panel-oblasts"]["top"] >= max(boxes["panel-map"]["bottom"], boxes["panel-facts"]["bottom"])


# Every text of the facts chart against its SVG (1 px of tolerance): what lies outside, with its overhang.
FACTS_OUTSIDE_JS = """() => {
  const svg = document.querySelector('#facts svg.main-svg'), frame = svg.getBoundingClientRect(), out = [];
  document.querySelectorAll('#facts svg.main-svg text').forEach(t => {
    const b = t.getBoundingClientRect();
    if (!b.width || !t.textContent.trim()) return;
    const over = [frame.left - b.left, b.right - frame.right];
    if (over.some(o => o > 1)) out.push(t.textContent.slice(0, 60) + ' overhang l/r ' + over.map(Math.round));
  });
  return out;
}"""


@pytest.mark.parametrize("width", [1201, 980])
@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_the_facts_are_whole_in_their_narrow_column_and_said_once(browser, browser_context_args, lang, width):
    """At 1201 px, the narrowest desktop, the facts' column is a third of the grid, 349 px; at 980 px, the narrowest
    tablet that sets them beside the cards, 370 px: their title, subtitle, blocks and source line are wrapped for it
    (figures.facts.PAGE_PX), nothing runs past its right edge. Their summary, which says the blocks again word for
    word, stays for screen readers (the graph's description) and is not shown a second time."""
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": width, "height": 800}})
    page = context.new_page()
    try:
        page.goto(f"/{lang}/")
        page.wait_for_selector("#facts svg.main-svg g.annotation")
        settle(page)
        assert page.evaluate(FACTS_OUTSIDE_JS) == []
        beside = "#panel-map" if width > 1200 else ".panel-cards"  # what stands beside the facts
        assert page.locator(beside).bounding_box()["y"] == page.locator("#panel-facts").bounding_box()["y"]
        summary = page.locator("#summary-facts")
        assert len(summary.text_content()) > 200  # the whole text, for a screen reader
        box = summary.bounding_box()
        assert box["width"] <= 1 and box["height"] <= 1, box
        assert page.locator("#panel-facts [role=figure]").get_attribute("aria-describedby") == "summary-facts"
        assert page.locator("#summary-stock").bounding_box()["height"] > 20  # other charts' summaries show
    finally:
        context.close()
