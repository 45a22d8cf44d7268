"""The inbound-mail entry point shared by the Worker's `email` handler and the local SMTP server.

Called once per recipient, as Cloudflare Email Routing does. Nothing is lost: the raw bytes are stored before
anything else; raising means "temporary failure" to the sender's server, which then retries. A retried delivery
is recognised by its Message-ID (or, without one, its digest) for the same recipient and recorded once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32

from services.audit import audit_entry
from services.context import AppContext
from services.ports import JsonDict, Statement

MAX_MESSAGE_BYTES = 25 * 1024 * 1024  # Email Routing refuses larger messages; so does the local SMTP server
MAX_MESSAGE_ID_CHARS = 512


@dataclass(frozen=True)
class InboundEnvelope:
    mail_from: str
    recipient: str
    raw: bytes


@dataclass(frozen=True)
class EmailOutcome:
    accepted: bool
    reason: str | None = None
    inbound_id: str | None = None


def mail_received_job(cabinet_id: str, inbound_id: str) -> JsonDict:
    return {"id": f"mail.received:{inbound_id}", "kind": "mail.received", "cabinet_id": cabinet_id,
            "inbound_id": inbound_id}  # fmt: skip


def dedupe_key(raw: bytes, digest: str) -> str:
    """The Message-ID when the message has a usable one (retries may add trace headers), else the digest."""
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536])
    message_id = str(headers.get("Message-ID") or "").strip()
    if message_id and len(message_id) <= MAX_MESSAGE_ID_CHARS:
        return f"mid:{message_id}"
    return f"sha256:{digest}"


async def handle_email(ctx: AppContext, envelope: InboundEnvelope) -> EmailOutcome:
    if len(envelope.raw) > MAX_MESSAGE_BYTES:
        return EmailOutcome(False, "Message trop volumineux : la limite est de 25 Mo.")
    recipient = envelope.recipient.strip().lower()
    if not recipient:
        return EmailOutcome(False, "Aucun destinataire.")
    digest = hashlib.sha256(envelope.raw).hexdigest()
    key = dedupe_key(envelope.raw, digest)
    known = await _already_received(ctx, recipient, key)
    if known is not None:
        return EmailOutcome(True, inbound_id=known)

    inbound_id = ctx.ids.new_id()
    cabinet_id = await _cabinet_for(ctx, recipient)
    blob_key = await _store_raw(ctx, envelope, inbound_id, cabinet_id, digest)
    inserted = await _record(ctx, envelope, recipient, key, inbound_id, cabinet_id, digest, blob_key)
    if not inserted:  # a concurrent delivery of the same message won the race: keep its record, drop our copy
        await ctx.blobs.delete(blob_key)
        return EmailOutcome(True, inbound_id=await _already_received(ctx, recipient, key))
    if cabinet_id:
        await ctx.jobs.send(mail_received_job(cabinet_id, inbound_id))
    return EmailOutcome(True, inbound_id=inbound_id)


async def _already_received(ctx: AppContext, recipient: str, key: str) -> str | None:
    row = await ctx.db.first("SELECT id FROM inbound_mail WHERE recipient = ? AND dedupe_key = ?", recipient, key)
    return str(row["id"]) if row else None


async def _store_raw(
    ctx: AppContext, envelope: InboundEnvelope, inbound_id: str, cabinet_id: str | None, digest: str
) -> str:
    folder = f"cabinets/{cabinet_id}/inbound" if cabinet_id else "unrouted"
    blob_key = f"{folder}/{ctx.clock.now():%Y/%m/%d}/{inbound_id}.eml"
    metadata = {"mail_from": envelope.mail_from[:512], "sha256": digest}
    await ctx.blobs.put(blob_key, envelope.raw, content_type="message/rfc822", custom_metadata=metadata)
    return blob_key


async def _record(
    ctx: AppContext,
    envelope: InboundEnvelope,
    recipient: str,
    key: str,
    inbound_id: str,
    cabinet_id: str | None,
    digest: str,
    blob_key: str,
) -> bool:
    """Writes the row and its audit entry atomically; False when the same message was recorded meanwhile."""
    status = "received" if cabinet_id else "unrouted"
    # The id is fresh, so the row exists after the insert only when our insert won.
    ours = Statement("SELECT 1 FROM inbound_mail WHERE id = ?", (inbound_id,))
    results = await ctx.db.batch(
        [
            Statement(
                "INSERT INTO inbound_mail (id, cabinet_id, mail_from, recipient, dedupe_key, size, sha256, blob_key,"
                " status, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (
                    inbound_id,
                    cabinet_id,
                    envelope.mail_from,
                    recipient,
                    key,
                    len(envelope.raw),
                    digest,
                    blob_key,
                    status,
                    ctx.clock.now().isoformat(),
                ),
            ),
            audit_entry(
                ctx,
                cabinet_id=cabinet_id,
                action="mail.received",
                subject=inbound_id,
                origin="email",
                only_if_exists=ours,
            ),
        ]
    )
    return results[0].changes == 1


async def _cabinet_for(ctx: AppContext, recipient: str) -> str | None:
    """Routes on the recipient address, ignoring a `+tag` (which later picks the dossier)."""
    local, _, domain = recipient.partition("@")
    row = await ctx.db.first("SELECT id FROM cabinets WHERE inbound_address = ?", f"{local.split('+', 1)[0]}@{domain}")
    return str(row["id"]) if row else None
