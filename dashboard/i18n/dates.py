"""Dates as the official statements publish them, in words of the page's language: the forms fmt_date_label does
not know ('2025-Q1 (end)', '2022 (census)', '2008/2018', '(start of year; 2023 implied)'), for the official counts'
hover, summary and table (column `date`)."""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_skeleton

from . import BABEL_LOCALE, N_, translator
from .amounts import fmt_date_label

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DATE_WORDS = {
    "end": N_("end of {year}"), "autumn": N_("autumn {year}"), "census": N_("{year} census"),
    "after the law took effect": N_("{year}, after the law took effect"),
    "start of year": N_("start of {year} (year implied by the source)"),
    "six months later": N_("six months later, {year} (year implied by the source)"),
}


def date_words(text: str, lang: str) -> str:
    """A date as published, in words: '2025-Q1 (end)' -> 'end of quarter 1 of 2025', '2022 (census)' -> '2022
    census', '2008/2018' -> '2008 – 2018', '(earlier; date not stated)' -> 'earlier, date not stated'; the forms
    fmt_date_label knows ('2018-06-01', '2024-H1', '2015 (late)') as it writes them."""
    t = translator(lang)
    text = str(text).strip()
    if "/" in text and not text.startswith("("):
        return " – ".join(date_words(part, lang) for part in text.split("/", 1))
    if found := re.fullmatch(r"(\d{4})-Q([1-4]) \(end\)", text):
        return t("end of quarter {quarter} of {year}", quarter=found.group(2), year=found.group(1))
    if found := re.fullmatch(r"(\d{4})-(\d{2}) \(early\)", text):
        return t("{date}, beginning of the month", date=fmt_date_label(text[:7], lang))
    if found := re.fullmatch(r"(\d{4}) \(to (\d{1,2}) ([A-Z][a-z]{2})\)", text):
        day = dt.date(int(found.group(1)), MONTH_ABBR.index(found.group(3)) + 1, int(found.group(2)))
        return t("{year}, up to {day}", year=found.group(1),
                 day=format_skeleton("MMMMd", day, locale=BABEL_LOCALE.get(lang, "en")))
    if found := re.fullmatch(r"\((start of year|six months later); (\d{4}) implied\)", text):
        return t(DATE_WORDS[found.group(1)], year=found.group(2))
    if found := re.fullmatch(r"(\d{4}) \((end|autumn|census|after the law took effect)\)", text):
        return t(DATE_WORDS[found.group(2)], year=found.group(1))
    if text == "(earlier; date not stated)":
        return t("earlier, date not stated")
    return fmt_date_label(text, lang)
