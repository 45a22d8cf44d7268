"""Outbound mail on Workers: the `send_email` binding (`MAILER`) given the raw message as an `EmailMessage` of
`cloudflare:email` — the very bytes the local runtime hands its relay or writes to its outbox, so the Message-ID,
the encoding and the headers are the application's own on both runtimes.

Who the binding may reach is Cloudflare's configuration, not this code's: see docs/deploy.md (section 7).
"""

from __future__ import annotations

from typing import Any

from workers import import_from_javascript

from services.outbound_mail import compose, parse_sender
from services.ports import Clock, IdGenerator, MailNotSent, OutboundMail

# Email Service's error codes (`error.code`) that sending the same message again cannot cure. Any other failure
# (rate or daily limit, delivery failure, internal error, or a binding error without a code) may pass later.
PERMANENT_ERRORS = frozenset(
    {
        "E_VALIDATION_ERROR",
        "E_FIELD_MISSING",
        "E_TOO_MANY_RECIPIENTS",
        "E_SENDER_NOT_VERIFIED",
        "E_RECIPIENT_NOT_ALLOWED",
        "E_RECIPIENT_SUPPRESSED",
        "E_SENDER_DOMAIN_NOT_AVAILABLE",
        "E_CONTENT_TOO_LARGE",
    }
)


class SendEmailMailer:
    def __init__(self, binding: Any, sender: str, clock: Clock, ids: IdGenerator) -> None:
        self._binding = binding
        self._sender = sender  # MAIL_FROM, parsed at each send: a bad value fails sending, not every request
        self._clock = clock
        self._ids = ids

    async def send(self, mail: OutboundMail) -> str:
        sender = parse_sender(self._sender, setting="MAIL_FROM")
        composed = compose(mail, sender=sender, clock=self._clock, ids=self._ids)
        if self._binding is None:
            raise MailNotSent("no MAILER (send_email) binding in this Worker's environment", temporary=False)
        # Imported at the first send, in a request: `cloudflare:email` cannot be imported at the top level.
        email_message = import_from_javascript("cloudflare:email").EmailMessage
        message = email_message.new(composed.sender, composed.recipient, composed.raw.decode("ascii"))
        try:
            await self._binding.send(message)
        except Exception as exc:  # a JsException: Error with `code` (Email Service) and `message`
            code = str(getattr(exc, "code", "") or "")
            text = str(getattr(exc, "message", "") or exc)
            raise MailNotSent(f"send_email: {code or 'erreur'} {text}", temporary=code not in PERMANENT_ERRORS) from exc
        return composed.message_id
