"""The clients' table (d1/clients.py) on SQLite locally and on D1 in the Workers harness: a client reads back as it
was written, with its emails and search entry; pages are keyset-paginated by name (prefix, accent-insensitive) or by
creation; lookups by name key and SIREN find only the cabinet's own."""

from __future__ import annotations

from dataclasses import replace

from d1.clients import Clients
from d1.search_index import SearchIndex
from domain.clients import Address, ClientKind
from tests.contract.dossier_seed import a_client, add_client
from tests.contract.seed import add_cabinet

LATER = "2026-03-03T08:30:00+00:00"


async def test_a_client_reads_back_with_its_addresses_phones_emails_and_a_search_entry(database):
    await add_cabinet(database, "cab1")
    address = Address("12 rue de la Paix", "75002", "Paris", label="Domicile")
    written = await add_client(database, "c1", "cab1", addresses=(address,), phones=("06 12 34 56 78",),
                               emails=("a@exemple.fr", "b@exemple.fr"), notes="Rappeler lundi")  # fmt: skip
    clients = Clients(database, "cab1")
    assert await clients.get("c1") == written
    assert await Clients(database, "cab2").get("c1") is None
    assert await SearchIndex(database, "cab1").count() == 1
    assert (await clients.get("c1")).display_name == "Mme Claire Dupont"  # type: ignore[union-attr]


async def test_an_update_replaces_every_field_and_the_emails(database):
    await add_cabinet(database, "cab1")
    written = await add_client(database, "c1", "cab1")
    clients = Clients(database, "cab1")
    changed = replace(written, last_name="Durand", emails=("claire@durand.fr",), updated_at=LATER)
    await database.batch(clients.update(changed))
    assert await clients.get("c1") == changed
    assert await SearchIndex(database, "cab1").count() == 1


async def test_pages_by_name_follow_the_prefix_and_the_kind_and_end_with_one_row_more_than_the_limit(database):
    await add_cabinet(database, "cab1")
    for number, last_name in enumerate(["Émery", "Dupont", "Durand", "Martin"]):
        await add_client(database, f"c{number}", "cab1", last_name=last_name)
    await add_client(database, "s1", "cab1", kind=ClientKind.LEGAL, company_name="SARL Dumas", last_name="")
    clients = Clients(database, "cab1")
    first = await clients.page(q="du", kind=None, sort="name", limit=1, after=None)
    assert [c.display_name for c in first] == ["SARL Dumas", "Mme Claire Dupont"]  # the limit, and one more
    everyone = await clients.page(q="", kind=None, sort="name", limit=10, after=None)
    assert [c.display_name for c in everyone] == [
        "SARL Dumas", "Mme Claire Dupont", "Mme Claire Durand", "Mme Claire Émery", "Mme Claire Martin",
    ]  # fmt: skip
    prefixed = await clients.page(q="du", kind=ClientKind.NATURAL, sort="name", limit=1, after=None)
    assert [c.last_name for c in prefixed] == ["Dupont", "Durand"]
    after = await clients.page(q="du", kind=ClientKind.NATURAL, sort="name", limit=1,
                               after=[prefixed[0].sort_name, prefixed[0].id])  # fmt: skip
    assert [c.last_name for c in after] == ["Durand"]
    accents = await clients.page(q="emery", kind=None, sort="name", limit=5, after=None)
    assert [c.last_name for c in accents] == ["Émery"]


async def test_pages_by_creation_are_newest_first_with_the_id_breaking_ties(database):
    await add_cabinet(database, "cab1")
    await add_client(database, "a", "cab1", created_at="2026-01-01T00:00:00+00:00")
    await add_client(database, "b", "cab1", created_at="2026-01-02T00:00:00+00:00")
    await add_client(database, "c", "cab1", created_at="2026-01-02T00:00:00+00:00")
    clients = Clients(database, "cab1")
    first = await clients.page(q="", kind=None, sort="-created_at", limit=2, after=None)
    assert [c.id for c in first] == ["c", "b", "a"]
    rest = await clients.page(q="", kind=None, sort="-created_at", limit=2, after=[first[1].created_at, first[1].id])
    assert [c.id for c in rest] == ["a"]


async def test_named_and_matching_find_only_the_cabinets_own_clients(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await add_client(database, "c1", "cab1")
    await add_client(database, "s1", "cab1", kind=ClientKind.LEGAL, company_name="SAS Acme", siren="732829320")
    await add_client(database, "c2", "cab2")
    clients = Clients(database, "cab1")
    assert [c.id for c in await clients.named(["c1", "c2", "zz"])] == ["c1"]
    assert await clients.named([]) == []
    found = await clients.matching(["claire dupont"], ["732829320"])
    assert [(k.id, k.side, k.name) for k in found] == [("c1", "client", "Mme Claire Dupont"),
                                                       ("s1", "client", "SAS Acme")]  # fmt: skip
    assert await clients.matching([], []) == []
    assert a_client("x", "cab1").name_key == "claire dupont"
