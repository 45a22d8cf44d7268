"""Suggestions read in mail (services/suggestions.py), their confirmation, manual due dates and the cabinet's court
closures, on the local runtime: nothing counts before a lawyer confirms it, nothing is altered without a trace."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from domain.deadlines import ENGINE_VERSION
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.extraction.model import Fact, FactKind
from services.court_closures import add_closure, list_closures, remove_closure
from services.echeances import (
    DeadlineChanges,
    NewDeadline,
    create_deadline,
    decide,
    get_deadline,
    list_deadlines,
    update_deadline,
)
from services.hearings import NewHearing, create_hearing, decide_hearing
from services.recompute import recompute_outdated
from services.suggestions import list_suggestions, suggest_from_facts
from tests.unit.echeances.bed import a_cabinet


@dataclass(frozen=True)
class ReaderFact:
    """A fact as the reader publishes it once it says where a fact comes from and whether it still holds."""

    kind: FactKind
    value: str
    quote: str
    details: tuple[tuple[str, str], ...] = ()
    origin: str = "new"
    status: str = "active"
    replaces: str = ""


def fact(kind: FactKind, value: str, quote: str, *details: tuple[str, str]) -> Fact:
    return Fact(kind, value, quote, 0, len(quote), 0.9, details)


async def test_facts_of_a_mail_become_suggestions_that_count_only_once_confirmed(tmp_path: Path):
    cab = await a_cabinet(tmp_path)
    facts = [
        fact(FactKind.HEARING, "2026-05-12", "audience du 12 mai 2026 à 9 h 30", ("time", "09:30"), ("type", "refere")),
        fact(FactKind.DEADLINE, "2026-04-14", "avant le 14 avril 2026", ("type", "limite")),
        fact(FactKind.DELAY, "P15D", "dans un délai de quinze jours à compter de la réception",
             ("anchor", "la réception"), ("anchor_event", "reception")),
        fact(FactKind.DELAY, "P1M", "un mois à compter de la signification", ("anchor_event", "signification")),
        ReaderFact(FactKind.HEARING, "2026-01-10", "audience du 10 janvier", status="past"),
        ReaderFact(FactKind.DEADLINE, "2026-06-01", "> avant le 1er juin", origin="history"),
    ]  # fmt: skip
    ids = await suggest_from_facts(cab.lawyer, dossier_id=cab.dossier_id, source="courrier",
                                   source_id="mail1", facts=facts, reference_date="2026-03-02")  # fmt: skip
    assert len(ids) == 3  # the hearing, the stated date, the delay from the reception; not the rest
    again = await suggest_from_facts(cab.lawyer, dossier_id=cab.dossier_id, source="courrier", source_id="mail1",
                                     facts=facts, reference_date="2026-03-02")  # fmt: skip
    assert again == []  # a job that runs twice suggests once
    waiting = await list_suggestions(cab.assistant)
    assert [(h.hearing.date, h.hearing.time, h.hearing.hearing_type) for h in waiting.hearings] == [
        ("2026-05-12", "09:30", "refere")]  # fmt: skip
    assert sorted(v.deadline.due_date or "" for v in waiting.deadlines) == ["2026-03-17", "2026-04-14"]
    read = next(v for v in waiting.deadlines if v.deadline.due_date == "2026-04-14").deadline
    assert read.quote == "avant le 14 avril 2026"
    assert "lue dans le courrier" in (read.result or {})["explanation"][0]
    assert read.next_alert_on is None  # a suggestion raises no alert
    assert (await list_deadlines(cab.lawyer, filters={})).items == []  # nothing counts yet

    confirmed = await decide(cab.assistant, read.id, confirm=True)
    assert (confirmed.deadline.status.value, confirmed.deadline.next_alert_on) == ("a_faire", "2026-04-07")
    computed = next(v for v in waiting.deadlines if v.deadline.due_date == "2026-03-17").deadline
    rejected = await decide(cab.lawyer, computed.id, confirm=False, reason="Déjà saisie")
    assert rejected.deadline.status.value == "rejete"
    with pytest.raises(Conflict):
        await decide(cab.lawyer, computed.id, confirm=True)
    _, history = await get_deadline(cab.lawyer, computed.id)
    assert [(h.change, h.reason) for h in history] == [("cree", ""), ("rejete", "Déjà saisie")]
    hearing = await decide_hearing(cab.lawyer, waiting.hearings[0].hearing.id, confirm=True)
    assert hearing.hearing.status.value == "prevue"
    notes = await cab.rows("SELECT COUNT(*) AS n FROM notifications WHERE type = 'echeance.suggeree'")
    assert notes == [{"n": 3}]
    audit = await cab.rows("SELECT action FROM audit_log WHERE action IN ('deadline.confirmed',"
                           " 'deadline.rejected', 'hearing.confirmed') ORDER BY action")  # fmt: skip
    assert [row["action"] for row in audit] == ["deadline.confirmed", "deadline.rejected", "hearing.confirmed"]


async def test_a_hearing_read_as_moved_replaces_the_planned_one(tmp_path: Path):
    cab = await a_cabinet(tmp_path)
    planned = await create_hearing(cab.lawyer, cab.dossier_id, NewHearing("2026-05-12", "09:30"))
    moved = ReaderFact(FactKind.HEARING, "2026-06-16", "renvoyée au 16 juin 2026", replaces="2026-05-12")
    [new_id] = await suggest_from_facts(cab.lawyer, dossier_id=cab.dossier_id, source="courrier", source_id="mail2",
                                        facts=[moved], reference_date="2026-03-02")  # fmt: skip
    old = await cab.rows("SELECT status, replaced_by FROM hearings WHERE id = ?", planned.hearing.id)
    assert old == [{"status": "remplacee", "replaced_by": new_id}]


async def test_a_manual_due_date_needs_a_lawyer_and_a_reason_and_keeps_the_computed_one(tmp_path: Path):
    cab = await a_cabinet(tmp_path)
    view = await create_deadline(cab.lawyer, cab.dossier_id, NewDeadline(start="2026-03-02", kind="appel"))
    assert view.deadline.due_date == "2026-04-02"
    with pytest.raises(InvalidInput) as no_reason:
        await update_deadline(
            cab.lawyer, view.deadline.id, DeadlineChanges(version=1, manual_given=True, manual_due_date="2026-03-31")
        )
    assert no_reason.value.field == "manual_reason"
    with pytest.raises(Forbidden):
        await update_deadline(cab.assistant, view.deadline.id, DeadlineChanges(
            version=1, manual_given=True, manual_due_date="2026-03-31", manual_reason="Prudence"))  # fmt: skip
    manual = await update_deadline(cab.lawyer, view.deadline.id, DeadlineChanges(
        version=1, manual_given=True, manual_due_date="2026-03-31", manual_reason="Prudence"))  # fmt: skip
    d = manual.deadline
    assert (d.due_date, d.computed_due_date, d.manual_reason, d.next_alert_on) == (
        "2026-03-31",
        "2026-04-02",
        "Prudence",
        "2026-03-24",
    )
    done = await update_deadline(cab.assistant, d.id, DeadlineChanges(version=2, status=d.status.FAIT))
    assert (done.deadline.status.value, done.deadline.next_alert_on) == ("fait", None)
    _, history = await get_deadline(cab.lawyer, d.id)
    assert [h.change for h in history] == ["cree", "date_manuelle", "statut"]
    audit = await cab.rows("SELECT summary FROM audit_log WHERE action = 'deadline.manual_date'")
    assert audit == [{"summary": "Prudence"}]


async def test_declaring_a_court_closure_recomputes_the_deadlines_it_moves_and_removing_it_moves_them_back(
    tmp_path: Path,
):
    cab = await a_cabinet(tmp_path)
    view = await create_deadline(cab.lawyer, cab.dossier_id, NewDeadline(start="2026-03-02", kind="appel"))
    far = await create_deadline(cab.lawyer, cab.dossier_id, NewDeadline(start="2026-06-02", kind="appel"))
    assert view.deadline.due_date == "2026-04-02"  # a Thursday
    boss = cab.lawyer.acting_as(cab.boss)
    with pytest.raises(Forbidden):
        await add_closure(cab.lawyer, "2026-04-02", "Grève")
    await add_closure(boss, "2026-04-02", "Grève des greffes")
    moved, history = await get_deadline(cab.lawyer, view.deadline.id)
    assert moved.deadline.due_date == "2026-04-03"
    assert [(h.change, h.reason) for h in history][-1] == (
        "recalcule",
        "Fermeture de la juridiction déclarée le 2026-04-02",
    )
    assert (await get_deadline(cab.lawyer, far.deadline.id))[0].deadline.version == 1  # out of reach: untouched
    assert [c.day for c in await list_closures(cab.assistant)] == ["2026-04-02"]
    await remove_closure(boss, "2026-04-02")
    back, history = await get_deadline(cab.lawyer, view.deadline.id)
    assert (back.deadline.due_date, len(history)) == ("2026-04-02", 3)
    notes = await cab.rows("SELECT body FROM notifications WHERE type = 'echeance.recalculee' ORDER BY seq")
    assert [n["body"] for n in notes] == [
        "Fermeture de la juridiction déclarée le 2026-04-02 : échéance du 2026-04-02 portée au 2026-04-03.",
        "Fermeture du 2026-04-02 retirée : échéance du 2026-04-03 portée au 2026-04-02.",
    ]


async def test_deadlines_computed_by_an_earlier_engine_are_recomputed_with_their_old_result_kept(tmp_path: Path):
    cab = await a_cabinet(tmp_path)
    view = await create_deadline(cab.lawyer, cab.dossier_id, NewDeadline(start="2026-03-02", kind="appel"))
    old = {"due_date": "2026-04-03", "explanation": ["Ancienne lecture."]}
    await cab.bed.database.run("UPDATE deadlines SET engine_version = '1', result_json = ?, computed_due_date ="
                               " '2026-04-03', due_date = '2026-04-03' WHERE id = ?", json.dumps(old),
                               view.deadline.id)  # fmt: skip
    assert await recompute_outdated(cab.lawyer) == 1
    now, history = await get_deadline(cab.lawyer, view.deadline.id)
    assert (now.deadline.due_date, now.deadline.engine_version) == ("2026-04-02", ENGINE_VERSION)
    assert (history[-1].change, (history[-1].before or {})["explanation"]) == ("recalcule", ["Ancienne lecture."])
    assert await recompute_outdated(cab.lawyer) == 0  # nothing left from another version
