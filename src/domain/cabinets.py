"""A cabinet: the tenant. Every other record belongs to exactly one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from domain.deadlines.errors import DeadlineInputError
from domain.deadlines.zones import parse_zone
from domain.errors import InvalidInput

DEFAULT_TIMEZONE = "Europe/Paris"
DEFAULT_COURT_ZONE = "metropole"
DEFAULT_ALERT_DAYS = (7, 3, 1, 0)
# Five years, the limitation period of C. civ. art. 2225 (an action against the lawyer), counted from the dossier's
# closing: 1827 days hold five years whatever the leap years. The column's SQL default (migration 0004) is not used:
# every insert names the value, and cabinets created before keep theirs.
DEFAULT_RETENTION_DAYS = 1827
MAX_NAME_CHARS = 200
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
# The zones a cabinet may work in: metropolitan France and the overseas zones its courts sit in.
TIMEZONES = frozenset(
    {
        "Europe/Paris",
        "America/Guadeloupe",
        "America/Martinique",
        "America/Cayenne",
        "Indian/Reunion",
        "Indian/Mayotte",
        "America/St_Barthelemy",
        "America/Marigot",
        "America/Miquelon",
        "Pacific/Wallis",
        "Pacific/Tahiti",
        "Pacific/Noumea",
        "Indian/Kerguelen",
    }
)


class TotpPolicy(StrEnum):
    OPTIONAL = "optional"
    REQUIRED = "required"


@dataclass(frozen=True)
class Cabinet:
    id: str
    name: str
    slug: str
    inbound_address: str
    timezone: str
    created_at: str  # UTC ISO-8601
    court_zone: str = DEFAULT_COURT_ZONE
    alert_days: tuple[int, ...] = DEFAULT_ALERT_DAYS
    retention_days: int = DEFAULT_RETENTION_DAYS
    totp_policy: TotpPolicy = TotpPolicy.OPTIONAL


def valid_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_NAME_CHARS:
        raise InvalidInput(f"Indiquez un nom de cabinet (1 à {MAX_NAME_CHARS} caractères).", field="name")
    return cleaned


def valid_slug(slug: str) -> str:
    cleaned = slug.strip().lower()
    if not SLUG.match(cleaned):
        raise InvalidInput(
            "Indiquez un identifiant court : lettres minuscules sans accent, chiffres et tirets (63 au plus), "
            "par exemple « cabinet-martin ».",
            field="slug",
        )
    return cleaned


def inbound_address_for(slug: str, mail_domain: str) -> str:
    """The cabinet's one inbound address; `{slug}+{dossier}@…` reaches a dossier."""
    return f"{slug}@{mail_domain}"


def valid_timezone(timezone: str) -> str:
    if timezone not in TIMEZONES:
        raise InvalidInput("Fuseau horaire non pris en charge : choisissez celui de la métropole ou d'un territoire "
                           "d'outre-mer.", field="timezone")  # fmt: skip
    return timezone


def valid_court_zone(zone: str) -> str:
    try:
        return parse_zone(zone).code
    except DeadlineInputError:
        raise InvalidInput("Zone inconnue : indiquez « metropole », un département (57, 971…) ou une collectivité "
                           "d'outre-mer.", field="court_zone") from None  # fmt: skip


def valid_alert_days(days: list[int] | tuple[int, ...]) -> tuple[int, ...]:
    if not days or len(days) > 10 or any(not 0 <= day <= 90 for day in days):
        raise InvalidInput("Indiquez de 1 à 10 rappels, chacun entre 0 et 90 jours avant l'échéance.",
                           field="alert_days")  # fmt: skip
    return tuple(sorted(set(days), reverse=True))


def valid_retention_days(days: int) -> int:
    """Never below the default: a dossier is kept at least the five years of C. civ. art. 2225, or the retention
    job would purge dossiers a client could still bring an action about."""
    if not DEFAULT_RETENTION_DAYS <= days <= 36500:
        raise InvalidInput(
            "La durée de conservation va de 1 827 à 36 500 jours : un dossier se conserve au moins cinq ans après sa "
            "clôture (prescription de l'action en responsabilité, C. civ. art. 2225).",
            field="retention_days",
        )
    return days


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
