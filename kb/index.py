"""The Whoosh index: one document per paragraph pair, plus one header document per episode.

The index holds postings only; text lives in SQLite. An episode's documents are added in one run
(header first, then its paragraphs in order) and are only ever deleted together, so a paragraph's
number is its distance from the header document, and no paragraph document stores anything.
Every header document carries its episode's version, so a search can ignore documents that the
store has not committed yet, or has already replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.writing import MERGE_SMALL, SegmentWriter

from kb.codec import KbWriter, WordPositions, leaf_postings
from kb.errors import EmptyIndex
from kb.models import Episode
from kb.segment import LATIN_WORD, Segmenter, analyzer

# Raised whenever the documents' layout, or what the store derives from a note, changes: kb then
# rebuilds the index and the store from every known note.
INDEX_FORMAT = "9"


def last_commit(ix) -> str:
    """Names the index's last commit: its generation, and when its table of contents was written."""
    return f"{ix.latest_generation()}@{ix.last_modified()}"


def make_writer(ix, **options) -> KbWriter:
    """A writer for kb's codec; pass `_lk=False` for a worker's segment.

    Segments stay as separate files: Whoosh opens a part of a compound segment file by copying
    it into memory, which cost a second per search-index open on the full corpus.
    """
    writer = KbWriter(ix, compound=False, **options)
    writer.mergetype = merge_live
    return writer


def merge_live(writer: SegmentWriter, segments: list) -> list:
    """Whoosh's MERGE_SMALL over the segments that still hold a live document. A note changed
    twice leaves a segment whose documents are all deleted, which Whoosh would keep for good."""
    return MERGE_SMALL(writer, [s for s in segments if s.deleted_count() < s.doc_count_all()])


def _text(chain) -> TEXT:
    field = TEXT(analyzer=chain, phrase=True)
    field.format = WordPositions(field_boost=field.format.field_boost)
    return field


def make_schema(segmenter: Segmenter) -> Schema:
    zh, en = analyzer(segmenter), analyzer(segmenter, stem=True)
    return Schema(
        episode=ID(stored=True),
        version=ID(stored=True),
        kind=ID,
        paragraphs=STORED,
        zh=_text(zh),
        en=_text(en),
        title=_text(zh),
        summary=_text(zh),
        keywords=_text(zh),
    )


def open_index(index_dir: Path, segmenter: Segmenter, create: bool = False):
    """Open (or with `create`, make) the index in `index_dir` with a live analyzer."""
    schema = make_schema(segmenter)
    if whoosh_index.exists_in(str(index_dir)):
        return whoosh_index.open_dir(str(index_dir), schema=schema)
    if not create:
        raise EmptyIndex(f"no search index in {index_dir.parent}: run `kb index PATH` first")
    index_dir.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(index_dir), schema)


def add_episode(writer: SegmentWriter, episode: Episode, version: str, keywords: list[str]) -> None:
    """Add the header document and one document per paragraph, in paragraph order."""
    writer.add_document(
        episode=episode.id,
        version=version,
        kind="h",
        paragraphs=len(episode.paragraphs),
        title=episode.title,
        summary=episode.summary,
        keywords="\n".join(keywords),
    )
    for paragraph in episode.paragraphs:
        writer.add_document(zh=paragraph.zh, en=paragraph.en)


def delete_versions(writer: SegmentWriter, versions: set[str]) -> None:
    """Delete each version's header document and the paragraph documents that follow it."""
    if not versions:
        return
    with writer.searcher() as searcher:
        for version in versions:
            for header in searcher.document_numbers(version=version, kind="h"):
                count = searcher.stored_fields(header)["paragraphs"]
                for docnum in range(header, header + count + 1):
                    writer.delete_document(docnum)


def vocabulary(searcher, fields: tuple[str, ...]) -> list[str]:
    """The words of `fields` written in Latin letters (not numbers), once each, sorted."""
    words = set()
    reader = searcher.reader()
    for fieldname in fields:  # terms are lower case and sorted: the words run from a to z
        for name, term in reader.terms_from(fieldname, "a"):
            word = term.decode("utf-8") if isinstance(term, bytes) else term
            if name != fieldname or word[0] > "z":
                break
            if LATIN_WORD.fullmatch(word):
                words.add(word)
    return sorted(words)


@dataclass
class EpisodeMap:
    """Maps document numbers to (episode, paragraph) through the sorted header documents.

    Header documents of deleted or uncommitted versions stay in the map, marked invalid, so that
    their paragraphs map to them and are dropped rather than to the episode before them.
    """

    headers: np.ndarray  # docnums of all header documents, ascending
    episodes: list[str]
    versions: list[str]
    valid: np.ndarray  # not deleted, and the version the store has committed

    @classmethod
    def build(cls, searcher, committed: dict[str, str]) -> EpisodeMap:
        docnums, episodes, versions, valid = [], [], [], []
        for leaf, base in searcher.reader().leaf_readers():
            if not leaf.doc_count_all():
                continue
            deleted = leaf.deleted_docs_set if leaf.has_deletions() else frozenset()
            for doc in leaf_postings(leaf, "kind", "h")[0].tolist():
                fields = leaf.stored_fields(doc)
                docnums.append(doc + base)
                episodes.append(fields["episode"])
                versions.append(fields["version"])
                valid.append(
                    doc not in deleted and committed.get(fields["episode"]) == fields["version"]
                )
        return cls(
            np.array(docnums, dtype=np.int64), episodes, versions, np.array(valid, dtype=bool)
        )

    def slots(self, docnums) -> np.ndarray:
        """For each docnum, the index of its episode's header; -1 where it is not committed."""
        docnums = np.asarray(docnums, dtype=np.int64)
        slots = np.searchsorted(self.headers, docnums, side="right") - 1
        ok = (slots >= 0) & self.valid[np.maximum(slots, 0)]
        return np.where(ok, slots, -1)

    def committed_versions(self) -> dict[str, str]:
        return {
            e: v for e, v, ok in zip(self.episodes, self.versions, self.valid, strict=True) if ok
        }
