"""The base of every absolute link the server writes (CSV citation and view lines, image footers, share links, embed
code), and which Host headers are answered at all.

Anyone can send any Host or X-Forwarded-Host header, so neither may choose where a link points. With KGM_PUBLIC_URL,
links are built from it and any Host is answered (a proxy may rewrite it). Without it, only the hosts in
KGM_ALLOWED_HOSTS (loopback by default) are answered; others get a plain 400 before any route runs, so a link built
from the request's Host names a host we allowed. X-Forwarded-* headers are never read: no ProxyFix is installed, and
werkzeug and gunicorn ignore X-Forwarded-Host.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request

from .settings import HOST, Settings

EXTENSION = "kgm_hosts"
REFUSAL = "Bad Host header: this dashboard does not answer for that host name."


@dataclass(frozen=True)
class HostPolicy:
    public_url: str  # 'https://migration.example.gov.kg[/prefix]' or ''
    allowed: frozenset[str]  # host names, lower case, no brackets (ports are not checked)

    def answers(self, host: str) -> bool:
        return bool(self.public_url) or host_name(host) in self.allowed


def host_name(host: str) -> str | None:
    """'Example.org:8050' -> 'example.org', '[::1]:8050' -> '::1'; None for anything that is not host[:port]."""
    match = HOST.fullmatch(host or "")
    return match["name"].strip("[]").lower() if match else None


def link_base() -> str:
    """'https://migration.example.gov.kg' (KGM_PUBLIC_URL), else this request's Host, already checked:
    'http://localhost:8050'. No trailing slash."""
    policy: HostPolicy = current_app.extensions[EXTENSION]
    return policy.public_url or request.host_url.rstrip("/")


def own_page(referrer: str, lang: str) -> bool:
    """Whether `referrer` is this dashboard's /{lang}/ page: at the request's Host, or at the public address."""
    ref = urlsplit(referrer)
    pages = {(request.host, f"/{lang}/")}
    public_url = current_app.extensions[EXTENSION].public_url
    if public_url:
        public = urlsplit(public_url)
        pages.add((public.netloc, f"{public.path}/{lang}/"))
    return (ref.netloc, ref.path) in pages


def register(server: Flask, settings: Settings) -> None:
    """Register before the other request hooks, so an unknown host is refused before any of them runs."""
    policy = HostPolicy(settings.public_url, frozenset(settings.allowed_hosts))
    server.extensions[EXTENSION] = policy

    @server.before_request
    def check_host():
        if policy.answers(request.host):
            return None
        return Response(REFUSAL, status=400, mimetype="text/plain")
