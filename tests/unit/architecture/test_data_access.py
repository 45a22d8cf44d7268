"""Data access in one place: SQL only in `src/d1/` (and the local storage adapters' own tables), every query of a
tenant table filtered by cabinet except the few listed cross-cabinet reads, and no database call outside d1/."""

from __future__ import annotations

import ast
import importlib.util
import re
import sqlite3
from pathlib import Path

from tests.unit.architecture.source_graph import ROOT, SRC

HARNESS_SHARDS = ROOT / "tests" / "workers" / "harness" / "py" / "shards.py"
# Local adapters that implement KV, the queue and migrations on SQLite keep their own storage SQL.
STORAGE_ADAPTERS = {"local/sqlite_kv.py", "local/sqlite_queue.py", "local/sqlite_database.py", "local/migrations.py"}
SQL_START = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|REPLACE|PRAGMA)\s", re.DOTALL)
DATABASE_CALLS = {"all", "first", "run", "batch"}
CROSS_CABINET_READS = {
    "cabinet_for_address",
    "delivery",
    "cabinet_ids",
    "cabinets",
    "inbound_totals_since",
    "cabinet_by_slug",
    "account",
    "invitation",
    "reset_link",
    "mail_cabinet",
    "calendar_owner",
}
# Writes a repository runs at once instead of handing a statement to a scope's commit: claims whose caller needs to
# know whether it won (one statement each, so two runs cannot both win) and bookkeeping nobody audits.
WRITES_OUTSIDE_A_COMMIT = {
    "ScheduledRuns.claim",
    "DeadlineScan.start_morning",
    "DeadlineScan.claim_digest",
    "SessionRecords.mark_seen",
    "Transcriptions.record_progress",
}


def _module_strings(tree: ast.Module) -> dict[str, str]:
    """Module-level `NAME = "text"`: what an f-string's `{NAME}` stands for."""
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _text(part: ast.expr, names: dict[str, str]) -> str:
    if isinstance(part, ast.Constant):
        return str(part.value)
    value = part.value if isinstance(part, ast.FormattedValue) else part
    return names.get(value.id, "{}") if isinstance(value, ast.Name) else "{}"


def sql_literals(path: Path) -> list[str]:
    """String literals (and f-strings, with module-level string constants filled in) that read as SQL statements."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = _module_strings(tree)
    inside_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    found = []
    for node in ast.walk(tree):
        if id(node) in inside_fstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(_text(part, names) for part in node.values)
        else:
            continue
        if SQL_START.match(text):
            found.append(text)
    return found


def sql_outside_data_access(src: Path = SRC) -> list[str]:
    found = []
    for path in sorted(src.rglob("*.py")):
        relative = path.relative_to(src).as_posix()
        if relative.startswith("d1/") or relative in STORAGE_ADAPTERS:
            continue
        found += [f"{relative}: {sql.strip()[:60]}" for sql in sql_literals(path)]
    return found


def database_calls_outside_data_access(src: Path = SRC) -> list[str]:
    """`x.db.all(…)`, `db.run(…)`… outside d1/ and the database adapters (a CLI command included); a scope's commit
    (services/scope.py) is the one batch allowed."""
    found = []
    for path in sorted(src.rglob("*.py")):
        relative = path.relative_to(src).as_posix()
        if relative.startswith("d1/") or relative in {"cf/d1.py", "services/scope.py", *STORAGE_ADAPTERS}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = node.func.value
            owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if node.func.attr in DATABASE_CALLS and owner_name in ("db", "database"):
                found.append(f"{relative}:{node.lineno}")
    return found


def tenant_tables() -> set[str]:
    """Tables with a cabinet_id column, read from the real migrations."""
    conn = sqlite3.connect(":memory:")
    for migration in sorted((ROOT / "migrations").glob("*.sql")):
        conn.executescript(migration.read_text(encoding="utf-8"))
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t for t in tables if any(col[1] == "cabinet_id" for col in conn.execute(f"PRAGMA table_info({t})"))}


def unfiltered_tenant_queries(src: Path = SRC) -> list[str]:
    tenants = tenant_tables()
    found = []
    for path in sorted((src / "d1").glob("*.py")):
        if path.name == "cross_cabinet.py":
            continue
        for sql in sql_literals(path):
            tables = set(re.findall(r"\b(?:FROM|INTO|UPDATE|JOIN)\s+(\w+)", sql, re.IGNORECASE))
            if tables & tenants and "cabinet_id" not in sql:
                found.append(f"{path.name}: {sql.strip()[:80]}")
    return found


def test_no_application_sql_outside_d1_and_migrations():
    assert sql_outside_data_access() == []


def test_nothing_outside_d1_calls_the_database_directly():
    assert database_calls_outside_data_access() == []


def test_every_query_of_a_tenant_table_is_filtered_by_cabinet():
    assert {"inbound_mail", "mail_readings", "audit_log"} <= tenant_tables()
    assert unfiltered_tenant_queries() == []


WRITE_SQL = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b")


def writes_outside_a_commit(src: Path = SRC) -> set[str]:
    """`Class.method` for each repository method that sends a write itself (`self._db.run`/`batch` with write SQL)."""
    found = set()
    for path in sorted((src / "d1").glob("*.py")):
        for cls in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(cls, ast.ClassDef):
                continue
            for node in cls.body:
                called = {
                    n.func.attr for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                }
                sends = bool(called & {"run", "batch"})
                if isinstance(node, ast.AsyncFunctionDef) and sends and WRITE_SQL.search(ast.unparse(node)):
                    found.add(f"{cls.name}.{node.name}")
    return found


def test_the_only_writes_that_bypass_a_scope_are_the_listed_ones():
    assert writes_outside_a_commit() == WRITES_OUTSIDE_A_COMMIT


def test_the_write_check_catches_a_repository_that_writes_by_itself(tmp_path):
    (tmp_path / "d1").mkdir()
    (tmp_path / "d1" / "mail.py").write_text(
        "class Mail:\n    async def archive(self, i):\n"
        "        await self._db.run('UPDATE inbound_mail SET status = 1 WHERE cabinet_id = ? AND id = ?', i)\n"
        "    def insert(self, i):\n        return Statement('INSERT INTO inbound_mail (cabinet_id) VALUES (?)', i)\n"
    )
    assert writes_outside_a_commit(tmp_path) == {"Mail.archive"}


def test_the_only_cross_cabinet_reads_are_the_listed_ones():
    tree = ast.parse((SRC / "d1" / "cross_cabinet.py").read_text(encoding="utf-8"))
    methods = {
        node.name
        for cls in tree.body
        if isinstance(cls, ast.ClassDef)
        for node in cls.body
        if isinstance(node, ast.AsyncFunctionDef | ast.FunctionDef) and not node.name.startswith("_")
    }
    assert methods == CROSS_CABINET_READS


def test_the_checks_catch_sql_in_a_cli_command_and_a_direct_call(tmp_path):
    command = tmp_path / "local" / "commands" / "cabinet.py"
    command.parent.mkdir(parents=True)
    command.write_text('rows = db.all("SELECT id, name FROM cabinets ORDER BY name")\n')
    handler = tmp_path / "handlers" / "jobs.py"
    handler.parent.mkdir(parents=True)
    handler.write_text('async def f(ctx):\n    await ctx.db.run(f"UPDATE inbound_mail SET status = {1}")\n')
    assert sql_outside_data_access(tmp_path) == [
        "handlers/jobs.py: UPDATE inbound_mail SET status = {}",
        "local/commands/cabinet.py: SELECT id, name FROM cabinets ORDER BY name",
    ]
    assert database_calls_outside_data_access(tmp_path) == ["handlers/jobs.py:2", "local/commands/cabinet.py:1"]


def test_the_tenant_check_catches_a_query_without_the_cabinet(tmp_path):
    (tmp_path / "d1").mkdir()
    (tmp_path / "d1" / "mail.py").write_text('SQL = "SELECT id FROM inbound_mail WHERE id = ?"\n')
    assert unfiltered_tenant_queries(tmp_path) == ["mail.py: SELECT id FROM inbound_mail WHERE id = ?"]


def repository_methods(src: Path = SRC) -> set[str]:
    """`Class.method` for every public method of every repository class in d1/ (the Database port aside)."""
    found = set()
    for path in sorted((src / "d1").glob("*.py")):
        if path.name in ("database.py", "limits.py", "__init__.py"):
            continue
        for cls in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(cls, ast.ClassDef):
                found |= {
                    f"{cls.name}.{node.name}"
                    for node in cls.body
                    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_")
                }
    return found


def harness_contract_modules() -> dict[str, ast.Module]:
    """The contract test modules the Workers harness runs on D1, as it sees them: its CPython-only modules left out,
    and of each module what an `async def test_` can reach (the harness collects no sync test)."""
    spec = importlib.util.spec_from_file_location("harness_shards", HARNESS_SHARDS)
    assert spec is not None
    assert spec.loader is not None
    shards = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shards)
    found = {}
    for path in sorted((ROOT / "tests" / "contract").glob("test_*.py")):
        if f"contract/{path.name}" in shards.CPYTHON_ONLY:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tree.body = [n for n in tree.body if not (isinstance(n, ast.FunctionDef) and n.name.startswith("test_"))]
        found[path.name] = tree
    return found


def _called(node: ast.AST | None) -> str | None:
    """`Name` for `Name(…)` or `await Name(…)`."""
    node = node.value if isinstance(node, ast.Await) else node
    return node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else None


def _bindings(tree: ast.Module) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """What each variable was assigned from (`x = Name(…)`, `a, b = A(…), B(…)`, `x = await helper(…)`), and what
    each local function returns (`return Name(…)`)."""
    bound: dict[str, set[str]] = {}
    returns: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                pairs = (
                    zip(target.elts, node.value.elts, strict=False)
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                    else [(target, node.value)]
                )
                for name, value in pairs:
                    if isinstance(name, ast.Name) and (called := _called(value)):
                        bound.setdefault(name.id, set()).add(called)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and (called := _called(inner.value)):
                    returns.setdefault(node.name, set()).add(called)
    return bound, returns


def methods_called(tree: ast.Module, classes: set[str]) -> set[str]:
    """`Class.method` for each call whose receiver is an instance of a repository class: `Class(…).m(…)`,
    `helper(…).m(…)` or `x.m(…)` with `x` bound to one of those."""
    bound, returns = _bindings(tree)

    def classes_of(name: str) -> set[str]:
        return {name} if name in classes else returns.get(name, set()) & classes

    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if called := _called(receiver):
                owners = classes_of(called)
            elif isinstance(receiver, ast.Name):
                owners = {owner for source in bound.get(receiver.id, ()) for owner in classes_of(source)}
            else:
                owners = set()
            found |= {f"{owner}.{node.func.attr}" for owner in owners}
    return found


def uncalled_methods(methods: set[str], modules: dict[str, ast.Module]) -> list[str]:
    classes = {method.split(".")[0] for method in methods}
    called = set().union(*(methods_called(tree, classes) for tree in modules.values()))
    return sorted(methods - called)


def test_every_repository_method_runs_in_the_contract_suite():
    """The contract suite runs on SQLite here and on D1 in the Workers harness: a method it never calls on an
    instance of its class would ship to D1 untested."""
    assert len(repository_methods()) > 100
    assert uncalled_methods(repository_methods(), harness_contract_modules()) == []


def test_a_method_called_only_on_another_class_or_outside_the_harness_counts_as_uncalled():
    module = ast.parse(
        "async def seeded(database):\n    return Filing(database, 'c')\n"
        "async def test_x(database):\n    await Cabinets(database, 'c').get('c')\n"
        "    mail, everyone = InboundMail(database, 'c'), CrossCabinet(database)\n    await mail.recent(5)\n"
        "    repo = await seeded(database)\n    await repo.history('m')\n    await everyone.cabinets()\n"
    )
    methods = {"Cabinets.get", "InboundMail.get", "InboundMail.recent", "Cabinets.recent", "Filing.history",
               "CrossCabinet.cabinets", "Filing.get"}  # fmt: skip
    assert uncalled_methods(methods, {"test_x.py": module}) == ["Cabinets.recent", "Filing.get", "InboundMail.get"]
    assert "test_transcriber.py" not in harness_contract_modules()  # CPython only: never on D1
