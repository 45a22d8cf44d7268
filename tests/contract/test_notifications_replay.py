"""What the realtime hub reads of notifications (d1/notifications.py), on SQLite locally and on D1 in the Workers
harness: what is pushed after a commit (`pushable`), what a reconnecting dashboard missed (`missed`), and the `seq`
it starts from (`last_seq`) — each for the people who take the type live, never another cabinet's."""

from __future__ import annotations

from d1.notifications import Notifications
from domain.notifications import Audience, NotificationType
from tests.contract.dossier_seed import NOW
from tests.contract.test_notifications_repository import a_note, seeded


async def live_off(database, person_id: str, kind: NotificationType) -> None:
    await database.run(
        "INSERT INTO notification_preferences (cabinet_id, person_id, type, live, digest, updated_at)"
        " VALUES ('cab1', ?, ?, 0, 1, ?)",
        person_id,
        kind.value,
        NOW,
    )


async def test_pushable_lists_the_stored_ones_in_seq_order_with_who_takes_them_live(database):
    await seeded(database)
    await live_off(database, "boss", NotificationType.MAIL_NEW)
    notes = Notifications(database, "cab1")
    await database.batch(notes.insert(a_note("n1", "k1", Audience.everyone())))
    await database.batch(notes.insert(a_note("n2", "k2", Audience.everyone(), type=NotificationType.MAIL_NEW)))
    await database.batch(notes.insert(a_note("dup", "k1", Audience.everyone())))  # deduplicated: never stored
    pushed = await notes.pushable(["n2", "dup", "n1"])
    assert [(n.id, n.seq, people) for n, people in pushed] == [("n1", 1, ["boss", "lawyer"]), ("n2", 2, ["lawyer"])]
    assert await notes.pushable([]) == []
    assert await Notifications(database, "cab2").pushable(["n1"]) == []


async def test_missed_is_what_came_after_since_oldest_first_for_the_types_taken_live(database):
    await seeded(database)
    await live_off(database, "lawyer", NotificationType.MAIL_NEW)
    notes = Notifications(database, "cab1")
    for index, kind in enumerate([NotificationType.ALERT, NotificationType.MAIL_NEW, NotificationType.ALERT] * 2):
        await database.batch(notes.insert(a_note(f"n{index + 1}", f"k{index + 1}", Audience.everyone(), type=kind)))
    await database.batch(notes.insert(a_note("b", "b", Audience.people("boss"))))  # seq 7: not the lawyer's
    assert [n.seq for n in await notes.missed("lawyer", 1, limit=10)] == [3, 4, 6]
    assert [n.seq for n in await notes.missed("lawyer", 1, limit=2)] == [3, 4]
    assert [n.seq for n in await notes.missed("boss", 5, limit=10)] == [6, 7]
    assert await notes.missed("lawyer", 6, limit=10) == []
    assert await notes.last_seq("lawyer") == 6  # delivered, whatever is pushed live
    assert await notes.last_seq("boss") == 7
    assert await notes.last_seq("nobody") == 0
    assert await Notifications(database, "cab2").last_seq("lawyer") == 0
    assert await Notifications(database, "cab2").missed("lawyer", 0, limit=10) == []
