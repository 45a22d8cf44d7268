"""The days the cabinet's court declared closed (docs/echeances.md, "Cabinet settings"): adding or removing one
recomputes the deadlines whose end it may move, in the same batch, each change kept in its history and told to its
lawyer (`echeance.recalculee`)."""

from __future__ import annotations

from domain.actors import ensure_permission
from domain.clients import clean_text
from domain.echeances import MAX_REASON_CHARS, CourtClosure, valid_day
from domain.errors import InvalidInput, NotFound
from services.recompute import recompute_for_closure
from services.scope import CabinetScope

NOT_FOUND = "Fermeture introuvable."


async def list_closures(scope: CabinetScope) -> list[CourtClosure]:
    ensure_permission(scope.actor, "cabinet.read")
    return await scope.court_closures.all()


async def add_closure(scope: CabinetScope, day: str, reason: str) -> CourtClosure:
    ensure_permission(scope.actor, "cabinet.manage")
    closure = CourtClosure(valid_day(day, "day"), clean_text(reason, "reason", MAX_REASON_CHARS),
                           scope.ctx.clock.now().isoformat())  # fmt: skip
    existing = await scope.court_closures.get(closure.day)
    if existing is not None:
        return existing
    why = f"Fermeture de la juridiction déclarée le {closure.day}"
    writes = await recompute_for_closure(scope, closure.day, why, closed=True)
    await scope.commit(scope.court_closures.insert(closure), *writes, action="cabinet.closure_added",
                       subject=closure.day, summary=closure.reason)  # fmt: skip
    return closure


async def remove_closure(scope: CabinetScope, day: str) -> None:
    """404 for a day that is not declared (or not a date: the same answer as any unknown one)."""
    ensure_permission(scope.actor, "cabinet.read")
    try:
        wanted = valid_day(day, "day")
    except InvalidInput:
        raise NotFound(NOT_FOUND) from None
    closure = await scope.court_closures.get(wanted)
    if closure is None:
        raise NotFound(NOT_FOUND)
    ensure_permission(scope.actor, "cabinet.manage")
    why = f"Fermeture du {closure.day} retirée"
    writes = await recompute_for_closure(scope, closure.day, why, closed=False)
    await scope.commit(scope.court_closures.delete(closure.day), *writes, action="cabinet.closure_removed",
                       subject=closure.day, summary=closure.reason)  # fmt: skip
