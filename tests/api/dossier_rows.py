"""Dossier rows for the documents tests, written as raw statements (as tests/contract/test_dossier_access.py does)
until the dossiers feature's repository lands; through `ctx.db`, so they run on both runtimes."""

from __future__ import annotations

from d1.database import Statement
from services.context import AppContext

OPENED = "2026-03-02"


async def new_dossier(
    ctx: AppContext,
    cabinet_id: str,
    *,
    title: str = "Bail commercial Martin",
    visibility: str = "cabinet",
    responsible_id: str | None = None,
    team: tuple[str, ...] = (),
) -> str:
    dossier_id = ctx.ids.new_id()
    row = await ctx.db.first(
        "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM dossiers WHERE cabinet_id = ? AND year = 2026", cabinet_id
    )
    number = int(row["n"]) if row else 1
    now = ctx.clock.now().isoformat()
    await ctx.db.batch([
        Statement(
            "INSERT INTO dossiers (id, cabinet_id, reference, year, number, title, matter_type, status, visibility,"
            " responsible_id, opened_on, created_at, updated_at) VALUES (?, ?, ?, 2026, ?, ?, 'Baux commerciaux',"
            " 'ouvert', ?, ?, ?, ?, ?)",
            (dossier_id, cabinet_id, f"2026-{number:04d}", number, title, visibility, responsible_id, OPENED, now, now),
        ),
        *(
            Statement("INSERT INTO dossier_team (cabinet_id, dossier_id, person_id) VALUES (?, ?, ?)",
                      (cabinet_id, dossier_id, person_id))
            for person_id in team
        ),
    ])  # fmt: skip
    return dossier_id
