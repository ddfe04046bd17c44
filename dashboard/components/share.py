"""Share and download tools: per chart (link, embed code, citation, CSV, editable PowerPoint, PNG/SVG) and for the
page (link, native share, print, data package, the view's PowerPoint deck). A chart's panel is built by a callback
when it is opened."""

from __future__ import annotations

from dash import dcc, html

from ..i18n import translator
from ..views.share import ShareTexts


def copy_button(target: str, lang: str) -> html.Button:
    """Named by its visible word ("Копировать"): an aria-label that does not contain the visible text fails WCAG
    2.5.3 (speech users say what they see; axe: label-content-name-mismatch, serious in ru and ky). What it copies
    comes from the field's label as its description; the longer phrase stays as the mouse tooltip."""
    t = translator(lang)
    return html.Button(t("Copy"), id={"type": "copy", "target": target}, n_clicks=0, className="copy-btn",
                       title=t("Copy to the clipboard"),
                       **{"aria-describedby": f"{target}-label", "data-copied": t("Copied")})


def field_label(text: str, target: str) -> html.Label:
    return html.Label(text, htmlFor=target, id=f"{target}-label", className="field-label")


def share_block(chart: str, lang: str) -> html.Div:
    """The button and the panel it opens, empty: the panel's fields are built by the server when it is opened
    (share_body, callbacks.share_update), as the table's rows are. Left out of the page, the seven closed panels are
    150 components fewer for Dash to render at load and to check at every change of its state."""
    t = translator(lang)
    return html.Div(className="share", children=[
        html.Button(t("Share, embed, cite, download"), id=f"share-{chart}-toggle", n_clicks=0, className="share-toggle",
                    **{"aria-expanded": "false", "aria-controls": f"share-{chart}"}),
        html.Div(id=f"share-{chart}", className="share-body", hidden=True),
    ])


def share_body(chart: str, lang: str, texts: ShareTexts) -> list:
    """The open share panel of one chart: its link, embed code and citation to copy, and its downloads."""
    t = translator(lang)
    images = [] if texts.png is None else [
        html.A("PNG", id=f"dl-{chart}-png", href=texts.png, className="dl", download=""),
        html.A("SVG", id=f"dl-{chart}-svg", href=texts.svg, className="dl", download=""),
        html.Span(t("Images are 1600×900 at double resolution, with title, source and link inside."),
                  className="field-hint")]
    return [
        field_label(t("Link to this view"), f"link-{chart}"),
        html.Div([dcc.Input(id=f"link-{chart}", type="text", readOnly=True, className="share-text", value=texts.link),
                  copy_button(f"link-{chart}", lang)], className="share-row"),
        field_label(t("Embed code"), f"embed-{chart}"),
        html.Div([dcc.Textarea(id=f"embed-{chart}", readOnly=True, className="share-text", value=texts.embed, rows=3),
                  copy_button(f"embed-{chart}", lang)], className="share-row"),
        field_label(t("Cite this"), f"cite-{chart}"),
        html.Div([dcc.Textarea(id=f"cite-{chart}", readOnly=True, className="share-text", value=texts.cite, rows=3),
                  copy_button(f"cite-{chart}", lang)], className="share-row"),
        html.Div([html.Span(t("Download") + ": ", className="field-label"),
                  html.A(t("Data (CSV)"), id=f"dl-{chart}-csv", href=texts.csv, className="dl", download=""),
                  html.A(t("PowerPoint (editable)"), id=f"dl-{chart}-pptx", href=texts.pptx, className="dl",
                         download=""),
                  *images], className="share-row dl-row"),
    ]


def page_tools(lang: str) -> html.Div:
    t = translator(lang)
    return html.Div(className="page-tools", children=[
        html.Span(id="link-page", hidden=True),  # the text the copy button copies; never a tab stop
        html.Button(t("Copy link to this view"), id={"type": "copy", "target": "link-page"}, n_clicks=0,
                    className="tool-btn", **{"data-copied": t("Copied")}),
        html.Button(t("Share…"), id="native-share", n_clicks=0, className="tool-btn native-share", hidden=True),
        html.Button(t("Print / PDF"), id="print", n_clicks=0, className="tool-btn"),
        html.A(t("All data (zip)"), href="/download/data-package.zip", className="tool-btn", download=""),
        # the view's deck: its href follows the view (assets/30-callbacks.js, briefingHref)
        html.A(t("Briefing (PowerPoint)"), id="briefing-pptx", href=f"/download/briefing.pptx?lang={lang}",
               className="tool-btn", download=""),
        html.A(t("Briefing pack (zip)"), id="briefing-zip", href="/download/briefing.zip", className="tool-btn",
               download="", title=t("The deck, each chart's picture and data, and the citations, in Kyrgyz, Russian "
                                    "and English")),
    ])
