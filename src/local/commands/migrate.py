"""`./poste migrate`: applies pending migrations to the local database (`serve` also does it at start)."""

from __future__ import annotations

import argparse

from local.commands.options import add_data_dir, open_cli_runtime


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    runtime = open_cli_runtime(args)
    runtime.close()
    applied = runtime.migrations_applied
    print(
        "\n".join(f"Migration appliquée : {name}" for name in applied) or "Base à jour : aucune migration en attente."
    )
    return 0
