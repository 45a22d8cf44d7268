"""The pure rules of clients, dossiers and conflict checks: SIREN checksums, court references in their canonical form,
names compared whatever their accents, case and word order, status changes, and cursors that cannot be forged."""

from __future__ import annotations

import base64
import json

import pytest

from domain.clients import Client, ClientKind, luhn_valid, valid_siren, validated_client
from domain.conflicts import Known, Subject, blocking, matches
from domain.dossiers import (
    Dossier,
    DossierStatus,
    ReferenceKind,
    Visibility,
    canonical_reference,
    status_change,
    valid_opened_on,
)
from domain.errors import Conflict, InvalidInput
from domain.pages import decode_cursor, encode_cursor, page_of, valid_limit
from domain.search_text import name_key
from local.commands.client import client_from_name


@pytest.mark.parametrize("siren", ["732829320", "732 829 320", "552100554", "443061841"])
def test_a_siren_with_a_valid_luhn_key_is_kept_as_nine_digits(siren):
    assert valid_siren(siren) == siren.replace(" ", "")


@pytest.mark.parametrize("siren", ["732829321", "12345678", "1234567890", "73282932A"])
def test_a_siren_with_a_wrong_key_or_length_is_refused_naming_the_field(siren):
    with pytest.raises(InvalidInput) as refused:
        valid_siren(siren)
    assert refused.value.field == "siren"


def test_luhn_doubles_every_second_digit_from_the_right():
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")


@pytest.mark.parametrize(
    ("kind", "written", "canonical"),
    [
        ("rg", "24/1234", "24/01234"),
        ("rg", "RG n° 24/01234", "24/01234"),
        ("rg", "24-01234", "24/01234"),
        ("rg", "a 24/1234", "A 24/01234"),
        ("rg", "2024F01234", "2024F01234"),
        ("portalis", "dbx6-w-b7h-abcde", "DBX6-W-B7H-ABCDE"),
        ("portalis", "DBX6WB7HABCDE", "DBX6-W-B7H-ABCDE"),
        ("administratif", "2401234", "2401234"),
        ("administratif", "n° 24PA01234", "24PA01234"),
        ("pourvoi", "24-12.345", "24-12.345"),
        ("pourvoi", "2412345", "24-12.345"),
        ("pourvoi", "Pourvoi n° Q 24-12.345", "24-12.345"),
    ],
)
def test_court_references_are_stored_in_their_canonical_form(kind, written, canonical):
    assert canonical_reference(ReferenceKind(kind), written) == canonical


@pytest.mark.parametrize(("kind", "written"), [("rg", "douze"), ("rg", "24/12"), ("portalis", "24/01234"),
                                               ("administratif", "24/01234"), ("pourvoi", "24/01234")])  # fmt: skip
def test_a_reference_in_no_recognised_form_is_refused_naming_value(kind, written):
    with pytest.raises(InvalidInput) as refused:
        canonical_reference(ReferenceKind(kind), written)
    assert refused.value.field == "value"


def known(side, name, siren="", record_id="k1"):

    return Known(side, record_id, name, name_key(name), siren, "d1", "2025-0001")


def test_names_match_whatever_their_accents_case_and_word_order():
    found = matches([Subject("Hélène DUPONT-Lefèvre", side="client")], [known("adverse", "lefevre dupont helene")])
    assert [(m.match, m.blocking) for m in found] == [("nom", True)]
    assert matches([Subject("Hélène Dupont", side="client")], [known("adverse", "Hélène Durand")]) == []


def test_a_siren_match_wins_over_a_different_name():
    found = matches([Subject("Acme", "732829320", "adverse")], [known("client", "SAS Acme Industries", "732829320")])
    assert [(m.match, m.against, m.blocking) for m in found] == [("siren", "client", True)]


def test_only_opposite_sides_block_and_a_client_never_matches_itself():
    subjects = [Subject("Paul Martin", side="client", own_id="c1")]
    records = [
        known("client", "Paul Martin", record_id="c1"),
        known("client", "Martin Paul", "", "c2"),
        known("autre", "Paul Martin", "", "p1"),
        known("conseil_adverse", "Paul Martin", "", "p2"),
    ]
    found = matches(subjects, records)
    assert [(m.id, m.blocking) for m in found] == [("c2", False), ("p1", False), ("p2", True)]
    assert [m.id for m in blocking(found)] == ["p2"]
    preview = matches([Subject("Paul Martin")], [known("adverse", "Paul Martin")])
    assert [m.blocking for m in preview] == [False]


def test_a_match_in_a_dossier_kept_from_the_actor_is_shown_without_its_dossier_or_record_id():
    hidden = Known("adverse", "p9", "Claire Dupont", name_key("Claire Dupont"), "", "d9", "2025-0009", restricted=True)
    (match,) = matches([Subject("Claire Dupont", side="client")], [hidden])
    assert (match.id, match.dossier_id, match.blocking, match.restricted) == ("p9", "d9", True, True)  # as recorded
    shown = match.seen()
    assert (shown.id, shown.dossier_id, shown.dossier_reference, shown.blocking) == (None, None, None, True)
    (open_match,) = matches([Subject("Claire Dupont", side="client")], [known("adverse", "Claire Dupont")])
    assert open_match.seen() == open_match


def dossier(status, closed_on=None):
    return Dossier(
        "d", "c", "2026-0001", "T", "", status, Visibility.CABINET, None, "", "2026-01-01", closed_on, "", ""
    )


def test_closing_sets_the_date_reopening_clears_it_and_archiving_needs_a_closed_dossier():
    today = "2026-03-02"
    assert status_change(dossier(DossierStatus.OUVERT), DossierStatus.CLOS, None, today) == (DossierStatus.CLOS, today)
    assert status_change(dossier(DossierStatus.CLOS, "2026-02-01"), DossierStatus.OUVERT, None, today) == (
        DossierStatus.OUVERT, None)  # fmt: skip
    assert status_change(dossier(DossierStatus.CLOS, "2026-02-01"), DossierStatus.ARCHIVE, None, today) == (
        DossierStatus.ARCHIVE, "2026-02-01")  # fmt: skip
    with pytest.raises(Conflict):
        status_change(dossier(DossierStatus.OUVERT), DossierStatus.ARCHIVE, None, today)
    with pytest.raises(InvalidInput):
        status_change(dossier(DossierStatus.OUVERT), DossierStatus.OUVERT, "2026-01-01", today)


@pytest.mark.parametrize("closed_on", ["1990-01-01", "2025-12-31", "2026-03-03"])
def test_a_closing_date_before_the_opening_or_in_the_future_is_refused_naming_closed_on(closed_on):
    for status in (DossierStatus.CLOS, DossierStatus.ARCHIVE):
        with pytest.raises(InvalidInput) as refused:
            status_change(dossier(DossierStatus.CLOS, "2026-02-01"), status, closed_on, "2026-03-02")
        assert refused.value.field == "closed_on"


def test_a_closing_date_from_the_opening_to_today_is_kept():
    for closed_on in ("2026-01-01", "2026-03-02"):
        assert status_change(dossier(DossierStatus.OUVERT), DossierStatus.CLOS, closed_on, "2026-03-02") == (
            DossierStatus.CLOS, closed_on)  # fmt: skip


@pytest.mark.parametrize("opened_on", ["0001-01-01", "1989-12-31", "2026-03-03"])
def test_an_opening_date_before_1990_or_in_the_future_is_refused_naming_opened_on(opened_on):
    with pytest.raises(InvalidInput) as refused:
        valid_opened_on(opened_on, "2026-03-02")
    assert refused.value.field == "opened_on"
    assert valid_opened_on("1990-01-01", "2026-03-02") == "1990-01-01"


def test_a_cursor_reads_back_only_in_its_own_list_and_sort():
    cursor = encode_cursor("clients", "name", ["dupont claire", "01J"])
    assert decode_cursor(cursor, "clients", "name", 2) == ["dupont claire", "01J"]
    for listing, sort in (("dossiers", "name"), ("clients", "-created_at")):
        with pytest.raises(InvalidInput) as refused:
            decode_cursor(cursor, listing, sort, 2)
        assert (refused.value.code, refused.value.field) == ("curseur", "cursor")


TAMPERED = [
    {"l": "clients", "s": "name", "k": ["a"]},
    {"l": "clients", "s": "name", "k": [{"x": 1}, "id"]},
    ["clients"],
    {"l": "clients", "s": "name", "k": [True, "id"]},
    {"l": "clients", "s": "name", "k": [10**30, "id"]},
    {"l": "clients", "s": "name", "k": [-(2**53) - 1, "id"]},
    {"l": "clients", "s": "name", "k": ["x" * 501, "id"]},
    {"l": "clients", "s": "name", "k": [1.5, "id"]},
]


@pytest.mark.parametrize("document", TAMPERED)
def test_a_tampered_cursor_is_refused(document):
    forged = base64.urlsafe_b64encode(json.dumps(document).encode()).decode().rstrip("=")
    for cursor in (forged, "pas du base64 !", forged[:-3], "x" * 2000):
        with pytest.raises(InvalidInput) as refused:
            decode_cursor(cursor, "clients", "name", 2)
        assert refused.value.code == "curseur"


def test_a_cursor_key_keeps_integers_within_a_doubles_exact_range():
    for number in (2**53, -(2**53), 0):
        assert decode_cursor(encode_cursor("clients", "name", [number, "id"]), "clients", "name", 2) == [number, "id"]


def test_a_page_has_a_cursor_only_when_a_row_beyond_the_limit_was_read():
    assert page_of([1, 2], 2, "l", "s", lambda n: [n, "id"]).next_cursor is None
    page = page_of([1, 2, 3], 2, "l", "s", lambda n: [n, "id"])
    assert (page.items, decode_cursor(page.next_cursor or "", "l", "s", 2)) == ([1, 2], [2, "id"])
    for limit in (0, 101):
        with pytest.raises(InvalidInput):
            valid_limit(limit)


def test_a_clients_display_and_sort_names_put_the_legal_form_aside():
    company = validated_client(Client("c", "k", ClientKind.LEGAL, "", "", company_name=" SARL  Boulangerie Martin "))
    assert (company.display_name, company.sort_name, company.name_key) == (
        "SARL Boulangerie Martin", "boulangerie martin sarl", "boulangerie martin sarl")  # fmt: skip
    person = validated_client(Client("c", "k", ClientKind.NATURAL, "", "", civility="Mme", first_name="Élodie",
                                     last_name="Lefèvre", emails=("E@X.FR", "e@x.fr")))  # fmt: skip
    assert (person.display_name, person.sort_name, person.emails) == ("Mme Élodie Lefèvre", "lefevre elodie",
                                                                      ("e@x.fr",))  # fmt: skip


@pytest.mark.parametrize(
    ("name", "kind", "first", "last"),
    [("Claire Dupont", "personne_physique", "Claire", "Dupont"), ("M. Jean de La Fontaine", "personne_physique",
      "Jean", "de La Fontaine"), ("Dupont", "personne_physique", "", "Dupont"), ("Société Générale",
      "personne_morale", "", ""), ("SCI Les Tilleuls", "personne_morale", "", "")],
)  # fmt: skip
def test_the_cli_reads_a_legal_form_as_a_company_and_otherwise_a_first_then_last_name(name, kind, first, last):
    client = client_from_name(name, company=False, siren="", emails=[])
    assert (client.kind.value, client.first_name, client.last_name) == (kind, first, last)
