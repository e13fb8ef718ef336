"""Benchmark the web pages as a browser gets them; prints figures, asserts nothing.

    python bench/web_bench.py --home KB_HOME

Starts `kb serve` on a free port over a knowledge base built earlier (by `kb index` or
index_bench.py), requests `/search?q=...`, `/api/search?q=...` and the reader of each query's
best episode for the 50 queries in queries.txt after one warm-up request, and prints p50, p95
and max response time of each kind of page and the largest page in KB. Targets: p95 under
150 ms, pages under 2 MB.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from index_bench import percentile, read_queries  # bench/ is the script's folder

from kb import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[float, bytes]:
    """Milliseconds until the whole response has arrived, and its body."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read()
    return (time.perf_counter() - started) * 1000, body


def start_server(home: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """`kb serve` over `home` with `options`, once it answers; its process and base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kb", "serve", "--port", str(port), "--home", str(home), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    while True:
        try:
            fetch(base + "/ask")
            break
        except OSError:
            if process.poll() is not None or time.perf_counter() - started > 300:
                process.kill()
                raise RuntimeError(f"kb serve over {home} did not start") from None
            time.sleep(0.2)
    print(f"kb serve over {home}: answering after {time.perf_counter() - started:.1f} s")
    return process, base


def report(label: str, samples: list[tuple[float, int, str]]) -> None:
    """One line per kind of page: times over the samples and the largest body."""
    times = [t for t, _, _ in samples]
    size, url = max((n, u) for _, n, u in samples)
    print(f"{label} ({len(samples)} requests): p50 {statistics.median(times):.1f} ms, "
          f"p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms; "
          f"largest {size / 1024:,.0f} KB")  # fmt: skip
    slowest = sorted(samples, reverse=True)[:3]
    print("  slowest: " + "; ".join(f"{u} ({t:.0f} ms)" for t, _, u in slowest))
    print(f"  largest: {url}")


def measure(base: str, queries: list[str]) -> dict[str, list[tuple[float, int, str]]]:
    """(ms, bytes, path) of every request, by kind of page."""
    samples: dict[str, list[tuple[float, int, str]]] = {
        kind: [] for kind in ("/search", "/api/search", "/episode")
    }
    for query in queries:
        for kind in ("/search", "/api/search"):
            path = f"{kind}?q={quote(query)}"
            ms, body = fetch(base + path)
            samples[kind].append((ms, len(body), path))
            if kind == "/api/search":
                hits = json.loads(body)["hits"]
        if hits:
            path = f"/episode/{quote(hits[0]['episode_id'])}?q={quote(query)}"
            ms, body = fetch(base + path)
            samples["/episode"].append((ms, len(body), path))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a knowledge base's folder")
    args = parser.parse_args()
    if not Settings(args.home).db_path.exists():
        sys.exit(f"{args.home} holds no knowledge base: run `kb index NOTES --home {args.home}`")
    queries = read_queries()
    process, base = start_server(args.home)
    try:
        ms, _ = fetch(f"{base}/search?q={quote(queries[0])}")
        print(f"warm-up request: {ms:.0f} ms")
        for label, samples in measure(base, queries).items():
            report(label, samples)
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
