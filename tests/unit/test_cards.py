"""Distance-from-home cards: every number from the bundle (distances from corridors, never typed in)."""

from __future__ import annotations

import json
import re

import pytest
from plotly.io.json import to_json_plotly as to_json

from dashboard.components import page as page_c
from dashboard.data import corridors as cq
from dashboard.data import stock as sq
from dashboard.i18n import fmt_number
from dashboard.state import SEXES, ViewState
from dashboard.views.cards import back_home_card, corridor_cards, km_text

CARD_DESTINATIONS = ("RUS", "KAZ", "TUR", "KOR", "USA")  # the shipped package's default cards

UN2024, UN2020 = "UNDESA_IMS2024_VIA_ANDREEV", "UNDESA_IMS2020_VIA_ANDREEV"


def card(cards, key):
    hits = [c for c in cards if c.key == key]
    assert len(hits) == 1, [c.key for c in cards]
    return hits[0]


def texts(c) -> list[str]:
    return [c.headline, c.route, *(f.text for f in c.facts), *(f.source for f in c.facts)]


def test_headline_distance_osh_moscow(bundle, opts):
    corridor = cq.corridor(bundle, "osh", "moscow")
    c = card(corridor_cards(bundle, ViewState(), opts, "en"), "RUS")
    assert c.headline == f"{round(corridor.distance_km):,} km from home" == "3,067 km from home"
    assert c.headline == km_text(corridor.distance_km, "en")
    assert c.distance_km == corridor.distance_km
    assert c.route == "Osh → Moscow, Russia"


def test_distance_is_the_geodesic(bundle):
    corridor = cq.corridor(bundle, "osh", "moscow")
    assert corridor.distance_km == pytest.approx(cq.distance_km(40.52828, 72.7985, 55.75204, 37.61781))
    assert km_text(3066.5, "en") == "3,066 km from home"  # round half to even, like round()
    assert km_text(999.6, "en") == "1,000 km from home"


def test_default_cards(bundle, opts):
    cards = corridor_cards(bundle, ViewState(), opts, "en")
    assert [c.key for c in cards] == [*CARD_DESTINATIONS, "back-home"]
    for c in cards[:-1]:
        assert c.route.startswith("Osh → ")
        corridor = cq.corridor(bundle, "osh", cq.city_for(bundle, c.key))
        assert c.headline == f"{round(corridor.distance_km):,} km from home"


def test_oblast_changes_the_origin(bundle, opts):
    cards = corridor_cards(bundle, ViewState(oblast="KG-B"), opts, "en")
    rus = card(cards, "RUS")
    assert rus.route == "Batken → Moscow, Russia"
    assert rus.distance_km == cq.corridor(bundle, "batken", "moscow").distance_km
    assert all(c.route.startswith("Batken → ") for c in cards if c.distance_km is not None)


def test_destination_filter(bundle, opts):
    cards = corridor_cards(bundle, ViewState(dest=("KAZ",)), opts, "en")
    assert [c.key for c in cards] == ["KAZ", "back-home"]
    kaz = cards[0]
    assert kaz.route == "Osh → Almaty, Kazakhstan"
    assert kaz.headline == km_text(cq.corridor(bundle, "osh", "almaty").distance_km, "en")


def test_at_most_five_corridor_cards(bundle, opts):
    dest = ("DEU", "GBR", "KAZ", "RUS", "TUR", "KOR", "USA", "ISR")
    cards = corridor_cards(bundle, ViewState(dest=dest), opts, "en")
    corridor_keys = [c.key for c in cards if c.distance_km is not None]
    assert len(corridor_keys) <= 5
    assert corridor_keys == [d for d in dest if cq.city_for(bundle, d)][:5]


def stock_value(bundle, src, sex, year, iso):
    rows = sq.stock_by_destination(bundle, src, sex, year)
    return rows.loc[rows["destination_iso3"] == iso, "value"].iloc[0]


@pytest.mark.parametrize("view,src,sex,year,sex_word,source", [
    (ViewState(), UN2024, "both", 2024, "both sexes", "UN DESA International Migrant Stock, 2024 revision"),
    (ViewState(year=2015), UN2024, "both", 2015, "both sexes", "UN DESA International Migrant Stock, 2024 revision"),
    (ViewState(sex="female"), UN2024, "female", 2024, "women", "UN DESA International Migrant Stock, 2024 revision"),
    (ViewState(sex="male", year=2000), UN2024, "male", 2000, "men",
     "UN DESA International Migrant Stock, 2024 revision"),
    (ViewState(src=UN2020), UN2020, "both", 2020, "both sexes", "UN DESA International Migrant Stock, 2020 revision"),
])
def test_stock_fact_follows_the_filters(bundle, opts, view, src, sex, year, sex_word, source):
    rus = card(corridor_cards(bundle, view, opts, "en"), "RUS")
    n = stock_value(bundle, src, sex, year, "RUS")
    fact = rus.facts[0]
    assert fact.text == f"{fmt_number(n, 'en', 0)} people born in Kyrgyzstan live in Russia ({year}, {sex_word})"
    assert fact.source == source


def test_stock_fact_literal(bundle, opts):
    rus = card(corridor_cards(bundle, ViewState(), opts, "en"), "RUS")
    assert rus.facts[0].text == "333,664 people born in Kyrgyzstan live in Russia (2024, both sexes)"


def test_no_figure_is_said_not_zero(bundle, opts):
    rows = sq.stock_by_destination(bundle, UN2024, "both", 2024)
    assert "KOR" not in set(rows["destination_iso3"])
    kor = card(corridor_cards(bundle, ViewState(), opts, "en"), "KOR")
    assert kor.facts[0].text == ("UN DESA International Migrant Stock, 2024 revision shows no figure for South Korea "
                                 "in 2024")
    assert not any(re.match(r"0 people", f.text) for f in kor.facts)


def test_remittance_fact_is_a_model_estimate(bundle, opts):
    rus = card(corridor_cards(bundle, ViewState(), opts, "en"), "RUS")
    rem = [f for f in rus.facts if "sent home" in f.text]
    assert len(rem) == 1
    assert "(model estimate)" in rem[0].text
    assert rem[0].source == "World Bank-KNOMAD bilateral remittance matrix 2021 (model estimates)"


@pytest.mark.parametrize("lang,expected", [
    ("en", "about 2.02 billion US$ sent home from there in 2021 (model estimate)"),
    ("ru", "около 2,02 млрд долл. США переведено оттуда на родину в 2021 г. (модельная оценка)"),
    ("ky", "2021-жылы ал жактан мекенге болжол менен 2,02 млрд АКШ доллары жөнөтүлгөн (моделдик баа)"),
])
def test_remittance_fact_reads_in_one_readable_unit(bundle, opts, lang, expected):
    """2,017.52 million US$ as a reader takes it in (not '2 018 млн'), the qualifier with it; the exact figure is
    in the remittance chart's hover, table and CSV."""
    rus = card(corridor_cards(bundle, ViewState(), opts, lang), "RUS")
    assert rus.facts[1].text == expected


def test_back_home_card(bundle):
    c = back_home_card(bundle, "en")
    assert c is not None and c.key == "back-home" and c.distance_km is None
    a, z, d = (f.text for f in c.facts)
    assert a == "680,599 Kyrgyz citizens staying in Russia in 2021"
    assert z == "350,916 in the first half of 2024"
    assert d.startswith("329,683 fewer (difference computed here).")
    assert 680599 - 350916 == 329683
    assert c.facts[0].source == c.facts[1].source
    assert "Ministry of Foreign Affairs" in c.facts[2].source


def test_back_home_card_is_last(bundle, opts):
    cards = corridor_cards(bundle, ViewState(dest=("TUR",)), opts, "en")
    assert cards[-1] == back_home_card(bundle, "en")


SWEEP = [ViewState(src=src, sex=sex, year=year, dest=dest, oblast=oblast)
         for src in ("UNDESA_IMS2024_VIA_ANDREEV", "KNOMAD_BMM_2021", "WB_GBMD_VIA_ANDREEV")
         for sex in SEXES
         for year, dest, oblast in ((None, (), None), ("first", ("DEU", "ISR", "KOR"), "KG-GB"),
                                    (None, ("RUS", "UZB", "TJK", "CHN"), "KG-N"))]


@pytest.mark.parametrize("view", SWEEP, ids=range(len(SWEEP)))
def test_no_card_text_says_nan(bundle, opts, view):
    if view.year == "first":
        view = ViewState(src=view.src, sex=view.sex, year=opts.years[view.src][0], dest=view.dest,
                         oblast=view.oblast)
    cards = corridor_cards(bundle, view, opts, "en")
    assert cards
    for c in cards:
        for text in texts(c):
            assert isinstance(text, str) and text
            assert not re.search(r"\bnan\b|\bNone\b|\bNaN\b|<NA>", text, flags=re.IGNORECASE), text
            assert not text.startswith("–"), text  # the missing-number dash never stands in for a count


def test_cards_block_renders_every_card(bundle, opts):
    cards = corridor_cards(bundle, ViewState(), opts, "en")
    block = json.loads(to_json(page_c.cards_block(cards, "en")))
    assert len(block) == len(cards)
    buttons = [b for b in block if b["type"] == "Button"]
    assert [b["props"]["id"]["key"] for b in buttons] == list(CARD_DESTINATIONS)
    rus = buttons[0]["props"]
    assert rus["data-km"] == f"{cq.corridor(bundle, 'osh', 'moscow').distance_km:.3f}"
    rus_text = json.dumps(rus["children"], ensure_ascii=False)
    assert "Osh → Moscow, Russia" in rus_text and "3,067 km from home" in rus_text
    assert block[-1]["type"] == "Div" and block[-1]["props"]["id"] == {"type": "card-static", "key": "back-home"}
    dumped = json.dumps(block)
    assert "329,683" in dumped and "3,067 km from home" in dumped
