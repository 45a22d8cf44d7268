"""Filing a read message into its dossier (docs/courrier.md): the clues gathered through the cabinet's lookups, the
decision, the attachments turned into dossier documents and the notifications — as statements for the one batch
of the `mail.received` job (services/inbound_mail.py), which records the outcome.

A message that already has a dossier keeps it (reprocessing never loses an earlier filing; a lawyer's filing by
hand is never undone); otherwise the decision files it, or leaves it "à classer" with its candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from d1.database import Statement
from d1.filing import Filing
from domain.actors import SYSTEM
from domain.document_types import SNIFF_BYTES, sniff
from domain.documents import Document, DocumentVersion, TextStatus, blob_key
from domain.filed_mail import (
    DossierRef,
    FilingEvent,
    FilingOutcome,
    MailAttachmentRecord,
    MailFiling,
    ThreadMatch,
    quarantine_reason,
)
from domain.filing import (
    ADDRESS_CONFIDENCE,
    AMBIGUOUS_SENDER_CONFIDENCE,
    FORWARDED_CONFIDENCE,
    REFERENCE_CONFIDENCE,
    SENDER_CONFIDENCE,
    THREAD_CONFIDENCE,
    Candidate,
    Clue,
    ClueKind,
    Decision,
    ReferenceClue,
    address_reason,
    address_tag,
    clean_text,
    decide,
    french_date,
    reference_clues,
    reference_reason,
    sender_reason,
    thread_reason,
    thread_root,
)
from domain.inbound_mail import InboundMessage, MailReading, MailStatus
from domain.mail import ParsedMessage
from domain.mail_attachments import attachment_bytes
from domain.notifications import Audience, NewNotification, NotificationType
from services.jobs import DocumentText
from services.scope import CabinetScope


@dataclass
class NewDocuments:
    """Documents made from attachments: their rows for the batch, their text jobs for after it."""

    writes: list[Statement] = field(default_factory=list)
    text_jobs: list[DocumentText] = field(default_factory=list)


@dataclass
class FilingPlan:
    """What one run of the job writes, in its batch order, and what it does after the batch."""

    outcome: FilingOutcome
    decision: Decision | None
    before: list[Statement] = field(default_factory=list)  # guarded by the message still waiting
    after: list[Statement] = field(default_factory=list)  # notifications (deduplicated by key)
    documents: NewDocuments = field(default_factory=NewDocuments)
    attachments: list[MailAttachmentRecord] = field(default_factory=list)
    dossier_id: str | None = None  # where the message stands after this run (an earlier filing kept)
    dossier_reference: str = ""

    @property
    def action(self) -> str:
        return f"mail.{self.outcome.status.value}"


def storable_reading(reading: MailReading) -> MailReading:
    """The reading with every header-born text fit for storage (a raw 8-bit header leaves surrogates behind)."""
    return replace(
        reading, reason=clean_text(reading.reason), message_id=clean_text(reading.message_id),
        subject=clean_text(reading.subject), sender=clean_text(reading.sender),
        in_reply_to=clean_text(reading.in_reply_to), references=tuple(clean_text(r) for r in reading.references),
        attachments=tuple(replace(a, filename=clean_text(a.filename), content_type=clean_text(a.content_type))
                          for a in reading.attachments),
        facts=tuple(replace(f, quote=clean_text(f.quote), value=clean_text(f.value)) for f in reading.facts),
    )  # fmt: skip


def filing_repository(scope: CabinetScope) -> Filing:
    return Filing(scope.ctx.db, scope.cabinet_id)


async def gather_clues(
    scope: CabinetScope, message: InboundMessage, parsed: ParsedMessage, thread: ThreadMatch | None
) -> Decision:
    """The clues this message carries, looked up in the cabinet, and the decision they make."""
    filing = filing_repository(scope)
    clues: list[Clue] = []
    tag = address_tag(message.recipient)
    if tag:
        found = await filing.dossier_by_reference(tag)
        if found:
            clues.append(Clue(ClueKind.ADDRESS, found.id, ADDRESS_CONFIDENCE, address_reason(found.reference)))
    if thread and thread.dossier_id and thread.reference:
        reason = thread_reason(french_date(thread.received_at), thread.reference)
        clues.append(Clue(ClueKind.THREAD, thread.dossier_id, THREAD_CONFIDENCE, reason))
    clues += await _reference_clues(filing, parsed)
    sender = clean_text(parsed.sender_address() or message.mail_from)
    sender_clues, ambiguous = await _sender_clues(filing, sender)
    decision = decide(clues + sender_clues, ambiguous)
    return await _with_references(filing, decision)


async def _reference_clues(filing: Filing, parsed: ParsedMessage) -> list[Clue]:
    """References in what the sender wrote or attached now (0.9), then in a message they forwarded (0.8: what they
    pass on, unlike quoted history, which is never read for filing)."""
    clues: list[Clue] = []
    passes = ((parsed.subject, new_material(parsed), REFERENCE_CONFIDENCE, ""),
              ("", forwarded_material(parsed), FORWARDED_CONFIDENCE, " (message transféré)"))  # fmt: skip
    for subject, text, confidence, note in passes:
        for found in reference_clues(subject, text) if (subject or text) else []:
            for dossier in await _dossiers_of(filing, found):
                reason = reference_reason(found, dossier.reference) + note
                clues.append(Clue(ClueKind.REFERENCE, dossier.id, confidence, reason))
    return clues


async def _dossiers_of(filing: Filing, found: ReferenceClue) -> list[DossierRef]:
    dossiers = await filing.dossiers_by_court_reference(found.compact, found.court_kinds)
    if found.kind in ("cabinet", "vref"):
        own = await filing.dossier_by_reference(found.value)
        dossiers = [own] if own else dossiers
    return dossiers


def forwarded_material(parsed: ParsedMessage) -> str:
    """The messages forwarded with this one: inline (« -------- Message transféré -------- ») or attached."""
    inner = [f"{message.subject}\n{message.body.full}" for message in parsed.forwarded]
    return "\n".join(part for part in [parsed.body.forwarded, *inner] if part.strip())


def new_material(parsed: ParsedMessage) -> str:
    """What this sender wrote or sent now: the new text and the text of attached files (a PDF avis, a letter), not
    the quoted history nor a forwarded message (another message's words)."""
    files = [a.text for a in parsed.attachments if a.text and a.content_type != "message/rfc822"]
    return "\n".join([parsed.body.new, *files])


async def _sender_clues(filing: Filing, address: str) -> tuple[list[Clue], list[Candidate]]:
    if not address:
        return [], []
    matches = await filing.dossiers_by_sender(address)
    dossiers = {match.dossier_id for match in matches}
    if len(dossiers) == 1:
        match = matches[0]
        reason = sender_reason(address.lower(), match.role, match.reference)
        return [Clue(ClueKind.SENDER, match.dossier_id, SENDER_CONFIDENCE, reason)], []
    ambiguous: dict[str, Candidate] = {}
    for match in matches:
        reason = f"{sender_reason(address.lower(), match.role, match.reference)}, connu dans plusieurs dossiers"
        ambiguous.setdefault(match.dossier_id, Candidate(match.dossier_id, AMBIGUOUS_SENDER_CONFIDENCE, reason))
    return [], list(ambiguous.values())


async def _with_references(filing: Filing, decision: Decision) -> Decision:
    references = await filing.dossier_references([c.dossier_id for c in decision.candidates])
    candidates = tuple(
        Candidate(c.dossier_id, c.confidence, c.reason, references.get(c.dossier_id, "")) for c in decision.candidates
    )
    return Decision(decision.dossier_id, decision.confidence, decision.reason, candidates)


async def plan_filing(
    scope: CabinetScope, message: InboundMessage, parsed: ParsedMessage, reading: MailReading, raw: bytes
) -> FilingPlan:
    """The outcome of one run of the job on a read message, with every write it makes."""
    filing = filing_repository(scope)
    run = scope.ctx.ids.new_id()
    earlier = await filing.get(SYSTEM, message.id)
    kept = earlier.filing if earlier and earlier.filing.dossier_id else None
    if not parsed.ok:
        quarantined = MailFiling(quarantine_reason=quarantine_reason(parsed.reason), reason="")
        plan = FilingPlan(FilingOutcome(MailStatus.QUARANTINED, quarantined, run), None)
    else:
        thread = await filing.thread_of([parsed.in_reply_to, *reversed(parsed.references)])
        decision = await gather_clues(scope, message, parsed, thread)
        plan = FilingPlan(_outcome(scope, decision, _thread_id(parsed, thread), run), decision)
    if kept:
        plan.dossier_id, plan.dossier_reference = kept.dossier_id, kept.dossier_reference or ""
    elif plan.decision and plan.decision.dossier_id:
        plan.dossier_id, plan.dossier_reference = plan.decision.dossier_id, _reference_of(plan.decision)
    await _attachments(scope, plan, message, reading, raw)
    plan.before.append(_history(scope, message, plan))
    plan.after += _notifications(scope, message, reading, plan)
    return plan


def _thread_id(parsed: ParsedMessage, thread: ThreadMatch | None) -> str:
    if thread and thread.thread_id:
        return thread.thread_id
    return thread_root(parsed.message_id, parsed.in_reply_to, parsed.references)[:512]


def _outcome(scope: CabinetScope, decision: Decision, thread_id: str, run: str) -> FilingOutcome:
    now = scope.ctx.clock.now().isoformat()
    filing = MailFiling(
        dossier_id=decision.dossier_id,
        confidence=round(decision.confidence, 3),
        reason=decision.reason,
        candidates=decision.candidates,
        filed_by=scope.actor.label if decision.filed else None,
        filed_at=now if decision.filed else None,
        thread_id=thread_id,
    )
    return FilingOutcome(MailStatus.FILED if decision.filed else MailStatus.TO_FILE, filing, run)


def _history(scope: CabinetScope, message: InboundMessage, plan: FilingPlan) -> Statement:
    filing, outcome, dossier_id = filing_repository(scope), plan.outcome, plan.dossier_id
    status = MailStatus.FILED if dossier_id else outcome.status
    reason = outcome.filing.quarantine_reason or outcome.filing.reason
    event = FilingEvent(scope.ctx.ids.new_id(), message.id, status, dossier_id, outcome.filing.confidence, reason,
                        False, scope.actor.label, scope.ctx.clock.now().isoformat())  # fmt: skip
    return filing.add_history(event, only_if=scope.inbound_mail.still_received(message.id))


async def _attachments(
    scope: CabinetScope, plan: FilingPlan, message: InboundMessage, reading: MailReading, raw: bytes
) -> None:
    """Every attachment recorded on the message; once it has a dossier, each file becomes a document of it (bytes
    already held by the dossier are not stored twice)."""
    records = [
        MailAttachmentRecord(position, a.filename, a.content_type, a.size, a.sha256)
        for position, a in enumerate(reading.attachments)
    ]
    if plan.dossier_id:
        records = await attach_to_dossier(scope, message, records, raw, plan.dossier_id, plan.documents)
    plan.attachments = records
    filing = filing_repository(scope)
    plan.before += plan.documents.writes
    plan.before += [filing.put_attachment(message.id, record) for record in records]


async def attach_to_dossier(
    scope: CabinetScope, message: InboundMessage, records: list[MailAttachmentRecord], raw: bytes, dossier_id: str,
    new: NewDocuments,
) -> list[MailAttachmentRecord]:  # fmt: skip
    """The attachments as documents of the dossier: the new ones' bytes stored and rows planned (their text job
    sent after the batch), the ones the dossier already holds pointed at the document that holds them."""
    filing = filing_repository(scope)
    held: dict[str, str | None] = {}
    for record in records:
        if record.document_id is None and record.size > 0 and record.sha256 not in held:
            held[record.sha256] = await filing.document_in_dossier(dossier_id, record.sha256)
    wanted = {sha256 for sha256, document_id in held.items() if document_id is None}
    data = attachment_bytes(raw, wanted) if wanted else {}  # the message is parsed again only for new files
    done: list[MailAttachmentRecord] = []
    for record in records:
        known = held.get(record.sha256) if record.document_id is None else None
        if known:
            done.append(_linked(record, known, duplicate=True))
        elif record.document_id is not None or record.sha256 not in data:
            done.append(record)
        else:
            document = await _store_document(scope, message, record, data[record.sha256], dossier_id)
            new.writes += [*scope.documents.insert(document), filing.mark_from_mail(document.id)]
            new.text_jobs.append(DocumentText(scope.cabinet_id, document.id, 1))
            held[record.sha256] = document.id  # the same file twice in one message: one document
            done.append(_linked(record, document.id, duplicate=False))
    return done


def _linked(record: MailAttachmentRecord, document_id: str, *, duplicate: bool) -> MailAttachmentRecord:
    return MailAttachmentRecord(record.position, record.filename, record.content_type, record.size, record.sha256,
                                document_id, duplicate)  # fmt: skip


async def _store_document(
    scope: CabinetScope, message: InboundMessage, record: MailAttachmentRecord, data: bytes, dossier_id: str
) -> Document:
    """The attachment's bytes in the blob store, under an id derived from the message and the attachment's place:
    two runs of the same job write the same key and the same rows (the second batch then fails on the id)."""
    document_id = f"{message.id}-{record.position}"
    key = blob_key(scope.cabinet_id, document_id, 1, message.id)
    content_type = sniff(data[:SNIFF_BYTES])
    await scope.ctx.blobs.put(key, data, content_type=content_type, custom_metadata={"document": document_id})
    now = scope.ctx.clock.now().isoformat()
    name = record.filename or f"piece-jointe-{record.position + 1}"
    version = DocumentVersion(document_id, 1, name[:255], key, len(data), record.sha256, content_type,
                              record.content_type[:100], TextStatus.PENDING, scope.actor.label, now)  # fmt: skip
    return Document(document_id, scope.cabinet_id, dossier_id, name[:300], ("courrier",), version,
                    scope.actor.label, now, now)  # fmt: skip


def _notifications(
    scope: CabinetScope, message: InboundMessage, reading: MailReading, plan: FilingPlan
) -> list[Statement]:
    """« nouveau courrier », then « classé » or « à classer ». Titles never name a client or a party; bodies may
    carry the sender and subject. Deduplicated by key: a reprocessed message does not notify again."""
    now, link, dossier_id = scope.ctx.clock.now().isoformat(), f"/courrier/{message.id}", plan.dossier_id
    audience = Audience.dossier(dossier_id) if dossier_id else Audience.everyone()
    body = clean_text(f"De : {reading.sender or message.mail_from}\nObjet : {reading.subject}")
    notes = [NewNotification(scope.ctx.ids.new_id(), f"mail:{message.id}:{NotificationType.MAIL_NEW.value}",
                             NotificationType.MAIL_NEW, "Nouveau courrier", body, link, audience, now, dossier_id,
                             message.id)]  # fmt: skip
    if dossier_id:
        reference = plan.dossier_reference
        title = f"Courrier classé dans le dossier {reference}" if reference else "Courrier classé"
        kind = NotificationType.MAIL_FILED
    else:
        title, kind, audience = "Courrier à classer", NotificationType.MAIL_TO_FILE, Audience.everyone()
    body_more = f"{body}\n{plan.outcome.filing.quarantine_reason or plan.outcome.filing.reason}"
    notes.append(NewNotification(scope.ctx.ids.new_id(), f"mail:{message.id}:{kind.value}", kind, title, body_more,
                                 link, audience, now, dossier_id, message.id))  # fmt: skip
    return [statement for note in notes for statement in scope.notify(note)]


def _reference_of(decision: Decision) -> str:
    for candidate in decision.candidates:
        if candidate.dossier_id == decision.dossier_id:
            return candidate.reference
    return ""
