"""Passwords: what a new one must be, and the one stored format both runtimes write and read.

    pbkdf2-sha256$6x100000$<salt>$<hash>          (salt and hash: standard base64 without padding, as PHC strings)

PBKDF2-HMAC-SHA256, because it is the password KDF WebCrypto offers on Workers (hashlib.pbkdf2_hmac locally).
OWASP asks for 600,000 iterations; Cloudflare's production runtime refuses more than 100,000 per call. So the hash
chains rounds: K0 = the NFKC-normalised password in UTF-8, K_i = PBKDF2(K_{i-1}, salt, iterations, 32 bytes), the
hash is K_rounds. Each round needs the previous one's output, so a guess costs an attacker rounds × iterations
HMAC-SHA256 computations, exactly as one PBKDF2 call of 600,000 would: nothing can be skipped or run in parallel.

The parameters are read back from each stored string (so they can be raised later: `needs_rehash`) and bounded
before anything runs: a stored string is data, and its iteration count is never trusted without a ceiling.
Pure: the derivation itself is the services' job, through the KeyDeriver port.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass

from domain.errors import InvalidInput

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 256

SCHEME = "pbkdf2-sha256"
ITERATIONS_PER_ROUND = 100_000  # Cloudflare's production cap per PBKDF2 call (workerd issue #1346)
ROUNDS = 6  # 6 × 100,000 = OWASP's 600,000 for PBKDF2-HMAC-SHA256
SALT_BYTES = 16
HASH_BYTES = 32  # SHA-256's output: a longer PBKDF2 output costs the defender more, never the attacker

# What a stored string may ask for. Above: refused unread (a 20-round hash already costs ~3× today's).
MAX_ROUNDS = 20
MIN_ITERATIONS_PER_ROUND = 1_000
MAX_SALT_BYTES = 64
MAX_STORED_CHARS = 200

# A password is read at most this long before normalising: NFKC of a huge body is work for nothing, and nothing
# that long can be a password we accepted (NFKC rarely shrinks text, and never by a factor of 16).
_MAX_RAW_CHARS = 16 * MAX_PASSWORD_CHARS

_STORED = re.compile(r"([a-z0-9-]+)\$([1-9][0-9]{0,2})x([1-9][0-9]{0,6})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)")


class MalformedPasswordHash(ValueError):
    """A stored string that is not a hash this code wrote: corrupted, truncated, or asking for absurd work."""


@dataclass(frozen=True)
class PasswordHash:
    rounds: int
    iterations: int
    salt: bytes
    digest: bytes

    def encode(self) -> str:
        return f"{SCHEME}${self.rounds}x{self.iterations}${_b64(self.salt)}${_b64(self.digest)}"


def valid_new_password(password: str, field: str = "password") -> str:
    """The password, as given, when it may be set; an InvalidInput naming `field` otherwise.

    Length counts the characters of the normalised form (what is hashed). Any character may be used, spaces
    included (NIST SP 800-63B): only what cannot be typed or stored the same way twice is refused.
    """
    message = (
        f"Choisissez un mot de passe de {MIN_PASSWORD_CHARS} à {MAX_PASSWORD_CHARS} caractères "
        "(une phrase de plusieurs mots est idéale)."
    )
    if not isinstance(password, str) or len(password) > _MAX_RAW_CHARS:
        raise InvalidInput(message, field=field)
    # Control characters cannot be typed the same way twice; lone surrogates cannot be stored; unassigned code
    # points may gain an NFKC mapping in a later Unicode version, and the password would then stop matching.
    if any(unicodedata.category(char) in ("Cc", "Cs", "Cn") for char in password):
        raise InvalidInput(
            "Le mot de passe contient un caractère impossible à retaper à l’identique (retour à la ligne, "
            "tabulation, caractère de contrôle ou non attribué) : retirez-le.",
            field=field,
        )
    text = normalised(password)
    if not MIN_PASSWORD_CHARS <= len(text) <= MAX_PASSWORD_CHARS or not text.strip():
        raise InvalidInput(message, field=field)
    return password


def normalised(password: str) -> str:
    """NFKC, so the same password typed on another keyboard or system (composed é or e + ◌́) is the same."""
    return unicodedata.normalize("NFKC", password)


def password_key(password: str) -> bytes | None:
    """K0: the bytes the first round derives from; None for a string no accepted password can be."""
    if len(password) > _MAX_RAW_CHARS:
        return None
    text = normalised(password)
    if len(text) > MAX_PASSWORD_CHARS:
        return None
    # A lone surrogate (possible in JSON) cannot be UTF-8; valid_new_password refuses it, so it matches nothing.
    return text.encode("utf-8", "surrogatepass")


def current(salt: bytes, digest: bytes) -> PasswordHash:
    return PasswordHash(ROUNDS, ITERATIONS_PER_ROUND, salt, digest)


def parse(stored: str) -> PasswordHash:
    """The parameters, salt and hash of a stored string, or MalformedPasswordHash."""
    if not isinstance(stored, str) or len(stored) > MAX_STORED_CHARS:
        raise MalformedPasswordHash("stored password hash: not a string of at most 200 characters")
    match = _STORED.fullmatch(stored)
    if match is None:
        raise MalformedPasswordHash("stored password hash: not scheme$<rounds>x<iterations>$<salt>$<hash>")
    scheme, rounds, iterations, salt, digest = match.groups()
    if scheme != SCHEME:
        raise MalformedPasswordHash(f"stored password hash: unknown scheme {scheme!r}")
    parsed = PasswordHash(int(rounds), int(iterations), _unb64(salt), _unb64(digest))
    if not 1 <= parsed.rounds <= MAX_ROUNDS:
        raise MalformedPasswordHash(f"stored password hash: rounds outside 1..{MAX_ROUNDS}")
    if not MIN_ITERATIONS_PER_ROUND <= parsed.iterations <= ITERATIONS_PER_ROUND:
        raise MalformedPasswordHash(
            f"stored password hash: iterations per round outside {MIN_ITERATIONS_PER_ROUND}..{ITERATIONS_PER_ROUND}"
        )
    if not SALT_BYTES <= len(parsed.salt) <= MAX_SALT_BYTES or len(parsed.digest) != HASH_BYTES:
        raise MalformedPasswordHash("stored password hash: salt or hash of the wrong length")
    return parsed


def needs_rehash(stored: str, rounds: int = ROUNDS) -> bool:
    """True when the stored hash was made with other parameters than today's (rehash it at the next login)."""
    parsed = parse(stored)
    return (parsed.rounds, parsed.iterations, len(parsed.salt)) != (rounds, ITERATIONS_PER_ROUND, SALT_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MalformedPasswordHash("stored password hash: invalid base64") from exc
    if _b64(data) != text:  # one spelling per value: no padding, no stray low bits
        raise MalformedPasswordHash("stored password hash: non-canonical base64")
    return data
