"""Which checks each shard of the Workers harness runs.

The harness's checks are split into shards that run as separate processes (tests/workers/test_harness_shard*.py,
one per pytest worker), so that on a two-core machine the halves run side by side. The split is computed here alike
by the runner, under Pyodide, and by tests/workers, under CPython: each shard's pytest module thus knows exactly the
checks its process must report. Stdlib only, no clock, no randomness: the same names give the same split.

The split balances estimated cost: the seconds each check took in a harness run (../costs.json; a check missing
from it counts as a typical one). Greedy, longest first: each check goes to the shard with the least cost so far
(ties to the lowest shard, then by name). The costs only move the balance: whatever they say, every check runs in
exactly one shard.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import cache

# Test modules of tests/contract that run in CPython only: the local adapter's run of a shared contract, whose model
# exists only there (faster-whisper). The harness runs that contract against the Cloudflare adapter through a
# module of its own (contract/test_transcriber_workers.py); both the runner and tests/workers skip these.
CPYTHON_ONLY = frozenset({"contract/test_transcriber.py"})
COSTS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "costs.json")
DEFAULT_COST = 1.0


@cache
def costs() -> dict[str, float]:
    """Seconds per check from ../costs.json (refreshed from a run's reports: python -m tests.workers._harness)."""
    with open(COSTS_FILE, encoding="utf-8") as file:
        return {name: float(seconds) for name, seconds in json.load(file).items()}


def cost(name: str) -> float:
    known = costs()
    if name in known:
        return known[name]
    return sorted(known.values())[len(known) // 2] if known else DEFAULT_COST


def parse(spec: str) -> tuple[int, int]:
    """`"k/N"` as (k, N), 1 <= k <= N."""
    index, _, count = spec.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise ValueError(f"a shard is k/N with 1 <= k <= N, not {spec!r}")
    return int(index), int(count)


def partition(names: Iterable[str], count: int) -> list[list[str]]:
    """The names split into `count` parts of about equal estimated cost, each part in sorted order."""
    parts: list[list[str]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for name in sorted(set(names), key=lambda n: (-cost(n), n)):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        parts[lightest].append(name)
        loads[lightest] += cost(name)
    return [sorted(part) for part in parts]


def select(names: Iterable[str], spec: str) -> set[str]:
    """The names shard `spec` ("k/N") runs."""
    index, count = parse(spec)
    return set(partition(names, count)[index - 1])
