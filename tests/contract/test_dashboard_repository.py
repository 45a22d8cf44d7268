"""The home screen's counters (d1/dashboard.py) on SQLite locally and on D1 in the Workers harness: the « à
classer » tray and the suggestions awaiting confirmation, counted in SQL for what the actor may see."""

from __future__ import annotations

from datetime import date

from d1.dashboard import Counters, Dashboard
from d1.inbound_mail import InboundMail
from domain.actors import SYSTEM, Actor, Role
from domain.dossiers import Visibility
from domain.inbound_mail import InboundMessage, MailStatus
from tests.contract.dossier_seed import add_client, add_dossier
from tests.contract.echeance_seed import add_deadline, add_hearing
from tests.contract.seed import add_cabinet, add_person


def a_message(inbound_id: str, cabinet_id: str, status: MailStatus) -> InboundMessage:
    return InboundMessage(inbound_id, cabinet_id, "greffe@justice.fr", f"{cabinet_id}@poste.example",
                          f"mid:<{inbound_id}@x>", 120, "ab" * 32, f"k/{inbound_id}.eml", status,
                          "2026-03-02T08:00:00+00:00")  # fmt: skip


async def test_the_counters_count_the_tray_and_the_suggestions_the_actor_may_see(database):
    for cabinet_id in ("cab1", "cab2"):
        await add_cabinet(database, cabinet_id)
        await add_client(database, f"c-{cabinet_id}", cabinet_id)
        await add_dossier(database, f"open-{cabinet_id}", cabinet_id, [f"c-{cabinet_id}"])
    await add_person(database, "boss", "cab1", role=Role.ASSOCIE, email="boss@cab1.fr")
    await add_person(database, "lawyer", "cab1", role=Role.AVOCAT, email="lawyer@cab1.fr")
    await add_dossier(database, "kept", "cab1", ["c-cab1"], visibility=Visibility.EQUIPE, responsible_id="boss")
    await database.batch([InboundMail(database, cabinet_id).insert(a_message(inbound_id, cabinet_id, status))
                          for inbound_id, cabinet_id, status in (
                              ("m1", "cab1", MailStatus.TO_FILE), ("m2", "cab1", MailStatus.TO_FILE),
                              ("m3", "cab1", MailStatus.FILED), ("m4", "cab2", MailStatus.TO_FILE))])  # fmt: skip
    day = date(2026, 4, 14)
    await add_deadline(database, "s1", "cab1", "open-cab1", day, status="suggere")
    await add_deadline(database, "s2", "cab1", "kept", day, status="suggere")
    await add_deadline(database, "todo", "cab1", "open-cab1", day)
    await add_hearing(database, "h1", "cab1", "open-cab1", day, status="suggeree")
    await add_hearing(database, "h2", "cab1", "open-cab1", day)
    await add_deadline(database, "s3", "cab2", "open-cab2", day, status="suggere")
    board = Dashboard(database, "cab1")
    boss, lawyer = Actor("person", "boss", Role.ASSOCIE), Actor("person", "lawyer", Role.AVOCAT)
    assert await board.counters(boss, with_mail=True) == Counters(to_file=2, suggestions=3)
    assert await board.counters(lawyer, with_mail=True) == Counters(to_file=2, suggestions=2)  # not the kept one
    assert await board.counters(lawyer, with_mail=False) == Counters(to_file=0, suggestions=2)
    assert await Dashboard(database, "cab2").counters(SYSTEM, with_mail=True) == Counters(to_file=1, suggestions=1)
