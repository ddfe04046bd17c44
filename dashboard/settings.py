"""Settings from the environment, in one place (no other module reads os.environ)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
# The page's stylesheets, scripts, fonts and world map. Beside the package in a checkout; an installed wheel (the
# offline bundle, see tools/bundle.py) has them in the bundle's own folder and names it with KGM_ASSETS_DIR.
ASSETS_DIR = Path(os.environ.get("KGM_ASSETS_DIR") or PROJECT_ROOT / "assets")


@dataclass(frozen=True)
class Settings:
    data_dir: Path = DEFAULT_DATA_DIR
    secret_key: str = ""
    cache_url: str = ""  # e.g. redis://127.0.0.1:6379/0 ; empty = per-process memory cache
    data_store: Path | None = None  # a store of published versions (see data/store.py); overrides data_dir
    debug: bool = False
    server_timing: bool = False  # Server-Timing headers with callback and serialisation times (benchmarks)

    @classmethod
    def from_env(cls, data_dir: str | Path | None = None) -> Settings:
        return cls(
            data_dir=Path(data_dir or os.environ.get("KGM_DATA_DIR") or DEFAULT_DATA_DIR),
            # a random key per process is fine for one process; several workers/instances must share one
            secret_key=os.environ.get("KGM_SECRET_KEY") or secrets.token_hex(32),
            cache_url=os.environ.get("KGM_CACHE_URL", ""),
            data_store=Path(os.environ["KGM_DATA_STORE"]) if os.environ.get("KGM_DATA_STORE") else None,
            debug=os.environ.get("KGM_DEBUG", "") == "1",
            server_timing=os.environ.get("KGM_SERVER_TIMING", "") == "1",
        )
