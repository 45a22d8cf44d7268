"""The Database port on a SQLite file, behaving like D1 where it matters.

Every call runs on the store's own worker thread (local/blocking.py), never on the event loop.
D1 has no interactive transactions: each call is autocommitted, and `batch` is the only atomic unit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from d1.database import (
    ConstraintViolation,
    DatabaseError,
    DatabaseLimitError,
    Row,
    SqlValue,
    Statement,
    StatementResult,
)
from d1.limits import check_statement
from local.blocking import SerialWorker
from local.migrations import apply_migrations


def connect(path: Path | str) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")  # D1 enforces foreign keys
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


class SqliteDatabase:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._worker = SerialWorker("sqlite-d1")

    @classmethod
    def open_migrated(cls, path: Path | str) -> tuple[SqliteDatabase, list[str]]:
        """The database at `path` with every pending migration applied, and the names of those applied now."""
        conn = connect(path)
        try:
            applied = apply_migrations(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn), applied

    def close(self) -> None:
        self._worker.call(self._conn.close)
        self._worker.close()

    async def all(self, sql: str, *params: SqlValue) -> list[Row]:
        return (await self._worker.run(self._execute, Statement(sql, params))).rows

    async def first(self, sql: str, *params: SqlValue) -> Row | None:
        rows = (await self._worker.run(self._execute, Statement(sql, params))).rows
        return rows[0] if rows else None

    async def run(self, sql: str, *params: SqlValue) -> StatementResult:
        return await self._worker.run(self._execute, Statement(sql, params))

    async def batch(self, statements: Sequence[Statement]) -> list[StatementResult]:
        return await self._worker.run(self._batch, list(statements))

    def _batch(self, statements: list[Statement]) -> list[StatementResult]:
        for statement in statements:
            check_statement(statement.sql, statement.params)
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            results = [self._execute(statement, checked=True) for statement in statements]
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        return results

    async def bulk_load(self, statements: Sequence[Statement]) -> None:
        """Writes many statements in one transaction, each run of statements with the same SQL as one prepared
        statement (`executemany`): the seeding path (./poste seed), hundreds of times faster than one call per row.
        Each statement is still held to D1's limits; nothing is returned."""
        await self._worker.run(self._bulk_load, list(statements))

    def _bulk_load(self, statements: list[Statement]) -> None:
        for statement in statements:
            check_statement(statement.sql, statement.params)
        runs: dict[str, list[tuple[SqlValue, ...]]] = {}
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                if runs and statement.sql not in runs:
                    self._flush(runs)
                runs.setdefault(statement.sql, []).append(statement.params)
            self._flush(runs)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _flush(self, runs: dict[str, list[tuple[SqlValue, ...]]]) -> None:
        for sql, params in runs.items():
            try:
                self._conn.executemany(sql, params)
            except sqlite3.IntegrityError as exc:
                raise ConstraintViolation(str(exc)) from exc
            except sqlite3.Error as exc:
                raise DatabaseError(str(exc)) from exc
        runs.clear()

    def _execute(self, statement: Statement, *, checked: bool = False) -> StatementResult:
        if not checked:
            check_statement(statement.sql, statement.params)
        try:
            cursor = self._conn.execute(statement.sql, statement.params)
        except sqlite3.Warning as exc:  # e.g. several statements in one call, which D1's prepare() also refuses
            raise DatabaseLimitError(f"invalid statement: {exc}") from exc
        except sqlite3.IntegrityError as exc:
            raise ConstraintViolation(str(exc)) from exc
        except sqlite3.Error as exc:
            raise DatabaseError(str(exc)) from exc
        rows = [dict(row) for row in cursor.fetchall()]
        changes = cursor.rowcount if cursor.rowcount > 0 else 0
        return StatementResult(rows=rows, changes=changes, last_row_id=cursor.lastrowid)
