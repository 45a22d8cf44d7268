"""Limits on failed attempts — login, second factor, password reset — per account and per client address, in fixed
windows counted in D1 (consistent, unlike KV). An account's bucket is keyed by a digest of the email whether or not
an account exists, so the limit itself reveals nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from d1.database import Statement
from domain.errors import TooManyAttempts
from services.scope import CabinetScope, SystemScope

AnyScope = SystemScope | CabinetScope


@dataclass(frozen=True)
class Limit:
    name: str
    max_attempts: int
    window: timedelta

    @property
    def message(self) -> str:
        minutes = int(self.window.total_seconds() // 60)
        wait = f"{minutes} minutes" if minutes < 60 else f"{minutes // 60} heure{'s' if minutes >= 120 else ''}"
        return f"Trop de tentatives. Par sécurité, réessayez dans {wait}."


# Failed logins: a person who mistypes gets ten tries per quarter hour; a client address (an office behind one
# NAT counts once) fifty. Second-factor codes: five wrong codes per quarter hour (a 6-digit code must not be
# guessable). Reset links: three per account and twenty per client address per hour, every request counted.
LOGIN_PER_ACCOUNT = Limit("login-account", 10, timedelta(minutes=15))
LOGIN_PER_CLIENT = Limit("login-client", 50, timedelta(minutes=15))
TOTP_PER_PERSON = Limit("totp-person", 5, timedelta(minutes=15))
PASSWORD_CHECK_PER_PERSON = Limit("password-check", 10, timedelta(minutes=15))  # a signed-in person re-typing it
RESET_PER_ACCOUNT = Limit("reset-account", 3, timedelta(hours=1))
RESET_PER_CLIENT = Limit("reset-client", 20, timedelta(hours=1))


def bucket(limit: Limit, key: str) -> str:
    return f"{limit.name}:{hashlib.sha256(key.encode('utf-8', 'replace')).hexdigest()[:32]}"


def _window_opened_after(system: AnyScope, limit: Limit) -> str:
    return (system.ctx.clock.now() - limit.window).isoformat()


async def spend_attempt(system: AnyScope, limit: Limit, key: str) -> None:
    """Counts this attempt before any work is done, and refuses it past the limit. Counting first (atomically)
    is what holds under a burst: a check made before counting would let every concurrent attempt through. A
    success then clears the account's bucket (`cleared`) or gives the attempt back to a shared one (`forgiven`)."""
    count = await system.attempts.spend(
        bucket(limit, key),
        now=system.ctx.clock.now().isoformat(),
        window_opened_after=_window_opened_after(system, limit),
    )
    if count > limit.max_attempts:
        raise TooManyAttempts(limit.message)


def forgiven(system: AnyScope, limit: Limit, key: str) -> Statement:
    return system.attempts.forgive(bucket(limit, key))


def cleared(system: AnyScope, limit: Limit, key: str) -> Statement:
    return system.attempts.clear(bucket(limit, key))
