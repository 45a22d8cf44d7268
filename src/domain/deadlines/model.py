"""The request the engine answers, the result it gives, and the rule it resolved in between."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from domain.deadlines.calendar import NonWorkingDay, SaintMartinChoice, WorkingCalendar
from domain.deadlines.catalogue import Distance, FiledAt, Mode
from domain.deadlines.delay import Delay
from domain.deadlines.version import ENGINE_VERSION
from domain.deadlines.zones import Residence, Zone, parse_zone

# Another defensible reading of a deadline: what it rests on, and the date it gives.
Reading = tuple[str, dt.date]


@dataclass(frozen=True)
class DeadlineRequest:
    start: dt.date
    delay: Delay | None = None
    kind: str | None = None
    zone: Zone = field(default_factory=lambda: parse_zone(None))
    party_residence: Residence | None = None
    served_in_person_at: Residence | None = None
    mode: Mode | None = None
    court_good_friday: bool = True
    saint_martin: SaintMartinChoice = "27"
    closures: frozenset[dt.date] = frozenset()
    filed_on: dt.date | None = None
    trigger: str | None = None


@dataclass(frozen=True)
class DeadlineResult:
    start_date: dt.date
    due_date: dt.date
    theoretical_date: dt.date
    alert_date: dt.date
    mode: Mode
    rule: str
    legal_basis: tuple[str, ...]
    delay: Delay
    distance: Delay
    zone: Zone
    kind: str | None
    warnings: tuple[str, ...]
    explanation: tuple[str, ...]
    skipped_days: tuple[NonWorkingDay, ...] = ()
    # Every other reading the engine computed (the alert date is the earliest of them and the due date).
    readings: tuple[Reading, ...] = ()
    engine_version: str = ENGINE_VERSION

    @property
    def extended(self) -> bool:
        return self.due_date != self.theoretical_date

    def as_dict(self) -> dict[str, object]:
        return {
            "due_date": self.due_date.isoformat(),
            "theoretical_date": self.theoretical_date.isoformat(),
            "alert_date": self.alert_date.isoformat(),
            "start_date": self.start_date.isoformat(),
            "mode": self.mode,
            "rule": self.rule,
            "legal_basis": list(self.legal_basis),
            "kind": self.kind,
            "delay": self.delay.french(),
            "distance": self.distance.french() if not self.distance.is_empty else None,
            "zone": self.zone.code,
            "court_timezone": self.zone.timezone,
            "extended": self.extended,
            "skipped_days": [
                {"date": d.day.isoformat(), "reason": d.kind, "name": d.name, "basis": d.basis}
                for d in self.skipped_days
            ],
            "warnings": list(self.warnings),
            "explanation": list(self.explanation),
            "readings": [{"label": label, "due_date": day.isoformat()} for label, day in self.readings],
            "engine_version": self.engine_version,
        }


@dataclass(frozen=True)
class Rule:
    """The rule the engine applies: a catalogue entry's version resolved for one request, or a free delay."""

    delay: Delay
    mode: Mode
    trigger: str
    basis: tuple[str, ...]
    distance: Distance | None
    notes: tuple[str, ...]
    filed_at: FiledAt = "juridiction"
    # Said only when the distance extension is applied (e.g. the art. 911-2 caveats).
    distance_notes: tuple[str, ...] = ()
    # The art. 642 report of this delay is doubtful: the unreported term is also a reading.
    report_doubtful: bool = False
    administrative: bool = False  # a délai of the administrative courts (CJA), not of the CPC

    @property
    def day_counts(self) -> bool:
        return self.mode == "jour_compte"

    @property
    def franc(self) -> bool:
        return self.mode == "franc"


def calendar_for(
    request: DeadlineRequest,
    *,
    zone: Zone | None = None,
    good_friday: bool | None = None,
    saint_martin: SaintMartinChoice | None = None,
    closures: frozenset[dt.date] | None = None,
) -> WorkingCalendar:
    """The art. 642 calendar of the request, with any of its settings replaced."""
    return WorkingCalendar(
        request.zone if zone is None else zone,
        request.court_good_friday if good_friday is None else good_friday,
        request.saint_martin if saint_martin is None else saint_martin,
        request.closures if closures is None else closures,
    )
