"""The counting primitives of art. 641–642 CPC: months from the quantième, days, and the extension to the next
working day. Pure functions of dates and a calendar."""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt

from domain.deadlines.calendar import NonWorkingDay, WorkingCalendar
from domain.deadlines.delay import Delay
from domain.deadlines.errors import DeadlineInputError
from domain.deadlines.explain import days_sentence, franc_sentence, months_sentence

_MAX_EXTENSION_DAYS = 400


def add_months(day: dt.date, months: int) -> dt.date:
    """Art. 641 al. 2: the same quantième `months` later (or earlier), else the last day of that month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = stdlib_calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def count_forward(
    start: dt.date, delay: Delay, *, day_counts: bool = False, franc: bool = False
) -> tuple[dt.date, list[str]]:
    """Art. 641: months (and years) first from the quantième, then days; the start day is not counted. A délai
    franc (administrative courts) does not count its last day either: one day more."""
    sentences: list[str] = []
    end = start
    if delay.total_months:
        end = add_months(start, delay.total_months)
        sentences.append(months_sentence(delay, end, start.day))
    if delay.total_days:
        end = end + dt.timedelta(days=delay.total_days - (1 if day_counts else 0))
        sentences.append(days_sentence(delay, end, after_months=bool(delay.total_months), counted=day_counts))
    if franc:
        end += dt.timedelta(days=1)
        sentences.append(franc_sentence(end))
    return end, sentences


def extend(theoretical: dt.date, cal: WorkingCalendar) -> tuple[dt.date, tuple[NonWorkingDay, ...]]:
    """Art. 642 al. 2: move to the next working day, as many times as needed."""
    skipped: list[NonWorkingDay] = []
    day = theoretical
    while (reason := cal.non_working(day)) is not None:
        skipped.append(reason)
        day += dt.timedelta(days=1)
        if len(skipped) > _MAX_EXTENSION_DAYS:
            raise DeadlineInputError("Aucun jour ouvrable trouvé : vérifiez les jours de fermeture fournis.")
    return day, tuple(skipped)


def forward_due(
    start: dt.date, delay: Delay, cal: WorkingCalendar, *, day_counts: bool = False, franc: bool = False
) -> dt.date:
    """The due date of `delay` from `start` on `cal` (art. 641 then 642), without the explanation."""
    theoretical, _ = count_forward(start, delay, day_counts=day_counts, franc=franc)
    return extend(theoretical, cal)[0]


def last_working_day_on_or_before(day: dt.date, cal: WorkingCalendar) -> dt.date:
    while not cal.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day
