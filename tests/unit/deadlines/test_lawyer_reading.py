"""Issue 12 item 8: every sentence and warning of a result is true for the case at hand, said once, and cites the
article that carries the rule."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.deadlines import (
    ENGINE_VERSION,
    DeadlineRequest,
    DeadlineResult,
    compute_deadline,
    parse_delay,
    parse_residence,
    parse_zone,
)

D = dt.date


def compute(start: dt.date, delay: str | None = None, **options: object) -> DeadlineResult:
    return compute_deadline(
        DeadlineRequest(start=start, delay=parse_delay(delay) if delay else None, **options)  # type: ignore[arg-type]
    )


def test_the_engine_version_is_a_string_given_with_every_result() -> None:
    result = compute(D(2026, 3, 9), "1 mois")

    assert isinstance(ENGINE_VERSION, str)
    assert ENGINE_VERSION
    assert result.as_dict()["engine_version"] == ENGINE_VERSION


def test_a_chained_report_is_one_sentence_naming_the_first_working_day_and_the_days_skipped() -> None:
    sentences = compute(D(2028, 7, 11), "3 jours").explanation

    assert sentences[-2:] == (
        "Le vendredi 14 juillet 2028 (férié : fête nationale, C. trav. L3133-1), le samedi 15 juillet 2028 et le "
        "dimanche 16 juillet 2028 ne sont pas des jours ouvrables : report au premier jour ouvrable suivant, le lundi "
        "17 juillet 2028 (art. 642 al. 2 CPC).",
        "Échéance : lundi 17 juillet 2028 à 24 h, heure du siège de la juridiction (art. 642 al. 1 CPC).",
    )
    assert not any("report au samedi" in s or "report au dimanche" in s for s in sentences)


def test_a_single_non_working_day_is_one_sentence_too() -> None:
    sentences = compute(D(2026, 6, 29), "15 jours").explanation

    assert (
        "Le mardi 14 juillet 2026 (férié : fête nationale, C. trav. L3133-1) n'est pas un jour ouvrable : report au "
        "premier jour ouvrable suivant, le mercredi 15 juillet 2026 (art. 642 al. 2 CPC)." in sentences
    )


def test_a_backward_delay_names_the_days_it_steps_back_over_in_its_alert_sentence() -> None:
    result = compute(D(2026, 5, 18), "8 jours", mode="rebours")

    assert result.explanation[-1] == (
        "Alerte recommandée : jeudi 7 mai 2026, dernier jour ouvrable (le samedi 9 mai 2026 et le vendredi 8 mai 2026 "
        "(férié : victoire de 1945, C. trav. L3133-1) ne sont pas des jours ouvrables)."
    )


def test_a_declared_closure_is_warned_about_once() -> None:
    result = compute(D(2026, 7, 24), "15 jours", closures=frozenset({D(2026, 8, 10)}))

    assert [w for w in result.warnings if "75-12.260" in w] == [
        "Sans les jours de fermeture déclarés (seul un texte légal ou réglementaire rend un jour chômé : Cass. 2e "
        "civ., 16 juill. 1976, n° 75-12.260 ; vérifier la base de la fermeture) : échéance le lundi 10 août 2026."
    ]


@pytest.mark.parametrize("kind", ["conclusions_appelant_bref_delai", "conclusions_intime_mise_en_etat"])
def test_an_appeal_procedure_delay_without_a_distant_party_says_nothing_about_distance(kind: str) -> None:
    for residence in (None, "metropole"):
        result = compute(D(2026, 3, 9), kind=kind, filed_on=D(2026, 1, 5), party_residence=parse_residence(residence))

        assert not any("distance" in w or "911-2" in w for w in result.warnings), result.warnings
        assert not any("distance" in s for s in result.explanation if not s.startswith("Partie demeurant"))


def test_an_appeal_procedure_delay_extends_for_distance_under_art_911_2_not_643() -> None:
    result = compute(
        D(2026, 3, 9), kind="conclusions_appelant_bref_delai", filed_on=D(2026, 1, 5),
        party_residence=parse_residence("974"),
    )  # fmt: skip

    assert result.due_date == D(2026, 6, 9)
    assert "Partie demeurant à La Réunion : délai augmenté d'un mois (CPC art. 911-2), compté d'un seul bloc." in (
        result.explanation
    )
    assert "CPC art. 911-2" in result.legal_basis
    assert not any("643" in s for s in (*result.explanation, *result.legal_basis, *result.warnings))


def test_a_former_regime_appeal_procedure_delay_does_not_doubt_the_former_911_2() -> None:
    result = compute(
        D(2024, 3, 4), kind="conclusions_appelant_mise_en_etat", filed_on=D(2024, 3, 4),
        party_residence=parse_residence("etranger"),
    )  # fmt: skip

    assert result.due_date == D(2024, 8, 5)
    assert not any("non vérifié" in w for w in result.warnings)
    assert any("7 sept. 2017" in w for w in result.warnings)


def test_a_post_reform_appeal_procedure_delay_with_a_distant_party_flags_the_911_2_wording() -> None:
    result = compute(
        D(2026, 3, 9), kind="conclusions_appelant_bref_delai", filed_on=D(2026, 1, 5),
        party_residence=parse_residence("etranger"),
    )  # fmt: skip

    assert sum("911-2" in w and "2023-1391" in w for w in result.warnings) == 1


def test_a_residence_that_changes_nothing_draws_no_distance_warning() -> None:
    saisie = compute(D(2026, 1, 15), kind="contestation_saisie_attribution", party_residence=parse_residence("75"))
    prescription = compute(D(2011, 4, 23), "5 ans", mode="prescription", party_residence=parse_residence("75"))

    assert not any("distance" in w for w in (*saisie.warnings, *prescription.warnings))


def test_a_distant_residence_on_a_delay_without_distance_is_still_warned_about() -> None:
    saisie = compute(D(2026, 1, 15), kind="contestation_saisie_attribution", party_residence=parse_residence("974"))

    assert any("ne s'applique pas" in w for w in saisie.warnings)


def test_no_basse_terre_sentence_says_computed_without_the_extension_when_the_extension_was_applied() -> None:
    result = compute(D(2026, 3, 9), kind="appel", zone=parse_zone("BL"), party_residence=parse_residence("971"))

    assert result.distance.months == 1
    assert not any("sans cette augmentation" in w for w in result.warnings)


def test_the_basse_terre_warning_does_not_call_the_due_date_the_safest_when_it_is_not() -> None:
    result = compute(D(2026, 9, 24), kind="appel_refere", zone=parse_zone("BL"))

    assert result.alert_date < result.due_date
    assert not any("prudente" in w for w in result.warnings)


def test_no_warning_or_sentence_is_printed_twice() -> None:
    result = compute(
        D(2026, 3, 3), kind="conclusions_appelant_bref_delai", zone=parse_zone("57"),
        party_residence=parse_residence("etranger"), closures=frozenset({D(2026, 7, 3)}),
    )  # fmt: skip

    assert len(set(result.warnings)) == len(result.warnings)
    assert len(set(result.explanation)) == len(result.explanation)


def test_a_pourvoi_without_a_residence_says_nothing_about_distance() -> None:
    result = compute(D(2026, 3, 27), kind="pourvoi", zone=parse_zone("971"))

    assert result.explanation[1] == (
        "Pourvoi formé à la Cour de cassation (Paris) : calendrier de la France métropolitaine, et non celui du "
        "siège indiqué (Guadeloupe)."
    )


def test_a_pourvoi_with_a_residence_measures_the_distance_from_paris() -> None:
    result = compute(D(2026, 2, 10), kind="pourvoi", zone=parse_zone("971"), party_residence=parse_residence("971"))

    assert result.explanation[1].endswith("; le délai de distance se mesure depuis Paris (art. 643 CPC).")
    assert result.distance.months == 1


def test_a_catalogued_prescription_says_once_that_it_is_not_extended() -> None:
    result = compute(D(2026, 4, 3), kind="prescription_droit_commun")

    assert sum("pas de report" in w for w in result.warnings) == 1


def test_the_deferral_says_once_that_the_day_of_the_order_counts() -> None:
    result = compute(D(2020, 7, 2), kind="defere_ordonnance_cme", filed_on=D(2020, 1, 6))

    assert sum("compte" in w and "jour" in w for w in result.warnings) == 1


def test_the_regime_note_is_printed_once_not_as_a_sentence_and_again_as_a_warning() -> None:
    same = compute(D(2026, 4, 3), kind="conclusions_appelant_mise_en_etat")
    different = compute(D(2024, 9, 10), kind="conclusions_appelant_bref_delai")

    for result in (same, different):
        assert not set(result.explanation) & set(result.warnings)
    assert any("donnent la même échéance" in s for s in same.explanation)
    assert not any("donnent la même échéance" in w for w in same.warnings)
    assert any("c'est elle qui décide" in w for w in different.warnings)
