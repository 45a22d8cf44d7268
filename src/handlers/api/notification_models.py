"""The JSON shapes of the notifications routes and the home screen (docs/notifications.md)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from domain.notifications import Notification, Preference
from handlers.api.echeance_models import DeadlineOut, HearingOut
from handlers.api.mail_models import MailSummaryOut
from services.dashboard import HomeScreen


class NotificationOut(BaseModel):
    """The `notification` object of the realtime frame (docs/realtime.md)."""

    id: str
    seq: int
    type: str
    title: str
    body: str
    link: str
    dossier_id: str | None
    subject_id: str | None
    created_at: str
    read_at: str | None

    @classmethod
    def of(cls, n: Notification) -> NotificationOut:
        return cls(id=n.id, seq=n.seq, type=n.type.value, title=n.title, body=n.body, link=n.link,
                   dossier_id=n.dossier_id, subject_id=n.subject_id, created_at=n.created_at,
                   read_at=n.read_at)  # fmt: skip


class NotificationPageOut(BaseModel):
    items: list[NotificationOut]
    next_cursor: str | None
    unread: int


class InboxOut(BaseModel):
    unread: int
    last_seq: int


class UnreadOut(BaseModel):
    unread: int


class ReadAllIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"up_to_seq": 124}]})

    up_to_seq: StrictInt | None = Field(None, ge=0, le=2**53, description="défaut : tout ce qui est arrivé à présent")


class ReadAllOut(BaseModel):
    read: int
    unread: int


class PreferenceOut(BaseModel):
    type: str
    label: str
    live: bool
    digest: bool

    @classmethod
    def of(cls, preference: Preference) -> PreferenceOut:
        return cls(type=preference.type.value, label=preference.label, live=preference.live,
                   digest=preference.digest)  # fmt: skip


class PreferencesOut(BaseModel):
    types: list[PreferenceOut]


class PreferenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(max_length=64)
    live: StrictBool  # JSON true/false only: "non" or 0 is refused, not read as a choice
    digest: StrictBool


class PreferencesIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"types": [{"type": "courrier.classe", "live": False, "digest": True}]}
    ]})  # fmt: skip

    types: list[PreferenceIn] = Field(max_length=50)


class DeadlineListsOut(BaseModel):
    overdue: list[DeadlineOut]
    today: list[DeadlineOut]
    week: list[DeadlineOut]


class HearingListsOut(BaseModel):
    today: list[HearingOut]
    week: list[HearingOut]


class DashboardOut(BaseModel):
    today: str
    week_end: str
    deadlines: DeadlineListsOut
    hearings: HearingListsOut
    to_file: int
    suggestions: int
    latest_mail: list[MailSummaryOut]
    unread: int
    last_seq: int

    @classmethod
    def of(cls, screen: HomeScreen) -> DashboardOut:
        today = screen.today
        deadlines = DeadlineListsOut(overdue=[DeadlineOut.of(v, today) for v in screen.overdue],
                                     today=[DeadlineOut.of(v, today) for v in screen.deadlines_today],
                                     week=[DeadlineOut.of(v, today) for v in screen.deadlines_week])  # fmt: skip
        hearings = HearingListsOut(today=[HearingOut.of(v) for v in screen.hearings_today],
                                   week=[HearingOut.of(v) for v in screen.hearings_week])  # fmt: skip
        return cls(today=today, week_end=screen.week_end, deadlines=deadlines, hearings=hearings,
                   to_file=screen.to_file, suggestions=screen.suggestions,
                   latest_mail=[MailSummaryOut.of(item) for item in screen.latest_mail],
                   unread=screen.inbox.unread, last_seq=screen.inbox.last_seq)  # fmt: skip
