"""The rules on deadlines and the shipped procedure chains (domain/echeances.py, domain/procedures.py)."""

from __future__ import annotations

import re

import pytest

from domain.deadlines import find_entry, parse_delay
from domain.echeances import DeadlineStatus, manual_date, next_alert_on, status_change
from domain.errors import Conflict, InvalidInput
from domain.procedures import SHIPPED, Step, valid_steps

ARTICLE = re.compile(r"\bart\. [0-9LR]", re.IGNORECASE)


def test_the_scan_first_looks_at_a_deadline_its_earliest_threshold_before_the_due_date():
    assert next_alert_on("a_faire", "2026-04-02", (7, 3, 1, 0)) == "2026-03-26"
    assert next_alert_on(DeadlineStatus.A_FAIRE, "2026-04-02", (15, 1)) == "2026-03-18"
    assert next_alert_on("a_faire", "2026-04-02", ()) == "2026-03-26"  # no thresholds: the default ones, as the scan


@pytest.mark.parametrize("status", ["suggere", "fait", "annule", "rejete"])
def test_a_deadline_not_to_do_or_without_a_due_date_raises_no_alert(status):
    assert next_alert_on(status, "2026-04-02", (7, 3, 1, 0)) is None
    assert next_alert_on("a_faire", None, (7, 3, 1, 0)) is None


def test_a_manual_due_date_needs_its_reason_and_a_reason_needs_a_date():
    assert manual_date("2026-04-01", "  Prudence :  date  de l'huissier ") == (
        "2026-04-01",
        "Prudence : date de l'huissier",
    )
    assert manual_date(None, None) == (None, "")
    with pytest.raises(InvalidInput) as missing:
        manual_date("2026-04-01", "")
    assert missing.value.field == "manual_reason"
    with pytest.raises(InvalidInput) as alone:
        manual_date(None, "Parce que")
    assert alone.value.field == "manual_due_date"
    with pytest.raises(InvalidInput) as bad:
        manual_date("01/04/2026", "Motif")
    assert bad.value.field == "manual_due_date"


def test_a_suggestion_leaves_its_status_only_by_confirmation_or_rejection():
    assert status_change(DeadlineStatus.A_FAIRE, DeadlineStatus.FAIT) is DeadlineStatus.FAIT
    assert status_change(DeadlineStatus.FAIT, DeadlineStatus.A_FAIRE) is DeadlineStatus.A_FAIRE
    with pytest.raises(Conflict):
        status_change(DeadlineStatus.SUGGERE, DeadlineStatus.FAIT)
    with pytest.raises(InvalidInput):
        status_change(DeadlineStatus.A_FAIRE, DeadlineStatus.REJETE)


@pytest.mark.parametrize("procedure", SHIPPED, ids=lambda p: p.id)
def test_every_step_of_every_shipped_chain_cites_the_article_that_carries_it(procedure):
    for step in procedure.steps:
        assert step.basis, f"{procedure.id}.{step.key} cites nothing"
        assert any(ARTICLE.search(basis) for basis in step.basis), f"{procedure.id}.{step.key}: {step.basis}"


@pytest.mark.parametrize("procedure", SHIPPED, ids=lambda p: p.id)
def test_every_shipped_chain_is_a_valid_chain_of_known_rules(procedure):
    assert valid_steps(list(procedure.steps)) == procedure.steps
    for step in procedure.steps:
        assert (find_entry(step.kind) is not None) if step.kind else parse_delay(step.delay or "")
    assert procedure.events  # something to anchor it on


def test_the_appeal_chains_before_and_after_the_2024_reform_cite_their_own_articles():
    by_id = {p.id: p for p in SHIPPED}
    before, after = by_id["appel_bref_delai_avant_2024"], by_id["appel_bref_delai_2024"]
    assert before.step("signification_declaration").basis == ("CPC art. 905-1 (ancien)",)
    assert after.step("signification_declaration").basis == ("CPC art. 906-1",)
    assert after.step("conclusions_appelant").basis == ("CPC art. 906-2",)
    assert (before.filed_on_default, after.filed_on_default) == ("2024-08-31", "2024-09-01")
    assert by_id["appel_mise_en_etat_2024"].step("conclusions_appelant").basis == ("CPC art. 908",)
    assert by_id["appel_mise_en_etat_2024"].step("conclusions_intime").basis == ("CPC art. 909",)


def test_a_cabinets_chain_is_refused_with_the_step_at_fault_named():
    good = Step("reponse", "Réponse", "sommation", delay="15 jours")
    cases = [
        ([good, Step("reponse", "Bis", "sommation", delay="8 jours")], "steps.1.key"),
        ([Step("a", "A", "Après!", delay="8 jours")], "steps.0.after"),
        ([Step("a", "A", "sommation", kind="appel", delay="8 jours")], "steps.0.kind"),
        ([Step("a", "A", "sommation", kind="inconnu")], "steps.0.kind"),
        ([Step("a", "A", "sommation", delay="bientôt")], "steps.0.delay"),
        ([], "steps"),
    ]
    for steps, field in cases:
        with pytest.raises(InvalidInput) as refused:
            valid_steps(steps)
        assert refused.value.field == field
