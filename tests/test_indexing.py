"""Updating: only changed notes are read, removed notes leave, bad notes lose nothing, and a
killed run leaves the previous state searchable."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, SAMPLE, needs_shared, stored_spans_hold
from whoosh.index import open_dir

from kb import KnowledgeBase, Settings
from kb.store import Store


def index(home: Path, *paths, **options):
    with KnowledgeBase(Settings(home)) as kb:
        return kb.index(paths, procs=1, **options)


def search_ids(home: Path, query: str, **filters) -> list[str]:
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        return [h.episode_id for h in kb.search(query, limit=100, **filters).hits]


def test_only_changed_notes_are_read_again(tmp_path, notes):
    home = tmp_path / "home"
    first = index(home, notes)
    assert (first.added, first.updated, first.unchanged) == (17, 0, 0)
    note = notes / "Ls0pQe4TgYn.md"
    note.write_text(note.read_text() + "\n新增段落：独角鲸基金宣布清仓。\n", encoding="utf-8")
    os.utime(notes / "Pw9eLr2KmXo.md")  # touched, content unchanged
    second = index(home, notes)
    assert (second.added, second.updated, second.removed, second.unchanged) == (0, 1, 0, 16)
    assert search_ids(home, "独角鲸") == ["Ls0pQe4TgYn"]
    assert len(search_ids(home, "营收")) == len(set(search_ids(home, "营收")))


def test_a_note_changed_twice_is_found_by_its_last_words_only(tmp_path, notes):
    home = tmp_path / "home"
    index(home, notes)
    note = notes / "Ls0pQe4TgYn.md"
    original = note.read_text(encoding="utf-8")
    note.write_text(original + "\n新增段落：独角鲸基金宣布清仓。\n", encoding="utf-8")
    index(home, notes)
    note.write_text(original + "\n新增段落：座头鲸基金宣布建仓。\n", encoding="utf-8")
    assert index(home, notes).updated == 1
    assert search_ids(home, "独角鲸") == []
    assert search_ids(home, "座头鲸") == ["Ls0pQe4TgYn"]
    assert len(search_ids(home, "营收")) == len(set(search_ids(home, "营收")))
    segments = open_dir(str(home / "index"))._segments()
    assert all(s.deleted_count() < s.doc_count_all() for s in segments)  # none left dead


def test_a_run_stopped_between_the_two_commits_is_repaired_by_the_next(
    tmp_path, notes, monkeypatch
):
    """The index has committed a version that the store has not: searches ignore it, and the
    next run replaces it rather than adding the episode twice."""
    home = tmp_path / "home"
    index(home, notes)
    note = notes / "Ls0pQe4TgYn.md"
    note.write_text(note.read_text() + "\n新增段落：独角鲸基金宣布清仓。\n", encoding="utf-8")

    def stop(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "name_entities", stop)  # runs after the index's commit
    with pytest.raises(KeyboardInterrupt):
        index(home, notes)
    monkeypatch.undo()
    assert search_ids(home, "独角鲸") == []
    assert index(home, notes).updated == 1
    assert search_ids(home, "独角鲸") == ["Ls0pQe4TgYn"]
    assert len(search_ids(home, "营收")) == len(set(search_ids(home, "营收")))


def test_chinese_numerals_are_kept_for_the_next_run(tmp_path, notes):
    home = tmp_path / "home"
    index(home, notes)
    kept = json.loads((home / "cache" / "numerals.json").read_text(encoding="utf-8"))
    assert kept["三千亿"] == 3e11 and kept["两千五百万"] == 2.5e7


def test_removed_notes_leave_the_index_and_the_store(tmp_path, notes):
    home = tmp_path / "home"
    index(home, notes)
    assert "-Fq3LkW9aZc" in search_ids(home, "向量数据库")
    (notes / "-Fq3LkW9aZc.md").unlink()
    report = index(home, notes)
    assert report.removed == 1
    assert "-Fq3LkW9aZc" not in search_ids(home, "向量数据库")
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        assert kb.stats()["episodes"] == 16
        assert not list(
            kb.store.db.query("SELECT 1 FROM paragraphs WHERE episode_id = '-Fq3LkW9aZc'")
        )


def test_rebuild_starts_from_scratch(tmp_path, notes):
    home = tmp_path / "home"
    index(home, notes)
    (notes / "Ls0pQe4TgYn.md").unlink()
    report = index(home, notes, rebuild=True)
    assert (report.updated, report.removed, report.unchanged) == (16, 1, 0)
    assert len(search_ids(home, "营收")) == len(set(search_ids(home, "营收"))) > 5


def test_a_bad_note_is_reported_and_its_last_good_version_kept(tmp_path, notes):
    home = tmp_path / "home"
    index(home, notes)
    before = search_ids(home, "向量数据库")
    note = notes / "-Fq3LkW9aZc.md"
    note.write_text("---\ntitle: [broken\n---\n正文\n", encoding="utf-8")
    (notes / "new.md").write_text("---\ntitle: 新笔记\n---\n\n鲸鱼经济学。\n", encoding="utf-8")
    report = index(home, notes)
    assert report.added == 1 and len(report.skipped) == 1
    skipped = report.skipped[0]
    assert (skipped.path, skipped.line) == (str(note), 2)
    assert str(skipped).startswith(f"{note}:2: front matter is not valid YAML")
    assert search_ids(home, "向量数据库") == before
    assert search_ids(home, "鲸鱼") == ["new"]
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        assert [s.path for s in kb.stats()["skipped"] and kb.store.skipped()] == [str(note)]


def test_same_id_in_two_folders_is_skipped(tmp_path, notes):
    other = tmp_path / "other"
    other.mkdir()
    (other / "Ls0pQe4TgYn.md").write_text("---\ntitle: 重名\n---\n正文。\n", encoding="utf-8")
    report = index(tmp_path / "home", notes, other)
    assert [s.reason for s in report.skipped] == [
        f"has the same episode id as {notes / 'Ls0pQe4TgYn.md'}; rename one"
    ]


def test_a_lost_index_is_rebuilt_from_the_notes(tmp_path, notes):
    home = tmp_path / "home"
    index(home, notes)
    for path in (home / "index").iterdir():
        path.unlink()
    report = index(home, notes)
    assert report.updated == 17
    assert search_ids(home, "向量数据库")[0] == "-Fq3LkW9aZc"


@needs_shared
@pytest.mark.slow
def test_killed_run_keeps_the_previous_state_then_all_308_real_notes_index(tmp_path):
    home = tmp_path / "home"
    index(home, DATA)
    before = search_ids(home, "营收")
    command = [sys.executable, "-m", "kb", "index", str(SAMPLE), "--home", str(home)]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)  # fmt: skip
    time.sleep(6)
    during = search_ids(home, "营收")  # while the run writes
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    assert during == before
    assert search_ids(home, "营收") == before
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        assert kb.stats()["episodes"] == 17

    with KnowledgeBase(Settings(home)) as kb:
        report = kb.index([SAMPLE])
        stats = kb.stats()
        fenced = kb.episode("Atw2h2qCL4o")
    assert (report.added, report.skipped) == (308, [])
    assert stats["episodes"] == 325 and stats["skipped"] == []
    assert fenced["title"] == "亲历微软史上首次裁员：从内部创业到“带薪休假”的六个月"
    assert "Atw2h2qCL4o" in search_ids(home, "微软 裁员")
    assert stored_spans_hold(home) > 5000
    assert Path(home / "index").is_dir() and not Path(str(home / "index") + ".new").exists()


def test_an_index_of_another_format_is_rebuilt_from_every_known_note(tmp_path, notes):
    home = tmp_path / "home"
    other = tmp_path / "other"
    other.mkdir()
    (other / "solo.md").write_text("---\ntitle: 独立笔记\n---\n\n鲸鱼经济学。\n", encoding="utf-8")
    index(home, notes)
    index(home, other)
    with KnowledgeBase(Settings(home)) as kb:
        kb.store.set_meta("index_format", "0")
    report = index(home, notes)
    assert (report.updated, report.removed) == (18, 0)
    assert search_ids(home, "鲸鱼") == ["solo"]
    assert index(home, notes).unchanged == 17
