"""Benchmark indexing and search on the full corpus; prints figures, asserts nothing.

    python bench/index_bench.py [--corpus DIR_OR_TAR_XZ] [--work DIR] [--procs N]

Measures: wall time and characters per second of a from-scratch index, peak memory of the whole
process tree, index and database size, the number of figures and the share of indexing time spent
finding them, the time to re-index after one note changes (library call, and the whole
`kb index` command over several edits) or a new note arrives, and search latency p50/p95 over
the 50 queries in queries.txt.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

from kb import KnowledgeBase, Settings
from kb.figures import paragraph_figures

HERE = Path(__file__).parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "thought-foundry-notes.tar.xz"


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(x for x in status.splitlines() if x.startswith("VmRSS")).split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


class PeakMemory:
    """Samples the process tree's memory every 0.2 s in a thread."""

    def __enter__(self):
        self.peak, self.running = 0.0, True
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()
        return self

    def sample(self):
        while self.running:
            self.peak = max(self.peak, tree_rss_mb(os.getpid()))
            time.sleep(0.2)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()


def corpus_folder(source: Path, work: Path) -> Path:
    if source.is_dir():
        return source
    target = work / "corpus"
    if not (target / "notes").exists():
        print(f"unpacking {source} ...", flush=True)
        with tarfile.open(source) as tar:
            tar.extractall(target, filter="data")
    return target / "notes"


def cpu_seconds() -> float:
    """User + system time of this process and its finished children."""
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: a time one of the runs really took."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (kept)")
    parser.add_argument("--procs", type=int, default=None)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the index in --work; measure updates and search")  # fmt: skip
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    notes = corpus_folder(args.corpus, work)
    home = work / "home"
    settings = Settings(home)
    if not args.reuse:
        shutil.rmtree(home, ignore_errors=True)
        index_from_scratch(settings, notes, args.procs)
    measure_updates(settings, notes)
    measure_search(settings)


def index_from_scratch(settings: Settings, notes: Path, procs: int | None) -> None:
    chars = sum(len(p.read_text(encoding="utf-8", errors="replace")) for p in notes.glob("*.md"))
    with KnowledgeBase(settings) as kb, PeakMemory() as memory:
        started, cpu_before = time.perf_counter(), cpu_seconds()
        report = kb.index([notes], procs=procs)
        wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu_before
    print(f"notes: {report.added} indexed, {len(report.skipped)} skipped, {chars:,} characters")
    print(f"full index: {wall:.1f} s wall, {chars / wall:,.0f} characters/s; "
          f"{cpu:.0f} CPU-seconds over the process tree")  # fmt: skip
    print(f"peak memory (process tree): {memory.peak:,.0f} MB")
    index_mb = du_mb(settings.index_dir)
    print(f"index size: {index_mb:,.0f} MB; database: {du_mb(settings.home) - index_mb:,.0f} MB")
    print(f"paragraphs: {report.paragraphs:,}; entities: {report.entities:,}")
    print(f"lexicon: learned from {report.lexicon_pairs:,} paragraph pairs in "
          f"{report.lexicon_seconds:.1f} s of the full index")  # fmt: skip
    measure_figures(settings, cpu)


def measure_figures(settings: Settings, index_cpu: float, step: int = 10) -> None:
    """Figures stored, and the CPU time finding them takes: timed here on every `step`-th
    paragraph (the index run does the same work inside its workers), then scaled up."""
    with KnowledgeBase(settings, readonly=True) as kb:
        count = kb.stats()["figures"]
        rows = kb.store.db.execute(
            "SELECT p.zh, p.en, p.heading, e.date FROM paragraphs p "
            "JOIN episodes e ON e.id = p.episode_id"
        ).fetchall()[::step]
        table = kb.table
        started = time.process_time()
        for zh, en, heading, date in rows:
            paragraph_figures(zh, en, heading=heading, date=date, entities=table)
        seconds = (time.process_time() - started) * step
    print(f"figures: {count:,}; finding them took about {seconds:.0f} of the run's CPU-seconds, "
          f"adding {seconds / max(1.0, index_cpu - seconds):.0%} to the rest")  # fmt: skip


NEW_NOTE = """---
title: 基准测试新增的笔记
tags: [benchmark]
---

### 新术语

**潮汐算力**（Tidal Compute: 按潮汐调度的算力）让营收增长了百分之十二，达到三千四百万美元。
"""


def measure_updates(settings: Settings, notes: Path, edits: int = 5) -> None:
    """One note changed, then the whole `kb index` command timed over several edits of it, a new
    note that brings a glossary term no note had, and putting the corpus back as it was."""
    changed = sorted(notes.glob("*.md"))[100]
    added = notes / "bench-new-note.md"
    original = changed.read_bytes()
    command = [sys.executable, "-m", "kb", "index", str(notes), "--home", str(settings.home)]

    def timed_command() -> float:
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        return time.perf_counter() - started

    try:
        changed.write_bytes(original + "\n\n新增的一段：基准测试修改了这条笔记。\n".encode())
        with KnowledgeBase(settings) as kb:
            started = time.perf_counter()
            kb.index([notes])
            call = time.perf_counter() - started
        times = []
        for n in range(edits):
            changed.write_bytes(original + f"\n\n第{n + 1}次修改。\n".encode())
            times.append(timed_command())
        added.write_text(NEW_NOTE, encoding="utf-8")
        new_note = timed_command()
        added.unlink()
        changed.write_bytes(original)
        restored = timed_command()
    finally:
        changed.write_bytes(original)
        added.unlink(missing_ok=True)
    print(f"re-index after one note changed: `kb index` median {statistics.median(times):.2f} s "
          f"over {edits} edits ({min(times):.2f} to {max(times):.2f} s); "
          f"{call:.2f} s for the first library call after the full index")  # fmt: skip
    print(f"a new note with a new glossary term: {new_note:.2f} s `kb index`; "
          f"removing it and restoring the changed note: {restored:.2f} s")  # fmt: skip


def read_queries() -> list[str]:
    """The 50 fixed queries every search benchmark runs."""
    return [q for q in (HERE / "queries.txt").read_text().splitlines() if q.strip()]


def measure_search(settings: Settings) -> None:
    queries = read_queries()
    with KnowledgeBase(settings, readonly=True) as kb:
        kb.search(queries[0])  # loads jieba and the index once
        times, totals = [], []
        for query in queries:
            started = time.perf_counter()
            result = kb.search(query)
            times.append((time.perf_counter() - started) * 1000)
            totals.append(result.total)
    print(f"search (widened) over {len(queries)} queries: p50 {statistics.median(times):.1f} "
          f"ms, p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms")  # fmt: skip
    slowest = sorted(zip(times, queries, totals, strict=True), reverse=True)[:5]
    print("slowest: " + "; ".join(f"{q} ({t:.0f} ms, {n} hits)" for t, q, n in slowest))


if __name__ == "__main__":
    main()
