"""A short load run against `kb serve` over the sample episodes: five clients for ten seconds of
searches, episode pages, figure tables and questions, without one error. The full run, on the
whole corpus with 20 clients, is bench/load_bench.py."""

from __future__ import annotations

import pytest
from conftest import index_notes
from load_bench import MIX, Plan, run_load
from web_bench import start_server


@pytest.mark.slow
def test_five_clients_for_ten_seconds_get_no_error(tmp_path_factory):
    process, base = start_server(index_notes(tmp_path_factory, {}))
    try:
        plan = Plan.build(base)
        result = run_load(base, plan, clients=5, seconds=10)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert all(plan.paths[kind] for kind, _ in MIX)
    assert dict(result.errors) == {}
    assert {kind for kind, _ in result.samples} == {kind for kind, _ in MIX}
    assert len(result.samples) > 100
