"""Fixtures for real-browser tests: Debian's Chromium driven by Playwright against the app on a loopback port.

`playwright install` cannot download a browser on these offline machines, so we launch /usr/bin/chromium
(`make sysdeps` installs it). Every test in this directory is marked `browser`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items, not only ours: mark just the ones under tests/browser/.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make sysdeps` (apt-get install chromium) as root")
    return {
        **browser_type_launch_args,  # keep --headed / --slowmo from the command line
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",  # CI and this machine run as root, where Chromium's sandbox refuses to start
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            # Chromium's own background traffic (updates, sync) is not ours; keep it off the wire anyway.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # A common office laptop screen; screenshots are reviewed at this size.
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}}


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The app on a free loopback port (werkzeug, threaded), for the whole session. Yields its base URL."""
    from werkzeug.serving import make_server

    from dashboard.app import create_app

    app = create_app()
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    # pytest-playwright passes base_url to new contexts, so tests may write page.goto("/").
    return live_server


@pytest.fixture
def outside_requests(page, live_server: str) -> list[str]:
    """Every request the page makes to anything but the app (CDNs, tile or font servers).

    Assert it stays empty: the ministry network is offline, so any such request fails to render there."""
    origin = live_server.rstrip("/") + "/"
    seen: list[str] = []

    def on_request(request) -> None:
        url = request.url
        if not (url.startswith(origin) or url.startswith(("blob:", "data:"))):
            seen.append(url)

    page.on("request", on_request)
    return seen


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console messages of type error plus uncaught page exceptions, as strings."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    return errors


@pytest.fixture
def shot(page, pytestconfig: pytest.Config) -> Callable[[str], Path]:
    """shot("map-ky") saves a full-page screenshot as test-artifacts/screenshots/map-ky.png, returns the path.

    Look at them: a test that never looked at the page can pass on a blank map."""
    out_dir = pytestconfig.rootpath / "test-artifacts" / "screenshots"
    out_dir.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = out_dir / (re.sub(r"[^A-Za-z0-9._-]+", "_", name) + ".png")
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
