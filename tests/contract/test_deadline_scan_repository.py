"""The daily scan's data (d1/deadline_scan.py) on SQLite locally and on D1 in the Workers harness: the deadlines
whose alert day has come and only them, the advance guarded by the value read, the morning's claim per cabinet and
date, and the digests' reads and send records."""

from __future__ import annotations

from datetime import date

from d1.deadline_scan import DeadlineScan, notification_stored
from d1.notifications import Notifications
from domain.notifications import Audience, NewNotification, NotificationType
from tests.contract.dossier_seed import add_client, add_dossier
from tests.contract.echeance_seed import add_deadline, add_hearing, next_alert_on
from tests.contract.seed import add_cabinet, add_person

TODAY = date(2026, 3, 10)
NOW = "2026-03-10T06:00:00+00:00"
EARLIER = "2026-03-10T05:40:00+00:00"


async def seeded(database) -> str:
    for cabinet in ("cab1", "cab2"):
        await add_cabinet(database, cabinet)
        await add_person(database, f"me-{cabinet}", cabinet)
        await add_client(database, f"c-{cabinet}", cabinet)
    await add_person(database, "colleague", "cab1")
    view = await add_dossier(database, "d1", "cab1", ["c-cab1"], team=["colleague"], responsible_id="me-cab1")
    await add_dossier(database, "d2", "cab2", ["c-cab2"])
    return view.dossier.reference


async def test_the_scan_reads_only_deadlines_to_do_whose_alert_day_has_come_in_its_own_cabinet(database):
    reference = await seeded(database)
    await add_deadline(database, "due-in-3", "cab1", "d1", date(2026, 3, 13), responsible_id="me-cab1")  # J-7 was 6th
    await add_deadline(database, "far", "cab1", "d1", date(2026, 4, 30))
    await add_deadline(database, "done", "cab1", "d1", date(2026, 3, 11), status="fait")
    await add_deadline(database, "theirs", "cab2", "d2", date(2026, 3, 11))
    due = await DeadlineScan(database, "cab1").due(TODAY, limit=10)
    assert [(d.id, d.dossier_reference, d.next_alert_on, d.responsible_id) for d in due] == [
        ("due-in-3", reference, "2026-03-06", "me-cab1")
    ]
    assert [d.id for d in await DeadlineScan(database, "cab2").due(TODAY, limit=10)] == ["theirs"]


async def test_the_advance_moves_the_alert_day_once_from_the_value_read(database):
    await seeded(database)
    await add_deadline(database, "dl", "cab1", "d1", date(2026, 3, 13))
    scan = DeadlineScan(database, "cab1")
    (read,) = await scan.due(TODAY, limit=10)
    first = await database.batch([scan.advance(read, date(2026, 3, 12))])
    second = await database.batch([scan.advance(read, date(2026, 3, 14))])  # a concurrent run read the same row
    assert (first[0].changes, second[0].changes) == (1, 0)
    assert await next_alert_on(database, "cab1", "dl") == "2026-03-12"
    assert await DeadlineScan(database, "cab2").due(date(2026, 12, 31), limit=10) == []
    (again,) = await scan.due(date(2026, 3, 12), limit=10)
    await database.batch([scan.advance(again, None)])
    assert await next_alert_on(database, "cab1", "dl") is None


async def test_a_stored_alert_is_told_apart_from_one_whose_key_was_taken(database):
    await seeded(database)
    notes, scan = Notifications(database, "cab1"), DeadlineScan(database, "cab1")

    def alert(note_id: str) -> NewNotification:
        return NewNotification(note_id, "alert:dl:J-3", NotificationType.ALERT, "Échéance dans 3 jours", "…",
                               "/echeances", Audience.people("me-cab1"), NOW)  # fmt: skip

    assert notification_stored(await database.batch(notes.insert(alert("n1"))))
    assert not notification_stored(await database.batch(notes.insert(alert("n2"))))
    found = scan.alert_stored("n1")
    assert await database.first(found.sql, *found.params) is not None
    missing = scan.alert_stored("n2")
    assert await database.first(missing.sql, *missing.params) is None


async def test_a_morning_runs_until_it_is_done_once_per_cabinet_and_date(database):
    await seeded(database)
    scan = DeadlineScan(database, "cab1")
    assert await scan.start_morning("2026-03-10", now=NOW)
    assert await scan.start_morning("2026-03-10", now=NOW)  # a crashed run is not waited for: safe to run again
    assert await DeadlineScan(database, "cab2").start_morning("2026-03-10", now=NOW)
    await database.batch([scan.finish_morning("2026-03-10", "failed", NOW, 2)])
    assert await scan.morning_status("2026-03-10") == "failed"
    assert await scan.start_morning("2026-03-10", now=NOW)
    await database.batch([scan.finish_morning("2026-03-10", "done", NOW, 2)])
    assert not await scan.start_morning("2026-03-10", now="2026-03-10T09:00:00+00:00")
    assert await scan.morning_status("2026-03-10") == "done"
    assert await scan.morning_status("2026-03-11") is None


async def test_a_digest_reads_the_persons_deadlines_and_the_hearings_of_their_dossiers(database):
    reference = await seeded(database)
    await add_deadline(database, "late", "cab1", "d1", date(2026, 3, 2), responsible_id="me-cab1")
    await add_deadline(database, "today", "cab1", "d1", TODAY, responsible_id="me-cab1")
    await add_deadline(database, "later", "cab1", "d1", date(2026, 3, 20), responsible_id="me-cab1")
    await add_deadline(database, "other", "cab1", "d1", TODAY, responsible_id="colleague")
    await add_hearing(database, "h1", "cab1", "d1", TODAY)
    await add_hearing(database, "moved", "cab1", "d1", TODAY, status="remplacee")
    await add_hearing(database, "theirs", "cab2", "d2", TODAY)
    scan = DeadlineScan(database, "cab1")
    deadlines = await scan.digest_deadlines("me-cab1", TODAY)
    assert [(d.id, d.dossier_reference) for d in deadlines] == [("late", reference), ("today", reference)]
    hearings = await scan.digest_hearings("colleague", TODAY, TODAY)  # a team member sees the dossier's hearings
    assert [(h.id, h.time, h.court) for h in hearings] == [("h1", "09:30", "Tribunal judiciaire de Lyon")]
    assert await DeadlineScan(database, "cab2").digest_hearings("me-cab2", TODAY, TODAY) == []  # not on d2


async def test_a_digest_is_claimed_once_and_a_failed_send_is_taken_over(database):
    await seeded(database)
    scan = DeadlineScan(database, "cab1")
    assert await scan.claim_digest("me-cab1", "quotidien", "2026-03-10", now=NOW, abandoned_before=EARLIER)
    assert not await scan.claim_digest("me-cab1", "quotidien", "2026-03-10", now=NOW, abandoned_before=EARLIER)
    assert await scan.claim_digest("me-cab1", "hebdomadaire", "2026-W11", now=NOW, abandoned_before=EARLIER)
    await database.batch([scan.digest_sent("me-cab1", "quotidien", "2026-03-10", status="echec", at=NOW,
                                           message_id="")])  # fmt: skip
    assert await scan.claim_digest("me-cab1", "quotidien", "2026-03-10", now=NOW, abandoned_before=EARLIER)
    await database.batch([scan.digest_sent("me-cab1", "quotidien", "2026-03-10", status="envoye", at=NOW,
                                           message_id="<m1@poste>")])  # fmt: skip
    later = "2026-03-10T10:00:00+00:00"
    assert not await scan.claim_digest("me-cab1", "quotidien", "2026-03-10", now=later, abandoned_before=later)
