"""`make bundle`: one archive that installs and serves the dashboard on a server without internet.

The archive holds every wheel of the locked runtime environment (for this Python and platform), the project's own
wheel, the data package and the page's assets, and a requirements file that pins every one of those wheels by the
sha256 of the file itself, so the target installs with `pip install --no-index --require-hashes` and nothing else.

    .venv/bin/python tools/bundle.py [--out dist]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import shutil
import subprocess
import sysconfig
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".tools" / "bin" / "uv"
PIP_PYTHON = ROOT / ".tools" / "bin" / "python"  # the venv uv lives in has pip; the uv-built .venv has none
PROJECT_FILES = ["data", "assets", "gunicorn.conf.py"]

INSTALL_SH = """#!/bin/sh
# Installs the dashboard into ./venv from the wheels in this folder: no package index, every file checked by hash.
set -eu
cd "$(dirname "$0")"
${PYTHON:-python3} -m venv venv
venv/bin/python -m pip --isolated install --no-index --find-links wheels --require-hashes --no-deps \\
    -r requirements.txt
echo "Installed. Start it with ./start.sh (HOST and PORT choose the address; default 127.0.0.1:8050)."
"""

START_SH = """#!/bin/sh
# Serves the dashboard with gunicorn on the data package in ./data (HOST, PORT, WEB_CONCURRENCY, KGM_* apply).
set -eu
cd "$(dirname "$0")"
export KGM_DATA_DIR="${KGM_DATA_DIR:-$PWD/data}" KGM_ASSETS_DIR="$PWD/assets"
exec venv/bin/gunicorn "dashboard.app:create_server()" -c gunicorn.conf.py
"""

INSTALL_TEXT = """# Kyrgyz labour migration dashboard {version}: offline install

Data package version {data_version}. Built for Python {python} on {platform_tag}.

This folder holds everything the dashboard needs from Python's package index: {wheel_count} wheels (`wheels/`),
each pinned by the sha256 of its file in `requirements.txt`, with the data package (`data/`) and the page's
assets (`assets/`). Nothing is downloaded on the server.

## Needs from the operating system
- Python {python_minor} with `venv` and `pip` (Debian: `apt-get install python3-venv`).
- Only for the PNG/SVG image downloads: Chromium (Debian: `apt-get install chromium fonts-dejavu-core`). Without
  it the dashboard, its CSV downloads and embeds work, and image downloads answer with a short message instead.
- Optional: a Redis server when several instances share one cache (`KGM_CACHE_URL`, see the project README).

## Install (one command)

    ./install.sh

which runs

    python3 -m venv venv
    venv/bin/python -m pip --isolated install --no-index --find-links wheels --require-hashes --no-deps \\
        -r requirements.txt

## Start (one command)

    ./start.sh

It serves http://127.0.0.1:8050. To serve readers on the network, say where (`HOST=0.0.0.0 PORT=8050`) and under
which address they reach it: `KGM_PUBLIC_URL=https://migration.example.gov.kg ./start.sh` (every link in downloads,
images and embed codes is built from it). Without `KGM_PUBLIC_URL`, only the host names in `KGM_ALLOWED_HOSTS`
(default: localhost and loopback addresses) are answered; any other gets "400 Bad Request". `/health` answers with
the data version.
"""


def run(*command: str | Path, cwd: Path = ROOT) -> str:
    return subprocess.run([str(part) for part in command], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download_locked_wheels(wheels: Path, work: Path) -> None:
    """The runtime part of uv.lock (no test or dev extras), fetched as wheels for this interpreter and platform,
    each checked against the lock's hashes."""
    locked = work / "locked-runtime.txt"
    locked.write_text(run(UV, "export", "--frozen", "--no-dev", "--no-emit-project", "--no-header",
                          "--format", "requirements-txt"))
    run(PIP_PYTHON, "-m", "pip", "download", "--quiet", "--require-hashes", "--no-deps", "--only-binary", ":all:",
        "--dest", wheels, "-r", locked)


def build_project_wheel(wheels: Path) -> Path:
    before = set(wheels.glob("*.whl"))
    run(UV, "build", "--wheel", "--out-dir", wheels, ROOT)
    (built,) = set(wheels.glob("*.whl")) - before
    return built


def write_requirements(folder: Path, wheels: list[Path]) -> None:
    """Every wheel in the folder, pinned by the hash of that very file."""
    lines = ["# Every wheel in ./wheels, pinned by the sha256 of its file; install with ./install.sh"]
    for wheel in sorted(wheels, key=lambda path: path.name.lower()):
        lines.append(f"{wheel_requirement(wheel)} --hash=sha256:{sha256(wheel)}")
    (folder / "requirements.txt").write_text("\n".join(lines) + "\n")


def wheel_requirement(wheel: Path) -> str:
    """'pandas==3.1.1' from 'pandas-3.1.1-cp311-...whl' (wheel names escape '-' in the name as '_')."""
    name, version = wheel.name.split("-")[:2]
    return f"{name}=={version}"


def assemble(folder: Path) -> dict[str, str | int]:
    """Fills `folder` with wheels, project files, scripts and INSTALL.md; returns what INSTALL.md states."""
    wheels = folder / "wheels"
    wheels.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as work:
        download_locked_wheels(wheels, Path(work))
    project_wheel = build_project_wheel(wheels)
    all_wheels = sorted(wheels.glob("*.whl"))
    write_requirements(folder, all_wheels)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / name)
    for script, text in (("install.sh", INSTALL_SH), ("start.sh", START_SH)):
        (folder / script).write_text(text)
        (folder / script).chmod(0o755)
    facts = {"version": project_wheel.name.split("-")[1], "wheel_count": len(all_wheels),
             "data_version": json.loads((ROOT / "data" / "datapackage.json").read_text()).get("version", "?"),
             "python": platform.python_version(), "python_minor": ".".join(platform.python_version_tuple()[:2]),
             "platform_tag": sysconfig.get_platform()}
    (folder / "INSTALL.md").write_text(INSTALL_TEXT.format(**facts))
    return facts


def build_bundle(out: Path) -> Path:
    """Writes out/kg-migration-dashboard-<version>-py<X.Y>-<platform>.tar.gz and returns its path."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        staging = Path(work) / "bundle"
        facts = assemble(staging)
        name = f"kg-migration-dashboard-{facts['version']}-py{facts['python_minor']}-{facts['platform_tag']}"
        archive = out / f"{name}.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=1) as tar:  # wheels are compressed already
            tar.add(staging, arcname=name)
    return archive


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the archive (default: dist)")
    archive = build_bundle(parser.parse_args(argv).out)
    print(f"{archive} ({archive.stat().st_size / 1e6:.0f} MB): unpack it on the server, then ./install.sh and "
          "./start.sh (see INSTALL.md inside)")


if __name__ == "__main__":
    main()
