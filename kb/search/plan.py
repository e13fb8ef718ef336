"""A query, parsed: the words to score, the tree that says which episodes match, and what each
word was widened with."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from whoosh import query as Q
from whoosh.qparser import FieldsPlugin, QueryParser, WildcardPlugin

from kb.errors import BadQuery
from kb.models import Widening
from kb.segment import Segmenter, analyzer

MAX_QUERY_CHARS = 1000
# A query of this many words or more also finds episodes that hold most of them: a note in the
# other language may name a person its own way or leave out a detail, and still be the answer.
RELAXED_WORDS = 3


@dataclass(frozen=True)
class Word:
    """One word (or quoted phrase) of a query, analyzed for the Chinese and the English fields.

    `alternatives` are what the word was widened with (its translations, an entity's other
    names, the entity it is a near spelling of), each with its `weight` and `why`. An episode
    holds the word when it holds the word or any alternative.
    """

    zh: tuple[str, ...]
    en: tuple[str, ...]
    phrase: bool = False
    text: str = ""
    quoted: bool = False  # written in quotes: searched as written, never widened
    surfaces: tuple[str, ...] = ()  # each token as the query wrote it (tokens are stemmed)
    weight: float = 1.0
    why: str = ""  # "translation", "entity" or "spelling", for an alternative
    alternatives: tuple[Word, ...] = ()

    def tokens(self, field: str) -> tuple[str, ...]:
        return self.en if field == "en" else self.zh

    def variants(self) -> tuple[Word, ...]:
        return (self, *self.alternatives)


# widen(plan, words) → the words, merged where several name one thing, with alternatives
Widen = Callable[["QueryPlan", list[Word]], list[Word]]


class QueryPlan:
    """A parsed query: the words to score, and the tree that says which episodes match.

    Every word must occur somewhere in an episode: any paragraph, its title, summary or tags.
    `"quoted words"` must occur together, `NOT word` and `-word` leave episodes out, `OR` offers
    alternatives. Given `widen`, each word not in quotes also matches its alternatives, and a
    query of RELAXED_WORDS words or more also matches episodes holding most of them.
    """

    def __init__(self, text: str, segmenter: Segmenter, widen: Widen | None = None):
        text = text.strip()
        if not text:
            raise BadQuery("the query is empty: give a word to search for")
        if len(text) > MAX_QUERY_CHARS:
            raise BadQuery(
                f"the query is {len(text)} characters long; keep it under {MAX_QUERY_CHARS}"
            )
        if text.count('"') % 2:
            raise BadQuery(f'unclosed quote in query {text!r}: add the closing "')
        self.segmenter = segmenter
        self.zh_an, self.en_an = analyzer(segmenter), analyzer(segmenter, stem=True)
        parser = QueryParser("text", None)
        parser.remove_plugin_class(FieldsPlugin)
        parser.remove_plugin_class(WildcardPlugin)  # `*` and `x*` are plain words here
        self.text = text
        tree = self._build(parser.parse(text))
        if tree is None or not list(_leaves(tree)):
            raise BadQuery(f"nothing to search for in {text!r}: give a word to look for")
        # the words as typed, whose own tokens score nearness and phrases
        self.sequences = [w for w in _leaves(tree) if len(w.zh) > 1 or len(w.en) > 1]
        self.tree = self._widen(tree, widen) if widen else tree
        self.words = list(_leaves(self.tree))
        self.wanted = flat_words(self.tree)
        # how many of the wanted words an episode must hold, when not all of them
        self.required: int | None = None
        if widen and self.wanted and len(self.wanted) >= RELAXED_WORDS:
            self.required = math.ceil(len(self.wanted) / 2)

    def _build(self, node):
        """The parse tree with words analyzed: Word leaves under And/Or/Not tuples."""
        if isinstance(node, Q.Term) and node.text.startswith("-") and len(node.text) > 1:
            node = Q.Not(Q.Term(node.fieldname, node.text[1:]))
        if isinstance(node, (Q.Term, Q.Phrase)):
            text = node.text if isinstance(node, Q.Term) else " ".join(node.words)
            word = self.analyse(text, phrase=isinstance(node, Q.Phrase) or self._quoted(node))
            return word if word.zh or word.en else None
        if isinstance(node, Q.Not):
            child = self._build(node.query)
            return ("not", child) if child else None
        if isinstance(node, (Q.And, Q.Or)):
            children = [c for c in (self._build(n) for n in node.subqueries) if c is not None]
            if not children:
                return None
            return (
                children[0]
                if len(children) == 1
                else ("and" if isinstance(node, Q.And) else "or", *children)
            )
        return None

    def _quoted(self, term) -> bool:
        """Whether a single term stood in quotes: Whoosh makes `"向量数据库"` a plain Term, but
        jieba may cut it in two, and quoted words must stand together."""
        start, end = getattr(term, "startchar", None), getattr(term, "endchar", None)
        return bool(start) and self.text[start - 1 : start] == '"' == self.text[end : end + 1]

    def _widen(self, node, widen: Widen):
        """The tree with its words split into single words and widened; words in quotes and
        words left out (NOT) stay as they are."""
        if isinstance(node, Word):
            words = widen(self, _split(node))
            return words[0] if len(words) == 1 else ("and", *words)
        op, *children = node
        if op == "not":
            return node
        if op == "or":
            return ("or", *(self._widen(c, widen) for c in children))
        words = widen(self, [w for c in children if isinstance(c, Word) for w in _split(c)])
        rest = [self._widen(c, widen) for c in children if not isinstance(c, Word)]
        return (words + rest)[0] if len(words) + len(rest) == 1 else ("and", *words, *rest)

    def analyse(self, text: str, phrase: bool = False) -> Word:
        tokens = [(t.text, text[t.startchar : t.endchar])
                  for t in self.zh_an(text, mode="query", chars=True)]  # fmt: skip
        zh = tuple(token for token, _ in tokens)
        en = tuple(t.text for t in self.en_an(text, mode="query"))
        return Word(zh, en, phrase and (len(zh) > 1 or len(en) > 1), text, quoted=phrase,
                    surfaces=tuple(surface for _, surface in tokens))  # fmt: skip

    def terms(self, field: str) -> frozenset[str]:
        """The query's tokens for `field`, alternatives included, for highlighting."""
        return frozenset(t for w in self.words for v in w.variants() for t in v.tokens(field))

    def widened(self) -> list[Word]:
        """The words that were widened, each with its alternatives."""
        return [w for w in self.words if w.alternatives]


def _split(word: Word) -> list[Word]:
    """An unquoted word that analyses to several tokens (比亚迪电动大巴, Aharonov-Bohm) as one
    word per token, so that each is widened and counted by itself."""
    if word.quoted or len(word.zh) != len(word.en) or len(word.zh) < 2:
        return [word]
    return [replace(word, zh=(z,), en=(e,), text=s, surfaces=(s,))
            for z, e, s in zip(word.zh, word.en, word.surfaces, strict=True)]  # fmt: skip


def flat_words(tree) -> list[Word] | None:
    """The words a query wants when it is a plain list of words (with any NOT word), else
    None: only such a query may match episodes that hold most of its words."""
    if isinstance(tree, Word):
        return [tree]
    children = tree[1:] if tree[0] == "and" else ()
    if not children or any(isinstance(c, tuple) and c[0] != "not" for c in children):
        return None
    return [c for c in children if isinstance(c, Word)]


def _leaves(node):
    if isinstance(node, tuple):
        for child in node[1:]:
            yield from _leaves(child)
    elif node is not None:
        yield node


def widenings(plan: QueryPlan) -> tuple[Widening, ...]:
    """What the plan's words were widened with, a line per word and reason."""
    found: list[Widening] = []
    for word in plan.widened():
        shown: set[str] = set()  # a translation that is also one of the entity's names: once
        for why in dict.fromkeys(a.why for a in word.alternatives):
            names = tuple(dict.fromkeys(a.text for a in word.alternatives
                                        if a.why == why and a.text not in shown))  # fmt: skip
            shown.update(names)
            if not names:
                continue
            # a near spelling is shown by the entity's name alone, not all its aliases
            alike = (i for i, w in enumerate(found) if why == "entity" == w.why
                     and names == w.alternatives)  # fmt: skip
            same = next(alike, None)
            widening = Widening(word.text, why, names[:1] if why == "spelling" else names)
            if same is not None:  # the words of one name (Federal Reserve) were widened alike
                found[same] = Widening(f"{found[same].word} {word.text}", why, names)
            elif widening not in found:
                found.append(widening)
    return tuple(found)
