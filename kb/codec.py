"""How kb's Whoosh segments store postings: whole blocks of fixed-width records.

Whoosh's own codec pickles and compresses every block of 128 postings, then decodes them one
Python object at a time; collecting the postings of a common word for a search spent half its
time there, and writing them cost as much as segmenting the text. Here a block is a small header
and then one record per posting (document number, weight, value size) followed by the values,
so writing copies bytes and reading is one `numpy.frombuffer`. Records use the machine's byte
order: an index is built and read on the same machine.

A writer keeps every posting of its segment in memory, term by term in document order (documents
arrive in order), so nothing is sorted or spilled to disk; `KbWriter.add_document` also asks the
field's analyzer for each term's positions directly instead of one Whoosh token at a time.
"""

from __future__ import annotations

import struct
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import accumulate

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3TermInfo
from whoosh.formats import Positions
from whoosh.matching.mcore import LeafMatcher
from whoosh.system import pack_ushort
from whoosh.writing import SegmentWriter

from kb.segment import index_terms, is_bilingual

RECORD = struct.Struct("=IfI")  # document number, weight, size of the value in bytes
HEADER = struct.Struct("=IIfI")  # postings in the block, last document, best weight, value bytes
RECORDS = np.dtype([("doc", "=u4"), ("weight", "=f4"), ("size", "=u4")])
BLOCK = 1024


class WordPositions(Positions):
    """Word positions stored as an array of unsigned ints: decoding is one C call."""

    def encode(self, poslist) -> bytes:
        return array("I", poslist).tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return array("I", valuestring).tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost


class KbCodec(W3Codec):
    """Whoosh's file layout with kb's postings blocks and no per-block length statistics."""

    length_stats = False

    def field_writer(self, storage, segment):
        return BlockFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return BlockPostingsWriter(dbfile)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        offset, length = terminfo.extent()
        if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves it a 1-tuple
            (length,) = length
        return BlockMatcher(dbfile.get(offset, length), format_, term=term, scorer=scorer)


def write_postings(postfile, records: bytes, values: bytes) -> W3TermInfo:
    """Write one term's postings (RECORD-packed, in document order) and return its term info."""
    info, start = W3TermInfo(), postfile.tell()
    numbers = array("I", records)
    docs, sizes = numbers[0::3], numbers[2::3]
    weights = array("f", records)[1::3]
    at = 0
    for first in range(0, len(docs), BLOCK):
        last = min(first + BLOCK, len(docs))
        size = sum(sizes[first:last])
        postfile.write(HEADER.pack(last - first, docs[last - 1], max(weights[first:last]), size))
        postfile.write(records[first * RECORD.size : last * RECORD.size])
        postfile.write(values[at : at + size])
        at += size
    info._weight, info._df = sum(weights), len(docs)
    info._maxweight = max(weights)
    info._minid, info._maxid = docs[0], docs[-1]
    info.set_extent(start, postfile.tell() - start)
    return info


class BlockFieldWriter(W3FieldWriter):
    def add_term(self, btext: bytes, records: bytes, values: bytes) -> None:
        """Write a whole term at once: what a flush from memory does."""
        info = write_postings(self._postfile, records, values)
        self._tindex.add(pack_ushort(self._fieldid) + btext, info.to_bytes())


class BlockPostingsWriter:
    """Whoosh's one-posting-at-a-time interface (used when segments merge) over write_postings."""

    def __init__(self, postfile):
        self._postfile = postfile

    def start_postings(self, format_, terminfo) -> None:
        self._records, self._values = bytearray(), bytearray()

    def add_posting(self, id_, weight, vbytes, length=None) -> None:
        self._records += RECORD.pack(id_, weight, len(vbytes))
        self._values += vbytes

    def finish_postings(self) -> W3TermInfo:
        return write_postings(self._postfile, bytes(self._records), bytes(self._values))

    def written(self) -> bool:
        return False


class BlockMatcher(LeafMatcher):
    """Whoosh's matcher interface over one term's blocks, read from a bytes copy of them."""

    def __init__(self, data: bytes, format_, term=None, scorer=None):
        self._data, self.format, self._term, self.scorer = data, format_, term, scorer
        self.reset()

    def reset(self) -> None:
        self._goto(0)

    def _goto(self, offset: int) -> None:
        count, self._maxid, self._maxweight, size = HEADER.unpack_from(self._data, offset)
        start = offset + HEADER.size
        end = start + count * RECORD.size
        numbers = array("I", self._data[start:end])
        self._ids, self._sizes = numbers[0::3], numbers[2::3]
        self._weights = array("f", self._data[start:end])[1::3]
        self._values_at, self._starts = end, None
        self._next, self._i, self._count = end + size, 0, count

    def is_active(self) -> bool:
        return self._i < self._count

    def id(self) -> int:
        return self._ids[self._i]

    def weight(self) -> float:
        return self._weights[self._i]

    def value(self) -> bytes:
        if self._starts is None:
            self._starts = [0, *accumulate(self._sizes)]
        at = self._values_at
        return self._data[at + self._starts[self._i] : at + self._starts[self._i + 1]]

    def next(self) -> bool:
        self._i += 1
        if self._i == self._count and self._next < len(self._data):
            self._goto(self._next)
            return True
        return False

    def skip_to(self, target: int) -> None:
        while self._maxid < target and self._next < len(self._data):
            self._goto(self._next)
        self._i = bisect_left(self._ids, target, self._i)

    def block_min_id(self) -> int:
        return self._ids[0]

    def block_max_id(self) -> int:
        return self._maxid

    def block_max_weight(self) -> float:
        return self._maxweight

    def block_min_length(self) -> int:
        return 1

    def block_max_length(self) -> int:
        return 0xFFFFFFFF

    def all_postings(self) -> tuple[np.ndarray, np.ndarray]:
        """Every (document numbers, weights) of the term as arrays, without a Python loop per
        posting: what a search reads for the words of a query."""
        parts, offset = [], 0
        while offset < len(self._data):
            count, _, _, size = HEADER.unpack_from(self._data, offset)
            start = offset + HEADER.size
            parts.append(np.frombuffer(self._data, RECORDS, count, start))
            offset = start + count * RECORD.size + size
        records = np.concatenate(parts) if len(parts) > 1 else parts[0]
        return records["doc"].astype(np.int64), records["weight"].astype(np.float32)


# A term's info in Whoosh's W3 table: flags, weight, document frequency, ..., then (when its
# postings are not inlined, which kb's writer never does) their offset and length.
TERM_INFO = struct.Struct("!BfIBBfII")
EXTENT = struct.Struct("!qi")


@dataclass(frozen=True)
class FieldTerm:
    """A term of one segment's field as `field_terms` reads it."""

    text: str
    docs: int  # how many documents hold it, deleted ones included
    offset: int
    length: int


def field_terms(leaf, fieldname: str, keep: Callable[[str], bool]) -> Iterator[FieldTerm]:
    """Each term of a field in one segment that `keep` accepts.

    Reads the segment's term table directly and decodes only the frequency and the place of
    the postings: Whoosh's term iterators merge segments through a heap and build objects per
    term, twenty times slower over a whole index.
    """
    terms = getattr(leaf, "_terms", None)  # an index without segments reads as an EmptyReader
    if terms is None or fieldname not in terms._fieldmap:
        return
    prefix = pack_ushort(terms._fieldmap[fieldname])
    for key, value in terms._tindex.items_from(prefix):
        if not key.startswith(prefix):
            return
        text = key[len(prefix) :].decode("utf-8")
        if keep(text):
            flags, _, docs, *_ = TERM_INFO.unpack_from(value)
            offset, length = EXTENT.unpack_from(value, TERM_INFO.size) if not flags else (0, 0)
            yield FieldTerm(text, docs, offset, length)


def term_docs(leaf, term: FieldTerm) -> np.ndarray:
    """The document numbers (deleted ones included) of a term that `field_terms` gave."""
    data = leaf._terms._postfile.get(term.offset, term.length)
    parts, at = [], 0
    while at < len(data):
        count, _, _, size = HEADER.unpack_from(data, at)
        parts.append(np.frombuffer(data, RECORDS, count, at + HEADER.size)["doc"])
        at += HEADER.size + count * RECORD.size + size
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


def leaf_positions(leaf, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
    """(document, word position) of every occurrence of a term in one segment, deleted
    documents included: a phrase is checked over these arrays rather than a matcher a document
    at a time."""
    matcher = leaf.postings(fieldname, text)
    data = getattr(matcher, "child", matcher)._data
    docs, positions, at = [], [], 0
    while at < len(data):
        count, _, _, size = HEADER.unpack_from(data, at)
        records = np.frombuffer(data, RECORDS, count, at + HEADER.size)
        values = at + HEADER.size + count * RECORD.size
        docs.append(np.repeat(records["doc"], records["size"] // 4))
        positions.append(np.frombuffer(data, "=u4", size // 4, values))
        at = values + size
    return np.concatenate(docs).astype(np.int64), np.concatenate(positions).astype(np.int64)


def leaf_postings(leaf, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
    """Every (docnum, weight) of a term in one segment, deleted documents included: Whoosh's
    FilterMatcher skips those, and a deleted header must still own its deleted paragraphs."""
    matcher = leaf.postings(fieldname, text)
    return getattr(matcher, "child", matcher).all_postings()


class PostingsBuffer:
    """A segment's postings in memory: field → term → (packed records, values)."""

    def __init__(self):
        self.fields: dict[str, dict[bytes, tuple[bytearray, bytearray]]] = {}
        self.size = 0

    def terms(self, fieldname: str) -> dict[bytes, tuple[bytearray, bytearray]]:
        return self.fields.setdefault(fieldname, {})

    def add(self, item: tuple) -> None:
        """Whoosh's pool interface: one (field, term, docnum, weight, value) posting."""
        fieldname, btext, docnum, weight, vbytes = item
        self.append(self.terms(fieldname), btext, docnum, weight, vbytes or b"")

    def append(self, terms: dict, btext: bytes, docnum: int, weight: float, value: bytes) -> None:
        """One posting of a term of the field whose `terms` these are."""
        if btext not in terms:
            terms[btext] = (bytearray(), bytearray())
        records, values = terms[btext]
        records += RECORD.pack(docnum, weight, len(value))
        values += value
        self.size += RECORD.size + len(value)

    def cleanup(self) -> None:
        self.fields.clear()


class KbWriter(SegmentWriter):
    """A SegmentWriter that keeps postings in a PostingsBuffer and writes them with KbCodec."""

    def __init__(self, ix, **options):
        super().__init__(ix, codec=KbCodec(), **options)
        self.pool = PostingsBuffer()

    def add_document(self, **fields) -> None:
        self._check_state()
        self._check_fields(self.schema, fields)
        docnum, pdw = self.docnum, self.perdocwriter
        pdw.start_doc(docnum)
        for name in sorted(fields):
            value, field = fields[name], self.schema[name]
            if value is None:
                continue
            length = self._index_field(name, field, value, docnum) if field.indexed else 0
            pdw.add_field(name, field, value if field.stored else None, length)
        pdw.finish_doc()
        self._added = True
        self.docnum += 1

    def _index_field(self, name: str, field, value, docnum: int) -> int:
        """Add a field's postings for one document; return its length in words."""
        if not is_bilingual(field.analyzer):
            length = 0
            for btext, freq, weight, vbytes in field.index(value):
                self.pool.add((name, btext, docnum, weight, vbytes))
                length += freq if field.scorable else 0
            return length
        terms, length = self.pool.terms(name), 0
        for word, positions in index_terms(field.analyzer, value).items():
            value = positions.tobytes()
            self.pool.append(terms, word.encode("utf-8"), docnum, len(positions), value)
            length += len(positions)
        return length

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        writer = self.fieldwriter
        for fieldname in sorted(self.pool.fields):
            writer.start_field(fieldname, self.schema[fieldname])
            terms = self.pool.fields[fieldname]
            for btext in sorted(terms):
                records, values = terms[btext]
                writer.add_term(btext, bytes(records), bytes(values))
            writer.finish_field()
        writer.close()
