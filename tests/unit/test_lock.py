"""The environment installs from uv.lock: the lock matches pyproject.toml and every file in it has a hash."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / ".tools" / "bin" / "uv"


def uv_check(project: Path) -> subprocess.CompletedProcess:
    """`uv lock --check` offline: it re-resolves pyproject against the lock and fails if the lock would change."""
    assert UV.exists(), "uv is not installed: run `make venv` (it installs uv from tools/requirements-uv.txt)"
    return subprocess.run([str(UV), "lock", "--check", "--offline", "--project", str(project)],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"})


def test_the_lock_matches_pyproject():
    result = uv_check(ROOT)
    assert result.returncode == 0, f"uv.lock is out of date with pyproject.toml (run `make lock`):\n{result.stderr}"


def test_a_dependency_missing_from_the_lock_is_caught(tmp_path: Path):
    """The check above can fail: a dependency added to pyproject but not locked."""
    shutil.copy(ROOT / "uv.lock", tmp_path / "uv.lock")
    pyproject = (ROOT / "pyproject.toml").read_text()
    (tmp_path / "pyproject.toml").write_text(pyproject)
    assert uv_check(tmp_path).returncode == 0, "the unchanged copy must pass, or the failure below proves nothing"
    assert '"babel>=2.18,<3",' in pyproject
    (tmp_path / "pyproject.toml").write_text(pyproject.replace('"babel>=2.18,<3",', '"babel>=2.18,<3", "six>=1.16",'))
    assert uv_check(tmp_path).returncode != 0


@pytest.fixture(scope="module")
def lock() -> dict:
    return tomllib.loads((ROOT / "uv.lock").read_text())


def test_every_locked_file_has_a_hash(lock):
    unhashed = []
    for package in lock["package"]:
        if package["source"].get("editable") or package["source"].get("virtual"):
            continue  # the project itself, built from this checkout
        files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
        assert files, f"{package['name']} has no files in the lock"
        unhashed += [f"{package['name']} {file.get('url', '')}" for file in files
                     if not file.get("hash", "").startswith("sha256:")]
    assert not unhashed, unhashed


def test_uv_itself_is_pinned_by_hash():
    lines = (ROOT / "tools" / "requirements-uv.txt").read_text().splitlines()
    pins = [line for line in lines if line.startswith("uv==")]
    assert len(pins) == 1
    assert sum("--hash=sha256:" in line for line in lines) >= 1


def test_make_installs_from_the_lock_and_rebuilds_when_it_changes():
    makefile = (ROOT / "Makefile").read_text()
    assert "$(VENV)/.installed: uv.lock pyproject.toml" in makefile
    assert "sync --locked" in makefile
    assert "pip install -e" not in makefile
