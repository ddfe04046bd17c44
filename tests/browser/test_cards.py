"""Distance cards: the km on the page are the data layer's; a card shows its route on the map, highlighted, and
keeps the chosen destinations."""

from __future__ import annotations

from playwright.sync_api import expect

from dashboard.data.corridors import corridor


def test_card_distances_are_the_data_layers(page, dash, bundle):
    km = corridor(bundle, "osh", "moscow").distance_km
    dash.open()
    card = page.locator("#cards button.card", has=page.locator(".card-route", has_text="Osh → Moscow"))
    expect(card).to_have_count(1)
    expect(card.locator(".card-headline")).to_have_text(f"{round(km):,} km from home")
    assert card.get_attribute("data-km") == f"{km:.3f}"
    assert abs(float(card.get_attribute("data-km")) - km) < 0.0005

    # Every other corridor card: the rounded headline is its own unrounded data-km.
    cards = page.locator("#cards button.card")
    assert cards.count() >= 5
    for i in range(cards.count()):
        card_km = float(cards.nth(i).get_attribute("data-km"))
        expect(cards.nth(i).locator(".card-headline")).to_have_text(f"{round(card_km):,} km from home")


# The flow lines on the map (named lines, not the legend's width key): country -> opacity as drawn.
FLOWS_JS = """() => Object.fromEntries(document.querySelector('#map .js-plotly-plot').data
    .filter(t => t.type === 'scattergeo' && String(t.mode).includes('lines') && t.name && t.showlegend !== true)
    .map(t => [t.name.split(': ')[0], t.opacity === undefined ? 1 : t.opacity]))"""


def expect_routes(page, highlighted: str | None, others: list[str] | None = None, at_least: int = 1) -> None:
    """Wait until the map's flow lines are drawn with `highlighted` at full strength and every other line faint
    (no line faint when `highlighted` is None); `others`, when given, are exactly the other lines."""
    page.wait_for_function(
        """([hi, others, atLeast]) => {
          const gd = document.querySelector('#map .js-plotly-plot');
          const lines = gd && gd.data ? (""" + FLOWS_JS + """)() : {};
          const names = Object.keys(lines);
          if (names.length < atLeast) return false;
          if (others && JSON.stringify(names.filter(n => n !== hi).sort()) !== JSON.stringify([...others].sort()))
            return false;
          return names.every(n => lines[n] === (hi === null || n === hi ? 1 : 0.25)) && (hi === null || hi in lines);
        }""", arg=[highlighted, others, at_least], timeout=20_000)


def card(page, route: str):
    return page.locator("#cards button.card", has=page.locator(".card-route", has_text=route))


def test_a_card_highlights_its_route_and_keeps_the_top_destinations(page, dash):
    dash.open()
    cards = page.locator("#cards button.card").count()
    kazakhstan = card(page, "Kazakhstan")
    expect(kazakhstan).to_have_attribute("title", "Show this route on the map, keeping the chosen destinations")
    kazakhstan.click()
    dash.expect_url(r"/en/\?layer=flows$")
    assert dash.checked("f-layer") == "flows"
    expect(page.locator("#map .gtitle")).to_contain_text("From Osh to the main destinations")
    # the top destinations stay: every largest destination's line, Kazakhstan's at full strength; every card stays
    expect_routes(page, "Kazakhstan", at_least=8)
    expect(page.locator("#f-dest .dash-dropdown-value-item")).to_have_count(0)
    expect(page.locator("#cards button.card")).to_have_count(cards)


def test_a_card_keeps_the_chosen_destinations_and_its_highlight_until_the_layer_changes(page, dash):
    dash.open("?dest=TUR~RUS~KAZ")
    card(page, "Moscow").click()
    dash.expect_url(r"/en/\?dest=TUR~RUS~KAZ&layer=flows$")
    expect(page.locator("#f-dest .dash-dropdown-value-item")).to_have_text(["Turkey", "Russia", "Kazakhstan"])
    expect_routes(page, "Russia", ["Turkey", "Kazakhstan"])
    # a redraw for another year keeps the highlight
    page.locator("#year-prev").click()
    dash.expect_url(r"\?year=2020&dest=TUR~RUS~KAZ&layer=flows$")
    expect(page.locator("#map .gtitle")).to_contain_text("2020")
    expect_routes(page, "Russia", ["Turkey", "Kazakhstan"])
    # another layer ends it: back on flows, every line is drawn as sent
    dash.radio("f-layer", "Destination countries")
    dash.expect_url(r"\?year=2020&dest=TUR~RUS~KAZ$")
    dash.radio("f-layer", "Flows")
    dash.expect_url(r"&layer=flows$")
    expect_routes(page, None, ["Turkey", "Russia", "Kazakhstan"])


def test_a_card_outside_the_largest_joins_them(page, dash, bundle):
    """With no destination chosen the map draws the 10 largest; a card whose country has a figure but is not among
    them makes the choice explicit: the largest 7 and the card's country (8, the most a view holds)."""
    from dashboard.data.stock import stock_by_destination
    from dashboard.state import SOURCE_ALIASES

    stock = stock_by_destination(bundle, SOURCE_ALIASES["un2020"], "both", 2020)
    ranked = list(stock[stock["destination_iso3"] != "KGZ"].nlargest(20, "value")["destination_iso3"])
    assert ranked.index("KOR") >= 10, "the case needs South Korea outside the 10 largest"
    dash.open("?src=un2020")
    card(page, "Korea").click()
    dash.expect_url(r"/en/\?dest=" + "~".join([*ranked[:7], "KOR"]) + r"&src=un2020&layer=flows$")
    expect_routes(page, "South Korea", at_least=8)
