"""The page's Sources list comes once, with the view's frames (GET /frames, fetched after the first draw), not also in
the first layout: until it comes a line says so, and on paper where the list is; the print button waits for it; a
filter answered by the server before the frames arrive sends the list itself, and frames of the view left behind
do not overwrite it."""

from __future__ import annotations

import re

from conftest import DRAW_TIMEOUT_MS, PANELS_DRAWN_JS, settle
from playwright.sync_api import Route

from dashboard.i18n import translator
from dashboard.state import Options, parse
from dashboard.views.page_data import sources_used

LISTED_JS = "() => [...document.querySelectorAll('#sources li')].map(li => li.id.replace(/^src-/, ''))"
PLACEHOLDER_JS = "() => getComputedStyle(document.getElementById('sources'), '::before').content"


def expected_ids(bundle, query: str, lang: str) -> list[str]:
    opts = Options.from_bundle(bundle)
    return [row["source_id"] for row in sources_used(bundle, parse(query, opts)[0], opts, lang)]


def held_frames(page) -> list[Route]:
    """Holds every /frames request until the test lets it go (route.continue_())."""
    held: list[Route] = []
    page.route(re.compile(r"/frames\?"), lambda route: held.append(route))
    return held


def test_the_list_comes_with_the_frames_not_in_the_layout(page, bundle, console_errors):
    bodies: dict[str, str] = {}
    page.on("response", lambda r: bodies.update({r.url.split("?")[0].rsplit("/", 1)[-1]: r.text()})
            if "_dash-layout" in r.url or "/frames?" in r.url else None)
    query = "?year=2015&dest=KAZ"
    page.goto(f"/ru/{query}")
    page.wait_for_function("() => document.querySelectorAll('#sources li').length > 0", timeout=DRAW_TIMEOUT_MS)
    assert page.evaluate(LISTED_JS) == expected_ids(bundle, query[1:], "ru")
    assert "sources-list" not in bodies["_dash-layout"] and "sources-list" in bodies["frames"]
    assert console_errors == []


def released(page, held: list[Route]) -> None:
    """Lets the held /frames requests go, once at least one was made (the page asks at idle, or the print button)."""
    page.wait_for_function("() => window.kgmFrames && window.kgmFrames.load", timeout=DRAW_TIMEOUT_MS)
    for _ in range(DRAW_TIMEOUT_MS // 50):
        if held:
            break
        page.wait_for_timeout(50)  # polling for the request, which the route holds (nothing in the page shows it)
    assert held, "the page never asked for its frames"
    for route in held:
        route.continue_()


def test_until_the_list_comes_a_line_says_so_and_the_print_button_waits_for_it(page, bundle):
    held = held_frames(page)
    page.goto("/ky/")
    page.wait_for_function(PANELS_DRAWN_JS, timeout=DRAW_TIMEOUT_MS)
    t = translator("ky")
    assert page.evaluate(PLACEHOLDER_JS) == f'"{t("Loading the list of sources…")}"'
    page.evaluate("() => document.documentElement.classList.add('kgm-print')")  # as on paper (40-print.js)
    on_paper = t("The sources of this view are listed on its page: see the link above.")
    assert page.evaluate(PLACEHOLDER_JS) == f'"{on_paper}"'
    page.evaluate("() => document.documentElement.classList.remove('kgm-print')")
    # the print dialog stubbed: it notes how many sources the page lists when it opens; the button's wait noted
    page.evaluate("""() => {
      window.print = () => { window.kgmPrinted = document.querySelectorAll('#sources li').length; };
      const shown = window.kgmFrames.sourcesShown;
      window.kgmFrames.sourcesShown = (ms) => { window.kgmAsked = true; return shown(ms); };
    }""")
    page.locator("#print").click()
    page.wait_for_function("() => window.kgmAsked", timeout=DRAW_TIMEOUT_MS)
    assert page.evaluate("() => window.kgmPrinted") is None  # it waits for the list
    released(page, held)
    page.wait_for_function("() => window.kgmPrinted !== undefined", timeout=DRAW_TIMEOUT_MS)
    assert page.evaluate("() => window.kgmPrinted") == len(expected_ids(bundle, "", "ky"))


def test_a_filter_answered_before_the_frames_brings_its_own_list(page, dash, bundle):
    held = held_frames(page)
    page.goto("/en/")
    page.wait_for_function(PANELS_DRAWN_JS, timeout=DRAW_TIMEOUT_MS)
    settle(page)
    dash.radio("f-events", "Hide them")  # the dated events' sources leave the list
    dash.expect_url(r"events=off")
    page.wait_for_function("() => document.querySelectorAll('#sources li').length > 0", timeout=DRAW_TIMEOUT_MS)
    wanted = expected_ids(bundle, "events=off", "en")
    assert page.evaluate(LISTED_JS) == wanted
    assert wanted != expected_ids(bundle, "", "en")  # the default view's frames, let go now, would list others
    released(page, held)  # the default view's frames (asked at the first draw) arrive after the server's answer
    latest = parse("", Options.from_bundle(bundle))[0].effective_year(Options.from_bundle(bundle))
    page.wait_for_function(f"() => window.kgmFrames.at({{q: '', lang: 'en'}}, '{latest}') !== null",
                           timeout=DRAW_TIMEOUT_MS)
    settle(page)
    assert page.evaluate(LISTED_JS) == wanted


def test_without_the_frames_the_list_is_asked_for_alone(page, bundle):
    page.route(re.compile(r"/frames\?"), lambda route: route.abort())
    asked = []
    page.on("request", lambda r: asked.append(r.post_data or "") if "_dash-update-component" in r.url else None)
    page.goto("/ru/?dest=KAZ")
    page.wait_for_function("() => document.querySelectorAll('#sources li').length > 0", timeout=DRAW_TIMEOUT_MS)
    assert page.evaluate(LISTED_JS) == expected_ids(bundle, "dest=KAZ", "ru")
    assert sum('"sources-ask"' in body for body in asked) == 1, asked
