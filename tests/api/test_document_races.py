"""Documents uploaded while something else happens to them (docs/dossiers.md, Documents): two new versions of one
document at once, an upload overlapping its dossier's erasure. The bodies are slow streams, so the uploads
interleave with each other (or with the erasure) between chunks, as concurrent requests do."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable

from d1.search_index import SearchIndex
from domain.actors import SYSTEM
from domain.documents import Document
from domain.errors import Conflict, NotFound
from services.documents import Upload, delete_document, upload_document, upload_version
from services.scope import CabinetScope
from tests.api.client import ApiClient
from tests.api.document_seed import run_text_job, uploaded
from tests.api.dossier_rows import new_dossier
from tests.api.seed import cabinet_with_session
from tests.contract.expect import raises

HEAD = 64 * 1024  # the sniffed head: the blob store is written only after it


async def slow(data: bytes, between: Callable[[], Awaitable[None]] | None = None) -> AsyncIterator[bytes]:
    """The body in three chunks, the event loop given away (or `between` run) after the sniffed head."""
    yield data[:HEAD]
    await (between() if between else asyncio.sleep(0.02))
    yield data[HEAD : HEAD + 10]
    await asyncio.sleep(0.01)
    yield data[HEAD + 10 :]


def body(letter: str) -> bytes:
    return (letter * (HEAD + 100)).encode()


async def a_document(api: ApiClient, slug: str) -> tuple[CabinetScope, Document, dict[str, str]]:
    cabinet, headers = await cabinet_with_session(api.context, f"{slug}@poste.example")
    dossier_id = await new_dossier(api.context, cabinet.id)
    document = await uploaded(api.context, cabinet.id, dossier_id, b"premiere version")
    return CabinetScope(api.context, cabinet.id, SYSTEM, "tests"), document, headers


async def test_two_versions_uploaded_at_once_one_wins_409_for_the_other_and_the_winners_bytes_stay(api: ApiClient):
    scope, document, headers = await a_document(api, "versions-en-course")
    first, second = body("a"), body("b")
    outcomes = await asyncio.gather(
        upload_version(scope, document.id, Upload(slow(first), "text/plain", "a.txt")),
        upload_version(scope, document.id, Upload(slow(second), "text/plain", "b.txt")),
        return_exceptions=True,
    )
    won = [o for o in outcomes if isinstance(o, Document)]
    assert len(won) == 1, outcomes
    assert [type(o) for o in outcomes if not isinstance(o, Document)] == [Conflict]
    sent = first if won[0].current.file_name == "a.txt" else second
    current = await api.request("GET", f"/api/documents/{document.id}/content", headers=headers)
    assert (current.status, current.body == sent) == (200, True)
    detail = (await api.request("GET", f"/api/documents/{document.id}", headers=headers)).json()
    assert (detail["current_version"], detail["size"]) == (2, len(sent))
    assert detail["sha256"] == hashlib.sha256(sent).hexdigest()
    kept = await api.context.blobs.list(f"cabinets/{scope.cabinet_id}/documents/{document.id}/")
    assert len(kept.objects) == 2  # v1 and the winner's v2: the loser kept nothing


async def rows_of(api: ApiClient, table: str, cabinet_id: str) -> int:
    row = await api.context.db.first(f"SELECT COUNT(*) AS n FROM {table} WHERE cabinet_id = ?", cabinet_id)
    return int(row["n"]) if row else 0


async def test_a_document_uploaded_while_its_dossier_is_erased_is_refused_404_and_nothing_of_it_is_kept(
    api: ApiClient,
):
    cabinet, headers = await cabinet_with_session(api.context, "efface-pendant@poste.example")
    dossier_id = await new_dossier(api.context, cabinet.id)
    scope = CabinetScope(api.context, cabinet.id, SYSTEM, "tests")

    async def erase() -> None:  # what the erasure and the retention purge commit for a dossier
        await api.context.db.batch(scope.erasure.dossier(dossier_id))

    with raises(NotFound) as refused:
        await upload_document(scope, dossier_id, Upload(slow(body("a"), erase), "text/plain", "a.txt"))
    assert isinstance(refused.exception, NotFound)
    assert refused.exception.code == "introuvable"
    assert [await rows_of(api, table, cabinet.id) for table in ("documents", "document_versions")] == [0, 0]
    assert (await api.context.blobs.list(f"cabinets/{cabinet.id}/documents/")).objects == []
    listed = await api.request("GET", "/api/documents", headers=headers)
    assert listed.json()["items"] == []
    trail = await api.context.db.all("SELECT action FROM audit_log WHERE cabinet_id = ?", cabinet.id)
    assert "document.uploaded" not in [row["action"] for row in trail]


async def test_a_version_uploaded_while_its_document_is_deleted_or_erased_is_refused_404_and_not_kept(api: ApiClient):
    scope, document, _ = await a_document(api, "version-supprimee")

    async def delete() -> None:
        await delete_document(scope, document.id)

    with raises(NotFound):
        await upload_version(scope, document.id, Upload(slow(body("b"), delete), "text/plain", "b.txt"))
    assert [v.version for v in await scope.documents.versions(document.id)] == [1]
    assert len((await api.context.blobs.list(f"cabinets/{scope.cabinet_id}/documents/")).objects) == 1
    other = await uploaded(api.context, scope.cabinet_id, document.dossier_id or "", b"autre piece")

    async def erase() -> None:
        await api.context.db.batch(scope.erasure.dossier(other.dossier_id or ""))

    with raises(NotFound):
        await upload_version(scope, other.id, Upload(slow(body("c"), erase), "text/plain", "c.txt"))
    assert await scope.documents.versions(other.id) == []
    await run_text_job(api.context, scope.cabinet_id, other.id, 2)  # a job sent anyway indexes nothing
    assert await SearchIndex(api.context.db, scope.cabinet_id).count() == 0
