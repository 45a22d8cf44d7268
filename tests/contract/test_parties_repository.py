"""Parties, court references and conflict checks (d1/parties.py, d1/court_references.py, d1/conflict_checks.py) on
SQLite locally and on D1 in the Workers harness."""

from __future__ import annotations

from dataclasses import replace

from d1.conflict_checks import ConflictChecks
from d1.court_references import CourtReferences
from d1.database import ConstraintViolation
from d1.parties import Parties
from d1.search_index import SearchIndex
from domain.actors import SYSTEM, Actor, Role
from domain.clients import ClientKind
from domain.conflicts import ConflictCheck, ConflictMatch, Subject
from domain.dossiers import CourtReference, Party, PartyRole, ReferenceKind, Visibility
from tests.contract.dossier_seed import NOW, add_client, add_dossier
from tests.contract.expect import raises
from tests.contract.seed import add_cabinet


async def seeded(database) -> None:
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await add_client(database, "c1", "cab1")
    await add_dossier(database, "d1", "cab1", ["c1"])


def adverse(party_id: str, **changes) -> Party:
    fields = {"role": PartyRole.ADVERSE, "kind": ClientKind.LEGAL, "name": "SCI Les Tilleuls", "siren": "732829320",
              "emails": ("gerant@tilleuls.fr", "contact@tilleuls.fr")} | changes  # fmt: skip
    return Party(party_id, "cab1", "d1", created_at=NOW, **fields)


async def test_a_party_reads_back_with_its_emails_and_is_removed_with_its_search_entry(database):
    await seeded(database)
    parties = Parties(database, "cab1")
    counsel = adverse("p2", role=PartyRole.CONSEIL_ADVERSE, kind=ClientKind.NATURAL, name="Me Jean Conseil", siren="",
                      emails=(), represents_id="p1")  # fmt: skip
    await database.batch([*parties.insert(adverse("p1")), *parties.insert(counsel)])
    read = await parties.get("d1", "p1")
    assert read == adverse("p1", emails=("contact@tilleuls.fr", "gerant@tilleuls.fr"))
    assert await parties.get("other-dossier", "p1") is None
    assert await Parties(database, "cab2").get("d1", "p1") is None
    assert await SearchIndex(database, "cab1").count() == 4  # the client, the dossier, two parties
    await database.batch(parties.remove(adverse("p1")))
    assert await parties.get("d1", "p1") is None
    assert (await parties.get("d1", "p2")).represents_id is None  # type: ignore[union-attr]
    assert await SearchIndex(database, "cab1").count() == 3


async def test_parties_match_by_name_key_or_siren_with_their_dossier(database):
    await seeded(database)
    parties = Parties(database, "cab1")
    await database.batch([*parties.insert(adverse("p1")), *parties.insert(adverse("p2", name="Jean Dupont",
                                                                                   siren=""))])  # fmt: skip
    by_siren = await parties.matching(SYSTEM, [], ["732829320"])
    assert [(k.id, k.side, k.dossier_reference, k.restricted) for k in by_siren] == [
        ("p1", "adverse", "2026-0001", False)]  # fmt: skip
    by_name = await parties.matching(SYSTEM, ["dupont jean"], [])
    assert [k.id for k in by_name] == ["p2"]
    assert await Parties(database, "cab2").matching(SYSTEM, ["dupont jean"], ["732829320"]) == []


async def test_a_party_in_a_dossier_kept_from_the_actor_still_matches_but_marked_restricted(database):
    await seeded(database)
    await add_dossier(database, "d2", "cab1", ["c1"], visibility=Visibility.EQUIPE, responsible_id=None)
    parties = Parties(database, "cab1")
    await database.batch([*parties.insert(adverse("p1")), *parties.insert(replace(adverse("p2"), dossier_id="d2"))])
    outsider, associe = Actor("person", "someone", Role.COLLABORATEUR), Actor("person", "boss", Role.ASSOCIE)
    found = await parties.matching(outsider, [], ["732829320"])
    assert {(k.id, k.dossier_id, k.restricted) for k in found} == {("p1", "d1", False), ("p2", "d2", True)}
    assert not any(k.restricted for k in await parties.matching(associe, [], ["732829320"]))


async def test_a_court_reference_is_kept_once_per_dossier_and_found_by_its_compact_form(database):
    await seeded(database)
    references = CourtReferences(database, "cab1")
    rg = CourtReference("r1", "cab1", "d1", ReferenceKind.RG, "24/01234", NOW, "TJ Paris")
    await database.batch([references.insert(rg)])
    assert await references.get("d1", "r1") == rg
    assert await references.get("d2", "r1") is None
    assert await references.dossiers_with("24-01234") == ["d1"]
    assert await CourtReferences(database, "cab2").dossiers_with("24/01234") == []
    with raises(ConstraintViolation):
        await database.batch([references.insert(CourtReference("r2", "cab1", "d1", ReferenceKind.RG, "24/01234", NOW))])
    await database.batch([references.remove("d1", "r1")])
    assert await references.get("d1", "r1") is None


async def test_a_conflict_check_reads_back_with_its_subjects_matches_and_decision(database):
    await seeded(database)
    checks = ConflictChecks(database, "cab1")
    match = ConflictMatch("Claire Dupont", "nom", "adverse", "p9", "Claire Dupont", "d9", "2025-0003", True)
    check = ConflictCheck("k1", "cab1", "d1", (Subject("Claire Dupont", "", "client", "c1"),), (match,),
                          "person:lawyer", NOW)  # fmt: skip
    clean = ConflictCheck("k2", "cab1", "d1", (Subject("Paul Martin"),), (), "person:lawyer", "2026-03-03T00:00:00")
    await database.batch([checks.record(check), checks.record(clean)])
    assert await checks.of_dossier("d1") == [check, clean]
    assert [c.decision for c in await checks.of_dossier("d1")] == ["confirme", "aucun"]
    assert await ConflictChecks(database, "cab2").of_dossier("d1") == []
