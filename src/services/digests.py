"""The morning digest (each working day) and the weekly report (Monday) each person receives by mail, sent in the
cabinet's morning by the `deadline.scan` job through the outbound-mail port (docs/echeances.md).

At-least-once, by choice: a digest's row (`digest_sends`) is claimed before the mail is handed to the transport and
marked sent after. A transport failure marks it failed and the job fails, so the queue's retry sends it again (a
recipient the transport refuses for good is marked refused and not retried); a
process that dies between the hand-over and the mark leaves a claim that is taken over after 15 minutes, and that
person may get the digest twice. Exactly-once cannot be had across a mail transport; a digest that never comes is
the worse failure for a deadline guardian (alerts, the real guarantee, are notifications written exactly once).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.digests import (
    DAILY,
    WEEKLY,
    Digest,
    build_digest,
    html_body,
    is_working_day,
    previous_working_day,
    subject,
    text_body,
    week_of,
)
from domain.people import Person
from services.ports import MailNotSent, OutboundMail
from services.scope import CabinetScope

log = logging.getLogger("poste.digests")
ABANDONED_AFTER = timedelta(minutes=15)
MAX_UNREAD_LISTED = 50


@dataclass(frozen=True)
class UnreadWindow:
    """Where the digest's unread notifications start: when the previous working day's digest was sent, or (none
    sent) that day's start in the cabinet's zone."""

    since: str  # UTC ISO-8601
    previous_period: str  # the previous daily digest's period (its local date)


async def unread_window(scope: CabinetScope, today: date) -> UnreadWindow:
    cabinet = await scope.cabinet.get()
    zone = ZoneInfo(cabinet.timezone if cabinet else "Europe/Paris")
    previous = previous_working_day(today)
    start = datetime.combine(previous, time(), zone).astimezone(UTC)
    return UnreadWindow(start.isoformat(), previous.isoformat())


class DigestsNotSent(Exception):
    """Some digests could not be handed to the transport: the job fails, its retry sends them."""


async def digests_for(
    scope: CabinetScope, person: Person, today: date, window: UnreadWindow | None = None
) -> list[Digest]:
    """What `person` receives on `today`: the day's digest on a working day (with their unread notifications), and
    the week's report on Monday."""
    repo = scope.deadline_scan
    found: list[Digest] = []
    if is_working_day(today):
        deadlines = await repo.digest_deadlines(person.id, today)
        hearings = await repo.digest_hearings(person.id, today, today)
        window = window or await unread_window(scope, today)
        unread = await scope.notifications.unread_for_digest(
            person.id, since=window.since, previous_period=window.previous_period, limit=MAX_UNREAD_LISTED
        )
        found.append(build_digest(DAILY, today.isoformat(), today, today, deadlines, hearings, unread))
    if today.weekday() == 0:
        week, monday, sunday = week_of(today)
        deadlines = await repo.digest_deadlines(person.id, sunday)
        hearings = await repo.digest_hearings(person.id, monday, sunday)
        found.append(build_digest(WEEKLY, week, today, sunday, deadlines, hearings))
    return [digest for digest in found if not digest.empty]


async def send_digests(scope: CabinetScope, today: date) -> int:
    """Sends each active person's digests for `today` once; returns how many this call sent."""
    sent, failed = 0, 0
    window = await unread_window(scope, today) if is_working_day(today) else None
    for person in await scope.people.listed(with_inactive=False):
        for digest in await digests_for(scope, person, today, window):
            outcome = await _send_once(scope, person, digest)
            sent += outcome is True
            failed += outcome is False
    if failed:
        raise DigestsNotSent(f"{failed} digest(s) not sent")
    return sent


async def _send_once(scope: CabinetScope, person: Person, digest: Digest) -> bool | None:
    """True when sent now, False when the transport failed for now (the job's retry sends it), None when another
    run has it or had it, or when the transport refuses it for good (a refused address: retrying cannot help)."""
    repo, now = scope.deadline_scan, scope.ctx.clock.now()
    claimed = await repo.claim_digest(person.id, digest.kind, digest.period, now=now.isoformat(),
                                      abandoned_before=(now - ABANDONED_AFTER).isoformat())  # fmt: skip
    if not claimed:
        return None
    mail = OutboundMail(person.email, subject(digest), text_body(digest, person.name), html_body(digest, person.name))
    try:
        message_id = await scope.ctx.mailer.send(mail)
    except MailNotSent as refused:
        log.exception("digest %s %s for %s not sent", digest.kind, digest.period, person.id)
        status = "echec" if refused.temporary else "refuse"  # a refused one is never claimed again
        failed = repo.digest_sent(person.id, digest.kind, digest.period, status=status,
                                  at=scope.ctx.clock.now().isoformat(), message_id="")  # fmt: skip
        await scope.commit(
            failed, action=f"digest.{status}", subject=person.id, summary=f"{digest.kind} {digest.period}"
        )
        return False if refused.temporary else None
    done = repo.digest_sent(person.id, digest.kind, digest.period, status="envoye",
                            at=scope.ctx.clock.now().isoformat(), message_id=message_id)  # fmt: skip
    await scope.commit(done, action="digest.envoye", subject=person.id, summary=f"{digest.kind} {digest.period}")
    return True
