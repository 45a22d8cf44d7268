"""The local hub (local/hub.py): audience by person, close by person or session, and a dashboard that falls too
far behind told to reconnect rather than silently dropped."""

from __future__ import annotations

from local.hub import DISCONNECT, MAX_PENDING_FRAMES, OVERFLOW, InProcessHub


def drained(queue) -> list[dict]:
    items = []
    while not queue.empty():
        items.append(queue.get_nowait())
    return items


async def test_an_event_reaches_its_audience_without_its_to_and_never_another_cabinet():
    hub = InProcessHub()
    mine, colleague = hub.subscribe("c1", "p1", "s1"), hub.subscribe("c1", "p2", "s2")
    foreign = hub.subscribe("c2", "p1", "s3")
    assert await hub.publish("c1", {"type": "notification", "seq": 1, "to": ["p1"]}) == 1
    assert await hub.publish("c1", {"type": "annonce"}) == 2
    assert drained(mine) == [{"type": "notification", "seq": 1}, {"type": "annonce"}]
    assert drained(colleague) == [{"type": "annonce"}]
    assert drained(foreign) == []


async def test_closing_by_session_or_person_replaces_what_was_pending():
    hub = InProcessHub()
    tab1, tab2 = hub.subscribe("c1", "p1", "s1"), hub.subscribe("c1", "p1", "s2")
    await hub.publish("c1", {"type": "annonce"})
    assert await hub.disconnect_session("c1", "s1") == 1
    assert drained(tab1) == [DISCONNECT]
    assert await hub.disconnect("c1", "p1") == 2  # tab1's record is still there until its socket unsubscribes
    assert drained(tab2) == [DISCONNECT]


async def test_a_dashboard_that_falls_too_far_behind_is_told_to_reconnect():
    hub = InProcessHub()
    slow = hub.subscribe("c1", "p1", "s1")
    for seq in range(MAX_PENDING_FRAMES + 1):
        await hub.publish("c1", {"type": "notification", "seq": seq})
    assert drained(slow) == [OVERFLOW]
    assert await hub.publish("c1", {"type": "annonce"}) == 0
