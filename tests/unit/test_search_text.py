"""Folding names and writing references for the full-text index and the conflict check (domain/search_text.py)."""

from __future__ import annotations

from domain.search_text import compact_reference, fold, name_key, reference_variants


def test_folding_removes_accents_case_ligatures_and_punctuation():
    assert fold("Société Générale — ŒUVRES d'Art") == "societe generale oeuvres d art"


def test_a_name_key_ignores_word_order_accents_and_case():
    assert name_key("Dupont Jean-Érik") == name_key("jean erik DUPONT") == "dupont erik jean"


def test_a_reference_is_indexed_in_every_punctuation_and_without_leading_zeros():
    assert reference_variants("24/01234") == ["24 01234", "2401234", "24 1234", "241234"]
    assert reference_variants("DBX6-W-B7H-ABCDE") == ["dbx6 w b7h abcde", "dbx6wb7habcde"]
    assert reference_variants("—") == []


def test_the_compact_form_keeps_only_letters_and_digits_upper_cased():
    assert compact_reference("24-12.345") == compact_reference("24 12 345") == "2412345"
    assert compact_reference("a 24/01234") == "A2401234"
