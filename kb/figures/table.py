"""The figures table: each paragraph's figures stored as rows, and read back through filters.

Its SQL lives here rather than in store.py, which it would push past a readable length; only
Store calls it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from kb.figures.sentences import sentence_at
from kb.models import Figure, FigureRecord

FIGURE_KINDS = ("money", "percent", "count", "measure", "duration", "multiple", "price", "number")
MONEY_KINDS = ("money", "price")  # amounts of money: a total, or a price per unit
MISMATCHES = ("value", "period", "missing_in_translation", "missing_in_chinese")
# What figures can be sorted by, each a column of SELECT below.
SORTS = {
    "date": "e.date", "episode": "e.title", "value": "f.value", "unit": "f.unit",
    "kind": "f.kind", "metric": "f.metric", "entity": "COALESCE(n.name, f.entity_key)",
    "period": "f.period", "mismatch": "f.mismatch",
}  # fmt: skip
# The table as first created; later columns are added by migrations, in order.
FIRST_COLUMNS = {
    "id": int, "episode_id": str, "paragraph": int, "idx": int, "lang": str, "raw": str,
    "start": int, "end": int, "value": float, "unit": str, "kind": str, "direction": str,
    "approximate": int, "low": float, "high": float, "per": str, "metric": str,
    "entity_key": str, "period": str, "counterpart": int, "mismatch": str, "confidence": float,
}  # fmt: skip
LINK_CONFIDENCES = ("metric_confidence", "entity_confidence", "period_confidence")


def create_table(db: Database) -> None:
    db["figures"].create(FIRST_COLUMNS, pk="id", foreign_keys=[("episode_id", "episodes", "id")])
    db.execute(
        "CREATE TRIGGER figures_cascade AFTER DELETE ON episodes "
        "BEGIN DELETE FROM figures WHERE episode_id = old.id; END"
    )
    for columns in (["episode_id", "paragraph"], ["entity_key"], ["metric"], ["value"]):
        db["figures"].create_index(columns)


def add_link_confidences(db: Database) -> None:
    """How sure each link (metric, entity, period) is; empty until the figures are re-read."""
    for column in LINK_CONFIDENCES:
        if column not in db["figures"].columns_dict:
            db["figures"].add_column(column, float)


def insert_figures(db: Database, episode_id: str, found: Iterable[tuple[int, list[Figure]]]):
    """Store each paragraph's figures; `counterpart` stays an index into the paragraph's list."""
    db["figures"].insert_all(
        figure_row(episode_id, number, i, f)
        for number, figures in found
        for i, f in enumerate(figures)
    )


def figure_row(episode_id: str, number: int, idx: int, f: Figure) -> dict:
    """A figures row: every field of the Figure, its entity as `entity_key`."""
    row = {"episode_id": episode_id, "paragraph": number, "idx": idx, **vars(f)}
    row["entity_key"] = row.pop("entity")
    return row


def paragraphs_sql(keys: Iterable[tuple[str, int]], episode: str, number: str) -> tuple[str, list]:
    """A condition for the (episode id, paragraph number) `keys`: one indexed look-up per
    episode. A term per key would be a scan, and past 1,000 keys deeper than SQLite allows."""
    by_episode: dict[str, list[int]] = {}
    for ident, n in keys:
        by_episode.setdefault(ident, []).append(n)
    ors = [f"({episode} = ? AND {number} IN ({', '.join('?' * len(ns))}))"
           for ns in by_episode.values()]  # fmt: skip
    params = [x for ident, ns in by_episode.items() for x in (ident, *ns)]
    return "(" + (" OR ".join(ors) or "0") + ")", params


@dataclass(frozen=True)
class FigureFilter:
    """Which figures to read; every field left None matches everything."""

    episode: str | None = None
    entity_keys: tuple[str, ...] | None = None
    metric: str | None = None
    kind: str | None = None
    period: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    mismatch: str | None = None  # a kind of mismatch, or "any"
    include_excluded: bool = False
    paragraphs: tuple[tuple[str, int], ...] | None = None  # (episode id, paragraph number)

    def where(self) -> tuple[str, list]:
        clauses, params = [], []
        if not (self.include_excluded or self.episode or self.paragraphs):
            clauses.append("e.exclude = 0")
        if self.paragraphs is not None:
            clause, values = paragraphs_sql(self.paragraphs, "f.episode_id", "f.paragraph")
            clauses.append(clause)
            params += values
        if self.entity_keys is not None:
            clauses.append(f"f.entity_key IN ({', '.join('?' * len(self.entity_keys))})")
            params += self.entity_keys
        for column, value in (("f.episode_id", self.episode), ("f.kind", self.kind)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.metric is not None:  # revenue finds "revenue yoy" too, yoy finds it as well
            clauses.append("(f.metric = ? OR f.metric LIKE ? || ' %' OR f.metric LIKE '% ' || ?)")
            params += [self.metric] * 3
        if self.period is not None:  # 2025 finds 2025, 2025Q3, 2025H1, 2025-03, 2025-01..2025-09
            clauses.append(
                "(f.period = ? OR f.period LIKE ? || 'Q_' OR f.period LIKE ? || 'H_'"
                " OR f.period LIKE ? || '-__' OR f.period LIKE ? || '%..' || ? || '%')"
            )
            params += [self.period] * 6
        if self.min_value is not None:
            clauses.append("f.value >= ?")
            params.append(self.min_value)
        if self.max_value is not None:
            clauses.append("f.value <= ?")
            params.append(self.max_value)
        if self.mismatch is not None:
            clauses.append("f.mismatch IS NOT NULL" if self.mismatch == "any" else "f.mismatch = ?")
            params += [] if self.mismatch == "any" else [self.mismatch]
        return " AND ".join(clauses) or "1", params


# The tables a filter and a sort order need; the paragraph's text is joined only to a page.
KEYS = """
FROM figures f
JOIN episodes e ON e.id = f.episode_id
LEFT JOIN entities n ON n.key = f.entity_key
"""
SELECT = (
    """
SELECT f.*, e.title, e.date, p.heading, p.zh, p.en, n.name AS entity_name,
       c.id AS c_id, c.lang AS c_lang, c.raw AS c_raw, c.value AS c_value, c.unit AS c_unit,
       c.period AS c_period, c.start AS c_start, c."end" AS c_end"""
    + KEYS
    + """JOIN paragraphs p ON p.episode_id = f.episode_id AND p.number = f.paragraph
LEFT JOIN figures c
  ON c.episode_id = f.episode_id AND c.paragraph = f.paragraph AND c.idx = f.counterpart
WHERE {where}
"""
)
ORDER = """ORDER BY {column} IS NULL, {column} {direction}, e.date IS NULL, e.date DESC,
         f.episode_id, f.paragraph, f.idx"""
# Up to this many figures, a page is chosen by id first and only its rows are read whole:
# sorting every figure with its paragraph's text took 0.6 s on 276,000 figures.
PAGE_BY_ID = 1000


def select_figures(
    db: Database,
    chosen: FigureFilter,
    limit: int | None = None,
    offset: int = 0,
    sort: str = "date",
    descending: bool = True,
) -> list[FigureRecord]:
    """The chosen figures ordered by the column `sort` names, empty values last; ties stay in
    reading order, newest episode first."""
    where, params = chosen.where()
    order = ORDER.format(column=SORTS[sort], direction="DESC" if descending else "ASC")
    page = " LIMIT ? OFFSET ?"
    paging = [-1 if limit is None else limit, offset]
    if limit is not None and limit <= PAGE_BY_ID:
        ids = [row[0] for row in db.execute(
            f"SELECT f.id {KEYS} WHERE {where} {order}{page}", [*params, *paging])]  # fmt: skip
        where, params, page, paging = f"f.id IN ({', '.join('?' * len(ids))})", ids, "", []
    cursor = db.execute(SELECT.format(where=where) + order + page, [*params, *paging])
    names = [d[0] for d in cursor.description]
    return [to_record(dict(zip(names, row, strict=True))) for row in cursor]


def count_figures(db: Database, chosen: FigureFilter) -> int:
    where, params = chosen.where()
    return db.execute(f"SELECT count(*) {KEYS} WHERE {where}", params).fetchone()[0]


def to_record(row: dict) -> FigureRecord:
    text = row["zh"] if row["lang"] == "zh" else row["en"]
    counterpart = None
    if row["c_id"] is not None:
        counterpart = {k: row[f"c_{k}"] for k in ("id", "lang", "raw", "value", "unit", "period")}
        counterpart |= {"start": row["c_start"], "end": row["c_end"]}
    return FigureRecord(
        id=row["id"], episode_id=row["episode_id"], title=row["title"], date=row["date"],
        paragraph=row["paragraph"], heading=row["heading"], lang=row["lang"], raw=row["raw"],
        start=row["start"], end=row["end"], value=row["value"], unit=row["unit"],
        kind=row["kind"], direction=row["direction"], approximate=bool(row["approximate"]),
        low=row["low"], high=row["high"], per=row["per"], metric=row["metric"],
        entity=row["entity_name"] or row["entity_key"], period=row["period"],
        sentence=sentence_at(text, row["start"], row["end"]), counterpart=counterpart,
        mismatch=row["mismatch"], confidence=row["confidence"],
        **{name: row.get(name) for name in LINK_CONFIDENCES},
    )  # fmt: skip
