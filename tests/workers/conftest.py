"""The Workers harness's shards run first in the session (see scripts/test and tests/workers/_harness.py)."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Moves the harness's shards (marked `harness`) to the front, the rest keeping its order. They are the longest
    modules by far: with `-n 2 --dist loadfile --no-loadscope-reorder` each worker starts with one, so the halves run
    side by side and the rest of the suite fills the gaps. Collection alone would put them where tests/workers/ sorts,
    near the end; xdist's default reordering by test count would put them after any module with more tests."""
    items.sort(key=lambda item: item.get_closest_marker("harness") is None)
