"""Notifications (d1/notifications.py) on SQLite locally and on D1 in the Workers harness: numbered per cabinet,
stored once per key, fanned out to their audience."""

from __future__ import annotations

from d1.notifications import Notifications
from domain.actors import Role
from domain.notifications import Audience, NewNotification, NotificationType
from tests.contract.dossier_seed import NOW, add_client, add_dossier
from tests.contract.seed import add_cabinet, add_person


def a_note(note_id: str, key: str, audience: Audience, **changes) -> NewNotification:
    fields = {"type": NotificationType.ALERT, "title": "Échéance dans 3 jours", "body": "Appel — 2026-0001",
              "link": "/echeances", "dossier_id": None, "subject_id": None} | changes  # fmt: skip
    return NewNotification(note_id, key, audience=audience, created_at=NOW, **fields)


async def seeded(database) -> None:
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await add_person(database, "boss", "cab1", role=Role.ASSOCIE, email="boss@cab1.fr")
    await add_person(database, "lawyer", "cab1", role=Role.AVOCAT, email="lawyer@cab1.fr")
    await add_person(database, "gone", "cab1", role=Role.AVOCAT, email="gone@cab1.fr", active=False)
    await add_person(database, "other", "cab2", role=Role.ASSOCIE, email="other@cab2.fr")
    await add_client(database, "c1", "cab1")


async def test_a_notification_is_numbered_per_cabinet_and_reaches_every_active_person_once(database):
    await seeded(database)
    notes = Notifications(database, "cab1")
    await database.batch(notes.insert(a_note("n1", "k1", Audience.everyone())))
    await database.batch(notes.insert(a_note("n2", "k2", Audience.everyone())))
    await database.batch(notes.insert(a_note("n3", "k1", Audience.everyone(), title="again")))  # same key: nothing
    await database.batch(Notifications(database, "cab2").insert(a_note("m1", "k1", Audience.everyone())))
    assert [(n.id, n.seq) for n in await notes.for_person("lawyer", limit=10)] == [("n2", 2), ("n1", 1)]
    assert await notes.recipients("n1") == ["boss", "lawyer"]  # not the deactivated person, not cab2's
    assert (await notes.by_key("k1")).title == "Échéance dans 3 jours"  # type: ignore[union-attr]
    assert await notes.by_key("k3") is None
    assert [n.seq for n in await Notifications(database, "cab2").for_person("other", limit=10)] == [1]
    assert [n.id for n in await notes.since("boss", 1, limit=10)] == ["n2"]
    assert [n.id for n in await notes.for_person("boss", limit=10, before_seq=2)] == ["n1"]
    assert await database.first("SELECT 1 AS hit FROM notifications WHERE cabinet_id = 'cab1' AND id = 'n3'") is None
    found = await database.first(notes.exists("k2").sql, *notes.exists("k2").params)
    assert found is not None


async def test_an_audience_by_role_people_or_dossier_reaches_only_them(database):
    await seeded(database)
    await add_dossier(database, "d1", "cab1", ["c1"], team=["lawyer"])
    await add_dossier(database, "d2", "cab1", ["c1"])
    notes = Notifications(database, "cab1")
    await database.batch(notes.insert(a_note("r", "r", Audience.roles(Role.ASSOCIE.value))))
    await database.batch(notes.insert(a_note("p", "p", Audience.people("lawyer", "other"))))
    await database.batch(notes.insert(a_note("t", "t", Audience.dossier("d1"))))
    await database.batch(notes.insert(a_note("u", "u", Audience.dossier("d2"))))  # no one on it: the associés
    assert await notes.recipients("r") == ["boss"]
    assert await notes.recipients("p") == ["lawyer"]  # another cabinet's person is never reached
    assert await notes.recipients("t") == ["lawyer"]
    assert await notes.recipients("u") == ["boss"]
