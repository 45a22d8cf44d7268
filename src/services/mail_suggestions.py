"""The deadlines and hearings a filed message suggests: the facts of its new text that are still true, handed to
`suggest_from_facts` for the dossier it is filed in — by the filing job, and again when a lawyer files by hand a
message the job left "à classer" (suggestions are made once per message, whichever comes first)."""

from __future__ import annotations

import logging
from datetime import date, datetime

from domain.inbound_mail import InboundMessage, MailReading
from domain.mail import ParsedMessage
from services.filing_views import active_new_facts
from services.scope import CabinetScope
from services.suggestions import suggest_from_facts

log = logging.getLogger("poste.mail")


def message_day(message: InboundMessage, reading: MailReading) -> date:
    """The day a delay read in the message runs from when it names no other start: the day it was sent (its Date
    header), else the day it was received."""
    for stamp in (reading.sent_at, message.received_at):
        try:
            return datetime.fromisoformat(stamp).date()
        except ValueError:
            continue
    return datetime.fromisoformat(message.received_at).date()


async def suggest_from_mail(
    scope: CabinetScope, message: InboundMessage, reading: MailReading, dossier_id: str,
    parsed: ParsedMessage | None = None,
) -> list[str]:  # fmt: skip
    """The ids suggested. The message stays filed whatever happens here: a failure is logged, the facts stay in the
    message view for the lawyer, and reprocessing the message suggests again."""
    facts = active_new_facts(reading, parsed)
    if not facts:
        return []
    try:
        return await suggest_from_facts(scope, dossier_id=dossier_id, source="courrier", source_id=message.id,
                                        facts=facts, reference_date=message_day(message, reading))  # fmt: skip
    except Exception:
        log.exception("mail %s: suggestions not recorded", message.id)
        return []
