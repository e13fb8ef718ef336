"""What an index worker makes of one note: the episode and everything the store keeps about it.

Parsing, entity mentions, glossary aliases and figures are all computed here, in the worker
processes, so that the process that writes the store only inserts rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kb.cache import read_json, write_json
from kb.entities import KINDS, EntityTable, episode_names, glossary_aliases, split_name
from kb.figures import NUMERALS, episode_figures
from kb.models import Episode, Figure, Skipped
from kb.notes import NoteError, load_episode
from kb.segment import glossary_words

NUMERALS_FILE = "numerals.json"


@dataclass(frozen=True)
class Job:
    """A note to read: where it is, its episode id, (mtime_ns, size) and content version."""

    path: str
    id: str
    stat: tuple[int, int]
    version: str


@dataclass
class Parsed:
    """A parsed note with what the store needs besides the episode itself."""

    job: Job
    episode: Episode
    mentions: list[tuple[str, str, str, bool, int]]
    aliases: list[tuple[str, str]]  # sorted: the store keeps an alias's first key
    terms: set[str]
    figures: list[tuple[int, list[Figure]]]  # (paragraph number, its figures)


def prepare(job: Job, table: EntityTable) -> Parsed | Skipped:
    """Parse one note and find its entities; a bad note becomes a Skipped record."""
    try:
        episode = load_episode(Path(job.path))
        mentions = entity_mentions(episode, table)
        aliases = sorted(glossary_aliases(table, episode.glossary))
        own = table.extended(episode_names(mentions, aliases))
        figures = episode_figures(episode.paragraphs, date=episode.date, entities=own)
    except NoteError as e:
        return Skipped(e.path, e.line, e.reason)
    except Exception as e:  # one bad file must not end a run over thousands
        return Skipped(job.path, 0, f"could not be parsed ({type(e).__name__}: {e}); note skipped")
    return Parsed(job, episode, mentions, aliases, glossary_words(episode.glossary), figures)


def entity_mentions(episode: Episode, table: EntityTable) -> list[tuple[str, str, str, bool, int]]:
    """(key, kind, surface, in front matter, count) for front matter names and text mentions."""
    rows: dict[str, list] = {}
    for kind, names in zip(
        KINDS, (episode.companies, episode.people, episode.products), strict=True
    ):
        for name in names:
            for part in split_name(name):
                key = table.resolve(part)
                if key and key not in rows:
                    known = table.entities.get(key)
                    rows[key] = [
                        known.kind if known else kind,
                        known.name if known else part,
                        True,
                        0,
                    ]
    counts: Counter[str] = Counter()
    for p in episode.paragraphs:
        counts.update(table.mentions(p.zh))
        counts.update(table.mentions(p.en))
    counts.update(table.mentions(episode.title))
    for key, count in counts.items():
        entity = table.entities[key]
        rows.setdefault(key, [entity.kind, entity.name, False, 0])[3] = count
    return [(key, *row) for key, row in rows.items()]


def header_keywords(parsed: Parsed, table: EntityTable) -> list[str]:
    """Tags, front-matter entities (with their table names), speaker and category."""
    episode = parsed.episode
    words = [t.replace("-", " ") for t in episode.tags]
    words += [*episode.companies, *episode.people, *episode.products, episode.speaker]
    words += [
        table.entities[k].name
        for k, *_, front, _ in parsed.mentions
        if front and k in table.entities
    ]
    return [w for w in (*words, episode.category) if w]


def read_numerals(cache_dir: Path) -> int:
    """Add the Chinese numerals converted by earlier runs to NUMERALS, so that cn2an is imported
    only for a numeral never seen before; returns how many the file holds."""
    kept = read_json(cache_dir / NUMERALS_FILE) or {}
    NUMERALS.update(kept)
    return len(kept)


def write_numerals(cache_dir: Path) -> None:
    write_json(cache_dir / NUMERALS_FILE, NUMERALS)
