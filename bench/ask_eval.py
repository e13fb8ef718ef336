"""Measure `kb ask` over a file of questions with known answers.

    .venv/bin/python bench/ask_eval.py tests/questions.tsv --home KB_HOME [--skip sample] [-v]

The file is tab-separated, `#` lines are comments, the first other line names the columns:
lang, corpus, question, episodes (acceptable ids, `|` between; `-` when kb holds no answer),
values (acceptable values in base units, `|` between; empty when the episode is the answer).
An answer is right when its first citation is one of the episodes and its value one of the
values (within 1%; a range's end when the question asks for one). Prints accuracy over the
answerable questions, precision and recall of "not found", and p50/p95 seconds per question,
timed after one warm-up question.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from index_bench import percentile  # bench/ is the script's folder

from kb import KnowledgeBase, Settings

TOLERANCE = 0.01


@dataclass(frozen=True)
class Row:
    lang: str
    corpus: str
    question: str
    episodes: tuple[str, ...]
    values: tuple[float, ...]

    @property
    def answerable(self) -> bool:
        return bool(self.episodes)


@dataclass(frozen=True)
class Result:
    row: Row
    answered: bool
    right: bool
    seconds: float
    said: str


def read_questions(path: Path, skip: tuple[str, ...] = ()) -> list[Row]:
    """The rows of a question file, leaving out those whose corpus is in `skip`."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("#")]
    rows = []
    for record in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        if record["corpus"] in skip:
            continue
        episodes = () if record["episodes"].strip() == "-" else tuple(record["episodes"].split("|"))
        values = tuple(float(v) for v in (record["values"] or "").split("|") if v.strip())
        rows.append(Row(record["lang"], record["corpus"], record["question"], episodes, values))
    return rows


def is_right(row: Row, answer) -> bool:
    """The first citation is an expected episode and the answer's value an expected value."""
    if answer.text is None or not answer.citations:
        return False
    if answer.citations[0].episode_id not in row.episodes:
        return False
    if not row.values:
        return True
    return answer.value is not None and any(close(answer.value, v) for v in row.values)


def close(value: float, expected: float) -> bool:
    """Within TOLERANCE of the expected value, whatever the sign (a fall asked as its size)."""
    return abs(abs(value) - abs(expected)) <= TOLERANCE * abs(expected)


def evaluate(kb: KnowledgeBase, rows: list[Row], today: dt.date | None = None) -> list[Result]:
    """Ask every question once, after a warm-up question that loads what start-up loads."""
    if rows:
        kb.ask(rows[0].question, today=today)
    results = []
    for row in rows:
        start = time.perf_counter()
        answer = kb.ask(row.question, today=today)
        seconds = time.perf_counter() - start
        right = row.answerable and is_right(row, answer)
        said = answer.text or "not found"
        results.append(Result(row, answer.text is not None, right, seconds, said))
    return results


@dataclass(frozen=True)
class Summary:
    answerable: int
    right: int
    unanswerable: int
    said_not_found: int
    rightly_not_found: int
    p50: float
    p95: float

    @property
    def accuracy(self) -> float:
        return self.right / self.answerable if self.answerable else 0.0

    @property
    def not_found_precision(self) -> float:
        return self.rightly_not_found / self.said_not_found if self.said_not_found else 1.0

    @property
    def not_found_recall(self) -> float:
        return self.rightly_not_found / self.unanswerable if self.unanswerable else 1.0


def summarize(results: list[Result]) -> Summary:
    times = [r.seconds for r in results] or [0.0]
    return Summary(
        answerable=sum(r.row.answerable for r in results),
        right=sum(r.right for r in results),
        unanswerable=sum(not r.row.answerable for r in results),
        said_not_found=sum(not r.answered for r in results),
        rightly_not_found=sum(not r.answered and not r.row.answerable for r in results),
        p50=statistics.median(times),
        p95=percentile(times, 0.95),
    )


def report(results: list[Result], verbose: bool) -> str:
    s = summarize(results)
    lines = []
    if verbose:
        for r in results:
            ok = "ok " if r.right or (not r.row.answerable and not r.answered) else "BAD"
            lines.append(f"{ok} {r.seconds * 1000:6.0f} ms  {r.row.question}\n      {r.said}")
    lines += [
        f"questions: {len(results)} ({s.answerable} answerable, {s.unanswerable} not)",
        f"accuracy: {s.right}/{s.answerable} = {s.accuracy:.0%}",
        f"not found: precision {s.rightly_not_found}/{s.said_not_found} = "
        f"{s.not_found_precision:.0%}, recall {s.rightly_not_found}/{s.unanswerable} = "
        f"{s.not_found_recall:.0%}",
        f"time per question: p50 {s.p50 * 1000:.0f} ms, p95 {s.p95 * 1000:.0f} ms",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--home", required=True, help="KB_HOME holding the built index")
    parser.add_argument("--skip", action="append", default=[], help="a corpus column to skip")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="date for 今年/this year")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every answer")
    args = parser.parse_args(argv)
    rows = read_questions(args.questions, tuple(args.skip))
    with KnowledgeBase(Settings(Path(args.home)), readonly=True) as kb:
        results = evaluate(kb, rows, args.today)
    print(report(results, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
