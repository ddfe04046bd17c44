"""The product beside a baseline Dash app in the same run, and the floor a first load cannot go under.

The baseline (bench/baseline_app.py) draws the same three charts from the same data the way Dash's documentation
teaches. Both run under gunicorn with gunicorn.conf.py (2 workers), each on its own port; bench.pageload loads them
alternately in one Chromium (a fresh context per load), so both meet the same machine load. Every row prints
product : baseline. Bytes and request counts are exact (they do not vary between loads; when they do, the table
says so); timings are medians.

The floor: what any page showing these charts must download, each file compressed with brotli at its highest level:
the plotly.js bundle the page needs (the geo bundle in dashboard/vendor, built for the dashboard), the world topojson,
and the rows the three charts draw on the first view. Beside it, the floor the first-load budget was set against
(<= 1.6 x, 670 KB): the same with plotly.js's own geo partial bundle, which the dashboard served before its own build.

    .venv/bin/python -m bench.compare      # starts both apps, loads each pageload.LOADS times
"""

from __future__ import annotations

import sys

import brotli

from . import pageload
from .common import BASELINE_APP, ROOT, AppFailedToStart, median, start_server, write_json

PLOTLY_BUNDLE = ROOT / "dashboard" / "vendor" / "plotly-geo.min.js"
TOPOJSON = ROOT / "assets" / "topojson" / "world_110m.json"
KB = 1000
# plotly.js's own geo partial bundle (npm plotly.js-geo-dist-min@4.1.1, plotly-geo.min.js) at brotli 11, measured
# 2026-12-01: the floor's plotly.js when the first-load budget was set, before tools/build_plotly.sh replaced it in
# dashboard/vendor. A figure, not a file: the repository no longer holds that bundle.
PLOTLY_OWN_GEO_BUNDLE_BR11 = 384_449


def br11(body: bytes) -> int:
    return len(brotli.compress(body, quality=11))


def first_view_rows() -> bytes:
    """The rows the first view's three charts draw, as CSV: the map's destinations in the latest year, the stock
    series (top destinations and the rest), every remittances series in US$."""
    from dashboard.data import load_bundle
    from dashboard.data.remittances import remittance_series
    from dashboard.data.stock import stock_by_destination, stock_top_and_other, stock_years

    bundle = load_bundle(ROOT / "data")
    source = bundle.presentation.default_stock_source
    year = stock_years(bundle, source)[-1]
    frames = [stock_by_destination(bundle, source, "both", year)[["destination_iso3", "value"]],
              stock_top_and_other(bundle, source, "both", year)[["destination_iso3", "year", "value"]],
              remittance_series(bundle, "received_usd")[["source_id", "year", "value"]]]
    return "".join(frame.to_csv(index=False) for frame in frames).encode()


def floor() -> dict:
    parts = {"plotly_js": br11(PLOTLY_BUNDLE.read_bytes()), "topojson": br11(TOPOJSON.read_bytes()),
             "data": br11(first_view_rows())}
    total = sum(parts.values())
    return {**parts, "total": total, "total_budgeted": total - parts["plotly_js"] + PLOTLY_OWN_GEO_BUNDLE_BR11}


def exact(values: list[int]) -> str:
    """The count, exact; when loads differed (a chunked response's chunk headers depend on how the body was split),
    the median with the range beside it."""
    low, high = min(values), max(values)
    return f"{low:,}" if low == high else f"{round(median(values)):,} ({low:,}-{high:,})"


def ratio(product: float, baseline: float) -> str:
    return f"{product / baseline:.2f}" if baseline else "-"


def rows(pl: dict, fl: dict) -> list[dict]:
    """One row per measure: product, baseline, product : baseline, floor."""
    prod, base = pl, pl["baseline_app"]
    specs = [
        ("First load, bytes on the wire", "wire_bytes_all", "bytes", f"{fl['total']:,}"),
        ("First load, requests", "requests_all", "count", ""),
        ("Navigation to 3 charts drawn, ms (median)", "charts_drawn_ms", "ms", ""),
        ("The view's frames after the first draw, bytes", "frames_wire_all", "bytes", ""),
        ("Year change, bytes on the wire (every request)", "year_change_wire_all", "bytes", ""),
        ("Year change, requests", "year_change_requests_all", "count", ""),
        ("Year change, input to the charts in view updated, ms (median)", "year_change_in_view_ms", "ms", ""),
        ("Year change, input to all three charts updated, ms (median)", "year_change_updated_ms", "ms", ""),
        ("Year change, server CPU, ms (median)", "year_change_cpu_ms", "ms", ""),
    ]
    out = []
    for label, key, kind, floor_text in specs:
        p, b = prod[key], base[key]
        if kind == "ms":
            p_text, b_text, r = f"{p:.1f}", f"{b:.1f}", ratio(p, b)
        else:
            p_text, b_text, r = exact(p), exact(b), ratio(median(p), median(b))
        out.append({"metric": label, "product": p_text, "baseline": b_text, "ratio": r, "floor": floor_text})
    out.append({"metric": "First load : floor", "product": ratio(median(prod["wire_bytes_all"]), fl["total"]),
                "baseline": ratio(median(base["wire_bytes_all"]), fl["total"]), "ratio": "", "floor": "1.00"})
    out.append({"metric": "First load : the budget's floor (plotly.js's own geo bundle)",
                "product": ratio(median(prod["wire_bytes_all"]), fl["total_budgeted"]),
                "baseline": ratio(median(base["wire_bytes_all"]), fl["total_budgeted"]), "ratio": "",
                "floor": f"{fl['total_budgeted']:,}"})
    return out


def table(table_rows: list[dict]) -> str:
    cols = [("metric", "Measure"), ("product", "Product"), ("baseline", "Dash by the docs"),
            ("ratio", "Product : baseline"), ("floor", "Floor")]
    widths = {k: max(len(t), *(len(str(r[k])) for r in table_rows)) for k, t in cols}
    head = "| " + " | ".join(t.ljust(widths[k]) for k, t in cols) + " |"
    sep = "|" + "|".join("-" * (widths[k] + 2) for k, _ in cols) + "|"
    body = ["| " + " | ".join(str(r[k]).ljust(widths[k]) for k, _ in cols) + " |" for r in table_rows]
    return "\n".join([head, sep, *body])


def summary(pl: dict, fl: dict) -> str:
    base = pl["baseline_app"]
    lines = [table(rows(pl, fl)),
             f"floor: plotly.js geo bundle {fl['plotly_js']:,} B + world topojson {fl['topojson']:,} B + the first "
             f"view's rows {fl['data']:,} B = {fl['total'] / KB:.1f} KB (each brotli quality 11); with plotly.js's own "
             f"geo bundle ({PLOTLY_OWN_GEO_BUNDLE_BR11:,} B) {fl['total_budgeted'] / KB:.1f} KB, the floor the "
             f"first-load budget was set against (<= 1.6 x: {1.6 * fl['total_budgeted'] / KB:.0f} KB)",
             f"loads: {pl['loads']} of each app, interleaved; runs (ms) product drawn {pl['charts_drawn_all_ms']}, "
             f"baseline drawn {base['charts_drawn_all_ms']}; charts in view: product "
             f"{pl['year_change']['charts_in_view']}, baseline {base['year_change']['charts_in_view']}; product "
             f"updated in view "
             f"{pl['year_change_in_view_all_ms']}, all {pl['year_change_updated_all_ms']}, "
             f"baseline in view {base['year_change_in_view_all_ms']}, all {base['year_change_updated_all_ms']}; "
             f"server CPU per step product "
             f"{pl['year_change_cpu_all_ms']}, baseline {base['year_change_cpu_all_ms']} (the product's first step "
             f"in a fresh server is uncached)",
             f"year step, per request: baseline {steps(base)}; product {steps(pl)}",
             "baseline's largest responses: " + ", ".join(f"{r['url'].split('?')[0].rsplit('/', 1)[-1]} "
                                                         f"{r['wire'] / KB:.1f} KB" for r in base["resources"][:5])]
    return "\n".join(lines)


def steps(d: dict) -> str:
    return ", ".join(f"{name} {wire} B" for name, wire in d["year_change"]["per_request"])


def start_baseline(workers: int = 2):
    return start_server(workers=workers, log_name="gunicorn-baseline.log", app=BASELINE_APP)


def main() -> int:
    try:
        server = start_server(workers=2)
    except AppFailedToStart as exc:
        print(f"bench: the product failed to start: {exc}", file=sys.stderr)
        return 2
    try:
        baseline = start_baseline()
    except AppFailedToStart as exc:
        server.stop()
        print(f"bench: the baseline app failed to start: {exc}", file=sys.stderr)
        return 2
    try:
        pl = pageload.run(server, baseline_server=baseline)
    finally:
        server.stop()
        baseline.stop()
    fl = floor()
    print(pageload.summary(pl))
    print(summary(pl, fl))
    write_json("compare.json", {"floor": fl, "rows": rows(pl, fl)})
    errors = sum(d["load_errors"] + d["year_change_errors"] for d in (pl, pl["baseline_app"]))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())

