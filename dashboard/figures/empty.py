"""A chart with no figure to draw (a year range that leaves a time series nothing): the title, subtitle and source
line as usual, and in the plot's place a sentence saying why, never an empty axis without words."""

from __future__ import annotations

from .theme import MUTED, series_layout, wrap_px

MESSAGE_WIDTH = 300  # px: the sentence stays whole on a phone
LINE_PX = 22  # a 15 px line of the sentence, with its leading


def no_figure(message: str, *, title: str, subtitle: str, source_line: str, lang: str, plot_height: int = 160
              ) -> dict:
    """The frame of a time series (header and footer laid out like the others, so exports and the phone refit work
    alike) with `message` where the lines would be; no axes, no legend."""
    text = wrap_px(message, MESSAGE_WIDTH, 15)
    # a long sentence (eight destinations the source does not list) gets the height its lines need
    plot_height = max(plot_height, LINE_PX * (text.count("<br>") + 1) + 20)
    layout = series_layout(title, subtitle, source_line, lang, plot_height=plot_height, legend=[], axis_px=10)
    hidden = {"visible": False, "showgrid": False, "zeroline": False, "range": [0, 1], "fixedrange": True}
    layout.update(xaxis=hidden, yaxis=hidden, showlegend=False, hovermode=False)
    layout["annotations"] = [*layout["annotations"], {
        "text": text, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
        "xanchor": "center", "yanchor": "middle", "showarrow": False, "font": {"size": 15, "color": MUTED},
        "name": "no-figure"}]
    return {"data": [], "layout": layout}
