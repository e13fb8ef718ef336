"""Where a question says its answer was told: a speaker or channel, and a date or month.

"王红雨讲的…", "What did 三個水槍手 say …", "According to Money or Life…",
"政經孫老師2026年9月那期说…": a speaker is found by its name as the notes' front matter
spells it, in any case, spacing or script (莊也雜談 = 庄也杂谈), or by a distinctive part of
it (TVO for TVO Today, Nico for Nico投资有道). A month or day the question names (2026年8月,
"December 3, 2025") gives the dates an episode about it may bear: that month when the question
says it is the episode's, else from that day to two months after, for notes are made after the
events they discuss.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from kb.entities import fold
from kb.models import Source

MONTHS_EN = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS_EN |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS_EN["sept"] = 9
DATE_ZH = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>1[0-2]|0?[1-9])\s*月(?:\s*(?P<d>[12]\d|3[01]|0?[1-9])\s*[日号])?"
    r"(?:初|中|底|末|份)?"
)
DATE_EN = re.compile(
    rf"\b(?P<mon>{'|'.join(sorted(MONTHS_EN, key=len, reverse=True))})\.?"
    r"(?:\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?)?,?\s+(?P<y>(?:19|20)\d\d)\b",
    re.I,
)
AFTER = dt.timedelta(days=61)  # an episode discusses what happened up to two months before
# "2026年4月初那期节目", "In the March 2026 episode": the date is the episode's own.
EPISODE_AFTER = re.compile(
    r"\s*(?:初|中|底|末|份)?\s*(?:的|那|这)?\s*(?:一)?(?:期|集|节目|视频|直播|播客)"
)
EPISODE_AROUND = re.compile(r"\b(?:episode|video|show|podcast|livestream)\b", re.I)
LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'.+-]*(?:\s+[A-Za-z0-9][A-Za-z0-9&'.+-]*)*")
CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
ACRONYM = re.compile(r"^[A-Z]{3,}\b")  # a name's first word: TVO of TVO Today, not CEO
MIN_PART = {"latin": 4, "cjk": 3}


def question_source(
    text: str, speakers: dict[str, int], fold_script: Callable[[str], str]
) -> tuple[Source, list[tuple[int, int]], list[tuple[int, int]]]:
    """The source `text` names, where it names a speaker (left out of the search words: notes
    seldom say their own channel's name) and where it dates an episode (2026年9月的节目: a
    source, not the period of the figure asked).

    :param speakers: the speakers and channels of the notes, with their episode counts
    :param fold_script: Traditional → Simplified, one character for one
    """
    named, spans = named_speakers(text, speakers, fold_script)
    since, until, own = named_dates(text)
    return Source(tuple(named), since, until), spans, own


def named_speakers(
    text: str, speakers: dict[str, int], fold_script: Callable[[str], str]
) -> tuple[list[str], list[tuple[int, int]]]:
    """Speakers whose name, or a distinctive part of it, the text holds; most episodes first."""
    squashed, places = squash(fold_script(text))
    by_key: dict[str, set[str]] = {}
    whole_names = set()
    for name in speakers:
        whole_names.add(squash(fold_script(name))[0])
        for key in speaker_keys(fold_script(name)):
            by_key.setdefault(key, set()).add(name)
    found: dict[str, tuple[int, int]] = {}
    for key in sorted(by_key, key=len, reverse=True):
        span = whole_place(text, squashed, places, key)
        if span is None or any(s <= span[0] < e for s, e in found.values()):
            continue
        if key not in whole_names and key.isascii() and not text[span[0]].isupper():
            continue  # a part of a name is written as a name is: "that money" is not Money & Macro
        for name in by_key[key]:
            found.setdefault(name, span)
    named = sorted(found, key=lambda n: -speakers[n])
    return named, list(dict.fromkeys(found.values()))


def whole_place(text: str, squashed: str, places: list[int], key: str) -> tuple[int, int] | None:
    """Where `key` stands in `text`, not inside a longer Latin word (TED in "dedicated")."""
    at = squashed.find(key)
    while at >= 0:
        start, end = places[at], places[at + len(key) - 1] + 1
        if not (
            text[start - 1 : start].isascii()
            and text[start - 1 : start].isalnum()
            or text[end : end + 1].isascii()
            and text[end : end + 1].isalnum()
        ):
            return start, end
        at = squashed.find(key, at + 1)
    return None


@lru_cache(maxsize=4096)
def speaker_keys(name: str) -> frozenset[str]:
    """The squashed name whole, its runs of one script long enough to be distinctive (Nico,
    投资有道, Money or Life) and its capitalised acronyms (TVO)."""
    keys = {squash(name)[0]}
    for run in LATIN_RUN.findall(name):
        if len(squash(run)[0]) >= MIN_PART["latin"]:
            keys.add(squash(run)[0])
    keys.update(squash(run)[0] for run in CJK_RUN.findall(name) if len(run) >= MIN_PART["cjk"])
    keys.update(squash(a)[0] for a in ACRONYM.findall(name))
    return frozenset(k for k in keys if len(k) >= 3)


def squash(text: str) -> tuple[str, list[int]]:
    """`text` folded as entity names are (case, width, spaces and punctuation gone), and the
    place in `text` of each character kept."""
    kept, places = [], []
    for i, char in enumerate(text):
        folded = fold(char)
        if folded:
            kept.append(folded)
            places.extend([i] * len(folded))
    return "".join(kept), places


def named_dates(text: str) -> tuple[str | None, str | None, list[tuple[int, int]]]:
    """The dates an episode told about the month or day `text` names may bear: that month when
    the question says it is the episode's ("2026年9月的节目"), else up to two months after; and
    where the text dates an episode. The words of the date stay among those searched: a
    sentence may say the month too (7月份)."""
    found = []
    for m in DATE_ZH.finditer(text):
        own = bool(EPISODE_AFTER.match(text, m.end()))
        found.append((m.span(), int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None, own))
    for m in DATE_EN.finditer(text):
        month = MONTHS_EN[m["mon"].lower().rstrip(".")]
        own = bool(EPISODE_AROUND.search(text[max(0, m.start() - 30) : m.end() + 30]))
        found.append((m.span(), int(m["y"]), month, int(m["d"]) if m["d"] else None, own))
    if not found:
        return None, None, []
    _, year, month, day, own = min(found)
    first = dt.date(year, month, day or 1)
    last = dt.date(year, month, day or calendar.monthrange(year, month)[1])
    until = last + (dt.timedelta(0) if own else AFTER)
    return first.isoformat(), until.isoformat(), [span for span, *_, mine in found if mine]
