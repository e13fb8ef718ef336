"""Searches near one that found nothing: a filter left out, a word respelt, a company's page.

Each alternative is searched before it is offered, so a suggestion never leads to another empty
page.
"""

from __future__ import annotations

import re
from typing import Protocol

from rapidfuzz import fuzz, process

from kb.entities import EntityTable, fold
from kb.errors import KbError
from kb.models import Alternative


class Searchable(Protocol):
    """What suggesting needs of a knowledge base (KnowledgeBase is one)."""

    table: EntityTable

    def count(self, query: str | None = None, exact: bool = False, **filters) -> int:
        """How many episodes match `query` and the filters."""

    def vocabulary(self) -> list[str]:
        """The words in Latin letters the index holds, as the notes write them."""

    def companies(self) -> list[dict]:
        """The stored companies (key, name, episodes)."""


WORD = re.compile(r'[^\s"()]+')
OPERATORS = {"AND", "OR", "NOT"}
# Filters that go together: a date range is left out as a whole.
FILTER_GROUPS = (("company",), ("tag",), ("speaker",), ("since", "until"))
SPELLING_CUTOFF = 75
COMPANY_CUTOFF = 75


def alternatives(kb: Searchable, query: str, filters: dict[str, str]) -> list[Alternative]:
    """Alternatives to `query` under `filters` that find at least one episode."""
    found = [*_without_filters(kb, query, filters)]
    words = query_words(query)
    for word, better in respellings(kb, words):
        respelt = re.sub(rf"(?<![^\s\"(]){re.escape(word)}(?![^\s\")])", better, query, count=1)
        # the respelt words under the same filters, else on their own
        for kept in (filters, {}) if filters else (filters,):
            if _add(found, kb, "spelling", respelt, kept, f"{word} → {better}"):
                break
    if len(words) > 1:
        _add(found, kb, "words", " OR ".join(words), filters, "any of the words")
    for name in companies_named_like(kb, words):
        total = kb.count(company=name)
        found.append(Alternative("company", "", {"company": name}, total, name))
    return found


def _without_filters(kb: Searchable, query: str, filters: dict[str, str]):
    for group in FILTER_GROUPS:
        if any(filters.get(name) for name in group):
            rest = {k: v for k, v in filters.items() if k not in group}
            change = ", ".join(f"{k} {filters[k]}" for k in group if filters.get(k))
            alternative = _searched(kb, "filter", query, rest, change)
            if alternative:
                yield alternative


def _add(found: list, kb: Searchable, kind: str, query: str, filters: dict, change: str):
    """Append the alternative if it finds something; say whether it did."""
    alternative = _searched(kb, kind, query, filters, change)
    if alternative:
        found.append(alternative)
    return alternative is not None


def _searched(kb, kind, query, filters, change) -> Alternative | None:
    try:
        total = kb.count(query, **filters)
    except KbError:  # an alternative that cannot be searched is simply not offered
        return None
    return Alternative(kind, query, filters, total, change) if total else None


def query_words(query: str) -> list[str]:
    """The words of a query, without operators, quotes or a leading minus."""
    words = (w.lstrip("-") for w in WORD.findall(query) if w not in OPERATORS)
    return [w for w in words if w]


def respellings(kb: Searchable, words: list[str]) -> list[tuple[str, str]]:
    """(word, nearest indexed word) for each Latin-letter word that the index does not hold."""
    vocabulary = kb.vocabulary()
    known = set(vocabulary)
    pairs = []
    for word in words:
        if not word.isascii() or not word.isalpha() or word.lower() in known:
            continue
        near = process.extractOne(
            word.lower(), vocabulary, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF
        )
        if near:
            pairs.append((word, near[0]))
    return pairs


def companies_named_like(kb: Searchable, words: list[str]) -> list[str]:
    """Display names of the stored companies whose name or alias is nearest to a word."""
    stored = {row["key"]: row["name"] for row in kb.companies()}
    aliases = {alias: key for alias, key in kb.table.by_alias.items() if key in stored}
    aliases.update({fold(name): key for key, name in stored.items()})
    spellings, keys = list(aliases), list(aliases.values())
    names = []
    for word in words:
        near = process.extractOne(fold(word), spellings, scorer=fuzz.ratio,
                                  score_cutoff=COMPANY_CUTOFF)  # fmt: skip
        if near and stored[keys[near[2]]] not in names:
            names.append(stored[keys[near[2]]])
    return names
