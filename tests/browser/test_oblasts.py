"""Oblasts compared in the page: the view radio (oview=) switches ranking, series and scatter, the URL follows, the
scatter's axis radio (vs=) shows only with the scatter, and each view draws what it says."""

from __future__ import annotations

import re

from conftest import settle
from playwright.sync_api import expect

GRAPH = "#oblasts"


def test_oblasts_view_radio_switches_rank_series_scatter(page, dash, shot):
    dash.open("?measure=population")
    expect(page.locator(f"{GRAPH} .gtitle")).to_contain_text("Oblasts ranked: Resident population")
    expect(page.locator(f"{GRAPH} .scatterlayer .textpoint")).to_have_count(9)  # every unit has a population figure
    expect(page.locator("#f-vs")).to_be_hidden()  # the scatter's axis choice, hidden for the ranking

    dash.radio("f-oview", "Over time")
    dash.expect_url(r"/en/\?measure=population&oview=series$")
    expect(page.locator(f"{GRAPH} .gtitle")).to_contain_text("Resident population by oblast over time")
    expect(page.locator(f"{GRAPH} .scatterlayer .trace")).to_have_count(9)  # one line per unit
    expect(page.locator("#summary-oblasts")).to_contain_text("Osh City")

    dash.radio("f-oview", "Against poverty or wages")
    dash.expect_url(r"/en/\?measure=population&oview=scatter$")
    expect(page.locator("#f-vs")).to_be_visible()
    expect(page.locator(f"{GRAPH} .gtitle")).to_contain_text("Migration and poverty by oblast")
    expect(page.locator(f"{GRAPH} .gtitle")).to_contain_text("n = 3")
    labels = page.locator(f"{GRAPH} .scatterlayer .textpoint")
    expect(labels).to_have_count(3)  # every point carries its unit's name
    expect(labels.first).to_have_text(re.compile(r"\S"))

    dash.radio("f-vs", "Average monthly wage")
    dash.expect_url(r"/en/\?measure=population&oview=scatter&vs=wage$")
    expect(page.locator(f"{GRAPH} .gtitle")).to_contain_text("Migration and wages by oblast")
    expect(page.locator("#summary-oblasts")).to_contain_text("Fewer than 3 units")
    settle(page)
    shot("oblasts-scatter-wage")


def test_oblasts_ranking_lists_units_without_a_figure_in_words(page, dash):
    dash.open("?measure=poverty&oblast=KG-B")
    # a value written at the end of each bar; Osh oblast has no 2018 figure: no bar, no value, but words
    expect(page.locator(f"{GRAPH} .scatterlayer .textpoint")).to_have_count(8)
    expect(page.locator(f"{GRAPH} .annotation-text", has_text="no figure")).to_have_count(1)
    expect(page.locator(f"{GRAPH} .gtitle")).to_contain_text("Highlighted: Batken")


def test_a_link_to_the_oblast_map_shows_one_label_per_unit_and_its_controls(page, dash):
    """The oblast map carries two sets of labels, placed for a desktop panel and for a phone, and the stylesheet
    shows one by the panel's layer class; a link opened on that layer had no class until the reader changed layers,
    so both sets showed (Naryn and Osh labelled twice) and so did the destinations' controls instead of the oblasts'."""
    dash.open("?layer=oblasts")
    expect(page.locator("#panel-map")).to_have_class(re.compile(r"\blayer-oblasts\b"))
    labels = page.locator("#map .scatterlayer .trace text:visible")
    expect(labels.first).to_be_visible()
    texts = labels.all_text_contents()
    assert len(texts) == len(set(texts)), texts  # each unit labelled once
    expect(page.locator("#f-per")).to_be_visible()  # the oblast layer's controls, not the destinations'
    expect(page.locator("#f-frame")).to_be_hidden()
