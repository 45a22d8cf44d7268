"""Les échéances (docs/echeances.md): deadlines and hearings on dossiers, the suggestions to confirm, procedure chains
and the cabinet's declared court closures. Anything in a dossier the actor may not see answers 404, as unknown."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from starlette.convertors import StringConvertor, register_url_convertor

from domain.echeances import DeadlineStatus, DeadlineView, HearingStatus
from handlers.api.deps import Scope, requires
from handlers.api.echeance_models import (
    AnchorsIn,
    AppliedOut,
    ApplyIn,
    ClosureIn,
    ClosureListOut,
    ClosureOut,
    DeadlineDetailOut,
    DeadlineOut,
    DeadlinePageOut,
    DeadlinePatchIn,
    HearingOut,
    HearingPageOut,
    HearingPatchIn,
    HistoryEntryOut,
    NewDeadlineIn,
    NewHearingIn,
    PostponeIn,
    ProcedureIn,
    ProcedureListOut,
    ProcedureOut,
    ReasonIn,
    SuggestionsOut,
)
from handlers.api.errors import documented
from services import court_closures, echeances, hearings, procedures, suggestions
from services.procedures import Applied, ProcedureDraft
from services.scope import CabinetScope


class DeadlineIdConvertor(StringConvertor):
    """A deadline's id never reads `compute` or `preview`, the engine's own POST routes beside it: so a GET on them
    stays the 405 naming POST instead of looking for a deadline of that id."""

    regex = "(?!compute$|preview$)[^/]+"


register_url_convertor("deadline_id", DeadlineIdConvertor())
deadlines_router = APIRouter(prefix="/api/deadlines", tags=["échéances"], responses=documented(400, 401, 403, 422))
hearings_router = APIRouter(prefix="/api/hearings", tags=["échéances"], responses=documented(400, 401, 403, 422))
dossier_router = APIRouter(prefix="/api/dossiers", tags=["échéances"], responses=documented(400, 401, 403, 404, 422))
other_router = APIRouter(prefix="/api", tags=["échéances"], responses=documented(400, 401, 403, 422))
Id = Annotated[str, Path(max_length=64)]
Day = Annotated[str | None, Query(max_length=10, description="AAAA-MM-JJ")]
ONE = "/{deadline_id:deadline_id}"  # a deadline, by the convertor above
ROUTERS = (deadlines_router, hearings_router, dossier_router, other_router)


async def _out(scope: CabinetScope, view: DeadlineView) -> DeadlineOut:
    return DeadlineOut.of(view, await echeances.today(scope))


@deadlines_router.get("", openapi_extra=requires("deadline.read"))
async def deadlines_list(
    scope: Scope,
    status: Annotated[Literal["a_faire", "suggere", "fait", "annule", "rejete", "all"], Query()] = "a_faire",
    responsible_id: Annotated[str | None, Query(max_length=64)] = None,
    dossier_id: Annotated[str | None, Query(max_length=64)] = None,
    start: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
) -> DeadlinePageOut:
    filters = {"responsible_id": responsible_id, "dossier_id": dossier_id, "from": start, "to": end}
    page = await echeances.list_deadlines(scope, status=status, filters=filters, limit=limit, cursor=cursor)
    today = await echeances.today(scope)
    return DeadlinePageOut(items=[DeadlineOut.of(v, today) for v in page.items], next_cursor=page.next_cursor)


@deadlines_router.post("/preview", openapi_extra=requires("deadline.read"))
async def deadlines_preview(scope: Scope, body: NewDeadlineIn) -> dict[str, object]:
    return (await echeances.preview(scope, body.value())).as_dict()


@deadlines_router.get(ONE, responses=documented(404), openapi_extra=requires("deadline.read"))
async def deadlines_detail(scope: Scope, deadline_id: Id) -> DeadlineDetailOut:
    view, history = await echeances.get_deadline(scope, deadline_id)
    out = await _out(scope, view)
    return DeadlineDetailOut(**out.model_dump(), history=[HistoryEntryOut.of(entry) for entry in history])


@deadlines_router.patch(ONE, responses=documented(404, 409), openapi_extra=requires("deadline.manage"))
async def deadlines_update(scope: Scope, deadline_id: Id, body: DeadlinePatchIn) -> DeadlineOut:
    given = body.model_fields_set
    changes = echeances.DeadlineChanges(
        version=body.version, title=body.title, trigger_date=body.trigger_date, trigger_act=body.trigger_act,
        responsible_id=body.responsible_id, status=DeadlineStatus(body.status) if body.status else None,
        manual_given="manual_due_date" in given or "manual_reason" in given, manual_due_date=body.manual_due_date,
        manual_reason=body.manual_reason,
    )  # fmt: skip
    return await _out(scope, await echeances.update_deadline(scope, deadline_id, changes))


@deadlines_router.post(f"{ONE}/confirm", responses=documented(404, 409),
                       openapi_extra=requires("deadline.manage"))  # fmt: skip
async def deadlines_confirm(scope: Scope, deadline_id: Id) -> DeadlineOut:
    return await _out(scope, await echeances.decide(scope, deadline_id, confirm=True))


@deadlines_router.post(f"{ONE}/reject", responses=documented(404, 409),
                       openapi_extra=requires("deadline.manage"))  # fmt: skip
async def deadlines_reject(scope: Scope, deadline_id: Id, body: ReasonIn | None = None) -> DeadlineOut:
    reason = body.reason if body else ""
    return await _out(scope, await echeances.decide(scope, deadline_id, confirm=False, reason=reason))


@dossier_router.post("/{dossier_id}/deadlines", status_code=201, openapi_extra=requires("deadline.manage"))
async def dossier_deadline_create(scope: Scope, dossier_id: Id, body: NewDeadlineIn) -> DeadlineOut:
    return await _out(scope, await echeances.create_deadline(scope, dossier_id, body.value()))


@dossier_router.post("/{dossier_id}/hearings", status_code=201, openapi_extra=requires("deadline.manage"))
async def dossier_hearing_create(scope: Scope, dossier_id: Id, body: NewHearingIn) -> HearingOut:
    new = hearings.NewHearing(body.date, body.time, body.court, body.chamber, body.hearing_type, body.notes)
    return HearingOut.of(await hearings.create_hearing(scope, dossier_id, new))


async def _applied(scope: CabinetScope, applied: Applied) -> AppliedOut:
    today = await echeances.today(scope)
    return AppliedOut(run_id=applied.run_id, deadlines=[DeadlineOut.of(v, today) for v in applied.deadlines])


@dossier_router.post("/{dossier_id}/procedures", status_code=201, openapi_extra=requires("deadline.manage"))
async def dossier_procedure_apply(scope: Scope, dossier_id: Id, body: ApplyIn) -> AppliedOut:
    return await _applied(scope, await procedures.apply_procedure(scope, dossier_id, body.procedure, body.anchors))


@dossier_router.patch("/{dossier_id}/procedures/{run_id}", responses=documented(409),
                      openapi_extra=requires("deadline.manage"))  # fmt: skip
async def dossier_procedure_anchors(scope: Scope, dossier_id: Id, run_id: Id, body: AnchorsIn) -> AppliedOut:
    return await _applied(scope, await procedures.update_anchors(scope, dossier_id, run_id, body.anchors))


@hearings_router.get("", openapi_extra=requires("deadline.read"))
async def hearings_list(
    scope: Scope,
    status: Annotated[Literal["suggeree", "prevue", "remplacee", "annulee", "rejetee", "all"], Query()] = "prevue",
    dossier_id: Annotated[str | None, Query(max_length=64)] = None,
    start: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
) -> HearingPageOut:
    filters = {"dossier_id": dossier_id, "from": start, "to": end}
    page = await hearings.list_hearings(scope, status=status, filters=filters, limit=limit, cursor=cursor)
    return HearingPageOut(items=[HearingOut.of(view) for view in page.items], next_cursor=page.next_cursor)


@hearings_router.patch("/{hearing_id}", responses=documented(404, 409), openapi_extra=requires("deadline.manage"))
async def hearings_update(scope: Scope, hearing_id: Id, body: HearingPatchIn) -> HearingOut:
    changes = hearings.HearingChanges(
        version=body.version, date=body.date, time=body.time, court=body.court, chamber=body.chamber,
        hearing_type=body.hearing_type, notes=body.notes, status=HearingStatus(body.status) if body.status else None,
    )  # fmt: skip
    return HearingOut.of(await hearings.update_hearing(scope, hearing_id, changes))


@hearings_router.post("/{hearing_id}/postpone", status_code=201, responses=documented(404, 409),
                      openapi_extra=requires("deadline.manage"))  # fmt: skip
async def hearings_postpone(scope: Scope, hearing_id: Id, body: PostponeIn) -> HearingOut:
    moved = await hearings.postpone(scope, hearing_id, date=body.date, time=body.time, reason=body.reason)
    return HearingOut.of(moved)


@hearings_router.post("/{hearing_id}/confirm", responses=documented(404, 409),
                      openapi_extra=requires("deadline.manage"))  # fmt: skip
async def hearings_confirm(scope: Scope, hearing_id: Id) -> HearingOut:
    return HearingOut.of(await hearings.decide_hearing(scope, hearing_id, confirm=True))


@hearings_router.post("/{hearing_id}/reject", responses=documented(404, 409),
                      openapi_extra=requires("deadline.manage"))  # fmt: skip
async def hearings_reject(scope: Scope, hearing_id: Id, body: ReasonIn | None = None) -> HearingOut:
    reason = body.reason if body else ""
    return HearingOut.of(await hearings.decide_hearing(scope, hearing_id, confirm=False, reason=reason))


@other_router.get("/suggestions", openapi_extra=requires("deadline.read"))
async def suggestions_list(scope: Scope) -> SuggestionsOut:
    found = await suggestions.list_suggestions(scope)
    today = await echeances.today(scope)
    return SuggestionsOut(deadlines=[DeadlineOut.of(v, today) for v in found.deadlines],
                          hearings=[HearingOut.of(v) for v in found.hearings])  # fmt: skip


@other_router.get("/procedures", openapi_extra=requires("deadline.read"))
async def procedures_list(scope: Scope) -> ProcedureListOut:
    return ProcedureListOut(items=[ProcedureOut.of(p) for p in await procedures.list_procedures(scope)])


def _draft(body: ProcedureIn) -> ProcedureDraft:
    return ProcedureDraft(body.name, tuple(step.value() for step in body.steps), body.description, body.based_on)


@other_router.post("/procedures", status_code=201, openapi_extra=requires("procedure.manage"))
async def procedures_create(scope: Scope, body: ProcedureIn) -> ProcedureOut:
    return ProcedureOut.of(await procedures.create_procedure(scope, _draft(body)))


@other_router.put("/procedures/{procedure_id}", responses=documented(404, 409),
                  openapi_extra=requires("procedure.manage"))  # fmt: skip
async def procedures_update(scope: Scope, procedure_id: Id, body: ProcedureIn) -> ProcedureOut:
    return ProcedureOut.of(await procedures.update_procedure(scope, procedure_id, _draft(body)))


@other_router.delete("/procedures/{procedure_id}", status_code=204, responses=documented(404, 409),
                     openapi_extra=requires("procedure.manage"))  # fmt: skip
async def procedures_delete(scope: Scope, procedure_id: Id) -> None:
    await procedures.delete_procedure(scope, procedure_id)


@other_router.get("/cabinet/closures", openapi_extra=requires("cabinet.read"))
async def closures_list(scope: Scope) -> ClosureListOut:
    return ClosureListOut(items=[ClosureOut.of(c) for c in await court_closures.list_closures(scope)])


@other_router.post("/cabinet/closures", status_code=201, openapi_extra=requires("cabinet.manage"))
async def closures_add(scope: Scope, body: ClosureIn) -> ClosureOut:
    return ClosureOut.of(await court_closures.add_closure(scope, body.day, body.reason))


@other_router.delete("/cabinet/closures/{day}", status_code=204, responses=documented(404),
                     openapi_extra=requires("cabinet.manage"))  # fmt: skip
async def closures_remove(scope: Scope, day: Annotated[str, Path(max_length=64)]) -> None:
    await court_closures.remove_closure(scope, day)
