"""Hashing and checking passwords on the local runtime (real hashlib, predictable salts). The same services run
under Pyodide with WebCrypto in the contract suite (tests/contract/test_key_derivation.py)."""

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from domain.errors import InvalidInput
from domain.passwords import PasswordHash, parse
from services.context import AppContext
from services.passwords import hash_password, password_needs_rehash, verify_password
from tests.fakes import LocalTestbed, local_testbed

PASSWORD = "Maître, l'audience est renvoyée"


@dataclass
class CountingKeys:
    """The real deriver, recording each call's iteration count: how much work a check did."""

    inner: Any
    calls: list[int] = field(default_factory=list)

    async def pbkdf2_sha256(self, password: bytes, salt: bytes, iterations: int, length: int = 32) -> bytes:
        self.calls.append(iterations)
        return bytes(await self.inner.pbkdf2_sha256(password, salt, iterations, length))


def counting(bed: LocalTestbed) -> tuple[AppContext, CountingKeys]:
    keys = CountingKeys(bed.context.keys)
    return replace(bed.context, keys=keys), keys


@pytest.fixture
def bed(tmp_path: Path) -> Iterator[LocalTestbed]:
    testbed = local_testbed(tmp_path)
    yield testbed
    testbed.close()


async def test_a_password_hashed_verifies_and_nothing_else_does(bed: LocalTestbed) -> None:
    stored = await hash_password(bed.context, PASSWORD)
    assert await verify_password(bed.context, PASSWORD, stored)
    for wrong in ("Maître, l'audience est renvoyée ", "maître, l'audience est renvoyée", ""):
        assert not await verify_password(bed.context, wrong, stored)


async def test_the_salt_comes_from_the_injected_randomness(bed: LocalTestbed, tmp_path: Path) -> None:
    first = parse(await hash_password(bed.context, PASSWORD))
    second = parse(await hash_password(bed.context, PASSWORD))
    assert len(first.salt) == 16
    assert first.salt != second.salt
    again = local_testbed(tmp_path / "again")  # predictable randomness: a new testbed draws the same salts
    assert parse(await hash_password(again.context, PASSWORD)).salt == first.salt
    again.close()


async def test_a_password_the_rules_refuse_is_never_hashed(bed: LocalTestbed) -> None:
    context, keys = counting(bed)
    with pytest.raises(InvalidInput):
        await hash_password(context, "trop court")
    assert keys.calls == []


async def test_an_unknown_account_costs_the_same_derivations_as_a_known_one(bed: LocalTestbed) -> None:
    stored = await hash_password(bed.context, PASSWORD)
    context, keys = counting(bed)
    assert not await verify_password(context, "un autre mot de passe", stored)
    known = list(keys.calls)
    keys.calls.clear()
    assert not await verify_password(context, "un autre mot de passe", None)
    assert keys.calls == known == [100_000] * 6
    keys.calls.clear()
    assert not await verify_password(context, "x" * 100_000, stored)  # too long to be one: the same work anyway
    assert keys.calls == known


async def test_an_older_hash_still_verifies_and_asks_to_be_rehashed(bed: LocalTestbed) -> None:
    salt = bytes(16)
    key = PASSWORD.encode()
    for _ in range(2):
        key = await bed.context.keys.pbkdf2_sha256(key, salt, 1_000)
    older = PasswordHash(2, 1_000, salt, key).encode()
    assert await verify_password(bed.context, PASSWORD, older)
    assert password_needs_rehash(older)
    assert not password_needs_rehash(await hash_password(bed.context, PASSWORD))


async def test_the_password_is_compared_in_its_normalised_form(bed: LocalTestbed) -> None:
    stored = await hash_password(bed.context, "Échéance à venir, dossier 42")
    assert await verify_password(bed.context, "E\u0301che\u0301ance a\u0300 venir, dossier 42", stored)


async def test_a_hash_made_with_fewer_rounds_verifies_with_today_s_settings_and_asks_to_be_rehashed(
    bed: LocalTestbed, tmp_path: Path
) -> None:
    fast = local_testbed(tmp_path / "fast", password_rounds=1)  # what the API suites seed people with
    stored = await hash_password(fast.context, PASSWORD)
    fast.close()
    assert stored.startswith("pbkdf2-sha256$1x100000$")
    assert await verify_password(bed.context, PASSWORD, stored)  # the rounds are read from the hash
    assert password_needs_rehash(stored)
