"""Copies a seeded local database into the SQLite file behind a Miniflare D1 database (bench/dossiers_api.py): the
same migrations first, then every table's rows; the full-text index's own tables are copied as they are instead of
being rebuilt row by row through the triggers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from local.migrations import apply_migrations

FTS_SHADOWS = ("search_index_data", "search_index_idx", "search_index_docsize", "search_index_config")


def copy_into(source: Path, target: Path) -> None:
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        apply_migrations(conn)
        conn.execute("ATTACH DATABASE ? AS seeded", (str(source),))
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM seeded.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'search_index%' AND name != 'd1_migrations' ORDER BY rowid")]  # fmt: skip
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN")
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        for table in [*tables, *FTS_SHADOWS]:
            conn.execute(f"DELETE FROM main.{table}")
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM seeded.{table}")
        for _, sql in triggers:
            conn.execute(sql)
        conn.execute("COMMIT")
    finally:
        conn.close()
