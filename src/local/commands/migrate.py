"""`./poste migrate`: applies pending migrations to the local database (`serve` also does it at start)."""

from __future__ import annotations

import argparse
from pathlib import Path

from local.config import LocalConfig
from local.migrations import apply_migrations
from local.sqlite_database import connect


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, help="dossier des données (défaut : $POSTE_DATA_DIR ou .data/)")


def run(args: argparse.Namespace) -> int:
    data_dir = (args.data_dir or LocalConfig.from_environment().data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    conn = connect(data_dir / "d1.sqlite")
    try:
        applied = apply_migrations(conn)
    finally:
        conn.close()
    if applied:
        print("\n".join(f"Migration appliquée : {name}" for name in applied))
    else:
        print("Base à jour : aucune migration en attente.")
    return 0
