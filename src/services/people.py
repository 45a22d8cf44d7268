"""The cabinet's people: inviting, adding, accepting an invitation, changing a role, deactivating.

Associés administer their cabinet (`people.manage`); the operator adds people from the command line. A cabinet
always keeps one active associé. Deactivating a person ends every session at once (each request checks D1).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from d1.database import ConstraintViolation, Statement
from domain.actors import Actor, Role, ensure_may_see, ensure_permission, may
from domain.cabinets import Cabinet
from domain.errors import Conflict, NotFound
from domain.passwords import valid_new_password
from domain.people import Invitation, Person, name_from_email, valid_email, valid_person_name
from domain.sessions import INVITATION_LIFETIME, token_digest
from services.account_mail import invitation_link, invitation_mail
from services.passwords import hash_password
from services.ports import MailNotSent
from services.push import close_person_sockets
from services.scope import CabinetScope, SystemScope
from services.sessions import OpenedSession, new_session, store_session

log = logging.getLogger("poste.people")
NOT_FOUND = "Personne introuvable."
INVITATION_NOT_FOUND = "Invitation introuvable."
LINK_INVALID = "Lien d'invitation inconnu, déjà utilisé ou expiré : demandez une nouvelle invitation."
TAKEN = "Cette adresse a déjà un compte."


@dataclass(frozen=True)
class Team:
    people: list[Person]
    invitations: list[Invitation]  # pending ones, for those who manage the team


@dataclass(frozen=True)
class Invited:
    invitation: Invitation
    link: str  # shown to the operator (CLI); people receive it by mail only
    mailed: bool  # False when the outbound mail refused it (logged)


async def _cabinet(scope: CabinetScope) -> Cabinet:
    cabinet = await scope.cabinet.get()
    if cabinet is None:
        raise NotFound("Cabinet introuvable.")
    return cabinet


async def list_team(scope: CabinetScope) -> Team:
    ensure_permission(scope.actor, "people.read")
    manager = may(scope.actor, "people.manage")
    people = await scope.people.listed(with_inactive=manager)
    invitations = await scope.invitations.pending(scope.ctx.clock.now().isoformat()) if manager else []
    return Team(people, invitations)


async def invite(scope: CabinetScope, *, email: str, role: Role) -> Invited:
    ensure_permission(scope.actor, "people.manage")
    ctx = scope.ctx
    address = valid_email(email)
    if await scope.people.by_email(address):
        raise Conflict(TAKEN, field="email")
    cabinet = await _cabinet(scope)
    now = ctx.clock.now()
    invitation = Invitation(
        id=ctx.ids.new_id(),
        cabinet_id=scope.cabinet_id,
        email=address,
        role=role,
        invited_by=scope.actor.label,
        created_at=now.isoformat(),
        expires_at=(now + INVITATION_LIFETIME).isoformat(),
    )
    token = ctx.ids.new_token()
    await scope.commit(
        scope.invitations.insert(invitation, token_digest(token)),
        action="person.invited",
        subject=invitation.id,
        summary=f"{address} ({role.value})",
    )
    link = invitation_link(ctx, token)
    try:
        await ctx.mailer.send(invitation_mail(cabinet, invitation, link))
    except MailNotSent as failure:  # the invitation stands: the operator's CLI prints its link anyway
        log.warning("invitation %s saved but not mailed: %s", invitation.id, failure)
        return Invited(invitation, link, mailed=False)
    return Invited(invitation, link, mailed=True)


async def revoke_invitation(scope: CabinetScope, invitation_id: str) -> None:
    ensure_may_see(scope.actor, "people.manage", INVITATION_NOT_FOUND)
    now = scope.ctx.clock.now().isoformat()
    results = await scope.commit(
        scope.invitations.revoke(invitation_id, now),
        action="person.invitation_revoked",
        subject=invitation_id,
        only_if=scope.invitations.revoked_at(invitation_id, now),
    )
    if results[0].changes != 1:
        raise NotFound(INVITATION_NOT_FOUND)


async def add_person(scope: CabinetScope, *, email: str, role: Role, password: str, name: str | None = None) -> Person:
    """A person with a password chosen for them (operator, command line): they can log in at once."""
    ensure_permission(scope.actor, "people.manage")
    ctx = scope.ctx
    person = Person(
        id=ctx.ids.new_id(),
        cabinet_id=scope.cabinet_id,
        email=valid_email(email),
        name=valid_person_name(name) if name else name_from_email(email.strip().lower()),
        role=role,
        active=True,
        totp_enabled=False,
        created_at=ctx.clock.now().isoformat(),
    )
    password_hash = await hash_password(ctx, valid_new_password(password))
    try:
        await scope.commit(
            scope.people.insert(person, password_hash),
            action="person.added",
            subject=person.id,
            summary=f"{person.email} ({role.value})",
        )
    except ConstraintViolation:
        raise Conflict(TAKEN, field="email") from None
    return person


async def invitation_for_link(system: SystemScope, token: str) -> tuple[Invitation, Cabinet]:
    invitation = await system.cross_cabinet.invitation(token_digest(token), system.ctx.clock.now().isoformat())
    cabinet = await system.for_cabinet(invitation.cabinet_id).cabinet.get() if invitation else None
    if invitation is None or cabinet is None:
        raise NotFound(LINK_INVALID)
    return invitation, cabinet


async def accept_invitation(
    system: SystemScope, token: str, *, name: str, password: str
) -> tuple[OpenedSession, Person, Cabinet]:
    """Creates the person and opens their first session. The link works once: a second acceptance, even racing
    the first, finds it used."""
    invitation, cabinet = await invitation_for_link(system, token)
    ctx = system.ctx
    password_hash = await hash_password(ctx, valid_new_password(password))
    person = Person(
        id=ctx.ids.new_id(),
        cabinet_id=cabinet.id,
        email=invitation.email,
        name=valid_person_name(name),
        role=invitation.role,
        active=True,
        totp_enabled=False,
        created_at=ctx.clock.now().isoformat(),
    )
    scope = system.for_cabinet(cabinet.id).acting_as(Actor("person", person.id, person.role))
    opened, record = new_session(scope, person, system.client)
    now = ctx.clock.now().isoformat()
    claimed = scope.invitations.claimed_by(invitation.id, person.id)
    try:
        results = await scope.commit(
            scope.invitations.claim(invitation.id, person.id, now),
            scope.people.insert_if(person, password_hash, claimed),
            scope.sessions.insert_if(record, claimed),
            action="person.joined",
            subject=person.id,
            summary=f"{person.email} ({person.role.value}), invitation {invitation.id}",
            only_if=claimed,
        )
    except ConstraintViolation:
        raise Conflict(TAKEN, field="email") from None
    if results[0].changes != 1:
        raise NotFound(LINK_INVALID)
    await store_session(ctx, opened)
    return opened, person, cabinet


async def change_role(scope: CabinetScope, person_id: str, role: Role) -> Person:
    person = await _visible_person(scope, person_id)
    ensure_permission(scope.actor, "people.manage")
    if person.role == role:
        return person
    await _keep_an_associe(scope, person, leaving=person.role == Role.ASSOCIE)
    now = scope.ctx.clock.now().isoformat()
    await scope.commit(
        scope.people.set_role(person.id, role, now),
        *_their_invitations_revoked(scope, person, now, still_associe=role == Role.ASSOCIE),
        action="person.role_changed",
        subject=person.id,
        summary=f"rôle : {person.role.value} → {role.value}",
    )
    return await _person(scope, person_id)


async def set_active(scope: CabinetScope, person_id: str, active: bool) -> Person:
    """Deactivation ends every session of the person in the same batch; their next request is refused."""
    person = await _visible_person(scope, person_id)
    ensure_permission(scope.actor, "people.manage")
    if person.active == active:
        return person
    if not active:
        await _keep_an_associe(scope, person, leaving=person.role == Role.ASSOCIE)
    now = scope.ctx.clock.now().isoformat()
    writes = [scope.people.set_active(person.id, active, now)]
    if not active:
        writes.append(scope.sessions.end_all_of(person.id, now, "deactivated"))
        writes += _their_invitations_revoked(scope, person, now, still_associe=False)
    await scope.commit(*writes, action="person.reactivated" if active else "person.deactivated", subject=person.id)
    if not active:  # and their open dashboards are closed now, not at their next request
        await close_person_sockets(scope.ctx, scope.cabinet_id, person.id)
    return await _person(scope, person_id)


def _their_invitations_revoked(
    scope: CabinetScope, person: Person, now: str, *, still_associe: bool
) -> list[Statement]:
    """An associé who loses the right to invite (deactivated, demoted) leaves no open invitation behind: one they
    sent to themselves at another address must not bring them back."""
    if still_associe or person.role != Role.ASSOCIE:
        return []
    return [scope.invitations.revoke_sent_by(Actor("person", person.id).label, now)]


async def _person(scope: CabinetScope, person_id: str) -> Person:
    person = await scope.people.get(person_id)
    if person is None:
        raise NotFound(NOT_FOUND)
    return person


async def _visible_person(scope: CabinetScope, person_id: str) -> Person:
    """The person as the actor may see them: everyone sees their active colleagues, associés everyone; anyone
    else is not found, like an unknown id."""
    ensure_may_see(scope.actor, "people.read", NOT_FOUND)
    person = await _person(scope, person_id)
    if not person.active and not may(scope.actor, "people.manage"):
        raise NotFound(NOT_FOUND)
    return person


async def _keep_an_associe(scope: CabinetScope, person: Person, *, leaving: bool) -> None:
    if leaving and person.active and await scope.people.count_active_with_role(Role.ASSOCIE) <= 1:
        raise Conflict("Le cabinet doit garder au moins un associé actif : nommez-en un autre d'abord.")
