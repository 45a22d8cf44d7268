"""The demo cabinet's agenda (`./poste demo`): deadlines computed by the engine from catalogue kinds, dated from
today so that the échéancier shows one overdue, some due this week and later ones, one done and one with a manual
due date; hearings, one of them postponed (renvoi); one shipped procedure chain with an anchor still waiting.
Everything through the services, as the associé would do it on the screens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain.echeances import DeadlineStatus
from services.echeances import DeadlineChanges, NewDeadline, create_deadline, update_deadline
from services.hearings import NewHearing, create_hearing, postpone
from services.procedures import apply_procedure
from services.scope import CabinetScope

CHAIN = "fond_tribunal_judiciaire"  # anchors given: assignation, audience; waiting: signification du jugement


@dataclass(frozen=True)
class Agenda:
    deadlines: int
    hearings: int


def _day(today: date, offset: int) -> str:
    return (today + timedelta(days=offset)).isoformat()


def _this_week(today: date) -> date:
    """A working day of the current week after today when there is one (two days ahead at most), so that the
    deadline shows in the week's calendar too; from Friday on, the next Monday."""
    if today.weekday() >= 4:
        return today + timedelta(days=7 - today.weekday())
    return today + timedelta(days=min(2, 4 - today.weekday()))


async def _deadline(scope: CabinetScope, dossier_id: str, new: NewDeadline) -> str:
    return (await create_deadline(scope, dossier_id, new)).deadline.id


async def _deadlines(scope: CabinetScope, dossiers: list[str], today: date) -> int:
    # An appeal period that ran out ten days ago: the one overdue line, red at the top of the échéancier.
    await _deadline(scope, dossiers[1], NewDeadline(start=_day(today, -40), kind="appel",
                                                    trigger_act="signification du jugement"))  # fmt: skip
    # Fifteen days to appeal a référé order served a fortnight ago: due this week.
    served_on = (_this_week(today) - timedelta(days=15)).isoformat()
    await _deadline(scope, dossiers[2], NewDeadline(start=served_on, kind="appel_refere",
                                                    trigger_act="signification de l'ordonnance"))  # fmt: skip
    # The appellant's conclusions, three months from the appeal filed last week: later.
    await _deadline(scope, dossiers[3], NewDeadline(
        start=_day(today, -7), kind="conclusions_appelant_mise_en_etat", filed_on=_day(today, -7),
        trigger_act="déclaration d'appel"))  # fmt: skip
    # Served already: marked done.
    served = await _deadline(scope, dossiers[2], NewDeadline(
        start=_day(today, -15), kind="signification_declaration_appel", filed_on=_day(today, -16),
        trigger_act="avis de fixation"))  # fmt: skip
    await update_deadline(scope, served, DeadlineChanges(version=1, status=DeadlineStatus.FAIT))
    # The respondent's conclusions on a date the conseiller de la mise en état set himself.
    await _deadline(scope, dossiers[4], NewDeadline(
        start=_day(today, -20), kind="conclusions_intime_mise_en_etat", filed_on=_day(today, -60),
        trigger_act="notification des conclusions de l'appelant", manual_due_date=_day(today, 45),
        manual_reason="Calendrier de procédure fixé par ordonnance du conseiller de la mise en état"))  # fmt: skip
    return 5


async def make_agenda(scope: CabinetScope, dossiers: list[str], today: date) -> Agenda:
    """`dossiers`: the ids of at least five dossiers; the first carries the chain and the postponed hearing."""
    deadlines = await _deadlines(scope, dossiers, today)
    first = await create_hearing(scope, dossiers[0], NewHearing(
        _day(today, 21), "09:30", "Tribunal judiciaire de Paris", "4e chambre", "audience d'orientation"))  # fmt: skip
    await create_hearing(scope, dossiers[4], NewHearing(
        _day(today, 9), "14:00", "Cour d'appel de Paris", "Pôle 5 — chambre 6", "mise en état"))  # fmt: skip
    applied = await apply_procedure(scope, dossiers[0], CHAIN, {"assignation": _day(today, -10),
                                                                "audience": first.hearing.date})  # fmt: skip
    # The renvoi comes after the chain: the step counted back from the hearing follows it to its new date.
    await postpone(scope, first.hearing.id, date=_day(today, 49), time="10:00",
                   reason="Renvoi à la demande du conseil adverse")  # fmt: skip
    return Agenda(deadlines + len(applied.deadlines), 3)
