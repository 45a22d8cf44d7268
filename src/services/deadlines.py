"""Computing a procedural deadline from what a person typed (CLI options, an API body): one reading of the input
for both, with French errors that name the field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.deadlines import (
    DeadlineInputError,
    DeadlineRequest,
    DeadlineResult,
    compute_deadline,
    parse_delay,
    parse_residence,
    parse_zone,
)
from domain.deadlines.calendar import SaintMartinChoice
from domain.deadlines.catalogue import Mode


@dataclass(frozen=True)
class DeadlineQuery:
    start: str | None  # AAAA-MM-JJ
    delay: str | None = None  # « 1 mois », « 15 jours »…
    kind: str | None = None  # a catalogue entry
    zone: str = "metropole"
    party_residence: str | None = None
    served_in_person_at: str | None = None
    backward: bool = False
    prescription: bool = False
    decision_day_counts: bool = False
    court_good_friday: bool = True
    saint_martin: SaintMartinChoice = "27"
    closed: tuple[str, ...] = ()
    filed_on: str | None = None
    trigger: str | None = None


def _date(raw: str | None, field: str) -> dt.date | None:
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise DeadlineInputError(f"Date invalide : « {raw} » (format attendu : AAAA-MM-JJ).", field=field) from None


def _mode(query: DeadlineQuery) -> Mode | None:
    flags: list[tuple[bool, Mode]] = [
        (query.backward, "rebours"),
        (query.prescription, "prescription"),
        (query.decision_day_counts, "jour_compte"),
    ]
    chosen = [mode for flag, mode in flags if flag]
    if len(chosen) > 1:
        raise DeadlineInputError("Options incompatibles : à rebours, prescription, jour de la décision compté.")
    return chosen[0] if chosen else None


def deadline_request(query: DeadlineQuery) -> DeadlineRequest:
    start = _date(query.start, "from")
    if start is None:
        raise DeadlineInputError("Indiquez le point de départ (AAAA-MM-JJ).", field="from")
    closures = frozenset(d for d in (_date(c, "closed") for c in query.closed) if d is not None)
    return DeadlineRequest(
        start=start,
        delay=parse_delay(query.delay) if query.delay is not None else None,
        kind=query.kind,
        zone=parse_zone(query.zone),
        party_residence=parse_residence(query.party_residence),
        served_in_person_at=parse_residence(query.served_in_person_at),
        mode=_mode(query),
        court_good_friday=query.court_good_friday,
        saint_martin=query.saint_martin,
        closures=closures,
        filed_on=_date(query.filed_on, "filed_on"),
        trigger=query.trigger,
    )


def compute(query: DeadlineQuery) -> DeadlineResult:
    return compute_deadline(deadline_request(query))
