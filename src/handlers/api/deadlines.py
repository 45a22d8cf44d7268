"""`POST /api/deadlines/compute`: the deadline engine for a lawyer's question, with its explanation in French; `GET
/api/deadlines/catalogue`: the kinds of deadline it knows, for the deadline form's list."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from domain.actors import ensure_permission
from domain.deadlines.catalogue import catalogue_as_dicts
from handlers.api.deps import CurrentActor, requires
from handlers.api.errors import documented
from services.deadlines import DeadlineQuery, compute

router = APIRouter(prefix="/api/deadlines", tags=["échéances"], responses=documented(401, 403, 422))


class DeadlineQueryIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {"from": "2026-01-31", "kind": "appel"},
                {"from": "2026-01-31", "kind": "appel", "party_residence": "etranger"},
                {"from": "2026-03-02", "delay": "15 jours", "zone": "57"},
                {"from": "2026-04-14", "delay": "1 mois", "backward": True},
            ]
        },
    )

    start: str = Field(alias="from", max_length=32, description="point de départ, AAAA-MM-JJ")
    delay: str | None = Field(None, max_length=200, description="« 1 mois », « 15 jours »…")
    kind: str | None = Field(None, max_length=100, description="entrée du catalogue")
    zone: str = Field("metropole", max_length=40)
    party_residence: str | None = Field(None, max_length=40)
    served_in_person_at: str | None = Field(None, max_length=40)
    backward: bool = False
    prescription: bool = False
    decision_day_counts: bool = False
    court_good_friday: bool = True
    saint_martin: Literal["27", "28", "both"] = "27"
    closed: list[str] = Field(default_factory=list, max_length=366)
    filed_on: str | None = Field(None, max_length=32)
    trigger: str | None = Field(None, max_length=200)

    def query(self) -> DeadlineQuery:
        fields = self.model_dump(exclude={"closed"})
        return DeadlineQuery(**fields, closed=tuple(self.closed))


@router.post("/compute", responses=documented(400), openapi_extra=requires("deadline.compute"))
async def deadline_compute(body: DeadlineQueryIn, actor: CurrentActor) -> dict[str, Any]:
    ensure_permission(actor, "deadline.compute")
    return compute(body.query()).as_dict()


@router.get("/catalogue", openapi_extra=requires("deadline.compute"))
async def deadline_catalogue(actor: CurrentActor) -> dict[str, list[dict[str, object]]]:
    """What `./poste deadline --catalogue` prints: each kind with its label, trigger, mode and dated versions."""
    ensure_permission(actor, "deadline.compute")
    return {"items": catalogue_as_dicts()}
