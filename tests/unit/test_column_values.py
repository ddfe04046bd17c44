"""data/rows.column_values: a column's values, equal to and hashing as what .tolist() gives, read from its array
(the event labels' memo key reads every column of the events frame)."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.data.rows import column_values


def test_the_values_tolist_gives_for_every_kind_of_column():
    frame = pd.DataFrame({"number": pd.array([1, None, 3], dtype="Int64"), "x": [2014.75, math.nan, 2020.0],
                          "text": ["a", "b", "c"], "kind": pd.Series(["x", None, "z"], dtype=object)})
    for column in frame.columns:
        got, expected = column_values(frame, column), frame[column].tolist()
        assert len(got) == len(expected), column
        for a, b in zip(got, expected, strict=True):
            assert a is b or (a == b and hash(a) == hash(b)) or (pd.isna(a) and pd.isna(b)), (column, a, b)
