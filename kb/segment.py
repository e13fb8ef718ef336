"""Word segmentation of Chinese and English: a private jieba instance behind a Whoosh tokenizer.

Positions count words, not characters, so that phrase queries work (jieba's own
`ChineseAnalyzer` numbers tokens by character offset and so never matches a phrase). Stop words are
skipped before positions are given, so "资本的开支" still matches the phrase "资本开支"; this is why
stop words are dropped here rather than by a StopFilter further down the chain.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import sys
from array import array
from collections.abc import Iterable, Iterator
from math import log
from pathlib import Path

from whoosh.analysis import (
    Analyzer,
    LowercaseFilter,
    StemFilter,
    Token,
    Tokenizer,
)
from whoosh.analysis.analyzers import CompositeAnalyzer

CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
HAN_BLOCK = re.compile(r"[\u4e00-\u9fd5]+")  # what jieba segments; other characters stand alone
LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:[.][0-9]+)*")
# Han characters only; 2 to 12 of them, optionally with a middle dot (萨提亚·纳德拉).
USER_WORD = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·A-Za-z0-9+]{2,12}$")
USER_FREQS = "user-word-freqs.json"
# jieba's dictionary with kb's user words, pickled: loads in a fifth of jieba's own start-up.
DICTIONARY = "dictionary"
GUESSES_KEPT = 200_000
FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}

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
    """A private jieba `Tokenizer` with kb's user words; built on first use, never at import."""

    def __init__(self, cache_dir: Path, words: Iterable[str] = ()):
        self.cache_dir = Path(cache_dir)
        self.words = sorted({w for w in words if USER_WORD.match(w)})
        self._jieba = None
        self._dag = None
        self._fold = None

    def __getstate__(self) -> dict:
        # Worker processes rebuild jieba from the cache rather than unpickle its 350k-word dict.
        state = {"cache_dir": self.cache_dir, "words": self.words}
        return state | {"_jieba": None, "_dag": None, "_fold": None}

    @property
    def jieba(self):
        if self._jieba is None:
            self._jieba = _load_jieba(self.cache_dir, self.words)
        return self._jieba

    @property
    def dag(self) -> JiebaDag:
        if self._dag is None:
            self._dag = JiebaDag(self.jieba)
        return self._dag

    @property
    def fold_table(self) -> dict[int, str | int]:
        """Traditional → Simplified, fullwidth → ASCII, one character for one: offsets hold."""
        if self._fold is None:
            self._fold = _fold_table()
        return self._fold

    def fold(self, text: str) -> str:
        return text.translate(self.fold_table)

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
        jieba = self.jieba
        cursor = 0
        for run in CJK_RUN.finditer(folded):
            yield from _latin_words(folded, cursor, run.start())
            start = run.start()
            for word in self._cut_run(run.group()):
                end = start + len(word)
                yield word, start, end, False
                if subwords and len(word) > 2:
                    yield from _subwords(jieba.FREQ, word, start)
                start = end
            cursor = run.end()
        yield from _latin_words(folded, cursor, len(folded))


def _latin_words(text: str, start: int, end: int) -> Iterator[tuple[str, int, int, bool]]:
    for match in LATIN_WORD.finditer(text, start, end):
        yield match.group(), match.start(), match.end(), False


def _subwords(freq: dict[str, int], word: str, start: int) -> Iterator[tuple[str, int, int, bool]]:
    """The dictionary words inside a long word, as jieba's search mode finds them."""
    for size in (2, 3):
        if len(word) <= size:
            break
        for i in range(len(word) - size + 1):
            piece = word[i : i + size]
            if freq.get(piece):
                yield piece, start + i, start + i + size, True


class LogFrequencies(dict):
    """log(frequency) - log(total) of each dictionary word, computed on first use; None for a
    prefix that is not a word. jieba computes the logarithm for every candidate of every run."""

    def __init__(self, freq: dict[str, int], total: int):
        super().__init__()
        self.freq, self.logtotal = freq, log(total)

    def __missing__(self, word: str) -> float | None:
        count = self.freq[word]
        self[word] = value = log(count) - self.logtotal if count else None
        return value


class JiebaDag:
    """jieba's `__cut_DAG` (best route through the dictionary's word graph, HMM for runs of
    unknown single characters) in one pass, with identical results; twice as fast."""

    def __init__(self, tokenizer):
        from jieba import finalseg

        self.freq = tokenizer.FREQ
        self.logp = LogFrequencies(tokenizer.FREQ, tokenizer.total)
        self.unknown = log(1) - self.logp.logtotal
        self.hmm = finalseg.cut
        self.guessed: dict[str, list[str]] = {}

    def cut(self, sentence: str) -> list[str]:
        ends = self.route(sentence)
        words, buf, x = [], "", 0
        while x < len(sentence):
            y = ends[x]
            if y - x == 1:
                buf += sentence[x]
            else:
                if buf:
                    words += self.unknown_run(buf)
                    buf = ""
                words.append(sentence[x:y])
            x = y
        if buf:
            words += self.unknown_run(buf)
        return words

    def route(self, sentence: str) -> list[int]:
        """For each start, the end of the word on the most probable path to the end."""
        freq, logp, n = self.freq, self.logp, len(sentence)
        score, ends = [0.0] * (n + 1), [0] * n
        for start in range(n - 1, -1, -1):
            best, stop, i, frag = None, start + 1, start, sentence[start]
            while i < n and frag in freq:
                if (value := logp[frag]) is not None:
                    value += score[i + 1]
                    if best is None or value >= best:  # ties go to the longer word, as in jieba
                        best, stop = value, i + 1
                i += 1
                frag = sentence[start : i + 1]
            score[start] = self.unknown + score[start + 1] if best is None else best
            ends[start] = stop
        return ends

    def unknown_run(self, buf: str) -> list[str]:
        """Single characters off the dictionary's path; the HMM guesses their words. Its guesses
        are kept: most such runs (names, rare terms) come back again and again."""
        if len(buf) == 1:
            return [buf]
        if self.freq.get(buf):
            return list(buf)
        if buf not in self.guessed:
            if len(self.guessed) >= GUESSES_KEPT:
                self.guessed.clear()
            self.guessed[buf] = list(self.hmm(buf))
        return self.guessed[buf]


def _import_jieba():
    """jieba, imported here because it sets up a DEBUG log handler when imported, and without
    pkg_resources: jieba reaches for it only to open its own data files, opens them directly
    when it is missing, and importing it costs a sixth of a second and a DeprecationWarning."""
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    return jieba


def _load_jieba(cache_dir: Path, words: list[str]):
    """A jieba tokenizer with `words` added: from the pickle of an earlier run with the same
    words, else built (slowly) and pickled."""
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir)
    key = hashlib.blake2b("\n".join([jieba.__version__, *words]).encode(), digest_size=8)
    built = cache_dir / f"{DICTIONARY}-{key.hexdigest()}.pickle"
    try:
        tokenizer.FREQ, tokenizer.total = pickle.loads(built.read_bytes())
        tokenizer.initialized = True
        return tokenizer
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
        pass
    _add_words(tokenizer, cache_dir, words)
    for old in cache_dir.glob(f"{DICTIONARY}-*.pickle"):
        old.unlink(missing_ok=True)
    partial = built.with_suffix(f".{os.getpid()}")
    partial.write_bytes(pickle.dumps((tokenizer.FREQ, tokenizer.total), pickle.HIGHEST_PROTOCOL))
    os.replace(partial, built)
    return tokenizer


def _add_words(tokenizer, cache_dir: Path, words: list[str]) -> None:
    """Load jieba's dictionary and add kb's user words to it."""
    tokenizer.initialize()
    freqs = _read_freqs(cache_dir)
    missing = [w for w in words if w not in freqs]
    if missing:
        # Against the base dictionary only, so a word's frequency does not depend on which words
        # were added before it, and the cache stays exact whatever order notes arrive in.
        freqs.update((w, tokenizer.suggest_freq(w, False)) for w in missing)
        _write_freqs(cache_dir, freqs)
    for word in words:
        tokenizer.add_word(word, freqs[word])


def _read_freqs(cache_dir: Path) -> dict[str, int]:
    """User-word frequencies computed by earlier runs: jieba's suggest_freq is slow."""
    try:
        return json.loads((cache_dir / USER_FREQS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_freqs(cache_dir: Path, freqs: dict[str, int]) -> None:
    partial = cache_dir / f"{USER_FREQS}.{os.getpid()}"
    partial.write_text(json.dumps(freqs, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, cache_dir / USER_FREQS)


def _fold_table() -> dict[int, str | int]:
    import opencc

    converter = opencc.OpenCC("t2s")
    table: dict[int, str | int] = dict(FULLWIDTH)
    for cp in (*range(0x3400, 0xA000), *range(0xF900, 0xFB00)):
        simple = converter.convert(chr(cp))
        if len(simple) == 1 and simple != chr(cp):
            table[cp] = simple
    return table


class BilingualTokenizer(Tokenizer):
    """Chinese words from jieba, English words by regex; positions count kept words.

    In index mode the dictionary words inside a long word (数据库 in 向量数据库) are emitted at
    the long word's position, so both find it; in query mode only the whole word is.
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


def analyzer(segmenter: Segmenter, stem: bool = False) -> Analyzer:
    """The analyzer for a text field; English words are stemmed when `stem` is true."""
    chain = BilingualTokenizer(segmenter) | LowercaseFilter()
    return chain | StemFilter(cachesize=100_000) if stem else chain


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
        term = stem(word) if stem else word
        if term in found:
            found[term].append(pos)
        else:
            found[term] = array("I", (pos,))
    return found
