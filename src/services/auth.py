"""Logging in and out: email and password, then the second factor when the person has one.

Unknown email and wrong password get the same answer, after the same work (a key derivation against a dummy hash),
and count against the same limits. Every outcome is in the audit trail: a success in the cabinet's, a failure in
the cabinet's when the email names a person there, else in the platform's.
"""

from __future__ import annotations

from dataclasses import dataclass

from d1.database import Statement
from domain.actors import Actor
from domain.cabinets import Cabinet
from domain.errors import Unauthorized
from domain.people import Person
from domain.totp import matching_step, recovery_code_digest
from services.attempts import (
    LOGIN_PER_ACCOUNT,
    LOGIN_PER_CLIENT,
    TOTP_PER_PERSON,
    cleared,
    forgiven,
    spend_attempt,
)
from services.passwords import hash_password, password_needs_rehash, verify_password
from services.push import close_session_sockets
from services.scope import CabinetScope, SystemScope
from services.sessions import OpenedSession, Session, forget_token, new_session, store_session

WRONG_CREDENTIALS = "Adresse électronique ou mot de passe incorrect."
MAX_CODE_CHARS = 32


@dataclass(frozen=True)
class SignedIn:
    opened: OpenedSession
    person: Person
    cabinet: Cabinet


async def login(system: SystemScope, *, email: str, password: str, totp: str | None) -> SignedIn:
    address = email.strip().lower()
    await spend_attempt(system, LOGIN_PER_CLIENT, system.client.ip)
    await spend_attempt(system, LOGIN_PER_ACCOUNT, address)
    account = await system.cross_cabinet.account(address)
    if not await verify_password(system.ctx, password, account.password_hash if account else None) or not account:
        await _failed_login(system, address, account.cabinet_id if account else None,
                            account.person_id if account else None)  # fmt: skip
        raise Unauthorized(WRONG_CREDENTIALS, code="identifiants")
    scope = system.for_cabinet(account.cabinet_id).acting_as(Actor("person", account.person_id))
    person = await scope.people.get(account.person_id)
    cabinet = await scope.cabinet.get()
    if person is None or cabinet is None:  # deactivated or removed in between
        raise Unauthorized(WRONG_CREDENTIALS, code="identifiants")
    second_factor = await _second_factor(system, scope, person, totp)
    opened, record = new_session(scope, person, system.client)
    await scope.commit(
        *second_factor,
        *await _rehashed(scope, person, password, account.password_hash),
        cleared(system, LOGIN_PER_ACCOUNT, address),
        forgiven(system, LOGIN_PER_CLIENT, system.client.ip),
        scope.sessions.insert(record),
        action="auth.login",
        subject=person.id,
        summary="avec code à usage unique" if person.totp_enabled else "mot de passe",
    )
    await store_session(system.ctx, opened)
    return SignedIn(opened, person, cabinet)


async def _rehashed(scope: CabinetScope, person: Person, password: str, stored: str) -> list[Statement]:
    """The password hashed again with today's parameters when it was stored with others (raised since)."""
    ctx = scope.ctx
    if not password_needs_rehash(stored, ctx.settings.password_rounds):
        return []
    return [scope.people.set_password(person.id, await hash_password(ctx, password), ctx.clock.now().isoformat())]


async def _failed_login(system: SystemScope, address: str, cabinet_id: str | None, person_id: str | None) -> None:
    """The failure's audit row (the attempt itself was counted before the check)."""
    if cabinet_id and person_id:
        await system.for_cabinet(cabinet_id).commit(
            action="auth.login_failed", subject=person_id, summary="mot de passe incorrect"
        )
    else:
        await system.commit(action="auth.login_failed", subject="", summary="adresse inconnue")


async def _second_factor(system: SystemScope, scope: CabinetScope, person: Person, code: str | None) -> list[Statement]:
    """The statements that consume the code (so it is used once), or an Unauthorized with its code for the app."""
    if not person.totp_enabled:
        return []
    if not code or not code.strip():
        raise Unauthorized("Saisissez le code à 6 chiffres de votre application d'authentification.",
                           code="totp_requis")  # fmt: skip
    await spend_attempt(system, TOTP_PER_PERSON, person.id)
    credentials = await scope.people.credentials(person.id)
    secret = credentials.totp_secret if credentials else None
    cleaned = code.strip()[:MAX_CODE_CHARS]
    step = None
    if secret and credentials:
        step = matching_step(secret, cleaned, system.ctx.clock.now(), credentials.totp_last_step)
    if step is not None:
        # Consumed in its own batch before any session is opened: of two logins racing with one code, the
        # second finds the step used and is refused.
        used = await scope.commit(
            scope.people.use_totp_step(person.id, step),
            action="auth.totp_used",
            subject=person.id,
            only_if=scope.people.totp_step_is(person.id, step),
        )
        if used[0].changes == 1:
            return [cleared(system, TOTP_PER_PERSON, person.id)]
    digest = recovery_code_digest(cleaned)
    now = system.ctx.clock.now().isoformat()
    results = await scope.commit(
        scope.people.use_recovery_code(person.id, digest, now),
        action="auth.recovery_code_used",
        subject=person.id,
        only_if=scope.people.recovery_code_used_at(person.id, digest, now),
    )
    if results[0].changes == 1:
        return [cleared(system, TOTP_PER_PERSON, person.id)]
    await scope.commit(action="auth.totp_failed", subject=person.id)
    raise Unauthorized("Code incorrect ou déjà utilisé.", code="totp_invalide")


async def logout(scope: CabinetScope, session: Session, token: str) -> None:
    now = scope.ctx.clock.now().isoformat()
    await scope.commit(
        scope.sessions.end(session.session_id, session.actor.id, now, "logout"),
        action="auth.logout",
        subject=session.actor.id,
    )
    await forget_token(scope.ctx, token)
    await close_session_sockets(scope.ctx, scope.cabinet_id, [session.session_id])


async def logout_others(scope: CabinetScope, session: Session) -> int:
    now = scope.ctx.clock.now().isoformat()
    results = await scope.commit(
        scope.sessions.end_all_of(session.actor.id, now, "logout_others", keep=session.session_id),
        action="auth.logout_others",
        subject=session.actor.id,
    )
    ended = await scope.sessions.ended_together(session.actor.id, now, "logout_others")
    await close_session_sockets(scope.ctx, scope.cabinet_id, ended)
    return results[0].changes
