"""What a figure is about: its metric, entity and period, each with a confidence.

Each is read from the figure's clause first, then its sentence, then (the entity) its paragraph
and heading or (the period) the sentence before, because transcripts name a company or a year
once and then cite several numbers in a row; a link the text does not support is left empty
rather than guessed (kb/figures/metrics.py, kb/figures/subjects.py, and the period rules
below).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

from kb.entities import EntityTable
from kb.figures.metrics import metric_for, metric_words
from kb.figures.periods import Mention, attached, period_mentions, within_year
from kb.figures.sentences import CLAUSE_END, gloss_spans, sentence_ends
from kb.figures.subjects import heading_topics, subject_for, subject_names
from kb.figures.surface import evolve
from kb.figures.words import DAY_WORDS, MONEY_METRICS, base_metric
from kb.models import Figure

# An episode's date as the store keeps it; anything else resolves no 今年 or "last quarter".
EPISODE_DATE = re.compile(r"[1-9]\d{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$")
# How far a period's evidence is from the figure; a period read against the episode's date
# (今年, a quarter said without its year) is a tenth less sure.
PERIOD_CONFIDENCE = {"clause": 0.95, "sentence": 0.85, "previous": 0.75, "paragraph": 0.6}
DATED = 0.9
# A period label's parts: FY, the year, and a quarter, half or month (FY2025Q3, 2025-03).
YEAR_LABEL = re.compile(r"(FY)?(\d{4})((?:Q[1-4]|H[12]|-\d\d)?)")
# A period that opens the clause after a figure's dates it: "$5 billion, in the third quarter".
LEADS = re.compile(r"[\s，,]*(?:(?:in|during|for|as of|by|at|over|through|of)\s+)?(?:the\s+)?"
                   r"|[\s，,]*(?:在|于|是|为|截至|到)?", re.I)  # fmt: skip
# The colon that leads a list, not one of a gloss in brackets (VIX：Volatility Index).
ITEM_LEAD = re.compile(r"[：:](?![^（(]*[）)])")
# A length that has passed or been spent (已经过去41年了, "for the last 14 years", "spent the
# past 30 years"), not the time its clause looks over.
PASSED_BEFORE = re.compile(r"(?:已经?|\b(?:for|spent|spend|spending)\s+(?:the\s+)?)$", re.I)
# The time of speaking dates the telling, not what is told, before a word of telling: 今天公布的
# 数字是45亿元 (the month before's exports).
TELLING = re.compile(
    r"\s*(?:公布|发布|宣布|表示|披露|报道|指出|称|说|announced|said|reported|released)", re.I
)


def link_figures(
    figures: list[Figure],
    text: str,
    *,
    heading: str = "",
    date: str | None = None,
    entities: EntityTable | None = None,
) -> list[Figure]:
    """The figures with their metric, entity and period filled in where the text tells them.

    :param date: the episode's date (YYYY-MM-DD), to resolve 今年, 本季度 or "last year"; None
        leaves them unresolved
    """
    if not figures:
        return figures
    lang = figures[0].lang
    date = date if date and EPISODE_DATE.match(date) else None
    year, month = (int(date[:4]), int(date[5:7])) if date else (None, None)
    ends = sentence_ends(text)
    covered = [(f.start, f.end) for f in figures]
    glosses = gloss_spans(text)  # a gloss's words explain a term, they date no figure
    periods = [p for p in period_mentions(text, lang, year, date)
               if (p.counted or not overlaps(p, covered)) and not overlaps(p, glosses)]  # fmt: skip
    figures = [f for f in figures if not framed(f, periods, text)]
    named = frozenset(named_first(periods, ends))
    head_names = heading_names(heading, entities)
    words = metric_words(text)
    names = subject_names(text, entities) if entities else []
    money = [f for f in figures if f.kind == "money" and f.unit]
    linked = []
    for f in figures:
        i = bisect_right(ends, f.start)
        lo, hi = (ends[i - 1] if i else 0), (ends[i] if i < len(ends) else len(text))
        starts = [m.end() for m in CLAUSE_END.finditer(text, lo, f.start)]
        clause = starts[-1] if starts else lo
        prior = starts[-2] if len(starts) > 1 else lo  # where the clause before it begins
        stop_at = CLAUSE_END.search(text, f.end, hi)
        stop = stop_at.start() if stop_at else hi  # the end of the figure's clause
        next_at = CLAUSE_END.search(text, stop + 1, hi) if stop < hi else None
        following = next_at.start() if next_at else hi  # the end of the clause after it
        previous = ends[i - 2] if i > 1 else 0
        metric, metric_conf = metric_for(f, words, text, (previous, lo, prior, clause, stop))
        entity, entity_conf = subject_for(
            f.start, f.end, names, (lo, clause, stop), text, lang, head_names, f.kind
        )
        bounds = (lo, clause, stop, following, hi)
        period, period_conf = period_for(f, periods, text, bounds, ends, month, named)
        f = evolve(
            f,
            metric=metric,
            metric_confidence=metric_conf,
            entity=entity,
            entity_confidence=entity_conf,
            period=period,
            period_confidence=period_conf,
        )
        linked.append(priced(f, money, lo, hi))
    return linked


def framed(f: Figure, periods: list[Mention], text: str) -> bool:
    """Whether a length of time is a span counted from now (过去三年, 30年来, 未来五年, "the next
    ten years"): the period of its clause, not a figure. A length said as nearly (近三十年的合作),
    as passed or as spent (已经过去41年了, "for the last 14 years") is one."""
    return f.kind == "duration" and any(
        p.counted
        and p.start <= f.start < p.end
        and text[p.start] != "近"
        and not PASSED_BEFORE.search(text, max(0, p.start - 10), p.start)
        for p in periods
    )


def priced(f: Figure, money: list[Figure], lo: int, hi: int) -> Figure:
    """A bare amount of money (六十亿的营收, "nine billion in revenue") in the one currency its
    sentence (text[lo:hi]) names for its amounts, else its text's `money` figures: speakers name
    the currency once. An amount said again without its currency (估值涨到了6000亿美元……这
    6000亿还算便宜) is in the currency it was said in."""
    if f.kind != "number" or f.unit:
        return f
    said = [g for g in money if g.end <= f.start and g.value == f.value]
    if said:
        return evolve(f, kind="money", unit=said[-1].unit)
    if base_metric(f.metric) not in MONEY_METRICS:
        return f
    for near in ([g for g in money if lo <= g.start < hi], money):
        units = {g.unit for g in near}
        if len(units) == 1:
            return evolve(f, kind="money", unit=units.pop())
        if units:
            break
    return f


@lru_cache(maxsize=64)
def heading_names(heading: str, entities: EntityTable | None) -> list:
    """The entities a heading names: read once for all its paragraphs' figures."""
    return heading_topics(heading, subject_names(heading, entities)) if heading and entities else []


def named_first(periods: list[Mention], ends: list[int]) -> list[Mention]:
    """The periods, without the time of speaking where its sentence names another period: in
    昨天公布了2025年第四季度财报, 昨天 dates the telling, 2025Q4 what is told. (The time of
    speaking right before a figure in its own clause is still its period: 当前120美元的股价.)"""
    named = {bisect_right(ends, p.start) for p in periods if p.label and not p.spoken}
    return [p for p in periods if not (p.spoken and bisect_right(ends, p.start) in named)]


def overlaps(mention: Mention, covered: list[tuple[int, int]]) -> bool:
    return any(s < mention.end and mention.start < e for s, e in covered)


def period_for(
    f: Figure,
    periods: list[Mention],
    text: str,
    bounds: tuple[int, int, int, int, int],
    ends: list[int],
    month: int | None,
    named: frozenset[Mention],
) -> tuple[str | None, float | None]:
    """(period, confidence) of a figure: the period its clause states (before it, else after it:
    "$3.29 in Q3 of 2024"); else its sentence's, when the sentence states one before it (or
    several, each inside the next: 三年前，在二零二三年五月 is 2023-05), or only one in all, in the
    clause after the figure's; else the period of the sentence before it, if it states only
    one; a length of time only by its own sentence. A period said further
    off (the paragraph's, the heading's) dated the figure wrongly four times in five when read
    by hand: it is another figure's. A start (since 2021) or the other side of a comparison
    (比2022年) is not the figure's period, unless the figure hangs on it (较上个月的2.8%); a
    change against the same period a year before (较去年同期增长20%) is of the year after it. A
    percentage up or down in a paragraph whose only time is a day (今天, 昨天, "today") is that
    day's move.

    :param bounds: where the sentence and the clause begin, where the clause and the one after
        it end, and where the sentence ends
    :param ends: where each sentence of the text ends
    :param month: the month of the episode's date
    :param named: the periods less the time of speaking where its sentence names another
        (`named_first`), read once for the whole text
    """
    lo, clause, stop, following, hi = bounds
    told = dating(f, periods, text, (lo, hi), month)
    own = [p for p in told if p.counted and p.start <= f.start < p.end]
    if own:  # 过去七十年, "over the past 200 years": a length of time counted back to now
        return found(own[0], "clause")
    before = [p for p in told if clause <= p.start and p.end <= f.start]
    if len(before) == 1 and not (before[0].spoken and TELLING.match(text, before[0].end)):
        return found(before[0], "clause")
    periods = [p for p in periods if p in named]
    told = named_first(told, ends)  # the figure's own: a named period it does not take stays out
    before = [p for p in told if clause <= p.start and p.end <= f.start]
    if before:
        return found(before[-1], "clause")
    after = [p for p in told if f.end <= p.start and p.end <= stop]
    if after:
        return found(after[0], "clause")
    said = [p for p in told if lo <= p.start and p.end <= f.start]
    in_sentence = {p.label for p in told if lo <= p.start and p.end <= hi}
    if narrowest := nested({p.label for p in said}):
        return found(next(p for p in reversed(said) if p.label == narrowest), "sentence")
    opens = [p for p in told if stop <= p.start and p.end <= following]
    # 营收50亿，去年同期为40亿: the same period a year before is the next figure's, not this one's
    next_clause = [p for p in opens if LEADS.fullmatch(text, stop, p.start) and not p.same]
    if not said and len(in_sentence) == 1 and next_clause:
        return found(next_clause[0], "sentence")
    period, confidence = previous_period(f, periods, (lo, hi), ends)
    if period is None and f.kind != "duration":
        period, confidence = list_period(periods, text, lo, ends)
    if period is None and moved(f):
        return days_move(periods, text)
    return period, confidence


def list_period(
    periods: list[Mention], text: str, lo: int, ends: list[int]
) -> tuple[str | None, float | None]:
    """For an item of a list whose items end in semicolons (商会调查显示：截至2025年3月，
    40%的工厂亏损；28家连续两年亏损；9家无法偿还贷款), the one period the items before it and the
    list's lead, back to its colon, state: the items share it."""
    i = bisect_right(ends, lo)  # the sentences before the figure's end at ends[:i]
    begins = lo
    while i > 0 and text[ends[i - 1] - 1] in "；;":
        i -= 1
        begins = ends[i - 1] if i else 0
        if ITEM_LEAD.search(text, begins, ends[i]):
            stated = [p for p in periods if begins <= p.start and p.end <= lo]
            labels = {p.label for p in stated if not (p.role or p.weekday)}
            if len(labels) == 1:
                return found(next(p for p in periods if p.label in labels), "previous")
            break
    return None, None


def moved(f: Figure) -> bool:
    """Whether a figure is a move of the day: a percentage up or down."""
    return f.kind == "percent" and f.direction is not None


def days_move(periods: list[Mention], text: str) -> tuple[str | None, float | None]:
    """The day a market recap's paragraph tells of (今天, 昨天, 周三, "today"), when that day is
    the only time it names: its moves are of that day."""
    days = [p for p in periods
            if p.spoken and (p.weekday or text[p.start : p.end].lower() in DAY_WORDS)]  # fmt: skip
    if days and len(days) == len(periods) and len({p.label for p in days}) == 1:
        return found(days[0], "paragraph")
    return None, None


def nested(labels: set[str]) -> str | None:
    """The narrowest of periods that each lie inside the next (2022 and 2022-03: 2022-03), or
    None where two lie apart (2021 and 2022) or there are none."""
    ordered = sorted(labels, key=len)
    if len(ordered) > 1 and any(".." in label and not within_year(label) for label in ordered):
        return None  # a span (2018..2022) holds its years, but is no narrower than they
    if ordered and all(b.startswith(a) for a, b in itertools.pairwise(ordered)):
        return ordered[-1]
    return None


def previous_period(
    f: Figure, periods: list[Mention], sentence: tuple[int, int], ends: list[int]
) -> tuple[str | None, float | None]:
    """The one period the sentence before the figure's (text[lo:hi]) states, if it states only
    one and neither sentence says a span (2018到2022年); never for a length of time. The time of
    speaking dates only a move there (今天大盘震荡。英伟达下跌了2%), not a level or a share
    (今天我们在92美元看到了买盘。我希望不再回到80美元: read by hand, it was wrong more often)."""
    lo, hi = sentence
    i = bisect_right(ends, lo - 1)
    begins = ends[i - 1] if i else 0  # the sentence before the figure's
    before_it = {p.label for p in periods if begins <= p.start and p.end <= lo
                 and not (p.role or p.weekday or (p.spoken and not moved(f)))}  # fmt: skip
    spans = any(p.role == "span" or (".." in p.label and not within_year(p.label))
                for p in periods if begins <= p.start and p.end <= hi)  # fmt: skip
    if len(before_it) == 1 and f.kind != "duration" and not spans:
        return found(next(p for p in periods if p.label in before_it), "previous")
    return None, None


def dating(
    f: Figure, periods: list[Mention], text: str, sentence: tuple[int, int], month: int | None
) -> list[Mention]:
    """The periods that can date the figure, in text order: those that apply to it, and where
    its sentence (text[lo:hi]) has none, the year after a same period it is compared with."""
    lo, hi = sentence
    told = [p for p in periods if applies(p, f, text)
            and not (p.weekday and f.kind == "duration") and not counted_apart(p, f)]  # fmt: skip
    if any(lo <= p.start and p.end <= hi for p in told):
        return told
    return sorted(told + [a for p in periods if (a := compared(p, f, text, month))],
                  key=lambda p: p.start)  # fmt: skip


def counted_apart(mention: Mention, f: Figure) -> bool:
    """Whether a span counted from now cannot date the figure: a length of time not its own
    (过去的12年，或者是过去的17年), or, in Chinese, a figure said before it (有5000亿订单，
    未来两年能收回)."""
    if not mention.counted:
        return False
    if f.kind == "duration":
        return not mention.start <= f.start < mention.end
    return f.lang == "zh" and mention.start >= f.end


def compared(mention: Mention, f: Figure, text: str, month: int | None) -> Mention | None:
    """For the same period of a year before that a change or multiple is measured against
    (较去年同期增长20%, 是去年同期的3倍, "up 20% from the same quarter last year"), the year after
    it: the figure's own, when its sentence names no period of its own. In January and February
    the results told are mostly of the year before, so 去年同期 then says no year.

    :param month: the month of the episode's date
    """
    if f.direction is None and f.kind != "multiple":
        return None
    if mention.dated and month in (1, 2):
        return None
    if mention.same and mention.role in ("past", "base") and not applies(mention, f, text):
        after = YEAR_LABEL.fullmatch(mention.label)
        if after:
            return replace(mention, label=f"{after[1] or ''}{int(after[2]) + 1}{after[3]}", role="")
    return None


def applies(mention: Mention, f: Figure, text: str) -> bool:
    """Whether a period can date the figure: not a start or a comparison's other side, unless
    the figure hangs on it; 去年同期 or 三年前 dates a level, not a change or multiple measured
    against it."""
    if mention.role == "span":
        return False
    if mention.role == "past":
        return f.kind != "multiple" and f.direction is None
    if f.kind == "multiple" and mention.role:
        return False  # 是去年同期的3倍: the base of the multiple
    return not mention.role or attached(mention, text, f.start)


def found(mention: Mention, where: str) -> tuple[str, float]:
    confidence = PERIOD_CONFIDENCE[where] * (DATED if mention.dated else 1.0)
    return mention.label, round(confidence, 3)
