"""What a figure measures: from the words next to it, with the finance lexicon.

A count's metric is what it counts (辆 → vehicles), read when the figure is found. Otherwise a
lexicon word (营收, capex) that fits the figure's kind: in its clause before it or hung on it
right after (14亿美元的营收, "$5 billion in revenue"), else, for a change or share, in the
clause before (收入598亿美元，同比增长84%), else the sentence before when the figure refers
back to it (这个数字): a word further off names another figure as often as this one. A count
is never "revenue", nor a length of time "return"; a multiple measures any metric, a percentage
any it is a change (同比, 增长) or share (占) of, and a share of what no lexicon word names is
a "share". 同比/环比 in the figure's own clause make a change: "revenue yoy"; a percentage a
level (a price, revenue) rose or fell by, said with neither, is its "change": "price change".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from kb.figures.patterns import ASCII_LOWER
from kb.figures.sentences import gloss_spans
from kb.figures.words import (
    CHANGE_MARKERS,
    COMPARING_ZH,
    LINK_WORDS,
    METRIC_KINDS,
    METRICS,
)
from kb.models import Figure

# 比AMD高出20%: a difference, not a change (but 比如, 比例, 比特币 and 比亚迪 compare nothing)
COMPARED = re.compile(rf"{COMPARING_ZH}(?![如较例特重率值亚])|\bthan\b", re.I)
SHARE_BEFORE = re.compile(r"(?:占|占比|比重|份额|share of|of total|of all|percent of)", re.I)
CHANGE_BEFORE = re.compile(
    r"增长|增速|增幅|涨幅|跌幅|降幅|\b(?:growth|increase|decline|change)\b", re.I
)
ATTACHED_AFTER = re.compile(r"\s(?:in|of|worth of)\s+|\s?的?\s?", re.I)
REFERS_BACK = re.compile(
    r"这个数字|这一数字|该数字|这个数|这一数据|这个数据|\b(?:this|that|the) (?:number|figure)\b",
    re.I,
)
# A level reached (股价一路下跌，跌到了8美元; "then fell to $8"): the clause before names what
# reached it.
REACHED = {
    "zh": re.compile(
        r"(?:[跌涨降升增减回落]|提高|下滑|回升|反弹)(?:到|至)了?\s*$|(?:突破|跌破|触及|站上)\s*$"
    ),
    "en": re.compile(
        r"\b(?:fell|dropped|rose|climbed|jumped|surged|slid|sank|declined|increased|decreased|"
        r"grew|plunged|soared|slipped|rallied|rebounded|recovered)\s+(?:back\s+)?to\s+$",
        re.I,
    ),
}
# Where a traded price stands: 532美元的低点, 收于259美元, 200日均线, "closed at $45".
PRICE_LEVEL_BEFORE = re.compile(
    r"(?:收于|收报|收在|收盘价?为?|开盘价?为?)\s*$|\b(?:closed|opened|trading|trades)\s+at\s+$",
    re.I,
)
PRICE_LEVEL_AFTER = re.compile(
    r"\s?(?:的|附近的?|左右的?)?\s?(?:低点|高点|支撑位?|阻力位?|压力位|\d*日?均线)"
)
# A share said after the figure: "18% of Americans", "90% of the revenue", 69%的受访者.
SHARE_AFTER = {
    "en": re.compile(r"\s+of\s+(?:(?:the|all|its|their|our|his|her|total)\s+)*", re.I),
    "zh": re.compile(
        r"\s?的\s?[\u4e00-\u9fff]{0,3}?(?:人(?![民工力均次才士])|民众|受访者|选民|用户|家庭|企业|"
        r"公司|员工|学生|患者|投资者|消费者|人口|网民|居民)"
    ),
}
RATIOS = frozenset(("pe ratio", "ps ratio", "pb ratio", "peg ratio"))
# A price per one of these: 每股255美元, 每桶100美元, "$20 a share".
PRICED_PER = frozenset(("share", "card", "unit", "barrel", "ton", "ounce", "kWh", "gpu"))
# A cause set inside a clause: 利润因为煤炭价格上涨而下跌了4.1% is a fall of profit, not of price.
CAUSE = re.compile(r"(?:因为|由于)[^，,。；;！？!?]{1,40}?而")
CONFIDENCE = {"counted": 0.9, "clause": 0.9, "attached": 0.9, "sentence": 0.75, "previous": 0.6}
# A word this far before the figure in a long sentence is another clause's.
REACH = {"zh": 40, "en": 120}


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    metric: str


def find_metrics(text: str) -> list[tuple[int, int, str]]:
    """Metric words, leftmost longest first, as (start, end, metric); an English word stands
    alone ("interest" but not "interesting") and phrases such as "in return" name no metric.
    An Aho-Corasick automaton: a regex alternation of the lexicon took a fifth of all figure
    work."""
    found = []
    lowered = text.translate(ASCII_LOWER)
    for end, word in metric_automaton().iter_long(lowered):
        start, end = end + 1 - len(word), end + 1
        metric = LINK_WORDS[word]
        if metric is None or not whole_word(text, start, end, word):
            continue
        found.append((start, end, metric))
    return found


def whole_word(text: str, start: int, end: int, word: str) -> bool:
    if not word.isascii():
        return True
    before = text[start - 1 : start]
    if word[0].isalpha() and before.isascii() and before.isalpha():
        return False
    after = text[end : end + 1]
    if word[-1].isalpha() and after.isascii() and after.isalpha():
        return word.endswith("depreciat") or after == "s"
    return True


@cache
def metric_automaton():
    automaton = ahocorasick.Automaton()
    for word in LINK_WORDS:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def metric_words(text: str) -> list[Word]:
    """The metric words of a text outside glosses' explanations: in （PEG Ratio: 市盈率与盈利增长率
    之比） 市盈率 explains a term, it measures no figure."""
    glosses = gloss_spans(text)
    return [Word(*w) for w in find_metrics(text) if not any(s <= w[0] < e for s, e in glosses)]


def metric_for(
    f: Figure, words: list[Word], text: str, bounds: tuple[int, int, int, int]
) -> tuple[str | None, float | None]:
    """(metric, confidence) of a figure.

    :param bounds: where the previous sentence, the figure's sentence, the clause before the
        figure's and the figure's own clause begin, and where the figure's clause ends
    """
    if f.metric:
        return f.metric, CONFIDENCE["counted"]
    previous, lo, prior, clause, stop = bounds
    change = [w.metric for w in words if w.metric in CHANGE_MARKERS and clause <= w.start < stop]
    fits, related = fitting(f, text, clause, bool(change))
    hung = ATTACHED_AFTER.match(text, f.end)
    after = [w for w in words if hung and w.start == hung.end() and w.end <= stop]
    if f.kind == "multiple" and after and after[0].metric in RATIOS:  # 按15倍市盈率计算
        return after[0].metric, CONFIDENCE["attached"]
    # A word in an earlier clause names the figure only when the figure is a change or share
    # of what the clause just before named (收入598亿美元，同比增长84%) or a level it reached.
    start = prior if related or REACHED[f.lang].search(text, clause, f.start) else clause
    nouns = named_before(f, words, text, fits, (lo, start, clause))
    if nouns:
        noun = nouns[-1]
        marker = change if f.kind in ("percent", "multiple") or f.direction else []
        if (
            not marker
            and f.kind == "percent"
            and (f.direction or CHANGE_BEFORE.search(text, noun.end, f.start))
            and not measured_in_percent(noun)
            and not COMPARED.search(text, clause, f.start)
        ):
            marker = ["change"]  # 股价下跌3%, GDP增速为5.2%: the change, not a price or GDP
        where = "clause" if noun.start >= clause else "sentence"
        name = f"{noun.metric} {marker[-1]}" if marker else noun.metric
        return name, CONFIDENCE[where]
    if after and after[0].metric in fits:
        return after[0].metric, CONFIDENCE["attached"]
    if REFERS_BACK.search(text, lo, f.start):
        earlier = [w for w in words if previous <= w.start and w.end <= lo and w.metric in fits]
        if earlier:
            return earlier[0].metric, CONFIDENCE["previous"]
    return unnamed(f, words, text, clause)


def measured_in_percent(word: Word) -> bool:
    """Whether a metric is itself a percentage (a margin, a rate), so that a percentage it rose
    or fell to can be its level."""
    return word.metric in METRIC_KINDS["percent"]


def named_before(
    f: Figure, words: list[Word], text: str, fits, bounds: tuple[int, int, int]
) -> list[Word]:
    """The lexicon words before a figure that may name it, nearest last: in its clause, or from
    `start` within reach; none inside a cause (因为…而); for a multiple, a valuation ratio
    before its base (市盈率是明年盈利的25倍)."""
    lo, start, clause = bounds
    causes = [m.span() for m in CAUSE.finditer(text, start, f.start)]
    nouns = [
        w
        for w in words
        if lo <= w.start
        and w.end <= f.start
        and w.metric not in CHANGE_MARKERS
        and w.metric in fits
        and w.start >= start
        and (w.start >= clause or w.end >= f.start - REACH[f.lang])
        and not any(s <= w.start < e for s, e in causes)
    ]
    if f.kind == "multiple":
        nouns = [w for w in nouns if w.metric in RATIOS] or nouns
    return nouns


def unnamed(
    f: Figure, words: list[Word], text: str, clause: int
) -> tuple[str | None, float | None]:
    """The metric a figure's own wording gives where no lexicon word names it: a price per
    share or unit, a traded price's level (收于259美元, 532美元的低点), a share (占总股本3%,
    "18% of Americans"), of what a lexicon word after it names ("90% of the revenue")."""
    if f.kind == "price" and (f.per or "").lower() in PRICED_PER:
        return "price", CONFIDENCE["clause"]
    if f.kind == "money" and (
        PRICE_LEVEL_BEFORE.search(text, clause, f.start) or PRICE_LEVEL_AFTER.match(text, f.end)
    ):
        return "price", CONFIDENCE["clause"]
    if f.kind != "percent":
        return None, None
    if SHARE_BEFORE.search(text, clause, f.start):
        return "share", CONFIDENCE["clause"]
    if share := SHARE_AFTER[f.lang].match(text, f.end):
        named = [w.metric for w in words if w.start == share.end() and w.metric in METRICS]
        return (named[0] if named else "share"), CONFIDENCE["attached"]
    return None, None


def fitting(
    f: Figure, text: str, clause: int, change: bool
) -> tuple[frozenset[str] | set[str], bool]:
    """The metrics a figure of this kind can measure, and whether it is a change or share of
    another figure's metric."""
    related = f.kind in ("percent", "multiple") and bool(
        change
        or f.direction
        or SHARE_BEFORE.search(text, clause, f.start)
        or CHANGE_BEFORE.search(text, clause, f.start)
    )
    if f.kind == "multiple" or related:
        return set(METRICS), related
    return METRIC_KINDS.get(f.kind, frozenset()), related
