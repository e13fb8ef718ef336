"""Where kb keeps what it builds: one folder holding the SQLite store and the Whoosh index."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = ".kb"


@dataclass(frozen=True)
class Settings:
    """Paths of everything kb builds; the source notes are never written."""

    home: Path

    @property
    def db_path(self) -> Path:
        return self.home / "kb.sqlite"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def cache_dir(self) -> Path:
        """jieba's dictionary cache and the user-word list live here."""
        return self.home / "cache"

    @classmethod
    def from_env(cls, home: str | os.PathLike | None = None) -> Settings:
        """Settings for `home`, else `$KB_HOME`, else `./.kb`."""
        return cls(Path(home or os.environ.get("KB_HOME") or DEFAULT_HOME))
