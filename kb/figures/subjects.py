"""Which entity a figure is about: the subject of its clause, not the nearest name.

The subject is the nearest entity named before the figure in its sentence, skipping sources
(据彭博社报道, "according to Reuters", 路透社的民调显示, "a CNN poll"), people who only say
something (黄仁勋表示), a place where something happens when a name comes before it (英伟达在
中国的营收), names in an aside (例如 SEC), the other side of a comparison (比AMD高,
是Gemini的2.7倍) and a name that only begins a longer one (GPT-5 in GPT-5.5); else one named
after it in its own clause (营收300亿美元的英伟达); else the one entity its paragraph names
before it, when no other competes and it is named twice or in the heading (a name said once
in passing is no topic); else, when the paragraph names none before it, the heading's one
entity. Beyond the sentence, a person (whose talk the paragraph is) and a length of time (an
age, "for 40 years") are nobody's. A name after the figure in another clause is
more often a customer or rival than its subject. Nothing else is a guess worth storing: the
entity is left empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kb.entities import EntityTable

SOURCE_BEFORE = re.compile(
    r"(?:据|根据|援引|引用|引述|依据|来自|告诉|\b(?:according to|per|citing|cited by|"
    r"data from|a report (?:by|from)|reported by|survey by|poll by|analysts? at|told))"
    r"\s*(?:the\s+)?[《“\"]?\s*$",
    re.I,
)
SOURCE_AFTER = re.compile(
    r"[》”\"]?\s*(?:（[^）]{0,30}）|\([^)]{0,30}\))?\s*(?:的)?(?:一项|一份|最新的?|最近的?|新的?)?\s*"
    r"(?:报道|报导|民调|民意调查|调查显示|数据显示|数据(?!中心|库|集|资产|业务)|数据表明|统计|研究显示|"
    r"报告显示|援引|分析认为|认为|分析指出|估算|测算|(?:他们)?的(?:预期|分析)|"
    r"\b(?:reported that|reports that|reported on|poll|polls|survey|data show(?:s|ed)?)\b)",
    re.I,
)
SPEECH_AFTER = re.compile(
    r"\s*(?:在[^，。,]{0,10})?(?:就|也|还|曾|曾经|又)?(?:表示|称|说|认为|指出|提出|提到|提醒|预测|"
    r"预言|估计|透露|强调|坦言|直言|告诉|回忆|解释|写道|宣布|承认|警告|补充|"
    r"\b(?:said|says|told|noted|predicted|estimated|argued|thinks|believes|wrote|mentioned|"
    r"explained|warned|announced|admitted|claimed|claiming|added|attempted to)\b)",
    re.I,
)
# The other side of a comparison, not its subject: 比英伟达高20%, 是英伟达的3倍, 是中国的46%
# (相比英伟达的50% is Nvidia's own).
BASE_BEFORE = re.compile(r"(?<![相对类占好无])比\s*$")
BASE_AFTER = re.compile(r"\s*的\s*[\d.,一二两三四五六七八九十百千万几]+\s*倍")
SHARE_OF_BEFORE = re.compile(r"(?:是|为|相当于|仅为|只有|只是)\s*$")
SHARE_OF_AFTER = re.compile(r"\s*的\s*[\d.,一二两三四五六七八九十百千万几]+\s*[%％]")
# What lies outside a place is not it: 美国以外的贸易.
OUTSIDE_AFTER = re.compile(r"\s*(?:以外|之外)")
# A place where something happens, not what it is about, when another name comes before it:
# 英伟达在中国的营收 is Nvidia's, 在中国，失业率 China's.
LOCATIVE_BEFORE = re.compile(
    r"(?:在|于|从|到|向|对|赴|来自|\b(?:in|from|to|into|across|at|throughout|within))\s*(?:the\s+)?$",
    re.I,
)
# A name in brackets right after another glosses it: 美国疾病控制与预防中心（CDC）.
GLOSS_OPENING = re.compile(r"\s?[（(]\s?")
# A known name that begins a longer one: GPT-5 in GPT-5.5, A1 in A17.
LONGER_NAME = re.compile(r"[.\-]?\d")
# Sentences of transcripts run long: a name this far before a figure is another clause's.
REACH = {"zh": 150, "en": 400}
CONFIDENCE = {"clause": 0.9, "sentence": 0.8, "topic": 0.7, "paragraph": 0.6, "heading": 0.5}


@dataclass(frozen=True, slots=True)
class Name:
    start: int
    end: int
    key: str
    person: bool = False
    locative: bool = False  # a place named as where, not who: 在中国, "in Canada"


def aside(text: str, start: int) -> bool:
    """A name inside brackets, not first in them: （例如 SEC 或司法部的调查） is an aside, while
    小火箭（Rocket Lab） glosses the name before it."""
    for opening, closing in (("（", "）"), ("(", ")")):
        at = text.rfind(opening, max(0, start - 60), start)
        if at >= 0 and text.rfind(closing, at, start) < 0 and text[at + 1 : start].strip():
            return True
    return False


def subject_names(text: str, table: EntityTable) -> list[Name]:
    """The entities named in `text` that can be a figure's subject: sources and speakers out."""
    names: list[Name] = []
    previous_end, previous_kept = -1, False
    for start, end, key in outermost(table.spans(text)):
        glosses = previous_end >= 0 and GLOSS_OPENING.fullmatch(text, previous_end, start)
        previous_end = end
        if glosses:  # 疾控中心（CDC）: the name before it again, a source if that one is
            if previous_kept:
                names.append(replace(names[-1], start=start, end=end, key=key))
            continue
        previous_kept = False
        before, after = text[max(0, start - 16) : start], text[end : end + 40]
        if SOURCE_BEFORE.search(before) or SOURCE_AFTER.match(after):
            continue
        if BASE_BEFORE.search(before) or BASE_AFTER.match(after):
            continue
        if SHARE_OF_BEFORE.search(before) and SHARE_OF_AFTER.match(after):
            continue
        if text[end - 1 : end].isascii() and text[end - 1].isalnum() and LONGER_NAME.match(after):
            continue
        entity = table.entities.get(key)
        kind = entity.kind if entity else None
        if kind == "person" and SPEECH_AFTER.match(after) or aside(text, start):
            continue
        if kind == "place" and OUTSIDE_AFTER.match(after):
            continue
        locative = kind == "place" and bool(LOCATIVE_BEFORE.search(before))
        names.append(Name(start, end, key, kind == "person", locative))
        previous_kept = True
    return names


def outermost(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans not inside a longer one (彭博 inside 彭博社), in order."""
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and span[1] <= kept[-1][1]:
            continue
        kept.append(span)
    return kept


def subject_for(
    start: int,
    end: int,
    names: list[Name],
    bounds: tuple[int, int, int],
    lang: str,
    heading: list[Name],
    kind: str,
) -> tuple[str | None, float | None]:
    """(entity key, confidence) of the figure at text[start:end], of kind `kind`.

    :param bounds: where its sentence and its clause begin, where its clause ends
    """
    lo, clause, stop = bounds
    before = [n for n in names if lo <= n.start and n.end <= start and start - n.end <= REACH[lang]]
    if before:
        nearest = max(before, key=lambda n: (n.end, n.end - n.start))
        if nearest.locative:
            nearest = max(before, key=lambda n: (not n.locative, n.end, n.end - n.start))
        return nearest.key, CONFIDENCE["clause" if nearest.start >= clause else "sentence"]
    after = [n for n in names if end <= n.start and n.end <= stop]
    if after:
        return after[0].key, CONFIDENCE["topic"]
    if kind == "duration":  # an age or a span of years belongs to its own sentence's subject
        return None, None
    said = [n for n in names if n.end <= start]
    earlier, heading_keys = {n.key for n in said}, {n.key for n in heading}
    people = {n.key for n in (*said, *heading) if n.person}  # who talks, not what is cited
    if len(earlier) == 1 and not (heading_keys - earlier) and (len(said) > 1 or heading_keys):
        return (None, None) if earlier & people else (earlier.pop(), CONFIDENCE["paragraph"])
    if not earlier and len(heading_keys) == 1 and not heading_keys & people:
        return heading_keys.pop(), CONFIDENCE["heading"]
    return None, None
