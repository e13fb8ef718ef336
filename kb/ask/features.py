"""How well a candidate fits the question, part by part: each a number between 0 and 1.

kb/ask/rank.py weighs the parts into a score. A part the question says nothing about (no
entity, no period, no source) is 0.5 for every candidate. `type_fit` alone can say None: a
figure of another kind or unit than the one asked for does not answer at all. How a figure is
said (the "exact" part) is kb/ask/said.py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kb.ask.candidates import Candidate, close
from kb.ask.expect import asked_per, measure_of
from kb.ask.library import Card, Term
from kb.ask.retrieve import Searched, Side, TermMatch, rare_names
from kb.ask.said import BRACKETS, CLAUSE, said_before
from kb.entities import EntityTable, fold
from kb.figures.periods import find_periods as periods_of
from kb.figures.table import MONEY_KINDS as MONEY
from kb.figures.words import (
    DECLINE_EN,
    DECLINE_ZH,
    METRICS,
    RISE_EN,
    RISE_ZH,
    alternation,
    base_metric,
)
from kb.models import Question
from kb.segment import to_simplified

NEUTRAL = 0.5  # a part the question does not ask about
FOCUS_WEIGHT = 3.0  # a focus word (beside 多少) counts so many times another in `own`
AROUND = {"previous": 0.6, "paragraph": 0.3, "title": 0.4}  # a word outside the sentence
NEAR = {"zh": 6.0, "en": 20.0}  # characters at which a word's nearness halves
# Between the two ends of a change or range: 提高到, 至, to, ~ (no clause break before it).
TO = re.compile(r"[^，,；;。：:]{0,4}?(?:到|至|\bto\b|~|～|–|-)")
PAIRED_GAP = 12
CJK = re.compile(r"[\u4e00-\u9fff]")
# What may follow a count without naming what it counts: 80家的, 80人左右, 80辆以上, 80名是…
AFTER_COUNT = re.compile(
    r"[的了是在和与及或而但都也就还已被为并之次这那其中里多余个]|左右|上下|以上|以下|之多|不等|出头"
)
# The level a change came to, said right before it: 降至, 增加到, "fell to".
REACHED = re.compile(
    rf"(?:{alternation(RISE_ZH + DECLINE_ZH)})(?:至|到)\s*$"
    rf"|\b(?!up\b)(?:{alternation(RISE_EN + DECLINE_EN)})\s+to\s+$",  # "up to" bounds it
    re.I,
)
SPAN_AROUND = 0.5  # a span of years or months told, holding the year asked
OTHER_WAY = 0.3  # a change's fit when the figure went the other way or is the level it reached
# Pointing back at what was named before: 该车型, 这家公司, "this model".
POINTED = re.compile(r"(?:该|这|此|其|这家|这个|这款|这颗|\bthis |\bthat |\bthe same )$", re.I)
# An amount said per something, right before it: 每股派息3元, 每平米售价9千元, "per share".
PER_BEFORE = re.compile(
    r"每[一二三四五六七八九十百千万\d]*(?:[股人户位名台辆张份次尺斤吨升]|平米|平方|公斤)[^，。；,;]{0,6}$"
    r"|\bper \w+ $",
    re.I,
)
ANY_PER = re.compile(r"每|人均|均摊|\bper\b|\beach\b|\bon average\b", re.I)


@lru_cache(maxsize=8192)
def find_periods(text: str, lang: str, year: int | None) -> list:
    """The periods a text names (kb/figures/periods.py), kept: candidates share their sentences."""
    return periods_of(text, lang, year)


@dataclass(frozen=True)
class Setting:
    """What every candidate of one question is weighed against."""

    question: Question
    terms: tuple[Term, ...]
    cards: dict[str, Card]
    titles: dict[str, tuple[TermMatch, ...]]
    table: EntityTable


def spans_of(c: Candidate) -> list[tuple[str, Side, int, int, tuple[int, int] | None]]:
    """(language, side, sentence start and end, the figure's span there or None) on each
    side."""
    found = []
    for lang, i in c.sentences.items():
        side = c.paragraph.sides[lang]
        start, end = side.sentences[i]
        found.append((lang, side, start, end, c.spans.get(lang)))
    return found


def coverage(c: Candidate, s: Setting) -> float:
    """The share of the question's words in the figure's sentence, either language, weighed by
    rarity; a word only in the sentence before, elsewhere in the paragraph or in the episode's
    title counts less."""
    best = [0.0] * len(s.terms)
    for lang, side, start, end, _ in spans_of(c):
        before = side.sentences[max(0, side.sentences.index((start, end)) - 1)][0]
        for m in side.matches:
            around = (
                1.0
                if start <= m.start < end
                else (AROUND["previous"] if before <= m.start < start else AROUND["paragraph"])
            )
            best[m.term] = max(best[m.term], m.weight * around)
        if c.before and start == side.sentences[0][0]:  # the last sentence of the paragraph before
            last = c.before.sides[lang]
            tail = last.sentences[-1][0] if last.sentences else 0
            for m in last.matches:
                if m.start >= tail:
                    best[m.term] = max(best[m.term], m.weight * AROUND["previous"])
    for m in s.titles.get(c.figure.episode_id, ()):
        best[m.term] = max(best[m.term], m.weight * AROUND["title"])
    return rarity_share(s.terms, best)


def attribution(c: Candidate, s: Setting) -> tuple[float, float]:
    """What the words of the figure's sentence say of this figure rather than of the others
    in it: the share of the question's words (weighed by rarity) that stand nearer to it than
    to any other figure, and how near the rarest of those stands (1 beside it, a half NEAR
    characters away). "新华社在85%的篇幅介绍…，用了15%的篇幅介绍了郑丽文的发言": 郑丽文 is
    said of 15%; the question's focus words (beside 多少: what is counted, what happened) count
    FOCUS_WEIGHT times. Words in
    brackets (a gloss) do not count as distance; a clause break does,
    NEAR again. The two ends of a change or range (从143元提高到163元) share their words, and
    the name of an entity asked is the subject of every figure after it up to another name,
    and as near to it as it stands.
    """
    own = [0.0] * len(s.terms)
    near = [0.0] * len(s.terms)
    entity = entity_terms(s)
    for lang, side, start, end, mine in spans_of(c):
        if mine is None:
            continue
        figures = [span for span in c.others.get(lang, ())
                   if start <= span[0] < end and not paired(side.text, span, mine)]  # fmt: skip
        scale = NEAR["zh" if CJK.search(side.text, start, end) else "en"]
        for m in side.matches:
            if not start <= m.start < end:
                continue
            distance = gap(side.text, m, mine, scale)
            subject = m.term in entity and subject_of(s, side.text, m, mine)
            if subject or all(distance <= gap(side.text, m, other, scale) for other in figures):
                own[m.term] = max(own[m.term], m.weight)
                near[m.term] = max(near[m.term], m.weight * scale / (scale + distance))
    held = [t.rarity for t, o in zip(s.terms, own, strict=True) if o]
    if not held:
        return 0.0, 0.0
    closest = max(n * t.rarity for n, t in zip(near, s.terms, strict=True)) / max(held)
    weights = [FOCUS_WEIGHT if t.text in s.question.focus else 1.0 for t in s.terms]
    owned = sum(w * t.rarity * o for w, t, o in zip(weights, s.terms, own, strict=True))
    total = sum(w * t.rarity for w, t in zip(weights, s.terms, strict=True))
    return owned / total, closest


def names_counted(c: Candidate, s: Setting) -> bool:
    """Whether the figure's sentence, or the one before, names what a Chinese question counts
    or asks an amount of (多少名医生: a count of patients does not answer it; 多少利润), and the
    figure is not followed by another noun it counts or is an amount of (多少家工厂: "工厂里有
    80台机器" counts machines; 多少利润: "用20亿的现金" is cash)."""
    counted = {i for i, t in enumerate(s.terms) if t.text == s.question.counted}
    if not counted:
        return True
    if counts_another(c, s.question.counted):
        return False
    for _, side, start, end, _ in spans_of(c):
        at = side.sentences.index((start, end))
        before = side.sentences[max(0, at - 1)][0]
        if any(m.term in counted and before <= m.start < end for m in side.matches):
            return True
    return False


def counts_another(c: Candidate, counted: str) -> bool:
    """Whether a Chinese figure is followed, with or without 的, by a noun sharing no character
    with the one asked (80台机器 asked 工厂, 20亿的现金 asked 利润); a particle or clause break
    after it (80家，80家左右) says nothing."""
    f = c.figure if c.figure.lang == "zh" else c.other
    if f is None:
        return False
    after = c.paragraph.sides["zh"].text[f.end : f.end + 5].lstrip()
    after = after[1:] if after.startswith("的") else after  # 20亿的现金: an amount of cash
    return bool(CJK.match(after)) and not AFTER_COUNT.match(after) and not set(after[:4]) & set(
        counted
    )  # fmt: skip


def gap(text: str, m: TermMatch, figure: tuple[int, int], scale: float) -> float:
    """The characters between a word and a figure, less those in brackets, plus `scale` for
    each clause break (，；：) between them."""
    lo, hi = (m.end, figure[0]) if m.end <= figure[0] else (figure[1], m.start)
    if hi <= lo:
        return 0.0
    between = BRACKETS.sub("", text[lo:hi])
    return len(between) + scale * len(CLAUSE.findall(between))


def paired(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two figures are the ends of one change or range: 从143元提高到163元, 10万至16万."""
    lo, hi = min(a[1], b[1]), max(a[0], b[0])
    return 0 <= hi - lo <= PAIRED_GAP and bool(TO.match(text, lo, hi))


def subject_of(s: Setting, text: str, m: TermMatch, figure: tuple[int, int]) -> bool:
    """Whether an entity's name is the subject of the figure: named before it, with no other
    entity named between them."""
    return m.end <= figure[0] and not s.table.spans(text[m.end : figure[0]])


def entity_terms(s: Setting) -> set[int]:
    """The question's words that name an entity it asks about."""
    return {i for i, t in enumerate(s.terms)
            if s.table.lookup(t.text) in s.question.entities}  # fmt: skip


def rarity_share(terms: tuple[Term, ...], values: list[float]) -> float:
    total = sum(t.rarity for t in terms)
    return sum(t.rarity * v for t, v in zip(terms, values, strict=True)) / total if total else 0.0


def names_any(text: str, names) -> bool:
    """Whether `text` names any of `names`: a Chinese name anywhere, in either script (義烏診所
    names 义乌诊所), a Latin one as whole words ("Block" is not in "blocked")."""
    return bool(names) and bool(name_pattern(tuple(names)).search(simplified(text)))


@lru_cache(maxsize=4096)
def simplified(text: str) -> str:
    """`text` in Simplified script, kept: a paragraph is read for each of its figures."""
    return to_simplified(text)


@lru_cache(maxsize=1024)
def name_pattern(names: tuple[str, ...]) -> re.Pattern:
    """One pattern for all of the names, case and script folded."""
    whole = r"(?<![a-z0-9]){}(?![a-z0-9])"
    names = tuple(to_simplified(n.lower()) for n in names if n)
    parts = [whole.format(re.escape(n)) if n.isascii() else re.escape(n) for n in names]
    return re.compile("|".join(parts) or "(?!)", re.I)


def sentence_text(c: Candidate) -> str:
    """The figure's sentence in both languages."""
    return " ".join(side.text[start:end] for _, side, start, end, _ in spans_of(c))


def entity_fit(c: Candidate, s: Setting) -> float | None:
    """1 when its sentence names the entity asked (0.6 when the figure is linked to another the
    sentence names too), 0.85 in an episode about it (its most mentioned, or named in its
    title), 0.7 when its paragraph names it, else 0; less when the sentence gives the figure
    another entity's name as its subject, and None when that entity is all the figure is said
    of (英特尔 asked, 长鑫's revenue given)."""
    q = s.question
    if not q.entities:
        return named_fit(c, s)
    names = entity_names(s)
    if names_any(sentence_text(c), names):
        return 0.6 if linked_to_another(c, s) else 1.0
    other = another_subject(c, s)
    card = s.cards.get(c.figure.episode_id)
    about = {to_simplified(k) for k in card.about} if card else set()
    if card and (about & {to_simplified(k) for k in q.entities} or names_any(card.title, names)):
        return 0.5 if other else 0.85
    linked = c.figure.entity and fold(c.figure.entity) in q.entities
    paragraph = " ".join(side.text for side in c.paragraph.sides.values())
    if linked or names_any(paragraph, names):
        return 0.3 if other else 0.7
    return None if other else 0.0  # another entity's figure, in a note not about ours


def named_fit(c: Candidate, s: Setting) -> float:
    """For a question that names no entity: how the figure stands to the rare names it holds
    (a place, a person): 1 its sentence names one, 0.85 its episode's title (an episode about
    them), 0.7 its paragraph, 0.3 none; NEUTRAL when the question holds none."""
    names = rare_name_texts(s.terms)
    if not names:
        return NEUTRAL
    if names_any(sentence_text(c), names):
        return 1.0
    card = s.cards.get(c.figure.episode_id)
    if card and names_any(card.title, names):
        return 0.85
    paragraph = " ".join(side.text for side in c.paragraph.sides.values())
    return 0.7 if names_any(paragraph, names) else 0.3


@lru_cache(maxsize=64)
def rare_name_texts(terms: tuple[Term, ...]) -> tuple[str, ...]:
    """Every way the question's rare names may be written: read once per question, not per
    candidate."""
    return tuple(v.text for t in rare_names(terms) for v in t.variants)


def entity_names(s: Setting) -> tuple[str, ...]:
    """The names of the entities asked: the alias table's, and those search widened the
    question's words with (日本 for Japan, taught by the notes)."""
    asked = narrowest(s.question.entities, s.table)
    names = [n for k in asked for n in all_names(k, s.table)]
    for t in s.terms:
        if s.table.lookup(t.text) in asked:
            names += [v.text for v in t.variants]
    return tuple(dict.fromkeys(n for n in names if n))


def narrowest(keys: tuple[str, ...], table: EntityTable) -> tuple[str, ...]:
    """The entities asked, less one whose name begins another's (义乌 of 义乌云, Yiwu of Yiwu
    Cloud): the question names the whole to say which part it asks of."""
    names = {k: all_names(k, table) for k in keys}
    return tuple(k for k in keys if not any(
        o != k and any(len(n) >= 2 and m != n and m.lower().startswith(n.lower())
                       for n in names[k] for m in names[o])
        for o in keys
    ))  # fmt: skip


def all_names(key: str, table: EntityTable) -> tuple[str, ...]:
    e = table.entities.get(key)
    return (e.name, *e.aliases) if e else ()


def linked_to_another(c: Candidate, s: Setting) -> bool:
    """Whether the figure is linked to an entity of a kind asked, not asked, that its sentence
    names: "英伟达的H100每小时2美元" asked of the B200 gives the H100's price."""
    key = linked_other(c, s)
    return bool(key and names_any(sentence_text(c), [c.figure.entity])
                and s.table.entities[key].kind in asked_kinds(s))  # fmt: skip


def linked_other(c: Candidate, s: Setting) -> str | None:
    """The entity the figure is linked to, when the question does not ask it."""
    key = s.table.lookup(c.figure.entity) if c.figure.entity else None
    ours = set(s.question.entities) | question_entities(s.terms, s.table)
    return key if key and key not in ours else None


def asked_kinds(s: Setting) -> set[str]:
    return {s.table.entities[k].kind for k in s.question.entities if k in s.table.entities}


def another_subject(c: Candidate, s: Setting) -> bool:
    """Whether the figure is linked to another entity of the kind asked, or its sentence names
    one before it (特斯拉 in "2025年，特斯拉全年交付了163.6万辆车" asked about 吉利); a person
    quoting the figure is no other company, nor is a name the question itself holds among its
    words (义乌 asked beside 海关), nor one pointed back at (该车型, this model: the one already
    named)."""
    asked = asked_kinds(s)
    if key := linked_other(c, s):
        return s.table.entities[key].kind in asked
    ours = set(s.question.entities) | question_entities(s.terms, s.table)
    for _, side, start, _, mine in spans_of(c):
        before = side.text[start : mine[0]] if mine else ""
        named = s.table.spans(before)
        if any(k not in ours and s.table.entities[k].kind in asked
               and not POINTED.search(before, 0, at) for at, _, k in named):  # fmt: skip
            return True
    return False


@lru_cache(maxsize=64)
def question_entities(terms: tuple[Term, ...], table: EntityTable) -> frozenset[str]:
    """The entities the question's words, or their translations, name."""
    return frozenset(k for t in terms for v in t.variants if (k := table.lookup(v.text)))


def metric_fit(c: Candidate, s: Setting) -> float | None:
    """1 for a figure linked to the metric asked, 0.8 when its sentence names it, 0.4 when its
    paragraph does; None for one linked to another metric whose sentence does not name it (毛利率
    asked, 7% said of revenue growth)."""
    q = s.question
    if not q.metrics:
        return NEUTRAL
    wanted = q.metrics[0]
    linked = linked_metrics(c)
    if wanted in linked:
        return 1.0
    words = METRICS.get(wanted, (wanted,))
    if names_any(sentence_text(c), words):
        return 0.8
    if linked:
        return None
    paragraph = " ".join(side.text for side in c.paragraph.sides.values())
    return 0.4 if names_any(paragraph, words) else 0.0


def metric_told_apart(s: Setting, found: list[Candidate]):
    """A function saying whether a figure linked to another metric than the one asked shares
    its sentence with a figure linked to the one asked: the sentence tells which is which
    (营收12亿元，净利润3亿元, 净利润 asked: 12亿元 does not answer)."""
    wanted = s.question.metrics[0] if s.question.metrics else None
    asked = {sentence_key(c) for c in found if wanted in linked_metrics(c)}
    if not asked:
        return lambda c: False
    return lambda c: bool(linked_metrics(c)) and wanted not in linked_metrics(c) and (
        sentence_key(c) in asked
    )  # fmt: skip


def linked_metrics(c: Candidate) -> list[str]:
    return [base_metric(f.metric) for f in (c.figure, c.other) if f and f.metric]


def sentence_key(c: Candidate) -> tuple[str, int, str, int]:
    f = c.figure
    return (f.episode_id, f.paragraph, f.lang, c.sentences[f.lang])


def period_fit(c: Candidate, s: Setting) -> float | None:
    """1 for the period asked, 0.8 for one inside it, 0.6 for one around it; for a figure that
    states none, 0.7 when its sentence names the period, 0.5 its paragraph, 0.45 the paragraph
    before, 0.4 when its episode is of that year or the next, 0 otherwise. None for a figure
    told of another period before it in its own sentence, or asked of a year its episode
    cannot tell of. A relative period (去年同期, last year) is also read against the episode's
    own date, as its speaker meant it."""
    q, f = s.question, c.figure
    if q.present and not q.period:
        return present_fit(c)
    if not q.period or q.period_span:
        if q.period and q.period in told_periods(c):
            return 1.0  # 2025年前三季度 asked, 2025-01..2025-09 told
        return NEUTRAL  # 2022到2026年, between 2024 and 2025: a span, not one period asked
    asked = q.period.removeprefix("FY")
    year = (f.date or "")[:4] or None
    before = stated_before(c)
    told = told_periods(c)
    if told:
        best = max(relation(asked, t) for t in told)
        if q.period_offset is not None and f.date:
            then = str(int(f.date[:4]) + q.period_offset) + asked[4:]
            best = max(0.9 * best, max(relation(then, t) for t in told))
        if q.expected.change and all(over_years(t) for t in told):
            best = min(best, OTHER_WAY)  # 4年来累计减少771万 is not the change of a year asked
        if best:
            return best
        if q.relative_period:
            return 0.1
        return None if set(told) & before else 0.2  # a link the sentence does not bear out
    around = [dated(label, f.date) for lang in ("zh", "en")
              for _, _, label in find_periods(sentence_text(c), lang,
                                              int(year) if year else None)]  # fmt: skip
    if any(relation(asked, p) for p in around):
        return 0.7
    if around or not asked[:4].isdigit() or not year:
        return 0.2 if not around else 0.0
    if asked[:4] > year and not q.relative_period:
        return None  # a year after the episode: only a sentence naming it can tell of it
    paragraph = periods_named(c.paragraph, f.date)
    if any(relation(asked, p) for p in paragraph):
        return 0.5
    if c.before and any(relation(asked, p) for p in periods_named(c.before, f.date)):
        return 0.45  # a transcript's short paragraph goes on from the one that dated it
    if asked[:4] <= year <= str(int(asked[:4]) + 1):
        return 0.4
    # a note of another year whose paragraph names only other periods: not of the one asked
    return None if paragraph and not q.relative_period else 0.0


def periods_named(paragraph: Searched, date: str) -> list[str]:
    """The periods either side of a paragraph names, read against the episode's date."""
    year = int(date[:4])
    return [dated(label, date) for side in paragraph.sides.values() for lang in ("zh", "en")
            for _, _, label in find_periods(side.text, lang, year)]  # fmt: skip


def present_fit(c: Candidate) -> float:
    """For a question asked of the present (目前, today): 1 for a figure told of its episode's
    month, 0.6 of a period holding that month (its year, quarter or half, or a span up to it:
    过去两年 grew to 750 customers now), 0.2 of another, as the past a speaker looks back on
    (在二零二三年五月的高点); NEUTRAL for none."""
    f, told = c.figure, told_periods(c)
    if not told or not f.date or len(f.date) < 7:
        return NEUTRAL
    year, month = f.date[:4], int(f.date[5:7])
    holding = {year, f"{year}Q{(month - 1) // 3 + 1}", f"{year}H{1 if month <= 6 else 2}"}
    holding |= {t for t in told if t.partition("..")[2] in (year, f.date[:7])}
    return max(1.0 if t == f.date[:7] else 0.6 if t in holding else 0.2 for t in told)


def stated_before(c: Candidate) -> set[str]:
    """The periods the figure's own sentence names before it, each side, as labels."""
    year = int(c.figure.date[:4]) if (c.figure.date or "")[:4].isdigit() else None
    labels = set()
    for _, side, start, _, mine in spans_of(c):
        if mine:
            text = side.text[start : mine[0]]
            labels |= {dated(label, c.figure.date) for script in ("zh", "en")
                       for _, _, label in find_periods(text, script, year)}  # fmt: skip
    return labels


def told_periods(c: Candidate) -> list[str]:
    """The periods the figure and its translation are linked to, as `dated` reads them."""
    return [dated(p, c.figure.date) for p in (c.figure.period, c.other and c.other.period) if p]


def dated(label: str, date: str | None) -> str:
    """A period label as a question's is compared with: a fiscal one as its year (FY2025 as
    2025), and a quarter or half told without its year with the year its episode means: Q3 in
    a note of November 2025 is 2025Q3, Q4 in one of February 2026 is 2025Q4 (not yet over)."""
    label = label.removeprefix("FY")
    m = re.fullmatch(r"([QH])([1-4])", label)
    if not m or not date or len(date) < 7:
        return label
    ends = int(m.group(2)) * (3 if m.group(1) == "Q" else 6)
    year = int(date[:4]) - (ends > int(date[5:7]))
    return f"{year}{label}"


def over_years(period: str) -> bool:
    """Whether a period is a span of several years (2022..2026)."""
    first, _, last = period.partition("..")
    return bool(last) and first[:4] != last[:4]


def relation(asked: str, told: str) -> float:
    """How a told period stands to the one asked: 1 the same, 0.8 inside it (2025Q3 or
    2025-01..2025-09 for 2025), 0.6 around it (2025 for 2025Q3), 0.5 a span that holds its
    year (2018..2022 for 2020: a total over years, less of that year than the year that holds
    a quarter), 0 another."""
    if told == asked:
        return 1.0
    if ".." in told:
        first, last = told.split("..")
        if first[:4] == last[:4] == asked:
            return 0.8  # months of the year asked (2025-01..2025-09 for 2025), as a quarter is
        return SPAN_AROUND if first[:4] <= asked[:4] <= last[:4] else 0.0
    if told.startswith(asked) or (not asked[:1].isdigit() and told.endswith(asked)):
        return 0.8
    if asked.startswith(told) and told[:1].isdigit():
        return 0.6
    return 0.0


def type_fit(c: Candidate, q: Question) -> float | None:
    """1 for the kind, unit and measure asked; less for a bare number that may be one, or an
    amount per share, person or month when the question asks none (a year's is a total); None
    for a figure of another kind, currency, measure or per-unit."""
    e, f = q.expected, c.figure
    if any(close(f.value, v) for v in e.cited):
        return None  # the question's own figure (票价维持在每张3加元) is context, not the answer
    kind = "money" if f.kind in MONEY else f.kind
    if e.per and f.per and f.per != e.per:
        return None
    if kind == "duration" and e.kind != "duration":
        return None  # 98年 is a length of time, never what a change or an amount asks
    direction = direction_fit(e.change, f)
    if e.kind is None:
        fit = NEUTRAL if kind in ("money", "count", "percent", "number", "measure") else 0.2
        if e.per and (f.per or asked_per(said_before(c))) == e.per:
            fit = 1.0  # "monthly output": an amount per month is the kind asked
        elif e.per and not e.change and kind == "percent":
            fit = OTHER_WAY  # a share is no amount per month
        return fit * direction
    if kind == "number":
        return 0.6 * direction if e.kind in ("money", "count") else None
    if kind != e.kind and not (e.change and kind == "percent" and e.kind in ("money", "count")):
        return None
    if e.unit and f.unit != e.unit and kind != "percent":
        return None
    if e.kind == "count" and e.measure:
        said = measure_of(f.raw) or (measure_of(c.other.raw) if c.other else None)
        if said and said not in (e.measure, "个"):
            return None
        return (1.0 if said == e.measure else 0.7) * direction
    if e.kind == "percent" and e.unit and f.unit != e.unit:
        return 0.6
    if e.per:
        per = f.per or asked_per(said_before(c))  # 每小时的租金升至5美元: per hour, said before it
        fit = 1.0 if per == e.per else (0.6 if per is None else 0.3)
    elif (f.per and f.per != "year") or PER_BEFORE.search(said_before(c)):
        fit = 1.0 if ANY_PER.search(q.text) else 0.6  # a total asked: not an amount per share
    else:
        fit = 1.0
    return fit * direction


def direction_fit(change: str | None, f) -> float:
    """1 for a figure that rose or fell as asked; less for one that says no direction, and
    less again for one that went the other way (人口减少了1.2万 asked how much it grew; a
    growth rate may still be negative) or is the level a rise or fall reached (降至120万人
    asked how much it fell)."""
    if not change:
        return 1.0
    if change != "change" and reached(f):
        return OTHER_WAY
    said = f.direction or ("down" if (f.value or 0) < 0 else None)
    if not said:
        return 0.7
    return 1.0 if change == "change" or said == change else OTHER_WAY


def reached(f) -> bool:
    """Whether the figure is said as the level something rose or fell to: 降至, 增加到, fell to."""
    at = f.sentence.find(f.raw)
    return at > 0 and bool(REACHED.search(f.sentence[max(0, at - 12) : at]))


def source_fit(c: Candidate, s: Setting) -> float:
    """1 for an episode of a speaker or channel the question names, 0 for another's."""
    speakers = s.question.source.speakers
    if not speakers:
        return NEUTRAL
    card = s.cards.get(c.figure.episode_id)
    return float(bool(card) and card.speaker in speakers)


def date_fit(c: Candidate, s: Setting) -> float:
    """1 for an episode dated from the day or month the question names to two months after,
    0 for one dated otherwise; the question may name the event's date, not the episode's."""
    source = s.question.source
    if not source.since:
        return NEUTRAL
    card = s.cards.get(c.figure.episode_id)
    date = (card.date or "") if card else ""
    return float(source.since <= date <= (source.until or date))


def totals(s: Setting, found: list[Candidate]):
    """A function giving 1 to the largest amount of its episode and unit, 0 to the others,
    when the question names only an entity and a metric (Robinhood的营收: the total, not a
    segment of it; among the amounts said of both); NEUTRAL for every candidate of another
    question."""
    metric_words = {w.lower() for m in s.question.metrics for w in METRICS.get(m, (m,))}
    asks_total = s.question.entities and s.question.metrics and all(
        s.table.lookup(t.text) in s.question.entities or t.text.lower() in metric_words
        or t.text.isdigit() for t in s.terms
    )  # fmt: skip
    if not asks_total:
        return lambda c: NEUTRAL
    largest: dict[tuple[str, str], float] = {}
    for c in found:
        said_of = (metric_fit(c, s) or 0) >= 0.8 and (entity_fit(c, s) or 0) >= 0.85
        if c.figure.kind in MONEY and said_of:
            key = (c.figure.episode_id, c.figure.unit)
            largest[key] = max(largest.get(key, 0.0), abs(c.figure.value))
    return lambda c: float(abs(c.figure.value) == largest.get((c.figure.episode_id, c.figure.unit)))
