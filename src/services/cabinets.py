"""Creating and listing cabinets: operator work (CLI now; the operator API with the cabinets-and-people feature)."""

from __future__ import annotations

from d1.database import ConstraintViolation
from domain.actors import ensure_permission
from domain.cabinets import DEFAULT_TIMEZONE, Cabinet, valid_inbound_address, valid_name
from domain.errors import Conflict
from services.scope import SystemScope


async def create_cabinet(operator: SystemScope, *, name: str, inbound_address: str) -> Cabinet:
    ensure_permission(operator.actor, "cabinet.create")
    ctx = operator.ctx
    cabinet = Cabinet(
        id=ctx.ids.new_id(),
        name=valid_name(name),
        inbound_address=valid_inbound_address(inbound_address),
        timezone=DEFAULT_TIMEZONE,
        created_at=ctx.clock.now().isoformat(),
    )
    scope = operator.for_cabinet(cabinet.id)
    try:
        await scope.commit(scope.cabinet.insert(cabinet), action="cabinet.created", subject=cabinet.id)
    except ConstraintViolation:
        raise Conflict(f"L'adresse {cabinet.inbound_address} est déjà celle d'un cabinet.", field="address") from None
    return cabinet


async def list_cabinets(operator: SystemScope) -> list[Cabinet]:
    ensure_permission(operator.actor, "cabinet.list")
    return await operator.cross_cabinet.cabinets()
