"""The morning digest and the weekly report a lawyer receives by mail: the day's (or week's) deadlines and hearings,
overdue first, in French, as plain text and HTML. The subject names no client, no party and no dossier title (it
shows on lock screens); the body names the dossiers by reference and the deadlines by title.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from domain.alerts import french_date

DAILY = "quotidien"
WEEKLY = "hebdomadaire"
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


@dataclass(frozen=True)
class DigestDeadline:
    id: str
    title: str
    due_date: date
    dossier_reference: str


@dataclass(frozen=True)
class DigestHearing:
    id: str
    date: date
    time: str | None
    court: str
    chamber: str
    hearing_type: str
    dossier_reference: str


@dataclass(frozen=True)
class Digest:
    kind: str  # DAILY or WEEKLY
    period: str  # the local date, or the ISO week
    start: date
    end: date
    overdue: tuple[DigestDeadline, ...]
    deadlines: tuple[DigestDeadline, ...]  # due from start to end
    hearings: tuple[DigestHearing, ...]
    # The titles of the person's unread notifications since the previous digest (never a client's or party's name:
    # titles carry none), of the types they keep in their digest; the daily digest only.
    unread: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.deadlines or self.hearings or self.unread)


def is_working_day(day: date) -> bool:
    """Monday to Friday: the digest's days (a lawyer gets no mail on a week-end; the Monday one covers it)."""
    return day.weekday() < 5


def previous_working_day(day: date) -> date:
    """The working day before `day` (Friday for a Monday): the day of the previous daily digest."""
    before = day - timedelta(days=1)
    while not is_working_day(before):
        before -= timedelta(days=1)
    return before


def week_of(day: date) -> tuple[str, date, date]:
    """The ISO week of `day`: its key (2026-W11), its Monday and its Sunday."""
    year, week, weekday = day.isocalendar()
    monday = day - timedelta(days=weekday - 1)
    return f"{year}-W{week:02d}", monday, monday + timedelta(days=6)


def build_digest(
    kind: str, period: str, start: date, end: date, deadlines: list[DigestDeadline], hearings: list[DigestHearing],
    unread: list[str] | None = None,
) -> Digest:  # fmt: skip
    overdue = tuple(d for d in deadlines if d.due_date < start)
    due = tuple(d for d in deadlines if start <= d.due_date <= end)
    return Digest(kind, period, start, end, overdue, due, tuple(hearings), tuple(unread or ()))


def long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {french_date(day)}"


def subject(digest: Digest) -> str:
    """No client or party name, no dossier title: counts and dates only."""
    counts = f"{len(digest.deadlines)} échéance(s), {len(digest.hearings)} audience(s)"
    late = f", {len(digest.overdue)} en retard" if digest.overdue else ""
    late += f", {len(digest.unread)} notification(s) non lue(s)" if digest.unread else ""
    if digest.kind == WEEKLY:
        return f"Semaine du {french_date(digest.start)} : {counts}{late}"
    return f"Votre journée du {french_date(digest.start)} : {counts}{late}"


def _deadline_line(deadline: DigestDeadline) -> str:
    return f"{french_date(deadline.due_date)} — {deadline.title} (dossier {deadline.dossier_reference})"


def _hearing_line(hearing: DigestHearing) -> str:
    at = f" à {hearing.time}" if hearing.time else ""
    where = ", ".join(part for part in (hearing.court, hearing.chamber) if part)
    what = hearing.hearing_type or "audience"
    return (
        f"{long_date(hearing.date)}{at} — {what}{f', {where}' if where else ''} (dossier {hearing.dossier_reference})"
    )


def sections(digest: Digest) -> list[tuple[str, list[str]]]:
    """The digest's parts, overdue first; an empty part is left out."""
    when = "cette semaine" if digest.kind == WEEKLY else "aujourd'hui"
    parts = [
        ("En retard", [_deadline_line(d) for d in digest.overdue]),
        (f"Échéances {when}", [_deadline_line(d) for d in digest.deadlines]),
        (f"Audiences {when}", [_hearing_line(h) for h in digest.hearings]),
        ("Notifications non lues", list(digest.unread)),
    ]
    return [(title, lines) for title, lines in parts if lines]


def text_body(digest: Digest, name: str) -> str:
    lines = [f"Bonjour {name},", ""]
    for title, items in sections(digest):
        lines += [f"{title} :", *(f"- {item}" for item in items), ""]
    lines.append("Le détail de chaque échéance est dans l'échéancier d'IA Poste Manager.")
    return "\n".join(lines) + "\n"


def html_body(digest: Digest, name: str) -> str:
    parts = [f"<p>Bonjour {escape(name)},</p>"]
    for title, items in sections(digest):
        parts.append(f"<h2>{escape(title)}</h2><ul>{''.join(f'<li>{escape(item)}</li>' for item in items)}</ul>")
    parts.append("<p>Le détail de chaque échéance est dans l'échéancier d'IA Poste Manager.</p>")
    return f'<!DOCTYPE html><html lang="fr"><body>{"".join(parts)}</body></html>'
