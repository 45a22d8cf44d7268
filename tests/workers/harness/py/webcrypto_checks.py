"""The cf KeyDeriver against workerd's own WebCrypto (a Worker in Miniflare, workerd_crypto.mjs).

Under the harness, Pyodide runs in Node and `crypto.subtle` is Node's. These checks ask the real workerd binary
for the same derivations, so the stored format is proven on the engine production runs; and they record that
the open-source workerd has no iteration cap, which is why the adapters enforce production's themselves.
"""

from __future__ import annotations

import base64
from typing import Any

import js

PASSWORD_VECTOR = (b"password", b"salt")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


async def in_workerd(password: bytes, salt: bytes, iterations: int, rounds: int = 1) -> Any:
    result = await js.posteHarness.workerdCrypto.pbkdf2Chain(_b64(password), _b64(salt), iterations, rounds)
    return result.to_py()


async def workerd_webcrypto_derives_what_the_adapter_derives(env: Any, raw: Any) -> None:
    from cf.key_derivation import WebCryptoKeyDeriver
    from domain.passwords import parse, password_key
    from services.limits import PBKDF2_MAX_ITERATIONS
    from tests.contract.test_key_derivation import WRITTEN_ON_CPYTHON

    keys = WebCryptoKeyDeriver()
    password, salt = PASSWORD_VECTOR
    for iterations in (1, 4096, PBKDF2_MAX_ITERATIONS):
        workerd = await in_workerd(password, salt, iterations)
        assert workerd["ok"], workerd
        assert workerd["hex"] == (await keys.pbkdf2_sha256(password, salt, iterations)).hex()

    # A whole stored hash, written on CPython: workerd's engine chains the rounds to the same bytes.
    plain, stored = WRITTEN_ON_CPYTHON
    parsed = parse(stored)
    key = password_key(plain)
    assert key is not None
    chained = await in_workerd(key, parsed.salt, parsed.iterations, parsed.rounds)
    assert chained["ok"], chained
    assert chained["hex"] == parsed.digest.hex()


async def local_workerd_has_no_pbkdf2_cap_so_the_adapter_enforces_production_s(env: Any, raw: Any) -> None:
    from cf.key_derivation import WebCryptoKeyDeriver
    from services.limits import PBKDF2_MAX_ITERATIONS
    from tests.contract.expect import raises

    above = PBKDF2_MAX_ITERATIONS + 1
    workerd = await in_workerd(*PASSWORD_VECTOR, above)
    assert workerd["ok"], (
        f"the local workerd now refuses {above} PBKDF2 iterations ({workerd.get('error')}): it enforces a cap, "
        "so check it is production's 100,000 and update services/limits.py, docs/people.md and this check"
    )
    with raises(ValueError) as refused:
        await WebCryptoKeyDeriver().pbkdf2_sha256(*PASSWORD_VECTOR, above)
    assert "above 100000 are not supported" in str(refused.exception)
