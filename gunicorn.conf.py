"""Gunicorn settings for the dashboard (`make run`, Procfile). Checked against gunicorn 27.0.1.

Environment: HOST, PORT, WEB_CONCURRENCY.
"""

import multiprocessing
import os

# Loopback by default so a dev machine never exposes the app; deployments behind a reverse proxy (or in a
# container) set HOST=0.0.0.0.
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"

# Callbacks build figures: CPU-bound work, so sync workers, about one per core (gthread measured no faster on
# 2 cores and let one worker hog keep-alive connections). WEB_CONCURRENCY is the PaaS convention to override.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count())
worker_class = "sync"

# Import the app (and load the data) once in the master, then fork: workers share those pages copy-on-write
# and start answering ~1 s after launch instead of each re-reading the data.
preload_app = True


def pre_fork(server, worker) -> None:
    """Before each worker is forked from the master that built the app: freeze what is alive (dashboard.app.
    freeze_heap), so no request's garbage collection walks the app's objects or dirties their shared pages."""
    from dashboard.app import freeze_heap

    freeze_heap()


# gunicorn >= 25.1 opens a control socket for `gunicornc` at $XDG_RUNTIME_DIR/gunicorn.ctl or
# $HOME/.gunicorn/gunicorn.ctl (setting `control_socket_disable`, CLI `--no-control-socket`). We never use it,
# and it would write into $HOME, clash between two instances, and fail on a read-only home.
control_socket_disable = True

timeout = 30
accesslog = "-"  # stdout: the platform / journald collects it

# No server-banner setting is needed: gunicorn's sync worker sends `Server: gunicorn` without the version.
