"""Outbound mail as it goes on the wire: one RFC 5322 message built with the stdlib `email` package, the same bytes
on both runtimes (the send_email binding takes them raw; locally the SMTP relay or the outbox folder gets them).

UTF-8 throughout: the subject and display names are encoded words, the body parts quoted-printable, so the message
is 7-bit ASCII from end to end and passes any relay (and a JS string) unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from domain.errors import InvalidInput
from domain.mail_address import recipient_address
from services.limits import check_outbound_mail
from services.ports import Clock, IdGenerator, OutboundMail

DEFAULT_MAIL_FROM = "IA Poste Manager <ne-pas-repondre@poste.example>"
MAX_SUBJECT_CHARS = 998  # RFC 5322's line limit, which Email Service applies to the subject


@dataclass(frozen=True)
class Sender:
    """`MAIL_FROM`, parsed: the `From:` header's display name and the address (also the envelope sender)."""

    display_name: str
    address: str

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]


@dataclass(frozen=True)
class ComposedMail:
    message_id: str  # the Message-ID header's value, `<local_id@sender-domain>`
    sender: str  # envelope
    recipient: str  # envelope
    raw: bytes  # the whole message, CRLF line ends, 7-bit

    @property
    def local_id(self) -> str:
        return self.message_id[1:].partition("@")[0]


def parse_sender(value: str, *, setting: str = "MAIL_FROM") -> Sender:
    """`Nom <adresse@domaine>` or a bare address; a ValueError naming the setting otherwise (a configuration error)."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise ValueError(f"{setting} invalide : caractère de contrôle")
    header = policy.SMTP.header_factory("From", value)
    addresses: tuple[Address, ...] = getattr(header, "addresses", ())
    if len(addresses) != 1 or header.defects:
        raise ValueError(f"{setting} invalide : une seule adresse, ex. « IA Poste Manager <ne-pas-repondre@…> »")
    try:
        address = recipient_address(addresses[0].addr_spec, field=setting)
    except InvalidInput as error:
        raise ValueError(f"{setting} invalide : {error.message}") from error
    return Sender(display_name=addresses[0].display_name, address=address)


def compose(mail: OutboundMail, *, sender: Sender, clock: Clock, ids: IdGenerator) -> ComposedMail:
    """The message for `mail`, or InvalidInput (field `to`) when the recipient is not one valid address."""
    recipient = recipient_address(mail.to)
    message_id = f"<{ids.new_id()}@{sender.domain}>"
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = Address(display_name=sender.display_name, addr_spec=sender.address)
    message["To"] = recipient
    message["Subject"] = one_line(mail.subject)[:MAX_SUBJECT_CHARS]
    message["Date"] = format_datetime(clock.now().astimezone(UTC))
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: out-of-office robots do not answer it
    message.set_content(_unix_lines(mail.text), subtype="plain", charset="utf-8", cte="quoted-printable")
    if mail.html:
        message.add_alternative(_unix_lines(mail.html), subtype="html", charset="utf-8", cte="quoted-printable")
        for part in message.iter_parts():
            del part["MIME-Version"]  # add_alternative repeats it in the moved part; it belongs on the message only
    raw = message.as_bytes()
    check_outbound_mail(raw)
    return ComposedMail(message_id=message_id, sender=sender.address, recipient=recipient, raw=raw)


def one_line(subject: str) -> str:
    """A subject is one line: line breaks and other control characters become single spaces (a cabinet's name in
    a subject can then never start a header of its own)."""
    visible = "".join(" " if ord(c) < 0x20 or ord(c) == 0x7F else c for c in subject)
    return " ".join(visible.split())


def _unix_lines(text: str) -> str:
    # The policy writes every line end as CRLF; a CR left inside a line would be encoded as data instead.
    return text.replace("\r\n", "\n").replace("\r", "\n")
