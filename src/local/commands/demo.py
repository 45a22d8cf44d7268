"""`./poste demo`: one small demo cabinet ("Cabinet Démo", slug `demo`) made through the application's services as
its associé would: people of every role, clients, dossiers with parties and court references, and documents with
real text (uploaded, then read by the `document.text` job here, so that search finds them), an agenda dated from
today (local/demo_agenda.py) and mail taken in as `./poste ingest` does (local/demo_mail.py). Prints the associé's
email and password, and the counts. Refuses when a cabinet `demo` already exists."""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import sys
from typing import Any

from domain.actors import Actor, Role
from domain.clients import Address, Client, ClientKind
from domain.dossiers import PartyRole, ReferenceKind, Visibility
from domain.errors import Conflict, DomainError
from local import demo_data, demo_mail
from local.commands.ingest import header_sender
from local.commands.options import add_data_dir, open_cli_runtime, operator_scope
from local.demo_agenda import make_agenda
from local.queue_worker import drain_once
from local.runtime import LocalRuntime
from local.seed_data import FrenchData
from services.cabinets import create_cabinet
from services.clients import create_client
from services.documents import Upload, upload_document
from services.dossiers import NewDossier, open_dossier
from services.ingest import ingest
from services.parties import NewParty, NewReference
from services.people import add_person
from services.scope import CabinetScope

USAGE_ERROR = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument("--password", help="mot de passe des personnes créées (défaut : tiré au hasard, affiché)")


def run(args: argparse.Namespace) -> int:
    password = args.password or f"demo-{secrets.token_urlsafe(12)}"
    runtime = open_cli_runtime(args)
    try:
        summary = asyncio.run(demo(runtime, password))
    except DomainError as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        return USAGE_ERROR
    finally:
        runtime.close()
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    print(f"\nConnectez-vous avec {summary['email']} / {password} (./poste serve, puis http://127.0.0.1:8787/).",
          file=sys.stderr)  # fmt: skip
    return 0


async def demo(runtime: LocalRuntime, password: str) -> dict[str, Any]:
    operator = operator_scope(runtime)
    if await operator.cross_cabinet.cabinet_by_slug(demo_data.SLUG) is not None:
        raise Conflict(f"Le cabinet de démonstration « {demo_data.SLUG} » existe déjà dans ce dossier de données : "
                       "rien n'a été modifié (un autre dossier : --data-dir).")  # fmt: skip
    name, email = demo_data.ASSOCIE
    created = await create_cabinet(operator, name=demo_data.NAME, slug=demo_data.SLUG, admin_email=email,
                                   admin_password=password)  # fmt: skip
    assert created.admin is not None
    cabinet = operator.for_cabinet(created.cabinet.id)
    people = [await add_person(cabinet, email=staff_email, role=role, password=password, name=staff_name)
              for role, staff_name, staff_email in demo_data.STAFF]  # fmt: skip
    associe = cabinet.acting_as(Actor("person", created.admin.id, Role.ASSOCIE))
    data = FrenchData(random.Random(2026), runtime.context.clock.now().date())
    clients = [await create_client(associe, _client(data)) for _ in range(demo_data.CLIENTS)]
    lawyers = [person for person in people if person.role is Role.AVOCAT]
    dossiers = [await _dossier(associe, data, clients[i % len(clients)], lawyers[i % 2].id, i)
                for i in range(demo_data.DOSSIERS)]  # fmt: skip
    for index in range(demo_data.DOCUMENTS):
        await _document(associe, dossiers[index], index, name)
    today = runtime.context.clock.now().date()
    agenda = await make_agenda(associe, [d["id"] for d in dossiers], today)
    mails = await _mail(runtime, created.cabinet.inbound_address, clients, dossiers)
    while await drain_once(runtime):  # the text jobs of the uploads: their text is indexed before the command ends
        pass
    return {"cabinet": demo_data.SLUG, "email": email, "password": password,
            "people": [{"email": p.email, "role": p.role.value} for p in [created.admin, *people]],
            "clients": len(clients), "dossiers": len(dossiers), "documents": demo_data.DOCUMENTS,
            "deadlines": agenda.deadlines, "hearings": agenda.hearings, "mails": mails}  # fmt: skip


async def _mail(
    runtime: LocalRuntime, inbound: str, clients: list[Client], dossiers: list[dict[str, str]]
) -> dict[str, int]:
    """The demo's messages through the intake of `./poste ingest`: filed, à classer or quarantined by the real rules,
    the facts of the filed ones suggested. Counted by the status each ended in."""
    with_rg = [d for d in dossiers if d["rg"] != "à venir"]
    # A client with one dossier only, with an address: their mail files by sender (several dossiers: à classer).
    single = next(c for c in clients if c.emails and sum(d["client"] == c.display_name for d in dossiers) == 1)
    own = next(d for d in dossiers if d["client"] == single.display_name)
    others = [d for d in dossiers if d not in (with_rg[0], with_rg[1], own)]
    picked = [with_rg[0], with_rg[1], others[0], own, others[1]]
    today = runtime.context.clock.now().date()
    counts: dict[str, int] = {}
    for to, raw in demo_mail.messages(today, inbound, picked, single.emails[0]):
        report = await ingest(runtime.context, raw, to, header_sender(raw))
        counts[report.status] = counts.get(report.status, 0) + 1
    return counts


def _client(data: FrenchData) -> Client:
    fields = data.client()
    addresses = tuple(Address(**address) for address in fields.pop("addresses"))  # type: ignore[attr-defined]
    return Client("", "", ClientKind(str(fields.pop("kind"))), "", "", addresses=addresses,
                  phones=tuple(fields.pop("phones")), emails=tuple(fields.pop("emails")), **fields)  # type: ignore[arg-type]  # fmt: skip


async def _dossier(scope: CabinetScope, data: FrenchData, client: Client, lawyer_id: str, index: int) -> dict[str, str]:
    plan = data.dossier(client.display_name)
    adverse = [NewParty(PartyRole(p.role), ClientKind(p.kind), p.name, p.siren, tuple(p.emails))
               for p in plan.parties if p.role == "adverse"]  # fmt: skip
    references = tuple(NewReference(ReferenceKind(kind), value, court) for kind, value, court in plan.references)
    new = NewDossier(title=plan.title, client_ids=(client.id,), matter_type=plan.matter_type, responsible_id=lawyer_id,
                     visibility=Visibility.EQUIPE if index % 5 == 4 else Visibility.CABINET,
                     jurisdiction=plan.jurisdiction or "TJ Paris", opened_on=plan.opened_on.isoformat(),
                     parties=tuple(adverse), court_references=references, acknowledge_conflicts=True)  # fmt: skip
    view = (await open_dossier(scope, new)).view
    counsel = next((p for p in plan.parties if p.role == "conseil_adverse"), None)
    rg = next((r.value for r in view.court_references if r.kind is ReferenceKind.RG), "à venir")
    return {"id": view.dossier.id, "reference": view.dossier.reference, "client": client.display_name,
            "adverse": adverse[0].name if adverse else "la partie adverse", "court": new.jurisdiction, "rg": rg,
            "counsel": counsel.name if counsel else "Maître Martin", "matter": plan.matter_type,
            "amount": f"{data.rng.randint(3, 180) * 1000:,}".replace(",", " ")}  # fmt: skip


async def _document(scope: CabinetScope, dossier: dict[str, str], index: int, lawyer: str) -> None:
    facts = {**dossier, "lawyer": lawyer, "cabinet": demo_data.NAME}
    title, file_name, text = demo_data.document_text(index, facts)
    body = text.encode()

    async def chunks() -> Any:
        yield body

    upload = Upload(chunks(), "text/plain; charset=utf-8", file_name, len(body), f"{title} — {dossier['client']}")
    await upload_document(scope, dossier["id"], upload)
