"""How a figure is said: as what happened, or as a forecast, the size or old value of a change,
the base it is compared with, something set against what happened, or an adjusted amount.

The "exact" part of kb/ask/features.py's fit: `said_as_fact` gives 1, 0.7 or 0 for a figure, or
None for the size of a change where the question asks a level.
"""

from __future__ import annotations

import re

from kb.ask.candidates import Candidate
from kb.figures.table import MONEY_KINDS as MONEY
from kb.figures.words import DECLINE_EN, DECLINE_ZH, RISE_EN, RISE_ZH, alternation
from kb.models import Question

CLAUSE = re.compile(r"[，,；;：:]")
BRACKETS = re.compile(r"（[^（）]*）|\([^()]*\)")  # a gloss: 轻轨（LRT: Light Rail Transit）
FORECAST = re.compile(
    r"预计|预期|预测|估计|指引|目标是|计划|有望|打算|明年|承诺|许诺|\b(?:expect|forecast|estimate|"
    r"guidance|project|target of|plans? to|aims? to|next year|promis|pledg)",
    re.I,
)
BEATEN = re.compile(
    r"(?:超出|高于|低于|不及|符合|好于|优于|超|胜|\bbeat|\babove|\bbelow|\bthan|\bmissed)\s*$", re.I
)
CHANGE = re.compile(r"新增|增量|增加了|\b(?:added|increase of|rose by|grew by|up by)\b", re.I)
# A change said right before its size, in the figures' own words for a rise or a fall:
# 上调了30加元, 减少8万人, "raised it by $5".
CHANGED_BY = re.compile(
    rf"(?:{alternation(RISE_ZH + DECLINE_ZH)})了?\s*$"
    rf"|\b(?:{alternation(RISE_EN + DECLINE_EN)})\s+(?:\w+\s+)?by\s+$",
    re.I,
)
# The same period a year before, said before a figure: the base it is compared with.
YEAR_AGO = re.compile(
    r"(?:去年|上年)(?:的)?(?:同期|这个(?:季度|月|时候)|同一(?:季度|个月|时期))"
    r"|\ba year (?:earlier|ago|before)\b|\byear-ago\b|\bprior[- ]year\b"
    r"|\bsame (?:quarter|period|month) (?:a year ago|last year)\b",
    re.I,
)
# A figure set against what happened: "建桥花了8亿元，而不是预算的3亿元", "instead of $3".
INSTEAD = re.compile(r"而不是|而非|并非|\binstead of\b|\brather than\b|\bnot the\b", re.I)
# A figure with something taken out or adjusted, where the reported one is asked by default.
ADJUSTED = re.compile(
    r"剔除|扣除|不计入?|排除|经调整|调整后|非(?:GAAP|通用会计准则)|\bexcluding\b|\bexcludes?\b"
    r"|\badjusted\b|\bnon-GAAP\b|\bstripping out\b",
    re.I,
)
# An amount restated in another currency: "900日元，约合人民币43元", "equivalent to $8".
CONVERTED = re.compile(
    r"(?:约合|折合|相当于|换算(?:成|为|下来)?)\s*(?:人民币|美元|美金|港币|港元|日元|欧元|加元|加币)?\s*$"
    r"|\b(?:equivalent to|or about|or roughly|which is about)\s+(?:US|C|A|HK)?\s*$",
    re.I,
)
FROM_BEFORE = re.compile(r"\bfrom\s+(?:\S+\s+){0,3}$", re.I)
TO_AFTER = re.compile(r"^\s+(?:\S+\s+)?to\b", re.I)


def forecasts(text: str) -> bool:
    """Whether `text` says something is expected, not beaten or missed (超出预期, beat
    expectations, 低于预期 compare with a forecast; they do not make one)."""
    return any(not BEATEN.search(text, max(0, m.start() - 8), m.start())
               for m in FORECAST.finditer(text))  # fmt: skip


def unglossed(text: str) -> str:
    """`text` without the glosses in brackets a note adds after a term (轻轨（LRT: Light Rail
    Transit）): they are not what was said, nor its distance."""
    return BRACKETS.sub("", text)


def said_as_fact(c: Candidate, q: Question) -> float | None:
    """1 for a figure said as what happened; 0.7 for one said approximately or adjusted
    (剔除一次性收益后) unless the question asks so; 0.3 for an amount converted into another
    currency than the one asked (约合人民币43元); 0 for a forecast, an amount added, the old
    value of a change, the year-before value it is compared with or one set against what
    happened (而不是), unless the question asks for one; None for the size of a change
    (上调了30加元) asked as a level (the wage)."""
    f = c.figure
    text, at = f.sentence, f.sentence.find(f.raw)
    if at < 0:
        return 1.0
    end = at + len(f.raw)
    window = (30, 6) if f.lang == "zh" else (100, 15)
    after = CLAUSE.split(text[end : end + window[1]])[0]  # ，预期为79美分 is said of another
    forecast = forecasts(unglossed(text[:at])[-window[0] :] + f.raw + after)
    added = f.kind in MONEY and CHANGE.search(text[max(0, at - window[0]) : at])
    asks_change = q.expected.change or CHANGE.search(q.text)
    changed_by = f.kind in (*MONEY, "count", "number") and (
        CHANGED_BY.search(text[max(0, at - 20) : at]) or restates_a_change(c)
    )
    if changed_by and not asks_change:
        return None  # 上调了30加元 is by how much, never the wage
    if (forecast and not forecasts(q.text)) or (added and not asks_change):
        return 0.0
    if f.lang == "zh":
        before, after = text[max(0, at - 10) : at], text[end : end + 6]
        old = "从" in re.split(r"[，。；]", before)[-1] and re.search(r"^[^，。；]*[到至]", after)
    else:
        old = FROM_BEFORE.search(text[max(0, at - 40) : at]) and TO_AFTER.search(text[end:])
    if old or said_a_year_before(c, q) or INSTEAD.search(said_before(c)):
        return 0.0
    if (
        f.kind in MONEY
        and CONVERTED.search(text[max(0, at - 12) : at])
        and (q.expected.unit != f.unit)
    ):
        return 0.3  # the amount as told is the answer; its conversion only restates it
    if ADJUSTED.search(said_before(c)) and not ADJUSTED.search(q.text):
        return 0.7  # 剔除一次性收益后的净利润: adjusted, where the reported one is asked
    return 0.7 if f.approximate and (f.low is None or f.high is None) else 1.0


def restates_a_change(c: Candidate) -> bool:
    """Whether the figure's paragraph said the same amount before as the size of a change:
    "上调了40日元。40日元大概就是两块钱" speaks of the rise again, not of a level."""
    f = c.figure
    text = c.paragraph.sides[f.lang].text
    return any(CHANGED_BY.search(text[max(0, m.start() - 20) : m.start()])
               for m in re.finditer(re.escape(f.raw), text[: f.start]))  # fmt: skip


def said_a_year_before(c: Candidate, q: Question) -> bool:
    """Whether the figure is the same period a year before, said as what its episode's figure
    is compared with ("净利润8亿元，而去年同期是5亿元": 5亿元), and the question asks neither a
    relative period nor the year before its episode's."""
    year = (c.figure.date or "")[:4]
    if q.relative_period or (year.isdigit() and (q.period or "")[:4] == str(int(year) - 1)):
        return False
    return bool(YEAR_AGO.search(said_before(c)))


def said_before(c: Candidate) -> str:
    """The words of the figure's sentence before it, since the figure before it if any: up to
    30 Chinese or 100 Latin characters."""
    f = c.figure
    side = c.paragraph.sides[f.lang]
    start = side.sentences[c.sentences[f.lang]][0]
    window = 30 if f.lang == "zh" else 100
    ends = [e for _, e in c.others.get(f.lang, ()) if e <= f.start]
    return side.text[max(start, f.start - window, *ends) : f.start]
