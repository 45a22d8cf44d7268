"""Documents of dossiers: streamed upload (new document or new version), lists, detail, download by range, title
and tags, soft deletion, and the `document.text` job that extracts and indexes their text.

An upload reads the body chunk by chunk: the first SNIFF_BYTES decide what it is (415 when the declared type
contradicts it; 422 when empty), then every chunk is hashed and handed to the blob store as it comes (never held
whole), past the size limit the store keeps nothing (413). The rows and their audit entry are one batch written only
once the blob is stored, and only while the dossier (or, for a version, the document) still exists; if that batch
fails or writes nothing the blob is deleted. Then the text job is sent.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace

from d1.database import ConstraintViolation
from d1.documents import DocumentFilter
from d1.search_index import SearchKind
from domain.actors import ensure_may_see, ensure_permission
from domain.document_types import SNIFF_BYTES, coherent, normalise_declared, sniff
from domain.documents import (
    DOCUMENT_NOT_FOUND,
    ByteSpan,
    Document,
    DocumentVersion,
    TextStatus,
    Unsatisfiable,
    blob_key,
    decode_cursor,
    encode_cursor,
    file_name_of,
    parse_range,
    parse_tags,
    valid_sort,
    valid_title,
)
from domain.errors import Conflict, InvalidInput, NotFound, PayloadTooLarge, UnsupportedMediaType
from services.jobs import DocumentText
from services.ports import BlobTooLarge, ByteRange
from services.scope import CabinetScope

log = logging.getLogger("poste.documents")
DOSSIER_NOT_FOUND = "Dossier introuvable."
EMPTY = "Le fichier est vide."
RACE = "Une autre version de ce document vient d'être déposée : rechargez-le et recommencez."


@dataclass(frozen=True)
class Upload:
    """One uploaded file as the request gives it: its body as chunks, and what the headers and query said."""

    chunks: AsyncIterator[bytes]
    declared_type: str | None = None
    file_name: str | None = None  # X-File-Name, percent-encoded UTF-8
    content_length: int | None = None
    title: str | None = None
    tags: str | None = None


@dataclass(frozen=True)
class DocumentPage:
    items: list[Document]
    next_cursor: str | None


@dataclass(frozen=True)
class Content:
    """A version's bytes to send: all of them (`span` None), one range, or none (`Unsatisfiable`)."""

    document: Document
    version: DocumentVersion
    span: ByteSpan | Unsatisfiable | None
    data: bytes


def too_large(limit: int) -> PayloadTooLarge:
    megabytes = limit / (1024 * 1024)
    return PayloadTooLarge(f"Le fichier dépasse la taille maximale de {megabytes:g} Mio ({limit} octets).",
                           code="fichier_trop_volumineux")  # fmt: skip


async def _visible_dossier(scope: CabinetScope, dossier_id: str) -> None:
    ensure_may_see(scope.actor, "dossier.read", DOSSIER_NOT_FOUND)
    if not await scope.dossier_access.may_see(scope.actor, dossier_id):
        raise NotFound(DOSSIER_NOT_FOUND)


async def _visible_document(scope: CabinetScope, document_id: str) -> Document:
    ensure_may_see(scope.actor, "document.read", DOCUMENT_NOT_FOUND)
    document = await scope.documents.get(scope.actor, document_id)
    if document is None:
        raise NotFound(DOCUMENT_NOT_FOUND)
    return document


async def _head(chunks: AsyncIterator[bytes], limit: int) -> bytes:
    """The first SNIFF_BYTES (or more: whole chunks) of the body."""
    head = bytearray()
    async for chunk in chunks:
        head += chunk
        if len(head) > limit:
            raise too_large(limit)
        if len(head) >= SNIFF_BYTES:
            break
    return bytes(head)


async def _hashed(head: bytes, rest: AsyncIterator[bytes], digest: hashlib._Hash) -> AsyncIterator[bytes]:
    digest.update(head)
    yield head
    async for chunk in rest:
        digest.update(chunk)
        yield chunk


async def _store(scope: CabinetScope, upload: Upload, document_id: str, version: int) -> DocumentVersion:
    """Streams the body into the blob store; the version it describes (not yet recorded)."""
    limit = scope.ctx.settings.max_upload_bytes
    if upload.content_length is not None and upload.content_length > limit:
        raise too_large(limit)  # refused before a byte is read
    head = await _head(upload.chunks, limit)
    if not head:
        raise InvalidInput(EMPTY, code="fichier_vide")
    content_type = sniff(head)
    if not coherent(upload.declared_type, content_type):
        raise UnsupportedMediaType(
            f"Le contenu envoyé n'est pas du type déclaré ({normalise_declared(upload.declared_type)})."
        )
    # A key of its own: the version number is claimed by the row's primary key when it is recorded (409 then)
    key = blob_key(scope.cabinet_id, document_id, version, scope.ctx.ids.new_id())
    digest = hashlib.sha256()
    try:
        info = await scope.ctx.blobs.put_stream(key, _hashed(head, upload.chunks, digest), content_type=content_type,
                                                custom_metadata={"document": document_id}, max_bytes=limit)  # fmt: skip
    except BlobTooLarge:
        raise too_large(limit) from None
    file_name = file_name_of(upload.file_name, content_type)
    return DocumentVersion(document_id, version, file_name, key, info.size, digest.hexdigest(), content_type,
                           normalise_declared(upload.declared_type), TextStatus.PENDING, _actor_ref(scope),
                           scope.ctx.clock.now().isoformat())  # fmt: skip


def _actor_ref(scope: CabinetScope) -> str:
    """Who uploaded, as rows record it: a person's id (shown as a PersonRef), else the actor's label."""
    return scope.actor.id if scope.actor.kind == "person" else scope.actor.label


async def _record(scope: CabinetScope, document: Document, *, new: bool) -> None:
    """The rows and their audit entry; none when the dossier (a new document) or the document (a new version)
    went away while the body was streamed: then this upload's blob is deleted and the answer is 404."""
    version = document.current
    writes = scope.documents.insert(document) if new else scope.documents.add_version(version)
    action = "document.uploaded" if new else "document.version_added"
    summary = f"v{version.version} {version.file_name} ({version.size} octets)"
    try:
        results = await scope.commit(*writes, action=action, subject=document.id, summary=summary,
                                     only_if=scope.documents.recorded(version))  # fmt: skip
    except BaseException as failure:
        await scope.ctx.blobs.delete(version.blob_key)  # this attempt's own key: the row never landed
        if isinstance(failure, ConstraintViolation):
            raise Conflict(RACE) from None
        raise
    if results[0].changes == 0:  # the first write is the guarded insert of the document or of the version
        await scope.ctx.blobs.delete(version.blob_key)
        raise NotFound(DOSSIER_NOT_FOUND if new else DOCUMENT_NOT_FOUND)
    try:
        await scope.ctx.jobs.send(DocumentText(scope.cabinet_id, document.id, version.version).body())
    except Exception:  # the document stands; its text stays en_attente until a new version or a retry
        log.exception("document %s v%s stored but its text job was not sent", document.id, version.version)


async def upload_document(scope: CabinetScope, dossier_id: str, upload: Upload) -> Document:
    await _visible_dossier(scope, dossier_id)
    ensure_permission(scope.actor, "document.upload")
    tags = parse_tags(upload.tags)
    valid_title(upload.title, "x")  # refuse a bad title before reading the body
    document_id = scope.ctx.ids.new_id()
    version = await _store(scope, upload, document_id, 1)
    document = Document(document_id, scope.cabinet_id, dossier_id, valid_title(upload.title, version.file_name),
                        tags, version, _actor_ref(scope), version.uploaded_at, version.uploaded_at)  # fmt: skip
    await _record(scope, document, new=True)
    return document


async def upload_version(scope: CabinetScope, document_id: str, upload: Upload) -> Document:
    document = await _visible_document(scope, document_id)
    ensure_permission(scope.actor, "document.upload")
    version = await _store(scope, upload, document_id, document.current.version + 1)
    updated = replace(document, current=version, updated_at=version.uploaded_at)
    await _record(scope, updated, new=False)
    return updated


async def list_documents(
    scope: CabinetScope, *, dossier_id: str | None, tag: str | None, sort: str | None, limit: int, cursor: str | None
) -> DocumentPage:
    """A page of the documents the actor may see (a dossier_id filter naming a dossier they may not see finds
    nothing, as an unknown one does)."""
    ensure_permission(scope.actor, "document.read")
    chosen = valid_sort(sort)
    after = decode_cursor(cursor, chosen) if cursor else None
    tags = parse_tags(tag) if tag else ()
    where = DocumentFilter(dossier_id=dossier_id, tag=tags[0] if tags else None)
    found = await scope.documents.page(scope.actor, where, chosen, limit, after)
    items = found[:limit]
    if len(found) <= limit:
        return DocumentPage(items, None)
    last = items[-1]
    keys = (last.created_at, last.id) if chosen == "-created_at" else (last.title, last.id)
    return DocumentPage(items, encode_cursor(chosen, keys))


async def list_dossier_documents(
    scope: CabinetScope, dossier_id: str, *, tag: str | None, sort: str | None, limit: int, cursor: str | None
) -> DocumentPage:
    await _visible_dossier(scope, dossier_id)
    return await list_documents(scope, dossier_id=dossier_id, tag=tag, sort=sort, limit=limit, cursor=cursor)


async def get_document(scope: CabinetScope, document_id: str) -> tuple[Document, list[DocumentVersion]]:
    ensure_may_see(scope.actor, "document.read", DOCUMENT_NOT_FOUND)
    found = await scope.documents.with_versions(scope.actor, document_id)
    if found is None:
        raise NotFound(DOCUMENT_NOT_FOUND)
    return found


async def open_content(
    scope: CabinetScope, document_id: str, *, version: int | None, range_header: str | None
) -> Content:
    document = await _visible_document(scope, document_id)
    chosen = document.current
    if version is not None and version != chosen.version:
        found = [v for v in await scope.documents.versions(document_id) if v.version == version]
        if not found:
            raise NotFound("Version introuvable.")
        chosen = found[0]
    span = parse_range(range_header, chosen.size)
    if isinstance(span, Unsatisfiable):
        return Content(document, chosen, span, b"")
    byte_range = ByteRange(offset=span.start, length=span.length) if span else None
    blob = await scope.ctx.blobs.get(chosen.blob_key, byte_range=byte_range)
    if blob is None:
        raise NotFound(DOCUMENT_NOT_FOUND)
    return Content(document, chosen, span, blob.data)


async def update_document(
    scope: CabinetScope, document_id: str, *, title: str | None, tags: list[str] | None
) -> Document:
    document = await _visible_document(scope, document_id)
    ensure_permission(scope.actor, "document.upload")
    now = scope.ctx.clock.now().isoformat()
    writes = []
    if title is not None:
        document = replace(document, title=valid_title(title, document.current.file_name), updated_at=now)
        writes.append(scope.documents.set_title(document_id, document.title, now))
        writes.append(scope.documents.retitle_search_entry(document_id, document.title))
    if tags is not None:
        document = replace(document, tags=parse_tags(tags), updated_at=now)
        writes += scope.documents.set_tags(document_id, document.tags)
    if writes:
        await scope.commit(*writes, action="document.updated", subject=document_id,
                           summary=f"titre: {document.title}; étiquettes: {', '.join(document.tags)}")  # fmt: skip
    return document


async def delete_document(scope: CabinetScope, document_id: str) -> None:
    """Soft deletion: the rows and bytes stay (retention, audit), the document leaves lists and search."""
    await _visible_document(scope, document_id)
    ensure_permission(scope.actor, "document.delete")
    now = scope.ctx.clock.now().isoformat()
    results = await scope.commit(
        scope.documents.soft_delete(document_id, _actor_ref(scope), now),
        scope.search_index.remove(SearchKind.DOCUMENT, document_id),
        action="document.deleted",
        subject=document_id,
        only_if=scope.documents.deleted_by(document_id, _actor_ref(scope), now),
    )
    if results[0].changes != 1:
        raise NotFound(DOCUMENT_NOT_FOUND)  # deleted by someone else meanwhile
