"""Cabinets: created by the operator (CLI, operator API) with their first associé; their settings read by everyone
in the cabinet and changed by its associés."""

from __future__ import annotations

from dataclasses import dataclass, replace

from d1.database import ConstraintViolation
from domain.actors import Role, ensure_permission
from domain.cabinets import (
    DEFAULT_TIMEZONE,
    Cabinet,
    TotpPolicy,
    inbound_address_for,
    valid_alert_days,
    valid_court_zone,
    valid_name,
    valid_retention_days,
    valid_slug,
    valid_timezone,
)
from domain.errors import Conflict, InvalidInput, NotFound
from domain.people import Person, valid_email
from services.people import add_person, invite
from services.scope import CabinetScope, SystemScope


@dataclass(frozen=True)
class CabinetCreated:
    cabinet: Cabinet
    admin_email: str
    admin: Person | None  # when a password was given: the associé can log in at once
    invitation_link: str | None  # otherwise: the single-use link that lets them choose their password


@dataclass(frozen=True)
class SettingsChange:
    name: str | None = None
    timezone: str | None = None
    court_zone: str | None = None
    alert_days: list[int] | None = None
    retention_days: int | None = None
    totp_policy: str | None = None


async def create_cabinet(
    operator: SystemScope, *, name: str, slug: str, admin_email: str, admin_password: str | None = None
) -> CabinetCreated:
    ensure_permission(operator.actor, "cabinet.create")
    ctx = operator.ctx
    clean_slug = valid_slug(slug)
    email = valid_email(admin_email, field="admin_email")
    cabinet = Cabinet(
        id=ctx.ids.new_id(),
        name=valid_name(name),
        slug=clean_slug,
        inbound_address=inbound_address_for(clean_slug, ctx.settings.mail_domain),
        timezone=DEFAULT_TIMEZONE,
        created_at=ctx.clock.now().isoformat(),
    )
    scope = operator.for_cabinet(cabinet.id)
    try:
        await scope.commit(
            scope.cabinet.insert(cabinet), action="cabinet.created", subject=cabinet.id, summary=cabinet.slug
        )
    except ConstraintViolation:
        raise Conflict(f"L'identifiant « {cabinet.slug} » est déjà celui d'un cabinet.", field="slug") from None
    # The first associé is added by the operator, on the cabinet's behalf.
    if admin_password is not None:
        admin = await add_person(scope, email=email, role=Role.ASSOCIE, password=admin_password)
        return CabinetCreated(cabinet, email, admin, None)
    invited = await invite(scope, email=email, role=Role.ASSOCIE)
    return CabinetCreated(cabinet, email, None, invited.link)


async def list_cabinets(operator: SystemScope) -> list[Cabinet]:
    ensure_permission(operator.actor, "cabinet.list")
    return await operator.cross_cabinet.cabinets()


async def cabinet_named(operator: SystemScope, slug: str) -> CabinetScope:
    """The scope of the cabinet an operator names by its slug."""
    cabinet = await operator.cross_cabinet.cabinet_by_slug(slug.strip().lower())
    if cabinet is None:
        raise NotFound(f"Aucun cabinet « {slug} ».")
    return operator.for_cabinet(cabinet.id)


async def get_cabinet(scope: CabinetScope) -> Cabinet:
    ensure_permission(scope.actor, "cabinet.read")
    cabinet = await scope.cabinet.get()
    if cabinet is None:
        raise NotFound("Cabinet introuvable.")
    return cabinet


async def change_settings(scope: CabinetScope, change: SettingsChange) -> Cabinet:
    ensure_permission(scope.actor, "cabinet.manage")
    before = await get_cabinet(scope)
    after = _changed(before, change)
    if after == before:
        return before
    await scope.commit(
        scope.cabinet.update_settings(after),
        action="cabinet.settings_changed",
        subject=before.id,
        summary=_summary(before, after),
    )
    return after


def _changed(cabinet: Cabinet, change: SettingsChange) -> Cabinet:
    updated = cabinet
    if change.name is not None:
        updated = replace(updated, name=valid_name(change.name))
    if change.timezone is not None:
        updated = replace(updated, timezone=valid_timezone(change.timezone))
    if change.court_zone is not None:
        updated = replace(updated, court_zone=valid_court_zone(change.court_zone))
    if change.alert_days is not None:
        updated = replace(updated, alert_days=valid_alert_days(change.alert_days))
    if change.retention_days is not None:
        updated = replace(updated, retention_days=valid_retention_days(change.retention_days))
    if change.totp_policy is not None:
        try:
            updated = replace(updated, totp_policy=TotpPolicy(change.totp_policy))
        except ValueError:
            raise InvalidInput("Choisissez « optional » ou « required ».", field="totp_policy") from None
    return updated


def _summary(before: Cabinet, after: Cabinet) -> str:
    fields = ("name", "timezone", "court_zone", "alert_days", "retention_days", "totp_policy")
    changes = [
        f"{field} : {_shown(getattr(before, field))} → {_shown(getattr(after, field))}"
        for field in fields
        if getattr(before, field) != getattr(after, field)
    ]
    return " ; ".join(changes)


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return ",".join(str(item) for item in value)
    return str(value)
