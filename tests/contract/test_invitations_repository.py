"""The invitations repository (d1/invitations.py) and the lookup of a link (CrossCabinet.invitation), on SQLite
locally and on D1 in the Workers harness. An invitation is accepted once: the claim, the person and their first
session are one batch, and a second acceptance, even racing the first, inserts nothing."""

from __future__ import annotations

from dataclasses import replace

from d1.audit import AuditLog
from d1.cross_cabinet import CrossCabinet
from d1.database import ConstraintViolation
from d1.invitations import Invitations
from d1.people import People
from d1.sessions import SessionRecords
from domain.actors import Role
from domain.audit import AuditEntry
from domain.people import Invitation
from tests.contract.expect import raises
from tests.contract.seed import IDLE_SINCE, LATER, NOW, a_person, a_session, add_cabinet, add_person

WEEK_LATER = "2026-03-09T09:00:00+00:00"


def an_invitation(invitation_id: str, cabinet_id: str = "cab1", **changes: object) -> Invitation:
    invitation = Invitation(
        id=invitation_id,
        cabinet_id=cabinet_id,
        email=f"{invitation_id}@invite.fr",
        role=Role.COLLABORATEUR,
        invited_by="p0",
        created_at=NOW,
        expires_at=WEEK_LATER,
    )
    return replace(invitation, **changes)


async def invite(database, invitation: Invitation) -> Invitation:
    await database.batch([Invitations(database, invitation.cabinet_id).insert(invitation, f"digest-{invitation.id}")])
    return invitation


def acceptance(database, invitation: Invitation, person_id: str, session_id: str, now: str) -> list:
    """What accepting the invitation writes: the claim, then the person and their session only if it won."""
    cabinet_id = invitation.cabinet_id
    invitations = Invitations(database, cabinet_id)
    person = a_person(person_id, cabinet_id, email=invitation.email, role=invitation.role, created_at=now)
    claimed = invitations.claimed_by(invitation.id, person_id)
    return [
        invitations.claim(invitation.id, person_id, now),
        People(database, cabinet_id).insert_if(person, f"hash-of-{person_id}", claimed),
        SessionRecords(database, cabinet_id).insert_if(a_session(session_id, person), claimed),
    ]


async def test_an_open_invitation_is_found_by_its_link_and_listed_newest_first(database):
    await add_cabinet(database, "cab1")
    first = await invite(database, an_invitation("inv1"))
    second = await invite(database, an_invitation("inv2", created_at=LATER, role=Role.ASSOCIE))
    assert await Invitations(database, "cab1").pending(LATER) == [second, first]
    everyone = CrossCabinet(database)
    assert await everyone.invitation("digest-inv1", LATER) == first
    assert await everyone.invitation("digest-unknown", LATER) is None


async def test_an_invitation_expires_at_its_expiry(database):
    await add_cabinet(database, "cab1")
    invitation = await invite(database, an_invitation("inv1"))
    assert await CrossCabinet(database).invitation("digest-inv1", WEEK_LATER) is None
    assert await Invitations(database, "cab1").pending(WEEK_LATER) == []
    results = await database.batch(acceptance(database, invitation, "p1", "s1", WEEK_LATER))
    assert [r.changes for r in results] == [0, 0, 0]


async def test_an_invitation_is_accepted_once_with_the_person_and_their_first_session(database):
    await add_cabinet(database, "cab1")
    invitation = await invite(database, an_invitation("inv1"))
    first = await database.batch(acceptance(database, invitation, "p1", "s1", NOW))
    second = await database.batch(acceptance(database, invitation, "p2", "s2", LATER))
    assert [r.changes for r in first] == [1, 1, 1]
    assert [r.changes for r in second] == [0, 0, 0]
    people, sessions = People(database, "cab1"), SessionRecords(database, "cab1")
    assert [(p.id, p.email, p.role) for p in await people.listed(with_inactive=True)] == [
        ("p1", "inv1@invite.fr", Role.COLLABORATEUR)
    ]
    assert (await sessions.live("s1", now=LATER, idle_since=IDLE_SINCE)).record.person_id == "p1"
    assert await sessions.live("s2", now=LATER, idle_since=IDLE_SINCE) is None
    assert await CrossCabinet(database).invitation("digest-inv1", LATER) is None
    assert await Invitations(database, "cab1").pending(LATER) == []


async def test_an_acceptance_refused_by_the_database_leaves_the_invitation_open(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    invitation = await invite(database, an_invitation("inv1"))
    await add_person(database, "p9", "cab2", email=invitation.email)  # the address joined another cabinet meanwhile
    with raises(ConstraintViolation):
        await database.batch(acceptance(database, invitation, "p1", "s1", NOW))
    assert await CrossCabinet(database).invitation("digest-inv1", NOW) == invitation  # the claim was rolled back
    assert await People(database, "cab1").get("p1") is None


async def test_a_revoked_invitation_cannot_be_claimed_and_its_revocation_is_audited_once(database):
    await add_cabinet(database, "cab1")
    invitation = await invite(database, an_invitation("inv1"))
    invitations, audit = Invitations(database, "cab1"), AuditLog(database, "cab1")

    def revocation(n: int, now: str) -> list:
        entry = AuditEntry(f"a{n}", "cab1", "p0", "invitation.revoked", "inv1", "api", now)
        return [invitations.revoke("inv1", now), audit.record(entry, only_if=invitations.revoked_at("inv1", now))]

    assert [r.changes for r in await database.batch(revocation(1, NOW))] == [1, 1]
    assert [r.changes for r in await database.batch(revocation(2, LATER))] == [0, 0]
    assert [e.id for e in await audit.recent()] == ["a1"]
    assert await invitations.pending(NOW) == []
    assert await CrossCabinet(database).invitation("digest-inv1", NOW) is None
    results = await database.batch(acceptance(database, invitation, "p1", "s1", LATER))
    assert [r.changes for r in results] == [0, 0, 0]


async def test_an_accepted_invitation_is_no_longer_revoked(database):
    await add_cabinet(database, "cab1")
    invitation = await invite(database, an_invitation("inv1"))
    await database.batch(acceptance(database, invitation, "p1", "s1", NOW))
    revoked = await database.batch([Invitations(database, "cab1").revoke("inv1", LATER)])
    assert revoked[0].changes == 0


async def test_another_cabinets_invitations_are_neither_listed_claimed_nor_revoked(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    invitation = await invite(database, an_invitation("inv1"))
    other = Invitations(database, "cab2")
    assert await other.pending(NOW) == []
    crossed = replace(invitation, cabinet_id="cab2")  # the same id, as if it were cab2's
    results = await database.batch([*acceptance(database, crossed, "p1", "s1", NOW), other.revoke("inv1", NOW)])
    assert [r.changes for r in results] == [0, 0, 0, 0]
    assert await People(database, "cab2").get("p1") is None
    assert await Invitations(database, "cab1").pending(NOW) == [invitation]
    with raises(ValueError):
        other.insert(invitation, "digest-again")


async def test_the_invitations_someone_sent_are_revoked_together_and_only_theirs(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    mine = [await invite(database, an_invitation(f"i{n}", invited_by="person:p9")) for n in (1, 2)]
    other = await invite(database, an_invitation("i3", invited_by="person:p8"))
    elsewhere = await invite(database, an_invitation("i4", cabinet_id="cab2", invited_by="person:p9"))
    revoked = await database.batch([Invitations(database, "cab1").revoke_sent_by("person:p9", LATER)])
    assert revoked[0].changes == len(mine)
    assert [i.id for i in await Invitations(database, "cab1").pending(NOW)] == [other.id]
    assert [i.id for i in await Invitations(database, "cab2").pending(NOW)] == [elsewhere.id]
