"""Words for the codes of the remittance corridor's rows (charts/corridor.py): the period type, the direction of the
money and who measured it, for the legend, the summary and the data table (the CSV keeps the codes)."""

from __future__ import annotations

from . import N_

YEAR_TO_DATE = N_("Year to date (January to the month named)")
PERIOD_TYPE_LABEL = {"year": N_("Calendar year"), "half": N_("Half-year"), "quarter": N_("Quarter"),
                     "month": N_("Month"), "span": N_("Other period"), "undated": N_("Period not stated"),
                     **{f"ytd-{month}": YEAR_TO_DATE for month in range(1, 12)}}
DIRECTION_LABEL = {"inflow": N_("inflow"), "outflow": N_("outflow"), "net": N_("net inflow")}
MEASURED_LABEL = {"nbkr": N_("NBKR"), "cbr": N_("Bank of Russia"), "sms": N_("Kyrgyz State Migration Service"),
                  "ministry": N_("Minister of Labour"), "model": N_("model estimate")}
