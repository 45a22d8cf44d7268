"""A transcription's state pushed live (docs/realtime.md, docs/transcription.md): the frame `transcription`, not
stored (a state, not an event: a dashboard that reconnects reloads its list), sent to the people who hear about the
recording's dossier, on queued, start, progress and end; when one starts or ends, the cabinet's waiting ones learn
their new positions (at most MAX_POSITIONS of them).

A push that fails is logged, never raised: the state is committed, and the lists show it.
"""

from __future__ import annotations

import logging

from d1.notifications import Notifications
from d1.transcriptions import MAX_POSITIONS, Transcriptions
from domain.notifications import Audience
from domain.transcriptions import Transcription
from services.context import AppContext
from services.ports import JsonDict

log = logging.getLogger("poste.transcriptions")
LEAD_ROLE = "associe"  # who hears of a recording filed in no dossier


def transcription_frame(t: Transcription) -> JsonDict:
    return {"type": "transcription", "transcription": {
        "id": t.id, "dossier_id": t.dossier_id, "document_id": t.document_id, "status": t.status.value,
        "progress": t.progress, "position": t.position, "error": t.error,
    }}  # fmt: skip


def recording_audience(t: Transcription) -> Audience:
    return Audience.dossier(t.dossier_id) if t.dossier_id else Audience.roles(LEAD_ROLE)


async def push_state(ctx: AppContext, t: Transcription, *, positions: bool = False) -> int:
    """Publishes `t`'s state to its dossier's people; with `positions`, the waiting ones' too. Returns sockets."""
    reached = 0
    try:
        notifications = Notifications(ctx.db, t.cabinet_id)
        audiences: dict[Audience, list[str]] = {}
        shown = [t]
        if positions:
            shown += [w for w in await Transcriptions(ctx.db, t.cabinet_id).waiting(MAX_POSITIONS) if w.id != t.id]
        for item in shown:
            audience = recording_audience(item)
            if audience not in audiences:
                audiences[audience] = await notifications.people_of(audience)
            if audiences[audience]:
                event = {**transcription_frame(item), "to": audiences[audience]}
                reached += await ctx.hub.publish(t.cabinet_id, event)
    except Exception:  # committed already; the dashboard's list shows the state when reloaded
        log.exception("push of transcription %s failed", t.id)
    return reached
