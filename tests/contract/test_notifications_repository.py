"""Notifications (d1/notifications.py) on SQLite locally and on D1 in the Workers harness: numbered per cabinet,
stored once per key, fanned out to their audience."""

from __future__ import annotations

from d1.database import Statement
from d1.notification_preferences import NotificationPreferences
from d1.notifications import Notifications
from domain.actors import Role
from domain.notifications import Audience, Inbox, NewNotification, NotificationType, Preference
from tests.contract.dossier_seed import NOW, add_client, add_dossier
from tests.contract.seed import add_cabinet, add_person


def a_note(note_id: str, key: str, audience: Audience, **changes) -> NewNotification:
    fields = {"type": NotificationType.ALERT, "title": "Échéance dans 3 jours", "body": "Appel — 2026-0001",
              "link": "/echeances", "dossier_id": None, "subject_id": None, "created_at": NOW} | changes  # fmt: skip
    return NewNotification(note_id, key, audience=audience, **fields)


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


async def test_a_notification_with_a_condition_is_stored_only_when_the_change_it_reports_happened(database):
    await seeded(database)
    notes = Notifications(database, "cab1")
    filed = Statement("SELECT 1 FROM clients WHERE cabinet_id = ? AND id = ?", ("cab1", "c1"))
    not_filed = Statement("SELECT 1 FROM clients WHERE cabinet_id = ? AND id = ?", ("cab1", "nobody"))
    await database.batch(notes.insert(a_note("no", "no", Audience.everyone()), only_if=not_filed))
    await database.batch(notes.insert(a_note("yes", "yes", Audience.everyone()), only_if=filed))
    assert [(n.id, n.seq) for n in await notes.for_person("boss", limit=10)] == [("yes", 1)]  # no seq was spent
    assert await notes.recipients("no") == []


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


async def test_a_persons_page_is_newest_first_after_its_cursor_and_may_keep_only_the_unread(database):
    await seeded(database)
    notes = Notifications(database, "cab1")
    for number in range(1, 5):
        await database.batch(notes.insert(a_note(f"n{number}", f"k{number}", Audience.people("lawyer"))))
    await database.batch(notes.insert(a_note("b", "kb", Audience.people("boss"))))
    assert [n.id for n in await notes.page("lawyer", limit=2, after=None)] == ["n4", "n3", "n2"]  # limit + 1
    assert [n.id for n in await notes.page("lawyer", limit=2, after=[3, "n3"])] == ["n2", "n1"]
    await database.batch([notes.mark_read("lawyer", "n3", NOW)])
    assert [n.id for n in await notes.page("lawyer", limit=9, after=None, unread_only=True)] == ["n4", "n2", "n1"]
    assert [n.id for n in await Notifications(database, "cab2").page("lawyer", limit=9, after=None)] == []


async def test_marking_read_touches_only_the_persons_own_deliveries_and_keeps_the_first_reading(database):
    await seeded(database)
    notes = Notifications(database, "cab1")
    await database.batch(notes.insert(a_note("n1", "k1", Audience.everyone())))
    await database.batch(notes.insert(a_note("n2", "k2", Audience.people("boss"))))
    await database.batch(notes.insert(a_note("n3", "k3", Audience.everyone())))
    assert await notes.inbox("lawyer") == Inbox(unread=2, last_seq=3)
    assert await notes.delivered("lawyer", "n2") is None  # the boss's alone
    assert await Notifications(database, "cab2").delivered("lawyer", "n1") is None
    first = await database.batch([notes.mark_read("lawyer", "n1", NOW)])
    again = await database.batch([notes.mark_read("lawyer", "n1", "2026-03-03T08:00:00+00:00")])
    others = await database.batch([notes.mark_read("lawyer", "n2", NOW)])
    assert [first[0].changes, again[0].changes, others[0].changes] == [1, 0, 0]
    assert (await notes.delivered("lawyer", "n1")).read_at == NOW  # type: ignore[union-attr]
    assert (await notes.delivered("boss", "n1")).read_at is None  # type: ignore[union-attr]
    assert await database.first(notes.read_at("lawyer", NOW).sql, *notes.read_at("lawyer", NOW).params) is not None
    assert (await database.batch([notes.mark_all_read("boss", 2, NOW)]))[0].changes == 2
    assert await notes.inbox("boss") == Inbox(unread=1, last_seq=3)
    assert await notes.inbox("other") == Inbox(unread=0, last_seq=0)  # another cabinet's person
    assert await Notifications(database, "cab2").inbox("other") == Inbox(unread=0, last_seq=0)


async def test_the_digest_lists_the_unread_titles_of_its_types_since_the_previous_digest(database):
    await seeded(database)
    notes = Notifications(database, "cab1")
    before, yesterday, sent = "2026-03-01T10:00:00+00:00", "2026-03-02T07:00:00+00:00", "2026-03-02T09:00:00+00:00"
    await database.batch(notes.insert(a_note("old", "k0", Audience.people("lawyer"), title="Avant", created_at=before)))
    later = [
        ("k1", "Tôt hier", yesterday, NotificationType.ALERT),
        ("k2", "Échéance dépassée", "2026-03-02T10:00:00+00:00", NotificationType.OVERDUE),
        ("k3", "Courrier classé", "2026-03-02T11:00:00+00:00", NotificationType.MAIL_FILED),
        ("k4", "Lu", "2026-03-02T12:00:00+00:00", NotificationType.MAIL_NEW),
    ]
    for key, title, created, kind in later:
        note = a_note(key, key, Audience.people("lawyer"), title=title, type=kind, created_at=created)
        await database.batch(notes.insert(note))
    await database.batch([notes.mark_read("lawyer", "k4", NOW)])
    await database.batch([NotificationPreferences(database, "cab1").put(
        "lawyer", Preference(NotificationType.MAIL_FILED, live=True, digest=False), NOW)])  # fmt: skip
    unsent = await notes.unread_for_digest("lawyer", since="2026-03-01T23:00:00+00:00", previous_period="2026-03-02",
                                           limit=10)  # fmt: skip
    assert unsent == ["Tôt hier", "Échéance dépassée"]  # no digest sent yesterday: since that day's start
    await database.batch([Statement(
        "INSERT INTO digest_sends (cabinet_id, person_id, kind, period, status, claimed_at, sent_at) VALUES ('cab1',"
        " 'lawyer', 'quotidien', '2026-03-02', 'envoye', ?, ?)", (sent, sent))])  # fmt: skip
    after_it = await notes.unread_for_digest("lawyer", since="2026-03-01T23:00:00+00:00",
                                             previous_period="2026-03-02", limit=10)  # fmt: skip
    assert after_it == ["Échéance dépassée"]
    assert await notes.unread_for_digest("boss", since=before, previous_period="2026-03-02", limit=10) == []


async def test_preferences_default_to_both_on_and_are_upserted_per_person_and_type(database):
    await seeded(database)
    prefs = NotificationPreferences(database, "cab1")
    assert await prefs.of_person("lawyer") == [Preference(kind) for kind in NotificationType]
    await database.batch([prefs.put("lawyer", Preference(NotificationType.ALERT, live=False, digest=True), NOW)])
    await database.batch([prefs.put("lawyer", Preference(NotificationType.ALERT, live=False, digest=False), NOW)])
    mine = {p.type: p for p in await prefs.of_person("lawyer")}
    assert (mine[NotificationType.ALERT].live, mine[NotificationType.ALERT].digest) == (False, False)
    assert mine[NotificationType.MAIL_NEW] == Preference(NotificationType.MAIL_NEW)
    assert await prefs.of_person("boss") == [Preference(kind) for kind in NotificationType]
    assert await NotificationPreferences(database, "cab2").of_person("lawyer") == [
        Preference(kind) for kind in NotificationType
    ]


async def test_what_is_pushed_and_replayed_leaves_out_the_types_a_person_turned_live_off(database):
    await seeded(database)
    notes = Notifications(database, "cab1")
    await database.batch([NotificationPreferences(database, "cab1").put(
        "lawyer", Preference(NotificationType.MAIL_FILED, live=False, digest=True), NOW)])  # fmt: skip
    await database.batch(notes.insert(a_note("n1", "k1", Audience.everyone())))
    await database.batch(notes.insert(a_note("n2", "k2", Audience.everyone(), type=NotificationType.MAIL_FILED)))
    pushed = [(n.id, people) for n, people in await notes.pushable(["n2", "n1", "never-stored"])]
    assert pushed == [("n1", ["boss", "lawyer"]), ("n2", ["boss"])]
    assert await notes.pushable([]) == []
    assert [n.id for n in await notes.missed("lawyer", 0, limit=10)] == ["n1"]
    assert [n.id for n in await notes.missed("boss", 1, limit=10)] == ["n2"]
    assert (await notes.last_seq("lawyer"), await notes.last_seq("other")) == (2, 0)
