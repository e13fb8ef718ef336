"""Search: a query parsed and widened, matched against the index, ranked and highlighted."""

from kb.search.corpus import Corpus
from kb.search.highlight import highlight, match_spans
from kb.search.hits import cited, hits
from kb.search.plan import QueryPlan, Word, widenings
from kb.search.rank import ZH_FIELDS, Match, Ranked, match, matching_slots, rank

__all__ = [
    "Corpus",
    "Match",
    "QueryPlan",
    "Ranked",
    "Word",
    "ZH_FIELDS",
    "cited",
    "highlight",
    "hits",
    "match",
    "match_spans",
    "matching_slots",
    "rank",
    "widenings",
]
