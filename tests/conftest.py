"""Shared fixtures: the bundled sample episodes, and the real notes in ../shared when present."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kb import KnowledgeBase, Settings
from kb import index as kbindex
from kb.entities import EntityTable
from kb.segment import Segmenter
from web import create_app
from web.context import close_pool

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_ae970b7278976b64.txt"
SAMPLE = SHARED / "corpus" / "sample"

needs_shared = pytest.mark.skipif(not SAMPLE.is_dir(), reason="../shared/corpus is not present")


@pytest.fixture(scope="session")
def table() -> EntityTable:
    return EntityTable.packaged()


@pytest.fixture(scope="session")
def segmenter(tmp_path_factory, table) -> Segmenter:
    """jieba with every packaged entity name as a user word."""
    return Segmenter(tmp_path_factory.mktemp("cache"), table.names())


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """A private copy of the sample episodes that a test may change."""
    folder = tmp_path / "notes"
    shutil.copytree(DATA, folder)
    return folder


@pytest.fixture(scope="module")
def sample_kb(tmp_path_factory) -> KnowledgeBase:
    """The sample episodes (and the seed episode, when present) indexed once per test module."""
    home = tmp_path_factory.mktemp("home")
    paths = [DATA, SEED] if SEED.exists() else [DATA]
    with KnowledgeBase(Settings(home)) as kb:
        kb.index(paths, procs=1)
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        yield kb


def stored_spans_hold(home: Path) -> int:
    """Check `text[start:end] == raw`, a span of some text, for every stored figure; return how
    many there are."""
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        texts = {(r["episode_id"], r["number"]): r for r in kb.store.db["paragraphs"].rows}
        found = kb.store.db.execute("SELECT episode_id, paragraph, lang, raw, start, \"end\" "
                                    "FROM figures").fetchall()  # fmt: skip
    for episode, number, lang, raw, start, end in found:
        assert 0 <= start < end and texts[(episode, number)][lang][start:end] == raw
    return len(found)


def index_notes(tmp_path_factory, extra: dict[str, str]) -> Path:
    """A home holding the sample episodes plus `extra` notes (file name → text), indexed."""
    notes = tmp_path_factory.mktemp("notes")
    shutil.copytree(DATA, notes, dirs_exist_ok=True)
    for name, text in extra.items():
        (notes / name).write_text(text, encoding="utf-8")
    home = tmp_path_factory.mktemp("home")
    with KnowledgeBase(Settings(home)) as kb:
        kb.index([notes], procs=1)
    return home


@pytest.fixture(scope="module")
def app(home):
    """The web application over the test module's `home`."""
    app = create_app({"KB_HOME": str(home), "TESTING": True})
    yield app
    close_pool(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def kb(home) -> KnowledgeBase:
    """The test module's `home`, opened read-only."""
    with KnowledgeBase(Settings(Path(home)), readonly=True) as kb:
        yield kb


PAUSED_INDEX = Path(__file__).with_name("paused_index.py")


def start_paused_index(point: str, *args: str) -> subprocess.Popen:
    """`kb index ARGS` in a process of its own session, once it is paused at `point`
    (tests/paused_index.py): write a line to its stdin to let it go on, or kill its group."""
    process = subprocess.Popen(
        [sys.executable, str(PAUSED_INDEX), point, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    line = process.stdout.readline()
    if line != f"paused at {point}\n":
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"kb index did not pause at {point}: {line}{err}")
    return process


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the process and every worker it started, and reap it."""
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def agreeing_paragraphs(home: Path) -> set[tuple[str, int]]:
    """The (episode, paragraph) pairs the store holds, after checking that the index holds
    exactly these as live documents of the versions the store committed."""
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        stored = {(r[0], r[1]) for r in kb.store.db.execute(
            "SELECT episode_id, number FROM paragraphs")}  # fmt: skip
        committed = kb.store.versions()
        with kbindex.open_index(kb.settings.index_dir, kb.segmenter).searcher() as searcher:
            emap = kbindex.EpisodeMap.build(searcher, committed)
            reader, indexed, live = searcher.reader(), set(), []
            for slot in np.flatnonzero(emap.valid).tolist():
                header, episode = int(emap.headers[slot]), emap.episodes[slot]
                count = searcher.stored_fields(header)["paragraphs"]
                assert not any(reader.is_deleted(d) for d in range(header, header + count + 1))
                indexed |= {(episode, n) for n in range(1, count + 1)}
                live.append(episode)
        assert sorted(live) == sorted(committed)  # one live version of each stored episode
    assert indexed == stored
    return stored
