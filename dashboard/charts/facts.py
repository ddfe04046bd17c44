"""The country facts box: each fact of the IOM country pages this project started from, beside the latest figure the
data hold for the same thing, each with its period, source and qualifier. Which rows pair up is in the data
(presentation.json "facts", data/facts.py); this module words them.
"""

from __future__ import annotations

import pandas as pd

from ..data import facts as fq
from ..figures.facts import FactBlock, facts_figure
from ..i18n import N_, capitalised, translator
from ..i18n.amounts import fmt_amount, is_missing, unit_kind
from ..labels import COLUMN_LABEL, FACT_LABEL, ROLE_LABEL, STATUS_LABEL, period_label, published_value, source_label
from ..lru import BoundedLRU
from .base import Chart, ChartRequest, Heading
from .filters import national_note, range_words, sex_note
from .native import NativeChart


def fact_label(key: str, rows: pd.DataFrame, lang: str) -> str:
    """A pairing's name in the page's language; a key the code has no words for shows the fact's own indicator."""
    if key in FACT_LABEL:
        return translator(lang)(FACT_LABEL[key])
    return str(rows["detail"].iloc[0])


def amount_words(row: pd.Series, lang: str) -> str:
    """The figure in readable words with what travels with it: its qualifier, a preliminary status, 'computed
    here' for a share of two published counts."""
    t = translator(lang)
    text = fmt_amount(row["value"], row["unit"], lang, row["qualifier"])
    shown = row["status"] in STATUS_LABEL and row["status"] != row["qualifier"]  # 'estimate' said once
    extra = [t(STATUS_LABEL[row["status"]])] if shown else []
    if row["computed"]:
        extra.append(t("computed here from the published counts"))
    return f"{text} ({', '.join(extra)})" if extra else text


def figure_line(row: pd.Series, fact: pd.Series, req: ChartRequest) -> str:
    """'IOM page (year): 5.9 million persons' or 'Latest in the data (date; source): 7.22 million persons'."""
    t = translator(req.lang)
    if row["role"] == "latest" and is_missing(row["value"]):
        return t("Latest in the data: no comparable series")
    words = {"period": period_label(row["period"], req.lang), "amount": amount_words(row, req.lang),
             "source": source_label(row["source_id"], req.lang, req.bundle.sources)}
    if row["role"] == "fact":
        return t("IOM page ({period}): {amount}", **words)
    line = t("Latest in the data ({period}; {source}): {amount}", **words)
    kinds = unit_kind(fact["unit"]), unit_kind(row["unit"])
    if None not in kinds and kinds[0][0] == "percent" and kinds[1][0] == "persons":
        line += " · " + t("a count: the data hold no share")
    return line


def hover_line(row: pd.Series, req: ChartRequest) -> str:
    """A figure exactly as published, with its period and full source, for the block's hover."""
    if is_missing(row["value"]):
        return ""
    exact = published_value(row["value"], row["unit"], req.lang, row["qualifier"])
    sources = [source_label(sid, req.lang, req.bundle.sources) for sid in (row["source_id"], row["also_source_id"])
               if sid]
    return f"{exact} ({period_label(row['period'], req.lang)}; {' · '.join(sources)})"


def blocks(req: ChartRequest, rows: pd.DataFrame) -> list[FactBlock]:
    out = []
    for key, group in rows.groupby("fact", sort=False):
        fact = group.iloc[0]
        lines = tuple(figure_line(row, fact, req) for _, row in group.iterrows())
        hover = "<br>".join(line for line in (hover_line(row, req) for _, row in group.iterrows()) if line)
        out.append(FactBlock(fact_label(key, group, req.lang), lines, hover))
    return out


BLOCKS: BoundedLRU = BoundedLRU(64)


def facts_blocks(req: ChartRequest) -> list[FactBlock]:
    """The blocks of the package's facts (every view shows the same ones), worked out once per data version and
    language; blocks are immutable, the list is the caller's own."""
    return list(BLOCKS.get_or_compute((req.bundle.digest, req.lang), lambda: blocks(req, fq.country_facts(req.bundle))))


class FactsChart(Chart):
    note: str = N_("The IOM pages print these facts without a date of their own; each stands beside the latest "
                     "figure the data hold for the same thing, so a reader sees how far the briefing has aged.")
    examples: tuple[str, ...] = ("", "oblast=KG-B&sex=female")  # a year range's note: tests/unit/test_briefing.py

    def heading(self, req: ChartRequest) -> Heading:
        t = translator(req.lang)
        rows = self.rows(req)
        notes = national_note(req) + sex_note(req)
        if range_words(req):  # the latest figures, whatever the years the view is cut to
            notes += (t("The year range ({years}) does not apply to this chart", years=range_words(req)),)
        # said at the latest year too, which the slider shows as chosen: the heading then keeps its lines at every
        # year, so a year step rewrites its words and never resizes (and so redraws) the panel
        notes += (t("The year filter ({year}) does not apply: each figure is the latest the data hold",
                    year=req.view.effective_year(req.opts)),)
        ids = tuple(sid for sid in dict.fromkeys([*rows["source_id"], *rows["also_source_id"]]) if sid)
        return Heading(t("Country facts: the IOM pages and the latest figures"),
                       t("Each fact as IOM's Kyrgyzstan pages print it, beside the latest figure the data hold for "
                         "the same thing; all of Kyrgyzstan"), ids, notes=notes)

    def rows(self, req: ChartRequest) -> pd.DataFrame:
        return fq.country_facts(req.bundle).copy()

    def figure(self, req: ChartRequest) -> dict:
        heading = self.heading(req)
        return facts_figure(facts_blocks(req), title=heading.title, subtitle=heading.subtitle_with_notes(),
                            source_line=heading.source_line(req.bundle, req.lang, req.link), lang=req.lang)

    def summary(self, req: ChartRequest, rows: pd.DataFrame) -> str:
        if not len(rows):
            return ""
        shown = facts_blocks(req) if rows.equals(fq.country_facts(req.bundle)) else blocks(req, rows)
        return " ".join(f"{block.heading}: {'; '.join(block.lines)}." for block in shown)

    def native(self, req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
        """A table: each fact, the IOM page's figure, the latest the data hold (with period, source, qualifier)."""
        t = translator(req.lang)
        header = tuple(capitalised(t(words)) for words in (COLUMN_LABEL["fact"], *ROLE_LABEL.values()))
        body = tuple((block.heading, block.lines[0], "\n".join(block.lines[1:])) for block in blocks(req, rows))
        return NativeChart("table", table=(header, *body))


# from 900 px the live chart keeps the page's title, wrapped for its narrow desktop panel (figures.facts.PAGE_PX):
# 1,210 px in Kyrgyz
FACTS = FactsChart(id="facts", label=N_("Country facts"), embed_heights={0: 1260, 600: 1130, 900: 1225})
