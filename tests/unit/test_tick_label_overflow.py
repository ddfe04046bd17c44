"""Every chart's axes let plotly.js draw their tick labels as they are ("ticklabeloverflow": "allow"): its default
("hide past div") measures each label after drawing it, to hide one that would run past the chart, and each such
measurement forces the browser to lay the page out again (the seven charts' first drawings: 293 ms with it, 250 ms
without, medians of eight cold loads). Our
labels are laid out inside the margins (tests/browser/test_nothing_cut.py reads them on the page), so the check
only cost time. An axis of a figure's own that set another value would bring the cost back; this test says so."""

from __future__ import annotations

import pytest

from dashboard.figures.theme import TEMPLATE

from .test_figure_meta import CASE_IDS, CASES, example_figure


def test_the_template_lets_every_axis_draw_its_labels_as_they_are():
    assert TEMPLATE["layout"]["xaxis"]["ticklabeloverflow"] == "allow"
    assert TEMPLATE["layout"]["yaxis"]["ticklabeloverflow"] == "allow"


@pytest.mark.parametrize(("chart_id", "query", "lang"), CASES, ids=CASE_IDS)
def test_no_axis_asks_plotly_to_measure_its_labels(bundle, opts, chart_id, query, lang):
    layout = example_figure(bundle, opts, chart_id, query, lang)["layout"]
    axes = {key: axis for key, axis in layout.items() if key[1:5] == "axis" and isinstance(axis, dict)}
    assert {key: axis["ticklabeloverflow"] for key, axis in axes.items() if "ticklabeloverflow" in axis} == {}
    assert layout["template"]["layout"]["xaxis"]["ticklabeloverflow"] == "allow"
