"""The catalogue entries a litigator reaches for beyond appeals: tierce opposition, révision, insolvency delays and
administrative-court delays. One worked example each: the date in, the due date out, and the sentence that explains
it."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.deadlines import (
    DeadlineInputError,
    DeadlineRequest,
    DeadlineResult,
    catalogue_as_dicts,
    compute_deadline,
    parse_residence,
    parse_zone,
)

D = dt.date

NEW_KINDS = {
    "tierce_opposition": "CPC art. 586 al. 3",
    "tierce_opposition_trente_ans": "CPC art. 586 al. 1",
    "recours_revision": "CPC art. 596",
    "declaration_creances": "C. com. art. R622-24",
    "appel_procedure_collective": "C. com. art. R661-3",
    "tierce_opposition_procedure_collective": "C. com. art. R661-2",
    "revendication": "C. com. art. L624-9",
    "signification_conclusions_appelant_defaillant": "CPC art. 908 et 911",
    "conclusions_appelant_expropriation": "C. expr. art. R311-26",
    "appel_competence": "CPC art. 84",
    "recours_contentieux_administratif": "CJA art. R421-1",
    "appel_caa": "CJA art. R811-2",
    "cloture_instruction_administrative": "CJA art. R613-2",
}


def compute(kind: str, start: dt.date, **options: object) -> DeadlineResult:
    return compute_deadline(DeadlineRequest(start=start, kind=kind, **options))  # type: ignore[arg-type]


@pytest.mark.parametrize(("kind", "article"), NEW_KINDS.items())
def test_each_new_entry_is_in_the_catalogue_with_its_article_and_a_source(kind: str, article: str) -> None:
    entry = next(e for e in catalogue_as_dicts() if e["kind"] == kind)

    versions = entry["versions"]
    assert isinstance(versions, list)
    assert any(article in v["basis"] for v in versions)
    assert entry["sources"]


def test_tierce_opposition_runs_two_months_from_notification_to_the_third_party() -> None:
    result = compute("tierce_opposition", D(2026, 3, 9))

    assert (result.theoretical_date, result.due_date) == (D(2026, 5, 9), D(2026, 5, 11))
    assert "Point de départ : notification du jugement au tiers du 9 mars 2026 (non compté)." in result.explanation


def test_tierce_opposition_against_a_judgment_notified_abroad_gets_the_art_643_extension() -> None:
    result = compute("tierce_opposition", D(2026, 3, 9), party_residence=parse_residence("etranger"))

    assert result.due_date == D(2026, 7, 9)
    assert any("CPC art. 643 2°" in s for s in result.explanation)


def test_tierce_opposition_without_notification_is_open_thirty_years_from_the_judgment() -> None:
    result = compute("tierce_opposition_trente_ans", D(2026, 1, 15))

    assert (result.theoretical_date, result.due_date) == (D(2056, 1, 15), D(2056, 1, 17))
    assert result.distance.is_empty


def test_recours_en_revision_runs_two_months_from_the_day_the_cause_was_known() -> None:
    result = compute("recours_revision", D(2026, 4, 20))

    assert result.due_date == D(2026, 6, 22)
    assert result.explanation[0].startswith("Point de départ : connaissance de la cause de révision du 20 avril 2026")


def test_declaration_de_creances_runs_from_the_bodacc_and_reports_over_easter_in_one_sentence() -> None:
    result = compute("declaration_creances", D(2026, 2, 5))

    assert result.due_date == D(2026, 4, 7)
    assert (
        "Le dimanche 5 avril 2026 et le lundi 6 avril 2026 (férié : lundi de Pâques, C. trav. L3133-1) ne sont pas "
        "des jours ouvrables : report au premier jour ouvrable suivant, le mardi 7 avril 2026 (art. 642 al. 2 CPC)."
        in result.explanation
    )


@pytest.mark.parametrize("residence", ["etranger", "974"])
def test_a_creditor_outside_metropolitan_france_gets_two_more_months_under_r622_24(residence: str) -> None:
    result = compute("declaration_creances", D(2026, 2, 5), party_residence=parse_residence(residence))

    assert result.due_date == D(2026, 6, 5)
    assert any("C. com. art. R622-24 al. 2" in s for s in result.explanation)
    assert not any("643" in s for s in result.explanation)


def test_a_creditor_in_the_same_overseas_territory_as_the_court_gets_no_extension() -> None:
    result = compute(
        "declaration_creances", D(2026, 2, 5), zone=parse_zone("974"), party_residence=parse_residence("974")
    )

    assert result.due_date == D(2026, 4, 7)


def test_an_insolvency_appeal_runs_ten_days_from_notification() -> None:
    result = compute("appel_procedure_collective", D(2026, 5, 7))

    assert (result.theoretical_date, result.due_date) == (D(2026, 5, 17), D(2026, 5, 18))


def test_an_insolvency_tierce_opposition_runs_ten_days_without_distance() -> None:
    result = compute(
        "tierce_opposition_procedure_collective", D(2026, 7, 1), party_residence=parse_residence("etranger")
    )

    assert result.due_date == D(2026, 7, 13)
    assert result.distance.is_empty


def test_revendication_runs_three_months_and_alerts_on_the_last_working_day_before_the_unextended_term() -> None:
    result = compute("revendication", D(2026, 11, 30))

    assert (result.theoretical_date, result.due_date, result.alert_date) == (
        D(2027, 2, 28), D(2027, 3, 1), D(2027, 2, 26)
    )  # fmt: skip


def test_the_recours_contentieux_is_a_delai_franc_and_says_so() -> None:
    result = compute("recours_contentieux_administratif", D(2021, 1, 3))

    assert result.due_date == D(2021, 3, 4)
    assert result.mode == "franc"
    assert any("Décines-Charpieu" in s and "franc" in s for s in result.explanation)


def test_a_franc_delay_that_ends_on_a_weekend_is_extended_by_the_administrative_case_law() -> None:
    result = compute("recours_contentieux_administratif", D(2026, 3, 10), party_residence=parse_residence("etranger"))

    assert (result.theoretical_date, result.due_date) == (D(2026, 7, 11), D(2026, 7, 13))
    assert any("CJA art. R421-7" in s for s in result.explanation)
    assert any("362568" in s for s in result.explanation)


def test_an_overseas_party_before_a_metropolitan_administrative_court_gets_one_month() -> None:
    result = compute("recours_contentieux_administratif", D(2026, 3, 10), party_residence=parse_residence("988"))

    assert result.distance.months == 1


def test_the_appeal_before_the_caa_runs_two_months_franc() -> None:
    result = compute("appel_caa", D(2026, 4, 15))

    assert result.due_date == D(2026, 6, 16)


def test_the_automatic_cloture_of_instruction_falls_three_clear_days_before_the_hearing() -> None:
    result = compute("cloture_instruction_administrative", D(2026, 6, 18))

    assert (result.due_date, result.alert_date) == (D(2026, 6, 14), D(2026, 6, 12))
    assert any("R613-2" in s for s in result.explanation)
    assert not any("84-11.713" in w for w in result.warnings)


def test_serving_the_appellants_conclusions_on_a_defaulting_respondent_is_one_four_month_block() -> None:
    # Cass. 2e civ., 25 mars 2021, n° 19-20.636: appeal of 13 July 2018, 908 + 911 end on 13 November 2018.
    result = compute("signification_conclusions_appelant_defaillant", D(2018, 7, 13))

    assert result.due_date == D(2018, 11, 13)
    assert any("19-20.636" in w for w in result.warnings)


def test_the_911_block_is_refused_for_an_appeal_filed_after_the_2024_reform() -> None:
    with pytest.raises(DeadlineInputError, match="Aucune version"):
        compute("signification_conclusions_appelant_defaillant", D(2025, 1, 6))


def test_expropriation_appeal_conclusions_ending_on_whit_monday_move_to_tuesday() -> None:
    result = compute("conclusions_appelant_expropriation", D(2026, 2, 25))

    assert (result.theoretical_date, result.due_date) == (D(2026, 5, 25), D(2026, 5, 26))
    assert any("lundi de Pentecôte" in s for s in result.explanation)


def test_an_appeal_on_competence_runs_fifteen_days_from_notification() -> None:
    result = compute("appel_competence", D(2026, 10, 2))

    assert result.due_date == D(2026, 10, 19)
