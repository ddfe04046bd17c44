"""The README's "Three questions, three links" are checked: every link opens its view without a notice, and every
download answers with the file it names (datasette's habit: documentation that tests keep true)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.state import parse

SECTION = Path(__file__).parents[2].joinpath("README.md").read_text().split("### Three questions, three links")[1]
LINKS = re.findall(r"`(/[^`]+)`", SECTION.split("\n## ")[0].split("\n### ")[0])


@pytest.fixture(scope="module")
def client(bundle):
    return create_app(bundle=bundle).server.test_client()


def test_the_section_has_its_links():
    assert len([link for link in LINKS if link.startswith("/download/")]) >= 5
    assert len([link for link in LINKS if not link.startswith("/download/")]) >= 5


@pytest.mark.parametrize("link", [link for link in LINKS if not link.startswith("/download/")])
def test_every_view_link_reads_without_a_notice(opts, link):
    query = link.partition("?")[2]
    assert parse(query, opts)[1] == [], link


@pytest.mark.parametrize("link", [link for link in LINKS if link.startswith("/download/")])
def test_every_download_link_answers(client, link):
    response = client.get(link)
    assert response.status_code == 200, link
    kind = link.split("?")[0].rsplit(".", 1)[1]
    assert response.mimetype == {"png": "image/png", "csv": "text/csv", "svg": "image/svg+xml"}[kind]
