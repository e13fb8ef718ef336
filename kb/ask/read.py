"""Reading a question: what it asks about, where it says the answer was told, what it expects.

The first stage of asking. Entities come from the library's table (the packaged one with the
names the notes taught), metrics and periods from the figures' own lexicons in
kb/figures/words.py, so that a question finds what the figures were linked to; the source is
kb/ask/source.py's, the expected answer kb/ask/expect.py's. What is left, less the words that
only shape a question (多少, how much), is what retrieval searches for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from kb.ask.expect import ANSWER_KINDS, expected_answer, metric_kinds
from kb.ask.library import Library
from kb.ask.source import question_source
from kb.entities import Entity, EntityTable, fold
from kb.figures.metrics import find_metrics
from kb.figures.periods import find_periods
from kb.figures.words import (
    CHANGE_MARKERS,
    CURRENCIES_EN,
    CURRENCIES_ZH,
    NOW_WORDS,
    RELATIVE_YEARS,
    alternation,
)
from kb.models import Expected, Question, Source
from kb.segment import STOP_WORDS

EPISODES_ZH = re.compile(r"哪些|哪[一几]?期|哪个(?:节目|视频|播客)|哪几个|谁(?:说|提到|讲|认为|谈)")
EPISODES_EN = re.compile(
    r"\bwhich (?:episodes?|videos?|shows?|podcasts?|notes?)\b"
    r"|\bwho (?:said|says|thinks|mentioned|talked|argued|discussed)\b"
    r"|\b(?:episodes?|videos?) (?:about|on|that|where|discussing|covering)\b",
    re.I,
)
QUANTITY_ZH = re.compile(
    r"多少|几[个家次倍年月颗辆人名]|规模|多大|多高|多快|占比|比例|增速|涨幅|跌幅|增幅"
)
QUANTITY_EN = re.compile(
    r"\bhow (?:much|many|big|large|fast|high|low|long)\b|\bcost\b"
    r"|\bwhat (?:percentage|share|fraction)\b"
    r"|\bby what\b|\bwhat (?:price|level|figure|amount|number|sum|rate)\b",
    re.I,
)
# Words saying a source told something: a channel so named is where the answer was said.
TOLD = re.compile(
    r"说|讲|谈到|提到|表示|认为|称|介绍|解读|复盘|指出|那期|这期|节目|视频|频道|采访|访谈|直播|播客"
    r"|\b(?:sa(?:id|ys?)|t(?:old|ells?)|according|episode|video|channel|podcast|interview\w*"
    r"|explain\w*|mention\w*|argu\w*|discuss\w*|note[sd]?|walk-?through|breakdown|rundown"
    r"|recap|deep dive|segment|coverage)\b",
    re.I,
)
# Asking for reasons or views: passages answer, even when a metric is named.
WHY = re.compile(
    r"为什么|为何|怎么看|如何看|看法|原因是|\bwhy\b|\bhow (?:does|do|did|will|would|can)\b"
    r"|\bexplain",
    re.I,
)
# "What was X's ..." asks for a number only when it names something measured.
WHAT_EN = re.compile(r"\bwhat\b", re.I)
# A terse question naming what it counts: "Yiwu flood, 2021: number of homes lost?"
AMOUNT_OF_EN = re.compile(r"\b(?:number|amount|count|total) of\b", re.I)
MEASURE_EN = re.compile(
    r"\b(?:total|value|number|amount|rate|yield|price|cost|size|drop|rise|growth|budget|"
    r"expenses?|spend|guidance|target|share|income|revenue|profit|deficit|backlog|eps|"
    r"capex|margin|sales|sum|fee|bill|charge|salary|wage|loss|debt|output|count)\b",
    re.I,
)
COMPARE = re.compile(r"和|与|跟|对比|相比|比较|\bvs\.?|\bversus\b|\band\b|\bcompared?\b", re.I)
# Words that shape a question but say nothing about its subject; the rest is searched for.
ASKING_ZH = re.compile(
    r"是多少|多少钱|(?:多少|几)(?:个|家|辆|台|人|名|位|张|颗|片|笔|部|架|枚|座|项)|多少|哪些节目|哪些视频|哪些|哪一期|哪几期|哪期|哪个|几个|节目|视频|播客|"
    r"讨论过?|谈到过?|谈过|提到过?|聊过?|说过?|讲过?|是什么|什么|怎么样|怎么|如何|为什么|请问|"
    r"告诉我|大概|大约|一下|这个|这次|那个|本次|一共|总共|吗|呢|了|的|是|有|在|给|对"
)
ASKING_EN = (
    frozenset(
        """what which who whom whose how much many was were is are did do does the a an of in on
    for to at by from about spend spent make made bring brings episode episodes video videos
    show shows podcast discuss discussed discussing talk talked mention mentioned say said
    says think thinks tell me please its it there this that these those any some cost costs
    per when where why be been has have had total number amount value according give given
    figure roughly approximately around big large long""".split()
    )
    | STOP_WORDS
)
POSSESSIVE = re.compile(r"['’]s\b")
SURNAME = re.compile(r" ([A-Z][a-z]+)\b")
# A name said to own the episode is where the answer was told, not what it is about: "Yiwu
# Weekly's show on the fair", "Yiwu Weekly的节目里" (a channel the front matter does not spell).
EPISODE_OWNER = re.compile(
    r"['’]s\s+(?:[\w-]+\s+){0,2}(?:episode|podcast|show|video|interview|livestream)\b"
    r"|\s*(?:的|那期|这期)\s*(?:节目|视频|播客|直播|访谈)",
    re.I,
)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
OPERATORS = {"AND", "OR", "NOT"}
YEAR_EARLIER = re.compile(
    r"去年同期|上年同期|上一年|前一年|\ba year (?:earlier|before|ago)\b|\bthe (?:previous|prior) "
    r"year\b|\byear-ago\b|\bthe year before\b",
    re.I,
)
ASKED = re.compile(
    r"多少|几[个家次倍年月颗辆人名位笔片部]?|\bhow (?:much|many|big|large|long)\b|\bwhat (?:share|"
    r"percentage|fraction|price|level|figure|amount|number|sum|rate)\b|\bby how much\b",
    re.I,
)
COUNTED = re.compile(
    r"(?:多少|几)(?:十|百|千|万|亿)?(?:个|家|辆|台|人|名|位|张|颗|片|笔|部|架|枚|座|项|条|只)"
)
AMOUNT_OF = re.compile(r"多少")
# Said after 多少 without naming what the amount is of: a currency, a unit, a multiplier.
NOT_A_NOUN = re.compile(
    rf"(?:{alternation(CURRENCIES_ZH)})|[亿万千百十]|个|百分|倍|年|月|天|小时|公里|平方|吨|度"
)
# 2022到2026年, from 2022 to 2026, 2024-2025: a span of years, not one asked
YEAR_SPAN = re.compile(
    r"(?:19|20)\d\d\s*年?\s*(?:到|至|-|–|~|～|\bto\b|\band\b|\bthrough\b)\s*(?:19|20)\d\d", re.I
)
CURRENCY_NAMES = frozenset(fold(c) for c in (*CURRENCIES_ZH, *CURRENCIES_EN))
# Asking of the present: 目前, today, right now ("current" names metrics: current assets).
PRESENT = re.compile(
    "|".join(rf"\b{w}\b" if w.isascii() else w for w, days in NOW_WORDS.items() if days == 0)
    + r"|\bnow\b|\bthese days\b",
    re.I,
)
FOCUS_CHARS = 2  # between a focus word and the asking word; twelve times as many in English
# Words that hedge or report what a question asks, not what it counts: "How many traders were
# reported to have left" asks of leaving.
HEDGES_EN = (
    "estimated|expected|projected|reported|reportedly|said|believed|thought|likely|still|"
    "already|ever|actually|roughly|approximately|about|around"
)
HEDGE_EN = re.compile(rf"(?:{HEDGES_EN})", re.I)
# The verb "how many N were …" asks of, past its auxiliaries and hedges.
PREDICATE_EN = re.compile(
    r"\bhow many\s+(?:[\w-]+\s+){1,3}?(?:were|was|are|is|have|has|had)\s+"
    rf"(?:(?:{HEDGES_EN}|to|have|has|had|been|be|being)\s+)*(?P<verb>[a-z]+)",
    re.I,
)


def read_question(text: str, library: Library, today: dt.date) -> Question:
    """What `text` asks: entities, metric, period, source, expected answer, kind and words."""
    text = " ".join(text.split())
    lang = question_language(text)
    source, source_spans, dated = question_source(text, library.speakers(), library.fold)
    entities, spans = find_entities(text, library.table, library.translate)
    source, source_spans = told_by(text, source, source_spans, entities, spans, library.table)
    metrics = question_metrics(text)
    periods = find_periods(text, lang, today.year) or find_periods(text, "en", today.year)
    periods = [p for p in periods if not any(s <= p[0] < e for s, e in dated)]
    period, offset = None, None
    if periods:
        start, end, period = periods[-1]
        said = text[start:end].lower()
        offset = next((n for w, n in RELATIVE_YEARS.items() if w in said), None)
    elif YEAR_EARLIER.search(text):  # 去年同期, a year earlier: the year before the episode's
        period, offset = str(today.year - 1), -1
    expected = expected_answer(text, lang, tuple(metrics))
    metrics = [m for m in metrics if not kind_differs(m, expected)]
    words = search_words(text, source_spans, library.cut, spans)
    kind = question_kind(text, lang, bool(metrics), bool(entities), expected.kind is not None)
    return Question(
        text=text,
        lang=lang,
        kind=kind,
        entities=tuple(entities),
        metrics=tuple(metrics),
        period=period,
        period_offset=offset,
        period_span=len({label for _, _, label in periods}) > 1
        or bool(YEAR_SPAN.search(text))
        or ".." in (period or ""),
        present=not periods and bool(PRESENT.search(text)),
        expected=expected,
        source=source,
        words=tuple(words),
        focus=tuple(focus_words(text, words)),
        counted=counted_noun(text, words),
        compare=len(entities) > 1 and bool(COMPARE.search(text)),
    )


def told_by(
    text: str,
    source: Source,
    covered: list[tuple[int, int]],
    entities: list[str],
    spans: list[tuple[int, int]],
    table: EntityTable,
) -> tuple[Source, list[tuple[int, int]]]:
    """The source, less a channel that is also an entity the question names when nothing says
    it told anything ("Yiwu Motors的报告里…": the company's report, not its channel's episode);
    that name is then searched for."""
    if TOLD.search(text):
        return source, covered
    named = {s: table.lookup(s) for s in source.speakers}
    entity = [s for s, key in named.items() if key in entities]
    if not entity:
        return source, covered
    places = [spans[entities.index(named[s])] for s in entity]
    kept = [c for c in covered if not any(c[0] < e and s < c[1] for s, e in places)]
    speakers = tuple(s for s in source.speakers if s not in entity)
    return replace(source, speakers=speakers), kept


def find_entities(
    text: str, table: EntityTable, translate: Callable[[str], list[str]] = lambda word: []
) -> tuple[list[str], list[tuple[int, int]]]:
    """Entity keys named in `text`, in any case or spacing, and where they stand.

    The table's own matcher finds Chinese names and capitalised Latin ones; runs of Latin words
    are then looked up whole and in pieces (1–3 words), so that "nvidia" and "Core Weave" count.
    A name written in lower case that the lexicon (`translate`) translates as a word, not as
    one of the entity's names, is that word: "national AI strategy" names no company Strategy,
    "nvidia" (英伟达) names Nvidia.
    """
    found: dict[str, tuple[int, int]] = {}
    spans = table.spans(text)
    for start, end, key in spans:
        if not any(s <= start and end <= e and e - s > end - start for s, e, _ in spans):
            found.setdefault(key, (start, end))  # not 阿里 inside 阿里云
    for run in re.finditer(r"[A-Za-z0-9][A-Za-z0-9&.'’+-]*(?:\s+[A-Za-z0-9][\w&.+-]*)*", text):
        words = list(re.finditer(r"[A-Za-z0-9][A-Za-z0-9&.+-]*", run.group()))
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                start = run.start() + words[i].start()
                end = run.start() + words[i + size - 1].end()
                name = POSSESSIVE.sub("", text[start:end]).rstrip(".")
                key = table.lookup(name) if len(fold(name)) > 1 else None
                if key and name.islower() and (size > 1 or not table.entities[key].aliases):
                    continue  # "net", "put in": words, not the names they fold into
                if key and not any(s <= start < e for s, e in found.values()):
                    found.setdefault(key, (start, end))
    # A place sets a question's scene ("US employers"); its words search for it, but the entity
    # asked about is a company, person or product. A currency a note listed among its
    # organisations (美元) is the answer's unit.
    found = {k: span for k, span in found.items()
             if not common_word(text[span[0] : span[1]], table.entities[k], translate)}  # fmt: skip
    keys = sorted((k for k in found if table.entities[k].kind != "place"
                   and fold(table.entities[k].name) not in CURRENCY_NAMES
                   and not first_name_of_another(text, found[k], table.entities[k].kind,
                                                 found.values())
                   and not EPISODE_OWNER.match(text, found[k][1])),
                  key=lambda k: found[k])  # fmt: skip
    return keys, [found[k] for k in keys]


def common_word(said: str, entity: Entity, translate: Callable[[str], list[str]]) -> bool:
    """Whether a name said as one lower-case word is an ordinary word the notes translate
    otherwise than by the entity's names (target: 目标, not 塔吉特)."""
    if not (said.isascii() and said.islower() and said.isalpha()):
        return False
    names = {fold(n) for n in (entity.name, *entity.aliases)}
    translations = translate(said)
    return bool(translations) and not any(fold(t) in names for t in translations)


def first_name_of_another(
    text: str, span: tuple[int, int], kind: str, found: Iterable[tuple[int, int]]
) -> bool:
    """Whether a person named by one word is only the first name of someone the table does not
    know: "Mark" in "Mark Okafor said" is not the Mark the notes list."""
    after = SURNAME.match(text, span[1])
    return bool(kind == "person" and " " not in text[span[0] : span[1]] and after
                and not any(s <= after.start(1) < e for s, e in found))  # fmt: skip


def kind_differs(metric: str, expected: Expected) -> bool:
    """Whether the answer asked is of another kind than the metric measures: 订阅 names the
    subscribers, but 每个月订阅要付多少钱 asks the price. A change asked may be a percentage of
    any."""
    kinds = metric_kinds(metric)
    return bool(expected.kind in ANSWER_KINDS and kinds and expected.kind not in kinds
                and not expected.change)  # fmt: skip


def question_metrics(text: str) -> list[str]:
    """Canonical metrics named in `text` (营收 → revenue), first named first; not one inside a
    hyphenated compound ("price-sensitive shoppers" asks no price)."""
    metrics = []
    for start, end, metric in find_metrics(text):
        inside = text[start - 1 : start] == "-" or text[end : end + 1] == "-"
        if metric not in CHANGE_MARKERS and metric not in metrics and not inside:
            metrics.append(metric)
    return metrics


def question_language(text: str) -> str:
    """ "zh" when a quarter or more of the question's letters are Chinese: an English question
    may name a Chinese channel (What did 三個水槍手 say about…)."""
    cjk = len(CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk and cjk >= 0.25 * (cjk + latin) else "en"


def question_kind(text: str, lang: str, metric: bool, entity: bool, expects: bool) -> str:
    """ "figure" (a number: 多少, how many), "episodes" (which episodes, who said) or "open"
    (why, how does); "the episode on X" in a question asking a number still asks a number."""
    quantity = (QUANTITY_ZH if lang == "zh" else QUANTITY_EN).search(text)
    if quantity:
        return "figure"
    if (EPISODES_ZH if lang == "zh" else EPISODES_EN).search(text):
        return "episodes"
    if WHY.search(text):
        return "open"
    if metric:
        return "figure"
    if lang == "en" and (WHAT_EN.search(text) or AMOUNT_OF_EN.search(text)) and expects:
        return "figure"
    if lang == "en" and WHAT_EN.search(text) and (entity or MEASURE_EN.search(text)):
        return "figure" if POSSESSIVE.search(text) or MEASURE_EN.search(text) else "open"
    return "open"


def focus_words(text: str, words: list[str]) -> list[str]:
    """The words standing beside the asking word (多少, how many): what the number is of."""
    asked = [m.span() for m in ASKED.finditer(text)]
    if not asked:
        return []
    near = FOCUS_CHARS if CJK.search(text) else FOCUS_CHARS * 12
    found = []
    for word in (w for w in words if not HEDGE_EN.fullmatch(w)):
        at = text.find(word)
        while at >= 0 and word not in found:
            if any(start - near <= at + len(word) and at <= end + near for start, end in asked):
                found.append(word)
            at = text.find(word, at + 1)
    predicate = PREDICATE_EN.search(text)
    if predicate and predicate["verb"] in words and predicate["verb"] not in found:
        found.append(predicate["verb"])
    return found


def counted_noun(text: str, words: list[str]) -> str | None:
    """The word right after 多少 and its measure word (多少名医生: 医生), or after 多少 alone
    when it names what an amount is of (赚了多少利润: 利润, not 多少美元), if it is one searched."""
    if m := COUNTED.search(text):
        return next((w for w in words if text.startswith(w, m.end())), None)
    m = AMOUNT_OF.search(text)
    return next((w for w in words if m and text.startswith(w, m.end())
                 and not NOT_A_NOUN.match(w)), None)  # fmt: skip


def search_words(
    text: str, covered: list[tuple[int, int]], cut, names: list[tuple[int, int]] = ()
) -> list[str]:
    """The words of `text` to search for: outside the covered spans (the source), less the
    words that only shape a question and single Chinese characters. A Chinese name at one of
    the `names` spans is one word, as the index holds it (宁德时代, not 宁德 and 时代)."""
    chars = list(text)
    for start, end in covered:
        chars[start:end] = " " * (end - start)
    words = []
    for start, end in sorted(names):
        name = "".join(chars[start:end])
        if CJK.search(name) and name.strip() == name:
            words.append(name)
            chars[start:end] = " " * (end - start)
    rest = ASKING_ZH.sub(" ", POSSESSIVE.sub(" ", "".join(chars)))
    for word in cut(rest):
        if word.isascii() and (word.lower() in ASKING_EN or word in OPERATORS):
            continue
        if len(word) == 1 and not word.isascii():
            continue  # 新, 个: a single character narrows a search by accident
        if word.strip() and word[0].isalnum() and word not in words:
            words.append(word)
    return words
