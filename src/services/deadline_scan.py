"""The daily deadline scan (docs/echeances.md, "Daily scan"): at 07:00 in each cabinet's own time zone, one
`deadline.scan` job per cabinet raises the alerts due that day, then sends the morning digests.

Exactly once, whatever the cron does: the hourly firing claims its minute (`scheduled_runs`), the job skips a
cabinet's local date already done (`morning_runs`), and each alert's notification (under its dedupe key
`alert:{deadline}:{threshold}`) is written in the same atomic batch as the advance of `next_alert_on`, guarded by
the value read. So two runs of one morning at the same time raise each alert once, and a run that dies half-way
leaves every alert either wholly written or not at all: the queue's retry runs the morning again and raises what is
left, nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar, Self
from zoneinfo import ZoneInfo

from d1.database import Statement
from d1.deadline_scan import notification_stored
from domain.actors import SYSTEM, Role
from domain.alerts import (
    DueDeadline,
    Threshold,
    alert_body,
    alert_key,
    alert_title,
    crossed,
    escalation_key,
    next_alert_after,
)
from domain.cabinets import DEFAULT_ALERT_DAYS, Cabinet
from domain.notifications import Audience, NewNotification, NotificationType
from services.context import AppContext
from services.digests import send_digests
from services.jobs import text_field
from services.ports import JsonDict
from services.recompute import recompute_outdated
from services.scope import CabinetScope, SystemScope

MORNING_HOUR = 7  # local time, in each cabinet's own zone
# The firings of the next hours send the job again until the morning is done: a firing lost, or a fan-out that died
# half-way, delays a cabinet's morning by an hour instead of skipping it (a done morning costs one write to skip).
CATCH_UP_HOURS = 3
SCAN_PAGE = 200
ALERTS_PER_BATCH = 10  # alerts per atomic batch (each is ~6 to 10 statements)


@dataclass(frozen=True)
class DeadlineScan:
    """One cabinet's morning: the alerts due on its local date, then its digests."""

    kind: ClassVar[str] = "deadline.scan"
    cabinet_id: str
    local_date: str
    scheduled_at: str  # UTC ISO-8601 of the firing

    def body(self) -> JsonDict:
        return {"id": f"{self.kind}:{self.cabinet_id}:{self.local_date}", "kind": self.kind,
                "cabinet_id": self.cabinet_id, "local_date": self.local_date,
                "scheduled_at": self.scheduled_at}  # fmt: skip

    @classmethod
    def parse(cls, body: JsonDict) -> Self:
        return cls(*(text_field(body, name) for name in ("cabinet_id", "local_date", "scheduled_at")))


@dataclass(frozen=True)
class RaisedAlert:
    cabinet_id: str
    deadline_id: str
    dossier_reference: str
    threshold: str
    due_date: str

    def as_json(self) -> JsonDict:
        return {"cabinet": self.cabinet_id, "deadline_id": self.deadline_id, "dossier": self.dossier_reference,
                "threshold": self.threshold, "due_date": self.due_date}  # fmt: skip


def local_time(cabinet: Cabinet, at: datetime) -> datetime:
    return at.astimezone(ZoneInfo(cabinet.timezone))


async def fan_out_mornings(system: SystemScope, scheduled_at: datetime) -> int:
    """The hourly firing's share: one job for each cabinet whose local time is its morning hour (or one of the
    catch-up hours after it: the job does nothing once the morning is done)."""
    sent = 0
    for cabinet in await system.cross_cabinet.cabinets():
        local = local_time(cabinet, scheduled_at)
        if not MORNING_HOUR <= local.hour <= MORNING_HOUR + CATCH_UP_HOURS:
            continue
        job = DeadlineScan(cabinet.id, local.date().isoformat(), scheduled_at.isoformat())
        await system.ctx.jobs.send(job.body())
        sent += 1
    return sent


async def run_morning(ctx: AppContext, job: DeadlineScan) -> None:
    """The `deadline.scan` job: records the cabinet's morning (skipped once done), raises its alerts, sends its
    digests; a failure is recorded and raised, so the queue retries the job."""
    scope = CabinetScope(ctx, job.cabinet_id, SYSTEM, "cron")
    repo = scope.deadline_scan
    if not await repo.start_morning(job.local_date, now=ctx.clock.now().isoformat()):
        return
    today = date.fromisoformat(job.local_date)
    raised: list[RaisedAlert] = []
    try:
        cabinet = await scope.cabinet.get()
        alert_days = cabinet.alert_days if cabinet else DEFAULT_ALERT_DAYS
        await recompute_outdated(scope)  # a rule changed since they were computed: their lawyers are told
        raised = await scan_deadlines(scope, today, alert_days)
        await send_digests(scope, today)
    except Exception:
        await _finish(scope, job.local_date, "failed", len(raised))
        raise
    await _finish(scope, job.local_date, "done", len(raised))


async def _finish(scope: CabinetScope, local_date: str, status: str, alerts: int) -> None:
    finish = scope.deadline_scan.finish_morning(local_date, status, scope.ctx.clock.now().isoformat(), alerts)
    await scope.commit(finish, action=f"deadline.scan.{status}", subject=local_date, summary=f"{alerts} alerte(s)")


async def scan_deadlines(
    scope: CabinetScope, today: date, alert_days: tuple[int, ...] = DEFAULT_ALERT_DAYS, *,
    per_batch: int = ALERTS_PER_BATCH,
) -> list[RaisedAlert]:  # fmt: skip
    """Raises every alert due on `today` (the cabinet's local date); returns those this call raised. Each row read
    leaves the window once handled, so the next page starts at the rows not yet seen. Alerts go `per_batch` to a
    batch: each batch is atomic, so a crash leaves each alert wholly written or not at all, and D1's queries per
    invocation (1,000) hold a morning of thousands of alerts."""
    raised: list[RaisedAlert] = []
    seen: set[str] = set()
    while True:
        page = [d for d in await scope.deadline_scan.due(today, limit=SCAN_PAGE) if d.id not in seen]
        seen.update(d.id for d in page)
        for start in range(0, len(page), per_batch):
            planned = [_plan(scope, d, today, alert_days) for d in page[start : start + per_batch]]
            raised += await _commit(scope, planned)
        if not page:
            return raised


@dataclass(frozen=True)
class _Planned:
    deadline: DueDeadline
    threshold: Threshold | None  # None: not yet in the window (the cabinet's thresholds changed), only moved on
    writes: list[Statement]  # the notifications' statements, the first one's first, then the advance
    note_id: str | None  # the lawyer's notification, whose landing says the alert was raised by this run

    def audit(self, scope: CabinetScope) -> tuple[str, str, Statement | None]:
        if self.threshold is None or self.note_id is None:
            return "deadline.alert.reporte", "", None
        return "deadline.alert", self.threshold.label, scope.deadline_scan.alert_stored(self.note_id)


def _plan(scope: CabinetScope, deadline: DueDeadline, today: date, alert_days: tuple[int, ...]) -> _Planned:
    threshold = crossed(deadline.due_date, today, alert_days)
    advance = scope.deadline_scan.advance(deadline, next_alert_after(deadline.due_date, threshold, alert_days))
    if threshold is None:
        return _Planned(deadline, None, [advance], None)
    notes = _notifications(scope, deadline, threshold)
    writes = [statement for note in notes for statement in scope.notify(note)]
    return _Planned(deadline, threshold, [*writes, advance], notes[0].id)


async def _commit(scope: CabinetScope, planned: list[_Planned]) -> list[RaisedAlert]:
    """One batch: every planned write, an audit row per alert written only if its notification landed."""
    writes: list[Statement] = []
    starts: list[int] = []
    for item in planned[:-1]:
        starts.append(len(writes))
        action, summary, only_if = item.audit(scope)
        writes += [*item.writes, scope.audit_row(action, item.deadline.id, summary, only_if=only_if)]
    last = planned[-1]
    starts.append(len(writes))
    action, summary, only_if = last.audit(scope)
    results = await scope.commit(*writes, *last.writes, action=action, subject=last.deadline.id, summary=summary,
                                 only_if=only_if)  # fmt: skip
    return [
        RaisedAlert(
            scope.cabinet_id,
            item.deadline.id,
            item.deadline.dossier_reference,
            item.threshold.label,
            item.deadline.due_date.isoformat(),
        )
        for item, start in zip(planned, starts, strict=True)
        if item.threshold is not None and notification_stored(results[start:])
    ]


def _notifications(scope: CabinetScope, deadline: DueDeadline, threshold: Threshold) -> list[NewNotification]:
    """The alert to the deadline's lawyer (the dossier's audience when it has none); overdue, the associés too."""
    ids, now = scope.ctx.ids, scope.ctx.clock.now().isoformat()
    audience = (
        Audience.people(deadline.responsible_id) if deadline.responsible_id else Audience.dossier(deadline.dossier_id)
    )
    kind = NotificationType.OVERDUE if threshold.overdue else NotificationType.ALERT
    title, body = alert_title(threshold, deadline.dossier_reference), alert_body(deadline, threshold)

    def note(key: str, to: Audience) -> NewNotification:
        return NewNotification(ids.new_id(), key, kind, title, body, "/echeances", to, now, deadline.dossier_id,
                               deadline.id)  # fmt: skip

    notes = [note(alert_key(deadline.id, threshold), audience)]
    if threshold.overdue:
        notes.append(note(escalation_key(deadline.id), Audience.roles(Role.ASSOCIE.value)))
    return notes


async def scan_at(system: SystemScope, at: datetime) -> tuple[int, list[RaisedAlert]]:
    """Every cabinet's scan as it would run at the instant `at` (each on its own local date), without claiming the
    morning or sending digests: `./poste scan --at`. A naive `at` is each cabinet's local time."""
    cabinets = await system.cross_cabinet.cabinets()
    raised: list[RaisedAlert] = []
    for cabinet in cabinets:
        zone = ZoneInfo(cabinet.timezone)
        today = (at.replace(tzinfo=zone) if at.tzinfo is None else at.astimezone(zone)).date()
        raised += await scan_deadlines(system.for_cabinet(cabinet.id), today, cabinet.alert_days)
    return len(cabinets), raised
