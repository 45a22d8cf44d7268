"""Realistic French data for `./poste seed` and `./poste demo`, deterministic for a given `random.Random`.

Each generator returns rows shaped like the tables of migration 0005 (column name → value) or the domain values the
repositories take, so that the seed writes through the same Statements as the application. Nothing here knows the
product's rules beyond the formats it must respect: valid SIREN (Luhn), real cities and postal codes, RG numbers as
`24/01234`, Portalis numbers as `DBX6-W-B7H-ABCDE`, dossier references as `2026-0042`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from domain.ids import encode_ulid
from domain.search_text import fold
from local import seed_words as words

Row = dict[str, str | int | None]
_PORTALIS_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def siren(rng: random.Random) -> str:
    """Nine digits whose Luhn checksum is valid, as INSEE's SIREN numbers are."""
    body = f"{rng.randrange(10**7, 10**8):08d}"
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError("one check digit always fits")


def plain(text: str) -> str:
    """An e-mail address part: ASCII letters and digits only ("Lefèvre" → "lefevre")."""
    return fold(text).replace(" ", "")


@dataclass
class PartyPlan:
    role: str
    kind: str
    name: str
    siren: str = ""
    emails: list[str] = field(default_factory=list)
    represents: int | None = None  # index of the party a counsel acts for


@dataclass
class DossierPlan:
    title: str
    matter_type: str
    jurisdiction: str
    opened_on: date
    status: str
    closed_on: date | None
    visibility: str
    parties: list[PartyPlan]
    references: list[tuple[str, str, str]]  # (kind, canonical value, court)


class FrenchData:
    """A source of French people, companies, addresses, dossiers, mail and documents, anchored at `today`."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self._epoch = datetime(today.year, today.month, today.day, tzinfo=UTC)

    def new_id(self, at: datetime) -> str:
        return encode_ulid(int(at.timestamp() * 1000), self.rng.randbytes(10))

    def moment(self, days_back: int, after: date | None = None) -> datetime:
        """A time on a day within `days_back` days before today (and not before `after`), during office hours."""
        span = days_back if after is None else max(0, (self.today - after).days)
        day = self._epoch - timedelta(days=self.rng.randint(0, span))
        return day.replace(hour=self.rng.randint(7, 18), minute=self.rng.randint(0, 59), second=self.rng.randint(0, 59))

    # People and companies
    def person_name(self) -> tuple[str, str, str]:
        if self.rng.random() < 0.5:
            return "Mme", self.rng.choice(words.FIRST_NAMES_F), self.rng.choice(words.LAST_NAMES)
        return "M.", self.rng.choice(words.FIRST_NAMES_M), self.rng.choice(words.LAST_NAMES)

    def company_name(self) -> str:
        base = f"{self.rng.choice(words.COMPANY_ACTIVITIES)} {self.rng.choice(words.LAST_NAMES)}"
        if self.rng.random() < 0.5:
            base = f"{base} {self.rng.choice(words.COMPANY_SUFFIXES)}"
        return f"{self.rng.choice(words.LEGAL_FORMS)} {base}"

    def address(self) -> dict[str, str]:
        city, postal_code = self.rng.choice(words.CITIES)
        street = f"{self.rng.choice(words.STREET_KINDS)} {self.rng.choice(words.STREET_NAMES)}"
        return {"label": "", "line1": f"{self.rng.randint(1, 180)} {street}", "line2": "", "postal_code": postal_code,
                "city": city, "country": "France"}  # fmt: skip

    def phone(self) -> str:
        prefix = self.rng.choice(("06", "07", "01", "04", "05", "02", "03"))
        return " ".join([prefix, *(f"{self.rng.randint(0, 99):02d}" for _ in range(4))])

    def personal_email(self, first: str, last: str) -> str:
        suffix = self.rng.choice(("", "", str(self.rng.randint(1, 99))))
        return f"{plain(first)}.{plain(last)}{suffix}@{self.rng.choice(words.MAIL_DOMAINS)}"

    def company_email(self, company: str) -> str:
        words_of_name = plain(" ".join(company.split()[1:3])) or "contact"
        return f"{self.rng.choice(('contact', 'direction', 'compta', 'juridique'))}@{words_of_name}.fr"

    def client(self) -> dict[str, object]:
        """A client as `NewClient` describes it (docs/dossiers.md), two in three natural persons."""
        if self.rng.random() < 0.66:
            civility, first, last = self.person_name()
            return {"kind": "personne_physique", "civility": civility, "first_name": first, "last_name": last,
                    "addresses": [self.address()], "phones": [self.phone()],
                    "emails": [self.personal_email(first, last)]}  # fmt: skip
        company = self.company_name()
        return {"kind": "personne_morale", "company_name": company, "siren": siren(self.rng),
                "addresses": [self.address()], "phones": [self.phone()],
                "emails": [self.company_email(company)]}  # fmt: skip

    # Dossiers
    def adverse_party(self) -> PartyPlan:
        if self.rng.random() < 0.5:
            _, first, last = self.person_name()
            return PartyPlan("adverse", "personne_physique", f"{first} {last}", "", [self.personal_email(first, last)])
        company = self.company_name()
        return PartyPlan("adverse", "personne_morale", company, siren(self.rng), [self.company_email(company)])

    def counsel(self, represents: int) -> PartyPlan:
        _, first, last = self.person_name()
        firm = f"{self.rng.choice(words.LAST_NAMES)} {self.rng.choice(words.LAW_FIRMS)}"
        email = f"{plain(first)[0]}{plain(last)}@{plain(firm)}-avocats.fr"
        return PartyPlan("conseil_adverse", "personne_physique", f"Maître {first} {last} ({firm})", "", [email],
                     represents)  # fmt: skip

    def rg_number(self, year: int) -> str:
        return f"{year % 100:02d}/{self.rng.randint(1, 15999):05d}"

    def court_reference(self, year: int, court: str) -> tuple[str, str, str]:
        """The number a court gives: administrative courts a seven-digit one, the Cour de cassation a pourvoi."""
        if court.startswith(("TA ", "CAA ")):
            return "administratif", f"{year % 100:02d}{self.rng.randint(1, 99999):05d}", court
        if court == "Cour de cassation":
            return "pourvoi", f"{year % 100:02d}-{self.rng.randint(10, 99)}.{self.rng.randint(0, 999):03d}", court
        return "rg", self.rg_number(year), court

    def portalis_number(self) -> str:
        tail = "".join(self.rng.choice(_PORTALIS_CHARS) for _ in range(5))
        return f"{self.rng.choice(words.PORTALIS_COURTS)}-{self.rng.choice('VW')}-B7{self.rng.choice('FGHIJK')}-{tail}"

    def dossier(self, client_name: str) -> DossierPlan:
        matter, litigation, courts = self.rng.choice(words.MATTERS)
        opened = self.today - timedelta(days=int(self.rng.triangular(0, 6 * 365, 300)))
        parties: list[PartyPlan] = []
        references: list[tuple[str, str, str]] = []
        jurisdiction = self.rng.choice(courts) if courts else ""
        if litigation:
            parties.append(self.adverse_party())
            if self.rng.random() < 0.8:
                parties.append(self.counsel(0))
            if self.rng.random() < 0.75:
                references.append(self.court_reference(min(opened.year + 1, self.today.year), jurisdiction))
            if self.rng.random() < 0.35 and references and references[0][0] == "rg":
                references.append(("portalis", self.portalis_number(), jurisdiction))
        title = f"{client_name} c/ {parties[0].name}" if parties else f"{client_name} — {matter}"
        status, closed = self._status(opened)
        visibility = "equipe" if self.rng.random() < 0.2 else "cabinet"
        return DossierPlan(title, matter, jurisdiction, opened, status, closed, visibility, parties, references)

    def _status(self, opened: date) -> tuple[str, date | None]:
        age = (self.today - opened).days
        roll = self.rng.random()
        if age > 700 and roll < 0.6:
            closed = opened + timedelta(days=self.rng.randint(200, age))
            return ("archive" if roll < 0.2 else "clos"), closed
        return ("en_attente" if roll > 0.9 else "ouvert"), None

    # Mail and documents
    def mail_subject(self, reference: str | None) -> str:
        subject = self.rng.choice(words.MAIL_SUBJECTS)
        return f"{subject} — RG {reference}" if reference else subject

    def mail_body(self) -> str:
        return self.rng.choice(words.MAIL_BODIES)

    def document_kind(self) -> tuple[str, str, str, str]:
        return self.rng.choice(words.DOCUMENT_KINDS)

    def sha256(self) -> str:
        return self.rng.randbytes(32).hex()
