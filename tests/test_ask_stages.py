"""Asking stage by stage over the sample episodes: retrieve, candidates, rank, answer.

Golden rows from data/: Cq8nHt4wLs2 (a Chinese-only note of counts in several measure words, a
range, a fall and a monthly price) and Eb5rTy7uKd1 (another channel on the same pilot, in both
languages, with another count of its clinics).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from types import SimpleNamespace

import pytest

from kb.ask import ask, features
from kb.ask.answer import METRIC_UNSAID, MIN_SCORE, figure_answer
from kb.ask.candidates import candidates, figure_sentences
from kb.ask.features import Setting, attribution
from kb.ask.library import Card, Found, Term, Variant
from kb.ask.rank import rank
from kb.ask.read import counted_noun, find_entities, read_question, told_by
from kb.ask.retrieve import (
    NAMED_EPISODE,
    Retrieval,
    Searched,
    Side,
    TermFinder,
    by_names,
    read_sides,
    retrieve,
)
from kb.ask.said import said_as_fact
from kb.core import AskLibrary
from kb.entities import Entity, EntityTable
from kb.models import Expected, FigureRecord, Question, Source
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
    found = by_names(Names(), "How many buses does Yiwu in China's Zhejiang run?", terms,
                     read={"read"})  # fmt: skip
    assert searched == ["Yiwu Zhejiang"] and [r.episode_id for r in found] == ["case"]


def test_a_rare_name_of_two_capitalised_words_is_searched_as_their_phrase():
    searched = []

    class Names:
        def search(self, query, limit):
            searched.append(query)
            return Found((), ())

    terms = (
        Term("Americans", (), rarity=4.0),
        Term("spend", (), rarity=3.0),
        Term("Cyber", (), rarity=8.0),  # rare alone, but one word of the day's name
        Term("Monday", (), rarity=5.0),
    )
    by_names(Names(), "How much did Americans spend on Cyber Monday?", terms, read=set())
    assert searched == ['"Cyber Monday"']


def test_a_paragraph_found_by_the_rare_names_alone_scores_as_a_passage():
    terms = (
        Term("Yiwu", (Variant("Yiwu", ("yiwu",)), Variant("义乌", ("义乌",))), rarity=11.0),
        Term("buses", (Variant("buses", ("buse",)),), rarity=4.0),
    )

    class Names:
        fold = staticmethod(lambda text: text)

        def search(self, query, limit, within=None, **filters):
            if within is not None or query != "Yiwu":  # the whole question, read deeply or not
                return Found((Ranked("other", 10.0, ((1, 10.0),)),), terms)
            return Found((Ranked("case", 5.0, ((4, 5.0),)),), terms)

        def paragraphs(self, keys):
            return {key: {"zh": "义乌的公交车。", "en": ""} for key in keys}

        def episodes(self, ids):
            return {i: Card(i, "", None, "") for i in ids}

    q = Question(text="How many buses does Yiwu have?", lang="en", kind="figure",
                 words=("Yiwu", "buses"))  # fmt: skip
    found = retrieve(Names(), q)
    assert found.episode_scores["case"] == NAMED_EPISODE
    assert found.paragraphs[("case", 4)].score == 0.5  # its names' score over the best passage's


def test_a_figure_beside_the_rare_name_a_question_holds_fits_it_best(monkeypatch):
    terms = (
        Term("Yiwu", (Variant("Yiwu", ("yiwu",)), Variant("义乌", ("义乌",))), rarity=11.0),
        Term("buses", (Variant("buses", ("buse",)),), rarity=4.0),
    )
    setting = SimpleNamespace(terms=terms, cards={})
    here = SimpleNamespace(text="义乌去年换了300辆公交车。", figure=SimpleNamespace(episode_id="e"))
    there = SimpleNamespace(text="另一座城市换了500辆公交车。",
                            figure=SimpleNamespace(episode_id="e"))  # fmt: skip
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
        ("多伦多老人公交月票每月多少钱？", "每月65加元", set()),
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


def side_of(text: str) -> Side:
    """One side of a paragraph, cut into sentences at 。 and ". "."""
    ends = [m.end() for m in re.finditer(r"。|\. ", text)]
    ends += [len(text)] if not ends or ends[-1] < len(text) else []
    starts = [0, *ends[:-1]]
    return Side(text, tuple(zip(starts, ends, strict=True)), ())


def figure_in(text: str, raw: str, lang: str = "zh", **fields) -> SimpleNamespace:
    """A figure said as `raw` in `text`, with the fields a test needs."""
    start = text.index(raw)
    return SimpleNamespace(lang=lang, raw=raw, start=start, end=start + len(raw), sentence=text,
                           **fields)  # fmt: skip


def candidate_of(text: str, raw: str, others=(), **fields) -> SimpleNamespace:
    """A candidate for the figure `raw` of a one-sided Chinese paragraph; `others` are the other
    figures said in it."""
    side = side_of(text)
    f = figure_in(text, raw, **fields)
    spans = tuple((text.index(o), text.index(o) + len(o)) for o in others)
    return SimpleNamespace(figure=f, other=None, paragraph=SimpleNamespace(sides={"zh": side}),
                           sentences={"zh": side.sentence_of(f.start)}, others={"zh": spans},
                           spans={"zh": (f.start, f.end)})  # fmt: skip


def test_a_figure_with_no_twin_is_read_beside_the_translation_of_its_sentence():
    zh = "今年天气很好。义乌去年开了1200家店，300家关门。"
    en = "Yiwu opened 1,200 shops last year and 300 closed. The weather was fine this year."
    paragraph = SimpleNamespace(sides={"zh": side_of(zh), "en": side_of(en)})
    opened, twin = figure_in(zh, "1200家"), figure_in(en, "1,200", lang="en")
    closed = figure_in(zh, "300家")
    assert figure_sentences(paragraph, closed, None, [(opened, twin)]) == {"zh": 1, "en": 0}
    assert figure_sentences(paragraph, closed, None) == {"zh": 1, "en": 1}  # by its place alone


@pytest.mark.parametrize(
    "text, raw, others, question, fit",
    [
        # the base a figure is compared with, unless the question asks the year before
        ("义乌赚了8亿元，而去年同期是5亿元。", "5亿元", ["8亿元"], "义乌赚了多少钱？", 0.0),
        ("义乌赚了8亿元，而去年同期是5亿元。", "8亿元", ["5亿元"], "义乌赚了多少钱？", 1.0),
        ("义乌赚了8亿元，而去年同期是5亿元。", "5亿元", ["8亿元"], "义乌去年赚了多少钱？", 1.0),
        # set against what happened
        ("义乌建桥花了8亿元，而不是预算的3亿元。", "3亿元", ["8亿元"], "义乌建桥花了多少钱？", 0.0),
        # the size of a change, said with or without 了, asked as a level
        ("义乌每月增加3万片晶圆。", "3万片", [], "义乌每月产多少片晶圆？", None),
        # something taken out, unless the question asks so
        ("剔除一次性收益后，义乌赚了2亿元。", "2亿元", [], "义乌赚了多少钱？", 0.7),
        ("剔除一次性收益后，义乌赚了2亿元。", "2亿元", [], "剔除一次性收益后义乌赚了多少？", 1.0),
        # a promise is no fact, however long the gloss between it and the figure
        (
            "义乌承诺新线（BRT: Bus Rapid Transit: 快速公交系统）票价会降到2元。",
            "2元",
            [],
            "义乌新线的票价是多少？",
            0.0,
        ),
    ],
)
def test_a_figure_said_as_other_than_what_happened_fits_less(text, raw, others, question, fit):
    c = candidate_of(text, raw, others, kind="money", approximate=False, low=None, high=None,
                     date="2026-03-01")  # fmt: skip
    q = SimpleNamespace(text=question, expected=Expected(kind="money"), period=None,
                        relative_period="去年" in question)  # fmt: skip
    assert said_as_fact(c, q) == fit


def test_the_level_a_fall_came_to_does_not_answer_how_much_it_fell():
    reached = figure_in("义乌人口降至120万人。", "120万人", direction=None, value=1.2e6)
    fell = figure_in("义乌人口减少了3万人。", "3万人", direction="down", value=-3e4)
    assert features.direction_fit("down", reached) < features.direction_fit("down", fell)
    assert features.direction_fit(None, reached) == 1.0  # a level asked: it is the answer


@pytest.mark.parametrize(
    "text, raw, counted, counts_another",
    [
        ("义乌这家工厂有80台机器。", "80台", "工厂", True),
        ("义乌开了80家新工厂。", "80家", "工厂", False),
        ("义乌的工厂有80家，比去年多。", "80家", "工厂", False),
        ("义乌的工厂有80家左右。", "80家", "工厂", False),
        ("义乌用2亿元的现金换来了9亿元的利润。", "2亿元", "利润", True),
        ("义乌用2亿元的现金换来了9亿元的利润。", "9亿元", "利润", False),
    ],
)
def test_a_count_or_amount_of_another_noun_does_not_answer(text, raw, counted, counts_another):
    assert features.counts_another(candidate_of(text, raw), counted) == counts_another


def test_an_amount_per_share_fits_less_when_a_total_is_asked():
    c = candidate_of("义乌公司每股派息3元。", "3元", kind="money", unit="CNY", per=None,
                     value=3.0)  # fmt: skip
    total = SimpleNamespace(text="义乌公司分红多少钱？", expected=Expected(kind="money"))
    each = SimpleNamespace(text="义乌公司每股分红多少钱？", expected=Expected(kind="money"))
    assert features.type_fit(c, total) == 0.6
    assert features.type_fit(c, each) == 1.0


def test_a_figure_linked_to_another_metric_is_left_out_beside_the_one_asked():
    def linked(raw, metric):
        return SimpleNamespace(figure=SimpleNamespace(episode_id="e", paragraph=1, lang="zh",
                                                      metric=metric, raw=raw),
                               other=None, sentences={"zh": 0})  # fmt: skip

    revenue, profit = linked("12亿元", "revenue"), linked("3亿元", "net income")
    alone = linked("9亿元", "revenue")
    alone.sentences = {"zh": 1}
    setting = SimpleNamespace(question=SimpleNamespace(metrics=("net income",)))
    told_apart = features.metric_told_apart(setting, [revenue, profit, alone])
    assert [told_apart(c) for c in (revenue, profit, alone)] == [True, False, False]


def test_a_company_named_with_its_part_asks_of_the_part():
    table = SimpleNamespace(entities={
        "yiwu": SimpleNamespace(name="Yiwu Group", aliases=("义乌",)),
        "yiwucloud": SimpleNamespace(name="义乌云", aliases=("Yiwu Cloud",)),
        "pinecone": SimpleNamespace(name="Pinecone", aliases=()),
    })  # fmt: skip
    assert features.narrowest(("yiwu", "yiwucloud"), table) == ("yiwucloud",)
    assert features.narrowest(("yiwu", "pinecone"), table) == ("yiwu", "pinecone")


def test_a_name_is_seen_in_either_script():
    assert features.names_any("義烏診所去年服務了多少人", ("义乌诊所",))
    assert not features.names_any("Blocked roads", ("Block",))


@pytest.mark.parametrize(
    "question, speakers",
    [
        ("Yiwu Motors的报告里，工人平均月薪是多少？", ()),  # the company's report
        ("Yiwu Motors在节目里说，工人平均月薪是多少？", ("Yiwu Motors",)),  # its channel told it
        ("In Yiwu Motors's walkthrough of the budget, how large is the deficit?", ("Yiwu Motors",)),
    ],
)
def test_a_channel_named_as_a_company_is_the_company_unless_it_told(question, speakers):
    at = question.index("Yiwu Motors")
    span = (at, at + len("Yiwu Motors"))
    table = SimpleNamespace(lookup={"Yiwu Motors": "yiwumotors"}.get)
    source, covered = told_by(question, Source(("Yiwu Motors",)), [span], ["yiwumotors"],
                              [span], table)  # fmt: skip
    assert source.speakers == speakers
    assert covered == ([span] if speakers else [])


@pytest.mark.parametrize(
    "question, words, counted",
    [
        ("义乌工厂有多少名工人？", ["义乌", "工厂", "工人"], "工人"),
        ("义乌这笔买卖赚了多少利润？", ["义乌", "买卖", "利润"], "利润"),
        ("义乌这笔买卖赚了多少美元？", ["义乌", "买卖", "美元"], None),  # a currency, not a noun
        ("义乌的税率提高了多少个百分点？", ["义乌", "税率", "百分点"], "百分点"),
    ],
)
def test_what_a_chinese_question_counts_or_asks_an_amount_of(question, words, counted):
    assert counted_noun(question, words) == counted


def test_a_price_said_per_unit_before_the_figure_fits_a_question_asking_that_unit():
    def rent(text):
        return candidate_of(text, "6美元", kind="money", unit="USD", per=None, value=6.0)

    hourly = SimpleNamespace(
        text="义乌仓库每小时租金多少？", expected=Expected("money", per="hour")
    )
    assert features.type_fit(rent("义乌仓库每小时的租金涨到了6美元。"), hourly) == 1.0
    assert features.type_fit(rent("义乌仓库的租金涨到了6美元。"), hourly) == 0.6  # not said
    assert features.type_fit(rent("义乌仓库每月的租金涨到了6美元。"), hourly) == 0.3


@pytest.mark.parametrize(("per", "fit"), [("month", 1.0), (None, 0.5), ("day", None)])
def test_an_amount_per_the_unit_asked_is_the_kind_a_question_of_no_kind_asks(per, fit):
    c = candidate_of("义乌工厂的产能提升到8万件。", "8万件", kind="count", unit="count",
                     per=per, value=8e4)  # fmt: skip
    monthly = SimpleNamespace(text="What is the Yiwu plant's monthly output?",
                              expected=Expected(per="month"))  # fmt: skip
    assert features.type_fit(c, monthly) == fit


@pytest.mark.parametrize(("asked", "fit"), [(None, 0.3), ("CNY", 1.0)])
def test_an_amount_converted_into_another_currency_answers_only_in_that_currency(asked, fit):
    text = "义乌的时薪是900日元，约合人民币43元。"
    c = candidate_of(text, "人民币43元", ["900日元"], kind="money", unit="CNY",
                     approximate=False, low=None, high=None, date="2026-03-01")  # fmt: skip
    q = SimpleNamespace(text="义乌的时薪是多少？", expected=Expected("money", unit=asked),
                        period=None, relative_period=False)  # fmt: skip
    assert said_as_fact(c, q) == fit


@pytest.mark.parametrize(
    ("period", "fit"),
    [("2026-05", 1.0), ("2026", 0.6), ("2024..2026", 0.6), ("2023-05", 0.2),
     ("2018..2022", 0.2), (None, 0.5)],
)  # fmt: skip
def test_a_question_asked_of_the_present_fits_a_figure_told_of_its_episodes_time(period, fit):
    c = candidate_of("义乌的均价差不多是一百万。", "一百万", period=period, date="2026-05-10")
    setting = SimpleNamespace(question=SimpleNamespace(present=True, period=None))
    assert features.period_fit(c, setting) == fit


@pytest.mark.parametrize(("period", "fit"), [("2025-01..2025-09", 1.0), ("2025", 0.5)])
def test_a_span_asked_fits_the_same_span_told(period, fit):
    c = candidate_of("义乌前三季度的出口是一百万。", "一百万", period=period, date="2025-11-10")
    q = SimpleNamespace(present=False, period="2025-01..2025-09", period_span=True)
    assert features.period_fit(c, SimpleNamespace(question=q)) == fit


def test_a_figure_linked_to_another_product_its_sentence_names_fits_less():
    table = EntityTable([Entity("yiwu", "company", "Yiwu Chips", ("义乌芯片",)),
                         Entity("y200", "product", "Y200", ()),
                         Entity("y300", "product", "Y300", ())])  # fmt: skip
    q = SimpleNamespace(entities=("yiwu", "y200"))
    setting = Setting(q, (), {}, {}, table)
    text = "义乌芯片的Y300每小时租金为5美元，Y200为3美元。"
    y300 = candidate_of(text, "5美元", ["3美元"], entity="Y300")
    y200 = candidate_of(text, "3美元", ["5美元"], entity="Y200")
    assert features.entity_fit(y300, setting) < features.entity_fit(y200, setting) == 1.0


def test_a_currency_a_note_lists_among_its_organisations_is_no_entity_asked():
    table = EntityTable([Entity("yiwu", "company", "Yiwu Group", ("义乌集团",)),
                         Entity("美元", "company", "美元", ())])  # fmt: skip
    assert find_entities("义乌集团去年赚了多少美元？", table)[0] == ["yiwu"]


def test_a_figure_with_few_of_a_chinese_questions_words_around_it_does_not_answer(library):
    q, _, _, ranked = stages(library, "多伦多社区诊所试点一年服务了多少患者？")
    assert figure_answer(q, ranked).value == 46000
    few = [replace(ranked[0], parts=ranked[0].parts | {"words": 0.1})]
    assert figure_answer(q, few).text is None
    # an English question reaches a Chinese note through translations, which miss words
    assert figure_answer(replace(q, lang="en"), few).value == 46000


def test_an_amount_said_again_after_it_was_a_change_is_still_the_change():
    text = "义乌的时薪上调了40日元。40日元大概就是两块钱。"
    c = candidate_of(text, "40日元", kind="money", approximate=False, low=None, high=None,
                     date="2026-03-01")  # fmt: skip
    start = text.rindex("40日元")
    c.figure.start, c.figure.end, c.figure.sentence = start, start + 4, text[start:]
    c.sentences = {"zh": 1}
    q = SimpleNamespace(text="义乌的时薪是多少？", expected=Expected(kind="money"), period=None,
                        relative_period=False)  # fmt: skip
    assert said_as_fact(c, q) is None


def test_the_episode_of_the_month_a_question_names_is_read_deeply():
    deep = []

    class Dated:
        def search(self, query, limit, since=None, until=None, within=None, passages=8, **_):
            if within is not None:
                deep.append(set(within))
                return Found((), ())
            if since:  # the month's own episode, fourth among that month's
                return Found(tuple(Ranked(e, 9.0 - i, ((1, 1.0),)) for i, e in
                                   enumerate(("m1", "m2", "m3", "june")))[:limit], ())  # fmt: skip
            return Found(tuple(Ranked(e, 20.0 - i, ((1, 1.0),)) for i, e in
                               enumerate(("a", "b", "c", "d"))), ())  # fmt: skip

        def paragraphs(self, keys):
            return {}

        def episodes(self, ids):
            return {}

        def fold(self, text):
            return text

    q = SimpleNamespace(
        text="Yiwu budget?", words=("Yiwu", "budget"), source=Source((), "2026-06-01", "2026-06-30")
    )
    retrieval = retrieve(Dated(), q)
    assert "june" in deep[0] and {"a", "b", "c"} <= deep[0]
    assert "june" in retrieval.from_source


def test_an_answer_where_nothing_names_the_metric_asked_must_score_higher(library):
    q, _, _, ranked = stages(library, "CoreWeave的RPO是多少？")
    assert q.metrics and figure_answer(q, ranked).value == 5e10

    def unsaid(score):
        return [replace(ranked[0], score=score, parts=ranked[0].parts | {"metric": 0.0})]

    assert figure_answer(q, unsaid(MIN_SCORE + METRIC_UNSAID / 2)).text is None
    assert figure_answer(q, unsaid(MIN_SCORE + 2 * METRIC_UNSAID)).value == 5e10


def test_a_number_english_writes_bare_is_where_that_side_tells_the_figure_and_a_rival():
    zh = "义乌去年新开了1200家店，有300家倒闭。"
    en = "Yiwu opened 1,200 shops last year, and 300 closed."
    terms = (Term("closed", (Variant("closed", ("close",)), Variant("倒闭", ("倒闭",))), 9.0),
             Term("shops", (Variant("shops", ("shop",)), Variant("店", ("店",))), 4.0))  # fmt: skip

    def record(id, lang, text, raw, value, twin=None):
        start = text.index(raw)
        return FigureRecord(id, "e", "", None, 1, "", lang, raw, start, start + len(raw), value,
                            "count", "count", None, False, None, None, None, None, None, None,
                            text, twin and {"id": twin}, None, None)  # fmt: skip

    class Shops:
        def figures(self, keys):
            return [record(1, "zh", zh, "1200家", 1200.0, twin=3), record(2, "zh", zh, "300家", 300.0),
                    record(3, "en", en, "1,200 shops", 1200.0, twin=1)]  # fmt: skip

    sides = read_sides({"zh": zh, "en": en}, TermFinder(terms, lambda text: text.lower()))
    paragraph = Searched("e", 1, sides, 1.0)
    found = candidates(Shops(), Retrieval(terms, {("e", 1): paragraph}, {}))
    opened, closed = sorted(found, key=lambda c: c.figure.value, reverse=True)
    assert closed.spans["en"] == (en.index("300"), en.index("300") + 3)
    assert closed.spans["en"] in opened.others["en"]
    q = Question(text="How many Yiwu shops closed?", lang="en", kind="figure", focus=("closed",))
    setting = Setting(q, terms, {}, {}, EntityTable(()))
    assert attribution(closed, setting)[0] > attribution(opened, setting)[0]


@pytest.mark.parametrize(
    ("asked", "told", "fit"),
    [("2025", "2025", 1.0), ("2025", "2025Q3", 0.8), ("2025Q3", "2025", 0.6),
     ("2020", "2018..2022", 0.5), ("2020Q2", "2018..2022", 0.5), ("2024", "2018..2022", 0.0),
     ("2025", "2025-01..2025-09", 0.8), ("2025Q3", "2025-01..2025-09", 0.5)],
)  # fmt: skip
def test_a_span_told_is_around_each_year_it_holds(asked, told, fit):
    assert features.relation(asked, told) == fit


@pytest.mark.parametrize(
    ("question", "keys"),
    [
        ("How many stalls did Mark say the fair had?", ["mark"]),
        ("How many stalls did Mark Okafor say the fair had?", []),  # another Mark
        ("How many stalls did Yiwu Weekly count at the fair?", ["yiwuweekly"]),
        ("In Yiwu Weekly's episode on the fair, how many stalls were there?", []),  # who told it
        ("Yiwu Weekly的节目里，小商品市场有多少个摊位？", []),
    ],
)
def test_a_first_name_of_someone_else_or_the_name_of_who_told_it_is_no_entity_asked(question, keys):
    table = EntityTable([Entity("mark", "person", "Mark", ()),
                         Entity("yiwuweekly", "company", "Yiwu Weekly", ())])  # fmt: skip
    assert find_entities(question, table)[0] == keys


def test_an_episode_whose_title_holds_the_rare_name_asked_is_about_it(monkeypatch):
    terms = (Term("Okafor", (Variant("Okafor", ("okafor",)), Variant("奥卡福", ("奥卡福",))),
                  rarity=12.0),)  # fmt: skip
    cards = {"e": Card("e", "奥卡福谈义乌的夜市", None, "")}
    setting = SimpleNamespace(terms=terms, cards=cards)
    monkeypatch.setattr(features, "sentence_text", lambda c: c.text)
    c = SimpleNamespace(text="夜市有300个摊位。", figure=SimpleNamespace(episode_id="e"),
                        paragraph=SimpleNamespace(sides={"zh": SimpleNamespace(text="夜市有300个摊位。")}))  # fmt: skip
    assert features.named_fit(c, setting) == 0.85
    setting.cards = {}
    assert features.named_fit(c, setting) == 0.3


@pytest.mark.parametrize(("kind", "fit"), [("count", 1.0), ("percent", 0.3)])
def test_a_share_is_no_amount_per_the_unit_of_time_asked(kind, fit):
    raw = "16万片" if kind == "count" else "50%"
    c = candidate_of("义乌工厂增产50%，月产能提升至16万片。", raw, kind=kind, value=1.0,
                     unit=None, per="month" if kind == "count" else None)  # fmt: skip
    monthly = SimpleNamespace(text="To what level did the Yiwu plant lift its monthly output?",
                              expected=Expected(per="month"))  # fmt: skip
    assert features.type_fit(c, monthly) == fit


@pytest.mark.parametrize(
    ("before", "fit"), [("2019年10月，台风来到义乌。", 0.45), ("台风来到义乌。", 0.0)]
)
def test_a_short_paragraph_goes_on_from_the_period_the_one_before_named(before, fit):
    c = candidate_of("水库分流了1200万立方米的水。", "1200万立方米", period=None,
                     date="2025-03-01")  # fmt: skip
    c.before = SimpleNamespace(sides={"zh": side_of(before)})
    q = SimpleNamespace(present=False, period="2019", period_span=False, period_offset=None,
                        relative_period=False)  # fmt: skip
    assert features.period_fit(c, SimpleNamespace(question=q)) == fit


@pytest.mark.parametrize(("kind", "fit"), [("measure", 0.5), ("multiple", 0.2)])
def test_a_measure_may_answer_a_question_that_names_no_kind(kind, fit):
    c = candidate_of("水库分流了1200万立方米的水。", "1200万立方米", kind=kind, per=None)
    q = SimpleNamespace(text="水库分流了多少？", expected=Expected())
    assert features.type_fit(c, q) == fit


@pytest.mark.parametrize(
    ("question", "keys"),
    [
        ("How much does Yiwu's export strategy cost?", []),  # 战略: a word, not the company
        ("How much did Strategy pay for its coins?", ["strategy"]),
        ("How much did nvidia earn?", ["nvidia"]),  # 英伟达: the company's own name
    ],
)
def test_a_name_in_lower_case_the_lexicon_translates_as_a_word_is_that_word(question, keys):
    table = EntityTable([Entity("strategy", "company", "Strategy", ("MicroStrategy",)),
                         Entity("nvidia", "company", "Nvidia", ("英伟达",))])  # fmt: skip
    translate = {"strategy": ["战略", "策略"], "nvidia": ["英伟达"]}.get
    assert find_entities(question, table, lambda word: translate(word, []))[0] == keys


@pytest.mark.parametrize(("change", "fit"), [("down", 0.3), (None, 0.5)])
def test_a_change_over_several_years_is_not_the_change_of_the_year_asked(change, fit):
    c = candidate_of("义乌的商户四年来累计减少了3000家。", "3000家", period="2022..2026",
                     date="2026-02-10")  # fmt: skip
    q = SimpleNamespace(present=False, period="2025", period_span=False, period_offset=None,
                        relative_period=False, expected=Expected(change=change))  # fmt: skip
    assert features.period_fit(c, SimpleNamespace(question=q)) == fit
