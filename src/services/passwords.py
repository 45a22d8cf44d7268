"""Hashing and checking passwords through the context's KeyDeriver (WebCrypto on Workers, hashlib locally), in the
one format of `domain.passwords`, so a hash written by either runtime is read by the other."""

from __future__ import annotations

import hmac

from domain import passwords
from services.context import AppContext

# What an unknown account is checked against, so that "no such email" takes as long as "wrong password" (today's
# parameters; the password behind it is random and unknown). Never a match: verify_password returns False anyway.
DUMMY_HASH = "pbkdf2-sha256$6x100000$pmeurH8qMrZr8Z0NW3K8RQ$tUYe1VxjI9PAiR1HSsTGfEdmL2xLulbpRsYdCprKQTw"


async def hash_password(ctx: AppContext, password: str) -> str:
    """A new stored hash (fresh salt, today's parameters). Refuses what `valid_new_password` refuses."""
    passwords.valid_new_password(password)
    key = passwords.password_key(password)
    assert key is not None  # a valid password always has one
    salt = ctx.ids.random_bytes(passwords.SALT_BYTES)
    rounds = ctx.settings.password_rounds
    digest = await _derive(ctx, key, salt, rounds, passwords.ITERATIONS_PER_ROUND)
    return passwords.PasswordHash(rounds, passwords.ITERATIONS_PER_ROUND, salt, digest).encode()


async def verify_password(ctx: AppContext, password: str, stored: str | None) -> bool:
    """True when `password` is the one behind `stored`. With `stored=None` (unknown account, or one without a
    password yet) the same work is done against DUMMY_HASH, and the answer is False.

    A stored string that is not a valid hash raises `domain.passwords.MalformedPasswordHash`: it is a fault in
    the data, to be seen in the logs, not a wrong password.
    """
    target = passwords.parse(stored if stored is not None else DUMMY_HASH)
    key = passwords.password_key(password)
    derived = await _derive(ctx, key if key is not None else b"", target.salt, target.rounds, target.iterations)
    matches = hmac.compare_digest(derived, target.digest)
    return matches and stored is not None and key is not None


def password_needs_rehash(stored: str, rounds: int = passwords.ROUNDS) -> bool:
    """After a successful check: True when the hash was made with other parameters than today's (`rounds`: the
    context's `settings.password_rounds`), so the password is hashed again."""
    return passwords.needs_rehash(stored, rounds)


async def _derive(ctx: AppContext, key: bytes, salt: bytes, rounds: int, iterations: int) -> bytes:
    """K_rounds, where K_0 = key and K_i = PBKDF2(K_{i-1}, salt, iterations): each round under the per-call cap."""
    for _ in range(rounds):
        key = await ctx.keys.pbkdf2_sha256(key, salt, iterations, passwords.HASH_BYTES)
    return key
