"""data/rows.first_and_last: each key's rows with the smallest and the largest value of a column, in one pass, as
grouping by the key (in the order keys first appear) and sorting each group gave; the summaries of the stock and
remittance charts read their first and latest figures with it."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.remittances import latest_rows
from dashboard.data.rows import first_and_last

ROWS = pd.DataFrame({"source_id": ["WB", "NBKR", "WB", "NBKR", "WB"], "year": [2022, 2024, 2024, 2020, 2023],
                     "value": [2.1, 3.0, 2.5, 1.0, 2.2]})


def test_each_key_in_order_of_first_appearance_with_its_first_and_last_rows():
    ends = first_and_last(ROWS, "source_id", "year")
    assert list(ends) == ["WB", "NBKR"]
    assert [(first.year, last.year, last.value) for first, last in ends.values()] == [(2022, 2024, 2.5),
                                                                                       (2020, 2024, 3.0)]
    for key, group in ROWS.groupby("source_id", sort=False):
        ordered = group.sort_values("year")
        assert (ends[key][0].value, ends[key][1].value) == (ordered.iloc[0]["value"], ordered.iloc[-1]["value"])


def test_of_rows_with_equal_values_the_first_is_first_and_the_last_is_last():
    """As a stable sort orders them (the compare chart's sources publish several counts for one date)."""
    tied = pd.DataFrame({"series": ["A", "A", "A"], "x": [2020.5, 2020.5, 2019.0], "value": [1, 2, 3]})
    first, last = first_and_last(tied, "series", "x")["A"]
    assert (first.value, last.value) == (3, 2)
    tied = pd.DataFrame({"series": ["A", "A"], "x": [2020.5, 2020.5], "value": [1, 2]})
    first, last = first_and_last(tied, "series", "x")["A"]
    assert (first.value, last.value) == (1, 2)


def test_the_remittance_summary_reads_each_release_at_its_latest_year():
    assert [(row.source_id, row.year) for row in latest_rows(ROWS)] == [("WB", 2024), ("NBKR", 2024)]
    assert latest_rows(pd.DataFrame({"source_id": [], "year": []})) == []
