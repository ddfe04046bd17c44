"""plotly.js locales built from CLDR (Babel): plotly ships `ru` but no `ky`, and we want both to agree with the
rest of the page. Passed to dcc.Graph through config["locales"]; the modebar strings come from our catalogs."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from . import BABEL_LOCALE, DEFAULT_LANGUAGE, N_, translator

# plotly.js's own words, spelt exactly as the vendored bundle (dashboard/vendor/) looks them up: a key that differs by
# one letter ("as a png") is silently shown in English. Modebar titles of the buttons a 2D or geo chart can show,
# and the notices plotly pops up on the chart.
MODEBAR = (
    N_("Download plot as a PNG"), N_("Download plot"), N_("Zoom"), N_("Pan"), N_("Zoom in"), N_("Zoom out"),
    N_("Reset"), N_("Reset axes"), N_("Autoscale"), N_("Reset view"), N_("Show closest data on hover"),
    N_("Compare data on hover"), N_("Toggle show closest data on hover"), N_("Toggle Spike Lines"), N_("Box Select"),
    N_("Lasso Select"), N_("Double-click to zoom back out"), N_("Double-click on legend to isolate one trace"),
    N_("Preparing image - this may take a few seconds"), N_("Image download succeeded"),
    N_("Sorry, there was a problem downloading your image!"),
)


@lru_cache(maxsize=4)
def plotly_locale(lang: str) -> dict:
    loc = Locale.parse(BABEL_LOCALE.get(lang, "en"))
    t = translator(lang)
    months = loc.months["stand-alone"]["wide"]
    short_months = loc.months["stand-alone"]["abbreviated"]
    days = loc.days["stand-alone"]["wide"]
    short_days = loc.days["stand-alone"]["abbreviated"]
    # CLDR numbers weekdays from Monday = 0; d3 wants Sunday first
    order = [6, 0, 1, 2, 3, 4, 5]
    return {
        "moduleType": "locale", "name": lang,
        "dictionary": {msg: t(msg) for msg in MODEBAR},
        "format": {
            "days": [days[i] for i in order], "shortDays": [short_days[i] for i in order],
            "months": [months[i] for i in range(1, 13)], "shortMonths": [short_months[i] for i in range(1, 13)],
            "date": "%d.%m.%Y", "decimal": get_decimal_symbol(loc), "thousands": get_group_symbol(loc),
        },
    }


def graph_locale_config(lang: str) -> dict:
    if lang == DEFAULT_LANGUAGE:
        return {"locale": "en"}
    return {"locale": lang, "locales": {lang: plotly_locale(lang)}}
