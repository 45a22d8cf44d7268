"""D1's documented limits, enforced by the local database so that code passing locally does not fail on D1."""

from __future__ import annotations

import re

from domain.errors import DatabaseLimitError

MAX_BOUND_PARAMETERS = 100
MAX_STATEMENT_BYTES = 100_000
MAX_VALUE_BYTES = 2_000_000

# D1 has no interactive transactions: a batch is the only atomic unit. Reject what would pretend otherwise.
_TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE | re.MULTILINE)


def check_statement(sql: str, params: tuple[object, ...]) -> None:
    if len(params) > MAX_BOUND_PARAMETERS:
        raise DatabaseLimitError(f"too many bound parameters: {len(params)} (D1 allows {MAX_BOUND_PARAMETERS})")
    size = len(sql.encode())
    if size > MAX_STATEMENT_BYTES:
        raise DatabaseLimitError(f"statement too long: {size} bytes (D1 allows {MAX_STATEMENT_BYTES})")
    if _TRANSACTION_CONTROL.search(_strip_strings(sql)):
        raise DatabaseLimitError("transaction control is not available on D1: use one atomic batch")
    for value in params:
        if isinstance(value, str | bytes) and len(value) > MAX_VALUE_BYTES:
            raise DatabaseLimitError(f"value too large: over {MAX_VALUE_BYTES} bytes (D1's row limit)")


def _strip_strings(sql: str) -> str:
    """Removes quoted literals so that a word such as 'BEGIN' inside a string is not mistaken for a keyword."""
    return re.sub(r"'(?:[^']|'')*'", "''", sql)
