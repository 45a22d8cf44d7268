"""What each query costs on D1, checked on SQLite's query plans: D1 bills rows read, and one cabinet's request must
never pay for every cabinet's rows.

The whole contract suite (tests/contract) runs in a child pytest with `POSTE_STATEMENT_LOG` set, so its `database`
fixture records every statement sent through the Database port with its real parameters and the function that wrote
it (tests/contract/statement_log.py). Every distinct statement written in src/ — a repository added tomorrow is
covered as soon as its contract test calls it — is then planned with `EXPLAIN QUERY PLAN` on the real migrations.

The rule, for every step of a plan that reads a tenant table (a table with a `cabinet_id` column, found from the
schema; the FTS5 table `search_index` has none and is bound by the tenant token inside MATCH instead):
- `SCAN t`, with or without `USING [COVERING] INDEX`, fails: SQLite says SCAN when it walks the whole table or the
  whole index with no constraint, so even an index led by cabinet_id is then read for every cabinet.
- `SEARCH t USING AUTOMATIC … INDEX` fails: SQLite builds that index by scanning the table first.
- `SEARCH t USING INTEGER PRIMARY KEY` passes (one row), and so does `SEARCH t USING [COVERING] INDEX i (…)` when the
  constraint includes `cabinet_id=` (a range of one cabinet's entries) or when `i` is a unique index whose every
  column is constrained by `=` (one row, found without reading any other).
- Anything else fails: an index that does not start from the cabinet reads a range that spans cabinets.

The exceptions are the reads that span cabinets by design (d1/cross_cabinet.py, whose list the architecture test
fixes): they are still indexed, only not by cabinet, and each is allowed here by name with its reason.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from d1.database import Database, Row, SqlValue, Statement, StatementResult
from d1.erasure import Erasure
from d1.search_index import SearchEntry, SearchIndex, SearchKind
from domain.actors import Actor, Role
from local.config import LocalConfig
from local.runtime import open_runtime
from services.scope import CabinetScope
from services.search import search
from tests.api.seed import new_cabinet
from tests.contract.statement_log import LOG_VARIABLE
from tests.unit.architecture.source_graph import ROOT

# function that wrote the statement -> why it may read across cabinets (by an index that is not the cabinet's)
CROSS_CABINET: dict[str, str] = {
    "d1/cross_cabinet.py:CrossCabinet.delivery": "a retried delivery is recognised before its cabinet is known "
    "(inbound_mail_delivery: recipient, dedupe key — one row)",
    "d1/cross_cabinet.py:CrossCabinet.inbound_totals_since": "the operator's health figures count every cabinet's "
    "recent mail (inbound_mail_recent: the range since the given time)",
    "d1/cross_cabinet.py:CrossCabinet.account": "login finds the person by email before the cabinet is known "
    "(people_by_email)",
    "d1/cross_cabinet.py:CrossCabinet.invitation": "an invitation link is found by its token's digest before the "
    "cabinet is known (unique index)",
    "d1/cross_cabinet.py:CrossCabinet.reset_link": "a reset link is found by its token's digest before the cabinet is "
    "known (unique index)",
    "d1/cross_cabinet.py:CrossCabinet.calendar_owner": "a calendar feed is found by its token's digest before the "
    "cabinet is known (unique index calendar_tokens_by_digest)",
}
MAX_SEARCH_QUERIES = 3
_READ = re.compile(r"^(SCAN|SEARCH) (\w+)(?: USING (.*))?$")
_TABLE_NAMES = re.compile(r"\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", re.IGNORECASE)
_NOT_ALIASES = {"where", "on", "set", "join", "left", "inner", "cross", "order", "group", "limit", "values", "select",
                "using", "as", "default", "natural", "outer"}  # fmt: skip


@dataclass(frozen=True)
class Recorded:
    sql: str
    params: tuple[SqlValue, ...]
    origin: str


def _schema() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    for migration in sorted((ROOT / "migrations").glob("*.sql")):
        conn.executescript(migration.read_text(encoding="utf-8"))
    return conn


def tenant_tables(conn: sqlite3.Connection) -> set[str]:
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t for t in tables if any(col[1] == "cabinet_id" for col in conn.execute(f"PRAGMA table_info('{t}')"))}


def _unique_indexes(conn: sqlite3.Connection, table: str) -> dict[str, list[str]]:
    indexes = [row for row in conn.execute(f"PRAGMA index_list('{table}')") if row[2]]
    return {row[1]: [col[2] for col in conn.execute(f"PRAGMA index_info('{row[1]}')")] for row in indexes}


def _names(sql: str, tenants: set[str]) -> dict[str, str]:
    """Every name a plan may give a tenant table of this statement (the table itself, or its alias)."""
    names: dict[str, str] = {}
    for table, alias in _TABLE_NAMES.findall(sql):
        if table.lower() in tenants:
            names[table.lower()] = table.lower()
            if alias and alias.lower() not in _NOT_ALIASES:
                names[alias.lower()] = table.lower()
    return names


def plan_faults(conn: sqlite3.Connection, sql: str, params: tuple[SqlValue, ...]) -> list[str]:
    """The steps of the statement's plan that read a tenant table otherwise than for one cabinet or one row."""
    tenants = tenant_tables(conn)
    names = _names(sql, tenants)
    faults = []
    for _id, _parent, _unused, detail in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params):
        read = _READ.match(detail)
        if not read or read.group(2).lower() not in names:
            continue
        table, how = names[read.group(2).lower()], read.group(3) or ""
        if (
            read.group(1) == "SCAN"
            or "AUTOMATIC" in how
            or not (how.startswith("INTEGER PRIMARY KEY") or _bound(conn, table, how))
        ):
            faults.append(detail)
    return faults


def _bound(conn: sqlite3.Connection, table: str, how: str) -> bool:
    found = re.match(r"(?:COVERING )?INDEX (\w+) \(([^)]*)\)", how)
    if not found:
        return False
    index, constraint = found.groups()
    if "cabinet_id=" in constraint:
        return True
    columns = _unique_indexes(conn, table).get(index)
    return columns is not None and all(f"{column}=" in constraint for column in columns)


def _value(value: Any) -> SqlValue:
    return base64.b64decode(value["bytes"]) if isinstance(value, dict) else value


def recorded_by_the_contract_suite(log: Path) -> list[Recorded]:
    env = {**os.environ, LOG_VARIABLE: str(log)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/contract"]
    child = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert child.returncode == 0, f"the contract suite failed:\n{child.stdout[-3000:]}"
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return [Recorded(line["sql"], tuple(_value(v) for v in line["params"]), line["origin"]) for line in lines]


def _distinct_application_statements(recorded: list[Recorded]) -> dict[str, Recorded]:
    distinct: dict[str, Recorded] = {}
    for statement in recorded:
        if statement.origin != "tests":
            distinct.setdefault(statement.sql, statement)
    return distinct


@pytest.fixture(scope="module")
def contract_statements(tmp_path_factory: pytest.TempPathFactory) -> list[Recorded]:
    return recorded_by_the_contract_suite(tmp_path_factory.mktemp("plans") / "statements.jsonl")


@pytest.mark.slow
def test_no_statement_of_the_application_reads_every_cabinets_rows(contract_statements: list[Recorded]) -> None:
    distinct = _distinct_application_statements(contract_statements)
    origins = {statement.origin.split(":")[0] for statement in distinct.values()}
    assert {"d1/people.py", "d1/inbound_mail.py", "d1/search.py", "d1/search_index.py"} <= origins  # it did listen
    conn = _schema()
    faults = {
        f"{statement.origin}: {fault}\n    {statement.sql[:160]}"
        for statement in distinct.values()
        if statement.origin not in CROSS_CABINET
        for fault in plan_faults(conn, statement.sql, statement.params)
    }
    assert sorted(faults) == []


@pytest.mark.slow
def test_every_listed_exception_is_still_a_statement_the_suite_sends(contract_statements: list[Recorded]) -> None:
    """A cross-cabinet read that is gone or renamed leaves the list, so the list cannot grow stale and wide."""
    assert set(CROSS_CABINET) <= {statement.origin for statement in contract_statements}


def test_the_rule_catches_scans_automatic_indexes_and_ranges_that_span_cabinets() -> None:
    conn = _schema()
    assert plan_faults(conn, "SELECT * FROM inbound_mail m WHERE m.status = ?", ("received",)) == ["SCAN m"]
    assert plan_faults(conn, "SELECT COUNT(*) FROM search_entries", ()) != []  # a covering index, walked whole
    assert plan_faults(conn, "SELECT * FROM dossiers ORDER BY cabinet_id", ()) != []
    assert plan_faults(conn, "SELECT id FROM inbound_mail WHERE received_at > ?", ("2026",)) != []
    assert plan_faults(conn, "SELECT id FROM inbound_mail WHERE recipient = ?", ("a@b.c",)) != []  # spans cabinets
    assert plan_faults(conn, "SELECT id FROM people WHERE email = ?", ("a@b.c",)) == []  # unique: one row
    assert plan_faults(conn, "SELECT id FROM dossiers d WHERE d.cabinet_id = ? ORDER BY title", ("c",)) == []
    assert plan_faults(conn, "SELECT id FROM dossiers WHERE id = ?", ("d",)) == []  # one row by primary key
    assert plan_faults(conn, "SELECT 1 FROM search_index WHERE search_index MATCH ?", ("x",)) == []


class CountingDatabase:
    """The Database port, counting what one use case asks of it."""

    def __init__(self, inner: Database) -> None:
        self._inner = inner
        self.sent: list[Statement] = []

    async def all(self, sql: str, *params: SqlValue) -> list[Row]:
        self.sent.append(Statement(sql, params))
        return await self._inner.all(sql, *params)

    async def first(self, sql: str, *params: SqlValue) -> Row | None:
        self.sent.append(Statement(sql, params))
        return await self._inner.first(sql, *params)

    async def run(self, sql: str, *params: SqlValue) -> StatementResult:
        self.sent.append(Statement(sql, params))
        return await self._inner.run(sql, *params)

    async def batch(self, statements: list[Statement]) -> list[StatementResult]:
        self.sent += statements
        return await self._inner.batch(statements)


@pytest.fixture
def runtime_context(tmp_path: Path) -> Iterator[Any]:
    runtime = open_runtime(LocalConfig(data_dir=tmp_path / "data"))
    yield runtime.context
    runtime.close()


async def test_a_search_request_reads_the_index_in_at_most_three_planned_queries(runtime_context: Any) -> None:
    ctx = runtime_context
    cabinet = await new_cabinet(ctx, "martin@poste.example")
    index = SearchIndex(ctx.db, cabinet.id)
    await ctx.db.batch([
        index.put(SearchEntry(SearchKind.CLIENT, f"c{n}", None, f"Client Martin {n}", "", ("24/01234",)), "2026-03-02")
        for n in range(30)
    ])  # fmt: skip
    counting = CountingDatabase(ctx.db)
    scope = CabinetScope(replace(ctx, db=counting), cabinet.id, Actor("person", "p1", Role.AVOCAT), "api")
    first = await search(scope, "martin", limit=10)
    assert len(counting.sent) <= MAX_SEARCH_QUERIES
    for text, kind, cursor in (("24-01234", "client", None), ("martin", None, first.next_cursor)):
        before = len(counting.sent)
        page = await search(scope, text, kind=kind, cursor=cursor, limit=10)
        assert len(page.hits) == 10
        assert len(counting.sent) - before <= MAX_SEARCH_QUERIES
    conn = _schema()
    assert [plan_faults(conn, s.sql, s.params) for s in counting.sent] == [[] for _ in counting.sent]


def test_pseudonymising_an_erasure_reads_the_audit_trail_by_subject_and_scans_it_once() -> None:
    conn = _schema()
    erasure = Erasure(None, "cab1")  # type: ignore[arg-type]  # building statements needs no database
    statements = erasure.pseudonymise([f"id-{n}" for n in range(40)], "Mme Claire Dupont", kept=["shared"])
    plans = [" ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {s.sql}", s.params)) for s in statements]
    by_subject = [plan for plan in plans if "INDEX audit_log_by_subject (cabinet_id=? AND subject=?)" in plan]
    assert len(by_subject) == len(plans) - 1 == 4  # 40 ids in three statements, the kept dossier's name in one
    (scan,) = [plan for plan in plans if plan not in by_subject]
    assert "(cabinet_id=?)" in scan  # the one statement reading every summary of the cabinet: its id quoted anywhere
