"""The home screen (docs/notifications.md, "The home screen"): what a lawyer opens first, for the dossiers they may
see, dated in the cabinet's zone — the week's deadlines (overdue first) and hearings, the « à classer » tray's
count, the suggestions awaiting confirmation, the latest mail, and their notification counters.

Every list is the échéancier's or the courrier's own read, so the shapes and the visibility rules are theirs: a
handful of queries, each bounded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain.actors import ensure_permission, may
from domain.echeances import DeadlineView, HearingView
from domain.filed_mail import FiledMail, MailFilter
from domain.notifications import Inbox
from services import echeances, mail_filing
from services.scope import CabinetScope

LIST_LIMIT = 50  # each list of the screen; the échéancier shows the rest
LATEST_MAIL = 5


@dataclass(frozen=True)
class HomeScreen:
    today: str
    week_end: str
    overdue: list[DeadlineView]
    deadlines_today: list[DeadlineView]
    deadlines_week: list[DeadlineView]
    hearings_today: list[HearingView]
    hearings_week: list[HearingView]
    to_file: int
    suggestions: int
    latest_mail: list[FiledMail]
    inbox: Inbox


async def _deadlines(scope: CabinetScope, start: str | None, end: str) -> list[DeadlineView]:
    if start is not None and start > end:
        return []
    rows = await scope.deadlines.page(scope.actor, filters={"from": start, "to": end}, statuses=("a_faire",),
                                      limit=LIST_LIMIT, after=None)  # fmt: skip
    return rows[:LIST_LIMIT]


async def _hearings(scope: CabinetScope, start: str, end: str) -> list[HearingView]:
    if start > end:
        return []
    rows = await scope.hearings.page(scope.actor, filters={"from": start, "to": end}, statuses=("prevue",),
                                     limit=LIST_LIMIT, after=None)  # fmt: skip
    return rows[:LIST_LIMIT]


async def home_screen(scope: CabinetScope) -> HomeScreen:
    ensure_permission(scope.actor, "deadline.read")
    today = date.fromisoformat(await echeances.today(scope))
    week_end = today + timedelta(days=6 - today.weekday())  # the coming Sunday (today when it is one)
    day, tomorrow, last = today.isoformat(), (today + timedelta(days=1)).isoformat(), week_end.isoformat()
    reads_mail = may(scope.actor, "mail.read")
    latest = (await mail_filing.mail_page(scope, MailFilter(), limit=LATEST_MAIL)).items if reads_mail else []
    counters = await scope.dashboard.counters(scope.actor, with_mail=reads_mail)
    return HomeScreen(
        today=day, week_end=last,
        overdue=await _deadlines(scope, None, (today - timedelta(days=1)).isoformat()),
        deadlines_today=await _deadlines(scope, day, day), deadlines_week=await _deadlines(scope, tomorrow, last),
        hearings_today=await _hearings(scope, day, day), hearings_week=await _hearings(scope, tomorrow, last),
        to_file=counters.to_file, suggestions=counters.suggestions, latest_mail=latest,
        inbox=await scope.notifications.inbox(scope.actor.id),
    )  # fmt: skip
