"""The records kb passes around: episodes, paragraphs, figures, search hits and index reports."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import TextIO

# The columns of a figures CSV: the JSON document's fields, the counterpart as its raw text.
FIGURE_CSV_FIELDS = ["id", "episode_id", "title", "date", "paragraph", "lang", "raw", "start",
                     "end", "value", "unit", "kind", "direction", "approximate", "low", "high",
                     "metric", "entity", "period", "counterpart", "mismatch", "confidence",
                     "metric_confidence", "entity_confidence", "period_confidence",
                     "sentence"]  # fmt: skip

# How a spreadsheet cell that it runs as a formula begins.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Paragraph:
    """A Chinese paragraph and the English original paired with it; either may be empty."""

    number: int
    heading: str
    zh: str
    en: str
    line: int
    speaker: str = ""


@dataclass(frozen=True)
class Episode:
    """One note: normalised front matter plus its paragraphs, in order."""

    id: str
    path: str
    title: str
    date: str | None
    speaker: str
    source: str
    category: str
    summary: str
    tags: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    draft: bool = False
    exclude: bool = False
    paragraphs: tuple[Paragraph, ...] = ()
    glossary: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @property
    def chars(self) -> int:
        return sum(len(p.zh) + len(p.en) for p in self.paragraphs)


@dataclass(frozen=True)
class Figure:
    """A number cited in one side of a paragraph: normalised, linked, paired with its translation.

    `text[start:end] == raw` always holds. `value` is in base units (14亿美元 → 1.4e9) and negative
    when the text says the figure went down; a range has `low` and `high` and its midpoint as
    `value`. `counterpart` indexes the paired figure in the paragraph's list (zh figures, then en).
    `confidence` is how sure a `mismatch` flag is; `metric_confidence`, `entity_confidence` and
    `period_confidence` how close the evidence for each link is (README, "Figures"), None when
    the link is empty.
    """

    lang: str
    start: int
    end: int
    raw: str
    value: float | None
    unit: str
    kind: str
    direction: str | None = None
    approximate: bool = False
    low: float | None = None
    high: float | None = None
    per: str | None = None
    metric: str | None = None
    entity: str | None = None
    period: str | None = None
    counterpart: int | None = None
    mismatch: str | None = None
    confidence: float | None = None
    metric_confidence: float | None = None
    entity_confidence: float | None = None
    period_confidence: float | None = None


@dataclass(frozen=True)
class FigureRecord:
    """A stored figure with its episode, paragraph and sentence: what `kb figures` lists.

    `entity` is the entity's display name; `counterpart` holds the paired figure of the other
    language (id, lang, raw, value, unit, period, start, end) or None.
    """

    id: int
    episode_id: str
    title: str
    date: str | None
    paragraph: int
    heading: str
    lang: str
    raw: str
    start: int
    end: int
    value: float | None
    unit: str
    kind: str
    direction: str | None
    approximate: bool
    low: float | None
    high: float | None
    per: str | None
    metric: str | None
    entity: str | None
    period: str | None
    sentence: str
    counterpart: dict | None
    mismatch: str | None
    confidence: float | None
    metric_confidence: float | None = None
    entity_confidence: float | None = None
    period_confidence: float | None = None

    def to_json(self) -> dict:
        # Not dataclasses.asdict: it deep-copies, and an episode page converts a thousand figures.
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_csv_row(self) -> dict:
        """The FIGURE_CSV_FIELDS of this figure, the counterpart as its raw text."""
        row = {name: getattr(self, name) for name in FIGURE_CSV_FIELDS}
        return row | {"counterpart": (self.counterpart or {}).get("raw", "")}


def write_figures_csv(stream: TextIO, figures: Iterable[FigureRecord]) -> None:
    """The figures as CSV, a header row first: `kb figures --csv` and /figures.csv.

    Text that a spreadsheet would run as a formula is written as text (see `inert`).
    """
    writer = csv.DictWriter(stream, fieldnames=FIGURE_CSV_FIELDS)
    writer.writeheader()
    writer.writerows({k: inert(v) for k, v in f.to_csv_row().items()} for f in figures)


def inert(cell: object) -> object:
    """A text cell that begins as a spreadsheet formula would (=, +, -, @, tab, return), led by
    an apostrophe so that it shows as text; numbers stay numbers. See OWASP's "CSV Injection"."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


@dataclass(frozen=True)
class Skipped:
    """A file left out of the index, with where and why."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class Passage:
    """One paragraph of a hit, with the matched words marked in `highlight`, and its figures."""

    paragraph: int
    heading: str
    zh: str
    en: str
    highlight: str
    figures: tuple[FigureRecord, ...] = ()


@dataclass(frozen=True)
class Hit:
    """An episode that matches a search, with its best passages."""

    episode_id: str
    title: str
    date: str | None
    speaker: str
    tags: tuple[str, ...]
    score: float
    passages: tuple[Passage, ...]
    missing: tuple[str, ...] = ()  # words of the query the episode does not hold


@dataclass(frozen=True)
class Widening:
    """What one word of a query also searched, and why: its translations ("translation"), an
    entity's other names ("entity"), or the entity it is a near spelling of ("spelling")."""

    word: str
    why: str
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, the number of matching episodes, facet counts over all of them, and
    what the query's words were widened with."""

    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]]
    widened: tuple[Widening, ...] = ()


@dataclass(frozen=True)
class Translation:
    """A word of the other language that stands for `word`, with its weight (a probability).

    `lang` is the language of `word`. Words are as the index holds them (English stemmed:
    "revenu"); `display` is the translation as the notes write it. `origin` is "notes" for what
    kb learned from the notes' paragraph pairs, "dictionary" for CC-CEDICT's.
    """

    lang: str
    word: str
    translation: str
    display: str
    weight: float
    origin: str


@dataclass(frozen=True)
class Alternative:
    """A search near one that found nothing, and the number of episodes it finds.

    `kind` says what changed: "filter" (one left out), "spelling" (a word spelt as the index
    spells it), "words" (any of the words instead of all), "company" (the episodes about a
    company named like a word of the query; `filters` then holds only that company).
    """

    kind: str
    query: str
    filters: dict[str, str]
    total: int
    change: str


@dataclass
class IndexReport:
    """What one `kb index` run did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    paragraphs: int = 0
    entities: int = 0
    chars: int = 0
    seconds: float = 0.0
    lexicon_pairs: int = 0  # the paragraph pairs the lexicon was learned from, when it was
    lexicon_seconds: float = 0.0


@dataclass(frozen=True)
class Expected:
    """The figure a question asks for, as far as its words tell (kb/ask/expect.py).

    `kind` is "money", "percent", "count" or "duration" (None when untold); `unit` a currency
    code, "%", "bp", "pp" or a duration's unit; `measure` the class of thing counted ("person",
    "organisation", "vehicle", or a Chinese measure word such as 片); `per` the unit a price is
    per (hour, month); `change` "up", "down" or "change" when it asks how much something rose
    or fell; `end` "low" or
    "high" when it asks for one end of a range; `cited` the values the question itself cites
    (每张3加元), which are context and never its answer.
    """

    kind: str | None = None
    unit: str | None = None
    measure: str | None = None
    per: str | None = None
    change: str | None = None
    end: str | None = None
    cited: tuple[float, ...] = ()

    def describe(self) -> str:
        """money (CAD) per month, count of person, percent change: for a page or a log."""
        parts = [self.kind or "any figure"]
        if self.unit:
            parts.append(f"({self.unit})")
        if self.measure:
            parts.append(f"of {self.measure}")
        if self.per:
            parts.append(f"per {self.per}")
        if self.change:
            parts.append("change" if self.change == "change" else f"change {self.change}")
        if self.end:
            parts.append(f"{self.end} end of a range")
        return " ".join(parts)


@dataclass(frozen=True)
class Source:
    """Where a question says its answer was told (kb/ask/source.py): speakers or channels as the
    notes' front matter spells them, and the dates the episode may bear (since, until)."""

    speakers: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None

    def __bool__(self) -> bool:
        return bool(self.speakers or self.since)

    def describe(self) -> str:
        """王红雨, 2026-05-01 to 2026-07-15."""
        dates = f"{self.since} to {self.until}" if self.since else ""
        return ", ".join(x for x in (" / ".join(self.speakers), dates) if x)


@dataclass(frozen=True)
class Question:
    """What a question asks, as kb/ask/read.py reads it.

    `kind` is "figure" (a number), "episodes" (which episodes, who said) or "open". `period` is
    a figure period label (2025, 2025Q3, Q4, FY2024); `relative_period` when the question said
    今年 or "last year", and `period_offset` its years from now (-1 for 去年); `period_span` when
    it names a span of periods (2022到2026年) rather than one, `present` when it names none but
    asks of the present (目前, today): the time of the episode that tells it. `expected` is the
    figure that can answer, `source` where the question says it was told. `words` are what is
    left to search for, `focus` those of them beside the asking word (一年服务了多少患者: 服务,
    患者), which say what the number counts; `counted` the noun a Chinese question counts
    (多少名医生: 医生); `compare` when it sets entities side by side.
    """

    text: str
    lang: str
    kind: str
    entities: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    period: str | None = None
    period_offset: int | None = None
    period_span: bool = False
    present: bool = False
    expected: Expected = Expected()
    source: Source = Source()
    words: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()
    counted: str | None = None
    compare: bool = False

    @property
    def relative_period(self) -> bool:
        return self.period_offset is not None


@dataclass(frozen=True)
class Citation:
    """Where an answer comes from: one paragraph, cut to the sentences that answer, both sides."""

    episode_id: str
    title: str
    date: str | None
    paragraph: int
    zh: str
    en: str

    def to_json(self) -> dict:
        return {
            "episode_id": self.episode_id,
            "title": self.title,
            "date": self.date,
            "paragraph": self.paragraph,
            "zh": self.zh,
            "en": self.en,
        }


@dataclass(frozen=True)
class Considered:
    """A figure asking weighed for an answer, with its score (kb/ask/rank.py)."""

    figure: FigureRecord
    score: float

    def to_json(self) -> dict:
        f = self.figure
        return {"id": f.id, "episode_id": f.episode_id, "title": f.title, "date": f.date,
                "paragraph": f.paragraph, "raw": f.raw, "value": f.value, "unit": f.unit,
                "sentence": f.sentence, "score": round(self.score, 3)}  # fmt: skip


@dataclass(frozen=True)
class Answer:
    """An answer in the question's language with its figures and citations, or `text=None`.

    `value` and `unit` are the answer's own (a range's end when the question asks for one);
    `confidence` is between 0 and 1 (README, "Asking questions", says how it is computed);
    `closest` names what the knowledge base holds nearest to a question it cannot answer.
    `expected` and `source` say how the question was read, `considered` the best figures weighed.
    """

    question: str
    text: str | None
    kind: str
    confidence: float
    figures: tuple = ()
    citations: tuple[Citation, ...] = ()
    closest: tuple[str, ...] = ()
    value: float | None = None
    unit: str | None = None
    expected: str = ""
    source: str = ""
    considered: tuple[Considered, ...] = ()

    def to_json(self) -> dict:
        """The DESIGN.md ask document."""
        return {
            "question": self.question,
            "answer": self.text,
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "figures": [f.to_json() for f in self.figures],
            "citations": [c.to_json() for c in self.citations],
            "confidence": round(self.confidence, 2),
            "closest": list(self.closest),
            "expected": self.expected,
            "source": self.source,
            "considered": [c.to_json() for c in self.considered],
        }
