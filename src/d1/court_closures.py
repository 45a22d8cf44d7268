"""The days a cabinet's court declared closed (migrations/0008_echeances.sql): the engine counts them as non-working
for that cabinet's deadlines."""

from __future__ import annotations

from d1.database import Database, Statement
from domain.echeances import CourtClosure


class CourtClosures:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def all(self) -> list[CourtClosure]:
        rows = await self._db.all(
            "SELECT day, reason, created_at FROM court_closures WHERE cabinet_id = ? ORDER BY day LIMIT 2000",
            self._cabinet_id,
        )
        return [CourtClosure(str(row["day"]), str(row["reason"]), str(row["created_at"])) for row in rows]

    async def get(self, day: str) -> CourtClosure | None:
        row = await self._db.first(
            "SELECT day, reason, created_at FROM court_closures WHERE cabinet_id = ? AND day = ?", self._cabinet_id, day
        )
        return CourtClosure(str(row["day"]), str(row["reason"]), str(row["created_at"])) if row else None

    def insert(self, closure: CourtClosure) -> Statement:
        """A day declared twice keeps its first reason."""
        return Statement(
            "INSERT INTO court_closures (cabinet_id, day, reason, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO"
            " NOTHING",
            (self._cabinet_id, closure.day, closure.reason, closure.created_at),
        )

    def delete(self, day: str) -> Statement:
        return Statement("DELETE FROM court_closures WHERE cabinet_id = ? AND day = ?", (self._cabinet_id, day))
