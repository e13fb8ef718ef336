"""Reading questions and wording answers: entities, metrics, periods, values, sentences."""

from __future__ import annotations

import re

import pytest
from ask_eval import read_questions
from conftest import ROOT

from kb.answer_words import best_sentences, say_value
from kb.question import parse_question

QUESTIONS = ROOT / "tests" / "questions.tsv"


def words(text: str) -> list[str]:
    """A stand-in for jieba in the parser tests: Latin words and runs of Chinese characters."""
    return re.findall(r"[A-Za-z0-9]+|[\u4e00-\u9fff]+", text)


@pytest.mark.parametrize(
    "text, kind, entities, metrics, period, per",
    [
        ("CoreWeave的RPO是多少？", "figure", ("coreweave",), ("rpo",), None, None),
        ("What is coreweave's RPO?", "figure", ("coreweave",), ("rpo",), None, None),
        ("Core Weave 的 rpo 是多少", "figure", ("coreweave",), ("rpo",), None, None),
        ("英伟达2025年的资本开支是多少", "figure", ("nvidia",), ("capex",), "2025", None),
        ("What was nvidia's capex in Q3 2025?", "figure", ("nvidia",), ("capex",), "2025Q3", None),
        ("特斯拉去年的营收是多少", "figure", ("tesla",), ("revenue",), "2025", None),
        ("What was Tesla's revenue last year?", "figure", ("tesla",), ("revenue",), "2025", None),
        ("H100每小时租金多少钱", "figure", ("h100",), ("price",), None, "hour"),
        ("What did an A100 cost per hour this year?", "figure", ("a100",), (), "2026", "hour"),
        ("哪些节目讨论了GPU折旧？", "episodes", (), ("depreciation",), None, None),
        ("Which episodes discuss GPU depreciation?", "episodes", (), ("depreciation",), None, None),
        ("鲍威尔为什么放慢降息？", "open", (), ("rate cut",), None, None),
    ],
)
def test_questions_are_read_alike_in_both_languages(
    table, text, kind, entities, metrics, period, per
):
    q = parse_question(text, table, words, 2026)
    assert (q.kind, q.metrics, q.period, q.per) == (kind, metrics, period, per)
    assert set(entities) <= set(q.entities)


def test_comparisons_name_every_entity(table):
    q = parse_question("H100和A100的价格", table, words, 2026)
    assert q.entities == ("h100", "a100") and q.metrics == ("price",)


def test_relative_periods_are_marked_so_they_can_be_weighed_softly(table):
    assert parse_question("英伟达今年的营收", table, words, 2026).relative_period
    assert not parse_question("英伟达2026年的营收", table, words, 2026).relative_period


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
    assert len(rows) >= 40
    assert sum(r.lang == "zh" for r in rows) >= 20 and sum(r.lang == "en" for r in rows) >= 20
    assert sum(not r.answerable for r in rows) >= 8
    assert all(r.values or r.episodes for r in rows if r.answerable)
