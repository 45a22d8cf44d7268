"""Deadlines on dossiers (docs/echeances.md, "Deadlines"): listing what the actor may see (overdue first), reading
with the history, creating from the engine, editing (a changed trigger recomputes, keeping the old result in the
history; a manual due date needs `deadline.override` and a reason), confirming or rejecting a suggestion. A deadline
in a dossier the actor may not see is answered as an unknown one (404)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from d1.database import Statement
from domain.actors import SYSTEM, Actor, ensure_may_see, ensure_permission
from domain.clients import clean_text
from domain.deadlines import DeadlineResult, find_entry
from domain.echeances import (
    MAX_QUOTE_CHARS,
    MAX_REASON_CHARS,
    Deadline,
    DeadlineStatus,
    DeadlineView,
    DossierRef,
    HistoryEntry,
    Source,
    manual_date,
    status_change,
    valid_day,
    valid_title,
)
from domain.errors import Conflict, InvalidInput, NotFound
from domain.pages import Page, decode_cursor, page_of, valid_limit
from services.deadlines import compute
from services.recompute import (
    EngineSettings,
    computed,
    engine_settings,
    history,
    query_for,
    recomputed_note,
    refreshed,
)
from services.scope import CabinetScope

NOT_FOUND = "Échéance introuvable."
DOSSIER_NOT_FOUND = "Dossier introuvable."
STALE = "L'échéance a été modifiée entre-temps : rechargez-la."
LISTING = "deadlines"
STATUSES = ("suggere", "a_faire", "fait", "annule", "rejete")


@dataclass(frozen=True)
class NewDeadline:
    start: str | None  # the trigger date, AAAA-MM-JJ (None: a chain step waiting for its event)
    kind: str | None = None
    delay: str | None = None
    title: str | None = None
    trigger_act: str = ""
    zone: str | None = None
    party_residence: str | None = None
    served_in_person_at: str | None = None
    backward: bool = False
    prescription: bool = False
    filed_on: str | None = None
    responsible_id: str | None = None
    manual_due_date: str | None = None
    manual_reason: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where a deadline comes from: typed by a person, read in mail or a dictation, or a chain's step."""

    source: Source = Source.MANUEL
    source_id: str | None = None
    quote: str = ""
    status: DeadlineStatus = DeadlineStatus.A_FAIRE
    chain_run_id: str | None = None
    chain_step: str | None = None


def seer(actor: Actor) -> Actor:
    """Whose sight a lookup uses: the operator (the command line) may write in a dossier without reading it."""
    return SYSTEM if actor.kind == "operator" else actor


async def visible_dossier(scope: CabinetScope, dossier_id: str) -> DossierRef:
    """The dossier, if the actor may see it and manage its agenda (404 / 403 otherwise)."""
    if scope.actor.kind != "operator":
        ensure_may_see(scope.actor, "deadline.read", DOSSIER_NOT_FOUND)
    dossier = await scope.deadlines.dossier(seer(scope.actor), dossier_id)
    if dossier is None:
        raise NotFound(DOSSIER_NOT_FOUND)
    ensure_permission(scope.actor, "deadline.manage")
    return dossier


def _request(new: NewDeadline) -> dict[str, object]:
    fields = {"zone": new.zone, "party_residence": new.party_residence, "served_in_person_at":
              new.served_in_person_at, "backward": new.backward, "prescription": new.prescription,
              "filed_on": new.filed_on}  # fmt: skip
    return {name: value for name, value in fields.items() if value not in (None, False)}


def _default_title(new: NewDeadline) -> str:
    entry = find_entry(new.kind) if new.kind else None
    return entry.label if entry else f"Délai de {new.delay}"


async def _responsible(scope: CabinetScope, responsible_id: str | None, dossier: DossierRef) -> str | None:
    wanted = responsible_id if responsible_id is not None else dossier.responsible_id
    if not wanted:
        return None
    if not await scope.dossiers.people_named([wanted]):
        raise InvalidInput("Responsable inconnu dans le cabinet.", field="responsible_id")
    return wanted


def draft(scope: CabinetScope, dossier_id: str, new: NewDeadline, origin: Origin, responsible: str | None,
          settings: EngineSettings) -> Deadline:  # fmt: skip
    """A new deadline with the engine's result (422 naming the field the engine refuses)."""
    if (new.kind is None) == (new.delay is None):
        raise InvalidInput("Indiquez soit un type de délai du catalogue, soit un délai.", field="kind")
    start = valid_day(new.start, "from") if new.start is not None else None
    manual, reason = manual_date(new.manual_due_date, new.manual_reason)
    now = scope.ctx.clock.now().isoformat()
    deadline = Deadline(
        id=scope.ctx.ids.new_id(), cabinet_id=scope.cabinet_id, dossier_id=dossier_id,
        title=valid_title(new.title if new.title is not None else _default_title(new)), kind=new.kind or "",
        delay=clean_text(new.delay or "", "delay", 200), trigger_date=start,
        trigger_act=clean_text(new.trigger_act, "trigger_act", 200), request=_request(new), result=None,
        engine_version="", computed_due_date=None, manual_due_date=manual, manual_reason=reason, due_date=None,
        alert_date=None, next_alert_on=None, responsible_id=responsible, status=origin.status, source=origin.source,
        source_id=origin.source_id, quote=origin.quote[:MAX_QUOTE_CHARS], chain_run_id=origin.chain_run_id,
        chain_step=origin.chain_step, version=1, created_by=scope.actor.label, created_at=now, updated_at=now,
    )  # fmt: skip
    return computed(deadline, settings)


def creation_writes(scope: CabinetScope, deadline: Deadline) -> list[Statement]:
    writes = [scope.deadlines.insert(deadline),
              scope.deadlines.record(history(scope, deadline.id, "cree", None, deadline))]  # fmt: skip
    if deadline.manual_due_date is not None:
        writes.append(scope.audit_row("deadline.manual_date", deadline.id, deadline.manual_reason))
    return writes


async def create_deadline(
    scope: CabinetScope, dossier_id: str, new: NewDeadline, origin: Origin = Origin()
) -> DeadlineView:
    dossier = await visible_dossier(scope, dossier_id)
    if new.manual_due_date is not None or new.manual_reason:
        ensure_permission(scope.actor, "deadline.override")
    responsible = await _responsible(scope, new.responsible_id, dossier)
    deadline = draft(scope, dossier.id, new, origin, responsible, await engine_settings(scope))
    await scope.commit(
        *creation_writes(scope, deadline),
        action="deadline.created",
        subject=deadline.id,
        summary=f"{dossier.reference} : {deadline.title} ({deadline.due_date or 'en attente'})",
    )
    return await read_back(scope, deadline.id)


async def read_back(scope: CabinetScope, deadline_id: str) -> DeadlineView:
    view = await scope.deadlines.get(SYSTEM, deadline_id)
    if view is None:
        raise NotFound(NOT_FOUND)
    return view


async def preview(scope: CabinetScope, new: NewDeadline) -> DeadlineResult:
    """The engine's answer for a deadline being typed, with the cabinet's court zone and closures; nothing written."""
    ensure_permission(scope.actor, "deadline.read")
    if (new.kind is None) == (new.delay is None):
        raise InvalidInput("Indiquez soit un type de délai du catalogue, soit un délai.", field="kind")
    start = valid_day(new.start or "", "from")
    settings = await engine_settings(scope)
    return compute(query_for(new.kind or "", new.delay or "", start, _request(new), settings, new.trigger_act))


async def get_deadline(scope: CabinetScope, deadline_id: str) -> tuple[DeadlineView, list[HistoryEntry]]:
    ensure_may_see(scope.actor, "deadline.read", NOT_FOUND)
    view = await scope.deadlines.get(scope.actor, deadline_id)
    if view is None:
        raise NotFound(NOT_FOUND)
    return view, await scope.deadlines.history(deadline_id)


@dataclass(frozen=True)
class Listing:
    """What a list request of the échéancier asks, checked: the statuses, the page size and where the page starts."""

    statuses: tuple[str, ...]
    limit: int
    after: list[str | int | None] | None
    sort: str


def listing(name: str, known: tuple[str, ...], status: str, filters: dict[str, str | None], limit: int,
            cursor: str | None, sort: str) -> Listing:  # fmt: skip
    """A list request of deadlines or hearings (`name`), read as both lists read it; 422 naming the bad field."""
    if status != "all" and status not in known:
        raise InvalidInput("Statut inconnu.", field="status")
    for field in ("from", "to"):
        if filters.get(field):
            valid_day(str(filters[field]), field)
    after = decode_cursor(cursor, name, sort, 2) if cursor else None
    return Listing(known if status == "all" else (status,), valid_limit(limit), after, sort)


async def list_deadlines(
    scope: CabinetScope, *, status: str = "a_faire", filters: dict[str, str | None], limit: int = 50,
    cursor: str | None = None,
) -> Page[DeadlineView]:  # fmt: skip
    ensure_permission(scope.actor, "deadline.read")
    asked = listing(LISTING, STATUSES, status, filters, limit, cursor, f"due:{status}")
    rows = await scope.deadlines.page(scope.actor, filters=filters, statuses=asked.statuses, limit=asked.limit,
                                      after=asked.after)  # fmt: skip
    return page_of(rows, asked.limit, LISTING, asked.sort, lambda v: [v.deadline.due_date or "~", v.deadline.id])


async def today(scope: CabinetScope) -> str:
    cabinet = await scope.cabinet.get()
    zone = ZoneInfo(cabinet.timezone if cabinet else "Europe/Paris")
    return scope.ctx.clock.now().astimezone(zone).date().isoformat()


@dataclass(frozen=True)
class DeadlineChanges:
    """What a PATCH names (None: not given). `manual_given` tells "remove the manual date" (None) from silence."""

    version: int
    title: str | None = None
    trigger_date: str | None = None
    trigger_act: str | None = None
    responsible_id: str | None = None
    status: DeadlineStatus | None = None
    manual_given: bool = False
    manual_due_date: str | None = None
    manual_reason: str | None = None


async def _found(scope: CabinetScope, deadline_id: str, version: int | None) -> Deadline:
    ensure_may_see(scope.actor, "deadline.read", NOT_FOUND)
    view = await scope.deadlines.get(scope.actor, deadline_id)
    if view is None:
        raise NotFound(NOT_FOUND)
    ensure_permission(scope.actor, "deadline.manage")
    if version is not None and version != view.deadline.version:
        raise Conflict(STALE, field="version", code="modifie_entre_temps")
    return view.deadline


async def update_deadline(scope: CabinetScope, deadline_id: str, changes: DeadlineChanges) -> DeadlineView:
    current = await _found(scope, deadline_id, changes.version)
    settings = await engine_settings(scope)
    after = _edited(current, changes)
    if (
        after.responsible_id
        and after.responsible_id != current.responsible_id
        and not (await scope.dossiers.people_named([after.responsible_id]))
    ):
        raise InvalidInput("Responsable inconnu dans le cabinet.", field="responsible_id")
    audit: list[Statement] = []
    if changes.manual_given:
        ensure_permission(scope.actor, "deadline.override")
        manual, reason = manual_date(changes.manual_due_date, changes.manual_reason)
        after = replace(after, manual_due_date=manual, manual_reason=reason)
        audit.append(scope.audit_row("deadline.manual_date", current.id, reason or "date manuelle retirée"))
    if changes.status is not None:
        after = replace(after, status=status_change(current.status, changes.status))
    retriggered = (after.trigger_date, after.trigger_act) != (current.trigger_date, current.trigger_act)
    after = computed(after, settings) if retriggered else refreshed(after, settings)
    after = replace(after, version=current.version + 1, updated_at=scope.ctx.clock.now().isoformat())
    entries = _history(scope, current, after, changes)
    # the history first, written only while the row is at the version read; then the row, guarded the same way
    writes = [*(scope.deadlines.record(e, at_version=current.version) for e in entries), *audit,
              scope.deadlines.update(after, current.version)]  # fmt: skip
    if retriggered and current.due_date != after.due_date:
        writes += recomputed_note(scope, current, after, "Date de départ modifiée")
    landed = scope.deadlines.at_version(current.id, after.version, after.updated_at)
    results = await scope.commit(*writes, action="deadline.updated", subject=current.id, only_if=landed,
                                 summary=", ".join(e.change for e in entries) or "rien")  # fmt: skip
    if results[len(entries) + len(audit)].changes != 1:
        raise Conflict(STALE, field="version", code="modifie_entre_temps")
    return await read_back(scope, current.id)


def _edited(d: Deadline, changes: DeadlineChanges) -> Deadline:
    given = changes
    return replace(
        d,
        title=valid_title(given.title) if given.title is not None else d.title,
        responsible_id=(given.responsible_id or None) if given.responsible_id is not None else d.responsible_id,
        trigger_date=valid_day(given.trigger_date, "trigger_date") if given.trigger_date is not None
        else d.trigger_date,
        trigger_act=clean_text(given.trigger_act, "trigger_act", 200) if given.trigger_act is not None
        else d.trigger_act,
    )  # fmt: skip


def _history(scope: CabinetScope, current: Deadline, after: Deadline, changes: DeadlineChanges) -> list[HistoryEntry]:
    """One row per kind of change, each with the deadline before and after it."""
    entries = []
    if (current.trigger_date, current.trigger_act, current.result) != (after.trigger_date, after.trigger_act,
                                                                        after.result):  # fmt: skip
        entries.append(history(scope, current.id, "recalcule", current, after, "date de départ modifiée"))
    if (current.manual_due_date, current.manual_reason) != (after.manual_due_date, after.manual_reason):
        entries.append(history(scope, current.id, "date_manuelle", current, after, after.manual_reason))
    if current.status != after.status:
        entries.append(history(scope, current.id, "statut", current, after, after.status.value))
    if (current.title, current.responsible_id) != (after.title, after.responsible_id):
        entries.append(history(scope, current.id, "modifie", current, after, "intitulé ou responsable"))
    return entries


async def decide(scope: CabinetScope, deadline_id: str, *, confirm: bool, reason: str = "") -> DeadlineView:
    """A suggestion confirmed (it counts from now: à faire) or rejected; one click, audited, kept in the history."""
    current = await _found(scope, deadline_id, None)
    if current.status is not DeadlineStatus.SUGGERE:
        raise Conflict("Cette échéance n'est pas une suggestion en attente.", field="status")
    settings = await engine_settings(scope)
    status = DeadlineStatus.A_FAIRE if confirm else DeadlineStatus.REJETE
    after = replace(current, status=status, version=current.version + 1,
                    updated_at=scope.ctx.clock.now().isoformat())  # fmt: skip
    after = refreshed(after, settings)
    reason = clean_text(reason, "reason", MAX_REASON_CHARS)
    change = "confirme" if confirm else "rejete"
    results = await scope.commit(
        scope.deadlines.record(history(scope, current.id, change, current, after, reason), at_version=current.version),
        scope.deadlines.update(after, current.version),
        action=f"deadline.{'confirmed' if confirm else 'rejected'}", subject=current.id, summary=reason,
        only_if=scope.deadlines.at_version(current.id, after.version, after.updated_at),
    )  # fmt: skip
    if results[1].changes != 1:
        raise Conflict(STALE, field="version", code="modifie_entre_temps")
    return await read_back(scope, current.id)
