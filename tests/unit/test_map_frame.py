"""The map fills its frame, the frame is part of the view, and its keys (colour, line width, labels) are readable.

The geo subplot shows the projected bounds of its lon/lat range box (plotly's updateProjection): these tests
compute those bounds the same way and check their shape is the map area's, so no band of the panel or the image
is left empty, and that every drawn flow ends inside them.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from dashboard.charts import figure_for
from dashboard.charts.base import ChartRequest
from dashboard.charts.map import destination_stock, flow_lines
from dashboard.figures import maps
from dashboard.figures.theme import refit
from dashboard.state import ViewState, parse, to_query


def shown_extent(geo: dict) -> tuple[float, float]:
    """Half-width and half-height (km) around home that a destinations map's range box shows."""
    lon, lat = geo["lonaxis"]["range"], geo["lataxis"]["range"]
    dlon = (lon[1] - lon[0]) / 2
    dlat = max(maps.HOME_LATLON[0] - lat[0], lat[1] - maps.HOME_LATLON[0])
    w, h = maps._box_extent(np.array(dlon), np.array(dlat))
    return float(w) * maps.EARTH_KM / 2, float(h) * maps.EARTH_KM / 2


@pytest.mark.parametrize("frame", ["region", "asia"])
def test_destinations_map_has_the_shape_of_its_area(bundle, opts, frame):
    geo = figure_for("map", bundle, ViewState(frame=frame), opts, "en")["layout"]["geo"]
    assert geo["domain"] == {"x": [0, 1], "y": [0, 1]}  # no band kept for a colour bar beside the map
    assert "scale" not in geo["projection"] and not geo["fitbounds"]
    hx, hy = shown_extent(geo)
    assert hx / hy == pytest.approx(maps.PAGE_ASPECT, rel=0.03)
    assert hx >= maps.FRAME_KM[frame][0] * 0.97 and hy >= maps.FRAME_KM[frame][1] * 0.97


def test_frames_differ_and_world_shows_the_whole_disc(bundle, opts):
    spans = {}
    for frame in ("asia", "region", "world"):
        geo = figure_for("map", bundle, ViewState(frame=frame), opts, "en")["layout"]["geo"]
        spans[frame] = shown_extent(geo)
    assert spans["asia"][0] < spans["region"][0] < spans["world"][0]
    # the world box holds the disc (radius pi R) but for the far side's rim: never cut at the sides again
    assert spans["world"][0] > 0.98 * math.pi * maps.EARTH_KM and spans["world"][1] > 0.9 * math.pi * maps.EARTH_KM


@pytest.mark.parametrize("query", ["", "frame=asia", "layer=flows", "dest=RUS~TUR"])
def test_a_box_inside_the_globe_has_its_sea_as_background_not_as_a_layer(bundle, opts, query):
    """plotly projects every layer it shows again at each drawing (a year step's too): inside the globe the sea is
    all that is not land, so the background paints it, in the sea's colour, and no sea layer is projected."""
    geo = figure_for("map", bundle, parse(query, opts)[0], opts, "en")["layout"]["geo"]
    assert geo["showocean"] is False and geo["bgcolor"] == maps.SEA
    assert geo["showland"] is True and geo["landcolor"] == maps.NO_DATA


@pytest.mark.parametrize("query", ["frame=world", "src=un2019&dest=USA~DEU"])
def test_the_whole_globe_keeps_its_sea_layer_and_a_white_background(bundle, opts, query):
    """The globe's disc shows its edge: the sea is drawn as the disc, and around it the panel stays white, in the
    page and in the slide reframed from it; a flow to the far side of the world shows the globe too."""
    fig = figure_for("map", bundle, parse(query, opts)[0], opts, "en")
    for geo in (fig["layout"]["geo"], refit(fig["layout"], 900, 1600)["geo"]):
        assert geo["showocean"] is True and geo["oceancolor"] == maps.SEA and geo["bgcolor"] == "white"


def test_the_export_reframes_the_map_for_the_slide(bundle, opts):
    fig = figure_for("map", bundle, ViewState(), opts, "en")
    slide = refit(fig["layout"], 900, 1600)
    hx, hy = shown_extent(slide["geo"])
    assert hx / hy == pytest.approx(maps.plot_aspect(slide, 1600, 900), rel=0.03)
    assert hx / hy > maps.PAGE_ASPECT + 0.3  # a slide is wider than the panel
    assert refit(fig["layout"], 900)["geo"] == slide["geo"]  # the slide's 16:9 unless told otherwise
    oblasts = refit(figure_for("map", bundle, ViewState(layer="oblasts"), opts, "en")["layout"], 900, 1600)
    lon, lat = oblasts["geo"]["lonaxis"]["range"], oblasts["geo"]["lataxis"]["range"]
    width, height = math.radians(lon[1] - lon[0]), maps._merc_y(lat[1]) - maps._merc_y(lat[0])
    assert width / height == pytest.approx(maps.plot_aspect(oblasts, 1600, 900), rel=0.02)


@pytest.mark.parametrize("query", ["layer=flows", "layer=flows&src=un2020", "layer=flows&src=knomad2021&frame=asia",
                                   "src=un2019&dest=USA~DEU", "layer=flows&src=gbmd&dest=USA~CAN~RUS"])
def test_every_drawn_flow_ends_inside_the_frame(bundle, opts, query):
    view = parse(query, opts)[0]
    req = ChartRequest(bundle, view, opts, "en")
    ends = flow_lines(req, destination_stock(req))
    geo = figure_for("map", bundle, view, opts, "en")["layout"]["geo"]
    hx, hy = shown_extent(geo)
    x, y = maps.aeqd_xy([f["lat"] for f in ends], [f["lon"] for f in ends])
    assert ends and np.all(np.abs(x) * maps.EARTH_KM < hx) and np.all(np.abs(y) * maps.EARTH_KM < hy), query
    assert "src=" not in query or "USA" in [f["iso3"] for f in ends]  # the line that left the frame before


def test_frame_travels_with_the_view(opts):
    """The frame is in the link, so the share link, embed, PNG and SVG (all built from the view) carry it."""
    view = parse("layer=flows&frame=world", opts)[0]
    assert to_query(view) == "layer=flows&frame=world"
    assert not hasattr(ChartRequest, "world")


@pytest.mark.parametrize("query", ["", "layer=flows", "layer=oblasts", "layer=oblasts&per=per1000",
                                   "layer=oblasts&measure=population"])
def test_colour_key_is_a_legend_under_the_map(bundle, opts, query):
    """A legend (not a colour bar the phone layout drops): swatches in the fills' own colours, 'no data' too."""
    fig = figure_for("map", bundle, parse(query, opts)[0], opts, "ru")
    assert not any(d.get("showscale") for d in fig["data"])
    keys = [d for d in fig["data"] if d.get("showlegend") and d.get("mode") == "markers"]
    assert len(keys) >= 4 and keys[-1]["name"] == "нет данных"
    scale = [c for _, c in maps.SEQUENTIAL]
    assert keys[0]["marker"]["color"] != keys[-2]["marker"]["color"]
    assert all(k["marker"]["color"].startswith("#") for k in keys) and scale[0] != scale[-1]
    legend = fig["layout"]["legend"]
    assert legend["orientation"] == "h" and legend["yref"] == "paper" and legend["yanchor"] == "top"
    assert fig["layout"]["showlegend"] is True


@pytest.mark.parametrize("query", ["layer=oblasts", "layer=oblasts&per=per1000", "layer=oblasts&measure=population",
                                   "layer=oblasts&year=2015", "layer=oblasts&sex=female"])
def test_the_oblast_colour_key_reaches_the_darkest_fill(bundle, opts, query):
    """Every colour on the map is in its key: the last swatch is the highest figure drawn, in its fill's colour
    (a key that stopped at a round 200 000 left Batken's 265 000 darker than anything it explained)."""
    fig = figure_for("map", bundle, parse(query, opts)[0], opts, "ru")
    values = fig["data"][0]
    keys = [d for d in fig["data"] if d.get("showlegend") and d.get("mode") == "markers"][:-1]  # no "no data"
    top = max(values["z"])
    assert keys[-1]["marker"]["color"] == maps.colour_at(1.0)
    shown = [float(k["name"].replace("\u00a0", "").replace(",", ".")) for k in keys]
    assert shown[-1] == pytest.approx(top, abs=0.5)  # read at a glance: 505 for 504.67
    assert shown == sorted(shown) and len(shown) == len(set(shown)) and 2 <= len(keys) <= 4


def test_flows_have_a_line_width_key(bundle, opts):
    fig = figure_for("map", bundle, parse("layer=flows", opts)[0], opts, "en")
    widths = [d for d in fig["data"] if d.get("showlegend") and d.get("mode") == "lines"]
    assert 2 <= len(widths) <= 3 and all(d["name"].startswith("line: ") for d in widths)
    assert widths[0]["line"]["width"] > widths[-1]["line"]["width"]
    drawn = [d for d in fig["data"][maps.FLOW0_TRACE:maps.ORIGIN_TRACE] if d["visible"]]
    top = max(drawn, key=lambda d: d["line"]["width"])  # the same width for the same number of people
    value = float(top["name"].split(": ")[1].replace(",", ""))
    assert maps.line_width(value, value) == pytest.approx(top["line"]["width"], abs=0.01)
    assert not [d for d in figure_for("map", bundle, ViewState(), opts, "en")["data"] if d.get("mode") == "lines"
                and d.get("showlegend")]  # no flows drawn: no width key


def _boxes(fig: dict, first: int, width: float) -> list[tuple]:
    """The boxes of one label set (two traces from `first`) on a map `width` px wide, as place_labels sees them."""
    out = []
    for trace in fig["data"][first:first + 2]:
        for lat, lon, text, pos in zip(trace["lat"], trace["lon"], trace["text"], trace["textposition"], strict=True):
            x, y = maps.label_px(lat, lon, width)
            out.append(maps._label_box(x, y, text.split("<br>"), pos))
    return out


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
@pytest.mark.parametrize("query", ["layer=oblasts", "layer=oblasts&per=per1000", "layer=oblasts&measure=population",
                                   "layer=oblasts&measure=wage"])
def test_oblast_labels_never_collide(bundle, opts, lang, query):
    fig = figure_for("map", bundle, parse(query, opts)[0], opts, lang)
    for first, width, least in ((2, maps.WIDE_MAP_PX, 9), (4, maps.NARROW_MAP_PX, 6)):
        boxes = _boxes(fig, first, width)
        assert len(boxes) >= least  # every unit labelled on a wide map, most on a phone
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (lang, query, width, a, b)
    texts = [t for tr in fig["data"][2:6] for t in tr["text"]]
    assert not any("per 1,000" in t or "на 1000" in t for t in texts)  # the unit is in the key, not each label


def test_labels_on_dark_fills_are_white_with_a_dark_halo(bundle, opts):
    fig = figure_for("map", bundle, parse("layer=oblasts&per=per1000", opts)[0], opts, "en")
    pale, dark = fig["data"][2:4]
    assert dark["textfont"]["color"] == "white" and "#0b2f5e" in dark["textfont"]["shadow"]
    assert pale["textfont"]["color"] == maps.INK and "white" in pale["textfont"]["shadow"]
    assert any("504.7" in t for t in dark["text"])  # Batken, the darkest fill


def test_a_flow_line_names_its_destination_under_the_pointer(bundle, opts):
    fig = figure_for("map", bundle, parse("layer=flows", opts)[0], opts, "en")
    lines = [t for t in fig["data"] if t.get("type") == "scattergeo" and t.get("mode") == "lines"
             and t.get("visible") and t.get("customdata")]
    assert lines, "the flows are drawn"
    russia = next(t for t in lines if t["customdata"][0] == "RUS")
    assert "Russia" in russia["hovertemplate"] and "333,664" in russia["hovertemplate"]
    assert "hoverinfo" not in russia


@pytest.mark.parametrize("query", ["", "frame=asia", "layer=flows&oblast=KG-B", "sex=female&dest=TUR,RUS",
                                   "frame=world", "dest=USA"])
def test_ring_labels_stand_inside_every_picture_of_the_frame(bundle, opts, query):
    """A ring's label outside the map would be cut (the 5,000 and 8,000 km labels were): each label's point lies
    inside the least extent the frame shows on the page and in every export."""
    view = parse(query, opts)[0]
    fig = figure_for("map", bundle, view, opts, "en")
    labels = next(t for t in fig["data"] if t.get("mode") == "text" and any("km" in x for x in t.get("text", [])))
    extent = maps.frame_extent(view.frame, [(f["lat"], f["lon"]) for f in flow_lines(
        ChartRequest(bundle, view, opts, "en"), destination_stock(ChartRequest(bundle, view, opts, "en")))]
        if view.layer == "flows" or view.dest else [])
    if extent is None:
        return
    x, y = maps.aeqd_xy(labels["lat"], labels["lon"])
    assert (np.abs(x) * maps.EARTH_KM <= extent[0]).all() and (np.abs(y) * maps.EARTH_KM <= extent[1]).all()


@pytest.mark.parametrize(("width", "kept"), [(1600, maps.WIDE_MAP_PX), (640, maps.WIDE_MAP_PX),
                                             (600, maps.NARROW_MAP_PX), (390, maps.NARROW_MAP_PX)])
def test_a_picture_drawn_on_the_server_keeps_one_set_of_oblast_labels(bundle, opts, width, kept):
    """The page's stylesheet shows the wide map's labels or the phone's by the screen's width; a picture drawn on the
    server (download, slide, an embed's first paint) drew both, one over the other ("Нарынская" twice)."""
    fig = figure_for("map", bundle, parse("layer=oblasts", opts)[0], opts, "ru")
    labels = [trace["name"] for trace in maps.labels_for_width(fig, width)["data"]
              if str(trace.get("name")).startswith("labels-")]
    assert labels == [f"labels-{kept}"] * 2  # ink on pale fills, white on dark ones
    other = figure_for("map", bundle, parse("", opts)[0], opts, "ru")
    assert maps.labels_for_width(other, width) is other  # no labels: the figure as it is



def test_each_oblast_label_sits_deep_inside_its_unit(bundle):
    """A label of two lines needs room: its point is inside the unit and at least as far from the unit's edge as
    any point shapely offers (its representative point fell by Batken's enclaves, and the label ran over them)."""
    import shapely
    from shapely.affinity import scale

    from dashboard.data.oblasts import label_points
    points = label_points(bundle)
    for code, geom in zip(bundle.oblast_geo["iso_3166_2"], bundle.oblast_geo.geometry, strict=True):
        lat, lon = points[code]
        part = max(getattr(geom, "geoms", [geom]), key=lambda polygon: polygon.area)
        shrink = math.cos(math.radians(part.centroid.y))
        flat = scale(part, xfact=shrink, yfact=1.0, origin=(0, 0))
        label = shapely.Point(lon * shrink, lat)
        other = shapely.Point(part.representative_point().x * shrink, part.representative_point().y)
        assert flat.contains(label), code
        assert flat.boundary.distance(label) >= flat.boundary.distance(other) - 1e-9, code  # holes too
    assert points["KG-B"][1] < 70.5, "Batken's label in its wide western part, away from the enclaves"


@pytest.mark.parametrize("top,expected", [
    (265000, ["50,000", "100,000", "150,000", "265,000"]), (504.6657, ["100", "200", "300", "505"]),
    (8.2, ["2", "4", "6", "8.2"]), (0.93, ["0.2", "0.4", "0.6", "0.93"]),
])
def test_the_colour_key_reads_at_a_glance(top, expected):
    """Round values without decimals they do not have ('2', not '2.00'); the highest figure to three or so digits."""
    assert [maps.key_number(value, "en") for value in maps.nice_ticks(top)] == expected
