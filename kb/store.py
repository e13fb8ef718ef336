"""The SQLite store of episodes, paragraph pairs, tags, entities and skipped files; all SQL."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database, Migrations

from kb.entities import episode_names
from kb.errors import EmptyIndex
from kb.figures import table as figure_table
from kb.models import Episode, Figure, FigureRecord, Skipped, Translation

migrations = Migrations("kb")


def _episode_table(db: Database, name: str, columns: dict, key: str) -> None:
    """A table of rows that belong to one episode and leave with it."""
    db[name].create(
        {"episode_id": str, **columns},
        pk=("episode_id", key),
        foreign_keys=[("episode_id", "episodes", "id")],
    )
    # SQLite adds ON DELETE CASCADE only by rebuilding a table; a trigger does the same.
    db.execute(
        f"CREATE TRIGGER {name}_cascade AFTER DELETE ON episodes "
        f"BEGIN DELETE FROM {name} WHERE episode_id = old.id; END"
    )


@migrations()
def m001_initial(db: Database) -> None:
    db["episodes"].create(
        {
            "id": str, "path": str, "version": str, "mtime_ns": int, "size": int,
            "title": str, "date": str, "year": int, "speaker": str, "source": str,
            "category": str, "summary": str, "draft": int, "exclude": int,
            "paragraphs": int, "chars": int,
        },
        pk="id",
    )  # fmt: skip
    paragraph = {"heading": str, "zh": str, "en": str, "line": int, "speaker": str}
    _episode_table(db, "paragraphs", {"number": int, **paragraph}, "number")
    _episode_table(db, "tags", {"tag": str}, "tag")
    mention = {"kind": str, "surface": str, "front_matter": int, "count": int}
    _episode_table(db, "mentions", {"entity_key": str, **mention}, "entity_key")
    _episode_table(db, "aliases", {"alias": str, "entity_key": str}, "alias")
    _episode_table(db, "terms", {"term": str}, "term")
    db["entities"].create({"key": str, "kind": str, "name": str}, pk="key")
    db["skipped"].create({"path": str, "line": int, "reason": str}, pk="path")
    indexes = [("episodes", "date"), ("episodes", "speaker"), ("episodes", "path"),
               ("tags", "tag"), ("mentions", "entity_key"), ("aliases", "alias")]  # fmt: skip
    for table, column in indexes:
        db[table].create_index([column])


@migrations()
def m002_meta(db: Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")


@migrations()
def m003_terms_index(db: Database) -> None:
    db["terms"].create_index(["term"])


@migrations()
def m004_figures(db: Database) -> None:
    figure_table.create_table(db)


@migrations()
def m005_mentions_by_entity(db: Database) -> None:
    """An entity's episodes straight from the index (facets, --company) rather than the table."""
    db["mentions"].create_index(["entity_key", "episode_id"])
    db.execute("DROP INDEX IF EXISTS idx_mentions_entity_key")


@migrations()
def m006_translations(db: Database) -> None:
    """The lexicon: words of one language (English stemmed) and their translations."""
    db["translations"].create(
        {"lang": str, "word": str, "translation": str, "display": str, "weight": float,
         "origin": str},
        pk=("lang", "word", "translation"),
    )  # fmt: skip


@migrations()
def m007_figure_link_confidences(db: Database) -> None:
    figure_table.add_link_confidences(db)


class Store:
    """The metadata store; a whole `kb index` run is one transaction."""

    def __init__(self, path: Path, readonly: bool = False):
        if readonly:
            if not path.exists():
                raise EmptyIndex(f"no knowledge base at {path.parent}: run `kb index PATH` first")
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, check_same_thread=False)
        self.db = Database(conn)
        self.db.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            migrations.apply(self.db)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self):
        with self.db.atomic():
            yield self

    # Writing

    def save_episode(
        self,
        episode: Episode,
        version: str,
        stat: tuple[int, int],
        mentions: Iterable[tuple[str, str, str, bool, int]],
        aliases: Iterable[tuple[str, str]],
        terms: Iterable[str],
        figures: Iterable[tuple[int, list[Figure]]] = (),
    ) -> None:
        """Replace everything stored about `episode`.

        :param mentions: (entity key, kind, surface name, in front matter, count) rows
        :param aliases: (alias, entity key) pairs learnt from the note's glossaries
        :param figures: (paragraph number, figures) of the paragraphs that cite any
        """
        self.delete_episode(episode.id)
        self.db["episodes"].insert(
            {
                "id": episode.id,
                "path": episode.path,
                "version": version,
                "mtime_ns": stat[0],
                "size": stat[1],
                "title": episode.title,
                "date": episode.date,
                "year": episode.year,
                "speaker": episode.speaker,
                "source": episode.source,
                "category": episode.category,
                "summary": episode.summary,
                "draft": episode.draft,
                "exclude": episode.exclude,
                "paragraphs": len(episode.paragraphs),
                "chars": episode.chars,
            }
        )
        self.db["paragraphs"].insert_all(
            {
                "episode_id": episode.id,
                "number": p.number,
                "heading": p.heading,
                "zh": p.zh,
                "en": p.en,
                "line": p.line,
                "speaker": p.speaker,
            }
            for p in episode.paragraphs
        )
        self.db["tags"].insert_all({"episode_id": episode.id, "tag": t} for t in episode.tags)
        rows = [
            {
                "episode_id": episode.id,
                "entity_key": key,
                "kind": kind,
                "surface": surface,
                "front_matter": front,
                "count": count,
            }
            for key, kind, surface, front, count in mentions
        ]
        self.db["mentions"].insert_all(rows)
        self.db["entities"].insert_all(
            ({"key": r["entity_key"], "kind": r["kind"], "name": r["surface"]} for r in rows),
            ignore=True,
        )
        self.db["aliases"].insert_all(
            ({"episode_id": episode.id, "alias": a, "entity_key": k} for a, k in aliases),
            ignore=True,
        )
        self.db["terms"].insert_all(
            ({"episode_id": episode.id, "term": t} for t in terms), ignore=True
        )
        figure_table.insert_figures(self.db, episode.id, figures)
        self.db["skipped"].delete_where("path = ?", [episode.path])

    def replace_figures(self, episode_id: str, figures: Iterable[tuple[int, list[Figure]]]):
        """Store an episode's figures read again, in place of the ones it had."""
        self.db.execute("DELETE FROM figures WHERE episode_id = ?", [episode_id])
        figure_table.insert_figures(self.db, episode_id, figures)

    def touch(self, episode_id: str, path: str, stat: tuple[int, int]) -> None:
        """Record the new place or time of a file whose content did not change."""
        self.db["episodes"].update(episode_id, {"path": path, "mtime_ns": stat[0], "size": stat[1]})

    def delete_episode(self, episode_id: str) -> None:
        self.db.execute("DELETE FROM episodes WHERE id = ?", [episode_id])

    def record_skipped(self, skipped: Skipped) -> None:
        self.db["skipped"].insert(dataclasses.asdict(skipped), replace=True)

    def forget_skipped(self, paths: Iterable[str]) -> None:
        """Drop skip records of files that no longer exist."""
        self.db.conn.executemany("DELETE FROM skipped WHERE path = ?", [(p,) for p in paths])

    def name_entities(self, names: dict[str, tuple[str, str]], keys: set[str]) -> None:
        """Give the entities `keys` their display name and kind: the table's, else the most used
        spelling; drop entities no episode mentions any more.

        :param names: entity key → (kind, name) from the packaged table
        """
        self.db.execute("DELETE FROM entities WHERE key NOT IN (SELECT entity_key FROM mentions)")
        self.db.conn.executemany(
            """UPDATE entities SET
                 name = (SELECT surface FROM mentions WHERE entity_key = entities.key
                         GROUP BY surface ORDER BY count(*) DESC, surface LIMIT 1),
                 kind = (SELECT kind FROM mentions WHERE entity_key = entities.key
                         GROUP BY kind ORDER BY count(*) DESC, kind LIMIT 1)
               WHERE key = ?""",
            [(key,) for key in keys if key not in names],
        )
        self.db.conn.executemany(
            "UPDATE entities SET kind = ?, name = ? WHERE key = ?",
            [(kind, name, key) for key, (kind, name) in names.items() if key in keys],
        )

    def replace_translations(self, translations: Iterable[Translation]) -> None:
        """The lexicon, all of it at once: a new one replaces the old."""
        self.db.execute("DELETE FROM translations")
        self.db["translations"].insert_all(
            (dataclasses.asdict(t) for t in translations), batch_size=10_000
        )

    def analyze(self) -> None:
        """Gather the statistics SQLite's planner chooses indexes by: without them it sorted
        every figure through the value index, 0.34 s for one page of a metric's figures rather
        than 0.08 s. A sample of each index suffices (milliseconds on the full corpus)."""
        self.db.execute("PRAGMA analysis_limit = 1000")
        self.db.execute("ANALYZE")

    def set_meta(self, key: str, value: str) -> None:
        self.db["meta"].insert({"key": key, "value": value}, replace=True)

    # Reading

    def meta(self, key: str) -> str | None:
        rows = list(self.db.query("SELECT value FROM meta WHERE key = ?", [key]))
        return rows[0]["value"] if rows else None

    def file_states(self) -> dict[str, dict]:
        """For each stored episode: path, version, mtime_ns and size, to tell what changed."""
        columns = ("id", "path", "version", "mtime_ns", "size")
        rows = self.db.execute(f"SELECT {', '.join(columns)} FROM episodes")
        return {row[0]: dict(zip(columns, row, strict=True)) for row in rows}

    def data_version(self) -> int:
        """Changes whenever another connection commits to the store."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def versions(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT id, version FROM episodes").fetchall())

    def episode(self, episode_id: str) -> dict | None:
        rows = list(self.db.query("SELECT * FROM episodes WHERE id = ?", [episode_id]))
        if not rows:
            return None
        row = rows[0]
        row["tags"] = [
            r["tag"]
            for r in self.db.query(
                "SELECT tag FROM tags WHERE episode_id = ? ORDER BY tag", [episode_id]
            )
        ]
        row["entities"] = list(
            self.db.query(
                """SELECT e.key, e.kind, e.name, m.front_matter, m.count FROM mentions m
               JOIN entities e ON e.key = m.entity_key WHERE m.episode_id = ?
               ORDER BY m.front_matter DESC, m.count DESC, e.name""",
                [episode_id],
            )
        )
        return row

    def paragraphs(self, episode_id: str) -> list[dict]:
        return list(
            self.db.query(
                "SELECT * FROM paragraphs WHERE episode_id = ? ORDER BY number", [episode_id]
            )
        )

    def paragraph_texts(self, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], dict]:
        """Paragraph rows by (episode id, number)."""
        where, params = figure_table.paragraphs_sql(keys, "episode_id", "number")
        rows = self.db.query(f"SELECT * FROM paragraphs WHERE {where}", params)
        return {(r["episode_id"], r["number"]): r for r in rows}

    def episode_cards(self, ids: Iterable[str]) -> dict[str, dict]:
        """Title, date, speaker and tags of each episode, for search results."""
        ids = list(ids)
        marks = ",".join("?" * len(ids))
        rows = {
            r["id"]: r
            for r in self.db.query(
                f"SELECT id, title, date, speaker, exclude FROM episodes WHERE id IN ({marks})", ids
            )
        }
        for row in rows.values():
            row["tags"] = []
        for r in self.db.query(
            f"SELECT episode_id, tag FROM tags WHERE episode_id IN ({marks}) ORDER BY tag", ids
        ):
            rows[r["episode_id"]]["tags"].append(r["tag"])
        return rows

    def matching_episodes(
        self,
        tag: str | None = None,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity: str | None = None,
        include_excluded: bool = False,
    ) -> set[str]:
        """Ids of the episodes that pass every given filter."""
        conditions = [
            ("id IN (SELECT episode_id FROM tags WHERE tag = ? COLLATE NOCASE)", tag),
            ("speaker = ? COLLATE NOCASE", speaker),
            ("date >= ?", since),
            ("date <= ?", until),
            ("id IN (SELECT episode_id FROM mentions WHERE entity_key = ?)", entity),
        ]
        given = [(condition, value) for condition, value in conditions if value]
        where = [condition for condition, _ in given] + (
            [] if include_excluded else ["exclude = 0"]
        )
        params = [value for _, value in given]
        sql = "SELECT id FROM episodes" + (" WHERE " + " AND ".join(where) if where else "")
        return {row[0] for row in self.db.execute(sql, params)}

    def facet_values(self) -> dict[str, dict[str, tuple]]:
        """For each facet, every episode's values: {"tags": {episode: (tag, ...)}, ...}."""
        facets: dict[str, dict[str, list]] = {
            n: {} for n in ("tags", "companies", "speakers", "years")
        }
        queries = {
            "tags": "SELECT episode_id, tag FROM tags",
            "companies": """SELECT m.episode_id, e.name FROM mentions m JOIN entities e
                            ON e.key = m.entity_key WHERE e.kind = 'company'""",
            "speakers": "SELECT id, speaker FROM episodes WHERE speaker != ''",
            "years": "SELECT id, CAST(year AS TEXT) FROM episodes WHERE year IS NOT NULL",
        }
        for name, sql in queries.items():
            values = facets[name]
            for episode, value in self.db.execute(sql):
                values.setdefault(episode, []).append(value)
        return {n: {e: tuple(v) for e, v in values.items()} for n, values in facets.items()}

    def entity_for(self, name: str, folded: str) -> dict | None:
        """The entity whose key, display name or learnt alias is `name` (folded to `folded`)."""
        rows = list(
            self.db.query(
                """SELECT * FROM entities WHERE key = :folded OR name = :name COLLATE NOCASE
               UNION SELECT e.* FROM aliases a JOIN entities e ON e.key = a.entity_key
               WHERE a.alias = :name COLLATE NOCASE LIMIT 1""",
                {"name": name, "folded": folded},
            )
        )
        return rows[0] if rows else None

    def entity_names(self, kind: str | None = None) -> list[dict]:
        """Entities with the number of episodes that mention them, most mentioned first."""
        where = "WHERE e.kind = ?" if kind else ""
        return list(
            self.db.query(
                f"""SELECT e.key, e.kind, e.name, count(m.episode_id) AS episodes FROM entities e
                JOIN mentions m ON m.entity_key = e.key {where}
                GROUP BY e.key ORDER BY episodes DESC, e.name""",
                [kind] if kind else [],
            )
        )

    def glossary_aliases(self) -> list[tuple[str, str, int]]:
        """(alias, entity key, how many episodes taught it) for each pair the notes' glossaries
        taught."""
        sql = "SELECT alias, entity_key, count(*) FROM aliases GROUP BY alias, entity_key"
        return self.db.execute(sql).fetchall()

    def episode_names(self, episode_id: str) -> list[tuple[str, str, str]]:
        """(name, key, kind) of the names an episode's front matter and glossary give."""
        mentions = self.db.execute(
            "SELECT entity_key, kind, surface, front_matter, count FROM mentions"
            " WHERE episode_id = ?",
            [episode_id],
        ).fetchall()
        aliases = self.db.execute(
            "SELECT alias, entity_key FROM aliases WHERE episode_id = ? ORDER BY alias, entity_key",
            [episode_id],
        ).fetchall()
        return episode_names(mentions, aliases)

    def episode_dates(self) -> dict[str, str | None]:
        """Every episode's date, to order results newest first."""
        return dict(self.db.execute("SELECT id, date FROM episodes").fetchall())

    def speakers(self) -> dict[str, int]:
        """Each speaker as the notes' front matter spells it, with its number of episodes."""
        sql = "SELECT speaker, count(*) FROM episodes WHERE speaker != '' GROUP BY speaker"
        return dict(self.db.execute(sql).fetchall())

    def mention_counts(self, ids: Iterable[str]) -> dict[str, dict[str, int]]:
        """For each of these episodes, how many times it names each entity."""
        ids = list(ids)
        marks = ",".join("?" * len(ids))
        sql = f"SELECT episode_id, entity_key, count FROM mentions WHERE episode_id IN ({marks})"
        counts: dict[str, dict[str, int]] = {e: {} for e in ids}
        for episode, key, count in self.db.execute(sql, ids) if ids else ():
            counts[episode][key] = count or 0
        return counts

    def tag_names(self) -> list[dict]:
        """Tags with the number of episodes carrying them, most used first."""
        sql = "SELECT tag, count(*) AS episodes FROM tags GROUP BY tag ORDER BY episodes DESC, tag"
        return list(self.db.query(sql))

    def user_terms(self) -> set[str]:
        """Glossary terms of every stored episode: jieba keeps them whole."""
        # One string rather than a row per term: a third faster for 70,000 terms.
        sql = "SELECT group_concat(term, char(10)) FROM (SELECT DISTINCT term FROM terms)"
        joined = self.db.execute(sql).fetchone()[0]
        return set(joined.split("\n")) if joined else set()

    def translations(self, lang: str, word: str) -> list[Translation]:
        """The translations of `word` (of language `lang`), likeliest first."""
        rows = self.db.execute(
            "SELECT lang, word, translation, display, weight, origin FROM translations "
            "WHERE lang = ? AND word = ? ORDER BY weight DESC, translation",
            [lang, word],
        )
        return [Translation(*row) for row in rows]

    def english_sample(self, limit: int) -> list[str]:
        """The English side of `limit` paragraphs spread over the store (every n-th that has
        one), in a fixed order."""
        total = self.db.execute("SELECT count(*) FROM paragraphs WHERE en != ''").fetchone()[0]
        step = max(1, total // max(1, limit))
        sql = "SELECT en FROM paragraphs WHERE en != '' AND rowid % ? = 0 LIMIT ?"
        return [row[0] for row in self.db.execute(sql, [step, limit])]

    def paired_paragraphs(self, episode_ids: Iterable[str]) -> int:
        """How many paragraphs of these episodes have both a Chinese and an English side."""
        ids = list(episode_ids)
        marks = ",".join("?" * len(ids))
        sql = (f"SELECT count(*) FROM paragraphs WHERE episode_id IN ({marks}) "
               "AND zh != '' AND en != ''")  # fmt: skip
        return self.db.execute(sql, ids).fetchone()[0] if ids else 0

    def skipped(self) -> list[Skipped]:
        rows = self.db.query("SELECT * FROM skipped ORDER BY path")
        return [Skipped(r["path"], r["line"], r["reason"]) for r in rows]

    def count(self, table: str) -> int:
        return self.db[table].count

    def counts(self) -> dict[str, int]:
        return {t: self.count(t) for t in ("episodes", "paragraphs", "entities", "figures")}

    def figures(
        self, chosen: figure_table.FigureFilter, limit: int | None = None, offset: int = 0,
        sort: str = "date", descending: bool = True,
    ) -> list[FigureRecord]:  # fmt: skip
        return figure_table.select_figures(self.db, chosen, limit, offset, sort, descending)

    def figure_count(self, chosen: figure_table.FigureFilter) -> int:
        return figure_table.count_figures(self.db, chosen)
