"""Hearings on dossiers (docs/echeances.md, "Hearings"): listing, adding, editing, a renvoi (the old hearing becomes
`remplacee`, naming the new one; the chain steps anchored on it follow the new date), confirming or rejecting a
suggested one. A hearing in a dossier the actor may not see is answered as an unknown one (404)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from d1.database import Statement
from domain.actors import SYSTEM, ensure_may_see, ensure_permission
from domain.clients import clean_text
from domain.echeances import (
    MAX_QUOTE_CHARS,
    MAX_REASON_CHARS,
    Hearing,
    HearingStatus,
    HearingView,
    Source,
    valid_day,
    valid_time,
)
from domain.errors import Conflict, InvalidInput, NotFound
from domain.pages import Page, page_of
from services.echeances import listing, visible_dossier
from services.procedures import follow_hearing
from services.scope import CabinetScope

NOT_FOUND = "Audience introuvable."
STALE = "L'audience a été modifiée entre-temps : rechargez-la."
LISTING = "hearings"
STATUSES = tuple(status.value for status in HearingStatus)


@dataclass(frozen=True)
class NewHearing:
    date: str
    time: str | None = None
    court: str = ""
    chamber: str = ""
    hearing_type: str = ""
    notes: str = ""


@dataclass(frozen=True)
class HearingOrigin:
    source: Source = Source.MANUEL
    source_id: str | None = None
    quote: str = ""
    status: HearingStatus = HearingStatus.PREVUE


def hearing_draft(scope: CabinetScope, dossier_id: str, new: NewHearing, origin: HearingOrigin) -> Hearing:
    now = scope.ctx.clock.now().isoformat()
    return Hearing(
        id=scope.ctx.ids.new_id(), cabinet_id=scope.cabinet_id, dossier_id=dossier_id,
        date=valid_day(new.date, "date"), time=valid_time(new.time), court=clean_text(new.court, "court", 200),
        chamber=clean_text(new.chamber, "chamber", 200), hearing_type=clean_text(new.hearing_type, "hearing_type", 100),
        status=origin.status, replaced_by=None, source=origin.source, source_id=origin.source_id,
        quote=origin.quote[:MAX_QUOTE_CHARS], notes=clean_text(new.notes, "notes", 2000), version=1,
        created_by=scope.actor.label, created_at=now, updated_at=now,
    )  # fmt: skip


async def create_hearing(scope: CabinetScope, dossier_id: str, new: NewHearing) -> HearingView:
    dossier = await visible_dossier(scope, dossier_id)
    hearing = hearing_draft(scope, dossier.id, new, HearingOrigin())
    await scope.commit(scope.hearings.insert(hearing), action="hearing.created", subject=hearing.id,
                       summary=f"{dossier.reference} : audience du {hearing.date}")  # fmt: skip
    return await _read_back(scope, hearing.id)


async def _read_back(scope: CabinetScope, hearing_id: str) -> HearingView:
    view = await scope.hearings.get(SYSTEM, hearing_id)
    if view is None:
        raise NotFound(NOT_FOUND)
    return view


async def list_hearings(
    scope: CabinetScope, *, status: str = "prevue", filters: dict[str, str | None], limit: int = 50,
    cursor: str | None = None,
) -> Page[HearingView]:  # fmt: skip
    ensure_permission(scope.actor, "deadline.read")
    asked = listing(LISTING, STATUSES, status, filters, limit, cursor, f"date:{status}")
    rows = await scope.hearings.page(scope.actor, filters=filters, statuses=asked.statuses, limit=asked.limit,
                                     after=asked.after)  # fmt: skip
    return page_of(rows, asked.limit, LISTING, asked.sort, lambda v: [v.hearing.date, v.hearing.id])


async def _found(scope: CabinetScope, hearing_id: str, version: int | None) -> Hearing:
    ensure_may_see(scope.actor, "deadline.read", NOT_FOUND)
    view = await scope.hearings.get(scope.actor, hearing_id)
    if view is None:
        raise NotFound(NOT_FOUND)
    ensure_permission(scope.actor, "deadline.manage")
    if version is not None and version != view.hearing.version:
        raise Conflict(STALE, field="version", code="modifie_entre_temps")
    return view.hearing


@dataclass(frozen=True)
class HearingChanges:
    version: int
    date: str | None = None
    time: str | None = None
    court: str | None = None
    chamber: str | None = None
    hearing_type: str | None = None
    notes: str | None = None
    status: HearingStatus | None = None


def _edited(h: Hearing, c: HearingChanges) -> Hearing:
    if c.status is not None and c.status not in (HearingStatus.PREVUE, HearingStatus.ANNULEE):
        raise InvalidInput("Statut possible : prevue ou annulee.", field="status")
    if c.status is not None and c.status != h.status and h.status not in (HearingStatus.PREVUE, HearingStatus.ANNULEE):
        raise Conflict("Confirmez ou rejetez d'abord cette audience suggérée.", field="status")
    return replace(
        h, date=valid_day(c.date, "date") if c.date is not None else h.date,
        time=valid_time(c.time) if c.time is not None else h.time,
        court=clean_text(c.court, "court", 200) if c.court is not None else h.court,
        chamber=clean_text(c.chamber, "chamber", 200) if c.chamber is not None else h.chamber,
        hearing_type=clean_text(c.hearing_type, "hearing_type", 100) if c.hearing_type is not None
        else h.hearing_type,
        notes=clean_text(c.notes, "notes", 2000) if c.notes is not None else h.notes,
        status=c.status or h.status, version=h.version + 1,
    )  # fmt: skip


async def update_hearing(scope: CabinetScope, hearing_id: str, changes: HearingChanges) -> HearingView:
    current = await _found(scope, hearing_id, changes.version)
    after = replace(_edited(current, changes), updated_at=scope.ctx.clock.now().isoformat())
    follows: list[Statement] = []
    if after.date != current.date and after.status is HearingStatus.PREVUE:
        follows = await follow_hearing(scope, current.dossier_id, current.id, after)
    results = await scope.commit(
        scope.hearings.update(after, current.version),
        *follows,
        action="hearing.updated",
        subject=current.id,
        summary=f"audience du {after.date} ({after.status.value})",
    )
    if results[0].changes != 1:
        raise Conflict(STALE, field="version", code="modifie_entre_temps")
    return await _read_back(scope, current.id)


async def postpone(scope: CabinetScope, hearing_id: str, *, date: str, time: str | None, reason: str) -> HearingView:
    """A renvoi: a new hearing at the new date (same court, chamber and type), the old one `remplacee` naming it;
    the chain steps anchored on the old one follow the new date."""
    current = await _found(scope, hearing_id, None)
    if current.status not in (HearingStatus.PREVUE, HearingStatus.SUGGEREE):
        raise Conflict("Seule une audience prévue peut être renvoyée.", field="status")
    reason = clean_text(reason, "reason", MAX_REASON_CHARS)
    new = NewHearing(date, time if time is not None else current.time, current.court, current.chamber,
                     current.hearing_type, reason or current.notes)  # fmt: skip
    moved = hearing_draft(scope, current.dossier_id, new, HearingOrigin(status=HearingStatus.PREVUE))
    now = scope.ctx.clock.now().isoformat()
    old = replace(current, status=HearingStatus.REMPLACEE, replaced_by=moved.id, version=current.version + 1,
                  updated_at=now)  # fmt: skip
    follows = await follow_hearing(scope, current.dossier_id, current.id, moved)
    results = await scope.commit(scope.hearings.update(old, current.version), scope.hearings.insert(moved), *follows,
                                 action="hearing.postponed", subject=current.id,
                                 summary=f"renvoi du {current.date} au {moved.date} {reason}".strip())  # fmt: skip
    if results[0].changes != 1:
        raise Conflict(STALE, field="version", code="modifie_entre_temps")
    return await _read_back(scope, moved.id)


async def decide_hearing(scope: CabinetScope, hearing_id: str, *, confirm: bool, reason: str = "") -> HearingView:
    """A suggested hearing confirmed (prévue; the chain steps anchored on the hearing it replaced follow it) or
    rejected: one click, audited."""
    current = await _found(scope, hearing_id, None)
    if current.status is not HearingStatus.SUGGEREE:
        raise Conflict("Cette audience n'est pas une suggestion en attente.", field="status")
    status = HearingStatus.PREVUE if confirm else HearingStatus.REJETEE
    after = replace(current, status=status, version=current.version + 1, updated_at=scope.ctx.clock.now().isoformat())
    follows: list[Statement] = []
    if confirm:
        for old in await scope.hearings.replaced(current.dossier_id, current.id):
            follows += await follow_hearing(scope, current.dossier_id, old.id, after)
    results = await scope.commit(scope.hearings.update(after, current.version), *follows,
                                 action=f"hearing.{'confirmed' if confirm else 'rejected'}", subject=current.id,
                                 summary=clean_text(reason, "reason", MAX_REASON_CHARS))  # fmt: skip
    if results[0].changes != 1:
        raise Conflict(STALE, field="version", code="modifie_entre_temps")
    return await _read_back(scope, current.id)
