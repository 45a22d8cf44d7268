"""`./poste seed`: cabinets full of realistic French data (clients, dossiers with parties and court references, mail
and documents' metadata, the search index) at a chosen scale, for load tests and the bench. Deterministic for a
given `--seed` and day. Mail and documents are metadata only: no message or document bytes are stored."""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time

from d1.database import Statement
from domain.actors import Role
from domain.errors import DomainError
from domain.people import Person
from local.commands.options import add_data_dir, open_cli_runtime, operator_scope
from local.progress import ProgressBar
from local.runtime import LocalRuntime
from local.seed_data import FrenchData, plain
from local.seed_words import LAST_NAMES
from local.seeding import CabinetRows, CabinetSeeder
from services.cabinets import create_cabinet
from services.passwords import hash_password
from services.scope import CabinetScope, SystemScope

USAGE_ERROR = 2
DEFAULT_PASSWORD = "poste-seed-mot-de-passe"
CHUNK = 20_000  # statements per transaction
STAFF = (Role.AVOCAT, Role.AVOCAT, Role.COLLABORATEUR, Role.COLLABORATEUR, Role.ASSISTANT)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument("--cabinets", type=int, default=20, help="nombre de cabinets (défaut : 20)")
    parser.add_argument("--clients", type=int, default=2000, help="clients par cabinet (défaut : 2000)")
    parser.add_argument("--dossiers-per-client", type=int, default=5, help="dossiers par client (défaut : 5)")
    parser.add_argument("--mails", type=int, default=200_000, help="courriers au total (défaut : 200000)")
    parser.add_argument("--documents", type=int, default=100_000, help="documents au total (défaut : 100000)")
    parser.add_argument("--seed", type=int, default=1, help="graine du générateur (mêmes données pour la même graine)")
    parser.add_argument("--password", default=DEFAULT_PASSWORD, help="mot de passe de toutes les personnes créées")


def run(args: argparse.Namespace) -> int:
    if min(args.cabinets, args.clients, args.dossiers_per_client) < 1 or min(args.mails, args.documents) < 0:
        print("Erreur : il faut au moins un cabinet, un client et un dossier par client.", file=sys.stderr)
        return USAGE_ERROR
    runtime = open_cli_runtime(args)
    try:
        summary = asyncio.run(seed(runtime, args))
    except DomainError as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        return USAGE_ERROR
    finally:
        runtime.close()
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


def _share(total: int, parts: int, index: int) -> int:
    return total // parts + (1 if index < total % parts else 0)


async def seed(runtime: LocalRuntime, args: argparse.Namespace) -> dict[str, object]:
    started = time.perf_counter()
    operator = operator_scope(runtime)
    data = FrenchData(random.Random(args.seed), runtime.context.clock.now().date())
    password_hash = await hash_password(runtime.context, args.password)
    bar = ProgressBar(args.cabinets, "Génération")
    cabinets, rows = [], 0
    for index in range(args.cabinets):
        slug = f"seed-{args.seed}-{index + 1:02d}"
        scope, people = await _cabinet(operator, data, slug, args.password, password_hash)
        address = f"{slug}@{runtime.context.settings.mail_domain}"
        seeder = CabinetSeeder(runtime.database, data, scope.cabinet_id, address, people)
        out = CabinetRows()
        seeder.add_clients(out, args.clients)
        seeder.add_dossiers(out, args.dossiers_per_client)
        seeder.add_mail(out, _share(args.mails, args.cabinets, index))
        seeder.add_documents(out, _share(args.documents, args.cabinets, index))
        statements = out.ordered()
        await _write(runtime, statements, bar, f"cabinet {index + 1}/{args.cabinets}", rows)
        rows += len(statements)
        cabinets.append({"slug": slug, "id": scope.cabinet_id, "people": [
            {"email": person.email, "role": person.role.value} for person in people]})  # fmt: skip
    bar.finish()
    seconds = time.perf_counter() - started
    print(f"Jeu de données écrit en {seconds:.1f} s ({rows / seconds:,.0f} lignes/s).".replace(",", " "),
          file=sys.stderr)  # fmt: skip
    return {"seconds": round(seconds, 1), "rows": rows, "password": args.password, "cabinets": cabinets,
            "blobs": "aucun : courriers et documents sans contenu (métadonnées seulement)"}  # fmt: skip


async def _write(runtime: LocalRuntime, statements: list[Statement], bar: ProgressBar, label: str, rows: int) -> None:
    for start in range(0, len(statements), CHUNK):
        await runtime.database.bulk_load(statements[start : start + CHUNK])
        written = rows + min(start + CHUNK, len(statements))
        bar.advance(0, f"{label} · {written:,} lignes".replace(",", " "))
    bar.advance(1, f"{label} · {rows + len(statements):,} lignes".replace(",", " "))


async def _cabinet(
    operator: SystemScope, data: FrenchData, slug: str, password: str, password_hash: str
) -> tuple[CabinetScope, list[Person]]:
    """The cabinet and its first associé through the service, then its staff with the one hash already made."""
    founder = data.rng.choice(LAST_NAMES)
    created = await create_cabinet(operator, name=f"Cabinet {founder} & Associés", slug=slug,
                                   admin_email=f"associe@{slug}.example.fr", admin_password=password)  # fmt: skip
    scope = operator.for_cabinet(created.cabinet.id)
    assert created.admin is not None
    people = [created.admin]
    now = operator.ctx.clock.now().isoformat()
    for role in STAFF:
        _, first, last = data.person_name()
        person = Person(id=data.new_id(operator.ctx.clock.now()), cabinet_id=scope.cabinet_id,
                        email=f"{plain(first)}.{plain(last)}.{len(people)}@{slug}.example.fr",
                        name=f"{first} {last}", role=role, active=True, totp_enabled=False, created_at=now)  # fmt: skip
        people.append(person)
    await scope.commit(*(scope.people.insert(person, password_hash) for person in people[1:]),
                       action="person.added", subject=scope.cabinet_id, summary="seed")  # fmt: skip
    return scope, people
