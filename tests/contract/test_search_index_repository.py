"""The full-text index's write side (d1/search_index.py) on SQLite locally and on D1 in the Workers harness: an
entry is replaced when its object changes, removed with it, and the FTS5 index follows through the triggers —
accent-insensitive, with references found whatever their punctuation, and never across cabinets."""

from __future__ import annotations

from d1.search_index import SearchEntry, SearchIndex, SearchKind, tenant_token
from tests.contract.seed import add_cabinet

NOW = "2026-03-02T08:30:00+00:00"
LATER = "2026-03-02T09:30:00+00:00"


async def matching(database, cabinet_id: str, query: str) -> list[str]:
    rows = await database.all(
        "SELECT e.subject_id FROM search_index JOIN search_entries e ON e.rowid = search_index.rowid"
        " WHERE search_index MATCH ? ORDER BY e.subject_id",
        f"tenant:{tenant_token(cabinet_id)} AND ({query})",
    )
    return [row["subject_id"] for row in rows]


async def test_an_entry_is_found_by_its_words_without_accents_and_by_its_reference_in_any_punctuation(database):
    await add_cabinet(database, "cab1")
    index = SearchIndex(database, "cab1")
    entry = SearchEntry(SearchKind.DOSSIER, "d1", "d1", "Société Générale c/ Dupont", "Référé", ("24/01234",))
    await database.batch([index.put(entry, NOW)])
    assert await matching(database, "cab1", "societe AND generale") == ["d1"]
    assert await matching(database, "cab1", "REFERE") == ["d1"]
    assert await matching(database, "cab1", '"24 01234"') == ["d1"]
    assert await matching(database, "cab1", "2401234") == ["d1"]
    assert await index.count() == 1


async def test_putting_an_entry_again_replaces_it_and_removing_it_empties_the_index(database):
    await add_cabinet(database, "cab1")
    index = SearchIndex(database, "cab1")
    await database.batch([index.put(SearchEntry(SearchKind.CLIENT, "c1", None, "Claire Martin"), NOW)])
    await database.batch([index.put(SearchEntry(SearchKind.CLIENT, "c1", None, "Claire Durand"), LATER)])
    assert await matching(database, "cab1", "martin") == []
    assert await matching(database, "cab1", "durand") == ["c1"]
    assert await index.count() == 1
    await database.batch([index.remove(SearchKind.CLIENT, "c1")])
    assert await matching(database, "cab1", "durand") == []
    assert await index.count() == 0


async def test_removing_a_dossier_removes_every_entry_filed_under_it_and_only_those(database):
    await add_cabinet(database, "cab1")
    index = SearchIndex(database, "cab1")
    await database.batch([
        index.put(SearchEntry(SearchKind.DOSSIER, "d1", "d1", "Bail commercial"), NOW),
        index.put(SearchEntry(SearchKind.PARTY, "p1", "d1", "SCI Les Tilleuls"), NOW),
        index.put(SearchEntry(SearchKind.DOCUMENT, "doc1", "d1", "Assignation", "bail commercial"), NOW),
        index.put(SearchEntry(SearchKind.DOSSIER, "d2", "d2", "Autre bail commercial"), NOW),
    ])  # fmt: skip
    await database.batch([index.remove_dossier("d1")])
    assert await matching(database, "cab1", "bail") == ["d2"]


async def test_one_cabinets_entries_never_match_in_another_cabinet(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await database.batch([SearchIndex(database, "cab1").put(SearchEntry(SearchKind.CLIENT, "c1", None, "Dupont"), NOW)])
    await database.batch([SearchIndex(database, "cab2").put(SearchEntry(SearchKind.CLIENT, "c2", None, "Dupont"), NOW)])
    assert await matching(database, "cab1", "dupont") == ["c1"]
    assert await matching(database, "cab2", "dupont") == ["c2"]
    assert await SearchIndex(database, "cab2").count() == 1
