"""A person's own notifications (docs/notifications.md, "Routes"): the list (newest first, keyset pages, unread
only on request), the counters, marking one or all read, and the preferences of each type. Each person reads only
their own: another person's notification, or another cabinet's, is unknown (404).

Marking read is audited like any state change, then published as a `read` frame to the person's other dashboards.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.actors import ensure_may_see, ensure_permission
from domain.errors import InvalidInput, NotFound
from domain.notifications import Inbox, Notification, NotificationType, Preference
from domain.pages import Page, decode_cursor, page_of
from services.push import push_read
from services.scope import CabinetScope

NOT_FOUND = "Notification introuvable."
LISTING = "notifications"
DEFAULT_LIMIT = 30
MAX_LIMIT = 100


@dataclass(frozen=True)
class NotificationPage:
    page: Page[Notification]
    unread: int


def _reader(scope: CabinetScope) -> str:
    """The person reading: notifications are delivered to people only (the operator has none)."""
    ensure_permission(scope.actor, "notification.read")
    return scope.actor.id


async def list_notifications(
    scope: CabinetScope, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None, unread_only: bool = False
) -> NotificationPage:
    person = _reader(scope)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"Indiquez une taille de page entre 1 et {MAX_LIMIT}.", field="limit")
    sort = "unread" if unread_only else "all"
    after = decode_cursor(cursor, LISTING, sort, 2) if cursor else None
    if after is not None and not isinstance(after[0], int):
        raise InvalidInput("Curseur invalide pour cette liste ou ce tri : repartez de la première page.",
                           field="cursor", code="curseur")  # fmt: skip
    rows = await scope.notifications.page(person, limit=limit, after=after, unread_only=unread_only)
    page = page_of(rows, limit, LISTING, sort, lambda n: [n.seq, n.id])
    return NotificationPage(page, (await scope.notifications.inbox(person)).unread)


async def inbox(scope: CabinetScope) -> Inbox:
    return await scope.notifications.inbox(_reader(scope))


async def mark_read(scope: CabinetScope, notification_id: str) -> int:
    """Marks one of the person's notifications read; returns their unread count. Twice changes nothing."""
    ensure_may_see(scope.actor, "notification.read", NOT_FOUND)
    person = scope.actor.id
    found = await scope.notifications.delivered(person, notification_id)
    if found is None:
        raise NotFound(NOT_FOUND)
    if found.read_at is not None:
        return (await scope.notifications.inbox(person)).unread
    at = scope.ctx.clock.now().isoformat()
    results = await scope.commit(
        scope.notifications.mark_read(person, notification_id, at), action="notification.read",
        subject=notification_id, only_if=scope.notifications.read_at(person, at),
    )  # fmt: skip
    unread = (await scope.notifications.inbox(person)).unread
    if results[0].changes:
        await push_read(scope.ctx, scope.cabinet_id, person, {"ids": [notification_id], "all": False,
                                                               "unread": unread})  # fmt: skip
    return unread


async def mark_all_read(scope: CabinetScope, up_to_seq: int | None = None) -> tuple[int, int]:
    """Marks read every notification of the person up to `up_to_seq` (default: all delivered now); returns how many
    this marked and how many stay unread."""
    person = _reader(scope)
    if up_to_seq is not None and up_to_seq < 0:
        raise InvalidInput("Indiquez un numéro d'événement positif.", field="up_to_seq")
    last = up_to_seq if up_to_seq is not None else (await scope.notifications.inbox(person)).last_seq
    at = scope.ctx.clock.now().isoformat()
    results = await scope.commit(
        scope.notifications.mark_all_read(person, last, at), action="notification.read_all", subject=person,
        summary=f"jusqu'au n° {last}", only_if=scope.notifications.read_at(person, at),
    )  # fmt: skip
    marked = results[0].changes
    unread = (await scope.notifications.inbox(person)).unread
    if marked:
        await push_read(scope.ctx, scope.cabinet_id, person, {"ids": [], "all": True, "unread": unread})
    return marked, unread


async def preferences(scope: CabinetScope) -> list[Preference]:
    return await scope.notification_preferences.of_person(_reader(scope))


@dataclass(frozen=True)
class PreferenceChange:
    type: str
    live: bool
    digest: bool


async def set_preferences(scope: CabinetScope, changes: list[PreferenceChange]) -> list[Preference]:
    """Changes the types given (an unknown type: 422 naming `type`); returns every type's preference."""
    person = _reader(scope)
    known = {kind.value: kind for kind in NotificationType}
    if any(change.type not in known for change in changes):
        raise InvalidInput("Type de notification inconnu.", field="type")
    if changes:
        at = scope.ctx.clock.now().isoformat()
        repo = scope.notification_preferences
        writes = [repo.put(person, Preference(known[c.type], c.live, c.digest), at) for c in changes]
        summary = ", ".join(f"{c.type} direct={'oui' if c.live else 'non'} résumé={'oui' if c.digest else 'non'}"
                            for c in changes)  # fmt: skip
        await scope.commit(*writes, action="notification.preferences", subject=person, summary=summary)
    return await scope.notification_preferences.of_person(person)
