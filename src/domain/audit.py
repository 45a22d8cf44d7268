"""One line of the audit trail: who did what, when, from where."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AuditEntry:
    id: str
    cabinet_id: str | None  # None for platform work that belongs to no cabinet (unrouted mail, cron runs)
    actor: str
    action: str
    subject: str
    origin: str
    at: str  # UTC ISO-8601
