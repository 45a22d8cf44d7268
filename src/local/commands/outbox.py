"""`./poste outbox [--to ADRESSE]` and `./poste outbox show ID`: the mail the local runtime sent to its outbox
folder (no relay configured). The listing is JSON, newest first; `show` prints the message's text part as it reads,
so a person — or a browser test — can follow the invitation or reset link it carries. A stable interface."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from domain.errors import DomainError
from local.commands.options import add_data_dir, config_of
from local.outbox import list_outbox, outbox_text
from local.runtime import outbox_folder

USAGE_ERROR = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument("--to", help="seulement les messages à cette adresse")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    listing = actions.add_parser("list", help="liste les messages envoyés, le plus récent d'abord (par défaut)")
    listing.add_argument("--to", default=argparse.SUPPRESS, help="seulement les messages à cette adresse")
    show = actions.add_parser("show", help="affiche le texte d'un message")
    show.add_argument("id", help="identifiant du message (`id` de la liste, ou son Message-ID)")
    for action in (listing, show):
        add_data_dir(action, after_action=True)


def run(args: argparse.Namespace) -> int:
    folder = outbox_folder(config_of(args).data_dir)
    if args.action == "show":
        try:
            text = outbox_text(folder, args.id)
        except DomainError as error:
            print(f"Erreur : {error.message}", file=sys.stderr)
            return USAGE_ERROR
        print(text, end="" if text.endswith("\n") else "\n")
        return 0
    entries = list_outbox(folder)
    if args.to:
        entries = [entry for entry in entries if entry.to.lower() == args.to.strip().lower()]
    print(json.dumps([asdict(entry) for entry in entries], ensure_ascii=False, indent=2))
    return 0
