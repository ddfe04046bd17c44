"""Every user-visible string goes through `translator(lang)`; numbers through `fmt_*` (Babel/CLDR).

gettext catalogs live in dashboard/i18n/locales/<lang>/LC_MESSAGES/messages.po and are compiled in memory at start
(no .mo files to go stale). English is the source language: a missing entry falls back to the English msgid, never
to an error; tests make sure no entry is missing. `make i18n` re-extracts the msgids into the catalogs.
"""

from __future__ import annotations

import gettext
import io
import math
from functools import lru_cache
from pathlib import Path

import numpy as np
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, parse_pattern
from babel.units import format_unit

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("ky", "ru", "en")
LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}
DEFAULT_LANGUAGE = "en"
BABEL_LOCALE = {"en": "en", "ru": "ru", "ky": "ky"}


class Translator:
    """`t("Migrant stock")`, `t("{n} km from home", n=...)`; `t.n(singular, plural, n)` for plurals."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._gt = load_catalog(self.lang)

    def __call__(self, msgid: str, **kw) -> str:
        text = self._gt.gettext(msgid)
        return text.format(**kw) if kw else text

    def n(self, singular: str, plural: str, count: int, **kw) -> str:
        return self._gt.ngettext(singular, plural, count).format(n=count, **kw)


def N_(msgid: str) -> str:
    """Marks a string for extraction where it is defined; it is translated where it is shown."""
    return msgid


def catalog_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"


def load_catalog(lang: str) -> gettext.NullTranslations:
    path = catalog_path(lang)
    if lang == DEFAULT_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


@lru_cache(maxsize=8)
def translator(lang: str) -> Translator:
    return Translator(lang)


def capitalised(text: str) -> str:
    """A label that opens a line or a legend entry: its first letter a capital, the rest as written."""
    return text[:1].upper() + text[1:]


def after_colon(text: str, lang: str) -> str:
    """A label as it reads after a colon: Russian and Kyrgyz go on in lower case ('Рейтинг регионов: трудовые
    мигранты…'), English titles keep their capital; a name or an abbreviation ('НСК', 'Ош') keeps its own."""
    if lang == "en" or len(text) < 2 or not (text[0].isupper() and text[1].islower()) or " " not in text:
        return text
    return text[0].lower() + text[1:]


def fmt_number(value: float | None, lang: str = DEFAULT_LANGUAGE, decimals: int | None = None) -> str:
    """Grouped as the language writes numbers. decimals=None keeps the published precision (up to 2 places).
    Memoised by value and type (the same figures come back in every view of a series)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if type(value) in MEMO_TYPES and value != 0:  # not zero: -0.0 equals 0.0 but is written with its sign
        return _formatted(value, lang, decimals)
    return _format_number(value, lang, decimals)


def _format_number(value, lang: str, decimals: int | None) -> str:
    fmt = "#,##0.##" if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_pattern(value, fmt, lang)


MINUS = "\u2212"  # a negative number's sign as typeset (the axes' "−5 000"), not the hyphen babel writes


def format_pattern(value, pattern: str, lang: str, decimal_quantization: bool = True) -> str:
    """babel.numbers.format_decimal(value, format=pattern, locale=lang's) (and format_percent's, given a percent
    pattern), with the pattern and the locale parsed once: parsing them again took two thirds of each of the
    seventy-odd numbers a new view writes."""
    text = number_pattern(pattern).apply(value, babel_locale(lang), decimal_quantization=decimal_quantization)
    return MINUS + text[1:] if text.startswith("-") else text


@lru_cache(maxsize=64)
def number_pattern(pattern: str) -> NumberPattern:
    """A parsed number pattern, shared: NumberPattern.apply reads it and never changes it."""
    return parse_pattern(pattern)


@lru_cache(maxsize=8)
def babel_locale(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALE.get(lang, "en"))


_formatted = lru_cache(maxsize=16384, typed=True)(_format_number)
# numbers whose equal values are written alike (a Decimal keeps its trailing zeros: not memoised)
MEMO_TYPES = (int, float, np.int64, np.float64)


def separators(lang: str) -> str:
    """plotly layout.separators: decimal mark then thousands mark."""
    return {"en": ".,", "ru": ", ", "ky": ", "}.get(lang, ".,")


def fmt_km(km: float, lang: str) -> str:
    """'3,067 km' in English; '3 067 километров' / 'километра' in Russian (CLDR plural rules), '3 067 километр' in
    Kyrgyz. Rounded to the kilometre: the distance is computed, not a published figure. The way km are written in
    sentences too, so ru/ky screen readers hear their own unit; missing -> '–'."""
    if km is None or km != km:
        return "–"
    loc = BABEL_LOCALE.get(lang, "en")
    return format_unit(round(km), "length-kilometer", length="short" if lang == "en" else "long", locale=loc)
