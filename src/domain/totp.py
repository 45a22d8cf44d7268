"""The second factor: time-based one-time passwords (RFC 6238 over RFC 4226's HOTP: HMAC-SHA1, 6 digits, 30 s
steps, as every authenticator app reads them) and single-use recovery codes.

Pure: the randomness and the time come from the caller. The stdlib is enough (hmac, hashlib, struct, base64),
so nothing is added to what ships to Workers.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
from datetime import datetime
from urllib.parse import quote

ISSUER = "IA Poste Manager"
SECRET_BYTES = 20  # 160 bits: RFC 4226's recommended length for HMAC-SHA1
DIGITS = 6
STEP_SECONDS = 30
WINDOW_STEPS = 1  # a code from the step before or after is accepted too (clock drift, slow typing)

RECOVERY_CODE_COUNT = 10
# Each recovery code carries 80 random bits (10 bytes → 16 characters of Crockford's base32, 5 bits each). Their
# digest is a plain SHA-256 without a per-person salt, so a stolen table lets an attacker test one guess against
# every stored code at once: 80 bits keeps even that search (10 codes × many people) out of reach, where the
# 40–50 bits of shorter codes would not be.
RECOVERY_CODE_BYTES = 10
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"  # no i, l, o, u: nothing to misread
_CROCKFORD_ALIASES = str.maketrans({"o": "0", "i": "1", "l": "1"})


def new_secret(random: bytes) -> str:
    """A shared secret for an authenticator app: base32 without padding (32 characters), from 20 random bytes."""
    if len(random) != SECRET_BYTES:
        raise ValueError(f"a TOTP secret is made of {SECRET_BYTES} random bytes")
    return base64.b32encode(random).decode("ascii").rstrip("=")


def otpauth_uri(secret: str, account: str, issuer: str = ISSUER) -> str:
    """The `otpauth://` URI an authenticator app reads from a QR code (Google Authenticator's Key URI format):
    label `issuer:account` and the issuer parameter, percent-encoded."""
    if ":" in issuer or ":" in account:
        raise ValueError("neither the issuer nor the account of a TOTP label may contain a colon")
    label = f"{quote(issuer, safe='')}:{quote(account, safe='@')}"
    query = f"secret={secret}&issuer={quote(issuer, safe='')}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"
    return f"otpauth://totp/{label}?{query}"


def step_at(at: datetime) -> int:
    """The RFC 6238 time step (T) that `at` falls in."""
    if at.tzinfo is None:
        raise ValueError("TOTP needs an aware datetime (a naive one would be read in the machine's time zone)")
    return int(at.timestamp()) // STEP_SECONDS


def code_at(secret: str, at: datetime) -> str:
    """The code an authenticator app shows at `at` (for tests and tools; login uses `matching_step`)."""
    return hotp(_secret_bytes(secret), step_at(at))


def matching_step(secret: str, code: str, at: datetime, last_used_step: int | None) -> int | None:
    """The time step `code` belongs to, when it is valid at `at` (±1 step) and newer than `last_used_step`; None
    otherwise. Store the step returned as the next `last_used_step`: a code, once used, is refused (replay), and so
    is every older one. Spaces in the code are ignored ("123 456")."""
    typed = "".join(code.split())
    if len(typed) != DIGITS or not typed.isascii() or not typed.isdigit():
        return None
    key = _secret_bytes(secret)
    now = step_at(at)
    found: int | None = None
    # Every candidate is computed and compared, so the time taken does not tell which one matched.
    for step in range(now - WINDOW_STEPS, now + WINDOW_STEPS + 1):
        same = hmac.compare_digest(hotp(key, step), typed)
        if same and (last_used_step is None or step > last_used_step):
            found = step
    return found


def hotp(key: bytes, counter: int) -> str:
    """RFC 4226: HMAC-SHA1 of the 8-byte counter, dynamic truncation, the last DIGITS decimal digits."""
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def new_recovery_codes(random: bytes) -> list[str]:
    """RECOVERY_CODE_COUNT codes like `k7m2-9xqp-4tzr-8hvw` (80 bits each), from 10 × 10 random bytes."""
    if len(random) != RECOVERY_CODE_COUNT * RECOVERY_CODE_BYTES:
        raise ValueError(f"recovery codes are made of {RECOVERY_CODE_COUNT * RECOVERY_CODE_BYTES} random bytes")
    codes = []
    for index in range(RECOVERY_CODE_COUNT):
        chunk = random[index * RECOVERY_CODE_BYTES : (index + 1) * RECOVERY_CODE_BYTES]
        value = int.from_bytes(chunk, "big")
        chars = "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(75, -1, -5))
        codes.append("-".join(chars[i : i + 4] for i in range(0, len(chars), 4)))
    return codes


def recovery_code_digest(code: str) -> str:
    """What is stored of a recovery code, and what a typed one is looked up by: SHA-256 (hex) of the code in
    lower case without spaces or dashes (o, i and l read as 0, 1 and 1, as Crockford's base32 allows).

    A fast hash is right here, unlike for passwords: the codes are 80 random bits, not chosen by people, so no
    dictionary exists to try and slowing each guess would add nothing but cost at every login.
    """
    cleaned = "".join(code.split()).replace("-", "").lower().translate(_CROCKFORD_ALIASES)
    return hashlib.sha256(cleaned.encode("utf-8", "surrogatepass")).hexdigest()


def _secret_bytes(secret: str) -> bytes:
    cleaned = "".join(secret.split()).upper()
    try:
        return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("a TOTP secret is base32") from exc
