"""The y axis' amounts are whole: the left margin holds the widest tick label a series can need."""

from __future__ import annotations

import pytest

from dashboard.charts import figure_for
from dashboard.figures.series import amount_label_px
from dashboard.figures.theme import text_px
from dashboard.state import parse


def test_the_widest_label_has_as_many_digits_as_the_largest_value():
    assert amount_label_px([1_200_691, 5]) == text_px("9,999,999", 12)
    assert amount_label_px([400_000.0, float("nan")]) == text_px("999,999", 12)
    assert amount_label_px([]) == text_px("9", 12)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_million_fits_left_of_the_compare_chart(bundle, opts, lang):
    """Official counts for Russia pass a million (1,200,691 registered, 2023): '1 200 000' must not lose its '1'."""
    view, _ = parse("tab=compare&dest=RUS", opts)
    layout = figure_for("stock", bundle, view, opts, lang)["layout"]
    assert layout["margin"]["l"] >= text_px("1,200,000", 12) + 8
