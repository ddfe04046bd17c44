"""What official sources count for one destination, by kind: people there, registers, flows, permits, programmes,
quotas, shares (national_counts.csv) and the Statistical Committee's permanent migration with Russia and Kazakhstan
(context.csv).

Values stay as published (value, value_max, unit, qualifier, multiplier); `persons` is value x multiplier, the count
the axis needs; nothing is filled, summed or smoothed. An undated statement has no `position` and is never put on
a time axis.
"""

from __future__ import annotations

import re

import pandas as pd

from .bundle import Bundle
from .memo import memoized

# panels in reading order: what is there, what enforcement lists, what moves, what is permitted or placed
KINDS = ("stock", "register", "flow", "permanent", "permit", "programme", "quota", "share")
COLUMNS = ["kind", "measure", "date", "year", "value", "value_max", "unit", "qualifier", "multiplier", "persons",
           "persons_max", "source_id", "also_source_id", "note", "unit_base", "position", "span"]
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# NSC's permanent migration tables name the partner country in words: the rows this chart can place
NSC_PARTNER = {"RUS": "Russia", "KAZ": "Kazakhstan"}
NSC_MEASURE = re.compile(r"^(permanent (immigrants to KGZ from|emigrants from KGZ to)|net permanent migration of KGZ "
                         r"with) (?P<partner>[A-Za-z ]+) \(NSC\)$")


def unit_base(unit: str) -> str:
    """What a unit counts, without its scale or note: 'thousand contracts' -> 'contracts', 'persons ("about")' ->
    'persons'. Panels never put two of these on one axis."""
    base = str(unit).split(" (")[0].strip()
    return base.removeprefix("thousand ").strip()


def _start_end(text: str) -> tuple[float, float] | None:
    """The stretch of time a published date covers, in decimal years: '2018-06-01' a day, '2017-05' a month,
    '2024-H1' a half-year, '2025-Q1 (end)' the quarter's end, '2015 (late)' the last quarter, '2008/2018' eleven
    years; None when no year is stated."""
    text = str(text).strip()
    if "/" in text and not text.startswith("("):
        first, last = (_start_end(part) for part in text.split("/", 1))
        return (first[0], last[1]) if first and last else None
    implied = re.fullmatch(r"\((start of year|six months later); (\d{4}) implied\)", text)
    if implied:
        year = int(implied.group(2))
        return (year, year + 0.1) if implied.group(1) == "start of year" else (year + 0.5, year + 0.6)
    found = re.match(r"(\d{4})(?:-(\d{2}|H[12]|Q[1-4]))?(?:-(\d{2}))?", text)
    if not found:
        return None
    year, part, day = int(found.group(1)), found.group(2), found.group(3)
    if part and part.isdigit():
        start = year + (int(part) - 1) / 12
        return (start + (int(day) - 1) / 365, start + int(day) / 365) if day else (start, start + 1 / 12)
    if part and part[0] == "H":
        return year + (int(part[1]) - 1) / 2, year + int(part[1]) / 2
    if part and part[0] == "Q":
        end = year + int(part[1]) / 4
        return (end - 0.02, end) if "(end)" in text else (end - 0.25, end)
    until = re.search(r"\(to (\d{1,2}) ([A-Z][a-z]{2})", text)
    if until and until.group(2) in MONTH_ABBR:  # '2022 (to 29 Sep)': from the year's start to that day
        return float(year), year + (MONTH_ABBR.index(until.group(2)) + int(until.group(1)) / 31) / 12
    late = {"(late)": 0.75, "(end)": 0.9, "(autumn)": 0.7}
    for word, start in late.items():
        if word in text:
            return year + start, year + 1
    return float(year), year + 1.0


def placed(frame: pd.DataFrame) -> pd.DataFrame:
    """`position` (the middle of the stretch a date covers) and `span` (half its length, drawn as whiskers when it
    covers more than a year) for dated rows; NaN for undated ones (year missing), which stay off the axis."""
    stretches = [None if pd.isna(y) else _start_end(d) for d, y in zip(frame["date"], frame["year"], strict=True)]
    frame["position"] = [(s[0] + s[1]) / 2 if s else float("nan") for s in stretches]
    frame["span"] = [(s[1] - s[0]) / 2 if s else float("nan") for s in stretches]
    return frame


def _national(b: Bundle, iso3: str) -> pd.DataFrame:
    nc = b["national_counts"]
    nc = nc[nc["destination_iso3"] == iso3]
    out = nc[["kind", "measure", "date", "year", "value", "value_max", "unit", "qualifier", "multiplier",
              "source_id", "also_source_id", "note"]].copy()
    return out


def _permanent(b: Bundle, iso3: str) -> pd.DataFrame:
    """The NSC's permanent immigrants, emigrants and net migration with one partner country (Russia, Kazakhstan)."""
    partner = NSC_PARTNER.get(iso3)
    ctx = b["context"]
    match = ctx["indicator"].map(lambda text: NSC_MEASURE.match(str(text)))
    keep = [bool(m) and m.group("partner") == partner for m in match]
    rows = ctx[keep]
    return pd.DataFrame({
        "kind": "permanent", "measure": rows["indicator"], "date": rows["period"].astype(str),
        "year": pd.to_numeric(rows["period"].astype(str).str[:4], errors="coerce"), "value": rows["value"],
        "value_max": float("nan"), "unit": rows["unit"], "qualifier": rows["qualifier"], "multiplier": 1,
        "source_id": rows["source_id"], "also_source_id": "", "note": rows["note"]})


@memoized
def official_counts(b: Bundle, iso3: str) -> pd.DataFrame:
    """Every official figure for one destination, kind by kind in KINDS order, each kind by date (undated last)."""
    frame = pd.concat([part for part in (_national(b, iso3), _permanent(b, iso3)) if len(part)], ignore_index=True) \
        if iso3 else pd.DataFrame(columns=COLUMNS)
    if not len(frame):
        return pd.DataFrame(columns=COLUMNS)
    for column in ("value", "value_max", "multiplier"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
    for column in ("qualifier", "also_source_id", "note"):
        frame[column] = frame[column].fillna("").astype(str)
    frame["unit_base"] = frame["unit"].map(unit_base)
    counts = frame["unit_base"] != "%"
    frame["persons"] = (frame["value"] * frame["multiplier"]).where(counts)
    frame["persons_max"] = (frame["value_max"] * frame["multiplier"]).where(counts)
    frame = placed(frame)
    frame["order"] = frame["kind"].map({kind: i for i, kind in enumerate(KINDS)}).fillna(len(KINDS))
    frame = frame.sort_values(["order", "position"], na_position="last", kind="stable")
    return frame[COLUMNS].reset_index(drop=True)
