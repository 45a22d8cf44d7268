"""Free delays typed by lawyers, in figures and in French words."""

from __future__ import annotations

import pytest

from domain.deadlines import DeadlineInputError, Delay, parse_delay


@pytest.mark.parametrize(("text", "delay"), [
    ("2 mois", Delay(months=2)),
    ("15 jours", Delay(days=15)),
    ("1 an et 2 mois", Delay(years=1, months=2)),
    ("quinze jours", Delay(days=15)),
    ("huitaine", Delay(days=8)),
    ("une quinzaine", Delay(days=15)),
    ("3 semaines", Delay(weeks=3)),
    ("un mois", Delay(months=1)),
    ("Un Mois Et Quinze Jours", Delay(months=1, days=15)),
    ("vingt et un jours", Delay(days=21)),
    ("trente-et-un jours", Delay(days=31)),
    ("soixante-dix jours", Delay(days=70)),
    ("quatre-vingt-dix jours", Delay(days=90)),
    ("deux ans", Delay(years=2)),
    ("cinq années", Delay(years=5)),
    ("délai de deux mois", Delay(months=2)),
    ("dans les 15 jours", Delay(days=15)),
    ("1 an, 2 mois et 3 jours", Delay(years=1, months=2, days=3)),
    ("10 j", Delay(days=10)),
    ("douze mois", Delay(months=12)),
])  # fmt: skip
def test_the_parser_reads_french_delays_in_figures_and_words(text: str, delay: Delay) -> None:
    assert parse_delay(text) == delay


@pytest.mark.parametrize("text", ["", "   ", "bientôt", "2", "mois 3", "deux", "0 jour"])
def test_the_parser_refuses_unreadable_delays_with_a_french_message(text: str) -> None:
    with pytest.raises(DeadlineInputError, match="Délai illisible"):
        parse_delay(text)


@pytest.mark.parametrize(("text", "reason"), [
    ("48 heures", "heures"), ("15 jours francs", "francs"), ("5 jours ouvrables", "ouvrables"),
])  # fmt: skip
def test_the_parser_refuses_delays_counted_by_other_rules(text: str, reason: str) -> None:
    with pytest.raises(DeadlineInputError, match=reason):
        parse_delay(text)


def test_the_parser_refuses_absurdly_long_delays() -> None:
    with pytest.raises(DeadlineInputError, match="trop long"):
        parse_delay("500 ans")


@pytest.mark.parametrize(("delay", "wording"), [
    (Delay(months=1), "d'un mois"),
    (Delay(months=2), "de 2 mois"),
    (Delay(years=1, months=2), "d'un an et 2 mois"),
    (Delay(days=15), "de 15 jours"),
    (Delay(weeks=1, days=2), "d'une semaine et 2 jours"),
])  # fmt: skip
def test_a_delay_is_worded_in_french_after_the_word_delai(delay: Delay, wording: str) -> None:
    assert delay.french_with_de() == wording
