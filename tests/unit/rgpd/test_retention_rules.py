"""When a client may be erased (domain/rgpd.py): once every dossier has been closed for the retention period; an open
dossier counts as closed today; the audit trail's pseudonyms are stable and lead nowhere."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.cabinets import DEFAULT_RETENTION_DAYS, valid_retention_days
from domain.errors import InvalidInput
from domain.rgpd import DossierTerm, LegalRetention, erasable_from, held_back, pseudonym, purge_cutoff

TODAY = date(2026, 3, 2)


def closed(on: str, dossier_id: str = "d1") -> DossierTerm:
    return DossierTerm(dossier_id, f"2019-{dossier_id}", "clos", on)


def test_the_default_retention_covers_five_years_whatever_the_leap_years():
    for start in (date(2019, 3, 1) + timedelta(days=n) for n in range(4 * 366)):
        later = (
            date(start.year + 5, 3, 1) if (start.month, start.day) == (2, 29) else start.replace(year=start.year + 5)
        )
        assert (later - start).days <= DEFAULT_RETENTION_DAYS
    assert DEFAULT_RETENTION_DAYS == 5 * 365 + 2  # and not a day more than two leap days


@pytest.mark.parametrize("days", [365, 1826, 36501])
def test_a_cabinet_cannot_keep_dossiers_less_than_five_years_and_is_told_why(days: int):
    with pytest.raises(InvalidInput) as refused:
        valid_retention_days(days)
    assert "C. civ. art. 2225" in str(refused.value)
    assert "1 827" in str(refused.value)


def test_five_years_or_more_is_an_accepted_retention():
    assert [valid_retention_days(days) for days in (DEFAULT_RETENTION_DAYS, 3650, 36500)] == [1827, 3650, 36500]


@pytest.mark.parametrize(
    ("dossiers", "held", "first_day"),
    [
        ([], [], TODAY),
        ([closed("2019-06-30")], [], TODAY),
        ([closed("2024-03-02")], ["d1"], date(2029, 3, 3)),
        ([closed("2019-06-30"), closed("2025-01-10", "d2")], ["d2"], date(2030, 1, 11)),
        ([DossierTerm("d1", "2026-0001", "ouvert", None)], ["d1"], date(2031, 3, 3)),
        ([DossierTerm("d1", "2026-0001", "en_attente", "2019-01-01")], ["d1"], date(2031, 3, 3)),
    ],
)
def test_erasure_waits_for_the_last_dossier_to_have_been_closed_for_the_retention_period(dossiers, held, first_day):
    assert [dossier.id for dossier in held_back(dossiers, DEFAULT_RETENTION_DAYS, TODAY)] == held
    assert erasable_from(dossiers, DEFAULT_RETENTION_DAYS, TODAY) == first_day


def test_a_dossier_closed_on_the_cutoff_day_is_due_for_purge_and_erasable_that_day():
    cutoff = purge_cutoff(DEFAULT_RETENTION_DAYS, TODAY)
    assert held_back([closed(cutoff.isoformat())], DEFAULT_RETENTION_DAYS, TODAY) == []
    assert erasable_from([closed(cutoff.isoformat())], DEFAULT_RETENTION_DAYS, TODAY) == TODAY


def test_a_pseudonym_is_stable_per_id_and_does_not_contain_it():
    assert pseudonym("01JCLIENT") == pseudonym("01JCLIENT")
    assert pseudonym("01JCLIENT") != pseudonym("01JCLIENT2")
    assert pseudonym("01JCLIENT").startswith("efface:")
    assert "01JCLIENT" not in pseudonym("01JCLIENT")


def test_the_refusal_names_the_dossiers_and_the_first_day_erasure_is_possible():
    refusal = LegalRetention([closed("2024-03-02")], date(2029, 3, 3), DEFAULT_RETENTION_DAYS)
    assert (refusal.status, refusal.code) == (409, "conservation_legale")
    assert refusal.details() == {"erasable_from": "2029-03-03", "dossiers": [{"id": "d1", "reference": "2019-d1"}]}
    assert "2019-d1" in refusal.message
    assert "03/03/2029" in refusal.message
