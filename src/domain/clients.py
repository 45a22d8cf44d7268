"""A cabinet's clients: natural persons (civility, first and last name) and legal ones (company name, SIREN), their
addresses, phones and email addresses, and the rules on each field (docs/dossiers.md, "Clients")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from domain.errors import InvalidInput
from domain.people import valid_email
from domain.search_text import fold, name_key

MAX_NAME_CHARS = 200
MAX_NOTES_CHARS = 10_000
MAX_ITEMS = 20  # addresses, phones or emails of one client
MAX_LINE_CHARS = 200
MAX_PHONE_CHARS = 40
CIVILITIES = ("M.", "Mme", "")
DEFAULT_COUNTRY = "France"
# The legal forms that open a company's name: sorted after the rest of the name, so that "SARL Boulangerie Martin"
# is listed (and found by prefix) under "Boulangerie".
LEGAL_FORMS = frozenset(
    {"sa", "sas", "sasu", "sarl", "eurl", "sci", "snc", "scp", "scm", "selarl", "selas", "selafa", "sca", "gie",
     "eirl", "ei", "scop", "association", "societe", "fondation", "syndicat"}
)  # fmt: skip
_PHONE = re.compile(r"^\+?[0-9 .()\-]{4,40}$")


class ClientKind(StrEnum):
    NATURAL = "personne_physique"
    LEGAL = "personne_morale"


@dataclass(frozen=True)
class Address:
    line1: str
    postal_code: str
    city: str
    label: str = ""
    line2: str = ""
    country: str = DEFAULT_COUNTRY


@dataclass(frozen=True)
class Client:
    id: str
    cabinet_id: str
    kind: ClientKind
    created_at: str
    updated_at: str
    civility: str = ""
    first_name: str = ""
    last_name: str = ""
    company_name: str = ""
    siren: str = ""
    addresses: tuple[Address, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    notes: str = ""

    @property
    def display_name(self) -> str:
        """ "Mme Claire Dupont", "SARL Boulangerie Martin"."""
        if self.kind is ClientKind.LEGAL:
            return self.company_name
        return " ".join(part for part in (self.civility, self.first_name, self.last_name) if part)

    @property
    def sort_name(self) -> str:
        """Folded, last name first; a company's legal form last."""
        if self.kind is ClientKind.LEGAL:
            words = fold(self.company_name).split()
            if len(words) > 1 and words[0] in LEGAL_FORMS:
                words = [*words[1:], words[0]]
            return " ".join(words)
        return " ".join(fold(f"{self.last_name} {self.first_name}").split())

    @property
    def name_key(self) -> str:
        if self.kind is ClientKind.LEGAL:
            return name_key(self.company_name)
        return name_key(f"{self.first_name} {self.last_name}")


def valid_siren(siren: str, field: str = "siren") -> str:
    """Nine digits (spaces allowed between them) whose Luhn checksum holds; empty stays empty."""
    digits = re.sub(r"[\s.]", "", siren)
    if not digits:
        return ""
    if not re.fullmatch(r"[0-9]{9}", digits) or not luhn_valid(digits):
        raise InvalidInput("Indiquez un SIREN valide : neuf chiffres (clé de contrôle de Luhn).", field=field)
    return digits


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def clean_text(value: str, field: str, limit: int = MAX_NAME_CHARS) -> str:
    cleaned = " ".join(value.split())
    if len(cleaned) > limit or not cleaned.isprintable():
        raise InvalidInput(f"Texte trop long ou illisible (au plus {limit} caractères).", field=field)
    return cleaned


def _address(address: Address, index: int) -> Address:
    field = f"addresses.{index}"
    cleaned = Address(
        line1=clean_text(address.line1, f"{field}.line1", MAX_LINE_CHARS),
        postal_code=clean_text(address.postal_code, f"{field}.postal_code", 20),
        city=clean_text(address.city, f"{field}.city", MAX_LINE_CHARS),
        label=clean_text(address.label, f"{field}.label", 60),
        line2=clean_text(address.line2, f"{field}.line2", MAX_LINE_CHARS),
        country=clean_text(address.country, f"{field}.country", 60) or DEFAULT_COUNTRY,
    )
    for name in ("line1", "postal_code", "city"):
        if not getattr(cleaned, name):
            raise InvalidInput("Une adresse a besoin d'une ligne, d'un code postal et d'une ville.",
                               field=f"{field}.{name}")  # fmt: skip
    return cleaned


def _phones(phones: tuple[str, ...]) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(" ".join(phone.split()) for phone in phones if phone.strip()))
    for phone in cleaned:
        if not _PHONE.match(phone):
            raise InvalidInput("Numéro de téléphone illisible : chiffres, espaces, points, tirets et +.",
                               field="phones")  # fmt: skip
    return cleaned


def _count(items: tuple[object, ...], field: str) -> None:
    if len(items) > MAX_ITEMS:
        raise InvalidInput(f"Au plus {MAX_ITEMS} éléments.", field=field)


def validated_client(client: Client) -> Client:
    """The client with every field cleaned and checked: a natural person needs a last name, a legal one its
    company name; emails are lower-cased and deduplicated; the SIREN is Luhn-checked."""
    for items, field in ((client.addresses, "addresses"), (client.phones, "phones"), (client.emails, "emails")):
        _count(items, field)
    if client.civility not in CIVILITIES:
        raise InvalidInput("Civilité : « M. », « Mme » ou rien.", field="civility")
    cleaned = replace(
        client,
        first_name=clean_text(client.first_name, "first_name"),
        last_name=clean_text(client.last_name, "last_name"),
        company_name=clean_text(client.company_name, "company_name"),
        siren=valid_siren(client.siren),
        addresses=tuple(_address(address, index) for index, address in enumerate(client.addresses)),
        phones=_phones(client.phones),
        emails=tuple(dict.fromkeys(valid_email(email, field="emails") for email in client.emails)),
        notes=client.notes.strip(),
    )
    if len(cleaned.notes) > MAX_NOTES_CHARS:
        raise InvalidInput(f"Notes trop longues (au plus {MAX_NOTES_CHARS} caractères).", field="notes")
    if cleaned.kind is ClientKind.NATURAL and not cleaned.last_name:
        raise InvalidInput("Indiquez le nom de famille du client.", field="last_name")
    if cleaned.kind is ClientKind.LEGAL and not cleaned.company_name:
        raise InvalidInput("Indiquez la raison sociale du client.", field="company_name")
    return cleaned


def valid_client_kind(kind: str) -> ClientKind:
    try:
        return ClientKind(kind)
    except ValueError:
        raise InvalidInput("Type : « personne_physique » ou « personne_morale ».", field="kind") from None


def is_company_name(name: str) -> bool:
    """Whether a name written in full reads as a company's: it holds a legal form (SARL, SAS, SCI, Société…)."""
    return any(word in LEGAL_FORMS for word in fold(name).split())
