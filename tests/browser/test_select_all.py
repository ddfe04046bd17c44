""""Select all" on the destinations dropdown: the view holds up to MAX_DEST destinations, so the largest are kept
(Russia first) and a notice names the ones left out."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from dashboard.data.stock import stock_by_destination
from dashboard.labels import names
from dashboard.state import MAX_DEST, SOURCE_ALIASES


def test_select_all_keeps_the_largest_and_says_what_it_left_out(page, dash, bundle):
    stock = stock_by_destination(bundle, SOURCE_ALIASES["un2024"], "both", 2024)
    ranked = list(stock.nlargest(len(stock), "value")["destination_iso3"])
    country = names(bundle, "en")
    dash.open()
    page.locator("#f-dest").click()
    page.locator(".dash-dropdown-content .dash-dropdown-action-button", has_text=re.compile("^Select all$")).click()
    page.keyboard.press("Escape")  # a multi dropdown commits its value when it closes
    dash.expect_url(r"\?dest=" + "~".join(ranked[:MAX_DEST]) + "$")
    notice = page.locator("#notices .notice[role=status]")
    expect(notice).to_contain_text(f"Up to {MAX_DEST} destinations can be shown at once")
    expect(notice).to_contain_text(f"Left out: {country[ranked[MAX_DEST]]}, {country[ranked[MAX_DEST + 1]]}")
    expect(page.locator("#f-dest .dash-dropdown-value-count")).to_have_text(f"{MAX_DEST} selected")
    expect(page.locator("#stock .legendtext", has_text=re.compile("^Russia$"))).to_have_count(1)
    # the next change of the view takes the notice away
    dash.radio("f-sex", "women")
    expect(notice).to_have_count(0)
