"""A chart with no figure to draw (a year range that leaves a time series nothing): the title, subtitle and source
line as usual, and in the plot's place a sentence saying why, never an empty axis without words."""

from __future__ import annotations

from .theme import MUTED, series_layout, wrap_px

MESSAGE_WIDTH = 300  # px: the sentence stays whole on a phone


def no_figure(message: str, *, title: str, subtitle: str, source_line: str, lang: str, plot_height: int = 160
              ) -> dict:
    """The frame of a time series (header and footer laid out like the others, so exports and the phone refit work
    alike) with `message` where the lines would be; no axes, no legend."""
    layout = series_layout(title, subtitle, source_line, lang, plot_height=plot_height, legend=[], axis_px=10)
    hidden = {"visible": False, "showgrid": False, "zeroline": False, "range": [0, 1], "fixedrange": True}
    layout.update(xaxis=hidden, yaxis=hidden, showlegend=False, hovermode=False)
    layout["annotations"] = [*layout["annotations"], {
        "text": wrap_px(message, MESSAGE_WIDTH, 15), "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
        "xanchor": "center", "yanchor": "middle", "showarrow": False, "font": {"size": 15, "color": MUTED},
        "name": "no-figure"}]
    return {"data": [], "layout": layout}
