import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from domain.actors import SYSTEM
from domain.inbound_mail import MAX_MESSAGE_BYTES, content_digest
from handlers.email import InboundEnvelope, handle_email
from local.queue_worker import drain_once
from services.inbound_mail import resend_all_waiting_mail
from services.scope import CabinetScope, SystemScope
from services.sessions import find_session
from tests.fakes import local_testbed

RAW = b"From: greffe@tj-paris.justice.fr\r\nSubject: Avis\r\nMessage-ID: <x@y>\r\n\r\nAudience le 2 mars.\r\n"


async def add_cabinet(bed, cabinet_id="cab1", address="cabinet-martin@poste.example"):
    await bed.database.run(
        "INSERT INTO cabinets (id, name, inbound_address, created_at) VALUES (?, ?, ?, ?)",
        cabinet_id, "Cabinet Martin", address, "2026-01-01T00:00:00Z",
    )  # fmt: skip


async def test_a_message_to_a_cabinet_is_stored_raw_recorded_and_queued(tmp_path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed)
    outcome = await handle_email(
        bed.context, InboundEnvelope("greffe@tj-paris.justice.fr", "Cabinet-Martin+2026-0042@poste.example", RAW)
    )
    assert outcome.accepted
    row = await bed.database.first("SELECT * FROM inbound_mail WHERE id = ?", outcome.inbound_id)
    assert row["cabinet_id"] == "cab1"
    assert row["status"] == "received"
    assert row["blob_key"].startswith("cabinets/cab1/inbound/2026/03/02/")
    blob = await bed.blobs.get(row["blob_key"])
    assert blob.data == RAW
    assert blob.info.content_type == "message/rfc822"
    assert row["sha256"] == hashlib.sha256(RAW).hexdigest()
    (job,) = bed.queue.lease()
    assert job.body == {"id": f"mail.received:{outcome.inbound_id}", "kind": "mail.received",
                        "cabinet_id": "cab1", "inbound_id": outcome.inbound_id}  # fmt: skip
    audit = await bed.database.all("SELECT action, subject FROM audit_log")
    assert audit == [{"action": "mail.received", "subject": outcome.inbound_id}]


async def test_a_message_to_an_unknown_address_is_kept_as_unrouted(tmp_path):
    bed = local_testbed(tmp_path)
    outcome = await handle_email(bed.context, InboundEnvelope("x@y.fr", "personne@poste.example", RAW))
    assert outcome.accepted
    row = await bed.database.first("SELECT cabinet_id, status, blob_key FROM inbound_mail")
    assert row["cabinet_id"] is None
    assert row["status"] == "unrouted"
    assert (await bed.blobs.get(row["blob_key"])).data == RAW
    assert bed.queue.lease() == []


async def test_the_same_delivery_retried_by_the_sender_is_recorded_once(tmp_path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed)
    envelope = InboundEnvelope("greffe@tj-paris.justice.fr", "cabinet-martin@poste.example", RAW)
    first = await handle_email(bed.context, envelope)
    second = await handle_email(bed.context, envelope)
    assert second.inbound_id == first.inbound_id
    assert (await bed.database.first("SELECT count(*) AS n FROM inbound_mail"))["n"] == 1


async def test_a_message_over_25_mib_is_refused_with_a_french_reason(tmp_path):
    bed = local_testbed(tmp_path)
    outcome = await handle_email(
        bed.context, InboundEnvelope("x@y.fr", "a@poste.example", b"x" * (MAX_MESSAGE_BYTES + 1))
    )
    assert not outcome.accepted
    assert "25 Mo" in outcome.reason
    assert (await bed.blobs.list("")).objects == []


async def test_a_retry_with_new_trace_headers_is_recognised_by_its_message_id(tmp_path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed)
    first = await handle_email(bed.context, InboundEnvelope("g@j.fr", "cabinet-martin@poste.example", RAW))
    retried = b"Received: from relay2 by mx; Mon, 2 Mar 2026 08:01:00 +0000\r\n" + RAW
    second = await handle_email(bed.context, InboundEnvelope("g@j.fr", "cabinet-martin@poste.example", retried))
    assert second.inbound_id == first.inbound_id
    assert (await bed.database.first("SELECT count(*) AS n FROM inbound_mail"))["n"] == 1
    # Not processed yet, so the retry sends its (idempotent) job again rather than trust the first one.
    assert {job.body["id"] for job in bed.queue.lease()} == {f"mail.received:{first.inbound_id}"}


async def test_the_same_message_to_two_cabinets_is_filed_in_each(tmp_path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed)
    await add_cabinet(bed, "cab2", "cabinet-durand@poste.example")
    for to in ("cabinet-martin@poste.example", "cabinet-durand@poste.example"):
        assert (await handle_email(bed.context, InboundEnvelope("g@j.fr", to, RAW))).accepted
    rows = await bed.database.all("SELECT cabinet_id FROM inbound_mail ORDER BY cabinet_id")
    assert [row["cabinet_id"] for row in rows] == ["cab1", "cab2"]


class DuplicateCheckRunsTooEarly:
    """The database as a losing concurrent delivery sees it: its duplicate check ran before the winner committed."""

    def __init__(self, database):
        self._database = database
        self._blinded = False

    async def first(self, sql, *params):
        if "dedupe_key" in sql and not self._blinded:
            self._blinded = True
            return None
        return await self._database.first(sql, *params)

    def __getattr__(self, name):
        return getattr(self._database, name)


async def test_a_delivery_that_loses_a_race_keeps_the_winners_record_and_drops_its_copy(tmp_path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed)
    envelope = InboundEnvelope("g@j.fr", "cabinet-martin@poste.example", RAW)
    winner = await handle_email(bed.context, envelope)
    loser = await handle_email(replace(bed.context, db=DuplicateCheckRunsTooEarly(bed.database)), envelope)
    assert loser.inbound_id == winner.inbound_id
    assert (await bed.database.first("SELECT count(*) AS n FROM inbound_mail"))["n"] == 1
    assert (await bed.database.first("SELECT count(*) AS n FROM audit_log"))["n"] == 1
    assert len((await bed.blobs.list("cabinets/")).objects) == 1
    assert {job.body["id"] for job in bed.queue.lease()} == {f"mail.received:{winner.inbound_id}"}


async def test_a_different_message_losing_a_race_for_a_reused_message_id_is_kept_not_dropped(tmp_path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed)
    winner = await handle_email(bed.context, InboundEnvelope("g@j.fr", "cabinet-martin@poste.example", RAW))
    other_raw = RAW.replace(b"Audience le 2 mars.", b"Audience renvoyee au 9 mars.")
    other = InboundEnvelope("g@j.fr", "cabinet-martin@poste.example", other_raw)
    loser = await handle_email(replace(bed.context, db=DuplicateCheckRunsTooEarly(bed.database)), other)
    assert loser.accepted
    assert loser.inbound_id != winner.inbound_id
    scope = CabinetScope(bed.context, "cab1", SYSTEM, "test")
    kept = await scope.inbound_mail.get(loser.inbound_id)
    assert kept.message_id_reused
    assert (await bed.blobs.get(kept.blob_key)).data == other_raw
    assert len((await bed.blobs.list("cabinets/")).objects) == 2


# --- nothing stored is left unprocessed (issue: a crash between the record and its job)


async def test_a_retry_of_a_message_stored_but_never_queued_sends_its_job_again(tmp_path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed)
    envelope = InboundEnvelope("g@j.fr", "cabinet-martin@poste.example", RAW)
    first = await handle_email(bed.context, envelope)
    for job in bed.queue.lease():  # the job is lost, as when the process dies before sending it
        job.ack()
        bed.queue.settle(job, handler_failed=False)
    again = await handle_email(bed.context, envelope)
    assert again.inbound_id == first.inbound_id
    (job,) = bed.queue.lease()
    assert job.body["inbound_id"] == first.inbound_id


async def test_a_retry_of_a_processed_message_sends_nothing(tmp_path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed)
    envelope = InboundEnvelope("g@j.fr", "cabinet-martin@poste.example", RAW)
    await handle_email(bed.context, envelope)
    await drain_once(bed.runtime)
    await handle_email(bed.context, envelope)
    assert bed.queue.lease() == []


async def test_the_start_up_sweep_queues_every_message_left_unprocessed(tmp_path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed)
    await add_cabinet(bed, "cab2", "cabinet-durand@poste.example")
    for to in ("cabinet-martin@poste.example", "cabinet-durand@poste.example"):
        await handle_email(bed.context, InboundEnvelope("g@j.fr", to, RAW))
    for job in bed.queue.lease():
        job.ack()
        bed.queue.settle(job, handler_failed=False)
    bed.clock.advance(seconds=1)
    resent = await resend_all_waiting_mail(SystemScope(bed.context, SYSTEM, "test"), bed.clock.now())
    assert resent == 2
    assert sorted(job.body["cabinet_id"] for job in bed.queue.lease()) == ["cab1", "cab2"]


# --- a retry is the same message only when its content matches (issue: reused Message-IDs)

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "email"
SHARED_MESSAGE_ID = [  # distinct messages of the corpus sharing one Message-ID
    "msgreader/TestWithAttachmentsAndInlines.eml",
    "msgreader/TestWithInlineHavingContentDisposition.eml",
    "msgreader/TestWithInlineHavingWindows1252Fields.eml",
]


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus absent: {CORPUS}")
async def test_distinct_corpus_messages_sharing_a_message_id_are_each_kept_and_flagged(tmp_path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed)
    raws = [(CORPUS / name).read_bytes() for name in SHARED_MESSAGE_ID]
    ids = [
        (await handle_email(bed.context, InboundEnvelope("g@j.fr", "cabinet-martin@poste.example", raw))).inbound_id
        for raw in raws
    ]
    assert len(set(ids)) == 3
    scope = CabinetScope(bed.context, "cab1", SYSTEM, "test")
    stored = [await scope.inbound_mail.get(inbound_id) for inbound_id in ids]
    assert [message.message_id_reused for message in stored] == [False, True, True]
    for message, raw in zip(stored, raws, strict=True):
        assert (await bed.blobs.get(message.blob_key)).data == raw
    retried = await handle_email(bed.context, InboundEnvelope("g@j.fr", "cabinet-martin@poste.example", raws[2]))
    assert retried.inbound_id == ids[2]
    assert {job.body["inbound_id"] for job in bed.queue.lease()} == set(ids)


async def test_a_message_without_message_id_relayed_again_is_the_same_message(tmp_path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed)
    bare = b"From: greffe@justice.fr\r\nSubject: Avis\r\n\r\nAudience le 2 mars.\r\n"
    first = await handle_email(bed.context, InboundEnvelope("g@j.fr", "cabinet-martin@poste.example", bare))
    relayed = b"Received: from relay3 by mx; Mon, 2 Mar 2026 09:00:00 +0000\r\nReturn-Path: <g@j.fr>\r\n" + bare
    second = await handle_email(bed.context, InboundEnvelope("g@j.fr", "cabinet-martin@poste.example", relayed))
    assert second.inbound_id == first.inbound_id
    changed = bare.replace(b"2 mars", b"3 mars")
    third = await handle_email(bed.context, InboundEnvelope("g@j.fr", "cabinet-martin@poste.example", changed))
    assert third.inbound_id != first.inbound_id


def test_the_content_digest_ignores_trace_fields_and_line_ends_but_nothing_else():
    message = b"From: a@b.fr\r\nSubject: Objet\r\n  suite\r\nMessage-ID: <m@x>\r\n\r\nCorps\r\n"
    relayed = b"Received: from x\r\n  by y; Mon, 2 Mar 2026\r\nDelivered-To: c@d\r\n" + message
    assert content_digest(relayed) == content_digest(message) == content_digest(message.replace(b"\r\n", b"\n"))
    assert content_digest(message.replace(b"Objet", b"Autre")) != content_digest(message)
    assert content_digest(message.replace(b"Corps", b"Corps.")) != content_digest(message)


async def test_the_sweep_gives_up_after_a_few_resends_and_skips_jobs_already_queued(tmp_path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed)
    await handle_email(bed.context, InboundEnvelope("g@j.fr", "cabinet-martin@poste.example", RAW))
    system = SystemScope(bed.context, SYSTEM, "test")
    bed.clock.advance(seconds=1)
    queued = await bed.queue.pending_job_ids()
    assert await resend_all_waiting_mail(system, bed.clock.now(), already_queued=queued) == 0
    for job in bed.queue.lease():  # a job that keeps failing ends in the dead letters
        job.ack()
        bed.queue.settle(job, handler_failed=False)
    resends = [await resend_all_waiting_mail(system, bed.clock.now()) for _ in range(5)]
    assert resends == [1, 1, 1, 0, 0]


async def test_a_token_that_cannot_be_ours_is_no_session_not_an_error(tmp_path):
    bed = local_testbed(tmp_path)
    assert await find_session(bed.context, {"authorization": "Bearer " + "é" * 256}) is None


async def test_a_record_that_cannot_be_written_leaves_no_blob_behind_and_the_failure_is_raised(tmp_path):
    bed = local_testbed(tmp_path)
    await add_cabinet(bed)
    # A row the database refuses: SQLite cannot encode an address that is not UTF-8 (smuggled in as surrogates).
    envelope = InboundEnvelope("greffe\udcff@justice.fr", "cabinet-martin@poste.example", RAW)
    with pytest.raises(UnicodeEncodeError):
        await handle_email(bed.context, envelope)
    assert (await bed.blobs.list("")).objects == []
    assert (await bed.database.first("SELECT count(*) AS n FROM inbound_mail"))["n"] == 0
