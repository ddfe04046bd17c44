"""Hostile input: (a) the parser, the payload guard and every callback body fed garbage as plain functions;
(b) several hundred malformed, oversized, mistyped and traversing requests against gunicorn.

Nothing may raise (a), answer 5xx or leak a traceback (b). Known bugs are kept as strict xfails with the input that
shows them, so fixing one turns its test into an XPASS failure that asks for the marker to go.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import socket
import string
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from dash import no_update
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dashboard import callbacks as cb
from dashboard import guard, patches
from dashboard import state as vs
from dashboard.charts import CHART_IDS as CHARTS
from dashboard.context import view_from_store
from dashboard.data.boundaries import OBLAST_CODES
from dashboard.data.oblasts import INDICATORS
from dashboard.i18n import LANGUAGES
from dashboard.state import KEY_ORDER, MAX_DEST, MIGRATIONS, ViewState, parse, to_query
from tests.unit.test_app import component_props

from .conftest import (
    DASH_UPDATE,
    EMBED_UPDATE,
    HOST,
    Contract,
    Gunicorn,
    Reply,
    get,
    health,
    polls,
    post_json,
    request,
)

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_SLOW = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- (a) plain functions ----------------------------------------------------------------------------------------------

# What json.loads (hence Dash) can hand a callback: any JSON value, NaN and Infinity included.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12)
hashable_values = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
plausible = st.sampled_from(["2020", "2024", "1990", "RUS", "RUS~KAZ", "rus,kaz, tur", "WLD", "KG-O", "kg-c",
                             "both", "MALE", "female", "un2020", "knomad2021", "gbmd", "UNDESA_IMS2024_VIA_ANDREEV",
                             "migrants", "wage", "per1000", "flows", "oblasts", "compare", "gdp", "country",
                             "2026.11.1", "../x", "", " ", "~", "~~~", "a" * 40, "٢٠٢٠", "２０２０"])
query_keys = st.sampled_from([*KEY_ORDER, *MIGRATIONS]) | st.text(max_size=8)
query_values = plausible | st.text(max_size=24) | st.integers().map(str)
query_texts = (
    st.text(max_size=300)
    | st.lists(st.tuples(query_keys, query_values), max_size=12).map(
        lambda kv: "?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in kv))
    | st.lists(st.tuples(query_keys, query_values), max_size=12).map(lambda kv: "&".join(f"{k}={v}" for k, v in kv))
)
views = (json_values
         | st.fixed_dictionaries({"q": json_values, "lang": json_values})
         | st.fixed_dictionaries({"q": query_texts, "lang": st.sampled_from([*LANGUAGES, "xx", ""])}))
rendered = (json_values | st.text(max_size=60) | st.builds(lambda lang, w, q: f"{lang}{w}?{q}", st.sampled_from(
    [*LANGUAGES, "xx", ""]), st.sampled_from(["", "+world", "+w"]), query_texts))


def assert_valid_view(s: ViewState, opts) -> None:
    """A view the page can draw: every field one the data allow, and canonical (its query parses back to it)."""
    assert isinstance(s, ViewState)
    assert s.src in opts.sources
    assert s.year is None or s.year in opts.years[s.src]
    assert isinstance(s.dest, tuple) and len(s.dest) <= MAX_DEST and len(set(s.dest)) == len(s.dest)
    assert all(d in opts.countries and d != "WLD" for d in s.dest)
    assert s.oblast is None or s.oblast in OBLAST_CODES
    assert s.sex in vs.SEXES and (s.sex == "both" or not opts.sexes.get(s.src) or s.sex in opts.sexes[s.src])
    assert s.measure in INDICATORS
    assert (s.per, s.layer, s.tab, s.rem) in [(p, la, t, r) for p in vs.PERS for la in vs.LAYERS for t in vs.TABS
                                              for r in vs.REMS]
    assert s.v is None or re.fullmatch(r"[0-9A-Za-z._-]{1,32}", s.v)
    assert parse(to_query(s), opts)[0] == s


@FUZZ
@given(q=query_texts)
@example(q="year=2020&" * 300)  # longer than MAX_QUERY
@example(q="?dest=" + "~".join(["RUS", "KAZ", "TUR", "UKR", "TJK", "BLR", "UZB", "ITA", "ISR", "CZE"]))
@example(q="%ff%fe%00=%00&year=%00")
def test_parse_any_text_gives_a_valid_view(ctx, q):
    s, notices = parse(q, ctx.opts)
    assert_valid_view(s, ctx.opts)
    assert all(isinstance(n, vs.Notice) for n in notices)


@FUZZ
@given(d=st.dictionaries(query_keys | st.text(max_size=40), query_values | json_values, max_size=14))
def test_parse_any_dict_gives_a_valid_view(ctx, d):
    s, notices = parse(d, ctx.opts)
    assert_valid_view(s, ctx.opts)
    assert all(isinstance(n, vs.Notice) for n in notices)


@FUZZ
@given(data=views)
def test_view_from_store_survives_garbage(ctx, data):
    s, lang = view_from_store(ctx, data)
    assert_valid_view(s, ctx.opts)
    assert lang in LANGUAGES


@FUZZ
@given(trig=st.none() | st.sampled_from(["url", "controls", "f-year"]) | hashable_values,
       search=st.none() | query_texts, lang=st.sampled_from(LANGUAGES),
       values=st.tuples(*[json_values] * 4, hashable_values, *[json_values] * (len(cb.CONTROLS) - 5)).map(list))
def test_sync_view_survives_garbage(ctx, trig, search, lang, values):
    """Control values and URL as anyone may POST them (the source slot hashable: see the xfails below for the rest;
    `lang` is the app's own, never the client's)."""
    out = cb.sync_view(ctx, trig, search, lang, values)
    assert isinstance(out, tuple) and len(out) == 4
    search_out, store, ctrl, _notices = out
    assert search_out is no_update or isinstance(search_out, str)
    assert isinstance(store["q"], str) and len(ctrl) == len(cb.CONTROLS)
    assert_valid_view(parse(store["q"], ctx.opts)[0], ctx.opts)


@FUZZ
@given(q=query_texts, src=hashable_values | st.sampled_from(["UNDESA_IMS2020_VIA_ANDREEV", "KNOMAD_BMM_2021"]),
       index=json_values)
def test_year_at_survives_garbage(ctx, q, src, index):
    current, _ = parse(q, ctx.opts)
    year = cb.year_at(ctx, current, src, index)
    assert year is None or any(year in ys for ys in ctx.opts.years.values())


@FUZZ_SLOW
@given(name=st.sampled_from(["map", "stock", "remittances"]), view=views, previous=rendered)
def test_graph_update_survives_garbage(ctx, name, view, previous):
    fig, state, summary = patches.graph_update(ctx, name, view, previous)
    assert fig is no_update or fig is not None
    assert state == patches.rendered_key(ctx, view) and patches.previous_render(state) is not None
    assert summary is no_update or isinstance(summary, str)


@FUZZ_SLOW
@given(view=views, previous=rendered)
def test_cards_update_survives_garbage(ctx, view, previous):
    out = patches.cards_update(ctx, view, previous)
    assert isinstance(out, tuple) and len(out) == 2


@FUZZ
@given(view=views, previous=json_values)
def test_sources_update_survives_garbage(ctx, view, previous):
    out = patches.sources_update(ctx, view, previous)
    assert isinstance(out, tuple) and len(out) == 2


@FUZZ_SLOW
@given(view=views, clicks=st.lists(json_values, min_size=len(CHARTS), max_size=len(CHARTS)))
def test_share_and_table_panels_survive_garbage(ctx, view, clicks):
    """Dash sends one n_clicks per chart: their values, and the view, are anyone's."""
    if hasattr(cb, "share_update"):
        assert isinstance(cb.share_update(ctx, clicks, view, f"http://{HOST}:8050/"), list)
    if hasattr(cb, "tables_update"):
        assert isinstance(cb.tables_update(ctx, clicks, view), list)
    if hasattr(cb, "summary_text"):
        for chart in ("map", "stock", "remittances"):
            assert isinstance(patches.summary_text(ctx, chart, view), str)


@FUZZ
@given(click=json_values | st.fixed_dictionaries({"points": st.lists(
           st.fixed_dictionaries({"location": json_values | st.sampled_from(["RUS", "KG-O", "KGZ", "<b>"])})
           | json_values, max_size=3)}),
       dest=json_values | st.lists(json_values, max_size=10), oblast=json_values)
def test_map_click_survives_garbage(click, dest, oblast):
    new_dest, new_oblast = cb.map_click(click, dest or [], oblast)
    assert new_dest is no_update or (isinstance(new_dest, list) and len(new_dest) <= MAX_DEST
                                     and all(isinstance(d, str) for d in new_dest))
    assert new_oblast is no_update or new_oblast is None or new_oblast.startswith("KG-")


@pytest.mark.parametrize("search", [5, True, ["?year=2020"]], ids=["int", "bool", "list"])
def test_sync_view_tolerates_a_non_string_url_search(ctx, search):
    values = cb.control_values(ViewState(), ctx.opts)
    out = cb.sync_view(ctx, None, search, "en", values)
    assert out[1] == {"q": "", "lang": "en"}  # a URL we cannot read is the default view, like any bad value


@pytest.mark.parametrize("src", [["UNDESA_IMS2020_VIA_ANDREEV"], {"a": 1}], ids=["list", "dict"])
def test_year_at_tolerates_an_unhashable_source(ctx, src):
    assert cb.year_at(ctx, ViewState(), src, 3) is None
    values = cb.control_values(ViewState(), ctx.opts)
    values[[key for key, _ in cb.CONTROLS].index("src")] = src
    assert len(cb.sync_view(ctx, "controls", "", "en", values)) == 4


# The guard reads raw request bodies: bytes of any kind, and JSON of any shape (real bodies mutated).
json_bodies = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
        st.sampled_from(["output", "outputs", "inputs", "state", "changedPropIds", "id", "property", "value"])
        | st.text(max_size=8), inner, max_size=6),
    max_leaves=20).map(lambda v: json.dumps(v).encode())


@settings(max_examples=500, deadline=None)
@given(raw=st.binary(max_size=3000) | json_bodies | st.text(max_size=500).map(lambda t: t.encode("utf-8")))
@example(raw=b"")
@example(raw=b"\xff\xfe{")
@example(raw=b'{"output": "x", "inputs": [[{"id": 1}]], "outputs": []}')
@example(raw=b'{"output": "x", "inputs": [], "outputs": [], "state": {"a": 1}}')
@example(raw=b'{"output": "x", "inputs": [], "outputs": [], "changedPropIds": "x", "value": NaN}')
def test_payload_guard_never_raises(raw):
    problem = guard.callback_payload_problem(raw)
    assert problem is None or (isinstance(problem, str) and problem)


def test_payload_guard_accepts_every_real_callback(contract, embed_contract):
    bodies = contract.all_bodies() + embed_contract.all_bodies()
    assert len(bodies) >= 5
    for body in bodies:
        assert guard.callback_payload_problem(json.dumps(body).encode()) is None, body["output"]


def test_payload_guard_on_deeply_nested_json():
    assert guard.callback_payload_problem(b"[" * 5000) == "the request body is not JSON"


# --- (b) hostile requests against gunicorn ----------------------------------------------------------------------------

SEED = 20261123
LEAKS = (b"Traceback", b'File "', b"secrets.token_hex", b"root:x:0:0", b"[build-system]", b"preload_app",
         b"repositoryformatversion")
NASTY = ["", " ", "%00", "%ff%fe", "%c0%ae%c0%ae", "..%2f..%2fetc%2fpasswd", "<script>alert(1)</script>",
         "%3Cscript%3E", "' OR '1'='1", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "NaN", "Infinity", "-1", "1e309",
         "99999999999999999999999", "0x7e8", "%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%90", "2020.0", "+2020+",
         "RUS~" * 12, "rus,kaz,,,", "KG-O", "kg-zz", "un2020", "UN2024", "MALE", "per1000", "flows", "compare", "gdp",
         "2026.11.1", "..%2F2026.11.1", "a" * 33, "%E2%80%AE", "%0d%0aSet-Cookie:x=1", "%u0000", "[]", "{}", "null"]
QUERY_PATHS = {"/en/": 200, "/ru/": 200, "/ky/": 200, "/download/map.csv": 200, "/download/stock.csv": 200,
               "/download/remittances.csv": 200, "/download/cards.csv": 200, "/en/embed/map": 200,
               "/en/embed/cards": 200, "/ru/embed/stock": 200, "/": 302}
TRAVERSAL_PREFIXES = ["/en/assets/", "/ru/assets/", "/en/embed/assets/", "/download/", "/geo/", "/assets/",
                      "/en/assets/topojson/"]
TRAVERSAL_STEPS = ["../", "..%2f", "%2e%2e/", "%2e%2e%2f", "..%5c", "%252e%252e%252f", "....//", "..;/",
                   "%c0%ae%c0%ae/", "..\\", ".%2e/", "%2e./"]
TRAVERSAL_TARGETS = ["dashboard/settings.py", "etc/passwd", "pyproject.toml", "gunicorn.conf.py", ".git/config",
                     "data/datapackage.json"]


@dataclass
class Case:
    kind: str
    method: str
    path: str
    body: bytes | None = None
    headers: dict | None = None
    expect: tuple[int, ...] | None = None  # exact statuses allowed; None: any status below 500


def _garbage(rng: random.Random, depth: int = 0):
    roll = rng.random()
    if depth > 2 or roll < 0.5:
        return rng.choice([None, True, False, 0, -1, 2**63, 1e308, -0.0, float("nan"), float("inf"), "", "x" * 300,
                           "<script>", "../../etc/passwd", "RUS", "?year=2020", 7, 3.5, "\u0000", "🙂"])
    if roll < 0.75:
        return [_garbage(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(["q", "lang", "view", "world", "points", "id", "x"]): _garbage(rng, depth + 1)
            for _ in range(rng.randint(0, 4))}


def _random_text(rng: random.Random, n: int) -> str:
    chars = [rng.randint(1, 0x2FFFF) for _ in range(n)]
    return "".join(chr(c if not 0xD800 <= c <= 0xDFFF else c - 0x800) for c in chars)  # no lone surrogates


def _query_value(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return quote(rng.choice(NASTY), safe="%~,+")  # keeps their own %xx, encodes spaces, quotes, <>, {}
    if roll < 0.75:
        return quote(_random_text(rng, rng.randint(0, 20)), safe="")
    if roll < 0.9:
        return "".join(f"%{rng.randint(0, 255):02x}" for _ in range(rng.randint(1, 12)))
    return quote("".join(rng.choice(string.printable) for _ in range(rng.randint(0, 30))), safe="")


def _query(rng: random.Random, extra_keys: tuple[str, ...] = (), max_len: int = 3000) -> str:
    """Every URL key (plus the route's own, an unknown one and some repeats) with hostile values, under max_len."""
    keys = [*KEY_ORDER, *MIGRATIONS, *extra_keys]
    picked = rng.sample(keys, rng.randint(1, len(keys))) + [quote(_random_text(rng, 4), safe="")] * rng.randint(0, 1)
    picked += rng.sample(keys, rng.randint(0, 3))  # repeated keys
    pairs = [f"{k}={_query_value(rng)}" for k in picked]
    while len("&".join(pairs)) > max_len and pairs:  # shrinks every round
        pairs.pop()
    return "&".join(pairs)


def _json_bytes(body) -> bytes:
    return json.dumps(body, allow_nan=True).encode()


def _mutate(rng: random.Random, body: dict) -> dict:
    body = json.loads(json.dumps(body))
    entries = [e for key in ("inputs", "state") for e in body.get(key, []) if isinstance(e, dict)]
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if entries and roll < 0.55:
            rng.choice(entries)["value"] = _garbage(rng)
        elif entries and roll < 0.65:
            rng.choice(entries).pop("value", None)
        elif entries and roll < 0.72:
            rng.choice(entries)["id"] = _garbage(rng)
        elif entries and roll < 0.78:
            rng.choice(entries)["property"] = rng.choice(["value", "nope", "", "__proto__", "data.q"])
        elif roll < 0.86:
            body["changedPropIds"] = rng.choice([[], ["nope.x"], [5], ["view.data"] * 40, [None]])
        elif roll < 0.92 and body.get("inputs"):
            body["inputs"] = [body["inputs"]] if rng.random() < 0.5 else body["inputs"][:-1]
        else:
            body.pop(rng.choice(["parsedChangedPropsIds", "state", "changedPropIds"]), None)
    return body


def hostile_cases(contract: Contract, embed: Contract, seed: int = SEED) -> list[Case]:
    rng = random.Random(seed)
    app_bodies = [(contract.update_path, b) for b in contract.all_bodies()]
    app_bodies += [(embed.update_path, b) for b in embed.all_bodies()]
    json_h = {"Content-Type": "application/json"}
    cases: list[Case] = []

    for _ in range(110):  # malformed JSON: refused by the guard with a 4xx
        path, real = rng.choice(app_bodies)
        raw = _json_bytes(real)
        roll = rng.random()
        if roll < 0.2:
            body = bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 300)))
        elif roll < 0.4:
            body = raw[: rng.randint(0, len(raw) - 1)]
        elif roll < 0.55:
            b = bytearray(raw)
            for _ in range(rng.randint(1, 8)):
                b[rng.randrange(len(b))] = rng.choice(b'{}[]",:\\\x00\xff')
            body = bytes(b)
            if _parses_as_object(body):
                body = body[:-1]
        elif roll < 0.7:
            body = rng.choice([b"[]", b"null", b"1", b'"s"', b"true", b"[{}]", b"{}", b'{"output": 5}',
                               b'{"output": "x"}', b'{"output": "x", "inputs": 5, "outputs": []}',
                               b'{"output": "x", "inputs": [], "outputs": 5}',
                               b'{"output": "x", "inputs": [{"property": "value"}], "outputs": []}'])
        elif roll < 0.85:
            depth = rng.randint(500, 20000)
            body = rng.choice([b"[" * depth, b'{"a":' * depth, b"[" * depth + b"]" * depth])
        else:
            body = raw.replace(b'"lang"', b'"\xff\xfelang"', 1)[: rng.randint(1, len(raw))] + b"\xc3"
        ctype = rng.choice(["application/json", "application/json", "text/plain", "multipart/form-data; boundary=x",
                            "application/x-www-form-urlencoded"])
        cases.append(Case("malformed-json", "POST", path, body, {"Content-Type": ctype}, tuple(range(400, 500))))

    for _ in range(160):  # wrong types in inputs / state values: 200 or a 4xx, never a 5xx
        path, real = rng.choice(app_bodies)
        cases.append(Case("wrong-types", "POST", path, _json_bytes(_mutate(rng, real)), json_h))

    for _ in range(40):  # unknown output ids
        path, real = rng.choice(app_bodies)
        body = json.loads(json.dumps(real))
        bogus = f"nope-{rng.randint(0, 10**6)}"
        if rng.random() < 0.5:
            body["output"] = rng.choice([f"{bogus}.figure", f"..{bogus}.figure...{bogus}.data..", "", "..", "....",
                                         body["output"].replace(".", "-"), body["output"] + "x"])
        else:
            body["output"] = body["output"].replace("..", f"..{bogus}", 1) if body["output"].startswith("..") \
                else f"{bogus}.{body['output']}"
            outs = body["outputs"] if isinstance(body["outputs"], list) else [body["outputs"]]
            outs[0]["id"] = bogus
        cases.append(Case("unknown-output", "POST", path, _json_bytes(body), json_h, tuple(range(400, 500))))

    for i in range(12):  # more than 64 KB with a Content-Length: 413 before anything is parsed
        path = [DASH_UPDATE, EMBED_UPDATE, "/ru/_dash-update-component", "/ky/_dash-update-component"][i % 4]
        size = rng.randint(guard.MAX_CALLBACK_BYTES + 1, 400_000)
        _, real = rng.choice(app_bodies)
        pad = {"pad": "x" * size, **real} if i % 2 else None
        body = _json_bytes(pad)[:size + 2000] if pad else bytes(rng.randint(32, 126) for _ in range(size))
        cases.append(Case("huge-body", "POST", path, body, json_h, (413,)))

    for i in range(12):  # callbacks are POSTs
        method = ["GET", "GET", "PUT", "DELETE", "PATCH", "OPTIONS"][i % 6]
        path = [DASH_UPDATE, EMBED_UPDATE, "/ru/_dash-update-component", "/ky/embed/_dash-update-component"][i % 4]
        cases.append(Case("not-post", method, path + rng.choice(["", "?x=1"]), None, None, (405,)))

    for i in range(25):  # queries over 4 KB: 414 (gunicorn's request-line limit or the guard's)
        path = ["/en/", "/download/map.csv", "/en/embed/map", "/health", "/geo/oblasts.geojson", DASH_UPDATE][i % 6]
        query = "year=" + "9" * rng.randint(4100, 9000) if i % 2 else _long_query(rng)
        method, body = ("POST", _json_bytes(contract.page_load_sync())) if path == DASH_UPDATE else ("GET", None)
        cases.append(Case("long-query", method, f"{path}?{query}", body, json_h if body else None, (414,)))

    traversals = [p + s * depth + t for p in TRAVERSAL_PREFIXES for s in TRAVERSAL_STEPS for depth in (1, 2, 4)
                  for t in TRAVERSAL_TARGETS]
    for path in rng.sample(traversals, 90):  # nothing outside the served folders, never a 5xx
        cases.append(Case("traversal", "GET", path, None, None, tuple(range(400, 500))))
    cases += [Case("traversal", "GET", p, None, None, tuple(range(400, 500))) for p in (
        "/en/assets/../../dashboard/settings.py", "/en/assets/%2e%2e%2f%2e%2e%2fdashboard%2fsettings.py",
        "/download/..%2f..%2fdashboard%2fsettings.py", "/geo/..%2f..%2fdata%2fdatapackage.json",
        "/geo/%2e%2e/%2e%2e/etc/passwd", "/download/../../etc/passwd", "/en/assets/..%252f..%252fetc%252fpasswd")]

    for i in range(165):  # random values for every URL key: the page / download / embed still answer
        path = list(QUERY_PATHS)[i % len(QUERY_PATHS)]
        extra = ("lang", "w", "h", "scale") if path.startswith("/download/") else ()
        cases.append(Case("query-fuzz", "GET", f"{path}?{_query(rng, extra)}", None, None, (QUERY_PATHS[path],)))

    for i in range(60):  # the same queries through the callbacks that parse them (page load, embed)
        search = "?" + _query(rng)
        body = contract.page_load_sync(search) if i % 2 else embed.embed(rng.choice(CHARTS), search)
        path = contract.update_path if i % 2 else embed.update_path
        cases.append(Case("query-callback", "POST", path, _json_bytes(body), json_h, (200,)))

    return cases


def _parses_as_object(raw: bytes) -> bool:
    try:
        return isinstance(json.loads(raw), dict)
    except (ValueError, RecursionError):
        return False


def _long_query(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(200):  # each part has at least one key=value
        if sum(len(p) + 1 for p in parts) >= 4200:
            break
        parts.append(_query(rng))
    return "&".join(parts)


def _send(port: int, case: Case) -> Reply | Exception:
    try:
        return request(port, case.method, case.path, case.body, case.headers, timeout=30)
    except Exception as exc:  # a dropped connection is a finding, not a crash of the test
        return exc


def _problems(case: Case, reply: Reply | Exception) -> list[str]:
    where = f"{case.kind} {case.method} {case.path[:160]!r}"
    if isinstance(reply, Exception):
        return [f"{where}: no response ({reply!r:.200})"]
    out = []
    if reply.status >= 500:
        out.append(f"{where}: {reply.status} {reply.text[:160]!r}")
    elif case.expect and reply.status not in case.expect:
        out.append(f"{where}: {reply.status} (expected {case.expect[0]}"
                   f"{'..' + str(case.expect[-1]) if len(case.expect) > 1 else ''}) {reply.text[:120]!r}")
    leaked = [m.decode() for m in LEAKS if m in reply.body]
    if leaked:
        out.append(f"{where}: body contains {leaked}")
    return out


def test_hostile_requests_never_get_a_5xx(app_server: Gunicorn, contract: Contract, embed_contract: Contract):
    port = app_server.port
    workers_before = app_server.wait_workers(2)
    log_offset = len(app_server.stderr())
    for name, body in [("map", contract.map_year_change()), ("sync", contract.page_load_sync("?year=2020"))]:
        assert post_json(port, contract.update_path, body).status == 200, f"the real {name} callback fails already"

    cases = hostile_cases(contract, embed_contract)
    assert len(cases) >= 500
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        replies = list(pool.map(lambda c: _send(port, c), cases))
    elapsed = time.monotonic() - t0

    problems = [p for case, reply in zip(cases, replies, strict=True) for p in _problems(case, reply)]
    by_kind: dict[str, dict[str, int]] = {}
    for case, reply in zip(cases, replies, strict=True):
        key = str(reply.status) if isinstance(reply, Reply) else type(reply).__name__
        by_kind.setdefault(case.kind, {}).setdefault(key, 0)
        by_kind[case.kind][key] += 1
    print(f"\n{len(cases)} hostile requests in {elapsed:.1f} s: {json.dumps(by_kind, sort_keys=True)}")
    assert not problems, f"{len(problems)} of {len(cases)} hostile requests went wrong:\n" + "\n".join(problems[:25])

    # still healthy, nothing restarted, nothing logged as our fault
    assert health(port)["status"] == "ok"
    assert get(port, "/en/").status == 200
    assert post_json(port, contract.update_path, contract.map_year_change()).status == 200
    assert sorted(app_server.worker_pids()) == sorted(workers_before), "a worker died during the hostile run"
    new_log = app_server.stderr()[log_offset:]
    for marker in ("unhandled error", "WORKER TIMEOUT", "Traceback"):
        assert marker not in new_log, f"{marker!r} in the server log:\n{new_log[-3000:]}"


def test_protocol_level_junk_is_refused_cleanly(app_server: Gunicorn):
    """Requests broken below HTTP's semantics: gunicorn's own 4xx, never a 5xx, never a version banner."""
    junk = [b"GET / HTTP/9.9\r\nHost: x\r\n\r\n", b"GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", b"GET / HTTP/1.1\r\nX-A: " + b"a" * 10000 + b"\r\n\r\n",
            b"POST /en/_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            b"POST /en/_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(64)]  # a TLS ClientHello on the plain port
    for raw in junk:
        with socket.create_connection((HOST, app_server.port), timeout=3) as s:
            s.sendall(raw)
            data = b""
            deadline = time.monotonic() + 3
            for _ in range(1000):
                if time.monotonic() >= deadline:
                    break
                try:
                    chunk = s.recv(65536)
                except TimeoutError:  # gunicorn still waiting for the rest of a request: fine, no answer at all
                    break
                if not chunk:
                    break
                data += chunk
        status = re.match(rb"HTTP/1\.[01] (\d{3})", data)
        assert status is None or int(status.group(1)) < 500, (raw[:60], data[:300])
        assert not any(m in data for m in LEAKS), (raw[:60], data[:300])
        assert not re.search(rb"gunicorn/\d", data), data[:300]
    assert health(app_server.port)["status"] == "ok"


@pytest.mark.parametrize("path", ["/en/_dash-component-suites/nope/x.js", "/ru/_dash-component-suites/dash/nope.js",
                                  "/en/_dash-component-suites/..%2f..%2fdashboard%2fsettings.py",
                                  "/en/_dash-component-suites/dash/deps/..%2f..%2f..%2f..%2fetc%2fpasswd"])
def test_unknown_component_suite_is_a_404(app_server: Gunicorn, path):
    r = get(app_server.port, path)
    assert not any(m in r.body for m in LEAKS)
    assert r.status == 404, (r.status, r.text[:200])


def test_chunked_callback_body_over_64kb_is_refused(app_server: Gunicorn, contract: Contract):
    body = contract.map_year_change()
    body["inputs"][0]["value"]["pad"] = "x" * (guard.MAX_CALLBACK_BYTES * 2)
    raw = json.dumps(body).encode()
    chunks = (raw[i:i + 8192] for i in range(0, len(raw), 8192))
    refused_before = access_log_413s(app_server)
    conn = http.client.HTTPConnection(HOST, app_server.port, timeout=30)
    try:
        conn.request("POST", contract.update_path, body=chunks, encode_chunked=True,
                     headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        status = r.status
        r.read()
    except (BrokenPipeError, ConnectionResetError):
        # The server stops reading at the limit, answers 413 and closes. A client still sending can see its write fail
        # before it reads the answer (a race in the kernel, not in the app): the access log says what was answered.
        status = None
    finally:
        conn.close()
    if status is None:
        for _ in polls(5):
            if access_log_413s(app_server) > refused_before:
                break
        assert access_log_413s(app_server) > refused_before, app_server.logs()
    else:
        assert status == 413
    health(app_server.port)  # and the worker goes on serving


def access_log_413s(server: Gunicorn) -> int:
    log = server.stdout_path.read_text(errors="replace") if server.stdout_path.exists() else ""
    return len(re.findall(r'"POST /\w\w/_dash-update-component HTTP/1\.1" 413 ', log))


def test_generated_cases_are_deterministic(contract: Contract, embed_contract: Contract):
    a = hostile_cases(contract, embed_contract)
    b = hostile_cases(contract, embed_contract)
    assert [(c.method, c.path, c.body) for c in a] == [(c.method, c.path, c.body) for c in b]
    assert {c.kind for c in a} == {"malformed-json", "wrong-types", "unknown-output", "huge-body", "not-post",
                                   "long-query", "traversal", "query-fuzz", "query-callback"}
    assert all(len(c.path.split("?", 1)[-1]) > 4096 for c in a if c.kind == "long-query")
    assert all(len(c.body) > guard.MAX_CALLBACK_BYTES for c in a if c.kind == "huge-body")
    assert all(len(c.path.split("?", 1)[-1]) < 4000 for c in a if c.kind == "query-fuzz")


@pytest.mark.parametrize("path", ["/download/stock.png?w=300&h=200&scale=1", "/download/stock.png?w=360&h=240&scale=1",
                                  "/download/remittances.png?w=300&h=200&scale=1",
                                  "/download/remittances.svg?w=600&h=200"])
def test_smallest_allowed_image_sizes_render(app_server: Gunicorn, path):
    r = get(app_server.port, path, timeout=60)
    assert r.status == 200, (r.status, r.text[:200])


# --- the Host header never reaches a link (issue 10, item 4) ----------------------------------------------------------

EVIL_HOST = "evil.example.com"
PUBLIC_URL = "https://migration.example.gov.kg"
FORGED_FORWARDING = {"X-Forwarded-Host": EVIL_HOST, "X-Forwarded-Server": EVIL_HOST, "Forwarded": f"host={EVIL_HOST}",
                     "X-Forwarded-Proto": "https"}
LINK_PATHS = ["/download/stock.csv", "/download/map.csv?year=2020", "/en/", "/en/embed/map", "/health", "/"]


def assert_no_evil_host(reply: Reply) -> None:
    assert EVIL_HOST.encode() not in reply.body, reply.body[:300]
    assert EVIL_HOST not in json.dumps(reply.headers), reply.headers


def test_a_forged_host_is_refused_and_a_forged_forwarded_host_ignored(app_server: Gunicorn):
    """No KGM_PUBLIC_URL (the ops default): a Host outside KGM_ALLOWED_HOSTS is a plain 400; X-Forwarded-Host and
    Forwarded are never read (no ProxyFix; gunicorn takes neither), so links keep the real loopback host."""
    port = app_server.port
    for path in LINK_PATHS:
        refused = get(port, path, headers={"Host": EVIL_HOST, **FORGED_FORWARDING})
        assert refused.status == 400, (path, refused.status, refused.text[:200])
        assert refused.text == "Bad Host header: this dashboard does not answer for that host name."
        assert_no_evil_host(refused)
        served = get(port, path, headers=FORGED_FORWARDING)
        assert served.status in (200, 302), (path, served.status)
        assert_no_evil_host(served)
    csv_text = get(port, "/download/stock.csv", headers=FORGED_FORWARDING).text
    assert f"://{HOST}:{port}/en/?v=" in csv_text


def test_with_a_public_url_every_link_is_public_under_gunicorn(gunicorn):
    server = gunicorn(env={"KGM_PUBLIC_URL": PUBLIC_URL}, workers=1)
    share = Contract.fetch(server.port)
    dep = share.find("share-map.children")
    body = share.body(dep, {"share-map-toggle.n_clicks": 1, "view.data": {"q": "year=2020", "lang": "en"}},
                      ["share-map-toggle.n_clicks"])
    for headers in ({"Host": EVIL_HOST}, FORGED_FORWARDING, {"Host": EVIL_HOST, **FORGED_FORWARDING}):
        for path in LINK_PATHS:
            reply = get(server.port, path, headers=headers)
            assert reply.status in (200, 302), (path, reply.status)
            assert_no_evil_host(reply)
        csv_text = get(server.port, "/download/stock.csv", headers=headers).text
        assert f"{PUBLIC_URL}/en/?v=" in csv_text
        reply = post_json(server.port, share.update_path, body, headers=headers)
        assert reply.status == 200, reply.text[:300]
        assert_no_evil_host(reply)
        link = component_props(reply.json()["response"]["share-map"]["children"], "link-map")["value"]
        assert link.startswith(f"{PUBLIC_URL}/en/?year=2020&v=")
