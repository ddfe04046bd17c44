"""Map figures (plotly geo traces; the world topojson is served from /assets/topojson/, never a CDN).

Destinations and flows use an azimuthal equidistant projection centred on Kyrgyzstan: distance from the centre of
the map *is* distance from home, and the rings say how far. Origin oblasts use the OCHA boundaries, fitted to them.
Trace order is fixed (see the *_TRACE constants) so callbacks can patch values without resending the figure.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd
from pyproj import Geod

from ..i18n import fmt_number, translator
from .theme import (
    HOME,
    INK,
    MUTED,
    NO_DATA,
    NO_DATA_FILL,
    SEQUENTIAL,
    SOURCE_SIZE,
    base_layout,
    colour_at,
    header_px,
    heading_text,
    legend_px,
    source_px,
    wrap_px,
)

HOME_LATLON = (41.2, 74.6)  # centre of projection: middle of Kyrgyzstan
RINGS_KM = (1000, 2000, 3000, 5000, 8000)
MAX_FLOWS = 10
CHORO_TRACE, HOME_TRACE, RING_TRACE, RING_LABEL_TRACE, FLOW0_TRACE = 0, 1, 2, 3, 4
ORIGIN_TRACE = FLOW0_TRACE + MAX_FLOWS
MAP_HEIGHT = 640
_GEOD = Geod(ellps="WGS84")
EARTH_KM = 6371.0  # plotly draws on a sphere of this radius (d3-geo): frames are worked out on the same sphere
# Each frame: the least the map must show around the centre, as half-width and half-height in km. The map's own
# aspect then widens one of them, so the map fills its frame instead of a square in the middle of it.
FRAME_KM = {"asia": (2300.0, 1800.0), "region": (4300.0, 3100.0)}  # asia: all of Kazakhstan
WORLD_BOX = (179.5, 130.0)  # (dlon, dlat) of the whole-world range box
SEA = "#f7f9fb"  # the sea: the globe's disc, or the background of a box inside the globe (destinations_geo)
PAGE_ASPECT = 1.6  # the page's map area, width / height (assets/10-style.css gives the map this shape)
FLOW_PAD = 1.08  # a flow's end stays this far inside the frame (its line width and marker need room)
KG_BOUNDS = (69.0, 39.0, 80.5, 43.4)  # lon/lat box of Kyrgyzstan with its labels (west, south, east, north)
LEGEND_ROW_PX = 26
FLOW_COLOUR = "rgba(213,94,0,0.75)"


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
                            customdata=[], hovertemplate=""))  # the same keys as a drawn line: a patch swaps values
            continue
        f = flows[i]
        pts = [(origin[0], origin[1])]
        pts += [(round(lat, 3), round(lon, 3)) for lon, lat in _GEOD.npts(origin[1], origin[0], f["lon"], f["lat"], 24)]
        pts.append((f["lat"], f["lon"]))
        width = line_width(f["value"], top)
        label = f"{f['name']}: {fmt_number(f['value'], lang, 0)}"
        # the line names itself under the pointer; a click on it toggles its destination like a click on the
        # country (callbacks.map_click reads the iso3 from customdata)
        out.append(dict(lat=[p[0] for p in pts], lon=[p[1] for p in pts], visible=True,
                        line=dict(width=round(width, 2), color=FLOW_COLOUR), name=label,
                        customdata=[f["iso3"]] * len(pts), hovertemplate=f"<b>{label}</b><extra></extra>"))
    return out


def destinations_figure(stock: pd.DataFrame, flows: list[dict], origin: tuple[float, float], origin_name: str,
                        names: dict[str, str], *, title: str, subtitle: str, source_line: str, unit: str,
                        source: str, lang: str, frame: str = "region", show_flows: bool = True) -> dict:
    """Countries coloured by order of magnitude, rings of distance from home, the flows; the frame (region, asia,
    world) sets how much of the globe shows, grown to hold every drawn flow's end."""
    t = translator(lang)
    vals = stock["value"]
    zmax = math.log10(max(float(vals.max()), 10) + 1) if len(vals) else 1
    ticks = [v for v in (10, 100, 1000, 10000, 100000, 1000000) if math.log10(v + 1) <= zmax + 0.3]
    data = [{
        "type": "choropleth", **destination_traces(stock, names, unit, source, lang), "locationmode": "ISO-3",
        "zmin": 0, "zmax": zmax, "colorscale": SEQUENTIAL, "marker": {"line": {"color": "white", "width": 0.5}},
        "showscale": False, "name": t("Migrant stock")}, {
        "type": "choropleth", "locations": ["KGZ"], "z": [1], "locationmode": "ISO-3", "showscale": False,
        "colorscale": [[0, HOME], [1, HOME]], "hovertemplate": t("Kyrgyzstan") + "<extra></extra>",
        "marker": {"line": {"color": "white", "width": 0.8}}, "name": t("Kyrgyzstan")}]
    drawn = flows if show_flows else []
    extent = frame_extent(frame, [(f["lat"], f["lon"]) for f in drawn])
    data += ring_traces(lang, extent)
    for tr in flow_traces(drawn, origin, lang):
        data.append({"type": "scattergeo", "mode": "lines", "showlegend": False, **tr})
    data.append({"type": "scattergeo", "lat": [origin[0]], "lon": [origin[1]], "mode": "markers",
                 "showlegend": False, "marker": {"size": 9, "color": "white", "line": {"color": INK, "width": 2}},
                 "hovertemplate": origin_name + "<extra></extra>"})
    keys = [(fmt_number(v, lang, 0), colour_at(math.log10(v + 1) / zmax)) for v in ticks]
    data += colour_key(keys, t("no data"), NO_DATA) + width_key(drawn, lang)
    # two legend rows whether or not flows are drawn: choosing a destination must not move the map under the pointer
    layout = base_layout(title, subtitle, source_line, lang, height=MAP_HEIGHT, legend_rows=2)
    legend_below(layout, unit, 3)
    layout["meta"]["kgm_frame"] = ["countries", list(extent) if extent else None]
    layout["geo"] = {
        "domain": {"x": [0, 1], "y": [0, 1]}, **destinations_geo(extent, PAGE_ASPECT),
        "showcountries": True, "countrycolor": "white",
        "showland": True, "landcolor": NO_DATA, "showlakes": False,
        "showframe": False, "showcoastlines": False, "fitbounds": False, "resolution": 110}
    return {"data": data, "layout": layout}


# where a ring's label may sit (azimuths, degrees), most preferred first: south-south-west keeps it off the flows
LABEL_AZIMUTHS = (200, 160, 240, 120, 270, 90, 300, 60, 330, 30, 0, 180)
LABEL_ROOM = 0.9  # of the frame's half-width and half-height: a label's text needs room beside its point


def ring_label_azimuth(km: float, extent: tuple[float, float] | None) -> int | None:
    """The azimuth at which a ring's label lies inside every picture of the frame (the page and each export show at
    least `extent` around home), or None: a label outside the map would be cut, so the ring goes unlabelled."""
    if extent is None:
        return LABEL_AZIMUTHS[0]
    hx, hy = extent[0] * LABEL_ROOM, extent[1] * LABEL_ROOM
    for az in LABEL_AZIMUTHS:
        x, y = km * math.sin(math.radians(az)), km * math.cos(math.radians(az))
        if abs(x) <= hx and abs(y) <= hy:
            return az
    return None


@lru_cache(maxsize=1)
def ring_lines() -> tuple[tuple, tuple]:
    """(lats, lons) of the dotted rings, each ring closed by a None: the same for every map, worked out once."""
    ring_lat, ring_lon = [], []
    for km in RINGS_KM:
        for az in range(0, 361, 5):
            lon, lat, _ = _GEOD.fwd(HOME_LATLON[1], HOME_LATLON[0], az, km * 1000)
            ring_lat.append(round(lat, 3))
            ring_lon.append(round(lon, 3))
        ring_lat.append(None)
        ring_lon.append(None)
    return tuple(ring_lat), tuple(ring_lon)


def ring_traces(lang: str, extent: tuple[float, float] | None = None) -> list[dict]:
    """Dotted rings at RINGS_KM from the centre of Kyrgyzstan and their labels (two traces); a ring's label sits
    where the frame (`extent`, km; None = the globe) shows it."""
    t = translator(lang)
    ring_lat, ring_lon = (list(points) for points in ring_lines())
    lab_lat, lab_lon, lab_text = [], [], []
    for km in RINGS_KM:
        azimuth = ring_label_azimuth(km, extent)
        if azimuth is None:
            continue
        lon, lat, _ = _GEOD.fwd(HOME_LATLON[1], HOME_LATLON[0], azimuth, km * 1000)
        lab_lat.append(lat)
        lab_lon.append(lon)
        lab_text.append(t("{km} km", km=fmt_number(km, lang, 0)))
    return [{"type": "scattergeo", "lat": ring_lat, "lon": ring_lon, "mode": "lines", "hoverinfo": "skip",
             "showlegend": False, "line": {"color": "rgba(95,107,122,0.45)", "width": 1, "dash": "dot"}},
            {"type": "scattergeo", "lat": lab_lat, "lon": lab_lon, "mode": "text", "text": lab_text,
             "hoverinfo": "skip", "showlegend": False, "textfont": {"size": 11, "color": MUTED}}]


def _key_trace(name: str, **style) -> dict:
    """A legend entry only: a trace with no point on the map (plotly still draws its legend symbol). One row of
    entries, no legend groups: a horizontal legend stacks a group's entries in a column."""
    return {"type": "scattergeo", "lat": [None], "lon": [None], "name": name, "hoverinfo": "skip",
            "showlegend": True, **style}


def colour_key(keys: list[tuple[str, str]], missing_label: str, missing_fill: str,
               missing_line: str = "#9aa5b1") -> list[dict]:
    """The colour scale as legend swatches under the map, not a colour bar beside it: a legend wraps into rows on a
    phone (a colour bar took a third of a phone's width and was dropped there), and prints and exports whole."""
    out = [_key_trace(label, mode="markers",
                      marker={"symbol": "square", "size": 14, "color": colour, "line": {"width": 0}})
           for label, colour in keys]
    out.append(_key_trace(missing_label, mode="markers",
                          marker={"symbol": "square", "size": 14, "color": missing_fill,
                                  "line": {"width": 1, "color": missing_line}}))
    return out


def width_key(flows: list[dict], lang: str) -> list[dict]:
    """What a line's width means: two or three round values drawn at the width flow_traces gives them."""
    if not flows:
        return []
    t = translator(lang)
    top = max(f["value"] for f in flows) or 1
    low = min(f["value"] for f in flows)
    big = _round_down(top)
    values = [v for v in (big, _round_down(big / 10), _round_down(big / 100)) if v >= low * 0.5 or v == big][:3]
    return [_key_trace(t("line: {n}", n=fmt_number(v, lang, 0)), mode="lines",
                       line={"width": round(line_width(v, top), 2), "color": FLOW_COLOUR}) for v in values]


def _round_down(value: float) -> float:
    """1, 2 or 5 times a power of ten, at most `value`: a legend value people read at a glance."""
    if value <= 0:
        return 0
    power = 10 ** math.floor(math.log10(value))
    return max(m * power for m in (1, 2, 5) if m * power <= value)


def line_width(value: float, top: float) -> float:
    """Width ~ sqrt(stock), so a line's area (not its width) follows the number of people."""
    return 1.2 + 9 * math.sqrt(max(value, 0) / (top or 1))


def legend_below(layout: dict, title: str, rows: int) -> None:
    """The legend (colour swatches, line widths) in a band right under the map, above the source line, its title
    (the unit) on a line of its own: plotly wraps a horizontal legend's entries without counting a title beside
    them, which cut the last entry on a phone. `rows` counts the title's line. Anchored to
    the plot area's bottom, not to the figure's height, so it stays put at any height the page or an export gives
    the map."""
    legend_px = LEGEND_ROW_PX * rows + 8
    src_px = layout["meta"]["kgm_src_px"]
    layout["meta"]["kgm_legend_px"] = legend_px
    layout["margin"].update(l=8, r=8, b=12 + legend_px + src_px)
    layout["annotations"][0]["yshift"] = -(12 + legend_px)
    layout["showlegend"] = True
    layout["legend"] = {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "top", "yref": "paper",
                        "xref": "paper", "font": {"size": 12}, "itemclick": False, "itemdoubleclick": False,
                        "itemwidth": 30, "bgcolor": "rgba(255,255,255,0)",
                        "title": {"text": title, "side": "top", "font": {"size": 12, "color": MUTED}}}
    layout.pop("height", None)  # the page gives the map its height (CSS, from its width); exports give theirs


def oblast_figure(values: pd.DataFrame, geojson: dict | str, label_points: dict[str, tuple[float, float]],
                  names: dict[str, str], *, title: str, subtitle: str, source_line: str, lang: str,
                  selected: str | None = None) -> dict:
    """The 9 units: coloured where a figure exists, white and labelled 'no data' where none does.

    `geojson` is a URL in the browser (fetched once, cached, shared by both traces) or the dict itself for
    server-side rendering."""
    t = translator(lang)
    # each column read once (a column read builds a Series: a third of this function's time when read per use)
    rows = list(zip(values["iso_3166_2"], values["value"], values["text"], strict=True))
    have = [(code, float(value), text) for code, value, text in rows if pd.notna(value)]
    missing = [code for code, value, _ in rows if pd.isna(value)]
    zmax = max(value for _, value, _ in have) if have else 1.0
    data = [{
        "type": "choropleth", "geojson": geojson, "featureidkey": "properties.iso_3166_2",
        "locations": [code for code, _, _ in have], "z": [value for _, value, _ in have], "colorscale": SEQUENTIAL,
        "zmin": 0, "zmax": zmax, "showscale": False,
        "customdata": [[names.get(code, code), text] for code, _, text in have],
        "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        "marker": {"line": {"color": ["#111" if code == selected else "white" for code, _, _ in have],
                            "width": [3 if code == selected else 1 for code, _, _ in have]}},
        "name": t("value")}, {
        "type": "choropleth", "geojson": geojson, "featureidkey": "properties.iso_3166_2",
        "locations": missing, "z": [0] * len(missing),
        "colorscale": [[0, NO_DATA_FILL], [1, NO_DATA_FILL]], "showscale": False,
        "customdata": [[names.get(code, code)] for code in missing],
        "hovertemplate": "<b>%{customdata[0]}</b><br>" + t("no data") + "<extra></extra>",
        "marker": {"line": {"color": ["#111" if code == selected else "#6b7785" for code in missing],
                            "width": [3 if code == selected else 1.5 for code in missing]}},
        "name": t("no data")}]
    data += oblast_labels(values, label_points, names, lang, zmax)
    keys = [(key_number(v, lang), colour_at(v / zmax)) for v in nice_ticks(zmax)]
    data += colour_key(keys, t("no data"), NO_DATA_FILL, "#6b7785")
    layout = base_layout(title, subtitle, source_line, lang, height=MAP_HEIGHT, legend_rows=1)
    legend_below(layout, values["unit_label"].iloc[0], 2)
    layout["meta"]["kgm_frame"] = ["oblasts", None]
    layout["geo"] = {"visible": False, "domain": {"x": [0, 1], "y": [0, 1]}, "fitbounds": False,
                     **oblasts_geo(PAGE_ASPECT)}
    return {"data": data, "layout": layout}


def nice_ticks(top: float) -> list[float]:
    """The colour key's values: up to three round values, then `top` itself, the highest figure drawn and the
    darkest fill (a key that stopped at a round value below it left the darkest units unexplained). 0 is the
    scale's start, not a value; a round value too close to `top` to tell their colours apart is left out."""
    if top <= 0:
        return [0.0]
    step = _round_down(top / 3)
    return [*[step * i for i in range(1, 4) if step * i < top * 0.85], top]


def key_number(value: float, lang: str) -> str:
    """A colour key's value for reading at a glance: '265 000', '505', '43.3', '0.2' (the highest figure, 504.67
    per 1,000, is exact in the hover, the table and the CSV); a round value keeps no decimals it does not have."""
    return fmt_number(round(value, 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2), lang, None)


# Label placement. The server does not know the reader's screen, so it places the labels twice: for a map
# WIDE_MAP_PX wide (the desktop panel, exports) and for a phone's NARROW_MAP_PX; the page's stylesheet shows the
# phone set below 600 px (assets/10-style.css). Each label tries its full form (name, value) at the unit's point and
# beside it, then a shorter form, else none (the name and value stay in the hover, the table and the summary), so
# labels never overlap. Boxes are estimated from character counts.
WIDE_MAP_PX, NARROW_MAP_PX = 620, 300
LABEL_CHAR_PX, LABEL_LINE_PX = 7.0, 15
LABEL_OFFSETS = {"middle center": (0, 0), "top center": (0, -1), "bottom center": (0, 1), "middle right": (1, 0),
                 "middle left": (-1, 0), "top right": (1, -1), "top left": (-1, -1), "bottom right": (1, 1),
                 "bottom left": (-1, 1)}
CITIES = ("KG-GB", "KG-GO")  # small units: labelled after the oblasts around them, beside their point


def short_name(name: str) -> str:
    """'Джалал-Абадская область' -> 'Джалал-Абадская': the word for 'oblast' adds width, not meaning, on a map
    titled by oblast."""
    for word in (" область", " облусу", " Oblast", " oblast"):
        name = name.removesuffix(word)
    return name


def _label_box(x: float, y: float, lines: list[str], position: str) -> tuple[float, float, float, float]:
    w = max(len(line) for line in lines) * LABEL_CHAR_PX + 4
    h = len(lines) * LABEL_LINE_PX + 2
    dx, dy = LABEL_OFFSETS[position]
    cx, cy = x + dx * (w / 2 + 3), y + dy * (h / 2 + 3)
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _clear(box: tuple, taken: list[tuple], width: float, height: float) -> bool:
    x0, y0, x1, y1 = box
    inside = x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height
    return inside and all(x1 <= a0 or a1 <= x0 or y1 <= b0 or b1 <= y0 for a0, b0, a1, b1 in taken)


def label_px(lat: float, lon: float, width: float) -> tuple[float, float]:
    """Where a point falls on the oblast map drawn `width` px wide (page aspect)."""
    geo = oblasts_geo(PAGE_ASPECT)
    (w, e), (south, north) = geo["lonaxis"]["range"], geo["lataxis"]["range"]
    height = width / PAGE_ASPECT
    return (lon - w) / (e - w) * width, (_merc_y(north) - _merc_y(lat)) / (_merc_y(north) - _merc_y(south)) * height


def place_labels(points: dict[str, tuple[float, float]], texts: dict[str, list[list[str]]], width: float) -> dict:
    """code -> (lines, textposition) for the labels that fit without touching another; forms tried in order."""
    order = [c for c in points if c not in CITIES] + [c for c in CITIES if c in points]
    taken: list[tuple] = []
    out = {}
    for code in order:
        x, y = label_px(*points[code], width)
        for lines in texts[code]:
            spot = next((p for p in LABEL_OFFSETS
                         if _clear(_label_box(x, y, lines, p), taken, width, width / PAGE_ASPECT)), None)
            if spot:
                taken.append(_label_box(x, y, lines, spot))
                out[code] = (lines, spot)
                break
    return out


PHONE_MAX_PX = 600  # the page shows the phone's labels up to this width (assets/10-style.css)


def labels_for_width(fig: dict, width: float) -> dict:
    """The figure with only the oblast labels placed for a picture `width` px wide: the page's stylesheet shows one
    set by the screen's width, and a picture drawn on the server (a download, a slide, an embed's first paint) drew
    both sets, one over the other. Any other figure comes back as it is."""
    keep = f"labels-{NARROW_MAP_PX if width <= PHONE_MAX_PX else WIDE_MAP_PX}"
    data = [trace for trace in fig.get("data") or []
            if not str(trace.get("name") or "").startswith("labels-") or trace["name"] == keep]
    return fig if len(data) == len(fig.get("data") or []) else {**fig, "data": data}


def oblast_labels(values: pd.DataFrame, points: dict[str, tuple[float, float]], names: dict[str, str], lang: str,
                  zmax: float) -> list[dict]:
    """Four text traces: the wide map's labels, then the phone's; each as ink with a white halo on pale fills, then
    white with a dark halo on dark ones (contrast on every fill)."""
    t = translator(lang)
    unit = " " + values["unit_label"].iloc[0]
    texts, dark = {}, {}
    for code, v, txt in zip(values["iso_3166_2"], values["value"], values["text"], strict=True):
        name = short_name(names.get(code, code))
        if v == v:  # the unit is in the subtitle and the key, not in each label
            value = txt.removesuffix(unit)
            texts[code] = [[name, value], [value]]
        else:  # white fill = no data (the key says so); a name alone still tells where the reader is
            texts[code] = [[name, t("no data")], [name]]
        dark[code] = v == v and v / (zmax or 1) > 0.55
    traces = []
    for width in (WIDE_MAP_PX, NARROW_MAP_PX):
        placed = place_labels({c: points[c] for c in texts}, texts, width)
        for is_dark in (False, True):
            codes = [c for c in placed if dark[c] == is_dark]
            traces.append({
                "type": "scattergeo", "lat": [points[c][0] for c in codes], "lon": [points[c][1] for c in codes],
                "mode": "text", "hoverinfo": "skip", "showlegend": False, "name": f"labels-{width}",
                "text": ["<br>".join(placed[c][0]) for c in codes], "textposition": [placed[c][1] for c in codes],
                "textfont": {"size": 11, "color": "white" if is_dark else INK,
                             "shadow": "0px 0px 3px #0b2f5e, 0px 0px 2px #0b2f5e" if is_dark
                             else "0px 0px 3px white, 0px 0px 2px white"}})
    return traces


# --- frames: the map fills its area ------------------------------------------------------------------------------
# plotly.js fits a geo subplot's lon/lat range box into its domain and clips the map to that box's projected bounds
# (updateProjection in plots/geo/geo.js). A square box (the default: the whole globe) leaves a wide panel two empty
# bands; a box whose projected bounds have the panel's aspect fills it. With no projection.scale the box's bounds
# are what shows, so the frame is exactly what the reader chose (and the phone zoom in 20-tools.js, which only acts
# on a scale below 4.5, leaves it alone).


def _unit(lat, lon) -> np.ndarray:
    p, lam = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(p) * np.cos(lam), np.cos(p) * np.sin(lam), np.sin(p)], -1)


def aeqd_xy(lat, lon, centre: tuple[float, float] = HOME_LATLON) -> tuple[np.ndarray, np.ndarray]:
    """Azimuthal equidistant coordinates (radians of arc; y north) on the unit sphere, centred on `centre`."""
    p0, p = math.radians(centre[0]), np.radians(lat)
    dl = np.radians(np.asarray(lon, float) - centre[1])
    cos_c = np.sin(p0) * np.sin(p) + np.cos(p0) * np.cos(p) * np.cos(dl)
    c = np.arccos(np.clip(cos_c, -1, 1))
    k = np.where(c < 1e-9, 1.0, c / np.maximum(np.sin(c), 1e-12))
    return k * np.cos(p) * np.sin(dl), k * (np.cos(p0) * np.sin(p) - np.sin(p0) * np.cos(p) * np.cos(dl))


def _box_extent(dlon: np.ndarray, dlat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Projected width and height of plotly's range box [lon0 +- dlon] x [lat0 +- dlat] (its makeRangeBox: ten
    vertices joined by great-circle arcs), vectorised over dlon and dlat."""
    lat0, lon0 = HOME_LATLON
    dlon, dlat = np.asarray(dlon, float)[..., None], np.asarray(dlat, float)[..., None]
    w, e = lon0 - dlon, lon0 + dlon
    south, north = np.maximum(-89.9, lat0 - dlat), np.minimum(89.9, lat0 + dlat)
    q = (e - w) / 4
    top = [(north, w + k * q) for k in range(4)] + [(north, e)]
    bottom = [(south, e - k * q) for k in range(4)] + [(south, w)]
    ring = [(south, w), *top, *bottom]  # makeRangeBox's vertices, in its order
    frac = np.linspace(0, 1, 16)[:, None]
    xs, ys = [], []
    for (la, lo), (lb, lob) in zip(ring, ring[1:], strict=False):
        a, b = _unit(la, lo), _unit(lb, lob)
        om = np.arccos(np.clip((a * b).sum(-1, keepdims=True), -1, 1))
        pts = (np.sin((1 - frac) * om) * a + np.sin(frac * om) * b) / np.maximum(np.sin(om), 1e-9)
        x, y = aeqd_xy(np.degrees(np.arcsin(np.clip(pts[..., 2], -1, 1))),
                       np.degrees(np.arctan2(pts[..., 1], pts[..., 0])))
        xs.append(x)
        ys.append(y)
    x, y = np.concatenate(xs, -1), np.concatenate(ys, -1)
    return x.max(-1) - x.min(-1), y.max(-1) - y.min(-1)


@lru_cache(maxsize=1024)
def range_box(half_w_km: float, half_h_km: float) -> tuple[float, float]:
    """(dlon, dlat) of the range box whose projected bounds are 2*half_w by 2*half_h: Newton's method from the
    flat-map guess (a few ms, a third of a map's figure). Memoised, bounded: the extents are whole kilometres of a
    few frames and flow sets, so the same boxes come back for every year and most views."""
    want = np.array([2 * half_w_km / EARTH_KM, 2 * half_h_km / EARTH_KM])
    d = min(179.0, math.degrees(want[0] / 2) / math.cos(math.radians(HOME_LATLON[0])))
    a = min(120.0, math.degrees(want[1] / 2))
    for _ in range(10):
        w, h = _box_extent(np.array([d, d + 0.01, d]), np.array([a, a, a + 0.01]))
        jac = np.array([[w[1] - w[0], w[2] - w[0]], [h[1] - h[0], h[2] - h[0]]]) / 0.01
        miss = want - np.array([w[0], h[0]])
        if np.all(np.abs(miss) < 1e-4) or abs(np.linalg.det(jac)) < 1e-12:
            break
        step = np.linalg.solve(jac, miss)
        d, a = float(np.clip(d + 0.8 * step[0], 0.5, 179.5)), float(np.clip(a + 0.8 * step[1], 0.5, 130.0))
    return round(d, 3), round(a, 3)


def frame_extent(frame: str, ends: list[tuple[float, float]] = ()) -> tuple[float, float] | None:
    """The least half-width and half-height (km) a frame must show: the frame's own, grown to hold every flow's end
    (the USA line ends inside the map, not past its edge). None: the whole globe."""
    if frame not in FRAME_KM:
        return None
    hx, hy = FRAME_KM[frame]
    if ends:
        x, y = aeqd_xy([e[0] for e in ends], [e[1] for e in ends])
        hx = max(hx, float(np.abs(x).max()) * EARTH_KM * FLOW_PAD)
        hy = max(hy, float(np.abs(y).max()) * EARTH_KM * FLOW_PAD)
    return round(hx), round(hy)


def destinations_geo(extent: tuple[float, float] | None, aspect: float) -> dict:
    """The geo ranges that show at least `extent` around home at the map area's `aspect` (width / height), and how the
    sea is painted there (a layer for the whole globe, the background inside it)."""
    base = {"projection": {"type": "azimuthal equidistant",
                           "rotation": {"lon": HOME_LATLON[1], "lat": HOME_LATLON[0]}},
            "center": {"lon": HOME_LATLON[1], "lat": HOME_LATLON[0]}}
    lat0, lon0 = HOME_LATLON
    hx = max(extent[0], extent[1] * aspect) if extent else math.inf
    hy = hx / aspect
    if hx > 0.75 * math.pi * EARTH_KM or hy > 0.75 * math.pi * EARTH_KM:
        # the whole globe: the widest box there is (its bounds hold the disc but for the rim of the far side's
        # ocean); plotly's default box is narrower than the disc and cut its sides. The sea is the disc's own shape.
        dlon, dlat = WORLD_BOX
        base.update({"showocean": True, "oceancolor": SEA, "bgcolor": "white"})
    else:
        # A box inside the globe: the sea is all that is not land, so it is the map's background. plotly projects
        # every layer it draws again at each drawing, a year step's too, and the sea's outline is as long as the land's.
        dlon, dlat = range_box(hx, hy)
        base.update({"showocean": False, "bgcolor": SEA})
    return {**base, "lonaxis": {"range": [round(lon0 - dlon, 3), round(lon0 + dlon, 3)]},
            "lataxis": {"range": [round(max(-89.9, lat0 - dlat), 3), round(min(89.9, lat0 + dlat), 3)]}}


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def oblasts_geo(aspect: float) -> dict:
    """Mercator ranges around Kyrgyzstan with the map area's aspect: the country as wide (or tall) as the area."""
    w, south, e, north = KG_BOUNDS
    width, height = math.radians(e - w), _merc_y(north) - _merc_y(south)
    mid = (_merc_y(north) + _merc_y(south)) / 2
    if width / height > aspect:
        height = width / aspect
    else:
        grow = (height * aspect - width) / 2
        w, e = w - math.degrees(grow), e + math.degrees(grow)
    south = math.degrees(2 * math.atan(math.exp(mid - height / 2)) - math.pi / 2)
    north = math.degrees(2 * math.atan(math.exp(mid + height / 2)) - math.pi / 2)
    centre_lat = math.degrees(2 * math.atan(math.exp(mid)) - math.pi / 2)
    return {"projection": {"type": "mercator"}, "lonaxis": {"range": [round(w, 3), round(e, 3)]},
            "lataxis": {"range": [round(south, 3), round(north, 3)]},
            "center": {"lon": round((w + e) / 2, 3), "lat": round(centre_lat, 3)}}


def plot_aspect(layout: dict, width: float, height: float) -> float:
    """Width / height of the plot area of `layout` drawn at width x height px."""
    m = layout.get("margin", {})
    return max(0.5, (width - m.get("l", 0) - m.get("r", 0)) / max(120.0, height - m.get("t", 0) - m.get("b", 0)))


def fit_geo(layout: dict, width: float, height: float) -> dict:
    """The layout's geo re-aimed for an image of width x height px (exports: the slide is wider than the page)."""
    meta = layout.get("meta") or {}
    if "kgm_frame" not in meta or "geo" not in layout:
        return layout
    aspect = plot_aspect(layout, width, height)
    kind, extent = meta["kgm_frame"]
    aim = oblasts_geo(aspect) if kind == "oblasts" else destinations_geo(tuple(extent) if extent else None, aspect)
    geo = {k: v for k, v in layout["geo"].items() if k not in ("lonaxis", "lataxis")}
    return {**layout, "geo": {**geo, **aim}}


TITLE_PARTS = re.compile(r"^<b>(?P<title>[\s\S]*?)</b><br><span style='[^']*'>(?P<sub>[\s\S]*)</span>$")


def at_phone_width(fig: dict, width: int, scale: float) -> dict | None:
    """The map's layout for a picture `width` px wide, narrower than a desktop panel, laid out the way the page lays
    the map out on a phone (assets/20-tools.js phoneTexts and phoneBox): title, subtitle and source line wrapped for
    the width, the legend given the rows its entries need there, the plot in the page's shape. The text keeps its
    size: the desktop layout scaled down to a phone drew it at 7 px. `scale`: how much wider the renderer's font is
    than Noto Sans. None for a title not in the map's shape (bold title, subtitle)."""
    layout = fig["layout"]
    parts = TITLE_PARTS.match((layout.get("title") or {}).get("text", ""))
    if not parts:
        return None
    head = wrap_px(parts["title"], width - 24, 16, bold=True, scale=scale)
    sub = wrap_px(parts["sub"], width - 24, 12, scale=scale)
    notes = layout.get("annotations") or []
    source = next((note for note in notes if note.get("name") == "source"), None)
    src = wrap_px(source["text"], width - 16, SOURCE_SIZE, scale=scale) if source else ""
    src_px = source_px(src) if source else 0
    entries = [trace.get("name") or "" for trace in fig["data"] if trace.get("showlegend")]
    legend = (legend_px(entries, width - 16, scale) + LEGEND_ROW_PX + 8) if layout.get("showlegend") else 0
    top = header_px(head.count("<br>") + 1, sub.count("<br>") + 1)
    bottom = 12 + legend + src_px
    height = top + round((width - 16) / PAGE_ASPECT) + bottom
    out = {**layout, "height": height, "margin": {**layout["margin"], "t": top, "b": bottom},
           "meta": {**layout["meta"], "kgm_src_px": src_px, "kgm_legend_px": legend},
           "title": {**layout["title"], "y": 1 - 16 / height,
                     "text": heading_text(head, sub)},
           "annotations": [({**note, "text": src, "yshift": -(12 + legend)} if note is source else note)
                           for note in notes]}
    return fit_geo(out, width, height)
