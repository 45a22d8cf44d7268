"""The hourly `maintenance` cron task (services/retention.py) on the local runtime: once per hour, per cabinet, it
carries out the erasures that have come due, purges the dossiers kept long enough with their documents, blobs and
search entries, sweeps blobs no document names, and reports what it did in the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from d1.erasure import Erasure
from domain.rgpd import pseudonym
from handlers.scheduled import handle_scheduled
from local.queue_worker import drain_once
from services.cron import CRON_TASKS, PER_CABINET
from tests.contract.dossier_rows import seed_client_file
from tests.contract.seed import add_cabinet
from tests.fakes import local_testbed

HOURLY = "0 * * * *"


async def test_the_maintenance_task_fires_every_hour_with_work_for_each_cabinet():
    assert CRON_TASKS[HOURLY] == "maintenance"
    assert "maintenance" in PER_CABINET


async def test_maintenance_erases_due_requests_purges_old_dossiers_sweeps_orphans_and_reports_once(tmp_path: Path):
    bed = local_testbed(tmp_path)
    db, blobs = bed.database, bed.blobs
    await add_cabinet(db, "cab1")
    await add_cabinet(db, "cab2")
    asked = await seed_client_file(db, "cab1", "claire", 1, blobs, closed_on="2019-06-30")
    old = await seed_client_file(db, "cab1", "paul", 2, blobs, closed_on="2020-01-15")
    recent = await seed_client_file(db, "cab1", "jeanne", 3, blobs, closed_on="2024-05-01")
    theirs = await seed_client_file(db, "cab2", "marc", 1, blobs, closed_on="2019-06-30")
    await db.batch([Erasure(db, "cab1").request(asked.client, "person:associe", "2024-01-01", "2026-03-01")])
    await blobs.put("cabinets/cab1/documents/ghost/v1", b"orphan")  # a crash left it behind
    bed.clock.advance(days=2)
    await blobs.put("cabinets/cab1/documents/uploading/v1", b"row on its way")  # too young to be an orphan
    at = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)

    run = await handle_scheduled(bed.context, HOURLY, at)
    assert run is not None
    assert (run.task, run.run_key, run.cabinets) == ("maintenance", "2026-03-04T10:00", 2)
    assert await handle_scheduled(bed.context, HOURLY, at) is None  # the same hour, fired twice: one run
    assert await drain_once(bed.runtime) == 2

    clients = await db.all("SELECT id FROM clients WHERE cabinet_id = 'cab1' ORDER BY id")
    assert clients == [{"id": recent.client}, {"id": old.client}]  # a purged dossier's client stays
    dossiers = await db.all("SELECT id FROM dossiers WHERE cabinet_id = 'cab1'")
    assert dossiers == [{"id": recent.dossier}]
    for gone in (*asked.blob_keys, *old.blob_keys, "cabinets/cab1/documents/ghost/v1"):
        assert await blobs.head(gone) is None, gone
    for kept in (*recent.blob_keys, "cabinets/cab1/documents/uploading/v1"):
        assert await blobs.head(kept) is not None, kept
    indexed = await db.all("SELECT subject_id FROM search_entries WHERE cabinet_id = 'cab1' ORDER BY subject_id")
    assert [row["subject_id"] for row in indexed] == sorted([recent.client, recent.dossier, recent.document,
                                                             old.client])  # fmt: skip
    report = await db.all("SELECT subject, summary FROM audit_log WHERE cabinet_id = 'cab1' AND action = ?",
                          "retention.purged")  # fmt: skip
    assert report == [{"subject": "2026-03-04T10:00",
                       "summary": "clients 1, postponed 0, dossiers 1, files 4, orphan_files 1"}]  # fmt: skip
    purged = await db.all("SELECT subject FROM audit_log WHERE cabinet_id = 'cab1' AND action = 'dossier.purged'")
    assert purged == [{"subject": pseudonym(old.dossier)}]
    request = await db.first("SELECT client_id, done_at FROM erasure_requests WHERE cabinet_id = 'cab1'")
    assert request == {"client_id": pseudonym(asked.client), "done_at": bed.clock.now().isoformat()}
    # The other cabinet's run purged its own old dossier and nothing of cab1's.
    assert await db.all("SELECT id FROM dossiers WHERE cabinet_id = 'cab2'") == []
    assert await db.all("SELECT id FROM clients WHERE cabinet_id = 'cab2'") == [{"id": theirs.client}]

    later = await handle_scheduled(bed.context, HOURLY, datetime(2026, 3, 4, 11, 0, tzinfo=UTC))
    assert later is not None
    assert await drain_once(bed.runtime) == 2
    reports = await db.all("SELECT subject FROM audit_log WHERE action = 'retention.purged' ORDER BY cabinet_id")
    assert reports == [{"subject": "2026-03-04T10:00"}, {"subject": "2026-03-04T10:00"}]  # nothing new to report


async def test_a_due_request_whose_client_has_a_dossier_reopened_meanwhile_is_postponed(tmp_path: Path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed.database, "cab1")
    asked = await seed_client_file(bed.database, "cab1", "claire", 1, bed.blobs, status="ouvert", closed_on=None)
    erasure = Erasure(bed.database, "cab1")
    await bed.database.batch([
        erasure.request(asked.client, "person:associe", "2021-01-01", "2026-03-01"),
        erasure.request("vanished", "person:associe", "2021-01-01", "2026-03-01"),  # a client no longer there
    ])  # fmt: skip
    await handle_scheduled(bed.context, HOURLY, datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert await drain_once(bed.runtime) == 1
    requests = await bed.database.all("SELECT client_id, erasable_from, done_at FROM erasure_requests ORDER BY 1")
    assert requests == [
        {"client_id": asked.client, "erasable_from": "2031-03-03", "done_at": None},
        {"client_id": pseudonym("vanished"), "erasable_from": "2026-03-01", "done_at": bed.clock.now().isoformat()},
    ]
    assert await bed.database.all("SELECT id FROM clients") == [{"id": asked.client}]
    report = await bed.database.first("SELECT summary FROM audit_log WHERE action = 'retention.purged'")
    assert report == {"summary": "clients 0, postponed 1, dossiers 0, files 0, orphan_files 0"}
