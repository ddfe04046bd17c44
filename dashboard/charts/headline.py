"""One headline per destination for the sources-disagree chart, generated from the figures it draws: the lowest and
the highest count, each with who is counted, its source and its date ("Kyrgyz migrants in Russia: from 333,664 (...)
to 1,200,691 (...), depending on what is counted").

How the extremes are chosen, so the sentence never claims more than the data say:
- the figures compared are each source's latest figure drawn for the destination in the view's range and sex,
  whatever its kind (estimate, census, official statement): the spread is then between what sources count, not
  between the first estimate and today (other years: from=/to=); undated statements are not on the chart
  and are named in its notes instead;
- a qualified figure counts at the number it states and keeps its word: "more than 1,063,000" is the figure
  1,063,000 and is written "more than 1,063,000" (we do not know by how much more);
- a range counts at its lower end for the lowest figure and at its upper end for the highest, and is written as the
  whole range (617,000–630,000), as published.
"""

from __future__ import annotations

import pandas as pd

from ..figures.series import _closing_bracket, point_when
from ..i18n import N_, fmt_number, translator
from ..i18n.amounts import fmt_amount_number, is_missing
from ..labels import names, source_label
from .base import ChartRequest
from .filters import sex_words

COUNTED = {  # (kind, universe) -> who a figure counts, in words
    ("estimate", "born"): N_("born in Kyrgyzstan, estimate"),
    ("census/register", "born"): N_("born in Kyrgyzstan, census or register abroad"),
    ("census/register", "citizens"): N_("Kyrgyz citizens, census or register abroad"),
    ("official statement", "citizens"): N_("Kyrgyz citizens, official statement"),
}


def latest_of_each_source(frame: pd.DataFrame) -> pd.DataFrame:
    """Each source's latest figure (a series of censuses and registers abroad counts as one source per universe)."""
    ordered = frame.sort_values("x", kind="stable")
    return ordered.groupby(["series", "source_id"], sort=False).tail(1)


def extremes(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series] | None:
    """(lowest, highest) of each source's latest figure: lowest by the stated (or lower) value, highest by a range's
    upper end where there is one. None when the frame holds no figure."""
    if not len(frame):
        return None
    latest = latest_of_each_source(frame)
    top = latest["value_max_persons"].fillna(latest["value_persons"])
    return latest.loc[latest["value_persons"].idxmin()], latest.loc[top.idxmax()]


def figure_number(row: pd.Series, lang: str) -> str:
    """The count as published, with its qualifier ('more than 1,063,000') or as its whole range ('617,000–630,000')."""
    if not is_missing(row["value_max_persons"]):
        return f"{fmt_number(row['value_persons'], lang, 0)}–{fmt_number(row['value_max_persons'], lang, 0)}"
    qualifier = row["qualifier"] if isinstance(row["qualifier"], str) else ""
    return fmt_amount_number(row["value_persons"], "persons", lang, 1.0, qualifier)


def cited(req: ChartRequest, row: pd.Series) -> str:
    """The row's source and, for a fact two sources published, the second: 'EADaily · IOM, country overview'."""
    ids = [row["source_id"], *([row["also_source_id"]] if row.get("also_source_id") else [])]
    return " · ".join(source_label(sid, req.lang, req.bundle.sources) for sid in ids)


def figure_words(req: ChartRequest, row: pd.Series) -> str:
    t = translator(req.lang)
    when = point_when(row["x"], row["kind"], row["detail"], req.lang)[0]
    published = _closing_bracket(row["detail"])[1] if isinstance(row["detail"], str) else ""
    if published and when == published and not published.isdigit():  # a date we have no words for: its year
        when = str(int(row["year"]))
    counted = COUNTED.get((row["kind"], row["universe"]))
    return t("{number} ({counted}; {source}; {when})", number=figure_number(row, req.lang),
             counted=t(counted) if counted else row["universe"], source=cited(req, row), when=when)


def headline(req: ChartRequest, frame: pd.DataFrame) -> str:
    """The destination's headline, or '' when the view leaves no figure."""
    pair = extremes(frame)
    if pair is None:
        return ""
    t = translator(req.lang)
    iso3 = req.view.compare_dest(req.opts)
    country = names(req.bundle, req.lang).get(iso3, iso3)
    low, high = pair
    if low.name == high.name:
        return t("Kyrgyz migrants in {country}: one figure, {figure}", country=country, figure=figure_words(req, low))
    words = {"country": country, "low": figure_words(req, low), "high": figure_words(req, high)}
    if req.view.sex != "both":
        return t("Kyrgyz migrants in {country}, {sex}, each source's latest figure: from {low} to {high}, depending "
                 "on what is counted",
                 sex=sex_words(req), **words)
    return t("Kyrgyz migrants in {country}, each source's latest figure: from {low} to {high}, depending on what is "
             "counted", **words)
