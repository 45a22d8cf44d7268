"""When readings differ, the alert date is never later than the safest one, and a warning names the other dates."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.deadlines import (
    DeadlineInputError,
    DeadlineRequest,
    compute_deadline,
    parse_delay,
    parse_residence,
    parse_zone,
)

D = dt.date


def test_a_declared_closure_extends_the_due_date_but_the_alert_ignores_it_with_a_warning() -> None:
    result = compute_deadline(
        DeadlineRequest(start=D(2026, 7, 24), delay=parse_delay("15 jours"), closures=frozenset({D(2026, 8, 10)}))
    )

    assert (result.due_date, result.alert_date) == (D(2026, 8, 11), D(2026, 8, 10))
    assert any(
        w.startswith("Sans les jours de fermeture déclarés") and "lundi 10 août 2026" in w for w in result.warnings
    )


def test_a_closure_that_changes_nothing_adds_no_alternative() -> None:
    result = compute_deadline(
        DeadlineRequest(start=D(2026, 7, 1), delay=parse_delay("15 jours"), closures=frozenset({D(2026, 8, 10)}))
    )

    assert result.due_date == result.alert_date == D(2026, 7, 16)
    assert not any("fermeture" in w for w in result.warnings)


def test_a_pourvoi_uses_the_paris_calendar_whatever_the_zone_and_says_so() -> None:
    result = compute_deadline(DeadlineRequest(start=D(2026, 3, 27), kind="pourvoi", zone=parse_zone("971")))

    assert result.due_date == D(2026, 5, 27)
    assert (result.zone.code, result.zone.timezone) == ("metropole", "Europe/Paris")
    assert any(s.startswith("Pourvoi formé à la Cour de cassation (Paris)") for s in result.explanation)


def test_a_pourvoi_from_alsace_moselle_ignores_good_friday() -> None:
    result = compute_deadline(DeadlineRequest(start=D(2026, 2, 3), kind="pourvoi", zone=parse_zone("57")))

    assert result.due_date == result.alert_date == D(2026, 4, 3)


def test_a_pourvoi_still_gets_the_distance_extension_of_the_party_residence() -> None:
    result = compute_deadline(
        DeadlineRequest(
            start=D(2026, 2, 10), kind="pourvoi", zone=parse_zone("971"), party_residence=parse_residence("971")
        )
    )

    assert (result.due_date, result.distance.months) == (D(2026, 5, 11), 1)


def test_an_unknown_filing_date_gives_the_earlier_regime_as_due_date_with_the_other_date() -> None:
    result = compute_deadline(DeadlineRequest(start=D(2024, 9, 10), kind="signification_declaration_appel"))

    assert result.due_date == result.alert_date == D(2024, 9, 20)
    assert any("c'est elle qui décide" in w and "lundi 30 septembre 2024" in w for w in result.warnings)


def test_an_unknown_filing_date_says_when_both_regimes_agree() -> None:
    result = compute_deadline(DeadlineRequest(start=D(2025, 1, 31), kind="conclusions_appelant_mise_en_etat"))

    assert result.due_date == D(2025, 4, 30)
    # Said in the explanation, not as a warning: when both regimes agree there is nothing to warn about.
    assert any("donnent la même échéance" in s for s in result.explanation)


def test_a_known_filing_date_keeps_its_own_regime_without_the_transition_warning() -> None:
    result = compute_deadline(
        DeadlineRequest(start=D(2024, 9, 10), kind="signification_declaration_appel", filed_on=D(2024, 9, 2))
    )

    assert result.due_date == result.alert_date == D(2024, 9, 30)
    assert not any("--filed-on" in w for w in result.warnings)


def test_personal_service_in_guadeloupe_of_a_party_abroad_alerts_on_the_one_month_reading_of_647() -> None:
    result = compute_deadline(
        DeadlineRequest(
            start=D(2026, 3, 9),
            kind="appel",
            party_residence=parse_residence("etranger"),
            served_in_person_at=parse_residence("971"),
        )
    )

    assert (result.due_date, result.alert_date) == (D(2026, 6, 9), D(2026, 5, 11))
    assert any(w.startswith("Lecture de l'art. 647 CPC") and "lundi 11 mai 2026" in w for w in result.warnings)


@pytest.mark.parametrize("zone", ["BL", "MF"])
def test_an_appeal_from_saint_barthelemy_or_saint_martin_warns_about_basse_terre(zone: str) -> None:
    result = compute_deadline(
        DeadlineRequest(start=D(2026, 3, 9), kind="appel", zone=parse_zone(zone), party_residence=parse_residence(zone))
    )

    assert result.due_date == result.alert_date == D(2026, 4, 9)
    assert any("Basse-Terre" in w and "18-11.268" in w for w in result.warnings)


def test_an_appeal_from_saint_barthelemy_alerts_on_the_basse_terre_calendar() -> None:
    result = compute_deadline(DeadlineRequest(start=D(2026, 9, 24), kind="appel_refere", zone=parse_zone("BL")))

    assert (result.due_date, result.alert_date) == (D(2026, 10, 12), D(2026, 10, 9))


def test_an_opposition_in_saint_barthelemy_has_no_basse_terre_warning() -> None:
    result = compute_deadline(DeadlineRequest(start=D(2026, 3, 9), kind="opposition", zone=parse_zone("BL")))

    assert not any("Basse-Terre" in w for w in result.warnings)


@pytest.mark.parametrize(("kind", "mode", "flag"), [
    ("appel", "prescription", "--prescription"),
    ("appel", "rebours", "--backward"),
    ("appel", "jour_compte", "--decision-day-counts"),
    ("prescription_droit_commun", "rebours", "--backward"),
    ("defere_ordonnance_cme", "prescription", "--prescription"),
])  # fmt: skip
def test_a_regime_flag_that_contradicts_the_catalogue_entry_is_refused(kind: str, mode: str, flag: str) -> None:
    request = DeadlineRequest(start=D(2026, 1, 31), kind=kind, mode=mode)  # type: ignore[arg-type]

    with pytest.raises(DeadlineInputError, match=f"Options incompatibles : « {kind} ».*\\({flag}\\)"):
        compute_deadline(request)


def test_a_regime_flag_that_matches_the_catalogue_entry_is_accepted() -> None:
    result = compute_deadline(
        DeadlineRequest(start=D(2020, 7, 2), kind="defere_ordonnance_cme", mode="jour_compte", filed_on=D(2020, 1, 6))
    )

    assert result.due_date == D(2020, 7, 16)


@pytest.mark.parametrize(("kind", "start"), [
    ("appel_jex", D(1992, 6, 1)),
    ("prescription_consommation", D(2008, 6, 18)),
])  # fmt: skip
def test_dates_before_the_oldest_catalogued_version_are_still_refused(kind: str, start: dt.date) -> None:
    with pytest.raises(DeadlineInputError, match="Aucune version"):
        compute_deadline(DeadlineRequest(start=start, kind=kind))
