"""Response headers under gunicorn: a Content-Security-Policy with no outside sources and no 'unsafe-inline'
scripts, framing refused except on embeds, no version banner; and a real Chromium drawing the page under that policy
without a single console error (CSP violations are console errors).
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from .conftest import Gunicorn, get

HASH = re.compile(r"'sha256-[A-Za-z0-9+/]{43}='")
SOURCE_KEYWORDS = {"'self'", "'none'", "'unsafe-inline'", "data:", "blob:"}  # all a policy here may name
SAFE_REFERRER = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
DOCUMENTS = ["/en/", "/ru/", "/ky/", "/en/?year=2020&dest=RUS~KAZ"]
JS_TYPES = {"text/javascript", "application/javascript", "module"}
EMBEDS = ["/en/embed/map", "/ru/embed/stock", "/ky/embed/cards", "/en/embed/map?v=2026.11.1"]


def directives(csp: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            assert words[0].lower() not in out, f"directive {words[0]} given twice: {csp}"
            out[words[0].lower()] = words[1:]
    return out


def inline_script_hashes(html: str) -> set[str]:
    """'sha256-...' of every inline script the browser would run, as it computes them to check script-src. Not
    counted: scripts inside comments (Dash's `<!--[if IE]>` warning), data blocks (type="application/json")."""
    out = set()
    html = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S | re.I):
        kind = re.search(r"""type=["']?([^"'\s>]+)""", attrs, flags=re.I)
        if "src=" in attrs.lower() or (kind and kind.group(1).lower() not in JS_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        out.add(f"'sha256-{digest}'")
    return out


def assert_strict_policy(csp: str, frame_ancestors: list[str]) -> dict[str, list[str]]:
    d = directives(csp)
    assert d.get("default-src") == ["'self'"], csp
    scripts = d.get("script-src", [])
    assert scripts[:1] == ["'self'"], csp
    assert len(scripts) > 1 and all(HASH.fullmatch(s) for s in scripts[1:]), f"script-src: {scripts}"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert not re.search(r"(?i)\b(https?|wss?|ftp):", csp), f"an outside scheme/host in the policy: {csp}"
    for name, sources in d.items():
        if name in ("script-src", "frame-ancestors"):
            continue
        assert set(sources) <= SOURCE_KEYWORDS, f"{name} names a host or wildcard: {sources}"
    assert d.get("object-src") == ["'none'"]
    assert d.get("frame-ancestors") == frame_ancestors, csp
    return d


@pytest.mark.parametrize("path", DOCUMENTS)
def test_pages_have_a_strict_policy_and_refuse_framing(app_server: Gunicorn, path):
    r = get(app_server.port, path)
    assert r.status == 200
    d = assert_strict_policy(r.headers["content-security-policy"], ["'none'"])
    assert r.headers.get("x-frame-options") == "DENY"
    assert r.headers.get("x-content-type-options") == "nosniff"
    assert r.headers.get("referrer-policy") in SAFE_REFERRER
    # the hashes cover every inline script the page actually carries (else the browser blocks one)
    missing = inline_script_hashes(r.text) - set(d["script-src"])
    assert not missing, f"inline scripts on {path} not allowed by script-src: {missing}"


@pytest.mark.parametrize("path", EMBEDS)
def test_embeds_may_be_framed_anywhere_but_keep_the_policy(app_server: Gunicorn, path):
    r = get(app_server.port, path)
    assert r.status == 200
    d = assert_strict_policy(r.headers["content-security-policy"], ["*"])
    assert "x-frame-options" not in r.headers, r.headers
    assert r.headers.get("x-content-type-options") == "nosniff"
    assert r.headers.get("referrer-policy") in SAFE_REFERRER
    missing = inline_script_hashes(r.text) - set(d["script-src"])
    assert not missing, f"inline scripts on {path} not allowed by script-src: {missing}"


@pytest.mark.parametrize("path", ["/health", "/download/map.csv", "/geo/oblasts.geojson", "/en/_dash-layout",
                                  "/en/assets/favicon.svg", "/en/assets/nope.css", "/nope", "/download/nope.csv"])
def test_other_responses_refuse_framing_too(app_server: Gunicorn, path):
    r = get(app_server.port, path)
    assert r.status < 500
    assert r.headers.get("x-frame-options") == "DENY", (path, r.headers)
    assert r.headers.get("x-content-type-options") == "nosniff", (path, r.headers)
    assert "frame-ancestors 'none'" in r.headers.get("content-security-policy", ""), (path, r.headers)


@pytest.mark.parametrize("path", ["/en/assets/10-style.css", "/en/assets/20-tools.js", "/en/_dash-dependencies",
                                  "/en/assets/topojson/world_110m.json", "/ky/embed/assets/50-embed.js",
                                  "/en/assets/fonts/noto-sans-latin-400-normal.woff2",
                                  "/en/_dash-component-suites/dash/dcc/async-graph.js"])
def test_static_scripts_styles_fonts_and_data_carry_no_page_level_headers(app_server: Gunicorn, path):
    """Framing, referrer, opener and permissions rules govern documents; a script, stylesheet, font or JSON file is
    never shown as one, and the ~200 bytes would come on every file of a first visit. nosniff stays."""
    r = get(app_server.port, path)
    assert r.status == 200, (path, r.status)
    assert r.headers.get("x-content-type-options") == "nosniff", (path, r.headers)
    for name in ("x-frame-options", "content-security-policy", "referrer-policy", "permissions-policy",
                 "cross-origin-opener-policy"):
        assert name not in r.headers, (path, name)


@pytest.mark.parametrize("path", ["/en/", "/health", "/nope", "/en/embed/map", "/download/map.csv"])
def test_server_header_carries_no_version(app_server: Gunicorn, path):
    r = get(app_server.port, path)
    server = r.headers.get("server", "")
    assert not re.search(r"\d", server), f"Server: {server}"
    assert "x-powered-by" not in r.headers


@pytest.mark.browser
def test_page_draws_under_its_policy_without_console_errors(app_server: Gunicorn, page):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    # securitypolicyviolation events, recorded by a script injected over CDP (not itself subject to the CSP)
    page.add_init_script("""
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
    """)
    outside: list[str] = []
    origin = app_server.base + "/"
    page.on("request", lambda req: None if req.url.startswith((origin, "data:", "blob:")) else outside.append(req.url))

    response = page.goto(f"{app_server.base}/en/", wait_until="load", timeout=30_000)
    assert response is not None and response.status == 200
    assert "'sha256-" in response.headers["content-security-policy"]
    page.wait_for_function("""() => document.querySelectorAll('#map .main-svg path.choroplethlocation').length >= 9
        && document.querySelectorAll('#stock .scatterlayer .trace').length >= 1""", timeout=30_000)
    # the late callbacks have drawn (sources list, chart summaries) and Dash has answered every callback it made:
    # whatever the page would do under its policy, it has done
    page.wait_for_function("""() => { const c = window.store && window.store.getState().callbacks;
        return document.querySelectorAll('#sources li').length >= 1
            && ['map', 'stock', 'remittances'].every(g => document.getElementById('summary-' + g).textContent.trim())
            && !!c && ['requested', 'prioritized', 'blocked', 'executing', 'watched', 'executed', 'stored']
                .every(k => (c[k] || []).length === 0); }""", timeout=30_000)

    violations = page.evaluate("window.__cspViolations")
    assert not violations, f"CSP violations: {violations}"
    assert not errors, "console errors:\n" + "\n".join(errors)
    assert not outside, f"requests outside the app: {outside}"

    # control: the policy is really enforced, and a violation would have been seen by the checks above
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1';
        document.body.appendChild(s); }""")
    # the browser has dealt with the script (refused it, or ran it) ...
    page.wait_for_function("() => window.__cspViolations.length > 0 || window.__injected !== undefined",
                           timeout=5_000)
    assert page.evaluate("window.__injected") is None  # ... and did not run it
    assert page.evaluate("window.__cspViolations"), "an injected inline script raised no CSP violation"
