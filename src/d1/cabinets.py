"""A cabinet's own row."""

from __future__ import annotations

import json

from d1.database import Database, Row, Statement
from domain.cabinets import Cabinet, TotpPolicy

COLUMNS = "id, name, slug, inbound_address, timezone, created_at, court_zone, alert_days, retention_days, totp_policy"


class Cabinets:
    def __init__(self, db: Database, cabinet_id: str) -> None:
        self._db = db
        self._cabinet_id = cabinet_id

    async def get(self) -> Cabinet | None:
        row = await self._db.first(f"SELECT {COLUMNS} FROM cabinets WHERE id = ?", self._cabinet_id)
        return cabinet_of(row) if row else None

    def insert(self, cabinet: Cabinet) -> Statement:
        """Refused by the database (ConstraintViolation) when another cabinet has the slug or inbound address."""
        if cabinet.id != self._cabinet_id:
            raise ValueError("a cabinet's repository inserts only that cabinet")
        return Statement(
            f"INSERT INTO cabinets ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                cabinet.id,
                cabinet.name,
                cabinet.slug,
                cabinet.inbound_address,
                cabinet.timezone,
                cabinet.created_at,
                cabinet.court_zone,
                json.dumps(list(cabinet.alert_days)),
                cabinet.retention_days,
                cabinet.totp_policy.value,
            ),
        )

    def update_settings(self, cabinet: Cabinet) -> Statement:
        """The settings a cabinet's associés change (the slug and inbound address never change: mail is sent there)."""
        if cabinet.id != self._cabinet_id:
            # The row updated is always the bound one: another cabinet's value would copy its settings here.
            raise ValueError("a cabinet's repository changes only that cabinet")
        return Statement(
            "UPDATE cabinets SET name = ?, timezone = ?, court_zone = ?, alert_days = ?, retention_days = ?,"
            " totp_policy = ? WHERE id = ?",
            (
                cabinet.name,
                cabinet.timezone,
                cabinet.court_zone,
                json.dumps(list(cabinet.alert_days)),
                cabinet.retention_days,
                cabinet.totp_policy.value,
                self._cabinet_id,
            ),
        )


def cabinet_of(row: Row) -> Cabinet:
    return Cabinet(
        id=str(row["id"]),
        name=str(row["name"]),
        slug=str(row["slug"]),
        inbound_address=str(row["inbound_address"]),
        timezone=str(row["timezone"]),
        created_at=str(row["created_at"]),
        court_zone=str(row["court_zone"]),
        alert_days=tuple(int(day) for day in json.loads(str(row["alert_days"]))),
        retention_days=int(row["retention_days"]),
        totp_policy=TotpPolicy(str(row["totp_policy"])),
    )
