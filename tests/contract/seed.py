"""Cabinets, people and sessions for the contract tests of the people tables, written through their repositories
(as the application writes them), so a test states only what differs from an ordinary row."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from d1.cabinets import Cabinets
from d1.people import People
from d1.sessions import SessionRecords
from domain.actors import Role
from domain.cabinets import Cabinet
from domain.people import Person
from domain.sessions import SessionRecord

CREATED = "2026-03-01T08:00:00+00:00"
NOW = "2026-03-02T09:00:00+00:00"
LATER = "2026-03-02T09:05:00+00:00"
IDLE_SINCE = "2026-03-02T05:00:00+00:00"  # NOW less domain.sessions.IDLE_TIMEOUT
EXPIRES = "2026-03-02T21:00:00+00:00"


def a_cabinet(cabinet_id: str, **changes: Any) -> Cabinet:
    cabinet = Cabinet(
        cabinet_id, f"Cabinet {cabinet_id}", cabinet_id, f"{cabinet_id}@poste.example", "Europe/Paris", CREATED
    )
    return replace(cabinet, **changes)


def a_person(person_id: str, cabinet_id: str, **changes: Any) -> Person:
    person = Person(
        id=person_id,
        cabinet_id=cabinet_id,
        email=f"{person_id}@{cabinet_id}.fr",
        name=f"Me {person_id}",
        role=Role.AVOCAT,
        active=True,
        totp_enabled=False,
        created_at=CREATED,
    )
    return replace(person, **changes)


def a_session(session_id: str, person: Person, **changes: Any) -> SessionRecord:
    record = SessionRecord(
        id=session_id,
        cabinet_id=person.cabinet_id,
        person_id=person.id,
        role=person.role,
        created_at="2026-03-02T08:00:00+00:00",
        last_seen_at="2026-03-02T08:30:00+00:00",
        expires_at=EXPIRES,
        user_agent="Mozilla/5.0 (Macintosh)",
        client_ip="203.0.113.7",
    )
    return replace(record, **changes)


async def add_cabinet(database: Any, cabinet_id: str, **changes: Any) -> Cabinet:
    cabinet = a_cabinet(cabinet_id, **changes)
    await database.batch([Cabinets(database, cabinet_id).insert(cabinet)])
    return cabinet


async def add_person(database: Any, person_id: str, cabinet_id: str, **changes: Any) -> Person:
    person = a_person(person_id, cabinet_id, **changes)
    await database.batch([People(database, cabinet_id).insert(person, f"hash-of-{person_id}")])
    return person


async def add_session(database: Any, session_id: str, person: Person, **changes: Any) -> SessionRecord:
    record = a_session(session_id, person, **changes)
    await database.batch([SessionRecords(database, person.cabinet_id).insert(record)])
    return record
