"""Shared fixtures: the bundled sample episodes, and the real notes in ../shared when present."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb import KnowledgeBase, Settings
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
    """Check `text[start:end] == raw` for every stored figure; return how many there are."""
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        texts = {(r["episode_id"], r["number"]): r for r in kb.store.db["paragraphs"].rows}
        found = kb.store.db.execute("SELECT episode_id, paragraph, lang, raw, start, \"end\" "
                                    "FROM figures").fetchall()  # fmt: skip
    for episode, number, lang, raw, start, end in found:
        assert texts[(episode, number)][lang][start:end] == raw
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
