"""Two app instances behind one (imagined) load balancer, sharing a Redis cache and a secret key: an image rendered
by one is served from the cache by the other, callbacks answer alike, and losing Redis slows things down at most.

Both instances get the same Host header, as they would behind a load balancer: rendered images carry the page's
address, so the cache key includes the host, and two different loopback ports would (rightly) never share an entry.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from .conftest import SECRET, Contract, Gunicorn, RedisServer, get, health, polls, post_json, spawn_gunicorn, wait_ready

LB_HOST = "127.0.0.1:8080"  # the public address the load balancer passes on; nothing is contacted there
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def pair(redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Gunicorn, Gunicorn]]:
    env = {"KGM_CACHE_URL": redis_server.url, "KGM_SECRET_KEY": SECRET}
    logs = tmp_path_factory.mktemp("scale-out")
    servers = [spawn_gunicorn(logs, env, workers=2) for _ in range(2)]  # boot side by side
    try:
        for s in servers:
            wait_ready(s)
        yield servers[0], servers[1]
    finally:
        for s in servers:
            s.stop()


def lb_get(server: Gunicorn, path: str, timeout: float = 60.0):
    return get(server.port, path, headers={"Host": LB_HOST}, timeout=timeout)


def lb_post(server: Gunicorn, path: str, body: dict):
    return post_json(server.port, path, body, headers={"Host": LB_HOST})


def test_an_image_is_rendered_once_for_both_instances(pair, redis_server: RedisServer):
    a, b = pair
    redis_server.client().flushdb()
    url = "/download/stock.png?w=400&h=300&scale=1"
    ra = lb_get(a, url)
    assert ra.status == 200, (ra.status, ra.text[:300])
    assert ra.headers["content-type"].startswith("image/png") and ra.body.startswith(PNG)
    assert ra.headers.get("x-kgm-cache") == "miss"
    rb = lb_get(b, url)
    assert rb.status == 200
    assert rb.headers.get("x-kgm-cache") == "hit"
    assert rb.body == ra.body

    # and the other way round, another format
    svg = "/download/map.svg?w=500&h=300&year=2020"
    first, second = lb_get(b, svg), lb_get(a, svg)
    assert (first.status, second.status) == (200, 200)
    assert (first.headers.get("x-kgm-cache"), second.headers.get("x-kgm-cache")) == ("miss", "hit")
    assert first.body == second.body

    keys = redis_server.client().keys("kgm:*")
    assert keys, "no kgm:-prefixed key in redis"
    assert all(k.startswith(b"kgm:") for k in keys)
    print(f"\nredis holds {len(keys)} kgm: keys")


def test_a_callback_answers_alike_on_both_instances(pair, redis_server: RedisServer):
    a, b = pair
    contract = Contract.fetch(a.port)
    assert Contract.fetch(b.port).deps == contract.deps
    for body in (contract.map_year_change("year=2015&dest=RUS~KAZ", ""), contract.map_year_change("", "year=2015"),
                 contract.page_load_sync("?year=2020&layer=flows")):
        ra, rb = lb_post(a, contract.update_path, body), lb_post(b, contract.update_path, body)
        assert (ra.status, rb.status) == (200, 200), (ra.text[:200], rb.text[:200])
        assert ra.json() == rb.json()
    assert redis_server.client().keys("kgm:fig:*"), "figures are not shared through redis"


def test_losing_redis_is_not_an_outage(pair, redis_server: RedisServer):
    a, b = pair
    contract = Contract.fetch(a.port)
    redis_server.stop()
    try:
        for server in (a, b):
            t0 = time.monotonic()
            assert lb_get(server, "/en/").status == 200
            csv = lb_get(server, "/download/map.csv?year=2010")
            assert csv.status == 200 and b"RUS" in csv.body
            cb = lb_post(server, contract.update_path, contract.map_year_change("year=2005", "year=2010"))
            assert cb.status == 200 and "response" in cb.json()
            img = lb_get(server, "/download/remittances.png?w=480&h=320&scale=1&rem=gdp")
            assert img.status == 200 and img.body.startswith(PNG)
            assert img.headers.get("x-kgm-cache") == "miss"
            assert health(server.port)["status"] == "ok"
            print(f"\nport {server.port} without redis: page, csv, callback and image in {time.monotonic() - t0:.1f} s")
        assert a.proc.poll() is None and b.proc.poll() is None
    finally:
        redis_server.start()  # the session's redis is back for whoever comes next

    # and the cache works again once redis is back (clients reconnect on their own)
    url = "/download/stock.png?w=480&h=320&scale=1&sex=female"
    states: list = []
    for _ in polls(10, 0.2):
        states = [lb_get(a, url).headers.get("x-kgm-cache"), lb_get(b, url).headers.get("x-kgm-cache")]
        if states[-1] == "hit":
            break
    assert states[-1] == "hit", states
