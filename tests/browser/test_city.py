"""Cards to any city: the reader picks a country's card city with the keyboard, the URL says city=, and the card
shows the route, the distance (the data layer's) and the distance sentence for that city; a link opens on it."""

from __future__ import annotations

from playwright.sync_api import expect

from dashboard.data.corridors import corridor


def russia_card(page):
    return page.locator("#cards button.card", has=page.locator(".card-route", has_text="Russia"))


def test_choosing_a_city_moves_the_card_and_writes_the_link(page, dash, bundle):
    km = corridor(bundle, "naryn", "yekaterinburg").distance_km
    dash.open("?oblast=KG-N")
    expect(russia_card(page).locator(".card-route")).to_have_text("Naryn → Moscow, Russia")
    expect(page.locator("#f-city-label")).to_have_text("Destination city on the cards")
    dash.choose("f-city", "Yekaterinburg")
    dash.expect_url(r"/en/\?oblast=KG-N&city=yekaterinburg$")
    card = russia_card(page)
    expect(card.locator(".card-route")).to_have_text("Naryn → Yekaterinburg, Russia")
    expect(card.locator(".card-headline")).to_have_text(f"{round(km):,} km from home")
    expect(card.locator(".card-foot")).to_have_text(
        "Distance along the Earth's surface, Naryn – Yekaterinburg (WGS84 ellipsoid)")
    assert card.get_attribute("data-km") == f"{km:.3f}"
    expect(page.locator("#f-city .dash-dropdown-value-item")).to_have_text(["Yekaterinburg, Russia"])


def test_a_link_opens_on_its_city_and_a_second_city_replaces_it(page, dash, bundle):
    dash.open("?oblast=KG-T&city=saint-petersburg")
    expect(russia_card(page).locator(".card-route")).to_have_text("Talas → Saint Petersburg, Russia")
    km = corridor(bundle, "talas", "saint-petersburg").distance_km
    expect(russia_card(page).locator(".card-headline")).to_have_text(f"{round(km):,} km from home")
    expect(page.locator("#f-city .dash-dropdown-value-item")).to_have_text(["Saint Petersburg, Russia"])
    dash.choose("f-city", "Kazan")
    dash.expect_url(r"/en/\?oblast=KG-T&city=kazan$")  # one city per country: Kazan replaces Saint Petersburg
    expect(russia_card(page).locator(".card-route")).to_have_text("Talas → Kazan, Russia")
    expect(page.locator("#f-city .dash-dropdown-value-item")).to_have_text(["Kazan, Russia"])
    page.go_back()
    dash.expect_url(r"/en/\?oblast=KG-T&city=saint-petersburg$")
    expect(russia_card(page).locator(".card-route")).to_have_text("Talas → Saint Petersburg, Russia")


def test_print_names_the_chosen_city(page, dash):
    dash.open("?oblast=KG-N&city=yekaterinburg")
    page.pdf(format="A4", print_background=True)  # fires beforeprint, as the print dialog does
    expect(page.locator("#print-view")).to_contain_text("Destination city on the cards: Yekaterinburg, Russia")
    expect(russia_card(page).locator(".card-route")).to_have_text("Naryn → Yekaterinburg, Russia")
