"""Figures in the store: filled by `kb index`, kept in step with the notes, read by `kb figures`,
`kb show` and search hits."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, SEED, needs_shared, stored_spans_hold

from kb import KnowledgeBase, Settings
from kb.cli import cli
from kb.errors import BadParameter
from kb.figures.table import FigureFilter


@pytest.fixture(scope="module")
def home(sample_kb) -> str:
    return str(sample_kb.settings.home)


@pytest.fixture(scope="module")
def kb(sample_kb) -> KnowledgeBase:
    """The sample knowledge base itself, not a second one opened over its folder."""
    return sample_kb


def run(home: str, *args: str):
    return CliRunner().invoke(cli, [*args, "--home", home])


def figures_json(home: str, *args: str) -> list[dict]:
    result = run(home, "figures", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_rpo_of_coreweave_with_its_sentence_and_translation(home):
    found = figures_json(
        home, "--company", "CoreWeave", "--metric", "RPO", "--episode", "Qx7vB2mLk0s"
    )
    zh = [f for f in found if f["lang"] == "zh"]
    assert [(f["raw"], f["value"], f["unit"]) for f in zh] == [("500亿美元", 5e10, "USD")]
    (rpo,) = zh
    assert rpo["counterpart"]["raw"] == "$50 billion" and rpo["mismatch"] is None
    assert rpo["entity"] == "CoreWeave" and rpo["metric"] == "rpo"
    assert "500亿美元" in rpo["sentence"] and len(rpo["sentence"]) < 120
    keys = {"id", "episode_id", "paragraph", "lang", "raw", "start", "end", "value", "unit", "kind",
            "direction", "approximate", "metric", "entity", "period", "counterpart", "mismatch"}  # fmt: skip
    assert keys <= rpo.keys()


@needs_shared
def test_rpo_of_coreweave_in_the_seed_episode(home):
    found = figures_json(home, "--company", "CoreWeave", "--metric", "RPO", "--episode", SEED.stem)
    zh = [f for f in found if f["lang"] == "zh"]
    assert zh and all((f["value"], f["unit"]) == (5e10, "USD") for f in zh)
    assert {f["counterpart"]["raw"] for f in zh} == {"$50 billion"}


def test_company_in_either_language_and_metric_in_either_language(home):
    assert figures_json(home, "--company", "英伟达") == figures_json(home, "--company", "Nvidia")
    assert figures_json(home, "--company", "英伟达")
    assert figures_json(home, "--metric", "营收") == figures_json(home, "--metric", "revenue")


def test_filters_narrow_by_kind_value_period_and_mismatch(home):
    percents = figures_json(home, "--kind", "percent")
    assert percents and {f["kind"] for f in percents} == {"percent"}
    billions = figures_json(home, "--min", "1e9", "--max", "1e11")
    assert billions and all(1e9 <= f["value"] <= 1e11 for f in billions)
    in_2025 = figures_json(home, "--period", "2025")
    assert in_2025 and all(f["period"].startswith("2025") for f in in_2025)
    labels = {f["period"][4:5] for f in in_2025}  # the year, its quarters, halves and months
    assert {"", "Q", "-"} <= labels
    spanned = figures_json(home, "--period", "2023..2025")  # a span, labelled by its ends
    assert {(f["raw"], f["lang"]) for f in spanned} == {("56%", "zh"), ("56%", "en")}
    assert not any(f["period"] == "2023..2025" for f in in_2025)  # not within 2025
    in_october = figures_json(home, "--period", "2025-10")
    assert in_october and {f["period"] for f in in_october} == {"2025-10"}
    periods = figures_json(home, "--mismatch", "period", "--episode", "Qx7vB2mLk0s")
    assert [(f["raw"], f["period"], f["counterpart"]["period"]) for f in periods] == [
        ("每小时2.72美元", "2024Q4", "2024Q3"),
        ("$2.72 per hour", "2024Q3", "2024Q4"),
    ]
    flagged = figures_json(home, "--mismatch")
    assert flagged and all(f["mismatch"] for f in flagged)


def test_excluded_episodes_keep_their_figures_out_unless_asked(home):
    assert all(f["episode_id"] != "Jd1mQs8HwZa" for f in figures_json(home))
    assert figures_json(home, "--episode", "Jd1mQs8HwZa")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--metric", "happiness"], "--metric 'happiness' is not one of"),
        (["--kind", "weight"], "--kind 'weight' is not one of"),
        (["--mismatch=color"], "--mismatch 'color' is not one of"),
        (["--company", "Nowhere Corp"], "unknown company 'Nowhere Corp'"),
        (["--episode", "nope"], "no episode 'nope'"),
    ],
)
def test_bad_filters_are_one_line(home, args, message):
    result = run(home, "figures", *args)
    assert result.exit_code in (1, 2) and message in result.output
    assert "Traceback" not in result.output


def test_csv_has_a_row_per_figure(home):
    result = run(home, "figures", "--company", "Nvidia", "--csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == len(figures_json(home, "--company", "Nvidia"))
    assert {"raw", "value", "unit", "counterpart", "sentence"} <= rows[0].keys()


def test_table_lists_value_and_translation(home):
    result = run(home, "figures", "--company", "CoreWeave", "--metric", "rpo", "--episode",
                 "Qx7vB2mLk0s")  # fmt: skip
    assert "500亿美元 = 50,000,000,000 USD · rpo · CoreWeave" in result.output
    assert "↔ $50 billion" in result.output


def test_show_lists_figures_under_their_paragraph(home):
    text = run(home, "show", "Qx7vB2mLk0s").output
    paragraph = text.index("500亿美元")
    assert text.index("· 500亿美元 = 50,000,000,000 USD", paragraph) > paragraph
    shown = json.loads(run(home, "show", "Qx7vB2mLk0s", "--json").output)
    cited = [f for p in shown["paragraphs"] for f in p["figures"]]
    assert len(cited) == len(figures_json(home, "--episode", "Qx7vB2mLk0s"))


def test_search_hits_carry_the_figures_of_their_passages(home):
    result = json.loads(run(home, "search", "RPO 500亿美元", "--json").output)
    passages = [p for h in result["hits"] for p in h["passages"]]
    cited = [f for p in passages for f in p["figures"]]
    assert any(f["raw"] == "500亿美元" for f in cited)
    assert all(f["paragraph"] == p["paragraph"] for p in passages for f in p["figures"])


def test_stats_count_figures(home):
    stats = json.loads(run(home, "stats", "--json").output)
    excluded = figures_json(home, "--episode", "Jd1mQs8HwZa")
    assert stats["figures"] == len(figures_json(home)) + len(excluded)


def test_every_stored_span_is_exact(home, kb):
    # data/ alone holds 471 figures; the seed episode, when ../shared is present, adds more
    assert stored_spans_hold(Path(home)) == kb.stats()["figures"] > 400


def test_a_changed_note_replaces_its_figures_and_a_removed_one_takes_them(tmp_path, notes):
    home = tmp_path / "home"
    with KnowledgeBase(Settings(home)) as kb:
        kb.index([notes], procs=1)
    note = notes / "Qx7vB2mLk0s.md"
    note.write_text(note.read_text(encoding="utf-8").replace("500亿美元", "600亿美元"), "utf-8")
    with KnowledgeBase(Settings(home)) as kb:
        kb.index([notes], procs=1)
        rpo = [f for f in kb.figures(episode="Qx7vB2mLk0s", metric="rpo") if f.lang == "zh"]
        assert [(f.value, f.mismatch) for f in rpo] == [(6e10, "value")]
        note.unlink()
        kb.index([notes], procs=1)
        assert kb.figures(company="CoreWeave", metric="rpo", period=None) == [
            f
            for f in kb.figures(company="CoreWeave", metric="rpo")
            if f.episode_id != "Qx7vB2mLk0s"
        ]
        assert all(f.episode_id != "Qx7vB2mLk0s" for f in kb.figures())


SORT_KEYS = {
    "date": lambda f: f.date, "episode": lambda f: f.title, "value": lambda f: f.value,
    "unit": lambda f: f.unit, "kind": lambda f: f.kind, "metric": lambda f: f.metric,
    "entity": lambda f: f.entity, "period": lambda f: f.period, "mismatch": lambda f: f.mismatch,
}  # fmt: skip


@pytest.mark.parametrize("sort", SORT_KEYS)
@pytest.mark.parametrize("descending", [True, False])
def test_figures_sort_by_any_column_with_empty_values_last(kb, sort, descending):
    everything = kb.figures()
    found = kb.figures(sort=sort, descending=descending)
    assert sorted(f.id for f in found) == sorted(f.id for f in everything)
    keys = [SORT_KEYS[sort](f) for f in found]
    filled = [k for k in keys if k is not None]
    assert keys == filled + [None] * (len(keys) - len(filled))
    assert filled == sorted(filled, reverse=descending) and len(set(filled)) > 1


def test_figure_count_and_pages_follow_the_filters(kb):
    chosen = {"company": "英伟达", "kind": "money", "min_value": 1e9}
    everything = kb.figures(**chosen, sort="value")
    assert kb.figure_count(**chosen) == len(everything) > 3
    assert kb.figures(**chosen, sort="value", limit=2, offset=1) == everything[1:3]
    assert kb.figure_count() == kb.stats()["figures"] - excluded_figures(kb)
    with pytest.raises(BadParameter, match="--sort 'size' is not one of: date, episode"):
        kb.figures(sort="size")
    with pytest.raises(BadParameter, match="--kind 'cash' is not one of"):
        kb.figure_count(kind="cash")


def excluded_figures(kb: KnowledgeBase) -> int:
    """Figures of episodes marked `exclude`, which listings leave out."""
    return kb.store.db.execute(
        "SELECT count(*) FROM figures f JOIN episodes e ON e.id = f.episode_id WHERE e.exclude"
    ).fetchone()[0]


def stored_figures(home: Path) -> list[tuple]:
    """Every stored figure's fields, without its row id, in a fixed order."""
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        rows = kb.store.db.execute("SELECT * FROM figures ORDER BY episode_id, paragraph, idx")
        names = [d[0] for d in rows.description]
        return [tuple(v for n, v in zip(names, row, strict=True) if n != "id") for row in rows]


def age_figures(home: Path) -> None:
    """Make the store's figures look read by an older kb: other values, another format."""
    with KnowledgeBase(Settings(home)) as kb, kb.store.transaction():
        kb.store.db.execute("UPDATE figures SET period = NULL, metric = 'old', value = 0")
        kb.store.set_meta("figure_format", "0")


def test_figures_of_another_format_are_read_again_from_the_store(tmp_path, notes):
    home = tmp_path / "home"
    with KnowledgeBase(Settings(home)) as kb:
        kb.index([notes], procs=1)
    fresh = stored_figures(home)
    age_figures(home)
    progress: list[tuple[int, int]] = []
    with KnowledgeBase(Settings(home)) as kb:
        report = kb.index(
            [notes], procs=1, progress=lambda done, total: progress.append((done, total))
        )
    assert (report.added, report.updated, report.unchanged) == (0, 0, 17)
    assert stored_figures(home) == fresh
    total = sum(p.stat().st_size for p in notes.glob("*.md"))
    assert progress[-1] == (total, total)
    with KnowledgeBase(Settings(home)) as kb, kb.store.transaction():
        kb.store.db.execute("UPDATE figures SET metric = 'kept' WHERE idx = 0")
    with KnowledgeBase(Settings(home)) as kb:
        kb.index([notes], procs=1)  # the format is current now: nothing is read again
        assert kb.store.db.execute("SELECT count(*) FROM figures WHERE metric = 'kept'").fetchone()[
            0
        ]


@needs_shared
@pytest.mark.slow
def test_figures_read_again_on_every_core_match_a_fresh_index(tmp_path):
    home = tmp_path / "home"
    with KnowledgeBase(Settings(home)) as kb:
        kb.index([SAMPLE], procs=2)
    fresh = stored_figures(home)
    age_figures(home)
    with KnowledgeBase(Settings(home)) as kb:
        kb.index([SAMPLE], procs=2)
    assert stored_figures(home) == fresh and len(fresh) > 5_000


def test_a_period_finds_the_spans_within_it():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE figures (period TEXT)")
    labels = ["2025", "2025Q3", "2025-01..2025-09", "2024-11..2025-02", "2025..2026", "2026"]
    db.executemany("INSERT INTO figures VALUES (?)", [(label,) for label in labels])
    where, params = FigureFilter(period="2025", include_excluded=True).where()
    found = [row[0] for row in db.execute(f"SELECT period FROM figures f WHERE {where}", params)]
    assert found == ["2025", "2025Q3", "2025-01..2025-09"]
