"""A person's notifications (docs/notifications.md, "Routes") and the home screen. Each person reads and marks only
their own: another person's notification, or another cabinet's, answers 404 as an unknown one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from handlers.api.deps import Scope, requires
from handlers.api.errors import documented
from handlers.api.notification_models import (
    DashboardOut,
    InboxOut,
    NotificationOut,
    NotificationPageOut,
    PreferenceOut,
    PreferencesIn,
    PreferencesOut,
    ReadAllIn,
    ReadAllOut,
    UnreadOut,
)
from services import dashboard, notifications
from services.notifications import PreferenceChange

router = APIRouter(prefix="/api/notifications", tags=["notifications"], responses=documented(400, 401, 403, 422))
dashboard_router = APIRouter(prefix="/api", tags=["notifications"], responses=documented(401, 403))
ROUTERS = (router, dashboard_router)
Id = Annotated[str, Path(max_length=64)]
READ = requires("notification.read")


@router.get("", openapi_extra=READ)
async def notifications_list(
    scope: Scope,
    limit: Annotated[int, Query(ge=1, le=notifications.MAX_LIMIT)] = notifications.DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=1000, description="`next_cursor` de la page précédente")] = None,
    unread: Annotated[bool, Query(description="`true` : seulement les non lues")] = False,
) -> NotificationPageOut:
    found = await notifications.list_notifications(scope, limit=limit, cursor=cursor, unread_only=unread)
    items = [NotificationOut.of(n) for n in found.page.items]
    return NotificationPageOut(items=items, next_cursor=found.page.next_cursor, unread=found.unread)


@router.get("/unread", openapi_extra=READ)
async def notifications_unread(scope: Scope) -> InboxOut:
    inbox = await notifications.inbox(scope)
    return InboxOut(unread=inbox.unread, last_seq=inbox.last_seq)


@router.get("/preferences", openapi_extra=READ)
async def notifications_preferences(scope: Scope) -> PreferencesOut:
    return PreferencesOut(types=[PreferenceOut.of(p) for p in await notifications.preferences(scope)])


@router.put("/preferences", openapi_extra=READ)
async def notifications_preferences_update(scope: Scope, body: PreferencesIn) -> PreferencesOut:
    changes = [PreferenceChange(item.type, item.live, item.digest) for item in body.types]
    return PreferencesOut(types=[PreferenceOut.of(p) for p in await notifications.set_preferences(scope, changes)])


@router.post("/read-all", openapi_extra=READ)
async def notifications_read_all(scope: Scope, body: ReadAllIn | None = None) -> ReadAllOut:
    read, unread = await notifications.mark_all_read(scope, body.up_to_seq if body else None)
    return ReadAllOut(read=read, unread=unread)


@router.post("/{notification_id}/read", responses=documented(404), openapi_extra=READ)
async def notifications_read(scope: Scope, notification_id: Id) -> UnreadOut:
    return UnreadOut(unread=await notifications.mark_read(scope, notification_id))


@dashboard_router.get("/dashboard", openapi_extra=requires("deadline.read"))
async def dashboard_home(scope: Scope) -> DashboardOut:
    return DashboardOut.of(await dashboard.home_screen(scope))
