"""Procedure chains applied to a dossier (services/procedures.py) on the local runtime: entering or changing an
anchoring date recomputes every dependent step, each change kept in its history and told to the dossier's lawyer;
a hearing anchor follows the hearing when it is moved."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.errors import Conflict, InvalidInput
from domain.extraction.model import Fact, FactKind
from domain.procedures import Step
from services.echeances import DeadlineChanges, get_deadline, update_deadline
from services.hearings import HearingChanges, NewHearing, create_hearing, decide_hearing, postpone, update_hearing
from services.procedures import ProcedureDraft, apply_procedure, create_procedure, update_anchors
from services.suggestions import suggest_from_facts
from tests.unit.echeances.bed import a_cabinet


def steps(applied) -> dict[str, tuple[str | None, str | None]]:
    return {v.deadline.chain_step: (v.deadline.trigger_date, v.deadline.due_date) for v in applied.deadlines}


async def test_applying_a_shipped_chain_then_entering_and_changing_its_anchor_recomputes_every_dependent_step(
    tmp_path: Path,
):
    cab = await a_cabinet(tmp_path)
    applied = await apply_procedure(cab.lawyer, cab.dossier_id, "appel_mise_en_etat_2024",
                                    {"signification_jugement": "2026-01-15"})  # fmt: skip
    assert steps(applied)["delai_appel"] == ("2026-01-15", "2026-02-16")  # 15 Feb is a Sunday
    assert steps(applied)["conclusions_appelant"] == (None, None)  # waiting for the appeal's filing
    waiting = next(v for v in applied.deadlines if v.deadline.chain_step == "conclusions_appelant")
    assert waiting.deadline.trigger_act == "en attente de déclaration d'appel"
    assert (waiting.deadline.status.value, waiting.deadline.next_alert_on) == ("a_faire", None)

    entered = await update_anchors(cab.lawyer, cab.dossier_id, applied.run_id, {"declaration_appel": "2026-02-10"})
    assert steps(entered)["conclusions_appelant"] == ("2026-02-10", "2026-05-11")  # art. 908: 3 months, Sunday
    assert steps(entered)["signification_conclusions"] == ("2026-02-10", "2026-06-10")  # art. 911: + 1 month
    assert steps(entered)["delai_appel"] == ("2026-01-15", "2026-02-16")  # not anchored on it: untouched

    changed = await update_anchors(cab.lawyer, cab.dossier_id, applied.run_id, {"declaration_appel": "2026-02-12"})
    assert steps(changed)["conclusions_appelant"] == ("2026-02-12", "2026-05-12")
    assert steps(changed)["signification_conclusions"] == ("2026-02-12", "2026-06-12")
    step = next(v for v in changed.deadlines if v.deadline.chain_step == "conclusions_appelant")
    _, history = await get_deadline(cab.lawyer, step.deadline.id)
    assert [h.change for h in history] == ["cree", "recalcule", "recalcule"]
    assert (history[2].before or {})["due_date"] == "2026-05-11"  # the old result stays
    assert (history[2].after or {})["due_date"] == "2026-05-12"
    assert step.deadline.next_alert_on == "2026-05-05"  # J-7 of the new date
    notes = await cab.rows("SELECT type, subject_id, body FROM notifications WHERE type = 'echeance.recalculee'"
                           " AND subject_id = ?", step.deadline.id)  # fmt: skip
    assert [note["body"] for note in notes] == [
        "Ancrage modifié : échéance fixée au 2026-05-11.",
        "Ancrage modifié : échéance du 2026-05-11 portée au 2026-05-12.",
    ]


async def test_a_step_relative_to_an_earlier_step_follows_it(tmp_path: Path):
    cab = await a_cabinet(tmp_path)
    own = ProcedureDraft("Sommation et relance", (
        Step("reponse", "Réponse à la sommation", "sommation", delay="15 jours", basis=("C. civ. art. 1344",)),
        Step("relance", "Relance", "reponse", delay="8 jours"),
    ))  # fmt: skip
    boss = cab.lawyer.acting_as(cab.boss)
    procedure = await create_procedure(boss, own)
    applied = await apply_procedure(cab.lawyer, cab.dossier_id, procedure.id, {"sommation": "2026-03-02"})
    assert steps(applied) == {"reponse": ("2026-03-02", "2026-03-17"), "relance": ("2026-03-17", "2026-03-25")}
    moved = await update_anchors(cab.lawyer, cab.dossier_id, applied.run_id, {"sommation": "2026-03-09"})
    assert steps(moved) == {"reponse": ("2026-03-09", "2026-03-24"), "relance": ("2026-03-24", "2026-04-01")}


async def test_a_renvoi_moves_the_hearing_anchor_and_the_steps_that_run_back_from_it(tmp_path: Path):
    cab = await a_cabinet(tmp_path)
    hearing = await create_hearing(cab.lawyer, cab.dossier_id, NewHearing("2026-06-16", "09:30", "TJ Paris"))
    applied = await apply_procedure(cab.lawyer, cab.dossier_id, "fond_tribunal_judiciaire",
                                    {"audience": "2026-06-16"})  # fmt: skip
    # 15 days before the hearing (art. 754), counted « franc » and never extended backwards: the engine's reading
    assert steps(applied)["remise_assignation"] == ("2026-06-16", "2026-05-31")
    moved = await postpone(cab.assistant, hearing.hearing.id, date="2026-09-15", time=None, reason="Renvoi")
    assert (moved.hearing.date, moved.hearing.time, moved.hearing.court) == ("2026-09-15", "09:30", "TJ Paris")
    old = await cab.rows("SELECT status, replaced_by FROM hearings WHERE id = ?", hearing.hearing.id)
    assert old == [{"status": "remplacee", "replaced_by": moved.hearing.id}]
    step = next(v for v in applied.deadlines if v.deadline.chain_step == "remise_assignation")
    view, history = await get_deadline(cab.lawyer, step.deadline.id)
    assert (view.deadline.trigger_date, view.deadline.due_date) == ("2026-09-15", "2026-08-30")
    assert [h.reason for h in history] == ["", "Renvoi"]


async def test_anchors_are_checked_against_the_chains_events(tmp_path: Path):
    cab = await a_cabinet(tmp_path)
    with pytest.raises(InvalidInput) as unknown:
        await apply_procedure(cab.lawyer, cab.dossier_id, "refere", {"plaidoiries": "2026-03-02"})
    assert unknown.value.field == "anchors.plaidoiries"
    with pytest.raises(InvalidInput) as bad:
        await apply_procedure(cab.lawyer, cab.dossier_id, "refere", {"signification_ordonnance": "2 mars"})
    assert bad.value.field == "anchors.signification_ordonnance"


async def test_a_changed_trigger_date_recomputes_and_a_stale_version_is_refused(tmp_path: Path):
    cab = await a_cabinet(tmp_path)
    applied = await apply_procedure(cab.lawyer, cab.dossier_id, "refere", {"signification_ordonnance": "2026-03-02"})
    appeal = next(v for v in applied.deadlines if v.deadline.chain_step == "delai_appel").deadline
    assert appeal.due_date == "2026-03-17"  # 15 days (art. 490)
    changed = await update_deadline(cab.lawyer, appeal.id, DeadlineChanges(version=1, trigger_date="2026-03-05"))
    assert (changed.deadline.due_date, changed.deadline.version) == ("2026-03-20", 2)
    with pytest.raises(Conflict) as stale:
        await update_deadline(cab.lawyer, appeal.id, DeadlineChanges(version=1, title="Autre"))
    assert stale.value.code == "modifie_entre_temps"


async def test_a_confirmed_hearing_read_as_a_renvoi_and_a_hearing_date_edit_move_the_anchored_steps(tmp_path: Path):
    cab = await a_cabinet(tmp_path)
    hearing = await create_hearing(cab.lawyer, cab.dossier_id, NewHearing("2026-06-16"))
    applied = await apply_procedure(cab.lawyer, cab.dossier_id, "fond_tribunal_judiciaire", {"audience": "2026-06-16"})
    step = next(v for v in applied.deadlines if v.deadline.chain_step == "remise_assignation").deadline
    moved = Fact(FactKind.HEARING, "2026-09-15", "renvoyée au 15 septembre 2026", 0, 29, 0.9, replaces="2026-06-16")
    [new_id] = await suggest_from_facts(cab.lawyer, dossier_id=cab.dossier_id, source="courrier", source_id="m1",
                                        facts=[moved], reference_date="2026-03-02")  # fmt: skip
    unchanged, _ = await get_deadline(cab.lawyer, step.id)
    assert unchanged.deadline.trigger_date == "2026-06-16"  # a suggestion counts once confirmed
    await decide_hearing(cab.lawyer, new_id, confirm=True)
    followed, _ = await get_deadline(cab.lawyer, step.id)
    assert followed.deadline.trigger_date == "2026-09-15"
    edited = await update_hearing(cab.lawyer, new_id, HearingChanges(version=2, date="2026-09-22"))
    assert edited.hearing.date == "2026-09-22"
    again, history = await get_deadline(cab.lawyer, step.id)
    assert (again.deadline.trigger_date, len(history)) == ("2026-09-22", 3)
    assert hearing.hearing.id != new_id
