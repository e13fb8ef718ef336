"""One writer at a time, many readers meanwhile: a second `kb index` refuses or waits, naming
the first, and never touches the stores; `kb serve` answers throughout a run and shows its
work once the run commits."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from conftest import DATA, agreeing_paragraphs, kill_group, start_paused_index
from web_bench import start_server

from kb import Busy, KnowledgeBase, Settings
from kb.cli import cli

NEW = ("Gc4nVx7BqRt", "Tz5qLp0NwBe", "Ue0cSx4vJkA", "Vb8kTz3NqPo", "Ya6hGd1rWmc")


@pytest.fixture
def notes(tmp_path) -> Path:
    folder = tmp_path / "notes"
    shutil.copytree(DATA, folder)
    return folder


def kb_index(notes: Path, home: Path, *options: str):
    return CliRunner().invoke(cli, ["index", str(notes), "--home", str(home), *options])


def snapshot(home: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every file of the store and the index."""
    files = [home / "kb.sqlite", *(home / "index").iterdir()]
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in files if p.exists()}


def test_a_second_writer_refuses_in_one_line_naming_the_first(tmp_path, notes):
    home = tmp_path / "home"
    assert kb_index(notes, home, "--procs", "1").exit_code == 0
    (notes / "Ls0pQe4TgYn.md").write_text("---\ntitle: 改写\n---\n\n鲸鱼。\n", encoding="utf-8")
    first = start_paused_index("saved:0.5", str(notes), "--home", str(home), "--procs", "1")
    try:
        before = snapshot(home)
        second = kb_index(notes, home)
        assert second.exit_code == 1
        assert second.output.count("\n") == 1
        assert second.output.startswith(
            f"Error: {home}: another kb index (pid {first.pid}, started 20"
        )
        assert second.output.endswith(
            "is writing this knowledge base; nothing was changed; "
            "run again when it has finished, or pass --wait SECONDS\n"
        )
        assert snapshot(home) == before
    finally:
        out, err = first.communicate("go on\n", timeout=60)
    assert first.returncode == 0, err
    assert out.startswith("0 added, 1 updated, 0 removed, 14 unchanged, 0 skipped")


def test_a_writer_told_to_wait_goes_on_when_the_first_finishes(tmp_path, notes):
    home = tmp_path / "home"
    first = start_paused_index("index-commit", str(notes), "--home", str(home), "--procs", "1")
    second = subprocess.Popen(
        [sys.executable, "-m", "kb", "index", str(notes), "--home", str(home), "--wait", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    waiting = second.stderr.readline()
    pattern = rf"waiting up to 60 s for the kb index \(pid {first.pid}, started [-\d :+]+\) "
    assert re.fullmatch(pattern + f"writing to {re.escape(str(home))}\n", waiting)
    first.communicate("go on\n", timeout=60)
    out, err = second.communicate(timeout=60)
    assert (first.returncode, second.returncode, err) == (0, 0, "")
    assert out.startswith("0 added, 0 updated, 0 removed, 15 unchanged, 0 skipped")


def test_a_writer_waits_no_longer_than_it_was_told(tmp_path, notes):
    home = tmp_path / "home"
    first = start_paused_index("parse:1", str(notes), "--home", str(home), "--procs", "1")
    try:
        started = time.monotonic()
        second = kb_index(notes, home, "--wait", "0.5")
        waited = time.monotonic() - started
    finally:
        kill_group(first)
    assert second.exit_code == 1
    assert second.stderr.startswith("waiting up to 0.5 s for the kb index (pid ")
    assert "is writing this knowledge base after waiting 0.5 s; nothing was changed" in (
        second.stderr
    )
    assert 0.5 <= waited < 5


def test_the_lock_of_a_killed_writer_is_taken_over_with_a_line_saying_so(tmp_path, notes):
    home = tmp_path / "home"
    first = start_paused_index("saved:0.5", str(notes), "--home", str(home), "--procs", "1")
    kill_group(first)
    record = json.loads((home / "writer.json").read_text())
    assert record["pid"] == first.pid
    result = kb_index(notes, home, "--procs", "1")
    assert result.exit_code == 0
    started = record["started"].replace("T", " ")
    assert result.stderr == (
        f"taking over the writer lock of {home} from a kb index that did not finish "
        f"(pid {first.pid}, started {started}); this run completes its work\n"
    )
    assert result.stdout.startswith("15 added")
    assert not (home / "writer.json").exists()


def test_in_one_process_a_second_writable_knowledge_base_is_busy_and_readers_are_not(tmp_path):
    home = tmp_path / "home"
    with KnowledgeBase(Settings(home)) as writer:
        writer.index([DATA], procs=1)
        with pytest.raises(Busy, match=r"another kb index \(pid \d+, started "):
            KnowledgeBase(Settings(home))
        with KnowledgeBase(Settings(home), readonly=True) as reader:
            assert reader.stats()["episodes"] == 15
    with KnowledgeBase(Settings(home)) as again:  # released on close
        assert again.stats()["episodes"] == 15


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, {}


class Reader(threading.Thread):
    """Searches a server over and over, recording each answer, until stopped."""

    def __init__(self, base: str, query: str):
        super().__init__(daemon=True)
        self.url = f"{base}/api/search?q={quote(query)}&limit=100"
        self.answers: list[tuple[int, int]] = []  # (status, total)
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            status, document = get_json(self.url)
            self.answers.append((status, document.get("total", -1)))

    def stop(self) -> list[tuple[int, int]]:
        self.done.set()
        self.join(timeout=60)
        return self.answers


def test_a_server_answers_throughout_a_run_and_shows_its_work_after_the_commit(tmp_path, notes):
    home = tmp_path / "home"
    aside = tmp_path / "aside"
    aside.mkdir()
    for ident in NEW:
        (notes / f"{ident}.md").rename(aside / f"{ident}.md")
    assert kb_index(notes, home, "--procs", "1").exit_code == 0
    server, base = start_server(home)
    readers = [Reader(base, "营收"), Reader(base, "特斯拉"), Reader(base, "财报 AI")]
    try:
        for reader in readers:
            reader.start()
        for ident in NEW:
            (aside / f"{ident}.md").rename(notes / f"{ident}.md")
        run = start_paused_index("index-commit", str(notes), "--home", str(home), "--procs", "1")
        # The index holds the new episodes; the store has not committed them: not shown yet.
        assert get_json(f"{base}/api/search?q={quote('特斯拉')}")[1]["total"] == 0
        out, err = run.communicate("go on\n", timeout=120)
        assert run.returncode == 0, err
        assert get_json(f"{base}/api/search?q={quote('特斯拉')}")[1]["total"] > 0
        time.sleep(1)  # the readers go on a while after the commit
    finally:
        answers = [reader.stop() for reader in readers]
        server.terminate()
        server.wait(timeout=10)
    for seen in answers:
        assert len(seen) > 10 and {status for status, _ in seen} == {200}
        totals = [total for _, total in seen]
        changes = [i for i in range(1, len(totals)) if totals[i] != totals[i - 1]]
        assert len(changes) <= 1  # from the old result to the new one, once, never back
    assert answers[1][0][1] == 0 and answers[1][-1][1] > 0
    assert agreeing_paragraphs(home)
