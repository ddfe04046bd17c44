"""Faults in production: a broken data package at start-up, a new data version published under a running server
(and broken or conflicting ones refused), and a worker killed in the middle of traffic.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import (
    DATA_DIR,
    Contract,
    Gunicorn,
    copy_data,
    get,
    health,
    package_version,
    polls,
    post_json,
    publish,
    replace_in_file,
    set_version,
)

OLD_VERSION = package_version(DATA_DIR)
NEW_VERSION = "2099.1.0"


def stock_row(data_dir: Path) -> tuple[int, str, int]:
    """(1-based data row, the line as written, value) of Russia 2024, both sexes, UN DESA 2024 in migrant_stock.csv:
    the figure /download/map.csv shows first."""
    lines = (data_dir / "migrant_stock.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    for i, line in enumerate(lines[1:], start=1):
        row = dict(zip(header, next(csv.reader([line])), strict=True))
        if (row["year"], row["destination_iso3"], row["sex"], row["source_id"]) == (
                "2024", "RUS", "both", "UNDESA_IMS2024_VIA_ANDREEV"):
            return i, line, int(row["value"])
    raise AssertionError("Russia 2024 (UN DESA 2024, both sexes) is not in migrant_stock.csv")


ROW, LINE, OLD_VALUE = stock_row(DATA_DIR)
NEW_VALUE = OLD_VALUE + 111_111


def with_value(line: str, value: int) -> str:
    cells = next(csv.reader([line]))
    cells[4] = str(value)  # year,destination_iso3,destination_name,sex,value,source_id
    return ",".join(cells)


@dataclass
class MapCsv:
    versions: set[str]  # every known data version named in the metadata lines (one, in a consistent file)
    rus_2024: int | None
    rows: int
    complete: bool


def first_cell(line: str) -> str:
    return (next(csv.reader([line]), None) or [""])[0]


def read_map_csv(body: bytes) -> MapCsv:
    text = body.decode("utf-8-sig")
    # provenance lines are one CSV cell each, quoted when they hold a comma: read their first cell, not their text
    meta = [ln for ln in text.splitlines() if first_cell(ln).startswith("#")]
    data = [ln for ln in text.splitlines() if ln and not first_cell(ln).startswith("#")]
    rows = list(csv.DictReader(data))
    rus = [r for r in rows if r.get("destination_iso3") == "RUS" and r.get("year") == "2024"]
    versions = {v for v in (OLD_VERSION, NEW_VERSION) if any(v in ln for ln in meta)}
    complete = text.endswith("\n") and bool(rows) and all(None not in r and len(r) == len(rows[0]) for r in rows)
    return MapCsv(versions, int(rus[0]["value"]) if rus else None, len(rows), complete)


# --- (a) start-up refusal ---------------------------------------------------------------------------------------------


def _negative_value(d: Path) -> None:
    replace_in_file(d / "migrant_stock.csv", LINE + "\n", with_value(LINE, -OLD_VALUE) + "\n")


def _missing_file(d: Path) -> None:
    (d / "migrant_stock.csv").unlink()


def _broken_descriptor(d: Path) -> None:
    (d / "datapackage.json").write_text('{"version": ', encoding="utf-8")


@pytest.mark.parametrize(("breakage", "expected"), [
    (_negative_value, ["migrant_stock.csv", f"row {ROW}", "column 'value'", str(-OLD_VALUE)]),
    (_missing_file, ["migrant_stock.csv", "missing"]),
    (_broken_descriptor, ["datapackage.json", "not valid JSON"]),
], ids=["negative-value", "missing-file", "broken-descriptor"])
def test_broken_package_stops_start_up(gunicorn, tmp_path, breakage, expected):
    data = copy_data(tmp_path / "data")
    breakage(data)
    t0 = time.monotonic()
    server = gunicorn(env={"KGM_DATA_DIR": str(data)}, ready=False)
    code = server.wait_exit(timeout=20)
    assert code is not None, f"gunicorn still running {time.monotonic() - t0:.0f} s after start on a broken package"
    assert code != 0
    err = server.stderr()
    for part in expected:
        assert part in err, f"{part!r} not in gunicorn's stderr:\n{err[-2000:]}"
    assert "Traceback" not in err, err[-2000:]
    with pytest.raises(OSError):
        get(server.port, "/health", timeout=1)


def test_empty_store_stops_start_up(gunicorn, tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    server = gunicorn(env={"KGM_DATA_STORE": str(store)}, ready=False)
    code = server.wait_exit(timeout=20)
    assert code not in (None, 0)
    assert "no current version" in server.stderr(), server.stderr()[-2000:]


# --- (b) publishing under a running server ----------------------------------------------------------------------------


@dataclass
class Hammer:
    """GET `path` in a loop (bounded: max_requests and max_seconds) from one thread; records every answer."""

    port: int
    path: str = "/download/map.csv"
    max_requests: int = 300
    max_seconds: float = 40.0
    results: list = field(default_factory=list)  # (status or exception text, MapCsv | None)
    stop: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    def _run(self) -> None:
        deadline = time.monotonic() + self.max_seconds
        for _ in range(self.max_requests):
            if time.monotonic() >= deadline or self.stop.is_set():
                return
            try:
                r = get(self.port, self.path, timeout=20)
                self.results.append((r.status, read_map_csv(r.body) if r.status == 200 else None))
            except Exception as exc:  # recorded, asserted on below
                self.results.append((repr(exc), None))
            time.sleep(0.05)

    def start(self) -> Hammer:
        self.thread = threading.Thread(target=self._run, name="hammer", daemon=True)
        self.thread.start()
        return self

    def wait_count(self, n: int, timeout: float = 15.0) -> None:
        for _ in polls(timeout, 0.02):
            if len(self.results) >= n:
                return

    def finish(self) -> list:
        self.stop.set()
        assert self.thread is not None
        self.thread.join(timeout=30)
        assert not self.thread.is_alive()
        return self.results


def current_csv(port: int, query: str = "") -> MapCsv:
    r = get(port, "/download/map.csv" + query)
    assert r.status == 200, (r.status, r.text[:200])
    return read_map_csv(r.body)


def wait_for_version(port: int, version: str, value: int, timeout: float, consecutive: int = 10) -> float:
    """Seconds until /health and the CSV agree on `version` (and its value) `consecutive` times in a row: with two
    workers checking the store on their own, one answer is not enough."""
    t0 = time.monotonic()
    streak = 0
    for _ in polls(timeout):
        h = health(port)
        c = current_csv(port)
        ok = h["data_version"] == version and c.versions == {version} and c.rus_2024 == value
        streak = streak + 1 if ok else 0
        if streak >= consecutive:
            return time.monotonic() - t0
    raise AssertionError(f"not serving {version} ({value}) {consecutive}x in a row within {timeout:.0f} s: "
                         f"/health {health(port)}, csv {current_csv(port)}")


def embed_text(port: int, search: str) -> str:
    r = get(port, "/en/embed/map" + search)
    assert r.status == 200 and "frame-ancestors *" in r.headers.get("content-security-policy", "")
    contract = Contract.fetch(port, "/en/embed/")
    reply = post_json(port, contract.update_path, contract.embed("map", search))
    assert reply.status == 200, (reply.status, reply.text[:300])
    return reply.text


def test_publish_swaps_the_running_server_atomically(gunicorn, tmp_path):
    store = tmp_path / "store"
    first = publish(DATA_DIR, store)
    assert first.returncode == 0, first.stdout + first.stderr
    server: Gunicorn = gunicorn(env={"KGM_DATA_STORE": str(store)})
    port = server.port
    assert health(port)["data_version"] == OLD_VERSION
    before = current_csv(port)
    assert (before.versions, before.rus_2024) == ({OLD_VERSION}, OLD_VALUE)

    new = copy_data(tmp_path / "new")
    set_version(new, NEW_VERSION)
    replace_in_file(new / "migrant_stock.csv", LINE + "\n", with_value(LINE, NEW_VALUE) + "\n")

    hammer = Hammer(port).start()
    try:
        hammer.wait_count(20)
        t0 = time.monotonic()
        done = publish(new, store)  # validates twice (source and copy): a few seconds on a busy machine
        assert done.returncode == 0, done.stdout + done.stderr
        assert NEW_VERSION in done.stdout
        published = time.monotonic() - t0
        took = wait_for_version(port, NEW_VERSION, NEW_VALUE, timeout=10)
        print(f"\npublish took {published:.1f} s; every worker served the new version {took:.1f} s later")
        hammer.wait_count(len(hammer.results) + 30, timeout=10)
    finally:
        results = hammer.finish()

    # every answer during the swap: a 200 and a whole, consistent file of one version or the other
    bad = [(s, c) for s, c in results if s != 200 or c is None or not c.complete or len(c.versions) != 1
           or c.rus_2024 != {OLD_VERSION: OLD_VALUE, NEW_VERSION: NEW_VALUE}[next(iter(c.versions))]
           or c.rows != before.rows]
    assert not bad, f"{len(bad)} of {len(results)} downloads during the publish were wrong: {bad[:5]}"
    seen = {next(iter(c.versions)) for _, c in results}
    assert seen == {OLD_VERSION, NEW_VERSION}, seen
    print(f"{len(results)} downloads during the publish: all 200 and whole")

    # the old version stays available to pinned links and embeds
    h = health(port)
    assert h["data_version"] == NEW_VERSION and set(h["versions_held"]) >= {OLD_VERSION, NEW_VERSION}
    pinned = current_csv(port, f"?v={OLD_VERSION}")
    assert (pinned.versions, pinned.rus_2024) == ({OLD_VERSION}, OLD_VALUE)
    assert current_csv(port, f"?v={NEW_VERSION}").rus_2024 == NEW_VALUE
    old_embed = embed_text(port, f"?v={OLD_VERSION}")
    assert f"{OLD_VALUE:,}" in old_embed and f"{NEW_VALUE:,}" not in old_embed
    assert OLD_VERSION in old_embed
    new_embed = embed_text(port, "")
    assert f"{NEW_VALUE:,}" in new_embed and f"{OLD_VALUE:,}" not in new_embed


def test_refused_publishes_leave_the_served_version_alone(gunicorn, tmp_path):
    store = tmp_path / "store"
    assert publish(DATA_DIR, store).returncode == 0
    server: Gunicorn = gunicorn(env={"KGM_DATA_STORE": str(store)})
    port = server.port
    current_link = os.readlink(store / "current")

    broken = copy_data(tmp_path / "broken")
    set_version(broken, "2099.2.0")
    replace_in_file(broken / "migrant_stock.csv", LINE + "\n", with_value(LINE, -1) + "\n")
    out = publish(broken, store)
    assert out.returncode == 1, out.stdout + out.stderr
    for part in ("REFUSED", "migrant_stock.csv", f"row {ROW}", "column 'value'"):
        assert part in out.stdout, f"{part!r} not in:\n{out.stdout}"
    assert not (store / "versions" / "2099.2.0").exists()
    assert not [p.name for p in (store / "versions").iterdir() if p.name.startswith(".")], "leftover temp folder"

    conflicting = copy_data(tmp_path / "conflicting")  # same version string as the served one, other content
    replace_in_file(conflicting / "migrant_stock.csv", LINE + "\n", with_value(LINE, NEW_VALUE) + "\n")
    out = publish(conflicting, store)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "already published with different content" in out.stdout, out.stdout

    assert os.readlink(store / "current") == current_link
    for _ in polls(3.0, 0.2):  # longer than a worker's store check interval (2 s)
        assert health(port)["data_version"] == OLD_VERSION
        c = current_csv(port)
        assert (c.versions, c.rus_2024) == ({OLD_VERSION}, OLD_VALUE)
    assert health(port)["versions_held"] == [OLD_VERSION]

    same = publish(DATA_DIR, store)  # the same package again: harmless, nothing changes
    assert same.returncode == 0, same.stdout + same.stderr
    assert os.readlink(store / "current") == current_link


# --- (c) a worker killed under load -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    started: float
    ended: float
    kind: str
    ok: bool
    detail: str = ""


def test_killed_worker_is_replaced_and_only_in_flight_requests_fail(gunicorn):
    server: Gunicorn = gunicorn(workers=2)
    port = server.port
    callback = json.dumps(Contract.fetch(port).map_year_change()).encode()
    workers = server.wait_workers(2)
    assert len(workers) == 2, workers
    victim = workers[0]

    outcomes: list[Outcome] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + 10.0

    def client(i: int) -> None:
        for n in range(10_000):  # bounded by count and by stop_at
            if time.monotonic() >= stop_at:
                return
            kind = "health" if (n + i) % 2 else "callback"
            t = time.monotonic()
            try:
                if kind == "health":
                    r = get(port, "/health", timeout=15)
                    ok, detail = r.status == 200 and r.json()["status"] == "ok", str(r.status)
                else:
                    r = post_json(port, "/en/_dash-update-component", callback, timeout=15)
                    ok, detail = r.status == 200 and "response" in r.json(), str(r.status)
            except Exception as exc:  # the in-flight requests of the killed worker end here
                ok, detail = False, repr(exc)
            with lock:
                outcomes.append(Outcome(t, time.monotonic(), kind, ok, detail))

    threads = [threading.Thread(target=client, args=(i,), name=f"client-{i}", daemon=True) for i in range(8)]
    for th in threads:
        th.start()
    time.sleep(2.0)
    killed_at = time.monotonic()
    os.kill(victim, signal.SIGKILL)

    replaced_at, now = None, []
    for _ in polls(10, 0.02):
        now = server.worker_pids()
        if victim not in now and len(now) == 2:
            replaced_at = time.monotonic()
            break
    for th in threads:
        th.join(timeout=30)
    assert not any(th.is_alive() for th in threads)
    assert replaced_at is not None, f"no replacement worker within 10 s: workers now {now}"
    assert server.proc.poll() is None, "the gunicorn master died"

    failures = [o for o in outcomes if not o.ok]
    after = [o for o in outcomes if o.started > replaced_at]
    print(f"\n{len(outcomes)} requests by 8 clients over 10 s; worker {victim} killed at +2.0 s, replaced after "
          f"{replaced_at - killed_at:.2f} s; {len(failures)} failed: {[f.detail[:80] for f in failures]}")
    assert len(failures) <= 8, [f"{f.kind}: {f.detail}" for f in failures]
    assert all(f.started <= replaced_at for f in failures), "a request started after the replacement failed"
    assert len(after) >= 20 and all(o.ok for o in after)
    assert {o.kind for o in after} == {"health", "callback"}
    assert health(port)["status"] == "ok"
    assert len(server.wait_workers(2)) == 2

