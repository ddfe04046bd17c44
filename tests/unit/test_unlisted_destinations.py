"""A chosen destination the stock chart's source does not list is named, in every output, never left out in silence
nor written as 'No figure up to None' (how 690 views of the shipped data read before)."""

from __future__ import annotations

import pytest

from dashboard.charts import REGISTRY, ChartRequest
from dashboard.charts.filters import no_figure_words
from dashboard.figures.empty import no_figure
from dashboard.state import parse

STOCK = REGISTRY["stock"]


def request(bundle, opts, query: str, lang: str = "en") -> ChartRequest:
    return ChartRequest(bundle, parse(query, opts)[0], opts, lang)


def summary(req: ChartRequest) -> str:
    return STOCK.describe(req, STOCK.rows(req))


def no_figure_text(figure: dict) -> str:
    return next(note["text"] for note in figure["layout"]["annotations"] if note.get("name") == "no-figure")


@pytest.mark.parametrize(("lang", "words"), [("en", "This source has no figure for South Korea (women)"),
                                             ("ru", "В этом источнике нет данных: Республика Корея (женщины)"),
                                             ("ky", "Бул булакта көрсөткүч жок: Түштүк Корея (аялдар)")])
def test_a_destination_the_source_does_not_list_is_named_where_the_lines_would_be(bundle, opts, lang, words):
    req = request(bundle, opts, "dest=KOR&sex=female", lang)  # UN DESA's 2024 revision lists no South Korea
    assert no_figure_text(STOCK.figure(req)).replace("<br>", " ") == words
    assert summary(req) == words + "."
    assert STOCK.native(req, STOCK.rows(req)).words == words


def test_beside_a_listed_one_it_is_named_in_the_subtitle_and_the_summary(bundle, opts):
    req = request(bundle, opts, "dest=KOR~TUR")
    assert "This source has no figure for South Korea" in STOCK.heading(req).subtitle_with_notes()
    text = summary(req)
    assert "Turkey: 1,752 in 1990 to 44,361 in 2024." in text and "This source has no figure for South Korea." in text


def test_with_none_listed_the_other_destinations_line_is_summarised(bundle, opts):
    req = request(bundle, opts, "dest=AGO~ARE~ARG~ARM~AUT~BEL~BHR~BMU&sex=female")
    text = summary(req)
    assert "revision. Other destinations: 316,771 in 1990 to 297,568 in 2024." in text
    assert "This source has no figure for Angola, United Arab Emirates," in STOCK.heading(req).subtitle_with_notes()
    assert ". ." not in text


def test_no_stock_text_says_none(bundle, opts):
    destinations = sorted(set(bundle["migrant_stock"]["destination_iso3"]) - {"WLD"})
    for dest in destinations:
        for sex in ("both", "female"):
            req = request(bundle, opts, f"dest={dest}&sex={sex}")
            assert "None" not in summary(req), (dest, sex)


def test_without_a_year_range_the_filters_are_what_leaves_no_figure(bundle, opts):
    assert no_figure_words(request(bundle, opts, "")) == "No figure for the filters chosen"
    assert no_figure_words(request(bundle, opts, "from=2030")) == "No figure from 2030 on"


def test_a_long_sentence_gets_the_height_its_lines_need():
    """Six lines fit the plot's 160 px; more make the figure taller by 22 px a line."""
    short = no_figure("No figure in 2030", title="t", subtitle="s", source_line="src", lang="en")
    long = no_figure("This source has no figure for " + ", ".join(["United Arab Emirates"] * 12), title="t",
                     subtitle="s", source_line="src", lang="en")
    lines = no_figure_text(long).count("<br>") + 1
    assert lines > 7
    assert long["layout"]["height"] - short["layout"]["height"] == 22 * lines + 20 - 160
