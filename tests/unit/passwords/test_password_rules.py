"""What a new password must be, and the stored format: parsed strictly, bounded before any work, rehashed when the
parameters move."""

import pytest

from domain import passwords
from domain.errors import InvalidInput
from domain.passwords import (
    MAX_PASSWORD_CHARS,
    MIN_PASSWORD_CHARS,
    MalformedPasswordHash,
    PasswordHash,
    needs_rehash,
    parse,
    password_key,
    valid_new_password,
)
from services.limits import PBKDF2_MAX_ITERATIONS

SALT = bytes(range(16))
DIGEST = bytes(range(100, 132))
TODAY = "pbkdf2-sha256$6x100000$AAECAwQFBgcICQoLDA0ODw$ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM"


def test_a_password_of_12_to_256_characters_is_accepted_as_given() -> None:
    for password in ("a" * MIN_PASSWORD_CHARS, "é" * MAX_PASSWORD_CHARS, "  espaces permis  ", "mot de passe 🔑🔑"):
        assert valid_new_password(password) == password


@pytest.mark.parametrize("password", ["", "a" * (MIN_PASSWORD_CHARS - 1), "a" * (MAX_PASSWORD_CHARS + 1), " " * 20])
def test_a_password_too_short_too_long_or_blank_is_refused_in_french_naming_the_field(password: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        valid_new_password(password, field="new_password")
    assert refused.value.field == "new_password"
    assert refused.value.status == 422
    assert "12 à 256 caractères" in refused.value.message


def test_the_field_defaults_to_password() -> None:
    with pytest.raises(InvalidInput) as refused:
        valid_new_password("court")
    assert refused.value.field == "password"


@pytest.mark.parametrize("char", ["\n", "\t", "\x00", "\ud800", "\U000e0080"])
def test_a_character_that_cannot_be_typed_or_stored_the_same_way_twice_is_refused(char: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        valid_new_password(f"un long mot{char}de passe")
    assert refused.value.field == "password"
    assert "caractère" in refused.value.message


def test_length_is_counted_on_the_normalised_form() -> None:
    ligatures = "ﬁ" * 7  # NFKC: "fi" × 7 = 14 characters
    assert valid_new_password(ligatures) == ligatures
    with pytest.raises(InvalidInput):
        valid_new_password("e\u0301" * 11)  # 22 code points, 11 characters once composed


def test_the_same_password_typed_composed_or_decomposed_gives_the_same_key() -> None:
    assert password_key("Échéance à venir") == password_key("E\u0301che\u0301ance a\u0300 venir")
    assert password_key("Échéance à venir") == "Échéance à venir".encode()


def test_nothing_too_long_to_be_a_password_gets_a_key() -> None:
    assert password_key("a" * (MAX_PASSWORD_CHARS + 1)) is None
    assert password_key("a" * 1_000_000) is None
    assert password_key("\ud800 lone surrogate") is not None  # never crashes; it matches nothing stored


def test_a_stored_hash_round_trips() -> None:
    parsed = parse(TODAY)
    assert parsed == PasswordHash(6, 100_000, SALT, DIGEST)
    assert parsed.encode() == TODAY
    assert passwords.current(SALT, DIGEST).encode() == TODAY


def test_today_s_parameters_reach_owasp_s_600000_within_production_s_cap_per_call() -> None:
    assert passwords.ROUNDS * passwords.ITERATIONS_PER_ROUND == 600_000
    assert passwords.ITERATIONS_PER_ROUND <= PBKDF2_MAX_ITERATIONS


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain text password",
        TODAY.replace("pbkdf2-sha256", "pbkdf2-sha1"),
        TODAY.replace("$6x", "$0x"),
        TODAY.replace("$6x", "$06x"),
        TODAY.replace("$6x", "$+6x"),
        TODAY.replace("$6x", "$٦x"),  # an Arabic-Indic six: int() would take it
        TODAY.replace("x100000", "x1_000"),
        TODAY.replace("$6x100000", "$600000"),
        TODAY + "$extra",
        TODAY[:-1],  # truncated: the hash is one byte short…
        TODAY[:-2] + "g",  # …or its last character carries stray low bits (non-canonical base64)
        TODAY + "=",
        TODAY.replace("AAECAwQFBgcICQoLDA0ODw", "AAECAwQF"),  # a 6-byte salt
        TODAY.replace("AAECAwQF", "AAEC AwQF"),
        TODAY + "\n",
    ],
)
def test_a_malformed_stored_string_is_refused(stored: str) -> None:
    with pytest.raises(MalformedPasswordHash):
        parse(stored)


@pytest.mark.parametrize(
    "parameters",
    ["21x100000", "999x100000", "6x100001", "1x9999999", "6x999"],
)
def test_absurd_parameters_are_refused_before_any_work(parameters: str) -> None:
    with pytest.raises(MalformedPasswordHash):
        parse(TODAY.replace("6x100000", parameters))


def test_a_huge_stored_string_is_refused_unread() -> None:
    with pytest.raises(MalformedPasswordHash):
        parse(TODAY + "A" * 10_000)


def test_a_hash_with_other_parameters_than_today_s_needs_rehashing() -> None:
    assert not needs_rehash(TODAY)
    assert needs_rehash(TODAY.replace("6x100000", "1x100000"))
    assert needs_rehash(TODAY.replace("6x100000", "7x100000"))
    assert needs_rehash(TODAY.replace("6x100000", "12x50000"))
    longer_salt = PasswordHash(6, 100_000, bytes(32), DIGEST).encode()
    assert needs_rehash(longer_salt)
    with pytest.raises(MalformedPasswordHash):
        needs_rehash("nonsense")
