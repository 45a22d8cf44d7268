"""The cabinet's inbound mail (docs/courrier.md): the list (by status, by dossier), the "à classer" tray, one message
with its filing, text and attachments, its raw bytes, its HTML made safe (a document the app frames), filing by
hand (one or many), a dossier's mail by thread, and reprocessing (by an associé, or the operator by id). Only the
session's cabinet is ever read: another cabinet's message id, or one filed in a dossier the person may not see,
answers 404."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from domain.filed_mail import MailFilter
from domain.inbound_mail import MailStatus
from handlers.api.deps import Scope, requires
from handlers.api.errors import documented
from handlers.api.mail_models import (
    MailDetailOut,
    MailSummaryOut,
    ThreadOut,
    TrayItemOut,
)
from handlers.api.operator import Operator
from handlers.api.security import FRAMED_DOCUMENT_POLICY
from services import mail_filing

FRAMED_HEADERS = {
    "content-security-policy": FRAMED_DOCUMENT_POLICY,
    "x-content-type-options": "nosniff",
    "cache-control": "private, no-store",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
}
# Declared by hand: with `response_class=HTMLResponse`, FastAPI would document the JSON errors as text/html too
HTML_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "le HTML assaini, document à encadrer",
        "content": {"text/html": {"schema": {"type": "string"}}},
    },
    **documented(404),
}
_FRAME_STYLE = (  # the frame's only style: readable on a phone, nothing wider than the frame
    "body{margin:0.5rem;font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;overflow-wrap:anywhere}"
    "table{max-width:100%;border-collapse:collapse}td,th{vertical-align:top}pre{white-space:pre-wrap}"
)


def framed_document(sanitised: str) -> str:
    """A whole document around the sanitised body (already escaped by domain/mail_html.py)."""
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Message au format HTML</title>'
        f'<meta name="viewport" content="width=device-width"><style>{_FRAME_STYLE}</style></head>'
        f"<body>{sanitised}</body></html>"
    )


router = APIRouter(prefix="/api/mail", tags=["courrier"], responses=documented(400, 401, 403, 422))
dossier_router = APIRouter(prefix="/api/dossiers", tags=["courrier"], responses=documented(401, 403, 422))
operator_router = APIRouter(prefix="/api/operator/mail", tags=["exploitation"], responses=documented(400, 401, 422))
Id = Annotated[str, Path(max_length=64)]
Limit = Annotated[int, Query(ge=1, le=mail_filing.MAX_PAGE, description="messages par page")]
Cursor = Annotated[str | None, Query(max_length=64, description="`next_cursor` de la page précédente")]
_STATUSES = {"filed": MailStatus.FILED, "to_file": MailStatus.TO_FILE, "quarantined": MailStatus.QUARANTINED,
             "received": MailStatus.RECEIVED, "unrouted": MailStatus.UNROUTED, "corrupt": MailStatus.CORRUPT,
             "stored": MailStatus.STORED}  # fmt: skip


class MailPageOut(BaseModel):
    messages: list[MailSummaryOut]
    next_before: str | None  # pass as `before` for the next page; None on the last one


class TrayOut(BaseModel):
    items: list[TrayItemOut]
    next_cursor: str | None


class ThreadsOut(BaseModel):
    threads: list[ThreadOut]
    next_cursor: str | None


class FileIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"dossier_id": "01J…",
                                                                              "remember_sender": False}]})  # fmt: skip
    dossier_id: str = Field(max_length=64)
    remember_sender: bool = False


class FileManyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"mail_ids": ["01J…"],
                                                                              "dossier_id": "01J…"}]})  # fmt: skip
    mail_ids: list[Annotated[str, Field(max_length=64)]] = Field(min_length=1, max_length=mail_filing.MAX_BULK)
    dossier_id: str = Field(max_length=64)


class FiledCountOut(BaseModel):
    filed: int


class StatusOut(BaseModel):
    status: str


@router.get("", responses=documented(404), openapi_extra=requires("mail.read"))
async def mail_list(
    scope: Scope,
    limit: Limit = 50,
    before: Annotated[str | None, Query(max_length=64, description="`next_before` de la page précédente")] = None,
    status: Annotated[str | None, Query(pattern="^(filed|to_file|quarantined|received|unrouted|corrupt|stored)$")]
    = None,
    dossier_id: Annotated[str | None, Query(max_length=64)] = None,
) -> MailPageOut:  # fmt: skip
    where = MailFilter(status=_STATUSES[status] if status else None, dossier_id=dossier_id)
    page = await mail_filing.mail_page(scope, where, limit=limit, cursor=before)
    return MailPageOut(messages=[MailSummaryOut.of(item) for item in page.items], next_before=page.next_cursor)


@router.get("/tray", openapi_extra=requires("mail.read"))
async def mail_tray(scope: Scope, limit: Limit = 50, cursor: Cursor = None) -> TrayOut:
    page = await mail_filing.tray(scope, limit=limit, cursor=cursor)
    return TrayOut(items=[TrayItemOut.of(item) for item in page.items], next_cursor=page.next_cursor)


@router.post("/file", openapi_extra=requires("mail.file"), responses=documented(404))
async def mail_file_many(scope: Scope, body: FileManyIn) -> FiledCountOut:
    return FiledCountOut(filed=await mail_filing.file_many(scope, body.mail_ids, body.dossier_id))


@router.get("/{inbound_id}", responses=documented(404), openapi_extra=requires("mail.read"))
async def mail_detail(scope: Scope, inbound_id: Id) -> MailDetailOut:
    found, attachments, view = await mail_filing.mail_detail(scope, inbound_id)
    return MailDetailOut.of(found, attachments, view)


@router.get("/{inbound_id}/raw", responses=documented(404), openapi_extra=requires("mail.read"),
            response_class=Response)  # fmt: skip
async def mail_raw(scope: Scope, inbound_id: Id) -> Response:
    data = await mail_filing.raw_mail(scope, inbound_id)
    headers = {"content-disposition": f'attachment; filename="{inbound_id}.eml"', "cache-control": "private, no-store"}
    return Response(data, media_type="message/rfc822", headers=headers)


@router.get("/{inbound_id}/html", responses=HTML_ANSWERS, openapi_extra=requires("mail.read"),
            response_class=Response)  # fmt: skip
async def mail_html(scope: Scope, inbound_id: Id) -> HTMLResponse:
    """The message's HTML made safe, as a document the app frames in a sandbox (`<iframe sandbox src=…>`): its own
    policy allows no script and no remote content at all (security.py lets exactly this policy be framed by the
    app's origin)."""
    body = framed_document(await mail_filing.mail_html(scope, inbound_id))
    return HTMLResponse(body, headers=FRAMED_HEADERS)


@router.post("/{inbound_id}/file", responses=documented(404, 409), openapi_extra=requires("mail.file"))
async def mail_file(scope: Scope, inbound_id: Id, body: FileIn) -> MailSummaryOut:
    found = await mail_filing.file_by_hand(scope, inbound_id, body.dossier_id, remember_sender=body.remember_sender)
    return MailSummaryOut.of(found)


@router.post("/{inbound_id}/reprocess", status_code=202, responses=documented(404),
             openapi_extra=requires("mail.reprocess"))  # fmt: skip
async def mail_reprocess(scope: Scope, inbound_id: Id) -> StatusOut:
    return StatusOut(status=(await mail_filing.reprocess(scope, inbound_id)).value)


@dossier_router.get("/{dossier_id}/mail", responses=documented(404), openapi_extra=requires("mail.read"))
async def dossier_mail(scope: Scope, dossier_id: Id, limit: Limit = 50, cursor: Cursor = None) -> ThreadsOut:
    threads, next_cursor = await mail_filing.dossier_threads(scope, dossier_id, limit=limit, cursor=cursor)
    return ThreadsOut(threads=[ThreadOut.of(thread) for thread in threads], next_cursor=next_cursor)


@operator_router.post("/{inbound_id}/reprocess", status_code=202, responses=documented(404))
async def operator_mail_reprocess(operator: Operator, inbound_id: Id) -> StatusOut:
    return StatusOut(status=(await mail_filing.operator_reprocess(operator, inbound_id)).value)
