"""Opaque time-ordered identifiers (ULID layout: 48-bit milliseconds + 80 random bits, Crockford base32).

The clock and the random bytes come from the caller so this stays pure and testable.
"""

from __future__ import annotations

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_BYTES = 10


def encode_ulid(epoch_ms: int, randomness: bytes) -> str:
    if not 0 <= epoch_ms < 2**48:
        raise ValueError("epoch_ms out of range for a ULID")
    if len(randomness) != RANDOM_BYTES:
        raise ValueError(f"a ULID needs {RANDOM_BYTES} random bytes")
    value = (epoch_ms << 80) | int.from_bytes(randomness, "big")
    chars = []
    for _ in range(26):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))
