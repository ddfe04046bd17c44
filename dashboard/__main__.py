"""Command line: `python -m dashboard serve`, `validate [DATA_DIR]`, `publish DATA_DIR --store S` and
`diff V1 V2 [--data-dir D | --store S] [--csv]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import DataPackageError, load_bundle
from .data.summary import summarize
from .settings import DEFAULT_DATA_DIR


def cmd_validate(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    print(f"Checking the data package in {data_dir} ...")
    try:
        bundle = load_bundle(data_dir)
    except DataPackageError as exc:
        print(f"\nREFUSED: {len(exc.problems)} problem(s) found. Nothing was published.\n")
        for p in exc.problems:
            print(f"  - {p}")
        print("\nFix these in the files named above and run this command again.")
        return 1
    problems = [] if args.skip_frictionless else _frictionless_problems(data_dir)
    if problems:
        print(f"\nREFUSED by the Frictionless Data Package check: {len(problems)} problem(s).\n")
        for p in problems:
            print(f"  - {p}")
        return 1
    print("\n".join(["", *summarize(bundle), "", "OK: the package is valid and can be published."]))
    return 0


def _frictionless_problems(data_dir: Path) -> list[str]:
    """The standard's own validator, as a second opinion on the descriptor and tables (slower: CLI only)."""
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(data_dir / "datapackage.json")).validate()
    out = []
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            field = getattr(err, "field_name", None)
            where = (task.place or task.name) + (f", row {row - 1} (line {row})" if row else "")  # the file
            where += f", column '{field}'" if field else ""
            out.append(f"{where}: {err.message}")
    out += [f"datapackage.json: {e.message}" for e in report.errors]
    return out


def cmd_publish(args: argparse.Namespace) -> int:
    from .data.store import PublishError, publish

    print(f"Validating {args.data_dir} before publishing it to {args.store} ...")
    try:
        bundle = publish(args.data_dir, args.store)
    except DataPackageError as exc:
        print(f"\nREFUSED: {len(exc.problems)} problem(s) found. Nothing was published; the current version "
              "keeps serving.\n")
        for p in exc.problems:
            print(f"  - {p}")
        return 1
    except PublishError as exc:
        print(f"\nREFUSED: {exc}. Nothing was changed.")
        return 1
    print(f"\nPublished: version {bundle.version} (content {bundle.digest}) is now current. Running dashboards "
          "pick it up within seconds; earlier versions stay available for pinned links (v=).")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """What changed from version V1 to V2 of the packages a data folder (with its history/) or a store holds: the
    same as the changes page, as a report or as its CSV."""
    from .data.changes import PackageReadError, compare
    from .data.history import held_packages, store_folders
    from .exports import csv_bytes
    from .views import changes as changes_v

    folders = store_folders(Path(args.store)) if args.store else [Path(args.data_dir or DEFAULT_DATA_DIR)]
    held = held_packages(folders)
    unknown = [v for v in (args.old, args.new) if v not in held]
    if unknown:
        where = f"the store {args.store}" if args.store else f"{folders[0]} (and its history/)"
        print(f"Unknown data version {', '.join(map(repr, unknown))} in {where}. Versions held: "
              f"{', '.join(held) or 'none'}.", file=sys.stderr)
        return 1
    try:
        changes = compare(held[args.old], held[args.new])
    except PackageReadError as exc:
        print(f"Cannot compare: {exc}", file=sys.stderr)
        return 1
    if args.csv:
        choice = changes_v.Choice(tuple(held), args.old, args.new)
        meta = changes_v.csv_meta(choice, changes, "en", f"/en/changes?{choice.query}")
        sys.stdout.buffer.write(csv_bytes(changes_v.csv_rows(changes), meta))
        sys.stdout.flush()
    else:
        print("\n".join(changes_v.report_lines(changes)))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .app import create_app
    from .settings import Settings

    settings = Settings.from_env(data_dir=args.data_dir)
    app = create_app(settings)
    app.run(host=args.host, port=args.port, debug=args.debug, dev_tools_disable_version_check=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Kyrgyz labour-migration dashboard.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a data package before publishing it",
                       description="Check every file of a data package: types, codes, keys, sources, boundaries. "
                                   "Prints a summary, or every problem (file, row, column, reason) and exits 1.")
    v.add_argument("data_dir", nargs="?", default=str(DEFAULT_DATA_DIR), help="folder with datapackage.json")
    v.add_argument("--skip-frictionless", action="store_true", help="skip the (slower) Frictionless check")
    v.set_defaults(func=cmd_validate)
    p = sub.add_parser("publish", help="validate a data package and make it the current version of a data store",
                       description="Validate DATA_DIR and publish it as a new version of STORE atomically: the "
                                   "running dashboard switches to it; earlier versions stay for pinned links.")
    p.add_argument("data_dir", help="folder with the new datapackage.json")
    p.add_argument("--store", required=True, help="the data store folder (KGM_DATA_STORE of the running app)")
    p.set_defaults(func=cmd_publish)
    d = sub.add_parser("diff", help="what changed between two data versions",
                       description="Rows added, removed and changed in each table between data versions V1 and V2 "
                                   "(old and new value, source), and the sources added or dropped: as on the "
                                   "/{lang}/changes page. Versions come from DATA_DIR and its history/ folder, or "
                                   "from a store's versions/. Exits 1 for a version not held.")
    d.add_argument("old", metavar="V1", help="the older version, e.g. 2026.11.1")
    d.add_argument("new", metavar="V2", help="the newer version, e.g. 2026.12.1")
    where = d.add_mutually_exclusive_group()
    where.add_argument("--data-dir", default=None, help="data package folder (default: the shipped data/)")
    where.add_argument("--store", default=None, help="a data store folder (KGM_DATA_STORE)")
    d.add_argument("--csv", action="store_true", help="print the CSV (one row per change) instead of the report")
    d.set_defaults(func=cmd_diff)
    s = sub.add_parser("serve", help="run the development server",
                       description="Run the dashboard with Flask's development server (use gunicorn in production).")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8050)
    s.add_argument("--data-dir", default=None, help="data package folder (default: the shipped data/)")
    s.add_argument("--debug", action="store_true", help="Dash debug mode (never in production)")
    s.set_defaults(func=cmd_serve)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
