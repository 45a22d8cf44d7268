"""The scope of one request, job, delivery or CLI call: the context, the actor, where the call came from, and —
for a `CabinetScope` — the one cabinet it may touch. Built once at the edge; repositories come from it already
bound, so no query can forget the cabinet; `commit` sends the writes and their audit row as ONE atomic batch.

`SystemScope` is for work that belongs to no cabinet yet: creating one, mail to an unknown address, the cron's
bookkeeping. It can hand out a `CabinetScope` once the cabinet is known (`for_cabinet`).
"""

from __future__ import annotations

from dataclasses import dataclass

from d1.audit import AuditLog
from d1.cabinets import Cabinets
from d1.cross_cabinet import CrossCabinet
from d1.database import Statement, StatementResult
from d1.inbound_mail import InboundMail, UnroutedMail
from d1.scheduled_runs import ScheduledRuns
from domain.actors import Actor
from domain.audit import AuditEntry
from services.context import AppContext


async def _commit(
    ctx: AppContext,
    cabinet_id: str | None,
    actor: Actor,
    origin: str,
    writes: tuple[Statement, ...],
    action: str,
    subject: str,
    only_if: Statement | None,
) -> list[StatementResult]:
    entry = AuditEntry(ctx.ids.new_id(), cabinet_id, actor.label, action, subject, origin, ctx.clock.now().isoformat())
    audit = AuditLog(ctx.db, cabinet_id).record(entry, only_if=only_if)
    results = await ctx.db.batch([*writes, audit])
    return results[: len(writes)]


@dataclass(frozen=True)
class CabinetScope:
    ctx: AppContext
    cabinet_id: str
    actor: Actor
    origin: str  # "api", "email", "job", "cron", "cli"

    @property
    def cabinet(self) -> Cabinets:
        return Cabinets(self.ctx.db, self.cabinet_id)

    @property
    def inbound_mail(self) -> InboundMail:
        return InboundMail(self.ctx.db, self.cabinet_id)

    @property
    def audit_log(self) -> AuditLog:
        return AuditLog(self.ctx.db, self.cabinet_id)

    async def commit(
        self, *writes: Statement, action: str, subject: str, only_if: Statement | None = None
    ) -> list[StatementResult]:
        """The writes and one audit row, atomically. With `only_if` (a SELECT), the audit row is written only
        when that SELECT finds a row after the writes (an `ON CONFLICT DO NOTHING` insert that did happen)."""
        return await _commit(self.ctx, self.cabinet_id, self.actor, self.origin, writes, action, subject, only_if)


@dataclass(frozen=True)
class SystemScope:
    ctx: AppContext
    actor: Actor
    origin: str

    @property
    def cross_cabinet(self) -> CrossCabinet:
        return CrossCabinet(self.ctx.db)

    @property
    def unrouted_mail(self) -> UnroutedMail:
        return UnroutedMail(self.ctx.db)

    @property
    def scheduled_runs(self) -> ScheduledRuns:
        return ScheduledRuns(self.ctx.db)

    @property
    def audit_log(self) -> AuditLog:
        return AuditLog(self.ctx.db, None)

    def for_cabinet(self, cabinet_id: str) -> CabinetScope:
        return CabinetScope(self.ctx, cabinet_id, self.actor, self.origin)

    async def commit(
        self, *writes: Statement, action: str, subject: str, only_if: Statement | None = None
    ) -> list[StatementResult]:
        return await _commit(self.ctx, None, self.actor, self.origin, writes, action, subject, only_if)
