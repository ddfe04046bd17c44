"""What official sources count for one destination, by kind: people there or registered, enforcement registers,
entries and departures, permanent emigration, permits, programme placements, quotas, shares.

Officials state very different things as "how many Kyrgyz in Russia": people registered on a date, entries during a
year, labour contracts, people on an entry-ban list. Each kind gets its own panel with a one-line definition, so no
reader adds or compares figures that count different things; within a panel each dot is one statement, with its
own wording, its date as published and its source in the hover, and two sources that disagree are two dots.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..data.official import KINDS, official_counts
from ..data.rows import itertuples
from ..figures.official import Group, Panel, nothing_figure, official_figure
from ..figures.series import hover_amount, percent_suffix
from ..i18n import N_, fmt_number, translator
from ..i18n.amounts import fmt_amount, fmt_exact, is_missing, qualify
from ..i18n.dates import date_words
from ..labels import KIND_LABEL, names, source_label, unit_word
from ..lru import BoundedLRU
from .base import Chart, ChartRequest, ExportPreset, Heading
from .filters import in_range, national_note, range_words, sex_note
from .native import MARKERS, NativeChart, NativeSeries, number_format, values_at

KIND_DEFINITION = {
    "stock": N_("Kyrgyz citizens present, staying, working or registered there on a date, as officials state it"),
    "register": N_("People on Russia's register of controlled persons or its entry-ban list: enforcement lists, "
                   "not a count of migrants"),
    "flow": N_("Entries, arrivals, departures and returns during a period: one person may move several times"),
    "permanent": N_("People who changed their permanent residence, as the National Statistical Committee registers "
                    "them; labour migrants keep theirs and are not in it"),
    "permit": N_("Permits, visas and contracts issued, and candidates tested: documents, not people present"),
    "programme": N_("People placed in jobs abroad through a recruitment programme or agency"),
    "quota": N_("Places a destination opened to Kyrgyz citizens: a ceiling, not people who went"),
    "share": N_("Percentages as officials state them"),
}
# a panel's unit in its heading: documents as their number, since the heading of their kind already names them
# ('Permits, visas and contracts (contracts)' read as a slip)
UNIT_WORDS = {"persons": N_("persons"), "contracts": N_("number of contracts"), "visas": N_("number of visas"),
              "permits": N_("number of permits"), "%": N_("%")}
PERMANENT_WORDS = {"permanent immigrants to KGZ": N_("immigrants to Kyrgyzstan for permanent residence"),
                   "permanent emigrants from KGZ": N_("emigrants from Kyrgyzstan for permanent residence"),
                   "net permanent migration": N_("net permanent migration")}
COUNTED = {"contracts": N_("contracts: {n}"), "visas": N_("visas: {n}"), "permits": N_("permits: {n}")}
def amount_words(row, lang: str, hover: bool = False) -> str:
    """A figure as the page says it, with its qualifier ('about', 'more than', a range); the hover adds the value as
    published when the readable one differs. Contracts, visas and permits are counted as such, never as persons."""
    qualifier = row.qualifier if row.qualifier != "range" else ""
    if row.unit_base in COUNTED:
        count = fmt_number(row.value * row.multiplier, lang, 0)
        if not is_missing(row.value_max):
            count += "–" + fmt_number(row.value_max * row.multiplier, lang, 0)
        text = qualify(translator(lang)(COUNTED[row.unit_base], n=count), qualifier, lang)
        if hover and row.multiplier != 1:
            published = translator(lang)("{n} thousand", n=fmt_exact(row.value, lang))
            text += "<br>" + translator(lang)("as published: {value}", value=published)
        return text
    upper = None if is_missing(row.value_max) else row.value_max
    if hover:
        return hover_amount(row.value, row.unit, lang, qualifier, upper=upper)
    return fmt_amount(row.value, row.unit, lang, qualifier, upper=upper)


def summary_amount(row, lang: str) -> str:
    """A figure in the summary with what it counts: the source's wording on English pages, the Statistical
    Committee's three measures in words on every page (their wording is fixed)."""
    amount = amount_words(row, lang)
    for start, words in PERMANENT_WORDS.items():
        if row.measure.startswith(start):
            return translator(lang)("{amount}, {measure}", amount=amount, measure=translator(lang)(words))
    return translator(lang)("{amount}, {measure}", amount=amount, measure=row.measure) if lang == "en" else amount


def sources_words(row, req: ChartRequest) -> str:
    """The source, and the second source that reported the same fact (also_source_id), by name."""
    t = translator(req.lang)
    text = t("Source: {source}", source=source_label(row.source_id, req.lang, req.bundle.sources))
    if row.also_source_id:
        text += "; " + t("also {source}", source=source_label(row.also_source_id, req.lang, req.bundle.sources))
    return text


def measure_words(measure: str, lang: str) -> str:
    """What a figure counts, in the source's wording as the data package records it (in English): on a ru or ky
    page it says so, rather than pass English off as the page's language."""
    return measure if lang == "en" else translator(lang)("In the source's wording (English): {measure}",
                                                         measure=measure)


ROW_WORDS: BoundedLRU = BoundedLRU(8192)


def hover_words(row, req: ChartRequest) -> list[str]:
    """A point's hover (what it counts, its date, the amount, its sources), worked out once per data version,
    language and row: a destination's rows come back in every year range. A fresh list for each caller."""
    try:
        values = tuple(_cell_key(value) for value in row[1:])
        words = ROW_WORDS.get_or_compute((req.bundle.digest, req.lang, row._fields[1:], values),
                                         lambda: _hover_words(row, req))
    except TypeError:  # an unhashable cell: worked out without the memo
        words = _hover_words(row, req)
    return list(words)


def _cell_key(value):
    """A cell as a memo's key: NaN and NA (which equal nothing, not even themselves) as one marker each."""
    if value is pd.NA:
        return "\0na"
    return "\0nan" if isinstance(value, float) and value != value else value


def _hover_words(row, req: ChartRequest) -> tuple[str, ...]:
    return (measure_words(row.measure, req.lang), date_words(row.date, req.lang),
            amount_words(row, req.lang, hover=True), sources_words(row, req))


def frame_for(req: ChartRequest) -> pd.DataFrame:
    return in_range(req, official_counts(req.bundle, req.view.compare_dest(req.opts))).reset_index(drop=True)


def panel_heading(kind: str, unit: str, lang: str) -> str:
    t = translator(lang)
    return t("{kind} ({unit})", kind=t(KIND_LABEL[kind]), unit=t(UNIT_WORDS.get(unit, unit)))


def build_panels(req: ChartRequest, frame: pd.DataFrame) -> list[Panel]:
    """One panel per kind and unit present, kinds in reading order; in each, one group per measure and source.

    The frame's rows are read once and grouped in plain Python, as pandas would group them: panels sorted by (kind's
    place, kind, unit), groups in order of first appearance, a row with a missing key in none, each group's dots
    ordered by NumPy's quicksort of their positions, as DataFrame.sort_values orders them (a few hundred small
    frames cost a new destination's panels ten times more)."""
    t = translator(req.lang)
    by_panel: dict[tuple, list] = {}
    for row in itertuples(frame):
        if not (pd.isna(row.kind) or pd.isna(row.unit_base)):
            by_panel.setdefault((KINDS.index(row.kind), row.kind, row.unit_base), []).append(row)
    panels = []
    for (_, kind, unit), rows in sorted(by_panel.items(), key=lambda item: item[0]):
        by_group: dict[tuple, list] = {}
        for row in rows:
            if not (pd.isna(row.position) or pd.isna(row.measure) or pd.isna(row.source_id)):
                by_group.setdefault((row.measure, row.source_id), []).append(row)
        groups = [dots(req, unit, group) for group in by_group.values()]
        notes = [t("Not dated, so not on the axis: {amount} ({source})", amount=amount_words(row, req.lang),
                   source=source_label(row.source_id, req.lang, req.bundle.sources))
                 for row in rows if pd.isna(row.position)]
        panels.append(Panel(panel_heading(kind, unit, req.lang), t(KIND_DEFINITION[kind]), groups, notes,
                            percent=unit == "%"))
    return panels


def dots(req: ChartRequest, unit: str, rows: list) -> Group:
    """One measure from one source: its dots by position (sort_values' own quicksort, ties as it leaves them)."""
    rows = [rows[at] for at in np.asarray([row.position for row in rows], dtype=float).argsort(kind="quicksort")]
    return Group(x=[float(row.position) for row in rows],
                 y=[float(row.value * row.multiplier) if unit != "%" else float(row.value) for row in rows],
                 span=[float(row.span) for row in rows],
                 upper=[0.0 if is_missing(row.value_max) else float((row.value_max - row.value) * row.multiplier)
                        for row in rows],
                 hover=[hover_words(row, req) for row in rows])


PANELS: BoundedLRU = BoundedLRU(512)


def panels_for(req: ChartRequest, frame: pd.DataFrame) -> list[Panel]:
    """build_panels, worked out once per data version, destination, year range and language: the year only moves
    the dotted line, so a year step (and every view of that destination) reuses the words. Each caller gets lists of
    its own: the figure holds them, and a caller may change its figure."""
    key = (req.bundle.digest, req.view.compare_dest(req.opts), req.view.start, req.view.end, req.lang)
    return [replace(panel, groups=[replace(group, x=list(group.x), y=list(group.y), span=list(group.span),
                                           upper=list(group.upper), hover=[list(h) for h in group.hover])
                                   for group in panel.groups], undated=list(panel.undated))
            for panel in PANELS.get_or_compute(key, lambda: build_panels(req, frame))]


class OfficialChart(Chart):
    note: str = N_("Each panel is one kind of official figure; do not add or compare figures across panels. What "
                   "each figure counts is given in the source's own wording, which the data package records in "
                   "English. Dots are statements; a line joins only the dates of one measure from one source.")
    examples: tuple[str, ...] = ("dest=RUS", "dest=GBR&from=2020", "dest=KOR")

    def heading(self, req: ChartRequest) -> Heading:
        t = translator(req.lang)
        iso = req.view.compare_dest(req.opts)
        country = names(req.bundle, req.lang).get(iso, iso)
        years = range_words(req)
        title = (t("What official sources count: Kyrgyz citizens in {country}, {years}", country=country,
                   years=years) if years else
                 t("What official sources count: Kyrgyz citizens in {country}", country=country))
        sub = t("What is counted: people there, movements, documents, placements, quotas and enforcement lists, "
                "each in its own panel; official statements as reported; not comparable across kinds")
        frame = frame_for(req)
        ids = tuple(dict.fromkeys([*frame["source_id"], *[s for s in frame["also_source_id"] if s]]))
        notes = sex_note(req) + national_note(req)
        if req.view.year is not None:
            notes += (t("All years are shown; {year} is marked with a dotted line", year=req.view.year),)
        return Heading(title, sub, ids, notes=notes)

    def figure(self, req: ChartRequest) -> dict:
        heading = self.heading(req)
        line = heading.source_line(req.bundle, req.lang, req.link)
        frame = frame_for(req)
        if not len(frame):
            return nothing_figure(self.nothing_words(req), title=heading.title,
                                  subtitle=heading.subtitle_with_notes(), source_line=line, lang=req.lang)
        return official_figure(panels_for(req, frame), req.view.year, title=heading.title,
                               subtitle=heading.subtitle_with_notes(), source_line=line,
                               percent_suffix=percent_suffix(req.lang), lang=req.lang)

    def nothing_words(self, req: ChartRequest) -> str:
        t = translator(req.lang)
        years = range_words(req)
        return (t("No official figure in the data for these years ({years})", years=years) if years else
                t("No official figure in the data for this destination"))

    def rows(self, req: ChartRequest) -> pd.DataFrame:
        frame = frame_for(req)
        out = frame[["kind", "measure", "date", "year", "value", "value_max", "unit", "multiplier", "qualifier",
                     "persons", "source_id", "also_source_id", "note"]].copy()
        out["persons"] = out["persons"].where(frame["unit_base"] == "persons")
        out.insert(0, "destination_iso3", req.view.compare_dest(req.opts))
        return out

    def summary(self, req: ChartRequest, rows: pd.DataFrame) -> str:
        """The latest figure of each kind, with its date and source; the count of undated statements. The same for
        every year of a destination and range: worked out once per data version and language."""
        key = ("summary", req.bundle.digest, req.view.compare_dest(req.opts), req.view.start, req.view.end, req.lang,
               bool(len(rows)))
        return PANELS.get_or_compute(key, lambda: self.latest_words(req, rows))

    def latest_words(self, req: ChartRequest, rows: pd.DataFrame) -> str:
        t = translator(req.lang)
        iso = req.view.compare_dest(req.opts)
        country = names(req.bundle, req.lang).get(iso, iso)
        if not len(rows):
            return self.nothing_words(req) + "."
        frame = frame_for(req)
        by_kind: dict[str, list] = {}
        for row in itertuples(frame):  # read once; each kind's rows in the frame's order
            by_kind.setdefault(row.kind, []).append(row)
        parts = []
        for kind in [k for k in KINDS if k in by_kind]:
            dated = [row for row in by_kind[kind] if not pd.isna(row.position)]
            # every figure of the latest date: two sources stating different numbers that day are both named
            newest = max((row.position for row in dated), default=None)
            latest = [row for row in dated if row.position == newest] if dated else by_kind[kind][:1]
            figures = ", ".join(t("{amount} ({date}; {source})", amount=summary_amount(row, req.lang),
                                  date=date_words(row.date, req.lang),
                                  source=source_label(row.source_id, req.lang, req.bundle.sources))
                                for row in latest)
            if len(latest) > 1 and req.lang != "en" and kind != "permanent":
                figures += " " + t("(different measures: see the table)")
            parts.append(t("{kind}: {figures}", kind=t(KIND_LABEL[kind]), figures=figures))
        text = t("Latest official figure of each kind for {country}: {values}.", country=country,
                 values="; ".join(parts))
        undated = int(frame["position"].isna().sum())
        if undated:
            text += " " + t("Statements without a date, listed beside their panel: {n}.", n=undated)
        return text

    def native(self, req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
        if not len(rows):
            return NativeChart("words", words=self.nothing_words(req))
        return native_panels(req, rows)


def native_panels(req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
    """One small chart per kind and unit, as the page's panels: each measure from each source its own series (the
    measure's wording as its name in the workbook; dots, a line only between dates of one measure), in persons
    (value x multiplier) or as published for documents and shares; undated statements named beneath."""
    t = translator(req.lang)
    frame = frame_for(req)
    panels, undated = [], []
    for (_, kind, unit), group in frame.groupby([frame["kind"].map(KINDS.index), "kind", "unit_base"], sort=True):
        dated = group[group["position"].notna()]
        column = "persons" if unit == "persons" else "value"
        series = []
        for i, (_, one) in enumerate(dated.groupby(["measure", "source_id"], sort=False)):
            positions = [int(frame.index.get_loc(ix)) for ix in one.sort_values("position").index]
            first = frame.iloc[positions[0]]
            name = (measure_words(first["measure"], req.lang) + " · "
                    + source_label(first["source_id"], req.lang, req.bundle.sources))
            series.append(NativeSeries(name, values_at(rows, positions, column), tuple(positions), column,
                                       x=tuple(float(frame["position"].iloc[p]) for p in positions),
                                       joined=len(positions) > 1, marker=MARKERS[i % len(MARKERS)]))
        undated += [t("Not dated, so not on the axis: {amount} ({source})", amount=amount_words(row, req.lang),
                      source=source_label(row.source_id, req.lang, req.bundle.sources))
                    for row in itertuples(group[group["position"].isna()])]
        shown = [v for one in series for v in one.values if v is not None]
        multiplier = set(group["multiplier"]) if unit != "persons" else {1}
        words = panel_heading(kind, unit, req.lang) if multiplier == {1} else \
            t("{kind} ({unit})", kind=t(KIND_LABEL[kind]), unit=unit_word(group["unit"].iloc[0], req.lang))
        if series:
            panels.append(NativeChart("xy", tuple(series), title=words, number_format=number_format(shown)))
    named = tuple(int(pos) for pos in range(len(frame)) if pd.isna(frame["position"].iloc[pos]))
    if not panels:
        return NativeChart("words", words=" ".join([*undated]) or t("No official figure in the data for this "
                                                                     "destination"), named=named)
    return NativeChart("panels", panels=tuple(panels), words=" · ".join(undated), named=named)


# one panel per kind stacked: Russia's six panels need about 1,500 px at a slide's width, so the images are tall
# (a 1600x900 slide would squeeze each panel under its heading)
TALL_PRESETS = {"slide": ExportPreset(width=1600, height=1600, scale=2),
                "square": ExportPreset(width=1500, height=1500, scale=2),
                "a4": ExportPreset(width=1240, height=1754, scale=1.5)}  # A4 portrait at 150 dpi
OFFICIAL = OfficialChart(id="official", label=N_("What official sources count"), presets=TALL_PRESETS,
                         embed_heights={0: 2010, 600: 1840, 900: 1840})
