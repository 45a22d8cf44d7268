"""Le journal d'audit, for associés: filtered, by pages, and exported as CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel

from domain.audit import AuditFilter
from handlers.api.deps import Scope, requires
from handlers.api.errors import documented
from services.audit_trail import MAX_PAGE, AuditLine, export_audit, search_audit

router = APIRouter(prefix="/api", tags=["journal d'audit"], responses=documented(401, 403, 422))


class AuditEntryOut(BaseModel):
    id: str
    at: str
    actor: str
    actor_name: str
    action: str
    subject: str
    summary: str
    client_ip: str
    user_agent: str
    origin: str

    @classmethod
    def of(cls, line: AuditLine) -> AuditEntryOut:
        entry = line.entry
        return cls(
            id=entry.id, at=entry.at, actor=entry.actor, actor_name=line.actor_name, action=entry.action,
            subject=entry.subject, summary=entry.summary, client_ip=entry.client_ip, user_agent=entry.user_agent,
            origin=entry.origin,
        )  # fmt: skip


class AuditPageOut(BaseModel):
    entries: list[AuditEntryOut]
    next_cursor: str | None


def audit_filter(
    actor: Annotated[str | None, Query(max_length=80, description="« person:ID », « system »…")] = None,
    action: Annotated[str | None, Query(max_length=80, description="exacte, ou préfixe finissant par « . »")] = None,
    subject: Annotated[str | None, Query(max_length=80)] = None,
    since: Annotated[str | None, Query(max_length=40, description="depuis (ISO 8601, UTC)")] = None,
    until: Annotated[str | None, Query(max_length=40, description="avant (ISO 8601, UTC)")] = None,
) -> AuditFilter:
    return AuditFilter(actor=actor, action=action, subject=subject, since=since, until=until)


Filter = Annotated[AuditFilter, Depends(audit_filter)]  # the same query parameters for the page and the export


@router.get("/audit", openapi_extra=requires("audit.read"))
async def audit_search(
    scope: Scope,
    where: Filter,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> AuditPageOut:
    page = await search_audit(scope, where, cursor=cursor, limit=limit)
    return AuditPageOut(entries=[AuditEntryOut.of(line) for line in page.lines], next_cursor=page.next_cursor)


@router.get(
    "/audit.csv",
    openapi_extra=requires("audit.read"),
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "le journal en CSV"}},
)
async def audit_export(scope: Scope, where: Filter) -> Response:
    text = await export_audit(scope, where)
    return Response(
        content="\ufeff" + text,  # the byte-order mark makes spreadsheets read the file as UTF-8
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="journal-audit.csv"'},
    )
