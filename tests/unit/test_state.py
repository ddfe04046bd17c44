"""ViewState <-> URL query: the public link grammar (round trips, canonical form, fallbacks with notices)."""

from __future__ import annotations

from dataclasses import fields, replace
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.data import stock as sq
from dashboard.data.boundaries import OBLAST_CODES
from dashboard.data.oblasts import INDICATORS
from dashboard.state import (
    ALIAS_OF,
    KEY_ORDER,
    LAYERS,
    MAX_DEST,
    MAX_QUERY,
    MIGRATIONS,
    PERS,
    REMS,
    SEXES,
    SOURCE_ALIASES,
    TABS,
    Notice,
    Options,
    ViewState,
    from_controls,
    parse,
    to_query,
)

UN2024, UN2020, UN2019 = "UNDESA_IMS2024_VIA_ANDREEV", "UNDESA_IMS2020_VIA_ANDREEV", "UNDESA_IMS2019_VIA_ABEL"
KNOMAD, GBMD = "KNOMAD_BMM_2021", "WB_GBMD_VIA_ANDREEV"
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def view_states(draw, opts: Options) -> ViewState:
    """Any view the URL grammar can express with the shipped data."""
    src = draw(st.sampled_from(opts.sources))
    countries = sorted(c for c in opts.countries if c not in ("WLD", "KGZ"))  # home is not a destination
    return ViewState(
        year=draw(st.none() | st.sampled_from(opts.years[src])),
        dest=tuple(draw(st.lists(st.sampled_from(countries), unique=True, max_size=MAX_DEST))),
        oblast=draw(st.none() | st.sampled_from(OBLAST_CODES)),
        sex=draw(st.sampled_from(opts.sexes[src])),
        src=src,
        measure=draw(st.sampled_from(sorted(INDICATORS))),
        per=draw(st.sampled_from(PERS)),
        layer=draw(st.sampled_from(LAYERS)),
        tab=draw(st.sampled_from(TABS)),
        rem=draw(st.sampled_from(REMS)),
        v=draw(st.none() | st.from_regex(r"[0-9A-Za-z._-]{1,32}", fullmatch=True)),
    )


def keys_of(query: str) -> list[str]:
    return [k for k, _ in parse_qsl(query, keep_blank_values=True)]


# --- defaults and canonical form -------------------------------------------------------------------------------


def test_default_view_is_the_empty_query(opts):
    assert to_query(ViewState()) == ""
    assert parse("", opts) == (ViewState(), [])
    assert parse("?", opts) == (ViewState(), [])
    assert parse(None, opts) == (ViewState(), [])  # type: ignore[arg-type]


def test_explicit_defaults_are_dropped(opts):
    s = ViewState(year=None, dest=(), oblast=None, sex="both", src=UN2024, measure="migrants", per="abs",
                  layer="destinations", tab="top", rem="usd", v=None)
    assert to_query(s) == ""
    view, notices = parse("src=un2024&sex=both&layer=destinations&tab=top&rem=usd&per=abs&measure=migrants", opts)
    assert (view, notices) == (ViewState(), [])
    assert to_query(view) == ""


def test_every_key_written_in_key_order(opts):
    s = ViewState(year=2020, start=2000, end=2020, dest=("RUS", "KAZ"), oblast="KG-O", sex="female", src=UN2020,
                  measure="poverty", per="per1000", layer="oblasts", frame="world", tab="compare", rem="corridor",
                  partner="KAZ", oview="scatter", vs="wage", wm="share", events="off", city=("yekaterinburg",),
                  v=opts.version)
    q = to_query(s)
    assert keys_of(q) == list(KEY_ORDER)
    assert q == ("year=2020&from=2000&to=2020&dest=RUS~KAZ&oblast=KG-O&sex=female&src=un2020&measure=poverty"
                 "&per=per1000&layer=oblasts&frame=world&tab=compare&rem=corridor&partner=KAZ&oview=scatter&vs=wage"
                 f"&wm=share&events=off&city=yekaterinburg&v={opts.version}")
    assert parse(q, opts) == (s, [])


def test_key_order_does_not_depend_on_input_order(opts):
    a, _ = parse("rem=gdp&tab=compare&sex=male&year=2015&dest=KAZ", opts)
    b, _ = parse("dest=KAZ&year=2015&sex=male&tab=compare&rem=gdp", opts)
    assert a == b
    assert to_query(a) == to_query(b) == "year=2015&dest=KAZ&sex=male&tab=compare&rem=gdp"


ROUND_TRIPS = [
    ViewState(),
    ViewState(year=1990),
    ViewState(year=2024),
    ViewState(dest=("RUS",)),
    ViewState(dest=("KAZ", "RUS", "TUR")),
    ViewState(oblast="KG-GB"),
    ViewState(sex="male", src=UN2020, year=2005),
    ViewState(src=KNOMAD, year=2021),
    ViewState(src=GBMD, year=1960, sex="female"),
    ViewState(src=UN2019),
    ViewState(layer="oblasts", measure="population", per="per1000", oblast="KG-B"),
    ViewState(layer="flows", dest=("RUS", "KAZ", "TUR", "KOR", "USA", "DEU", "GBR", "ISR")),
    ViewState(tab="compare", dest=("KAZ",)),
    ViewState(rem="country"),
    ViewState(v="2020.1.0"),
]


@pytest.mark.parametrize("s", ROUND_TRIPS, ids=lambda s: to_query(s) or "default")
def test_round_trip_examples(opts, s):
    view, notices = parse(to_query(s), opts)
    assert view == s
    assert [n for n in notices if n.reason != "version"] == []


@FAST
@given(data=st.data())
def test_round_trip_any_view(opts, data):
    s = data.draw(view_states(opts))
    q = to_query(s)
    view, notices = parse(q, opts)
    assert view == s
    assert parse("?" + q, opts)[0] == s
    # the only notice a well-formed link can carry is "made with another data version"
    assert all(n.reason == "version" for n in notices)
    assert (s.v is not None and s.v != opts.version) == bool(notices)
    # canonical: keys in KEY_ORDER, each once, and no key carries its default
    ks = keys_of(q)
    assert ks == [k for k in KEY_ORDER if k in ks]
    d = ViewState()
    for k, v in parse_qsl(q):
        assert getattr(view, k) != getattr(d, k), f"{k}={v} is a default and should have been dropped"


# --- sources: short aliases in URLs, full ids accepted -----------------------------------------------------------


@pytest.mark.parametrize("alias,full", sorted(SOURCE_ALIASES.items()))
def test_source_alias(opts, alias, full):
    assert full in opts.sources
    s = ViewState(src=full)
    expected = "" if full == UN2024 else f"src={alias}"
    assert to_query(s) == expected
    assert parse(f"src={alias}", opts) == (s, [])
    assert parse(f"src={alias.upper()}", opts) == (s, [])
    assert parse(f"src={full}", opts) == (s, [])  # full ids in old links keep working
    assert ALIAS_OF[full] == alias


def test_year_is_checked_against_the_chosen_source(opts):
    assert parse("src=knomad2021&year=2021", opts) == (ViewState(src=KNOMAD, year=2021), [])
    assert parse("year=2021", opts) == (ViewState(), [Notice("year", "2021", "not-available")])
    # source written after the year: order in the link does not matter
    assert parse("year=1960&src=gbmd", opts) == (ViewState(src=GBMD, year=1960), [])


SEX_BUG = ("bug: state.parse checks year against the chosen source but not sex: src=knomad2021&sex=female (KNOMAD "
           "publishes 'both' only) is accepted without a notice, and every panel is empty")


def test_sex_is_checked_against_the_chosen_source(opts, bundle):
    assert sq.sexes_for(bundle, KNOMAD) == ["both"]
    assert parse("src=knomad2021&sex=female", opts) == (ViewState(src=KNOMAD),
                                                         [Notice("sex", "female", "not-available-sex")])


# --- renamed keys ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("old,new,value", [
    ("destination", "dest", "RUS~KAZ"), ("destinations", "dest", "RUS"), ("region", "oblast", "KG-O"),
    ("source", "src", "un2020"), ("y", "year", "2015"),
])
def test_migrated_keys_keep_working(opts, old, new, value):
    assert MIGRATIONS[old] == new
    via_old = parse(f"{old}={value}", opts)
    assert via_old == parse(f"{new}={value}", opts)
    assert via_old[1] == []
    assert via_old[0] != ViewState()
    assert keys_of(to_query(via_old[0])) == [new]  # links are rewritten with the current key


def test_migrated_keys_in_a_dict(opts):
    assert parse({"y": "2015", "region": "KG-B"}, opts) == (ViewState(year=2015, oblast="KG-B"), [])


# --- bad values: default + a notice with the right reason --------------------------------------------------------


BAD = [
    ("year=1800", "year", Notice("year", "1800", "not-available")),
    ("year=2023", "year", Notice("year", "2023", "not-available")),
    ("year=abc", "year", Notice("year", "abc", "invalid")),
    ("year=20201", "year", Notice("year", "20201", "invalid")),
    ("year=", "year", Notice("year", "", "invalid")),
    ("oblast=KG-X", "oblast", Notice("oblast", "KG-X", "invalid")),
    ("oblast=KG", "oblast", Notice("oblast", "KG", "invalid")),
    ("sex=x", "sex", Notice("sex", "x", "invalid")),
    ("layer=x", "layer", Notice("layer", "x", "invalid")),
    ("per=percent", "per", Notice("per", "percent", "invalid")),
    ("tab=x", "tab", Notice("tab", "x", "invalid")),
    ("rem=eur", "rem", Notice("rem", "eur", "invalid")),
    ("measure=Migrants", "measure", Notice("measure", "Migrants", "invalid")),
    ("src=un2030", "src", Notice("src", "un2030", "invalid")),
    ("v=a%20b", "v", Notice("v", "a b", "invalid")),
    ("v=" + "1" * 33, "v", Notice("v", "1" * 33, "invalid")),
]


@pytest.mark.parametrize("query,key,notice", BAD, ids=[q[:20] for q, _, _ in BAD])
def test_bad_value_falls_back_to_default_with_notice(opts, query, key, notice):
    view, notices = parse(query, opts)
    assert getattr(view, key) == getattr(ViewState(), key)
    assert view == ViewState()
    assert notices == [notice]


def test_bad_value_does_not_spoil_the_good_ones(opts):
    view, notices = parse("year=2020&sex=x&dest=KAZ&layer=globe", opts)
    assert view == ViewState(year=2020, dest=("KAZ",))
    assert sorted((n.key, n.reason) for n in notices) == [("layer", "invalid"), ("sex", "invalid")]


def test_dest_keeps_the_good_codes(opts):
    view, notices = parse("dest=RUS~XXX~kaz", opts)
    assert view.dest == ("RUS", "KAZ")  # lower case is fine, unknown dropped, order kept
    assert notices == [Notice("dest", "XXX", "unknown-codes")]  # names only what was dropped
    view, notices = parse("dest=WLD", opts)  # the world total is not a destination
    assert view.dest == ()
    assert [n.reason for n in notices] == ["unknown-codes"]


def test_dest_accepts_commas_and_spaces(opts):
    assert parse("dest=RUS,KAZ", opts) == (ViewState(dest=("RUS", "KAZ")), [])
    assert parse("dest=RUS KAZ", opts) == (ViewState(dest=("RUS", "KAZ")), [])
    assert parse("dest=", opts) == (ViewState(), [])


def test_max_dest(opts):
    codes = ["RUS", "KAZ", "TUR", "KOR", "USA", "DEU", "GBR", "ISR", "UKR", "TJK"]
    assert all(c in opts.countries for c in codes)
    view, notices = parse("dest=" + "~".join(codes), opts)
    assert view.dest == tuple(codes[:MAX_DEST])
    assert [(n.key, n.reason) for n in notices] == [("dest", "too-many")]
    assert to_query(view) == "dest=" + "~".join(codes[:MAX_DEST])
    view, notices = parse("dest=" + "~".join(codes[:MAX_DEST]), opts)
    assert len(view.dest) == MAX_DEST and notices == []


def test_unknown_key(opts):
    view, notices = parse("year=2020&utm_source=newsletter&fbclid=abc", opts)
    assert view == ViewState(year=2020)
    assert notices == [Notice("utm_source", "newsletter", "unknown-key"), Notice("fbclid", "abc", "unknown-key")]
    assert to_query(view) == "year=2020"  # unknown keys are not carried on


def test_keys_are_case_sensitive(opts):
    assert parse("YEAR=2020", opts) == (ViewState(), [Notice("YEAR", "2020", "unknown-key")])


def test_version(opts, published):
    assert opts.version == published["version"]
    assert parse(f"v={published['version']}", opts) == (ViewState(v=published["version"]), [])
    view, notices = parse("v=2025.1.0&year=2020", opts)
    assert view == ViewState(year=2020, v="2025.1.0")  # the link's version is kept, the current data are shown
    assert notices == [Notice("v", "2025.1.0", "version")]


def test_too_long_query_gives_the_default_view(opts):
    q = "year=2020&dest=RUS&" + "x" * MAX_QUERY
    view, notices = parse(q, opts)
    assert view == ViewState()
    assert len(notices) == 1 and notices[0].reason == "too-long" and notices[0].key == "query"
    assert len(notices[0].value) <= 41


def test_query_at_the_length_limit_is_read(opts):
    q = "year=2020&z=" + "x" * (MAX_QUERY - len("year=2020&z="))
    assert len(q) == MAX_QUERY
    view, notices = parse(q, opts)
    assert view == ViewState(year=2020)
    assert [n.reason for n in notices] == ["unknown-key"]


def test_notice_values_are_truncated(opts):
    _, notices = parse("sex=" + "y" * 500 + "&" + "k" * 300 + "=1", opts)
    assert {n.reason for n in notices} == {"invalid", "unknown-key"}
    assert all(len(n.key) <= 40 and len(n.value) <= 40 for n in notices)


# --- fuzz: parsing never raises and always gives a canonical, valid view -----------------------------------------

KEYS = st.sampled_from([*KEY_ORDER, *MIGRATIONS, "foo", "", "YEAR", "dest[]"])
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["2020", "1800", "RUS~KAZ", "rus,xxx", "KG-O", "kg-b", "un2020", "male", "oblasts", "per1000",
                     "compare", "gdp", "migrants", "2026.11.1", "", " ", "~", "%", "٢٠٢٠", "２０２０"]),
)
QUERIES = st.one_of(
    st.text(max_size=300),
    st.lists(st.tuples(KEYS, VALUES), max_size=12).map(urlencode),
    st.lists(st.tuples(KEYS, VALUES), max_size=12).map(lambda kv: "&".join(f"{k}={v}" for k, v in kv)),
)


def _check_valid(view: ViewState, notices: list, opts: Options) -> None:
    assert isinstance(view, ViewState)
    assert all(isinstance(n, Notice) for n in notices)
    assert view.src in opts.sources
    assert view.year is None or view.year in opts.years[view.src]
    assert len(view.dest) <= MAX_DEST and len(set(view.dest)) == len(view.dest)
    assert all(c in opts.countries and c != "WLD" for c in view.dest)
    assert view.oblast is None or view.oblast in OBLAST_CODES
    assert view.sex in SEXES and view.per in PERS and view.layer in LAYERS and view.tab in TABS
    assert view.rem in REMS and view.measure in INDICATORS
    # the view is canonical: writing it out and reading it back changes nothing
    again, again_notices = parse(to_query(view), opts)
    assert again == view
    assert all(n.reason == "version" for n in again_notices)


@FAST
@given(query=QUERIES)
def test_parse_never_raises_on_text(opts, query):
    view, notices = parse(query, opts)
    _check_valid(view, notices, opts)


@FAST
@given(query=st.dictionaries(
    st.one_of(KEYS, st.text(max_size=10), st.integers()),
    st.one_of(VALUES, st.integers(), st.none(), st.lists(st.text(max_size=5), max_size=3), st.floats()),
    max_size=12))
def test_parse_never_raises_on_dicts(opts, query):
    view, notices = parse(query, opts)
    _check_valid(view, notices, opts)


# --- control values ----------------------------------------------------------------------------------------------


def test_from_controls_valid_values(opts):
    s = from_controls(opts, year=2020, dest=["RUS", "KAZ"], oblast="KG-O", sex="female", src=UN2020,
                      layer="flows", measure="wage", per="per1000", tab="compare", rem="country")
    assert s == ViewState(year=2020, dest=("RUS", "KAZ"), oblast="KG-O", sex="female", src=UN2020, layer="flows",
                          measure="wage", per="per1000", tab="compare", rem="country")


def test_from_controls_drops_bad_values(opts):
    s = from_controls(opts, year="abc", dest=["RUS", "XXX"], oblast="KG-X", sex="x", src="bogus", layer=5,
                      measure="nope", per="x", tab=None, rem="")
    assert s == ViewState(dest=("RUS",))


def test_from_controls_empty_values_are_defaults(opts):
    assert from_controls(opts, year=None, dest=[], oblast=None, sex="", src=None) == ViewState()
    assert from_controls(opts, dest=None) == ViewState()
    assert from_controls(opts, dest=("KAZ",)) == ViewState(dest=("KAZ",))
    assert from_controls(opts, dest="KAZ") == ViewState(dest=("KAZ",))


def test_from_controls_year_not_published_by_source(opts):
    assert from_controls(opts, year=2021) == ViewState()
    assert from_controls(opts, year=2021, src=KNOMAD) == ViewState(src=KNOMAD, year=2021)


def test_from_controls_drops_non_string_dest_items(opts):
    assert from_controls(opts, dest=["RUS", 7, None]) == ViewState(dest=("RUS",))


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_from_controls_inverts_the_view(opts, data):
    s = data.draw(view_states(opts))
    values = {f.name: getattr(s, f.name) for f in fields(ViewState) if f.name != "v"}
    values["dest"] = list(s.dest)
    assert from_controls(opts, **values) == replace(s, v=None)


# --- effective year ----------------------------------------------------------------------------------------------


def test_effective_year(opts):
    assert opts.years[UN2024] == (1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024)
    assert ViewState().effective_year(opts) == 2024
    assert ViewState(year=2020).effective_year(opts) == 2020
    assert ViewState(year=2021).effective_year(opts) == 2024  # not published by UN 2024: its latest
    assert ViewState(src=UN2020).effective_year(opts) == 2020
    assert ViewState(src=KNOMAD).effective_year(opts) == 2021
    assert ViewState(src=GBMD).effective_year(opts) == 2000
    assert ViewState(src="NOPE").effective_year(opts) == 2024


@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_effective_year_is_always_published(opts, data):
    s = data.draw(view_states(opts))
    y = s.effective_year(opts)
    assert y in opts.years[s.src]
    assert y == (s.year if s.year is not None else opts.years[s.src][-1])


def test_compare_dest(opts):
    assert ViewState().compare_dest(opts) == "RUS"  # the package's compare_destination
    assert ViewState(dest=("KAZ", "RUS")).compare_dest(opts) == "KAZ"


def test_map_frame_is_a_view_key(opts):
    """frame=world|asia travels in the link (and so to the PNG, SVG, embed and share link); the regional frame is
    the default and is not written; a bad value is named in a notice; links without the key keep the regional map."""
    from dashboard.state import FRAMES
    assert FRAMES == ("region", "asia", "world")
    view, notices = parse("frame=world", opts)
    assert view.frame == "world" and notices == [] and to_query(view) == "frame=world"
    assert parse("frame=ASIA", opts)[0].frame == "asia"
    assert to_query(parse("frame=region", opts)[0]) == ""
    view, notices = parse("frame=moon&year=2020", opts)
    assert view.frame == "region" and view.year == 2020
    assert [(n.key, n.value, n.reason) for n in notices] == [("frame", "moon", "invalid")]
    assert parse("layer=flows", opts)[0].frame == "region"
    assert from_controls(opts, frame="world", layer="flows").frame == "world"
    assert from_controls(opts, frame=None).frame == "region"


def test_year_range_reads_whole_years_and_turns_a_reversed_range_round(opts):
    view, notices = parse("from=2024&to=2015", opts)
    assert (view.start, view.end) == (2015, 2024)
    assert [n.reason for n in notices] == ["reversed"]
    assert view.in_range(2015) and view.in_range(2024) and not view.in_range(2014)
    view, notices = parse("from=20x5&to=99999", opts)
    assert (view.start, view.end) == (None, None)
    assert [(n.key, n.reason) for n in notices] == [("from", "invalid"), ("to", "invalid")]


def test_partner_must_have_reported_figures(opts):
    assert parse("rem=corridor&partner=kaz", opts)[0].partner == "KAZ"
    view, notices = parse("partner=ATA", opts)  # a country the data know, with no reported remittance figure
    assert view.partner is None and notices[0].reason in ("no-figures", "invalid")
    assert ViewState().corridor_partner(opts) == opts.partners[0]


def test_city_one_per_country_first_named_wins(opts):
    view, notices = parse("city=yekaterinburg~saint-petersburg~almaty~paris", opts)
    assert view.city == ("yekaterinburg", "almaty")
    assert sorted((n.value, n.reason) for n in notices) == [("paris", "invalid"),
                                                            ("saint-petersburg", "one-city-per-country")]
