"""How right the learned translations are: the top translations of a hand-written word list.

    .venv/bin/python bench/lexicon_eval.py --home KB_HOME [--words bench/lexicon_gold.tsv]

Each line of the word list is an English word, a tab, and the Chinese translations a person
accepts, separated by spaces. Prints, for the lexicon the knowledge base holds and for two
association scores computed from the same paragraph pairs (Dice's coefficient and Dunning's
log-likelihood ratio, the alternatives to Model 1), how often the top translation is accepted
(P@1) and how often one of the top three is (P@3), with the time each took.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from whoosh.lang.porter import stem

from kb import KnowledgeBase, Settings
from kb.lexicon.pairs import read_pairs

HERE = Path(__file__).parent


def read_words(path: Path) -> list[tuple[str, set[str]]]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [(word, set(accepted.split())) for word, accepted in rows]


def precision(words: list[tuple[str, set[str]]], top) -> str:
    """P@1 and P@3 of `top(word) -> [translations, best first]` over the word list."""
    first = sum(bool(top(w)[:1]) and top(w)[0] in ok for w, ok in words)
    three = sum(bool(set(top(w)[:3]) & ok) for w, ok in words)
    return f"P@1 {first}/{len(words)}, P@3 {three}/{len(words)}"


def associations(pairs) -> dict[str, sp.csr_matrix]:
    """English × Chinese Dice and log-likelihood-ratio scores over the pairs."""
    en, zh = (pairs.en > 0).astype(np.float64), (pairs.zh > 0).astype(np.float64)
    both = (en.T @ zh).tocoo()
    n = en.shape[0]
    a = both.data
    e, c = np.asarray(en.sum(0)).ravel()[both.row], np.asarray(zh.sum(0)).ravel()[both.col]
    b, d = e - a, c - a

    def xlogx(x):
        return np.where(x > 0, x * np.log(np.maximum(x, 1e-300)), 0.0)

    rest = n - a - b - d
    llr = 2 * (xlogx(a) + xlogx(b) + xlogx(d) + xlogx(rest) - xlogx(a + b) - xlogx(a + d)
               - xlogx(b + rest) - xlogx(d + rest) + xlogx(n))  # fmt: skip
    llr[a * n <= e * c] = 0  # only words that meet more often than by chance
    shape = both.shape
    return {
        "Dice": sp.csr_matrix((2 * a / (e + c), (both.row, both.col)), shape=shape),
        "log-likelihood ratio": sp.csr_matrix((llr, (both.row, both.col)), shape=shape),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--words", type=Path, default=HERE / "lexicon_gold.tsv")
    args = parser.parse_args()
    words = read_words(args.words)
    with KnowledgeBase(Settings(args.home), readonly=True) as kb:
        stored = {w: [t.translation for t in kb.translations(w)] for w, _ in words}
        print(f"Model 1, as stored by kb index: {precision(words, stored.__getitem__)}")
        corpus = kb._corpus()
        started = time.perf_counter()
        pairs = read_pairs(corpus.searcher, corpus.emap)
        print(f"{len(pairs):,} paragraph pairs read in {time.perf_counter() - started:.1f} s")
    column = {w: i for i, w in enumerate(pairs.en_words)}
    for name, scores in associations(pairs).items():

        def top(word: str, scores=scores) -> list[str]:
            row = column.get(stem(word.lower()))
            if row is None:
                return []
            start, end = scores.indptr[row], scores.indptr[row + 1]
            best = np.argsort(-scores.data[start:end])[:3]
            return [pairs.zh_words[j] for j in scores.indices[start:end][best]]

        print(f"{name}: {precision(words, top)}")


if __name__ == "__main__":
    main()
