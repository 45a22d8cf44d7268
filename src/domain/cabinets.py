"""A cabinet: the tenant. Every other record belongs to exactly one."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import InvalidInput

DEFAULT_TIMEZONE = "Europe/Paris"
MAX_NAME_CHARS = 200


@dataclass(frozen=True)
class Cabinet:
    id: str
    name: str
    inbound_address: str
    timezone: str
    created_at: str  # UTC ISO-8601


def valid_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_NAME_CHARS:
        raise InvalidInput(f"Indiquez un nom de cabinet (1 à {MAX_NAME_CHARS} caractères).", field="name")
    return cleaned


def valid_inbound_address(address: str) -> str:
    """Lower-cased; no `+`, which is reserved for the dossier tag (`cabinet+2026-0042@…`)."""
    cleaned = address.strip().lower()
    local, _, domain = cleaned.partition("@")
    if not local or "." not in domain or "+" in local or any(c.isspace() for c in cleaned):
        raise InvalidInput(
            "Indiquez une adresse de réception valide, sans « + » (réservé aux dossiers).", field="address"
        )
    return cleaned


def routing_address(recipient: str) -> str:
    """The cabinet address a recipient reaches: lower case, without its `+tag`."""
    local, _, domain = recipient.strip().lower().partition("@")
    return f"{local.split('+', 1)[0]}@{domain}"
