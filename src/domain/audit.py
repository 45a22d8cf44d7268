"""One line of the audit trail: who did what, when, from where, and what changed (a summary without secrets)."""

from __future__ import annotations

from dataclasses import dataclass

MAX_SUMMARY_CHARS = 500
MAX_USER_AGENT_CHARS = 300


@dataclass(frozen=True)
class Client:
    """Where a request came from, as the audit trail and the sessions list show it."""

    ip: str = ""
    user_agent: str = ""

    def trimmed(self) -> Client:
        return Client(self.ip[:64], self.user_agent[:MAX_USER_AGENT_CHARS])


NO_CLIENT = Client()


@dataclass(frozen=True)
class AuditEntry:
    id: str
    cabinet_id: str | None  # None for platform work that belongs to no cabinet (unrouted mail, cron runs)
    actor: str
    action: str
    subject: str
    origin: str
    at: str  # UTC ISO-8601
    summary: str = ""  # before/after in a few words ("rôle : avocat → associé"), never a secret
    client_ip: str = ""
    user_agent: str = ""


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None  # an exact action, or a prefix ending in "." ("person.")
    subject: str | None = None
    since: str | None = None
    until: str | None = None
