"""Formula injection through CSV downloads (issue 10, item 3): whatever a link's query says, every CSV the app serves
reads back, cell by cell, as the app wrote it: no cell a spreadsheet would run as a formula, and no row or cell made
by the reader's text (its line breaks and commas stay inside its own cell).

Each hostile request is compared with a request for the view the server actually drew (its canonical query): the same
rows, plus exactly one single-cell notice row per notice the parser reported.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as hs

from dashboard import state as st
from dashboard.app import create_app
from dashboard.charts import CHART_IDS as CHARTS
from dashboard.downloads import OWN_KEYS
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, translator
from dashboard.settings import Settings

from .conftest import DATA_DIR

FORMULA_CHARACTERS = "=+-@"
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
CHANGES_CSV = "/download/changes.csv"
ISSUE_URL = '/download/stock.csv?year=x,%3D1%2B1,&title=%0D%3DHYPERLINK(%22http://evil%22%3B%22click%22),'
BASE_VIEWS = ["", "year=2020&src=un2020", "layer=oblasts&measure=poverty", "tab=compare&dest=KAZ", "rem=gdp"]
# The pieces that break CSV: line breaks, separators, quotes, formula starts, other control characters.
BREAKERS = ["\r", "\n", "\r\n", "\t", ",", '"', ";", " ", "\x00", "\x0b", "\x1b", "\x85", "\u2028", "'", "#"]
hostile_texts = hs.lists(hs.sampled_from([*BREAKERS, *FORMULA_CHARACTERS, "HYPERLINK(\"http://evil\";\"x\")",
                                          "cmd|' /C calc'!A0", "1+1", "2020", "RUS", "KG-O", "SUM(A1)"])
                         | hs.text(max_size=6), min_size=1, max_size=8).map("".join)
query_keys = hs.sampled_from([*st.KEY_ORDER, *st.MIGRATIONS, *OWN_KEYS, "title"]) | hostile_texts


@pytest.fixture(scope="module")
def client(bundle):
    return create_app(Settings(data_dir=DATA_DIR, secret_key="unit-tests"), bundle=bundle).server.test_client()


@pytest.fixture(scope="module")
def csv_routes(client) -> list[str]:
    """Every CSV the app serves for a view: one per chart. A new CSV route fails here until it is covered."""
    rules = {rule.rule for rule in client.application.url_map.iter_rules()}
    assert "/download/<chart>.<ext>" in rules
    covered = {CHANGES_CSV}  # test_the_changes_csv_takes_no_formula_row_or_cell_from_the_link
    assert not [rule for rule in rules if ".csv" in rule and rule not in covered], "a CSV route not covered here"
    return [f"/download/{chart}.csv" for chart in CHARTS]


def csv_rows(client, url: str) -> list[list[str]]:
    resp = client.get(url)
    assert resp.status_code == 200 and resp.mimetype == "text/csv", resp.data[:300]
    return list(csv.reader(io.StringIO(resp.data.decode("utf-8-sig"), newline="")))


def formula_cells(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would run: a formula character first (after any whitespace), and not a plain number."""
    return [cell for row in rows for cell in row
            if cell.lstrip()[:1] in tuple(FORMULA_CHARACTERS) and not PLAIN_NUMBER.fullmatch(cell.strip())]


def drawn_view(pairs: list[tuple[str, str]], ctx) -> tuple[str, str, int]:
    """-> (lang, canonical query, number of notices) of the view the download route draws for these pairs (the first
    value of each key counts, like request.args)."""
    first: dict[str, str] = {}
    for key, value in pairs:
        first.setdefault(key, value)
    lang = first.get("lang", DEFAULT_LANGUAGE)
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    view, notices = st.parse({key: value for key, value in first.items() if key not in OWN_KEYS}, ctx.opts)
    return lang, st.to_query(view), len(notices)


def is_notice(row: list[str], lang: str) -> bool:
    return len(row) >= 1 and row[0].startswith(f"# {translator(lang)('notice')}: ")


def assert_no_injection(client, ctx, route: str, pairs: list[tuple[str, str]]) -> None:
    rows = csv_rows(client, f"{route}?{urlencode(pairs)}")
    assert not formula_cells(rows), formula_cells(rows)
    lang, query, notice_count = drawn_view(pairs, ctx)
    baseline = csv_rows(client, f"{route}?{query}{'&' if query else ''}lang={lang}")
    notices = [row for row in rows if is_notice(row, lang)]
    assert all(len(row) == 1 for row in notices), notices  # a comma in the reader's text opened no new cell
    assert len(notices) == notice_count, notices  # a line break in it opened no new row
    assert [row for row in rows if not is_notice(row, lang)] == [row for row in baseline if not is_notice(row, lang)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chart=hs.sampled_from(CHARTS), base=hs.sampled_from(BASE_VIEWS),
       hostile=hs.lists(hs.tuples(query_keys, hostile_texts), min_size=1, max_size=3))
@example(chart="stock", base="", hostile=[("year", "x,=1+1,"), ("title", '\r=HYPERLINK("http://evil";"click"),')])
@example(chart="map", base="", hostile=[("lang", "\r=1+1"), ("\r@SUM(A1)", ",-2+3")])
@example(chart="cards", base="dest=KAZ", hostile=[("dest", "RUS\r\n=1+1,+2")])
def test_no_query_injects_a_formula_a_row_or_a_cell(client, ctx, csv_routes, chart, base, hostile):
    route = f"/download/{chart}.csv"
    assert route in csv_routes
    pairs = [*hostile, *[tuple(pair.split("=", 1)) for pair in base.split("&") if pair]]
    assert_no_injection(client, ctx, route, pairs)


def test_the_issue_url(client, ctx):
    """The link from the issue: a spreadsheet would open =HYPERLINK(...) and =1+1 as cells of their own."""
    rows = csv_rows(client, ISSUE_URL)
    assert not formula_cells(rows), formula_cells(rows)
    assert not any(cell.lstrip().startswith(("=HYPERLINK", "=1+1")) for row in rows for cell in row)
    notices = [row for row in rows if is_notice(row, "en")]
    assert len(notices) == 2 and all(len(row) == 1 for row in notices), notices
    assert [row for row in rows if row not in notices] == csv_rows(client, "/download/stock.csv?lang=en")
    assert_no_injection(client, ctx, "/download/stock.csv",
                        [("year", "x,=1+1,"), ("title", '\r=HYPERLINK("http://evil";"click"),')])


def test_every_csv_route_is_covered(csv_routes):
    assert len(csv_routes) == len(CHARTS) >= 4


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile=hs.lists(hs.tuples(hs.sampled_from(["from", "to", "lang"]) | query_keys, hostile_texts),
                        min_size=1, max_size=3))
@example(hostile=[("from", "=HYPERLINK(\"http://evil\";\"x\")"), ("to", "2026.12.1\r\n=1+1,")])
def test_the_changes_csv_takes_no_formula_row_or_cell_from_the_link(client, hostile):
    """What changed between two versions (/download/changes.csv): whatever the link sends as versions or other keys,
    no cell runs as a formula, and the rows are those of the versions the route falls back to."""
    rows = csv_rows(client, f"{CHANGES_CSV}?{urlencode(hostile)}")
    assert not formula_cells(rows), formula_cells(rows)
    provenance = [row for row in rows if row and row[0].startswith("# ")]
    assert all(len(row) == 1 for row in provenance), provenance  # a comma or line break in it opened nothing
    body = rows[len(provenance):]
    lang = dict(hostile).get("lang", DEFAULT_LANGUAGE)
    fallback = csv_rows(client, f"{CHANGES_CSV}?lang={lang if lang in LANGUAGES else DEFAULT_LANGUAGE}")
    fallback_body = fallback[len([row for row in fallback if row and row[0].startswith("# ")]):]
    assert body == fallback_body  # no version the link can name here is held: both fall back to the defaults
