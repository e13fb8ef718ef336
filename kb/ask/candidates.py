"""The figures that may answer: every stored figure in the sentences retrieval read.

The third stage of asking. A figure is a candidate when its paragraph, in either language, or
the paragraph before it (where a transcript may name what the number is about) holds any of the
question's words; how near they stand is for ranking to weigh. A Chinese figure and its English
counterpart are one candidate, read in both sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kb.ask.library import Library
from kb.ask.retrieve import Retrieval, Searched
from kb.figures.english import is_year
from kb.figures.numerals import numeral_value
from kb.figures.words import SCALES_EN
from kb.models import FigureRecord

# A number English writes without what kb stores a figure by ("and 300 closed"): it still says
# where that side tells the figure, and stands between other figures and the words around it.
NUMBER_EN = re.compile(
    r"(?<![\w.,])\$?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]*\d)"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?",
    re.I,
)


@dataclass(frozen=True)
class Candidate:
    """A figure with where it stands: its paragraph, and its sentence on each side.

    `sentences` maps a language to the index of the figure's sentence on that side (its own
    side, and the other where it has a counterpart or the other side has text); `spans` the
    figure's span on each side where it stands there (its counterpart's, or the same number
    unstored); `others` the spans of the paragraph's other figures on each side; `before` the
    paragraph before it, when retrieval read it (a transcript may name there what
    "我们为其中的150万台提供保养。" counts).
    """

    figure: FigureRecord
    other: FigureRecord | None
    paragraph: Searched
    sentences: dict[str, int]
    others: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    before: Searched | None = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, int]:
        return (self.figure.episode_id, self.figure.paragraph)


def candidates(library: Library, retrieval: Retrieval) -> list[Candidate]:
    """The figures of the sentences that hold the question's words, one per figure pair."""
    figures = library.figures(retrieval.paragraphs) if retrieval.paragraphs else []
    by_id = {f.id: f for f in figures}
    spans: dict[tuple[str, int, str], list[tuple[int, int]]] = {}
    pairs: dict[tuple[str, int, str], list[tuple[FigureRecord, FigureRecord]]] = {}
    for f in figures:
        spans.setdefault((f.episode_id, f.paragraph, f.lang), []).append((f.start, f.end))
        if (g := by_id.get((f.counterpart or {}).get("id"))) is not None:
            pairs.setdefault((f.episode_id, f.paragraph, f.lang), []).append((f, g))
    found, paired = [], set()
    for f in figures:
        if f.id in paired or f.value is None:
            continue
        other = by_id.get((f.counterpart or {}).get("id"))
        if other is not None:
            paired.add(other.id)
        paragraph = retrieval.paragraphs.get((f.episode_id, f.paragraph))
        if paragraph is None:
            continue
        before = retrieval.paragraphs.get((f.episode_id, f.paragraph - 1))
        if holds_terms(paragraph) or (before and holds_terms(before)):
            beside = pairs.get((f.episode_id, f.paragraph, f.lang), [])
            sentences = figure_sentences(paragraph, f, other, beside)
            mine = {g.lang: (g.start, g.end) for g in (f, other) if g}
            others = {lang: tuple(span for span in spans.get((f.episode_id, f.paragraph, lang), ())
                                  if span != mine.get(lang)) for lang in sentences}  # fmt: skip
            if "en" in sentences:
                english = paragraph.sides["en"].sentences[sentences["en"]]
                mine, others["en"] = with_unstored(paragraph.sides["en"].text, english, f, mine,
                                                   others["en"])  # fmt: skip
            found.append(Candidate(f, other, paragraph, sentences, others, before, mine))
    return found


def with_unstored(text: str, sentence: tuple[int, int], f: FigureRecord, mine: dict, others):
    """The figure's spans and the English sentence's other figures, with the numbers that
    sentence writes bare: the one of the figure's value is where it stands there when no
    counterpart says so, the rest stand between it and the words around them."""
    stored = others + ((mine["en"],) if "en" in mine else ())
    unstored = unstored_numbers(text, sentence, stored)
    span = mine.get("en") or next((s for s, value in unstored if close(value, f.value)), None)
    rivals = tuple(s for s, _ in unstored if s != span)
    return ({**mine, "en": span} if span else mine), others + rivals


def unstored_numbers(
    text: str, sentence: tuple[int, int], stored
) -> list[tuple[tuple[int, int], float]]:
    """The numbers of an English sentence that no stored figure covers, years aside, with
    their values."""
    found = []
    for m in NUMBER_EN.finditer(text, *sentence):
        if is_year(m["num"]) or any(a < m.end() and m.start() < b for a, b in stored):
            continue
        scale = SCALES_EN[m["scale"].lower()] if m["scale"] else 1.0
        found.append(((m.start(), m.end()), numeral_value(m["num"]) * scale))
    return found


def close(a: float | None, b: float | None) -> bool:
    """Whether two values are the same figure, whatever its sign, to half a percent."""
    return a is not None and b is not None and abs(abs(a) - abs(b)) <= 0.005 * max(abs(b), 1e-9)


def figure_sentences(
    paragraph: Searched,
    f: FigureRecord,
    other: FigureRecord | None,
    beside: Sequence[tuple[FigureRecord, FigureRecord]] = (),
) -> dict[str, int]:
    """The index of the figure's sentence on its side and, where there is one, on the other:
    its counterpart's, else that of a figure of the same sentence that has one ("义乌去年开了1200
    家店，300家关门": 300 has no English twin, 1,200 does), else the sentence at the same place
    in the translation."""
    mine = paragraph.sides[f.lang]
    at = mine.sentence_of(f.start)
    sentences = {f.lang: at}
    lang = "en" if f.lang == "zh" else "zh"
    theirs = paragraph.sides[lang]
    twins = [g for s, g in beside if mine.sentence_of(s.start) == at]
    if other is not None:
        sentences[lang] = theirs.sentence_of(other.start)
    elif twins:
        sentences[lang] = theirs.sentence_of(twins[0].start)
    elif theirs.sentences:
        share = f.start / max(len(mine.text), 1)
        sentences[lang] = theirs.sentence_of(int(share * len(theirs.text)))
    return sentences


def holds_terms(paragraph: Searched) -> bool:
    """Whether either side of the paragraph holds any of the question's words."""
    return any(side.matches for side in paragraph.sides.values())
