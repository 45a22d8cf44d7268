"""Which dossiers an actor may see (d1/dossier_access.py), on SQLite and on D1: a dossier open to the cabinet is
seen by everyone; one kept to its team by its responsible lawyer, its team and the associés; none in another cabinet."""

from __future__ import annotations

from d1.database import Statement
from d1.dossier_access import DossierAccess
from domain.actors import SYSTEM, Actor, Role
from tests.contract.seed import add_cabinet

NOW = "2026-03-02T08:30:00+00:00"


def dossier(dossier_id: str, cabinet_id: str, number: int, visibility: str, responsible: str | None) -> Statement:
    return Statement(
        "INSERT INTO dossiers (id, cabinet_id, reference, year, number, title, matter_type, status, visibility,"
        " responsible_id, opened_on, created_at, updated_at) VALUES (?, ?, ?, 2026, ?, 'Titre', 'Bail', 'ouvert', ?,"
        " ?, '2026-03-02', ?, ?)",
        (dossier_id, cabinet_id, f"2026-{number:04d}", number, visibility, responsible, NOW, NOW),
    )


async def seeded(database) -> DossierAccess:
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await database.batch([
        dossier("open", "cab1", 1, "cabinet", None),
        dossier("kept", "cab1", 2, "equipe", "lawyer"),
        dossier("other", "cab2", 1, "cabinet", None),
        Statement(
            "INSERT INTO dossier_team (cabinet_id, dossier_id, person_id) VALUES ('cab1', 'kept', 'teammate')"
        ),
    ])  # fmt: skip
    return DossierAccess(database, "cab1")


async def test_a_dossier_open_to_the_cabinet_is_seen_by_everyone_in_it_and_nobody_else(database):
    access = await seeded(database)
    assistant = Actor("person", "someone", Role.ASSISTANT)
    assert await access.may_see(assistant, "open")
    assert not await access.may_see(assistant, "other")
    assert not await access.may_see(assistant, "unknown")


async def test_a_dossier_kept_to_its_team_is_seen_by_its_lawyer_its_team_and_the_associes_only(database):
    access = await seeded(database)
    assert await access.may_see(Actor("person", "lawyer", Role.AVOCAT), "kept")
    assert await access.may_see(Actor("person", "teammate", Role.ASSISTANT), "kept")
    assert await access.may_see(Actor("person", "boss", Role.ASSOCIE), "kept")
    assert await access.may_see(SYSTEM, "kept")
    assert not await access.may_see(Actor("person", "someone", Role.AVOCAT), "kept")
    assert not await access.may_see(Actor("operator", "cli"), "open")
