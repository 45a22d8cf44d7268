"""Which addresses the application sends mail to: one plain address (`nom@domaine.fr`), nothing else.

Recipients come from people (an invitation, a reset request), so the rule is strict on purpose: no display name,
no list, no comment, no quoted local part, no IP-literal domain, no control character. A value that passes is safe
to put in a `To:` header and an SMTP `RCPT TO` as it is: it cannot carry a second recipient or a header.
"""

from __future__ import annotations

import re

from domain.errors import InvalidInput

MAX_ADDRESS_CHARS = 254  # RFC 5321's path limit, less the angle brackets
MAX_LOCAL_CHARS = 64

# RFC 5322 dot-atom: atext characters, single dots between them.
_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def recipient_address(value: str, *, field: str = "to") -> str:
    """The address, its domain in lower case (and in its ASCII form when internationalised), or InvalidInput."""
    local, at, domain = value.rpartition("@")
    if not at or not _LOCAL_PART.fullmatch(local) or len(local) > MAX_LOCAL_CHARS:
        raise _invalid(field)
    ascii_domain = _ascii_domain(domain)
    if ascii_domain is None:
        raise _invalid(field)
    address = f"{local}@{ascii_domain}"
    if len(address) > MAX_ADDRESS_CHARS:
        raise _invalid(field)
    return address


def _ascii_domain(domain: str) -> str | None:
    """`cabinet-éloïse.fr` → `xn--cabinet-lose-…`: what DNS and every SMTP server understand."""
    if not domain or domain != domain.strip() or any(ord(c) < 0x21 or ord(c) == 0x7F for c in domain):
        return None
    try:
        ascii_form = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = ascii_form.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        return None
    return ascii_form


def _invalid(field: str) -> InvalidInput:
    # The value itself is not repeated: it may hold control characters, and it is the client's own input.
    return InvalidInput("Indiquez une seule adresse électronique valide, de la forme nom@domaine.fr.", field=field)
