"""Keeping the lexicon in step with the notes: learned again once enough pairs have changed.

Learning reads every paragraph pair of the index (about 20 seconds for 230,000 pairs), so an
update that changes a few notes only counts the pairs it changed; the lexicon is learned again
when they reach REFRESH_SHARE of the pairs it was learned from, or when LEXICON_FORMAT, the
way it is learned, has changed since.
"""

from __future__ import annotations

from kb.index import EpisodeMap
from kb.store import Store

LEARNED_FROM = "lexicon_pairs"  # store meta: the pairs the lexicon was learned from
CHANGED_SINCE = "lexicon_changes"  # and the pairs changed since
FORMAT_KEY = "lexicon_format"
# Raise whenever learning changes what is stored (3: CC-CEDICT's terms of two words, and
# Chinese names by their pinyin; 5: a dictionary term taught by either of its words).
LEXICON_FORMAT = "5"
REFRESH_SHARE = 0.1
SURFACE_SAMPLE = 20_000  # English paragraphs read for the words the notes write for each stem


def refresh(store: Store, searcher, changed: int, force: bool = False) -> int | None:
    """Count `changed` pairs and learn the lexicon again when it is due (or `force`d); return
    the number of pairs it was learned from, or None when it was not."""
    learned_from = store.meta(LEARNED_FROM)
    changes = int(store.meta(CHANGED_SINCE) or 0) + changed
    due = (
        learned_from is None
        or changes >= max(1, REFRESH_SHARE * int(learned_from))
        or store.meta(FORMAT_KEY) != LEXICON_FORMAT
    )
    if not (due or force):
        if changed:
            store.set_meta(CHANGED_SINCE, str(changes))
        return None
    from kb.lexicon.learn import learn  # numpy and scipy's sparse matrices: only when due

    emap = EpisodeMap.build(searcher, store.versions())
    translations, pairs = learn(searcher, emap, store.english_sample(SURFACE_SAMPLE))
    with store.transaction():
        store.replace_translations(translations)
        store.set_meta(LEARNED_FROM, str(pairs))
        store.set_meta(CHANGED_SINCE, "0")
        store.set_meta(FORMAT_KEY, LEXICON_FORMAT)
    return pairs
