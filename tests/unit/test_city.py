"""Cards to any city (city=): the card of a country goes to the city the reader chose, its distance is the data
layer's to that city, and the heading, the route, the distance sentence, the rows and the URL all name it."""

from __future__ import annotations

import copy
import csv
import io
import json

import pandas as pd
import pytest
from dash import Patch, no_update

from dashboard import callbacks as cb
from dashboard import embed, patches
from dashboard.app import create_app
from dashboard.charts import REGISTRY, ChartRequest
from dashboard.components.controls import city_controls
from dashboard.data import corridors as cq
from dashboard.state import ViewState, parse
from dashboard.views import page_data
from dashboard.views.cards import chosen_cities, corridor_cards, km_text

KEYS = [key for key, _ in cb.CONTROLS]


def view(opts, query: str) -> ViewState:
    state, notices = parse(query, opts)
    assert notices == [], notices
    return state


def card(cards, key: str):
    (hit,) = [c for c in cards if c.key == key]
    return hit


@pytest.mark.parametrize("query,origin,city,route", [
    ("oblast=KG-N&city=yekaterinburg", "naryn", "yekaterinburg", "Naryn → Yekaterinburg, Russia"),
    ("oblast=KG-T&city=saint-petersburg", "talas", "saint-petersburg", "Talas → Saint Petersburg, Russia"),
    ("city=astana", "osh", "astana", "Osh → Astana, Kazakhstan"),
])
def test_the_card_goes_to_the_chosen_city(bundle, opts, query, origin, city, route):
    s = view(opts, query)
    corridor = cq.corridor(bundle, origin, city)
    iso3 = corridor.dest_iso3
    chosen = card(corridor_cards(bundle, s, opts, "en"), iso3)
    assert chosen.distance_km == corridor.distance_km
    assert chosen.headline == km_text(corridor.distance_km, "en")
    assert chosen.route == route
    default = card(corridor_cards(bundle, ViewState(oblast=s.oblast), opts, "en"), iso3)
    assert default.distance_km != chosen.distance_km  # the choice moved the card
    # the other countries keep their usual city
    others = [c for c in corridor_cards(bundle, s, opts, "en") if c.distance_km is not None and c.key != iso3]
    assert all(c.distance_km == cq.corridor(bundle, origin, cq.city_for(bundle, c.key)).distance_km for c in others)


def test_naryn_yekaterinburg_literal(bundle, opts):
    rus = card(corridor_cards(bundle, view(opts, "oblast=KG-N&city=yekaterinburg"), opts, "en"), "RUS")
    assert rus.headline == "2,040 km from home"
    assert rus.distance_note == "Distance along the Earth's surface, Naryn – Yekaterinburg (WGS84 ellipsoid)"


@pytest.mark.parametrize("lang,route,note,heading_note", [
    ("en", "Naryn → Yekaterinburg, Russia",
     "Distance along the Earth's surface, Naryn – Yekaterinburg (WGS84 ellipsoid)",
     "Chosen destination city: Yekaterinburg (Russia)"),
    ("ru", "Нарын → Екатеринбург, Россия", "Расстояние по поверхности Земли, Нарын – Екатеринбург (эллипсоид WGS84)",
     "Выбранный город назначения: Екатеринбург (Россия)"),
    ("ky", "Нарын → Екатеринбург, Россия", "Жердин бети боюнча аралык, Нарын – Екатеринбург (WGS84 эллипсоиди)",
     "Тандалган бара турган шаар: Екатеринбург (Россия)"),
])
def test_heading_route_and_distance_sentence_name_the_city(bundle, opts, lang, route, note, heading_note):
    s = view(opts, "oblast=KG-N&city=yekaterinburg")
    rus = card(corridor_cards(bundle, s, opts, lang), "RUS")
    assert rus.route == route
    assert rus.distance_note == note
    req = ChartRequest(bundle, s, opts, lang)
    heading = REGISTRY["cards"].heading(req)
    assert heading.notes == (heading_note,)
    assert heading_note in heading.subtitle_with_notes()
    summary = REGISTRY["cards"].describe(req, REGISTRY["cards"].rows(req))
    assert route.split(",")[0] in summary and heading_note in summary


def test_rows_and_csv_name_the_chosen_city(bundle, opts):
    s = view(opts, "oblast=KG-T&city=saint-petersburg")
    rows = REGISTRY["cards"].rows(ChartRequest(bundle, s, opts, "en"))
    rus = rows[rows["destination_iso3"] == "RUS"].iloc[0]
    assert rus["origin"] == "Talas" and rus["destination_city"] == "Saint Petersburg"
    assert rus["distance_km"] == round(cq.corridor(bundle, "talas", "saint-petersburg").distance_km, 3)
    resp = create_app(bundle=bundle).server.test_client().get("/download/cards.csv?oblast=KG-T&city=saint-petersburg")
    assert resp.status_code == 200
    cells = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    start = next(i for i, row in enumerate(cells) if row and row[0] == "origin")  # after the '# ' lines
    table = pd.DataFrame(cells[start + 1:], columns=cells[start])
    assert list(table.loc[table["destination_iso3"] == "RUS", "destination_city"]) == ["Saint Petersburg"]


def test_without_city_nothing_is_named(bundle, opts):
    req = ChartRequest(bundle, ViewState(), opts, "en")
    assert REGISTRY["cards"].heading(req).notes == ()
    assert "Chosen destination city" not in REGISTRY["cards"].describe(req, REGISTRY["cards"].rows(req))


def test_a_city_of_a_country_without_a_card_stays_in_the_link_and_changes_nothing(bundle, opts):
    s = view(opts, "dest=KAZ&city=yekaterinburg~astana")
    assert s.city == ("yekaterinburg", "astana")  # kept: the view keeps it when Russia's card comes back
    assert chosen_cities(bundle, s) == ["astana"]
    cards = corridor_cards(bundle, s, opts, "en")
    assert [c.key for c in cards] == ["KAZ", "back-home"]
    assert cards[0].route == "Osh → Astana, Kazakhstan"
    assert REGISTRY["cards"].heading(ChartRequest(bundle, s, opts, "en")).notes == (
        "Chosen destination city: Astana (Kazakhstan)",)
    germany = view(opts, "city=berlin")
    assert [c.distance_km for c in corridor_cards(bundle, germany, opts, "en")] == \
        [c.distance_km for c in corridor_cards(bundle, ViewState(), opts, "en")]
    assert chosen_cities(bundle, germany) == []


def test_embed_shows_the_chosen_city(ctx):
    out = json.dumps(embed.embed_children(ctx, "ru", "/ru/embed/cards", "?oblast=KG-N&city=yekaterinburg",
                                          "http://h/"), default=lambda c: c.to_plotly_json(), ensure_ascii=False)
    assert "Нарын → Екатеринбург, Россия" in out
    assert "Выбранный город назначения: Екатеринбург (Россия)" in out


# --- the control and the URL ----------------------------------------------------------------------------------


def defaults(opts) -> list:
    return cb.control_values(ViewState(), opts)


def with_city(opts, cities) -> list:
    values = defaults(opts)
    values[KEYS.index("city")] = cities
    return values


def test_the_city_control_is_synced_with_the_url(ctx, opts):
    assert ("city", "f-city") in cb.CONTROLS
    assert defaults(opts)[KEYS.index("city")] == []
    search, store, ctrl, _ = cb.sync_view(ctx, "controls", "?oblast=KG-N", "en",
                                          [*with_city(opts, ["yekaterinburg"])[:2], "KG-N",
                                           *with_city(opts, ["yekaterinburg"])[3:]])
    assert search == "?oblast=KG-N&city=yekaterinburg"
    assert store == {"q": "oblast=KG-N&city=yekaterinburg", "lang": "en"}
    assert ctrl[KEYS.index("city")] is no_update  # the control already shows it


def test_page_load_sets_the_city_control(ctx, opts):
    _, store, ctrl, notices = cb.sync_view(ctx, None, "?oblast=KG-T&city=saint-petersburg", "en", defaults(opts))
    assert notices == []
    assert store["q"] == "oblast=KG-T&city=saint-petersburg"
    assert ctrl[KEYS.index("city")] == ["saint-petersburg"]


def test_a_second_city_in_a_country_replaces_the_first(ctx, opts):
    search, _, ctrl, _ = cb.sync_view(ctx, "controls", "?city=yekaterinburg", "en",
                                      with_city(opts, ["yekaterinburg", "saint-petersburg"]))
    assert search == "?city=saint-petersburg"
    assert ctrl[KEYS.index("city")] == ["saint-petersburg"]  # the control drops the replaced city
    search, _, ctrl, _ = cb.sync_view(ctx, "controls", "?city=yekaterinburg", "en",
                                      with_city(opts, ["yekaterinburg", "astana"]))
    assert search == "?city=yekaterinburg~astana"  # another country: both kept
    assert cb.sync_view(ctx, "controls", "?city=yekaterinburg", "en", with_city(opts, []))[0] == ""


def test_replace_in_country_tolerates_anything(opts):
    assert cb.replace_in_country(["moscow", "astana", "kazan"], ("moscow", "astana"), opts.cities) == \
        ["astana", "kazan"]
    assert cb.replace_in_country(["x", 3, ["y"], {"z": 1}, "moscow"], ("moscow",), opts.cities) == ["x", "moscow"]
    assert cb.replace_in_country(None, ("moscow",), opts.cities) is None
    # "Select all" adds every city at once: a country with several new cities gets none of them
    every = list(opts.cities)
    kept = cb.replace_in_country(every, ("yekaterinburg",), opts.cities)
    assert "yekaterinburg" in kept and not {"moscow", "kazan", "almaty", "astana"} & set(kept)


def test_select_all_changes_nothing_and_a_usual_city_is_no_choice(ctx, opts):
    search, store, ctrl, _ = cb.sync_view(ctx, "controls", "?city=yekaterinburg", "en",
                                          with_city(opts, list(opts.cities)))
    assert search is no_update and store["q"] == "city=yekaterinburg"
    assert ctrl[KEYS.index("city")] == ["yekaterinburg"]  # the list shows the one city chosen again
    search, store, ctrl, _ = cb.sync_view(ctx, "controls", "?city=yekaterinburg", "en",
                                          with_city(opts, ["yekaterinburg", "moscow"]))
    assert search == "" and store["q"] == ""  # Moscow is Russia's usual city: the default view, one URL
    assert ctrl[KEYS.index("city")] == []
    assert cb.replace_in_country("moscow", (), opts.cities) == "moscow"


def test_cards_patch_to_the_chosen_city(ctx):
    before, after = {"q": "oblast=KG-N", "lang": "en"}, {"q": "oblast=KG-N&city=yekaterinburg", "lang": "en"}
    out, rendered = patches.cards_update(ctx, after, patches.rendered_key(ctx, before))
    new = patches.cards_json(ctx, after)
    assert rendered == "en?oblast=KG-N&city=yekaterinburg"
    assert "Naryn → Yekaterinburg, Russia" in json.dumps(new, ensure_ascii=False)
    if not isinstance(out, Patch):
        assert out == new
        return
    shown = copy.deepcopy(patches.cards_json(ctx, before))
    for op in out.to_plotly_json()["operations"]:  # what the Dash renderer does with the Patch's assignments
        assert op["operation"] == "Assign"
        *head, last = op["location"]
        node = shown
        for key in head:
            node = node[key]
        node[last] = op["params"]["value"]
    assert shown == new


def test_panel_options_list_every_city_country_by_country(bundle):
    cities = page_data.panel_options(bundle, "ru")["cards"]["cities"]
    assert {place for place, _ in cities} == set(cq.destination_cities(bundle))
    assert cities[0] == ("moscow", "Москва, Россия")
    assert ("yekaterinburg", "Екатеринбург, Россия") in cities
    countries = [cq.destination_cities(bundle)[place] for place, _ in cities]
    # each country's cities stand together, the cards' countries first in their order
    runs = list(dict.fromkeys(countries))
    assert runs[:5] == list(bundle.presentation.card_destinations)
    assert sum(1 for a, b in zip(countries, countries[1:], strict=False) if a != b) == len(runs) - 1


@pytest.mark.parametrize("lang,label", [("en", "Destination city on the cards"),
                                        ("ru", "Город назначения на карточках"),
                                        ("ky", "Карточкалардагы бара турган шаар")])
def test_the_control_is_labelled_and_seeded_from_the_view(bundle, opts, lang, label):
    block = json.loads(json.dumps(city_controls(view(opts, "city=yekaterinburg"), lang,
                                                page_data.panel_options(bundle, lang)["cards"]["cities"]),
                                  default=lambda c: c.to_plotly_json()))
    text = json.dumps(block, ensure_ascii=False)
    assert f'"{label}"' in text and '"htmlFor": "f-city"' in text
    dropdown = next(c for c in block["props"]["children"][0]["props"]["children"] if c.get("type") == "Dropdown")
    assert dropdown["props"]["value"] == ["yekaterinburg"] and dropdown["props"]["multi"] is True
    assert len(dropdown["props"]["options"]) == len(cq.destination_cities(bundle))


def test_the_page_holds_the_city_control(bundle):
    client = create_app(bundle=bundle).server.test_client()
    layout = client.get("/en/_dash-layout", headers={"Referer": "http://localhost/en/?city=yekaterinburg"})
    assert layout.status_code == 200
    body = layout.get_data(as_text=True)
    assert '"id":"f-city"' in body.replace(" ", "")
    assert "Osh \\u2192 Yekaterinburg, Russia" in body or "Osh → Yekaterinburg, Russia" in body
