"""Distance cards: the km on the page are the data layer's, and a card filters the page."""

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


def test_clicking_a_card_sets_destination_and_flows(page, dash):
    dash.open()
    card = page.locator("#cards button.card", has=page.locator(".card-route", has_text="Kazakhstan"))
    card.click()
    dash.expect_url(r"/en/\?dest=KAZ&layer=flows$")
    expect(page.locator("#f-dest-value")).to_have_text("Kazakhstan")
    assert dash.checked("f-layer") == "flows"
    expect(page.locator("#map .gtitle")).to_contain_text("From Osh to the main destinations")
    # Only Kazakhstan's corridor is left on the cards.
    expect(page.locator("#cards button.card .card-route")).to_have_text(["Osh → Almaty, Kazakhstan"])
