"""French sentences a lawyer can check, one per step of the computation."""

from __future__ import annotations

import datetime as dt

from domain.deadlines.calendar import NonWorkingDay
from domain.deadlines.delay import Delay

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def fr_date(day: dt.date, *, weekday: bool = False) -> str:
    """ "1er janvier 2026", "31 janvier 2028", or with the weekday: "lundi 15 juillet 2026"."""
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def start_sentence(trigger: str, start: dt.date, *, counted: bool = False) -> str:
    note = "compté : texte spécial" if counted else "non compté"
    return f"Point de départ : {trigger} du {fr_date(start)} ({note})."


def months_sentence(delay: Delay, end: dt.date, wanted_day: int) -> str:
    """E.g. "Délai d'un mois : expire le 29 février 2028 (pas de 31 février)."."""
    months = Delay(years=delay.years, months=delay.months)
    note = f"pas de {wanted_day} {MONTHS[end.month - 1]}" if end.day != wanted_day else "même quantième"
    return f"Délai {months.french_with_de()} : expire le {fr_date(end)} ({note})."


def days_sentence(delay: Delay, end: dt.date, *, after_months: bool, counted: bool = False) -> str:
    days = Delay(weeks=delay.weeks, days=delay.days)
    if after_months:
        return f"Puis {days.french()} : expire le {fr_date(end)} (les mois d'abord, puis les jours)."
    note = "le jour du point de départ compte" if counted else "le jour du point de départ ne compte pas"
    return f"Délai {days.french_with_de()} : expire le {fr_date(end)} ({note})."


def non_working_reason(day: NonWorkingDay) -> str:
    return f"est {day.kind}" if day.kind in ("férié", "chômé") else f"est un {day.kind}"


def _why(day: NonWorkingDay) -> str:
    if day.kind == "férié":
        return f" ({day.name}, {day.basis})"
    return f" ({day.name})" if day.kind == "chômé" else ""


def extension_sentences(skipped: tuple[NonWorkingDay, ...]) -> list[str]:
    """E.g. "Le 14 juillet 2026 est férié : report au mercredi 15 juillet 2026 (fête nationale, C. trav. L3133-1)."."""
    return [
        f"Le {fr_date(day.day)} {non_working_reason(day)} : "
        f"report au {fr_date(day.day + dt.timedelta(days=1), weekday=True)}{_why(day)}."
        for day in skipped
    ]


def due_sentence(due: dt.date, *, extended: bool) -> str:
    if extended:
        return (
            f"Échéance : {fr_date(due, weekday=True)} à 24 h, heure du siège de la juridiction "
            "(art. 642 CPC, report au premier jour ouvrable suivant)."
        )
    return (
        f"Le {fr_date(due, weekday=True)} est un jour ouvrable : pas de report. "
        f"Échéance : {fr_date(due, weekday=True)} à 24 h, heure du siège de la juridiction (art. 642 CPC)."
    )
