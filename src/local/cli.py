"""`./poste` — the command-line entry point of the local runtime.

Subcommands live in `local.commands.<name>` and are imported only when used, so `./poste deadline` does not pay
for the web server's imports.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from typing import NoReturn, Protocol, cast

COMMANDS: dict[str, str] = {
    "serve": "Démarre le runtime local (HTTP, SMTP, cron, file de tâches) sur la boucle locale.",
    "migrate": "Applique les migrations à la base SQLite locale.",
    "cabinet": "Crée ou liste les cabinets du runtime local, leurs adresses de réception et leur premier associé.",
    "user": "Ajoute une personne à un cabinet (mot de passe, ou lien d'invitation).",
    "client": "Ajoute un client à un cabinet (personne physique ou morale, selon son nom).",
    "dossier": "Ouvre un dossier dans un cabinet (numéroté, contrôle des conflits d'intérêts).",
    "mail": "Liste le courrier reçu par un cabinet, ou affiche un message et ce que sa lecture a trouvé.",
    "outbox": "Liste le courrier envoyé dans la boîte d'envoi locale, ou affiche le texte d'un message.",
    "deadline": "Calcule une échéance selon le Code de procédure civile (art. 640 à 644).",
    "echeance": "Ajoute une échéance à un dossier (calculée, avec son explication).",
    "scan": "Passe le contrôle quotidien des échéances tel qu'il passerait à un instant donné (alertes levées).",
    "seed": "Remplit le runtime local de cabinets fictifs (clients, dossiers, courriers, documents) à grande échelle.",
    "demo": "Crée le cabinet de démonstration « Cabinet Démo » (personnes, clients, dossiers, documents).",
    "parse": "Lit un message (.eml) et affiche en JSON ses en-têtes, pièces jointes et faits extraits.",
    "ingest": "Reçoit un message (.eml) comme le serveur SMTP, le classe, et affiche en JSON ce qu'il est devenu.",
    "transcribe": "Transcrit un enregistrement (dictée, message vocal) et affiche en JSON le texte et ses faits.",
}


USAGE_ERROR = 2

# argparse's English error messages (Python 3.11 to 3.13) and their French wording.
_TRANSLATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), french)
    for pattern, french in (
        (r"unrecognized arguments: (?P<x>-.*)", "option inconnue : {x}"),
        (r"unrecognized arguments: (?P<x>.*)", "argument inconnu : {x}"),
        (r"argument (?P<a>\S+): invalid choice: (?P<v>.*?) \(choose from (?P<c>.*)\)",
         "valeur invalide pour {a} : {v} (choix possibles : {c})"),
        (r"argument (?P<a>\S+): invalid \S+ value: (?P<v>.*)", "valeur invalide pour {a} : {v}"),
        (r"argument (?P<a>\S+): expected one argument", "valeur manquante pour {a}"),
        (r"argument (?P<a>\S+): expected (?P<n>.*) arguments?", "{a} attend {n} valeur(s)"),
        (r"argument (?P<a>\S+): not allowed with argument (?P<b>\S+)", "{a} est incompatible avec {b}"),
        (r"argument (?P<a>\S+): ignored explicit argument (?P<v>.*)", "valeur non attendue pour {a} : {v}"),
        (r"the following arguments are required: (?P<x>.*)", "arguments obligatoires manquants : {x}"),
        (r"ambiguous option: (?P<o>\S+) could match (?P<m>.*)", "option ambiguë : {o} (possibles : {m})"),
        (r"argument (?P<a>\S+): (?P<m>.*)", "argument {a} invalide : {m}"),
    )
)  # fmt: skip


def french_error(message: str) -> str:
    """argparse's English error message in French; unknown messages are kept, after a French prefix."""
    for pattern, french in _TRANSLATIONS:
        match = pattern.fullmatch(message.strip())
        if match is not None:
            return french.format(**match.groupdict())
    return f"argument invalide ({message})"


class FrenchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are printed in French on stderr, with exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"Erreur : {french_error(message)}\nAide : {self.prog} --help\n")


class Command(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


# A command whose module is not named after it (modules are named by feature stem).
MODULES = {"mail": "inbound_mail"}


def load(name: str) -> Command:
    return cast(Command, importlib.import_module(f"local.commands.{MODULES.get(name, name)}"))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = FrenchArgumentParser(prog="poste", description="IA Poste Manager")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchArgumentParser)
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
