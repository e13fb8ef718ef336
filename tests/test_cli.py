"""The `kb` command: output, --json documents, and one-line errors for every user mistake."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import DATA

from kb.cli import cli


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> str:
    home = str(tmp_path_factory.mktemp("home"))
    result = CliRunner().invoke(cli, ["index", str(DATA), "--home", home, "--procs", "1"])
    assert result.exit_code == 0, result.output
    return home


def run(*args, home=None):
    result = CliRunner().invoke(cli, [*args, *(["--home", home] if home else [])])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_index_prints_a_summary(tmp_path):
    result = run("index", str(DATA), "--procs", "1", home=str(tmp_path))
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "15 added, 0 updated, 0 removed, 0 unchanged, 0 skipped; 165 paragraphs"
    )
    again = run("index", str(DATA), home=str(tmp_path))
    assert again.stdout.startswith("0 added, 0 updated, 0 removed, 15 unchanged, 0 skipped")


def test_search_text(home):
    result = run("search", "折旧", home=home)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "1 episode found"
    assert lines[1] == "折旧 → depreciation"
    assert lines[3] == "1. 折旧才是AI算力的隐形成本？CoreWeave三季报与GPU租赁价格拆解"
    assert lines[4] == "   2025-11-12 · 投资TALK君 · Qx7vB2mLk0s"
    assert "折旧" in lines[6]
    exact = run("search", "折旧", "--exact", home=home).stdout.splitlines()
    assert exact[0] == "1 episode found" and exact[2].startswith("1. 折旧才是")


def test_search_json_follows_the_design(home):
    document = json.loads(run("search", "向量数据库", "--json", home=home).stdout)
    assert set(document) == {"total", "hits", "facets", "widened"}
    assert set(document["facets"]) == {"tags", "companies", "speakers", "years"}
    hit = document["hits"][0]
    assert set(hit) == {"episode_id", "title", "date", "speaker", "tags", "score", "passages",
                        "missing"}  # fmt: skip
    assert hit["episode_id"] == "-Fq3LkW9aZc"
    assert set(hit["passages"][0]) == {"paragraph", "heading", "zh", "en", "highlight", "figures"}
    assert "<mark>向量数据库</mark>" in hit["passages"][0]["highlight"]


def test_filters_on_the_command_line(home):
    document = json.loads(run("search", "营收", "--company", "英伟达", "--tag", "earnings-report",
                              "--since", "2025-01-01", "--limit", "3", "--json", home=home).stdout)  # fmt: skip
    assert 0 < len(document["hits"]) <= 3
    assert all("earnings-report" in h["tags"] and h["date"] >= "2025" for h in document["hits"])


def test_show_an_id_that_starts_with_a_dash(home):
    result = run("show", "--home", home, "--", "-Fq3LkW9aZc")
    assert result.exit_code == 0
    assert result.stdout.startswith("向量数据库为什么突然火了？")
    assert "speaker: 硅谷科技说" in result.stdout
    document = json.loads(run("show", "--json", "--home", home, "--", "-Fq3LkW9aZc").stdout)
    assert document["paragraphs"][0]["number"] == 1 and document["tags"]


def test_stats(home):
    document = json.loads(run("stats", "--json", home=home).stdout)
    assert (document["episodes"], document["paragraphs"], document["skipped"]) == (15, 165, [])
    assert document["entities"] > 20


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["search", '"unclosed'],
            "Error: unclosed quote in query '\"unclosed': add the closing \"\n",
        ),
        (["search", "AND"], "Error: nothing to search for in 'AND': give a word to look for\n"),
        (["search", "*"], "Error: nothing to search for in '*': give a word to look for\n"),
        (["search", "营收", "--company", "Zzyzx"], "Error: unknown company 'Zzyzx'"),
        (["show", "nope"], "Error: no episode 'nope'; `kb search` finds episode ids\n"),
    ],
)
def test_user_mistakes_are_one_line(home, args, message):
    result = run(*args, home=home)
    assert result.exit_code == 1
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_bad_option_value_is_a_usage_error(home):
    result = run("search", "营收", "--until", "tomorrow", home=home)
    assert result.exit_code == 2
    assert "--until 'tomorrow' is not a date" in result.stderr


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_missing_path_or_empty_folder(tmp_path, make):
    target = tmp_path / make
    if make == "empty":
        target.mkdir()
    result = run("index", str(target), home=str(tmp_path / "home"))
    assert result.exit_code == 1
    reason = (
        "no such file or folder" if make == "missing" else "no notes (*.md files) in this folder"
    )
    assert result.stderr == f"Error: {target}: {reason}\n"


def test_searching_before_indexing(tmp_path):
    result = run("search", "营收", home=str(tmp_path / "nothing"))
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: no knowledge base at {tmp_path / 'nothing'}: run `kb index PATH` first\n"
    )


def test_kb_home_from_the_environment(home):
    result = CliRunner(env={"KB_HOME": home}).invoke(cli, ["stats"])
    assert result.exit_code == 0 and "episodes: 15" in result.stdout


def test_serve_without_an_index_says_what_to_run(tmp_path):
    result = run("serve", "--port", "5999", home=str(tmp_path))
    assert result.exit_code == 1
    assert "run `kb index PATH` first" in result.output
