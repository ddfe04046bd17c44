"""axe-core (vendored) on every page and every embed in every language: 0 serious or critical violations.

The main views with panels open are covered in test_accessibility.py; this is the matrix of routes x languages."""

from __future__ import annotations

import json

import pytest
from conftest import DRAWN_JS, settle
from playwright.sync_api import expect
from test_accessibility import AXE, run_axe, serious

LANGS = ("ky", "ru", "en")

# What each route shows once drawn: axe on a half-drawn page checks the wrong thing
DRAWN = {
    "": DRAWN_JS,
    "embed/map": "() => document.querySelectorAll('#embed-graph path.choroplethlocation').length >= 9",
    "embed/stock": "() => document.querySelectorAll('#embed-graph .scatterlayer .trace').length >= 1",
    "embed/remittances": "() => document.querySelectorAll('#embed-graph .scatterlayer .trace').length >= 1",
    "embed/cards": "() => document.querySelectorAll('#embed .card').length >= 1",
}


@pytest.mark.parametrize("route", list(DRAWN))
@pytest.mark.parametrize("lang", LANGS)
def test_no_serious_violations(page, lang, route):
    # the CSP refuses an inline script tag; an init script is injected by the browser itself
    page.add_init_script(path=str(AXE))
    path = f"/{lang}/{route}"
    page.goto(path)
    page.wait_for_function(DRAWN[route], timeout=20_000)
    settle(page)  # Dash idle, then the page's own a11y repairs (20-tools.js) have run
    violations = run_axe(page, path)
    assert serious(violations) == [], json.dumps(serious(violations), ensure_ascii=False, indent=1)


@pytest.mark.parametrize("lang", LANGS)
def test_no_serious_violations_with_panels_open(page, lang):
    """Every chart's share panel open, and two data tables: the copy buttons are named by their visible word (in ru
    and ky an aria-label without it failed label-content-name-mismatch) and the table regions by their panel (one
    name for all failed landmark-unique). Only two tables: each of 300 rows is thousands of Dash components, and a
    third one freezes the page for many seconds (see the report on issue 11)."""
    page.add_init_script(path=str(AXE))
    page.goto(f"/{lang}/")
    page.wait_for_function(DRAWN_JS, timeout=20_000)
    panels = [("share", chart) for chart in ("map", "stock", "remittances", "cards")]
    for kind, chart in panels + [("table", "map"), ("table", "cards")]:
        page.locator(f"#{kind}-{chart}-toggle").click()
        expect(page.locator(f"#{kind}-{chart}")).to_be_visible(timeout=20_000)
        settle(page)  # one panel at a time, as a reader opens them
    for chart in ("map", "stock", "remittances", "cards"):
        expect(page.locator(f"#link-{chart}")).not_to_have_value("")
    for chart in ("map", "cards"):
        expect(page.locator(f"#table-{chart} table")).to_be_visible()
    settle(page)
    violations = run_axe(page, f"/{lang}/ with every share panel and two tables open")
    assert serious(violations) == [], json.dumps(serious(violations), ensure_ascii=False, indent=1)
    unique = [v for v in violations if v["id"] == "landmark-unique"]
    assert unique == [], unique
