"""jieba's dictionary read a pair of characters at a time, and the route through it, give exactly
what jieba itself gives with the same user words."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, SAMPLE, SEED

from kb.dictionary import WORDS_FILE, Dictionary, import_jieba
from kb.segment import CJK_RUN, Segmenter


@pytest.fixture(scope="module")
def reference(segmenter):
    """jieba as its documentation has it: each user word added with the frequency that
    suggest_freq gives against jieba's own dictionary."""
    tokenizer = import_jieba().Tokenizer()
    tokenizer.tmp_dir = str(segmenter.cache_dir)
    suggested = {w: tokenizer.suggest_freq(w, False) for w in segmenter.words}
    for word, freq in suggested.items():
        tokenizer.add_word(word, freq)
    return tokenizer


def note_text() -> str:
    return (SEED if SEED.exists() else sorted(DATA.glob("*.md"))[0]).read_text(encoding="utf-8")


def test_every_piece_of_a_text_is_found_as_in_jieba(segmenter, reference):
    dictionary = Dictionary.open(segmenter.cache_dir, segmenter.words)
    text = segmenter.fold(note_text())
    dictionary.need(text)
    assert dictionary.total == reference.total
    pieces = {text[i : i + n] for i in range(len(text)) for n in range(1, 13)}
    wrong = [p for p in pieces if dictionary.freq.get(p) != reference.FREQ.get(p)]
    assert wrong == []
    assert len(dictionary.freq) < len(reference.FREQ) / 4  # only what the text can reach


def test_read_whole_it_is_jiebas_dictionary(segmenter, reference):
    dictionary = Dictionary.open(segmenter.cache_dir, segmenter.words)
    dictionary.read_all()
    assert dictionary.freq == reference.FREQ


def han_runs(folder: Path, segmenter: Segmenter, limit: int | None = None) -> list[str]:
    found = []
    for path in sorted(folder.glob("*.md"))[:limit]:
        text = segmenter.fold(path.read_text(encoding="utf-8", errors="replace"))
        found += [m.group() for m in CJK_RUN.finditer(text)]
    return found


def test_route_matches_jieba_on_the_sample_episodes(segmenter, reference):
    for run in han_runs(DATA, segmenter):
        assert list(segmenter._cut_run(run)) == list(reference.cut(run)), run


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="../shared/corpus is not present")
def test_route_matches_jieba_on_real_notes(segmenter, reference):
    runs = han_runs(SAMPLE, segmenter, limit=40)
    assert len(runs) > 10_000
    mismatches = [r for r in runs if list(segmenter._cut_run(r)) != list(reference.cut(r))]
    assert mismatches == []


def test_the_word_file_is_built_once_whatever_the_user_words(tmp_path):
    text = "黄仁勋说英伟达的剩余履约义务很高"
    first = Segmenter(tmp_path, ["英伟达", "剩余履约义务"])
    words = [w for w, *_ in first.cut(text, subwords=False)]
    assert "剩余履约义务" in words
    (kept,) = tmp_path.glob(WORDS_FILE.format(version="*"))
    written = kept.stat().st_mtime_ns
    again = Segmenter(tmp_path, ["英伟达", "剩余履约义务"])
    assert [w for w, *_ in again.cut(text, subwords=False)] == words
    other = Segmenter(tmp_path, ["英伟达"])
    assert "剩余履约义务" not in [w for w, *_ in other.cut(text, subwords=False)]
    assert kept.stat().st_mtime_ns == written
