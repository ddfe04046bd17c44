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
    t = translator(lang)
    nm = names(b, lang)
    rows = chart_rows(b, s, opts, chart, lang)
    year = s.effective_year(opts)
    if chart == "map" and s.layer == "oblasts":
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
    if chart == "map":
        top = rows.head(3)
        values = "; ".join(f"{nm.get(r.destination_iso3)} {fmt_number(r.value, lang, 0)}" for r in top.itertuples())
        return t("In {year}, {source} shows people born in Kyrgyzstan in {n} countries ({sex}). Largest: {values}.",
                 year=year, source=source_label(s.src, lang), n=len(rows), sex=t(SEX_LABEL[s.sex]), values=values)
    if chart == "stock" and s.tab == "compare":
        parts = []
        for series, g in rows.groupby("series", sort=False):
            last = g.sort_values("reference_date_decimal").iloc[-1]
            label = t(SERIES_LABEL[series]) if series in SERIES_LABEL else source_label(series, lang)
            parts.append(f"{label}: {qualified(fmt_number(last['value'], lang, 0), last['qualifier'], lang)} "
                         f"({int(last['year'])})")
        return t("Latest figure from each source for {country}: {values}.", country=nm.get(s.compare_dest),
                 values="; ".join(parts))
    if chart == "stock":
        parts = []
        for iso, g in rows.groupby("destination_iso3", sort=False):
            if iso == "OTHER" or len(parts) == 3:
                continue
            g = g.sort_values("year")
            first, last = g.iloc[0], g.iloc[-1]
            parts.append(t("{country}: {a} in {y1} to {b} in {y2}", country=nm.get(iso, iso),
                           a=fmt_number(first["value"], lang, 0), y1=int(first["year"]),
                           b=fmt_number(last["value"], lang, 0), y2=int(last["year"])))
        return t("People born in Kyrgyzstan living abroad ({sex}), {source}. {values}.", sex=t(SEX_LABEL[s.sex]),
                 source=source_label(s.src, lang), values="; ".join(parts))
    if chart == "remittances" and s.rem == "country":
        top = rows.head(3)
        values = "; ".join(f"{nm.get(r.partner_iso3, r.partner_iso3)} {fmt_number(r.value_usd / 1e6, lang, 0)}"
                           for r in top.itertuples())
        return t("Largest sending countries in {year}, model estimates in million US$: {values}.",
                 year=rq.model_year(b), values=values)
    if chart == "remittances":
        parts = []
        for src, g in rows.groupby("source_id", sort=False):
            last = g.sort_values("year").iloc[-1]
            value = qualified(fmt_number(last["value"], lang), last["qualifier"], lang)
            status = ", " + t(STATUS_LABEL[last["status"]]) if last["status"] in STATUS_LABEL else ""
            parts.append(f"{source_label(src, lang, b.sources)}: {value} {published_unit(last['unit'], lang)} "
                         f"({int(last['year'])}{status})")
        return t("Latest year in each data release: {values}.", values="; ".join(parts))
    if chart == "cards":
        return "; ".join(f"{r.origin} → {r.destination_city}: {fmt_number(round(r.distance_km), lang, 0)} km"
                         for r in rows.itertuples()) if isinstance(rows, pd.DataFrame) and len(rows) else ""
    return ""
