"""The worked-example table (cases.py): every row's due date, and its theoretical and alert dates when given."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.deadlines import DeadlineRequest, compute_deadline, parse_delay, parse_residence, parse_zone
from tests.unit.deadlines.cases import ALL_CASES, Case


def request_for(case: Case) -> DeadlineRequest:
    return DeadlineRequest(
        start=dt.date.fromisoformat(case.start),
        delay=parse_delay(case.delay) if case.delay else None,
        kind=case.kind,
        zone=parse_zone(case.zone),
        party_residence=parse_residence(case.residence),
        served_in_person_at=parse_residence(case.served_in_person_at),
        mode=case.mode,  # type: ignore[arg-type]
        court_good_friday=case.good_friday,
        saint_martin=case.saint_martin,  # type: ignore[arg-type]
        closures=frozenset(dt.date.fromisoformat(d) for d in case.closures),
        filed_on=dt.date.fromisoformat(case.filed_on) if case.filed_on else None,
    )


def test_the_table_holds_at_least_sixty_examples_each_with_a_source() -> None:
    assert len(ALL_CASES) >= 60
    assert len({case.id for case in ALL_CASES}) == len(ALL_CASES)
    assert all(len(case.source) > 20 for case in ALL_CASES)


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.id for case in ALL_CASES])
def test_the_engine_finds_the_worked_example_due_date(case: Case) -> None:
    result = compute_deadline(request_for(case))

    assert result.due_date.isoformat() == case.due
    if case.theoretical is not None:
        assert result.theoretical_date.isoformat() == case.theoretical
    if case.alert is not None:
        assert result.alert_date.isoformat() == case.alert
