"""Invariants of the art. 642 extension and of the special regimes, checked on generated inputs (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.deadlines import DeadlineRequest, Delay, WorkingCalendar, compute_deadline, parse_delay, parse_zone
from domain.deadlines.counting import add_months

ZONES = ("75", "57", "67", "68", "971", "972", "973", "974", "976", "BL", "MF", "PM", "WF", "PF", "NC", "TF")

starts = st.dates(min_value=dt.date(1976, 1, 1), max_value=dt.date(2150, 12, 31))
delays = st.builds(
    Delay,
    years=st.integers(0, 5),
    months=st.integers(0, 24),
    weeks=st.integers(0, 4),
    days=st.integers(0, 60),
).filter(lambda d: not d.is_empty)
closures = st.frozensets(st.dates(min_value=dt.date(1976, 1, 1), max_value=dt.date(2160, 12, 31)), max_size=5)


@st.composite
def requests(draw: st.DrawFn) -> DeadlineRequest:
    zone = parse_zone(draw(st.sampled_from(ZONES)))
    return DeadlineRequest(
        start=draw(starts),
        delay=draw(delays),
        zone=zone,
        court_good_friday=draw(st.booleans()),
        saint_martin=draw(st.sampled_from(("27", "28", "both"))),
        closures=draw(closures),
    )


def calendar_of(request: DeadlineRequest) -> WorkingCalendar:
    return WorkingCalendar(request.zone, request.court_good_friday, request.saint_martin, request.closures)


@settings(max_examples=300, deadline=None)
@given(requests())
def test_the_due_date_is_never_a_non_working_day_in_its_zone(request: DeadlineRequest) -> None:
    result = compute_deadline(request)

    assert calendar_of(request).is_working_day(result.due_date)


@settings(max_examples=300, deadline=None)
@given(requests())
def test_the_due_date_is_never_before_the_theoretical_date(request: DeadlineRequest) -> None:
    result = compute_deadline(request)

    assert result.due_date >= result.theoretical_date > request.start


@settings(max_examples=300, deadline=None)
@given(requests())
def test_the_extension_is_minimal_every_day_skipped_is_non_working(request: DeadlineRequest) -> None:
    result = compute_deadline(request)
    cal = calendar_of(request)

    day = result.theoretical_date
    while day < result.due_date:
        assert not cal.is_working_day(day)
        day += dt.timedelta(days=1)
    assert [d.day for d in result.skipped_days] == [
        result.theoretical_date + dt.timedelta(days=i) for i in range((result.due_date - result.theoretical_date).days)
    ]


@settings(max_examples=300, deadline=None)
@given(requests())
def test_the_alert_date_is_never_after_the_due_date(request: DeadlineRequest) -> None:
    result = compute_deadline(request)

    assert result.alert_date <= result.due_date


@given(starts, st.integers(1, 60))
def test_a_delay_in_months_lands_on_the_same_quantieme_or_the_last_day_of_the_month(
    start: dt.date, months: int
) -> None:
    end = add_months(start, months)

    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    next_day = end + dt.timedelta(days=1)
    assert end.day == start.day or (end.day < start.day and next_day.day == 1)


@settings(max_examples=200, deadline=None)
@given(requests())
def test_prescription_is_never_extended(request: DeadlineRequest) -> None:
    result = compute_deadline(DeadlineRequest(start=request.start, delay=request.delay, zone=request.zone,
                                              mode="prescription"))  # fmt: skip

    assert result.due_date == result.theoretical_date
    assert result.alert_date <= result.due_date
    assert calendar_of(DeadlineRequest(start=request.start, zone=request.zone)).is_working_day(result.alert_date)


@settings(max_examples=200, deadline=None)
@given(requests())
def test_a_backward_delay_ends_before_the_event_and_alerts_on_the_last_working_day(request: DeadlineRequest) -> None:
    request = DeadlineRequest(start=max(request.start, dt.date(1990, 1, 1)), delay=request.delay, zone=request.zone,
                              court_good_friday=request.court_good_friday, closures=request.closures)  # fmt: skip
    result = compute_deadline(replace_mode(request, "rebours"))
    cal = calendar_of(request)

    assert result.due_date == result.theoretical_date < request.start
    assert cal.is_working_day(result.alert_date)
    day = result.due_date
    while day > result.alert_date:
        assert not cal.is_working_day(day)
        day -= dt.timedelta(days=1)


def replace_mode(request: DeadlineRequest, mode: str) -> DeadlineRequest:
    return DeadlineRequest(
        start=request.start,
        delay=request.delay,
        zone=request.zone,
        mode=mode,  # type: ignore[arg-type]
        court_good_friday=request.court_good_friday,
        saint_martin=request.saint_martin,
        closures=request.closures,
    )


@given(delays)
def test_the_french_wording_of_a_delay_parses_back_to_the_same_delay(delay: Delay) -> None:
    assert parse_delay(delay.french()) == delay
