"""The parameters a user passes to searches and figure lists: checked, with a message that names
the parameter and what it takes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kb.errors import BadParameter
from kb.figures.words import METRIC_WORDS


def check_page(limit: int, offset: int) -> None:
    if limit < 1 or offset < 0:
        raise BadParameter("--limit must be at least 1 and the offset not negative")


def check_date(option: str, value: str | None, end: bool = False) -> str | None:
    """A YYYY-MM-DD bound from YYYY-MM-DD, YYYY-MM or YYYY; with `end`, the period's last day."""
    if not value:
        return None
    for fmt, size, last in (("%Y-%m-%d", 10, ""), ("%Y-%m", 7, "-31"), ("%Y", 4, "-12-31")):
        try:
            dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if len(value) == size:
            return value + last if end else value
    raise BadParameter(f"{option} {value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")


def canonical_metric(word: str | None) -> str | None:
    """The metric a word names in either language (营收 → revenue); unknown words unchanged."""
    if word is None:
        return None
    return METRIC_WORDS.get(word.strip().lower(), word.strip().lower())


def check_choice(option: str, value: str | None, choices: Iterable[str]) -> str | None:
    if value is not None and value not in choices:
        raise BadParameter(f"{option} {value!r} is not one of: {', '.join(choices)}")
    return value
