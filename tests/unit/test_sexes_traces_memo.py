"""The sexes chart's lines are kept under the rows they are made of and the language (charts/stock.py kept_traces,
keyed in charts/sexes.py): the figure with kept lines is the figure worked out afresh, for every view and language;
another data version's lines are its own; and a caller's change reaches no later answer."""

from __future__ import annotations

from dataclasses import replace as replace_request

from dashboard.charts import ChartRequest
from dashboard.charts import stock as stock_chart
from dashboard.charts.sexes import SEXES
from dashboard.i18n import LANGUAGES
from dashboard.state import parse

from .test_memo_versions import changed  # noqa: F401 (a fixture: the package with doubled counts)

QUERIES = ("dest=TUR", "dest=TUR&sex=female", "dest=TUR&oblast=KG-B", "dest=RUS&wm=share",
           "dest=RUS&wm=share&oblast=KG-O&sex=male", "dest=KAZ&from=2000&to=2024",
           "dest=KAZ&from=2000&to=2024&sex=male", "", "oblast=KG-N", "dest=KOR")


def requests(b, opts):
    for query in QUERIES:
        for lang in LANGUAGES:
            yield ChartRequest(b, parse(query, opts)[0], opts, lang)


def afresh(req: ChartRequest) -> str:
    stock_chart.TRACES.clear()
    return repr(SEXES.figure(req))  # repr: a NaN equals itself there


def test_figures_with_kept_lines_are_the_figures_worked_out_afresh(bundle, opts):
    expected = [(req, afresh(req)) for req in requests(bundle, opts)]
    for req, figure in expected:  # each view's lines kept by the views before it, where they share them
        assert repr(SEXES.figure(req)) == figure, req.view
    assert 0 < len(stock_chart.TRACES) < len(expected)


def test_another_data_version_gets_its_own_lines(bundle, opts, changed):  # noqa: F811
    stock_chart.TRACES.clear()
    for req in requests(bundle, opts):
        SEXES.figure(req)
    differ = 0
    for req in requests(changed, opts):
        figure = repr(SEXES.figure(req))
        differ += figure != repr(SEXES.figure(replace_request(req, bundle=bundle)))
        assert figure == afresh(req)
    assert differ > 0


def test_lines_changed_by_a_caller_change_no_later_answer(bundle, opts):
    for query in ("dest=RUS", "dest=RUS&wm=share"):
        req = ChartRequest(bundle, parse(query, opts)[0], opts, "ru")
        expected = afresh(req)
        figure = SEXES.figure(req)
        figure["data"][0]["y"][0] = -1
        figure["data"][0]["customdata"][0][0] = "changed"
        figure["data"].append({"type": "bar"})
        assert repr(SEXES.figure(req)) == expected
