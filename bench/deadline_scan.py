"""The daily deadline scan on seeded data (issue 12): at the dossiers issue's seed scale plus 200,000 deadlines, what
one morning's scan reads, sends and costs per cabinet, and the ratio rows read / alerts raised (target ≤ 1.1).

- Data: a scratch copy of bench/out/dossiers-<scale>/d1.sqlite (seeded as bench.dossiers_api seeds it; `quick` is
  a tiny scale for a run while others work), migrated, plus `--deadlines` rows spread over every cabinet's dossiers:
  due dates a year either side of the scan's day, most past ones done, most future ones to do, each `next_alert_on`
  as the scan run every morning up to yesterday left it (the steady state).
- The scan: `services.deadline_scan.scan_deadlines` for each cabinet on its local date, through a Database wrapper
  counting the port's calls (queries) and the statements they carry.
- Rows read: SQLite has no per-statement counter of rows read, so they are counted from the plan: the scan's only
  read of `deadlines` is `SEARCH d USING INDEX deadlines_by_next_alert (cabinet_id=? AND next_alert_on<?)` (checked
  here and by tests/integration/test_query_plans.py), so it reads exactly the index range's entries, counted before
  the scan; each is joined to its dossier by the unique (cabinet_id, id) index (one more row each). The writes read
  one deadline row each (by primary key) and the notification tables by unique keys.
- A second scan of the same morning is run too: it must read nothing and raise nothing.

Run: `PYTHONPATH=src:. .venv/bin/python -m bench.deadline_scan [--scale quick|small|default] [--deadlines N]`.
Prints figures; never a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.dossiers_api import OUT, ROOT
from bench.dossiers_api import SCALES as DOSSIER_SCALES
from d1.database import Row, SqlValue, Statement, StatementResult
from domain.actors import SYSTEM
from domain.alerts import crossed, next_alert_after
from local.config import LocalConfig
from local.runtime import open_runtime
from services.deadline_scan import scan_deadlines
from services.scope import CabinetScope

SCALES = {"quick": ["--cabinets", "2", "--clients", "100", "--mails", "200", "--documents", "100"], **DOSSIER_SCALES}
TARGET = 1.1
SCAN_DAY = date(2026, 3, 10)  # a Tuesday


def seeded(scale: str) -> Path:
    folder, summary = OUT / f"dossiers-{scale}", OUT / f"dossiers-{scale}.json"
    if not summary.exists():
        if folder.exists():
            sys.exit(f"{folder} exists without {summary.name}: a seed was interrupted; remove the folder.")
        print(f"seeding {folder} ({scale})…", flush=True)
        command = [str(ROOT / "poste"), "seed", "--data-dir", str(folder), *SCALES[scale]]
        done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
        summary.write_text(done.stdout, encoding="utf-8")
    return folder


def steady_state(due: date, status: str, days: tuple[int, ...]) -> str | None:
    """`next_alert_on` as the scan of every morning up to the day before SCAN_DAY left it."""
    if status != "a_faire":
        return None
    yesterday = SCAN_DAY - timedelta(days=1)
    raised = crossed(due, yesterday, days)
    following = next_alert_after(due, raised, days)
    if raised is not None and raised.overdue:
        return None
    return following.isoformat() if following else None


def add_deadlines(db: Path, count: int, rng: random.Random) -> dict[str, int]:
    """Inserts `count` deadlines spread over every cabinet's dossiers; returns how many each cabinet got."""
    conn = sqlite3.connect(db, isolation_level=None)
    dossiers = conn.execute("SELECT cabinet_id, id, responsible_id FROM dossiers ORDER BY cabinet_id, id").fetchall()
    days = {row[0]: tuple(json.loads(row[1])) for row in conn.execute("SELECT id, alert_days FROM cabinets")}
    per_cabinet: dict[str, int] = {}
    rows = []
    for n in range(count):
        cabinet_id, dossier_id, responsible = dossiers[rng.randrange(len(dossiers))]
        due = SCAN_DAY + timedelta(days=rng.randint(-365, 365))
        done = rng.random() < (0.95 if due < SCAN_DAY else 0.15)
        status = ("fait" if rng.random() < 0.9 else "annule") if done else "a_faire"
        next_on = steady_state(due, status, days[cabinet_id] or (7, 3, 1, 0))
        rows.append((f"bench-dl-{n:07d}", cabinet_id, dossier_id, f"Échéance {n}", due.isoformat(), due.isoformat(),
                     next_on, responsible, status))  # fmt: skip
        per_cabinet[cabinet_id] = per_cabinet.get(cabinet_id, 0) + 1
    stamp = "2026-01-01T00:00:00+00:00"
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO deadlines (id, cabinet_id, dossier_id, title, computed_due_date, due_date, next_alert_on,"
        " responsible_id, status, source, created_by, created_at, updated_at)"
        f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'manuel', 'bench', '{stamp}', '{stamp}')",
        rows,
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return per_cabinet


def window(db: Path, cabinet_id: str, today: date) -> tuple[int, str]:
    """The entries of the scan's index range, and the plan of the scan's read."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    (entries,) = conn.execute(
        "SELECT count(*) FROM deadlines INDEXED BY deadlines_by_next_alert WHERE cabinet_id = ? AND next_alert_on <= ?",
        (cabinet_id, today.isoformat()),
    ).fetchone()
    from d1.deadline_scan import _DUE

    plan = " / ".join(
        row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {_DUE}", (cabinet_id, today.isoformat(), 200))
    )
    conn.close()
    return int(entries), plan


@dataclass
class CountingDatabase:
    """The Database port, counting its calls (round trips) and the statements they carry."""

    inner: Any
    calls: int = 0
    statements: int = 0

    async def all(self, sql: str, *params: SqlValue) -> list[Row]:
        self.calls, self.statements = self.calls + 1, self.statements + 1
        return list(await self.inner.all(sql, *params))

    async def first(self, sql: str, *params: SqlValue) -> Row | None:
        self.calls, self.statements = self.calls + 1, self.statements + 1
        return await self.inner.first(sql, *params)  # type: ignore[no-any-return]

    async def run(self, sql: str, *params: SqlValue) -> StatementResult:
        self.calls, self.statements = self.calls + 1, self.statements + 1
        return await self.inner.run(sql, *params)  # type: ignore[no-any-return]

    async def batch(self, statements: Sequence[Statement]) -> list[StatementResult]:
        self.calls, self.statements = self.calls + 1, self.statements + len(statements)
        return list(await self.inner.batch(statements))


async def scan_cabinet(context: Any, cabinet: Any, db_file: Path) -> dict[str, Any]:
    today = SCAN_DAY  # the cabinet's local date at its 07:00
    entries, plan = window(db_file, cabinet.id, today)
    counting = CountingDatabase(context.db)
    scope = CabinetScope(replace(context, db=counting), cabinet.id, SYSTEM, "cron")
    started = time.process_time()
    raised = await scan_deadlines(scope, today, cabinet.alert_days)
    cpu = time.process_time() - started
    again_entries, _ = window(db_file, cabinet.id, today)
    again = await scan_deadlines(scope, today, cabinet.alert_days)
    return {"cabinet": cabinet.slug, "id": cabinet.id, "entries": entries, "alerts": len(raised),
            "calls": counting.calls, "statements": counting.statements, "cpu": cpu, "plan": plan,
            "again_entries": again_entries, "again_alerts": len(again)}  # fmt: skip


async def run(db_file: Path, folder: Path) -> list[dict[str, Any]]:
    runtime = open_runtime(replace(LocalConfig.from_environment(), data_dir=folder))
    try:
        from d1.cross_cabinet import CrossCabinet

        cabinets = await CrossCabinet(runtime.context.db).cabinets()
        return [await scan_cabinet(runtime.context, cabinet, db_file) for cabinet in cabinets]
    finally:
        runtime.close()


def report(results: list[dict[str, Any]], per_cabinet: dict[str, int], total: int) -> None:
    print(f"deadline scan on {SCAN_DAY} — {total} deadlines over {len(results)} cabinets "
          f"(rows read: entries of deadlines_by_next_alert's range; target rows read / alerts ≤ {TARGET})")  # fmt: skip
    print(f"{'cabinet':14} {'deadlines':>9} {'rows read':>9} {'alerts':>6} {'ratio':>6} {'queries':>7} "
          f"{'statements':>10} {'CPU ms':>7} {'2nd run: read/alerts':>21}")  # fmt: skip
    for r in results:
        ratio = r["entries"] / r["alerts"] if r["alerts"] else float("nan")
        print(f"{r['cabinet']:14} {per_cabinet.get(r['id'], 0):>9} {r['entries']:>9} {r['alerts']:>6} "
              f"{ratio:>6.3f} {r['calls']:>7} {r['statements']:>10} {r['cpu'] * 1000:>7.1f} "
              f"{r['again_entries']:>10}/{r['again_alerts']}")  # fmt: skip
    read, raised = sum(r["entries"] for r in results), sum(r["alerts"] for r in results)
    worst = max((r["entries"] / r["alerts"] for r in results if r["alerts"]), default=float("nan"))
    print(f"total: rows read {read} (+{read} dossier rows joined by unique index), alerts {raised}, ratio "
          f"{read / raised if raised else float('nan'):.3f} (worst cabinet {worst:.3f}) — "
          f"{'OK' if worst <= TARGET else 'OVER TARGET'}; "
          f"CPU {sum(r['cpu'] for r in results) * 1000:.0f} ms")  # fmt: skip
    print(f"plan of the scan's read: {results[0]['plan']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="default")
    parser.add_argument("--deadlines", type=int, default=200_000)
    args = parser.parse_args()
    source = seeded(args.scale)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as scratch:
        folder = Path(scratch)
        shutil.copy(source / "d1.sqlite", folder / "d1.sqlite")
        open_runtime(replace(LocalConfig.from_environment(), data_dir=folder)).close()  # migrated to 0008, 0010
        started = time.perf_counter()
        per_cabinet = add_deadlines(folder / "d1.sqlite", args.deadlines, random.Random(12))
        print(f"{args.deadlines} deadlines added in {time.perf_counter() - started:.1f} s", flush=True)
        report(asyncio.run(run(folder / "d1.sqlite", folder)), per_cabinet, args.deadlines)


if __name__ == "__main__":
    main()
