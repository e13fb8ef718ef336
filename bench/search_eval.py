"""Run `kb search --json` for every case of a search set and write the ranked episode ids.

    .venv/bin/python bench/search_eval.py CASES.jsonl --home KB_HOME --out PRED.jsonl [--exact]

CASES.jsonl holds one case a line: {"id", "query", "filters": {"company"|"tag"|"speaker": ...}}.
Each line of PRED.jsonl is {"id", "results": [episode ids, best first]} (the first ten), the form
that `../shared/devset/score.py search PRED.jsonl` scores. Prints the cases whose search failed and
the median and p95 seconds per command.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from index_bench import percentile  # bench/ is the script's folder

FILTERS = ("company", "tag", "speaker")


def command(case: dict, home: str, exact: bool) -> list[str]:
    """The `kb search` command line for one case."""
    args = [str(Path(sys.executable).with_name("kb")), "search", case["query"], "--json",
            "--limit", "10", "--home", home]  # fmt: skip
    for name in FILTERS:
        if (case.get("filters") or {}).get(name):
            args += [f"--{name}", case["filters"][name]]
    return args + (["--exact"] if exact else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path)
    parser.add_argument("--home", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--exact", action="store_true", help="search without widening")
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.cases.read_text().splitlines() if line.strip()]
    seconds, lines = [], []
    for case in cases:
        started = time.perf_counter()
        done = subprocess.run(command(case, args.home, args.exact), capture_output=True, text=True)
        seconds.append(time.perf_counter() - started)
        if done.returncode:
            print(f"{case['id']}: {done.stderr.strip()}", file=sys.stderr)
            results = []
        else:
            results = [hit["episode_id"] for hit in json.loads(done.stdout)["hits"]]
        lines.append(json.dumps({"id": case["id"], "results": results}, ensure_ascii=False))
    args.out.write_text("\n".join(lines) + "\n")
    print(f"{len(cases)} searches: median {statistics.median(seconds):.2f} s, "
          f"p95 {percentile(seconds, 0.95):.2f} s per command")  # fmt: skip


if __name__ == "__main__":
    main()
