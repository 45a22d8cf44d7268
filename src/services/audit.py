"""The audit trail: who did what, when, from where — always written in the same batch as the change itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from services.ports import Clock, IdGenerator, Statement


class Stamping(Protocol):
    """What an audit row needs: the clock and the id generator (an AppContext has both)."""

    @property
    def clock(self) -> Clock: ...

    @property
    def ids(self) -> IdGenerator: ...


@dataclass(frozen=True)
class Stamps:
    clock: Clock
    ids: IdGenerator


_COLUMNS = "INSERT INTO audit_log (id, cabinet_id, actor, action, subject, origin, at)"


def audit_entry(
    ctx: Stamping,
    *,
    cabinet_id: str | None,
    action: str,
    subject: str,
    origin: str,
    actor: str = "system",
    only_if_exists: Statement | None = None,
) -> Statement:
    """One audit row. With `only_if_exists` (a SELECT), the row is written only when that SELECT finds a row —
    how a batch records an `ON CONFLICT DO NOTHING` insert only when it actually happened."""
    values = (ctx.ids.new_id(), cabinet_id, actor, action, subject, origin, ctx.clock.now().isoformat())
    if only_if_exists is None:
        return Statement(f"{_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?)", values)
    sql = f"{_COLUMNS} SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS ({only_if_exists.sql})"
    return Statement(sql, (*values, *only_if_exists.params))
