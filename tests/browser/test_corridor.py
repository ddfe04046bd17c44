"""The remittance corridor over time in the browser: choosing it and a sending country puts both in the link and
draws the chart titled with that country; a Russian link draws the Russian title with its year range."""

from __future__ import annotations

import re

from conftest import DRAW_TIMEOUT_MS
from playwright.sync_api import expect


def flat(text: str) -> str:
    """A wrapped plotly title read as one line (its line breaks join words without a space)."""
    return re.sub(r"\s+", "", text)


def pick(page, control_id: str, label: str) -> None:
    """Open a single-choice dropdown and click one option (with a value chosen, Dash 4 puts the focus on the chosen
    option rather than on the search box, so the keyboard helper `choose` does not apply)."""
    page.locator(f"#{control_id}").click()
    page.locator(".dash-dropdown-content .dash-dropdown-option", has_text=label).click()


def test_choosing_the_corridor_and_a_partner(page, dash, shot):
    dash.open()
    expect(page.locator("#f-partner")).to_be_hidden()  # only with the corridor
    dash.radio("f-rem", "Corridor over time")
    dash.expect_url(r"/en/\?rem=corridor$")
    expect(page.locator("#f-partner")).to_be_visible()
    expect(page.locator("#remittances .gtitle").first).to_contain_text("Russia", timeout=DRAW_TIMEOUT_MS)
    pick(page, "f-partner", "Kazakhstan")
    dash.expect_url(r"/en/\?rem=corridor&partner=KAZ$")
    page.wait_for_function("() => [...document.querySelectorAll('#remittances .gtitle')]"
                           ".some(t => t.textContent.replace(/\\s+/g, '').includes('Kazakhstan–Kyrgyzstan'))",
                           timeout=DRAW_TIMEOUT_MS)
    assert "Remittancecorridor:Kazakhstan–Kyrgyzstan" in flat("".join(dash.figure_texts("remittances")))
    shot("remittances-corridor-kaz")
    dash.radio("f-rem", "US$")
    dash.expect_url(r"/en/\?partner=KAZ$")
    expect(page.locator("#f-partner")).to_be_hidden()


def test_a_russian_link_draws_the_russian_title(page, dash, shot):
    page.goto("/ru/?from=2015&to=2024&rem=corridor&partner=RUS")
    dash.wait_drawn()
    expect(page.locator("#f-rem input[value=corridor]")).to_be_checked()
    title = flat("".join(dash.figure_texts("remittances")))
    assert "Коридорденежныхпереводов:Россия–Кыргызстан,2015–2024" in title, title
    expect(page.locator("#f-partner")).to_contain_text("Россия")
    shot("remittances-corridor-rus-ru")
