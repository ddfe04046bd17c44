"""The benchmark's baseline: the product's first view written the way Dash's documentation teaches.

Same data (the product's data package, read through its data layer), the same three charts (the map of destinations,
the migrant stock series, the remittances series) with a year slider and a destination dropdown. Written as the Dash
tutorials write an app: plotly.express figures, one callback that returns whole figures, `Dash(compress=True)`,
everything else left at Dash's defaults (the full plotly.min.js, every component bundle).

Two concessions, both so that it runs where the product runs: the world map comes from this server (the product's
topojson, as plotly.js would otherwise fetch it from a CDN the benchmark machine cannot reach), and `/health`
answers (Dash's own health endpoint) so the harness can start it like the product. The dashboard never imports this.

    gunicorn 'bench.baseline_app:create_server()' -c gunicorn.conf.py      # what `make bench` starts
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import plotly.express as px
from dash import Dash, Input, Output, dcc, html
from flask import Flask, send_from_directory

from dashboard.data import Bundle, load_bundle
from dashboard.data.remittances import remittance_series
from dashboard.data.stock import stock_by_destination, stock_top_and_other, stock_years

ROOT = Path(__file__).resolve().parent.parent
TOPOJSON_DIR = ROOT / "assets" / "topojson"
TOP = 5
GRAPH_CONFIG = {"topojsonURL": "/topojson/"}  # the only config the map needs offline


def load() -> tuple[Bundle, str, list[int], dict[str, str]]:
    """The package, the stock source the product opens on, its years and the countries' English names."""
    bundle = load_bundle(Path(os.environ.get("KGM_DATA_DIR") or ROOT / "data"))
    source = bundle.presentation.default_stock_source
    names = dict(zip(bundle["countries"]["iso3"], bundle["countries"]["name_en"], strict=True))
    return bundle, source, stock_years(bundle, source), names


def map_figure(frame: pd.DataFrame, year: int):
    fig = px.choropleth(frame, locations="destination_iso3", color="value", hover_name="destination",
                        projection="natural earth", color_continuous_scale="Blues",
                        title=f"Kyrgyz migrants abroad by destination, {year}")
    return fig.update_layout(margin={"l": 0, "r": 0, "t": 50, "b": 0})


def stock_figure(frame: pd.DataFrame, year: int):
    fig = px.line(frame, x="year", y="value", color="destination", markers=True,
                  title="Migrant stock by destination")
    fig.add_vline(x=year, line_dash="dot")
    return fig


def remittances_figure(frame: pd.DataFrame, year: int):
    fig = px.line(frame, x="year", y="value_scaled", color="source_id", markers=True,
                  title="Remittances received, US$")
    fig.add_vline(x=year, line_dash="dot")
    return fig


def create_app() -> Dash:
    bundle, source, years, names = load()
    remittances = remittance_series(bundle, "received_usd")
    app = Dash(__name__, compress=True, health_endpoint="health")
    app.layout = html.Div([
        html.H1("Kyrgyz labour migration"),
        dcc.Slider(min(years), max(years), step=None, value=max(years), marks={y: str(y) for y in years},
                   id="year"),
        dcc.Dropdown(options=[{"label": names.get(iso, iso), "value": iso} for iso in sorted(
            set(stock_by_destination(bundle, source)["destination_iso3"]))], multi=True, id="dest",
            placeholder="Top destinations"),
        dcc.Graph(id="map", config=GRAPH_CONFIG),
        dcc.Graph(id="stock"),
        dcc.Graph(id="remittances"),
    ])

    @app.callback(Output("map", "figure"), Output("stock", "figure"), Output("remittances", "figure"),
              Input("year", "value"), Input("dest", "value"))
    def update(year, dest):
        on_map = stock_by_destination(bundle, source, "both", year, dest or None)
        series = stock_top_and_other(bundle, source, "both", year, TOP, dest or None)
        named = {"destination": lambda df: df["destination_iso3"].map(names).fillna(df["destination_iso3"])}
        return (map_figure(on_map.assign(**named), year), stock_figure(series.assign(**named), year),
                remittances_figure(remittances, year))

    @app.server.route("/topojson/<path:name>")
    def topojson(name: str):
        return send_from_directory(TOPOJSON_DIR, name)

    return app


def create_server() -> Flask:
    """What gunicorn serves."""
    return create_app().server
