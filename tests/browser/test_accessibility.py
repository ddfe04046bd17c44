"""Accessibility in a real browser: axe-core on the main views, a keyboard-only walk through the page (order of the
tab stops, a visible focus indicator at each), operating the dashboard with keys alone, chart summaries and tables."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DRAWN_JS, settle
from playwright.sync_api import Page, expect

from dashboard.charts import rows_for as chart_rows
from dashboard.i18n import fmt_number
from dashboard.i18n.amounts import fmt_amount, shared_scale
from dashboard.state import Options, parse

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

EMBED_DRAWN_JS = "() => document.querySelectorAll('#embed-graph path.choroplethlocation').length >= 9"

AXE_RUN_JS = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160)),
}))"""

# What the keyboard user has in focus, and whether they can see it. Transitions are finished first (plotly fades
# its modebar in when one of its buttons takes focus). `shown`: the element is on screen, not transparent, and the
# topmost thing at its centre (not clipped away, not under the sticky filter bar).
FOCUS_JS = """() => {
  const e = document.activeElement;
  document.getAnimations().forEach(a => { try { a.finish(); } catch (err) { /* infinite: leave it */ } });
  const cs = getComputedStyle(e), r = e.getBoundingClientRect();
  let opacity = 1;
  for (let n = e; n && n.nodeType === 1; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  const onScreen = r.width >= 4 && r.height >= 4 && r.bottom > 0 && r.right > 0 && r.top < innerHeight
      && r.left < innerWidth;
  return {
    tag: e.tagName.toLowerCase(), id: e.id, cls: typeof e.className === 'string' ? e.className : '',
    role: e.getAttribute('role') || '', type: e.getAttribute('type') || '', input: e.getAttribute('name') || '',
    value: e.value === undefined ? '' : String(e.value),
    label: (e.getAttribute('aria-label') || e.getAttribute('data-title') || e.textContent || '').trim().slice(0, 40),
    outline: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0, boxShadow: cs.boxShadow,
    focusVisible: e.matches(':focus-visible'),
    shown: onScreen && opacity >= 0.5 && !!hit && (hit === e || e.contains(hit)),
    hit: hit ? hit.tagName.toLowerCase() + (hit.id ? '#' + hit.id : '')
               + (hit.closest('.filters') ? ' in .filters' : '') : null,
    rect: [r.x, r.y, r.width, r.height].map(Math.round), opacity: Math.round(opacity * 100) / 100,
  };
}"""

COPY_LINK_ID = '{"target":"link-page","type":"copy"}'

# The tab stops a keyboard user must reach from the top of /en/, in this order (other stops may come between).
REACHABLE = [
    ("skip link", lambda s: "skip" in s["cls"].split()),
    ("language link Кыргызча", lambda s: s["id"] == "lang-ky"),
    ("language link Русский", lambda s: s["id"] == "lang-ru"),
    ("language link English", lambda s: s["id"] == "lang-en"),
    ("copy-link button", lambda s: s["id"] == COPY_LINK_ID),
    ("year ‹ button", lambda s: s["id"] == "year-prev"),
    ("play button", lambda s: s["id"] == "play"),
    ("year slider thumb", lambda s: s["role"] == "slider"),
    ("sex radios", lambda s: s["type"] == "radio" and s["input"] == "f-sex"),
    ("map layer radios", lambda s: s["type"] == "radio" and s["input"] == "f-layer"),
    ("a share toggle", lambda s: re.fullmatch(r"share-\w+-toggle", s["id"]) is not None),
    ("a card", lambda s: s["tag"] == "button" and "card" in s["cls"].split()),
]
DROPDOWNS = [
    ("destinations dropdown", lambda s: s["id"] == "f-dest"),
    ("oblast dropdown", lambda s: s["id"] == "f-oblast"),
    ("source dropdown", lambda s: s["id"] == "f-src"),
]
# The full order the brief asks for: the dropdowns sit between the slider and the layer radios.
FULL_ORDER = REACHABLE[:8] + DROPDOWNS[:2] + [REACHABLE[8], DROPDOWNS[2]] + REACHABLE[9:]


def wait_drawn(page: Page) -> None:
    page.wait_for_function(DRAWN_JS, timeout=20_000)


def run_axe(page: Page, label: str) -> list[dict]:
    violations = page.evaluate(AXE_RUN_JS)
    print(f"\naxe-core on {label}: {len(violations)} violation(s)")
    for v in violations:
        print(f"  [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:8]:
            print(f"      {node}")
    return violations


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def in_order(stops: list[dict], wanted) -> tuple[list[str], list[int]]:
    """Match `wanted` (name, predicate) against the tab stops in order -> (names not found in order, indexes)."""
    missing, at, i = [], [], 0
    for name, pred in wanted:
        j = next((k for k in range(i, len(stops)) if pred(stops[k])), None)
        if j is None:
            missing.append(name)
        else:
            at.append(j)
            i = j + 1
    return missing, at


def stop_key(stop: dict) -> tuple:
    return stop["tag"], stop["id"], stop["cls"], stop["input"], stop["value"], stop["label"]


def describe(stop: dict) -> str:
    ident = stop["id"] or (f"{stop['input']}={stop['value']}" if stop["input"] else stop["cls"])
    return f"<{stop['tag']} {ident}> {stop['label']!r}"


# --- axe-core ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/en/", "/ru/", "/ky/", "/en/?layer=oblasts&tab=compare&rem=gdp", "/en/embed/map"])
def test_axe_finds_no_serious_violations(page, path):
    # The app's CSP (script-src 'self' + hashes) refuses add_script_tag's inline script; an init script is
    # injected by the browser itself, before the page's own scripts, and only defines window.axe.
    page.add_init_script(path=str(AXE))
    page.goto(path)
    if "/embed/" in path:
        page.wait_for_function(EMBED_DRAWN_JS, timeout=20_000)
    else:
        wait_drawn(page)
    settle(page)  # Dash idle, then the page's own a11y repairs (20-tools.js) have run
    violations = run_axe(page, path)
    assert serious(violations) == [], json.dumps(serious(violations), ensure_ascii=False, indent=1)


# --- keyboard: the tab order and the focus indicator ---------------------------------------------------------------

@pytest.fixture(scope="module")
def en_page(browser, browser_context_args) -> Iterator[Page]:
    """/en/ drawn, for the tests of this module that only read it (the tab walk moves focus, nothing else)."""
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.add_init_script(path=str(AXE))
    page.goto("/en/")
    wait_drawn(page)
    settle(page)  # Dash idle, then 20-tools.js has repaired the Dash markup
    yield page
    context.close()


@pytest.fixture(scope="module")
def tab_stops(en_page) -> list[dict]:
    """Every tab stop of /en/ from the top of the page, once round (stops when focus leaves the document or comes
    back to the first stop)."""
    page = en_page
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    stops: list[dict] = []
    for _ in range(250):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_JS)
        if stop["tag"] == "body" or (stops and stop_key(stop) == stop_key(stops[0])):
            break
        stops.append(stop)
    print("\nTab stops on /en/:\n" + "\n".join(f"  {i:2d} {describe(s)}" for i, s in enumerate(stops)))
    return stops


def test_tab_reaches_the_controls_in_order(tab_stops):
    missing, _ = in_order(tab_stops, REACHABLE)
    assert missing == [], f"not reached in order by Tab: {missing}\n" + "\n".join(map(describe, tab_stops))
    assert "skip" in tab_stops[0]["cls"].split(), "the skip link is not the first tab stop"


def test_tab_reaches_the_dropdowns(tab_stops):
    missing, _ = in_order(tab_stops, FULL_ORDER)
    assert missing == [], f"not reached in order by Tab: {missing}"


def test_every_tab_stop_has_a_focus_indicator(tab_stops):
    """The :focus-visible rule (3px outline) applies at every stop: computed outline or box-shadow, not 'none'."""
    assert len(tab_stops) > 20
    bad = [describe(s) for s in tab_stops
           if not s["focusVisible"] or not ((s["outline"] != "none" and s["outlineWidth"] >= 1)
                                            or s["boxShadow"] != "none")]
    assert bad == [], "focused without a focus indicator:\n" + "\n".join(bad)


def test_every_tab_stop_is_visible_when_focused(tab_stops):
    hidden = [f"{describe(s)} rect={s['rect']} opacity={s['opacity']} topmost={s['hit']}"
              for s in tab_stops if not s["shown"]]
    assert hidden == [], "focused but not visible on screen:\n" + "\n".join(hidden)


# --- chart summaries (read from the same page) -----------------------------------------------------------------------

def test_each_chart_is_described_by_its_summary(en_page, bundle):
    page = en_page
    opts = Options.from_bundle(bundle)
    view = parse("", opts)[0]
    dest = chart_rows(bundle, view, opts, "map", "en")
    russia = fmt_number(float(dest.loc[dest["destination_iso3"] == "RUS", "value"].iloc[0]), "en")
    assert russia == "333,664"  # the published UN DESA 2024 figure for Russia
    rows = chart_rows(bundle, view, opts, "remittances", "en")
    scale = shared_scale(zip(rows["value"], rows["unit"], strict=True))  # the summary writes one unit: billion US$
    remittances = {fmt_amount(v, u, "en", scale=scale) for v, u in zip(rows["value"], rows["unit"], strict=True)
                   if v == v}
    expected = {"map": {russia}, "stock": {russia}, "remittances": remittances}
    for graph, numbers in expected.items():
        figure = page.locator(f"[role=figure][aria-describedby='summary-{graph}']")
        expect(figure).to_have_count(1)
        expect(figure.locator(f"#{graph}")).to_have_count(1)  # the description is on the chart's own wrapper
        text = page.locator(f"#summary-{graph}").text_content().strip()
        assert any(n in text for n in numbers), f"#summary-{graph} has none of {sorted(numbers)[:5]}: {text!r}"
        # the figure's accessible description is that text
        described = page.evaluate("(g) => document.getElementById(document.querySelector("
                                  "'[aria-describedby=summary-' + g + ']').getAttribute('aria-describedby'))"
                                  ".textContent.trim()", graph)
        assert described == text


def test_year_slider_announces_the_year(en_page):
    thumb = en_page.locator("#f-year [role=slider]")
    expect(thumb).to_have_attribute("aria-valuenow", "7")
    expect(thumb).to_have_attribute("aria-valuetext", re.compile(r"2024"), timeout=1_000)


# --- keyboard only: operating the dashboard ------------------------------------------------------------------------

def test_keyboard_only_operation(page, dash):
    dash.open()
    keys = page.keyboard

    # The year slider: ArrowLeft steps to the previous published year.
    dash.year_thumb.focus()
    keys.press("ArrowLeft")
    dash.expect_url(r"/en/\?year=2020$")
    expect(dash.year_thumb).to_have_attribute("aria-valuenow", "6")

    # 'Show the data as a table': Enter opens an HTML table with a caption and column headers.
    toggle = page.locator("#table-map-toggle")
    toggle.focus()
    keys.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    table = page.locator("#table-map table")
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_have_text("Where Kyrgyz migrants live: 2020")
    headers = table.locator("thead th")
    assert headers.count() >= 3
    assert set(table.locator("th").evaluate_all("els => els.map(e => e.getAttribute('scope'))")) == {"col"}
    assert table.locator("tbody tr").count() > 20
    expect(table.locator("tbody")).to_contain_text("Russia")

    # A radio of the map layer: Space on 'Origin oblasts'.
    oblasts = page.locator("#f-layer input[value=oblasts]")
    oblasts.focus()
    keys.press("Space")
    dash.expect_url(r"/en/\?year=2020&layer=oblasts$")
    assert dash.checked("f-layer") == "oblasts"

    # A share toggle: Enter opens it.
    share = page.locator("#share-map-toggle")
    share.focus()
    keys.press("Enter")
    expect(share).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#share-map")).to_be_visible()
    expect(page.locator("#link-map")).to_have_value(re.compile(r"/en/\?year=2020&layer=oblasts&v="))

    # A card: Enter shows its route among the flows (the top destinations stay).
    card = page.locator("#cards button.card", has=page.locator(".card-route", has_text="Osh → Moscow"))
    card.focus()
    keys.press("Enter")
    dash.expect_url(r"/en/\?year=2020&layer=flows$")
    assert dash.checked("f-layer") == "flows"


def test_axe_with_share_panel_and_data_table_open(en_page):
    """Last of the tests on the shared /en/ page: it opens panels."""
    page = en_page
    page.locator("#share-map-toggle").click()
    page.locator("#table-map-toggle").click()
    expect(page.locator("#table-map table")).to_be_visible()
    expect(page.locator("#link-map")).not_to_have_value("")
    settle(page)
    violations = run_axe(page, "/en/ with the map's share panel and data table open")
    assert serious(violations) == [], json.dumps(serious(violations), ensure_ascii=False, indent=1)
