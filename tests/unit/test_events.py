"""Dated events on the time series (events=on|off): the data, which events each view marks, how the figure draws
them, and that the summary, the source line, the table and the CSV name the same ones."""

from __future__ import annotations

import copy
import csv
import io

import pandas as pd
import pytest

from dashboard.app import create_app
from dashboard.charts import REGISTRY, ChartRequest
from dashboard.charts.events import chart_events
from dashboard.components.events import events_list
from dashboard.data.events import all_events, date_position
from dashboard.figures.events import LABEL_GAP_PX, PHONE_PLOT_PX, add_events, label_places
from dashboard.labels import source_label
from dashboard.state import parse

EAEU = {"en": "Eurasian Economic Union", "ru": "Евразийского экономического союза",
        "ky": "Евразиялык экономикалык биримдик"}
EAEU_SOURCE = "N_24KG_ARCH_178857"


def request(bundle, opts, query: str = "", lang: str = "en") -> ChartRequest:
    view, notices = parse(query, opts)
    assert not notices, notices
    return ChartRequest(bundle, view, opts, lang)


def marks(figure: dict) -> tuple[list[dict], list[dict]]:
    layout = figure["layout"]
    return ([shape for shape in layout["shapes"] if shape.get("name") == "event"],
            [note for note in layout["annotations"] if note.get("name") == "event"])


# --- data -----------------------------------------------------------------------------------------------------------

def test_every_event_has_three_languages_and_a_source_that_resolves(bundle):
    events = bundle["events"]
    assert len(events) >= 20
    for column in ("event_en", "event_ru", "event_ky"):
        assert events[column].str.strip().str.len().gt(0).all(), column
    cyrillic = events["event_ru"].str.contains("[а-яё]", regex=True) & events["event_ky"].str.contains("[а-яёңөү]")
    assert cyrillic.all()
    assert (events["event_ru"] != events["event_ky"]).all()
    assert set(events["source_id"]) <= set(bundle.sources["source_id"])
    fields = {f["name"]: f for r in bundle.descriptor["resources"] if r["name"] == "events"
              for f in r["schema"]["fields"]}
    assert fields["event_ru"]["constraints"]["required"] and fields["event_ky"]["constraints"]["required"]


def test_positions_come_from_the_published_dates(bundle):
    assert date_position("2014") == 2014.0
    assert date_position("2014-10") == pytest.approx(2014 + 273 / 365)
    assert date_position("2015-08-12") == pytest.approx(2015 + 223 / 365)
    assert date_position("undated") is None
    frame = all_events(bundle)
    assert list(frame["x"]) == sorted(frame["x"]) and frame["x"].notna().all()


# --- which events a view marks ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("chart", "query"), [("stock", ""), ("stock", "tab=compare&dest=KAZ"), ("remittances", ""),
                                              ("remittances", "rem=gdp")])
def test_events_only_inside_the_charts_years(bundle, opts, chart, query):
    req = request(bundle, opts, query)
    years = [float(x) for x in REGISTRY[chart].event_years(req)]
    events = REGISTRY[chart].marked_events(req)
    assert len(events)
    assert events["x"].ge(int(min(years))).all() and events["x"].lt(int(max(years)) + 1).all()
    assert EAEU_SOURCE in set(events["source_id"])


def test_events_follow_the_views_year_range(bundle, opts):
    events = REGISTRY["remittances"].marked_events(request(bundle, opts, "from=2016&to=2021"))
    assert len(events) and all(2016 <= int(str(date)[:4]) <= 2021 for date in events["date"])
    assert not len(REGISTRY["stock"].marked_events(request(bundle, opts, "to=2010")))


def test_no_events_on_a_chart_without_a_time_axis(bundle, opts):
    for chart, query in (("remittances", "rem=country"), ("stock", "src=knomad2021"), ("map", "")):
        req = request(bundle, opts, query)
        assert not len(REGISTRY[chart].marked_events(req))
        assert not marks(REGISTRY[chart].figure(req))[1]


@pytest.mark.parametrize("chart", ["stock", "remittances"])
def test_events_off_removes_them_everywhere(bundle, opts, chart):
    on, off = request(bundle, opts), request(bundle, opts, "events=off")
    lines, labels = marks(REGISTRY[chart].figure(on))
    assert lines and labels
    assert marks(REGISTRY[chart].figure(off)) == ([], [])
    assert "Dated events marked on the chart" in REGISTRY[chart].describe(on, REGISTRY[chart].rows(on))
    assert "Dated events marked" not in REGISTRY[chart].describe(off, REGISTRY[chart].rows(off))
    assert "Events:" in REGISTRY[chart].figure(on)["layout"]["meta"]["kgm_src"]
    assert "Events:" not in REGISTRY[chart].figure(off)["layout"]["meta"]["kgm_src"]
    assert EAEU_SOURCE in REGISTRY[chart].source_ids(on, REGISTRY[chart].rows(on))
    assert EAEU_SOURCE not in REGISTRY[chart].source_ids(off, REGISTRY[chart].rows(off))


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_events_in_the_pages_language(bundle, opts, lang):
    req = request(bundle, opts, "", lang)
    events = REGISTRY["stock"].marked_events(req)
    summary = REGISTRY["stock"].describe(req, REGISTRY["stock"].rows(req))
    count = f"{len(events)} ({'метки' if lang == 'ru' else 'белгилер' if lang == 'ky' else 'labels'} 1–"
    assert count in summary, summary
    figure = REGISTRY["stock"].figure(ChartRequest(bundle, req.view, opts, lang, link="http://x/"))
    hovers = " ".join(note["hovertext"] for note in marks(figure)[1]).replace("<br>", " ")
    listed = str(events_list(events, lang))
    assert EAEU[lang] in hovers and EAEU[lang] in listed
    assert source_label(EAEU_SOURCE, lang, bundle.sources) in figure["layout"]["meta"]["kgm_src"]
    others = [EAEU[other] for other in EAEU if other != lang]
    assert not any(text in hovers or text in listed for text in others)


def test_source_line_on_the_page_names_a_few_and_refers_to_the_list(bundle, opts):
    req = request(bundle, opts)
    labels = list(dict.fromkeys(REGISTRY["stock"].marked_events(req)["source"]))
    assert len(labels) > 4
    page_line = REGISTRY["stock"].figure(req)["layout"]["meta"]["kgm_src"]
    image_line = REGISTRY["stock"].figure(ChartRequest(bundle, req.view, opts, "en", link="http://x/"))
    assert all(label in image_line["layout"]["meta"]["kgm_src"] for label in labels)
    assert labels[4] not in page_line and f"and {len(labels) - 4} more" in page_line


AXES = ([2000.0, 2023.0], [2023.0, 2000.0, 2010.5, 2000.0], list(range(2000, 2024)), [1995.5, 2000.5, 2010.5, 2019.5],
        [1990, 1995, 2000, 2005, 2010, 2015, 2019], [1990, 2019], [2015.0], [2015, 2015], [], [None, 2001, "x", 2012],
        [float("nan"), 1995.5, 2024.5])


@pytest.mark.parametrize("query", ["", "from=2005&to=2015", "events=off", "from=2010"])
@pytest.mark.parametrize("lang", ["en", "ky"])
def test_events_kept_by_the_axis_ends_are_those_of_the_axis_itself(bundle, opts, query, lang):
    """Kept by the axis' first and last point (all that decides which events an axis marks and how they are
    labelled): every axis, kept or worked out afresh, marks what its own points give, and axes with the same ends
    share one answer."""
    from dashboard.charts.events import EVENTS, _chart_events, axis_points

    req = request(bundle, opts, query, lang)
    EVENTS.clear()
    for _ in range(2):  # the second round reads the memo
        for axis in AXES:
            pd.testing.assert_frame_equal(chart_events(req, axis), _chart_events(req, axis_points(axis)),
                                          check_exact=True)
    ends = {(p[0], p[-1]) if len(p) >= 2 else len(p) for p in map(axis_points, AXES)}
    assert len(EVENTS) == len(ends) < len(AXES)


# --- the figure ------------------------------------------------------------------------------------------------------

def test_close_events_share_a_label_and_labels_never_touch():
    span = 30.0
    gap = span * LABEL_GAP_PX / PHONE_PLOT_PX
    positions = [2014.0, 2014.1, 2014.2, 2016.0, 2020.0, 2020.05, 2030.0]
    places = label_places(positions, span)
    assert [number for number, _ in places] == [1, 1, 1, 2, 3, 3, 4]
    labels: dict[int, tuple[float, int]] = {}  # a label sits on its first event
    for x, (number, row) in zip(positions, places, strict=True):
        labels.setdefault(number, (x, row))
    assert {row for _, row in labels.values()} == {0, 1}
    for row in (0, 1):
        xs = [x for x, r in labels.values() if r == row]
        assert all(b - a >= gap for a, b in zip(xs, xs[1:], strict=False))
    xs = sorted(x for x, _ in labels.values())
    assert all(b - a >= gap / 2 for a, b in zip(xs, xs[1:], strict=False))


def test_grouped_events_are_all_in_one_hover(bundle, opts):
    req = request(bundle, opts)
    events = REGISTRY["stock"].marked_events(req)
    lines, labels = marks(REGISTRY["stock"].figure(req))
    assert len(lines) == len(events) and len(labels) == events["number"].nunique() < len(events)
    for note in labels:
        group = events[events["number"] == int(note["text"])]
        assert note["hovertext"].count("<b>") == len(group)
        assert note["yref"] == "paper" and note["y"] == 1 and note["yanchor"] == "top"  # inside the plot's top


def test_add_events_leaves_its_input_and_makes_room(bundle, opts):
    req = request(bundle, opts)
    plain = REGISTRY["stock"].series_figure(req)
    before = copy.deepcopy(plain)
    marked = add_events(plain, REGISTRY["stock"].marked_events(req), "en")
    assert plain == before
    highest = max(max(trace["y"]) for trace in plain["data"])
    low, high = marked["layout"]["yaxis"]["range"]
    assert low == 0 and high > highest * 1.15
    assert add_events(plain, chart_events(request(bundle, opts, "events=off"), [2000, 2020]), "en") is plain


# --- table and CSV ---------------------------------------------------------------------------------------------------

def test_table_lists_the_events(bundle, opts):
    req = request(bundle, opts, "", "ru")
    items = events_list(REGISTRY["remittances"].marked_events(req), "ru")
    assert EAEU["ru"] in str(items)
    assert events_list(REGISTRY["remittances"].marked_events(request(bundle, opts, "events=off")), "ru") == []


@pytest.fixture(scope="module")
def client(bundle):
    return create_app(bundle=bundle).server.test_client()


def test_csv_names_the_events_and_stays_parseable(client, bundle, opts):
    body = client.get("/download/stock.csv?lang=en").data.decode("utf-8-sig")
    meta = [line for line in body.split("\n") if line.startswith(("# ", '"# '))]
    marked = [line for line in meta if "marked event:" in line]
    assert len(marked) == len(REGISTRY["stock"].marked_events(request(bundle, opts)))
    assert any(EAEU["en"] in line for line in marked)
    table = pd.read_csv(io.StringIO(body), skiprows=len(meta))
    assert list(table.columns) == list(REGISTRY["stock"].rows(request(bundle, opts)).columns)
    off = client.get("/download/stock.csv?events=off&lang=en").data.decode("utf-8-sig")
    assert "marked event" not in off
    assert all(len(cells) == 1 for cells in csv.reader(io.StringIO("\n".join(meta))))


KEYS = [("en", "Marked events: 1 currency shock (2014); 2 EAEU accession (2015)"),
        ("ru", "Отмеченные события: 1 валютный шок (2014); 2 вступление в ЕАЭС (2015)")]


@pytest.mark.parametrize("lang,words", KEYS)
def test_an_image_says_what_each_label_stands_for(bundle, opts, lang, words):
    """A slide carries no hover: the footer keys each number to the kinds of its events and their years."""
    req = request(bundle, opts, "", lang)
    footer = REGISTRY["remittances"].figure(req)["layout"]["meta"]["kgm_src"]
    assert words in footer
