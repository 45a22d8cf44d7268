"""Counted allowances of entropy while the top level runs, shared with the Node-side gate (harness/entropy.mjs)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import js


def gate() -> Any:
    return js.posteHarness.entropy


def in_request_context() -> bool:
    return bool(gate().inRequest)


def is_bad_entropy_enabled() -> bool:
    return int(gate().allowed) > 0


def raise_unless_entropy_allowed() -> None:
    if not (in_request_context() or is_bad_entropy_enabled()):
        raise OSError(29, "Cannot get entropy outside of request context")


@contextmanager
def allow_bad_entropy_calls(count: int) -> Iterator[None]:
    """Lets exactly `count` draws through; fewer is an error too, as in production (the count is part of the patch)."""
    state = gate()
    outer = int(state.allowed)
    state.allowed = count
    try:
        yield
        leftover = int(state.allowed)
        if leftover > 0 and not in_request_context():
            raise RuntimeError(f"{leftover} unexpected leftover getentropy calls")
    finally:
        state.allowed = outer
