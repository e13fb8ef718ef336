"""Word segmentation of Chinese and English: a private jieba instance behind a Whoosh tokenizer.

Positions count words, not characters, so that phrase queries work (jieba's own
`ChineseAnalyzer` numbers tokens by character offset and so never matches a phrase). Stop words are
skipped before positions are given, so "资本的开支" still matches the phrase "资本开支"; this is why
stop words are dropped here rather than by a StopFilter further down the chain.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    StemFilter,
    Token,
    Tokenizer,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.lang.porter import stem as porter_stem

from kb.dictionary import Dictionary, JiebaDag

CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
HAN_BLOCK = re.compile(r"[\u4e00-\u9fd5]+")  # what jieba segments; other characters stand alone
LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:[.][0-9]+)*")
# Han characters only; 2 to 12 of them, optionally with a middle dot (萨提亚·纳德拉).
USER_WORD = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·A-Za-z0-9+]{2,12}$")
FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
# A year said digit by digit (二零二五年, 一九九八年), indexed as its digits too.
CHINESE_YEAR = re.compile(r"[一二][零〇九][零〇一二三四五六七八九]{2}(?=年)")
YEAR_DIGITS = str.maketrans("零〇一二三四五六七八九", "00123456789")

# Function words, and the most frequent words that carry no meaning on their own (counted over
# the postings of real notes): they cost index time and never narrow a search.
STOP_WORDS = frozenset(
    """a an and are as at be but by for if in into is it its of on or so such that the their then
    there these they this to was were will with s t i you we he she me my our your um uh okay
    have has had do does did what like just about can all from when now how get up well don m
    re ve ll d yeah really very also which who them would could should been being than
    的 了 着 地 得 之 和 与 及 或 而 也 就 都 又 还 在 是 有 被 把 对 从
    向 让 给 很 吗 呢 吧 啊 呀 嘛 哦 哈 这 那 这个 那个 这些 那些 我 你
    他 她 它 我们 你们 他们 她们 它们 一个 一些 什么 怎么 因为 所以
    但是 如果 就是 然后 其实 那么 可以 已经 没有 不是 非常 这样 那样
    这种 那种 还是 或者 以及 并且 而且 但 会 说 将 并 来 去 更 要 能 为
    当 以 其 过 跟 里 这是 一种 所有 能够 进行 正在 甚至""".split()
)


def glossary_words(glossary: Iterable[tuple[str, str]]) -> set[str]:
    """Chinese terms of inline glossaries: `**向量数据库**（…）`, `**RPO**（…: 剩余履约义务）`."""
    words = set()
    for term, gloss in glossary:
        words.add(term.strip())
        words.add(re.split(r"[:：]", gloss)[-1].strip())
    return {w for w in words if USER_WORD.match(w) and CJK_RUN.search(w)}


class Segmenter:
    """jieba with kb's user words, behind `cut`; its dictionary is read on first use."""

    def __init__(self, cache_dir: Path, words: Iterable[str] = ()):
        self.cache_dir = Path(cache_dir)
        self.words = {w for w in words if USER_WORD.match(w)}
        self._dag = None

    def __getstate__(self) -> dict:
        # Worker processes read the dictionary from the cache rather than unpickle it.
        return {"cache_dir": self.cache_dir, "words": self.words, "_dag": None}

    @property
    def dag(self) -> JiebaDag:
        if self._dag is None:
            self._dag = JiebaDag(Dictionary.open(self.cache_dir, self.words))
        return self._dag

    @property
    def fold_table(self) -> dict[int, str | int]:
        """Traditional → Simplified, fullwidth → ASCII, one character for one: offsets hold."""
        return _fold_table()

    def fold(self, text: str) -> str:
        return text.translate(_fold_table())

    def _cut_run(self, run: str) -> Iterator[str]:
        """jieba's words of a run of Han characters: `jieba.cut(run)` without its per-call work."""
        cursor = 0
        for block in HAN_BLOCK.finditer(run):
            yield from run[cursor : block.start()]
            yield from self.dag.cut(block.group())
            cursor = block.end()
        yield from run[cursor:]

    def cut(self, text: str, subwords: bool = True) -> Iterator[tuple[str, int, int, bool]]:
        """Yield (word, start, end, is_subword) over folded text; offsets index the original."""
        folded = self.fold(text)
        dag = self.dag
        years = {m.start(): m for m in CHINESE_YEAR.finditer(folded)} if subwords else {}
        cursor = 0
        for run in CJK_RUN.finditer(folded):
            yield from _latin_words(folded, cursor, run.start())
            start = run.start()
            for word in self._cut_run(run.group()):
                end = start + len(word)
                yield word, start, end, False
                if subwords and len(word) > 2:
                    yield from _subwords(dag.freq, word, start)
                for at in range(start, end) if years else ():
                    if at in years:  # 二零二五年 is found by 2025, wherever jieba cut it
                        year = years[at]
                        yield year.group().translate(YEAR_DIGITS), at, year.end(), True
                start = end
            cursor = run.end()
        yield from _latin_words(folded, cursor, len(folded))


def _latin_words(text: str, start: int, end: int) -> Iterator[tuple[str, int, int, bool]]:
    for match in LATIN_WORD.finditer(text, start, end):
        yield match.group(), match.start(), match.end(), False


def _subwords(freq: dict[str, int], word: str, start: int) -> Iterator[tuple[str, int, int, bool]]:
    """Every dictionary word inside a longer word, of any length: 数据中心 and 中心 in
    太空数据中心 (jieba's search mode finds only the pieces of two and three characters)."""
    for size in range(2, len(word)):
        for i in range(len(word) - size + 1):
            piece = word[i : i + size]
            if freq.get(piece):
                yield piece, start + i, start + i + size, True


def to_simplified(text: str) -> str:
    """`text` with Traditional characters as Simplified (萬 → 万, 輛 → 辆), one character for
    one, so that offsets into it index the original."""
    return text.translate(_simplified_table())


@lru_cache(maxsize=1)
def _simplified_table() -> dict[int, str | int]:
    return {p: s for p, s in _fold_table().items() if p not in FULLWIDTH}


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str | int]:
    import opencc

    # One call for every character: no OpenCC phrase spans a newline, so each converts alone.
    points = (*range(0x3400, 0xA000), *range(0xF900, 0xFB00))
    simple = opencc.OpenCC("t2s").convert("\n".join(map(chr, points))).split("\n")
    table: dict[int, str | int] = dict(FULLWIDTH)
    table.update((p, s) for p, s in zip(points, simple, strict=True) if len(s) == 1 and s != chr(p))
    return table


class BilingualTokenizer(Tokenizer):
    """Chinese words from jieba, English words by regex; positions count kept words.

    In index mode every dictionary word inside a longer word (数据库 in 向量数据库, 数据中心 in
    太空数据中心) is emitted at the longer word's position, so that either finds it and a phrase
    over it still holds; in query mode only the whole word is.
    """

    def __init__(self, segmenter: Segmenter, stoplist: frozenset[str] = STOP_WORDS):
        self.segmenter = segmenter
        self.stoplist = stoplist

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BilingualTokenizer) and self.stoplist == other.stoplist

    def __getstate__(self) -> dict:
        # Whoosh pickles the schema into every commit; kb always opens the index with a live one.
        return {"segmenter": None, "stoplist": self.stoplist}

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        pos = start_pos - 1
        for word, start, end, sub in self.segmenter.cut(value, subwords=mode != "query"):
            if not word[0].isalnum() or word.lower() in self.stoplist:
                continue
            if not sub:
                pos += 1
            token.text = word
            token.boost, token.stopped = 1.0, False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class LatinStemFilter(Filter):
    """Stems the words in Latin letters and leaves the others: the Chinese fields hold English
    too (titles, summaries, notes written only in English), where "predictions" must find
    "prediction" as it does in the English field."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = stem_latin(token.text)
            yield token


@lru_cache(maxsize=100_000)
def stem_latin(word: str) -> str:
    """The stem of an English word (Porter's, as the English field has it); other words as
    they are."""
    return porter_stem(word) if word.isascii() and word.isalpha() else word


def analyzer(segmenter: Segmenter, stem: bool = False) -> Analyzer:
    """The analyzer for a text field: with `stem` every word is stemmed (the English field),
    else only the English words (the Chinese fields)."""
    chain = BilingualTokenizer(segmenter) | LowercaseFilter()
    return chain | (StemFilter(cachesize=100_000) if stem else LatinStemFilter())


def is_bilingual(chain: object) -> bool:
    """Whether `chain` is an analyzer made by `analyzer()`, which `index_terms` can run."""
    return isinstance(chain, CompositeAnalyzer) and isinstance(chain.items[0], BilingualTokenizer)


def index_terms(chain: CompositeAnalyzer, text: str) -> dict[str, array]:
    """Each term of `text` with its word positions, exactly as `chain(text, positions=True)` gives
    them in index mode, but without a Token per word: indexing spends most of its time here.

    It repeats BilingualTokenizer's filtering instead of sharing a generator with it, which cost
    7% of indexing; tests/test_codec.py checks that the two agree on every sample paragraph."""
    tokenizer, *filters = chain.items
    stem = next((f._stem for f in filters if isinstance(f, StemFilter)), None)
    stoplist, found, pos = tokenizer.stoplist, {}, -1
    for word, _, _, sub in tokenizer.segmenter.cut(text):
        if not word[0].isalnum():
            continue
        word = word.lower()
        if word in stoplist:
            continue
        if not sub:
            pos += 1
        term = stem(word) if stem else stem_latin(word) if word.isascii() else word
        if term in found:
            found[term].append(pos)
        else:
            found[term] = array("I", (pos,))
    return found
