"""D1's documented limits, enforced by the local database so that code passing locally does not fail on D1."""

from __future__ import annotations

import re

from d1.database import DatabaseLimitError

MAX_BOUND_PARAMETERS = 100
MAX_STATEMENT_BYTES = 100_000
MAX_ROW_BYTES = 2_000_000

# D1 has no interactive transactions: a batch is the only atomic unit. Reject what would pretend otherwise.
_TRANSACTION_CONTROL = re.compile(r"(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)
_LEADING_SPACE_AND_COMMENTS = re.compile(r"(?:\s+|--[^\n]*(?:\n|\Z)|/\*.*?\*/)*", re.DOTALL)


def check_statement(sql: str, params: tuple[object, ...]) -> None:
    if len(params) > MAX_BOUND_PARAMETERS:
        raise DatabaseLimitError(f"too many bound parameters: {len(params)} (D1 allows {MAX_BOUND_PARAMETERS})")
    size = len(sql.encode())
    if size > MAX_STATEMENT_BYTES:
        raise DatabaseLimitError(f"statement too long: {size} bytes (D1 allows {MAX_STATEMENT_BYTES})")
    if is_transaction_control(sql):
        raise DatabaseLimitError("transaction control is not available on D1: use one atomic batch")
    # One statement's bound values end up in at most one row for the writes this guards (inserts and updates).
    payload = sum(len(value) for value in params if isinstance(value, str | bytes))
    if payload > MAX_ROW_BYTES:
        raise DatabaseLimitError(
            f"values too large: {payload} bytes in one statement (D1 allows {MAX_ROW_BYTES} a row)"
        )


def is_transaction_control(sql: str) -> bool:
    """True when the statement itself (after leading space and comments) is BEGIN, COMMIT, ROLLBACK…"""
    start = _LEADING_SPACE_AND_COMMENTS.match(sql)
    return _TRANSACTION_CONTROL.match(sql, start.end() if start else 0) is not None
