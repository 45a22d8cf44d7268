"""Deadlines and hearings for the tests of the daily scan, the digests and the calendar feed, written as rows of
migrations/0008_echeances.sql (the deadlines feature's own repository is built on another branch; this seed writes
only the columns the scan, the digests and the feed read, as that feature stores them)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from d1.database import Statement
from domain.alerts import first_alert_on
from domain.deadlines import ENGINE_VERSION

NOW = "2026-03-02T08:30:00+00:00"


async def add_deadline(
    database: Any, deadline_id: str, cabinet_id: str, dossier_id: str, due: date, *,
    responsible_id: str | None = None, status: str = "a_faire", title: str = "Conclusions d'appelant",
    alert_days: tuple[int, ...] = (7, 3, 1, 0), version: int = 1, engine_version: str = ENGINE_VERSION,
) -> None:  # fmt: skip
    next_alert_on = first_alert_on(due, alert_days).isoformat() if status == "a_faire" else None
    await database.batch([Statement(
        "INSERT INTO deadlines (id, cabinet_id, dossier_id, title, kind, trigger_date, computed_due_date, due_date,"
        " alert_date, next_alert_on, responsible_id, status, source, version, created_by, created_at, updated_at,"
        " engine_version) VALUES (?, ?, ?, ?, 'appel', ?, ?, ?, ?, ?, ?, ?, 'manuel', ?, 'person:seed', ?, ?, ?)",
        (deadline_id, cabinet_id, dossier_id, title, (due - timedelta(days=30)).isoformat(), due.isoformat(),
         due.isoformat(), next_alert_on, next_alert_on, responsible_id, status, version, NOW, NOW,
         engine_version),
    )])  # fmt: skip


async def add_hearing(
    database: Any, hearing_id: str, cabinet_id: str, dossier_id: str, day: date, *, time: str | None = "09:30",
    status: str = "prevue", court: str = "Tribunal judiciaire de Lyon", chamber: str = "3e chambre",
    hearing_type: str = "plaidoiries", version: int = 1,
) -> None:  # fmt: skip
    await database.batch([Statement(
        "INSERT INTO hearings (id, cabinet_id, dossier_id, date, time, court, chamber, hearing_type, status, source,"
        " version, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'manuel', ?, 'person:seed',"
        " ?, ?)",
        (hearing_id, cabinet_id, dossier_id, day.isoformat(), time, court, chamber, hearing_type, status, version,
         NOW, NOW),
    )])  # fmt: skip


async def next_alert_on(database: Any, cabinet_id: str, deadline_id: str) -> str | None:
    row = await database.first(
        "SELECT next_alert_on FROM deadlines WHERE cabinet_id = ? AND id = ?", cabinet_id, deadline_id
    )
    return None if row is None or row["next_alert_on"] is None else str(row["next_alert_on"])
