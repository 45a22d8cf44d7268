"""`./poste echeance add --dossier ID (--kind K | --delay D) --from DATE [--title T] [--cabinet SLUG]`: a deadline
written in a dossier as the operator, computed by the engine with the cabinet's court zone and closures. Prints the
deadline as the API shows it (`DeadlineOut`: `id`, `due_date`, the engine's `result`…); bad input is a French
message on stderr and exit status 2. A stable interface, used to check the product from outside."""

from __future__ import annotations

import argparse
from typing import Any

from d1.deadlines import Deadlines
from domain.actors import SYSTEM
from domain.errors import NotFound
from handlers.api.echeance_models import DeadlineOut
from local.commands.options import add_data_dir, run_as_operator
from services.cabinets import cabinet_named
from services.echeances import DOSSIER_NOT_FOUND, NewDeadline, create_deadline, today
from services.scope import CabinetScope, SystemScope


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="ajoute une échéance à un dossier")
    add.add_argument("--dossier", required=True, help="identifiant du dossier")
    rule = add.add_mutually_exclusive_group(required=True)
    rule.add_argument("--kind", help="type de délai du catalogue (voir ./poste deadline --catalogue)")
    rule.add_argument("--delay", help="délai libre : « 1 mois », « 15 jours »…")
    add.add_argument("--from", dest="start", required=True, metavar="AAAA-MM-JJ", help="date de départ")
    add.add_argument("--title", help="intitulé (défaut : celui du type de délai)")
    add.add_argument("--trigger-act", default="", help="acte qui fait courir le délai")
    add.add_argument("--cabinet", help="identifiant court du cabinet (défaut : celui du dossier)")


async def _scope_of(operator: SystemScope, args: argparse.Namespace) -> CabinetScope:
    """The dossier's cabinet: the one named, or the one holding the dossier (the operator sees every cabinet)."""
    if args.cabinet:
        return await cabinet_named(operator, args.cabinet)
    for cabinet_id in await operator.cross_cabinet.cabinet_ids():
        if await Deadlines(operator.ctx.db, cabinet_id).dossier(SYSTEM, args.dossier) is not None:
            return operator.for_cabinet(cabinet_id)
    raise NotFound(DOSSIER_NOT_FOUND, field="dossier")


async def _add(operator: SystemScope, args: argparse.Namespace) -> dict[str, Any]:
    scope = await _scope_of(operator, args)
    new = NewDeadline(start=args.start, kind=args.kind, delay=args.delay, title=args.title,
                      trigger_act=args.trigger_act)  # fmt: skip
    view = await create_deadline(scope, args.dossier, new)
    return DeadlineOut.of(view, await today(scope)).model_dump()


def run(args: argparse.Namespace) -> int:
    return run_as_operator(args, _add)
