"""The PowerPoint downloads as a reader finds them: "Briefing (PowerPoint)" in the page tools follows the view as it
changes (its address is written in the browser, assets/30-callbacks.js), and a chart's Download menu gives its
editable slide; both files open with python-pptx."""

from __future__ import annotations

import io
import re

from playwright.sync_api import expect
from pptx import Presentation

from dashboard.charts import CHART_IDS


def downloaded(page, locator) -> tuple[str, Presentation]:
    with page.expect_download() as info:
        locator.click()
    download = info.value
    assert download.failure() is None, download.failure()
    with open(download.path(), "rb") as f:
        return download.suggested_filename, Presentation(io.BytesIO(f.read()))


def test_the_briefing_link_follows_the_view_and_gives_the_deck(page, dash, bundle, console_errors, shot):
    dash.open("?dest=TUR&year=2020")
    deck = page.get_by_role("link", name="Briefing (PowerPoint)")
    expect(deck).to_be_visible()
    shot("page-tools-briefing-1366")
    expect(deck).to_have_attribute("href", re.compile(r"^/download/briefing\.pptx\?(?=.*year=2020)(?=.*dest=TUR)"
                                                      rf"(?=.*v={re.escape(bundle.version)}).*&lang=en$"))
    dash.radio("f-tab", "Sources disagree")
    expect(deck).to_have_attribute("href", re.compile(r"tab=compare.*&lang=en$"))
    name, prs = downloaded(page, deck)
    assert name == f"kg-migration-briefing-{bundle.version}.pptx"
    titles = [slide.shapes.title.text_frame.text for slide in prs.slides]
    assert titles[0] == "Kyrgyz labour migration: a briefing"
    assert titles[1 + CHART_IDS.index("stock")].startswith("How many Kyrgyz migrants in Turkey?")
    assert len(titles) > 1 + len(CHART_IDS) and titles[-1].startswith("Sources")
    assert console_errors == []


def test_a_charts_download_menu_gives_its_editable_slide(page, dash, bundle, console_errors):
    dash.open("?year=2020")
    page.locator("#share-cards-toggle").click()
    link = page.locator("#dl-cards-pptx")
    expect(link).to_have_text("PowerPoint (editable)")
    expect(link).to_have_attribute("href", f"/download/cards.pptx?year=2020&v={bundle.version}&lang=en")
    name, prs = downloaded(page, link)
    assert name == f"kg-migration-cards-{bundle.version}.pptx" and len(prs.slides) == 1
    assert prs.slides[0].shapes.title.text_frame.text == "How far from home"
    assert console_errors == []


def test_the_page_tools_fit_a_phone(page, dash, shot):
    page.set_viewport_size({"width": 390, "height": 844})
    dash.open()
    tools = page.locator(".page-tools")
    deck = page.get_by_role("link", name="Briefing (PowerPoint)")
    expect(deck).to_be_visible()
    box, width = deck.bounding_box(), page.evaluate("document.documentElement.clientWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "nothing wider than the phone"
    assert tools.bounding_box()["width"] <= width
    shot("page-tools-briefing-390")
