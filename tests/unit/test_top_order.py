"""The stock chart's rows are ordered in Python (data/stock.py top_order), not by pandas' sort with a key: the same
order pandas gives, for every source, sex and choice of destinations in the package, and for rows with a missing
year and tied keys."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.data import stock as sq


def pandas_order(rows: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """What stock_top_and_other returned before: pandas' sort by destination rank, then year."""
    rank = {iso: at for at, iso in enumerate(order)}
    return rows.sort_values(["destination_iso3", "year"], key=lambda column: column.map(rank) if column.name ==
                            "destination_iso3" else column).reset_index(drop=True)


def test_top_order_is_pandas_sort_with_missing_years_and_ties():
    rows = pd.DataFrame({
        "year": pd.array([2020, None, 1990, 2020, 1990, None, 2005, 2020], dtype="Int64"),
        "destination_iso3": pd.array(["OTHER", "RUS", "KAZ", "RUS", "KAZ", "KAZ", "RUS", "RUS"], dtype="string"),
        "value": pd.array([1, 2, 3, 4, 5, 6, 7, 8], dtype="Int64"),
    }, index=[7, 3, 5, 1, 0, 2, 6, 4])
    order = ["RUS", "KAZ", "OTHER"]
    ours = rows.take(sq.top_order(rows, order)).reset_index(drop=True)
    assert ours.equals(pandas_order(rows, order))
    assert list(ours["value"]) == [7, 4, 8, 2, 3, 5, 6, 1]  # ties stay as they stand, a missing year last


@pytest.mark.parametrize("destinations", [None, ["RUS"], ["KAZ", "RUS"], ["ZZZ"], ["TUR", "RUS", "DEU", "USA"]])
def test_top_rows_are_in_pandas_order(bundle, destinations):
    checked = 0
    for source in sq.stock_sources(bundle):
        for sex in ("both", "male", "female"):
            for year in sq.stock_years(bundle, source)[-3:]:
                rows = sq.stock_top_and_other.__wrapped__(bundle, source, sex, year, 5, destinations)
                chosen = destinations or sq.top_destinations(bundle, source, sex, year, 5)
                expected = pandas_order(rows.sample(frac=1, random_state=len(rows)), [*chosen, "OTHER"])
                assert rows.equals(expected) and list(rows.dtypes) == list(expected.dtypes), (source, sex, year)
                checked += len(rows) > 1
    assert checked > 0
