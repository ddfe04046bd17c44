"""The stock chart's lines (top destinations and the compare tab) are kept under the rows they are made of and the
language (charts/stock.py kept_traces): the figure with kept lines is the figure worked out afresh, for every view
and language; another data version's lines are its own; and a caller's change reaches no later answer."""

from __future__ import annotations

from dataclasses import replace as replace_request

from dashboard.charts import ChartRequest
from dashboard.charts import stock as stock_chart
from dashboard.charts.stock import STOCK
from dashboard.i18n import LANGUAGES
from dashboard.state import parse

from .test_memo_versions import changed  # noqa: F401 (a fixture: the package with doubled counts)

QUERIES = ("", "dest=KAZ", "dest=RUS~KAZ~TUR&oblast=KG-B", "oblast=KG-O&events=off", "from=2005&to=2015",
           "src=un2019&sex=female", "src=knomad2021", "tab=compare&dest=TUR&sex=female", "tab=compare&dest=KAZ",
           "tab=compare&dest=KAZ&oblast=KG-N&from=2010", "year=2000", "year=2020&oblast=KG-T")


def requests(b, opts):
    for query in QUERIES:
        for lang in LANGUAGES:
            yield ChartRequest(b, parse(query, opts)[0], opts, lang)


def afresh(req: ChartRequest) -> str:
    stock_chart.TRACES.clear()
    return repr(STOCK.series_figure(req))  # repr: a NaN equals itself there


def test_figures_with_kept_lines_are_the_figures_worked_out_afresh(bundle, opts):
    expected = [(req, afresh(req)) for req in requests(bundle, opts)]
    for req, figure in expected:  # each view's lines kept by the views before it, where they share them
        assert repr(STOCK.series_figure(req)) == figure, req.view
    assert 0 < len(stock_chart.TRACES) < len(expected)


def test_another_data_version_gets_its_own_lines(bundle, opts, changed):  # noqa: F811
    stock_chart.TRACES.clear()
    for req in requests(bundle, opts):
        STOCK.series_figure(req)
    differ = 0
    for req in requests(changed, opts):
        figure = repr(STOCK.series_figure(req))
        differ += figure != repr(STOCK.series_figure(replace_request(req, bundle=bundle)))
        assert figure == afresh(req)
    assert differ > 0


def test_lines_changed_by_a_caller_change_no_later_answer(bundle, opts):
    for query in ("dest=RUS~KAZ", "tab=compare&dest=KAZ"):
        req = ChartRequest(bundle, parse(query, opts)[0], opts, "ky")
        expected = afresh(req)
        figure = STOCK.series_figure(req)
        figure["data"][0]["y"][0] = -1
        figure["data"][0]["customdata"][0][0] = "changed"
        figure["data"].append({"type": "bar"})
        assert repr(STOCK.series_figure(req)) == expected
