"""Suggested deadlines and hearings (docs/echeances.md, "Suggestions"): read in mail now, in dictations later, they
wait for a lawyer's confirmation before they count.

`suggest_from_facts` is what the filing job calls with a mail's facts. Only facts of the new text that still hold
become suggestions (a quoted or forwarded date, a cancelled or past hearing never does): a hearing becomes a
suggested hearing — when it moves an earlier one (a renvoi), that one becomes `remplacee` —, a deadline read as a
date becomes a suggestion with that date (the result says it was read in the mail), a delay becomes one computed by
the engine when the date it runs from is known (the message itself, or the hearing read beside it). A job that runs
twice suggests once (by source).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from d1.database import Statement
from domain.actors import ensure_permission
from domain.echeances import (
    Deadline,
    DeadlineStatus,
    DeadlineView,
    Hearing,
    HearingStatus,
    HearingView,
    Source,
    next_alert_on,
    valid_day,
)
from domain.errors import InvalidInput
from domain.notifications import Audience, NewNotification, NotificationType
from services.echeances import NewDeadline, Origin, creation_writes, draft
from services.hearings import HearingOrigin, NewHearing, hearing_draft
from services.recompute import EngineSettings, engine_settings
from services.scope import CabinetScope

MAX_SUGGESTIONS = 200
# A delay that runs from the message itself (its reception, « le présent avis ») starts on the reference date.
FROM_THE_MESSAGE = frozenset({"reception", "presente", "message", "notification", "avis"})
_UNITS = {"D": "jours", "W": "semaines", "M": "mois", "Y": "ans"}


@dataclass(frozen=True)
class Suggestions:
    deadlines: list[DeadlineView]
    hearings: list[HearingView]


async def list_suggestions(scope: CabinetScope) -> Suggestions:
    ensure_permission(scope.actor, "deadline.read")
    return Suggestions(await scope.deadlines.suggestions(scope.actor, MAX_SUGGESTIONS),
                       await scope.hearings.suggestions(scope.actor, MAX_SUGGESTIONS))  # fmt: skip


def _suggestable(fact: Any) -> bool:
    """Facts of the new text that still hold (the attributes exist once the reader publishes them)."""
    return getattr(fact, "origin", "new") == "new" and getattr(fact, "status", "active") == "active"


def _detail(fact: Any, name: str) -> str:
    return str(dict(getattr(fact, "details", ())).get(name, ""))


def _delay_text(value: str) -> str | None:
    """« P15D » → « 15 jours »; None for what the engine would not read."""
    if len(value) < 3 or not value.startswith("P") or value[-1] not in _UNITS or not value[1:-1].isdigit():
        return None
    return f"{int(value[1:-1])} {_UNITS[value[-1]]}"


@dataclass
class _Batch:
    scope: CabinetScope
    dossier_id: str
    source: Source
    source_id: str
    settings: EngineSettings
    writes: list[Statement]
    hearings: list[Hearing]
    deadlines: list[Deadline]

    def origin(self, fact: Any) -> Origin:
        return Origin(self.source, self.source_id, str(getattr(fact, "quote", "")), DeadlineStatus.SUGGERE)


async def suggest_from_facts(
    scope: CabinetScope, *, dossier_id: str, source: str, source_id: str, facts: Sequence[Any],
    reference_date: str | dt.date,
) -> list[str]:  # fmt: skip
    """The ids of the deadlines and hearings suggested from these facts, written in one batch with their
    notifications (`echeance.suggeree`); nothing new when this source already suggested."""
    if await scope.deadlines.of_source(source_id) or await scope.hearings.of_source(source_id):
        return []
    reference = reference_date.isoformat() if isinstance(reference_date, dt.date) else reference_date
    batch = _Batch(scope, dossier_id, Source(source), source_id, await engine_settings(scope), [], [], [])
    kept = [fact for fact in facts if _suggestable(fact)]
    for fact in kept:
        if str(getattr(fact, "kind", "")) == "hearing":
            await _hearing(batch, fact)
    for fact in kept:
        if str(getattr(fact, "kind", "")) in ("deadline", "delay"):
            _deadline(batch, fact, reference)
    if not batch.writes:
        return []
    ids = [h.id for h in batch.hearings] + [d.id for d in batch.deadlines]
    await scope.commit(*batch.writes, action="suggestions.created", subject=source_id,
                       summary=f"{len(ids)} suggestion(s)")  # fmt: skip
    return ids


async def _hearing(batch: _Batch, fact: Any) -> None:
    scope = batch.scope
    new = NewHearing(str(fact.value)[:10], _detail(fact, "time") or None, "", _detail(fact, "room"),
                     _detail(fact, "type") or "audience")  # fmt: skip
    origin = HearingOrigin(batch.source, batch.source_id, str(getattr(fact, "quote", "")), HearingStatus.SUGGEREE)
    try:
        hearing = hearing_draft(scope, batch.dossier_id, new, origin)
    except InvalidInput:  # a value the reader normalised badly: nothing to suggest
        return
    batch.hearings.append(hearing)
    batch.writes.append(scope.hearings.insert(hearing))
    replaces = str(getattr(fact, "replaces", ""))[:10]
    if replaces:
        for old in await scope.hearings.of_dossier(batch.dossier_id):
            if old.date == replaces:
                moved = replace(old, status=HearingStatus.REMPLACEE, replaced_by=hearing.id,
                                version=old.version + 1, updated_at=hearing.created_at)  # fmt: skip
                batch.writes.append(scope.hearings.update(moved, old.version))
    batch.writes += _note(scope, batch, hearing.id, f"Audience du {hearing.date} à confirmer")


def _deadline(batch: _Batch, fact: Any, reference: str) -> None:
    scope = batch.scope
    kind = str(fact.kind)
    deadline = _read_date(batch, fact) if kind == "deadline" else _computed(batch, fact, reference)
    if deadline is None:
        return
    batch.deadlines.append(deadline)
    batch.writes += creation_writes(scope, deadline)
    batch.writes += _note(scope, batch, deadline.id, f"Échéance du {deadline.due_date} à confirmer")


def _read_date(batch: _Batch, fact: Any) -> Deadline | None:
    """A deadline the mail states as a date: that date, explained as read, with no computation behind it."""
    try:
        day = valid_day(str(fact.value)[:10], "value")
    except InvalidInput:
        return None
    new = NewDeadline(start=None, delay="date indiquée", title="Date limite indiquée dans le courrier")
    base = draft(batch.scope, batch.dossier_id, new, batch.origin(fact), None, batch.settings)
    quote = str(getattr(fact, "quote", ""))
    result = {"due_date": day, "alert_date": day, "legal_basis": [], "warnings": [],
              "explanation": [f"Date lue dans le courrier : « {quote} ». Aucun calcul : vérifiez-la."]}  # fmt: skip
    return replace(base, delay="", result=result, computed_due_date=day, due_date=day, alert_date=day,
                   trigger_act="date lue dans le courrier",
                   next_alert_on=next_alert_on(base.status, day, batch.settings.alert_days))  # fmt: skip


def _computed(batch: _Batch, fact: Any, reference: str) -> Deadline | None:
    """A delay with the date it runs from when known: the message's own date, or the hearing read beside it."""
    delay = _delay_text(str(fact.value))
    event = _detail(fact, "anchor_event") or "message"
    backward = _detail(fact, "direction") == "before"
    start = reference if event in FROM_THE_MESSAGE else None
    if event == "audience" and batch.hearings:
        start = batch.hearings[0].date
    if delay is None or start is None:
        return None
    new = NewDeadline(start=start, delay=delay, title=f"Délai de {delay} indiqué dans le courrier",
                      trigger_act=_detail(fact, "anchor") or "réception du courrier", backward=backward)  # fmt: skip
    try:
        return draft(batch.scope, batch.dossier_id, new, batch.origin(fact), None, batch.settings)
    except InvalidInput:  # the engine refuses it: nothing to suggest
        return None


# Where a suggestion was found, as its notification says it (a fact heard in a recording was not read in mail).
_FOUND_IN = {Source.DICTEE: "Entendu dans un enregistrement : confirmez ou rejetez."}
_READ_IN_MAIL = "Lu dans un courrier : confirmez ou rejetez."


def _note(scope: CabinetScope, batch: _Batch, subject_id: str, title: str) -> list[Statement]:
    dossier_id = batch.dossier_id
    note = NewNotification(
        id=scope.ctx.ids.new_id(), dedupe_key=f"suggestion:{subject_id}", type=NotificationType.SUGGESTED,
        title=title, body=_FOUND_IN.get(batch.source, _READ_IN_MAIL), link="/echeances",
        audience=Audience.dossier(dossier_id), created_at=scope.ctx.clock.now().isoformat(), dossier_id=dossier_id,
        subject_id=subject_id,
    )  # fmt: skip
    return scope.notify(note)
