"""The KeyDeriver port's contract (hashlib locally, WebCrypto on Workers) and the password services over each
runtime's composition root: the same bytes, the same refusals, and hashes one runtime wrote verified by the other."""

from domain.passwords import MalformedPasswordHash, parse
from services.limits import PBKDF2_MAX_ITERATIONS
from services.passwords import DUMMY_HASH, hash_password, password_needs_rehash, verify_password
from tests.contract.expect import raises

# PBKDF2-HMAC-SHA256 test vectors: RFC 7914 §11 (64-byte outputs) and the widely published 32-byte ones for
# P = "password", S = "salt" (the same figures Python's, OpenSSL's and Node's test suites use).
VECTORS = [
    (b"password", b"salt", 1, 32, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
    (b"password", b"salt", 2, 32, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
    (b"password", b"salt", 4096, 32, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
    (
        b"passwd",
        b"salt",
        1,
        64,
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
    ),
    (
        b"Password",
        b"NaCl",
        80000,
        64,
        "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
        "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
    ),
]
AT_THE_CAP = "0394a2ede332c9a13eb82e9b24631604c31df978b4e2f0fbd2c549944f9d79a5"  # "password", "salt", 100,000

# Written once by each runtime with today's parameters (6 × 100,000), then frozen here.
WRITTEN_ON_CPYTHON = (
    "Maître Dupont, 12 rue de la Paix, 75002 Paris",
    "pbkdf2-sha256$6x100000$T1pp6229yHMjVhqs12PitQ$EyRK7uw7yLl27V58+E3rlvHnC1dYAsrGcWKubDTANy0",
)
WRITTEN_ON_WORKERS = (  # WebCrypto's PBKDF2 under Pyodide 314
    "Échéance d’appel : un mois, pas un jour de plus",
    "pbkdf2-sha256$6x100000$P9j+AVSXp8aO9+b8pGW1oQ$GGv4jDjHPXMl4HN6UytoF1JT/gvVeJ/qf5ZoqDBeIfg",
)


async def test_pbkdf2_matches_the_published_vectors(keys):
    for password, salt, iterations, length, expected in VECTORS:
        assert (await keys.pbkdf2_sha256(password, salt, iterations, length)).hex() == expected


async def test_pbkdf2_derives_32_bytes_by_default(keys):
    derived = await keys.pbkdf2_sha256(b"password", b"salt", 1)
    assert isinstance(derived, bytes)
    assert derived.hex() == VECTORS[0][4]


async def test_pbkdf2_runs_at_production_s_cap(keys):
    derived = await keys.pbkdf2_sha256(b"password", b"salt", PBKDF2_MAX_ITERATIONS)
    assert derived.hex() == AT_THE_CAP


async def test_pbkdf2_refuses_one_iteration_above_production_s_cap_on_every_runtime(keys):
    with raises(ValueError) as refused:
        await keys.pbkdf2_sha256(b"password", b"salt", PBKDF2_MAX_ITERATIONS + 1)
    assert str(refused.exception) == ("PBKDF2: iteration counts above 100000 are not supported (requested 100001)")


async def test_pbkdf2_refuses_what_no_runtime_derives(keys):
    for iterations, length in ((0, 32), (-1, 32), (1, 0), (1, 65)):
        with raises(ValueError):
            await keys.pbkdf2_sha256(b"password", b"salt", iterations, length)
    with raises(TypeError):
        await keys.pbkdf2_sha256("password", b"salt", 1)


async def test_pbkdf2_takes_an_empty_password_or_salt_like_every_runtime(keys):
    assert (await keys.pbkdf2_sha256(b"", b"salt", 1)).hex().startswith("f135c27993baf987")
    assert (await keys.pbkdf2_sha256(b"pw", b"", 1)).hex().startswith("6a65192736d636be")


async def test_a_hashed_password_verifies_and_a_wrong_one_does_not(context):
    stored = await hash_password(context, "correct horse battery staple")
    assert stored.startswith("pbkdf2-sha256$6x100000$")
    assert await verify_password(context, "correct horse battery staple", stored)
    assert not await verify_password(context, "correct horse battery stapler", stored)
    assert not password_needs_rehash(stored)


async def test_two_hashes_of_one_password_differ_by_their_salt(context):
    first = await hash_password(context, "correct horse battery staple")
    second = await hash_password(context, "correct horse battery staple")
    assert parse(first).salt != parse(second).salt
    assert parse(first).digest != parse(second).digest


async def test_hashes_written_by_either_runtime_verify_on_this_one(context):
    for password, stored in (WRITTEN_ON_CPYTHON, WRITTEN_ON_WORKERS):
        assert await verify_password(context, password, stored)
        assert not await verify_password(context, password + " ", stored)


async def test_an_unknown_account_is_never_verified(context):
    assert not await verify_password(context, "correct horse battery staple", None)
    assert not await verify_password(context, "", None)
    parse(DUMMY_HASH)  # well formed, with today's parameters: the same work as a real account
    assert not password_needs_rehash(DUMMY_HASH)


async def test_a_malformed_stored_hash_is_a_fault_not_a_wrong_password(context):
    with raises(MalformedPasswordHash):
        await verify_password(context, "correct horse battery staple", "pbkdf2-sha256$999x100000$AAAA$AAAA")
