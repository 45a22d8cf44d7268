"""Notifications written the way use cases write them (`scope.notify` in the batch, `scope.commit` pushes them), for
the realtime tests and bench/realtime.py."""

from __future__ import annotations

from domain.notifications import Audience, NewNotification, NotificationType
from services.context import AppContext
from services.scope import SystemScope
from tests.api.seed import OPERATOR


def note(ctx: AppContext, audience: Audience, title: str = "Courrier reçu") -> NewNotification:
    notification_id = ctx.ids.new_id()
    return NewNotification(
        id=notification_id,
        dedupe_key=f"test:{notification_id}",
        type=NotificationType.MAIL_NEW,
        title=title,
        body="De : Greffe TJ Paris\nObjet : Avis de fixation",
        link=f"/courrier/{notification_id}",
        audience=audience,
        created_at=ctx.clock.now().isoformat(),
    )


async def notify(ctx: AppContext, cabinet_id: str, *audiences: Audience, title: str = "Courrier reçu") -> None:
    """One batch storing one notification per audience (then pushed live by the commit, in `seq` order)."""
    scope = SystemScope(ctx, OPERATOR, "tests").for_cabinet(cabinet_id)
    writes = [statement for audience in audiences for statement in scope.notify(note(ctx, audience, title))]
    await scope.commit(*writes, action="tests.notified", subject=cabinet_id)
