"""What a view nobody has asked for costs: all panels answered with every cache emptied, in the worker's process.

For each of many distinct views (years, destinations, oblasts, sources, layers, languages) the caches are emptied
(the figure cache and the context's memo; the per-data-version memo of pure queries stays, as it does in a worker
that has served a while) and the panels callback answers a year step into that view: both views' figures built,
diffed and summarised, with the cards and the sources list, then encoded as Dash encodes an answer. Beside it, the
same in the baseline app (bench/baseline_app.py): its one callback dispatched through Flask for the same years and
destinations, encoding included. Medians, and the CPU time of the process over all steps. The app is built, then
its heap frozen (dashboard.app.freeze_heap) as gunicorn's pre_fork hook does before forking a worker.

    python -m bench.uncached            # prints the row (and a new view's frames), writes bench/out/uncached.json
    python -m bench.uncached --profile  # also the top of a cProfile of the product's steps (--views=N: fewer)
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import random
import statistics
import sys
import time
from dataclasses import replace

from .common import out_dir, write_json

LANGS = ("en", "ru", "ky")
VIEWS = 120
FRAMES_VIEWS = 24  # views whose frames are built (each is every year of its source: ~10-30 panel answers)
# pieces of a view, one drawn from each list; "" leaves the key at its default
PARTS = (
    ("", "dest=RUS", "dest=KAZ", "dest=TUR", "dest=RUS,KAZ", "dest=KOR", "dest=USA,DEU", "dest=GBR"),
    ("", "", "oblast=KG-B", "oblast=KG-O", "oblast=KG-GB", "oblast=KG-N", "oblast=KG-T"),
    ("", "", "src=UNDESA_IMS2020_VIA_ANDREEV", "src=UNDESA_IMS2019_VIA_ABEL", "src=WB_GBMD_VIA_ANDREEV"),
    ("", "", "sex=female", "sex=male"),
    ("", "", "layer=oblasts", "layer=flows", "layer=oblasts&per=per1000", "layer=oblasts&measure=population"),
    ("", "", "tab=compare", "rem=gdp", "rem=country", "rem=corridor&partner=RUS"),
    ("", "", "from=2000", "from=2015&to=2024", "frame=world", "events=off", "oview=series", "wm=share"),
)


def product_views(opts, count: int = VIEWS, seed: int = 14) -> list[tuple[dict, str]]:
    """(view store, previous rendered key) pairs: distinct views, each reached by a step from the year before."""
    from dashboard import state as st

    rnd = random.Random(seed)
    seen: set[str] = set()
    out: list[tuple[dict, str]] = []
    while len(out) < count:
        lang = rnd.choice(LANGS)
        s, _ = st.parse("&".join(p for p in (rnd.choice(part) for part in PARTS) if p), opts)
        years = opts.years.get(s.src) or opts.years[opts.sources[0]]
        if len(years) < 2:
            continue
        at = rnd.randrange(1, len(years))
        view, before = replace(s, year=years[at]), replace(s, year=years[at - 1])
        key = f"{lang}?{st.to_query(view)}"
        if key not in seen:
            seen.add(key)
            out.append(({"q": st.to_query(view), "lang": lang}, f"{lang}?{st.to_query(before)}"))
    return out


def time_product(steps: list[tuple[dict, str]], profile: cProfile.Profile | None = None) -> dict:
    from plotly.io.json import to_json_plotly

    from dashboard.app import create_app, freeze_heap
    from dashboard.cache import EXTENSION
    from dashboard.patches import GRAPHS, panels_update

    server = create_app().server
    freeze_heap()  # as gunicorn.conf.py's pre_fork does before forking a worker
    context, cache = server.extensions["kgm_context"], server.extensions[EXTENSION]
    times, cpu = [], []
    cpu0 = time.process_time()
    with server.app_context():
        for view, before in steps:
            cache.clear()
            context.forget()
            t0, c0 = time.perf_counter(), time.thread_time()
            if profile:
                profile.enable()
            to_json_plotly(panels_update(context, view, [before] * (len(GRAPHS) + 1) + [None]))
            if profile:
                profile.disable()
            times.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
    return {"median_ms": _ms(statistics.median(times)), "cpu_median_ms": _ms(statistics.median(cpu)),
            "cpu_p90_ms": _ms(sorted(cpu)[int(0.9 * len(cpu))]), "views": len(times),
            "cpu_per_view_ms": _ms((time.process_time() - cpu0) / len(times))}


def time_frames(steps: list[tuple[dict, str]]) -> dict:
    """A view's frames (GET /frames: every year of its source, figures, summaries, cards and sources) built for
    views the panels' steps did not ask for, caches emptied before each as for the panels: the server's CPU per new
    view, in a worker that has served a while."""
    from dashboard.app import create_app, freeze_heap
    from dashboard.cache import EXTENSION
    from dashboard.frames import frames_json

    server = create_app().server
    freeze_heap()  # as gunicorn.conf.py's pre_fork does before forking a worker
    context, cache = server.extensions["kgm_context"], server.extensions[EXTENSION]
    cpu = []
    with server.app_context():
        for view, _ in steps:
            cache.clear()
            context.forget()
            c0 = time.thread_time()
            frames_json(context, view)
            cpu.append(time.thread_time() - c0)
    return {"cpu_median_ms": _ms(statistics.median(cpu)), "cpu_p90_ms": _ms(sorted(cpu)[int(0.9 * len(cpu))]),
            "views": len(cpu)}


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def time_baseline(steps: list[tuple[int, list[str] | None]]) -> dict:
    """The baseline's callback for each (year, destinations), through Flask's test client (dispatch and encoding)."""
    from .baseline_app import create_app

    client = create_app().server.test_client()
    times, cpu = [], []
    cpu0 = time.process_time()
    for year, dest in steps:
        body = {"output": "..map.figure...stock.figure...remittances.figure..",
                "outputs": [{"id": i, "property": "figure"} for i in ("map", "stock", "remittances")],
                "inputs": [{"id": "year", "property": "value", "value": year},
                           {"id": "dest", "property": "value", "value": dest}],
                "changedPropIds": ["year.value"], "state": []}
        t0, c0 = time.perf_counter(), time.thread_time()
        status = client.post("/_dash-update-component", json=body).status_code
        times.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
        if status != 200:
            raise RuntimeError(f"the baseline app answered {status}")
    return {"median_ms": _ms(statistics.median(times)), "cpu_median_ms": _ms(statistics.median(cpu)),
            "views": len(times), "cpu_per_view_ms": _ms((time.process_time() - cpu0) / len(times))}


def run(profile: bool = False, views: int = VIEWS) -> dict:
    from dashboard.data import load_bundle
    from dashboard.state import Options

    from .common import ROOT

    opts = Options.from_bundle(load_bundle(ROOT / "data"))
    steps = product_views(opts, views)
    prof = cProfile.Profile() if profile else None
    product = time_product(steps, prof)
    years = list(opts.years[opts.sources[0]])
    dests = (None, ["RUS"], ["KAZ"], ["TUR"], ["RUS", "KAZ"], ["KOR"], ["USA", "DEU"], ["GBR"])
    baseline = time_baseline([(years[i % len(years)], dests[i % len(dests)]) for i in range(40)])
    asked = {view["q"] for view, _ in steps}
    new_views = [step for step in product_views(opts, 4 * FRAMES_VIEWS, seed=41) if step[0]["q"] not in asked]
    result = {"product": product, "baseline": baseline, "frames": time_frames(new_views[:FRAMES_VIEWS])}
    if prof:
        prof.dump_stats(str(out_dir() / "uncached.prof"))
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(60)
        result["profile"] = out.getvalue()
    return result


def summary(res: dict) -> str:
    p, b = res["product"], res["baseline"]
    return (f"uncached view, all panels (median of {p['views']} distinct year steps, in process): CPU "
            f"{p['cpu_median_ms']:.1f} ms (p90 {p['cpu_p90_ms']:.1f} ms; wall {p['median_ms']:.1f} ms); baseline app "
            f"per step: CPU {b['cpu_median_ms']:.1f} ms (wall {b['median_ms']:.1f} ms)"
            + (f"; a new view's frames: CPU {res['frames']['cpu_median_ms']:.0f} ms (median of "
               f"{res['frames']['views']}, p90 {res['frames']['cpu_p90_ms']:.0f} ms)" if "frames" in res else ""))


if __name__ == "__main__":
    count = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--views=")), VIEWS)
    res = run(profile="--profile" in sys.argv, views=count)
    if "profile" in res:
        print(res["profile"])
    write_json("uncached.json", {k: v for k, v in res.items() if k != "profile"})
    print(json.dumps({k: v for k, v in res.items() if k != "profile"}))
    print(summary(res))
