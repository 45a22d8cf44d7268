"""The people repository (d1/people.py) and login's lookup by email (CrossCabinet.account), on the real database of
each runtime: SQLite locally, D1 in the Workers harness. A cabinet reads and changes only its own people, an email
has one account on the platform, and a second-factor code or a recovery code is accepted once."""

from __future__ import annotations

from dataclasses import replace

from d1.audit import AuditLog
from d1.cross_cabinet import CrossCabinet
from d1.database import ConstraintViolation
from d1.people import Credentials, People
from domain.actors import Role
from domain.audit import AuditEntry
from domain.people import Account
from tests.contract.expect import raises
from tests.contract.seed import LATER, NOW, a_person, add_cabinet, add_person


async def test_a_person_is_inserted_and_read_back_by_id_and_by_email(database):
    await add_cabinet(database, "cab1")
    people = People(database, "cab1")
    marie = a_person("p1", "cab1", email="marie.dupont@martin-avocats.fr", name="Marie Dupont", role=Role.ASSOCIE)
    results = await database.batch([people.insert(marie, "pbkdf2$hash")])
    assert results[0].changes == 1
    assert await people.get("p1") == marie
    assert await people.by_email("marie.dupont@martin-avocats.fr") == marie
    assert await people.get("absent") is None
    assert await people.by_email("absent@martin-avocats.fr") is None
    assert await people.credentials("p1") == Credentials("pbkdf2$hash", None, None, None)


async def test_an_email_has_one_account_across_all_cabinets(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await add_person(database, "p1", "cab1", email="marie@dupont.fr")
    with raises(ConstraintViolation):  # login asks only for the email: it must name one account
        await add_person(database, "p2", "cab2", email="marie@dupont.fr")
    assert await People(database, "cab2").get("p2") is None
    everyone = CrossCabinet(database)
    assert await everyone.account("marie@dupont.fr") == Account("cab1", "p1", "hash-of-p1")
    assert await everyone.account("personne@dupont.fr") is None


async def test_a_deactivated_person_has_no_account_to_log_in_with_until_reactivated(database):
    await add_cabinet(database, "cab1")
    marie = await add_person(database, "p1", "cab1")
    people, everyone = People(database, "cab1"), CrossCabinet(database)
    await database.batch([people.set_active("p1", False, NOW)])
    assert await everyone.account(marie.email) is None
    assert (await people.get("p1")).active is False  # still readable: the team page lists former members
    await database.batch([people.set_active("p1", True, LATER)])
    assert await everyone.account(marie.email) == Account("cab1", "p1", "hash-of-p1")


async def test_the_team_is_listed_by_name_and_counted_by_active_role(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await add_person(database, "p1", "cab1", name="Zoé Martin", role=Role.ASSOCIE)
    await add_person(database, "p2", "cab1", name="Anne Leroy")
    await add_person(database, "p3", "cab1", name="Bruno Petit", role=Role.ASSOCIE, active=False)
    await add_person(database, "p4", "cab2", name="Claire Durand", role=Role.ASSOCIE)
    people = People(database, "cab1")
    assert [p.name for p in await people.listed(with_inactive=False)] == ["Anne Leroy", "Zoé Martin"]
    assert [p.name for p in await people.listed(with_inactive=True)] == ["Anne Leroy", "Bruno Petit", "Zoé Martin"]
    assert await people.count_active_with_role(Role.ASSOCIE) == 1  # not the inactive one, nor cab2's
    await database.batch([people.set_role("p2", Role.ASSOCIE, NOW)])
    assert (await people.get("p2")).role is Role.ASSOCIE
    assert await people.count_active_with_role(Role.ASSOCIE) == 2
    assert await people.count_active_with_role(Role.AVOCAT) == 0


async def test_a_new_password_replaces_the_old_one(database):
    await add_cabinet(database, "cab1")
    marie = await add_person(database, "p1", "cab1")
    people = People(database, "cab1")
    await database.batch([people.set_password("p1", "pbkdf2$new", NOW)])
    assert (await people.credentials("p1")).password_hash == "pbkdf2$new"
    assert await CrossCabinet(database).account(marie.email) == Account("cab1", "p1", "pbkdf2$new")


async def test_a_second_factor_is_confirmed_only_against_the_secret_still_pending(database):
    await add_cabinet(database, "cab1")
    await add_person(database, "p1", "cab1")
    people = People(database, "cab1")
    await database.batch([people.set_pending_totp("p1", "SECRET1", NOW)])
    await database.batch([people.set_pending_totp("p1", "SECRET2", NOW)])  # enrolment started again elsewhere
    stale = await database.batch([people.confirm_totp("p1", "SECRET1", 100, LATER)])
    assert stale[0].changes == 0
    assert await people.credentials("p1") == Credentials("hash-of-p1", None, "SECRET2", None)
    confirmed = await database.batch([people.confirm_totp("p1", "SECRET2", 100, LATER)])
    assert confirmed[0].changes == 1
    assert await people.credentials("p1") == Credentials("hash-of-p1", "SECRET2", None, 100)
    assert (await people.get("p1")).totp_enabled is True
    await database.batch([people.disable_totp("p1", LATER)])
    assert await people.credentials("p1") == Credentials("hash-of-p1", None, None, None)
    assert (await people.get("p1")).totp_enabled is False


async def test_a_code_step_is_accepted_once_and_never_an_earlier_one(database):
    await add_cabinet(database, "cab1")
    await add_person(database, "p1", "cab1")
    people = People(database, "cab1")

    async def accepted(step: int) -> bool:
        return (await database.batch([people.use_totp_step("p1", step)]))[0].changes == 1

    await database.batch([people.set_pending_totp("p1", "SECRET", NOW), people.confirm_totp("p1", "SECRET", 100, NOW)])
    assert not await accepted(100)  # the code that confirmed the enrolment is spent
    assert not await accepted(99)
    assert await accepted(101)
    assert not await accepted(101)  # the same code replayed, or racing: one batch wins
    assert (await people.credentials("p1")).totp_last_step == 101
    found = await database.all(people.totp_step_is("p1", 101).sql, *people.totp_step_is("p1", 101).params)
    assert (len(found), await database.all(people.totp_step_is("p1", 100).sql, "cab1", "p1", 100)) == (1, [])
    await database.batch([people.disable_totp("p1", LATER)])
    assert await accepted(5)  # no step used yet: any step is later


async def test_recovery_codes_are_used_once_and_replaced_all_together(database):
    await add_cabinet(database, "cab1")
    await add_person(database, "p1", "cab1")
    people, audit = People(database, "cab1"), AuditLog(database, "cab1")
    await database.batch(people.replace_recovery_codes("p1", ["d1", "d2", "d3"]))
    assert await people.recovery_codes_left("p1") == 3

    def use(digest: str, n: int, now: str) -> list:
        entry = AuditEntry(f"a{n}", "cab1", "p1", "auth.recovery_code_used", "p1", "api", now)
        return [
            people.use_recovery_code("p1", digest, now),
            audit.record(entry, only_if=people.recovery_code_used_at("p1", digest, now)),
        ]

    assert [r.changes for r in await database.batch(use("d1", 1, NOW))] == [1, 1]
    assert [r.changes for r in await database.batch(use("d1", 2, LATER))] == [0, 0]  # spent: nothing, no audit
    assert [r.changes for r in await database.batch(use("unknown", 3, LATER))] == [0, 0]
    assert [e.id for e in await audit.recent()] == ["a1"]
    assert await people.recovery_codes_left("p1") == 2
    await database.batch(people.replace_recovery_codes("p1", ["d4"]))
    assert await people.recovery_codes_left("p1") == 1
    assert [r.changes for r in await database.batch(use("d2", 4, LATER))] == [0, 0]  # the old set is gone


async def test_another_cabinets_people_are_neither_read_nor_changed(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    marie = await add_person(database, "p1", "cab1", role=Role.ASSOCIE)
    mine = People(database, "cab1")
    await database.batch([mine.set_pending_totp("p1", "SECRET", NOW), *mine.replace_recovery_codes("p1", ["d1", "d2"])])
    before = await mine.credentials("p1")
    other = People(database, "cab2")
    assert await other.get("p1") is None
    assert await other.by_email(marie.email) is None
    assert await other.listed(with_inactive=True) == []
    assert await other.count_active_with_role(Role.ASSOCIE) == 0
    assert await other.credentials("p1") is None
    assert await other.recovery_codes_left("p1") == 0
    results = await database.batch([
        other.set_role("p1", Role.ASSISTANT, LATER),
        other.set_active("p1", False, LATER),
        other.set_password("p1", "pbkdf2$stolen", LATER),
        other.set_pending_totp("p1", "ATTACKER", LATER),
        other.confirm_totp("p1", "SECRET", 100, LATER),
        other.use_totp_step("p1", 100),
        other.use_recovery_code("p1", "d1", LATER),
        other.disable_totp("p1", LATER),
    ])  # fmt: skip
    assert [r.changes for r in results] == [0] * 8
    assert await mine.get("p1") == marie
    assert await mine.credentials("p1") == before
    assert await mine.recovery_codes_left("p1") == 2
    with raises(ConstraintViolation):  # a code names a person of its own cabinet, or is refused
        await database.batch(other.replace_recovery_codes("p1", ["d9"]))
    assert await mine.recovery_codes_left("p1") == 2
    with raises(ValueError):
        other.insert(marie, "pbkdf2$hash")
    with raises(ValueError):
        other.insert_if(replace(marie, id="p2"), "pbkdf2$hash", mine.recovery_code_used_at("p1", "d1", NOW))


async def test_names_are_read_for_many_ids_at_once_deactivated_people_included_and_only_in_the_cabinet(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await add_person(database, "p1", "cab1", name="Zoé Martin")
    await add_person(database, "p2", "cab1", name="Bruno Petit", active=False)
    await add_person(database, "p3", "cab2", name="Claire Durand")
    people = People(database, "cab1")
    many = ["p1", "p2", "p3", "unknown", "p1", *(f"x{n}" for n in range(120))]  # more ids than D1 binds at once
    assert await people.names(many) == {"p1": "Zoé Martin", "p2": "Bruno Petit"}
    assert await people.names([]) == {}
