"""Applies `migrations/NNNN_name.sql` to a local SQLite database, recorded in `d1_migrations` as wrangler does."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
_NAME = re.compile(r"^\d{4}_[a-z0-9_]+\.sql$")

_TRACKING_TABLE = """
CREATE TABLE IF NOT EXISTS d1_migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)
"""


def migration_files(directory: Path = MIGRATIONS_DIR) -> list[Path]:
    files = sorted(path for path in directory.glob("*.sql"))
    misnamed = [path.name for path in files if not _NAME.match(path.name)]
    if misnamed:
        raise ValueError(f"migrations must be named NNNN_name.sql: {', '.join(misnamed)}")
    return files


def apply_migrations(conn: sqlite3.Connection, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Applies the pending migrations, each atomically with its record; returns the names applied."""
    conn.execute(_TRACKING_TABLE)
    done = {row[0] for row in conn.execute("SELECT name FROM d1_migrations")}
    applied = []
    for path in migration_files(directory):
        if path.name in done:
            continue
        script = path.read_text(encoding="utf-8")
        record = f"INSERT INTO d1_migrations (name) VALUES ('{path.name}');"
        try:
            conn.executescript(f"BEGIN;\n{script}\n;{record}\nCOMMIT;")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(path.name)
    return applied
