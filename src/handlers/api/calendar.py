"""Calendar feeds: `POST /api/calendar/token` (a new secret feed URL, the previous one revoked), `DELETE
/api/calendar/token`, and `GET /calendar/{token}.ics`, the feed itself, fetched by calendar apps with the token
alone (no cookie, no CSRF: a read). The token is not a session: no /api route accepts it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, ConfigDict

from handlers.api.deps import Anonymous, Scope, requires
from handlers.api.errors import documented
from services.calendar_feed import calendar_feed, new_calendar_token, revoke_calendar_token

router = APIRouter(prefix="/api/calendar", tags=["échéances"], responses=documented(401, 403))
feed_router = APIRouter(tags=["échéances"], responses=documented(404, 422))
FeedToken = Annotated[str, Path(max_length=128)]
ICS = "text/calendar; charset=utf-8"


class CalendarUrlOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"url": "https://poste.example/calendar/3q2-Xw….ics"}]})

    url: str


@router.post("/token", status_code=201, openapi_extra=requires("account.manage"))
async def calendar_token_create(scope: Scope) -> CalendarUrlOut:
    return CalendarUrlOut(url=await new_calendar_token(scope))


@router.delete("/token", status_code=204, openapi_extra=requires("account.manage"))
async def calendar_token_revoke(scope: Scope) -> Response:
    await revoke_calendar_token(scope)
    return Response(status_code=204)


@feed_router.get(
    "/calendar/{token}.ics",
    response_class=Response,
    responses={200: {"content": {ICS: {"schema": {"type": "string"}}}, "description": "le flux iCalendar"}},
)
async def calendar_feed_get(token: FeedToken, system: Anonymous) -> Response:
    body = await calendar_feed(system, token)
    return Response(
        body,
        media_type=ICS,
        headers={"cache-control": "private, max-age=300", "x-content-type-options": "nosniff",
                 "referrer-policy": "no-referrer"},
    )  # fmt: skip
