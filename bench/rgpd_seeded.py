"""The RGPD export and erasure on seeded data (issue 11): what they do to one client of a cabinet at the default
seed scale, and how long they take on the local runtime.

- Data: a scratch copy of bench/out/dossiers-<scale>/d1.sqlite (seeded by `bench.dossiers_api`, or seeded here the
  same way), so the cached data stays as it was.
- Export: a client with the most dossiers, as an associé: the ZIP's size, its entries, the time to produce it.
- Erasure today: refused while a dossier is open or closed less than the retention period ago (409
  `conservation_legale`, with the first date it becomes possible, the request recorded).
- Erasure later: the same services with a clock ten years on, when the dossiers closed by today are past retention:
  a client whose dossiers are all closed is erased (rows, search entries, audit pseudonymised); then one run of the
  hourly maintenance job (the retention purge) for the cabinet.

Run: `PYTHONPATH=src:. .venv/bin/python -m bench.rgpd_seeded [--scale small|default]`. Prints figures; never a test.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

from bench.dossiers_api import OUT, SCALES, seeded
from domain.actors import Actor, Role
from domain.errors import DomainError
from local.config import LocalConfig
from local.runtime import open_runtime
from services.retention import run_maintenance
from services.rgpd import export_client, request_erasure
from services.scope import CabinetScope

LATER = timedelta(days=3653)


@dataclass(frozen=True)
class LaterClock:
    offset: timedelta

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


def pick(db: Path) -> tuple[str, str, str, str]:
    """A cabinet, one of its associés, its client with the most dossiers, and a client whose dossiers are all closed."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    cabinet = conn.execute("SELECT id FROM cabinets ORDER BY id LIMIT 1").fetchone()[0]
    associe = conn.execute("SELECT id FROM people WHERE cabinet_id = ? AND role = 'associe' LIMIT 1", (cabinet,))
    busiest = conn.execute(
        "SELECT client_id FROM dossier_clients WHERE cabinet_id = ? GROUP BY client_id ORDER BY count(*) DESC LIMIT 1",
        (cabinet,),
    )
    closed = conn.execute(
        "SELECT k.client_id FROM dossier_clients k JOIN dossiers d ON d.cabinet_id = k.cabinet_id AND d.id ="
        " k.dossier_id WHERE k.cabinet_id = ? GROUP BY k.client_id HAVING sum(d.closed_on IS NULL) = 0 LIMIT 1",
        (cabinet,),
    )
    return cabinet, associe.fetchone()[0], busiest.fetchone()[0], closed.fetchone()[0]


def counts(db: Path, cabinet: str, client: str) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute("SELECT count(*) FROM clients WHERE cabinet_id = ? AND id = ?", (cabinet, client)).fetchone()
    entries = conn.execute(
        "SELECT count(*) FROM search_entries WHERE cabinet_id = ? AND subject_id = ?", (cabinet, client)
    ).fetchone()
    audit = conn.execute(
        "SELECT count(*) FROM audit_log WHERE cabinet_id = ? AND (subject = ? OR instr(summary, ?) > 0)",
        (cabinet, client, client),
    ).fetchone()
    return f"client rows {rows[0]}, its search entries {entries[0]}, audit entries naming its id {audit[0]}"


async def export(scope: CabinetScope, client: str) -> None:
    started = time.perf_counter()
    made = await export_client(scope, client)
    data = b"".join([chunk async for chunk in made.chunks])
    entries = zipfile.ZipFile(BytesIO(data)).namelist()
    dossiers = sum(1 for name in entries if name.endswith("dossier.json"))
    took = (time.perf_counter() - started) * 1000
    print(f"export of « {made.display_name} »: {len(data):,} bytes, {len(entries)} entries ({dossiers} dossiers), "
          f"{took:.0f} ms; entries: {', '.join(entries[:6])}{' …' if len(entries) > 6 else ''}")  # fmt: skip


async def erase(scope: CabinetScope, client: str, db: Path, when: str) -> None:
    name = (await scope.client_records.client(client)).display_name  # type: ignore[union-attr]
    started = time.perf_counter()
    try:
        report = await request_erasure(scope, client, name)
    except DomainError as refused:
        took = (time.perf_counter() - started) * 1000
        print(f"erasure {when}: {refused.status} {refused.code} in {took:.0f} ms — {refused.message}")
        return
    took = (time.perf_counter() - started) * 1000
    print(f"erasure {when}: done in {took:.0f} ms — {report}")
    print(f"  after: {counts(db, scope.cabinet_id, client)}")


async def main(scale: str) -> None:
    folder, _ = seeded(scale)
    with tempfile.TemporaryDirectory(dir=OUT) as scratch:
        shutil.copy(folder / "d1.sqlite", Path(scratch) / "d1.sqlite")
        db = Path(scratch) / "d1.sqlite"
        cabinet, associe, busiest, closed = pick(db)
        runtime = open_runtime(replace(LocalConfig.from_environment(), data_dir=Path(scratch)))
        try:
            actor = Actor("person", associe, Role.ASSOCIE)
            scope = CabinetScope(runtime.context, cabinet, actor, "cli")
            retention = (await scope.cabinet.get()).retention_days  # type: ignore[union-attr]
            print(f"cabinet {cabinet}: retention {retention} days; today {datetime.now(UTC).date()}")
            await export(scope, busiest)
            await erase(scope, busiest, db, "today (busiest client)")
            await erase(scope, closed, db, "today (client whose dossiers are all closed)")
            later = CabinetScope(replace(runtime.context, clock=LaterClock(LATER)), cabinet, actor, "cli")
            await erase(later, closed, db, f"on {(datetime.now(UTC) + LATER).date()} (same client)")
            started = time.perf_counter()
            purged = await run_maintenance(later, later.ctx.clock.now())
            took = (time.perf_counter() - started) * 1000
            print(f"maintenance run on {(datetime.now(UTC) + LATER).date()}: {purged} in {took:.0f} ms")
        finally:
            runtime.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="default")
    asyncio.run(main(parser.parse_args().scale))
