"""The Database port on a Cloudflare D1 binding (as wrapped by the Workers SDK, which binds None as JS null).

Every statement goes through `check_statement` first, so D1 and the local SQLite adapter refuse the same things
with the same error before anything reaches the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cf._convert import field, is_missing, plain
from d1.database import ConstraintViolation, DatabaseError, Row, SqlValue, Statement, StatementResult
from d1.limits import check_statement


class D1Database:
    def __init__(self, binding: Any) -> None:
        self._db = binding

    async def all(self, sql: str, *params: SqlValue) -> list[Row]:
        result = await _call(self._prepare(Statement(sql, params)).all())
        return [_row(row) for row in field(result, "results") or []]

    async def first(self, sql: str, *params: SqlValue) -> Row | None:
        row = await _call(self._prepare(Statement(sql, params)).first())
        return None if is_missing(row) else _row(row)

    async def run(self, sql: str, *params: SqlValue) -> StatementResult:
        return _statement_result(await _call(self._prepare(Statement(sql, params)).run()))

    async def batch(self, statements: Sequence[Statement]) -> list[StatementResult]:
        if not statements:
            return []
        prepared = [self._prepare(statement) for statement in statements]
        results = await _call(self._db.batch(prepared))
        return [_statement_result(result) for result in results]

    def _prepare(self, statement: Statement) -> Any:
        check_statement(statement.sql, statement.params)
        prepared = self._db.prepare(statement.sql)
        return prepared.bind(*statement.params) if statement.params else prepared


async def _call(awaitable: Any) -> Any:
    try:
        return await awaitable
    except Exception as exc:  # JsException: D1 errors arrive as JS errors with a message only
        message = str(getattr(exc, "message", "") or exc)
        if "D1_TYPE_ERROR" in message:
            raise TypeError(message) from exc
        if "SQLITE_CONSTRAINT" in message or "constraint failed" in message:
            raise ConstraintViolation(message) from exc
        raise DatabaseError(message) from exc


def _statement_result(result: Any) -> StatementResult:
    meta = plain(field(result, "meta")) or {}
    last_row_id = meta.get("last_row_id")
    return StatementResult(
        rows=[_row(row) for row in field(result, "results") or []],
        changes=int(meta.get("changes") or 0),
        last_row_id=int(last_row_id) if last_row_id is not None else None,
    )


def _row(row: Any) -> Row:
    # D1 returns BLOB columns as arrays of byte values: no other column type comes back as an array.
    return {key: bytes(value) if isinstance(value, list) else value for key, value in plain(row).items()}
