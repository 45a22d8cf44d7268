"""The inbound-mail entry point shared by the Worker's `email` handler and the local SMTP server.

Nothing is lost: the raw bytes are stored before anything else is attempted; a failure after that is recorded,
not raised. Raising means "temporary failure" to the sender's server, which then retries.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from services.context import AppContext
from services.ports import Statement

MAX_MESSAGE_BYTES = 25 * 1024 * 1024  # Email Routing refuses larger messages; so does the local SMTP server


@dataclass(frozen=True)
class InboundEnvelope:
    mail_from: str
    recipients: tuple[str, ...]
    raw: bytes


@dataclass(frozen=True)
class EmailOutcome:
    accepted: bool
    reason: str | None = None
    inbound_id: str | None = None


async def handle_email(ctx: AppContext, envelope: InboundEnvelope) -> EmailOutcome:
    if len(envelope.raw) > MAX_MESSAGE_BYTES:
        return EmailOutcome(False, "Message trop volumineux : la limite est de 25 Mo.")
    if not envelope.recipients:
        return EmailOutcome(False, "Aucun destinataire.")
    digest = hashlib.sha256(envelope.raw).hexdigest()
    recipients = ",".join(sorted(address.lower() for address in envelope.recipients))
    duplicate = await ctx.db.first(
        "SELECT id FROM inbound_mail WHERE sha256 = ? AND recipients = ?", digest, recipients
    )
    if duplicate is not None:  # the same delivery retried by the sender's server
        return EmailOutcome(True, inbound_id=str(duplicate["id"]))

    inbound_id = ctx.ids.new_id()
    received_at = ctx.clock.now()
    cabinet_id = await _cabinet_for(ctx, envelope.recipients)
    folder = f"cabinets/{cabinet_id}/inbound" if cabinet_id else "unrouted"
    blob_key = f"{folder}/{received_at:%Y/%m/%d}/{inbound_id}.eml"
    await ctx.blobs.put(
        blob_key,
        envelope.raw,
        content_type="message/rfc822",
        custom_metadata={"mail_from": envelope.mail_from[:512], "sha256": digest},
    )
    status = "received" if cabinet_id else "unrouted"
    at = received_at.isoformat()
    await ctx.db.batch(
        [
            Statement(
                "INSERT INTO inbound_mail (id, cabinet_id, mail_from, recipients, size, sha256, blob_key, status,"
                " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (
                    inbound_id,
                    cabinet_id,
                    envelope.mail_from,
                    recipients,
                    len(envelope.raw),
                    digest,
                    blob_key,
                    status,
                    at,
                ),
            ),
            Statement(
                "INSERT INTO audit_log (id, cabinet_id, actor, action, subject, origin, at)"
                " VALUES (?, ?, 'system', 'mail.received', ?, 'email', ?)",
                (ctx.ids.new_id(), cabinet_id, inbound_id, at),
            ),
        ]
    )
    if cabinet_id:
        await ctx.jobs.send(
            {
                "id": f"mail.received:{inbound_id}",
                "kind": "mail.received",
                "cabinet_id": cabinet_id,
                "inbound_id": inbound_id,
            }
        )
    return EmailOutcome(True, inbound_id=inbound_id)


async def _cabinet_for(ctx: AppContext, recipients: tuple[str, ...]) -> str | None:
    """Routes on the recipient address, ignoring a `+tag` (which later picks the dossier)."""
    for address in recipients:
        local, _, domain = address.lower().partition("@")
        base = f"{local.split('+', 1)[0]}@{domain}"
        row = await ctx.db.first("SELECT id FROM cabinets WHERE inbound_address = ?", base)
        if row is not None:
            return str(row["id"])
    return None
