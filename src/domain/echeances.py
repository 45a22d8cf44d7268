"""Deadlines (échéances) and hearings (audiences) on dossiers: values and the rules on them (docs/echeances.md).

A deadline keeps the engine's whole result; `due_date` is the date that counts: the manual one when a lawyer set it
(never without a reason), else the computed one, which stays beside it. A suggestion (read in mail, a dictation)
counts only once a lawyer confirms it. `next_alert_on` is the day the daily scan next looks at a deadline: every
writer sets it with `next_alert_on` below, so the scan reads only the rows an alert is due for.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from domain.alerts import first_alert_on
from domain.clients import clean_text
from domain.errors import Conflict, InvalidInput

MAX_TITLE_CHARS = 200
MAX_REASON_CHARS = 500
MAX_QUOTE_CHARS = 1000
EARLIEST_DAY, LATEST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class DeadlineStatus(StrEnum):
    SUGGERE = "suggere"  # read in mail or a dictation, waiting for a lawyer
    A_FAIRE = "a_faire"
    FAIT = "fait"
    ANNULE = "annule"
    REJETE = "rejete"  # a suggestion a lawyer turned down


class HearingStatus(StrEnum):
    SUGGEREE = "suggeree"
    PREVUE = "prevue"
    REMPLACEE = "remplacee"  # moved (renvoi): `replaced_by` names the new one
    ANNULEE = "annulee"
    REJETEE = "rejetee"


class Source(StrEnum):
    MANUEL = "manuel"
    COURRIER = "courrier"
    DICTEE = "dictee"
    CHAINE = "chaine"


# What PATCH may set; a suggestion leaves its status only by confirmation or rejection.
SETTABLE_STATUSES = (DeadlineStatus.A_FAIRE, DeadlineStatus.FAIT, DeadlineStatus.ANNULE)


@dataclass(frozen=True)
class Deadline:
    id: str
    cabinet_id: str
    dossier_id: str
    title: str
    kind: str  # a catalogue entry, or "" for a free delay
    delay: str  # the free delay as typed, or ""
    trigger_date: str | None  # None while a chain step waits for its event
    trigger_act: str
    request: dict[str, Any]  # the engine's other inputs (zone, residence, mode, filed_on)
    result: dict[str, Any] | None  # the engine's full result (DeadlineResult.as_dict)
    engine_version: str
    computed_due_date: str | None
    manual_due_date: str | None
    manual_reason: str
    due_date: str | None
    alert_date: str | None
    next_alert_on: str | None
    responsible_id: str | None
    status: DeadlineStatus
    source: Source
    source_id: str | None
    quote: str
    chain_run_id: str | None
    chain_step: str | None
    version: int
    created_by: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class DossierRef:
    id: str
    reference: str
    title: str
    responsible_id: str | None = None


@dataclass(frozen=True)
class DeadlineView:
    deadline: Deadline
    dossier: DossierRef
    responsible_name: str | None  # None when no responsible, or they left

    def overdue(self, today: str) -> bool:
        d = self.deadline
        return d.status is DeadlineStatus.A_FAIRE and d.due_date is not None and d.due_date < today


@dataclass(frozen=True)
class Hearing:
    id: str
    cabinet_id: str
    dossier_id: str
    date: str
    time: str | None
    court: str
    chamber: str
    hearing_type: str
    status: HearingStatus
    replaced_by: str | None
    source: Source
    source_id: str | None
    quote: str
    notes: str
    version: int
    created_by: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class HearingView:
    hearing: Hearing
    dossier: DossierRef


@dataclass(frozen=True)
class HistoryEntry:
    id: str
    deadline_id: str
    at: str
    actor: str
    change: str  # cree, recalcule, date_manuelle, statut, confirme, rejete, modifie
    reason: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class CourtClosure:
    day: str
    reason: str
    created_at: str


def next_alert_on(status: DeadlineStatus | str, due_date: str | None, alert_days: tuple[int, ...]) -> str | None:
    """The first day the daily scan must look at the deadline: its due date less the earliest threshold (J-7 with
    the default thresholds), or None when it is not to do or has no due date. The scan advances it afterwards."""
    if str(status) != DeadlineStatus.A_FAIRE.value or due_date is None:
        return None
    return first_alert_on(dt.date.fromisoformat(due_date), alert_days).isoformat()


def valid_day(value: str, field: str) -> str:
    """A date of the years a deadline can concern (so that counting back from it, or a closure's reach, stays a
    date)."""
    try:
        day = dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise InvalidInput("Date attendue au format AAAA-MM-JJ.", field=field)
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InvalidInput("Date hors des années prises en charge (1900 à 2199).", field=field)
    return day.isoformat()


def valid_time(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not _TIME.match(value):
        raise InvalidInput("Heure attendue au format HH:MM.", field="time")
    return value


def valid_title(title: str, field: str = "title") -> str:
    cleaned = clean_text(title, field, MAX_TITLE_CHARS)
    if not cleaned:
        raise InvalidInput("Indiquez un intitulé.", field=field)
    return cleaned


def manual_date(manual_due_date: str | None, manual_reason: str | None) -> tuple[str | None, str]:
    """A manual due date comes with its reason (both or neither): the reason is what the audit trail shows."""
    reason = clean_text(manual_reason or "", "manual_reason", MAX_REASON_CHARS)
    if manual_due_date is None:
        if reason:
            raise InvalidInput("Un motif ne va qu'avec une date manuelle.", field="manual_due_date")
        return None, ""
    day = valid_day(manual_due_date, "manual_due_date")
    if not reason:
        raise InvalidInput("Une date manuelle exige son motif.", field="manual_reason")
    return day, reason


def effective_due(computed: str | None, manual: str | None) -> str | None:
    return manual if manual is not None else computed


def status_change(current: DeadlineStatus, wanted: DeadlineStatus) -> DeadlineStatus:
    """What PATCH may do to a status: a suggestion is confirmed or rejected (its own routes), a rejected one stays."""
    if wanted == current:
        return current
    if wanted not in SETTABLE_STATUSES:
        raise InvalidInput("Statut possible : a_faire, fait ou annule.", field="status")
    if current in (DeadlineStatus.SUGGERE, DeadlineStatus.REJETE):
        raise Conflict("Confirmez ou rejetez d'abord cette suggestion.", field="status")
    return wanted


def snapshot(deadline: Deadline) -> dict[str, Any]:
    """What a history row keeps of a deadline before and after a change."""
    result = deadline.result or {}
    return {
        "trigger_date": deadline.trigger_date,
        "computed_due_date": deadline.computed_due_date,
        "manual_due_date": deadline.manual_due_date,
        "manual_reason": deadline.manual_reason,
        "due_date": deadline.due_date,
        "status": deadline.status.value,
        "explanation": list(result.get("explanation", [])),
        "warnings": list(result.get("warnings", [])),
        "engine_version": deadline.engine_version,
    }


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def waiting_for(label: str) -> str:
    """How a chain step whose anchor is unknown shows (its trigger act)."""
    return f"en attente de {label}"
