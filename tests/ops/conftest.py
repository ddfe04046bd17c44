"""Production-shaped fixtures: the dashboard under gunicorn (gunicorn.conf.py, sync workers, preload) and Redis, as
subprocesses on free loopback ports.

Only 127.0.0.1 is ever contacted; every wait is bounded by a deadline; every process started here is stopped by its
own id at teardown. Server output goes to files under the test's tmp dir (an unread pipe would stall the workers).
Every test in this directory is marked `ops` (registered below, since pyproject's marker list belongs to others).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DATA_DIR = REPO / "data"
ARTIFACTS = REPO / "test-artifacts"
HOST = "127.0.0.1"
REDIS_SERVER = Path("/usr/bin/redis-server")
CHROMIUM = Path("/usr/bin/chromium")
READY_TIMEOUT_S = 60.0  # a deadline, not a wait: a loaded two-core CI machine boots two instances in parallel
SECRET = "ops-tests-shared-secret"  # every instance of one test shares it, as a deployment must


def _venv_bin() -> Path:
    here = Path(sys.executable).parent
    return here if (here / "gunicorn").exists() else REPO / ".venv" / "bin"


VENV_BIN = _venv_bin()
PYTHON = VENV_BIN / "python"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "ops: production-hardening test against real gunicorn / redis processes")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items: mark only ours.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.ops)


# --- HTTP on loopback -------------------------------------------------------------------------------------------------


def polls(timeout: float, interval: float = 0.05, max_polls: int = 5000) -> Iterator[int]:
    """for _ in polls(10): ... -- a polling loop bounded in time and in count, sleeping `interval` between rounds."""
    deadline = time.monotonic() + timeout
    for i in range(max_polls):
        yield i
        if time.monotonic() >= deadline:
            return
        time.sleep(interval)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Reply:
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            timeout: float = 30.0) -> Reply:
    """One request on a fresh connection, the path sent verbatim (no dot-segment clean-up, unlike requests/urllib3,
    so traversal attempts reach the server as written)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def get(port: int, path: str, **kw) -> Reply:
    return request(port, "GET", path, **kw)


def post_json(port: int, path: str, payload, headers: dict | None = None, **kw) -> Reply:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return request(port, "POST", path, body=body,
                   headers={"Content-Type": "application/json", "Accept": "application/json", **(headers or {})}, **kw)


def health(port: int, timeout: float = 5.0) -> dict:
    r = get(port, "/health", timeout=timeout)
    assert r.status == 200, (r.status, r.text[:200])
    return r.json()


# --- gunicorn ---------------------------------------------------------------------------------------------------------


class AppFailedToStart(RuntimeError):
    pass


def clean_env(extra: dict | None = None) -> dict:
    """The caller's environment minus any KGM_* setting (a developer's shell must not leak into the app under test),
    plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KGM_")}
    env.update(extra or {})
    return env


def children(pid: int) -> list[int]:
    """Direct children of `pid` (gunicorn's master -> its workers), from /proc."""
    out: list[int] = []
    for f in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            out += [int(x) for x in f.read_text().split()]
    return sorted(set(out))


@dataclass
class Gunicorn:
    proc: subprocess.Popen
    port: int
    stdout_path: Path
    stderr_path: Path
    _files: list = field(default_factory=list, repr=False)

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def worker_pids(self) -> list[int]:
        return children(self.proc.pid)

    def wait_workers(self, n: int, timeout: float = 10.0) -> list[int]:
        pids: list[int] = []
        for _ in polls(timeout):
            pids = self.worker_pids()
            if len(pids) >= n:
                break
        return pids

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def logs(self, tail: int = 4000) -> str:
        out = self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""
        return f"--- stderr ---\n{self.stderr()[-tail:]}\n--- stdout ---\n{out[-tail:]}"

    def wait_exit(self, timeout: float) -> int | None:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
            if self.wait_exit(timeout) is None:
                # our own session (start_new_session): its group id is the master's pid
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        for f in self._files:
            f.close()
        self._files.clear()


def spawn_gunicorn(log_dir: Path, env: dict | None = None, workers: int = 2, port: int | None = None) -> Gunicorn:
    """`gunicorn 'dashboard.app:create_server()' -c gunicorn.conf.py` from the repo root, HOST=127.0.0.1, on a free
    port."""
    port = port or free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / f"gunicorn-{port}.out", log_dir / f"gunicorn-{port}.err"
    out, err = open(out_path, "wb"), open(err_path, "wb")  # noqa: SIM115 - closed by Gunicorn.stop
    full_env = clean_env({"KGM_SECRET_KEY": SECRET, **(env or {}),
                          "HOST": HOST, "PORT": str(port), "WEB_CONCURRENCY": str(workers)})
    proc = subprocess.Popen([str(VENV_BIN / "gunicorn"), "dashboard.app:create_server()", "-c", "gunicorn.conf.py"],
                            cwd=REPO, env=full_env, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    return Gunicorn(proc, port, out_path, err_path, [out, err])


def wait_ready(server: Gunicorn, timeout: float = READY_TIMEOUT_S) -> Gunicorn:
    """Poll /health until 200; raise AppFailedToStart (with the logs) if it exits or the deadline passes."""
    for _ in polls(timeout):
        if server.proc.poll() is not None:
            raise AppFailedToStart(f"gunicorn exited with {server.proc.returncode}\n{server.logs()}")
        with contextlib.suppress(OSError):
            if get(server.port, "/health", timeout=2.0).status == 200:
                return server
    server.stop()
    raise AppFailedToStart(f"/health did not answer 200 within {timeout:.0f} s\n{server.logs()}")


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[Callable[..., Gunicorn]]:
    """start(env=None, workers=2, ready=True) -> a running Gunicorn (or a spawned one when ready=False). Several
    starts in one call? Spawn with ready=False, then wait_ready each: they boot in parallel. All stopped after."""
    started: list[Gunicorn] = []

    def start(env: dict | None = None, workers: int = 2, ready: bool = True) -> Gunicorn:
        server = spawn_gunicorn(tmp_path / "logs", env, workers)
        started.append(server)
        return wait_ready(server) if ready else server

    yield start
    for s in started:
        s.stop()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gunicorn]:
    """One gunicorn (2 workers, shipped data/) shared by the read-only tests of the session."""
    server = spawn_gunicorn(tmp_path_factory.mktemp("app-server"), workers=2)
    try:
        wait_ready(server)
        yield server
    finally:
        server.stop()


# --- Redis ------------------------------------------------------------------------------------------------------------


@dataclass
class RedisServer:
    workdir: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    _log: object = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis(host=HOST, port=self.port, socket_timeout=2, socket_connect_timeout=2)

    def start(self, timeout: float = 10.0) -> RedisServer:
        self._log = open(self.workdir / f"redis-{self.port}.log", "ab")  # noqa: SIM115 - closed by stop
        self.proc = subprocess.Popen(
            [str(REDIS_SERVER), "--port", str(self.port), "--save", "", "--appendonly", "no", "--bind", HOST,
             "--dir", str(self.workdir), "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"],  # as README
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        for _ in polls(timeout):
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.proc.returncode}; see {self._log.name}")
            with contextlib.suppress(Exception):
                if self.client().ping():
                    return self
        self.stop()
        raise RuntimeError(f"redis-server did not answer PING within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if self._log:
            self._log.close()
            self._log = None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    if not REDIS_SERVER.exists():
        pytest.fail(f"{REDIS_SERVER} is missing: `make test` installs it (make sysdeps: apt-get install redis-server)")
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    try:
        yield server
    finally:
        server.stop()


# --- Playwright (pytest-playwright's fixtures, pointed at Debian's Chromium as in tests/browser) ---------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (make sysdeps: apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM),
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                     "--no-first-run", "--disable-component-update", "--disable-sync"]}


# --- Data packages ----------------------------------------------------------------------------------------------------


def copy_data(dest: Path) -> Path:
    shutil.copytree(DATA_DIR, dest)
    return dest


def package_version(data_dir: Path) -> str:
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))["version"]


def set_version(data_dir: Path, version: str) -> None:
    path = data_dir / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["version"] = version
    path.write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def replace_in_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def publish(data_dir: Path, store: Path, timeout: float = 60.0) -> subprocess.CompletedProcess:
    return subprocess.run([str(PYTHON), "-m", "dashboard", "publish", str(data_dir), "--store", str(store)],
                          cwd=REPO, env=clean_env(), capture_output=True, text=True, timeout=timeout)


# --- Real callback payloads -------------------------------------------------------------------------------------------
# The Dash renderer POSTs one JSON object per callback to /<lang>/_dash-update-component (shape captured from Chromium
# by bench/capture.py): {"output": "..a.p...b.q..", "outputs": [{"id", "property"}, ...] (one output: "a.p" and a
# bare object), "inputs": [{"id", "property", "value"}], "changedPropIds": ["a.p"], "parsedChangedPropsIds": [...],
# "state": [...]}; a property the browser has no value for is sent without "value". The callbacks themselves are
# read from the running app's /_dash-dependencies, so these bodies follow the app as its callbacks change.

DASH_UPDATE = "/en/_dash-update-component"
EMBED_UPDATE = "/en/embed/_dash-update-component"
DEFAULT_VIEW = {"q": "", "lang": "en"}
# Values the page holds at load (f-year is the slider position, 7 = 2024 for UN 2024).
PAGE_VALUES = {
    "view.data": DEFAULT_VIEW, "url.search": "", "url-ask.data": "load", "url.pathname": "/en/", "f-year.value": 7,
    "f-dest.value": [],
    "f-oblast.value": None, "f-sex.value": "both", "f-src.value": "UNDESA_IMS2024_VIA_ANDREEV",
    "f-layer.value": "destinations", "f-measure.value": "migrants", "f-per.value": "abs", "f-tab.value": "top",
    "f-rem.value": "usd", "f-frame.value": "region",
}


def _key(item: dict) -> str:
    return f"{item['id']}.{item['property']}"


class Contract:
    """The server-side callbacks one Dash app declares, and request bodies for them as the renderer builds them."""

    def __init__(self, dependencies: list[dict], update_path: str):
        # clientside callbacks never reach the server; pattern-matching ids ({"type": ...}) are not replayed here
        self.deps = [d for d in dependencies if not d.get("clientside_function") and "{" not in d["output"]]
        self.update_path = update_path

    @classmethod
    def fetch(cls, port: int, prefix: str = "/en/") -> Contract:
        r = get(port, prefix + "_dash-dependencies")
        assert r.status == 200, (r.status, r.text[:200])
        return cls(r.json(), prefix + "_dash-update-component")

    def find(self, output: str) -> dict:
        """The callback whose outputs include `output` ("map.figure"); the first one for a shared output."""
        for d in self.deps:
            if output in self.outputs(d):
                return d
        raise LookupError(f"no server-side callback outputs {output!r}: {[d['output'] for d in self.deps]}")

    @staticmethod
    def outputs(dep: dict) -> list[str]:
        out = dep["output"]
        return out[2:-2].split("...") if out.startswith("..") else [out]

    def body(self, dep: dict, values: dict | None = None, changed: list[str] | None = None) -> dict:
        vals = {**PAGE_VALUES, **(values or {})}

        def entry(item: dict) -> dict:
            e = {"id": item["id"], "property": item["property"]}
            if _key(item) in vals:
                e["value"] = vals[_key(item)]
            return e

        outs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True)) for o in self.outputs(dep)]
        changed = changed or [_key(dep["inputs"][0])]
        body = {"output": dep["output"], "outputs": outs if dep["output"].startswith("..") else outs[0],
                "inputs": [entry(i) for i in dep["inputs"]], "changedPropIds": changed,
                "parsedChangedPropsIds": changed}
        if dep.get("state"):
            body["state"] = [entry(s) for s in dep["state"]]
        return body

    def all_bodies(self) -> list[dict]:
        return [self.body(d) for d in self.deps]

    # the requests a page makes most
    def map_year_change(self, q: str = "year=2020", previous_q: str = "") -> dict:
        """The panels' server answer for a view change from `previous_q` to `q` (the URL sync, which answers every
        panel with it, reading a new address: what a step the page holds no frame for costs)."""
        dep = self.find("map.figure")
        rendered = next(_key(s) for s in dep.get("state", []) if s["id"] == "map-rendered")
        return self.body(dep, {"url-ask.data": {"at": 1}, "url.search": f"?{q}" if q else "",
                               "view.data": {"q": previous_q, "lang": "en"}, rendered: f"en?{previous_q}"},
                         ["url-ask.data"])

    def page_load_sync(self, search: str = "") -> dict:
        return self.body(self.find("url.search"), {"url.search": search, "url-ask.data": "load"}, ["url-ask.data"])

    def embed(self, chart: str = "map", search: str = "") -> dict:
        return self.body(self.find("embed.children"), {"url.pathname": f"/en/embed/{chart}", "url.search": search},
                         ["url.pathname", "url.search"])


@pytest.fixture(scope="session")
def contract(app_server: Gunicorn) -> Contract:
    return Contract.fetch(app_server.port)


@pytest.fixture(scope="session")
def embed_contract(app_server: Gunicorn) -> Contract:
    return Contract.fetch(app_server.port, "/en/embed/")


# --- In-process: the shipped package, for calling callback bodies as plain functions ---------------------------------


@pytest.fixture(scope="session")
def ctx():
    from dashboard.context import Context
    from dashboard.data import load_bundle
    from dashboard.state import Options

    bundle = load_bundle(DATA_DIR)
    return Context(bundle, Options.from_bundle(bundle))
