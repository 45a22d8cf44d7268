"""The audit trail's search (d1/audit.py), on SQLite locally and on D1 in the Workers harness: filtered by actor,
action (exact, or a prefix ending in "."), subject and period, read newest first by pages that lose nothing within
one instant, and never showing another cabinet's entries or the platform's."""

from __future__ import annotations

from d1.audit import AuditLog
from domain.audit import AuditEntry, AuditFilter
from tests.contract.seed import add_cabinet


def an_entry(entry_id: str, cabinet_id: str | None, actor: str, action: str, subject: str, time: str) -> AuditEntry:
    return AuditEntry(
        entry_id, cabinet_id, actor, action, subject, "api", f"2026-03-02T{time}:00+00:00",
        summary=f"{action} {subject}", client_ip="203.0.113.7", user_agent="Mozilla/5.0",
    )  # fmt: skip


TRAIL = [
    an_entry("a1", "cab1", "p1", "auth.login", "p1", "08:00"),
    an_entry("a2", "cab1", "p1", "auth.login_failed", "p1", "08:10"),
    an_entry("a3", "cab1", "p0", "person.role_changed", "p1", "08:20"),
    an_entry("a4", "cab1", "p0", "person.joined", "p2", "08:20"),
    an_entry("a5", "cab1", "p2", "auth.logout", "p2", "08:20"),
    an_entry("a6", "cab1", "system", "mail.received", "m1", "09:00"),
]


async def record_trail(database) -> AuditLog:
    await add_cabinet(database, "cab1")
    audit = AuditLog(database, "cab1")
    await database.batch([audit.record(entry) for entry in TRAIL])
    return audit


async def test_the_trail_is_searched_by_actor_action_subject_and_period(database):
    audit = await record_trail(database)

    async def found(**where: str) -> list[str]:
        return [entry.id for entry in await audit.search(AuditFilter(**where))]

    assert await found() == ["a6", "a5", "a4", "a3", "a2", "a1"]
    assert await found(actor="p0") == ["a4", "a3"]
    assert await found(action="auth.login") == ["a1"]  # exact: not auth.login_failed
    assert await found(action="auth.") == ["a5", "a2", "a1"]  # a prefix ends with its dot
    assert await found(action="auth") == []  # without it, an action of that exact name
    assert await found(action="person.join") == []
    assert await found(subject="p1") == ["a3", "a2", "a1"]
    since, until = "2026-03-02T08:10:00+00:00", "2026-03-02T09:00:00+00:00"
    assert await found(since=since, until=until) == ["a5", "a4", "a3", "a2"]  # since included, until excluded
    assert await found(actor="p1", action="auth.", subject="p1", since=since) == ["a2"]
    assert (await audit.search(AuditFilter(action="mail.received")))[0] == TRAIL[5]  # every column read back


async def test_the_trail_is_read_newest_first_by_pages_that_lose_nothing_within_one_instant(database):
    audit = await record_trail(database)
    pages: list[list[str]] = []
    after = None
    while True:
        page = await audit.search(AuditFilter(), after=after, limit=2)
        if not page:
            break
        pages.append([entry.id for entry in page])
        after = (page[-1].at, page[-1].id)
    assert pages == [["a6", "a5"], ["a4", "a3"], ["a2", "a1"]]
    logins = AuditFilter(action="auth.")
    first = await audit.search(logins, limit=1)
    rest = await audit.search(logins, after=(first[0].at, first[0].id))
    assert [e.id for e in first + rest] == ["a5", "a2", "a1"]  # a filtered search pages the same way


async def test_a_cabinets_search_never_shows_another_cabinets_entries_nor_the_platforms(database):
    audit = await record_trail(database)
    await add_cabinet(database, "cab2")
    platform = AuditLog(database, None)
    await database.batch([platform.record(an_entry("u1", None, "system", "mail.received", "u1", "09:30"))])
    other = AuditLog(database, "cab2")
    assert await other.search(AuditFilter()) == []
    assert await other.search(AuditFilter(actor="p1", action="auth.", subject="p1")) == []
    assert [e.id for e in await platform.search(AuditFilter(action="mail."))] == ["u1"]
    assert [e.id for e in await audit.search(AuditFilter(action="mail."))] == ["a6"]
