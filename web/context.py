"""The request's KnowledgeBase on `flask.g`, opened read-only and released at teardown.

As in flaskr/db.py a request gets its own knowledge base, but released ones are kept in a pool
rather than closed: opening one loads jieba's dictionary and the entity table, seconds on a large
corpus. A pooled knowledge base still answers from the latest commit, since it checks the store's
data_version and refreshes its searcher on every search.
"""

from __future__ import annotations

import queue

from flask import Flask, current_app, g

from kb.config import Settings
from kb.core import KnowledgeBase

POOL = "kb_pool"


def init_app(app: Flask) -> None:
    app.extensions[POOL] = queue.LifoQueue(maxsize=app.config["KB_POOL"])
    app.teardown_appcontext(close_kb)


def open_kb(app: Flask) -> KnowledgeBase:
    return KnowledgeBase(Settings.from_env(app.config["KB_HOME"]), readonly=True)


def get_kb() -> KnowledgeBase:
    """The knowledge base of this request."""
    if "kb" not in g:
        try:
            g.kb = current_app.extensions[POOL].get_nowait()
        except queue.Empty:
            g.kb = open_kb(current_app)
    return g.kb


def close_kb(exc: BaseException | None = None) -> None:
    """Give the request's knowledge base back to the pool, or close it when the pool is full."""
    kb = g.pop("kb", None)
    if kb is None:
        return
    try:
        current_app.extensions[POOL].put_nowait(kb)
    except queue.Full:
        kb.close()


def close_pool(app: Flask) -> None:
    """Close every pooled knowledge base: for an application that is done serving."""
    pool = app.extensions[POOL]
    while not pool.empty():
        pool.get_nowait().close()


def warm_up(app: Flask) -> None:
    """Open one knowledge base and load its dictionary now, so the first reader does not wait."""
    kb = open_kb(app)
    kb.search("kb", limit=1)
    app.extensions[POOL].put_nowait(kb)
