"""Adversarial texts: linear time on dense or repetitive input, capped fact counts, Unicode forms.

Inputs are sized so that the former quadratic code took tens of seconds to minutes; here they finish in well
under a second each. Timings are printed by `bench/adversarial_mail.py`, never asserted here.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from domain.extraction import extract_text, find_facts, message_text
from domain.extraction.model import MAX_FACTS, MAX_FACTS_PER_KIND, FactKind
from domain.extraction.parties import find_parties
from domain.extraction.references import find_known_references
from domain.extraction.spans import Spans
from domain.mail import read_message

JAN_15 = date(2026, 1, 15)


def repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@pytest.mark.parametrize(
    "unit",
    ["DEMANDEUR : M. Jean MARTIN\n", "SIGNIFIÉ À : M. X\n", "Le lundi, X a écrit :\n> ligne\n", "Objet : A "],
)
def test_texts_full_of_role_labels_attributions_or_subject_words_are_read_without_error(unit: str) -> None:
    result = extract_text(repeated(unit, 200_000), JAN_15)
    assert len(result.facts) <= MAX_FACTS


@pytest.mark.parametrize("size", [10_000, 20_000, 200_000])
def test_a_long_run_of_capitals_is_no_party(size: int) -> None:
    assert find_parties("A" * size) == []
    assert find_parties("A" * size + " c/ B") == []
    assert extract_text("A" * size, JAN_15, subject="A" * size).facts == ()


def test_names_are_still_read_after_the_word_boundary_fix() -> None:
    facts = find_parties("Affaire : SARL Dupont et Fils c/ Mme Martin, audience")
    assert [f.value for f in facts] == ["SARL Dupont et Fils c/ Mme Martin"]
    assert find_parties("xMartin c/ Dupont") == []  # a name never starts mid-word


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("12 € ", FactKind.AMOUNT),
        ("RG 24/01234 ", FactKind.RG),
        ("24/01234 ", FactKind.RG),
        ("12/03/2026 ", FactKind.DATE),
        ("1er mars 2026 ", FactKind.DATE),
        ("Martin c/ Dupont. ", FactKind.PARTIES),
        ("TJ de Lyon ", FactKind.JURISDICTION),
        ("dans un délai de quinze jours ", FactKind.DELAY),
        ("15 jours avant l'audience ", FactKind.DELAY),
        ("le douze mars deux mille vingt-six ", FactKind.DATE),
        ("tribunal administratif requête n° 2401234 ", FactKind.REQUETE),
        ("avant vendredi ", FactKind.DEADLINE),
        ("L'audience du 12 mars 2026 est renvoyée au 9 avril 2026. ", FactKind.HEARING),
    ],
)
def test_dense_facts_are_capped_and_the_cap_is_recorded(unit: str, kind: FactKind) -> None:
    result = extract_text(repeated(unit, 100_000), JAN_15)
    assert len(result.of_kind(kind)) == MAX_FACTS_PER_KIND
    assert kind.value in result.capped
    assert len(result.facts) <= MAX_FACTS


def test_the_total_cap_is_recorded() -> None:
    text = repeated("RG 24/01234 audience le 12 mars 2026 à 14 h Martin c/ Dupont 100 € TJ de Lyon. ", 200_000)
    result = extract_text(text, JAN_15)
    assert len(result.facts) == MAX_FACTS
    assert "total" in result.capped


def test_a_short_text_is_not_capped() -> None:
    assert extract_text("RG 24/01234, 12 € le 12 mars 2026", JAN_15).capped == ()


def test_known_references_in_a_dense_text_are_found_quickly() -> None:
    text = repeated("181/25 1181/25 ", 200_000)
    found = find_known_references(text, ["181/25", "1181/25"])
    assert len(found) == 2 * (200_000 // 15)
    assert all(text[s:e] == ref for ref, s, e in found[:50])


def test_spans_answer_overlaps() -> None:
    spans = Spans()
    assert spans.take(10, 20)
    assert spans.take(30, 40)
    assert spans.take(20, 30)
    assert not spans.take(15, 16)
    assert not spans.take(5, 11)
    assert not spans.take(39, 45)
    assert spans.overlaps(12, 12)
    assert not spans.overlaps(40, 40)
    assert not spans.overlaps(0, 10)
    assert not spans.overlaps(40, 50)
    assert len(spans) == 3


def nfd_message(body: str) -> bytes:
    headers = "From: a@b.fr\r\nSubject: test\r\nDate: Mon, 2 Feb 2026 10:00:00 +0100\r\n"
    headers += "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    return headers.encode() + unicodedata.normalize("NFD", body).encode()


def test_a_decomposed_body_is_read_like_a_composed_one() -> None:
    message = read_message(nfd_message("Le tribunal judiciaire de Créteil fixe l'audience au 2 février 2026 à 14 h."))
    text = message_text(message)
    assert unicodedata.is_normalized("NFC", text)
    result = extract_text(text, JAN_15)
    pairs = {(f.kind.value, f.value) for f in result.facts}
    assert ("jurisdiction", "TJ:Créteil") in pairs
    assert ("datetime", "2026-02-02T14:00") in pairs
    assert all(text[f.start : f.end] == f.quote for f in result.facts)


def test_a_delay_written_in_words_and_digits_is_read() -> None:
    facts = find_facts("dans un délai de quinze (15) jours à compter de la réception", JAN_15)
    assert [(f.kind.value, f.value, dict(f.details)["anchor_event"]) for f in facts] == [("delay", "P15D", "reception")]
    assert not [f for f in find_facts("dans un délai de quinze (14) jours", JAN_15) if f.kind is FactKind.DELAY]


def test_minutes_out_of_range_are_no_time() -> None:
    facts = find_facts("le 3 mars 2026 à 14 h 75", JAN_15)
    assert [(f.kind.value, f.value, f.quote) for f in facts] == [("date", "2026-03-03", "3 mars 2026")]
    kept = find_facts("audience du 3 mars 2026 à 9 h 3e chambre", JAN_15)
    assert ("datetime", "2026-03-03T09:00") in {(f.kind.value, f.value) for f in kept}
