"""The KeyDeriver port on Workers: WebCrypto's PBKDF2 (`crypto.subtle`), the only password KDF a Python Worker
has (Pyodide ships no hashlib.pbkdf2_hmac). workerd runs it natively, outside the Python interpreter.

Production workerd refuses more than 100,000 iterations per call; the check below refuses it first, with the same
error the local adapter gives, so the refusal is the same on every runtime (the open-source workerd behind
Miniflare has no cap at all).
"""

from __future__ import annotations

from typing import Any

import js
from pyodide.ffi import to_js

from services.limits import check_pbkdf2


class WebCryptoKeyDeriver:
    async def pbkdf2_sha256(self, password: bytes, salt: bytes, iterations: int, length: int = 32) -> bytes:
        check_pbkdf2(password, salt, iterations, length)
        subtle: Any = js.crypto.subtle  # the global, looked up at call time (never at import)
        key = await subtle.importKey("raw", to_js(bytes(password)), "PBKDF2", False, to_js(["deriveBits"]))
        algorithm = to_js(
            {"name": "PBKDF2", "hash": "SHA-256", "salt": to_js(bytes(salt)), "iterations": iterations},
            dict_converter=js.Object.fromEntries,
        )
        bits = await subtle.deriveBits(algorithm, key, length * 8)
        return bytes(bits.to_bytes())
