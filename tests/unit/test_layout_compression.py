"""The layout answer goes out at brotli 5 the first time its body is asked for, and at brotli 11 from then on, made
after the first answer was sent (dashboard/layout_compression.py); every answer decodes to the same layout."""

from __future__ import annotations

import brotli
import pytest

from dashboard.app import create_app
from dashboard.layout_compression import HardCompressed
from dashboard.settings import Settings

from .conftest import DATA_DIR

BROWSER = "gzip, deflate, br, zstd"


@pytest.fixture
def client(bundle):
    """A new app each time: its store of compressed layouts starts empty."""
    return create_app(Settings(data_dir=DATA_DIR, secret_key="unit-tests"), bundle=bundle).server.test_client()


def layout(client, query: str = "", encodings: str = BROWSER):
    response = client.get("/en/_dash-layout", headers={"Accept-Encoding": encodings,
                                                       "Referer": f"http://localhost/en/{query}"})
    response.close()  # as the server does once the answer is sent: the hard compression is made then
    assert response.status_code == 200
    return response


def test_a_layout_asked_for_again_goes_out_at_brotli_11(client):
    first, second = layout(client), layout(client)
    plain = brotli.decompress(first.get_data())
    assert first.headers["Content-Encoding"] == second.headers["Content-Encoding"] == "br"
    assert brotli.decompress(second.get_data()) == plain
    assert second.get_data() == brotli.compress(plain, quality=11)
    assert len(second.get_data()) < len(first.get_data())  # the first at Flask-Compress's quality 5
    assert int(second.headers["Content-Length"]) == len(second.get_data())
    assert "accept-encoding" in second.headers["Vary"].lower()


def test_another_view_has_its_own_layout(client):
    default = brotli.decompress(layout(client).get_data())
    assert layout(client).get_data() == brotli.compress(default, quality=11)
    other = layout(client, "?year=2020")
    assert brotli.decompress(other.get_data()) != default
    assert brotli.decompress(layout(client, "?year=2020").get_data()) == brotli.decompress(other.get_data())


def test_a_client_without_brotli_gets_gzip_as_before(client):
    layout(client)
    answer = layout(client, encodings="gzip")
    assert answer.headers["Content-Encoding"] == "gzip"


def test_the_store_keeps_the_most_recently_used():
    kept = HardCompressed(keep=2)
    for name in ("a", "b"):
        kept.make(name, name.encode() * 100)
    assert kept.get("a") is not None  # "a" used last: "b" goes first
    kept.make("c", b"c" * 100)
    assert len(kept) == 2 and kept.get("b") is None
    assert brotli.decompress(kept.get("a")) == b"a" * 100
