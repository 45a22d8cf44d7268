"""The migrations the code expects, so `/api/health` can say whether a database is fully migrated.

Workers do not ship the `migrations/` folder, hence this list; a test keeps it equal to the folder's content.
"""

from __future__ import annotations

from d1.database import Database

EXPECTED_MIGRATIONS: tuple[str, ...] = (
    "0001_foundation.sql",
    "0002_mail_readings.sql",
    "0003_inbound_mail_content.sql",
    "0004_people_and_sessions.sql",
    "0005_dossiers.sql",
    "0006_rgpd.sql",
    "0007_notifications.sql",
    "0008_echeances.sql",
    "0009_courrier.sql",
    "0010_alerts.sql",
    "0011_notification_preferences.sql",
    "0012_transcriptions.sql",
)


async def applied_migrations(db: Database) -> list[str]:
    rows = await db.all("SELECT name FROM d1_migrations ORDER BY id")
    return [str(row["name"]) for row in rows]


async def missing_migrations(db: Database) -> list[str]:
    applied = set(await applied_migrations(db))
    return [name for name in EXPECTED_MIGRATIONS if name not in applied]
