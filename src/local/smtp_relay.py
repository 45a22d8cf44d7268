"""Outbound mail through an SMTP relay (`POSTE_SMTP_RELAY`): one connection per message, STARTTLS and AUTH when
configured. smtplib blocks, so each delivery runs on a worker thread: the runtime's event loop (HTTP, inbound
SMTP, cron, queue) goes on while a slow relay answers."""

from __future__ import annotations

import asyncio
import smtplib
import ssl

from local.config import RelaySettings
from services.outbound_mail import ComposedMail, Sender, compose
from services.ports import Clock, IdGenerator, MailNotSent, OutboundMail

TIMEOUT_SECONDS = 30.0


class SmtpRelayMailer:
    def __init__(
        self,
        relay: RelaySettings,
        sender: Sender,
        clock: Clock,
        ids: IdGenerator,
        *,
        tls_context: ssl.SSLContext | None = None,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self._relay = relay
        self._sender = sender
        self._clock = clock
        self._ids = ids
        self._tls_context = tls_context  # None: the system's trust store, with the relay's host name checked
        self._timeout = timeout

    async def send(self, mail: OutboundMail) -> str:
        composed = compose(mail, sender=self._sender, clock=self._clock, ids=self._ids)
        await asyncio.to_thread(self._deliver, composed)
        return composed.message_id

    def _deliver(self, composed: ComposedMail) -> None:
        relay = self._relay
        try:
            with smtplib.SMTP(relay.host, relay.port, timeout=self._timeout) as smtp:
                if relay.starttls:
                    smtp.starttls(context=self._tls_context or ssl.create_default_context())
                if relay.user is not None and relay.password is not None:
                    smtp.login(relay.user, relay.password)
                smtp.sendmail(composed.sender, [composed.recipient], composed.raw)
        except smtplib.SMTPRecipientsRefused as refused:
            code, reply = next(iter(refused.recipients.values()))
            raise _not_sent("destinataire refusé", code, reply) from refused
        except smtplib.SMTPAuthenticationError as error:
            raise MailNotSent(f"le relais SMTP refuse l'identification ({error.smtp_code})", temporary=False) from error
        except smtplib.SMTPResponseException as error:  # sender refused, data refused…
            raise _not_sent("message refusé", error.smtp_code, error.smtp_error) from error
        except smtplib.SMTPNotSupportedError as error:  # STARTTLS or AUTH asked of a relay that does not offer it
            raise MailNotSent(f"le relais SMTP ne le permet pas : {error}", temporary=False) from error
        except ssl.SSLCertVerificationError as error:  # the relay is not who it says: trying again will not help
            raise MailNotSent(f"certificat du relais SMTP refusé : {error.verify_message}", temporary=False) from error
        except (OSError, smtplib.SMTPException) as error:  # unreachable, timed out, TLS failure, disconnected
            raise MailNotSent(f"relais SMTP {relay.host}:{relay.port} injoignable : {error}", temporary=True) from error


def _not_sent(what: str, code: int, reply: bytes | str) -> MailNotSent:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return MailNotSent(f"le relais SMTP a répondu {code} ({what}) : {text}", temporary=400 <= code < 500)
