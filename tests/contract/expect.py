"""A pytest-free `raises`, so contract tests run unchanged under Pyodide where pytest is not loaded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class Raised:
    exception: BaseException | None = None


@contextmanager
def raises(*expected: type[BaseException]) -> Iterator[Raised]:
    outcome = Raised()
    try:
        yield outcome
    except expected as exc:
        outcome.exception = exc
        return
    raise AssertionError(f"expected {', '.join(e.__name__ for e in expected)} to be raised")
