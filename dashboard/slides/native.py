"""A chart's native form (charts/native.py) as a PowerPoint chart whose data sit in the chart's own workbook, so
"Edit data" opens the figures themselves: exact, a missing value an empty cell (a gap in the line, never 0).

Series keep the page's distinctions without relying on colour: each source its own marker and dash, a line only
where the page draws one, hollow markers for qualified, preliminary or reported figures.
"""

from __future__ import annotations

import math

from lxml import etree
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE, XL_TICK_LABEL_POSITION
from pptx.enum.chart import XL_DATA_LABEL_POSITION as LABEL_AT
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..charts.native import NativeChart, NativeSeries
from ..exports import neutralise
from ..figures.theme import HOME, PALETTE
from .text import FONT, INK, MUTED, set_language

GRID = RGBColor(0xE3, 0xE7, 0xEC)
GUIDE = RGBColor(0x5F, 0x6B, 0x7A)
HIGHLIGHT = RGBColor.from_string(HOME.lstrip("#").upper())  # the page's colour for a chosen unit (figures/compared.py)
MARKER_STYLE = {"circle": XL_MARKER_STYLE.CIRCLE, "square": XL_MARKER_STYLE.SQUARE,
                "diamond": XL_MARKER_STYLE.DIAMOND, "triangle": XL_MARKER_STYLE.TRIANGLE,
                "star": XL_MARKER_STYLE.STAR}
DASH_STYLE = {"solid": MSO_LINE_DASH_STYLE.SOLID, "dash": MSO_LINE_DASH_STYLE.DASH,
              "dot": MSO_LINE_DASH_STYLE.ROUND_DOT}
CHART_TYPE = {"line": XL_CHART_TYPE.LINE_MARKERS, "xy": XL_CHART_TYPE.XY_SCATTER_LINES,
              "scatter": XL_CHART_TYPE.XY_SCATTER, "bar": XL_CHART_TYPE.BAR_CLUSTERED}


# the language's own number format (LCID): LibreOffice then groups thousands as the page does ('600 000' in
# Russian and Kyrgyz), PowerPoint as the reader's system does; the workbook's cells keep the plain code
LOCALE_TAG = {"en": "[$-809]", "ru": "[$-419]", "ky": "[$-440]"}


def localised(number_format: str, lang: str) -> str:
    return LOCALE_TAG.get(lang, "") + number_format


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def workbook_text(text: str) -> str:
    """A series or category name as a workbook cell: never read as a formula (exports.neutralise)."""
    return str(neutralise(str(text)))


def chart_data(spec: NativeChart):
    if spec.kind in ("xy", "scatter"):
        data = XyChartData(number_format=spec.x_cell_format)
        # LibreOffice draws no series that has fewer points than a later one with an empty value: with a gap
        # anywhere, every series is padded with empty points to the longest one's length
        gaps = any(v is None for series in spec.series for v in series.values)
        longest = max((len(series.values) for series in spec.series), default=0) if gaps else 0
        for series in spec.series:
            target = data.add_series(workbook_text(series.name), number_format=spec.number_format)
            padding = [(None, None)] * (longest - len(series.values))
            for x, y in [*zip(gap_positions(series.x), series.values, strict=True), *padding]:
                target.add_data_point(x, y)
        return data
    data = CategoryChartData(number_format=spec.number_format)
    data.categories = [workbook_text(c) for c in spec.categories]
    for series in spec.series:
        data.add_series(workbook_text(series.name), series.values, number_format=spec.number_format)
    return data


def gap_positions(xs: tuple[float | None, ...]) -> list[float | None]:
    """A gap's x between its neighbours': an empty y at a real x, so the x column reads as a sequence."""
    out = list(xs)
    for index, x in enumerate(out):
        if x is None:
            before = next((v for v in reversed(out[:index]) if v is not None), None)
            after = next((v for v in out[index + 1:] if v is not None), before)
            out[index] = None if before is None else (before + after) / 2
    return out


def add_native_chart(slide, spec: NativeChart, left: Emu, top: Emu, width: Emu, height: Emu, lang: str,
                     *, legend: bool = True, size: float = 12):
    """Draw `spec` (kind line, xy, scatter or bar) in the box; -> the chart."""
    frame = slide.shapes.add_chart(CHART_TYPE[spec.kind], left, top, width, height, chart_data(spec))
    chart = frame.chart
    chart.font.name, chart.font.size = FONT, Pt(size)
    chart.font.color.rgb = INK
    set_language(chart.font._rPr, lang)
    if spec.title:
        chart.has_title = True
        chart.chart_title.text_frame.text = spec.title
        title_font = chart.chart_title.text_frame.paragraphs[0].runs[0].font
        title_font.size, title_font.bold, title_font.name = Pt(size), True, FONT
    else:
        chart.has_title = False
    shown = [s for s in spec.series if not s.guide]
    # a scatter names each point beside it: a legend would say it twice
    chart.has_legend = legend and spec.kind != "scatter" and (len(shown) > 1 or spec.kind == "line")
    if chart.has_legend:
        # a long legend beside the plot, so the plot keeps its height under a long subtitle
        wide = len(shown) > 6 or sum(len(s.name) for s in shown) > 240
        chart.legend.position = XL_LEGEND_POSITION.RIGHT if wide else XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(size - 2 if wide else size - 1)
        if wide:
            _legend_beside(chart)
    _blanks_as_gaps(chart)
    _axes(chart, spec, size, lang)
    for index, (plot_series, series) in enumerate(zip(chart.plots[0].series, spec.series, strict=True)):
        number = index if series.colour < 0 else series.colour
        colour = GUIDE if series.guide else rgb(PALETTE[number % len(PALETTE)])
        if spec.kind == "bar":
            _bar_style(plot_series, series, colour)
        else:
            _line_style(plot_series, series, colour, spec.kind)
            _error_bars(plot_series, series, colour)
    if spec.kind == "bar":
        _bar_labels(chart, spec, size, lang)
    elif spec.kind == "scatter":
        _point_labels(chart, spec, size)
    return chart


def _manual_layout(parent, place: dict[str, float], inner: bool = False):
    """A c:layout holding a manual layout (fractions of the chart's area) in place of `parent`'s own."""
    layout = parent.find(qn("c:layout"))
    if layout is None:
        layout = etree.Element(qn("c:layout"))
        anchor = parent.find(qn("c:legendPos"))
        if anchor is not None:
            entries = parent.findall(qn("c:legendEntry"))
            (entries[-1] if entries else anchor).addnext(layout)
        else:
            parent.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    if inner:
        etree.SubElement(manual, qn("c:layoutTarget")).set("val", "inner")
    for key in ("xMode", "yMode"):
        etree.SubElement(manual, qn(f"c:{key}")).set("val", "edge")
    for key in ("x", "y", "w", "h"):
        etree.SubElement(manual, qn(f"c:{key}")).set("val", f"{place[key]:.3f}")
    return layout


def _legend_beside(chart) -> None:
    """A long legend in the right third, its entries wrapped there; the plot in the rest (both office suites
    otherwise let a legend of long names take most of the width)."""
    _manual_layout(chart.legend._element, {"x": 0.69, "y": 0.02, "w": 0.31, "h": 0.96})
    _manual_layout(chart._chartSpace.chart.plotArea, {"x": 0.1, "y": 0.04, "w": 0.56, "h": 0.82}, inner=True)


def _blanks_as_gaps(chart) -> None:
    """An empty cell is a gap in the line (PowerPoint's default would be a gap too, LibreOffice's may join)."""
    space = chart._chartSpace.chart
    for old in space.findall(qn("c:dispBlanksAs")):
        space.remove(old)
    blanks = etree.SubElement(space, qn("c:dispBlanksAs"))
    blanks.set("val", "gap")
    # c:dispBlanksAs belongs after c:plotVisOnly in the schema's order
    visible = space.find(qn("c:plotVisOnly"))
    if visible is not None:
        visible.addnext(blanks)


def _axis_title(axis, text: str, size: float) -> None:
    if not text:
        return
    axis.has_title = True
    axis.axis_title.text_frame.text = text
    font = axis.axis_title.text_frame.paragraphs[0].runs[0].font
    font.size, font.bold, font.name = Pt(size - 1), False, FONT
    font.color.rgb = MUTED


def _axes(chart, spec: NativeChart, size: float, lang: str) -> None:
    values = chart.value_axis
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = GRID
    values.format.line.fill.background()
    values.tick_labels.font.size = Pt(size - 1)
    values.tick_labels.number_format = localised(spec.axis_format or axis_format(spec), lang)
    values.tick_labels.number_format_is_linked = False
    _axis_title(values, spec.y_title, size)
    if spec.y_range:
        values.minimum_scale, values.maximum_scale = spec.y_range
    elif spec.kind != "bar" and not spec.log_scale:
        values.minimum_scale = 0 if min(_all_values(spec), default=0) >= 0 else None
    if spec.log_scale:
        _log_scale(values)
    categories = chart.category_axis
    categories.tick_labels.font.size = Pt(size - 1)
    categories.has_major_gridlines = False
    if spec.kind in ("xy", "scatter"):
        _x_axis(categories, spec, lang)
        categories.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # under the plot, below negative values too
        _axis_title(categories, spec.x_title, size)
    if spec.kind == "bar":
        categories.reverse_order = True  # the first row (the largest, rank 1) on top, as on the page
        categories.tick_label_position = XL_TICK_LABEL_POSITION.LOW
        values.tick_label_position = XL_TICK_LABEL_POSITION.HIGH  # under the last bar (the axis is reversed)


def axis_format(spec: NativeChart) -> str:
    """The value axis' labels as precise as its steps need (span_format), from zero."""
    return span_format([*_all_values(spec), 0.0])


def span_format(values: list[float]) -> str:
    """Whole numbers over a span of 10 or more, else one or two decimals."""
    span = (max(values) - min(values)) if values else 0
    return "#,##0" if span >= 10 else "#,##0.0" if span >= 1 else "#,##0.00"


def _all_values(spec: NativeChart) -> list[float]:
    return [v for series in spec.series for v in series.values if v is not None]


def _log_scale(axis) -> None:
    scaling = axis._element.find(qn("c:scaling"))
    base = etree.Element(qn("c:logBase"))
    base.set("val", "10")
    scaling.insert(0, base)


def _x_axis(axis, spec: NativeChart, lang: str) -> None:
    """Whole years on the x axis: from the first year to the one after the last, a tick every 1, 2, 5 or 10
    years; a date axis (Excel serials) the same in days."""
    xs = [x for series in spec.series for x in series.x if x is not None]
    if not xs:
        return
    axis.tick_labels.number_format = localised(spec.x_format or span_format(xs), lang)
    axis.tick_labels.number_format_is_linked = False
    axis.has_major_gridlines = False
    if spec.x_format != "yyyy" and spec.x_format != "0":
        return
    dates = spec.x_format == "yyyy"
    years = [_year_of(x) for x in xs] if dates else xs
    first, last = math.floor(min(years)), math.floor(max(years)) + 1
    span = last - first
    step = 1 if span <= 8 else 2 if span <= 16 else 5 if span <= 40 else 10
    first -= first % step
    if dates:  # a day into the year: ticks 365.25 days apart then stay in the years they name
        axis.minimum_scale, axis.maximum_scale = _serial(first) + 1, _serial(last) + 1
        axis.major_unit = 365.25 * step
    else:
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = first, last, step


def _serial(year: int) -> float:
    """1 January of `year` as an Excel date serial."""
    import datetime as dt

    return float((dt.date(year, 1, 1) - dt.date(1899, 12, 30)).days)


def _year_of(serial: float) -> float:
    return 1899.99 + serial / 365.2425


def _line_style(plot_series, series: NativeSeries, colour: RGBColor, kind: str) -> None:
    plot_series.smooth = False
    line = plot_series.format.line
    if series.joined and kind != "scatter":
        line.color.rgb = colour
        line.width = Pt(1.5 if series.guide else 4.5 if any(series.marked) else 2.25)
        line.dash_style = DASH_STYLE.get("dot" if series.guide else series.dash, MSO_LINE_DASH_STYLE.SOLID)
    else:
        line.fill.background()
    marker = plot_series.marker
    if series.guide:
        marker.style = XL_MARKER_STYLE.NONE
        return
    marker.style = MARKER_STYLE.get(series.marker, XL_MARKER_STYLE.CIRCLE)
    marker.size = 11 if any(series.marked) else 9 if series.marker == "star" else 7
    marker.format.fill.solid()
    marker.format.fill.fore_color.rgb = colour
    marker.format.line.color.rgb = colour
    for index, hollow in enumerate(series.hollow):
        if hollow and series.values[index] is not None:
            point = plot_series.points[index].marker
            point.style = marker.style
            point.size = 9
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            point.format.line.color.rgb = colour
            point.format.line.width = Pt(1.75)


def _error_bars(plot_series, series: NativeSeries, colour: RGBColor) -> None:
    """A figure's period as a bar back from its marker (x), a published range as a whisker up to its top (y): the
    lengths are literal values in the chart, not data in the workbook."""
    if plot_series._element.find(qn("c:xVal")) is None:
        return  # a line chart over categories has no x to reach back along
    for direction, kind, lengths in (("x", "minus", series.x_before), ("y", "plus", series.y_above)):
        if not any(lengths):
            continue
        bars = etree.Element(qn("c:errBars"))
        for tag, value in (("c:errDir", direction), ("c:errBarType", kind), ("c:errValType", "cust"),
                           ("c:noEndCap", "0" if direction == "y" else "1")):
            etree.SubElement(bars, qn(tag)).set("val", value)
        literal = etree.SubElement(etree.SubElement(bars, qn(f"c:{kind}")), qn("c:numLit"))
        etree.SubElement(literal, qn("c:ptCount")).set("val", str(len(lengths)))
        for index, length in enumerate(lengths):
            point = etree.SubElement(literal, qn("c:pt"))
            point.set("idx", str(index))
            etree.SubElement(point, qn("c:v")).text = repr(float(length or 0))
        line = etree.SubElement(etree.SubElement(bars, qn("c:spPr")), qn("a:ln"))
        line.set("w", str(int(Pt(4 if direction == "x" else 1.25))))
        fill = etree.SubElement(etree.SubElement(line, qn("a:solidFill")), qn("a:srgbClr"))
        fill.set("val", str(colour))
        if direction == "x":
            etree.SubElement(fill, qn("a:alpha")).set("val", "45000")
        # errBars come after the marker, data points and labels, before the x and y values (the schema's order)
        plot_series._element.find(qn("c:xVal")).addprevious(bars)


def _bar_style(plot_series, series: NativeSeries, colour: RGBColor) -> None:
    fill = plot_series.format.fill
    plot_series.invert_if_negative = False
    if series.outline_only:
        fill.background()
        plot_series.format.line.color.rgb = INK
        plot_series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        plot_series.format.line.width = Pt(1.5)
        return
    fill.solid()
    fill.fore_color.rgb = colour
    for index, marked in enumerate(series.marked):
        if marked and series.values[index] is not None:  # the unit the view highlights
            point = plot_series.points[index].format
            point.fill.solid()
            point.fill.fore_color.rgb = HIGHLIGHT


def _bar_labels(chart, spec: NativeChart, size: float, lang: str) -> None:
    """Each bar's figure at its end (a slide has no hover); the series share a row (overlap), one bar each."""
    plot = chart.plots[0]
    plot.overlap = 100
    plot.gap_width = 40
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = localised(spec.axis_format or spec.number_format, lang)
    labels.number_format_is_linked = False
    labels.position = LABEL_AT.OUTSIDE_END
    labels.font.size = Pt(size - 1)
    labels.show_value = True


def _point_labels(chart, spec: NativeChart, size: float) -> None:
    """A scatter's points named beside them (every point labelled, as on the page)."""
    for plot_series, series in zip(chart.plots[0].series, spec.series, strict=True):
        for index, value in enumerate(series.values):
            if value is None:
                continue
            label = plot_series.points[index].data_label
            label.position = LABEL_AT.RIGHT
            label.text_frame.text = series.name
            font = label.text_frame.paragraphs[0].runs[0].font
            font.size, font.name = Pt(size - 1), FONT
