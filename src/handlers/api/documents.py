"""Documents: streamed upload onto a dossier (and new versions), lists, detail, download with Range, title and
tags, soft deletion (docs/dossiers.md, Documents).

The upload reads `request.stream()`: never `await request.body()` nor a multipart `UploadFile`, which would hold or
spool the whole file before the use case sees a byte.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from domain.documents import (
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TITLE_CHARS,
    Unsatisfiable,
    content_disposition,
    may_show_inline,
)
from handlers.api.deps import Scope, requires
from handlers.api.document_models import (
    DocumentDetailOut,
    DocumentListOut,
    DocumentOut,
    render,
    render_detail,
    render_page,
)
from handlers.api.errors import ErrorOut, documented
from services.documents import (
    Upload,
    delete_document,
    get_document,
    list_documents,
    list_dossier_documents,
    open_content,
    update_document,
    upload_document,
    upload_version,
)

router = APIRouter(tags=["documents"], responses=documented(400, 401, 403, 404, 422))
DossierId = Annotated[str, Path(max_length=64)]
DocumentId = Annotated[str, Path(max_length=64)]
Title = Annotated[str | None, Query(max_length=MAX_TITLE_CHARS, description="titre (par défaut le nom du fichier)")]
TAGS_HELP = "étiquettes, séparées par des virgules"
Tags = Annotated[str | None, Query(max_length=(MAX_TAG_CHARS + 1) * MAX_TAGS, description=TAGS_HELP)]
Sort = Annotated[Literal["-created_at", "title"], Query()]
Limit = Annotated[int, Query(ge=1, le=100)]
Cursor = Annotated[str | None, Query(max_length=1000)]
Tag = Annotated[str | None, Query(max_length=MAX_TAG_CHARS)]
NAME_HELP = "nom du fichier, UTF-8 encodé en pourcentage"
FileName = Annotated[str | None, Header(alias="x-file-name", max_length=2000, description=NAME_HELP)]
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "le fichier lui-même, tel quel ; son type déclaré dans Content-Type",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"},
                                                 "example": "Compte rendu de l'audience du 3 mars."}},
    }
}  # fmt: skip
UPLOAD_ANSWERS = documented(409, 413, 415)
# A document's bytes opened by themselves run nothing and load nothing but themselves (Chromium's PDF viewer, an
# image, a recording still show); the API's own policy is enforced with it (handlers/api/security.py).
CONTENT_POLICY = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'"
_BINARY = {"*/*": {"schema": {"type": "string", "format": "binary"}}}
CONTENT_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"description": "le contenu entier", "content": _BINARY},
    206: {"description": "la plage demandée (Content-Range)", "content": _BINARY},
    **documented(416),
}


class DocumentPatchIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"title": "Jugement du 3 mars 2026", "tags": ["jugement"]}]}
    )

    title: str | None = Field(None, max_length=MAX_TITLE_CHARS)
    tags: list[str] | None = Field(None, max_length=MAX_TAGS)


def upload_of(request: Request, title: str | None, tags: str | None, file_name: str | None) -> Upload:
    length = request.headers.get("content-length", "")
    return Upload(
        chunks=request.stream(),
        declared_type=request.headers.get("content-type"),
        file_name=file_name,
        content_length=int(length) if length.isascii() and length.isdigit() else None,
        title=title,
        tags=tags,
    )


@router.post("/api/dossiers/{dossier_id}/documents", status_code=201, responses=UPLOAD_ANSWERS,
             openapi_extra={**requires("document.upload"), **UPLOAD_BODY})  # fmt: skip
async def document_upload(
    request: Request, scope: Scope, dossier_id: DossierId, title: Title = None, tags: Tags = None,
    file_name: FileName = None,
) -> DocumentOut:  # fmt: skip
    document = await upload_document(scope, dossier_id, upload_of(request, title, tags, file_name))
    return await render(scope, document)


@router.post("/api/documents/{document_id}/versions", status_code=201, responses=UPLOAD_ANSWERS,
             openapi_extra={**requires("document.upload"), **UPLOAD_BODY})  # fmt: skip
async def document_new_version(
    request: Request, scope: Scope, document_id: DocumentId, file_name: FileName = None
) -> DocumentOut:
    document = await upload_version(scope, document_id, upload_of(request, None, None, file_name))
    return await render(scope, document)


@router.get("/api/documents", openapi_extra=requires("document.read"))
async def documents_list(
    scope: Scope, dossier_id: Annotated[str | None, Query(max_length=64)] = None, tag: Tag = None,
    sort: Sort = "-created_at", limit: Limit = 50, cursor: Cursor = None,
) -> DocumentListOut:  # fmt: skip
    page = await list_documents(scope, dossier_id=dossier_id, tag=tag, sort=sort, limit=limit, cursor=cursor)
    return await render_page(scope, page)


@router.get("/api/dossiers/{dossier_id}/documents", openapi_extra=requires("document.read"))
async def dossier_documents_list(
    scope: Scope, dossier_id: DossierId, tag: Tag = None, sort: Sort = "-created_at", limit: Limit = 50,
    cursor: Cursor = None,
) -> DocumentListOut:  # fmt: skip
    page = await list_dossier_documents(scope, dossier_id, tag=tag, sort=sort, limit=limit, cursor=cursor)
    return await render_page(scope, page)


@router.get("/api/documents/{document_id}", openapi_extra=requires("document.read"))
async def document_detail(scope: Scope, document_id: DocumentId) -> DocumentDetailOut:
    document, versions = await get_document(scope, document_id)
    return await render_detail(scope, document, versions)


@router.get("/api/documents/{document_id}/content", response_class=Response, responses=CONTENT_ANSWERS,
            openapi_extra=requires("document.read"))  # fmt: skip
async def document_content(
    scope: Scope, document_id: DocumentId, version: Annotated[int | None, Query(ge=1)] = None,
    disposition: Literal["attachment", "inline"] = "attachment",
    range_header: Annotated[str | None, Header(alias="range", max_length=200)] = None,
) -> Response:  # fmt: skip
    content = await open_content(scope, document_id, version=version, range_header=range_header)
    chosen = content.version
    inline = disposition == "inline" and may_show_inline(chosen.content_type)
    headers = {
        "content-disposition": content_disposition(chosen.file_name, inline=inline),
        "accept-ranges": "bytes",
        "etag": f'"{chosen.sha256}"',
        "x-content-type-options": "nosniff",
        "content-security-policy": CONTENT_POLICY,
    }
    if isinstance(content.span, Unsatisfiable):
        body = ErrorOut(erreur="plage_invalide", message="La plage demandée est hors du document.", champ=None)
        headers["content-range"] = content.span.content_range(chosen.size)
        return JSONResponse(body.model_dump(exclude_none=True), status_code=416, headers=headers)
    if content.span is not None:
        headers["content-range"] = content.span.content_range(chosen.size)
    status = 200 if content.span is None else 206
    return Response(content.data, status_code=status, media_type=chosen.content_type, headers=headers)


@router.patch("/api/documents/{document_id}", openapi_extra=requires("document.upload"))
async def document_update(scope: Scope, document_id: DocumentId, body: DocumentPatchIn) -> DocumentOut:
    document = await update_document(scope, document_id, title=body.title, tags=body.tags)
    return await render(scope, document)


@router.delete("/api/documents/{document_id}", status_code=204, openapi_extra=requires("document.delete"))
async def document_delete(scope: Scope, document_id: DocumentId) -> Response:
    await delete_document(scope, document_id)
    return Response(status_code=204)
