"""Reading questions (kb/ask/read.py, expect.py, source.py) and wording values, sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from ask_eval import read_questions
from conftest import ROOT

from kb.answer_words import best_sentences, say_value
from kb.ask.expect import expected_answer
from kb.ask.read import read_question
from kb.ask.source import question_source
from kb.core import AskLibrary

QUESTIONS = ROOT / "tests" / "questions.tsv"
TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def library(sample_kb):
    return AskLibrary(sample_kb)


@pytest.mark.parametrize(
    "text, kind, entities, metrics, period",
    [
        ("CoreWeave的RPO是多少？", "figure", ("coreweave",), ("rpo",), None),
        ("What is coreweave's RPO?", "figure", ("coreweave",), ("rpo",), None),
        ("Core Weave 的 rpo 是多少", "figure", ("coreweave",), ("rpo",), None),
        ("英伟达2025年的资本开支是多少", "figure", ("nvidia",), ("capex",), "2025"),
        ("What was nvidia's capex in Q3 2025?", "figure", ("nvidia",), ("capex",), "2025Q3"),
        ("特斯拉去年的营收是多少", "figure", ("tesla",), ("revenue",), "2025"),
        ("特斯拉2025年净赚了多少？", "figure", ("tesla",), ("net income",), "2025"),
        ("What was Tesla's revenue last year?", "figure", ("tesla",), ("revenue",), "2025"),
        ("H100每小时租金多少钱", "figure", ("h100",), ("price",), None),
        ("What did an A100 cost per hour this year?", "figure", ("a100",), (), "2026"),
        ("哪些节目讨论了GPU折旧？", "episodes", (), ("depreciation",), None),
        ("Which episodes discuss GPU depreciation?", "episodes", (), ("depreciation",), None),
        ("鲍威尔为什么放慢降息？", "open", (), ("rate cut",), None),
        # a question asking a number stays a figure question whatever else it says
        ("In the episode on Toronto's clinics, how many clinics joined?", "figure", (), (), None),
        ("How much did the cheapest robot sell for on JD.com?", "figure", (), (), None),
        ("Toronto clinic pilot, 2025: number of patients served?", "figure", (), (), "2025"),
        # 订阅 names the subscribers, but the question asks what a subscription costs
        ("义乌周报每个月订阅一次要付多少钱？", "figure", (), (), None),
    ],
)
def test_questions_are_read_alike_in_both_languages(library, text, kind, entities, metrics, period):
    q = read_question(text, library, TODAY)
    assert (q.kind, q.metrics, q.period) == (kind, metrics, period)
    assert set(entities) <= set(q.entities)


def test_words_are_not_names_unless_written_as_one(library):
    q = read_question("How much do tenants put in for the deposit?", library, TODAY)
    assert q.entities == ()  # "put in" folds into Putin's name, but says nothing of him


def test_comparisons_name_every_entity(library):
    q = read_question("H100和A100的价格", library, TODAY)
    assert q.entities == ("h100", "a100") and q.metrics == ("price",) and q.compare


def test_a_metric_word_inside_a_hyphenated_compound_is_not_the_metric_asked(library):
    q = read_question("How many price-sensitive shoppers did Yiwu's market lose?", library, TODAY)
    assert q.metrics == ()
    assert read_question("What was the price of a Yiwu market stall?", library, TODAY).metrics


def test_relative_periods_are_marked_so_they_can_be_weighed_softly(library):
    assert read_question("英伟达今年的营收", library, TODAY).relative_period
    assert not read_question("英伟达2026年的营收", library, TODAY).relative_period


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("义乌目前有多少家仓库？", True),
        ("What is the average rent in Yiwu today?", True),
        ("How many warehouses does Yiwu have now?", True),
        ("What were Yiwu Logistics' current assets?", False),  # a metric, not the present
        ("义乌2025年有多少家仓库？", False),
    ],
)
def test_a_question_asked_of_the_present_is_marked(library, text, present):
    assert read_question(text, library, TODAY).present is present


@pytest.mark.parametrize(
    "text",
    [
        "多伦多2019到2024年的房价涨了多少？",
        "How much did rents rise from 2019 to 2024?",
        "义乌过去五年的出口增长了多少？",
        "How much did rents rise over the past two decades?",
        "义乌2025年前三季度的出口增长了多少？",
    ],
)
def test_two_years_make_a_span_not_a_period(library, text):
    assert read_question(text, library, TODAY).period_span


def test_the_focus_of_an_english_question_reaches_its_verb(library):
    q = read_question("How many buses were repainted in Zhejiang last spring?", library, TODAY)
    assert {"buses", "repainted"} <= set(q.focus) and "spring" not in q.focus


def test_the_focus_of_an_english_question_is_its_verb_past_the_words_that_hedge_it(library):
    q = read_question(
        "How many Yiwu traders were reported to have relocated to Dubai in 2025?", library, TODAY
    )
    assert "relocated" in q.focus and "reported" not in q.focus


def test_an_english_question_naming_a_chinese_channel_is_english(library):
    q = read_question("What did 三個水槍手 say Taiwan's GDP grew by?", library, TODAY)
    assert q.lang == "en"


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("多伦多的诊所试点配了多少辆流动医疗车？", "zh", "count of vehicle"),
        ("谷歌的订阅用户超过了多少？", "zh", "count of person"),
        ("AI法律平台有多少家客户？", "zh", "count of organisation"),
        ("这家晶圆厂的月产能是多少片晶圆？", "zh", "count of 片"),
        ("How many IVF clinics does the money support?", "en", "count of organisation"),
        ("How many buses were repainted?", "en", "count of vehicle"),
        ("奔驰的离职计划总共要花多少欧元？", "zh", "money (EUR)"),
        ("How much did the city spend on its metro, in yuan?", "en", "money (CNY)"),
        (
            "在多伦多请私人护工，每小时最低要多少加元？",
            "zh",
            "money (CAD) per hour low end of a range",
        ),
        (
            "What is the upper end of the range for the hourly rate?",
            "en",
            "any figure per hour high end of a range",
        ),
        ("这份周刊每月的会员费是多少钱？", "zh", "money per month"),
        ("安省最低时薪定为多少加元？", "zh", "money (CAD) per hour"),  # a wage, not a low end
        ("义乌轻轨的时速是多少公里？", "zh", "measure (km) per hour"),
        ("What is the minimum wage in Ontario?", "en", "money"),
        ("2025年多伦多的常住人口跟前一年相比少了多少人？", "zh", "count of person change down"),
        ("By how much did the population aged 65 and over grow?", "en", "any figure change up"),
        ("What share of the market did it hold?", "en", "percent"),
        ("美联储这次降息多少个基点？", "zh", "percent (bp)"),
        ("失业率上升了多少个百分点？", "zh", "percent change up"),
        ("How many jobs were eliminated at the plant?", "en", "count change down"),
        ("工厂裁掉了多少人？", "zh", "count of person change down"),
        ("这座水库能蓄多少立方米的水？", "zh", "measure (m3)"),
        ("How many tonnes of copper left the port?", "en", "measure (t)"),
        ("How many years does the battery warranty last?", "en", "duration (years)"),
        # the unit of a figure the question cites is context, not the unit asked for
        (
            "The city spent $40 million on parks. How many schools did it open?",
            "en",
            "count of organisation",
        ),
        ("In the Metro Ledger episode, how many people were displaced?", "en", "count of person"),
        # a substance is measured, whatever its unit; an amount of money made of it is money
        ("义乌的污水厂每天处理多少水？", "zh", "measure per day"),
        ("How much oil did the Yiwu refinery process?", "en", "measure"),
        ("How much oil revenue did the province earn?", "en", "money"),
        ("The Yiwu fund sets aside a pot for clinics. How big is it?", "en", "money"),
    ],
)
def test_the_expected_answer_is_read_from_the_question(text, lang, expected):
    assert expected_answer(text, lang).describe() == expected


def test_a_figure_the_question_cites_is_remembered_as_context():
    e = expected_answer("为了把公交票价维持在每张3加元，市政府补贴了多少钱？", "zh")
    assert e.cited == (3.0,)


SPEAKERS = {"TED": 254, "TVO Today": 353, "Money or Life 美股频道": 154, "Nico投资有道": 23,
            "莊也雜談": 130, "The Diary Of A CEO": 85, "王红雨": 42, "Money & Macro": 32}  # fmt: skip


@pytest.mark.parametrize(
    "text, speakers, since, until",
    [
        ("王红雨讲的租房数据里，房租涨了多少？", ("王红雨",), None, None),
        ("庄也杂谈说的移民比例是多少", ("莊也雜談",), None, None),
        (
            "According to TVO, how many nurses does Ontario need?",
            ("TVO Today",),
            None,
            None,
        ),
        (
            "What gross margin did Money or Life report for Apple?",
            ("Money or Life 美股频道",),
            None,
            None,
        ),
        ("Nico投资有道讲黄金的那期，金价涨了多少？", ("Nico投资有道",), None, None),
        # a channel's name inside a word, or a common word at its end, is not the channel
        ("The pot of gold at the end of the rainbow", (), None, None),
        ("How many clinics does that money support?", (), None, None),
        ("Anna Marks said how many trains ran?", (), None, None),
        # a month names when an episode was made: that month when it is the episode's own,
        # else up to two months after (notes discuss what happened before them)
        ("2026年9月的节目里说失业率是多少？", (), "2026-09-01", "2026-09-30"),
        ("2026年5月加拿大新增了多少就业岗位？", (), "2026-05-01", "2026-07-31"),
        ("In the March 2026 episode, how many clinics joined?", (), "2026-03-01", "2026-03-31"),
        ("What revenue did Shopify report on November 4, 2025?", (), "2025-11-04", "2026-01-04"),
    ],
)
def test_the_source_is_the_speaker_as_the_notes_spell_it_and_the_dates_named(
    text, speakers, since, until
):
    simplified = str.maketrans("莊雜談", "庄杂谈")
    source, _, _ = question_source(text, SPEAKERS, lambda s: s.translate(simplified))
    assert (source.speakers, source.since, source.until) == (speakers, since, until)


@pytest.mark.parametrize(
    "value, unit, per, zh, en",
    [
        (5e10, "USD", None, "500亿美元", "$50 billion"),
        (1.4e9, "USD", None, "14亿美元", "$1.4 billion"),
        (2.72, "USD", "hour", "每小时2.72美元", "$2.72 per hour"),
        (5.8, "%", None, "5.8%", "5.8%"),
        (25, "bp", None, "25个基点", "25 basis points"),
        (4.5e11, "JPY", None, "4,500亿日元", "450 billion JPY"),
    ],
)
def test_values_are_said_in_either_language(value, unit, per, zh, en):
    assert say_value(value, unit, "zh", per) == zh
    assert say_value(value, unit, "en", per) == en


def test_a_passage_is_cut_to_the_sentences_that_answer():
    text = "大家好。CoreWeave的RPO达到500亿美元。这是一个大数字。我们下期再见。"
    assert best_sentences(text, ["RPO"], most=1) == ("CoreWeave的RPO达到500亿美元。", 4)
    assert best_sentences(text, ["折旧"]) == ("", None)


def test_question_file_rows_have_answers_or_say_none():
    rows = read_questions(QUESTIONS)
    assert len(rows) >= 100
    assert sum(r.lang == "zh" for r in rows) >= 50 and sum(r.lang == "en" for r in rows) >= 50
    assert sum(not r.answerable for r in rows) >= 15
    assert all(r.values or r.episodes for r in rows if r.answerable)
