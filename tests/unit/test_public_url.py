"""The Host header never ends up in links (issue 10, item 4), through Flask's test client.

A forged Host or X-Forwarded-Host must not reach any response: without KGM_PUBLIC_URL an unknown Host gets a plain
400 (only KGM_ALLOWED_HOSTS are answered, loopback by default); with it, any Host is answered and every absolute link
(CSV citation and view lines, image footers, share panel link, embed code, citation) is built from the public URL.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from dashboard import exports
from dashboard.app import create_app
from dashboard.settings import LOOPBACK_HOSTS, Settings, SettingsError, allowed_hosts_from, public_url_from

from .conftest import DATA_DIR
from .test_app import component_props, dependency, payload

EVIL = "evil.example.com"
PUBLIC = "https://migration.example.gov.kg"
FORGED_FORWARDING = {"X-Forwarded-Host": EVIL, "X-Forwarded-Server": EVIL, "Forwarded": f"host={EVIL};proto=https",
                     "X-Original-Host": EVIL, "X-Host": EVIL}
PAGES = ["/en/", "/ru/", "/", "/health", "/en/_dash-layout", "/en/embed/map", "/download/stock.csv",
         "/download/map.csv?year=2020", "/download/cards.csv", "/download/data-package.zip", "/geo/oblasts.geojson",
         "/nope", "/en/assets/10-style.css"]


def make_client(bundle, **settings):
    app = create_app(Settings(data_dir=DATA_DIR, secret_key="unit-tests", **settings), bundle=bundle)
    return app.server.test_client()


@pytest.fixture(scope="module")
def plain(bundle):
    """No KGM_PUBLIC_URL: loopback hosts only."""
    return make_client(bundle)


@pytest.fixture(scope="module")
def public(bundle):
    return make_client(bundle, public_url=PUBLIC)


def assert_no_evil(resp) -> None:
    assert EVIL.encode() not in resp.get_data(), resp.get_data()[:300]
    assert EVIL not in str(resp.headers), resp.headers


def provenance(resp) -> dict[str, str]:
    """A CSV download's '# key: value' lines (one CSV cell each) as a dict."""
    assert resp.status_code == 200, resp.data[:200]
    rows = csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"), newline=""))
    lines = [row[0] for row in rows if len(row) == 1 and row[0].startswith("# ")]
    return {key: value for key, _, value in (line[2:].partition(": ") for line in lines)}


def share_texts(client, host_headers: dict) -> dict[str, str]:
    deps = client.get("/en/_dash-dependencies", headers=host_headers).get_json()
    dep = dependency(deps, "share-map.children")
    body = payload(dep, {"share-map-toggle.n_clicks": 1, "view.data": {"q": "year=2020", "lang": "en"}},
                   ["share-map-toggle.n_clicks"])
    resp = client.post("/en/_dash-update-component", json=body, headers=host_headers)
    assert resp.status_code == 200, resp.data[:300]
    assert_no_evil(resp)
    out = resp.get_json()["response"]
    return {name: component_props(out["share-map"]["children"], f"{name}-map")["value"]
            for name in ("link", "embed", "cite")}


def embed_text(client, host_headers: dict) -> str:
    deps = client.get("/en/embed/_dash-dependencies", headers=host_headers).get_json()
    dep = dependency(deps, "embed.children")
    body = payload(dep, {"url.pathname": "/en/embed/stock", "url.search": "?year=2020"},
                   ["url.pathname", "url.search"])
    body["outputs"] = body["outputs"][0]  # one output: the renderer sends it as an object
    resp = client.post("/en/embed/_dash-update-component", json=body, headers=host_headers)
    assert resp.status_code == 200, resp.data[:300]
    assert_no_evil(resp)
    return json.dumps(resp.get_json()["response"])


# --- without KGM_PUBLIC_URL: unknown hosts refused ---------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("host", [EVIL, f"{EVIL}:8050", f"localhost.{EVIL}", f"127.0.0.1.{EVIL}", f"localhost@{EVIL}",
                                  f"localhost:80@{EVIL}", f"{EVIL}/localhost", "localhost/x", "", "[::1", "::1"])
def test_a_forged_host_gets_a_plain_400(plain, path, host):
    resp = plain.get(path, headers={"Host": host, **FORGED_FORWARDING})
    assert resp.status_code == 400, (resp.status_code, resp.data[:200])
    assert resp.mimetype == "text/plain"
    assert resp.get_data(as_text=True) == "Bad Host header: this dashboard does not answer for that host name."
    assert_no_evil(resp)


def test_a_forged_host_cannot_post_a_callback(plain):
    resp = plain.post("/en/_dash-update-component", json={"output": "x"}, headers={"Host": EVIL})
    assert resp.status_code == 400 and resp.get_data(as_text=True).startswith("Bad Host header")


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST:8050", "127.0.0.1", "127.0.0.1:8050", "[::1]", "[::1]:8050"])
def test_loopback_hosts_are_answered_with_links_to_themselves(plain, host):
    resp = plain.get("/download/stock.csv", headers={"Host": host})
    assert provenance(resp)["view"].startswith(f"http://{host.lower()}/en/?")


@pytest.mark.parametrize("path", PAGES)
def test_a_forged_forwarded_host_is_ignored(plain, path):
    resp = plain.get(path, headers=FORGED_FORWARDING)
    assert resp.status_code in (200, 302, 404), resp.status_code
    assert_no_evil(resp)


def test_without_a_public_url_links_use_the_allowed_host(plain, bundle):
    meta = provenance(plain.get("/download/stock.csv", headers=FORGED_FORWARDING))
    assert meta["view"] == f"http://localhost/en/?v={bundle.version}"
    assert f"http://localhost/en/?v={bundle.version}" in meta["cite as"]
    texts = share_texts(plain, FORGED_FORWARDING)
    assert texts["link"] == f"http://localhost/en/?year=2020&v={bundle.version}"
    assert 'src="http://localhost/en/embed/map?year=2020' in texts["embed"]
    assert "http://localhost/en/?year=2020" in embed_text(plain, FORGED_FORWARDING)


def test_allowed_hosts_replace_the_loopback_default(bundle):
    client = make_client(bundle, allowed_hosts=("dash.internal", "10.0.0.5"))
    assert client.get("/health").status_code == 400  # the test client's localhost is no longer allowed
    meta = provenance(client.get("/download/stock.csv", headers={"Host": "dash.internal:8050"}))
    assert meta["view"].startswith("http://dash.internal:8050/en/?")
    assert client.get("/health", headers={"Host": "10.0.0.5"}).status_code == 200
    assert client.get("/health", headers={"Host": EVIL}).status_code == 400


# --- with KGM_PUBLIC_URL: any host answered, links always public ----------------------------------------------------


@pytest.mark.parametrize("headers", [{"Host": EVIL}, FORGED_FORWARDING, {"Host": EVIL, **FORGED_FORWARDING},
                                     {"Host": "127.0.0.1:8050"}], ids=["host", "forwarded", "both", "proxy"])
def test_with_a_public_url_every_link_is_public(public, bundle, headers):
    for path in PAGES:
        resp = public.get(path, headers=headers)
        assert resp.status_code in (200, 302, 404), (path, resp.status_code)
        assert_no_evil(resp)
    meta = provenance(public.get("/download/map.csv?year=2020", headers=headers))
    assert meta["view"] == f"{PUBLIC}/en/?year=2020&v={bundle.version}"
    assert meta["view"] in meta["cite as"]
    texts = share_texts(public, headers)
    assert texts["link"] == f"{PUBLIC}/en/?year=2020&v={bundle.version}"
    assert f'src="{PUBLIC}/en/embed/map?year=2020&v={bundle.version}"' in texts["embed"]
    assert texts["link"] in texts["cite"]
    assert f"{PUBLIC}/en/?year=2020" in embed_text(public, headers)


def test_the_png_footer_carries_the_public_url(public, bundle, monkeypatch):
    """The figure handed to the renderer (its source line is the PNG's footer), not OCR of the image."""
    rendered: list[dict] = []

    def fake_render(figure, fmt, width, height, scale):
        rendered.append(figure)
        return b"\x89PNG fake"

    monkeypatch.setattr(exports, "render_image", fake_render)
    resp = public.get("/download/stock.png?year=2020&w=800&h=500", headers={"Host": EVIL, **FORGED_FORWARDING})
    assert resp.status_code == 200 and rendered
    assert_no_evil(resp)
    footer = " ".join(note["text"] for note in rendered[0]["layout"]["annotations"] if note.get("name") == "source")
    assert f"{PUBLIC}/en/?year=2020&v={bundle.version}" in footer
    assert EVIL not in json.dumps(rendered[0])


@pytest.mark.slow
def test_the_svg_carries_the_public_url(public, bundle):
    resp = public.get("/download/remittances.svg?w=800&h=500", headers={"Host": EVIL, **FORGED_FORWARDING})
    assert resp.status_code == 200 and resp.mimetype == "image/svg+xml"
    assert_no_evil(resp)
    assert f"{PUBLIC}/en/?v={bundle.version}" in resp.get_data(as_text=True).replace("&amp;", "&")


def test_a_public_path_prefix_is_kept(bundle):
    client = make_client(bundle, public_url="https://example.org/stats/kg-migration")
    meta = provenance(client.get("/download/stock.csv", headers={"Host": "127.0.0.1:8050"}))
    assert meta["view"] == f"https://example.org/stats/kg-migration/en/?v={bundle.version}"


def test_the_page_opens_on_a_link_at_the_public_address(public):
    """Behind a proxy the Host is the proxy's, the page's Referer the public address: the layout still follows it."""
    layout = public.get("/en/_dash-layout", headers={"Host": "127.0.0.1:8050",
                                                     "Referer": f"{PUBLIC}/en/?year=2015"}).get_json()
    assert '"q": "year=2015"' in json.dumps(layout)
    other = public.get("/en/_dash-layout", headers={"Host": "127.0.0.1:8050",
                                                    "Referer": f"http://{EVIL}/en/?year=2015"}).get_json()
    assert '"q": "year=2015"' not in json.dumps(other)


# --- the settings ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("", ""), ("  ", ""), (PUBLIC, PUBLIC), (PUBLIC + "/", PUBLIC), ("http://10.0.0.5:8050", "http://10.0.0.5:8050"),
    ("https://example.org/stats/kg-migration/", "https://example.org/stats/kg-migration"),
    ("https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443")])
def test_public_url_setting(text, expected):
    assert public_url_from(text) == expected


@pytest.mark.parametrize("text", ["migration.example.gov.kg", "ftp://example.org", "https://", "https://a b.org",
                                  "https://user@example.org", "https://example.org/?x=1", "https://example.org/#top",
                                  "https://example.org:port", "javascript:alert(1)", "https://example.org/a%2fb",
                                  "https://example.org/<script>"])
def test_public_url_setting_refuses_what_is_not_an_address(text):
    with pytest.raises(SettingsError, match="KGM_PUBLIC_URL"):
        public_url_from(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("", LOOPBACK_HOSTS), (" , ", LOOPBACK_HOSTS), ("Example.org", ("example.org",)),
    ("example.org:8050, [::1], ::1, 10.0.0.5", ("example.org", "::1", "::1", "10.0.0.5"))])
def test_allowed_hosts_setting(text, expected):
    assert allowed_hosts_from(text) == expected


@pytest.mark.parametrize("text", ["*", "example.org/x", "a b", "user@example.org"])
def test_allowed_hosts_setting_refuses_what_is_not_a_host(text):
    with pytest.raises(SettingsError, match="KGM_ALLOWED_HOSTS"):
        allowed_hosts_from(text)


def test_settings_read_both_from_the_environment(monkeypatch):
    monkeypatch.setenv("KGM_PUBLIC_URL", PUBLIC + "/")
    monkeypatch.setenv("KGM_ALLOWED_HOSTS", "dash.internal")
    settings = Settings.from_env()
    assert settings.public_url == PUBLIC and settings.allowed_hosts == ("dash.internal",)
    monkeypatch.delenv("KGM_PUBLIC_URL")
    monkeypatch.delenv("KGM_ALLOWED_HOSTS")
    assert Settings.from_env().public_url == "" and Settings.from_env().allowed_hosts == LOOPBACK_HOSTS
