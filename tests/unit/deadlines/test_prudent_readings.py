"""Whenever the engine calls a date "la plus prudente", it is the earliest of the readings it knows: a property over
the whole catalogue, every court zone and the residences that change the distance extension."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.deadlines import DeadlineRequest, catalogue, compute_deadline, parse_residence, parse_zone
from domain.deadlines.errors import DeadlineInputError
from domain.deadlines.explain import fr_date
from domain.deadlines.zones import same_territory

ZONES = ("75", "57", "971", "972", "973", "974", "976", "BL", "MF", "PM", "WF", "PF", "NC", "TF")
RESIDENCES = (None, "metropole", "971", "974", "BL", "MF", "988", "etranger")
KINDS = tuple(entry.kind for entry in catalogue())


@st.composite
def requests(draw: st.DrawFn) -> DeadlineRequest:
    return DeadlineRequest(
        start=draw(st.dates(min_value=dt.date(2008, 7, 1), max_value=dt.date(2040, 12, 31))),
        kind=draw(st.sampled_from(KINDS)),
        zone=parse_zone(draw(st.sampled_from(ZONES))),
        party_residence=parse_residence(draw(st.sampled_from(RESIDENCES))),
        served_in_person_at=parse_residence(draw(st.sampled_from((None, *RESIDENCES)))),
        court_good_friday=draw(st.booleans()),
        saint_martin=draw(st.sampled_from(("27", "28", "both"))),
        closures=draw(st.frozensets(st.dates(dt.date(2008, 7, 1), dt.date(2046, 12, 31)), max_size=3)),
        filed_on=draw(st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))),
    )


@settings(max_examples=300, deadline=None)
@given(requests())
def test_the_alert_is_the_earliest_reading_and_only_it_is_called_the_safest(request: DeadlineRequest) -> None:
    try:
        result = compute_deadline(request)
    except DeadlineInputError:
        return
    earliest = min([result.due_date, *(day for _, day in result.readings)])

    assert result.alert_date == min(earliest, result.alert_date)
    if result.mode not in ("prescription", "rebours"):
        assert result.alert_date == earliest
    for text in (*result.explanation, *result.warnings):
        if "prudente" in text:
            assert fr_date(result.alert_date, weekday=True) in text, text


@settings(max_examples=150, deadline=None)
@given(requests())
def test_no_result_repeats_a_warning_or_a_sentence(request: DeadlineRequest) -> None:
    try:
        result = compute_deadline(request)
    except DeadlineInputError:
        return

    assert len(set(result.warnings)) == len(result.warnings)
    assert len(set(result.explanation)) == len(result.explanation)


@settings(max_examples=150, deadline=None)
@given(requests())
def test_a_distance_warning_appears_only_for_a_party_abroad_or_in_another_territory(request: DeadlineRequest) -> None:
    residence = request.party_residence
    distant = residence is not None and (residence.zone is None or residence.zone.is_overseas)
    if distant or (residence is not None and not same_territory(request.zone, residence.zone)):
        return
    try:
        result = compute_deadline(request)
    except DeadlineInputError:
        return

    assert not any("distance" in w.lower() for w in result.warnings), result.warnings


def test_every_entry_zone_and_residence_calls_only_the_earliest_reading_the_safest() -> None:
    """The same property, exhaustively, on two starting points that fall on month ends and holidays."""
    for kind in KINDS:
        for zone in ZONES:
            for residence in RESIDENCES:
                for start in (dt.date(2026, 1, 31), dt.date(2027, 4, 14)):
                    request = DeadlineRequest(
                        start=start, kind=kind, zone=parse_zone(zone), party_residence=parse_residence(residence)
                    )
                    try:
                        result = compute_deadline(request)
                    except DeadlineInputError:
                        continue
                    readings = [result.due_date, *(day for _, day in result.readings)]
                    assert result.alert_date <= min(readings), (kind, zone, residence, start)
                    prudent = [t for t in (*result.explanation, *result.warnings) if "prudente" in t]
                    assert all(fr_date(result.alert_date, weekday=True) in t for t in prudent), prudent


@settings(max_examples=150, deadline=None)
@given(requests())
def test_no_text_is_both_a_sentence_of_the_explanation_and_a_warning(request: DeadlineRequest) -> None:
    try:
        result = compute_deadline(request)
    except DeadlineInputError:
        return

    assert not set(result.explanation) & set(result.warnings)
