"""Notifications: what a person should hear about, stored before it is pushed (docs/notifications.md).

A notification names its audience; the audience is resolved into the people concerned when it is written, so that
read/unread is per person and a later change of team does not rewrite history. Titles never carry a client's or a
party's name: they show on lock screens and in browser notifications (professional secrecy); the body may.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum


class NotificationType(StrEnum):
    ALERT = "echeance.alerte"  # a deadline reaches a threshold (J-7, J-3, J-1, J0)
    OVERDUE = "echeance.depassee"  # a deadline passed without being done
    SUGGESTED = "echeance.suggeree"  # a deadline or hearing read in mail or a dictation, awaiting confirmation
    RECOMPUTED = "echeance.recalculee"  # a deadline's due date changed after its trigger, rule or closures did
    MAIL_NEW = "courrier.nouveau"
    MAIL_FILED = "courrier.classe"
    MAIL_TO_FILE = "courrier.a_classer"
    TRANSCRIPTION_DONE = "transcription.terminee"  # a recording's transcript is ready (docs/transcription.md)
    TRANSCRIPTION_FAILED = "transcription.echec"  # a recording could not be transcribed; the audio is kept


class AudienceKind(StrEnum):
    EVERYONE = "tous"  # every active person of the cabinet
    PEOPLE = "personnes"  # these people
    ROLE = "role"  # every active person holding one of these roles
    DOSSIER = "dossier"  # the dossier's responsible lawyer and team (the associés when it has neither)


@dataclass(frozen=True)
class Audience:
    kind: AudienceKind
    values: tuple[str, ...] = ()  # person ids for PEOPLE, role names for ROLE, the dossier id for DOSSIER

    @classmethod
    def everyone(cls) -> Audience:
        return cls(AudienceKind.EVERYONE)

    @classmethod
    def people(cls, *person_ids: str) -> Audience:
        return cls(AudienceKind.PEOPLE, tuple(dict.fromkeys(person_ids)))

    @classmethod
    def roles(cls, *roles: str) -> Audience:
        return cls(AudienceKind.ROLE, tuple(dict.fromkeys(roles)))

    @classmethod
    def dossier(cls, dossier_id: str) -> Audience:
        return cls(AudienceKind.DOSSIER, (dossier_id,))

    def as_json(self) -> str:
        return json.dumps({"kind": self.kind.value, "values": list(self.values)}, ensure_ascii=False)

    @classmethod
    def of_json(cls, raw: str) -> Audience:
        data = json.loads(raw)
        return cls(AudienceKind(data["kind"]), tuple(str(value) for value in data["values"]))


@dataclass(frozen=True)
class NewNotification:
    """What a use case asks to notify. `dedupe_key` names the event (e.g. `alert:{deadline_id}:J-3`): writing the
    same key twice notifies once."""

    id: str
    dedupe_key: str
    type: NotificationType
    title: str
    body: str
    link: str
    audience: Audience
    created_at: str
    dossier_id: str | None = None
    subject_id: str | None = None


@dataclass(frozen=True)
class Notification:
    id: str
    seq: int
    type: NotificationType
    title: str
    body: str
    link: str
    dossier_id: str | None
    subject_id: str | None
    created_at: str
    read_at: str | None  # for the person who reads it


# What the preferences screen calls each type, in the order of `NotificationType`.
TYPE_LABELS: dict[NotificationType, str] = {
    NotificationType.ALERT: "Échéance proche (J-7, J-3, J-1, jour J)",
    NotificationType.OVERDUE: "Échéance dépassée",
    NotificationType.SUGGESTED: "Échéance ou audience à confirmer",
    NotificationType.RECOMPUTED: "Échéance recalculée",
    NotificationType.MAIL_NEW: "Nouveau courrier",
    NotificationType.MAIL_FILED: "Courrier classé",
    NotificationType.MAIL_TO_FILE: "Courrier à classer",
    NotificationType.TRANSCRIPTION_DONE: "Enregistrement transcrit",
    NotificationType.TRANSCRIPTION_FAILED: "Enregistrement non transcrit",
}


@dataclass(frozen=True)
class Preference:
    """What a person wants of one type: pushed live to their dashboards, listed in their morning digest."""

    type: NotificationType
    live: bool = True
    digest: bool = True

    @property
    def label(self) -> str:
        return TYPE_LABELS[self.type]


@dataclass(frozen=True)
class Inbox:
    """A person's notification counters: how many are unread, and the highest `seq` delivered to them."""

    unread: int
    last_seq: int
