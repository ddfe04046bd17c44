"""The page on a desktop (1366 px): two columns of about equal length, so that no column stands empty for most of a
screen beside a tall panel, in each language and on views that make a panel taller."""

from __future__ import annotations

import pytest
from conftest import settle

# Each stretch of the grid where the two columns run side by side: (left panels, right panels). The blank space a
# stretch leaves is the difference between the bottoms of its two columns.
STRETCHES = [(("panel-map", "panel-oblasts"), ("panel-facts",)),
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
