"""Answers: a question, the passages search found and the figures stored → Answer with citations.

No I/O: KnowledgeBase.ask gathers the hits, figures and paragraph texts into an `Evidence`;
kb/figure_fit.py scores the figures, and this module chooses, cuts and words the answer. A
figure answers only when its entity, metric, period and unit fit the question; otherwise the
answer is "not found", never a number from elsewhere.
"""

from __future__ import annotations

from dataclasses import replace

from kb.answer_words import (
    best_sentences,
    metric_name,
    names_any,
    say_value,
    sentence_like,
    source,
)
from kb.figure_fit import MONEY, Evidence, Scored, other_side, rank_figures
from kb.figures.words import base_metric
from kb.models import Answer, Citation, Question
from kb.notes import has_cjk

MIN_FIGURE_SCORE = 0.45
DISAGREE = 0.03  # values further apart than 3% are different answers to the same question
PASSAGE_CONFIDENCE = 0.8  # a passage shows where the answer is; it is not the answer itself


def answer(evidence: Evidence) -> Answer:
    """The best answer the evidence gives, or "not found"."""
    q = evidence.question
    if q.kind == "figure" and q.compare:
        return compared(evidence) or not_found(q)
    found = figure_answer(evidence) if q.kind == "figure" else None
    if found is None and (q.kind != "figure" or not (q.metrics or q.entities)):
        found = passage_answer(evidence)
    return found or not_found(q)


def compared(evidence: Evidence) -> Answer | None:
    """One answer per entity of a comparison (H100和A100的价格), each ranked on its own."""
    q = evidence.question
    answers = []
    for key in q.entities:
        one = replace(evidence, question=replace(q, entities=(key,), compare=False))
        found = figure_answer(one)
        name = (evidence.entity_names.get(key) or (key,))[0]
        answers.append((name, found))
    if not any(a for _, a in answers):
        return None
    missing = "未找到" if q.lang == "zh" else "not found"
    sep = "；" if q.lang == "zh" else "; "
    text = sep.join(f"{name}: {a.text if a else missing}" for name, a in answers)
    found = [a for _, a in answers if a]
    return Answer(
        q.text,
        text,
        q.kind,
        min(a.confidence for a in found) * len(found) / len(answers),
        tuple(f for a in found for f in a.figures[:1]),
        tuple(c for a in found for c in a.citations[:1]),
    )


def not_found(q: Question, closest: tuple[str, ...] = ()) -> Answer:
    return Answer(q.text, None, q.kind, 0.0, closest=closest)


def figure_answer(evidence: Evidence) -> Answer | None:
    """The best fitting figure, with every other episode's differing value for the same thing."""
    ranked = rank_figures(evidence)
    if not ranked or ranked[0].score < MIN_FIGURE_SCORE:
        return None
    best = ranked[0]
    same = [best] + same_thing(best, ranked[1:])
    disagree = any(differs(s.figure.value, best.figure.value) for s in same[1:])
    q = evidence.question
    lines = [figure_line(q, s.figure) for s in same]
    if disagree:
        lead = "各期说法不同：" if q.lang == "zh" else "Episodes give different values: "
        text = lead + ("；" if q.lang == "zh" else "; ").join(lines)
    else:
        text = lines[0]
    confidence = min(1.0, best.score) * (0.85 if disagree else 1.0)
    citations = tuple(figure_citation(s.figure, evidence) for s in same)
    return Answer(q.text, text, q.kind, confidence, tuple(s.figure for s in same), citations)


def same_thing(best: Scored, others: list[Scored]) -> list[Scored]:
    """Runners-up from other episodes that fit entity, metric and period as well as the best."""
    b, seen, found = best.figure, {best.figure.episode_id}, []
    for s in others:
        f = s.figure
        if f.episode_id in seen or s.score < best.score - 0.15:
            continue
        as_good = all(s.parts[k] >= best.parts[k] - 0.05 for k in ("entity", "metric", "period"))
        as_good = as_good and s.parts["exact"] >= best.parts["exact"] - 0.3  # not a forecast
        if (
            as_good
            and (f.unit, f.per) == (b.unit, b.per)
            and s.parts["words"] >= 0.5 * best.parts["words"]
        ):
            seen.add(f.episode_id)
            found.append(s)
    return found[:3]


def differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) > DISAGREE * max(abs(a), abs(b))


def figure_line(q: Question, f) -> str:
    """500亿美元（$50 billion），CoreWeave RPO，《title》（date）."""
    mine = f.raw if f.lang == q.lang else (f.counterpart or {}).get("raw")
    mine = mine or say_value(f.value, f.unit, q.lang, f.per)
    other_lang = "en" if q.lang == "zh" else "zh"
    other = f.raw if f.lang == other_lang else (f.counterpart or {}).get("raw")
    other = other or say_value(f.value, f.unit, other_lang, f.per)
    metric = base_metric(f.metric) if f.kind in MONEY else f.metric  # 同比 is the percentage's
    about = " ".join(x for x in (f.entity, metric_name(metric, q.lang), f.period) if x)
    if q.lang == "zh":
        return (
            f"{mine}（{other}）"
            + (f"，{about}" if about else "")
            + "，"
            + source(f.title, f.date, "zh")
        )
    return (
        f"{mine} ({other})" + (f", {about}" if about else "") + ", " + source(f.title, f.date, "en")
    )


def figure_citation(f, evidence: Evidence) -> Citation:
    text = evidence.texts.get((f.episode_id, f.paragraph), {})
    mine, other = f.sentence, other_side(f, text)
    zh, en = (mine, other) if f.lang == "zh" else (other, mine)
    return Citation(f.episode_id, f.title, f.date, f.paragraph, zh, en)


def passage_answer(evidence: Evidence) -> Answer | None:
    """The best passages cut to the sentences that answer; for "which episodes", the episodes."""
    q = evidence.question
    citations, coverage = [], []
    for hit in evidence.hits[:5]:
        for p in hit.passages[:1]:
            zh, zh_at = best_sentences(p.zh, evidence.terms["zh"])
            en, en_at = best_sentences(p.en, evidence.terms["en"])
            if not zh and not en:
                continue
            zh = zh or sentence_like(p.zh, en_at or 0, len(p.en))
            en = en or sentence_like(p.en, zh_at or 0, len(p.zh))
            coverage.append(covered(evidence.groups, zh + " " + en + " " + hit.title))
            citations.append(Citation(hit.episode_id, hit.title, hit.date, p.paragraph, zh, en))
    if not citations or max(coverage) < 0.5:
        return None
    order = sorted(range(len(citations)), key=lambda i: -coverage[i])
    most = 5 if q.kind == "episodes" else 3
    citations = [citations[i] for i in order if coverage[i] >= 0.5][:most]
    confidence = max(coverage) * PASSAGE_CONFIDENCE * (1.0 if evidence.exact_search else 0.7)
    return Answer(q.text, passage_text(q, citations), q.kind, confidence, (), tuple(citations))


def covered(groups: list[tuple[str, ...]], text: str) -> float:
    """The share of the question's concepts that `text` names, in either language."""
    if not groups:
        return 0.0
    return sum(1 for g in groups if names_any(text, g)) / len(groups)


def passage_text(q: Question, citations: list[Citation]) -> str:
    """Episodes by title for "which episodes"; else the best sentence in the question's language."""
    if q.kind == "episodes":
        sep = "；" if q.lang == "zh" else "; "
        return sep.join(source(c.title, c.date, q.lang) for c in citations)
    c = citations[0]
    said = c.zh if q.lang == "zh" and has_cjk(c.zh) else (c.en or c.zh)
    return f"{said} —— {source(c.title, c.date, q.lang)}"
