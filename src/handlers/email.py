"""The `email` entry point shared by the Worker's `email` handler and the local SMTP server, called once per
recipient as Email Routing does. A refusal (`accepted=False`) is a permanent bounce with its French reason; an
exception is a temporary failure, which the sender's server retries."""

from __future__ import annotations

from services.context import AppContext
from services.inbound_mail import EmailOutcome, InboundEnvelope, receive_mail

__all__ = ["EmailOutcome", "InboundEnvelope", "handle_email"]


async def handle_email(ctx: AppContext, envelope: InboundEnvelope) -> EmailOutcome:
    return await receive_mail(ctx, envelope)
