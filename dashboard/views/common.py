"""What every panel needs: the data-version line and source lines with licences."""

from __future__ import annotations

from ..data import Bundle
from ..data.memo import memoized
from ..i18n import N_, translator
from ..labels import source_label

APP_NAME = N_("Kyrgyz labour migration dashboard")


@memoized  # every source line names a few: one lookup each per data version
def licence_of(b: Bundle, source_id: str) -> str:
    s = b.sources
    row = s[s["source_id"] == source_id]
    return str(row.iloc[0]["licence"]) if len(row) else ""


PAGE_SOURCES = 4  # sources named in a chart's source line on the page; the page's Sources list names them all


def source_line(b: Bundle, source_ids: list[str], lang: str, extra: str = "", link: str = "") -> str:
    """'Source: X (licence); Y (licence) · extra · Data 2026.11.1 (2026-11-23) · Kyrgyz labour migration dashboard'

    A chart that leaves the page (an image or an embed: `link` is given) names every source in full: it has no
    Sources list beside it, and the figure wraps the line (theme.frame). On the page the first four are named and
    the line says where the rest are: 'and 11 more: see Sources below', one click away."""
    t = translator(lang)
    seen = list(dict.fromkeys(source_ids))
    shown = seen if link else seen[:PAGE_SOURCES]
    parts = []
    for sid in shown:
        lic = licence_of(b, sid)
        short_lic = lic if len(lic) <= 24 else ""
        parts.append(source_label(sid, lang, b.sources) + (f" ({short_lic})" if short_lic else ""))
    if len(seen) > len(shown):
        parts.append(t("and {n} more: see “Sources on this page” below", n=len(seen) - len(shown)))
    head = t("Source") if len(seen) == 1 else t("Sources")
    line = f"{head}: " + "; ".join(parts)
    if extra:
        line += f" · {extra}"
    line += " · " + data_stamp(b, lang)
    return line + (f" · {link}" if link else "")


def data_stamp(b: Bundle, lang: str) -> str:
    t = translator(lang)
    return t("Data {version} ({date})", version=b.version, date=b.created[:10]) + " · " + t(APP_NAME)
