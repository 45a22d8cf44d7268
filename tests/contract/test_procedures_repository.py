"""Procedure chains, their runs and the court closures (d1/procedures.py, d1/court_closures.py) on SQLite locally
and on D1 in the Workers harness, one cabinet at a time."""

from __future__ import annotations

from dataclasses import replace

from d1.court_closures import CourtClosures
from d1.procedures import ProcedureRun, Procedures
from domain.echeances import CourtClosure
from domain.procedures import shipped
from tests.contract.dossier_seed import add_client, add_dossier
from tests.contract.echeance_rows import CHAIN, NOW
from tests.contract.seed import add_cabinet


async def seeded(database) -> Procedures:
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await add_client(database, "c1", "cab1")
    await add_dossier(database, "open", "cab1", ["c1"])
    return Procedures(database, "cab1")


async def test_a_cabinets_chains_are_written_edited_and_deleted_in_that_cabinet_only(database):
    procedures = await seeded(database)
    await database.batch([procedures.insert(CHAIN, "person:boss", NOW),
                          Procedures(database, "cab2").insert(replace(CHAIN, id="p2"), "person:x", NOW)])  # fmt: skip
    found = await procedures.get("p1")
    assert found is not None
    assert (found.name, found.steps, found.builtin, found.version) == ("Sommation", CHAIN.steps, False, 1)
    assert await procedures.get("p2") is None
    await database.batch([procedures.update(replace(CHAIN, name="Sommation (v2)"), NOW)])
    assert [(p.name, p.version) for p in await procedures.all()] == [("Sommation (v2)", 2)]
    await database.batch([procedures.delete("p1"), procedures.delete("p2")])
    assert await procedures.all() == []
    assert await Procedures(database, "cab2").get("p2") is not None


async def test_a_run_keeps_its_chain_and_anchors_and_moves_only_at_its_version(database):
    procedures = await seeded(database)
    chain = shipped("appel_mise_en_etat_2024")
    assert chain is not None
    run = ProcedureRun("r1", "open", chain, {"signification_jugement": "2026-03-02"}, {}, 1, "person:lawyer", NOW,
                       NOW)  # fmt: skip
    await database.batch([procedures.insert_run(run)])
    stored = await procedures.run("r1")
    assert stored is not None
    assert (stored.procedure.steps, stored.procedure.filed_on_default) == (chain.steps, "2024-09-01")
    moved = replace(run, anchors={"audience": "2026-06-01"}, anchor_hearings={"audience": "h1"}, version=2)
    assert (await database.batch([procedures.update_run(moved, 1)]))[0].changes == 1
    assert (await database.batch([procedures.update_run(replace(moved, version=3), 1)]))[0].changes == 0
    assert [(r.anchors, r.anchor_hearings) for r in await procedures.runs_of_dossier("open")] == [
        ({"audience": "2026-06-01"}, {"audience": "h1"})]  # fmt: skip
    assert await Procedures(database, "cab2").run("r1") is None


async def test_court_closures_are_declared_once_per_day_and_removed_in_their_cabinet(database):
    await seeded(database)
    closures = CourtClosures(database, "cab1")
    await database.batch(
        [
            closures.insert(CourtClosure("2026-05-11", "Grève", NOW)),
            closures.insert(CourtClosure("2026-05-11", "Autre motif", NOW)),
            CourtClosures(database, "cab2").insert(CourtClosure("2026-05-12", "Travaux", NOW)),
        ]
    )
    assert [(c.day, c.reason) for c in await closures.all()] == [("2026-05-11", "Grève")]
    assert await closures.get("2026-05-12") is None
    await database.batch([closures.delete("2026-05-11"), closures.delete("2026-05-12")])
    assert await closures.all() == []
    assert (await CourtClosures(database, "cab2").get("2026-05-12")) is not None
