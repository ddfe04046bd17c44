"""The filter bar: every control labelled, keyboard-operable, and seeded from the view so a deep link renders
right the first time. Components get their options passed in; they never query data themselves."""

from __future__ import annotations

from dash import dcc, html

from ..charts import FIGURE_IDS
from ..i18n import translator
from ..labels import INDICATOR_LABEL, SEX_LABEL
from ..state import ViewState, range_value


def field(label: str, control, control_id: str, hint: str | None = None, cls: str = "") -> html.Div:
    children = [html.Label(label, htmlFor=control_id, className="field-label", id=f"{control_id}-label"), control]
    if hint:
        children.append(html.Div(hint, className="field-hint"))
    return html.Div(children, className=f"field {cls}".strip())


def dropdown_labels(lang: str) -> dict[str, str]:
    """The words Dash 4's Dropdown draws itself (search box, select all, clear, count), in the page's language. All
    seven keys: a partial dict replaces Dash's English defaults instead of merging with them (dcc/Dropdown's
    `labels`)."""
    t = translator(lang)
    return {"select_all": t("Select all"), "deselect_all": t("Deselect all"),
            "selected_count": t("{num_selected} selected"),  # Dash fills in the count
            "search": t("Search"), "clear_search": t("Clear search"), "clear_selection": t("Clear selection"),
            "no_options_found": t("No matching options")}


def dest_limit_block(left_out: list[str], limit: int, year: int, lang: str, listed: int = 6) -> list:
    """The notice for destinations left out beyond the limit (named, largest first, the first `listed` of them):
    the reader chose them, so the page says where they went."""
    t = translator(lang)
    shown = ", ".join(left_out[:listed])
    if len(left_out) > listed:
        shown = t("{names} and {n} more", names=shown, n=len(left_out) - listed)
    text = t("Up to {max} destinations can be shown at once: the {max} with the most migrants in {year} are kept. "
             "Left out: {names}.", max=limit, year=year, names=shown)
    return [html.Div(text, className="notice notice-dest", role="status")]


def year_marks(years: list[int]) -> dict:
    """The slider runs over positions 0..n-1 of the years the source publishes: arrow keys then step from one
    published year to the next (a slider over calendar years would stop on years with no data)."""
    return {i: {"label": str(y)} for i, y in enumerate(years)}


def play_button(lang: str) -> html.Button:
    """▶ / ⏸. Its name, title and symbol follow its state in the browser (assets/30-callbacks.js `player`), which
    takes the words for each state from the data attributes: the script has no catalog of its own."""
    t = translator(lang)
    return html.Button("▶", id="play", className="play", n_clicks=0, title=t("Play through the years"),
                       **{"aria-label": t("Play through the years"), "aria-pressed": "false",
                          "data-play": t("Play through the years"), "data-pause": t("Pause"),
                          "data-ended": t("Stopped at the last year, {year}")})


def range_marks(span: tuple[int, int], every: int = 20, clear: int = 8) -> dict:
    """The first and last year of the extent, and the round years between that stand clear of them (labels that
    would touch on a phone are left out)."""
    low, high = span
    inner = [year for year in range(low - low % every + every, high, every) if low + clear <= year <= high - clear]
    return {year: {"label": str(year)} for year in (low, *inner, high)}


def range_text(value: list[int], span: tuple[int, int], lang: str) -> str:
    """The chosen years in words beside the control ('2015–2024'; 'All years: 1960–2026' at the full extent). The
    browser writes the same words as the handles move (assets/35-range.js, from the element's data attributes)."""
    t = translator(lang)
    msgid = "All years: {start}–{end}" if list(value) == list(span) else "{start}–{end}"
    return t(msgid, start=value[0], end=value[1])


def range_control(s: ViewState, lang: str, span: tuple[int, int]) -> html.Div:
    """Two handles over every year the time series hold (from=/to=): arrow keys move the focused handle a year,
    Page Up/Down ten. The whole extent is no range. The charts of one year say the range does not apply."""
    t = translator(lang)
    value = range_value(s, span)
    words = {"data-range": t("{start}–{end}", start="{start}", end="{end}"),
             "data-all": t("All years: {start}–{end}", start="{start}", end="{end}")}
    return html.Div(className="field field-range", children=[
        html.Label(t("Years shown in the time series"), htmlFor="f-range", className="field-label",
                   id="f-range-label"),
        html.Div(dcc.RangeSlider(id="f-range", min=span[0], max=span[1], step=1, value=value,
                                 marks=range_marks(span), allowCross=False, allow_direct_input=False,
                                 updatemode="mouseup"), className="slider-wrap"),
        html.Div(range_text(value, span, lang), id="f-range-words", className="field-hint range-words", **words),
        # each handle's name after the label (assets/35-range.js): which end of the range it moves
        html.Span(t("first year"), id="f-range-first", hidden=True),
        html.Span(t("last year"), id="f-range-last", hidden=True),
    ])


def filter_bar(s: ViewState, lang: str, *, years: list[int], year: int, sources: list[tuple[str, str]],
               countries: list[tuple[str, str]], oblasts: list[tuple[str, str]], sexes: list[str],
               span: tuple[int, int] = (0, 0)) -> html.Section:
    t = translator(lang)
    marks = year_marks(years)
    return html.Section(className="filters", **{"aria-label": t("Filters")}, children=[
        # the charts a year step redraws in the browser (assets/30-callbacks.js kgmStep)
        html.Div(className="field field-year", **{"data-panels": " ".join(FIGURE_IDS)}, children=[
            html.Label(t("Year"), htmlFor="f-year", className="field-label", id="f-year-label"),
            html.Div(className="year-row", children=[
                html.Button("‹", id="year-prev", className="step", n_clicks=0, title=t("Previous year"),
                            **{"aria-label": t("Previous year")}),
                play_button(lang),
                html.Button("›", id="year-next", className="step", n_clicks=0, title=t("Next year"),
                            **{"aria-label": t("Next year")}),
                html.Div(dcc.Slider(id="f-year", min=0, max=len(years) - 1, step=1, marks=marks,
                                    value=years.index(year), included=False, allow_direct_input=False,
                                    updatemode="mouseup"),
                         className="slider-wrap"),
            ]),
            dcc.Interval(id="play-timer", interval=1400, disabled=True),
            html.Div(id="play-status", role="status", className="field-hint play-status"),
        ]),
        field(t("Destinations"), dcc.Dropdown(
            id="f-dest", options=[{"label": name, "value": code} for code, name in countries], value=list(s.dest),
            multi=True, labels=dropdown_labels(lang),
            placeholder=t("Top destinations"), searchable=True), "f-dest"),
        field(t("Oblast of origin"), dcc.Dropdown(
            id="f-oblast", options=[{"label": name, "value": code} for code, name in oblasts], value=s.oblast,
            placeholder=t("All of Kyrgyzstan"), clearable=True, labels=dropdown_labels(lang)), "f-oblast"),
        field(t("Sex"), dcc.RadioItems(
            id="f-sex", options=[{"label": t(SEX_LABEL[x]), "value": x} for x in sexes], value=s.sex,
            inline=True, className="radio"), "f-sex"),
        # second row on a desktop: the source under the year, the range under destinations and oblast, the events
        # switch under sex (10-style.css), so that the sticky bar is two rows of one line each
        field(t("Source of the stock figures"), dcc.Dropdown(
            id="f-src", options=[{"label": name, "value": code} for code, name in sources], value=s.src,
            clearable=False, labels=dropdown_labels(lang)),
            "f-src", cls="field-wide"),
        range_control(s, lang, span),
        events_control(s, lang),
    ])


def events_control(s: ViewState, lang: str) -> html.Div:
    """Dated events drawn on every time series (events=on|off): one switch for all of them, beside the filters."""
    t = translator(lang)
    return field(t("Events on the time series"), dcc.RadioItems(
        id="f-events", value=s.events, inline=True, className="radio", options=[
            {"label": t("Show them"), "value": "on"}, {"label": t("Hide them"), "value": "off"}]), "f-events")


def map_controls(s: ViewState, lang: str) -> html.Div:
    t = translator(lang)
    return html.Div(className="panel-controls", children=[
        field(t("Map layer"), dcc.RadioItems(id="f-layer", value=s.layer, inline=True, className="radio", options=[
            {"label": t("Destination countries"), "value": "destinations"},
            {"label": t("Flows"), "value": "flows"},
            {"label": t("Origin oblasts"), "value": "oblasts"}]), "f-layer"),
        field(t("Oblast indicator"), dcc.Dropdown(
            id="f-measure", value=s.measure, clearable=False, labels=dropdown_labels(lang),
            options=[{"label": t(v), "value": k} for k, v in INDICATOR_LABEL.items()]), "f-measure",
            cls="only-oblasts"),
        field(t("Show"), dcc.RadioItems(id="f-per", value=s.per, inline=True, className="radio", options=[
            {"label": t("Numbers"), "value": "abs"}, {"label": t("Per 1,000 residents"), "value": "per1000"}]),
            "f-per", cls="only-oblasts"),
        frame_control(s, lang),
    ])


def frame_control(s: ViewState, lang: str) -> html.Div:
    """How much of the globe the destinations and flows maps show. A view key (frame=), so the link, the embed and
    the downloaded image keep the reader's choice; hidden with the oblast layer, which always shows Kyrgyzstan."""
    t = translator(lang)
    return field(t("Map frame"), dcc.RadioItems(id="f-frame", value=s.frame, inline=True, className="radio", options=[
        {"label": t("Main destinations"), "value": "region"}, {"label": t("Central Asia"), "value": "asia"},
        {"label": t("Whole world"), "value": "world"}]), "f-frame", cls="only-destinations")


def stock_controls(s: ViewState, lang: str) -> html.Div:
    t = translator(lang)
    return html.Div(className="panel-controls", children=[
        field(t("View"), dcc.RadioItems(id="f-tab", value=s.tab, inline=True, className="radio", options=[
            {"label": t("Top destinations"), "value": "top"},
            {"label": t("Sources disagree"), "value": "compare"}]), "f-tab")])


def remittance_controls(s: ViewState, lang: str, partners: list[tuple[str, str]] | None = None) -> html.Div:
    """The measure, and with the corridor over time (rem=corridor) the sending country (partner=; `partners`: the
    countries with reported figures, most first, as (ISO3, name))."""
    t = translator(lang)
    partners = partners or []
    return html.Div(className="panel-controls", children=[
        field(t("Measure"), dcc.RadioItems(id="f-rem", value=s.rem, inline=True, className="radio", options=[
            {"label": t("US$"), "value": "usd"}, {"label": t("% of GDP"), "value": "gdp"},
            {"label": t("By sending country"), "value": "country"},
            {"label": t("Corridor over time"), "value": "corridor"}]), "f-rem"),
        field(t("Sending country"), dcc.Dropdown(
            id="f-partner", options=[{"label": name, "value": code} for code, name in partners],
            value=s.partner or (partners[0][0] if partners else None), clearable=False, searchable=False,
            labels=dropdown_labels(lang)), "f-partner", cls="only-corridor")])


def city_controls(s: ViewState, lang: str, cities: list[tuple[str, str]] | None = None) -> html.Div:
    """Which city a country's card goes to (city=): every destination city, listed country by country ('Moscow,
    Russia'). Empty means each country's usual city; one city per country, a new choice replacing the old."""
    t = translator(lang)
    return html.Div(className="panel-controls", children=[
        field(t("Destination city on the cards"), dcc.Dropdown(
            id="f-city", options=[{"label": label, "value": place} for place, label in cities or []],
            value=list(s.city), multi=True, searchable=True, labels=dropdown_labels(lang),
            placeholder=t("The usual city of each country")), "f-city",
            hint=t("One city per country: a new choice replaces the city chosen before in that country."),
            cls="field-wide")])


def sexes_controls(s: ViewState, lang: str) -> html.Div:
    """Women and men as head counts or as the share of women (wm=). The destination is not chosen here: it is the
    first of the Destinations filter, as for 'Sources disagree', and the hint says so."""
    t = translator(lang)
    return html.Div(className="panel-controls", children=[
        field(t("Show"), dcc.RadioItems(id="f-wm", value=s.wm, inline=True, className="radio", options=[
            {"label": t("Women and men"), "value": "counts"},
            {"label": t("Share of women"), "value": "share"}]), "f-wm",
            hint=t("The destination is the first country chosen in the Destinations filter at the top (the title "
                   "names it); to see another, choose it there first."))])


def official_controls(s: ViewState, lang: str) -> html.Div:
    """The official counts follow the first destination chosen in the filters: said above the chart, so a reader
    knows how to switch it."""
    t = translator(lang)
    return html.Div(className="panel-controls", children=[
        html.P(t("Shows the first destination chosen in the filters above, else the main destination."),
               className="field-hint")])


def oblasts_controls(s: ViewState, lang: str) -> html.Div:
    """Oblasts compared: ranking, series or scatter (oview=); the scatter's horizontal axis (vs=), shown only with
    the scatter (assets/10-style.css). The indicator is the map's (measure=, per=)."""
    t = translator(lang)
    return html.Div(className="panel-controls", children=[
        field(t("View"), dcc.RadioItems(id="f-oview", value=s.oview, inline=True, className="radio", options=[
            {"label": t("Ranking"), "value": "rank"}, {"label": t("Over time"), "value": "series"},
            {"label": t("Against poverty or wages"), "value": "scatter"}]), "f-oview"),
        field(t("Compare migration with"), dcc.RadioItems(id="f-vs", value=s.vs, inline=True, className="radio",
                                                          options=[
            {"label": t(INDICATOR_LABEL["poverty"]), "value": "poverty"},
            {"label": t(INDICATOR_LABEL["wage"]), "value": "wage"}]), "f-vs", cls="only-scatter")])


# the controls above each chart's panel, by chart id (the page iterates the chart registry)
PANEL_CONTROLS = {"facts": lambda s, lang: None, "map": map_controls, "stock": stock_controls, "sexes": sexes_controls,
                  "remittances": remittance_controls, "cards": city_controls}
PANEL_CONTROLS["oblasts"] = oblasts_controls  # oblasts compared, beside the map
PANEL_CONTROLS["official"] = official_controls  # no control of its own: it follows the destination filter
