"""Password reset by emailed link. The request always gets the same answer, whether or not the email has an
account; the link works once, within an hour, and ends every session of the person."""

from __future__ import annotations

import logging

from d1.database import guarded
from domain.actors import Actor
from domain.errors import NotFound
from domain.passwords import valid_new_password
from domain.sessions import RESET_LIFETIME, token_digest
from services.account_mail import reset_link, reset_mail
from services.attempts import RESET_PER_ACCOUNT, RESET_PER_CLIENT, spend_attempt
from services.passwords import hash_password
from services.ports import MailNotSent
from services.push import close_session_sockets
from services.scope import SystemScope

log = logging.getLogger("poste.auth")
LINK_INVALID = "Lien de réinitialisation inconnu, déjà utilisé ou expiré : demandez-en un nouveau."


async def request_reset(system: SystemScope, email: str) -> None:
    address = email.strip().lower()
    await spend_attempt(system, RESET_PER_CLIENT, system.client.ip)
    await spend_attempt(system, RESET_PER_ACCOUNT, address)
    account = await system.cross_cabinet.account(address)
    if account is None:
        await system.commit(action="auth.reset_requested", subject="", summary="adresse inconnue")
        return
    ctx = system.ctx
    scope = system.for_cabinet(account.cabinet_id)
    now = ctx.clock.now()
    token = ctx.ids.new_token()
    reset_id = ctx.ids.new_id()
    await scope.commit(
        scope.password_resets.cancel_others(account.person_id, now.isoformat()),
        scope.password_resets.insert(
            reset_id,
            account.person_id,
            token_digest(token),
            now=now.isoformat(),
            expires_at=(now + RESET_LIFETIME).isoformat(),
        ),
        action="auth.reset_requested",
        subject=account.person_id,
    )
    try:
        await ctx.mailer.send(reset_mail(address, reset_link(ctx, token)))
    except MailNotSent as failure:
        # The answer stays the one every address gets (no enumeration); the failure is logged for the operator.
        log.warning("reset link %s saved but not mailed: %s", reset_id, failure)


async def complete_reset(system: SystemScope, token: str, password: str) -> None:
    ctx = system.ctx
    link = await system.cross_cabinet.reset_link(token_digest(token))
    now = ctx.clock.now().isoformat()
    if link is None or link.used or link.expires_at <= now:
        raise NotFound(LINK_INVALID)
    password_hash = await hash_password(ctx, valid_new_password(password))
    scope = system.for_cabinet(link.cabinet_id).acting_as(Actor("person", link.person_id))
    still_open = scope.password_resets.still_open(link.id, now)
    # The guarded writes come before `use`: D1 runs a batch's statements in order, so they see the link open only in
    # the batch that then uses it (a guard on `used_at = now` would let a second completion at the same instant in).
    results = await scope.commit(
        guarded(scope.people.set_password(link.person_id, password_hash, now), still_open),
        guarded(scope.sessions.end_all_of(link.person_id, now, "password_reset"), still_open),
        scope.password_resets.use(link.id, now),
        action="auth.password_reset",
        subject=link.person_id,
        only_if=scope.password_resets.used_at(link.id, now),
    )
    if results[2].changes != 1:
        raise NotFound(LINK_INVALID)
    ended = await scope.sessions.ended_together(link.person_id, now, "password_reset")
    await close_session_sockets(ctx, scope.cabinet_id, ended)
