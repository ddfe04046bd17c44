"""The remittance summary names each release's latest year: one pass over the rows gives what grouping by release
(in the order releases first appear) and taking each group's last row by year gave."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.remittances import latest_rows


def test_each_release_in_order_of_first_appearance_at_its_latest_year():
    rows = pd.DataFrame({"source_id": ["WB", "NBKR", "WB", "NBKR", "WB"], "year": [2022, 2024, 2024, 2020, 2023],
                         "value": [2.1, 3.0, 2.5, 1.0, 2.2]})
    latest = latest_rows(rows)
    assert [(row.source_id, row.year, row.value) for row in latest] == [("WB", 2024, 2.5), ("NBKR", 2024, 3.0)]
    grouped = [group.sort_values("year").iloc[-1] for _, group in rows.groupby("source_id", sort=False)]
    assert [(row.source_id, row.year) for row in latest] == [(g["source_id"], g["year"]) for g in grouped]


def test_no_rows_no_release():
    assert latest_rows(pd.DataFrame({"source_id": [], "year": []})) == []
