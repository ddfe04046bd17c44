"""Women and men: for one destination, women and men over time (wm=counts) or the share of women (wm=share), from
every source that splits its count by sex: the UN DESA revisions and the World Bank database (one line pair each;
revisions are never joined), censuses and registers in the destination (markers), and the Interior Ministry's
April 2016 split of Kyrgyz citizens in Russia, published by IOM as shares (a marker, its shares in the hover)."""

from __future__ import annotations

import pandas as pd

from ..data import sexes as sq
from ..data.rows import first_and_last, itertuples
from ..data.stock import sources_for_destination
from ..figures import sexes as fig
from ..i18n import N_, translator
from ..i18n.amounts import end_sentence, fmt_amount, fmt_date_label, fmt_percent
from ..labels import KIND_LABEL, SERIES_DEFINITION, SERIES_LABEL, SEX_LABEL, names, source_label
from .base import Chart, ChartRequest, Heading
from .filters import in_range, national_note, range_words
from .kept import kept_traces
from .native import DASHES, MARKERS, NativeChart, NativeSeries, groups, named_rows, number_format, series_at

SERIES_SHORT = {  # legend names: a line pair per source, so each name is as short as it can be and still exact
    "UNDESA_IMS2024_VIA_ANDREEV": N_("UN DESA, 2024 revision"),
    "UNDESA_IMS2020_VIA_ANDREEV": N_("UN DESA, 2020 revision"),
    "WB_GBMD_VIA_ANDREEV": N_("World Bank, 1960–2000"),
    "DEST_born": N_("Censuses/registers abroad: born in Kyrgyzstan"),
    "DEST_citizens": N_("Censuses/registers abroad: Kyrgyz citizens"),
    "OFFICIAL_SPLIT": N_("Official count of Kyrgyz citizens"),
}


def main_order(req: ChartRequest) -> tuple[str, ...]:
    """The order a summary reads sources in: the package's stock sources (newest UN revision first), then the
    counts made in the destination and the official split."""
    return (*req.bundle.presentation.stock_sources, *sq.COUNT_ORDER)


def destination(req: ChartRequest) -> str:
    return req.view.compare_dest(req.opts)


def country_name(req: ChartRequest) -> str:
    return names(req.bundle, req.lang).get(destination(req), destination(req))


def series_labels(req: ChartRequest) -> dict[str, str]:
    """The names of the series, the same in the legend, the table, the CSV and the summary."""
    t = translator(req.lang)
    return {key: t(msgid) for key, msgid in SERIES_SHORT.items()}


def split_frame(req: ChartRequest) -> pd.DataFrame:
    return in_range(req, sq.sex_split(req.bundle, destination(req))).reset_index(drop=True)


def share_frame(req: ChartRequest) -> pd.DataFrame:
    return in_range(req, sq.share_of_women(req.bundle, destination(req))).reset_index(drop=True)


def without_split(req: ChartRequest) -> list[str]:
    """The sources counting migrants here that give no split by sex (in the years shown), named in the subtitle:
    'UN DESA International Migrant Stock, 2019 revision', 'Censuses/registers abroad: born in Kyrgyzstan (2021)'."""
    t = translator(req.lang)
    out = []
    for series, years, whole in sq.sources_without_split(req.bundle, destination(req)):
        label = t(SERIES_LABEL[series]) if series in SERIES_LABEL else source_label(series, req.lang)
        shown = [str(year) for year in years if req.view.in_range(year)]
        if shown:
            out.append(label if whole else f"{label} ({', '.join(shown)})")
    return out


def heading_sources(req: ChartRequest, frame: pd.DataFrame) -> tuple[str, ...]:
    """The sources drawn, the newest UN revision first; with nothing to draw, the sources named as giving no split."""
    if len(frame):
        order = {source: i for i, source in enumerate(main_order(req))}
        return tuple(sorted(dict.fromkeys(frame["source_id"]), key=lambda source: order.get(source, len(order))))
    every = in_range(req, sources_for_destination(req.bundle, destination(req), "both"))
    return tuple(dict.fromkeys(every["source_id"])) or (req.view.src,)


def titled(req: ChartRequest, title: str) -> str:
    """The title with the view's year range, so every output names the years the chart was cut to."""
    years = range_words(req)
    return translator(req.lang)("{title}, {years}", title=title, years=years) if years else title


def sex_filter_note(req: ChartRequest) -> tuple[str, ...]:
    if req.view.sex == "both":
        return ()
    t = translator(req.lang)
    return (t("This chart shows women and men side by side: the sex filter ({sex}) does not apply",
              sex=t(SEX_LABEL[req.view.sex])),)


class SexesChart(Chart):
    note: str = N_("UN DESA and censuses count people born in Kyrgyzstan, many of whom settled long ago; officials "
                   "count Kyrgyz citizens present, most of them working-age labour migrants. A share of women not "
                   "published by a source is computed from that source's own counts of women and of all, and the "
                   "hover says so.")
    examples: tuple[str, ...] = ("dest=TUR", "dest=RUS&wm=share", "dest=KAZ&from=2000&to=2024")

    def variant(self, req: ChartRequest) -> str:
        return req.view.wm

    def heading(self, req: ChartRequest) -> Heading:
        t = translator(req.lang)
        country = country_name(req)
        frame = split_frame(req)
        if req.view.wm == "share":
            title = t("Kyrgyz migrants in {country}: share of women", country=country)
            unit = t("Share of women, %; computed from each source's counts of women and of all, unless the source "
                     "published it; dotted line: as many women as men")
        else:
            title = t("Kyrgyz migrants in {country}: women and men", country=country)
            unit = t("Persons; one colour per source")  # women's and men's styles: the legend's last two entries
        present = set(frame["kind"])  # read once, not once per kind
        kinds = [t(KIND_LABEL[kind]) + ": " + t(SERIES_DEFINITION[kind]) for kind in SERIES_DEFINITION
                 if kind in present]
        missing = without_split(req)
        notes = ((t("No split by sex: {sources}", sources="; ".join(missing)),) if missing else ()) \
            + sex_filter_note(req) + national_note(req)
        return Heading(titled(req, title), " · ".join([unit, *kinds]), heading_sources(req, frame), notes=notes)

    def figure(self, req: ChartRequest) -> dict:
        heading = self.heading(req)
        line = heading.source_line(req.bundle, req.lang, req.link)
        frame = share_frame(req) if req.view.wm == "share" else split_frame(req)
        texts = {"title": heading.title, "subtitle": heading.subtitle_with_notes(), "source_line": line,
                 "lang": req.lang}
        if not len(frame):
            return fig.no_split_figure(no_split_words(req), **texts)
        labels, share = series_labels(req), req.view.wm == "share"
        # the lines, kept under the rows they are made of: the sex and the oblast change only the notes
        key = ("sexes", req.bundle.digest, share, destination(req), req.view.start, req.view.end, req.lang)
        data = kept_traces(key, lambda: (fig.share_traces if share else fig.counts_traces)(frame, labels, req.lang))
        return (fig.share_figure if share else fig.counts_figure)(frame, labels, **texts, data=data)

    def rows(self, req: ChartRequest) -> pd.DataFrame:
        """The published figures the chart draws (counts), or each share with the counts it comes from (share)."""
        frame = share_frame(req) if req.view.wm == "share" else split_frame(req).drop(columns=["detail"])
        labels = series_labels(req)
        out = frame.copy()
        out.insert(0, "destination_iso3", destination(req))
        out.insert(1, "source", out.pop("series").map(lambda key: labels.get(key, key)))
        return out

    def summary(self, req: ChartRequest, rows: pd.DataFrame) -> str:
        frame = share_frame(req)
        if not len(frame):
            return end_sentence(no_split_words(req))
        parts = [_main_sentences(req, frame), *_published_sentences(req, frame)]
        missing = without_split(req)
        if missing:
            parts.append(translator(req.lang)("No split by sex: {sources}", sources="; ".join(missing)) + ".")
        return " ".join(part for part in parts if part)

    def native(self, req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
        """Women and men of each source (women solid with filled markers, men dashed with squares), an official
        split as its total with its shares in the series' name; or the share of women per source on 0-100 % with a
        dotted 50 % guide. Totals beside a split are in the workbook's rows, not drawn: the page draws the two."""
        if not len(rows):
            return NativeChart("words", words=no_split_words(req))
        t = translator(req.lang)
        if req.view.wm == "share":
            return _share_native(req, rows)
        series = []
        for i, (source, positions) in enumerate(groups(rows, "source", "reference_date_decimal")):
            kind = rows["kind"].iloc[positions[0]]
            if kind == "official statement":
                series.append(series_at(rows, [p for p in positions if rows["sex"].iloc[p] == "both"], "value",
                                        _official_name(req, rows, positions), "reference_date_decimal",
                                        joined=False, marker="diamond", colour=i))
                continue
            for sex, dash, marker in (("female", "solid", "circle"), ("male", "dash", "square")):
                chosen = [p for p in positions if rows["sex"].iloc[p] == sex]
                if chosen:
                    series.append(series_at(rows, chosen, "value", t("{source}: {sex}", source=source,
                                                                     sex=t(SEX_LABEL[sex])),
                                            "reference_date_decimal", joined=kind == "estimate", dash=dash,
                                            marker=marker, hollow=(sex == "male",) * len(chosen), colour=i))
        drawn = {p for one in series for p in one.rows}
        return NativeChart("xy", tuple(series), y_title=t("persons"), number_format=number_format(rows["value"]),
                           named=named_rows(rows, "value", drawn))


def _official_name(req: ChartRequest, rows: pd.DataFrame, positions: list[int]) -> str:
    """An official split published as shares: its total's name with the shares ('…: all, women 39 %, men 61 % (as
    published)'), as in the page's legend."""
    t = translator(req.lang)
    shares = {rows["sex"].iloc[p]: fmt_percent(rows["value"].iloc[p], req.lang) for p in positions
              if rows["sex"].iloc[p] != "both"}
    words = t("women {women}, men {men} (as published)", women=shares.get("female", "–"), men=shares.get("male", "–"))
    return t("{source}: all, {split}", source=rows["source"].iloc[positions[0]], split=words)


def _share_native(req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
    t = translator(req.lang)
    series = [series_at(rows, positions, "share_women_pct", str(source), "reference_date_decimal",
                        joined=rows["kind"].iloc[positions[0]] == "estimate", marker=MARKERS[i % len(MARKERS)],
                        dash=DASHES[i % len(DASHES)])
              for i, (source, positions) in enumerate(groups(rows, "source", "reference_date_decimal"))]
    xs = [x for one in series for x in one.x if x is not None]
    half = NativeSeries(t("As many women as men"), (50.0, 50.0), (None, None), "share_women_pct",
                        x=(float(int(min(xs))), float(int(max(xs)) + 1)), dash="dot", guide=True)
    return NativeChart("xy", (*series, half), y_title=t("Share of women") + ", %", y_range=(0, 100),
                       number_format=number_format(rows["share_women_pct"]), axis_format="0")


def no_split_words(req: ChartRequest) -> str:
    """What the chart says where no source splits its count by sex (in the years chosen): never empty axes."""
    t = translator(req.lang)
    years = range_words(req)
    if years:
        return t("No source in the data splits its count of Kyrgyz migrants in {country} by sex ({years})",
                 country=country_name(req), years=years)
    return t("No source in the data splits its count of Kyrgyz migrants in {country} by sex",
             country=country_name(req))


def _main_sentences(req: ChartRequest, frame: pd.DataFrame) -> str:
    """The latest women and men of the main source, the share of women, and the first figure of the same source."""
    t = translator(req.lang)
    counted = frame[frame["share_basis"] == "computed"]
    shown = set(counted["series"])  # read once, not once per source
    present = [key for key in main_order(req) if key in shown]
    if not present:
        return ""
    first, last = first_and_last(counted, "series", "reference_date_decimal")[present[0]]
    label = series_labels(req).get(present[0], present[0])
    text = t("{source}, {country}, {date}: women {women}, men {men}; women are {share} (computed from these counts).",
             source=label, country=country_name(req), **_figures(last, req.lang))
    if first is not last:  # the source has more than one figure
        text += " " + t("First figure, {date}: women {women}, men {men}; women were {share}.", **_figures(first,
                                                                                                         req.lang))
    return text


def _figures(row, lang: str) -> dict[str, str]:
    return {"date": fmt_date_label(row.reference_date_decimal, lang),
            "women": fmt_amount(row.women, "persons", lang), "men": fmt_amount(row.men, "persons", lang),
            "share": fmt_percent(row.share_women_pct, lang, 1)}


def _published_sentences(req: ChartRequest, frame: pd.DataFrame) -> list[str]:
    """Shares published as such (the Interior Ministry's 2016 split via IOM), with the total they are shares of."""
    t = translator(req.lang)
    labels = series_labels(req)
    out = []
    for row in itertuples(frame[frame["share_basis"] == "published"]):
        out.append(t("{source}, {date}: women {women}, men {men}, all: {total} (as published).",
                     source=labels.get(row.series, row.series), date=fmt_date_label(row.reference_date_decimal,
                                                                                    req.lang),
                     women=fmt_percent(row.share_women_pct, req.lang), men=fmt_percent(row.share_men_pct, req.lang),
                     total=fmt_amount(row.total, "persons", req.lang)))
    return out


# measured in tests/browser/test_embeds.py (ky, ru, en at 390-1200 px; tallest: ky Turkey, 1072 px at 390) plus room
SEXES = SexesChart(id="sexes", label=N_("Women and men"), embed_heights={0: 1120, 600: 930, 900: 930})
