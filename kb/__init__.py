"""kb: search and question answering over bilingual (Chinese + English) transcript notes."""

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.errors import BadParameter, BadQuery, Busy, EmptyIndex, KbError, NotFound
from kb.models import Episode, Hit, IndexReport, Paragraph, Passage, SearchResult, Skipped

__all__ = [
    "BadParameter",
    "BadQuery",
    "Busy",
    "EmptyIndex",
    "Episode",
    "Hit",
    "IndexReport",
    "KbError",
    "KnowledgeBase",
    "NotFound",
    "Paragraph",
    "Passage",
    "SearchResult",
    "Settings",
    "Skipped",
]
