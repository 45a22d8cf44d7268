"""One cabinet's seeded rows as Statements of the d1 repositories (SeedRows, SearchIndex, InboundMail), grouped by
table in the order foreign keys need, for `SqliteDatabase.bulk_load`. Mail and documents are metadata only: no raw
message and no document bytes are written to the blob store (their blob keys name nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from d1.clients import Clients
from d1.court_references import CourtReferences
from d1.database import Database, Statement
from d1.documents import Documents
from d1.dossiers import Dossiers, search_body
from d1.inbound_mail import InboundMail
from d1.parties import Parties
from d1.search_index import SearchEntry, SearchIndex, SearchKind
from d1.seed_rows import SeedRows
from domain.actors import Role
from domain.clients import Address, Client, ClientKind
from domain.documents import Document, DocumentVersion, TextStatus
from domain.dossiers import CourtReference, Dossier, DossierStatus, Party, PartyRole, ReferenceKind, Visibility
from domain.extraction.model import Fact, FactKind
from domain.inbound_mail import InboundMessage, MailReading, MailStatus, raw_blob_key
from domain.people import Person
from domain.search_text import fold
from local.seed_data import DossierPlan, FrenchData

LAWYERS = (Role.ASSOCIE, Role.AVOCAT)
IN_ORDER = "in order"  # the bucket of statements that depend on the one before (a dossier after its counter)


@dataclass
class _Dossier:
    id: str
    opened_on: date
    rg: str | None
    counsel_email: str | None


@dataclass
class CabinetRows:
    """Statements grouped by their SQL, in the order each SQL first came (so a row's foreign keys are written
    first), for the bulk loader to run each group as one prepared statement; `in_order` ones keep their order."""

    groups: dict[str, list[Statement]] = field(default_factory=dict)

    def add(self, *statements: Statement) -> None:
        for statement in statements:
            self.groups.setdefault(statement.sql, []).append(statement)

    def in_order(self, *statements: Statement) -> None:
        self.groups.setdefault(IN_ORDER, []).extend(statements)

    def ordered(self) -> list[Statement]:
        return [statement for group in self.groups.values() for statement in group]


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
        self.repositories = (Clients(db, cabinet_id), Dossiers(db, cabinet_id), Parties(db, cabinet_id),
                             CourtReferences(db, cabinet_id), Documents(db, cabinet_id))  # fmt: skip
        self.rows = SeedRows(db, cabinet_id)
        self.search = SearchIndex(db, cabinet_id)
        self.mail = InboundMail(db, cabinet_id)
        self.clients: list[Client] = []
        self.dossiers: list[_Dossier] = []

    def add_clients(self, out: CabinetRows, count: int) -> None:
        for _ in range(count):
            fields = self.data.client()
            created = _iso(self.data.moment(6 * 365))
            addresses = tuple(Address(**address) for address in fields.pop("addresses"))  # type: ignore[attr-defined]
            client = Client(id=self.data.new_id(datetime.fromisoformat(created)), cabinet_id=self.cabinet_id,
                            kind=ClientKind(str(fields.pop("kind"))), created_at=created, updated_at=created,
                            addresses=addresses, phones=tuple(fields.pop("phones")),  # type: ignore[arg-type]
                            emails=tuple(fields.pop("emails")), **fields)  # type: ignore[arg-type]  # fmt: skip
            out.add(*self.repositories[0].insert(client))
            self.clients.append(client)

    def add_dossiers(self, out: CabinetRows, per_client: int) -> None:
        """Dossiers in the order they were opened, numbered by the repository's counter as the API numbers them."""
        plans = [(client, self.data.dossier(_spoken(client))) for client in self.clients for _ in range(per_client)]
        plans.sort(key=lambda pair: pair[1].opened_on)
        for client, plan in plans:
            self._dossier(out, client, plan)

    def _dossier(self, out: CabinetRows, client: Client, plan: DossierPlan) -> None:
        opened = _on(plan.opened_on, self.data)
        responsible = self.data.rng.choice(self.lawyers)
        others = [person.id for person in self.people if person.id != responsible.id]
        team = self.data.rng.sample(others, k=min(len(others), self.data.rng.randint(0, 2)))
        dossier = Dossier(id=self.data.new_id(opened), cabinet_id=self.cabinet_id, reference="", title=plan.title,
                          matter_type=plan.matter_type, status=DossierStatus(plan.status),
                          visibility=Visibility(plan.visibility), responsible_id=responsible.id,
                          jurisdiction=plan.jurisdiction, opened_on=plan.opened_on.isoformat(),
                          closed_on=plan.closed_on.isoformat() if plan.closed_on else None, created_at=_iso(opened),
                          updated_at=_iso(opened))  # fmt: skip
        counter, row, *links = self.repositories[1].insert(dossier, [client.id], team)
        out.in_order(counter, row)  # the row takes the number the counter just gave
        out.add(*links)
        references = [CourtReference(self.data.new_id(opened), self.cabinet_id, dossier.id, ReferenceKind(kind),
                                     value, _iso(opened), court) for kind, value, court in plan.references]  # fmt: skip
        body = search_body(dossier, [client.display_name])
        out.add(self.repositories[1].index_new(dossier.id, body, [r.value for r in references], _iso(opened)))
        counsel_email = self._parties(out, dossier.id, plan, opened)
        out.add(*(self.repositories[3].insert(reference) for reference in references))
        rg = next((r.value for r in references if r.kind is ReferenceKind.RG), None)
        self.dossiers.append(_Dossier(dossier.id, plan.opened_on, rg, counsel_email))

    def _parties(self, out: CabinetRows, dossier_id: str, plan: DossierPlan, opened: datetime) -> str | None:
        ids: list[str] = []
        counsel_email = None
        for planned in plan.parties:
            represents = ids[planned.represents] if planned.represents is not None else None
            party = Party(id=self.data.new_id(opened), cabinet_id=self.cabinet_id, dossier_id=dossier_id,
                          role=PartyRole(planned.role), kind=ClientKind(planned.kind), name=planned.name,
                          created_at=_iso(opened), siren=planned.siren, emails=tuple(planned.emails),
                          represents_id=represents)  # fmt: skip
            out.add(*self.repositories[2].insert(party))
            if party.role is PartyRole.CONSEIL_ADVERSE:
                counsel_email = planned.emails[0]
            ids.append(party.id)
        return counsel_email

    def add_mail(self, out: CabinetRows, count: int) -> None:
        """Mail as the intake records it and the reading job reads it; three in five filed to a dossier, whose RG
        number (when it has one) the subject quotes and the reading found."""
        for _ in range(count):
            dossier = self.data.rng.choice(self.dossiers) if self.data.rng.random() < 0.6 else None
            received = self.data.moment(730, dossier.opened_on if dossier else None)
            inbound_id = self.data.new_id(received)
            sender = (dossier and dossier.counsel_email) or self.data.personal_email(*self.data.person_name()[1:])
            subject = self.data.mail_subject(dossier.rg if dossier else None)
            message = InboundMessage(
                id=inbound_id, cabinet_id=self.cabinet_id, mail_from=sender, recipient=self.inbound_address,
                dedupe_key=f"<{inbound_id.lower()}@{sender.split('@')[1]}>", size=self.data.rng.randint(2_000, 900_000),
                sha256=self.data.sha256(), blob_key=raw_blob_key(self.cabinet_id, f"{received:%Y/%m/%d}", inbound_id),
                status=MailStatus.FILED if dossier else MailStatus.TO_FILE, received_at=_iso(received),
                content_sha256=self.data.sha256(),
            )  # fmt: skip
            reading = self._reading(message, subject, dossier.rg if dossier else None)
            out.add(self.mail.insert(message), self.mail.record_reading(inbound_id, reading))
            if dossier is not None:
                out.add(self.rows.file_mail(inbound_id, dossier.id))
            references = tuple(fact.value for fact in reading.facts)
            entry = SearchEntry(SearchKind.MAIL, inbound_id, dossier.id if dossier else None, subject,
                                f"{sender}\n{self.data.mail_body()}", references)  # fmt: skip
            out.add(self.search.put(entry, _iso(received)))

    def _reading(self, message: InboundMessage, subject: str, rg: str | None) -> MailReading:
        facts: tuple[Fact, ...] = ()
        if rg is not None:
            start = subject.index(rg)
            facts = (Fact(FactKind.RG, rg, rg, start, start + len(rg), 0.95),)
        return MailReading(
            read_status="ok", reason="", message_id=message.dedupe_key, subject=subject, sender=message.mail_from,
            sent_at=message.received_at, in_reply_to="", references=(), attachments=(), facts=facts,
            message_kind="courrier", sender_kind=self.data.rng.choice(("confrere", "juridiction", "client")),
            extractor="rules", read_at=message.received_at,
        )  # fmt: skip

    def add_documents(self, out: CabinetRows, count: int) -> None:
        for _ in range(count):
            dossier = self.data.rng.choice(self.dossiers)
            created = _iso(self.data.moment(730, dossier.opened_on))
            document_id = self.data.new_id(datetime.fromisoformat(created))
            title, content_type, extension, tag = self.data.document_kind()
            author = self.data.rng.choice(self.people)
            version = DocumentVersion(
                document_id=document_id, version=1, file_name=f"{fold(title).replace(' ', '-')}.{extension}",
                blob_key=f"cabinets/{self.cabinet_id}/documents/{document_id}/v1",
                size=self.data.rng.randint(8_000, 4_000_000), sha256=self.data.sha256(), content_type=content_type,
                declared_type=content_type, text_status=TextStatus.EXTRACTED, uploaded_by=author.id,
                uploaded_at=created,
            )  # fmt: skip
            document = Document(id=document_id, cabinet_id=self.cabinet_id, dossier_id=dossier.id, title=title,
                                tags=(tag,), current=version, created_by=author.id, created_at=created,
                                updated_at=created)  # fmt: skip
            out.add(*self.repositories[4].insert(document))
            # What the text job would index, had there been bytes: a line naming the document and its dossier.
            text = f"{title} {version.file_name} {dossier.rg or ''}".strip()
            out.add(self.search.put(SearchEntry(SearchKind.DOCUMENT, document_id, dossier.id, title, text), created))


def _spoken(client: Client) -> str:
    """The client as a dossier title names them: no civility."""
    if client.kind is ClientKind.LEGAL:
        return client.company_name
    return f"{client.first_name} {client.last_name}"
