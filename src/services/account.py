"""Mon compte: a person's own password, second factor and sessions. Everyone manages their own account; nothing
here touches another person."""

from __future__ import annotations

from dataclasses import dataclass

from domain.actors import ensure_permission
from domain.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from domain.passwords import valid_new_password
from domain.sessions import IDLE_TIMEOUT, SessionRecord
from domain.totp import (
    RECOVERY_CODE_BYTES,
    RECOVERY_CODE_COUNT,
    matching_step,
    new_recovery_codes,
    new_secret,
    otpauth_uri,
    recovery_code_digest,
)
from services.attempts import PASSWORD_CHECK_PER_PERSON, TOTP_PER_PERSON, cleared, spend_attempt
from services.passwords import hash_password, verify_password
from services.push import close_session_sockets
from services.scope import CabinetScope
from services.sessions import Session


@dataclass(frozen=True)
class TotpEnrolment:
    secret: str
    otpauth_uri: str


async def _credentials_checked(scope: CabinetScope, password: str, field: str) -> None:
    """The person's password, typed again before a sensitive change; wrong ones are limited like logins (a session
    left open must not become a way to guess it)."""
    await spend_attempt(scope, PASSWORD_CHECK_PER_PERSON, scope.actor.id)
    credentials = await scope.people.credentials(scope.actor.id)
    if credentials is None or not await verify_password(scope.ctx, password, credentials.password_hash):
        await scope.commit(action="account.password_check_failed", subject=scope.actor.id)
        raise InvalidInput("Mot de passe actuel incorrect.", field=field)
    await scope.commit(cleared(scope, PASSWORD_CHECK_PER_PERSON, scope.actor.id), action="account.password_checked",
                       subject=scope.actor.id)  # fmt: skip


async def change_password(scope: CabinetScope, session: Session, *, current: str, new: str) -> None:
    """The new password, and every other session of the person ended (a stolen session does not survive it)."""
    ensure_permission(scope.actor, "account.manage")
    await _credentials_checked(scope, current, "current_password")
    password_hash = await hash_password(scope.ctx, valid_new_password(new, field="new_password"))
    now = scope.ctx.clock.now().isoformat()
    await scope.commit(
        scope.people.set_password(scope.actor.id, password_hash, now),
        scope.sessions.end_all_of(scope.actor.id, now, "password_changed", keep=session.session_id),
        scope.password_resets.cancel_others(scope.actor.id, now),  # a reset link asked for earlier dies with it
        action="account.password_changed",
        subject=scope.actor.id,
    )
    ended = await scope.sessions.ended_together(scope.actor.id, now, "password_changed")
    await close_session_sockets(scope.ctx, scope.cabinet_id, ended)


async def my_sessions(scope: CabinetScope) -> list[SessionRecord]:
    ensure_permission(scope.actor, "account.manage")
    now = scope.ctx.clock.now()
    return await scope.sessions.of_person(
        scope.actor.id, now=now.isoformat(), idle_since=(now - IDLE_TIMEOUT).isoformat()
    )


async def end_my_session(scope: CabinetScope, session_id: str) -> None:
    ensure_permission(scope.actor, "account.manage")
    now = scope.ctx.clock.now().isoformat()
    results = await scope.commit(
        scope.sessions.end(session_id, scope.actor.id, now, "ended_by_person"),
        action="account.session_ended",
        subject=session_id,
    )
    if results[0].changes != 1:
        raise NotFound("Session introuvable.")
    await close_session_sockets(scope.ctx, scope.cabinet_id, [session_id])


async def start_totp_enrolment(scope: CabinetScope, password: str | None = None) -> TotpEnrolment:
    """A new secret, pending until a code from it is confirmed (the current second factor, if any, stays until
    then). Replacing a second factor already set asks for the password: a session alone (a browser left open)
    must not be enough to take over or lock out the factor."""
    ensure_permission(scope.actor, "account.manage")
    person = await scope.people.get(scope.actor.id)
    if person is None:
        raise Unauthorized("Session requise : connectez-vous.")
    if person.totp_enabled:
        if not password:
            raise InvalidInput("Saisissez votre mot de passe pour remplacer la double authentification.",
                               field="password")  # fmt: skip
        await _credentials_checked(scope, password, "password")
    secret = new_secret(scope.ctx.ids.random_bytes(20))
    await scope.commit(
        scope.people.set_pending_totp(person.id, secret, scope.ctx.clock.now().isoformat()),
        action="account.totp_enrolment_started",
        subject=person.id,
    )
    return TotpEnrolment(secret, otpauth_uri(secret, person.email))


async def confirm_totp(scope: CabinetScope, code: str) -> list[str]:
    """The pending secret becomes the second factor once a code from it matches; returns ten recovery codes, shown
    once (only their digests are kept)."""
    ensure_permission(scope.actor, "account.manage")
    credentials = await scope.people.credentials(scope.actor.id)
    pending = credentials.totp_pending_secret if credentials else None
    if pending is None:
        raise InvalidInput("Commencez par afficher le QR code.", field="code")
    await spend_attempt(scope, TOTP_PER_PERSON, scope.actor.id)
    step = matching_step(pending, code[:32], scope.ctx.clock.now(), None)
    if step is None:
        await scope.commit(action="account.totp_failed", subject=scope.actor.id)
        raise InvalidInput("Code incorrect : saisissez le code à 6 chiffres affiché par l'application.", field="code")
    codes = new_recovery_codes(scope.ctx.ids.random_bytes(RECOVERY_CODE_COUNT * RECOVERY_CODE_BYTES))
    now = scope.ctx.clock.now().isoformat()
    results = await scope.commit(
        scope.people.confirm_totp(scope.actor.id, pending, step, now),
        *scope.people.replace_recovery_codes(scope.actor.id, [recovery_code_digest(c) for c in codes]),
        cleared(scope, TOTP_PER_PERSON, scope.actor.id),
        action="account.totp_enabled",
        subject=scope.actor.id,
    )
    if results[0].changes != 1:
        raise InvalidInput("Le QR code a changé entre-temps : recommencez.", field="code")
    return codes


async def disable_totp(scope: CabinetScope, password: str) -> None:
    ensure_permission(scope.actor, "account.manage")
    cabinet = await scope.cabinet.get()
    if cabinet is not None and cabinet.totp_policy.value == "required":
        raise Forbidden("Le cabinet exige la double authentification : elle ne peut pas être désactivée.")
    await _credentials_checked(scope, password, "password")
    await scope.commit(
        scope.people.disable_totp(scope.actor.id, scope.ctx.clock.now().isoformat()),
        *scope.people.replace_recovery_codes(scope.actor.id, []),
        action="account.totp_disabled",
        subject=scope.actor.id,
    )
