"""The writer lock of a knowledge base: one `kb index` at a time, while readers never wait.

The lock is an flock on KB_HOME/writer.lock, which the kernel releases when its holder exits,
however it exits: a killed writer never leaves a lock that has to be deleted by hand. Beside it,
writer.json records who holds it (pid, host, start time) for the messages of the next writer,
and is removed on release; a record found on taking the lock was left by a writer that did not
finish, whose lock is then taken over with a line saying so.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from kb.cache import read_json, write_json
from kb.errors import Busy

LOCK_FILE = "writer.lock"
RECORD_FILE = "writer.json"
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class Holder:
    """The process that holds (or held) the writer lock."""

    pid: int
    host: str
    started: str  # local time, ISO 8601 to the second

    @classmethod
    def me(cls) -> Holder:
        now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        return cls(os.getpid(), socket.gethostname(), now)

    @classmethod
    def read(cls, path: Path) -> Holder | None:
        """The record at `path`, or None when there is none (or it was cut short)."""
        record = read_json(path)
        try:
            return cls(int(record["pid"]), str(record["host"]), str(record["started"]))
        except (TypeError, KeyError, ValueError):
            return None

    def __str__(self) -> str:
        where = "" if self.host == socket.gethostname() else f" on {self.host}"
        return f"pid {self.pid}{where}, started {self.started.replace('T', ' ')}"


class WriterLock:
    """Held by the one process that may write the knowledge base in `home`.

    :param wait: seconds to wait for another writer to finish before giving up with Busy
    :param notify: told, in one line, that this writer waits or takes over a stale lock
    """

    def __init__(self, home: Path, wait: float = 0, notify: Callable[[str], None] | None = None):
        self.home = home
        self.wait = wait
        self.notify = notify or (lambda line: None)
        self.record = home / RECORD_FILE
        self._fd: int | None = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lock, waiting up to `wait` seconds; Busy names the writer that holds it."""
        self.home.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.home / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            self._take(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        left = Holder.read(self.record)
        if left is not None:
            self.notify(
                f"taking over the writer lock of {self.home} from a kb index that did not "
                f"finish ({left}); this run completes its work"
            )
        write_json(self.record, asdict(Holder.me()))

    def _take(self, fd: int) -> None:
        if _try_lock(fd):
            return
        holder = Holder.read(self.record)
        if self.wait > 0:
            self.notify(f"waiting up to {self.wait:g} s for the kb index ({holder or 'starting'}) "
                        f"writing to {self.home}")  # fmt: skip
            deadline = time.monotonic() + self.wait
            while time.monotonic() < deadline:
                time.sleep(POLL_SECONDS)
                if _try_lock(fd):
                    return
            holder = Holder.read(self.record) or holder
        waited = f" after waiting {self.wait:g} s" if self.wait > 0 else ""
        raise Busy(
            f"{self.home}: another kb index ({holder or 'just starting'}) is writing this "
            f"knowledge base{waited}; nothing was changed",
            hint="run again when it has finished, or pass --wait SECONDS",
        )

    def release(self) -> None:
        """Remove the record, then let the lock go."""
        if self._fd is None:
            return
        try:
            self.record.unlink(missing_ok=True)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
