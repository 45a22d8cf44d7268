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


ART_642_REPORT = "art. 642 al. 2 CPC"
# Administrative courts: délais francs (CE, sect., 4 juin 1954, Commune de Décines-Charpieu), and the report to the
# next working day applied by case law (CE, 19 sept. 2014, n° 362568), not by art. 642 CPC itself.
FRANC_BASIS = "CE, sect., 4 juin 1954, Commune de Décines-Charpieu"
FRANC_REPORT = "CE, 19 sept. 2014, n° 362568, qui applique la règle de l'art. 642 CPC"


def day_phrase(day: NonWorkingDay) -> str:
    """ "le samedi 15 juillet 2028", "le vendredi 14 juillet 2028 (férié : fête nationale, C. trav. L3133-1)"."""
    text = f"le {fr_date(day.day, weekday=True)}"
    if day.kind == "férié":
        return f"{text} (férié : {day.name}, {day.basis})"
    return f"{text} (chômé : {day.name})" if day.kind == "chômé" else text


def days_not_working(days: tuple[NonWorkingDay, ...]) -> str:
    """ "le samedi 9 mai 2026 et le dimanche 10 mai 2026 ne sont pas des jours ouvrables"."""
    phrases = [day_phrase(d) for d in days]
    listed = phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " et " + phrases[-1]
    verb = "n'est pas un jour ouvrable" if len(phrases) == 1 else "ne sont pas des jours ouvrables"
    return f"{listed} {verb}"


def extension_sentences(skipped: tuple[NonWorkingDay, ...], due: dt.date, *, franc: bool = False) -> list[str]:
    """One sentence from the term to the first working day: the days skipped and why, then that day."""
    if not skipped:
        return []
    basis = FRANC_REPORT if franc else ART_642_REPORT
    text = days_not_working(skipped)
    return [
        f"{text[0].upper()}{text[1:]} : report au premier jour ouvrable suivant, le {fr_date(due, weekday=True)} "
        f"({basis})."
    ]


def alert_before_sentence(alert: dt.date, stepped_over: tuple[NonWorkingDay, ...]) -> str:
    """The alert on the last working day before a term that is not extended (prescription, délais à rebours)."""
    why = days_not_working(stepped_over)
    return f"Alerte recommandée : {fr_date(alert, weekday=True)}, dernier jour ouvrable ({why})."


def franc_sentence(end: dt.date) -> str:
    return (
        f"Délai franc : le jour de l'échéance ne compte pas non plus ; dernier jour le {fr_date(end, weekday=True)} "
        f"({FRANC_BASIS})."
    )


def due_sentence(due: dt.date, *, extended: bool, franc: bool = False) -> str:
    basis = "délai franc, dernier jour à 24 h" if franc else ("art. 642 al. 1 CPC" if extended else "art. 642 CPC")
    if extended:
        return f"Échéance : {fr_date(due, weekday=True)} à 24 h, heure du siège de la juridiction ({basis})."
    return (
        f"Le {fr_date(due, weekday=True)} est un jour ouvrable : pas de report. "
        f"Échéance : {fr_date(due, weekday=True)} à 24 h, heure du siège de la juridiction ({basis})."
    )


def alert_sentence(alert: dt.date) -> str:
    """The recommended alert: by construction the earliest of every reading the engine computed."""
    return f"Alerte recommandée : {fr_date(alert, weekday=True)} (lecture la plus prudente)."
