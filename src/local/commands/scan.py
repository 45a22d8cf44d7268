"""`./poste scan --at DATETIME`: the daily deadline scan of every cabinet as it would run at that instant, each
cabinet on its own local date. Prints JSON `{"at", "cabinets", "alerts": [{"cabinet", "deadline_id", "dossier",
"threshold", "due_date"}]}` holding only the alerts this run raised (run it twice: the second list is empty).
A stable interface, used to check the product from outside. It raises alerts only: no digest is mailed."""

from __future__ import annotations

import argparse
from datetime import datetime, time
from typing import Any

from domain.errors import InvalidInput
from local.commands.options import add_data_dir, run_as_operator
from services.deadline_scan import MORNING_HOUR, scan_at
from services.scope import SystemScope


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    parser.add_argument(
        "--at",
        required=True,
        help="instant du passage : AAAA-MM-JJ (7 h, heure de chaque cabinet), AAAA-MM-JJTHH:MM (heure de chaque "
        "cabinet) ou avec son décalage (2026-03-10T06:00Z, 2026-03-10T07:00+01:00)",
    )


def parse_at(text: str) -> datetime:
    cleaned = text.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        if len(cleaned) == 10:
            return datetime.combine(datetime.fromisoformat(cleaned).date(), time(MORNING_HOUR))
        return datetime.fromisoformat(cleaned)
    except ValueError:
        raise InvalidInput(
            "Indiquez l'instant du passage sous la forme AAAA-MM-JJ ou AAAA-MM-JJTHH:MM[+HH:MM].", field="at"
        ) from None


async def _scan(operator: SystemScope, args: argparse.Namespace) -> dict[str, Any]:
    at = parse_at(args.at)
    cabinets, alerts = await scan_at(operator, at)
    return {"at": at.isoformat(), "cabinets": cabinets, "alerts": [alert.as_json() for alert in alerts]}


def run(args: argparse.Namespace) -> int:
    return run_as_operator(args, _scan)
