"""The index of open sessions (d1/sessions.py), on SQLite locally and on D1 in the Workers harness. Every request
asks `live`: a session ended, past either expiry, or whose person was deactivated is refused at once, and the
person's current role and the cabinet's second-factor policy come with it."""

from __future__ import annotations

from dataclasses import replace

from d1.cabinets import Cabinets
from d1.database import ConstraintViolation
from d1.people import People
from d1.sessions import SessionRecords
from domain.actors import Role
from domain.cabinets import TotpPolicy
from domain.sessions import LiveSession
from tests.contract.expect import raises
from tests.contract.seed import IDLE_SINCE, LATER, NOW, a_session, add_cabinet, add_person, add_session


async def test_an_open_session_is_live_with_its_persons_current_role_and_second_factor(database):
    cabinet = await add_cabinet(database, "cab1")
    marie = await add_person(database, "p1", "cab1")
    record = await add_session(database, "s1", marie)
    sessions, people = SessionRecords(database, "cab1"), People(database, "cab1")
    assert await sessions.live("s1", now=NOW, idle_since=IDLE_SINCE) == LiveSession(
        record, Role.AVOCAT, totp_enabled=False, totp_required=False
    )
    await database.batch([
        people.set_role("p1", Role.ASSOCIE, NOW),
        people.set_pending_totp("p1", "SECRET", NOW),
        people.confirm_totp("p1", "SECRET", 100, NOW),
        Cabinets(database, "cab1").update_settings(replace(cabinet, totp_policy=TotpPolicy.REQUIRED)),
    ])  # fmt: skip
    # The record keeps the role the session was opened with: the difference is what makes it rotate.
    assert await sessions.live("s1", now=NOW, idle_since=IDLE_SINCE) == LiveSession(
        record, Role.ASSOCIE, totp_enabled=True, totp_required=True
    )


async def test_a_session_is_no_longer_live_once_ended_expired_idle_or_its_person_deactivated(database):
    await add_cabinet(database, "cab1")
    marie = await add_person(database, "p1", "cab1")
    paul = await add_person(database, "p2", "cab1")
    await add_session(database, "ended", marie)
    await add_session(database, "expired", marie, expires_at=NOW)
    await add_session(database, "idle", marie, last_seen_at=IDLE_SINCE)
    await add_session(database, "open", marie)
    await add_session(database, "deactivated", paul)
    sessions = SessionRecords(database, "cab1")
    await database.batch([
        sessions.end("ended", "p1", NOW, "logout"),
        People(database, "cab1").set_active("p2", False, NOW),
    ])  # fmt: skip
    live = {
        session_id: await sessions.live(session_id, now=NOW, idle_since=IDLE_SINCE) is not None
        for session_id in ("ended", "expired", "idle", "open", "deactivated", "unknown")
    }
    assert live == {
        "ended": False, "expired": False, "idle": False, "open": True, "deactivated": False, "unknown": False
    }  # fmt: skip
    assert [r.id for r in await sessions.of_person("p1", now=NOW, idle_since=IDLE_SINCE)] == ["open"]


async def test_a_persons_open_sessions_are_listed_most_recently_seen_first(database):
    await add_cabinet(database, "cab1")
    marie = await add_person(database, "p1", "cab1")
    paul = await add_person(database, "p2", "cab1")
    await add_session(database, "s1", marie, last_seen_at="2026-03-02T08:00:00+00:00")
    await add_session(database, "s2", marie, last_seen_at="2026-03-02T08:50:00+00:00")
    await add_session(database, "s3", marie, last_seen_at="2026-03-02T08:20:00+00:00")
    await add_session(database, "s4", paul)
    listed = await SessionRecords(database, "cab1").of_person("p1", now=NOW, idle_since=IDLE_SINCE)
    assert [r.id for r in listed] == ["s2", "s3", "s1"]
    assert listed[0] == a_session("s2", marie, last_seen_at="2026-03-02T08:50:00+00:00")


async def test_a_session_seen_again_stays_live_but_an_ended_one_is_never_reopened(database):
    await add_cabinet(database, "cab1")
    marie = await add_person(database, "p1", "cab1")
    await add_session(database, "s1", marie, last_seen_at="2026-03-02T08:00:00+00:00")
    await add_session(database, "s2", marie, last_seen_at="2026-03-02T08:00:00+00:00")
    sessions = SessionRecords(database, "cab1")
    await database.batch([sessions.end("s2", "p1", NOW, "logout")])
    await sessions.mark_seen("s1", NOW)
    await sessions.mark_seen("s2", NOW)
    # Idle since 08:00 (as it would be at noon): last seen at 08:00 it would be over; seen again at 09:00, it is not.
    s1 = await sessions.live("s1", now=LATER, idle_since="2026-03-02T08:00:00+00:00")
    assert s1.record.last_seen_at == NOW
    assert await sessions.live("s2", now=LATER, idle_since=IDLE_SINCE) is None


async def test_a_person_ends_one_of_their_sessions_or_all_but_the_one_they_keep(database):
    await add_cabinet(database, "cab1")
    marie = await add_person(database, "p1", "cab1")
    paul = await add_person(database, "p2", "cab1")
    for session_id in ("s1", "s2", "s3", "s4"):
        await add_session(database, session_id, marie)
    await add_session(database, "paul", paul)
    sessions = SessionRecords(database, "cab1")

    async def changes(statement) -> int:
        return (await database.batch([statement]))[0].changes

    def open_ids(person_id: str):
        return sessions.of_person(person_id, now=NOW, idle_since=IDLE_SINCE)

    assert await changes(sessions.end("s1", "p2", NOW, "logout")) == 0  # not Paul's session to end
    assert await changes(sessions.end("s1", "p1", NOW, "logout")) == 1
    assert await changes(sessions.end("s1", "p1", LATER, "logout")) == 0  # ended once
    assert await changes(sessions.end_all_of("p1", NOW, "logout_others", keep="s2")) == 2
    assert [r.id for r in await open_ids("p1")] == ["s2"]
    # Whose dashboards to close: the sessions that one end_all_of ended, not s1 (ended alone, by another reason)
    assert await sessions.ended_together("p1", NOW, "logout_others") == ["s3", "s4"]
    assert await changes(sessions.end_all_of("p1", LATER, "deactivated")) == 1
    assert await open_ids("p1") == []
    assert [r.id for r in await open_ids("p2")] == ["paul"]
    assert await sessions.ended_together("p1", LATER, "deactivated") == ["s2"]
    assert await SessionRecords(database, "cab2").ended_together("p1", LATER, "deactivated") == []


async def test_another_cabinets_sessions_are_neither_seen_nor_ended(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    marie = await add_person(database, "p1", "cab1")
    record = await add_session(database, "s1", marie, last_seen_at="2026-03-02T08:00:00+00:00")
    other = SessionRecords(database, "cab2")
    assert await other.live("s1", now=NOW, idle_since=IDLE_SINCE) is None
    assert await other.of_person("p1", now=NOW, idle_since=IDLE_SINCE) == []
    results = await database.batch([other.end("s1", "p1", NOW, "logout"), other.end_all_of("p1", NOW, "logout")])
    assert [r.changes for r in results] == [0, 0]
    await other.mark_seen("s1", NOW)
    assert (await SessionRecords(database, "cab1").live("s1", now=NOW, idle_since=IDLE_SINCE)).record == record
    with raises(ValueError):
        other.insert(record)
    with raises(ConstraintViolation):  # a session names a person of its own cabinet, or is refused
        await database.batch([other.insert(replace(record, id="s2", cabinet_id="cab2"))])
    assert await other.live("s2", now=NOW, idle_since=IDLE_SINCE) is None
