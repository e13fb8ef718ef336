"""KnowledgeBase: the one object the command line and the web interface talk to.

What only asking and suggesting need is imported where it is used: `kb index` starts sooner.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from functools import partial

import numpy as np

from kb import index as kbindex
from kb import search
from kb.checks import canonical_metric, check_choice, check_date, check_page
from kb.config import Settings
from kb.entities import EntityTable, fold, near_duplicates
from kb.errors import BadParameter, KbError, NotFound
from kb.facets import FacetTable
from kb.figures.table import FIGURE_KINDS, MISMATCHES, FigureFilter
from kb.figures.table import SORTS as FIGURE_SORTS
from kb.figures.words import CHANGE_MARKERS, METRICS
from kb.indexer import IndexRun
from kb.lexicon.table import Lexicon
from kb.lock import WriterLock
from kb.models import (
    Alternative,
    Answer,
    FigureRecord,
    Hit,
    IndexReport,
    SearchResult,
    Translation,
)
from kb.segment import Segmenter
from kb.store import Store

SORTS = ("relevance", "date")
RARE_PARAGRAPHS = 3  # a word held by fewer paragraphs may be a misspelling of an entity's name
SPELLING_SAMPLE = 20_000  # English paragraphs read for how the notes write each stem
METRIC_NAMES = (*METRICS, *CHANGE_MARKERS)


class KnowledgeBase:
    """The store and the index of one KB_HOME; use as a context manager.

    A writable one holds the home's writer lock (kb/lock.py) from opening to closing, so it is
    the only writer; read-only ones never wait for it.

    :param wait: seconds a writable one waits for another writer before raising Busy
    :param notify: told in one line when it waits, or takes over the lock of a killed writer
    """

    def __init__(
        self,
        settings: Settings,
        readonly: bool = False,
        wait: float = 0,
        notify: Callable[[str], None] | None = None,
    ):
        self.settings = settings
        self.readonly = readonly
        self.lock = None if readonly else WriterLock(settings.home, wait, notify)
        if self.lock:
            self.lock.acquire()
        try:
            self.store = Store(settings.db_path, readonly=readonly)
        except BaseException:
            if self.lock:
                self.lock.release()
            raise
        self._segmenter: Segmenter | None = None
        self._table: EntityTable | None = None
        self._searcher = None
        self._cache: tuple[tuple, search.Corpus] | None = None
        self._by_version: dict[str, tuple[int, object]] = {}

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self.store.close()
        if self.lock:
            self.lock.release()

    def cached(self, name: str, compute: Callable[[], object]):
        """`compute()`, kept until another connection commits to the store."""
        version = self.store.data_version()
        if name not in self._by_version or self._by_version[name][0] != version:
            self._by_version[name] = (version, compute())
        return self._by_version[name][1]

    def _corpus(self) -> search.Corpus:
        """Postings of the latest commit; the map and caches are rebuilt only after a change."""
        if self._searcher is not None and not self._searcher.up_to_date():
            # Not Searcher.refresh(): it leaves the replaced segments' files open.
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = kbindex.open_index(self.settings.index_dir, self.segmenter).searcher()
        key = (self._searcher.reader().generation(), self.store.data_version())
        if self._cache is None or self._cache[0] != key:
            emap = kbindex.EpisodeMap.build(self._searcher, self.store.versions())
            self._cache = (key, search.Corpus(self._searcher, emap))
        return self._cache[1]

    @property
    def table(self) -> EntityTable:
        if self._table is None:
            self._table = EntityTable.packaged()
        return self._table

    @property
    def segmenter(self) -> Segmenter:
        """jieba with the same user words the index was built with."""
        if self._segmenter is None:
            words = self.table.names() | self.store.user_terms()
            self._segmenter = Segmenter(self.settings.cache_dir, words)
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
        self._searcher = self._cache = None
        self._by_version.clear()
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
        sort: str = "relevance",
        facets: bool = True,
        exact: bool = False,
    ) -> SearchResult:
        """Episodes matching `query` and the filters, best (or newest) first, with facet counts.

        Each word also searches its translations and, for an entity's name, the entity's other
        names; a query of three words or more also finds episodes holding most of them. The
        result says what each word was widened with.

        :param sort: "relevance", or "date" for the newest episodes first
        :param facets: count tags, companies, speakers and years over the matching episodes; the
            first count reads every episode's values, a fifth of a second on 10,000 episodes
        :param exact: search the words as written: no widening, every word required
        """
        check_page(limit, offset)
        check_choice("sort", sort, SORTS)
        allowed = self._allowed(company, tag, speaker, since, until, include_excluded)
        plan, corpus, found = self._matching(query, allowed, exact)
        if sort == "date":
            ranked = self._newest_ranked(corpus, plan, found, offset, limit)
        else:
            ranked = search.rank(corpus, plan, found, offset + limit)[offset:]
        ids = {corpus.emap.episodes[s] for s in found.slots.tolist()}
        counts = self._facets(ids) if facets else {}
        hits = tuple(self.hits(ranked, plan))
        return SearchResult(len(ids), hits, counts, search.widenings(plan))

    def ranked(
        self, query: str, limit: int, exact: bool = False, passages: int = 3,
        within: Iterable[str] | None = None, **filters,
    ) -> list[search.Ranked]:  # fmt: skip
        """The best `limit` episodes for `query` and the filters of `search` (among the episodes
        `within`, when given), each with its best `passages` paragraphs' scores, as search ranks
        them, without the cards, highlights and figures of a page of results."""
        allowed = self._allowed(**filters) if filters or within is not None else None
        if within is not None:
            allowed = allowed & set(within)  # not &=: the unfiltered set is cached
        plan, corpus, found = self._matching(query, allowed, exact)
        return search.rank(corpus, plan, found, limit, passages)

    def finds(self, query: str) -> bool:
        """Whether any episode holds every word of `query` as written, without ranking them."""
        return self.count(query, exact=True) > 0

    def count(self, query: str | None = None, exact: bool = False, **filters) -> int:
        """How many episodes match `query` (when given) and the filters of `search`, without
        ranking or showing them."""
        allowed = self._allowed(**filters)
        if query is None:
            return len(allowed)
        return len(self._matching(query, allowed, exact)[2].slots)

    def _matching(self, query: str, allowed: set[str] | None = None, exact: bool = False):
        """The query's plan, the corpus, and the episodes it matches among `allowed` (by
        default those a search without filters shows)."""
        if allowed is None:
            allowed = self._allowed()
        corpus = self._corpus()
        plan = self._plan(query, exact, corpus)
        found = search.match(corpus, plan)
        episodes = corpus.emap.episodes
        keep = np.array([episodes[s] in allowed for s in found.slots.tolist()], dtype=bool)
        return plan, corpus, found.among(keep)

    def _plan(self, query: str, exact: bool, corpus: search.Corpus) -> search.QueryPlan:
        """The query parsed and, unless `exact`, widened (kb/lexicon/widen.py)."""
        if exact:
            return search.QueryPlan(query, self.segmenter)
        from kb.lexicon.widen import Widener

        def rare(word: search.Word) -> bool:
            fields = (("zh", word.zh), ("en", word.en))
            held = sum(len(corpus.postings(f, t)[0]) for f, tokens in fields for t in tokens)
            return held < RARE_PARAGRAPHS

        widener = Widener(self.lexicon, self.entity_names(), rare)
        return search.QueryPlan(query, self.segmenter, widener)

    @property
    def lexicon(self) -> Lexicon:
        """The translations the store holds, kept until the store changes."""
        return self.cached("lexicon", lambda: Lexicon(self.store))

    def entity_names(self):
        """Every entity's names in either language (an EntityNames), kept until the store
        changes."""
        from kb.lexicon.names import EntityNames

        return self.cached("entity-names", lambda: EntityNames(
            self.table, self.store.entity_names(), self.store.glossary_aliases(),
            self.lexicon.translations))  # fmt: skip

    def translations(self, word: str) -> list[Translation]:
        """What kb learned `word` (either language) translates to, with weights, likeliest
        first; the general dictionary's where the notes never translate it."""
        if not word.strip():
            raise BadParameter("WORD", "give a word to look up")
        return self.lexicon.translations(word)

    def episodes(
        self,
        company: str | None = None,
        tag: str | None = None,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> SearchResult:
        """Episodes that pass the filters, newest first, with facet counts.

        A search without words: its hits have no score and no passages.
        """
        check_page(limit, offset)
        ids = self._allowed(company, tag, speaker, since, until)
        page = self._newest(ids)[offset : offset + limit]
        hits = self.hits([search.Ranked(e, 0.0, ()) for e in page])
        return SearchResult(len(ids), tuple(hits), self._facets(ids))

    def _allowed(
        self, company=None, tag=None, speaker=None, since=None, until=None, include_excluded=False
    ) -> set[str]:
        """Ids of the episodes that pass the filters; `company` in any spelling or language."""
        filters = {
            "tag": tag,
            "speaker": speaker,
            "since": check_date("--since", since),
            "until": check_date("--until", until, end=True),
        }
        if company:
            key = self.company(company)["key"]
            found = self.store.matching_episodes(**filters, entity=key,
                                                 include_excluded=include_excluded)  # fmt: skip
            others = self._named_in_text(key)  # names kb learned, which mentions do not count
            if others:
                found |= others & self.store.matching_episodes(
                    **filters, include_excluded=include_excluded
                )
            return found
        if any(filters.values()):
            return self.store.matching_episodes(**filters, include_excluded=include_excluded)
        # the common case, the same for every search until the store changes
        every = partial(self.store.matching_episodes, include_excluded=include_excluded)
        return self.cached(f"unfiltered-{include_excluded}", every)

    def _newest(self, ids: Iterable[str]) -> list[str]:
        dates = self.cached("dates", self.store.episode_dates)
        return sorted(ids, key=lambda e: (dates.get(e) or "", e), reverse=True)

    def _newest_ranked(self, corpus, plan, found, offset: int, limit: int) -> list[search.Ranked]:
        """One page of the matching episodes, newest first; only that page is ranked for its
        best paragraphs."""
        episodes = corpus.emap.episodes
        page = self._newest(episodes[s] for s in found.slots.tolist())[offset : offset + limit]
        order = {e: i for i, e in enumerate(page)}
        mask = np.array([episodes[s] in order for s in found.slots.tolist()], dtype=bool)
        ranked = search.rank(corpus, plan, found.among(mask), len(page))
        return sorted(ranked, key=lambda r: order[r.episode_id])

    def _facets(self, ids: set[str], limit: int = 20) -> dict[str, dict[str, int]]:
        """Counts of tags, companies, speakers and years over the episodes `ids`."""
        table = self.cached("facets", lambda: FacetTable.build(self.store.facet_values()))
        return table.count(ids, limit)

    def hits(self, ranked: list[search.Ranked], plan: search.QueryPlan | None = None) -> list[Hit]:
        """The ranked episodes as hits with their paragraphs as passages; given the query's
        `plan`, the passages are highlighted and carry the figures they cite."""
        return search.hits(self.store, ranked, plan)

    def ask(self, question: str, today: dt.date | None = None) -> Answer:
        """The answer to a question in Chinese or English, with its citations, or `text=None`.

        :param today: the date 今年 and "this year" are read against (default: today)
        """
        from kb.ask import ask

        return ask(AskLibrary(self), question, today)

    def _named_in_text(self, key: str) -> set[str]:
        """Episodes whose text names the entity by a name kb learned for it (a glossary's, a
        translation of its name) that the mention counts of `kb index` do not know."""
        packaged = self.table.entities.get(key)
        counted = {key, *(fold(n) for n in packaged.aliases)} if packaged else {key}
        names = [n for n in self.entity_names().names_of(key) if fold(n) not in counted]
        if not names:
            return set()
        query = " OR ".join(f'"{n}"' for n in names if '"' not in n)
        plan, corpus, found = self._matching(query, exact=True)
        return {corpus.emap.episodes[s] for s in found.slots.tolist()}

    def company(self, name: str) -> dict:
        """The entity named `name` in any spelling or language (also by a name kb learned for
        it); NotFound names what is near."""
        row = self.store.entity_for(name, self.table.resolve(name))
        if row:
            return row
        names = self.entity_names()
        key = names.find(name) or names.find_by_translation(name)
        row = self.store.entity_for(key, key) if key else None
        if row:
            return row
        from rapidfuzz import fuzz, process

        names = [e["name"] for e in self.companies()]
        near = process.extractOne(name, names, scorer=fuzz.ratio, processor=fold, score_cutoff=70)
        if near:
            raise NotFound(f"unknown company {name!r}; did you mean {near[0]!r}?")
        raise NotFound(f"unknown company {name!r}", hint="`kb stats` lists the companies")

    def companies(self) -> list[dict]:
        """The stored companies (key, name, episodes), kept until the store changes."""
        return self.cached("companies", lambda: self.store.entity_names("company"))

    def tag(self, name: str) -> str:
        """The tag `name` as the notes spell it, whatever its case; NotFound names what is near."""
        tags = [row["tag"] for row in self.cached("tags", self.store.tag_names)]
        for tag in tags:
            if tag.casefold() == name.casefold():
                return tag
        from rapidfuzz import fuzz, process

        near = process.extractOne(
            name, tags, scorer=fuzz.ratio, processor=str.casefold, score_cutoff=70
        )
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise NotFound(f"unknown tag {name!r}{hint}")

    def word_spans(
        self, query: str, exact: bool = False
    ) -> Callable[[str, bool], list[tuple[int, int]]]:
        """A function giving where the words of `query` (and, unless `exact`, what they were
        widened with) occur in a text, as (start, end) spans, so that a page can mark them
        together with other spans such as figures."""
        plan = self._plan(query, exact, self._corpus())
        return lambda text, english=False: search.match_spans(text, plan, english)

    def alternatives(self, query: str, **filters: str | None) -> list[Alternative]:
        """Searches near one that found nothing, each of which finds something."""
        from kb import suggest

        return suggest.alternatives(self, query, {k: v for k, v in filters.items() if v})

    def vocabulary(self) -> list[str]:
        """The words in Latin letters that the index holds, to suggest spellings from, each as
        the notes most often write it (the index holds English words stemmed)."""
        from kb.lexicon.learn import english_surfaces

        def build() -> list[str]:
            stems = kbindex.vocabulary(self._corpus().searcher, search.ZH_FIELDS)
            surfaces = english_surfaces(self.store.english_sample(SPELLING_SAMPLE))
            return sorted({surfaces.get(s, s) for s in stems})

        return self.cached("vocabulary", build)

    def figures(
        self,
        *,
        episode: str | None = None,
        company: str | None = None,
        metric: str | None = None,
        kind: str | None = None,
        period: str | None = None,
        min_value: float | None = None,
        max_value: float | None = None,
        mismatch: str | None = None,
        sort: str = "date",
        descending: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[FigureRecord]:
        """Stored figures, newest episode first; `company` takes any alias, `metric` any of its
        words (营收 → revenue), `period` a prefix (2025 → 2025Q3), `mismatch` a kind or "any".

        :param sort: date, episode, value, unit, kind, metric, entity, period or mismatch;
            figures without one come last
        """
        check_choice("--sort", sort, FIGURE_SORTS)
        chosen = self._figure_filter(episode, company, metric, kind, period, min_value,
                                     max_value, mismatch)  # fmt: skip
        return self.store.figures(chosen, limit, offset, sort, descending)

    def figure_count(self, **filters: str | float | None) -> int:
        """How many figures `figures(**filters)` would give without a limit; counted once per
        selection until the store changes, as each page of a figures table shows it."""
        chosen = self._figure_filter(**filters)
        return self.cached(f"figure-count {chosen!r}", lambda: self.store.figure_count(chosen))

    def _figure_filter(
        self, episode=None, company=None, metric=None, kind=None, period=None,
        min_value=None, max_value=None, mismatch=None,
    ) -> FigureFilter:  # fmt: skip
        if episode is not None and self.store.episode(episode) is None:
            raise NotFound(f"no episode {episode!r}", hint="`kb search` finds episode ids")
        return FigureFilter(
            episode=episode,
            entity_keys=(self.company(company)["key"],) if company else None,
            metric=check_choice("--metric", canonical_metric(metric), METRIC_NAMES),
            kind=check_choice("--kind", kind, FIGURE_KINDS),
            period=period,
            min_value=min_value,
            max_value=max_value,
            mismatch=check_choice("--mismatch", mismatch, ("any", *MISMATCHES)),
        )

    def episode(self, episode_id: str, paragraphs: bool = True) -> dict:
        """An episode's metadata, entities and (unless `paragraphs` is false) its paragraphs
        with their figures."""
        row = self.store.episode(episode_id)
        if row is None:
            raise NotFound(f"no episode {episode_id!r}", hint="`kb search` finds episode ids")
        if not paragraphs:
            return row
        cited = search.cited(self.store, FigureFilter(episode=episode_id))
        row["paragraphs"] = [
            p | {"figures": [f.to_json() for f in cited.get((episode_id, p["number"]), ())]}
            for p in self.store.paragraphs(episode_id)
        ]
        return row

    def stats(self) -> dict:
        """Counts, the files skipped with their reasons, and spellings a person should check."""
        counts = self.store.counts()
        return {
            **counts,
            "skipped": [
                {"path": s.path, "line": s.line, "reason": s.reason} for s in self.store.skipped()
            ],
            "similar_names": near_duplicates(self.companies()),
        }


class AskLibrary:
    """The knowledge base as asking reads it (kb/ask/library.py's `Library`)."""

    PASSAGES = 8  # an episode's best paragraphs a question's search returns

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._matched: dict[str, tuple] = {}  # a question's query, planned and matched once

    @property
    def table(self) -> EntityTable:
        """The packaged alias table with every entity the notes name."""
        from kb.entities import Entity

        def build() -> EntityTable:
            entities = dict(self.kb.table.entities)
            for row in self.kb.store.entity_names():
                if row["key"] not in entities:
                    entities[row["key"]] = Entity(row["key"], row["kind"], row["name"], ())
            return EntityTable(entities.values())

        return self.kb.cached("question-table", build)

    def speakers(self) -> dict[str, int]:
        return self.kb.cached("speakers", self.kb.store.speakers)

    def cut(self, text: str) -> list[str]:
        return [text[s:e] for _, s, e, _ in self.kb.segmenter.cut(text, subwords=False)]

    def fold(self, text: str) -> str:
        return self.kb.segmenter.fold(text)

    def search(self, query, limit, speakers=(), since=None, until=None, within=None,
               passages=PASSAGES):  # fmt: skip
        """The query is planned and matched once, whatever the filters of later searches."""
        from kb.ask import Found

        try:
            if query not in self._matched:
                plan, corpus, found = self.kb._matching(query)
                self._matched[query] = (plan, corpus, found, self._terms(plan))
            plan, corpus, found, terms = self._matched[query]
            allowed = None
            if speakers or since or until:
                allowed = set().union(*(self.kb._allowed(speaker=sp, since=since, until=until)
                                        for sp in speakers or (None,)))  # fmt: skip
            if within is not None:
                allowed = set(within) & (allowed if allowed is not None else set(within))
        except KbError:
            return Found((), ())
        if allowed is not None:
            episodes = corpus.emap.episodes
            found = found.among(np.array([episodes[s] in allowed for s in found.slots.tolist()],
                                         dtype=bool))  # fmt: skip
        return Found(tuple(search.rank(corpus, plan, found, limit, passages)), terms)

    def _terms(self, plan: search.QueryPlan):
        """The plan's words with their variants and rarity (log inverse paragraph frequency)."""
        from kb.ask import Term, Variant

        corpus = self.kb._corpus()
        documents = len(corpus.lengths("zh"))
        terms = []
        for word in plan.words:
            held = sum(len(corpus.postings(f, t)[0]) for f in ("zh", "en") for t in word.zh[:1])
            variants = [Variant(v.text, v.zh or v.en, v.weight, v.why) for v in word.variants()]
            rarity = float(np.log(1 + documents / (1 + held)))
            terms.append(Term(word.text, tuple(variants), rarity, held > 0))
        return tuple(terms)

    def translate(self, word: str) -> list[str]:
        return [t.translation for t in self.kb.lexicon.translations(word)]

    def paragraphs(self, keys):
        return self.kb.store.paragraph_texts(keys)

    def figures(self, keys):
        return self.kb.store.figures(FigureFilter(paragraphs=tuple(sorted(keys))))

    def episodes(self, ids):
        from kb.ask import Card

        ids = list(ids)
        cards = self.kb.store.episode_cards(ids)
        counts = self.kb.store.mention_counts(ids)
        found = {}
        for episode, card in cards.items():
            mentions = counts.get(episode, {})
            top = max(mentions.values(), default=0)
            about = frozenset(k for k, n in mentions.items() if top and n >= top / 2)
            found[episode] = Card(episode, card["title"], card["date"], card["speaker"], about)
        return found
