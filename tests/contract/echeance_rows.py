"""Deadlines and hearings for the contract tests of the échéances tables, as the application writes them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from domain.echeances import Deadline, DeadlineStatus, Hearing, HearingStatus, Source
from domain.procedures import Procedure, Step

NOW = "2026-03-02T08:30:00+00:00"
CHAIN = Procedure("p1", "Sommation", "Modèle", (Step("reponse", "Réponse", "sommation", delay="15 jours",
                                                      basis=("C. civ. art. 1344",)),), based_on=None)  # fmt: skip


def a_deadline(deadline_id: str, cabinet_id: str, dossier_id: str, **changes: Any) -> Deadline:
    deadline = Deadline(
        id=deadline_id, cabinet_id=cabinet_id, dossier_id=dossier_id, title="Interjeter appel", kind="appel",
        delay="", trigger_date="2026-03-02", trigger_act="signification du jugement", request={"zone": "75"},
        result={"due_date": "2026-04-02", "explanation": ["Un mois à compter du 2 mars."]}, engine_version="test",
        computed_due_date="2026-04-02", manual_due_date=None, manual_reason="", due_date="2026-04-02",
        alert_date="2026-03-26", next_alert_on="2026-03-26", responsible_id=None, status=DeadlineStatus.A_FAIRE,
        source=Source.MANUEL, source_id=None, quote="", chain_run_id=None, chain_step=None, version=1,
        created_by="person:lawyer", created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    return replace(deadline, **changes)


def a_hearing(hearing_id: str, cabinet_id: str, dossier_id: str, **changes: Any) -> Hearing:
    hearing = Hearing(
        id=hearing_id, cabinet_id=cabinet_id, dossier_id=dossier_id, date="2026-05-12", time="09:30",
        court="Tribunal judiciaire de Paris", chamber="5e chambre", hearing_type="plaidoiries",
        status=HearingStatus.PREVUE, replaced_by=None, source=Source.MANUEL, source_id=None, quote="", notes="",
        version=1, created_by="person:lawyer", created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    return replace(hearing, **changes)
