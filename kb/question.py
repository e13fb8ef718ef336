"""Reading a question: what it asks about (entities, metric, period), what kind of answer it wants.

Pure functions over the question text. Entities come from an EntityTable (the packaged one merged
with the names the notes taught), metrics and periods from the figures' own lexicons in
kb/figures/words.py, so that a question finds exactly what the figures were linked to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from kb.entities import EntityTable, fold
from kb.figures.metrics import find_metrics
from kb.figures.periods import find_periods
from kb.figures.words import CHANGE_MARKERS, PER_UNITS, RELATIVE_YEARS, alternation
from kb.models import Question
from kb.notes import has_cjk

EPISODES_ZH = re.compile(r"哪些|哪[一几]?期|哪个(?:节目|视频|播客)|哪几个|谁(?:说|提到|讲|认为|谈)")
EPISODES_EN = re.compile(
    r"\bwhich (?:episodes?|videos?|shows?|podcasts?|notes?)\b"
    r"|\bwho (?:said|says|thinks|mentioned|talked|argued|discussed)\b"
    r"|\b(?:episodes?|videos?) (?:about|on|that|where|discussing|covering)\b",
    re.I,
)
QUANTITY_ZH = re.compile(r"多少|几[个家次倍年月]|规模|多大|多高|多快|占比|比例|增速|涨幅|跌幅|增幅")
QUANTITY_EN = re.compile(
    r"\bhow (?:much|many|big|large|fast|high|low)\b|\bcost\b|\bwhat (?:percentage|share)\b", re.I
)
# Asking for reasons or views: passages answer, even when a metric is named.
WHY = re.compile(
    r"为什么|为何|怎么看|如何看|看法|原因|\bwhy\b|\bhow (?:does|do|did|will|would|can)\b|\bexplain",
    re.I,
)
# "What was X's ..." asks for a number only when it names something measured.
WHAT_EN = re.compile(r"\bwhat (?:is|was|are|were|did)\b", re.I)
MEASURE_EN = re.compile(
    r"\b(?:total|value|number|amount|rate|yield|price|cost|size|drop|rise|growth|budget|"
    r"expenses?|spend|guidance|target|share)\b",
    re.I,
)
GROWTH = re.compile(
    r"增长|增速|增幅|涨幅|跌幅|下跌|上涨|下降|\b(?:growth|grow|grew|rose|rise|fell|fall|drop|"
    r"decline|up|down)\b",
    re.I,
)
PERCENT = re.compile(
    r"率|占比|比例|百分之|\b(?:yield|ratio|margins?|percent(?:age)?)\b|(?<!run )\brate\b", re.I
)
COUNT = re.compile(
    r"\bhow many\b|多少(?:个|家|辆|台|人|名|位|张)|几(?:个|家|辆|台|人|名|位|张)", re.I
)
COMPARE = re.compile(r"和|与|跟|对比|相比|比较|\bvs\.?|\bversus\b|\band\b|\bcompared?\b", re.I)
BASIS_POINTS = re.compile(r"基点|basis points?|\bbps?\b", re.I)
PER_ZH = re.compile(rf"每(?P<per>{alternation(PER_UNITS)})")
PER_EN = re.compile(r"\b(?:per|an?|/)\s?(?P<per>hour|share|card|GPU|unit)\b", re.I)
# Words that shape a question but say nothing about its subject; the rest is searched for.
ASKING_ZH = re.compile(
    r"是多少|多少钱|多少|哪些节目|哪些视频|哪些|哪一期|哪几期|哪期|哪个|几个|节目|视频|播客|"
    r"讨论过?|谈到过?|谈过|提到过?|聊过?|说过?|讲过?|是什么|什么|怎么样|怎么|如何|为什么|请问|"
    r"告诉我|大概|大约|一下|这个|这次|那个|本次|吗|呢|了|的|是|有|在|给|对"
)
ASKING_EN = frozenset(
    """what which who whom whose how much many was were is are did do does the a an of in on for
    to at by from about spend spent make made bring brings episode episodes video videos show
    shows podcast discuss discussed
    discussing talk talked mention mentioned say said says think thinks tell me please its it
    there this that these those any some cost costs per when where why be been has have had
    total number amount value""".split()
)
POSSESSIVE = re.compile(r"['’]s\b")
# Units of money, rates and counts a metric is cited in, to keep 73% out of a revenue answer.
PERCENT_METRICS = frozenset(
    {"gross margin", "operating margin", "margin", "policy rate", "rate cut", "return"}
)
COUNT_METRICS = frozenset({"subscribers"})


def parse_question(
    text: str,
    table: EntityTable,
    cut: Callable[[str], Iterable[str]],
    year: int,
) -> Question:
    """What `text` asks: entities, metric, period, per-unit, kind and the words left to search.

    :param cut: splits text into words (the index's segmenter), to find the words left over
    :param year: the current year, which 今年 and "this year" stand for
    """
    text = " ".join(text.split())
    lang = "zh" if has_cjk(text) else "en"
    entities, spans = find_entities(text, table)
    metrics, metric_spans = question_metrics(text)
    periods = find_periods(text, lang, year) or find_periods(text, "en", year)
    period, offset = None, None
    if periods:
        start, end, period = periods[-1]
        said = text[start:end].lower()
        offset = next((n for w, n in RELATIVE_YEARS.items() if w in said), None)
    pers = [m.span() for m in (*PER_ZH.finditer(text), *PER_EN.finditer(text))]
    covered = spans + metric_spans + pers + [(s, e) for s, e, _ in periods]
    words = leftover_words(text, covered, cut)
    kind = question_kind(text, lang, bool(metrics), bool(entities))
    return Question(
        text=text,
        lang=lang,
        kind=kind,
        entities=tuple(entities),
        metrics=tuple(metrics),
        period=period,
        period_offset=offset,
        per=question_per(text),
        expects=expected_kind(text, metrics),
        words=tuple(words),
        compare=len(entities) > 1 and bool(COMPARE.search(text)),
    )


def find_entities(text: str, table: EntityTable) -> tuple[list[str], list[tuple[int, int]]]:
    """Entity keys named in `text`, in any case or spacing, and where they stand.

    The table's own matcher finds Chinese names and capitalised Latin ones; runs of Latin words
    are then looked up whole and in pieces (1–3 words), so that "nvidia" and "Core Weave" count.
    """
    found: dict[str, tuple[int, int]] = {}
    for start, end, key in table.spans(text):
        found.setdefault(key, (start, end))
    for run in re.finditer(r"[A-Za-z0-9][A-Za-z0-9&.'’+-]*(?:\s+[A-Za-z0-9][\w&.+-]*)*", text):
        words = list(re.finditer(r"[A-Za-z0-9][A-Za-z0-9&.+-]*", run.group()))
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                start = run.start() + words[i].start()
                end = run.start() + words[i + size - 1].end()
                name = POSSESSIVE.sub("", text[start:end]).rstrip(".")
                key = table.lookup(name) if len(fold(name)) > 1 else None
                if key and not any(s <= start < e for s, e in found.values()):
                    found.setdefault(key, (start, end))
    keys = sorted(found, key=lambda k: found[k])
    return keys, [found[k] for k in keys]


def question_metrics(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Canonical metrics named in `text` (营收 → revenue), first named first."""
    metrics, spans = [], []
    for start, end, metric in find_metrics(text):
        spans.append((start, end))
        if metric not in CHANGE_MARKERS and metric not in metrics:
            metrics.append(metric)
    return metrics, spans


def question_per(text: str) -> str | None:
    """The unit a price is asked per: 每小时, per hour, an hour → "hour"."""
    zh = PER_ZH.search(text)
    if zh:
        return PER_UNITS[zh["per"]]
    en = PER_EN.search(text)
    return en["per"].lower() if en else None


def expected_kind(text: str, metrics: list[str]) -> str | None:
    """The kind of figure that can answer: "percent" for margins and growth, "money" for amounts."""
    if BASIS_POINTS.search(text) or GROWTH.search(text) or PERCENT.search(text):
        return "percent"
    if COUNT.search(text):
        return "count"
    if question_per(text):
        return "money"  # 每小时, per hour: a price
    if not metrics:
        return None
    if metrics[0] in PERCENT_METRICS:
        return "percent"
    if metrics[0] in COUNT_METRICS:
        return "count"
    return "money"


def question_kind(text: str, lang: str, metric: bool, entity: bool) -> str:
    """ "episodes" (which episodes, who said), "figure" (a number) or "open"."""
    if (EPISODES_ZH if lang == "zh" else EPISODES_EN).search(text):
        return "episodes"
    if WHY.search(text):
        return "open"
    if metric or (QUANTITY_ZH if lang == "zh" else QUANTITY_EN).search(text):
        return "figure"
    if lang == "en" and WHAT_EN.search(text) and (entity or MEASURE_EN.search(text)):
        return "figure" if POSSESSIVE.search(text) or MEASURE_EN.search(text) else "open"
    return "open"


def leftover_words(
    text: str, covered: list[tuple[int, int]], cut: Callable[[str], Iterable[str]]
) -> list[str]:
    """The words of `text` outside the covered spans and the question's own words."""
    chars = list(text)
    for start, end in covered:
        chars[start:end] = " " * (end - start)
    rest = ASKING_ZH.sub(" ", POSSESSIVE.sub(" ", "".join(chars)))
    words = []
    for word in cut(rest):
        if word.isascii() and word.lower() in ASKING_EN:
            continue
        if len(word) == 1 and not word.isascii():
            continue  # 新, 个: a single character narrows a search by accident
        if word.strip() and word[0].isalnum() and word not in words:
            words.append(word)
    return words


def unknown_names(question: Question, known: Callable[[str], bool]) -> list[str]:
    """Latin names in the question that are neither entities, metrics nor words the index holds.

    A name kb has never seen cannot have a figure: the question gets "not found" at once.
    """
    return [
        word
        for word in question.words
        if word.isascii()
        and word[0].isalpha()
        and len(word) >= 3
        and (question.lang == "zh" or word[0].isupper())
        and not known(word.lower())
    ]
