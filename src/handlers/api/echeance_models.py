"""The JSON shapes of deadlines, hearings, their history, procedure chains and court closures (docs/echeances.md),
shared by the routers that answer them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.echeances import CourtClosure, DeadlineView, HearingView, HistoryEntry
from domain.procedures import Procedure, Step, event_label
from services.echeances import NewDeadline

Day = Field(max_length=10, description="AAAA-MM-JJ")


class DossierRefOut(BaseModel):
    id: str
    reference: str
    title: str


class PersonRefOut(BaseModel):
    id: str
    name: str


class DeadlineOut(BaseModel):
    id: str
    dossier: DossierRefOut
    title: str
    kind: str
    delay: str
    trigger_date: str | None
    trigger_act: str
    due_date: str | None
    computed_due_date: str | None
    manual_due_date: str | None
    manual_reason: str
    alert_date: str | None
    status: str
    overdue: bool
    source: str
    source_id: str | None
    quote: str
    responsible: PersonRefOut | None
    result: dict[str, Any] | None
    engine_version: str
    chain_run_id: str | None
    chain_step: str | None
    version: int
    created_at: str
    updated_at: str

    @classmethod
    def of(cls, view: DeadlineView, today: str) -> DeadlineOut:
        d = view.deadline
        responsible = PersonRefOut(id=d.responsible_id, name=view.responsible_name or "") if d.responsible_id else None
        return cls(
            id=d.id, dossier=DossierRefOut(id=view.dossier.id, reference=view.dossier.reference,
                                           title=view.dossier.title),
            title=d.title, kind=d.kind, delay=d.delay, trigger_date=d.trigger_date, trigger_act=d.trigger_act,
            due_date=d.due_date, computed_due_date=d.computed_due_date, manual_due_date=d.manual_due_date,
            manual_reason=d.manual_reason, alert_date=d.alert_date, status=d.status.value,
            overdue=view.overdue(today), source=d.source.value, source_id=d.source_id, quote=d.quote,
            responsible=responsible, result=d.result, engine_version=d.engine_version,
            chain_run_id=d.chain_run_id, chain_step=d.chain_step, version=d.version, created_at=d.created_at,
            updated_at=d.updated_at,
        )  # fmt: skip


class HistoryEntryOut(BaseModel):
    at: str
    actor: str
    change: str
    reason: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @classmethod
    def of(cls, entry: HistoryEntry) -> HistoryEntryOut:
        return cls(at=entry.at, actor=entry.actor, change=entry.change, reason=entry.reason, before=entry.before,
                   after=entry.after)  # fmt: skip


class DeadlineDetailOut(DeadlineOut):
    history: list[HistoryEntryOut]


class DeadlinePageOut(BaseModel):
    items: list[DeadlineOut]
    next_cursor: str | None


class HearingOut(BaseModel):
    id: str
    dossier: DossierRefOut
    date: str
    time: str | None
    court: str
    chamber: str
    hearing_type: str
    status: str
    replaced_by: str | None
    source: str
    source_id: str | None
    quote: str
    notes: str
    version: int
    created_at: str
    updated_at: str

    @classmethod
    def of(cls, view: HearingView) -> HearingOut:
        h = view.hearing
        dossier = DossierRefOut(id=view.dossier.id, reference=view.dossier.reference, title=view.dossier.title)
        return cls(id=h.id, dossier=dossier, date=h.date, time=h.time, court=h.court, chamber=h.chamber,
                   hearing_type=h.hearing_type, status=h.status.value, replaced_by=h.replaced_by,
                   source=h.source.value, source_id=h.source_id, quote=h.quote, notes=h.notes, version=h.version,
                   created_at=h.created_at, updated_at=h.updated_at)  # fmt: skip


class HearingPageOut(BaseModel):
    items: list[HearingOut]
    next_cursor: str | None


class SuggestionsOut(BaseModel):
    deadlines: list[DeadlineOut]
    hearings: list[HearingOut]


class NewDeadlineIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, json_schema_extra={"examples": [
        {"from": "2026-03-02", "kind": "appel", "trigger_act": "signification du jugement"},
        {"from": "2026-03-02", "delay": "15 jours", "title": "Répondre à la sommation"},
    ]})  # fmt: skip

    start: str = Field(alias="from", max_length=10, description="date de départ, AAAA-MM-JJ")
    kind: str | None = Field(None, max_length=100, description="entrée du catalogue")
    delay: str | None = Field(None, max_length=200, description="« 1 mois », « 15 jours »…")
    title: str | None = Field(None, max_length=200)
    trigger_act: str = Field("", max_length=200)
    zone: str | None = Field(None, max_length=40, description="défaut : la zone du cabinet")
    party_residence: str | None = Field(None, max_length=40)
    served_in_person_at: str | None = Field(None, max_length=40)
    backward: bool = False
    prescription: bool = False
    filed_on: str | None = Field(None, max_length=10, description="date de la déclaration d'appel")
    responsible_id: str | None = Field(None, max_length=64)
    manual_due_date: str | None = Field(None, max_length=10)
    manual_reason: str | None = Field(None, max_length=500)

    def value(self) -> NewDeadline:
        return NewDeadline(**self.model_dump(by_alias=False))


class DeadlinePatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"version": 1, "title": "Interjeter appel (jugement du 2 mars)"}
    ]})  # fmt: skip

    version: int = Field(ge=1)
    title: str | None = Field(None, max_length=200)
    trigger_date: str | None = Field(None, max_length=10)
    trigger_act: str | None = Field(None, max_length=200)
    responsible_id: str | None = Field(None, max_length=64, description='"" : plus de responsable')
    status: Literal["a_faire", "fait", "annule"] | None = None
    manual_due_date: str | None = Field(None, max_length=10, description="null : retire la date manuelle")
    manual_reason: str | None = Field(None, max_length=500)


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "Déjà saisie"}]})

    reason: str = Field("", max_length=500)


class NewHearingIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"date": "2026-05-12", "time": "09:30", "court": "Tribunal judiciaire de Paris", "chamber": "5e chambre",
         "hearing_type": "plaidoiries"}
    ]})  # fmt: skip

    date: str = Day
    time: str | None = Field(None, max_length=5, description="HH:MM")
    court: str = Field("", max_length=200)
    chamber: str = Field("", max_length=200)
    hearing_type: str = Field("", max_length=100)
    notes: str = Field("", max_length=2000)


class HearingPatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"version": 1, "chamber": "3e chambre"}]})

    version: int = Field(ge=1)
    date: str | None = Field(None, max_length=10)
    time: str | None = Field(None, max_length=5)
    court: str | None = Field(None, max_length=200)
    chamber: str | None = Field(None, max_length=200)
    hearing_type: str | None = Field(None, max_length=100)
    notes: str | None = Field(None, max_length=2000)
    status: Literal["prevue", "annulee"] | None = None


class PostponeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"date": "2026-06-16", "time": "14:00", "reason": "Renvoi à la demande de l'adversaire"}
    ]})  # fmt: skip

    date: str = Day
    time: str | None = Field(None, max_length=5)
    reason: str = Field("", max_length=500)


class StepModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(max_length=60)
    title: str = Field(max_length=200)
    kind: str | None = Field(None, max_length=100)
    delay: str | None = Field(None, max_length=200)
    after: str = Field(max_length=60, description="clé d'une étape précédente, ou nom d'un événement")
    backward: bool = False
    basis: list[str] = Field(default_factory=list, max_length=10)

    def value(self) -> Step:
        return Step(self.key, self.title, self.after, self.kind, self.delay, self.backward, tuple(self.basis))

    @classmethod
    def of(cls, step: Step) -> StepModel:
        return cls(key=step.key, title=step.title, kind=step.kind, delay=step.delay, after=step.after,
                   backward=step.backward, basis=list(step.basis))  # fmt: skip


class EventOut(BaseModel):
    name: str
    label: str


class ProcedureOut(BaseModel):
    id: str
    name: str
    description: str
    builtin: bool
    based_on: str | None
    steps: list[StepModel]
    events: list[EventOut]

    @classmethod
    def of(cls, p: Procedure) -> ProcedureOut:
        return cls(id=p.id, name=p.name, description=p.description, builtin=p.builtin, based_on=p.based_on,
                   steps=[StepModel.of(step) for step in p.steps],
                   events=[EventOut(name=e, label=event_label(e)) for e in p.events])  # fmt: skip


class ProcedureListOut(BaseModel):
    items: list[ProcedureOut]


class ProcedureIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "Sommation et relance", "description": "Modèle du cabinet", "steps": [
            {"key": "reponse", "title": "Réponse à la sommation", "delay": "15 jours", "after": "sommation",
             "basis": ["C. civ. art. 1344"]},
            {"key": "relance", "title": "Relance", "delay": "8 jours", "after": "reponse"}]}
    ]})  # fmt: skip

    name: str = Field(max_length=200)
    description: str = Field("", max_length=2000)
    steps: list[StepModel] = Field(min_length=1, max_length=30)
    based_on: str | None = Field(None, max_length=64)


class ApplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"procedure": "appel_mise_en_etat_2024", "anchors": {"signification_jugement": "2026-03-02"}}
    ]})  # fmt: skip

    procedure: str = Field(max_length=64)
    anchors: dict[str, str] = Field(default_factory=dict, max_length=20)


class AnchorsIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"anchors": {"signification_jugement": "2026-03-09"}}
    ]})  # fmt: skip

    anchors: dict[str, str] = Field(max_length=20)


class AppliedOut(BaseModel):
    run_id: str
    deadlines: list[DeadlineOut]


class ClosureIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"day": "2026-05-11", "reason": "Grève des greffes"}
    ]})  # fmt: skip

    day: str = Day
    reason: str = Field("", max_length=500)


class ClosureOut(BaseModel):
    day: str
    reason: str
    created_at: str

    @classmethod
    def of(cls, closure: CourtClosure) -> ClosureOut:
        return cls(day=closure.day, reason=closure.reason, created_at=closure.created_at)


class ClosureListOut(BaseModel):
    items: list[ClosureOut]
