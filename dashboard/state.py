"""ViewState: the one mapping between a URL query and what the page shows.

The query grammar is a public contract (links sit in presentations and articles):
  year=2024  dest=RUS~KAZ  oblast=KG-O  sex=both|male|female  src=un2024|un2020|un2019|knomad2021|gbmd
  measure=<oblast indicator>  per=abs|per1000  layer=oblasts|destinations|flows  frame=region|asia|world
  tab=top|compare  rem=usd|gdp|country|corridor  partner=<sending country, ISO3>  from=2015  to=2024
  oview=rank|series|scatter  vs=poverty|wage  wm=counts|share  events=on|off  city=<place id>~<place id>
  v=<data version>
Defaults are dropped, keys are written in that order, and unknown or invalid values fall back to the default with a
Notice saying so; parsing never raises. Keys once renamed keep working through MIGRATIONS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode

from .data import Bundle
from .data.boundaries import OBLAST_CODES
from .data.corridors import destination_cities
from .data.oblasts import DEFAULT_INDICATOR, INDICATORS
from .data.remittances import corridor_partners
from .data.series_years import series_span
from .data.stock import DEFAULT_STOCK_SOURCE, sexes_for, stock_sources, stock_years
from .lru import BoundedLRU

SOURCE_ALIASES = {
    "un2024": "UNDESA_IMS2024_VIA_ANDREEV", "un2020": "UNDESA_IMS2020_VIA_ANDREEV",
    "un2019": "UNDESA_IMS2019_VIA_ABEL", "knomad2021": "KNOMAD_BMM_2021", "gbmd": "WB_GBMD_VIA_ANDREEV",
}
ALIAS_OF = {v: k for k, v in SOURCE_ALIASES.items()}
QUERIES: BoundedLRU[str] = BoundedLRU(4096)  # to_query's answers: a view and its values' types -> query
SEXES = ("both", "male", "female")
PERS = ("abs", "per1000")
LAYERS = ("destinations", "flows", "oblasts")
# how much of the globe the destinations and flows maps show: the main corridors (default), Central Asia, the whole
# world. Part of the view, so a link, an embed and a downloaded image show the frame the reader chose.
FRAMES = ("region", "asia", "world")
TABS = ("top", "compare")
REMS = ("usd", "gdp", "country", "corridor")
# the oblasts compared: a ranking of the units, their time series, or a migration indicator against poverty or wages
OVIEWS = ("rank", "series", "scatter")
VERSUS = ("poverty", "wage")
WMS = ("counts", "share")  # women and men: head counts, or the share of women
SWITCHES = ("on", "off")
KEY_ORDER = ("year", "from", "to", "dest", "oblast", "sex", "src", "measure", "per", "layer", "frame", "tab", "rem",
             "partner", "oview", "vs", "wm", "events", "city", "v")
# keys whose attribute name differs (from is a Python keyword)
ATTR = {"from": "start", "to": "end"}
FIRST_YEAR, LAST_YEAR = 1900, 2100  # a year range outside these is a typing slip, not a question
MIGRATIONS = {"destination": "dest", "destinations": "dest", "region": "oblast", "source": "src", "y": "year"}
MAX_DEST = 8
MAX_QUERY = 2000  # longer queries are not links people make; refuse them whole


@dataclass(frozen=True)
class Notice:
    """A value from the URL that could not be used. Rendered (translated) by the page."""

    key: str
    value: str
    reason: str  # 'unknown-key' | 'invalid' | 'not-available' | 'too-long' | 'version'


@dataclass(frozen=True)
class Options:
    """What the current data allow, computed once from the bundle."""

    sources: tuple[str, ...]
    years: dict = field(hash=False)  # source id -> tuple of years
    countries: frozenset
    version: str
    sexes: dict = field(default_factory=dict, hash=False)  # source id -> sexes it publishes
    compare_default: str = ""  # the destination the sources-compared chart shows when none is chosen (package's)
    partners: tuple[str, ...] = ()  # sending countries with reported remittance figures, largest first
    cities: dict = field(default_factory=dict, hash=False)  # destination city place id -> its country (ISO3)
    span: tuple[int, int] = (0, 0)  # first and last year of any time series: the year-range control's extent

    @classmethod
    def from_bundle(cls, b: Bundle) -> Options:
        srcs = tuple(stock_sources(b))
        return cls(srcs, {s: tuple(stock_years(b, s)) for s in srcs}, frozenset(b["countries"]["iso3"]), b.version,
                   {s: tuple(sexes_for(b, s)) for s in srcs}, b.presentation.compare_destination,
                   tuple(corridor_partners(b)), destination_cities(b), series_span(b))


@dataclass(frozen=True)
class ViewState:
    year: int | None = None  # None = the latest year of the chosen source
    dest: tuple[str, ...] = ()  # () = the top destinations of the chosen year
    oblast: str | None = None
    sex: str = "both"
    src: str = DEFAULT_STOCK_SOURCE
    measure: str = DEFAULT_INDICATOR
    per: str = "abs"
    layer: str = "destinations"
    frame: str = "region"
    tab: str = "top"
    rem: str = "usd"
    partner: str | None = None  # None = the sending country with the most reported figures
    start: int | None = None  # from=: first year of every time series (None = from the first published)
    end: int | None = None  # to=: last year of every time series
    oview: str = "rank"
    vs: str = "poverty"
    wm: str = "counts"
    events: str = "on"
    city: tuple[str, ...] = ()  # the card's city in a destination country (place ids), () = the package's choice
    v: str | None = None

    def effective_year(self, opts: Options) -> int:
        """The chosen year if the source publishes it, else the source's latest (the default source's for a
        source the data does not hold)."""
        years = opts.years.get(self.src) or opts.years[opts.sources[0]]
        return self.year if self.year in years else years[-1]

    def in_range(self, year) -> bool:
        """Whether a year lies in the view's from/to range (both ends included; an open end admits all)."""
        return (self.start is None or year >= self.start) and (self.end is None or year <= self.end)

    def corridor_partner(self, opts: Options) -> str:
        """The sending country of the remittance corridor: the chosen one, else the one with most figures."""
        return self.partner or (opts.partners[0] if opts.partners else "")

    def compare_dest(self, opts: Options) -> str:
        """The destination whose sources are compared: the first chosen, else the package's default."""
        return self.dest[0] if self.dest else opts.compare_default


def parse(query: str | dict, opts: Options) -> tuple[ViewState, list[Notice]]:
    """URL query (with or without '?', or a dict) -> (view, notices). Never raises."""
    if not isinstance(query, str | dict):
        query = ""  # a tampered callback can send anything
    if isinstance(query, str) and len(query.lstrip("?")) > MAX_QUERY:
        return ViewState(), [Notice("query", query.lstrip("?")[:40] + "…", "too-long")]
    reading = _Reading(opts)
    reading.keep_known(_pairs(query))
    reading.source_and_year()
    reading.places()
    reading.choices()
    reading.year_range()
    reading.partner_and_city()
    reading.version()
    return replace(ViewState(), **reading.changes), reading.notices


def _pairs(query: str | dict) -> list[tuple[str, str]]:
    if isinstance(query, dict):
        return [(str(k), str(v)) for k, v in query.items()]
    return parse_qsl((query or "").lstrip("?"), keep_blank_values=True)


@dataclass
class _Reading:
    """One query being read: its known keys' raw values, the changes to the default view they make, and a Notice
    for each value that could not be used. Each step reads a few keys, so `parse` reads as the grammar does."""

    opts: Options
    raw: dict[str, str] = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)

    def bad(self, key: str, reason: str = "invalid") -> None:
        self.notices.append(Notice(key, self.raw[key][:40], reason))

    def keep_known(self, pairs: list[tuple[str, str]]) -> None:
        for k, v in pairs:
            k = MIGRATIONS.get(k, k)
            if k not in KEY_ORDER:
                self.notices.append(Notice(k[:40], v[:40], "unknown-key"))
                continue
            self.raw[k] = v.strip()

    def year_range(self) -> None:
        """from= and to=: whole years; a reversed range is read the right way round, with a notice."""
        for key in ("from", "to"):
            if key in self.raw and self.raw[key]:
                text = self.raw[key]
                if re.fullmatch(r"\d{4}", text) and FIRST_YEAR <= int(text) <= LAST_YEAR:
                    self.changes[ATTR[key]] = int(text)
                else:
                    self.bad(key)
        start, end = self.changes.get("start"), self.changes.get("end")
        if start is not None and end is not None and start > end:
            self.changes["start"], self.changes["end"] = end, start
            self.notices.append(Notice("from", f"{start}>{end}", "reversed"))

    def partner_and_city(self) -> None:
        raw = self.raw
        if "partner" in raw and raw["partner"]:
            code = raw["partner"].upper()
            if code in self.opts.partners:
                self.changes["partner"] = code
            else:
                self.bad("partner", "no-figures" if code in self.opts.countries else "invalid")
        if "city" in raw and raw["city"]:
            ids = list(dict.fromkeys(p.lower() for p in re.split(r"[~,\s]+", raw["city"]) if p))
            good: dict[str, str] = {}  # one city per country: the first named wins
            for place in ids:
                country = self.opts.cities.get(place)
                if country and country not in good:
                    good[country] = place
            unknown = [p for p in ids if p not in self.opts.cities]
            second = [p for p in ids if p in self.opts.cities and p not in good.values()]
            if unknown:
                self.notices.append(Notice("city", "~".join(unknown)[:40], "invalid"))
            if second:
                self.notices.append(Notice("city", "~".join(second)[:40], "one-city-per-country"))
            if good:
                self.changes["city"] = tuple(good.values())

    @property
    def src(self) -> str:
        return self.changes.get("src", ViewState.src)

    def source_and_year(self) -> None:
        raw = self.raw
        if "src" in raw:
            src = SOURCE_ALIASES.get(raw["src"].lower(), raw["src"])
            if src in self.opts.sources:
                self.changes["src"] = src
            else:
                self.bad("src")
        if "year" in raw:
            if re.fullmatch(r"\d{4}", raw["year"]) and int(raw["year"]) in self.opts.years.get(self.src, ()):
                self.changes["year"] = int(raw["year"])
            else:
                self.bad("year", "not-available" if re.fullmatch(r"\d{4}", raw["year"]) else "invalid")

    def places(self) -> None:
        raw = self.raw
        if "dest" in raw and raw["dest"]:
            codes = list(dict.fromkeys(c.upper() for c in re.split(r"[~,\s]+", raw["dest"]) if c))
            good = [c for c in codes if c in self.opts.countries and c not in ("WLD", "KGZ")]
            unknown = [c for c in codes if c not in good]
            if unknown:  # name only what was dropped: the rest of the list is kept
                self.notices.append(Notice("dest", "~".join(unknown)[:40], "unknown-codes"))
            if len(good) > MAX_DEST:
                self.notices.append(Notice("dest", str(len(good)), "too-many"))
            self.changes["dest"] = tuple(good[:MAX_DEST])
        if "oblast" in raw and raw["oblast"]:
            code = raw["oblast"].upper()
            if code in OBLAST_CODES:
                self.changes["oblast"] = code
            else:
                self.bad("oblast")

    def choices(self) -> None:
        raw = self.raw
        for key, allowed in (("sex", SEXES), ("per", PERS), ("layer", LAYERS), ("frame", FRAMES),
                             ("tab", TABS), ("rem", REMS), ("oview", OVIEWS), ("vs", VERSUS),
                             ("wm", WMS), ("events", SWITCHES)):
            if key in raw:
                val = raw[key].lower()
                if val in allowed:
                    self.changes[key] = val
                else:
                    self.bad(key)
        sex, published = self.changes.get("sex", ViewState.sex), self.opts.sexes.get(self.src)
        if sex != "both" and published and sex not in published:
            self.notices.append(Notice("sex", sex, "not-available-sex"))  # e.g. KNOMAD 2021 publishes both only
            self.changes.pop("sex", None)
        if "measure" in raw:
            if raw["measure"] in INDICATORS:
                self.changes["measure"] = raw["measure"]
            else:
                self.bad("measure")

    def version(self) -> None:
        if "v" in self.raw and self.raw["v"]:
            if re.fullmatch(r"[0-9A-Za-z._-]{1,32}", self.raw["v"]):
                self.changes["v"] = self.raw["v"]
                if self.raw["v"] != self.opts.version:
                    self.notices.append(Notice("v", self.raw["v"][:32], "version"))
            else:
                self.bad("v")


def to_query(s: ViewState) -> str:
    """View -> query string ('' for the default view). Defaults dropped, keys in KEY_ORDER. Memoised: a panel
    answer writes its views' queries some thirty times (cache keys, rendered keys). Kept under the view and its
    values' types (a year of 2020.0 is written as such), never for a TrackedView (it notes each field read)."""
    if type(s) is not ViewState:
        return _query(s)
    try:
        key = (s, tuple(map(type, s.__dict__.values())))
        return QUERIES.get_or_compute(key, lambda: _query(s))
    except TypeError:  # a field holding something unhashable (a list): written out as it is
        return _query(s)


def _query(s: ViewState) -> str:
    d = ViewState()
    out: list[tuple[str, str]] = []
    for key in KEY_ORDER:
        val = getattr(s, ATTR.get(key, key))
        if val == getattr(d, ATTR.get(key, key)) or val is None:
            continue
        if key in ("dest", "city"):
            val = "~".join(val)
        elif key == "src":
            val = ALIAS_OF.get(val, val)
        out.append((key, str(val)))
    return urlencode(out, safe="~")


def from_controls(opts: Options, **values) -> ViewState:
    """Control values (as Dash sends them) -> a valid view. Bad values are dropped, as from a URL."""
    q: dict[str, str] = {}
    for key, val in values.items():
        if key == "range":
            q.update(range_query(opts, val))
            continue
        key = {attr: k for k, attr in ATTR.items()}.get(key, key)  # start=, end= (attribute names) mean from, to
        if val is None or val == "" or val == []:
            continue
        if key in ("dest", "city"):
            val = "~".join(v for v in val if isinstance(v, str)) if isinstance(val, list | tuple) else str(val)
        elif key == "src":
            val = ALIAS_OF.get(str(val), str(val))
        q[key] = str(val)
    state, _ = parse(q, opts)
    return state


def range_query(opts: Options, value) -> dict[str, str]:
    """The year-range control's [first, last] -> from=/to=. A handle at its end of the control's extent is no limit
    (the key is dropped, so the whole extent is the default view and links keep following new years); anything but
    two whole years is no range."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return {}
    if not all((isinstance(year, int) and not isinstance(year, bool)) or (isinstance(year, float) and
                                                                          year.is_integer()) for year in value):
        return {}
    first, last = sorted(int(year) for year in value)
    low, high = opts.span
    out = {}
    if first > low:
        out["from"] = str(first)
    if last < high:
        out["to"] = str(last)
    return out


def range_value(s: ViewState, span: tuple[int, int]) -> list[int]:
    """The view's from/to as the year-range control's [first, last] within its extent `span` (an open end at the
    extent's end; a year beyond the extent at the extent's end): the inverse of range_query."""
    low, high = span
    first = low if s.start is None else min(max(s.start, low), high)
    last = high if s.end is None else min(max(s.end, low), high)
    return [first, max(first, last)]
