"""Cells of the data tables under each chart, in the page's language: numbers with the language's separators and the
published digits (93616.0 -> «93 616»), dates as dates, and the data's codes ("persons", "census/register",
"female") in words. The CSV keeps the values themselves; only what the table shows is formatted here.
"""

from __future__ import annotations

import math
from decimal import Decimal
from numbers import Real

import pandas as pd

from ..data.oblasts import MAP_INDICATORS
from ..labels import (
    FACT_LABEL,
    INDICATOR_LABEL,
    KIND_LABEL,
    QUALIFIER_LABEL,
    ROLE_LABEL,
    SERIES_LABEL,
    SEX_LABEL,
    STATUS_LABEL,
    source_label,
    unit_word,
)
from . import N_, translator
from .amounts import fmt_date_label, fmt_exact, is_missing
from .corridor_words import DIRECTION_LABEL, MEASURED_LABEL, PERIOD_TYPE_LABEL
from .dates import date_words

SHOWN_DECIMALS = 4  # a value with more decimals than this was computed (a model, a ratio): shown to 2, CSV has all
UNIVERSE_LABEL = {"born": N_("born in Kyrgyzstan"), "citizens": N_("citizens of Kyrgyzstan")}
MEASURE_LABEL = {"received_usd": N_("remittances received, US$"),
                 "received_pct_gdp": N_("remittances received, % of GDP")}
ESTIMATE_LABEL = {"model": N_("model estimate"), "reported": N_("reported")}
FLOW_LABEL = {  # the flows as the data names them (remittances_by_country.csv), in words
    "inflow to KGZ (model estimate)": N_("inflow to Kyrgyzstan (model estimate)"), "inflow": N_("inflow"),
    "inflow (NBKR)": N_("inflow (NBKR)"),
    "inflow (NBKR, as reported in an IOM report)": N_("inflow (NBKR, as reported in an IOM report)"),
    "inflow (NBKR, as reported)": N_("inflow (NBKR, as reported)"),
    "inflow (as stated by the State Migration Service)": N_("inflow (as stated by the State Migration Service)"),
    "inflow (money transfer systems)": N_("inflow (money transfer systems)"),
    "inflow from Kyrgyz seasonal farm workers in the UK (Minister of Labour)":
        N_("inflow from Kyrgyz seasonal farm workers in the UK (Minister of Labour)"),
    "inflow from Russia (NBKR report)": N_("inflow from Russia (NBKR report)"),
    "inflow via money transfer systems": N_("inflow via money transfer systems"),
    "inflow via money transfer systems (NBKR)": N_("inflow via money transfer systems (NBKR)"),
    "inflow, labour migrants' money transfers (NBKR)": N_("inflow, labour migrants' money transfers (NBKR)"),
    "net inflow (NBKR, estimate)": N_("net inflow (NBKR, estimate)"),
    "net inflow (preliminary)": N_("net inflow (preliminary)"),
    "outflow from KGZ": N_("outflow from Kyrgyzstan"), "outflow from KGZ (NBKR)": N_("outflow from Kyrgyzstan (NBKR)"),
    "outflow from KGZ (NBKR, money transfer systems)": N_("outflow from Kyrgyzstan (NBKR, money transfer systems)"),
    "outflow from Russia to KGZ (CBR data)": N_("outflow from Russia to Kyrgyzstan (Bank of Russia data)"),
}
REMITTANCE_INDICATOR_LABEL = {  # remittances.csv's indicators: World Bank codes and the words of other sources
    "BM.TRF.PWKR.CD.DT": N_("personal remittances, paid (current US$; WDI BM.TRF.PWKR.CD.DT)"),
    "BX.TRF.PWKR.CD.DT": N_("personal remittances, received (current US$; WDI BX.TRF.PWKR.CD.DT)"),
    "BX.TRF.PWKR.DT.GD.ZS": N_("personal remittances, received (% of GDP; WDI BX.TRF.PWKR.DT.GD.ZS)"),
    "KNOMAD remittance inflows": N_("remittance inflows (KNOMAD)"),
    "remittances (IOM country page, estimate)": N_("remittances (IOM country page, estimate)"),
    "remittances received (World Bank, Dec 2023 report, as reported)":
        N_("remittances received (World Bank, December 2023 report, as reported)"),
    "remittances share of GDP (NBKR data, as reported in an IOM report)":
        N_("remittances, share of GDP (NBKR data, as reported in an IOM report)"),
    "remittances share of GDP (World Bank, Dec 2023 report, as reported)":
        N_("remittances, share of GDP (World Bank, December 2023 report, as reported)"),
    "remittances share of GDP (as reported)": N_("remittances, share of GDP (as reported)"),
    "remittances share of GDP (as stated by the State Migration Service)":
        N_("remittances, share of GDP (as stated by the State Migration Service)"),
    "remittances via official money transfer systems, share of GDP (as reported)":
        N_("remittances via official money transfer systems, share of GDP (as reported)"),
}
METHOD_LABEL = {"geodesic, WGS84 ellipsoid": N_("geodesic, WGS84 ellipsoid")}
SHARE_BASIS_LABEL = {"computed": N_("computed from the source's counts"), "published": N_("as published")}
# columns whose values are codes of the data, each with the words for its codes
CODE_WORDS: dict[str, dict[str, str]] = {
    "sex": SEX_LABEL, "kind": KIND_LABEL, "status": STATUS_LABEL, "qualifier": QUALIFIER_LABEL,
    "universe": UNIVERSE_LABEL, "measure": MEASURE_LABEL, "estimate": ESTIMATE_LABEL, "flow": FLOW_LABEL,
    "distance_method": METHOD_LABEL, "series": SERIES_LABEL, "share_basis": SHARE_BASIS_LABEL,
    "fact": FACT_LABEL, "role": ROLE_LABEL,
    "indicator": {**REMITTANCE_INDICATOR_LABEL, **{m.indicator: INDICATOR_LABEL[m.key] for m in MAP_INDICATORS}},
    "period_type": PERIOD_TYPE_LABEL, "direction": DIRECTION_LABEL, "measured_by": MEASURED_LABEL,
}
DATE_COLUMNS = ("reference_date_decimal", "period", "period_start", "period_end")
YEAR_COLUMNS = ("year",)


def _places(value: float) -> int:
    """Decimals of the shortest text that reads back as the float (93616.0: 0; 1.2345678e-05: 12)."""
    return max(0, -Decimal(repr(float(value))).normalize().as_tuple().exponent)


def fmt_cell_number(value, lang: str) -> str:
    """A number as published, grouped in the language: 93616.0 -> «93 616», 1784999.967 -> «1 784 999,967». A value
    with more than four decimals is a computed one (2017.5236911022544, a model estimate in US$ million): shown to
    two decimals, never as 0 when it is not."""
    if is_missing(value):
        return ""
    x = float(value)
    if not math.isfinite(x) or _places(x) <= SHOWN_DECIMALS:
        return fmt_exact(x, lang)
    decimals = 2
    while decimals < 12 and round(x, decimals) == 0:
        decimals += 1
    return fmt_exact(round(x, decimals), lang)


def is_computed(value) -> bool:
    """Whether fmt_cell_number shows fewer digits than the value has (the table then says the CSV has them all)."""
    return (isinstance(value, Real) and not isinstance(value, bool) and not is_missing(value)
            and math.isfinite(float(value)) and _places(float(value)) > SHOWN_DECIMALS)


def format_cell(column: str, value, lang: str) -> str:
    """One cell of `column` as the page shows it: '' for missing, words for codes, dates as dates, years as years
    (2013, not 2,013 or 2013.0), other numbers grouped with their published digits; other text as it is."""
    if is_missing(value):
        return ""
    if column in YEAR_COLUMNS and isinstance(value, Real) and float(value).is_integer():
        return str(int(value))
    if column in DATE_COLUMNS:
        return fmt_date_label(value, lang)
    if column == "date":  # a date as an official statement publishes it ('2025-Q1 (end)'), in words
        return date_words(str(value), lang)
    if column == "unit":
        return unit_word(str(value), lang)
    if column in CODE_WORDS and isinstance(value, str):
        words = CODE_WORDS[column]
        if value in words:
            return translator(lang)(words[value])
        return source_label(value, lang) if column == "series" else value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Real):
        return fmt_cell_number(value, lang)
    return str(value)


def table_cells(rows: pd.DataFrame, lang: str) -> list[list[str]]:
    """Every row of `rows` as the table's cell texts, column by column (format_cell)."""
    columns = list(rows.columns)
    return [[format_cell(str(c), v, lang) for c, v in zip(columns, r, strict=True)]
            for r in rows.itertuples(index=False)]
