"""kb's own postings blocks and fast paths give exactly what Whoosh's would."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from conftest import DATA
from whoosh import query as Q
from whoosh.filedb.filestore import RamStorage

from kb.codec import BLOCK, KbWriter
from kb.index import make_schema
from kb.notes import load_episode
from kb.segment import analyzer, index_terms


def texts(folder: Path, limit: int | None = None) -> list[str]:
    episodes = [load_episode(p) for p in sorted(folder.glob("*.md"))[:limit]]
    return [t for e in episodes for p in e.paragraphs for t in (p.zh, p.en, e.title) if t]


def analysed(chain, text: str) -> dict[str, list[int]]:
    found = defaultdict(list)
    for token in chain(text, positions=True, mode="index"):
        found[token.text].append(token.pos)
    return dict(found)


@pytest.mark.parametrize("stem", [False, True])
def test_index_terms_match_the_analyzer(segmenter, stem):
    chain = analyzer(segmenter, stem=stem)
    extra = ["資本開支的增長5个百分点，数据数据库 GPUs were depreciated; 哈哈哈哈 the the"]
    for text in texts(DATA) + extra:
        fast = {term: list(positions) for term, positions in index_terms(chain, text).items()}
        assert fast == analysed(chain, text), text


@pytest.fixture
def ram_index(segmenter):
    return RamStorage().create_index(make_schema(segmenter))


def add_docs(ix, count: int, start: int = 0) -> None:
    """Paragraphs where 营收 occurs in every third one, once or twice, after 英伟达 in even ones."""
    writer = KbWriter(ix)
    for n in range(start, start + count):
        words = ["英伟达" if n % 2 == 0 else "台积电", "营收"] if n % 3 == 0 else ["利润"]
        if n % 9 == 0:
            words.append("营收")
        writer.add_document(zh=" ".join(words), en=f"paragraph {n}")
    writer.commit(merge=False)


def expected_postings(count: int) -> tuple[list[int], list[float]]:
    docs = [n for n in range(count) if n % 3 == 0]
    return docs, [2.0 if n % 9 == 0 else 1.0 for n in docs]


def leaf_matcher(reader, term: str):
    matcher = reader.postings("zh", term)
    return getattr(matcher, "child", matcher)


def test_postings_span_several_blocks(ram_index):
    count = 3 * BLOCK * 3 + 7
    add_docs(ram_index, count)
    docs, weights = expected_postings(count)
    with ram_index.searcher() as searcher:
        (leaf, _), *_ = searcher.reader().leaf_readers()
        ids, tf = leaf_matcher(leaf, "营收").all_postings()
        assert ids.tolist() == docs and tf.tolist() == weights
        matcher = leaf_matcher(leaf, "营收")
        walked = []
        while matcher.is_active():
            walked.append((matcher.id(), matcher.weight(), matcher.value_as("positions")))
            matcher.next()
        assert [(d, w) for d, w, _ in walked] == list(zip(docs, weights, strict=True))
        assert walked[3] == (9, 2.0, [1, 2])
        matcher = leaf_matcher(leaf, "营收")
        matcher.skip_to(2 * BLOCK * 3 + 1)
        assert matcher.id() == 2 * BLOCK * 3 + 3
        matcher.skip_to(count + 100)
        assert not matcher.is_active()
        phrase = searcher.docs_for_query(Q.Phrase("zh", ["英伟达", "营收"]))
        assert sorted(phrase) == [n for n in docs if n % 2 == 0]


def test_merged_segments_keep_every_posting(ram_index):
    add_docs(ram_index, 1500)
    add_docs(ram_index, 1500, start=1500)
    writer = KbWriter(ram_index)
    writer.commit(optimize=True)
    docs, weights = expected_postings(3000)
    with ram_index.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 1
        (leaf, _), *_ = searcher.reader().leaf_readers()
        ids, tf = leaf_matcher(leaf, "营收").all_postings()
        assert ids.tolist() == docs and tf.tolist() == weights
        assert leaf.stored_fields(0) == {}
        assert searcher.doc_count() == 3000
