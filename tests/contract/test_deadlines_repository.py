"""Deadlines and their history (d1/deadlines.py) on SQLite locally and on D1 in the Workers harness: read with their
dossier, filtered by what the actor may see, written only at the version they were read at, never across cabinets."""

from __future__ import annotations

from dataclasses import replace

from d1.deadlines import Deadlines
from d1.erasure import Erasure
from d1.hearings import Hearings
from d1.procedures import ProcedureRun, Procedures
from domain.actors import SYSTEM, Actor, Role
from domain.dossiers import Visibility
from domain.echeances import DeadlineStatus, HistoryEntry, Source
from tests.contract.dossier_seed import add_client, add_dossier
from tests.contract.echeance_rows import NOW, a_deadline, a_hearing
from tests.contract.seed import add_cabinet, add_person
from tests.contract.test_procedures_repository import CHAIN

ASSISTANT = Actor("person", "assistant", Role.ASSISTANT)


async def seeded(database) -> Deadlines:
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await add_person(database, "lawyer", "cab1", role=Role.AVOCAT, email="lawyer@cab1.fr")
    await add_person(database, "assistant", "cab1", role=Role.ASSISTANT, email="assistant@cab1.fr")
    await add_client(database, "c1", "cab1")
    await add_client(database, "c2", "cab2")
    await add_dossier(database, "open", "cab1", ["c1"], responsible_id="lawyer")
    await add_dossier(database, "kept", "cab1", ["c1"], visibility=Visibility.EQUIPE, responsible_id="lawyer")
    await add_dossier(database, "theirs", "cab2", ["c2"])
    return Deadlines(database, "cab1")


async def test_a_deadline_is_read_with_its_dossier_and_responsible_and_only_where_the_actor_sees_the_dossier(database):
    deadlines = await seeded(database)
    await database.batch([
        deadlines.insert(a_deadline("d1", "cab1", "open", responsible_id="lawyer")),
        deadlines.insert(a_deadline("d2", "cab1", "kept")),
        Deadlines(database, "cab2").insert(a_deadline("t1", "cab2", "theirs")),
    ])  # fmt: skip
    view = await deadlines.get(ASSISTANT, "d1")
    assert view is not None
    assert (view.dossier.title, view.responsible_name) == ("Bail commercial Dupont", "Me lawyer")
    assert view.deadline.request == {"zone": "75"}
    assert view.deadline.result == {"due_date": "2026-04-02", "explanation": ["Un mois à compter du 2 mars."]}
    assert await deadlines.get(ASSISTANT, "d2") is None  # kept to its team
    assert await deadlines.get(SYSTEM, "d2") is not None
    assert await deadlines.get(SYSTEM, "t1") is None  # another cabinet's
    assert (await deadlines.dossier(ASSISTANT, "open")).responsible_id == "lawyer"  # type: ignore[union-attr]
    assert await deadlines.dossier(ASSISTANT, "kept") is None
    assert await deadlines.dossier(SYSTEM, "theirs") is None


async def test_the_list_is_by_due_date_with_undated_steps_last_and_pages_on(database):
    deadlines = await seeded(database)
    await database.batch([
        deadlines.insert(a_deadline("late", "cab1", "open", due_date="2026-02-01")),
        deadlines.insert(a_deadline("soon", "cab1", "open", due_date="2026-03-10", responsible_id="lawyer")),
        deadlines.insert(a_deadline("waiting", "cab1", "open", due_date=None, trigger_date=None)),
        deadlines.insert(a_deadline("done", "cab1", "open", status=DeadlineStatus.FAIT)),
        deadlines.insert(a_deadline("hidden", "cab1", "kept")),
        Deadlines(database, "cab2").insert(a_deadline("t1", "cab2", "theirs")),
    ])  # fmt: skip
    page = await deadlines.page(ASSISTANT, filters={}, statuses=("a_faire",), limit=10, after=None)
    assert [v.deadline.id for v in page] == ["late", "soon", "waiting"]
    first = await deadlines.page(ASSISTANT, filters={}, statuses=("a_faire",), limit=1, after=None)
    assert [v.deadline.id for v in first] == ["late", "soon"]  # limit + 1
    rest = await deadlines.page(ASSISTANT, filters={}, statuses=("a_faire",), limit=5, after=["2026-03-10", "soon"])
    assert [v.deadline.id for v in rest] == ["waiting"]
    mine = await deadlines.page(SYSTEM, filters={"responsible_id": "lawyer", "from": "2026-03-01", "to": "2026-03-31"},
                                statuses=("a_faire", "fait"), limit=10, after=None)  # fmt: skip
    assert [v.deadline.id for v in mine] == ["soon"]
    of_dossier = await deadlines.page(SYSTEM, filters={"dossier_id": "kept"}, statuses=("a_faire",), limit=10,
                                      after=None)  # fmt: skip
    assert [v.deadline.id for v in of_dossier] == ["hidden"]


async def test_suggestions_sources_chain_runs_and_the_closure_window_are_read_in_one_cabinet(database):
    deadlines = await seeded(database)
    await database.batch([
        deadlines.insert(a_deadline("s1", "cab1", "open", status=DeadlineStatus.SUGGERE, source=Source.COURRIER,
                                    source_id="mail1", created_at="2026-03-01T08:00:00+00:00")),
        deadlines.insert(a_deadline("s2", "cab1", "open", status=DeadlineStatus.SUGGERE, source=Source.COURRIER,
                                    source_id="mail2")),
        deadlines.insert(a_deadline("c1", "cab1", "open", chain_run_id="run1", chain_step="appel")),
        deadlines.insert(a_deadline("far", "cab1", "open", due_date="2027-01-01")),
        Deadlines(database, "cab2").insert(a_deadline("t1", "cab2", "theirs", source_id="mail1",
                                                      chain_run_id="run1")),
    ])  # fmt: skip
    assert [v.deadline.id for v in await deadlines.suggestions(ASSISTANT, 10)] == ["s2", "s1"]
    assert [d.id for d in await deadlines.of_source("mail1")] == ["s1"]
    assert [d.id for d in await deadlines.of_run("run1")] == ["c1"]
    assert [d.id for d in await deadlines.outdated("test", 10)] == []
    assert [d.id for d in await deadlines.outdated("2", 2)] == ["c1", "s1"]
    window = await deadlines.due_between("2026-03-01", "2026-04-30")
    assert [d.id for d in window] == ["c1", "s1", "s2"]


async def test_an_update_lands_only_at_the_version_it_was_read_at_and_history_keeps_before_and_after(database):
    deadlines = await seeded(database)
    original = a_deadline("d1", "cab1", "open")
    await database.batch([deadlines.insert(original)])
    moved = replace(original, manual_due_date="2026-04-01", manual_reason="Prudence", due_date="2026-04-01",
                    version=2, updated_at="2026-03-03T08:00:00+00:00")  # fmt: skip
    entry = HistoryEntry("h1", "d1", "2026-03-03T08:00:00+00:00", "person:lawyer", "date_manuelle", "Prudence",
                         {"due_date": "2026-04-02"}, {"due_date": "2026-04-01"})  # fmt: skip
    first = await database.batch([deadlines.record(entry, at_version=1), deadlines.update(moved, 1)])
    assert first[1].changes == 1
    landed = deadlines.at_version("d1", 2, "2026-03-03T08:00:00+00:00")
    assert await database.first(landed.sql, *landed.params) is not None
    lost = HistoryEntry("h2", "d1", NOW, "person:other", "statut", "", None, None)
    await database.batch([deadlines.record(lost, at_version=1)])  # the row moved on: no history for a lost race
    plain = HistoryEntry("h0", "d1", "2026-03-01T08:00:00+00:00", "person:lawyer", "cree", "", None, None)
    await database.batch([deadlines.record(plain)])
    stale = await database.batch([deadlines.update(replace(moved, title="Autre", version=2), 1)])
    assert stale[0].changes == 0
    crossing = await database.batch([Deadlines(database, "cab2").update(replace(moved, version=3), 2)])
    assert crossing[0].changes == 0
    view = await deadlines.get(SYSTEM, "d1")
    assert view is not None
    assert (view.deadline.due_date, view.deadline.computed_due_date, view.deadline.version) == (
        "2026-04-01",
        "2026-04-02",
        2,
    )
    history = await deadlines.history("d1")
    assert [(h.change, h.before, h.after) for h in history] == [("cree", None, None),
        ("date_manuelle", {"due_date": "2026-04-02"}, {"due_date": "2026-04-01"})]  # fmt: skip
    assert await Deadlines(database, "cab2").history("d1") == []


async def test_a_dossier_erased_goes_with_its_deadlines_their_history_its_hearings_and_chain_runs(database):
    deadlines = await seeded(database)
    hearings = Hearings(database, "cab1")
    run = ProcedureRun("r1", "open", CHAIN, {}, {}, 1, "person:lawyer", NOW, NOW)
    entry = HistoryEntry("h1", "d1", NOW, "person:lawyer", "cree", "", None, {"due_date": "2026-04-02"})
    await database.batch([
        deadlines.insert(a_deadline("d1", "cab1", "open")), deadlines.record(entry),
        deadlines.insert(a_deadline("d2", "cab1", "kept")), hearings.insert(a_hearing("g1", "cab1", "open")),
        Procedures(database, "cab1").insert_run(run),
    ])  # fmt: skip
    await database.batch(Erasure(database, "cab1").dossier("open"))
    assert await deadlines.get(SYSTEM, "d1") is None
    assert await deadlines.history("d1") == []
    assert await hearings.get(SYSTEM, "g1") is None
    assert await Procedures(database, "cab1").run("r1") is None
    assert await deadlines.get(SYSTEM, "d2") is not None  # another dossier's stays
