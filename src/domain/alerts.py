"""Deadline alerts: which threshold a deadline crosses on a given day, when the scan should look at it next, and
what the alert says (docs/echeances.md, "Daily scan").

A cabinet's thresholds are days before the due date (default J-7, J-3, J-1, J0); past the due date comes `retard`.
The scan raises only the latest threshold crossed (a scan that missed days does not raise J-7 and J-3 together, the
closer one is the one that matters), then moves `next_alert_on` to the next threshold's day: the day after the due
date once the last threshold is raised, nothing once the overdue alert is. Titles never name a client or a party:
they show on lock screens. The body may say more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain.cabinets import DEFAULT_ALERT_DAYS

OVERDUE = "retard"


@dataclass(frozen=True)
class Threshold:
    days: int | None  # days before the due date; None for overdue

    @property
    def overdue(self) -> bool:
        return self.days is None

    @property
    def label(self) -> str:
        """The name in the alert's dedupe key: `J-7`, `J-3`, `J-1`, `J0`, `retard`."""
        if self.days is None:
            return OVERDUE
        return "J0" if self.days == 0 else f"J-{self.days}"


@dataclass(frozen=True)
class DueDeadline:
    """A deadline the scan reads: one whose `next_alert_on` has come."""

    id: str
    dossier_id: str
    dossier_reference: str
    title: str
    due_date: date
    next_alert_on: str  # as stored: the guard of the write that advances it
    responsible_id: str | None


def thresholds(alert_days: tuple[int, ...] = DEFAULT_ALERT_DAYS) -> tuple[int, ...]:
    """The cabinet's thresholds, farthest first, each once."""
    return tuple(sorted(set(alert_days or DEFAULT_ALERT_DAYS), reverse=True))


def first_alert_on(due: date, alert_days: tuple[int, ...] = DEFAULT_ALERT_DAYS) -> date:
    """What a writer stores as `next_alert_on` for a deadline still to do: the farthest threshold's day."""
    return due - timedelta(days=thresholds(alert_days)[0])


def crossed(due: date, today: date, alert_days: tuple[int, ...] = DEFAULT_ALERT_DAYS) -> Threshold | None:
    """The latest threshold crossed on `today`, or None when the deadline is not yet in its alert window."""
    left = (due - today).days
    if left < 0:
        return Threshold(None)
    reached = [days for days in thresholds(alert_days) if left <= days]
    return Threshold(min(reached)) if reached else None


def next_alert_after(
    due: date, raised: Threshold | None, alert_days: tuple[int, ...] = DEFAULT_ALERT_DAYS
) -> date | None:
    """The day the scan should look again once `raised` is raised (None: not yet in the window)."""
    if raised is None:
        return first_alert_on(due, alert_days)
    if raised.days is None:
        return None
    closer = [days for days in thresholds(alert_days) if days < raised.days]
    return due - timedelta(days=max(closer)) if closer else due + timedelta(days=1)


def french_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def alert_title(threshold: Threshold, dossier_reference: str) -> str:
    """What a lock screen shows: when, and the dossier's reference — never a client's or a party's name."""
    if threshold.days is None:
        when = "Échéance dépassée"
    elif threshold.days == 0:
        when = "Échéance aujourd'hui"
    elif threshold.days == 1:
        when = "Échéance demain"
    else:
        when = f"Échéance dans {threshold.days} jours"
    return f"{when} — dossier {dossier_reference}" if dossier_reference else when


def alert_body(deadline: DueDeadline, threshold: Threshold) -> str:
    due = french_date(deadline.due_date)
    if threshold.overdue:
        return f"{deadline.title} : le délai expirait le {due} et l'échéance n'est pas marquée faite."
    return f"{deadline.title} : à accomplir au plus tard le {due}."


def alert_key(deadline_id: str, threshold: Threshold) -> str:
    return f"alert:{deadline_id}:{threshold.label}"


def escalation_key(deadline_id: str) -> str:
    """The associés' own notification of an overdue deadline, beside the one its lawyer receives."""
    return f"alert:{deadline_id}:{OVERDUE}:associes"
