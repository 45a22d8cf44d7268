"""The daily deadline scan on the local runtime (services/deadline_scan.py): fired every hour, it scans each cabinet
at 07:00 in the cabinet's own time zone and raises each alert once, whatever the cron and the database do."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from d1.database import DatabaseError
from domain.actors import SYSTEM, Role
from domain.alerts import crossed
from domain.deadlines import ENGINE_VERSION
from handlers.scheduled import handle_scheduled
from local.queue_worker import drain_once
from services.deadline_scan import DeadlineScan, run_morning, scan_at
from services.scope import SystemScope
from tests.contract.dossier_seed import add_client, add_dossier
from tests.contract.echeance_seed import add_deadline, next_alert_on
from tests.contract.seed import add_cabinet, add_person
from tests.fakes import local_testbed

MORNING = "0 0-23 * * *"


@dataclass
class Cabinet:
    id: str
    reference: str


async def a_cabinet(db: Any, cabinet_id: str, timezone: str = "Europe/Paris") -> Cabinet:
    await add_cabinet(db, cabinet_id, timezone=timezone, slug=cabinet_id, inbound_address=f"{cabinet_id}@p.example")
    await add_person(db, f"lawyer-{cabinet_id}", cabinet_id, role=Role.AVOCAT)
    await add_person(db, f"boss-{cabinet_id}", cabinet_id, role=Role.ASSOCIE)
    await add_client(db, f"client-{cabinet_id}", cabinet_id)
    view = await add_dossier(db, f"d-{cabinet_id}", cabinet_id, [f"client-{cabinet_id}"],
                             responsible_id=f"lawyer-{cabinet_id}")  # fmt: skip
    return Cabinet(cabinet_id, view.dossier.reference)


async def alerts(db: Any, cabinet_id: str) -> list[str]:
    rows = await db.all("SELECT dedupe_key FROM notifications WHERE cabinet_id = ? ORDER BY seq", cabinet_id)
    return [row["dedupe_key"] for row in rows]


async def recipients(db: Any, cabinet_id: str, key: str) -> list[str]:
    rows = await db.all(
        "SELECT nd.person_id FROM notification_deliveries nd JOIN notifications n ON n.cabinet_id = nd.cabinet_id"
        " AND n.id = nd.notification_id WHERE n.cabinet_id = ? AND n.dedupe_key = ? ORDER BY nd.person_id",
        cabinet_id, key,
    )  # fmt: skip
    return [row["person_id"] for row in rows]


async def fire_and_drain(bed: Any, at: datetime) -> None:
    bed.clock.current = at
    await handle_scheduled(bed.context, MORNING, at)
    while await drain_once(bed.runtime):
        pass


async def test_running_the_scan_twice_on_the_same_morning_raises_each_alert_once(tmp_path: Path):
    bed = local_testbed(tmp_path)
    db = bed.database
    cab = await a_cabinet(db, "cab1")
    await add_deadline(db, "soon", "cab1", "d-cab1", date(2026, 3, 13), responsible_id="lawyer-cab1")
    await add_deadline(db, "late", "cab1", "d-cab1", date(2026, 3, 9), responsible_id="lawyer-cab1")
    await add_deadline(db, "far", "cab1", "d-cab1", date(2026, 5, 1), responsible_id="lawyer-cab1")
    seven_in_paris = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
    await fire_and_drain(bed, seven_in_paris)
    await fire_and_drain(bed, seven_in_paris)  # the same firing twice
    job = DeadlineScan("cab1", "2026-03-10", seven_in_paris.isoformat())
    await run_morning(bed.context, job)  # and its job delivered twice
    await bed.database.run("UPDATE morning_runs SET status = 'failed'")  # even a morning run again in full
    await run_morning(bed.context, job)
    assert sorted(await alerts(db, "cab1")) == ["alert:late:retard", "alert:late:retard:associes", "alert:soon:J-3"]
    assert await recipients(db, "cab1", "alert:soon:J-3") == ["lawyer-cab1"]
    assert await recipients(db, "cab1", "alert:late:retard:associes") == ["boss-cab1"]
    title = await db.first("SELECT title FROM notifications WHERE dedupe_key = 'alert:soon:J-3'")
    assert title["title"] == f"Échéance dans 3 jours — dossier {cab.reference}"
    assert await next_alert_on(db, "cab1", "soon") == "2026-03-12"  # J-1 next
    assert await next_alert_on(db, "cab1", "late") is None
    await fire_and_drain(bed, seven_in_paris + timedelta(days=2))  # J-1 comes, once
    assert (await alerts(db, "cab1"))[-1] == "alert:soon:J-1"


async def test_two_scans_of_one_morning_running_at_once_raise_each_alert_once_between_them(tmp_path: Path):
    bed = local_testbed(tmp_path)
    db = bed.database
    await a_cabinet(db, "cab1")
    for n in range(30):
        await add_deadline(db, f"dl{n:02d}", "cab1", "d-cab1", date(2026, 3, 8 + n % 10), responsible_id="lawyer-cab1")
    system = SystemScope(bed.context, SYSTEM, "cron")
    (_, one), (_, other) = await asyncio.gather(
        scan_at(system, datetime(2026, 3, 10, 7, 0)), scan_at(system, datetime(2026, 3, 10, 7, 0))
    )
    keys = await alerts(db, "cab1")
    assert len(keys) == len(set(keys))
    raised = sorted(f"alert:{a.deadline_id}:{a.threshold}" for a in [*one, *other])
    assert raised == sorted(k for k in keys if not k.endswith(":associes"))  # each reported by the run that raised it


class LostQueue:
    """A queue that takes nothing: the 07:00 firing's fan-out lost."""

    async def send(self, job: Any) -> None:
        raise RuntimeError("queue unavailable")

    async def depth(self) -> int:
        return 0


async def test_a_morning_whose_firing_failed_comes_at_the_next_hour_and_a_done_one_is_not_run_again(tmp_path: Path):
    bed = local_testbed(tmp_path)
    db = bed.database
    await a_cabinet(db, "cab1")
    await add_deadline(db, "dl", "cab1", "d-cab1", date(2026, 3, 10), responsible_id="lawyer-cab1")
    seven = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
    with pytest.raises(RuntimeError):
        await handle_scheduled(replace(bed.context, jobs=LostQueue()), MORNING, seven)
    assert await alerts(db, "cab1") == []
    await fire_and_drain(bed, seven + timedelta(hours=1))  # 08:00 in Paris
    assert await alerts(db, "cab1") == ["alert:dl:J0"]
    audit = "SELECT count(*) AS n FROM audit_log WHERE action = 'deadline.scan.done'"
    for hours in (2, 3, 4):  # 09:00 and 10:00 find it done; 11:00 is past the morning
        await fire_and_drain(bed, seven + timedelta(hours=hours))
    assert (await db.first(audit))["n"] == 1
    assert await alerts(db, "cab1") == ["alert:dl:J0"]


class FailingDatabase:
    """The real database, failing every batch after the first `allowed`: a scan that dies half-way."""

    def __init__(self, db: Any, allowed: int) -> None:
        self._db, self.allowed = db, allowed

    async def batch(self, statements: Any) -> Any:
        if self.allowed <= 0:
            raise DatabaseError("D1 went away")
        self.allowed -= 1
        return await self._db.batch(statements)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


async def test_a_crash_mid_scan_followed_by_a_rerun_raises_every_alert_once_and_misses_none(tmp_path: Path):
    bed = local_testbed(tmp_path)
    db = bed.database
    await a_cabinet(db, "cab1")
    expected = []
    for n in range(25):  # J0, J-1, J-3, J-3, J-7… and overdue ones: three batches of ten at most
        due = date(2026, 3, 4 + n % 12)
        await add_deadline(db, f"dl{n:02d}", "cab1", "d-cab1", due, responsible_id="lawyer-cab1")
        label = crossed(due, date(2026, 3, 10))
        expected.append(f"alert:dl{n:02d}:{label.label}")  # type: ignore[union-attr]
        if label is not None and label.overdue:
            expected.append(f"alert:dl{n:02d}:retard:associes")
    bed.clock.current = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
    job = DeadlineScan("cab1", "2026-03-10", bed.clock.current.isoformat())
    broken = replace(bed.context, db=FailingDatabase(db, allowed=1))
    with pytest.raises(DatabaseError):
        await run_morning(broken, job)
    landed = await db.all("SELECT count(*) AS n FROM deadlines WHERE cabinet_id = 'cab1' AND (next_alert_on IS NULL"
                          " OR next_alert_on > ?)", "2026-03-10")  # fmt: skip
    assert landed[0]["n"] == 10  # the first batch whole, nothing of the second
    assert len({key.split(":")[1] for key in await alerts(db, "cab1")}) == 10
    await run_morning(bed.context, job)  # the queue's retry
    assert sorted(await alerts(db, "cab1")) == sorted(expected)
    status = await db.first("SELECT status, alerts FROM morning_runs WHERE cabinet_id = 'cab1'")
    assert (status["status"], status["alerts"]) == ("done", 15)
    audited = await db.all("SELECT subject FROM audit_log WHERE action = 'deadline.alert'")
    assert sorted(row["subject"] for row in audited) == [f"dl{n:02d}" for n in range(25)]  # each alert once


async def test_cabinets_in_reunion_paris_and_martinique_are_each_scanned_at_their_own_morning_across_dst(
    tmp_path: Path,
):
    bed = local_testbed(tmp_path)
    db = bed.database
    await a_cabinet(db, "paris")
    await a_cabinet(db, "reunion", "Indian/Reunion")
    await a_cabinet(db, "martinique", "America/Martinique")
    days = [date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30), date(2026, 10, 24), date(2026, 10, 25),
            date(2026, 10, 26)]  # fmt: skip
    for n, day in enumerate(days):  # each due the next day: J-1 on `day`, the first alert a scan on `day` raises
        for cabinet in ("paris", "reunion", "martinique"):
            await add_deadline(db, f"{cabinet}-{n}", cabinet, f"d-{cabinet}", day + timedelta(days=1),
                               alert_days=(1,))  # fmt: skip
    await db.run("UPDATE cabinets SET alert_days = '[1]'")
    mornings: dict[str, list[str]] = {"paris": [], "reunion": [], "martinique": []}
    for day in days:
        for hour in range(24):  # every hourly firing of that UTC day
            before = {cabinet: set(await alerts(db, cabinet)) for cabinet in mornings}
            at = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
            await fire_and_drain(bed, at)
            for cabinet in mornings:
                if set(await alerts(db, cabinet)) - before[cabinet]:
                    mornings[cabinet].append(at.strftime("%m-%d %H:%M"))
    # Réunion is UTC+4 and Martinique UTC-4 all year; Paris is UTC+1 in winter, UTC+2 from the last Sunday of March
    # to the last Sunday of October.
    assert mornings["reunion"] == ["03-28 03:00", "03-29 03:00", "03-30 03:00", "10-24 03:00", "10-25 03:00",
                                   "10-26 03:00"]  # fmt: skip
    assert mornings["martinique"] == ["03-28 11:00", "03-29 11:00", "03-30 11:00", "10-24 11:00", "10-25 11:00",
                                      "10-26 11:00"]  # fmt: skip
    assert mornings["paris"] == ["03-28 06:00", "03-29 05:00", "03-30 05:00", "10-24 05:00", "10-25 06:00",
                                 "10-26 06:00"]  # fmt: skip
    for cabinet in mornings:  # each deadline's J-1 once, on its own local day
        assert sorted(k for k in await alerts(db, cabinet) if k.endswith(":J-1")) == [
            f"alert:{cabinet}-{n}:J-1" for n in range(len(days))
        ]


async def test_the_cli_scan_reports_only_the_alerts_it_raised(tmp_path: Path):
    bed = local_testbed(tmp_path)
    cab = await a_cabinet(bed.database, "cab1")
    await add_deadline(bed.database, "dl", "cab1", "d-cab1", date(2026, 3, 13), responsible_id="lawyer-cab1")
    system = SystemScope(bed.context, SYSTEM, "cli")
    count, raised = await scan_at(system, datetime(2026, 3, 10, 7, 0))
    assert count == 1
    assert [a.as_json() for a in raised] == [{"cabinet": "cab1", "deadline_id": "dl", "dossier": cab.reference,
                                              "threshold": "J-3", "due_date": "2026-03-13"}]  # fmt: skip
    assert (await scan_at(system, datetime(2026, 3, 10, 7, 0)))[1] == []


async def test_poste_scan_at_prints_the_alerts_of_this_run_as_json_and_none_the_second_time(tmp_path: Path, capsys):
    from local.cli import main
    from local.config import LocalConfig
    from local.runtime import open_runtime

    runtime = open_runtime(LocalConfig(data_dir=tmp_path))
    cab = await a_cabinet(runtime.context.db, "cab1")
    await add_deadline(runtime.context.db, "dl", "cab1", "d-cab1", date(2026, 3, 10), responsible_id="lawyer-cab1")
    runtime.close()
    argv = ["scan", "--data-dir", str(tmp_path), "--at", "2026-03-10T06:00:00Z"]
    assert await asyncio.to_thread(main, argv) == 0
    first = json.loads(capsys.readouterr().out)
    assert first == {"at": "2026-03-10T06:00:00+00:00", "cabinets": 1, "alerts": [
        {"cabinet": "cab1", "deadline_id": "dl", "dossier": cab.reference, "threshold": "J0", "due_date": "2026-03-10"}
    ]}  # fmt: skip
    assert await asyncio.to_thread(main, argv) == 0
    assert json.loads(capsys.readouterr().out)["alerts"] == []
    assert await asyncio.to_thread(main, ["scan", "--data-dir", str(tmp_path), "--at", "mardi"]) == 2
    assert "AAAA-MM-JJ" in capsys.readouterr().err


async def test_the_morning_recomputes_deadlines_an_earlier_engine_computed_before_raising_alerts(tmp_path: Path):
    bed = local_testbed(tmp_path)
    db = bed.database
    await a_cabinet(db, "cab1")
    # Stored by an older engine: due on 2026-03-13, but an appeal from 2026-02-11 is due on 2026-03-11.
    await add_deadline(db, "old", "cab1", "d-cab1", date(2026, 3, 13), responsible_id="lawyer-cab1",
                       engine_version="0")  # fmt: skip
    await fire_and_drain(bed, datetime(2026, 3, 10, 6, 0, tzinfo=UTC))
    row = await db.first("SELECT engine_version, due_date FROM deadlines WHERE cabinet_id = 'cab1' AND id = 'old'")
    assert row is not None
    assert row["engine_version"] == ENGINE_VERSION
    assert row["due_date"] != "2026-03-13"
    history = await db.all("SELECT change FROM deadline_history WHERE cabinet_id = 'cab1' AND deadline_id = 'old'")
    assert [h["change"] for h in history] == ["recalcule"]
