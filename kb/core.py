"""KnowledgeBase: the one object the command line and the web interface talk to."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process

from kb import index as kbindex
from kb.config import Settings
from kb.entities import EntityTable, fold, near_duplicates
from kb.errors import BadParameter, NotFound
from kb.indexer import IndexRun
from kb.models import Hit, IndexReport, Passage, SearchResult
from kb.segment import Segmenter
from kb.store import Store

PASSAGES = 3
# Paragraph hits scored per page of episodes; grows until the page is full.
CANDIDATES_PER_EPISODE = 20
PASSAGE_WEIGHTS = (1.0, 0.5, 0.25)


class KnowledgeBase:
    """The store and the index of one KB_HOME; use as a context manager."""

    def __init__(self, settings: Settings, readonly: bool = False):
        self.settings = settings
        self.readonly = readonly
        self.store = Store(settings.db_path, readonly=readonly)
        self._segmenter: Segmenter | None = None
        self._table: EntityTable | None = None
        self._searcher = None
        self._emap: tuple[tuple, kbindex.EpisodeMap] | None = None

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self.store.close()

    def _searcher_and_map(self):
        """A searcher on the latest commit, and its episode map, rebuilt only after a change."""
        if self._searcher is None:
            self._searcher = kbindex.open_index(self.settings.index_dir, self.segmenter).searcher()
        else:
            self._searcher = self._searcher.refresh()
        key = (self._searcher.reader().generation(), self.store.data_version())
        if self._emap is None or self._emap[0] != key:
            self._emap = (key, kbindex.EpisodeMap.build(self._searcher, self.store.versions()))
        return self._searcher, self._emap[1]

    @property
    def table(self) -> EntityTable:
        if self._table is None:
            self._table = EntityTable.packaged()
        return self._table

    @property
    def segmenter(self) -> Segmenter:
        """jieba with the same user words the index was built with."""
        if self._segmenter is None:
            words = {a for e in self.table.entities.values() for a in (e.name, *e.aliases)}
            self._segmenter = Segmenter(self.settings.cache_dir, words | self.store.user_terms())
        return self._segmenter

    def index(
        self,
        paths: Iterable[str | os.PathLike],
        rebuild: bool = False,
        procs: int | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> IndexReport:
        """Add, update and remove episodes so that the knowledge base matches `paths`."""
        run = IndexRun(self.store, self.settings.index_dir, self.settings.cache_dir, rebuild)
        report = run.run(paths, procs=procs, progress=progress)
        self._segmenter = None  # the run may have taught jieba new words
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = self._emap = None
        return report

    def search(
        self,
        query: str,
        company: str | None = None,
        tag: str | None = None,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 10,
        offset: int = 0,
        include_excluded: bool = False,
    ) -> SearchResult:
        """Episodes matching `query` and the filters, best first, with facet counts."""
        if limit < 1 or offset < 0:
            raise BadParameter("--limit must be at least 1 and the offset not negative")
        plan = kbindex.QueryPlan(query, self.segmenter)
        entity = self.company(company)["key"] if company else None
        allowed = self.store.matching_episodes(
            tag,
            speaker,
            check_date("--since", since),
            check_date("--until", until, end=True),
            entity,
            include_excluded,
        )
        searcher, emap = self._searcher_and_map()
        slots = {s for s in plan.episodes(searcher, emap) if emap.episodes[s] in allowed}
        ranked = self._rank(searcher, emap, plan, slots, offset + limit)
        ids = {emap.episodes[s] for s in slots}
        page = ranked[offset : offset + limit]
        hits = self._hits(page, plan)
        return SearchResult(len(ids), tuple(hits), self.store.facets(ids))

    def _rank(self, searcher, emap, plan, slots: set[int], wanted: int):
        """(episode, score, [(paragraph, score)]) for the best `wanted` episodes in `slots`."""
        query = plan.boosted()
        limit = max(wanted, 10) * CANDIDATES_PER_EPISODE
        while True:
            results = searcher.search(query, limit=limit)
            found: dict[int, list[tuple[int, float]]] = defaultdict(list)
            for hit in results:
                slot = int(emap.slots([hit.docnum])[0])
                if slot in slots:
                    found[slot].append((hit.docnum - int(emap.headers[slot]), hit.score))
            if len(found) >= min(wanted, len(slots)) or limit >= searcher.doc_count_all():
                break
            limit *= 4
        ranked = []
        for slot, paras in found.items():
            scores = sorted((s for _, s in paras), reverse=True)
            score = sum(w * s for w, s in zip(PASSAGE_WEIGHTS, scores, strict=False))
            ranked.append((emap.episodes[slot], score, [p for p in paras if p[0] > 0][:PASSAGES]))
        ranked.sort(key=lambda r: (-r[1], r[0]))
        return ranked

    def _hits(self, page, plan) -> list[Hit]:
        cards = self.store.episode_cards(e for e, _, _ in page)
        texts = self.store.paragraph_texts((e, n) for e, _, paras in page for n, _ in paras)
        hits = []
        for episode, score, paras in page:
            passages = []
            for number, _ in paras:
                row = texts[(episode, number)]
                passages.append(
                    Passage(
                        number, row["heading"], row["zh"], row["en"], passage_highlight(row, plan)
                    )
                )
            card = cards[episode]
            hits.append(
                Hit(
                    episode,
                    card["title"],
                    card["date"],
                    card["speaker"],
                    tuple(card["tags"]),
                    round(score, 4),
                    tuple(passages),
                )
            )
        return hits

    def company(self, name: str) -> dict:
        """The entity named `name` in any spelling or language; NotFound names what is near."""
        key = self.table.lookup(name) or self.table.near_miss(fold(name))
        row = self.store.entity_for(name, key or fold(name))
        if row:
            return row
        names = [e["name"] for e in self.store.entity_names("company")]
        near = process.extractOne(name, names, scorer=fuzz.ratio, processor=fold, score_cutoff=70)
        hint = f"; did you mean {near[0]!r}?" if near else "; `kb stats` lists the companies"
        raise NotFound(f"unknown company {name!r}{hint}")

    def episode(self, episode_id: str) -> dict:
        """An episode's metadata, entities and paragraphs."""
        row = self.store.episode(episode_id)
        if row is None:
            raise NotFound(f"no episode {episode_id!r}; `kb search` finds episode ids")
        row["paragraphs"] = self.store.paragraphs(episode_id)
        return row

    def stats(self) -> dict:
        """Counts, the files skipped with their reasons, and spellings a person should check."""
        counts = self.store.counts()
        return {
            **counts,
            "skipped": [
                {"path": s.path, "line": s.line, "reason": s.reason} for s in self.store.skipped()
            ],
            "similar_names": near_duplicates(self.store.entity_names("company")),
        }


def check_date(option: str, value: str | None, end: bool = False) -> str | None:
    """A YYYY-MM-DD bound from YYYY-MM-DD, YYYY-MM or YYYY; with `end`, the period's last day."""
    if not value:
        return None
    for fmt, size, last in (("%Y-%m-%d", 10, ""), ("%Y-%m", 7, "-31"), ("%Y", 4, "-12-31")):
        try:
            dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if len(value) == size:
            return value + last if end else value
    raise BadParameter(f"{option} {value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")


def passage_highlight(row: dict, plan: kbindex.QueryPlan) -> str:
    """The Chinese text with matches marked, or the English where only it matches."""
    zh = kbindex.highlight_text(row["zh"], plan, stem=False)
    if "<mark" in zh:
        return zh
    en = kbindex.highlight_text(row["en"], plan, stem=True)
    return en if "<mark" in en else zh or en
