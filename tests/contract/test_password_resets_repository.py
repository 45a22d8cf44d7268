"""The password-reset links (d1/password_resets.py) and their lookup by digest (CrossCabinet.reset_link), on SQLite
locally and on D1 in the Workers harness. A link is used once before it expires, and the writes guarded by its use
(the new password, the end of every session) happen only in the batch that used it."""

from __future__ import annotations

from d1.cross_cabinet import CrossCabinet
from d1.database import ConstraintViolation, guarded
from d1.password_resets import PasswordResets
from d1.people import People
from d1.sessions import SessionRecords
from domain.people import ResetLink
from tests.contract.expect import raises
from tests.contract.seed import IDLE_SINCE, add_cabinet, add_person, add_session

REQUESTED = "2026-03-02T08:30:00+00:00"
EXPIRES = "2026-03-02T09:30:00+00:00"
USED = "2026-03-02T08:40:00+00:00"
AGAIN = "2026-03-02T08:45:00+00:00"


async def request_link(database, reset_id: str, person_id: str, cabinet_id: str = "cab1") -> None:
    resets = PasswordResets(database, cabinet_id)
    await database.batch([
        resets.cancel_others(person_id, REQUESTED),
        resets.insert(reset_id, person_id, f"digest-{reset_id}", now=REQUESTED, expires_at=EXPIRES),
    ])  # fmt: skip


def completion(database, reset_id: str, person_id: str, password_hash: str, now: str) -> list:
    """What completing a reset writes (services/password_reset.py): the new password and the end of every session
    while the link is still open, then the link's use — all in one batch, in that order."""
    resets = PasswordResets(database, "cab1")
    still_open = resets.still_open(reset_id, now)
    return [
        guarded(People(database, "cab1").set_password(person_id, password_hash, now), still_open),
        guarded(SessionRecords(database, "cab1").end_all_of(person_id, now, "password_reset"), still_open),
        resets.use(reset_id, now),
    ]


async def test_a_link_is_found_by_its_digest_until_used(database):
    await add_cabinet(database, "cab1")
    await add_person(database, "p1", "cab1")
    await request_link(database, "r1", "p1")
    everyone = CrossCabinet(database)
    assert await everyone.reset_link("digest-r1") == ResetLink("r1", "cab1", "p1", EXPIRES, used=False)
    assert await everyone.reset_link("digest-unknown") is None
    await database.batch([PasswordResets(database, "cab1").use("r1", USED)])
    assert (await everyone.reset_link("digest-r1")).used is True


async def test_a_link_is_used_once_and_only_that_use_changes_the_password_and_ends_the_sessions(database):
    await add_cabinet(database, "cab1")
    marie = await add_person(database, "p1", "cab1")
    await add_session(database, "s1", marie)
    await request_link(database, "r1", "p1")
    first = await database.batch(completion(database, "r1", "p1", "pbkdf2$first", USED))
    second = await database.batch(completion(database, "r1", "p1", "pbkdf2$second", AGAIN))
    assert [r.changes for r in first] == [1, 1, 1]
    assert [r.changes for r in second] == [0, 0, 0]
    assert (await People(database, "cab1").credentials("p1")).password_hash == "pbkdf2$first"
    assert await SessionRecords(database, "cab1").live("s1", now=USED, idle_since=IDLE_SINCE) is None


async def test_two_completions_at_the_same_instant_change_the_password_once(database):
    """Workers freeze the clock during a request: two completions racing can carry the same `now`."""
    await add_cabinet(database, "cab1")
    await add_person(database, "p1", "cab1")
    await request_link(database, "r1", "p1")
    first = await database.batch(completion(database, "r1", "p1", "pbkdf2$first", USED))
    second = await database.batch(completion(database, "r1", "p1", "pbkdf2$second", USED))
    assert ([r.changes for r in first][::2], [r.changes for r in second]) == ([1, 1], [0, 0, 0])
    assert (await People(database, "cab1").credentials("p1")).password_hash == "pbkdf2$first"
    found = await database.all(*_sql(PasswordResets(database, "cab1").used_at("r1", USED)))
    assert len(found) == 1


def _sql(statement) -> tuple:
    return (statement.sql, *statement.params)


async def test_an_expired_link_is_not_used(database):
    await add_cabinet(database, "cab1")
    await add_person(database, "p1", "cab1")
    await request_link(database, "r1", "p1")
    late = await database.batch(completion(database, "r1", "p1", "pbkdf2$late", EXPIRES))
    assert [r.changes for r in late] == [0, 0, 0]
    assert (await People(database, "cab1").credentials("p1")).password_hash == "hash-of-p1"
    assert (await CrossCabinet(database).reset_link("digest-r1")).used is False


async def test_a_new_link_cancels_the_persons_earlier_ones_only(database):
    await add_cabinet(database, "cab1")
    await add_person(database, "p1", "cab1")
    await add_person(database, "p2", "cab1")
    await request_link(database, "r1", "p1")
    await request_link(database, "r2", "p2")
    await request_link(database, "r3", "p1")
    everyone = CrossCabinet(database)
    assert [(await everyone.reset_link(f"digest-r{n}")).used for n in (1, 2, 3)] == [True, False, False]
    assert [r.changes for r in await database.batch(completion(database, "r1", "p1", "pbkdf2$old", USED))] == [0, 0, 0]
    assert [r.changes for r in await database.batch(completion(database, "r3", "p1", "pbkdf2$new", USED))] == [1, 0, 1]


async def test_another_cabinets_links_are_neither_used_nor_cancelled(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await add_person(database, "p1", "cab1")
    await request_link(database, "r1", "p1")
    other = PasswordResets(database, "cab2")
    results = await database.batch([other.use("r1", USED), other.cancel_others("p1", USED)])
    assert [r.changes for r in results] == [0, 0]
    assert (await CrossCabinet(database).reset_link("digest-r1")).used is False
    with raises(ConstraintViolation):  # a link names a person of its own cabinet, or is refused
        await database.batch([other.insert("r2", "p1", "digest-r2", now=REQUESTED, expires_at=EXPIRES)])
    assert await CrossCabinet(database).reset_link("digest-r2") is None
