"""Calendar feeds' data (d1/calendar_tokens.py, CrossCabinet.calendar_owner) on SQLite locally and on D1 in the
Workers harness: one token digest per person, replaced or revoked in one write, found by its digest alone; the feed
lists only what its owner may see, in their own cabinet."""

from __future__ import annotations

from datetime import date

from d1.calendar_tokens import CalendarTokens
from d1.cross_cabinet import CrossCabinet
from domain.actors import Actor, Role
from domain.dossiers import Visibility
from tests.contract.dossier_seed import add_client, add_dossier
from tests.contract.echeance_seed import add_deadline, add_hearing
from tests.contract.seed import add_cabinet, add_person

NOW = "2026-03-10T06:00:00+00:00"
SINCE = date(2026, 1, 1)


async def test_a_persons_token_is_replaced_or_revoked_in_one_write_and_found_by_its_digest(database):
    for cabinet in ("cab1", "cab2"):
        await add_cabinet(database, cabinet)
        await add_person(database, f"me-{cabinet}", cabinet)
    tokens, owners = CalendarTokens(database, "cab1"), CrossCabinet(database)
    await database.batch([tokens.replace("me-cab1", "digest-1", NOW)])
    await database.batch([CalendarTokens(database, "cab2").replace("me-cab2", "digest-2", NOW)])
    assert await owners.calendar_owner("digest-1") == ("cab1", "me-cab1")
    await database.batch([tokens.replace("me-cab1", "digest-3", NOW)])
    assert await owners.calendar_owner("digest-1") is None
    assert await owners.calendar_owner("digest-3") == ("cab1", "me-cab1")
    await database.batch([tokens.revoke("me-cab1")])
    assert await owners.calendar_owner("digest-3") is None
    assert await owners.calendar_owner("digest-2") == ("cab2", "me-cab2")  # another cabinet's stays


async def test_the_feed_lists_deadlines_to_do_and_planned_hearings_of_the_dossiers_its_owner_may_see(database):
    for cabinet in ("cab1", "cab2"):
        await add_cabinet(database, cabinet)
        await add_client(database, f"c-{cabinet}", cabinet)
    await add_person(database, "lawyer", "cab1", role=Role.AVOCAT)
    await add_dossier(database, "open", "cab1", ["c-cab1"])
    await add_dossier(database, "team", "cab1", ["c-cab1"], visibility=Visibility.EQUIPE)
    await add_dossier(database, "theirs", "cab2", ["c-cab2"])
    due = date(2026, 3, 16)
    await add_deadline(database, "dl", "cab1", "open", due, version=2)
    await add_deadline(database, "old", "cab1", "open", date(2025, 12, 1))
    await add_deadline(database, "done", "cab1", "open", due, status="fait")
    await add_deadline(database, "kept", "cab1", "team", due)
    await add_deadline(database, "other", "cab2", "theirs", due)
    await add_hearing(database, "h", "cab1", "open", due)
    await add_hearing(database, "h-kept", "cab1", "team", due)
    await add_hearing(database, "h-moved", "cab1", "open", due, status="remplacee")
    lawyer = Actor("person", "lawyer", Role.AVOCAT)
    feed = CalendarTokens(database, "cab1")
    assert [(d.id, d.version) for d in await feed.feed_deadlines(lawyer, SINCE)] == [("dl", 2)]
    assert [(h.id, h.time) for h in await feed.feed_hearings(lawyer, SINCE)] == [("h", "09:30")]
    associe = Actor("person", "boss", Role.ASSOCIE)  # sees the dossiers kept to their team too
    assert [d.id for d in await feed.feed_deadlines(associe, SINCE)] == ["dl", "kept"]
    assert [h.id for h in await feed.feed_hearings(associe, SINCE)] == ["h", "h-kept"]
