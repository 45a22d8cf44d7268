"""The lawyer's side of filing (docs/courrier.md): the mail lists (by status, by dossier, the "à classer" tray, a
dossier's mail by thread), one message with its text and attachments, its raw bytes, its HTML made safe, filing by
hand (audited; the sender remembered only on request, audited too), bulk filing, and reprocessing.

A message filed in a dossier the actor may not see answers 404, as an unknown one; unfiled mail is seen by all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from domain.actors import SYSTEM, ensure_may_see, ensure_permission
from domain.errors import Conflict, InvalidInput, NotFound
from domain.filed_mail import FiledMail, FilingEvent, MailAttachmentRecord, MailFilter
from domain.inbound_mail import InboundMessage, MailStatus
from domain.mail_html import sanitised_html
from domain.notifications import Audience, NewNotification, NotificationType
from services.filing import NewDocuments, attach_to_dossier, filing_repository
from services.filing_views import MessageView, message_view
from services.jobs import MailReceived
from services.mail_suggestions import suggest_from_mail
from services.scope import CabinetScope, SystemScope

MAIL_NOT_FOUND = "Message introuvable."
DOSSIER_NOT_FOUND = "Dossier introuvable."
MAX_PAGE = 200
MAX_BULK = 100
NO_HTML = "Ce message n’a pas de version mise en forme (HTML)."
BUSY = "Ce message est en cours de lecture : réessayez dans un instant."


@dataclass(frozen=True)
class MailPage:
    items: list[FiledMail]
    next_cursor: str | None


@dataclass(frozen=True)
class Thread:
    thread_id: str
    subject: str
    messages: list[FiledMail]


def _limit(limit: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"La limite doit être comprise entre 1 et {MAX_PAGE}.", field="limit")


async def mail_page(scope: CabinetScope, where: MailFilter, *, limit: int = 50, cursor: str | None = None) -> MailPage:
    ensure_permission(scope.actor, "mail.read")
    _limit(limit)
    if where.dossier_id is not None:
        await _visible_dossier(scope, where.dossier_id)
    found = await filing_repository(scope).page(scope.actor, where, limit, cursor)
    items = found[:limit]
    return MailPage(items, items[-1].message.id if len(found) > limit else None)


async def tray(scope: CabinetScope, *, limit: int = 50, cursor: str | None = None) -> MailPage:
    """« À classer »: the messages no dossier was sure enough for, newest first, with their best candidate."""
    return await mail_page(scope, MailFilter(status=MailStatus.TO_FILE), limit=limit, cursor=cursor)


async def dossier_threads(
    scope: CabinetScope, dossier_id: str, *, limit: int = 50, cursor: str | None = None
) -> tuple[list[Thread], str | None]:
    """A page of the dossier's mail (newest first), grouped by thread in the order of each thread's newest."""
    page = await mail_page(scope, MailFilter(dossier_id=dossier_id), limit=limit, cursor=cursor)
    threads: dict[str, Thread] = {}
    for item in page.items:
        key = item.filing.thread_id or item.message.id
        if key not in threads:
            subject = item.reading.subject if item.reading else ""
            threads[key] = Thread(key, subject, [])
        threads[key].messages.append(item)
    return list(threads.values()), page.next_cursor


async def visible_mail(scope: CabinetScope, inbound_id: str) -> FiledMail:
    ensure_may_see(scope.actor, "mail.read", MAIL_NOT_FOUND)
    found = await filing_repository(scope).get(scope.actor, inbound_id)
    if found is None:  # also another cabinet's, or filed where the actor may not look: never say which
        raise NotFound(MAIL_NOT_FOUND)
    return found


async def mail_detail(
    scope: CabinetScope, inbound_id: str
) -> tuple[FiledMail, list[MailAttachmentRecord], MessageView]:
    """The message, its attachments, and its text read again from the raw copy (empty when the copy is gone or no
    longer matches its digest: the record still shows, with its quarantine reason)."""
    found = await visible_mail(scope, inbound_id)
    blob = await scope.ctx.blobs.get(found.message.blob_key)
    intact = blob is not None and hashlib.sha256(blob.data).hexdigest() == found.message.sha256
    view = message_view(blob.data) if blob is not None and intact else MessageView("", "", None)
    return found, await filing_repository(scope).attachments(inbound_id), view


async def raw_mail(scope: CabinetScope, inbound_id: str) -> bytes:
    """The bytes exactly as received (checked against their digest)."""
    found = await visible_mail(scope, inbound_id)
    blob = await scope.ctx.blobs.get(found.message.blob_key)
    if blob is None:
        raise NotFound("La copie de ce message est introuvable.")
    return blob.data


async def mail_html(scope: CabinetScope, inbound_id: str) -> str:
    """The message's HTML body made safe (domain/mail_html.py), never the HTML as received; 404 when it has none
    (or its copy is gone or no longer matches its digest)."""
    found = await visible_mail(scope, inbound_id)
    blob = await scope.ctx.blobs.get(found.message.blob_key)
    intact = blob is not None and hashlib.sha256(blob.data).hexdigest() == found.message.sha256
    html = sanitised_html(blob.data) if blob is not None and intact else None
    if html is None:
        raise NotFound(NO_HTML)
    return html


async def _visible_dossier(scope: CabinetScope, dossier_id: str) -> None:
    ensure_may_see(scope.actor, "dossier.read", DOSSIER_NOT_FOUND)
    if not await scope.dossier_access.may_see(scope.actor, dossier_id):
        raise NotFound(DOSSIER_NOT_FOUND)


async def file_by_hand(
    scope: CabinetScope, inbound_id: str, dossier_id: str, *, remember_sender: bool = False
) -> FiledMail:
    """A lawyer files (or re-files) a message: audited `mail.filed_by_hand`; its attachments become documents of
    the dossier; its sender is remembered for the dossier only when asked (audited `mail.sender_remembered`)."""
    found = await visible_mail(scope, inbound_id)
    ensure_permission(scope.actor, "mail.file")
    await _visible_dossier(scope, dossier_id)
    if found.message.status is MailStatus.RECEIVED:
        raise Conflict(BUSY)
    filing, now = filing_repository(scope), scope.ctx.clock.now().isoformat()
    reference = (await filing.dossier_references([dossier_id])).get(dossier_id, "")
    reason = f"classé à la main dans le dossier {reference}"
    new = NewDocuments()
    records = await _documents_for(scope, found, dossier_id, new)
    history = FilingEvent(scope.ctx.ids.new_id(), inbound_id, MailStatus.FILED, dossier_id, 1.0, reason, True,
                          scope.actor.label, now)  # fmt: skip
    writes = [filing.file_by_hand(inbound_id, dossier_id, reason, scope.actor.label, now), *new.writes,
              *(filing.put_attachment(inbound_id, record) for record in records), filing.add_history(history),
              filing.refile_search_entry(inbound_id)]  # fmt: skip
    sender = (found.reading.sender if found.reading else "") or found.message.mail_from
    if remember_sender and sender:
        writes += [filing.remember_sender(dossier_id, sender, scope.actor.label, now),
                   scope.audit_row("mail.sender_remembered", dossier_id, sender)]  # fmt: skip
    filed = filing.filed_in(inbound_id, dossier_id)
    writes += scope.notify(_filed_note(scope, found, history, reference), only_if=filed)
    results = await scope.commit(*writes, action="mail.filed_by_hand", subject=inbound_id,
                                 summary=f"{reason}", only_if=filed)  # fmt: skip
    if results[0].changes != 1:
        raise NotFound(DOSSIER_NOT_FOUND)  # the dossier went away meanwhile
    for job in new.text_jobs:
        await scope.ctx.jobs.send(job.body())
    if found.reading is not None:
        await suggest_from_mail(scope, found.message, found.reading, dossier_id)
    return await visible_mail(scope, inbound_id)


def _filed_note(scope: CabinetScope, found: FiledMail, event: FilingEvent, reference: str) -> NewNotification:
    """« courrier classé » for the dossier's team, each time a person files or re-files a message (keyed by the
    filing event). The title names the dossier's reference, never a client or a party."""
    message = found.message
    sender = (found.reading.sender if found.reading else "") or message.mail_from
    subject = found.reading.subject if found.reading else ""
    title = f"Courrier classé dans le dossier {reference}" if reference else "Courrier classé"
    return NewNotification(scope.ctx.ids.new_id(), f"mail:{message.id}:{NotificationType.MAIL_FILED.value}:{event.id}",
                           NotificationType.MAIL_FILED, title, f"De : {sender}\nObjet : {subject}\nClassé à la main.",
                           f"/courrier/{message.id}", Audience.dossier(event.dossier_id or ""), event.at,
                           event.dossier_id, message.id)  # fmt: skip


async def _documents_for(
    scope: CabinetScope, found: FiledMail, dossier_id: str, new: NewDocuments
) -> list[MailAttachmentRecord]:
    """The message's attachments as documents of the dossier it is filed in by hand (those already documents of a
    dossier stay where they are)."""
    records = await filing_repository(scope).attachments(found.message.id)
    if not any(record.document_id is None for record in records):
        return records
    blob = await scope.ctx.blobs.get(found.message.blob_key)
    if blob is None:
        return records
    return await attach_to_dossier(scope, found.message, records, blob.data, dossier_id, new)


async def file_many(scope: CabinetScope, inbound_ids: list[str], dossier_id: str) -> int:
    """Bulk filing from the tray: each message as `file_by_hand`; unknown or busy ones are skipped."""
    ensure_permission(scope.actor, "mail.file")
    if not 1 <= len(inbound_ids) <= MAX_BULK:
        raise InvalidInput(f"Entre 1 et {MAX_BULK} messages à la fois.", field="mail_ids")
    await _visible_dossier(scope, dossier_id)
    filed = 0
    for inbound_id in dict.fromkeys(inbound_ids):
        try:
            await file_by_hand(scope, inbound_id, dossier_id)
        except (NotFound, Conflict):
            continue
        filed += 1
    return filed


async def reprocess(scope: CabinetScope, inbound_id: str) -> MailStatus:
    """Runs the message's job again (after a fix): back to `received`, its filing kept, its job sent. Idempotent;
    a message whose job is still waiting is left to it."""
    message = await _message_to_reprocess(scope, inbound_id)
    ensure_permission(scope.actor, "mail.reprocess")
    if message.status is not MailStatus.RECEIVED:
        waiting = scope.inbound_mail.still_received(inbound_id)
        reopen = filing_repository(scope).reopen(inbound_id)
        results = await scope.commit(reopen, action="mail.reprocess", subject=inbound_id, only_if=waiting)
        if results[0].changes != 1:
            return (await scope.inbound_mail.get(inbound_id) or message).status
    await scope.ctx.jobs.send(MailReceived(scope.cabinet_id, inbound_id).body())
    return MailStatus.RECEIVED


async def _message_to_reprocess(scope: CabinetScope, inbound_id: str) -> InboundMessage:
    """A person must see the message (one filed where they may not look is unknown to them, as for every route);
    the operator and the system reach any message of the cabinet."""
    if scope.actor.kind == "person":
        return (await visible_mail(scope, inbound_id)).message
    ensure_may_see(scope.actor, "mail.read", MAIL_NOT_FOUND)
    message = await scope.inbound_mail.get(inbound_id)
    if message is None:
        raise NotFound(MAIL_NOT_FOUND)
    return message


async def reprocess_quarantined(scope: CabinetScope, *, limit: int = MAX_PAGE) -> list[str]:
    """Every quarantined message of the cabinet (up to `limit`) sent through its job again."""
    ensure_permission(scope.actor, "mail.reprocess")
    found = await filing_repository(scope).page(SYSTEM, MailFilter(status=MailStatus.QUARANTINED), limit, None)
    ids = [item.message.id for item in found[:limit]]
    for inbound_id in ids:
        await reprocess(scope, inbound_id)
    return ids


async def operator_reprocess(system: SystemScope, inbound_id: str) -> MailStatus:
    """The operator, by the message's id alone (no cabinet session)."""
    cabinet_id = await system.cross_cabinet.mail_cabinet(inbound_id)
    if cabinet_id is None:
        raise NotFound(MAIL_NOT_FOUND)
    return await reprocess(system.for_cabinet(cabinet_id), inbound_id)
