"""Every user-visible string goes through `translator(lang)`; numbers through `fmt_*` (Babel/CLDR).

gettext catalogs live in dashboard/i18n/locales/<lang>/LC_MESSAGES/messages.po (compiled to .mo). English is the
source language: a missing catalog falls back to the English msgid, never to an error.
"""

from __future__ import annotations

import gettext
import math
from functools import lru_cache
from pathlib import Path

from babel.numbers import format_decimal

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("en",)  # ky and ru arrive with their catalogs
DEFAULT_LANGUAGE = "en"
BABEL_LOCALE = {"en": "en", "ru": "ru", "ky": "ky"}


class Translator:
    """`t("Migrant stock")`, `t("{n} km from home", n=...)`; `t.n(singular, plural, n)` for plurals."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._gt = gettext.translation("messages", LOCALES_DIR, languages=[self.lang], fallback=True)

    def __call__(self, msgid: str, **kw) -> str:
        text = self._gt.gettext(msgid)
        return text.format(**kw) if kw else text

    def n(self, singular: str, plural: str, count: int, **kw) -> str:
        return self._gt.ngettext(singular, plural, count).format(n=count, **kw)


@lru_cache(maxsize=8)
def translator(lang: str) -> Translator:
    return Translator(lang)


def fmt_number(value: float | None, lang: str = DEFAULT_LANGUAGE, decimals: int | None = None) -> str:
    """Grouped as the language writes numbers. decimals=None keeps the published precision (up to 2 places)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    fmt = "#,##0.##" if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=fmt, locale=BABEL_LOCALE.get(lang, "en"))


def separators(lang: str) -> str:
    """plotly layout.separators: decimal mark then thousands mark."""
    return {"en": ".,", "ru": ", ", "ky": ", "}.get(lang, ".,")
