"""Asking the indexed notes: the question set in tests/questions.tsv, citations, `kb ask`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from ask_eval import evaluate, read_questions, summarize
from click.testing import CliRunner
from conftest import DATA, ROOT, SAMPLE

from kb import KnowledgeBase, Settings
from kb.cli import cli

QUESTIONS = ROOT / "tests" / "questions.tsv"
TODAY = dt.date(2026, 11, 24)  # the date the question set was written on: 今年 is 2026


@pytest.fixture(scope="module")
def asked_kb(tmp_path_factory):
    """data/ and, when present, the sample corpus, indexed once for the whole question set."""
    home = tmp_path_factory.mktemp("askhome")
    paths = [DATA, SAMPLE] if SAMPLE.is_dir() else [DATA]
    with KnowledgeBase(Settings(home)) as kb:
        kb.index(paths)
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        yield kb


@pytest.mark.slow
def test_the_question_set_is_answered(asked_kb):
    skip = () if SAMPLE.is_dir() else ("sample",)
    results = evaluate(asked_kb, read_questions(QUESTIONS, skip), TODAY)
    s = summarize(results)
    wrong = [(r.row.question, r.said) for r in results if r.row.answerable and not r.right]
    # About a third of the questions are asked as a reader would, in other words than the
    # note's, many in English about Chinese-only notes of the sample, whose few hundred
    # paragraph pairs teach kb too few translations (the full corpus teaches many more); a
    # dozen unanswerable ones tempt with a near figure. Measured: 75% right, "not found" for
    # 66% of the unanswerable at a precision of 50%.
    assert s.accuracy >= 0.70, wrong
    assert s.not_found_recall >= 0.6, [r.said for r in results if not r.row.answerable]
    assert s.not_found_precision >= 0.4, wrong


@pytest.mark.slow
def test_not_found_carries_no_figure_and_names_what_is_near(asked_kb):
    answer = asked_kb.ask("特斯拉的RPO是多少", today=TODAY)
    assert answer.text is None and answer.figures == () and answer.confidence == 0.0
    # figures linked to Tesla, or whose sentence names it among others (紧邻 SpaceX 和 Tesla
    # 设计中心, 距离 LAX 仅 2 英里: the distance is neither's, so its line names neither)
    assert answer.closest and ("Tesla" in answer.closest[0] or "特斯拉" in answer.closest[0])
    assert sum("Tesla" in line for line in answer.closest) >= 2


@pytest.mark.slow
def test_an_answer_cites_both_languages(asked_kb):
    answer = asked_kb.ask("What was CoreWeave's revenue in Q3 2025?", today=TODAY)
    c = answer.citations[0]
    assert c.episode_id in ("Qx7vB2mLk0s", "_a5-b3ReZ_s")
    assert "14亿美元" in c.zh and "$1.4 billion" in c.en
    assert answer.text.startswith("$1.4 billion (14亿美元)")
    assert 0.45 <= answer.confidence <= 1


@pytest.mark.slow
def test_a_value_without_its_translation_is_said_in_both_languages(asked_kb):
    # data/_Lm4RtY8uQw.md gives this paragraph in English only
    answer = asked_kb.ask("甲骨文的RPO是多少", today=TODAY)
    assert answer.citations[0].en.startswith("Oracle's RPO came in at $455 billion")
    assert answer.text.startswith("4,550亿美元（$455 billion）")


@pytest.mark.slow
def test_kb_ask_prints_the_design_document(asked_kb):
    home = str(asked_kb.settings.home)
    result = CliRunner().invoke(cli, ["ask", "CoreWeave的RPO是多少？", "--home", home, "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert set(doc) >= {"question", "answer", "figures", "citations", "confidence"}
    assert doc["figures"][0]["value"] == 5e10
    assert set(doc["citations"][0]) >= {"episode_id", "title", "paragraph", "zh", "en"}
    missing = CliRunner().invoke(cli, ["ask", "Rivian的毛利率是多少", "--home", home, "--json"])
    assert missing.exit_code == 0 and json.loads(missing.output)["answer"] is None
