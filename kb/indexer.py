"""One `kb index` run: find what changed, parse it on every core, then commit index and store.

Commit order keeps the index and the store consistent whenever the run is killed: new documents
go into Whoosh first (searches ignore versions the store has not committed), then the store
commits, then the replaced versions leave Whoosh. The next run removes whatever a killed run left.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from kb import index as kbindex
from kb.entities import EntityTable
from kb.errors import NotFound
from kb.figures import NUMERALS
from kb.figures import refresh as figure_refresh
from kb.lexicon.refresh import refresh
from kb.models import IndexReport, Skipped
from kb.notes import GLOSSARY, episode_id
from kb.prepare import Job, Parsed, header_keywords, prepare, read_numerals, write_numerals
from kb.segment import Segmenter, glossary_words
from kb.store import Store

NOTE_SUFFIXES = (".md", ".markdown")
# Below this much text a second process costs more than it saves.
PARALLEL_MIN_BYTES = 2_000_000
WRITER_MB = 400
# Store meta: the index's last commit when the last run finished, index and store consistent.
CONSISTENT_AT = "consistent_at"


@dataclass
class Plan:
    jobs: list[Job] = field(default_factory=list)
    touched: list[Job] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unchanged: int = 0
    words: set[str] = field(default_factory=set)  # glossary terms of the notes to read


def collect_files(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Every note under `paths`: folders are searched for *.md, files are taken as they are."""
    files: list[str] = []
    for raw in paths:
        path = str(Path(raw))
        if not os.path.exists(path):
            raise NotFound(f"{path}: no such file or folder")
        if os.path.isdir(path):
            found = sorted(
                os.path.join(folder, name)
                for folder, _, names in os.walk(path)
                for name in names
                if name.endswith(NOTE_SUFFIXES)
            )
            if not found:
                raise NotFound(f"{path}: no notes (*.md files) in this folder")
            files.extend(found)
        else:
            files.append(path)
    return files


def file_version(episode: str, content: bytes) -> str:
    """Changes whenever the note's id or bytes do."""
    return hashlib.blake2b(episode.encode() + b"\0" + content, digest_size=12).hexdigest()


def plan_run(files: list[str], states: dict[str, dict], rebuild: bool, procs: int = 1) -> Plan:
    """Decide, by modification time and then by content hash, which files need reading."""
    plan, seen, candidates = Plan(), {}, []
    for name in files:
        ident = episode_id(name)
        if ident in seen:
            reason = f"has the same episode id as {seen[ident]}; rename one"
            plan.skipped.append(Skipped(name, 0, reason))
            continue
        seen[ident] = name
        stat = os.stat(name)
        old = states.get(ident)
        key = (stat.st_mtime_ns, stat.st_size)
        if not rebuild and old and old["path"] == name and (old["mtime_ns"], old["size"]) == key:
            plan.unchanged += 1
        else:
            candidates.append((name, ident, key))
    for (name, ident, key), scanned in zip(candidates, scan_all(candidates, procs), strict=True):
        if isinstance(scanned, Skipped):
            plan.skipped.append(scanned)
            continue
        version, words = scanned
        job = Job(name, ident, key, version)
        old = states.get(ident)
        if not rebuild and old and old["version"] == version:
            plan.touched.append(job)
            plan.unchanged += 1
        else:
            plan.jobs.append(job)
            plan.words |= words
    plan.removed = [i for i, s in states.items() if i not in seen and not Path(s["path"]).exists()]
    return plan


def scan(candidate: tuple[str, str, tuple[int, int]]) -> tuple[str, frozenset[str]] | Skipped:
    """Read a note once: its version, and the glossary terms jieba must keep whole."""
    name, ident, _ = candidate
    try:
        raw = Path(name).read_bytes()
    except OSError as e:
        return Skipped(name, 0, f"cannot be read ({e.strerror}); check its permissions")
    text = raw.decode("utf-8", errors="replace")
    return file_version(ident, raw), frozenset(glossary_words(GLOSSARY.findall(text)))


def scan_all(candidates: list, procs: int) -> list:
    """`scan` every candidate, on every core when there is much to read."""
    if procs <= 1 or sum(c[2][1] for c in candidates) < PARALLEL_MIN_BYTES:
        return [scan(c) for c in candidates]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(procs, mp_context=context) as pool:
        return list(pool.map(scan, candidates, chunksize=64))


def index_jobs(
    jobs: list[Job],
    index_dir: Path,
    segmenter: Segmenter,
    table: EntityTable,
    emit: Callable[[object], None],
) -> list:
    """Parse and index `jobs` into segments of this process's own; return the segments.

    A writer holds its segment's postings in memory, so past WRITER_MB a segment is written out
    and another begun: memory stays bounded however many notes there are.
    """
    ix = kbindex.open_index(index_dir, segmenter)
    segments, writer = [], kbindex.make_writer(ix, _lk=False)
    for job in jobs:
        result = prepare(job, table)
        if isinstance(result, Parsed):
            kbindex.add_episode(writer, result.episode, job.version, header_keywords(result, table))
        emit(result)
        if writer.pool.size > WRITER_MB * 2**20:
            segments.append(writer._finalize_segment())
            writer = kbindex.make_writer(ix, _lk=False)
    if writer._added:
        segments.append(writer._finalize_segment())
    else:
        writer._close_segment()
    return segments


def _worker(jobs, index_dir, segmenter, table, queue) -> None:
    read_numerals(segmenter.cache_dir)
    segments = index_jobs(jobs, index_dir, segmenter, table, queue.put)
    queue.put(("segments", segments, NUMERALS))


def balance(jobs: list[Job], parts: int) -> list[list[Job]]:
    """Split jobs into `parts` lists of about equal bytes, largest first."""
    buckets: list[list[Job]] = [[] for _ in range(parts)]
    loads = [0] * parts
    for job in sorted(jobs, key=lambda j: -j.stat[1]):
        i = loads.index(min(loads))
        buckets[i].append(job)
        loads[i] += job.stat[1]
    return [b for b in buckets if b]


def run_jobs(
    jobs: list[Job], index_dir: Path, segmenter: Segmenter, table: EntityTable, procs: int
) -> Iterator[object]:
    """Yield each job's Parsed/Skipped result as it is done, then ("segments", [...])."""
    if procs <= 1 or sum(j.stat[1] for j in jobs) < PARALLEL_MIN_BYTES:
        results: list[object] = []
        segments = index_jobs(jobs, index_dir, segmenter, table, results.append)
        yield from results
        yield ("segments", segments)
        return
    # spawn, not fork: forking a process that has threads is unsafe and warns on Python 3.12+.
    context = multiprocessing.get_context("spawn")
    queue = context.Queue(maxsize=256)
    parts = balance(jobs, procs)
    workers = [
        context.Process(
            target=_worker, args=(part, index_dir, segmenter, table, queue), daemon=True
        )
        for part in parts
    ]
    for worker in workers:
        worker.start()
    segments, finished = [], 0
    try:
        while finished < len(workers):
            item = queue.get()
            if isinstance(item, tuple) and item[0] == "segments":
                finished += 1
                segments += item[1]
                NUMERALS.update(item[2])
            else:
                yield item
        yield ("segments", segments)
    finally:
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()


def commit_segments(writer: SegmentWriter, segments: list) -> None:
    """Commit the worker segments beside the existing ones, as Whoosh's MpWriter does."""
    final = writer._merge_segments(None, None, None) + segments
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()


class IndexRun:
    """Index `paths` into the store and the index; see the module docstring for the order."""

    def __init__(self, store: Store, index_dir: Path, cache_dir: Path, rebuild: bool = False):
        self.store = store
        self.index_dir = index_dir
        self.cache_dir = cache_dir
        self.rebuild = rebuild
        self.target = index_dir
        self.table = EntityTable.packaged()
        self.report = IndexReport()
        self.saved: set[str] = set()
        self.entity_keys: set[str] = set()  # entities the run's episodes mention
        self.stale: dict[str, int] = {}  # episodes whose figures are read again: their sizes
        self.changed_pairs = 0  # paragraph pairs added or removed, which the lexicon learns from

    def run(
        self,
        paths: Iterable[str | os.PathLike],
        procs: int | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> IndexReport:
        started = time.perf_counter()
        procs = procs or os.cpu_count() or 1
        states = self.store.file_states()
        plan = self._plan(collect_files(paths), states, procs)
        words = (
            self.table.names() | plan.words | (set() if self.rebuild else self.store.user_terms())
        )
        segmenter = Segmenter(self.cache_dir, words)
        self._tidy(segmenter)
        ix = kbindex.open_index(self.target, segmenter, create=True)
        writer = kbindex.make_writer(ix)
        try:
            held = {} if self.rebuild else self._repair(ix, writer, plan, states)
            with self.store.transaction():
                read = {j.id for j in plan.jobs} | set(plan.removed)
                self.stale = figure_refresh.stale(self.store, states, read)
                done = self._store(plan, writer, segmenter, procs, progress, existing=states.keys())
                self._refresh_figures(procs, progress, done)
                if self.rebuild:  # the new index is whole: a swap cut short is finished next run
                    self.store.set_meta(CONSISTENT_AT, kbindex.last_commit(ix))
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        final = self._finish(ix, segmenter, plan, held)
        learning = time.perf_counter()
        with final.searcher() as searcher:
            pairs = refresh(self.store, searcher, self.changed_pairs, force=self.rebuild)
        self.store.analyze()
        report = self.report
        if pairs is not None:
            report.lexicon_pairs, report.lexicon_seconds = pairs, time.perf_counter() - learning
        report.unchanged, report.skipped[:0] = plan.unchanged, plan.skipped
        report.removed = len(plan.removed)
        report.entities = self.store.count("entities")
        report.seconds = time.perf_counter() - started
        return report

    def _plan(self, files: list[str], states: dict, procs: int) -> Plan:
        # An index written by another version of kb is rebuilt from every known note.
        reformat = bool(states) and self.store.meta("index_format") != kbindex.INDEX_FORMAT
        if reformat and not self.rebuild:
            self.rebuild = True
            given = set(files)
            files += [s["path"] for s in states.values()
                      if s["path"] not in given and os.path.exists(s["path"])]  # fmt: skip
        if self.rebuild:  # a fresh index beside the current one, swapped in at the end
            self.target = self.index_dir.with_name(self.index_dir.name + ".new")
        plan = plan_run(files, {} if self.rebuild else states, self.rebuild, procs)
        if self.rebuild:
            plan.removed = sorted(states.keys() - {j.id for j in plan.jobs})
        return plan

    def _finish(self, ix, segmenter: Segmenter, plan: Plan, held: dict[str, str]):
        """After the store's commit: the new index in place, replaced versions deleted, and the
        index's last commit recorded as consistent with the store. Returns the index."""
        if self.rebuild:
            _swap(self.target, self.index_dir)
        # A note that turned unreadable keeps its last good version, in the store and the index.
        replaced = {held[i] for i in (*plan.removed, *self.saved) if i in held}
        if replaced:
            cleanup = kbindex.make_writer(ix)
            kbindex.delete_versions(cleanup, replaced)
            cleanup.commit()
        final = kbindex.open_index(self.index_dir, segmenter) if self.rebuild else ix
        self.store.set_meta(CONSISTENT_AT, kbindex.last_commit(final))
        return final

    def _tidy(self, segmenter: Segmenter) -> None:
        """Deal with what a killed rebuild left beside the index: a new index that the store
        committed to is put in place (its swap was cut short), any other is removed."""
        new = self.index_dir.with_name(self.index_dir.name + ".new")
        if whoosh_index.exists_in(str(new)):
            built = kbindex.last_commit(kbindex.open_index(new, segmenter))
            if built == self.store.meta(CONSISTENT_AT):
                _swap(new, self.index_dir)
        shutil.rmtree(new, ignore_errors=True)
        shutil.rmtree(self.index_dir.with_name(self.index_dir.name + ".old"), ignore_errors=True)

    def _repair(self, ix, writer: SegmentWriter, plan: Plan, states: dict) -> dict[str, str]:
        """Drop documents of versions the store never committed (a killed run's) and queue
        episodes the index lacks. Returns the version the index holds for each episode."""
        committed = {ident: state["version"] for ident, state in states.items()}
        if self.store.meta(CONSISTENT_AT) == kbindex.last_commit(ix):
            return committed  # the index is as the last finished run left it
        with ix.searcher() as searcher:
            emap = kbindex.EpisodeMap.build(searcher, committed)
        kbindex.delete_versions(
            writer, {v for v, ok in zip(emap.versions, emap.valid, strict=True) if not ok}
        )
        held = emap.committed_versions()
        queued = {j.id for j in plan.jobs} | set(plan.removed)
        for ident in committed.keys() - held.keys() - queued:
            name = states[ident]["path"]
            if not os.path.exists(name):
                continue
            stat = os.stat(name)
            key = (stat.st_mtime_ns, stat.st_size)
            scanned = scan((name, ident, key))
            if isinstance(scanned, Skipped):
                plan.skipped.append(scanned)
            else:
                plan.jobs.append(Job(name, ident, key, scanned[0]))
        return held

    def _store(self, plan: Plan, writer, segmenter, procs: int, progress, existing) -> int:
        """Save the run's notes; returns the bytes read, for the progress of what follows."""
        store, report = self.store, self.report
        numerals = read_numerals(self.cache_dir)
        self.changed_pairs += store.paired_paragraphs(plan.removed)
        for ident in plan.removed:
            store.delete_episode(ident)
        for job in plan.touched:
            store.touch(job.id, job.path, job.stat)
        store.forget_skipped(s.path for s in store.skipped() if not Path(s.path).exists())
        sizes = {j.path: j.stat[1] for j in plan.jobs}
        total, done = sum(sizes.values()) + sum(self.stale.values()), 0
        for item in run_jobs(plan.jobs, self.target, segmenter, self.table, procs):
            if isinstance(item, tuple):
                commit_segments(writer, item[1])
                continue
            if isinstance(item, Skipped):
                store.record_skipped(item)
                report.skipped.append(item)
            else:
                self._save(item, existing)
            done += sizes.get(item.path if isinstance(item, Skipped) else item.job.path, 0)
            if progress:
                progress(done, total)
        names = {key: (e.kind, e.name) for key, e in self.table.entities.items()}
        store.name_entities(names, self.entity_keys)
        store.set_meta("index_format", kbindex.INDEX_FORMAT)
        if len(NUMERALS) > numerals:
            write_numerals(self.cache_dir)
        if not writer.is_closed:
            commit_segments(writer, [])
        return done

    def _refresh_figures(self, procs: int, progress, done: int) -> None:
        store, total = self.store, done + sum(self.stale.values())
        for ident, found in figure_refresh.read_again(store, list(self.stale), self.table, procs):
            store.replace_figures(ident, found)
            done += self.stale[ident]
            if progress:
                progress(done, total)
        store.set_meta(figure_refresh.META_KEY, figure_refresh.FIGURE_FORMAT)

    def _save(self, parsed: Parsed, existing) -> None:
        episode, job = parsed.episode, parsed.job
        self.store.save_episode(episode, job.version, job.stat, parsed.mentions, parsed.aliases,
                                parsed.terms, parsed.figures)  # fmt: skip
        self.saved.add(job.id)
        self.entity_keys.update(key for key, *_ in parsed.mentions)
        report = self.report
        report.updated += job.id in existing
        report.added += job.id not in existing
        report.paragraphs += len(episode.paragraphs)
        self.changed_pairs += sum(1 for p in episode.paragraphs if p.zh and p.en)
        report.chars += episode.chars
        report.warnings.extend(episode.warnings)


def _swap(new: Path, current: Path) -> None:
    """Put a freshly built index in place of the current one."""
    old = current.with_name(current.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if current.exists():
        current.rename(old)
    new.rename(current)
    shutil.rmtree(old, ignore_errors=True)
