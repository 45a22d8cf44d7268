"""A person's calendar feed (RFC 5545), subscribed to by Google, Outlook or Apple calendars: deadlines as all-day
events, hearings at their time in the cabinet's zone (with its VTIMEZONE), each under a stable UID
(`{id}@ia-poste-manager`) and a SEQUENCE taken from the row's version, so an edit replaces the event instead of
adding one. Summaries name the dossier by reference, never a client (calendar alerts show on lock screens).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from icalendar import Event

UID_DOMAIN = "ia-poste-manager"
HEARING_LENGTH = timedelta(hours=1)  # a hearing's end is not known: an hour holds its place in the day


@dataclass(frozen=True)
class FeedDeadline:
    id: str
    title: str
    due_date: date
    dossier_reference: str
    version: int
    updated_at: str


@dataclass(frozen=True)
class FeedHearing:
    id: str
    date: date
    time: str | None
    court: str
    chamber: str
    hearing_type: str
    dossier_reference: str
    version: int
    updated_at: str


def _stamp(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(UTC)


def build_feed(name: str, timezone: str, deadlines: list[FeedDeadline], hearings: list[FeedHearing]) -> bytes:
    """The feed as bytes (CRLF lines, folded at 75 octets by icalendar)."""
    from icalendar import Calendar, Event, Timezone  # imported when used: building a feed is rare and not cheap

    calendar = Calendar()
    calendar.add("prodid", "-//IA Poste Manager//Echeances//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    calendar.add_component(Timezone.from_tzid(timezone, first_date=date(2020, 1, 1), last_date=date(2040, 1, 1)))
    for deadline in deadlines:
        event = Event()
        event.add("uid", f"{deadline.id}@{UID_DOMAIN}")
        event.add("dtstamp", _stamp(deadline.updated_at))
        event.add("sequence", deadline.version)
        event.add("summary", f"Échéance : {deadline.title} — dossier {deadline.dossier_reference}")
        event.add("dtstart", deadline.due_date)
        event.add("dtend", deadline.due_date + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Échéance"])
        calendar.add_component(event)
    zone = ZoneInfo(timezone)
    for hearing in hearings:
        calendar.add_component(_hearing_event(hearing, zone))
    return bytes(calendar.to_ical())


def _hearing_event(hearing: FeedHearing, zone: ZoneInfo) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", f"{hearing.id}@{UID_DOMAIN}")
    event.add("dtstamp", _stamp(hearing.updated_at))
    event.add("sequence", hearing.version)
    what = hearing.hearing_type or "audience"
    event.add("summary", f"Audience ({what}) — dossier {hearing.dossier_reference}")
    location = ", ".join(part for part in (hearing.court, hearing.chamber) if part)
    if location:
        event.add("location", location)
    if hearing.time:
        start = datetime.combine(hearing.date, time.fromisoformat(hearing.time), tzinfo=zone)
        event.add("dtstart", start)
        event.add("dtend", start + HEARING_LENGTH)
    else:
        event.add("dtstart", hearing.date)
        event.add("dtend", hearing.date + timedelta(days=1))
    event.add("categories", ["Audience"])
    return event
