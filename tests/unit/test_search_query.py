"""What a person types in the search box becomes a safe FTS5 expression (domain/search_query.py), checked against a
real FTS5 index shaped like migration 0005's: no FTS5 syntax gets through, accents and case are ignored, the last
word is a prefix, and a reference is found whatever its punctuation."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from domain.errors import InvalidInput
from domain.search_query import looks_like_reference, search_query
from domain.search_text import fold, reference_variants

ENTRIES = {
    1: ("Société Générale c/ Dupont", "Assignation en référé devant le tribunal", "24/01234"),
    2: ("Bail commercial", "Le cœur du litige : la révision du loyer", "DBX6-W-B7H-ABCDE"),
    3: ("Jean-Éric Martin", "Client depuis 2019", ""),
    4: ("NEAR AND OR", 'Un texte avec "guillemets" et (parenthèses)', "A 23/00987"),
}


@pytest.fixture
def index() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5(tenant, title, body, refs,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    for rowid, (title, body, reference) in ENTRIES.items():
        refs = " ".join(reference_variants(reference)) if reference else ""
        conn.execute("INSERT INTO search_index (rowid, tenant, title, body, refs) VALUES (?, 'tcab1', ?, ?, ?)",
                     (rowid, title, body, refs))  # fmt: skip
    conn.execute("INSERT INTO search_index (rowid, tenant, title, body, refs) VALUES (9, 'tcab2', 'Dupont', '', '')")
    yield conn
    conn.close()


def found(index: sqlite3.Connection, text: str) -> list[int]:
    expression = f'tenant : "tcab1" AND ({search_query(text).expression})'
    return sorted(row[0] for row in index.execute("SELECT rowid FROM search_index WHERE search_index MATCH ?",
                                                   (expression,)))  # fmt: skip


def test_every_word_is_required_whatever_its_accents_and_case(index):
    assert found(index, "SOCIETE generale") == [1]
    assert found(index, "société dupont") == [1]
    assert found(index, "jean eric") == [3]
    assert found(index, "Jean Éric") == [3]
    assert found(index, "société martin") == []


def test_the_last_word_is_matched_as_a_prefix_and_only_the_last(index):
    assert found(index, "assig") == [1]
    assert found(index, "soc gen") == []
    assert found(index, "societe gen") == [1]


def test_a_ligature_is_found_typed_opened_or_as_a_ligature(index):
    assert found(index, "coeur") == [2]
    assert found(index, "cœur") == [2]
    assert found(index, "CŒUR du") == [2]


@pytest.mark.parametrize("typed", ["24/01234", "24-01234", "2401234", "24/1234", "241234", "RG 24/01234",
                                   "RG n° 24-1234", "n° 24.01234", "24 01234"])  # fmt: skip
def test_a_court_reference_is_found_in_every_punctuation(index, typed):
    assert found(index, typed) == [1]


def test_a_portalis_number_and_a_lettered_rg_are_found_as_written_or_run_together(index):
    assert found(index, "DBX6-W-B7H-ABCDE") == [2]
    assert found(index, "Portalis dbx6wb7habcde") == [2]
    assert found(index, "A 23/00987") == [4]
    assert found(index, "A23987") == [4]


@pytest.mark.parametrize(
    "attack",
    [
        '"', '""', '" OR tenant : "tcab2', "dupont OR tenant:tcab2", "tenant:tcab2", "tcab2", "* *", "dupont*",
        "NEAR(dupont tcab2)", "dupont) OR (tcab2", "{tenant} : tcab2", "^dupont", "dupont NOT societe", "-dupont",
        "title:dupont", "dupont AND", "OR OR", "(((", "dupont\x00tcab2", "'; DROP TABLE search_index; --",
    ],
)  # fmt: skip
def test_fts_syntax_in_the_text_is_neutralised_and_never_reaches_another_cabinet(index, attack):
    if len(fold(attack).replace(" ", "")) < 2:  # nothing searchable is left: refused, not run
        with pytest.raises(InvalidInput):
            found(index, attack)
        return
    rows = found(index, attack)
    assert 9 not in rows  # the other cabinet's Dupont
    assert set(rows) <= set(ENTRIES)


def test_operators_typed_as_words_are_searched_as_words(index):
    assert found(index, "near and or") == [4]
    assert found(index, '"guillemets" (parenthèses)') == [4]


@pytest.mark.parametrize("text", ["", " ", "a", " é ", "!!", "«»", "*", '"'])
def test_an_empty_or_one_character_query_is_refused_naming_q(text):
    with pytest.raises(InvalidInput) as refused:
        search_query(text)
    assert refused.value.field == "q"


def test_the_expression_quotes_every_word_and_keeps_the_tenant_column_out():
    expression = search_query('Dupont" OR tenant:x').expression
    assert expression == (
        '({title body refs} : "dupont" AND {title body refs} : "or" AND {title body refs} : "tenant"'
        ' AND {title body refs} : "x" *)'
    )


def test_only_reference_looking_text_is_matched_in_the_references_column():
    assert looks_like_reference("RG 24/01234")
    assert looks_like_reference("2401234")
    assert looks_like_reference("DBX6-W-B7H-ABCDE")
    assert not looks_like_reference("Jean Dupont")
    assert not looks_like_reference("24")
    assert search_query("Jean Dupont").references == ()
    assert search_query("RG 24-01234").references == ("24 01234", "2401234", "24 1234", "241234")


def test_a_word_that_only_starts_like_rg_or_no_is_not_read_as_announcing_a_reference():
    assert search_query("noel 12").references == ()
    assert search_query("rgpd 3").references == ()
    assert search_query("RG24/01234").references[0] == "24 01234"
