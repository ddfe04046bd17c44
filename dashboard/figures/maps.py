"""Map figures (plotly geo traces; the world topojson is served from /assets/topojson/, never a CDN).

Destinations and flows use an azimuthal equidistant projection centred on Kyrgyzstan: distance from the centre of
the map *is* distance from home, and the rings say how far. Origin oblasts use the OCHA boundaries, fitted to them.
Trace order is fixed (see the *_TRACE constants) so callbacks can patch values without resending the figure.
"""

from __future__ import annotations

import math

import pandas as pd
from pyproj import Geod

from ..i18n import fmt_number, translator
from .theme import HOME, INK, MUTED, NO_DATA, NO_DATA_FILL, SEQUENTIAL, base_layout

HOME_LATLON = (41.2, 74.6)  # centre of projection: middle of Kyrgyzstan
RINGS_KM = (1000, 2000, 3000, 5000, 8000)
MAX_FLOWS = 10
LABEL_POSITION = {"KG-GB": "top center", "KG-GO": "middle left", "KG-C": "bottom center"}
CHORO_TRACE, HOME_TRACE, RING_TRACE, RING_LABEL_TRACE, FLOW0_TRACE = 0, 1, 2, 3, 4
ORIGIN_TRACE = FLOW0_TRACE + MAX_FLOWS
REGION_SCALE, WORLD_SCALE = 2.4, 1.0
MAP_HEIGHT = 640
_GEOD = Geod(ellps="WGS84")


def _log_z(values: pd.Series) -> list[float]:
    """Colour by order of magnitude (Russia's hundreds of thousands would wash out every other country);
    value+1 so a published zero keeps the lowest colour instead of looking like missing data."""
    return [math.log10(v + 1) for v in values]


def destination_traces(stock: pd.DataFrame, names: dict[str, str], unit: str, source: str, lang: str) -> dict:
    """Values of the choropleth trace: what a year/source/sex change patches."""
    t = translator(lang)
    custom = [[names.get(i, i), fmt_number(v, lang, 0)] for i, v in
              zip(stock["destination_iso3"], stock["value"], strict=True)]
    return dict(locations=list(stock["destination_iso3"]), z=[round(z, 4) for z in _log_z(stock["value"])],
                customdata=custom, hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]} " + unit + "<br>"
                + t("Source") + ": " + source + "<extra></extra>")


def flow_traces(flows: list[dict], origin: tuple[float, float], lang: str) -> list[dict]:
    """MAX_FLOWS line traces (unused ones hidden). Each flow: iso3, name, value, lat, lon. Width ~ sqrt(stock)."""
    top = max((f["value"] for f in flows), default=1) or 1
    out = []
    for i in range(MAX_FLOWS):
        if i >= len(flows):
            out.append(dict(lat=[], lon=[], visible=False, line=dict(width=1, color="rgba(0,0,0,0)"), name="",
                            hoverinfo="skip"))
            continue
        f = flows[i]
        pts = [(origin[0], origin[1])]
        pts += [(round(lat, 3), round(lon, 3)) for lon, lat in _GEOD.npts(origin[1], origin[0], f["lon"], f["lat"], 24)]
        pts.append((f["lat"], f["lon"]))
        width = 1.2 + 9 * math.sqrt(max(f["value"], 0) / top)
        label = f"{f['name']}: {fmt_number(f['value'], lang, 0)}"
        # hoverinfo skip: a thick line must not catch the click meant for the country under it (the country's
        # own hover gives the same figure)
        out.append(dict(lat=[p[0] for p in pts], lon=[p[1] for p in pts], visible=True,
                        line=dict(width=round(width, 2), color="rgba(213,94,0,0.75)"), name=label,
                        hoverinfo="skip"))
    return out


def destinations_figure(stock: pd.DataFrame, flows: list[dict], origin: tuple[float, float], origin_name: str,
                        names: dict[str, str], *, title: str, subtitle: str, source_line: str, unit: str,
                        source: str, lang: str, world: bool = False, show_flows: bool = True) -> dict:
    t = translator(lang)
    vals = stock["value"]
    zmax = math.log10(max(float(vals.max()), 10) + 1) if len(vals) else 1
    ticks = [v for v in (10, 100, 1000, 10000, 100000, 1000000) if math.log10(v + 1) <= zmax + 0.3]
    data = [{
        "type": "choropleth", **destination_traces(stock, names, unit, source, lang), "locationmode": "ISO-3",
        "zmin": 0, "zmax": zmax, "colorscale": SEQUENTIAL, "marker": {"line": {"color": "white", "width": 0.5}},
        "colorbar": {"title": {"text": unit, "side": "top"}, "thickness": 12, "len": 0.5, "x": 0.92, "y": 0.5,
                     "tickvals": [math.log10(v + 1) for v in ticks],
                     "ticktext": [fmt_number(v, lang, 0) for v in ticks]},
        "name": t("Migrant stock")}, {
        "type": "choropleth", "locations": ["KGZ"], "z": [1], "locationmode": "ISO-3", "showscale": False,
        "colorscale": [[0, HOME], [1, HOME]], "hovertemplate": t("Kyrgyzstan") + "<extra></extra>",
        "marker": {"line": {"color": "white", "width": 0.8}}, "name": t("Kyrgyzstan")}]
    ring_lat, ring_lon, lab_lat, lab_lon, lab_text = [], [], [], [], []
    for km in RINGS_KM:
        for az in range(0, 361, 5):
            lon, lat, _ = _GEOD.fwd(HOME_LATLON[1], HOME_LATLON[0], az, km * 1000)
            ring_lat.append(round(lat, 3))
            ring_lon.append(round(lon, 3))
        ring_lat.append(None)
        ring_lon.append(None)
        lon, lat, _ = _GEOD.fwd(HOME_LATLON[1], HOME_LATLON[0], 200, km * 1000)
        lab_lat.append(lat)
        lab_lon.append(lon)
        lab_text.append(t("{km} km", km=fmt_number(km, lang, 0)))
    data.append({"type": "scattergeo", "lat": ring_lat, "lon": ring_lon, "mode": "lines", "hoverinfo": "skip",
                 "showlegend": False, "line": {"color": "rgba(95,107,122,0.45)", "width": 1, "dash": "dot"}})
    data.append({"type": "scattergeo", "lat": lab_lat, "lon": lab_lon, "mode": "text", "text": lab_text,
                 "hoverinfo": "skip", "showlegend": False, "textfont": {"size": 11, "color": MUTED}})
    for tr in flow_traces(flows if show_flows else [], origin, lang):
        data.append({"type": "scattergeo", "mode": "lines", "showlegend": False, **tr})
    data.append({"type": "scattergeo", "lat": [origin[0]], "lon": [origin[1]], "mode": "markers",
                 "showlegend": False, "marker": {"size": 9, "color": "white", "line": {"color": INK, "width": 2}},
                 "hovertemplate": origin_name + "<extra></extra>"})
    layout = base_layout(title, subtitle, source_line, lang, height=MAP_HEIGHT)
    layout["margin"].update(l=8, r=8)
    layout["geo"] = {
        "domain": {"x": [0, 0.9], "y": [0, 1]},
        "projection": {"type": "azimuthal equidistant", "rotation": {"lon": HOME_LATLON[1], "lat": HOME_LATLON[0]},
                       "scale": WORLD_SCALE if world else REGION_SCALE},
        "center": {"lon": HOME_LATLON[1], "lat": HOME_LATLON[0]}, "showcountries": True, "countrycolor": "white",
        "showland": True, "landcolor": NO_DATA, "showocean": True, "oceancolor": "#f7f9fb", "showlakes": False,
        "showframe": False, "showcoastlines": False, "fitbounds": False, "resolution": 110}
    return {"data": data, "layout": layout}


def oblast_figure(values: pd.DataFrame, geojson: dict | str, label_points: dict[str, tuple[float, float]],
                  names: dict[str, str], *, title: str, subtitle: str, source_line: str, lang: str,
                  selected: str | None = None) -> dict:
    """The 9 units: coloured where a figure exists, pale grey and labelled 'no data' where none does.

    `geojson` is a URL in the browser (fetched once, cached, shared by both traces) or the dict itself for
    server-side rendering."""
    t = translator(lang)
    have = values[values["value"].notna()]
    missing = values[values["value"].isna()]
    pts = [label_points[c] for c in values["iso_3166_2"]]
    data = [{
        "type": "choropleth", "geojson": geojson, "featureidkey": "properties.iso_3166_2",
        "locations": list(have["iso_3166_2"]), "z": [float(v) for v in have["value"]], "colorscale": SEQUENTIAL,
        "zmin": 0,
        "customdata": [[names.get(c, c), txt] for c, txt in zip(have["iso_3166_2"], have["text"], strict=True)],
        "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        "marker": {"line": {"color": ["#111" if c == selected else "white" for c in have["iso_3166_2"]],
                            "width": [3 if c == selected else 1 for c in have["iso_3166_2"]]}},
        "colorbar": {"thickness": 12, "len": 0.6, "title": {"text": values["unit_label"].iloc[0], "side": "top"}},
        "name": t("value")}, {
        "type": "choropleth", "geojson": geojson, "featureidkey": "properties.iso_3166_2",
        "locations": list(missing["iso_3166_2"]), "z": [0] * len(missing),
        "colorscale": [[0, NO_DATA_FILL], [1, NO_DATA_FILL]], "showscale": False,
        "customdata": [[names.get(c, c)] for c in missing["iso_3166_2"]],
        "hovertemplate": "<b>%{customdata[0]}</b><br>" + t("no data") + "<extra></extra>",
        "marker": {"line": {"color": ["#111" if c == selected else "#6b7785" for c in missing["iso_3166_2"]],
                            "width": [3 if c == selected else 1.5 for c in missing["iso_3166_2"]]}},
        "name": t("no data")}, {
        "type": "scattergeo", "lat": [p[0] for p in pts], "lon": [p[1] for p in pts], "mode": "text",
        "hoverinfo": "skip", "showlegend": False,
        # a white halo keeps labels legible on the darkest fill; the two cities' labels sit beside them
        "textfont": {"size": 11, "color": INK, "shadow": "0px 0px 3px white, 0px 0px 2px white"},
        "textposition": [LABEL_POSITION.get(c, "middle center") for c in values["iso_3166_2"]],
        "text": [f"{names.get(c, c)}<br>{txt}" for c, txt in zip(values["iso_3166_2"], values["text"], strict=True)]}]
    layout = base_layout(title, subtitle, source_line, lang, height=MAP_HEIGHT)
    layout["margin"].update(l=8, r=8)
    layout["geo"] = {"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"}}
    return {"data": data, "layout": layout}
