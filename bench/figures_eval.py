"""Ask every question of a figure-question set and write kb's answers as predictions.

    .venv/bin/python bench/figures_eval.py QUESTIONS.jsonl --home KB_HOME --out PRED.jsonl

QUESTIONS.jsonl holds one question a line: {"id", "question", ...}. Each is asked as `kb ask
--json` asks it (KnowledgeBase.ask, in one process so that start-up is paid once), and each line
of PRED.jsonl is {"id", "value", "unit", "note"}: the first figure of the answer and the episode
of its first citation (the answer's value: a range's end when the question asks for one),
or {"id", "value": null} for "not found", the form that
`../shared/devset/score.py figures PRED.jsonl` scores. Prints p50 and p95 seconds per question.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from index_bench import percentile  # bench/ is the script's folder

from kb import KnowledgeBase, Settings


def prediction(case: dict, document: dict) -> dict:
    """A scorer's line from the JSON document `kb ask --json` prints."""
    figures, citations = document["figures"], document["citations"]
    if document["answer"] is None or not figures:
        return {"id": case["id"], "value": None}
    note = citations[0]["episode_id"] if citations else figures[0]["episode_id"]
    return {"id": case["id"], "value": document["value"], "unit": document["unit"] or None,
            "note": note}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    seconds, lines = [], []
    with KnowledgeBase(Settings(args.home), readonly=True) as kb:
        kb.ask(cases[0]["question"])  # start-up: the index, the dictionary, the tables
        for case in cases:
            started = time.perf_counter()
            document = kb.ask(case["question"]).to_json()
            seconds.append(time.perf_counter() - started)
            lines.append(json.dumps(prediction(case, document), ensure_ascii=False))
    args.out.write_text("\n".join(lines) + "\n")
    print(f"{len(cases)} questions: p50 {statistics.median(seconds) * 1000:.0f} ms, "
          f"p95 {percentile(seconds, 0.95) * 1000:.0f} ms per question")  # fmt: skip


if __name__ == "__main__":
    main()
