"""/{lang}/changes?from=V1&to=V2 (the page) and /download/changes.csv?from=V1&to=V2&lang= (its CSV): what changed
between two data versions the server holds. Plain Flask routes (a Flask rule without a variable wins over the
language app's catch-all), server-rendered, so the page needs no script and a test client reads its rows.

A version the server does not hold falls back to the default with a notice; a package that cannot be read is said
so in a sentence (503), never a traceback.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, request

from . import exports, hosts
from .components.changes_page import changes_document
from .data.changes import PackageReadError
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, translator
from .views import changes as changes_v

log = logging.getLogger(__name__)
NO_STORE = "no-cache"  # answers follow the published data: revalidated on every use


def _compared(context, lang: str):
    """(choice, changes) for this request's from= and to=."""
    held = changes_v.held_for(context)
    choice = changes_v.choose(list(held), context.bundle.version, request.args.get("from"), request.args.get("to"))
    return choice, changes_v.changes_for(held, choice)


def _unreadable(lang: str) -> Response:
    log.exception("a data version could not be compared: %s", request.path)
    t = translator(lang)
    message = t("A data version could not be read just now, so the changes cannot be shown.")
    return Response(message, status=503, mimetype="text/plain", headers={"Cache-Control": NO_STORE})


def register(server: Flask, context) -> None:
    for lang in LANGUAGES:
        server.add_url_rule(f"/{lang}/changes", f"changes_{lang}", _page_view(context, lang))

    @server.route("/download/changes.csv")
    def changes_csv():
        lang = request.args.get("lang", DEFAULT_LANGUAGE)
        lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        try:
            choice, changes = _compared(context, lang)
        except PackageReadError:
            return _unreadable(lang)
        link = f"{hosts.link_base()}/{lang}/changes?{choice.query}"
        meta = changes_v.csv_meta(choice, changes, lang, link)
        name = f"kg-migration-changes-{choice.old or choice.new}-{choice.new}.csv"  # held versions only
        return Response(exports.csv_bytes(changes_v.csv_rows(changes), meta), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": NO_STORE})


def _page_view(context, lang: str):
    def page():
        try:
            choice, changes = _compared(context, lang)
        except PackageReadError:
            return _unreadable(lang)
        body = changes_document(choice, changes, context.bundle.version, lang)
        return Response(body, mimetype="text/html", headers={"Cache-Control": NO_STORE})
    return page
