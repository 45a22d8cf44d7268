"""The inbound-mail repositories (d1/inbound_mail.py) on the real database of each runtime: SQLite locally, D1 in
the Workers harness. Each cabinet sees only its own mail."""

from __future__ import annotations

from typing import Any

from d1.audit import AuditLog
from d1.cabinets import Cabinets
from d1.database import ConstraintViolation
from d1.inbound_mail import InboundMail, UnroutedMail
from domain.audit import AuditEntry
from domain.cabinets import Cabinet
from domain.extraction.model import Fact, FactKind
from domain.inbound_mail import AttachmentSummary, InboundMessage, MailReading, MailStatus
from tests.contract.expect import raises


async def cabinet(database: Any, cabinet_id: str) -> None:
    address = f"{cabinet_id}@poste.example"
    record = Cabinet(cabinet_id, f"Cabinet {cabinet_id}", cabinet_id, address, "Europe/Paris", "2026-01-01")
    await database.batch([Cabinets(database, cabinet_id).insert(record)])


def message(inbound_id: str, cabinet_id: str | None, at: str = "2026-03-02T08:00:00+00:00", **changes: Any):
    values: dict[str, Any] = {
        "id": inbound_id, "cabinet_id": cabinet_id, "mail_from": "greffe@justice.fr",
        "recipient": f"{cabinet_id or 'personne'}@poste.example", "dedupe_key": f"mid:<{inbound_id}@x>",
        "size": 120, "sha256": "ab" * 32, "blob_key": f"k/{inbound_id}.eml", "status": MailStatus.RECEIVED,
        "received_at": at,
    }  # fmt: skip
    values.update(changes)
    return InboundMessage(**values)


READING = MailReading(
    read_status="ok", reason="", message_id="<m1@x>", subject="Avis de fixation — RG 24/01234",
    sender="greffe@justice.fr", sent_at="2026-03-02T09:15:00+01:00", in_reply_to="", references=("<a@x>", "<b@x>"),
    attachments=(AttachmentSummary("avis.pdf", "application/pdf", 2048, "cd" * 32),),
    facts=(Fact(FactKind.RG, "24/01234", "RG 24/01234", 20, 31, 0.95, (("court", "tj"),)),),
    message_kind="avis_de_fixation", sender_kind="court", extractor="rules", read_at="2026-03-02T08:01:00+00:00",
)  # fmt: skip


async def test_a_message_is_inserted_read_back_and_its_status_changed(database):
    await cabinet(database, "cab1")
    mail = InboundMail(database, "cab1")
    results = await database.batch([mail.insert(message("m1", "cab1"))])
    assert results[0].changes == 1
    assert await mail.get("m1") == message("m1", "cab1")
    await database.batch([mail.set_status("m1", MailStatus.STORED)])
    assert (await mail.get("m1")).status is MailStatus.STORED


async def test_the_same_delivery_inserted_twice_is_kept_once(database):
    await cabinet(database, "cab1")
    mail = InboundMail(database, "cab1")
    await database.batch([mail.insert(message("m1", "cab1"))])
    again = await database.batch([mail.insert(message("m2", "cab1", dedupe_key="mid:<m1@x>"))])
    assert again[0].changes == 0
    assert await mail.get("m2") is None


async def test_another_cabinets_mail_is_invisible(database):
    await cabinet(database, "cab1")
    await cabinet(database, "cab2")
    await database.batch([InboundMail(database, "cab1").insert(message("m1", "cab1"))])
    other = InboundMail(database, "cab2")
    assert await other.get("m1") is None
    assert await other.recent(10) == []
    await database.batch([other.set_status("m1", MailStatus.CORRUPT)])
    assert (await InboundMail(database, "cab1").get("m1")).status is MailStatus.RECEIVED
    with raises(ConstraintViolation):  # a reading names its message in its own cabinet, or is refused
        await database.batch([other.record_reading("m1", READING)])
    assert await other.reading("m1") is None
    assert await InboundMail(database, "cab1").reading("m1") is None


async def test_a_reading_is_recorded_replaced_and_read_back_whole(database):
    await cabinet(database, "cab1")
    mail = InboundMail(database, "cab1")
    await database.batch([mail.insert(message("m1", "cab1")), mail.record_reading("m1", READING)])
    assert await mail.reading("m1") == READING
    later = MailReading(**{**vars(READING), "subject": "Objet corrigé", "facts": ()})
    await database.batch([mail.record_reading("m1", later)])
    assert await mail.reading("m1") == later


async def test_recent_mail_comes_newest_first_by_pages_with_its_reading(database):
    await cabinet(database, "cab1")
    mail = InboundMail(database, "cab1")
    times = ["2026-03-02T08:00:00+00:00", "2026-03-02T09:00:00+00:00", "2026-03-02T10:00:00+00:00"]
    inserts = [mail.insert(message(f"m{n}", "cab1", at, dedupe_key=f"k{n}")) for n, at in enumerate(times, 1)]
    await database.batch([*inserts, mail.record_reading("m2", READING)])
    first = await mail.recent(2)
    assert [(m.id, r is not None) for m, r in first] == [("m3", False), ("m2", True)]
    assert first[1][1] == READING
    second = await mail.recent(2, before="m2")
    assert [m.id for m, _ in second] == ["m1"]


async def test_mail_waiting_since_a_cutoff_is_listed_for_its_cabinet_only(database):
    await cabinet(database, "cab1")
    mail = InboundMail(database, "cab1")
    await database.batch([
        mail.insert(message("old", "cab1", "2026-03-02T06:00:00+00:00", dedupe_key="k1")),
        mail.insert(message("new", "cab1", "2026-03-02T07:59:00+00:00", dedupe_key="k2")),
        mail.insert(message("done", "cab1", "2026-03-02T06:00:00+00:00", dedupe_key="k3", status=MailStatus.STORED)),
    ])  # fmt: skip
    assert await mail.waiting_since("2026-03-02T07:00:00+00:00", max_requeued=2) == ["old"]
    assert await InboundMail(database, "cab2").waiting_since("2026-03-02T07:00:00+00:00", max_requeued=2) == []
    await database.batch([mail.count_requeue("old"), mail.count_requeue("old")])
    assert await mail.waiting_since("2026-03-02T07:00:00+00:00", max_requeued=2) == []  # given up after two


async def test_a_guarded_reading_and_status_change_happen_once(database):
    await cabinet(database, "cab1")
    mail = InboundMail(database, "cab1")
    await database.batch([mail.insert(message("m1", "cab1"))])

    def outcome(reading: MailReading) -> list:
        return [
            mail.record_reading("m1", reading, only_if=mail.still_received("m1")),
            mail.set_status("m1", MailStatus.STORED, only_from=MailStatus.RECEIVED),
        ]

    first = await database.batch(outcome(READING))
    second = await database.batch(outcome(MailReading(**{**vars(READING), "subject": "Second passage"})))
    assert [r.changes for r in first] == [1, 1]
    assert [r.changes for r in second] == [0, 0]
    assert (await mail.reading("m1")).subject == READING.subject
    await database.batch([mail.set_status("m1", MailStatus.CORRUPT, only_from=MailStatus.RECEIVED)])
    assert (await mail.get("m1")).status is MailStatus.STORED


async def test_an_audit_entry_guarded_by_its_absence_is_written_once(database):
    audit = AuditLog(database, "cab1")
    await cabinet(database, "cab1")
    for n in (1, 2):
        entry = AuditEntry(f"a{n}", "cab1", "system", "mail.stored", "m1", "job", f"2026-03-02T08:0{n}:00+00:00")
        await database.batch([audit.record(entry, only_if=audit.absent("mail.stored", "m1"))])
    assert [e.id for e in await audit.recent()] == ["a1"]


async def test_an_audit_row_follows_an_insert_only_when_the_insert_happened(database):
    await cabinet(database, "cab1")
    mail, audit = InboundMail(database, "cab1"), AuditLog(database, "cab1")

    def entry(n: int) -> AuditEntry:
        return AuditEntry(f"a{n}", "cab1", "system", "mail.received", "m1", "email", f"2026-03-02T08:0{n}:00+00:00")

    await database.batch([mail.insert(message("m1", "cab1")), audit.record(entry(1), only_if=mail.exists("m1"))])
    duplicate = message("m2", "cab1", dedupe_key="mid:<m1@x>")
    await database.batch([mail.insert(duplicate), audit.record(entry(2), only_if=mail.exists("m2"))])
    assert [e.id for e in await audit.recent()] == ["a1"]
    assert await AuditLog(database, "cab2").recent() == []


async def test_unrouted_mail_belongs_to_no_cabinet(database):
    unrouted = UnroutedMail(database)
    await database.batch([unrouted.insert(message("u1", None))])
    platform = AuditLog(database, None)
    entry = AuditEntry("a1", None, "system", "mail.received", "u1", "email", "2026-03-02T08:00:00+00:00")
    await database.batch([platform.record(entry, only_if=unrouted.exists("u1"))])
    assert [e.subject for e in await platform.recent()] == ["u1"]
