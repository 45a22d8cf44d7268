"""Calendar feeds (docs/echeances.md, "calendar"): a person asks for a secret feed URL (a new token each time, the
previous one revoked) or revokes it; a calendar app fetches the feed with the token alone. Only the token's SHA-256
digest is stored. The token grants nothing but the feed: it is not a session, and no /api route reads it.
"""

from __future__ import annotations

from base64 import urlsafe_b64encode
from datetime import timedelta
from zoneinfo import ZoneInfo

from domain.actors import SYSTEM, Actor, ensure_permission
from domain.calendar_feed import build_feed
from domain.errors import NotFound
from domain.sessions import token_digest
from services.scope import CabinetScope, SystemScope

FEED_NOT_FOUND = "Calendrier introuvable."
PAST_DAYS = 90  # how far back the feed still lists deadlines and hearings
TOKEN_BYTES = 32


def feed_url(scope: CabinetScope, token: str) -> str:
    return f"{scope.ctx.settings.base_url}/calendar/{token}.ics"


async def new_calendar_token(scope: CabinetScope) -> str:
    """A new secret feed URL for the person acting; the previous one stops working at once."""
    ensure_permission(scope.actor, "account.manage")
    token = urlsafe_b64encode(scope.ctx.ids.random_bytes(TOKEN_BYTES)).decode("ascii").rstrip("=")
    now = scope.ctx.clock.now().isoformat()
    await scope.commit(scope.calendar_tokens.replace(scope.actor.id, token_digest(token), now),
                       action="calendar.token.created", subject=scope.actor.id)  # fmt: skip
    return feed_url(scope, token)


async def revoke_calendar_token(scope: CabinetScope) -> None:
    ensure_permission(scope.actor, "account.manage")
    await scope.commit(scope.calendar_tokens.revoke(scope.actor.id), action="calendar.token.revoked",
                       subject=scope.actor.id)  # fmt: skip


async def calendar_feed(system: SystemScope, token: str) -> bytes:
    """The feed of the token's owner: what they may see, as they may see it now (a person deactivated or whose
    role changed gets what their current account allows). Unknown or revoked token: NotFound."""
    owner = await system.cross_cabinet.calendar_owner(token_digest(token)) if token else None
    if owner is None:
        raise NotFound(FEED_NOT_FOUND)
    cabinet_id, person_id = owner
    scope = CabinetScope(system.ctx, cabinet_id, SYSTEM, "calendar")
    person = await scope.people.get(person_id)
    cabinet = await scope.cabinet.get()
    if person is None or not person.active or cabinet is None:
        raise NotFound(FEED_NOT_FOUND)
    actor = Actor("person", person.id, person.role)
    since = system.ctx.clock.now().astimezone(ZoneInfo(cabinet.timezone)).date() - timedelta(days=PAST_DAYS)
    deadlines = await scope.calendar_tokens.feed_deadlines(actor, since)
    hearings = await scope.calendar_tokens.feed_hearings(actor, since)
    return build_feed(f"Échéances — {cabinet.name}", cabinet.timezone, deadlines, hearings)
