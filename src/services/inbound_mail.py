"""Inbound mail: the intake behind both doors (Email Routing's `email` handler and the local SMTP server), the job
that reads each stored message, and the cabinet's mail list.

Nothing is lost: the raw bytes are stored before anything else; a failure raises, which tells the sender's server
"try again later". A retried delivery is recognised by its Message-ID (or, without one, its digest) for the same
recipient and recorded once.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from d1.database import ConstraintViolation
from d1.search_index import SearchEntry, SearchKind
from domain.actors import SYSTEM, ensure_may_see, ensure_permission
from domain.cabinets import routing_address
from domain.errors import InvalidInput, NotFound
from domain.extraction import message_text, reference_date
from domain.extraction.model import FactKind
from domain.filed_mail import FilingOutcome, MailFiling, quarantine_reason
from domain.filing import clean_text
from domain.inbound_mail import (
    MAX_MESSAGE_BYTES,
    InboundMessage,
    MailReading,
    MailStatus,
    content_digest,
    dedupe_key,
    raw_blob_key,
    reused_key,
)
from domain.mail import ParsedMessage, read_message
from services.context import AppContext
from services.filing import FilingPlan, filing_repository, plan_filing, storable_reading
from services.jobs import MailReceived
from services.mail_suggestions import suggest_from_mail
from services.scope import CabinetScope, SystemScope

log = logging.getLogger("poste.mail")
MAX_PAGE = 200
MAIL_NOT_FOUND = "Message introuvable."
RECORD_ATTEMPTS = 2  # a second pass only after losing a race to a delivery under the same key
# Longer than a job may legitimately wait and retry (wrangler.toml: 5 retries, 60 s apart), so the sweep re-sends
# only jobs that were lost, not ones still on their way.
UNPROCESSED_AFTER = timedelta(minutes=10)
MAX_REQUEUES = 3
COURT_REFERENCE_FACTS = frozenset({FactKind.RG, FactKind.PORTALIS, FactKind.POURVOI})


@dataclass(frozen=True)
class InboundEnvelope:
    mail_from: str
    recipient: str
    raw: bytes


@dataclass(frozen=True)
class EmailOutcome:
    accepted: bool
    reason: str | None = None  # French, for the sender's bounce when not accepted
    inbound_id: str | None = None


async def receive_mail(ctx: AppContext, envelope: InboundEnvelope) -> EmailOutcome:
    if len(envelope.raw) > MAX_MESSAGE_BYTES:
        return EmailOutcome(False, "Message trop volumineux : la limite est de 25 Mo.")
    recipient = envelope.recipient.strip().lower()
    if not recipient:
        return EmailOutcome(False, "Aucun destinataire.")
    mailroom = SystemScope(ctx, SYSTEM, "email")
    content = content_digest(envelope.raw)
    first_key = dedupe_key(envelope.raw, content)
    for _attempt in range(RECORD_ATTEMPTS):
        earlier, key, reused = await _earlier_delivery(mailroom, recipient, first_key, content)
        if earlier is not None:
            return await _retried(ctx, earlier)
        cabinet_id = await mailroom.cross_cabinet.cabinet_for_address(routing_address(recipient))
        message = _new_message(ctx, envelope, recipient, cabinet_id, key, content, reused)
        if await _store_and_record(mailroom, message, envelope):
            if cabinet_id:
                await ctx.jobs.send(MailReceived(cabinet_id, message.id).body())
            return EmailOutcome(True, inbound_id=message.id)
        # A concurrent delivery took the key first: the next pass compares its content with ours.
    earlier, _key, _reused = await _earlier_delivery(mailroom, recipient, first_key, content)
    if earlier is None:  # taken and gone again: let the sender retry rather than answer without a record
        raise RuntimeError(f"delivery to {recipient} kept losing the race for its key")
    return await _retried(ctx, earlier)


async def _earlier_delivery(
    mailroom: SystemScope, recipient: str, first_key: str, content: str
) -> tuple[InboundMessage | None, str, bool]:
    """The record of an earlier delivery of this very message, if any, with the key this one is kept under and
    whether its Message-ID was already taken by a different message."""
    earlier = await mailroom.cross_cabinet.delivery(recipient, first_key)
    if earlier is None or earlier.content_sha256 in ("", content):
        return earlier, first_key, False
    key = reused_key(first_key, content)  # the Message-ID is another message's: this one gets a key of its own
    return await mailroom.cross_cabinet.delivery(recipient, key), key, True


def _new_message(
    ctx: AppContext,
    envelope: InboundEnvelope,
    recipient: str,
    cabinet_id: str | None,
    key: str,
    content: str,
    reused: bool,
) -> InboundMessage:
    now = ctx.clock.now()
    inbound_id = ctx.ids.new_id()
    return InboundMessage(
        id=inbound_id,
        cabinet_id=cabinet_id,
        mail_from=envelope.mail_from,
        recipient=recipient,
        dedupe_key=key,
        size=len(envelope.raw),
        sha256=hashlib.sha256(envelope.raw).hexdigest(),
        blob_key=raw_blob_key(cabinet_id, f"{now:%Y/%m/%d}", inbound_id),
        status=MailStatus.RECEIVED if cabinet_id else MailStatus.UNROUTED,
        received_at=now.isoformat(),
        content_sha256=content,
        message_id_reused=reused,
    )


async def _store_and_record(mailroom: SystemScope, message: InboundMessage, envelope: InboundEnvelope) -> bool:
    """Raw bytes first, then the record. False when a concurrent delivery recorded the key first (our copy is
    dropped). No raw copy is ever left without its record: a failed record removes it before the error goes on."""
    blobs = mailroom.ctx.blobs
    metadata = {"mail_from": envelope.mail_from[:512], "sha256": message.sha256}
    await blobs.put(message.blob_key, envelope.raw, content_type="message/rfc822", custom_metadata=metadata)
    try:
        recorded = await _record(mailroom, message)
    except BaseException:
        landed = await _recorded_anyway(mailroom, message)
        if not landed:
            await blobs.delete(message.blob_key)
        raise
    if not recorded:
        await blobs.delete(message.blob_key)
    return recorded


async def _recorded_anyway(mailroom: SystemScope, message: InboundMessage) -> bool:
    """Whether a batch that raised did commit (a connection can fail after the commit); unknown counts as yes, so
    that a raw copy is never deleted under a record that might exist."""
    try:
        found = await mailroom.cross_cabinet.delivery(message.recipient, message.dedupe_key)
    except Exception:
        return True
    return found is not None and found.id == message.id


async def _retried(ctx: AppContext, earlier: InboundMessage) -> EmailOutcome:
    """A delivery seen before. If it was stored but never processed (the process died between recording it and
    queueing its job), its job is sent again now: jobs are idempotent, a lost one is not."""
    if earlier.cabinet_id and earlier.status is MailStatus.RECEIVED:
        await ctx.jobs.send(MailReceived(earlier.cabinet_id, earlier.id).body())
    return EmailOutcome(True, inbound_id=earlier.id)


async def _record(mailroom: SystemScope, message: InboundMessage) -> bool:
    """The row and its audit entry, atomically; False when the same delivery was recorded meanwhile."""
    if message.cabinet_id is None:
        unrouted = mailroom.unrouted_mail
        writes, ours = unrouted.insert(message), unrouted.exists(message.id)
        results = await mailroom.commit(writes, action="mail.received", subject=message.id, only_if=ours)
    else:
        scope = mailroom.for_cabinet(message.cabinet_id)
        mail = scope.inbound_mail
        # The id is fresh, so the row exists after the batch only when our insert won.
        results = await scope.commit(
            mail.insert(message), action="mail.received", subject=message.id, only_if=mail.exists(message.id)
        )
    return results[0].changes == 1


async def read_stored_mail(ctx: AppContext, job: MailReceived) -> None:
    """The `mail.received` job: reads the raw copy back, checks its digest, reads it with the domain reader and
    the context's extractor, files it (services/filing.py) and records the outcome — `filed`, `to_file` or
    `quarantined` with its reason — with the reading, the attachments and the notifications in one batch."""
    scope = CabinetScope(ctx, job.cabinet_id, SYSTEM, "job")
    message = await scope.inbound_mail.get(job.inbound_id)
    if message is None or message.status is not MailStatus.RECEIVED:
        return  # unknown here, or already processed: a repeated job changes nothing
    blob = await ctx.blobs.get(message.blob_key)
    if blob is None or hashlib.sha256(blob.data).hexdigest() != message.sha256:
        await _quarantine_corrupt(scope, message)
        return
    parsed, read = await _read(ctx, blob.data, message)
    reading = storable_reading(read)
    plan = await plan_filing(scope, message, parsed, reading, blob.data)
    try:
        await commit_plan(scope, message, parsed, reading, plan)
    except ConstraintViolation:
        # Another run of this job filed it first: its documents took the ids ours would have (ids derived from the
        # message), so our whole batch was refused. Nothing is left to do; anything else is a real failure.
        now = await scope.inbound_mail.get(message.id)
        if now is not None and now.status is not MailStatus.RECEIVED:
            return
        raise
    await after_filing(scope, message, parsed, reading, plan)


async def commit_plan(
    scope: CabinetScope, message: InboundMessage, parsed: ParsedMessage, reading: MailReading, plan: FilingPlan
) -> None:
    """At-least-once delivery may run the job twice at once: what only the run that records the outcome may write
    is guarded by the message still waiting (the outcome's update comes after it), the audit row by this run's
    mark; the search entry is written after the outcome, under the dossier the message now has."""
    mail, filing = scope.inbound_mail, filing_repository(scope)
    await scope.commit(
        mail.record_reading(message.id, reading, only_if=mail.still_received(message.id)),
        *plan.before,
        filing.record_outcome(message.id, plan.outcome),
        scope.search_index.put_mail(mail_search_entry(message.id, parsed, reading), reading.read_at),
        *plan.after,
        action=plan.action,
        subject=message.id,
        only_if=filing.recorded_by(message.id, plan.outcome.run),
        summary=plan.outcome.filing.quarantine_reason or plan.outcome.filing.reason,
    )


async def after_filing(
    scope: CabinetScope, message: InboundMessage, parsed: ParsedMessage, reading: MailReading, plan: FilingPlan
) -> None:
    """Once the batch stands: the text jobs of the new documents, and the facts of the new text handed on."""
    for job in plan.documents.text_jobs:
        try:
            await scope.ctx.jobs.send(job.body())
        except Exception:  # the document stands; its text stays en_attente until a retry
            log.exception("mail %s: text job of document %s not sent", message.id, job.document_id)
    if plan.dossier_id:
        await suggest_from_mail(scope, message, reading, plan.dossier_id, parsed)


async def _quarantine_corrupt(scope: CabinetScope, message: InboundMessage) -> None:
    """The stored copy no longer matches its digest: quarantined with that reason (reprocessable once restored)."""
    run = scope.ctx.ids.new_id()
    filing = filing_repository(scope)
    outcome = FilingOutcome(MailStatus.QUARANTINED, MailFiling(quarantine_reason=quarantine_reason("corrupt")), run)
    await scope.commit(
        filing.record_outcome(message.id, outcome),
        action="mail.corrupt",
        subject=message.id,
        only_if=filing.recorded_by(message.id, run),
    )


async def _read(ctx: AppContext, raw: bytes, message: InboundMessage) -> tuple[ParsedMessage, MailReading]:
    parsed = read_message(raw)
    read_at = ctx.clock.now().isoformat()
    if not parsed.ok:
        return parsed, MailReading.of(parsed, None, read_at)
    received_on = datetime.fromisoformat(message.received_at).date()
    extraction = await ctx.extractor.extract(
        message_text(parsed),
        reference_date=reference_date(parsed, received_on),
        subject=parsed.subject,
        sender=parsed.sender_address(),
    )
    return parsed, MailReading.of(parsed, extraction, read_at)


def mail_search_entry(inbound_id: str, parsed: ParsedMessage, reading: MailReading) -> SearchEntry:
    """A message in the full-text index: its subject as title; its sender and what they wrote this time (not the
    quoted history, which is some other message's text) as body; the court references read in it."""
    sender = " ".join(str(mailbox) for mailbox in parsed.from_[:1])
    references = tuple(fact.value for fact in reading.facts if fact.kind in COURT_REFERENCE_FACTS)
    body = "\n".join(part for part in (sender, parsed.body.new) if part)
    return SearchEntry(SearchKind.MAIL, inbound_id, None, clean_text(reading.subject), clean_text(body),
                       tuple(clean_text(r) for r in dict.fromkeys(references)))  # fmt: skip


async def resend_waiting_mail(
    scope: CabinetScope, received_before: datetime, *, already_queued: frozenset[str] = frozenset()
) -> int:
    """Sends again the job of every message recorded before `received_before` and still unprocessed (jobs are
    idempotent): what catches a job lost between the record and the queue. Each message is sent again at most
    `MAX_REQUEUES` times; `already_queued` names jobs known to wait in the queue (the local queue can tell)."""
    mail = scope.inbound_mail
    waiting = await mail.waiting_since(received_before.isoformat(), max_requeued=MAX_REQUEUES)
    jobs = [MailReceived(scope.cabinet_id, inbound_id) for inbound_id in waiting]
    jobs = [job for job in jobs if job.body()["id"] not in already_queued]
    if not jobs:
        return 0
    await scope.commit(*(mail.count_requeue(job.inbound_id) for job in jobs), action="mail.requeued",
                       subject=",".join(job.inbound_id for job in jobs))  # fmt: skip
    for job in jobs:
        await scope.ctx.jobs.send(job.body())
    return len(jobs)


async def resend_all_waiting_mail(
    system: SystemScope, received_before: datetime, *, already_queued: frozenset[str] = frozenset()
) -> int:
    """The same sweep over every cabinet: the local runtime runs it at start-up."""
    resent = 0
    for cabinet_id in await system.cross_cabinet.cabinet_ids():
        resent += await resend_waiting_mail(
            system.for_cabinet(cabinet_id), received_before, already_queued=already_queued
        )
    return resent


async def list_mail(
    scope: CabinetScope, *, limit: int = 50, before: str | None = None
) -> list[tuple[InboundMessage, MailReading | None]]:
    ensure_permission(scope.actor, "mail.read")
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"La limite doit être comprise entre 1 et {MAX_PAGE}.", field="limit")
    return await scope.inbound_mail.recent(limit, before)


async def get_mail(scope: CabinetScope, inbound_id: str) -> tuple[InboundMessage, MailReading | None]:
    ensure_may_see(scope.actor, "mail.read", MAIL_NOT_FOUND)
    message = await scope.inbound_mail.get(inbound_id)
    if message is None:  # also when it belongs to another cabinet: never say which
        raise NotFound(MAIL_NOT_FOUND)
    return message, await scope.inbound_mail.reading(inbound_id)
