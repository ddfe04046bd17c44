"""A sentence or two per chart, in the page's language, generated from the same rows the chart draws.

Screen readers get these through aria-describedby; everyone sees them under the chart. No number is typed in.
"""

from __future__ import annotations

import pandas as pd

from ..data import Bundle
from ..data import remittances as rq
from ..i18n import fmt_number, translator
from ..labels import (
    INDICATOR_LABEL,
    SERIES_LABEL,
    SEX_LABEL,
    STATUS_LABEL,
    UNIT_LABEL,
    names,
    period_label,
    published_unit,
    qualified,
    source_label,
)
from ..state import Options, ViewState
from .tables import chart_rows


def summary(b: Bundle, s: ViewState, opts: Options, chart: str, lang: str) -> str:
    """The chart's text summary for view `s` (read by screen readers as the chart's description)."""
    rows = chart_rows(b, s, opts, chart, lang)
    variant = {"map": "oblasts" if s.layer == "oblasts" else "countries", "stock": s.tab,
               "remittances": "country" if s.rem == "country" else "series"}.get(chart, "")
    writer = SUMMARY_WRITERS.get((chart, variant)) or SUMMARY_WRITERS.get((chart, ""))
    return writer(b, s, opts, rows, lang) if writer else ""


def _oblasts_summary(b: Bundle, s: ViewState, opts: Options, rows: pd.DataFrame, lang: str) -> str:
    t = translator(lang)
    nm = names(b, lang)
    have = rows[rows["value"].notna()].sort_values("value", ascending=False)
    missing = rows[rows["value"].isna()]
    unit = t(UNIT_LABEL.get(have["unit"].iloc[0], have["unit"].iloc[0])) if len(have) else ""
    parts = [f"{nm.get(r.iso_3166_2)} {qualified(fmt_number(r.value, lang, 1 if s.per == 'per1000' else None), r.qualifier if isinstance(r.qualifier, str) else '', lang)}"  # noqa: E501
             for r in have.itertuples()]
    text = t("{indicator}, {period} ({unit}): {values}.", indicator=t(INDICATOR_LABEL[s.measure]),
             period=period_label(rows["period"].iloc[0], lang), unit=unit, values="; ".join(parts))
    if len(missing):
        text += " " + t("No figure for {units}.", units=", ".join(nm.get(c, c) for c in missing["iso_3166_2"]))
    return text


def _countries_summary(b: Bundle, s: ViewState, opts: Options, rows: pd.DataFrame, lang: str) -> str:
    t = translator(lang)
    nm = names(b, lang)
    values = "; ".join(f"{nm.get(r.destination_iso3)} {fmt_number(r.value, lang, 0)}"
                       for r in rows.head(3).itertuples())
    return t("In {year}, {source} shows people born in Kyrgyzstan in {n} countries ({sex}). Largest: {values}.",
             year=s.effective_year(opts), source=source_label(s.src, lang), n=len(rows), sex=t(SEX_LABEL[s.sex]),
             values=values)


def _compare_summary(b: Bundle, s: ViewState, opts: Options, rows: pd.DataFrame, lang: str) -> str:
    t = translator(lang)
    parts = []
    for series, group in rows.groupby("series", sort=False):
        last = group.sort_values("reference_date_decimal").iloc[-1]
        label = t(SERIES_LABEL[series]) if series in SERIES_LABEL else source_label(series, lang)
        parts.append(f"{label}: {qualified(fmt_number(last['value'], lang, 0), last['qualifier'], lang)} "
                     f"({int(last['year'])})")
    return t("Latest figure from each source for {country}: {values}.", country=names(b, lang).get(s.compare_dest),
             values="; ".join(parts))


def _stock_summary(b: Bundle, s: ViewState, opts: Options, rows: pd.DataFrame, lang: str) -> str:
    t = translator(lang)
    nm = names(b, lang)
    parts = []
    for iso, group in rows.groupby("destination_iso3", sort=False):
        if iso == "OTHER" or len(parts) == 3:
            continue
        ordered = group.sort_values("year")
        first, last = ordered.iloc[0], ordered.iloc[-1]
        parts.append(t("{country}: {a} in {y1} to {b} in {y2}", country=nm.get(iso, iso),
                       a=fmt_number(first["value"], lang, 0), y1=int(first["year"]),
                       b=fmt_number(last["value"], lang, 0), y2=int(last["year"])))
    return t("People born in Kyrgyzstan living abroad ({sex}), {source}. {values}.", sex=t(SEX_LABEL[s.sex]),
             source=source_label(s.src, lang), values="; ".join(parts))


def _by_country_summary(b: Bundle, s: ViewState, opts: Options, rows: pd.DataFrame, lang: str) -> str:
    nm = names(b, lang)
    values = "; ".join(f"{nm.get(r.partner_iso3, r.partner_iso3)} {fmt_number(r.value_usd / 1e6, lang, 0)}"
                       for r in rows.head(3).itertuples())
    return translator(lang)("Largest sending countries in {year}, model estimates in million US$: {values}.",
                            year=rq.model_year(b), values=values)


def _remittances_summary(b: Bundle, s: ViewState, opts: Options, rows: pd.DataFrame, lang: str) -> str:
    t = translator(lang)
    parts = []
    for src, group in rows.groupby("source_id", sort=False):
        last = group.sort_values("year").iloc[-1]
        value = qualified(fmt_number(last["value"], lang), last["qualifier"], lang)
        status = ", " + t(STATUS_LABEL[last["status"]]) if last["status"] in STATUS_LABEL else ""
        parts.append(f"{source_label(src, lang, b.sources)}: {value} {published_unit(last['unit'], lang)} "
                     f"({int(last['year'])}{status})")
    return t("Latest year in each data release: {values}.", values="; ".join(parts))


def _cards_summary(b: Bundle, s: ViewState, opts: Options, rows: pd.DataFrame, lang: str) -> str:
    return "; ".join(f"{r.origin} → {r.destination_city}: {fmt_number(round(r.distance_km), lang, 0)} km"
                     for r in rows.itertuples()) if isinstance(rows, pd.DataFrame) and len(rows) else ""


# (chart, variant) -> the function that writes its summary; variant "" is the chart's other views
SUMMARY_WRITERS = {
    ("map", "oblasts"): _oblasts_summary, ("map", "countries"): _countries_summary,
    ("stock", "compare"): _compare_summary, ("stock", ""): _stock_summary,
    ("remittances", "country"): _by_country_summary, ("remittances", ""): _remittances_summary,
    ("cards", ""): _cards_summary,
}
