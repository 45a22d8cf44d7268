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


@pytest.mark.parametrize(("text", "delay"), [
    ("quinze (15) jours", Delay(days=15)),
    ("15 (quinze) jours", Delay(days=15)),
    ("un (1) mois", Delay(months=1)),
    ("deux (2) mois et dix (10) jours", Delay(months=2, days=10)),
])  # fmt: skip
def test_the_parser_reads_words_with_the_figure_in_brackets(text: str, delay: Delay) -> None:
    assert parse_delay(text) == delay


def test_the_parser_refuses_words_and_bracketed_figure_that_disagree() -> None:
    with pytest.raises(DeadlineInputError, match=r"Délai contradictoire.*15 et 16"):
        parse_delay("quinze (16) jours")


@pytest.mark.parametrize("text", ["-1 mois", "−1 mois", "– 15 jours", "2 mois - 1 jour"])
def test_the_parser_refuses_a_sign_instead_of_reading_a_negative_delay_as_positive(text: str) -> None:
    with pytest.raises(DeadlineInputError, match="signe"):
        parse_delay(text)


@pytest.mark.parametrize("text", ["jours", "semaines", "ans", "les jours"])
def test_the_parser_refuses_a_plural_unit_without_its_number(text: str) -> None:
    with pytest.raises(DeadlineInputError, match="nombre manquant"):
        parse_delay(text)


@pytest.mark.parametrize("text", ["2 mois 2 mois", "1 an et 2 ans", "15 jours et 3 jours", "une huitaine et 2 jours"])
def test_the_parser_refuses_a_unit_given_twice(text: str) -> None:
    with pytest.raises(DeadlineInputError, match="apparaît deux fois"):
        parse_delay(text)


@pytest.mark.parametrize("text", ["1½ mois", "15 jours soit 2 semaines", "quinze ( jours", "15 (quinze jours"])
def test_the_parser_refuses_symbols_and_restatements_it_cannot_read_safely(text: str) -> None:
    with pytest.raises(DeadlineInputError, match="Délai illisible"):
        parse_delay(text)


def test_the_parser_still_reads_a_singular_unit_alone_as_one() -> None:
    assert (parse_delay("dans le mois"), parse_delay("huitaine")) == (Delay(months=1), Delay(days=8))
