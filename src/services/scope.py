"""The scope of one request, job, delivery or CLI call: the context, the actor, where the call came from, and —
for a `CabinetScope` — the one cabinet it may touch. Built once at the edge; repositories come from it already
bound, so no query can forget the cabinet; `commit` sends the writes and their audit row as ONE atomic batch.

`SystemScope` is for work that belongs to no cabinet yet: creating one, mail to an unknown address, the cron's
bookkeeping, a login before the person is known. It can hand out a `CabinetScope` once the cabinet is known
(`for_cabinet`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from d1.attempts import AttemptCounters
from d1.audit import AuditLog
from d1.cabinets import Cabinets
from d1.calendar_tokens import CalendarTokens
from d1.client_records import ClientRecords
from d1.clients import Clients
from d1.conflict_checks import ConflictChecks
from d1.court_closures import CourtClosures
from d1.court_references import CourtReferences
from d1.cross_cabinet import CrossCabinet
from d1.dashboard import Dashboard
from d1.database import Statement, StatementResult
from d1.deadline_scan import DeadlineScan
from d1.deadlines import Deadlines
from d1.documents import Documents
from d1.dossier_access import DossierAccess
from d1.dossiers import Dossiers
from d1.erasure import Erasure
from d1.hearings import Hearings
from d1.inbound_mail import InboundMail, UnroutedMail
from d1.invitations import Invitations
from d1.notification_preferences import NotificationPreferences
from d1.notifications import Notifications
from d1.parties import Parties
from d1.password_resets import PasswordResets
from d1.people import People
from d1.procedures import Procedures
from d1.scheduled_runs import ScheduledRuns
from d1.search import Search
from d1.search_index import SearchIndex
from d1.sessions import SessionRecords
from d1.transcriptions import Transcriptions
from domain.actors import Actor
from domain.audit import NO_CLIENT, AuditEntry, Client
from domain.notifications import NewNotification
from services.context import AppContext
from services.push import push_stored


@dataclass(frozen=True)
class _Commit:
    action: str
    subject: str
    summary: str
    only_if: Statement | None


async def _commit(
    ctx: AppContext,
    cabinet_id: str | None,
    actor: Actor,
    origin: str,
    client: Client,
    writes: tuple[Statement, ...],
    what: _Commit,
) -> list[StatementResult]:
    entry = AuditEntry(
        ctx.ids.new_id(),
        cabinet_id,
        actor.label,
        what.action,
        what.subject,
        origin,
        ctx.clock.now().isoformat(),
        what.summary[:500],
        client.ip,
        client.user_agent,
    )
    audit = AuditLog(ctx.db, cabinet_id).record(entry, only_if=what.only_if)
    results = await ctx.db.batch([*writes, audit])
    return results[: len(writes)]


@dataclass(frozen=True)
class CabinetScope:
    ctx: AppContext
    cabinet_id: str
    actor: Actor
    origin: str  # "api", "email", "job", "cron", "cli"
    client: Client = NO_CLIENT  # where an API request came from, for the audit trail
    session_id: str | None = None  # the session a person acts through (API only)
    # Notifications written through `notify` since the last commit: pushed live once that commit lands.
    _to_push: list[str] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def cabinet(self) -> Cabinets:
        return Cabinets(self.ctx.db, self.cabinet_id)

    @property
    def inbound_mail(self) -> InboundMail:
        return InboundMail(self.ctx.db, self.cabinet_id)

    @property
    def audit_log(self) -> AuditLog:
        return AuditLog(self.ctx.db, self.cabinet_id)

    @property
    def people(self) -> People:
        return People(self.ctx.db, self.cabinet_id)

    @property
    def invitations(self) -> Invitations:
        return Invitations(self.ctx.db, self.cabinet_id)

    @property
    def password_resets(self) -> PasswordResets:
        return PasswordResets(self.ctx.db, self.cabinet_id)

    @property
    def sessions(self) -> SessionRecords:
        return SessionRecords(self.ctx.db, self.cabinet_id)

    @property
    def attempts(self) -> AttemptCounters:
        return AttemptCounters(self.ctx.db)

    @property
    def client_records(self) -> ClientRecords:
        return ClientRecords(self.ctx.db, self.cabinet_id)

    @property
    def erasure(self) -> Erasure:
        return Erasure(self.ctx.db, self.cabinet_id)

    @property
    def clients(self) -> Clients:
        return Clients(self.ctx.db, self.cabinet_id)

    @property
    def dossiers(self) -> Dossiers:
        return Dossiers(self.ctx.db, self.cabinet_id)

    @property
    def parties(self) -> Parties:
        return Parties(self.ctx.db, self.cabinet_id)

    @property
    def court_references(self) -> CourtReferences:
        return CourtReferences(self.ctx.db, self.cabinet_id)

    @property
    def conflict_checks(self) -> ConflictChecks:
        return ConflictChecks(self.ctx.db, self.cabinet_id)

    def audit_row(self, action: str, subject: str, summary: str = "", only_if: Statement | None = None) -> Statement:
        """A second audit row for a batch that records two events (a dossier opened and its conflict check); with
        `only_if`, written only when that SELECT finds a row (as `commit`'s)."""
        now = self.ctx.clock.now().isoformat()
        entry = AuditEntry(self.ctx.ids.new_id(), self.cabinet_id, self.actor.label, action, subject, self.origin,
                           now, summary[:500], self.client.ip, self.client.user_agent)  # fmt: skip
        return self.audit_log.record(entry, only_if=only_if)

    @property
    def documents(self) -> Documents:
        return Documents(self.ctx.db, self.cabinet_id)

    @property
    def transcriptions(self) -> Transcriptions:
        return Transcriptions(self.ctx.db, self.cabinet_id)

    @property
    def dossier_access(self) -> DossierAccess:
        return DossierAccess(self.ctx.db, self.cabinet_id)

    @property
    def search(self) -> Search:
        return Search(self.ctx.db, self.cabinet_id)

    @property
    def search_index(self) -> SearchIndex:
        return SearchIndex(self.ctx.db, self.cabinet_id)

    @property
    def notifications(self) -> Notifications:
        return Notifications(self.ctx.db, self.cabinet_id)

    @property
    def dashboard(self) -> Dashboard:
        return Dashboard(self.ctx.db, self.cabinet_id)

    @property
    def notification_preferences(self) -> NotificationPreferences:
        return NotificationPreferences(self.ctx.db, self.cabinet_id)

    def notify(self, note: NewNotification, only_if: Statement | None = None) -> list[Statement]:
        """The statements that store `note` (for this scope's next `commit`), which then pushes it live; with
        `only_if`, stored only when that SELECT finds a row after the change."""
        self._to_push.append(note.id)
        return self.notifications.insert(note, only_if)

    @property
    def deadlines(self) -> Deadlines:
        return Deadlines(self.ctx.db, self.cabinet_id)

    @property
    def hearings(self) -> Hearings:
        return Hearings(self.ctx.db, self.cabinet_id)

    @property
    def procedures(self) -> Procedures:
        return Procedures(self.ctx.db, self.cabinet_id)

    @property
    def court_closures(self) -> CourtClosures:
        return CourtClosures(self.ctx.db, self.cabinet_id)

    @property
    def calendar_tokens(self) -> CalendarTokens:
        return CalendarTokens(self.ctx.db, self.cabinet_id)

    @property
    def deadline_scan(self) -> DeadlineScan:
        return DeadlineScan(self.ctx.db, self.cabinet_id)

    def acting_as(self, actor: Actor) -> CabinetScope:
        """The same scope for another actor: a person who has just proved who they are (login, invitation)."""
        return replace(self, actor=actor)

    async def commit(
        self, *writes: Statement, action: str, subject: str, only_if: Statement | None = None, summary: str = ""
    ) -> list[StatementResult]:
        """The writes and one audit row, atomically. With `only_if` (a SELECT), the audit row is written only
        when that SELECT finds a row after the writes (an `ON CONFLICT DO NOTHING` insert that did happen)."""
        what = _Commit(action, subject, summary, only_if)
        to_push = list(self._to_push)
        self._to_push.clear()
        results = await _commit(self.ctx, self.cabinet_id, self.actor, self.origin, self.client, writes, what)
        if to_push:
            await push_stored(self.ctx, self.cabinet_id, to_push)
        return results


@dataclass(frozen=True)
class SystemScope:
    ctx: AppContext
    actor: Actor
    origin: str
    client: Client = NO_CLIENT

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

    @property
    def attempts(self) -> AttemptCounters:
        return AttemptCounters(self.ctx.db)

    def for_cabinet(self, cabinet_id: str) -> CabinetScope:
        return CabinetScope(self.ctx, cabinet_id, self.actor, self.origin, self.client)

    async def commit(
        self, *writes: Statement, action: str, subject: str, only_if: Statement | None = None, summary: str = ""
    ) -> list[StatementResult]:
        what = _Commit(action, subject, summary, only_if)
        return await _commit(self.ctx, None, self.actor, self.origin, self.client, writes, what)
