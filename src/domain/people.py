"""The people of a cabinet, their invitations and what they may hold: pure values and the rules on their fields."""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.actors import Role
from domain.errors import InvalidInput
from domain.mail_address import recipient_address

MAX_EMAIL_CHARS = 254  # RFC 5321's path limit, less the brackets
MAX_PERSON_NAME_CHARS = 120
# Deliberately plain: one @, no spaces or angle brackets, a dot in the domain. The mail that follows is the real
# check (invitation and reset links only work once received).
EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"\\]+@[^@\s<>()\[\],;:\"\\]+\.[^@\s<>()\[\],;:\"\\]+$")
ROLE_LABELS = {
    Role.ASSOCIE: "associé(e)",
    Role.AVOCAT: "avocat(e)",
    Role.COLLABORATEUR: "collaborateur ou juriste",
    Role.ASSISTANT: "assistant(e)",
}


@dataclass(frozen=True)
class Person:
    id: str
    cabinet_id: str
    email: str
    name: str
    role: Role
    active: bool
    totp_enabled: bool
    created_at: str


@dataclass(frozen=True)
class Invitation:
    id: str
    cabinet_id: str
    email: str
    role: Role
    invited_by: str
    created_at: str
    expires_at: str


def valid_email(email: str, field: str = "email") -> str:
    """A person's address, lower-cased, and one the outbound mail accepts (invitations and resets go there)."""
    cleaned = email.strip().lower()
    if len(cleaned) > MAX_EMAIL_CHARS or not EMAIL.match(cleaned):
        raise InvalidInput("Indiquez une adresse électronique valide, par exemple prenom.nom@cabinet.fr.", field=field)
    recipient_address(cleaned, field=field)
    return cleaned


def valid_person_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_PERSON_NAME_CHARS or not cleaned.isprintable():
        raise InvalidInput(f"Indiquez un nom (1 à {MAX_PERSON_NAME_CHARS} caractères).", field="name")
    return cleaned


def valid_role(role: str) -> Role:
    try:
        return Role(role.strip().lower())
    except ValueError:
        choices = ", ".join(role.value for role in Role)
        raise InvalidInput(f"Rôle inconnu : choisissez parmi {choices}.", field="role") from None


def name_from_email(email: str) -> str:
    """A first name for people created from the command line: `marie.dupont@…` → `Marie Dupont`."""
    local = email.split("@", 1)[0]
    words = [word for word in re.split(r"[._-]+", local) if word]
    return " ".join(word.capitalize() for word in words) or email


@dataclass(frozen=True)
class Account:
    """What login finds from an email alone, before the cabinet is known."""

    cabinet_id: str
    person_id: str
    password_hash: str


@dataclass(frozen=True)
class ResetLink:
    id: str
    cabinet_id: str
    person_id: str
    expires_at: str
    used: bool
