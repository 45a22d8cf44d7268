"""The French explanation: each step a lawyer can check, and the warnings of the special regimes."""

from __future__ import annotations

import datetime as dt

from domain.deadlines import DeadlineRequest, compute_deadline, parse_delay, parse_residence, parse_zone
from domain.deadlines.explain import fr_date

D = dt.date


def explain(start: dt.date, delay: str, **options: object) -> tuple[str, ...]:
    return compute_deadline(DeadlineRequest(start=start, delay=parse_delay(delay), **options)).explanation  # type: ignore[arg-type]


def test_french_dates_use_1er_and_weekdays() -> None:
    assert fr_date(D(2026, 1, 1)) == "1er janvier 2026"
    assert fr_date(D(2026, 7, 15), weekday=True) == "mercredi 15 juillet 2026"


def test_the_explanation_states_the_starting_point_and_that_it_is_not_counted() -> None:
    sentences = explain(D(2028, 1, 31), "1 mois", trigger="signification")

    assert sentences[0] == "Point de départ : signification du 31 janvier 2028 (non compté)."


def test_the_explanation_says_when_the_month_has_no_such_day() -> None:
    sentences = explain(D(2028, 1, 31), "1 mois")

    assert "Délai d'un mois : expire le 29 février 2028 (pas de 31 février)." in sentences


def test_the_explanation_names_the_holiday_and_the_report() -> None:
    sentences = explain(D(2026, 6, 29), "15 jours")

    assert (
        "Le mardi 14 juillet 2026 (férié : fête nationale, C. trav. L3133-1) n'est pas un jour ouvrable : report au "
        "premier jour ouvrable suivant, le mercredi 15 juillet 2026 (art. 642 al. 2 CPC)." in sentences
    )


def test_the_explanation_goes_straight_to_the_first_working_day_of_a_chained_report() -> None:
    sentences = explain(D(2028, 7, 11), "3 jours")

    assert sentences[-2:] == (
        "Le vendredi 14 juillet 2028 (férié : fête nationale, C. trav. L3133-1), le samedi 15 juillet 2028 et le "
        "dimanche 16 juillet 2028 ne sont pas des jours ouvrables : report au premier jour ouvrable suivant, le lundi "
        "17 juillet 2028 (art. 642 al. 2 CPC).",
        "Échéance : lundi 17 juillet 2028 à 24 h, heure du siège de la juridiction (art. 642 al. 1 CPC).",
    )


def test_months_are_counted_before_days_in_the_explanation() -> None:
    sentences = explain(D(2027, 1, 29), "1 mois et 3 jours")

    assert "Délai d'un mois : expire le 28 février 2027 (pas de 29 février)." in sentences
    assert "Puis 3 jours : expire le 3 mars 2027 (les mois d'abord, puis les jours)." in sentences


def test_the_distance_extension_is_explained_as_one_block() -> None:
    sentences = explain(D(2026, 3, 9), "1 mois", party_residence=parse_residence("974"))

    assert "Partie demeurant à La Réunion : délai augmenté d'un mois (CPC art. 643 1°), compté d'un seul bloc." in (
        sentences
    )


def test_a_free_delay_with_a_distance_extension_warns_that_643_lists_the_acts() -> None:
    result = compute_deadline(
        DeadlineRequest(start=D(2026, 3, 9), delay=parse_delay("1 mois"), party_residence=parse_residence("974"))
    )

    assert any("art. 643 CPC" in w and "à vérifier" in w for w in result.warnings)


def test_a_backward_delay_warns_that_the_case_law_is_divided() -> None:
    result = compute_deadline(DeadlineRequest(start=D(2026, 5, 18), delay=parse_delay("8 jours"), mode="rebours"))

    assert any("non unanime" in w and "84-11.713" in w for w in result.warnings)
    assert result.explanation[-1] == (
        "Alerte recommandée : jeudi 7 mai 2026, dernier jour ouvrable (le samedi 9 mai 2026 et le vendredi 8 mai 2026 "
        "(férié : victoire de 1945, C. trav. L3133-1) ne sont pas des jours ouvrables)."
    )


def test_prescription_says_it_is_not_extended() -> None:
    result = compute_deadline(DeadlineRequest(start=D(2011, 4, 23), delay=parse_delay("5 ans"), mode="prescription"))

    assert any("aucun report" in s for s in result.explanation)
    assert any("15-12.960" in w for w in result.warnings)


def test_a_delay_in_weeks_is_flagged_for_review() -> None:
    result = compute_deadline(DeadlineRequest(start=D(2026, 3, 2), delay=parse_delay("2 semaines")))

    assert any("semaines" in w for w in result.warnings)


def test_a_good_friday_report_in_alsace_moselle_warns_about_the_commune_condition() -> None:
    result = compute_deadline(DeadlineRequest(start=D(2026, 3, 3), delay=parse_delay("1 mois"), zone=parse_zone("57")))

    assert any("Vendredi saint" in w and "vendredi 3 avril 2026" in w for w in result.warnings)


def test_a_closure_day_warns_that_only_a_text_makes_a_day_chome() -> None:
    result = compute_deadline(
        DeadlineRequest(start=D(2026, 7, 24), delay=parse_delay("15 jours"), closures=frozenset({D(2026, 8, 10)}))
    )

    assert any("75-12.260" in w for w in result.warnings)
    assert (
        "Le samedi 8 août 2026, le dimanche 9 août 2026 et le lundi 10 août 2026 (chômé : fermeture déclarée) ne sont "
        "pas des jours ouvrables : report au premier jour ouvrable suivant, le mardi 11 août 2026 (art. 642 al. 2 "
        "CPC)." in result.explanation
    )


def test_an_unknown_appeal_filing_date_gives_the_earlier_regime_and_warns_with_the_other_date() -> None:
    result = compute_deadline(DeadlineRequest(start=D(2024, 9, 10), kind="conclusions_appelant_bref_delai"))

    assert result.due_date == D(2024, 10, 10)
    assert any("c'est elle qui décide" in w and "mardi 12 novembre 2024" in w for w in result.warnings)
