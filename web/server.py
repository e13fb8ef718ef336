"""Serving the web app: gunicorn's pre-forked worker processes, each answering one request at a
time and taking the next connection only when free.

One process per core, not threads in one process: a search spends most of its time in Python,
where threads take turns, and under load waitress's threads also starved its own I/O thread (p99
3.8 s for 20 clients on the full corpus). Idle workers take connections from the kernel's queue
in the order they came, so no request waits behind a slow one while another worker is free.
"""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication

from web import create_app
from web.context import warm_up

# A worker silent this long is replaced; an export of every figure takes seconds, not minutes.
WORKER_TIMEOUT = 300


class Server(BaseApplication):
    """gunicorn running `create_app(config)` in `workers` processes."""

    def __init__(self, config: dict, bind: str, workers: int):
        self.config, self.bind, self.workers = config, bind, workers
        super().__init__()

    def load_config(self) -> None:
        self.cfg.set("bind", [self.bind])
        self.cfg.set("workers", self.workers)
        self.cfg.set("worker_class", "sync")
        self.cfg.set("timeout", WORKER_TIMEOUT)
        self.cfg.set("loglevel", "warning")

    def load(self):
        """In each worker: the app, with its knowledge base opened and jieba loaded."""
        app = create_app({**self.config, "KB_POOL": 1})  # one request at a time
        warm_up(app)
        return app


def serve(home: str, host: str, port: int, workers: int | None = None) -> None:
    """Serve the knowledge base in `home` on host:port until stopped (SIGINT or SIGTERM)."""
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    Server({"KB_HOME": home}, address, workers or os.cpu_count() or 1).run()
