"""The alert rules (domain/alerts.py): which threshold a deadline crosses on a day, when the scan looks again, and
titles that a lock screen may show."""

from datetime import date

import pytest

from domain.alerts import (
    DueDeadline,
    Threshold,
    alert_body,
    alert_key,
    alert_title,
    crossed,
    escalation_key,
    first_alert_on,
    next_alert_after,
    thresholds,
)

DUE = date(2026, 3, 20)


@pytest.mark.parametrize(
    ("today", "label"),
    [
        (date(2026, 3, 12), None),  # J-8: not yet
        (date(2026, 3, 13), "J-7"),
        (date(2026, 3, 15), "J-7"),  # J-5: still the J-7 window
        (date(2026, 3, 17), "J-3"),
        (date(2026, 3, 18), "J-3"),
        (date(2026, 3, 19), "J-1"),
        (date(2026, 3, 20), "J0"),
        (date(2026, 3, 21), "retard"),
        (date(2026, 4, 30), "retard"),
    ],
)
def test_the_latest_threshold_crossed_is_the_one_raised(today, label):
    found = crossed(DUE, today)
    assert (found.label if found else None) == label


def test_after_each_threshold_the_next_alert_day_is_the_next_threshold_then_the_day_after_then_none():
    assert first_alert_on(DUE) == date(2026, 3, 13)
    assert next_alert_after(DUE, Threshold(7)) == date(2026, 3, 17)
    assert next_alert_after(DUE, Threshold(3)) == date(2026, 3, 19)
    assert next_alert_after(DUE, Threshold(1)) == date(2026, 3, 20)
    assert next_alert_after(DUE, Threshold(0)) == date(2026, 3, 21)
    assert next_alert_after(DUE, Threshold(None)) is None
    assert next_alert_after(DUE, None) == date(2026, 3, 13)  # not yet in the window: its first day


def test_a_cabinets_own_thresholds_are_used_in_order_and_once():
    days = (2, 10, 10)
    assert thresholds(days) == (10, 2)
    assert crossed(DUE, date(2026, 3, 19), days) == Threshold(2)
    assert next_alert_after(DUE, Threshold(2), days) == date(2026, 3, 21)  # no J0 here: next comes overdue
    assert first_alert_on(DUE, days) == date(2026, 3, 10)


def test_titles_name_the_dossier_reference_only_and_the_body_says_the_rest():
    deadline = DueDeadline("dl1", "d1", "2026-0042", "Conclusions d'appelant — Dupont c/ Martin", DUE, "x", None)
    assert alert_title(Threshold(3), "2026-0042") == "Échéance dans 3 jours — dossier 2026-0042"
    assert alert_title(Threshold(1), "2026-0042") == "Échéance demain — dossier 2026-0042"
    assert alert_title(Threshold(0), "2026-0042") == "Échéance aujourd'hui — dossier 2026-0042"
    assert alert_title(Threshold(None), "2026-0042") == "Échéance dépassée — dossier 2026-0042"
    assert "Dupont" in alert_body(deadline, Threshold(3))
    assert "20/03/2026" in alert_body(deadline, Threshold(3))
    assert "n'est pas marquée faite" in alert_body(deadline, Threshold(None))
    assert alert_key("dl1", Threshold(7)) == "alert:dl1:J-7"
    assert alert_key("dl1", Threshold(None)) == "alert:dl1:retard"
    assert escalation_key("dl1") == "alert:dl1:retard:associes"
