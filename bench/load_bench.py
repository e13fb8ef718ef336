"""Load benchmark: many clients at once against `kb serve`; prints figures, asserts nothing.

    python bench/load_bench.py --home KB_HOME [--clients 1,20] [--seconds 60] [--workers N]

Starts `kb serve` on loopback over a knowledge base built earlier (or uses `--url` of one already
running) and, for each number of clients, runs that many clients for the given time, each
sending its next request as soon as the last one's body has arrived, over one kept-alive
connection: 50% search pages, 15% /api/search, 10% episode pages, 15% figure tables and 10%
questions (/api/ask), drawn from bench/queries.txt and the question files in a fixed order.
It prints requests per second, p50/p95/p99/max latency overall and by kind, and the errors
(anything but 200); then the throughput of the most clients over that of the fewest. Targets:
no error; 20 clients at least 1.8 times the throughput of one; p99 under 1 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import resource
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from ask_eval import read_questions  # bench/ is the script's folder
from index_bench import percentile, read_queries
from web_bench import start_server

from kb import Settings

HERE = Path(__file__).resolve().parent
QUESTION_FILES = (HERE.parent / "tests" / "questions.tsv", HERE / "full_corpus_questions.tsv")
FIGURE_TABLES = (
    "/figures",
    "/figures?company=%E8%8B%B1%E4%BC%9F%E8%BE%BE",  # 英伟达
    "/figures?metric=revenue&sort=value",
    "/figures?kind=percent&period=2025",
    "/figures?company=CoreWeave&metric=rpo",
    "/figures?sort=entity&dir=asc&page=2",
)
MIX = (("search", 50), ("api_search", 15), ("episode", 10), ("figures", 15), ("ask", 10))


@dataclass
class Plan:
    """The requests to draw from, by kind."""

    paths: dict[str, list[str]]

    @classmethod
    def build(cls, base: str) -> Plan:
        queries = read_queries()
        questions = [r.question for f in QUESTION_FILES if f.exists() for r in read_questions(f)]
        episodes = []
        for query in queries:  # each query's best episode, as a reader would open it
            status, body, _ = Client(base).get(f"/api/search?q={quote(query)}&limit=1")
            hits = json.loads(body)["hits"] if status == 200 else []
            episodes += [f"/episode/{quote(h['episode_id'])}?q={quote(query)}" for h in hits]
        return cls({
            "search": [f"/search?q={quote(q)}" for q in queries],
            "api_search": [f"/api/search?q={quote(q)}" for q in queries],
            "episode": episodes,
            "figures": list(FIGURE_TABLES),
            "ask": [f"/api/ask?q={quote(q)}" for q in questions],
        })  # fmt: skip

    def sequence(self, seed: int):
        """An endless, reproducible stream of (kind, path) in the proportions of MIX."""
        draw = random.Random(seed)
        kinds = [kind for kind, _ in MIX if self.paths[kind]]
        weights = [weight for kind, weight in MIX if self.paths[kind]]
        while True:
            kind = draw.choices(kinds, weights)[0]
            yield kind, draw.choice(self.paths[kind])


class Client:
    """One kept-alive HTTP connection, opened again when the server closes it."""

    def __init__(self, base: str, timeout: float = 60):
        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.conn: http.client.HTTPConnection | None = None

    def get(self, path: str) -> tuple[int, bytes, float]:
        """Status, body and seconds until the whole body arrived; status 0 for a failure."""
        started = time.perf_counter()
        reused = self.conn is not None
        try:
            try:
                status, body = self._get(path)
            except http.client.RemoteDisconnected:
                if not reused:
                    raise
                status, body = self._get(path)  # the server had closed a kept-alive connection
        except (OSError, http.client.HTTPException) as e:
            status, body = 0, repr(e).encode()
        return status, body, time.perf_counter() - started

    def _get(self, path: str) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            self.conn.request("GET", path)
            response = self.conn.getresponse()
            body = response.read()
        except BaseException:
            self.close()
            raise
        if response.will_close:
            self.close()
        return response.status, body

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


@dataclass
class Result:
    clients: int
    seconds: float
    samples: list[tuple[str, float]] = field(default_factory=list)  # (kind, seconds)
    errors: Counter = field(default_factory=Counter)  # (status, path) -> count
    cpu: dict[str, float] = field(default_factory=dict)  # cores used, by whom

    @property
    def rate(self) -> float:
        return len(self.samples) / self.seconds


class CpuMeter:
    """Cores used over a run by the server's processes, this load generator and everything
    else on the machine (Linux /proc): on shared cores, what the throughput is measured against."""

    def __init__(self, server_pid: int | None):
        self.server_pid = server_pid

    def read(self) -> tuple[float, float, float, float]:
        """Seconds of CPU: the machine's busy time, the server's, this process's; and now."""
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        tick = os.sysconf("SC_CLK_TCK")
        busy = (sum(fields[:8]) - fields[3] - fields[4]) / tick  # all but idle and iowait
        server = sum(self._cpu(pid) for pid in self._tree(self.server_pid)) / tick
        own = resource.getrusage(resource.RUSAGE_SELF)
        return busy, server, own.ru_utime + own.ru_stime, time.perf_counter()

    def cores(self, start: tuple, end: tuple) -> dict[str, float]:
        busy, server, own, wall = (b - a for a, b in zip(start, end, strict=True))
        return {"server": server / wall, "load generator": own / wall,
                "other processes": max(0.0, busy - server - own) / wall}  # fmt: skip

    @staticmethod
    def _tree(pid: int | None) -> list[int]:
        if pid is None:
            return []
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [pid, *(p for child in children for p in CpuMeter._tree(int(child)))]

    @staticmethod
    def _cpu(pid: int) -> int:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0
        return int(stat[11]) + int(stat[12])  # utime, stime


def run_load(
    base: str, plan: Plan, clients: int, seconds: float, meter: CpuMeter | None = None
) -> Result:
    """`clients` clients, each sending requests back to back for `seconds`."""
    result, lock = Result(clients, seconds), threading.Lock()
    before = meter.read() if meter else None
    deadline = time.perf_counter() + seconds

    def client(number: int) -> None:
        connection, stream = Client(base), plan.sequence(seed=number)
        while time.perf_counter() < deadline:
            kind, path = next(stream)
            status, body, took = connection.get(path)
            with lock:
                result.samples.append((kind, took))
                if status != 200:
                    result.errors[(status, path, body[:120].decode(errors="replace"))] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started  # the last requests end after the deadline
    if meter:
        result.cpu = meter.cores(before, meter.read())
    return result


def summary(times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return (f"p50 {statistics.median(ms):.0f} ms, p95 {percentile(ms, 0.95):.0f} ms, "
            f"p99 {percentile(ms, 0.99):.0f} ms, max {max(ms):.0f} ms")  # fmt: skip


def report(result: Result) -> None:
    times = [t for _, t in result.samples]
    print(f"{result.clients} client(s), {result.seconds:.1f} s: {len(times)} requests, "
          f"{result.rate:.1f} req/s, {summary(times)}, "
          f"{sum(result.errors.values())} errors")  # fmt: skip
    for kind, _ in MIX:
        of_kind = [t for k, t in result.samples if k == kind]
        if of_kind:
            print(f"  {kind:<10} {len(of_kind):>6} requests, {summary(of_kind)}")
    if result.cpu:
        print("  cores used: " + ", ".join(f"{who} {n:.2f}" for who, n in result.cpu.items())
              + f" (of {os.cpu_count()})")  # fmt: skip
    for (status, path, body), count in result.errors.most_common(10):
        print(f"  error {status} x{count}: {path} {body!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="a knowledge base's folder, served by kb serve")
    parser.add_argument("--url", help="the base URL of a kb serve already running instead")
    parser.add_argument("--clients", default="1,20", help="numbers of clients, one run each")
    parser.add_argument("--seconds", type=float, default=60, help="length of each run")
    parser.add_argument("--workers", type=int, help="kb serve --workers (default: its own)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # each run's lines as soon as it ends
    if not args.url and not (args.home and Settings(args.home).db_path.exists()):
        sys.exit(f"{args.home} holds no knowledge base: run `kb index NOTES --home {args.home}`")
    process = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        options = ["--workers", str(args.workers)] if args.workers else []
        process, base = start_server(args.home, *options)
    meter = CpuMeter(process.pid if process else None) if Path("/proc/stat").exists() else None
    try:
        plan = Plan.build(base)
        print("kinds: " + ", ".join(f"{k} {len(v)} paths" for k, v in plan.paths.items()))
        results = []
        for clients in (int(n) for n in args.clients.split(",")):
            run_load(base, plan, clients, min(5.0, args.seconds))  # warm every server thread
            results.append(run_load(base, plan, clients, args.seconds, meter))
            report(results[-1])
        if len(results) > 1:
            first, last = results[0], results[-1]
            print(f"throughput of {last.clients} clients over {first.clients}: "
                  f"{last.rate / first.rate:.2f}x")  # fmt: skip
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
