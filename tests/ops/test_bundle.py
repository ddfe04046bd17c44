"""`make bundle`: the offline archive installs into a fresh venv with no package index, and serves.

Built once for the module (about a minute: pip's and uv's caches make the downloads local), unpacked in a temporary
folder outside the checkout, installed by its own install.sh with every index and proxy route closed, started by its
own start.sh from another working directory.
"""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path

import pytest

from .conftest import HOST, PYTHON, REPO, Gunicorn, clean_env, free_port, get, wait_ready

pytestmark = pytest.mark.slow

DEAD_PROXY = "http://127.0.0.1:9"  # the discard port: any attempt to reach an index through it fails at once
OFFLINE = {"PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": "/dev/null", "http_proxy": DEAD_PROXY,
           "https_proxy": DEAD_PROXY, "HTTP_PROXY": DEAD_PROXY, "HTTPS_PROXY": DEAD_PROXY, "no_proxy": ""}


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([str(PYTHON), "tools/bundle.py", "--out", str(out)], cwd=REPO, check=True, timeout=600,
                   capture_output=True)
    (archive,) = out.glob("*.tar.gz")
    target = tmp_path_factory.mktemp("server")
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    (folder,) = target.iterdir()
    return folder


@pytest.fixture(scope="module")
def installed(unpacked: Path) -> Path:
    result = subprocess.run(["./install.sh"], cwd=unpacked, env=clean_env(OFFLINE), capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return unpacked


def test_the_bundle_holds_every_wheel_pinned_by_hash(unpacked: Path):
    wheels = sorted(path.name for path in (unpacked / "wheels").glob("*.whl"))
    lines = [line for line in (unpacked / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    assert len(lines) == len(wheels) > 50
    assert all(" --hash=sha256:" in line for line in lines)
    assert any(name.startswith("kg_migration_dashboard-") for name in wheels)
    assert not any(name.startswith(("pytest-", "playwright-", "ruff-", "hypothesis-")) for name in wheels), \
        "test and dev tools do not belong on the server"
    install = (unpacked / "INSTALL.md").read_text()
    for needed in ("./install.sh", "./start.sh", "--no-index", "Chromium", "Data package version"):
        assert needed in install
    assert (unpacked / "data" / "datapackage.json").is_file()
    assert (unpacked / "assets" / "10-style.css").is_file()


def test_it_installs_without_an_index_and_runs_from_its_own_venv(installed: Path):
    where = subprocess.run([str(installed / "venv" / "bin" / "python"), "-c",
                            "import dashboard; print(dashboard.__file__)"],
                           cwd="/", capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(installed / "venv")), where


def test_it_starts_and_serves(installed: Path, tmp_path: Path):
    port = free_port()
    out, err = tmp_path / "start.out", tmp_path / "start.err"
    with out.open("wb") as out_file, err.open("wb") as err_file:
        proc = subprocess.Popen([str(installed / "start.sh")], cwd=tmp_path, stdout=out_file, stderr=err_file,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                env=clean_env({**OFFLINE, "HOST": HOST, "PORT": str(port), "WEB_CONCURRENCY": "1"}))
        server = Gunicorn(proc, port, out, err)
        try:
            wait_ready(server, timeout=60)
            health = get(port, "/health").json()
            page = get(port, "/en/")
            style = get(port, "/en/assets/10-style.css")
            csv = get(port, "/download/stock.csv")
        finally:
            server.stop()
    assert health["status"] == "ok" and health["data_version"]
    assert page.status == 200 and "Kyrgyz labour migration" in page.text
    assert style.status == 200
    assert csv.status == 200 and "source" in csv.text
