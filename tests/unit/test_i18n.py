"""Catalogs complete, placeholders intact, numbers / units / plurals per language, names from the reviewed table."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dashboard.i18n import LANGUAGES, catalog_path, fmt_km, fmt_number, translator
from dashboard.i18n.plotly_locale import graph_locale_config, plotly_locale
from dashboard.labels import names, place_name
from dashboard.views.cards import km_text

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
PLACEHOLDER = re.compile(r"\{\w+\}")


def catalog(lang: str):
    with catalog_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def template_ids() -> set[str]:
    """The msgids the code uses now, extracted afresh (not the committed .pot, which could be stale)."""
    out = ROOT / "build-test.pot"
    try:
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
                        "-k", "t", "-k", "N_", "-k", "n:1,2", "--no-location", "-o", str(out), str(ROOT / "dashboard")],
                       check=True, capture_output=True, cwd=ROOT)
        with out.open("rb") as f:
            return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    finally:
        out.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def used_ids() -> set[str]:
    ids = template_ids()
    assert len(ids) > 150, "extraction found too few strings: the check would pass vacuously"
    return ids


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_string_the_code_uses_is_translated(lang, used_ids):
    cat = catalog(lang)
    have = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in cat if m.id}
    missing = sorted(used_ids - set(have))
    assert not missing, f"not in the {lang} catalog (run `make i18n` and translate): {missing}"
    empty = sorted(i for i in used_ids if not (all(have[i].string) if isinstance(have[i].string, tuple)
                                               else have[i].string))
    assert not empty, f"untranslated in {lang}: {empty}"
    fuzzy = sorted(m.id for m in cat if m.id and m.fuzzy)
    assert not fuzzy, f"fuzzy (unchecked) entries in {lang}: {fuzzy}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_survive_translation(lang):
    for m in catalog(lang):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        want = sorted(PLACEHOLDER.findall(ids[0]))
        for s in strings:
            assert sorted(PLACEHOLDER.findall(s)) == want, (lang, m.id, s)


def test_plural_forms_per_language():
    assert catalog("ru").num_plurals == 3
    assert catalog("ky").num_plurals == 1
    t = translator("ru")
    one, few, many = (t.n("{n} unit without data (white)", "{n} units without data (white)", n) for n in (1, 3, 5))
    assert len({one, few, many}) == 3


def test_kyrgyzstan_is_never_kirgiziya():
    for lang in TRANSLATED:
        assert "Киргиз" not in catalog_path(lang).read_text(encoding="utf-8")
    countries = (ROOT / "data" / "countries.csv").read_text(encoding="utf-8")
    assert "Киргиз" not in countries


@pytest.mark.parametrize(("lang", "km", "text"), [
    ("en", 3067.4, "3,067 km"),
    ("ru", 3067.4, "3\u00a0067 километров"),
    ("ru", 2, "2 километра"),
    ("ru", 21, "21 километр"),
    ("ru", 3663.2, "3\u00a0663 километра"),
    ("ky", 3067.4, "3\u00a0067 километр"),
])
def test_distance_units_and_plurals(lang, km, text):
    assert fmt_km(km, lang).replace("\u202f", "\u00a0") == text


@pytest.mark.parametrize(("lang", "text"), [("en", "333,664"), ("ru", "333\u00a0664"), ("ky", "333\u00a0664")])
def test_number_grouping(lang, text):
    assert fmt_number(333664, lang, 0).replace("\u202f", "\u00a0") == text


def test_decimal_mark():
    assert fmt_number(32.56, "en") == "32.56"
    assert fmt_number(32.56, "ru") == "32,56"


def test_card_headline_translated():
    assert km_text(3067.4, "en") == "3,067 km from home"
    assert km_text(3067.4, "ru").replace("\u202f", "\u00a0") == "3\u00a0067 километров от дома"
    assert "километр" in km_text(3067.4, "ky")


def test_names_from_the_reviewed_tables(bundle):
    ru, ky = names(bundle, "ru"), names(bundle, "ky")
    assert ru["KGZ"] == "Кыргызстан" and ky["KGZ"] == "Кыргызстан"
    assert ru["RUS"] == "Россия" and ky["KAZ"] == "Казакстан"
    assert ru["KG-GB"] == "г. Бишкек" and ky["KG-Y"] == "Ысык-Көл"
    assert place_name(bundle, "moscow", "ru") == "Москва" and place_name(bundle, "jalal-abad", "ky") == "Жалал-Абад"


def test_plotly_locales_from_cldr():
    ky = plotly_locale("ky")
    assert ky["name"] == "ky" and len(ky["format"]["months"]) == 12 and len(ky["format"]["days"]) == 7
    assert ky["dictionary"]["Zoom in"] != "Zoom in"
    assert plotly_locale("ru")["format"]["decimal"] == ","
    assert graph_locale_config("en") == {"locale": "en"}
    assert "ru" in graph_locale_config("ru")["locales"]
