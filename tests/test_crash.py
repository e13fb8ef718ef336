"""A `kb index` killed at any point of its run loses nothing: the store and the index open and
agree, searches answer as before the run or as after it, and the next run finishes the work."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, agreeing_paragraphs, kill_group, start_paused_index

from kb import KnowledgeBase, Settings
from kb.cli import cli

ADDED = ("Gc4nVx7BqRt", "Tz5qLp0NwBe", "Ue0cSx4vJkA", "Vb8kTz3NqPo", "Ya6hGd1rWmc")
CHANGED = "Ls0pQe4TgYn"  # gains a paragraph about 独角鲸
REMOVED = "-Fq3LkW9aZc"  # the one note about 向量数据库
QUERIES = ("独角鲸", "向量数据库", "特斯拉", "Shopify", "台积电", "阿里巴巴", "营收", "英伟达 数据中心")  # fmt: skip
# Spread over the run: parsing, the store's rows written but not committed, then each commit.
POINTS = ("parse:1", "parse:6", "saved:0.2", "saved:0.5", "saved:0.8", "saved:1.0",
          "index-commit", "store-commit", "cleanup")  # fmt: skip


@dataclass(frozen=True)
class Scenario:
    notes: Path
    before: Path  # a home as it stood before the run
    answers_before: dict
    answers_after: dict


def answers(home: Path) -> dict:
    """What a reader sees: counts, and the episodes each query finds."""
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        found = {q: sorted(h.episode_id for h in kb.search(q, limit=100).hits) for q in QUERIES}
        counts = kb.store.counts()
    return {"counts": counts, "found": found}


def index(home: Path, notes: Path):
    result = CliRunner().invoke(cli, ["index", str(notes), "--home", str(home), "--procs", "1"])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Scenario:
    """Ten notes indexed; then five more arrive, one changes and one is removed."""
    root = tmp_path_factory.mktemp("crash")
    notes, aside = root / "notes", root / "aside"
    shutil.copytree(DATA, notes)
    aside.mkdir()
    for ident in ADDED:
        (notes / f"{ident}.md").rename(aside / f"{ident}.md")
    before = root / "before"
    index(before, notes)
    for ident in ADDED:
        (aside / f"{ident}.md").rename(notes / f"{ident}.md")
    changed = notes / f"{CHANGED}.md"
    changed.write_text(changed.read_text("utf-8") + "\n新增段落：独角鲸基金宣布清仓。\n", "utf-8")
    (notes / f"{REMOVED}.md").unlink()
    after = root / "after"
    shutil.copytree(before, after)
    index(after, notes)
    scenario = Scenario(notes, before, answers(before), answers(after))
    assert scenario.answers_before != scenario.answers_after
    assert scenario.answers_after["found"]["独角鲸"] == [CHANGED]
    return scenario


@pytest.mark.parametrize("point", POINTS)
def test_a_run_killed_at_any_point_loses_nothing(scenario, tmp_path, point):
    home, pid = killed_run(scenario, tmp_path, point)
    assert agreeing_paragraphs(home)
    seen = answers(home)
    assert seen in (scenario.answers_before, scenario.answers_after)
    if point in ("store-commit", "cleanup"):
        assert seen == scenario.answers_after  # the store has committed: the run's work shows
    assert_next_run_finishes(scenario, home, pid)


@pytest.mark.parametrize("point", ["saved:0.5", "index-commit"])
def test_a_rebuild_killed_before_its_store_commits_leaves_the_index_as_it_was(
    scenario, tmp_path, point
):
    home, pid = killed_run(scenario, tmp_path, point, "--rebuild")
    assert agreeing_paragraphs(home)
    assert answers(home) == scenario.answers_before
    assert_next_run_finishes(scenario, home, pid)


@pytest.mark.parametrize("point", ["store-commit", "swap"])
def test_a_rebuild_killed_after_its_store_commits_is_put_in_place_by_the_next_run(
    scenario, tmp_path, point
):
    """Between the store's commit and the new index's move into place (an instant, held open
    here), searches miss what the rebuild changed; the next run finishes the move without
    reading any note again."""
    home, pid = killed_run(scenario, tmp_path, point, "--rebuild")
    report = assert_next_run_finishes(scenario, home, pid)
    assert report.startswith("0 added, 0 updated, 0 removed, 14 unchanged")


def killed_run(scenario: Scenario, tmp_path: Path, point: str, *options: str) -> tuple[Path, int]:
    """A copy of the home before the run, after a run over it was killed at `point`; and the
    killed run's pid."""
    home = tmp_path / "home"
    shutil.copytree(scenario.before, home)
    args = (str(scenario.notes), "--home", str(home), "--procs", "1", *options)
    run = start_paused_index(point, *args)
    kill_group(run)
    return home, run.pid


def assert_next_run_finishes(scenario: Scenario, home: Path, pid: int) -> str:
    """The next run takes over the lock of the killed run `pid` and leaves the home as after
    the run; returns its summary line."""
    next_run = index(home, scenario.notes)
    assert f"taking over the writer lock of {home} from a kb index that did not finish (pid " \
        f"{pid}, started " in next_run.stderr  # fmt: skip
    assert agreeing_paragraphs(home)
    assert answers(home) == scenario.answers_after
    assert not {p.name for p in home.iterdir()} & {"index.new", "index.old", "writer.json"}
    return next_run.stdout
