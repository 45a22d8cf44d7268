"""Dossier references under real concurrency on the local runtime: several processes, each with its own SQLite
connection to the same data file (as `./poste serve` and `./poste dossier add` are), open dossiers of one cabinet at
the same moment. The contract test (tests/contract/test_dossiers_repository.py) sends its batches concurrently
through one Database port; here the writers are separate processes and the database file is all they share."""

from __future__ import annotations

import asyncio
import multiprocessing
from multiprocessing.synchronize import Event
from pathlib import Path

from d1.dossiers import Dossiers
from domain.actors import SYSTEM
from local.sqlite_database import SqliteDatabase
from tests.contract.dossier_seed import NOW, a_dossier, add_client
from tests.contract.seed import add_cabinet

PROCESSES = 4
EACH = 15


def _open_dossiers(path: str, worker: int, start: Event) -> None:
    database, _ = SqliteDatabase.open_migrated(path)
    dossiers = Dossiers(database, "cab1")

    async def create(number: int) -> None:
        dossier = a_dossier(f"d{worker}-{number:02d}", "cab1")
        await database.batch([*dossiers.insert(dossier, ["c1"], []), dossiers.index_new(dossier.id, "", [], NOW)])

    async def create_all() -> None:
        await asyncio.wait_for(asyncio.gather(*(create(n) for n in range(EACH))), 60)

    start.wait(30)
    try:
        asyncio.run(create_all())
    finally:
        database.close()


def test_dossiers_opened_by_several_processes_at_once_are_numbered_without_gap_or_duplicate(tmp_path: Path) -> None:
    path = str(tmp_path / "d1.sqlite")
    database, _ = SqliteDatabase.open_migrated(path)

    async def prepare() -> None:
        await add_cabinet(database, "cab1")
        await add_client(database, "c1", "cab1")

    asyncio.run(prepare())
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [context.Process(target=_open_dossiers, args=(path, n, start)) for n in range(PROCESSES)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(90)
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES

    async def references() -> list[str]:
        page = await Dossiers(database, "cab1").page(SYSTEM, filters={}, sort="reference", limit=100, after=None)
        return [view.dossier.reference for view in page]

    try:
        assert asyncio.run(references()) == [f"2026-{n:04d}" for n in range(1, PROCESSES * EACH + 1)]
    finally:
        database.close()
