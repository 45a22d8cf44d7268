"""Inbound mail on loopback: an aiosmtpd server on the runtime's event loop, handing each message to the same
`email` handler the Worker uses, once per recipient as Email Routing does. A refusal is a permanent 5xx; a
failure in the handler a temporary 4xx, so the sending server retries (recipients already stored are recognised).

The envelope is checked as it comes, so that nothing accepted can fail later on every retry: at most
`MAX_RECIPIENTS` recipients, and addresses that are valid UTF-8 (the database stores nothing else)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from domain.inbound_mail import MAX_MESSAGE_BYTES
from handlers.email import InboundEnvelope, handle_email
from local.smtp_data import MailroomSMTP
from services.context import AppContext

log = logging.getLogger("poste.smtp")

# RFC 5321 §4.5.3.1.8: a server takes at least 100 recipients per message; past its limit it answers 452
# (§4.5.3.1.10) and the client sends the rest in another transaction. Each recipient is one stored copy.
MAX_RECIPIENTS = 100
TOO_MANY_RECIPIENTS = (
    f"452 4.5.3 Trop de destinataires : {MAX_RECIPIENTS} au plus par message ; envoyez les autres dans un autre envoi."
)


class InboundHandler:
    def __init__(self, context: AppContext) -> None:
        self._context = context
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if not _is_utf8(address):
            return "553 5.1.7 Adresse d'expéditeur refusée : elle n'est pas en UTF-8 valide."
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return TOO_MANY_RECIPIENTS
        if not _is_utf8(address):
            return "553 5.1.3 Adresse de destinataire refusée : elle n'est pas en UTF-8 valide."
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self._in_flight += 1
        self._idle.clear()
        try:
            return await self._deliver(envelope)
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()

    async def wait_idle(self) -> None:
        """On shutdown: lets messages being stored finish before the stores close."""
        await self._idle.wait()

    async def _deliver(self, envelope: Envelope) -> str:
        raw = bytes(envelope.original_content or b"")
        mail_from = envelope.mail_from or ""
        refusals = []
        for recipient in envelope.rcpt_tos:
            try:
                outcome = await handle_email(self._context, InboundEnvelope(mail_from, recipient, raw))
            except Exception:
                log.exception("mail from %s to %s could not be stored; the sender will retry", mail_from, recipient)
                return "451 4.3.0 Erreur temporaire, veuillez réessayer plus tard."
            if outcome.accepted:
                log.info("inbound mail %s from %s to %s (%d bytes)", outcome.inbound_id, mail_from, recipient, len(raw))
            else:
                log.warning("mail from %s to %s refused: %s", mail_from, recipient, outcome.reason)
                refusals.append(outcome.reason or "Message refusé.")
        if refusals and len(refusals) == len(envelope.rcpt_tos):
            return f"550 5.7.1 {refusals[0]}"
        return "250 2.0.0 Message reçu"


def _is_utf8(address: str) -> bool:
    """aiosmtpd hands over bytes that are not UTF-8 as lone surrogates (surrogateescape)."""
    try:
        address.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


async def start_smtp(context: AppContext, host: str, port: int) -> tuple[asyncio.Server, InboundHandler]:
    handler = InboundHandler(context)
    loop = asyncio.get_running_loop()

    def protocol() -> Any:
        return MailroomSMTP(
            handler,
            data_size_limit=MAX_MESSAGE_BYTES,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname="poste.local",
            ident="IA Poste Manager",
        )

    server = await loop.create_server(protocol, host=host, port=port)
    return server, handler
