"""Amounts and dates as a reader takes them in (dashboard.i18n.amounts): one scaled unit, the language's words,
CLDR plurals and percent patterns, qualifiers in the language, missing as a dash, never an invented 0."""

from __future__ import annotations

import math

import pytest
from babel.messages.pofile import read_po

from dashboard.i18n import LANGUAGES, catalog_path, fmt_km
from dashboard.i18n.amounts import (
    MISSING,
    amount_scale,
    end_sentence,
    fmt_amount,
    fmt_amount_number,
    fmt_date_label,
    fmt_exact,
    fmt_percent,
    unit_caption,
)

NB = "\xa0"  # CLDR groups Russian and Kyrgyz thousands with a no-break space
NNB = "\u202f"  # and puts a narrow no-break space before «г.»


def plain(text: str) -> str:
    return text.replace(NB, " ").replace(NNB, " ")


@pytest.mark.parametrize(("value", "unit", "lang", "text"), [
    (3050.88, "US$ million", "en", "3.05 billion US$"),
    (3050.88, "US$ million", "ru", "3,05 млрд долл. США"),
    (3050.88, "US$ million", "ky", "3,05 млрд АКШ доллары"),
    (3011845025.88, "current US$", "en", "3.01 billion US$"),
    (3011845025.88, "current US$", "ru", "3,01 млрд долл. США"),
    (2850000000, "current US$", "en", "2.85 billion US$"),
    (3, "US$ billion", "en", "3 billion US$"),
    (2017.5236911022544, "US$ million", "en", "2.02 billion US$"),
    (2.5372256789786882, "US$ million", "en", "2.54 million US$"),
    (2.5372256789786882, "US$ million", "ru", "2,54 млн долл. США"),
    (2.5372256789786882, "US$ million", "ky", "2,54 млн АКШ доллары"),
    (1784999.967, "current US$", "en", "1.78 million US$"),
    (45000, "current US$", "en", "45,000 US$"),
    (45000, "current US$", "ru", "45 000 долл. США"),
    (1_250_000, "persons", "en", "1.25 million persons"),
    (1_250_000, "persons", "ru", "1,25 млн человек"),
    (1_250_000, "persons", "ky", "1,25 млн адам"),
    (557.8, "thousand persons", "en", "557,800 persons"),
    (557.8, "thousand persons", "ru", "557 800 человек"),
    (25000, "KGS per month", "ky", "айына 25 000 сом"),
    (115.5, "per 1,000 residents", "ru", "115,5 на 1000 жителей"),
    (115.5, "per 1,000 residents", "ky", "1000 тургунга 115,5"),
])
def test_one_readable_unit(value, unit, lang, text):
    assert plain(fmt_amount(value, unit, lang)) == text


@pytest.mark.parametrize(("n", "ru", "en"), [
    (1, "1 человек", "1 person"), (2, "2 человека", "2 persons"), (5, "5 человек", "5 persons"),
    (21, "21 человек", "21 persons"), (22, "22 человека", "22 persons"), (11, "11 человек", "11 persons"),
    (333664, "333 664 человека", "333,664 persons"), (30000, "30 000 человек", "30,000 persons"),
])
def test_russian_plural_agreement(n, ru, en):
    assert plain(fmt_amount(n, "persons", "ru")) == ru
    assert fmt_amount(n, "persons", "en") == en


@pytest.mark.parametrize("n", [1, 2, 5, 21, 333664])
def test_kyrgyz_has_no_plural_agreement(n):
    assert plain(fmt_amount(n, "persons", "ky")).endswith(" адам")


@pytest.mark.parametrize(("value", "unit", "q", "lang", "text"), [
    (30000, "persons", "about", "en", "about 30,000 persons"),
    (30000, "persons", "about", "ru", "около 30 000 человек"),
    (21, "persons", "about", "ru", "около 21 человека"),  # около governs the genitive
    (22, "persons", "almost", "ru", "почти 22 человека"),  # почти does not
    (30000, "persons", "more than", "ru", "более 30 000 человек"),
    (30000, "persons", "more than", "ky", "30 000 адамдан ашуун"),
    (30000, "persons", "about", "ky", "болжол менен 30 000 адам"),
    (36000, "persons", "at least", "en", "at least 36,000 persons"),
    (45000, "persons", "up to", "ru", "до 45 000 человек"),
    (350000, "persons", "around", "ru", "примерно 350 000 человек"),
    (31, "% of GDP", "about", "ru", "около 31 % ВВП"),
    (3.05, "US$ billion", "about", "en", "about 3.05 billion US$"),
    (3.05, "US$ billion", "about", "ky", "болжол менен 3,05 млрд АКШ доллары"),
])
def test_qualifiers_in_the_language(value, unit, q, lang, text):
    assert plain(fmt_amount(value, unit, lang, q)) == text


def test_qualifier_read_from_the_published_unit():
    assert fmt_amount(30000, 'persons ("more than")', "en") == "more than 30,000 persons"
    assert plain(fmt_amount(31, '% of GDP ("about", as reported)', "ru")) == "около 31 % ВВП"


def test_range():
    assert fmt_amount(4000, "persons (range)", "en", "range", upper=6000) == "4,000–6,000 persons"
    assert plain(fmt_amount(4000, "persons", "ru", upper=6000)) == "4 000–6 000 человек"


@pytest.mark.parametrize(("lang", "text"), [("en", "32.56% of GDP"), ("ru", "32,56 % ВВП"), ("ky", "ИДПнын 32,56%")])
def test_percent_order_and_spacing_from_cldr(lang, text):
    assert plain(fmt_amount(32.56, "% of GDP", lang)) == text
    assert fmt_percent(32.56, lang).replace(NB, " ") == text.replace(" ВВП", "").replace(" of GDP", "").replace(
        "ИДПнын ", "")


def test_percent_keeps_published_precision_without_noise():
    assert fmt_percent(32.5, "en") == "32.5%"
    assert fmt_percent(31, "en") == "31%"
    assert fmt_percent(0.1 + 0.2, "en", decimals=2) == "0.3%"
    assert plain(fmt_percent(12.3, "ru")) == "12,3 %"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("value", [None, float("nan"), math.nan, ""])
@pytest.mark.parametrize("unit", ["persons", "US$ million", "current US$", "% of GDP", "km", "unknown unit"])
def test_missing_is_a_dash_never_zero(value, unit, lang):
    assert fmt_amount(value, unit, lang) == MISSING
    assert fmt_exact(value, lang) == MISSING
    assert fmt_date_label(value, lang) == MISSING
    assert fmt_amount_number(value, unit, lang, 1e9) == MISSING


@pytest.mark.parametrize("lang", LANGUAGES)
def test_small_values_never_read_as_zero(lang):
    assert plain(fmt_amount_number(2.5e6, "current US$", lang, 1e9)) in ("0.0025", "0,0025")
    assert fmt_amount(0, "persons", lang).startswith("0")  # a published 0 is a 0


def test_one_scale_for_a_sentence():
    values = [3050.88, 450.2, 2.54]
    scale = amount_scale(values, "US$ million")
    assert scale == 1e9
    assert [fmt_amount_number(v, "US$ million", "en", scale) for v in values] == ["3.05", "0.45", "0.00254"]
    assert unit_caption("US$ million", "ru", scale) == "млрд долл. США"
    assert unit_caption("persons", "ky") == "адам"
    assert amount_scale([333664, 5000], "persons") == 1
    assert amount_scale([float("nan")], "persons") == 1
    assert fmt_amount(450.2, "US$ million", "en", scale=scale) == "0.45 billion US$"


def test_unknown_unit_is_written_as_published():
    assert fmt_amount(3.5, "departures per 1000 population", "en") == "3.5 departures per 1000 population"


@pytest.mark.parametrize(("value", "lang", "text"), [
    (1784999.967, "en", "1,784,999.967"), (1784999.967, "ru", "1 784 999,967"), (93616.0, "en", "93,616"),
    (93616.0, "ky", "93 616"), (2017.5236911022544, "en", "2,017.5236911022544"), (7085.0, "en", "7,085"),
    (0.1, "en", "0.1"),
])
def test_exact_value_keeps_every_published_digit_and_no_float_noise(value, lang, text):
    assert plain(fmt_exact(value, lang)) == text


@pytest.mark.parametrize(("value", "lang", "text"), [
    (2020.5, "en", "mid-2020"), (2020.5, "ru", "середина 2020 г."), (2020.5, "ky", "2020-жылдын ортосу"),
    (2000.4945355191257, "en", "mid-2000"),  # 30 June, UN DESA's mid-year
    (2018 + 5 / 12, "en", "June 2018"), (2018 + 5 / 12, "ru", "июнь 2018 г."), (2018 + 5 / 12, "ky", "2018-ж., июнь"),
    (2009.2794520547945, "en", "April 2009"), (2000.8060109289618, "en", "October 2000"),
    (2017.0, "en", "2017"), (2017, "ru", "2017"), ("2017", "ky", "2017"),
    ("2018-06", "en", "June 2018"), ("2018-06", "ru", "июнь 2018 г."),
    ("2018-06-01", "en", "June 1, 2018"), ("2018-06-01", "ru", "1 июня 2018 г."),
    ("2024-H1", "en", "first half of 2024"), ("2024-H1", "ru", "первое полугодие 2024 г."),
    ("2024-H1", "ky", "2024-жылдын биринчи жарымы"), ("2015 (late)", "ru", "конец 2015 г."),
    ("2024 (May)", "en", "May 2024"), ("2018 (date not shown)", "en", "2018"),
    ("(date not shown)", "ru", "дата не указана"), ("c.2017", "en", "about 2017"),
    ("2011-01/2011-11", "en", "January 2011 – November 2011"), ("whatever it says", "en", "whatever it says"),
])
def test_dates_as_dates(value, lang, text):
    assert plain(fmt_date_label(value, lang)) == text


def test_end_sentence_never_doubles_the_period():
    assert end_sentence(fmt_date_label(2020.5, "ru")).endswith("г.")
    assert not end_sentence(fmt_date_label(2020.5, "ru")).endswith("..")
    assert end_sentence("in 2020") == "in 2020."
    assert end_sentence("") == ""


TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_double_period_in_any_output_here(lang):
    dates = [2020.5, 2018.42, 2009.28, "2018-06", "2018-06-01", "2024-H1", "2024-H2", "2015 (late)", "2024 (May)",
             "c.2017", "2011-01/2011-11", "(date not shown)"]
    amounts = [(3050.88, "US$ million"), (333664, "persons"), (32.56, "% of GDP"), (115.5, "per 1,000 residents"),
               (25000, "KGS per month"), (3067, "km")]
    texts = [fmt_date_label(d, lang) for d in dates] + [fmt_amount(v, u, lang, q) for v, u in amounts
                                                        for q in ("", "about", "more than")]
    for text in texts:
        assert ".." not in end_sentence(text), text
        assert ".." not in end_sentence(f"{text}, {text}"), text


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_double_period_in_the_catalogs(lang):
    with catalog_path(lang).open("rb") as f:
        cat = read_po(f, locale=lang)
    for m in cat:
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for s in strings:
            assert "г.." not in (s or ""), (m.id, s)
            # a placeholder that can be a date label («середина 2020 г.») must not be followed by a bare period
            assert not (s or "").rstrip().endswith(("{period}.", "{date}.", "{when}.")), (m.id, s)


@pytest.mark.parametrize(("lang", "text"), [("en", "3,067 km"), ("ru", "3 067 километров"), ("ky", "3 067 километр")])
def test_km_in_sentences(lang, text):
    assert plain(fmt_km(3067.4, lang)) == text
    assert plain(fmt_amount(3067.4, "km", lang)) == text
    assert fmt_km(float("nan"), lang) == MISSING


def test_shared_scale_across_published_units():
    from dashboard.i18n.amounts import shared_scale

    pairs = [(3050.88, "US$ million"), (3050000000, "current US$"), (3011845025.88, "current US$")]
    scale = shared_scale(pairs)
    assert scale == 1e9
    assert [plain(fmt_amount(v, u, "ru", scale=scale)) for v, u in pairs] == [
        "3,05 млрд долл. США", "3,05 млрд долл. США", "3,01 млрд долл. США"]
    assert shared_scale([(1, "persons"), (2, "US$ million")]) == 1  # two kinds: no shared scale
    assert shared_scale([(float("nan"), "persons")]) == 1


def test_list_with_its_unit_once():
    from dashboard.i18n.amounts import fmt_amounts

    numbers, caption = fmt_amounts([2017.52, 383.78, 2.54], "US$ million", "en")
    assert (numbers, caption) == (["2.02", "0.384", "0.00254"], "billion US$")
    numbers, caption = fmt_amounts([30000, 5000], "persons", "ru", ["about", ""])
    assert [plain(n) for n in numbers] == ["около 30 000", "5 000"] and caption == "человек"
