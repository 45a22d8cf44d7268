"""The Database port: D1's surface, which the SQLite adapter (local/) and the D1 adapter (cf/) implement.

Repositories in this package build `Statement`s and read through this port; nothing else in the application
writes SQL. There are no interactive transactions: a write use case is one atomic `batch`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

SqlValue = str | int | float | bytes | None
Row = dict[str, Any]


@dataclass(frozen=True)
class Statement:
    sql: str
    params: tuple[SqlValue, ...] = ()


@dataclass(frozen=True)
class StatementResult:
    rows: list[Row]
    changes: int = 0
    last_row_id: int | None = None


class Database(Protocol):
    """One statement at a time, or an atomic batch."""

    async def all(self, sql: str, *params: SqlValue) -> list[Row]: ...

    async def first(self, sql: str, *params: SqlValue) -> Row | None: ...

    async def run(self, sql: str, *params: SqlValue) -> StatementResult: ...

    async def batch(self, statements: Sequence[Statement]) -> list[StatementResult]: ...


class DatabaseError(Exception):
    """The database refused or failed a statement. Its text may hold SQL: it is logged, never shown to a client."""


class ConstraintViolation(DatabaseError):
    """A write the database refused: unique key taken, missing foreign row, failed check."""


class DatabaseLimitError(DatabaseError):
    """A statement D1 would refuse (too many parameters, too long, transaction control, several statements)."""


def guarded(write: Statement, condition: Statement) -> Statement:
    """An UPDATE or DELETE (whose SQL ends with its WHERE clause) made only when `condition`, a SELECT, finds a row:
    how one batch makes its later writes depend on an earlier one (a link used once, an invitation claimed once)."""
    where = _own_where(write.sql)
    if not write.sql.lstrip().upper().startswith(("UPDATE", "DELETE")) or where is None:
        raise ValueError("only an UPDATE or DELETE with a WHERE clause can be guarded")
    # The write's own condition goes in parentheses: appended bare, `a OR b AND EXISTS (…)` would read as
    # `a OR (b AND EXISTS (…))`, and the rows matching `a` would be written whatever the guard says.
    head, clause = write.sql[:where], write.sql[where + len("WHERE") :].strip()
    return Statement(f"{head}WHERE ({clause}) AND EXISTS ({condition.sql})", (*write.params, *condition.params))


_WHERE_SCAN = re.compile(r"'|\"|\(|\)|\bWHERE\b", re.IGNORECASE)


def _own_where(sql: str) -> int | None:
    """Where the statement's own WHERE keyword starts: outside parentheses (a subquery's) and quoted text."""
    depth, quote = 0, ""
    for match in _WHERE_SCAN.finditer(sql):
        token = match.group()
        if quote:
            quote = "" if token == quote else quote
        elif token in ("'", '"'):
            quote = token
        elif token in ("(", ")"):
            depth += 1 if token == "(" else -1
        elif depth == 0:
            return match.start()
    return None
