"""The stock chart's top rows (charts/stock.py top_and_other) are kept per data version under what they are made of:
the rows a fresh pipeline gives, for every view and year; another data version's own rows; a caller's change reaching
no later answer; and the same view fields read whether the rows are kept or worked out (the figure memo's key)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.charts import ChartRequest
from dashboard.charts import stock as stock_chart
from dashboard.charts.reads import run_noting, tracked
from dashboard.state import parse, replace

from .test_memo_versions import changed  # noqa: F401 (a fixture: the package with doubled counts)

QUERIES = ("", "dest=KAZ", "dest=RUS~KAZ~TUR", "dest=TUR&sex=female", "from=2005&to=2015", "src=un2019&from=2010",
           "dest=KOR~USA&to=2000", "sex=male", "src=knomad2021", "src=gbmd&dest=RUS")


def fresh(req: ChartRequest) -> pd.DataFrame:
    s = req.view
    chosen = list(s.dest) or stock_chart.sq.top_destinations(req.bundle, s.src, s.sex, req.year,
                                                             stock_chart.TOP_COUNT)
    return stock_chart._top_and_other(req, chosen)


def requests(b, opts, lang: str = "en"):
    for query in QUERIES:
        s, _ = parse(query, opts)
        for year in opts.years[s.src][-5:]:
            yield ChartRequest(b, replace(s, year=year), opts, lang)


def test_kept_rows_are_the_rows_worked_out_afresh(bundle, opts):
    stock_chart.TOP_FRAMES.clear()
    for _ in range(2):  # the second round reads the memo
        for req in requests(bundle, opts):
            pd.testing.assert_frame_equal(stock_chart.top_and_other(req), fresh(req), check_exact=True)


def test_another_data_version_gets_its_own_rows(bundle, opts, changed):  # noqa: F811
    stock_chart.TOP_FRAMES.clear()
    for req in requests(bundle, opts):
        stock_chart.top_and_other(req)
    for req in requests(changed, opts):
        rows = stock_chart.top_and_other(req)
        pd.testing.assert_frame_equal(rows, fresh(req), check_exact=True)
        mine = stock_chart.top_and_other(replace(req, bundle=bundle))
        if len(rows):
            assert list(rows["value"]) == [2 * v for v in mine["value"]]


def test_rows_changed_by_a_caller_change_no_later_answer(bundle, opts):
    stock_chart.TOP_FRAMES.clear()
    req = ChartRequest(bundle, parse("dest=RUS~KAZ~TUR", opts)[0], opts, "en")
    rows = stock_chart.top_and_other(req)
    rows["value"] = 0
    rows.loc[0, "destination_iso3"] = "XXX"
    pd.testing.assert_frame_equal(stock_chart.top_and_other(req), fresh(req), check_exact=True)


@pytest.mark.parametrize("query", ["", "dest=KAZ", "dest=KAZ~RUS~TUR&from=2000", "to=2010&sex=female"])
def test_the_same_fields_are_read_whether_kept_or_not(bundle, opts, query):
    s, _ = parse(query, opts)
    stock_chart.TOP_FRAMES.clear()
    worked_out = run_noting(lambda: stock_chart.top_and_other(ChartRequest(bundle, tracked(s), opts, "en")))[1]
    kept = run_noting(lambda: stock_chart.top_and_other(ChartRequest(bundle, tracked(s), opts, "en")))[1]
    assert kept == worked_out
    assert {"start", "end", "dest", "src", "sex"} <= set(kept)
    assert ("year" in kept) == (not s.dest)
