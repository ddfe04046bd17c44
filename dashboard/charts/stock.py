"""Migrant stock: people born in Kyrgyzstan living abroad by destination over time (top), or every source's count
for one destination side by side (compare)."""

from __future__ import annotations

import pandas as pd

from ..data import stock as sq
from ..data.rows import first_and_last, itertuples
from ..figures import series
from ..figures.empty import no_figure
from ..figures.events import add_events
from ..i18n import N_, fmt_number, translator
from ..i18n.amounts import fmt_amount, fmt_date_label
from ..labels import KIND_LABEL, SERIES_DEFINITION, SERIES_LABEL, names, source_label
from ..lru import BoundedLRU
from .base import Chart, ChartRequest, Heading
from .filters import in_range, marker_year, missing_for_sex, national_note, no_figure_words, sex_words, with_range
from .headline import headline
from .kept import kept_traces
from .native import DASHES, MARKERS, NativeChart, groups, number_format, series_at, time_series

TOP_FRAMES: BoundedLRU = BoundedLRU(256)  # top_and_other's rows, a few KB each
TOP_COUNT = 5  # destinations drawn one by one; the rest are summed into 'other destinations'
ALONE_MAX = 2  # up to this many chosen destinations are drawn without the 'other destinations' sum


def other_left_out(req: ChartRequest) -> bool:
    """One or two chosen destinations are drawn without 'other destinations'. That sum (Russia and everyone else,
    ~600,000) is 10-100 times a chosen Turkey or Germany; on a shared linear axis it flattens them into the floor.
    A log axis would keep both visible but makes readers misjudge the differences that matter here (growth, a fall),
    and a second axis invites false comparisons; the sum is also not what the reader asked about. So it is left out
    and the subtitle says so; the default view (top destinations and the rest) still shows it."""
    return 0 < len(req.view.dest) <= ALONE_MAX


def unlisted_destinations(req: ChartRequest) -> list[str]:
    """The chosen destinations the view's source lists no figure for (for the view's sex), in the order chosen."""
    if not req.view.dest:  # the default view: nothing chosen, no table read
        return []
    listed = set(sq.stock_by_destination(req.bundle, req.view.src, req.view.sex)["destination_iso3"])
    return [iso for iso in req.view.dest if iso not in listed]


def unlisted_words(req: ChartRequest, unlisted: list[str]) -> str:
    """'This source has no figure for South Korea, Japan (women)'."""
    nm = names(req.bundle, req.lang)
    countries = ", ".join(nm.get(iso, iso) for iso in unlisted)
    if req.view.sex != "both":
        countries += f" ({sex_words(req)})"
    return translator(req.lang)("This source has no figure for {countries}", countries=countries)


def unlisted_instead_of_lines(req: ChartRequest, unlisted: list[str]) -> bool:
    """The source lists none of the chosen destinations and no 'other' line is drawn: the chart names them where its
    lines would be (no_lines_words), not in its subtitle."""
    return bool(unlisted) and len(unlisted) == len(req.view.dest) and other_left_out(req)


def no_lines_words(req: ChartRequest) -> str:
    """What the chart says where its lines would be: the chosen destinations the source does not list, else the
    year range that leaves no figure (no_figure_words)."""
    unlisted = unlisted_destinations(req) if req.view.tab != "compare" else []
    if unlisted_instead_of_lines(req, unlisted):
        return unlisted_words(req, unlisted)
    return no_figure_words(req)


def top_and_other(req: ChartRequest) -> pd.DataFrame:
    """The top chart's rows: the chosen (or the year's top) destinations and 'other destinations', in the year range.
    Kept per data version under what they are made of, so every year whose top is the same, and the figure and the
    rows of one view, share one pandas pipeline; a frame of the caller's own (copy-on-write)."""
    key, chosen = top_key(req)
    return TOP_FRAMES.get_or_compute(key, lambda: _top_and_other(req, chosen)).copy(deep=False)


def top_key(req: ChartRequest) -> tuple[tuple, list[str]]:
    """(what top_and_other's rows are made of, the destinations drawn one by one)."""
    s = req.view
    # chosen destinations are drawn whatever the year: only the top destinations are the year's (and a figure that
    # does not read the year is kept for every year of its view, charts/reads.py)
    chosen = list(s.dest) or sq.top_destinations(req.bundle, s.src, s.sex, req.year, TOP_COUNT)
    key = (req.bundle.digest, s.src, s.sex, tuple(chosen), None if chosen else req.year, other_left_out(req),
           s.start, s.end)  # every field the pipeline reads, read as it reads them
    return key, chosen


def _top_and_other(req: ChartRequest, chosen: list[str]) -> pd.DataFrame:
    s = req.view
    # the year only picks the top destinations: kept by them, the rows serve every year whose top is the same
    frame = sq.stock_top_and_other(req.bundle, s.src, s.sex, None if chosen else req.year, count=TOP_COUNT,
                                   destinations=chosen or None)
    if other_left_out(req):
        frame = frame[frame["destination_iso3"] != "OTHER"].reset_index(drop=True)
    return in_range(req, frame).reset_index(drop=True)


def series_labels(req: ChartRequest, frame: pd.DataFrame) -> dict[str, str]:
    """The compare chart's series names, the same in its legend, table, CSV and summary."""
    t = translator(req.lang)
    labels = {key: t(text) for key, text in SERIES_LABEL.items()}
    labels.update({sid: source_label(sid, req.lang, req.bundle.sources) for sid in frame["series"].unique()
                   if sid not in labels})
    # each point's source (and a second source of the same fact), named in its hover
    labels.update({sid: source_label(sid, req.lang, req.bundle.sources) for sid in cited_ids(frame)
                   if sid not in labels})
    return labels


def cited_ids(frame: pd.DataFrame) -> tuple[str, ...]:
    """Every source the rows cite: each row's source, then the second source of a fact two published (the 113,000
    in Kazakhstan: EADaily and IOM), so the source line names both."""
    also = frame.get("also_source_id", [])
    return tuple(dict.fromkeys([*frame["source_id"], *(sid for sid in also if isinstance(sid, str) and sid)]))


def compare_frame(req: ChartRequest) -> pd.DataFrame:
    return in_range(req, sq.sources_for_destination(req.bundle, req.view.compare_dest(req.opts), req.view.sex))


def sources_without_sex(req: ChartRequest, frame: pd.DataFrame) -> list[str]:
    """Series that count all migrants in the destination but publish nothing for the chosen sex."""
    if req.view.sex == "both":
        return []
    both = in_range(req, sq.sources_for_destination(req.bundle, req.view.compare_dest(req.opts), "both"))
    shown = set(frame["series"])
    gone = [key for key in both["series"].unique() if key not in shown]
    labels = series_labels(req, both)
    return [labels.get(key, key) for key in gone]


def undated_notes(req: ChartRequest) -> tuple[str, ...]:
    """Official statements published without a date cannot sit on the time axis: each is named beside the chart
    (in its subtitle and summary) with its source, never dropped."""
    if req.view.sex != "both":
        return ()
    t = translator(req.lang)
    undated = sq.undated_official_counts(req.bundle, req.view.compare_dest(req.opts))
    notes = []
    for row in itertuples(undated):
        factor = float(row.multiplier)
        upper = row.value_max * factor if row.value_max == row.value_max else None
        amount = fmt_amount(row.value * factor, "persons", req.lang, row.qualifier if isinstance(row.qualifier, str)
                            else "", upper=upper)
        notes.append(t("Undated statement, not on the time axis: {amount} ({source})", amount=amount,
                       source=source_label(row.source_id, req.lang, req.bundle.sources)))
    return tuple(notes)


class StockChart(Chart):
    note: str = N_("Why sources differ: UN DESA estimates people born in Kyrgyzstan at mid-year and revises past "
                     "years; censuses count residents on census day; officials report citizens present or registered, "
                     "which includes short stays. None of them is wrong; they count different things.")
    examples: tuple[str, ...] = ("", "tab=compare&dest=TUR&sex=female&events=off",
                                 "tab=compare&dest=KAZ&from=2015&to=2024", "src=knomad2021",
                                 "dest=TUR&oblast=KG-B&to=2010")

    def variant(self, req: ChartRequest) -> str:
        return req.view.tab

    def heading(self, req: ChartRequest) -> Heading:
        s = req.view
        t = translator(req.lang)
        if s.tab == "compare":
            frame = compare_frame(req)
            country = names(req.bundle, req.lang).get(s.compare_dest(req.opts), s.compare_dest(req.opts))
            present = set(frame["kind"])  # read once, not once per kind
            kinds = " · ".join(t(KIND_LABEL[k]) + ": " + t(v) for k, v in SERIES_DEFINITION.items() if k in present)
            sub = (t("Counts of {sex}", sex=sex_words(req)) + " · " + kinds) if s.sex != "both" else kinds
            sub = " · ".join(part for part in (headline(req, frame), sub) if part)
            # the chosen source first, then the others by how many points they give: the main series are named
            ranked = [s.src, *frame["source_id"].value_counts().index]
            cited = set(frame["source_id"])
            ids = tuple(dict.fromkeys(x for x in ranked if x in cited)) or (s.src,)
            title = (t("How many Kyrgyz migrants in {country}? Sources disagree", country=country)
                     if s.sex == "both" else
                     t("Kyrgyz migrants in {country}, {sex}: how many? Sources disagree", country=country,
                       sex=sex_words(req)))
            title = with_range(req, title)
            notes = missing_for_sex(req, sources_without_sex(req, frame)) + undated_notes(req) + national_note(req)
            return Heading(title, sub, tuple(dict.fromkeys([*ids, *cited_ids(frame)])), notes=notes)
        # chosen destinations the source does not list: named, never silently left out of the lines
        unlisted = unlisted_destinations(req)
        named = unlisted and not unlisted_instead_of_lines(req, unlisted)
        notes = national_note(req) + ((unlisted_words(req, unlisted),) if named else ())
        if other_left_out(req):
            sub = t("People born in Kyrgyzstan living abroad, {sex}; persons; the other destinations are not drawn: "
                    "their sum would flatten the chosen ones", sex=sex_words(req))
            return Heading(with_range(req, t("Migrant stock by destination")), sub, (s.src,), notes=notes)
        if s.dest:
            sub = t("People born in Kyrgyzstan living abroad, {sex}; persons", sex=sex_words(req))
        else:
            sub = t("People born in Kyrgyzstan living abroad, {sex}; persons; top destinations in {year} and the rest",
                    sex=sex_words(req), year=req.year)
        return Heading(with_range(req, t("Migrant stock by destination")), sub, (s.src,),
                       t("'Other' sums the other destinations this source shows"), notes)

    def figure(self, req: ChartRequest) -> dict:
        return add_events(self.series_figure(req), self.marked_events(req), req.lang,
                          every_source=bool(req.link))  # an image or embed names every source

    def series_figure(self, req: ChartRequest) -> dict:
        """The chart without its dated events (figures/events.py marks them)."""
        heading = self.heading(req)
        line = heading.source_line(req.bundle, req.lang, req.link)
        t = translator(req.lang)
        frame = compare_frame(req) if req.view.tab == "compare" else top_and_other(req)
        if not len(frame):
            return no_figure(no_lines_words(req), title=heading.title, subtitle=heading.subtitle_with_notes(),
                             source_line=line, lang=req.lang)
        if req.view.tab == "compare":
            labels = series_labels(req, frame)
            key = ("compare", req.bundle.digest, req.view.compare_dest(req.opts), req.view.sex, req.view.start,
                   req.view.end, req.lang)  # compare_frame's rows and their names
            return series.compare_figure(frame, labels, marker_year(req), title=heading.title,
                                         subtitle=heading.subtitle_with_notes(), source_line=line, unit=t("persons"),
                                         lang=req.lang, data=kept_traces(key, lambda: series.compare_traces(
                                             frame, labels, req.lang)))
        nm = names(req.bundle, req.lang)
        lines = None if frame["year"].nunique() == 1 else kept_traces(
            ("top", *top_key(req)[0], req.lang), lambda: series.stock_traces(frame, nm, req.lang))
        return series.stock_figure(frame, nm, marker_year(req), title=heading.title,
                                   subtitle=heading.subtitle_with_notes(), source_line=line, unit=t("persons"),
                                   lang=req.lang, data=lines)

    def event_years(self, req: ChartRequest) -> list[float]:
        rows = self.rows(req)
        return list(rows["reference_date_decimal" if req.view.tab == "compare" else "year"])

    def rows(self, req: ChartRequest) -> pd.DataFrame:
        if req.view.tab == "compare":
            frame = compare_frame(req)
            out = frame.rename(columns={"x": "reference_date_decimal", "value_persons": "value",
                                        "value_max_persons": "value_max"}).copy()
            out.insert(0, "destination_iso3", req.view.compare_dest(req.opts))
            out["unit"] = "persons"
            return out
        frame = top_and_other(req)
        out = frame[["year", "destination_iso3", "value", "n_destinations", "source_id"]].copy()
        out.insert(2, "destination", out["destination_iso3"].map(names(req.bundle, req.lang)))
        out["unit"] = "persons"
        out["sex"] = req.view.sex
        return out

    def summary(self, req: ChartRequest, rows: pd.DataFrame) -> str:
        if not len(rows):
            return no_lines_words(req) + "."
        return _compare_summary(req, rows) if req.view.tab == "compare" else _top_summary(req, rows)

    def native(self, req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
        """A line per destination over the source's years; or every source's counts for one destination, each its
        own series (estimates joined, counts as markers, a range a whisker up to its top), on one axis of
        persons."""
        if not len(rows):
            return NativeChart("words", words=no_lines_words(req))
        persons = translator(req.lang)("persons")
        fmt = number_format(rows["value"])
        if req.view.tab != "compare":
            series = [series_at(rows, positions, "value", str(rows["destination"].iloc[positions[0]]), "year")
                      for _, positions in groups(rows, "destination_iso3", "year")]
            return time_series(series, y_title=persons, number_format=fmt)
        labels = series_labels(req, rows)
        series = [series_at(rows, positions, "value", labels.get(key, key), "reference_date_decimal",
                            joined=rows["kind"].iloc[positions[0]] == "estimate", marker=MARKERS[i % len(MARKERS)],
                            dash=DASHES[i % len(DASHES)], y_above=ranges(rows, positions))
                  for i, (key, positions) in enumerate(groups(rows, "series", "reference_date_decimal"))]
        return NativeChart("xy", tuple(series), y_title=persons, number_format=fmt)


def ranges(rows: pd.DataFrame, positions: list[int]) -> tuple[float | None, ...]:
    """How far a published range (value to value_max) reaches above each value; None for a single figure."""
    tops = [rows["value_max"].iloc[pos] for pos in positions]
    values = [rows["value"].iloc[pos] for pos in positions]
    return tuple(float(top - value) if top == top and top is not None and top > value else None
                 for top, value in zip(tops, values, strict=True))


def _compare_summary(req: ChartRequest, rows: pd.DataFrame) -> str:
    lang = req.lang
    t = translator(lang)
    labels = series_labels(req, rows)
    parts = []
    for key, (_, last) in first_and_last(rows, "series", "reference_date_decimal").items():
        amount = fmt_amount(last.value, "persons", lang, last.qualifier, upper=getattr(last, "value_max", None))
        parts.append(f"{labels.get(key, key)}: {amount} ({fmt_date_label(last.reference_date_decimal, lang)})")
    country = names(req.bundle, lang).get(req.view.compare_dest(req.opts))
    text = t("Latest figure from each source for {country} ({sex}): {values}.", country=country,
             sex=sex_words(req), values="; ".join(parts))
    missing = missing_for_sex(req, sources_without_sex(req, compare_frame(req)))
    lead = headline(req, compare_frame(req))
    return " ".join([*([lead + "."] if lead else []), text, *(note + "." for note in missing)])


def _top_summary(req: ChartRequest, rows: pd.DataFrame) -> str:
    lang = req.lang
    t = translator(lang)
    nm = names(req.bundle, lang)
    ends = first_and_last(rows, "destination_iso3", "year")
    # the first three destinations; 'other destinations' only when it is the one line (no chosen one is listed)
    shown = [iso for iso in ends if iso != "OTHER"][:3] or [iso for iso in ends if iso == "OTHER"]
    parts = []
    for iso in shown:
        first, last = ends[iso]
        parts.append(t("{country}: {a} in {y1} to {b} in {y2}", country=nm.get(iso, iso),
                       a=fmt_number(first.value, lang, 0), y1=int(first.year),
                       b=fmt_number(last.value, lang, 0), y2=int(last.year)))
    return t("People born in Kyrgyzstan living abroad ({sex}), {source}. {values}.", sex=sex_words(req),
             source=source_label(req.view.src, lang), values="; ".join(parts))


STOCK = StockChart(id="stock", label=N_("Migrant stock"), embed_heights={0: 1610, 600: 1230, 900: 1350})
