"""Procedure chains (docs/echeances.md, "Procedure chains"): the shipped ones and the cabinet's own, applied to a
dossier in one click; entering or changing an anchor (an outside event's date) recomputes every dependent step, each
change kept in its deadline's history and told to the dossier's lawyer. A hearing anchor follows the hearing when it
is moved (renvoi)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from d1.database import Statement
from d1.procedures import ProcedureRun
from domain.actors import ensure_permission
from domain.clients import clean_text
from domain.echeances import (
    Deadline,
    DeadlineStatus,
    DeadlineView,
    Hearing,
    HearingStatus,
    Source,
    valid_day,
    waiting_for,
)
from domain.errors import Conflict, InvalidInput, NotFound
from domain.procedures import (
    FILED_ON_EVENT,
    Procedure,
    Step,
    event_label,
    is_event_of_hearing,
    shipped,
    valid_name,
    valid_steps,
)
from domain.procedures import SHIPPED as SHIPPED_PROCEDURES
from services.echeances import NewDeadline, Origin, creation_writes, draft, read_back, visible_dossier
from services.recompute import EngineSettings, computed, engine_settings, recompute_writes
from services.scope import CabinetScope

NOT_FOUND = "Chaîne de procédure introuvable."
RUN_NOT_FOUND = "Procédure appliquée introuvable."


async def list_procedures(scope: CabinetScope) -> list[Procedure]:
    ensure_permission(scope.actor, "deadline.read")
    return [*SHIPPED_PROCEDURES, *await scope.procedures.all()]


async def _procedure(scope: CabinetScope, procedure_id: str) -> Procedure:
    found = shipped(procedure_id) or await scope.procedures.get(procedure_id)
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


@dataclass(frozen=True)
class ProcedureDraft:
    name: str
    steps: tuple[Step, ...]
    description: str = ""
    based_on: str | None = None


def _checked(scope: CabinetScope, procedure_id: str, given: ProcedureDraft) -> Procedure:
    return Procedure(procedure_id, valid_name(given.name), clean_text(given.description, "description", 2000),
                     valid_steps(list(given.steps)), False, given.based_on)  # fmt: skip


async def create_procedure(scope: CabinetScope, given: ProcedureDraft) -> Procedure:
    ensure_permission(scope.actor, "procedure.manage")
    procedure = _checked(scope, scope.ctx.ids.new_id(), given)
    if given.based_on is not None and not (shipped(given.based_on) or await scope.procedures.get(given.based_on)):
        raise InvalidInput("Chaîne d'origine inconnue.", field="based_on")
    now = scope.ctx.clock.now().isoformat()
    await scope.commit(scope.procedures.insert(procedure, scope.actor.label, now), action="procedure.created",
                       subject=procedure.id, summary=procedure.name)  # fmt: skip
    return procedure


async def _own(scope: CabinetScope, procedure_id: str) -> Procedure:
    ensure_permission(scope.actor, "deadline.read")
    found = await _procedure(scope, procedure_id)
    ensure_permission(scope.actor, "procedure.manage")
    if found.builtin:
        raise Conflict("Une chaîne livrée ne se modifie pas : copiez-la (based_on).", field="procedure")
    return found


async def update_procedure(scope: CabinetScope, procedure_id: str, given: ProcedureDraft) -> Procedure:
    current = await _own(scope, procedure_id)
    procedure = replace(_checked(scope, current.id, given), version=current.version + 1)
    await scope.commit(scope.procedures.update(procedure, scope.ctx.clock.now().isoformat()),
                       action="procedure.updated", subject=procedure.id, summary=procedure.name)  # fmt: skip
    return procedure


async def delete_procedure(scope: CabinetScope, procedure_id: str) -> None:
    """Its runs keep the chain as it was applied."""
    current = await _own(scope, procedure_id)
    await scope.commit(scope.procedures.delete(current.id), action="procedure.deleted", subject=current.id,
                       summary=current.name)  # fmt: skip


@dataclass(frozen=True)
class Applied:
    run_id: str
    deadlines: list[DeadlineView]


def _anchors(procedure: Procedure, given: dict[str, str]) -> dict[str, str]:
    events = procedure.events
    checked = {}
    for event, day in given.items():
        if event not in events:
            raise InvalidInput(f"Événement inconnu de cette chaîne ; attendus : {', '.join(events)}.",
                               field=f"anchors.{event}")  # fmt: skip
        checked[event] = valid_day(day, f"anchors.{event}")
    return checked


async def _hearing_links(scope: CabinetScope, dossier_id: str, anchors: dict[str, str]) -> dict[str, str]:
    """The planned hearing each hearing anchor falls on, so that a renvoi moves the anchor with it."""
    hearings = [h for h in await scope.hearings.of_dossier(dossier_id) if h.status is HearingStatus.PREVUE]
    links = {}
    for event, day in anchors.items():
        found = next((h for h in hearings if h.date == day), None) if is_event_of_hearing(event) else None
        if found is not None:
            links[event] = found.id
    return links


def _filed_on(run: ProcedureRun) -> str | None:
    return run.anchors.get(FILED_ON_EVENT) or run.procedure.filed_on_default


def _after_label(step: Step, run: ProcedureRun) -> str:
    """What a step runs from, in French: an event, or the earlier step's title."""
    keys = {s.key: s.title for s in run.procedure.steps}
    return f"échéance « {keys[step.after]} »" if step.after in keys else event_label(step.after)


def _trigger(step: Step, run: ProcedureRun, due: dict[str, str | None]) -> str | None:
    return due.get(step.after) if step.after in due else run.anchors.get(step.after)


def _step_request(step: Step, run: ProcedureRun) -> NewDeadline:
    return NewDeadline(start=None, kind=step.kind, delay=step.delay, title=step.title, backward=step.backward,
                       filed_on=_filed_on(run), trigger_act=_after_label(step, run))  # fmt: skip


async def apply_procedure(scope: CabinetScope, dossier_id: str, procedure_id: str, anchors: dict[str, str]) -> Applied:
    dossier = await visible_dossier(scope, dossier_id)
    procedure = await _procedure(scope, procedure_id)
    checked = _anchors(procedure, anchors)
    now = scope.ctx.clock.now().isoformat()
    run = ProcedureRun(scope.ctx.ids.new_id(), dossier.id, procedure, checked,
                       await _hearing_links(scope, dossier.id, checked), 1, scope.actor.label, now, now)  # fmt: skip
    settings = await engine_settings(scope)
    due: dict[str, str | None] = {}
    writes = [scope.procedures.insert_run(run)]
    for step in procedure.steps:
        start = _trigger(step, run, due)
        new = replace(_step_request(step, run), start=start)
        origin = Origin(Source.CHAINE, run.id, "", DeadlineStatus.A_FAIRE, run.id, step.key)
        deadline = draft(scope, dossier.id, new, origin, dossier.responsible_id, settings)
        if start is None:
            deadline = replace(deadline, trigger_act=waiting_for(_after_label(step, run)))
        due[step.key] = deadline.due_date
        writes += creation_writes(scope, deadline)
    await scope.commit(*writes, action="procedure.applied", subject=run.id,
                       summary=f"{dossier.reference} : {procedure.name}")  # fmt: skip
    return Applied(run.id, [await read_back(scope, d.id) for d in await scope.deadlines.of_run(run.id)])


def _restep(step: Step, run: ProcedureRun, current: Deadline, start: str | None, settings: EngineSettings) -> Deadline:
    request = dict(current.request)
    filed_on = _filed_on(run)
    if filed_on:
        request["filed_on"] = filed_on
    act = _after_label(step, run) if start is not None else waiting_for(_after_label(step, run))
    return computed(replace(current, trigger_date=start, trigger_act=act, request=request), settings)


async def rerun_writes(scope: CabinetScope, run: ProcedureRun, why: str) -> list[Statement]:
    """Every step of the run recomputed from its anchors and earlier steps, in order; a step done or cancelled
    keeps its date (the steps after it still run from it)."""
    settings = await engine_settings(scope)
    by_step = {d.chain_step: d for d in await scope.deadlines.of_run(run.id)}
    due: dict[str, str | None] = {}
    writes: list[Statement] = []
    for step in run.procedure.steps:
        current = by_step.get(step.key)
        if current is None:
            continue
        if current.status not in (DeadlineStatus.A_FAIRE, DeadlineStatus.SUGGERE):
            due[step.key] = current.due_date
            continue
        after = _restep(step, run, current, _trigger(step, run, due), settings)
        due[step.key] = after.due_date
        writes += recompute_writes(scope, current, after, why)
    return writes


async def update_anchors(scope: CabinetScope, dossier_id: str, run_id: str, anchors: dict[str, str]) -> Applied:
    dossier = await visible_dossier(scope, dossier_id)
    run = await scope.procedures.run(run_id)
    if run is None or run.dossier_id != dossier.id:
        raise NotFound(RUN_NOT_FOUND)
    checked = {**run.anchors, **_anchors(run.procedure, anchors)}
    links = {**run.anchor_hearings, **await _hearing_links(scope, dossier.id, _anchors(run.procedure, anchors))}
    moved = replace(run, anchors=checked, anchor_hearings=links, version=run.version + 1,
                    updated_at=scope.ctx.clock.now().isoformat())  # fmt: skip
    writes = [scope.procedures.update_run(moved, run.version), *await rerun_writes(scope, moved, "Ancrage modifié")]
    results = await scope.commit(*writes, action="procedure.anchors_changed", subject=run.id,
                                 summary=", ".join(f"{k} = {v}" for k, v in anchors.items()))  # fmt: skip
    if results[0].changes != 1:
        raise Conflict("La procédure a été modifiée entre-temps : rechargez-la.", code="modifie_entre_temps")
    return Applied(run.id, [await read_back(scope, d.id) for d in await scope.deadlines.of_run(run.id)])


async def follow_hearing(scope: CabinetScope, dossier_id: str, old_id: str, new: Hearing) -> list[Statement]:
    """The writes that move every run anchored on hearing `old_id` to `new`'s date, and recompute their steps."""
    writes: list[Statement] = []
    for run in await scope.procedures.runs_of_dossier(dossier_id):
        events = [event for event, hearing_id in run.anchor_hearings.items() if hearing_id == old_id]
        if not events:
            continue
        moved = replace(
            run, anchors={**run.anchors, **dict.fromkeys(events, new.date)},
            anchor_hearings={**run.anchor_hearings, **dict.fromkeys(events, new.id)}, version=run.version + 1,
            updated_at=scope.ctx.clock.now().isoformat(),
        )  # fmt: skip
        writes += [scope.procedures.update_run(moved, run.version), *await rerun_writes(scope, moved, "Renvoi")]
    return writes
