"""The remittance corridor over time (rem=corridor&partner=): period types told apart and never joined into one line,
qualifiers and the model estimate marked, undated figures kept off the time axis, rows equal to the CSV, and the
partner named in every language's title."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from dashboard import callbacks as cb
from dashboard.app import create_app
from dashboard.charts import REGISTRY, ChartRequest
from dashboard.data import corridor_flows as cf
from dashboard.i18n import LANGUAGES, translator
from dashboard.labels import names
from dashboard.state import parse, to_query

CHART = REGISTRY["remittances"]


def request(bundle, opts, query: str, lang: str = "en") -> ChartRequest:
    view, notices = parse(query, opts)
    assert notices == [], notices
    return ChartRequest(bundle, view, opts, lang)


@pytest.mark.parametrize(("start", "end", "kind"), [
    ("2017-01-01", "2017-12-31", "year"), ("2021-01-01", "2021-11-30", "ytd-11"), ("2023-01-01", "2023-06-30", "half"),
    ("2017-01-01", "2017-03-31", "quarter"), ("2020-02-01", "2020-02-29", "month"),
    ("2017-03-01", "2017-09-30", "span"), ("", "", "undated"), (None, None, "undated")])
def test_period_type_is_read_from_the_dates(start, end, kind):
    assert cf.period_type(start, end) == kind


def test_direction_says_where_the_money_goes_and_who_measured_it():
    assert (cf.direction("outflow from Russia to KGZ (CBR data)"), cf.measured_by("outflow from Russia to KGZ (CBR "
                                                                                    "data)")) == ("inflow", "cbr")
    assert cf.direction("outflow from KGZ (NBKR, money transfer systems)") == "outflow"
    assert cf.direction("net inflow (preliminary)") == "net" and cf.status_of("net inflow (preliminary)")
    assert cf.measured_by("inflow (as stated by the State Migration Service)") == "sms"


def test_partners_are_the_countries_with_reported_figures_and_all_countries_last(bundle, opts):
    assert opts.partners[0] == "RUS" and opts.partners[-1] == "WLD"
    assert {"RUS", "KAZ", "USA", "TUR", "KOR"} <= set(opts.partners)
    view, notices = parse("rem=corridor&partner=wld", opts)
    assert view.partner == "WLD" and notices == []
    view, notices = parse("rem=corridor&partner=DEU", opts)  # a country without reported figures
    assert view.partner is None and [n.reason for n in notices] == ["no-figures"]


def _consecutive(ptype: str, earlier: dict, later: dict) -> bool:
    if ptype.startswith("ytd"):
        return int(later["period_end"][:4]) == int(earlier["period_end"][:4]) + 1
    return dt.date.fromisoformat(later["period_start"]) == \
        dt.date.fromisoformat(earlier["period_end"]) + dt.timedelta(days=1)


@pytest.mark.parametrize("partner", ["RUS", "WLD", "TUR", "USA", "KOR"])
def test_each_trace_holds_one_period_type_and_joins_consecutive_periods_only(bundle, opts, partner):
    req = request(bundle, opts, f"rem=corridor&partner={partner}")
    rows = CHART.rows(req)
    fig = CHART.figure(req)
    drawn = 0
    for trace in fig["data"]:
        ptype = trace["meta"]["period_type"]
        points = [x for x in trace["x"] if x is not None]
        drawn += len(points)
        mine = rows[rows["period_end"].isin(points) & (rows["period_type"] == ptype)]
        assert set(points) <= set(mine["period_end"]), (trace["name"], ptype)
        if "lines" in trace["mode"]:
            segments = [trace["x"][i:i + 2] for i in range(len(trace["x"]) - 1)]
            for first, second in segments:
                if first is None or second is None:
                    continue
                earlier = mine[mine["period_end"] == first].iloc[0]
                later = mine[mine["period_end"] == second].iloc[0]
                assert _consecutive(ptype, earlier, later), (trace["name"], first, second)
    assert drawn == (rows["period_type"] != "undated").sum()  # every dated figure drawn, no undated one


def test_qualified_and_preliminary_figures_are_hollow_and_say_so(bundle, opts):
    t = translator("ru")
    fig = CHART.figure(request(bundle, opts, "rem=corridor&partner=RUS", "ru"))
    trace = next(d for d in fig["data"] if d["meta"]["period_type"] == "ytd-11")
    about = trace["x"].index("2021-11-30")  # "about 2.45 billion", January-November 2021
    assert trace["marker"]["symbol"][about].endswith("-open")
    assert t("about {n}", n="").strip() in trace["customdata"][about]
    assert "январь–ноябрь 2021" in trace["customdata"][about]
    assert not trace["marker"]["symbol"][trace["x"].index("2022-11-30")].endswith("-open")
    net = CHART.figure(request(bundle, opts, "rem=corridor&partner=WLD", "en"))["data"]
    half = next(d for d in net if d["meta"]["period_type"] == "half")
    assert half["marker"]["symbol"] == ["circle-open"] and "preliminary" in half["customdata"][0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_model_estimate_is_a_separate_marked_point(bundle, opts, lang):
    t = translator(lang)
    fig = CHART.figure(request(bundle, opts, "rem=corridor&partner=RUS", lang))
    model = [d for d in fig["data"] if d["marker"]["symbol"] == ["star"]]
    assert len(model) == 1 and model[0]["name"].replace("<br>", " ") == t("Model estimate (World Bank-KNOMAD)")
    assert t("model estimate") in model[0]["customdata"][0]
    assert all("star" not in str(d["marker"]["symbol"]) for d in fig["data"] if d is not model[0])


def test_undated_figures_are_named_beside_the_chart_not_drawn(bundle, opts):
    req = request(bundle, opts, "rem=corridor&partner=USA")
    heading = CHART.heading(req)
    assert "about 51 million US$" in heading.subtitle_with_notes()
    assert "about 51 million US$" in CHART.describe(req, CHART.rows(req))
    assert all(x != "" for d in CHART.figure(req)["data"] for x in d["x"])


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("partner", ["RUS", "KAZ", "TUR", "KOR", "USA"])
def test_the_title_names_the_partner_and_the_range(bundle, opts, partner, lang):
    req = request(bundle, opts, f"rem=corridor&partner={partner}&from=2015&to=2024", lang)
    title = CHART.heading(req).title
    assert names(bundle, lang)[partner] in title and "2015–2024" in title
    assert CHART.title(req) == title


def test_all_countries_are_named_in_the_title(bundle, opts):
    for lang in LANGUAGES:
        title = CHART.heading(request(bundle, opts, "rem=corridor&partner=WLD", lang)).title
        assert translator(lang)("all countries") in title


def test_the_range_cuts_the_figures_and_keeps_the_undated(bundle, opts):
    rows = CHART.rows(request(bundle, opts, "rem=corridor&partner=TUR&from=2024"))
    dated = rows[rows["period_type"] != "undated"]
    assert len(dated) and (dated["period_end"].str[:4].astype(int) >= 2024).all()
    assert (rows["period_type"] == "undated").sum() == 1


def test_summary_names_the_latest_year_and_counts_each_period_type(bundle, opts):
    req = request(bundle, opts, "rem=corridor&partner=RUS", "ru")
    text = CHART.describe(req, CHART.rows(req))
    assert "2023 г.: 2,53 млрд долл. США (НБКР)" in text
    assert "Календарный год: 3" in text and "Январь–ноябрь: 3" in text and "Квартал: 6" in text


def test_rows_equal_the_csv(bundle, opts):
    client = create_app(bundle=bundle).server.test_client()
    query = "rem=corridor&partner=RUS&from=2015&to=2024"
    rows = CHART.rows(request(bundle, opts, query))
    lines = client.get(f"/download/remittances.csv?{query}&lang=en").data.decode("utf-8-sig").splitlines()
    body = [line for line in lines if line and not line.startswith(("#", '"#'))]
    table = list(csv.DictReader(io.StringIO("\n".join(body))))
    assert list(table[0]) == list(rows.columns)
    assert [r["source_id"] for r in table] == list(rows["source_id"])
    assert [float(r["value"]) for r in table] == [float(v) for v in rows["value"]]
    assert [r["qualifier"] for r in table] == list(rows["qualifier"])


def test_choosing_the_default_partner_keeps_it_out_of_the_link(ctx, opts):
    s, _ = parse("rem=corridor&partner=KAZ", opts)
    values = cb.control_values(s, opts)
    partner = [key for key, _ in cb.CONTROLS].index("partner")
    assert values[partner] == "KAZ"
    values[partner] = opts.partners[0]
    search, _, _, _ = cb.sync_view(ctx, "f-partner", "?" + to_query(s), "en", values)
    assert search == "?rem=corridor"
    values[partner] = "WLD"
    search, _, _, _ = cb.sync_view(ctx, "f-partner", "?rem=corridor", "en", values)
    assert search == "?rem=corridor&partner=WLD"
