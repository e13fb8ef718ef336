"""Answering: the best figure with its sentence in both languages, or "not found".

The last stage of asking. The best ranked figure answers when its score reaches MIN_SCORE (the
threshold `bench/ask_fit.py` chose on tests/questions.tsv); other episodes that fit as well with
another value are named beside it ("episodes give different values"). Questions that ask for
episodes or reasons get the sentences that name the most of their words. "Not found" names the
closest figures kb holds instead.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kb.answer_words import metric_name, say_value, source
from kb.ask.rank import Scored
from kb.ask.retrieve import Retrieval
from kb.figures.table import MONEY_KINDS as MONEY
from kb.figures.words import base_metric
from kb.models import Answer, Citation, Considered, Question

MIN_SCORE = 0.597
# The share of a Chinese question's words (by rarity) that must stand around a figure that
# answers it: an English question's words reach a Chinese note only through translations.
MIN_WORDS = 0.2
# How much more than MIN_SCORE an answer needs when neither it, its sentence nor its paragraph
# names the metric asked: chosen on tests/questions.tsv, where 0.07 to 0.10 serve the most.
METRIC_UNSAID = 0.08
SIGNED = re.compile(r"\s*(?:负|-|−|minus\b)", re.I)  # a minus written, not a fall read
DISAGREE = 0.03  # values further apart than 3% are different answers to the same question
AS_GOOD = 0.05  # a runner-up this close to the best answers the question as well
MIN_PASSAGE = 0.5  # the share of the question's words a passage answer must name
PASSAGE_CONFIDENCE = 0.8  # a passage shows where the answer is; it is not the answer itself
PASSAGES = (3, 5)  # sentences cited for an open question; episodes for "which episodes"
CONSIDERED = 5


def figure_answer(q: Question, ranked: list[Scored], min_score: float = MIN_SCORE) -> Answer:
    """The best figure, with every other episode's differing value for the same thing."""
    if not ranked or not sure(q, ranked[0], min_score):
        return not_found(q, ranked)
    best = ranked[0]
    same = [best, *same_thing(best, ranked[1:])]
    disagree = any(differs(value_of(s, q), value_of(best, q)) for s in same[1:])
    lines = [figure_line(q, s) for s in same]
    if disagree:
        lead = "各期说法不同：" if q.lang == "zh" else "Episodes give different values: "
        text = lead + ("；" if q.lang == "zh" else "; ").join(lines)
    else:
        text, same = lines[0], same[:1]
    return Answer(
        q.text, text, q.kind, min(1.0, best.score) * (0.85 if disagree else 1.0),
        tuple(s.figure for s in same), tuple(citation(s) for s in same),
        value=value_of(best, q), unit=best.figure.unit, **reading(q, ranked),
    )  # fmt: skip


def sure(q: Question, best: Scored, min_score: float = MIN_SCORE) -> bool:
    """Whether the best candidate may answer: its score reaches the threshold, a Chinese
    question's words stand around it (MIN_WORDS), and where nothing around it names the metric
    asked, its score reaches METRIC_UNSAID more."""
    if best.score < min_score or (q.lang == "zh" and best.parts["words"] < MIN_WORDS):
        return False
    return not (q.metrics and best.parts["metric"] == 0.0
                and best.score < min_score + METRIC_UNSAID)  # fmt: skip


def reading(q: Question, ranked: list[Scored]) -> dict:
    """How the question was read and the figures weighed, for the page and the JSON."""
    considered = tuple(Considered(s.figure, s.score) for s in ranked[:CONSIDERED])
    return {"expected": q.expected.describe(), "source": q.source.describe(),
            "considered": considered}  # fmt: skip


def same_thing(best: Scored, others: list[Scored]) -> list[Scored]:
    """Runners-up from other episodes that answer the question as well as the best does."""
    seen, found = {best.figure.episode_id}, []
    for s in others:
        f = s.figure
        if f.episode_id in seen or s.score < best.score - AS_GOOD:
            continue
        if (f.unit, f.per) == (best.figure.unit, best.figure.per):
            seen.add(f.episode_id)
            found.append(s)
    return found[:3]


def value_of(s: Scored, q: Question) -> float | None:
    """The figure's value, or the end of its range the question asks for."""
    f = s.figure
    if q.expected.end == "low" and f.low is not None:
        return f.low
    if q.expected.end == "high" and f.high is not None:
        return f.high
    fell = f.direction == "down" and not SIGNED.match(f.raw)
    if q.expected.change == "down" and fell and f.value is not None:
        return abs(f.value)  # how many were laid off: the size of the fall the question names
    return f.value


def differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) > DISAGREE * max(abs(a), abs(b))


def figure_line(q: Question, s: Scored) -> str:
    """500亿美元（$50 billion），CoreWeave RPO，《title》（date）."""
    f, other = s.figure, s.candidate.other
    ranged = abs(value_of(s, q) or 0) != abs(f.value or 0)  # one end of a range, not the sign
    said = {f.lang: f.raw, **({other.lang: other.raw} if other else {})}
    mine = None if ranged else said.get(q.lang)
    mine = mine or say_value(value_of(s, q), f.unit, q.lang, f.per)
    other_lang = "en" if q.lang == "zh" else "zh"
    theirs = None if ranged else said.get(other_lang)
    theirs = theirs or say_value(value_of(s, q), f.unit, other_lang, f.per)
    metric = base_metric(f.metric) if f.kind in MONEY else f.metric  # 同比 is the percentage's
    about = " ".join(x for x in (f.entity, metric_name(metric, q.lang), f.period) if x)
    if q.lang == "zh":
        return f"{mine}（{theirs}）" + (f"，{about}" if about else "") + "，" + source(
            f.title, f.date, "zh")  # fmt: skip
    return f"{mine} ({theirs})" + (f", {about}" if about else "") + ", " + source(
        f.title, f.date, "en")  # fmt: skip


def citation(s: Scored) -> Citation:
    """The figure's paragraph, cut to its sentence in each language."""
    c = s.candidate
    said = {}
    for lang, i in c.sentences.items():
        side = c.paragraph.sides[lang]
        start, end = side.sentences[i]
        said[lang] = side.text[start:end].strip()
    f = c.figure
    return Citation(f.episode_id, f.title, f.date, f.paragraph, said.get("zh", ""),
                    said.get("en", ""))  # fmt: skip


def not_found(q: Question, ranked: list[Scored] = ()) -> Answer:
    """No answer, with the closest figures kb holds: the best of those weighed."""
    closest = tuple(dict.fromkeys(describe(s, q.lang) for s in ranked[:CONSIDERED]))
    return Answer(q.text, None, q.kind, 0.0, closest=closest, **reading(q, list(ranked)))


def describe(s: Scored, lang: str) -> str:
    """Nvidia 营收 681亿美元 — 《title》（2026-02-26）: one figure on a line."""
    f = s.figure
    what = " ".join(x for x in (f.entity, metric_name(f.metric, lang), f.period) if x)
    value = f.raw if f.lang == lang else say_value(f.value, f.unit, lang, f.per)
    return f"{what} {value} — {source(f.title, f.date, lang)}".strip()


def compared(q: Question, answers: list[tuple[str, Answer]]) -> Answer:
    """One answer per entity of a comparison (H100和A100的价格), each found on its own."""
    found = [a for _, a in answers if a.text]
    if not found:
        return replace(answers[0][1], question=q.text, text=None)
    missing = "未找到" if q.lang == "zh" else "not found"
    sep = "；" if q.lang == "zh" else "; "
    text = sep.join(f"{name}: {a.text if a.text else missing}" for name, a in answers)
    return Answer(
        q.text, text, q.kind, min(a.confidence for a in found) * len(found) / len(answers),
        tuple(f for a in found for f in a.figures[:1]),
        tuple(c for a in found for c in a.citations[:1]),
        value=found[0].value, unit=found[0].unit, expected=found[0].expected,
        source=found[0].source, considered=tuple(c for a in found for c in a.considered[:2]),
    )  # fmt: skip


def passage_answer(q: Question, retrieval: Retrieval) -> Answer:
    """The sentence of each episode that names the most of the question's words, with the
    sentence at its place in the other language; for "which episodes", the episodes as search
    ranks them, else the best sentences first."""
    best: dict[str, tuple[float, Citation]] = {}
    for (episode, number), searched in retrieval.paragraphs.items():
        for lang, side in searched.sides.items():
            for i, (start, end) in enumerate(side.sentences):
                share = sentence_share(retrieval, side, start, end)
                if share > best.get(episode, (0.0, None))[0]:
                    said = {lang: side.text[start:end].strip(),
                            **translation_of(searched, lang, i)}  # fmt: skip
                    card = retrieval.cards[episode]
                    best[episode] = (share, Citation(episode, card.title, card.date, number,
                                                     said["zh"], said["en"]))  # fmt: skip
    order = retrieval.episode_scores if q.kind == "episodes" else {}
    ranked = sorted(best.items(), key=lambda x: (-order.get(x[0], 0.0), -x[1][0]))
    cited = [(share, c) for _, (share, c) in ranked if share >= MIN_PASSAGE]
    cited = cited[: PASSAGES[q.kind == "episodes"]]
    if not cited:
        return not_found(q)
    citations = tuple(c for _, c in cited)
    if q.kind == "episodes":
        sep = "；" if q.lang == "zh" else "; "
        text = sep.join(source(c.title, c.date, q.lang) for c in citations)
    else:
        c = citations[0]
        said = c.zh if q.lang == "zh" and c.zh else (c.en or c.zh)
        text = f"{said} —— {source(c.title, c.date, q.lang)}"
    confidence = max(share for share, _ in cited) * PASSAGE_CONFIDENCE
    return Answer(q.text, text, q.kind, confidence, (), citations)


def translation_of(searched, lang: str, i: int) -> dict[str, str]:
    """The sentence at the same place on the paragraph's other side, by its number."""
    other_lang = "en" if lang == "zh" else "zh"
    other = searched.sides[other_lang]
    if not other.sentences:
        return {other_lang: ""}
    start, end = other.sentences[min(i, len(other.sentences) - 1)]
    return {other_lang: other.text[start:end].strip()}


def sentence_share(retrieval: Retrieval, side, start: int, end: int) -> float:
    """The rarity-weighted share of the question's words a sentence names, itself or in a
    translation (菠萝 names "pineapple")."""
    best = [0.0] * len(retrieval.terms)
    for m in side.matches:
        if start <= m.start < end:
            best[m.term] = 1.0
    total = sum(t.rarity for t in retrieval.terms)
    held = sum(t.rarity * b for t, b in zip(retrieval.terms, best, strict=True))
    return held / total if total else 0.0
