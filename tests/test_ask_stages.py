"""Asking stage by stage over the sample episodes: retrieve, candidates, rank, answer.

Golden rows from data/: Cq8nHt4wLs2 (a Chinese-only note of counts in several measure words, a
range, a fall and a monthly price) and Eb5rTy7uKd1 (another channel on the same pilot, in both
languages, with another count of its clinics).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from kb.ask import ask, features
from kb.ask.candidates import candidates
from kb.ask.features import Setting, attribution
from kb.ask.library import Found, Term, Variant
from kb.ask.rank import rank
from kb.ask.read import read_question
from kb.ask.retrieve import by_names, retrieve
from kb.core import AskLibrary
from kb.search import Ranked

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def library(sample_kb):
    return AskLibrary(sample_kb)


def stages(library, text):
    q = read_question(text, library, TODAY)
    retrieval = retrieve(library, q)
    found = candidates(library, retrieval)
    return q, retrieval, found, rank(library, q, retrieval, found)


def test_retrieval_reads_the_sentences_that_hold_the_question_words(library):
    q, retrieval, _, _ = stages(library, "多伦多社区诊所试点一年服务了多少患者？")
    searched = [p for (episode, _), p in retrieval.paragraphs.items() if episode == "Cq8nHt4wLs2"]
    sentence = "先说结论：试点一年后，全市共有312家诊所加入，服务患者4.6万人，配备流动医疗车58辆。"
    side = next(p.sides["zh"] for p in searched if sentence in p.sides["zh"].text)
    start = side.text.index(sentence)
    held = {retrieval.terms[m.term].text for m in side.matches if m.start >= start}
    assert {"诊所", "试点", "服务", "患者"} <= held


def test_a_named_speaker_is_searched_among_its_own_episodes(library):
    q, retrieval, _, _ = stages(library, "Metro Ledger说截至3月底真正开诊的诊所有多少家？")
    assert q.source.speakers == ("Metro Ledger",)
    assert "Eb5rTy7uKd1" in retrieval.from_source
    assert "Metro" not in q.words  # the channel's name is not searched in the notes' text


def test_a_named_speaker_answers_alone_when_an_episode_of_theirs_fits(library):
    *_, ranked = stages(library, "Metro Ledger说试点一年服务了多少患者？")
    assert ranked and {s.figure.episode_id for s in ranked} == {"Eb5rTy7uKd1"}
    *_, ranked = stages(library, "试点一年服务了多少患者？")
    assert {"Eb5rTy7uKd1", "Cq8nHt4wLs2"} <= {s.figure.episode_id for s in ranked}


def test_a_questions_rare_names_are_searched_alone_for_the_episode_about_them():
    searched = []

    class Names:
        def search(self, query, limit):
            searched.append(query)
            return Found((Ranked("case", 9.0, ((4, 9.0),)), Ranked("read", 8.0, ())), ())

    terms = (
        Term("Yiwu", (Variant("义乌", ("义乌",), why="translation"),), rarity=11.0),
        Term("China", (Variant("中国", ("中国",), why="entity"),), rarity=3.0),  # common
        Term("Zhejiang", (Variant("浙江", ("浙江",), why="translation"),), rarity=7.5),
        Term("repainted", (), rarity=12.0),  # rare, but no name
        Term("RPO", (), rarity=9.0),  # an acronym of a metric
    )
    found = by_names(Names(), terms, read={"read"})
    assert searched == ["Yiwu Zhejiang"] and [r.episode_id for r in found] == ["case"]


def test_a_figure_beside_the_rare_name_a_question_holds_fits_it_best(monkeypatch):
    terms = (
        Term("Yiwu", (Variant("Yiwu", ("yiwu",)), Variant("义乌", ("义乌",))), rarity=11.0),
        Term("buses", (Variant("buses", ("buse",)),), rarity=4.0),
    )
    setting = SimpleNamespace(terms=terms)
    here = SimpleNamespace(text="义乌去年换了300辆公交车。")
    there = SimpleNamespace(text="另一座城市换了500辆公交车。")
    monkeypatch.setattr(features, "sentence_text", lambda c: c.text)
    paragraph = SimpleNamespace(sides={"zh": SimpleNamespace(text=here.text + there.text)})
    for c in (here, there):
        c.paragraph = paragraph
    assert features.named_fit(here, setting) == 1.0
    assert features.named_fit(there, setting) == 0.7  # its paragraph names Yiwu
    setting.terms = terms[1:]  # no rare name asked: neither is preferred
    assert features.named_fit(here, setting) == features.named_fit(there, setting)


def test_english_words_find_the_english_side_of_a_bilingual_note(library):
    _, retrieval, _, _ = stages(library, "How many clinics were actually open by the end of March?")
    sides = [p.sides["en"] for (e, _), p in retrieval.paragraphs.items() if e == "Eb5rTy7uKd1"]
    assert any("305 clinics" in s.text and s.matches for s in sides)


def test_a_figure_and_its_translation_are_one_candidate(library):
    _, _, found, _ = stages(library, "According to Metro Ledger, how many patients were served?")
    pairs = [(c.figure.raw, c.other.raw if c.other else None)
             for c in found if c.figure.episode_id == "Eb5rTy7uKd1"]  # fmt: skip
    assert ("4.6万人", "46,000") in pairs
    assert not any(raw == "46,000" for raw, _ in pairs)


@pytest.mark.parametrize(
    "question, best, left_out",
    [
        # one sentence, three counts in three measure words: the measure asked decides
        ("多伦多的诊所试点配了多少辆流动医疗车？", "58辆", {"312家", "4.6万人"}),
        ("多伦多社区诊所试点一共有多少家诊所加入？", "312家", {"4.6万人", "58辆"}),
        ("多伦多社区诊所试点一年服务了多少患者？", "4.6万人", {"312家", "58辆"}),
        # a fall, a monthly price, one amount among several in another currency's sentence
        ("2025年多伦多的常住人口跟前一年相比少了多少人？", "1.2万人", set()),
        ("多伦多老人公交月票每月多少钱？", "65加元", set()),
        ("联邦政府为多伦多诊所试点出资多少加元？", "6,500万加元", set()),
    ],
)
def test_the_figure_that_fits_ranks_first_and_the_wrong_kind_not_at_all(
    library, question, best, left_out
):
    _, _, _, ranked = stages(library, question)
    assert ranked[0].figure.raw == best
    assert not left_out & {s.figure.raw for s in ranked}


def test_a_word_counts_for_the_figure_it_stands_nearest(library):
    q, retrieval, found, _ = stages(library, "多伦多社区诊所试点一年服务了多少患者？")
    setting = Setting(q, retrieval.terms, retrieval.cards, retrieval.titles, library.table)
    sentence = [c for c in found if c.figure.episode_id == "Cq8nHt4wLs2"
                and c.figure.raw in ("312家", "4.6万人", "58辆")]  # fmt: skip
    own = {c.figure.raw: attribution(c, setting)[0] for c in sentence}
    assert q.focus == ("服务", "患者")  # beside 多少: they weigh most in what a figure owns
    assert own["4.6万人"] > own["312家"] and own["4.6万人"] > own["58辆"]


def test_a_fall_the_question_names_is_answered_with_its_size(library):
    fell = ask(library, "2025年多伦多的常住人口跟前一年相比少了多少人？", TODAY)
    changed = ask(library, "2025年多伦多常住人口的变化是多少人？", TODAY)
    assert (fell.value, changed.value) == (12000.0, -12000.0)


def test_the_size_of_a_change_does_not_answer_for_the_level(library):
    assert ask(library, "2025年多伦多常住人口有多少人？", TODAY).text is None


def test_a_range_answers_with_the_end_asked(library):
    low = ask(library, "在多伦多请私人护工，每小时最低要多少加元？", TODAY)
    high = ask(library, "在多伦多请私人护工，每小时最高要多少加元？", TODAY)
    assert (low.value, high.value) == (18.0, 25.0)
    assert low.text.startswith("每小时18加元") and low.citations[0].episode_id == "Cq8nHt4wLs2"


def test_the_named_source_decides_between_episodes_that_disagree(library):
    ours = ask(library, "城市观察笔记说多伦多社区诊所试点一年后有多少家诊所加入？", TODAY)
    theirs = ask(library, "Metro Ledger说截至3月底真正开诊的诊所有多少家？", TODAY)
    assert (ours.value, ours.citations[0].episode_id) == (312.0, "Cq8nHt4wLs2")
    assert (theirs.value, theirs.citations[0].episode_id) == (305.0, "Eb5rTy7uKd1")
    assert theirs.source == "Metro Ledger"


def test_not_found_names_the_closest_figures_and_what_was_weighed(library):
    answer = ask(library, "多伦多社区诊所试点一共有多少名医生？", TODAY)
    assert answer.text is None and answer.value is None and answer.confidence == 0.0
    assert answer.closest and answer.considered
    assert answer.expected == "count of person"


def test_an_answer_says_how_it_read_the_question(library):
    answer = ask(library, "多伦多的诊所试点配了多少辆流动医疗车？", TODAY)
    assert answer.expected == "count of vehicle"
    assert answer.considered[0].figure.raw == "58辆"
    assert [c.score for c in answer.considered] == sorted(
        (c.score for c in answer.considered), reverse=True
    )


def test_a_name_no_note_holds_is_not_found_but_a_near_spelling_is_read_as_the_name(library):
    answer = ask(library, "What is Zorblax's valuation?", TODAY)
    assert answer.text is None and answer.figures == ()
    misspelt = ask(library, "What is Pinecorn's valuation?", TODAY)  # search widens it to Pinecone
    assert (misspelt.value, misspelt.citations[0].episode_id) == (7.5e8, "-Fq3LkW9aZc")
