"""One message through the whole intake, in process: received at the door (raw copy and record first), read and
filed by its job, and reported as `./poste ingest` prints it (docs/courrier.md, "CLI"). The same use cases as both
doors; the job runs inline instead of waiting for the queue (the queued copy then finds it done)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.actors import SYSTEM
from domain.filed_mail import DossierRef, MailAttachmentRecord
from domain.inbound_mail import MailStatus
from domain.mail import read_message
from services.context import AppContext
from services.filing import filing_repository
from services.filing_views import FactView, fact_views
from services.inbound_mail import InboundEnvelope, read_stored_mail, receive_mail
from services.jobs import MailReceived
from services.scope import CabinetScope, SystemScope

FRENCH_STATUS = {
    MailStatus.FILED: "classé",
    MailStatus.TO_FILE: "à classer",
    MailStatus.QUARANTINED: "en quarantaine",
    MailStatus.CORRUPT: "en quarantaine",
}
REJECTED = "rejeté"
UNROUTED = "Aucun cabinet ne reçoit à cette adresse : message conservé pour l'exploitant."


@dataclass(frozen=True)
class IngestReport:
    status: str  # classé | à classer | en quarantaine | rejeté
    mail_id: str | None
    reason: str
    dossier: DossierRef | None = None
    confidence: float | None = None
    attachments: list[MailAttachmentRecord] = field(default_factory=list)
    facts: list[FactView] = field(default_factory=list)
    cabinet_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "mail_id": self.mail_id,
            "dossier": {"id": self.dossier.id, "reference": self.dossier.reference} if self.dossier else None,
            "confidence": self.confidence,
            "reason": self.reason,
            "attachments": [
                {"filename": a.filename, "document_id": a.document_id, "sha256": a.sha256, "duplicate": a.duplicate}
                for a in self.attachments
            ],
            "facts": [
                {"kind": f.kind, "value": f.value, "quote": f.quote, "origin": f.origin, "status": f.status}
                for f in self.facts
            ],
        }


def _attachment(a: MailAttachmentRecord) -> dict[str, Any]:
    return {"filename": a.filename, "document_id": a.document_id, "sha256": a.sha256, "duplicate": a.duplicate}


def _fact(f: FactView) -> dict[str, Any]:
    return {"kind": f.kind, "value": f.value, "quote": f.quote, "origin": f.origin, "status": f.status}


async def ingest(ctx: AppContext, raw: bytes, to: str, mail_from: str = "") -> IngestReport:
    outcome = await receive_mail(ctx, InboundEnvelope(mail_from, to, raw))
    if not outcome.accepted or outcome.inbound_id is None:
        return IngestReport(REJECTED, None, outcome.reason or "Message refusé.")
    cabinet_id = await _cabinet_of(ctx, outcome.inbound_id)
    if cabinet_id is None:
        return IngestReport(REJECTED, outcome.inbound_id, UNROUTED)
    await read_stored_mail(ctx, MailReceived(cabinet_id, outcome.inbound_id))
    return await report(CabinetScope(ctx, cabinet_id, SYSTEM, "cli"), outcome.inbound_id)


async def _cabinet_of(ctx: AppContext, inbound_id: str) -> str | None:
    return await SystemScope(ctx, SYSTEM, "cli").cross_cabinet.mail_cabinet(inbound_id)


async def report(scope: CabinetScope, inbound_id: str) -> IngestReport:
    """Where a recorded message stands, as the ingest command prints it."""
    filing = filing_repository(scope)
    found = await filing.get(SYSTEM, inbound_id)
    if found is None:
        return IngestReport(REJECTED, inbound_id, "Message introuvable.")
    status = FRENCH_STATUS.get(found.message.status, found.message.status.value)
    blob = await scope.ctx.blobs.get(found.message.blob_key)
    parsed = read_message(blob.data) if blob is not None and found.reading is not None else None
    dossier = (
        DossierRef(found.filing.dossier_id, found.filing.dossier_reference or "") if found.filing.dossier_id else None
    )
    return IngestReport(
        status=status,
        mail_id=inbound_id,
        reason=found.filing.quarantine_reason or found.filing.reason,
        dossier=dossier,
        confidence=found.filing.confidence,
        attachments=await filing.attachments(inbound_id),
        facts=fact_views(found.reading, parsed),
        cabinet_id=scope.cabinet_id,
    )
