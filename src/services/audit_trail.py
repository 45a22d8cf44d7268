"""The audit trail as associés read it: filtered, newest first, by pages; and as CSV for export."""

from __future__ import annotations

import base64
import csv
import io
from dataclasses import dataclass

from domain.actors import ensure_permission
from domain.audit import AuditEntry, AuditFilter
from domain.errors import InvalidInput
from services.scope import CabinetScope

MAX_PAGE = 200
EXPORT_LIMIT = 50_000  # one export answers with at most this many rows; narrow the dates for more
CSV_COLUMNS = ("at", "actor", "actor_name", "action", "subject", "summary", "client_ip", "user_agent", "origin")


@dataclass(frozen=True)
class AuditLine:
    entry: AuditEntry
    actor_name: str


@dataclass(frozen=True)
class AuditPage:
    lines: list[AuditLine]
    next_cursor: str | None


def _cursor_of(entry: AuditEntry) -> str:
    return base64.urlsafe_b64encode(f"{entry.at}|{entry.id}".encode()).decode().rstrip("=")


def _position(cursor: str | None) -> tuple[str, str] | None:
    if not cursor:
        return None
    try:
        at, _, entry_id = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition("|")
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("Curseur de pagination invalide.", field="cursor") from None
    if not at or not entry_id:
        raise InvalidInput("Curseur de pagination invalide.", field="cursor")
    return at, entry_id


async def _names(scope: CabinetScope) -> dict[str, str]:
    return {f"person:{person.id}": person.name for person in await scope.people.listed(with_inactive=True)}


async def search_audit(
    scope: CabinetScope, where: AuditFilter, *, cursor: str | None = None, limit: int = 50
) -> AuditPage:
    ensure_permission(scope.actor, "audit.read")
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"Indiquez une taille de page entre 1 et {MAX_PAGE}.", field="limit")
    entries = await scope.audit_log.search(where, after=_position(cursor), limit=limit + 1)
    names = await _names(scope)
    page = entries[:limit]
    lines = [AuditLine(entry, names.get(entry.actor, _actor_label(entry.actor))) for entry in page]
    return AuditPage(lines, _cursor_of(page[-1]) if len(entries) > limit else None)


async def export_audit(scope: CabinetScope, where: AuditFilter) -> str:
    ensure_permission(scope.actor, "audit.read")
    entries = await scope.audit_log.search(where, limit=EXPORT_LIMIT)
    names = await _names(scope)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        row = {**entry.__dict__, "actor_name": names.get(entry.actor, _actor_label(entry.actor))}
        writer.writerow([_cell(str(row[column])) for column in CSV_COLUMNS])
    return out.getvalue()


def _actor_label(actor: str) -> str:
    if actor == "system":
        return "IA Poste Manager"
    if actor.startswith("operator:"):
        return "Exploitant de la plateforme"
    return "Personne retirée"


def _cell(value: str) -> str:
    """A spreadsheet would run a cell that starts like a formula: such cells get a leading apostrophe (OWASP's CSV
    injection advice)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
