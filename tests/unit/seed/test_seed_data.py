"""The seed's French data generators (local/seed_data.py): the formats the product checks are respected (SIREN,
court references, postal codes), and the same seed gives the same data."""

from __future__ import annotations

import random
import re
from datetime import date

from domain.clients import valid_siren
from domain.dossiers import ReferenceKind, canonical_reference
from local.seed_data import FrenchData, luhn_valid, siren
from local.seed_words import CITIES

TODAY = date(2026, 12, 2)


def data(seed: int = 1) -> FrenchData:
    return FrenchData(random.Random(seed), TODAY)


def test_every_generated_siren_passes_the_luhn_check_the_api_applies():
    rng = random.Random(5)
    numbers = [siren(rng) for _ in range(500)]
    assert all(len(number) == 9 and luhn_valid(number) for number in numbers)
    assert [valid_siren(number) for number in numbers[:50]] == numbers[:50]
    assert not luhn_valid("123456780")


def test_court_references_are_already_in_the_canonical_form_the_api_stores():
    source = data()
    plans = [source.dossier("Claire Dupont") for _ in range(400)]
    references = [reference for plan in plans for reference in plan.references]
    assert {kind for kind, _, _ in references} >= {"rg", "portalis"}
    for kind, value, _ in references:
        assert canonical_reference(ReferenceKind(kind), value) == value
    rg = [value for kind, value, _ in references if kind == "rg"]
    assert all(re.fullmatch(r"\d{2}/\d{5}", value) for value in rg)


def test_dossiers_have_parties_counsel_for_the_adverse_party_and_dates_up_to_today():
    source = data(2)
    plans = [source.dossier("SARL Martin") for _ in range(200)]
    assert all(plan.opened_on <= TODAY for plan in plans)
    assert all((plan.closed_on is None) == (plan.status in ("ouvert", "en_attente")) for plan in plans)
    counsel = [party for plan in plans for party in plan.parties if party.role == "conseil_adverse"]
    assert counsel
    assert all(party.represents == 0 and party.name.startswith("Maître ") for party in counsel)


def test_clients_have_a_real_city_with_its_postal_code_a_phone_and_an_email():
    source = data(3)
    clients = [source.client() for _ in range(200)]
    for client in clients:
        (address,) = client["addresses"]  # type: ignore[misc]
        assert (address["city"], address["postal_code"]) in CITIES
        assert re.fullmatch(r"0\d( \d{2}){4}", client["phones"][0])  # type: ignore[index]
        assert re.fullmatch(r"[a-z0-9.]+@[a-z0-9.-]+\.[a-z]+", client["emails"][0])  # type: ignore[index]
    kinds = {client["kind"] for client in clients}
    assert kinds == {"personne_physique", "personne_morale"}


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first = [data(9).client() for _ in range(3)], data(9).dossier("X")
    assert first == ([data(9).client() for _ in range(3)], data(9).dossier("X"))
    assert data(9).client() != data(10).client()
