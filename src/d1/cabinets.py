"""A cabinet's own row."""

from __future__ import annotations

from d1.database import Database, Row, Statement
from domain.cabinets import Cabinet

COLUMNS = "id, name, inbound_address, timezone, created_at"


class Cabinets:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def get(self) -> Cabinet | None:
        row = await self._db.first(f"SELECT {COLUMNS} FROM cabinets WHERE id = ?", self._cabinet_id)
        return cabinet_of(row) if row else None

    def insert(self, cabinet: Cabinet) -> Statement:
        """Refused by the database (ConstraintViolation) when another cabinet has the inbound address."""
        if cabinet.id != self._cabinet_id:
            raise ValueError("a cabinet's repository inserts only that cabinet")
        return Statement(
            f"INSERT INTO cabinets ({COLUMNS}) VALUES (?, ?, ?, ?, ?)",
            (cabinet.id, cabinet.name, cabinet.inbound_address, cabinet.timezone, cabinet.created_at),
        )


def cabinet_of(row: Row) -> Cabinet:
    return Cabinet(
        id=str(row["id"]),
        name=str(row["name"]),
        inbound_address=str(row["inbound_address"]),
        timezone=str(row["timezone"]),
        created_at=str(row["created_at"]),
    )
