"""The documents repository (d1/documents.py) on SQLite locally and on D1 in the Workers harness: a document with
its versions and tags, pages by dossier, tag and sort with keyset cursors, what the actor may see of `equipe`
dossiers, soft deletion, text status and the search entry guard, lookups by digest, and never another cabinet's."""

from __future__ import annotations

from dataclasses import replace

from d1.database import ConstraintViolation
from d1.documents import DocumentFilter, Documents
from d1.erasure import Erasure
from d1.search_index import SearchEntry, SearchIndex, SearchKind
from domain.actors import SYSTEM, Actor, Role
from domain.documents import Document, DocumentVersion, TextStatus, blob_key
from tests.contract.expect import raises
from tests.contract.seed import add_cabinet
from tests.contract.test_dossier_access import dossier

NOW = "2026-03-02T08:30:00+00:00"
LATER = "2026-03-02T09:30:00+00:00"
AVOCAT = Actor("person", "someone", Role.AVOCAT)


def a_document(document_id: str, dossier_id: str | None, created_at: str = NOW, **changes) -> Document:
    key = blob_key("cab1", document_id, 1, "up1")
    pdf = "application/pdf"
    version = DocumentVersion(document_id, 1, f"{document_id}.pdf", key, 1234, "ab" * 32, pdf, pdf,
                              TextStatus.PENDING, "lawyer", created_at)  # fmt: skip
    document = Document(document_id, "cab1", dossier_id, f"Titre {document_id}", ("pièces",), version, "lawyer",
                        created_at, created_at)  # fmt: skip
    return replace(document, **changes)


async def seeded(database) -> Documents:
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await database.batch([
        dossier("open", "cab1", 1, "cabinet", None),
        dossier("kept", "cab1", 2, "equipe", "lawyer"),
        dossier("other", "cab2", 1, "cabinet", None),
    ])  # fmt: skip
    return Documents(database, "cab1")


async def test_a_document_is_read_back_with_its_current_version_tags_and_every_version(database):
    documents = await seeded(database)
    first = a_document("doc1", "open", tags=("pièces", "expertise"))
    await database.batch(documents.insert(first))
    second = replace(first.current, version=2, file_name="doc1-v2.pdf", sha256="cd" * 32, uploaded_at=LATER,
                     blob_key=blob_key("cab1", "doc1", 2, "up2"))  # fmt: skip
    await database.batch(documents.add_version(second))
    found = await documents.get(AVOCAT, "doc1")
    assert found is not None
    assert (found.title, found.tags, found.dossier_id) == ("Titre doc1", ("expertise", "pièces"), "open")
    assert found.current == second
    assert found.updated_at == LATER
    assert [v.version for v in await documents.versions("doc1")] == [2, 1]
    assert await documents.with_versions(AVOCAT, "doc1") == (found, [second, first.current])
    assert await documents.with_versions(AVOCAT, "unknown") is None
    await database.batch(documents.set_tags("doc1", ("jugement",)))
    await database.batch([documents.set_title("doc1", "Jugement du 3 mars", LATER)])
    found = await documents.get(AVOCAT, "doc1")
    assert found is not None
    assert (found.title, found.tags) == ("Jugement du 3 mars", ("jugement",))


async def test_a_version_number_taken_first_by_another_upload_is_refused(database):
    documents = await seeded(database)
    await database.batch(documents.insert(a_document("doc1", "open")))
    with raises(ConstraintViolation):
        await database.batch(documents.add_version(a_document("doc1", "open").current))
    assert [v.version for v in await documents.versions("doc1")] == [1]


async def test_a_document_of_a_dossier_gone_meanwhile_and_a_version_of_a_deleted_document_write_nothing(database):
    documents = await seeded(database)
    results = await database.batch(documents.insert(a_document("doc1", "erased", tags=("pièces",))))
    assert [r.changes for r in results[:2]] == [0, 0]
    assert await database.first("SELECT 1 FROM document_tags WHERE cabinet_id = 'cab1'") is None
    assert await documents.versions("doc1") == []
    await database.batch(documents.insert(a_document("doc2", "open")))
    await database.batch([documents.soft_delete("doc2", "lawyer", LATER)])
    second = replace(a_document("doc2", "open").current, version=2, blob_key=blob_key("cab1", "doc2", 2, "up2"))
    added = await database.batch(documents.add_version(second))
    assert [r.changes for r in added] == [0, 0]
    assert await database.first(documents.recorded(second).sql, *documents.recorded(second).params) is None
    await database.batch(documents.set_tags("doc2", ("jugement",)))
    assert await database.first("SELECT 1 FROM document_tags WHERE cabinet_id = 'cab1'") is None


async def test_the_version_an_upload_recorded_is_found_by_its_own_blob_key(database):
    documents = await seeded(database)
    first = a_document("doc1", "open")
    await database.batch(documents.insert(first))
    assert await database.first(documents.recorded(first.current).sql, *documents.recorded(first.current).params)
    rival = replace(first.current, blob_key=blob_key("cab1", "doc1", 1, "other"))
    assert await database.first(documents.recorded(rival).sql, *documents.recorded(rival).params) is None


async def test_pages_follow_the_sort_with_cursors_and_filter_by_dossier_and_tag(database):
    documents = await seeded(database)
    times = ["2026-03-01T08:00:00+00:00", "2026-03-02T08:00:00+00:00", "2026-03-03T08:00:00+00:00"]
    for name, title, at in zip(("a", "b", "c"), ("Zèbre", "Alpha", "Mémo"), times, strict=True):
        await database.batch(documents.insert(a_document(name, "open", at, title=title, tags=(f"tag-{name}",))))
    await database.batch(documents.insert(a_document("loose", None, NOW, title="Sans dossier")))
    first = await documents.page(AVOCAT, DocumentFilter(dossier_id="open"), "-created_at", 2, None)
    assert [d.id for d in first] == ["c", "b", "a"]  # limit + 1: the third says a next page exists
    rest = await documents.page(AVOCAT, DocumentFilter(dossier_id="open"), "-created_at", 2, (times[1], "b"))
    assert [d.id for d in rest] == ["a"]
    by_title = await documents.page(AVOCAT, DocumentFilter(), "title", 10, None)
    assert [d.title for d in by_title] == ["Alpha", "Mémo", "Sans dossier", "Zèbre"]
    after = await documents.page(AVOCAT, DocumentFilter(), "title", 10, ("Mémo", "c"))
    assert [d.id for d in after] == ["loose", "a"]
    tagged = await documents.page(AVOCAT, DocumentFilter(tag="tag-b"), "-created_at", 10, None)
    assert [d.id for d in tagged] == ["b"]


async def test_documents_of_a_dossier_kept_to_its_team_are_hidden_from_others_and_other_cabinets_see_none(database):
    documents = await seeded(database)
    await database.batch(documents.insert(a_document("secret", "kept")))
    await database.batch(documents.insert(a_document("public", "open")))
    assert await documents.get(AVOCAT, "secret") is None
    assert await documents.get(Actor("person", "lawyer", Role.AVOCAT), "secret") is not None
    assert await documents.get(Actor("person", "boss", Role.ASSOCIE), "secret") is not None
    listed = await documents.page(AVOCAT, DocumentFilter(), "-created_at", 10, None)
    assert [d.id for d in listed] == ["public"]
    other = Documents(database, "cab2")
    assert await other.get(SYSTEM, "public") is None
    assert await other.page(SYSTEM, DocumentFilter(), "-created_at", 10, None) == []
    assert await other.versions("public") == []
    assert await other.by_sha256("ab" * 32) == []


async def test_a_soft_deleted_document_is_gone_from_reads_but_its_versions_remain_findable_by_digest(database):
    documents = await seeded(database)
    await database.batch(documents.insert(a_document("doc1", "open")))
    results = await database.batch([documents.soft_delete("doc1", "lawyer", LATER)])
    assert results[0].changes == 1
    this_deletion = documents.deleted_by("doc1", "lawyer", LATER)
    assert await database.first(this_deletion.sql, *this_deletion.params) is not None
    another = documents.deleted_by("doc1", "someone-else", LATER)
    assert await database.first(another.sql, *another.params) is None
    assert await documents.get(SYSTEM, "doc1") is None
    assert await documents.page(SYSTEM, DocumentFilter(), "-created_at", 10, None) == []
    again = await database.batch([documents.soft_delete("doc1", "lawyer", LATER)])
    assert again[0].changes == 0
    found = await documents.by_sha256("ab" * 32)
    assert [(f.document_id, f.version, f.blob_key) for f in found] == [
        ("doc1", 1, "cabinets/cab1/documents/doc1/v1-up1")
    ]


async def test_the_text_status_and_search_entry_of_a_stale_version_are_not_kept(database):
    documents = await seeded(database)
    index = SearchIndex(database, "cab1")
    await database.batch(documents.insert(a_document("doc1", "open")))
    entry = SearchEntry(SearchKind.DOCUMENT, "doc1", "open", "Titre doc1", "Le tribunal condamne")
    await database.batch([
        index.put(entry, LATER, only_if=documents.text_current("doc1", 1)),
        documents.set_text_status("doc1", 1, TextStatus.EXTRACTED),
    ])  # fmt: skip
    assert await index.count() == 1
    await database.batch([documents.retitle_search_entry("doc1", "Jugement définitif")])
    titled = await database.first("SELECT title FROM search_entries WHERE cabinet_id = 'cab1' AND subject_id = 'doc1'")
    assert titled is not None
    assert titled["title"] == "Jugement définitif"
    found = await documents.get(SYSTEM, "doc1")
    assert found is not None
    assert found.current.text_status is TextStatus.EXTRACTED
    await database.batch([index.remove(SearchKind.DOCUMENT, "doc1")])
    await database.batch([index.put(entry, LATER, only_if=documents.text_current("doc1", 2))])
    assert await index.count() == 0  # not the current version
    await database.batch([documents.soft_delete("doc1", "lawyer", LATER)])
    await database.batch([index.put(entry, LATER, only_if=documents.text_current("doc1", 1))])
    assert await index.count() == 0  # a late job does not index a deleted document
    await database.batch(Erasure(database, "cab1").dossier("open"))
    await database.batch([index.put(entry, LATER, only_if=documents.text_current("doc1", 1))])
    assert await index.count() == 0  # nor one whose rows are gone


async def test_a_late_text_job_of_an_older_version_leaves_the_current_versions_entry_alone(database):
    documents = await seeded(database)
    index = SearchIndex(database, "cab1")
    first = a_document("doc1", "open")
    await database.batch(documents.insert(first))
    await database.batch(documents.add_version(replace(first.current, version=2, blob_key="k2")))
    current = SearchEntry(SearchKind.DOCUMENT, "doc1", "open", "Titre doc1", "texte de la version deux")
    await database.batch([index.put(current, LATER, only_if=documents.text_current("doc1", 2))])
    late = SearchEntry(SearchKind.DOCUMENT, "doc1", "open", "Titre doc1", "texte de la version une")
    await database.batch([index.put(late, LATER, only_if=documents.text_current("doc1", 1))])
    kept = await database.all("SELECT body FROM search_entries WHERE cabinet_id = 'cab1' AND subject_id = 'doc1'")
    assert [row["body"] for row in kept] == ["texte de la version deux"]
    await database.batch([documents.soft_delete("doc1", "lawyer", LATER)])
    await database.batch([index.remove(SearchKind.DOCUMENT, "doc1")])
    await database.batch([index.put(current, LATER, only_if=documents.text_current("doc1", 2))])
    assert await index.count() == 0  # nor is a deleted document indexed again


async def test_a_document_of_another_cabinet_cannot_be_written_through_this_one(database):
    documents = await seeded(database)
    with raises(ValueError):
        documents.insert(a_document("doc1", "open", cabinet_id="cab2"))
    assert await documents.get(SYSTEM, "doc1") is None
