"""Amounts and dates the way a reader takes them in: one scaled unit, the language's own words and order.

"3.05 billion US$" / «3,05 млрд долл. США» / «3,05 млрд АКШ доллары»; "333,664 persons" / «333 664 человека»;
"32.56% of GDP" / «32,56 % ВВП» / «ИДПнын 32,56%»; 2020.5 -> "mid-2020" / «середина 2020 г.».
Only the display is rounded, never the data: the exact published value stays in the hover, table and CSV
(`fmt_exact`). Numbers, percent patterns, month names and plural categories come from CLDR via Babel; the unit
words are gettext entries, so each language puts the number where it belongs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_skeleton
from babel.numbers import format_decimal

from . import BABEL_LOCALE, N_, babel_locale, fmt_km, format_pattern, translator

MISSING = "–"  # the same dash fmt_number shows: missing is shown as missing, never as 0

# published unit (a parenthesised note such as ("about") removed) -> (kind, factor to the kind's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "current US$": ("usd", 1.0), "US$": ("usd", 1.0), "US$ million": ("usd", 1e6), "US$ billion": ("usd", 1e9),
    "persons": ("persons", 1.0), "thousand persons": ("persons", 1e3), "million persons": ("persons", 1e6),
    "% of GDP": ("gdp_pct", 1.0), "%": ("percent", 1.0), "percent": ("percent", 1.0),
    "percentage points": ("pp", 1.0),
    "per 1,000 residents": ("per1000", 1.0), "per 1000 population": ("per1000", 1.0),
    "persons per 1000 population": ("per1000", 1.0), "migrants per 1,000 population": ("per1000", 1.0),
    "% of population": ("percent", 1.0), "% of immigrants": ("percent", 1.0),
    "KGS": ("som", 1.0), "KGS per month": ("som_month", 1.0), "km": ("km", 1.0),
}
# the scales each kind is shown in, largest first; a kind not listed is never scaled (percentages, rates)
SCALES: dict[str, tuple[float, ...]] = {"usd": (1e9, 1e6), "persons": (1e6,), "som": (1e9, 1e6)}
PHRASES: dict[tuple[str, float], str] = {  # (kind, scale) -> the number with its unit, in the language's order
    ("usd", 1.0): N_("{n} US$"), ("usd", 1e6): N_("{n} million US$"), ("usd", 1e9): N_("{n} billion US$"),
    ("persons", 1e6): N_("{n} million persons"),
    ("gdp_pct", 1.0): N_("{n} of GDP"), ("pp", 1.0): N_("{n} percentage points"),
    ("per1000", 1.0): N_("{n} per 1,000 residents"),
    ("som", 1.0): N_("{n} som"), ("som", 1e6): N_("{n} million som"), ("som", 1e9): N_("{n} billion som"),
    ("som_month", 1.0): N_("{n} som a month"),
}
CAPTIONS: dict[tuple[str, float], str] = {  # the unit alone, for an axis or a heading: one unit per axis
    ("usd", 1.0): N_("US$"), ("usd", 1e6): N_("million US$"), ("usd", 1e9): N_("billion US$"),
    ("persons", 1.0): N_("persons"), ("persons", 1e6): N_("million persons"),
    ("gdp_pct", 1.0): N_("% of GDP"), ("percent", 1.0): N_("%"), ("pp", 1.0): N_("percentage points"),
    ("per1000", 1.0): N_("per 1,000 residents"), ("som", 1.0): N_("som"), ("som", 1e6): N_("million som"),
    ("som", 1e9): N_("billion som"), ("som_month", 1.0): N_("som a month"),
}
QUALIFIED = {  # whole phrases, so each language puts the word where it belongs («30 000дөн ашык»)
    "about": N_("about {n}"), "more than": N_("more than {n}"), "at least": N_("at least {n}"),
    "up to": N_("up to {n}"), "almost": N_("almost {n}"), "around": N_("around {n}"),
    "estimate": N_("{n} (estimate)"),  # the source's own estimate, not a count: said after the number
}
_QUOTED = re.compile(r'\("([^"]+)"')


def is_missing(value) -> bool:
    """None, NaN and empty text are missing; 0 is a value."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def unit_kind(unit: str) -> tuple[str, float] | None:
    """(kind, factor) of a published unit, or None for a unit this module does not know (shown as published)."""
    if not isinstance(unit, str):
        return None
    base = unit if unit in UNITS else unit.split(" (")[0].strip()
    return UNITS.get(base)


def unit_qualifier(unit: str) -> str:
    """The qualifier a unit text carries, as in 'persons ("about")': the sources' own word."""
    m = _QUOTED.search(unit) if isinstance(unit, str) else None
    return m.group(1) if m and m.group(1) in QUALIFIED else ""


def _locale(lang: str) -> str:
    return BABEL_LOCALE.get(lang, "en")


def _decimal(value: float) -> Decimal:
    """The shortest text that reads back as the same float: 93616.0 -> 93616, 0.1 -> 0.1 (no binary noise)."""
    return Decimal(repr(float(value)))


def _readable(value: float, lang: str, significant: int = 3) -> str:
    """About three significant digits, at most two decimals for numbers of one digit or more; a value that is not
    zero never reads as 0 (more decimals instead)."""
    x = abs(float(value))
    if x == 0:
        return format_decimal(0, locale=_locale(lang))
    decimals = max(0, significant - 1 - math.floor(math.log10(x)))
    decimals = min(decimals, 2) if x >= 1 else decimals
    while decimals < 12 and round(x, decimals) == 0:
        decimals += 1
    fmt = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_pattern(round(_decimal(value), decimals), fmt, lang)


def fmt_exact(value, lang: str) -> str:
    """The value with every digit it was published with, grouped as the language writes numbers: 1784999.967 ->
    '1,784,999.967' / '1 784 999,967'; 93616.0 -> '93,616'. For hovers, tables and 'as published' notes."""
    if is_missing(value):
        return MISSING
    d = _decimal(value).normalize()
    decimals = max(0, -d.as_tuple().exponent)
    fmt = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_pattern(d, fmt, lang, decimal_quantization=False)


def _places(value) -> int:
    """How many decimals the value was published with (2.50 is stored as 2.5: one)."""
    return max(0, -_decimal(value).normalize().as_tuple().exponent)


def _published(value, lang: str, max_decimals: int = 2) -> str:
    """The published digits, at most `max_decimals` of them for a sentence or hover (115.5 stays 115.5)."""
    places = min(_places(value), max_decimals)
    fmt = "#,##0" + ("." + "#" * places if places else "")
    return format_pattern(round(_decimal(value), places), fmt, lang)


def fmt_percent(value, lang: str, decimals: int | None = None) -> str:
    """A percentage in the language's CLDR pattern: '32.56%' / '32,56 %' (no-break space) / '32,56%'. `value` is in
    percent (32.56, not 0.3256); decimals=None keeps the published precision."""
    if is_missing(value):
        return MISSING
    places = _places(value) if decimals is None else decimals
    pattern = babel_locale(lang).percent_formats[None].pattern
    pattern = pattern.replace("#,##0", "#,##0" + ("." + "#" * places if places else ""), 1)
    return format_pattern(round(_decimal(value), places) / 100, pattern, lang, decimal_quantization=False)


def qualify(text: str, qualifier: str, lang: str) -> str:
    """'about 30,000' / «около 30 000» / «болжол менен 30 000»: the qualifier travels with the number."""
    if not isinstance(qualifier, str) or qualifier not in QUALIFIED:
        return text
    return translator(lang)(QUALIFIED[qualifier], n=text)


def amount_scale(values: Iterable, unit: str) -> float:
    """The one scale (1, 1e6 or 1e9 of the unit's base) that a sentence or axis listing `values` is written in: the
    scale of its largest value, so "3.05 and 0.45 billion US$", never two units side by side."""
    kind = unit_kind(unit)
    if kind is None:
        return 1.0
    present = [abs(float(v)) * kind[1] for v in values if not is_missing(v)]
    top = max(present, default=0.0)
    return next((s for s in SCALES.get(kind[0], ()) if top >= s), 1.0)


def shared_scale(amounts: Iterable[tuple[object, str]]) -> float:
    """The one scale for values published in different units of one kind, e.g. a release in 'US$ million' beside
    one in 'current US$': (3050.88, 'US$ million'), (3.05e9, 'current US$') -> 1e9. Pass it as fmt_amount(scale=)."""
    tops: dict[str, float] = {}
    for value, unit in amounts:
        kind = unit_kind(unit)
        if kind is not None and not is_missing(value):
            tops[kind[0]] = max(tops.get(kind[0], 0.0), abs(float(value)) * kind[1])
    if len(tops) != 1:
        return 1.0
    ((kind_name, top),) = tops.items()
    return next((s for s in SCALES.get(kind_name, ()) if top >= s), 1.0)


def fmt_amounts(values: Iterable, unit: str, lang: str, qualifiers: Iterable[str] | None = None
                ) -> tuple[list[str], str]:
    """Numbers for a list written with its unit once: ([«3,05», «0,45»], «млрд долл. США»), all in the scale of the
    largest, each with its qualifier; for "Russia 3.05; Kazakhstan 0.45 (billion US$)"."""
    values = list(values)
    quals = list(qualifiers) if qualifiers is not None else [""] * len(values)
    scale = amount_scale(values, unit)
    return ([fmt_amount_number(v, unit, lang, scale, q) for v, q in zip(values, quals, strict=True)],
            unit_caption(unit, lang, scale))


def _number(value: float, kind: str, factor: float, scale: float, lang: str, digits: int | None = 2) -> str:
    base = float(value) * factor
    if kind in ("percent", "gdp_pct"):
        return fmt_percent(value, lang, decimals=None if digits is None else min(_places(value), digits))
    if scale > 1:
        return _readable(base / scale, lang)
    if kind == "usd" and abs(base) >= 1e6:
        return _readable(base, lang)
    if kind in ("persons", "som", "som_month", "usd") and float(base).is_integer():
        return format_pattern(int(base), "#,##0", lang)
    return _published(base, lang)


def _persons(num: str, count: float, qualifier: str, lang: str) -> str:
    """A head count with its qualifier as one phrase: the qualifier decides the case in Russian («около 21 человека»,
    «почти 21 человек») and the suffix in Kyrgyz («30 000 адамдан ашуун»). The CLDR plural category comes through the
    catalog's plural forms (1 человек, 2 человека, 5 человек); a fraction takes the form of 2 in all three
    languages."""
    t = translator(lang)
    form = int(count) if float(count).is_integer() else 2
    phrases = {
        "about": lambda: t.n("about {num} person", "about {num} persons", form, num=num),
        "more than": lambda: t.n("more than {num} person", "more than {num} persons", form, num=num),
        "at least": lambda: t.n("at least {num} person", "at least {num} persons", form, num=num),
        "up to": lambda: t.n("up to {num} person", "up to {num} persons", form, num=num),
        "almost": lambda: t.n("almost {num} person", "almost {num} persons", form, num=num),
        "around": lambda: t.n("around {num} person", "around {num} persons", form, num=num),
    }
    if qualifier in phrases:
        return phrases[qualifier]()
    if qualifier == "estimate":  # said after the whole phrase: «1 000 000 человек (оценка)»
        return t(QUALIFIED["estimate"], n=t.n("{num} person", "{num} persons", form, num=num))
    return t.n("{num} person", "{num} persons", form, num=num)


def _with_unit(num: str, kind: str, scale: float, lang: str) -> str:
    if kind in ("percent", "km"):
        return num
    return translator(lang)(PHRASES[(kind, scale)], n=num)


def fmt_amount(value, unit: str, lang: str, qualifier: str = "", *, upper=None, scale: float | None = None,
               digits: int | None = 2) -> str:
    """A published value in one readable unit of the page's language: fmt_amount(3050.88, "US$ million", "ru") ->
    «3,05 млрд долл. США»; fmt_amount(333664, "persons", "ru") -> «333 664 человека». `qualifier` ("about", "more
    than"...; else read from a unit such as 'persons ("about")'), `upper` for a range (4,000–6,000), `scale` to
    share a unit across a sentence (see amount_scale); `digits`=None keeps every published decimal of a percentage
    (labels.published_value). Missing -> '–'; an unknown unit is written as published."""
    if is_missing(value):
        return MISSING
    qualifier = qualifier if isinstance(qualifier, str) and qualifier else unit_qualifier(unit)
    kind = unit_kind(unit)
    if kind is None:
        return qualify(f"{fmt_exact(value, lang)} {unit}", qualifier, lang)
    if kind[0] == "km":
        return qualify(fmt_km(float(value), lang), qualifier, lang)
    values = [value] if is_missing(upper) else [value, upper]
    scale = amount_scale(values, unit) if scale is None else scale
    num = _number(value, kind[0], kind[1], scale, lang, digits)
    count = float(value) * kind[1]
    if not is_missing(upper):
        num = f"{num}–{_number(upper, kind[0], kind[1], scale, lang)}"
        count = float(upper) * kind[1]
    if kind[0] == "persons" and scale == 1:
        return _persons(num, count, qualifier, lang)
    return qualify(_with_unit(num, kind[0], scale, lang), qualifier, lang)


def shows_exact(value, unit: str, scale: float | None = None) -> bool:
    """Whether fmt_amount writes every published digit in the published unit; if not, a hover or table adds the
    value as published beside it (labels.published_value)."""
    kind = unit_kind(unit)
    if is_missing(value) or kind is None:
        return True
    if kind[1] != 1 or (amount_scale([value], unit) if scale is None else scale) != 1:
        return False
    if kind[0] == "usd" and abs(float(value)) >= 1e6:
        return False
    return _places(value) <= (0 if kind[0] == "km" else 2)


def fmt_amount_number(value, unit: str, lang: str, scale: float, qualifier: str = "") -> str:
    """The number alone in a shared scale, for lists whose unit is written once (unit_caption): '3.05'."""
    kind = unit_kind(unit)
    if is_missing(value):
        return MISSING
    if kind is None:
        return qualify(fmt_exact(value, lang), qualifier, lang)
    return qualify(_number(value, kind[0], kind[1], scale, lang), qualifier, lang)


def unit_caption(unit: str, lang: str, scale: float = 1.0) -> str:
    """The unit words alone, for an axis title, a table heading or a list written with one unit: 'billion US$' /
    «млрд долл. США»; an unknown unit as published."""
    kind = unit_kind(unit)
    if kind is None or (kind[0], scale) not in CAPTIONS:
        return unit if kind is None else translator(lang)(CAPTIONS.get((kind[0], 1.0), unit))
    return translator(lang)(CAPTIONS[(kind[0], scale)])


MID_YEAR_TOLERANCE = 0.01  # within about four days of 1 July is "mid-year" (UN DESA's reference date)
HALF_YEAR = {"1": N_("first half of {year}"), "2": N_("second half of {year}")}
MONTHS = {m: i for i, m in enumerate(("January", "February", "March", "April", "May", "June", "July", "August",
                                      "September", "October", "November", "December"), start=1)}
UNDATED = ("(date not shown)", "undated", "(year not stated)", "(date not stated)")


def _month_year(year: int, month: int, lang: str) -> str:
    return format_skeleton("yMMMM", dt.date(year, month, 1), locale=_locale(lang))


def _from_decimal(x: float, lang: str) -> str:
    """A decimal year as the date it stands for: 2020.5 -> 'mid-2020'; 2009.28 -> 'April 2009'; 2017.0 -> '2017'."""
    year = math.floor(x)
    frac = x - year
    if frac == 0:
        return str(year)
    if abs(frac - 0.5) < MID_YEAR_TOLERANCE:
        return translator(lang)("mid-{year}", year=year)
    days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    day = dt.date(year, 1, 1) + dt.timedelta(days=int(frac * days))
    return _month_year(year, day.month, lang)


def _from_text(text: str, lang: str) -> str:
    """A published period text: '2018-06-01', '2017-05', '2024-H1', '2015 (late)', '2024 (May)', 'c.2017'."""
    t = translator(lang)
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return format_skeleton("yMMMMd", dt.date(*map(int, m.groups())), locale=_locale(lang))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return _month_year(int(m.group(1)), int(m.group(2)), lang)
    if m := re.fullmatch(r"(\d{4})-H([12])", text):
        return t(HALF_YEAR[m.group(2)], year=m.group(1))
    if m := re.fullmatch(r"(\d{4}) \(late\)", text):
        return t("late {year}", year=m.group(1))
    if (m := re.fullmatch(r"(\d{4}) \((\w+)\)", text)) and m.group(2) in MONTHS:
        return _month_year(int(m.group(1)), MONTHS[m.group(2)], lang)
    if m := re.fullmatch(r"(\d{4}) \(date not shown\)", text):
        return m.group(1)
    if m := re.fullmatch(r"c\.\s?(\d{4})", text):
        return qualify(m.group(1), "about", lang)
    if m := re.fullmatch(r"(\d{4}-\d{2})/(\d{4}-\d{2})", text):
        return f"{_from_text(m.group(1), lang)} – {_from_text(m.group(2), lang)}"
    if text in UNDATED:
        return t("date not stated")
    return text


def fmt_date_label(value, lang: str) -> str:
    """A date for hovers, tables and summaries: a decimal year (2020.5 -> 'mid-2020' / «середина 2020 г.» /
    «2020-жылдын ортосу»; 2018.42 -> 'June 2018' / «июнь 2018 г.») or a published period text ('2018-06',
    '2024-H1', '2015 (late)'). A whole year stays '2018' (templates add «г.» themselves); missing -> '–'. Labels may
    end in «г.»: close a sentence with end_sentence, never with a bare '.'."""
    if is_missing(value):
        return MISSING
    if type(value) in (str, float, int) and value != 0:  # memoised: a series' dates come back in every view
        return _date_label(value, lang)
    return _date_label.__wrapped__(value, lang)


@lru_cache(maxsize=8192, typed=True)
def _date_label(value, lang: str) -> str:
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}(\.\d+)?", value.strip()):
            return _from_decimal(float(value), lang)
        return _from_text(value, lang)
    return _from_decimal(float(value), lang)


def end_sentence(text: str) -> str:
    """Close a sentence with one full stop: «... 2020 г.» stays as it is (no «г..»), 'in 2020' gets its '.'."""
    text = text.rstrip()
    return text if not text or text.endswith((".", "!", "?", "…")) else text + "."
