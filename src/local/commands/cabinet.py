"""`./poste cabinet add|list`: the cabinets of the local runtime and their inbound addresses."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from domain.errors import ConstraintViolation
from local.config import LocalConfig
from local.migrations import apply_migrations
from local.sqlite_database import SqliteDatabase, connect
from services.audit import Stamps, audit_entry
from services.ports import Statement
from services.system import SystemClock, UlidGenerator


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, help="dossier des données (défaut : $POSTE_DATA_DIR ou .data/)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="crée un cabinet et son adresse de réception")
    add.add_argument("--name", required=True, help="nom du cabinet")
    add.add_argument("--address", required=True, help="adresse de réception, ex. cabinet-martin@poste.example")
    actions.add_parser("list", help="liste les cabinets")


def run(args: argparse.Namespace) -> int:
    data_dir = (args.data_dir or LocalConfig.from_environment().data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    conn = connect(data_dir / "d1.sqlite")
    apply_migrations(conn)
    database = SqliteDatabase(conn)
    try:
        if args.action == "list":
            rows = asyncio.run(database.all("SELECT id, name, inbound_address FROM cabinets ORDER BY name"))
            print(json.dumps(rows, ensure_ascii=False, indent=2))
            return 0
        return asyncio.run(_add(database, args.name.strip(), args.address.strip().lower()))
    finally:
        database.close()


async def _add(database: SqliteDatabase, name: str, address: str) -> int:
    local, _, domain = address.partition("@")
    if not name or not local or "." not in domain or "+" in local:
        print("Erreur : indiquez un nom et une adresse de réception valide, sans « + » (réservé aux dossiers).")
        return 2
    clock = SystemClock()
    ids = UlidGenerator(clock)
    cabinet_id = ids.new_id()
    ctx = Stamps(clock, ids)
    try:
        await database.batch(
            [
                Statement(
                    "INSERT INTO cabinets (id, name, inbound_address, created_at) VALUES (?, ?, ?, ?)",
                    (cabinet_id, name, address, clock.now().isoformat()),
                ),
                audit_entry(ctx, cabinet_id=cabinet_id, action="cabinet.created", subject=cabinet_id, origin="cli"),
            ]
        )
    except ConstraintViolation:
        print(f"Erreur : l'adresse {address} est déjà celle d'un cabinet.")
        return 2
    print(json.dumps({"id": cabinet_id, "name": name, "inbound_address": address}, ensure_ascii=False))
    return 0
