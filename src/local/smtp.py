"""Inbound mail on loopback: an aiosmtpd server on the runtime's event loop, handing each message to the same
`email` handler the Worker uses. A refusal is a permanent 5xx; a crash in the handler a temporary 4xx, so the
sending server retries, as with Email Routing."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from handlers.email import MAX_MESSAGE_BYTES, InboundEnvelope, handle_email
from services.context import AppContext

log = logging.getLogger("poste.smtp")


class InboundHandler:
    def __init__(self, context: AppContext) -> None:
        self._context = context
        self.delivered = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        inbound = InboundEnvelope(
            mail_from=envelope.mail_from or "", recipients=tuple(envelope.rcpt_tos), raw=bytes(raw)
        )
        try:
            outcome = await handle_email(self._context, inbound)
        except Exception:
            log.exception("inbound mail from %s could not be stored; sender will retry", inbound.mail_from)
            return "451 4.3.0 Erreur temporaire, veuillez réessayer plus tard."
        if not outcome.accepted:
            log.warning("inbound mail from %s refused: %s", inbound.mail_from, outcome.reason)
            return f"550 5.7.1 {outcome.reason}"
        self.delivered += 1
        log.info(
            "inbound mail %s from %s to %s (%d bytes)",
            outcome.inbound_id,
            inbound.mail_from,
            ", ".join(inbound.recipients),
            len(inbound.raw),
        )
        return "250 2.0.0 Message reçu"


async def start_smtp(context: AppContext, host: str, port: int) -> tuple[asyncio.Server, InboundHandler]:
    handler = InboundHandler(context)
    loop = asyncio.get_running_loop()

    def protocol() -> Any:
        return SMTP(
            handler,
            data_size_limit=MAX_MESSAGE_BYTES,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname="poste.local",
            ident="IA Poste Manager",
        )

    server = await loop.create_server(protocol, host=host, port=port)
    return server, handler
