"""Server-side image export stays on the machine: kaleido's browser asks nothing of the internet.

The renderer runs under gunicorn as in production, with choreographer's CHOREO_PROXY_SERVER pointing Chromium at a
recording proxy on loopback. Chromium then sends every request for another host to that proxy (loopback is never
proxied, file:// never touches the network), so the proxy's log is the list of requests that would have left the
machine: kaleido's page (MathJax, plotly.js, map data) and Chromium's own calls home alike. Before the fix it held
MathJax from cdnjs.cloudflare.com, Google's time, update and sign-in servers, and DuckDuckGo.
"""

from __future__ import annotations

import socketserver
import subprocess
import threading
from collections.abc import Iterator

import pytest

from dashboard.charts import FIGURE_IDS as FIGURES
from dashboard.exports import IMAGE_FORMATS

from .conftest import HOST, PYTHON, REPO, Gunicorn, clean_env, get

RENDER_TIMEOUT_S = 60.0
# A figure with a picture from another host: rendering it must reach the proxy, or the proxy would record nothing
# whatever the renderer asked for (and the test above would pass blind).
CONTROL_SCRIPT = """
from dashboard.exports import render_image
figure = {"data": [{"type": "scatter", "x": [1, 2], "y": [1, 2]}],
          "layout": {"images": [{"source": "http://outside.example/logo.png", "xref": "paper", "yref": "paper",
                                 "x": 0, "y": 1, "sizex": 0.2, "sizey": 0.2}]}}
print(len(render_image(figure, "png", 600, 400, 1)))
"""


class RecordingProxy(socketserver.ThreadingTCPServer):
    """An HTTP proxy that forwards nothing: it notes each request's first line ("CONNECT host:443 ...", "GET
    http://host/...") and refuses it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__((HOST, 0), _RefuseAndRecord)
        self.requests: list[str] = []
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}"

    def record(self, first_line: str) -> None:
        with self._lock:
            self.requests.append(first_line)

    def seen(self) -> list[str]:
        with self._lock:
            return list(self.requests)


class _RefuseAndRecord(socketserver.StreamRequestHandler):
    timeout = 5

    def handle(self) -> None:
        first_line = self.rfile.readline(8192).decode("latin-1").strip()
        if first_line:
            self.server.record(first_line)
        self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    server = RecordingProxy()
    thread = threading.Thread(target=server.serve_forever, name="recording-proxy", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def image_downloads() -> list[str]:
    """Every image the app offers: each chart with a figure, in each image format."""
    return [f"/download/{chart}.{ext}" for chart in FIGURES for ext in IMAGE_FORMATS]


def test_every_chart_image_renders_without_a_request_leaving_the_machine(gunicorn, proxy: RecordingProxy):
    server: Gunicorn = gunicorn(env={"CHOREO_PROXY_SERVER": proxy.url}, workers=1)
    for path in image_downloads():
        reply = get(server.port, path, timeout=RENDER_TIMEOUT_S)
        assert reply.status == 200, (path, reply.status, reply.text[:300], server.logs())
        assert reply.headers["content-type"].startswith(IMAGE_FORMATS[path.rsplit(".", 1)[1]]), path
        assert len(reply.body) > 1000, path
    assert not proxy.seen(), "the image renderer asked the internet for:\n" + "\n".join(proxy.seen())


def test_the_recording_proxy_sees_what_the_renderer_asks_of_other_hosts(proxy: RecordingProxy):
    """Control: the same renderer, given a figure that names a picture on another host, goes through the proxy."""
    done = subprocess.run([str(PYTHON), "-c", CONTROL_SCRIPT], cwd=REPO, capture_output=True, text=True,
                          timeout=RENDER_TIMEOUT_S, env=clean_env({"CHOREO_PROXY_SERVER": proxy.url}))
    assert done.returncode == 0, done.stderr[-2000:]
    assert any("outside.example" in line for line in proxy.seen()), proxy.seen()
