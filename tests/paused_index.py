"""Run `kb index ARGS...` in this process, pausing at one point of the run until told to go on.

    python tests/paused_index.py POINT ARGS...

At POINT the run prints `paused at POINT` and waits for a line on stdin (any line goes on), so a
test can kill it there or start a second writer beside it. POINT is one of:

- `parse:N`       after the N-th note is parsed and indexed, before anything is committed
- `saved:F`       once the store holds the fraction F of the run's bytes, not yet committed
- `index-commit`  after the index commits the run's documents, before the store commits
- `store-commit`  after the store commits, while the index still holds the replaced versions
- `cleanup`       after the replaced versions leave the index, before the run is marked done
- `swap`          in a rebuild, after the old index is moved aside, before the new one takes
                  its place
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from kb import indexer
from kb.cli import cli
from kb.core import KnowledgeBase
from kb.store import Store


def pause(point: str) -> None:
    print(f"paused at {point}", flush=True)
    sys.stdin.readline()


def after(owner, name: str, point: str, when=lambda *args, **kwargs: True) -> None:
    """Pause after `owner.name` returns, the first time `when` holds for its arguments."""
    original = getattr(owner, name)
    calls = []

    @functools.wraps(original)
    def wrapped(*args, **kwargs):
        result = original(*args, **kwargs)
        if when(*args, **kwargs):
            calls.append(1)
            if len(calls) == 1:
                pause(point)
        return result

    setattr(owner, name, wrapped)


def before(owner, name: str, point: str, when=lambda *args, **kwargs: True) -> None:
    """Pause before `owner.name` runs, the first time `when` holds for its arguments."""
    original = getattr(owner, name)
    done = []

    @functools.wraps(original)
    def wrapped(*args, **kwargs):
        if not done and when(*args, **kwargs):
            done.append(1)
            pause(point)
        return original(*args, **kwargs)

    setattr(owner, name, wrapped)


def pause_on_progress(point: str, fraction: float) -> None:
    original = KnowledgeBase.index

    def index(self, paths, progress=None, **options):
        def report(done: int, total: int) -> None:
            if progress:
                progress(done, total)
            if not reported and done >= fraction * total:
                reported.append(1)
                pause(point)

        reported: list[int] = []
        return original(self, paths, progress=report, **options)

    KnowledgeBase.index = index


def set_up(point: str) -> None:
    kind, _, arg = point.partition(":")
    if kind == "parse":
        count = iter(range(1, 10**9))
        after(indexer, "prepare", point, when=lambda *a: next(count) == int(arg))
    elif kind == "saved":
        pause_on_progress(point, float(arg))
    elif kind == "index-commit":
        after(indexer, "commit_segments", point)
    elif kind == "store-commit":
        before(indexer.IndexRun, "_finish", point)
    elif kind == "cleanup":
        before(Store, "set_meta", point, when=lambda s, key, v: key == indexer.CONSISTENT_AT)
    elif kind == "swap":
        before(Path, "rename", point, when=lambda path, target: path.name == "index.new")
    else:
        sys.exit(f"unknown pause point {point!r}")


if __name__ == "__main__":
    set_up(sys.argv[1])
    cli(["index", *sys.argv[2:]], prog_name="kb")
