"""`./poste` — the command-line entry point of the local runtime.

Subcommands live in `local.commands.<name>` and are imported only when used, so `./poste deadline` does not pay
for the web server's imports.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Protocol, cast

COMMANDS: dict[str, str] = {
    "serve": "Démarre le runtime local (HTTP, SMTP, cron, file de tâches) sur la boucle locale.",
    "migrate": "Applique les migrations à la base SQLite locale.",
    "cabinet": "Crée ou liste les cabinets du runtime local et leurs adresses de réception.",
    "deadline": "Calcule une échéance selon le Code de procédure civile (art. 640 à 644).",
    "parse": "Lit un message (.eml) et affiche en JSON ses en-têtes, pièces jointes et faits extraits.",
}


class Command(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def load(name: str) -> Command:
    return cast(Command, importlib.import_module(f"local.commands.{name}"))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="poste", description="IA Poste Manager")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    wanted = argv[0] if argv and argv[0] in COMMANDS else None
    for name, help_text in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name == wanted:
            load(name).add_arguments(command_parser)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return load(args.command).run(args)


if __name__ == "__main__":
    raise SystemExit(main())
