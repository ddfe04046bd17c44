"""The dated events a chart marks, listed under its data table: the table holds the chart's figures, the list the
events drawn over them, each with its date as published and its source (the same numbers as the chart's labels)."""

from __future__ import annotations

import pandas as pd
from dash import html

from ..charts.events import event_items
from ..i18n import translator


def events_list(events: pd.DataFrame, lang: str) -> list:
    """[] when the chart marks none (events=off, none in its years)."""
    if not len(events):
        return []
    t = translator(lang)
    return [html.P(t("Events marked on the chart, by their number there:"), className="events-heading"),
            html.Ul([html.Li(item) for item in event_items(events)], className="events-list")]
