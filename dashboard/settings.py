"""Settings from the environment, in one place (no other module reads os.environ)."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
# The page's stylesheets, scripts, fonts and world map. Beside the package in a checkout; an installed wheel (the
# offline bundle, see tools/bundle.py) has them in the bundle's own folder and names it with KGM_ASSETS_DIR.
ASSETS_DIR = Path(os.environ.get("KGM_ASSETS_DIR") or PROJECT_ROOT / "assets")

# A Host header or URL authority: a DNS name or IPv4 address, or an IPv6 address in brackets; an optional port.
HOST = re.compile(r"(?P<name>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(?P<port>\d{1,5}))?")
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
PUBLIC_PATH = re.compile(r"(/[A-Za-z0-9._~-]+)*/?")  # a simple path prefix: /migration, /stats/kg-migration


class SettingsError(ValueError):
    """A setting the app cannot use: start-up stops with this message rather than serve wrong links."""


def public_url_from(text: str) -> str:
    """KGM_PUBLIC_URL -> 'https://host[:port][/prefix]' without a trailing slash ('' when unset)."""
    text = text.strip()
    if not text:
        return ""
    parts = urlsplit(text)
    if (parts.scheme not in ("http", "https") or not HOST.fullmatch(parts.netloc)
            or not PUBLIC_PATH.fullmatch(parts.path) or parts.query or parts.fragment or "?" in text or "#" in text):
        raise SettingsError(f"KGM_PUBLIC_URL must be the address readers use, such as "
                            f"https://migration.example.gov.kg or https://example.org/prefix; got {text!r}.")
    return text.rstrip("/")


def allowed_hosts_from(text: str) -> tuple[str, ...]:
    """KGM_ALLOWED_HOSTS 'example.org, [::1], 10.0.0.5:8050' -> host names, lower case, without brackets or ports
    (any port is allowed); the loopback names and addresses when unset."""
    names = []
    for entry in (item.strip() for item in text.split(",")):
        if not entry:
            continue
        match = HOST.fullmatch(entry) or HOST.fullmatch(f"[{entry}]")  # a bare IPv6 address: ::1
        if not match:
            raise SettingsError(f"KGM_ALLOWED_HOSTS lists host names or addresses separated by commas; "
                                f"{entry!r} is neither.")
        names.append(match["name"].strip("[]").lower())
    return tuple(names) or LOOPBACK_HOSTS


@dataclass(frozen=True)
class Settings:
    data_dir: Path = DEFAULT_DATA_DIR
    secret_key: str = ""
    cache_url: str = ""  # e.g. redis://127.0.0.1:6379/0 ; empty = per-process memory cache
    data_store: Path | None = None  # a store of published versions (see data/store.py); overrides data_dir
    debug: bool = False
    server_timing: bool = False  # Server-Timing headers with callback and serialisation times (benchmarks)
    # the address readers use (https://migration.example.gov.kg): every absolute link is built from it, and then any
    # Host is answered; without it only the allowed hosts are answered, and links use the request's (checked) Host
    public_url: str = ""
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS

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
            public_url=public_url_from(os.environ.get("KGM_PUBLIC_URL", "")),
            allowed_hosts=allowed_hosts_from(os.environ.get("KGM_ALLOWED_HOSTS", "")),
        )
