"""One cabinet's seeded rows as Statements of the d1 repositories (SeedRows, SearchIndex, InboundMail), grouped by
table in the order foreign keys need, for `SqliteDatabase.bulk_load`. Mail and documents are metadata only: no raw
message and no document bytes are written to the blob store (their blob keys name nothing)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from d1.database import Database, Statement
from d1.inbound_mail import InboundMail
from d1.search_index import SearchEntry, SearchIndex, SearchKind
from d1.seed_rows import SeedRows
from domain.actors import Role
from domain.inbound_mail import InboundMessage, MailReading, MailStatus, raw_blob_key
from domain.people import Person
from domain.search_text import compact_reference, fold, name_key
from local.seed_data import DossierPlan, FrenchData

# Tables in the order their rows may be written (a row's foreign keys point to earlier tables).
ORDER = ("clients", "client_emails", "dossiers", "dossier_numbers", "dossier_clients", "dossier_team", "parties",
         "party_emails", "court_references", "inbound_mail", "mail_readings", "file_mail", "documents",
         "document_versions", "document_tags", "search")  # fmt: skip
LAWYERS = (Role.ASSOCIE, Role.AVOCAT)


@dataclass
class _Dossier:
    id: str
    reference: str
    opened_on: date
    rg: str | None
    counsel_email: str | None


@dataclass
class CabinetRows:
    """Statements by table; `count` is the number of rows they write."""

    tables: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))

    def add(self, table: str, statement: Statement) -> None:
        self.tables[table].append(statement)

    def ordered(self) -> list[Statement]:
        return [statement for table in ORDER for statement in self.tables.get(table, ())]

    @property
    def count(self) -> int:
        return sum(len(statements) for statements in self.tables.values())


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _on(day: date, data: FrenchData) -> datetime:
    return datetime.combine(day, time(data.rng.randint(8, 18), data.rng.randint(0, 59)), UTC)


class CabinetSeeder:
    """Builds the rows of one cabinet: clients, then their dossiers, then mail and documents about them."""

    def __init__(self, db: Database, data: FrenchData, cabinet_id: str, inbound_address: str, people: list[Person]):
        self.data = data
        self.cabinet_id = cabinet_id
        self.inbound_address = inbound_address
        self.people = people
        self.lawyers = [person for person in people if person.role in LAWYERS]
        self.rows = SeedRows(db, cabinet_id)
        self.search = SearchIndex(db, cabinet_id)
        self.mail = InboundMail(db, cabinet_id)
        self.clients: list[tuple[str, str]] = []
        self.dossiers: list[_Dossier] = []

    def add_clients(self, out: CabinetRows, count: int) -> None:
        for _ in range(count):
            client = self.data.client()
            created = self.data.moment(6 * 365)
            client_id = self.data.new_id(created)
            natural = client["kind"] == "personne_physique"
            first, last = str(client.get("first_name", "")), str(client.get("last_name", ""))
            company = str(client.get("company_name", ""))
            display = f"{client['civility']} {first} {last}" if natural else company
            spoken = f"{first} {last}" if natural else company
            out.add("clients", self.rows.client({
                "id": client_id, "kind": str(client["kind"]), "civility": str(client.get("civility", "")),
                "first_name": first, "last_name": last, "company_name": company, "siren": str(client.get("siren", "")),
                "display_name": display, "sort_name": fold(f"{last} {first}" if natural else company),
                "name_key": name_key(spoken), "addresses_json": json.dumps(client["addresses"], ensure_ascii=False),
                "phones_json": json.dumps(client["phones"]), "notes": "", "created_at": _iso(created),
                "updated_at": _iso(created),
            }))  # fmt: skip
            emails = [str(email) for email in client["emails"]]  # type: ignore[attr-defined]
            for email in emails:
                out.add("client_emails", self.rows.client_email({"client_id": client_id, "email": email}))
            city = client["addresses"][0]["city"]  # type: ignore[index]
            body = " ".join([*emails, city, str(client.get("siren", ""))])
            self._index(out, SearchEntry(SearchKind.CLIENT, client_id, None, display, body), created)
            self.clients.append((client_id, spoken))

    def add_dossiers(self, out: CabinetRows, per_client: int) -> None:
        plans = [(client, self.data.dossier(client[1])) for client in self.clients for _ in range(per_client)]
        plans.sort(key=lambda pair: pair[1].opened_on)
        numbers: dict[int, int] = defaultdict(int)
        for (client_id, client_name), plan in plans:
            year = plan.opened_on.year
            numbers[year] += 1
            self._dossier(out, client_id, client_name, plan, year, numbers[year])
        for year, last in sorted(numbers.items()):
            out.add("dossier_numbers", self.rows.dossier_numbers(year, last))

    def _dossier(
        self, out: CabinetRows, client_id: str, client_name: str, plan: DossierPlan, year: int, n: int
    ) -> None:
        opened = _on(plan.opened_on, self.data)
        dossier_id = self.data.new_id(opened)
        reference = f"{year}-{n:04d}"
        responsible = self.data.rng.choice(self.lawyers)
        out.add("dossiers", self.rows.dossier({
            "id": dossier_id, "reference": reference, "year": year, "number": n, "title": plan.title,
            "matter_type": plan.matter_type, "status": plan.status, "visibility": plan.visibility,
            "responsible_id": responsible.id, "jurisdiction": plan.jurisdiction,
            "opened_on": plan.opened_on.isoformat(),
            "closed_on": plan.closed_on.isoformat() if plan.closed_on else None,
            "created_at": _iso(opened), "updated_at": _iso(opened),
        }))  # fmt: skip
        out.add("dossier_clients", self.rows.dossier_client({"dossier_id": dossier_id, "client_id": client_id}))
        others = [person for person in self.people if person.id != responsible.id]
        for member in self.data.rng.sample(others, k=min(len(others), self.data.rng.randint(0, 2))):
            out.add("dossier_team", self.rows.team_member({"dossier_id": dossier_id, "person_id": member.id}))
        counsel_email = self._parties(out, dossier_id, plan, opened)
        for kind, value, court in plan.references:
            out.add("court_references", self.rows.court_reference({
                "id": self.data.new_id(opened), "dossier_id": dossier_id, "kind": kind, "value": value,
                "compact": compact_reference(value), "court": court, "created_at": _iso(opened),
            }))  # fmt: skip
        refs = (reference, *(value for _, value, _ in plan.references))
        body = f"{plan.matter_type} {plan.jurisdiction} {client_name}"
        self._index(out, SearchEntry(SearchKind.DOSSIER, dossier_id, dossier_id, plan.title, body, refs), opened)
        rg = next((value for kind, value, _ in plan.references if kind == "rg"), None)
        self.dossiers.append(_Dossier(dossier_id, reference, plan.opened_on, rg, counsel_email))

    def _parties(self, out: CabinetRows, dossier_id: str, plan: DossierPlan, opened: datetime) -> str | None:
        ids: list[str] = []
        counsel_email = None
        for party in plan.parties:
            party_id = self.data.new_id(opened)
            represents = ids[party.represents] if party.represents is not None else None
            out.add("parties", self.rows.party({
                "id": party_id, "dossier_id": dossier_id, "role": party.role, "kind": party.kind,
                "name": party.name, "siren": party.siren, "name_key": name_key(party.name),
                "represents_id": represents, "created_at": _iso(opened),
            }))  # fmt: skip
            for email in party.emails:
                out.add("party_emails", self.rows.party_email({"party_id": party_id, "dossier_id": dossier_id,
                                                                "email": email}))  # fmt: skip
            if party.role == "conseil_adverse":
                counsel_email = party.emails[0]
            entry = SearchEntry(SearchKind.PARTY, party_id, dossier_id, party.name, " ".join(party.emails))
            self._index(out, entry, opened)
            ids.append(party_id)
        return counsel_email

    def add_mail(self, out: CabinetRows, count: int) -> None:
        for _ in range(count):
            dossier = self.data.rng.choice(self.dossiers) if self.data.rng.random() < 0.6 else None
            received = self.data.moment(730, dossier.opened_on if dossier else None)
            inbound_id = self.data.new_id(received)
            sender = (dossier and dossier.counsel_email) or self.data.personal_email(*self.data.person_name()[1:])
            subject = self.data.mail_subject(dossier.rg if dossier else None)
            message_id = f"<{inbound_id.lower()}@{sender.split('@')[1]}>"
            message = InboundMessage(
                id=inbound_id, cabinet_id=self.cabinet_id, mail_from=sender, recipient=self.inbound_address,
                dedupe_key=message_id, size=self.data.rng.randint(2_000, 900_000), sha256=self.data.sha256(),
                blob_key=raw_blob_key(self.cabinet_id, f"{received:%Y/%m/%d}", inbound_id),
                status=MailStatus.STORED, received_at=_iso(received), content_sha256=self.data.sha256(),
            )  # fmt: skip
            reading = MailReading(
                read_status="ok", reason="", message_id=message_id, subject=subject, sender=sender,
                sent_at=_iso(received), in_reply_to="", references=(), attachments=(), facts=(),
                message_kind="courrier", sender_kind=self.data.rng.choice(("confrere", "juridiction", "client")),
                extractor="rules", read_at=_iso(received),
            )  # fmt: skip
            out.add("inbound_mail", self.mail.insert(message))
            out.add("mail_readings", self.mail.record_reading(inbound_id, reading))
            if dossier is not None:
                out.add("file_mail", self.rows.file_mail(inbound_id, dossier.id))
            entry = SearchEntry(SearchKind.MAIL, inbound_id, dossier.id if dossier else None, subject, sender)
            self._index(out, entry, received)

    def add_documents(self, out: CabinetRows, count: int) -> None:
        for _ in range(count):
            dossier = self.data.rng.choice(self.dossiers)
            created = self.data.moment(730, dossier.opened_on)
            document_id = self.data.new_id(created)
            title, content_type, extension, tag = self.data.document_kind()
            author = self.data.rng.choice(self.people)
            file_name = f"{fold(title).replace(' ', '-')}-{dossier.reference}.{extension}"
            out.add("documents", self.rows.document({
                "id": document_id, "dossier_id": dossier.id, "title": title, "current_version": 1, "source": "upload",
                "created_by": author.id, "created_at": _iso(created), "updated_at": _iso(created),
            }))  # fmt: skip
            out.add("document_versions", self.rows.document_version({
                "document_id": document_id, "version": 1, "file_name": file_name,
                "blob_key": f"cabinets/{self.cabinet_id}/documents/{document_id}/v1",
                "size": self.data.rng.randint(8_000, 4_000_000), "sha256": self.data.sha256(),
                "content_type": content_type, "declared_type": content_type, "text_status": "extrait",
                "uploaded_by": author.id, "uploaded_at": _iso(created),
            }))  # fmt: skip
            out.add("document_tags", self.rows.document_tag({"document_id": document_id, "tag": tag}))
            body = f"{title} {file_name} {dossier.reference} {dossier.rg or ''}"
            self._index(out, SearchEntry(SearchKind.DOCUMENT, document_id, dossier.id, title, body), created)

    def _index(self, out: CabinetRows, entry: SearchEntry, at: datetime) -> None:
        out.add("search", self.search.put(entry, _iso(at)))
