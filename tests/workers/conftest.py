"""The suite's longest modules run first (see scripts/test and tests/workers/_harness.py)."""

from __future__ import annotations

import pytest


def _rank(item: pytest.Item) -> int:
    if item.get_closest_marker("harness"):
        return 0
    return 1 if item.get_closest_marker("slow") else 2


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Moves the Workers harness's shards (marked `harness`) to the front, then the modules with a `slow` test, the rest
    keeping its order. With `-n 2 --dist loadfile --no-loadscope-reorder` each worker starts with a harness shard, so
    the halves run side by side, the long modules follow and the short ones fill the end instead of one long module
    running alone last. Collection alone would put the shards where tests/workers/ sorts, near the end; xdist's
    default reordering by test count would put them after any module with more tests."""
    module_rank: dict[str, int] = {}
    for item in items:  # a module ranks as its first-ranked test: its tests stay together, in their order
        module = item.nodeid.split("::")[0]
        module_rank[module] = min(module_rank.get(module, 2), _rank(item))
    items.sort(key=lambda item: module_rank[item.nodeid.split("::")[0]])
