"""The engine applied to a stored deadline, and its recomputation when what it depends on changes (its trigger date,
its chain's anchors, the cabinet's court closures): a changed result is written with a history row keeping the old
one and a notification to the dossier's lawyer (`echeance.recalculee`) — never silently (docs/echeances.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from d1.database import Statement
from domain.deadlines import ENGINE_VERSION, DeadlineResult, find_entry
from domain.echeances import (
    Deadline,
    DeadlineStatus,
    HistoryEntry,
    effective_due,
    next_alert_on,
    snapshot,
)
from domain.notifications import Audience, NewNotification, NotificationType
from services.deadlines import DeadlineQuery, compute
from services.scope import CabinetScope

# A closure moves only deadlines whose end it falls in (or just before): those due within this many days of it.
CLOSURE_REACH_DAYS = 40


@dataclass(frozen=True)
class EngineSettings:
    """What the cabinet adds to every computation: its court zone, its declared closures, its alert thresholds."""

    zone: str
    closures: tuple[str, ...]
    alert_days: tuple[int, ...]
    timezone: str


async def engine_settings(scope: CabinetScope) -> EngineSettings:
    cabinet = await scope.cabinet.get()
    closures = tuple(closure.day for closure in await scope.court_closures.all())
    if cabinet is None:
        return EngineSettings("metropole", closures, (7, 3, 1, 0), "Europe/Paris")
    return EngineSettings(cabinet.court_zone, closures, cabinet.alert_days, cabinet.timezone)


def query_for(kind: str, delay: str, trigger_date: str, request: dict[str, Any], settings: EngineSettings,
              trigger_act: str = "") -> DeadlineQuery:  # fmt: skip
    entry = find_entry(kind) if kind else None
    filed_on = request.get("filed_on") if entry is not None and entry.keyed_on_filing_date else None
    return DeadlineQuery(
        start=trigger_date, delay=delay or None, kind=kind or None, zone=request.get("zone") or settings.zone,
        party_residence=request.get("party_residence"), served_in_person_at=request.get("served_in_person_at"),
        backward=bool(request.get("backward")), prescription=bool(request.get("prescription")),
        closed=settings.closures, filed_on=filed_on, trigger=trigger_act or None,
    )  # fmt: skip


def with_result(deadline: Deadline, result: DeadlineResult | None, settings: EngineSettings) -> Deadline:
    """The deadline carrying `result` (None: waiting for its trigger), its dates and its next alert day."""
    computed = result.due_date.isoformat() if result else None
    due = effective_due(computed, deadline.manual_due_date)
    return replace(
        deadline, result=result.as_dict() if result else None, computed_due_date=computed, due_date=due,
        alert_date=result.alert_date.isoformat() if result else None,
        engine_version=result.engine_version if result else deadline.engine_version,
        next_alert_on=next_alert_on(deadline.status, due, settings.alert_days),
    )  # fmt: skip


def refreshed(deadline: Deadline, settings: EngineSettings) -> Deadline:
    """The dates that follow from the deadline's own fields (a manual date, a status) without running the engine
    again: a stored result is changed only by a recomputation, which leaves a history row."""
    due = effective_due(deadline.computed_due_date, deadline.manual_due_date)
    return replace(deadline, due_date=due, next_alert_on=next_alert_on(deadline.status, due, settings.alert_days))


def computed(deadline: Deadline, settings: EngineSettings) -> Deadline:
    """The deadline with the engine's result for its current inputs (raises the engine's 422 on bad input)."""
    if deadline.trigger_date is None:
        return with_result(deadline, None, settings)
    query = query_for(deadline.kind, deadline.delay, deadline.trigger_date, deadline.request, settings,
                      deadline.trigger_act)  # fmt: skip
    return with_result(deadline, compute(query), settings)


def history(scope: CabinetScope, deadline_id: str, change: str, before: Deadline | None, after: Deadline | None,
            reason: str = "") -> HistoryEntry:  # fmt: skip
    return HistoryEntry(scope.ctx.ids.new_id(), deadline_id, scope.ctx.clock.now().isoformat(), scope.actor.label,
                        change, reason, snapshot(before) if before else None,
                        snapshot(after) if after else None)  # fmt: skip


def recomputed_note(scope: CabinetScope, before: Deadline, after: Deadline, why: str) -> list[Statement]:
    """Tells the dossier's lawyer that a due date moved (titles never name a client: lock screens)."""
    note = NewNotification(
        id=scope.ctx.ids.new_id(), dedupe_key=f"recalcul:{after.id}:{after.version}",
        type=NotificationType.RECOMPUTED, title=f"Échéance recalculée : {after.title}"[:200],
        body=_moved(why, before.due_date, after.due_date),
        link="/echeances", audience=Audience.dossier(after.dossier_id), created_at=scope.ctx.clock.now().isoformat(),
        dossier_id=after.dossier_id, subject_id=after.id,
    )  # fmt: skip
    return scope.notify(note)


def _moved(why: str, before: str | None, after: str | None) -> str:
    if before is None:
        return f"{why} : échéance fixée au {after}."
    if after is None:
        return f"{why} : l'échéance du {before} attend de nouveau sa date de départ."
    return f"{why} : échéance du {before} portée au {after}."


def changed(before: Deadline, after: Deadline) -> bool:
    return (before.computed_due_date, before.result) != (after.computed_due_date, after.result)


def recompute_writes(scope: CabinetScope, before: Deadline, after: Deadline, why: str) -> list[Statement]:
    """The update of a recomputed deadline (`after`, inputs already changed), its history row keeping the old
    result, and the notification when its due date moved. Nothing when the result is the same."""
    if not changed(before, after) and before.trigger_date == after.trigger_date:
        return []
    now = scope.ctx.clock.now().isoformat()
    after = replace(after, version=before.version + 1, updated_at=now)
    entry = history(scope, before.id, "recalcule", before, after, why)
    writes = [scope.deadlines.record(entry, at_version=before.version), scope.deadlines.update(after, before.version)]
    if before.due_date != after.due_date and after.status in (DeadlineStatus.A_FAIRE, DeadlineStatus.SUGGERE):
        writes += recomputed_note(scope, before, after, why)
    return writes


async def recompute_for_closure(scope: CabinetScope, day: str, why: str, *, closed: bool) -> list[Statement]:
    """Every deadline still counting whose end a closure on `day` may move, recomputed with the cabinet's closures
    as they will be once the caller's batch adds (`closed`) or removes that day."""
    settings = await engine_settings(scope)
    others = tuple(d for d in settings.closures if d != day)
    settings = replace(settings, closures=tuple(sorted((*others, day))) if closed else others)
    around = dt.date.fromisoformat(day)
    first = (around - dt.timedelta(days=CLOSURE_REACH_DAYS)).isoformat()
    last = (around + dt.timedelta(days=CLOSURE_REACH_DAYS)).isoformat()
    writes: list[Statement] = []
    for deadline in await scope.deadlines.due_between(first, last):
        if deadline.trigger_date is None:
            continue
        writes += recompute_writes(scope, deadline, computed(deadline, settings), why)
    return writes


async def recompute_outdated(scope: CabinetScope, *, limit: int = 200) -> int:
    """The deadlines computed by an earlier version of the engine (a rule changed), recomputed: each changed one
    keeps its old result in its history and its lawyer is told when its due date moved; an unchanged one is only
    marked as checked by this version. For a periodic job (the daily scan); returns how many were looked at."""
    settings = await engine_settings(scope)
    found = await scope.deadlines.outdated(ENGINE_VERSION, limit)
    writes: list[Statement] = []
    for deadline in found:
        after = computed(deadline, settings)
        changes = recompute_writes(scope, deadline, after, f"Règles mises à jour (moteur v{ENGINE_VERSION})")
        if not changes:  # same result: remember that this version agrees, without a history row
            changes = [scope.deadlines.update(replace(deadline, engine_version=ENGINE_VERSION,
                                                      version=deadline.version + 1), deadline.version)]  # fmt: skip
        writes += changes
    if writes:
        await scope.commit(*writes, action="deadline.rules_updated", subject=scope.cabinet_id,
                           summary=f"{len(found)} échéance(s), moteur v{ENGINE_VERSION}")  # fmt: skip
    return len(found)
