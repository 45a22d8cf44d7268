"""The dossiers' tables (d1/dossiers.py) on SQLite locally and on D1 in the Workers harness: references numbered per
cabinet and year with no gap and no duplicate even when created concurrently; a dossier read in one query with its
clients, team, parties and references; pages filtered by what the actor may see, by status, client, responsible
lawyer and text, in every sort; and the search entry kept with each write."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from d1.database import Statement
from d1.dossiers import Dossiers
from d1.parties import Parties
from d1.search_index import SearchIndex
from domain.actors import SYSTEM, Actor, Role
from domain.clients import ClientKind
from domain.dossiers import DossierStatus, Party, PartyRole, Visibility
from tests.contract.dossier_seed import NOW, a_dossier, add_client, add_dossier
from tests.contract.seed import add_cabinet, add_person

ASSOCIE = Actor("person", "boss", Role.ASSOCIE)
AVOCAT = Actor("person", "lawyer", Role.AVOCAT)
OUTSIDER = Actor("person", "outsider", Role.AVOCAT)


async def test_twenty_dossiers_created_concurrently_are_numbered_without_gap_or_duplicate(database):
    await add_cabinet(database, "cab1")
    await add_client(database, "c1", "cab1")
    dossiers = Dossiers(database, "cab1")

    async def create(number: int) -> None:
        dossier = a_dossier(f"d{number:02d}", "cab1")
        await database.batch([*dossiers.insert(dossier, ["c1"], []), dossiers.index_new(dossier.id, "", [], NOW)])

    await asyncio.gather(*(create(number) for number in range(20)))
    page = await dossiers.page(SYSTEM, filters={}, sort="reference", limit=50, after=None)
    assert [view.dossier.reference for view in page] == [f"2026-{n:04d}" for n in range(1, 21)]
    assert await SearchIndex(database, "cab1").count() == 21  # and the client's


async def test_numbering_is_per_cabinet_and_per_year_of_opening(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await add_client(database, "c1", "cab1")
    await add_client(database, "c2", "cab2")
    first = await add_dossier(database, "d1", "cab1", ["c1"])
    other = await add_dossier(database, "d2", "cab2", ["c2"])
    next_year = await add_dossier(database, "d3", "cab1", ["c1"], opened_on="2027-01-04")
    second = await add_dossier(database, "d4", "cab1", ["c1"])
    refs = [v.dossier.reference for v in (first, other, next_year, second)]
    assert refs == ["2026-0001", "2026-0001", "2027-0001", "2026-0002"]


async def test_a_dossier_reads_back_in_full_with_clients_team_parties_and_references(database):
    await add_cabinet(database, "cab1")
    await add_person(database, "lawyer", "cab1", name="Me Paul Avocat")
    await add_person(database, "mate", "cab1", name="Léa Assistante")
    await add_client(database, "c1", "cab1")
    await add_client(database, "c2", "cab1", last_name="Arnaud")
    await add_dossier(database, "d1", "cab1", ["c1", "c2"], ["mate"], responsible_id="lawyer")
    party = Party("p1", "cab1", "d1", PartyRole.ADVERSE, ClientKind.LEGAL, "SCI Les Tilleuls", NOW,
                  siren="732829320", emails=("gerant@tilleuls.fr",))  # fmt: skip
    await database.batch(Parties(database, "cab1").insert(party))
    view = await Dossiers(database, "cab1").get(AVOCAT, "d1")
    assert view is not None
    assert (view.dossier.reference, view.responsible and view.responsible.name) == ("2026-0001", "Me Paul Avocat")
    assert [c.display_name for c in view.clients] == ["Mme Claire Arnaud", "Mme Claire Dupont"]
    assert [p.name for p in view.team] == ["Léa Assistante"]
    assert view.parties == (party,)
    assert view.court_references == ()
    assert await Dossiers(database, "cab2").get(SYSTEM, "d1") is None


async def test_a_dossier_kept_to_its_team_is_read_and_listed_only_by_those_who_may_see_it(database):
    await add_cabinet(database, "cab1")
    await add_client(database, "c1", "cab1")
    await add_dossier(database, "open", "cab1", ["c1"])
    await add_dossier(database, "kept", "cab1", ["c1"], visibility=Visibility.EQUIPE, responsible_id="lawyer")
    dossiers = Dossiers(database, "cab1")
    assert await dossiers.get(OUTSIDER, "kept") is None
    assert await dossiers.get(AVOCAT, "kept") is not None
    for actor, expected in ((OUTSIDER, ["open"]), (AVOCAT, ["kept", "open"]), (ASSOCIE, ["kept", "open"])):
        page = await dossiers.page(actor, filters={}, sort="title", limit=10, after=None)
        assert sorted(v.dossier.id for v in page) == expected
        assert sorted(v.dossier.id for v in await dossiers.of_client(actor, "c1")) == expected


async def test_pages_filter_by_status_client_responsible_and_text_in_every_sort(database):
    await add_cabinet(database, "cab1")
    await add_client(database, "c1", "cab1")
    await add_client(database, "c2", "cab1")
    await add_dossier(database, "a", "cab1", ["c1"], title="Bail Tilleuls", opened_on="2026-01-10")
    await add_dossier(database, "b", "cab1", ["c2"], title="Divorce Martin", opened_on="2026-02-10",
                      responsible_id="lawyer")  # fmt: skip
    await add_dossier(database, "c", "cab1", ["c1", "c2"], title="Appel 100% urgent", opened_on="2026-03-10",
                      status=DossierStatus.EN_ATTENTE)  # fmt: skip
    dossiers = Dossiers(database, "cab1")

    async def ids(sort: str = "reference", **filters: str) -> list[str]:
        return [v.dossier.id for v in await dossiers.page(SYSTEM, filters=filters, sort=sort, limit=10, after=None)]

    assert await ids() == ["a", "b", "c"]
    assert await ids("-reference") == ["c", "b", "a"]
    assert await ids("-opened_on") == ["c", "b", "a"]
    assert await ids("title") == ["c", "a", "b"]
    assert await ids(status="en_attente") == ["c"]
    assert await ids(client_id="c2") == ["b", "c"]
    assert await ids(responsible_id="lawyer") == ["b"]
    assert await ids(q="tilleul") == ["a"]
    assert await ids(q="2026-0002") == ["b"]
    assert await ids(q="100%") == ["c"]
    assert await ids(q="_") == []
    first = await dossiers.page(SYSTEM, filters={}, sort="-opened_on", limit=1, after=None)
    assert [v.dossier.id for v in first] == ["c", "b"]
    rest = await dossiers.page(SYSTEM, filters={}, sort="-opened_on", limit=1, after=["2026-02-10", "b"])
    assert [v.dossier.id for v in rest] == ["a"]


async def test_updates_team_and_clients_change_the_dossier_and_its_last_client_stays(database):
    await add_cabinet(database, "cab1")
    await add_person(database, "mate", "cab1", name="Léa")
    await add_client(database, "c1", "cab1")
    await add_client(database, "c2", "cab1", last_name="Arnaud")
    view = await add_dossier(database, "d1", "cab1", ["c1"])
    dossiers = Dossiers(database, "cab1")
    closed = replace(view.dossier, title="Bail clos", status=DossierStatus.CLOS, closed_on="2026-06-01")
    await database.batch([dossiers.update(closed), *dossiers.set_team("d1", ["mate", "mate"])])
    await database.batch([dossiers.add_client("d1", "c2"), dossiers.add_client("d1", "c2")])
    after = await dossiers.get(SYSTEM, "d1")
    assert after is not None
    assert (after.dossier.title, after.dossier.status, after.dossier.closed_on) == ("Bail clos", DossierStatus.CLOS,
                                                                                     "2026-06-01")  # fmt: skip
    assert [p.id for p in after.team] == ["mate"]
    assert [c.id for c in after.clients] == ["c2", "c1"]
    removed = await database.batch([dossiers.remove_client("d1", "c1")])
    assert removed[0].changes == 1
    kept = await database.batch([dossiers.remove_client("d1", "c2")])
    assert kept[0].changes == 0
    assert await dossiers.people_named(["mate", "nobody"]) == [after.team[0]]
    assert await dossiers.people_named([]) == []


async def test_the_search_entry_finds_the_dossier_by_reference_in_any_punctuation_and_by_client(database):
    from tests.contract.test_search_index_repository import matching

    await add_cabinet(database, "cab1")
    await add_client(database, "c1", "cab1", last_name="Lefèvre")
    dossiers = Dossiers(database, "cab1")
    dossier = a_dossier("d1", "cab1")
    await database.batch([*dossiers.insert(dossier, ["c1"], []),
                          dossiers.index_new("d1", "Baux commerciaux Lefèvre", ["24/01234"], NOW)])  # fmt: skip
    for query in ('"2026 0001"', "20260001", "20261", "2401234", "lefevre"):
        assert "d1" in await matching(database, "cab1", query), query
    view = await dossiers.get(SYSTEM, "d1")
    assert view is not None
    await database.batch([dossiers.index(replace(view, dossier=replace(view.dossier, title="Renommé")), NOW)])
    assert await matching(database, "cab1", "renomme") == ["d1"]
    assert await SearchIndex(database, "cab1").count() == 2  # the client's and the dossier's


async def test_a_dossiers_entry_rebuilt_from_its_rows_loses_an_unlinked_clients_name_and_keeps_the_rest(database):
    from tests.contract.test_search_index_repository import matching

    await add_cabinet(database, "cab1")
    await add_client(database, "c1", "cab1", last_name="Lefèvre")
    await add_client(database, "c2", "cab1", last_name="Moreau")
    dossiers = Dossiers(database, "cab1")
    await database.batch([*dossiers.insert(a_dossier("d1", "cab1"), ["c1", "c2"], []),
                          dossiers.index_new("d1", "Baux commerciaux Lefèvre Moreau", ["24/01234"], NOW)])  # fmt: skip
    await database.batch([
        Statement("DELETE FROM dossier_clients WHERE cabinet_id = 'cab1' AND dossier_id = 'd1' AND client_id = 'c1'"),
        dossiers.reindex_clients("d1", "2026-03-03T10:00:00+00:00"),
        dossiers.reindex_clients("gone", "2026-03-03T10:00:00+00:00"),  # no entry: nothing written
    ])  # fmt: skip
    assert "d1" not in await matching(database, "cab1", "lefevre")
    for query in ("moreau", "2401234", "20261"):
        assert "d1" in await matching(database, "cab1", query), query
    entry = await database.first("SELECT body, updated_at FROM search_entries WHERE subject_id = 'd1'")
    assert entry["updated_at"] == "2026-03-03T10:00:00+00:00"
    assert "Lefèvre" not in entry["body"]
    assert await SearchIndex(database, "cab1").count() == 3
