"""Recording what the contract suite asks of the database, for the query-plan test (tests/integration/
test_query_plans.py): when `POSTE_STATEMENT_LOG` names a file, the `database` fixture (and the context's) is wrapped
so that every statement sent through the Database port is appended to it as one JSON line — its SQL, its parameters
and where it was written (`d1/people.py:People.by_email`, or `tests` for a test's own SQL).

Where a statement comes from: for a read (`all`, `first`, `run`), the function that called the port; for a write
sent in a `batch`, the function that built the `Statement` (recorded when it is constructed: a batch is sent by
services/scope.py or a test, far from the repository that wrote the SQL)."""

from __future__ import annotations

import base64
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from d1.database import Database, Row, SqlValue, Statement, StatementResult

LOG_VARIABLE = "POSTE_STATEMENT_LOG"
SRC = Path(__file__).resolve().parents[2] / "src"
_HERE = Path(__file__).resolve()
_DATABASE_MODULE = (SRC / "d1" / "database.py").as_posix()


def log_path() -> Path | None:
    value = os.environ.get(LOG_VARIABLE)
    return Path(value) if value else None


def origin(frame: FrameType | None) -> str:
    """`d1/module.py:Class.method`: the first frame outside this module and the port's (whose `guarded` combines
    statements others wrote), when it is in src/; `tests` when it is a test's."""
    while frame is not None:
        path = Path(frame.f_code.co_filename).resolve()
        if path != _HERE and path.as_posix() != _DATABASE_MODULE:
            if path.is_relative_to(SRC):
                return f"{path.relative_to(SRC).as_posix()}:{frame.f_code.co_qualname}"
            return "tests"
        frame = frame.f_back
    return "tests"


_built_init = Statement.__init__


def _recording_init(self: Statement, sql: str, params: tuple[SqlValue, ...] = ()) -> None:
    _built_init(self, sql, params)
    object.__setattr__(self, "_origin", origin(sys._getframe(1)))


def record_statement_origins() -> None:
    """Every Statement built from now on remembers the function that built it."""
    Statement.__init__ = _recording_init  # type: ignore[method-assign]


def _json_value(value: SqlValue) -> Any:
    return {"bytes": base64.b64encode(value).decode()} if isinstance(value, bytes) else value


class RecordingDatabase:
    """The Database port, passing everything through and appending each statement to the log."""

    def __init__(self, inner: Database, log: Path) -> None:
        self._inner = inner
        self._log = log

    def __getattr__(self, name: str) -> Any:  # close() and the adapter's own extras
        return getattr(self._inner, name)

    def _write(self, entries: list[tuple[str, Sequence[SqlValue], str]]) -> None:
        with self._log.open("a", encoding="utf-8") as out:
            for sql, params, where in entries:
                line = {"sql": sql, "params": [_json_value(p) for p in params], "origin": where}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")

    async def all(self, sql: str, *params: SqlValue) -> list[Row]:
        self._write([(sql, params, origin(sys._getframe(1)))])
        return await self._inner.all(sql, *params)

    async def first(self, sql: str, *params: SqlValue) -> Row | None:
        self._write([(sql, params, origin(sys._getframe(1)))])
        return await self._inner.first(sql, *params)

    async def run(self, sql: str, *params: SqlValue) -> StatementResult:
        self._write([(sql, params, origin(sys._getframe(1)))])
        return await self._inner.run(sql, *params)

    async def batch(self, statements: Sequence[Statement]) -> list[StatementResult]:
        self._write([(s.sql, s.params, getattr(s, "_origin", "tests")) for s in statements])
        return await self._inner.batch(statements)
