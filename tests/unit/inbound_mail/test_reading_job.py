"""The `mail.received` job: reads the stored copy back, checks it, reads it with the domain reader and the
context's extractor, and records what it found."""

import asyncio
import hashlib
from dataclasses import replace
from datetime import date

from domain.actors import SYSTEM
from domain.extraction.model import ExtractionResult
from handlers.email import InboundEnvelope, handle_email
from handlers.jobs import handle_jobs
from local.queue_worker import drain_once
from services.extraction.errors import AiUnavailable
from services.extraction.grounded_ai import RulesFallbackExtractor
from services.inbound_mail import read_stored_mail
from services.jobs import MailReceived
from services.scope import CabinetScope
from tests.fakes import local_testbed

RAW = (
    "From: Greffe TJ Paris <greffe.tj-paris@justice.fr>\r\nTo: c@poste.example\r\n"
    "Subject: Avis de fixation RG 24/01234\r\nMessage-ID: <avis-1@justice.fr>\r\n"
    "Date: Mon, 2 Mar 2026 09:15:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    "Maître,\r\nL'affaire RG n° 24/01234 est fixée à l'audience du 14 avril 2026 à 9 h 30.\r\n"
).encode()


async def received(bed, raw=RAW):
    await bed.database.run(
        "INSERT INTO cabinets (id, name, inbound_address, created_at) VALUES ('cab1', 'C', 'c@poste.example', 'x')"
    )
    outcome = await handle_email(bed.context, InboundEnvelope("a@b.fr", "c@poste.example", raw))
    return outcome.inbound_id


def scope_of(bed) -> CabinetScope:
    return CabinetScope(bed.context, "cab1", SYSTEM, "test")


async def test_the_worker_verifies_the_stored_copy_and_records_what_it_read(tmp_path):
    bed = local_testbed(tmp_path)
    inbound_id = await received(bed)
    assert await drain_once(bed.runtime) == 1
    scope = scope_of(bed)
    assert (await scope.inbound_mail.get(inbound_id)).status == "to_file"  # the cabinet has no dossier yet
    reading = await scope.inbound_mail.reading(inbound_id)
    assert reading.read_status == "ok"
    assert reading.message_id == "<avis-1@justice.fr>"
    assert reading.subject == "Avis de fixation RG 24/01234"
    assert reading.sender == "greffe.tj-paris@justice.fr"
    assert reading.sent_at == "2026-03-02T09:15:00+01:00"
    assert reading.extractor == "rules"
    assert ("rg", "24/01234") in {(fact.kind.value, fact.value) for fact in reading.facts}
    assert any(fact.kind.value == "hearing" and fact.value.startswith("2026-04-14") for fact in reading.facts)
    assert await bed.queue.depth() == 0
    actions = [entry.action for entry in await scope.audit_log.recent()]
    assert actions == ["mail.to_file", "mail.received"]


async def test_the_reading_keeps_the_thread_headers_and_the_attachment_list(tmp_path):
    pdf = b"%PDF-1.4 avis"
    raw = (
        b"From: Greffe <greffe@justice.fr>\r\nTo: c@poste.example\r\nSubject: Re: RG 24/01234\r\n"
        b"Message-ID: <reponse@justice.fr>\r\nIn-Reply-To: <avis-1@justice.fr>\r\n"
        b"References: <demande@cabinet.fr> <avis-1@justice.fr>\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCi-joint l'avis.\r\n"
        b'--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="avis.pdf"\r\n\r\n'
        + pdf
        + b"\r\n--b--\r\n"
    )
    bed = local_testbed(tmp_path)
    inbound_id = await received(bed, raw=raw)
    await drain_once(bed.runtime)
    reading = await scope_of(bed).inbound_mail.reading(inbound_id)
    assert (reading.message_id, reading.in_reply_to) == ("<reponse@justice.fr>", "<avis-1@justice.fr>")
    assert reading.references == ("<demande@cabinet.fr>", "<avis-1@justice.fr>")
    assert [(a.filename, a.content_type, a.size) for a in reading.attachments] == [
        ("avis.pdf", "application/pdf", len(pdf))
    ]
    assert reading.attachments[0].sha256 == hashlib.sha256(pdf).hexdigest()


async def test_a_repeated_job_changes_nothing(tmp_path):
    bed = local_testbed(tmp_path)
    inbound_id = await received(bed)
    await drain_once(bed.runtime)
    first = await scope_of(bed).inbound_mail.reading(inbound_id)
    await bed.queue.send({"id": f"mail.received:{inbound_id}:again", "kind": "mail.received", "cabinet_id": "cab1",
                          "inbound_id": inbound_id})  # fmt: skip
    bed.clock.advance(minutes=5)
    await drain_once(bed.runtime)
    assert await scope_of(bed).inbound_mail.reading(inbound_id) == first
    assert len(await scope_of(bed).audit_log.recent()) == 2


async def test_a_malformed_message_is_recorded_as_such_not_lost(tmp_path):
    bed = local_testbed(tmp_path)
    inbound_id = await received(bed, raw=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    await drain_once(bed.runtime)
    message = await scope_of(bed).inbound_mail.get(inbound_id)
    reading = await scope_of(bed).inbound_mail.reading(inbound_id)
    assert message.status == "quarantined"
    assert (reading.read_status, reading.reason) == ("malformed", "outlook_msg_not_mime")
    assert reading.facts == ()


async def test_a_damaged_stored_copy_is_flagged_not_ignored(tmp_path):
    bed = local_testbed(tmp_path)
    inbound_id = await received(bed)
    message = await scope_of(bed).inbound_mail.get(inbound_id)
    await bed.blobs.put(message.blob_key, b"truncated")
    await drain_once(bed.runtime)
    assert (await scope_of(bed).inbound_mail.get(inbound_id)).status == "quarantined"
    assert await scope_of(bed).inbound_mail.reading(inbound_id) is None


class FailingModel:
    async def extract(self, text, *, reference_date: date, subject="", sender="") -> ExtractionResult:
        raise AiUnavailable("capacité dépassée")


async def test_when_the_model_fails_the_rules_still_read_the_message(tmp_path):
    bed = local_testbed(tmp_path)
    inbound_id = await received(bed)
    context = replace(bed.context, extractor=RulesFallbackExtractor(FailingModel()))
    await handle_jobs(context, bed.job_registry, bed.queue.lease())
    reading = await scope_of(bed).inbound_mail.reading(inbound_id)
    assert reading.extractor == "rules"
    assert reading.facts


async def test_a_job_of_unknown_kind_is_retried_then_dead_lettered_never_dropped(tmp_path):
    bed = local_testbed(tmp_path, max_retries=1)
    await bed.queue.send({"id": "x1", "kind": "from.the.future"})
    await drain_once(bed.runtime)
    await drain_once(bed.runtime)
    assert await bed.queue.depth() == 0
    assert bed.queue.dead_letters() == [{"id": "x1", "kind": "from.the.future"}]


async def test_a_failing_job_is_retried_and_the_others_acked(tmp_path):
    bed = local_testbed(tmp_path)
    await received(bed)
    await bed.queue.send({"id": "bad", "kind": "mail.received"})  # no cabinet_id: the job cannot be parsed
    batch = bed.queue.lease()
    await handle_jobs(bed.context, bed.job_registry, batch)
    assert [job.decision for job in batch] == ["ack", "retry"]


async def test_two_runs_of_the_same_job_at_once_record_its_outcome_once(tmp_path):
    bed = local_testbed(tmp_path)
    inbound_id = await received(bed)
    job = MailReceived("cab1", inbound_id)
    await asyncio.gather(read_stored_mail(bed.context, job), read_stored_mail(bed.context, job))
    actions = [entry.action for entry in await scope_of(bed).audit_log.recent()]
    assert actions.count("mail.to_file") == 1
    assert (await scope_of(bed).inbound_mail.get(inbound_id)).status == "to_file"


async def test_two_runs_at_once_of_a_message_filed_with_an_attachment_make_one_document(tmp_path):
    bed = local_testbed(tmp_path)
    await bed.database.run(
        "INSERT INTO cabinets (id, name, inbound_address, created_at) VALUES ('cab1', 'C', 'c@poste.example', 'x')"
    )
    await bed.database.run(
        "INSERT INTO dossiers (id, cabinet_id, reference, year, number, title, matter_type, status, visibility,"
        " opened_on, created_at, updated_at) VALUES ('d1', 'cab1', '2026-0001', 2026, 1, 'T', '', 'ouvert', 'cabinet',"
        " '2026-03-02', 'x', 'x')"
    )
    raw = (
        b'To: c+2026-0001@poste.example\r\nMessage-ID: <pj@x>\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nPieces.\r\n--b\r\nContent-Type: application/pdf\r\n"
        b'Content-Disposition: attachment; filename="a.pdf"\r\n\r\n%PDF-1.4 pdf\r\n--b--\r\n'
    )
    outcome = await handle_email(bed.context, InboundEnvelope("a@b.fr", "c+2026-0001@poste.example", raw))
    job = MailReceived("cab1", outcome.inbound_id)
    await asyncio.gather(read_stored_mail(bed.context, job), read_stored_mail(bed.context, job))
    assert (await scope_of(bed).inbound_mail.get(outcome.inbound_id)).status == "filed"
    documents = await bed.database.all("SELECT id FROM documents WHERE cabinet_id = 'cab1'")
    assert documents == [{"id": f"{outcome.inbound_id}-0"}]
    actions = [entry.action for entry in await scope_of(bed).audit_log.recent()]
    assert actions.count("mail.filed") == 1
