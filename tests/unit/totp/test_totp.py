"""The second factor: RFC 6238 codes as authenticator apps show them, a ±1 step window, no replay, and recovery
codes that are typed back however the person writes them."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from domain.totp import (
    RECOVERY_CODE_COUNT,
    code_at,
    hotp,
    matching_step,
    new_recovery_codes,
    new_secret,
    otpauth_uri,
    recovery_code_digest,
    step_at,
)

RFC_KEY = b"12345678901234567890"  # RFC 4226 and RFC 6238's SHA1 seed
RFC_SECRET = new_secret(RFC_KEY)

# RFC 6238 appendix B, SHA1: the 8-digit codes' last 6 digits are the 6-digit codes (both are the value mod 10^n).
RFC_6238_SHA1 = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]
RFC_4226 = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
AT = datetime(2026, 3, 2, 8, 0, 15, tzinfo=UTC)


def test_the_secret_is_20_random_bytes_in_base32_without_padding() -> None:
    assert RFC_SECRET == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert len(new_secret(bytes(range(20)))) == 32
    with pytest.raises(ValueError, match="20 random bytes"):
        new_secret(bytes(16))


def test_hotp_matches_rfc_4226() -> None:
    assert [hotp(RFC_KEY, counter) for counter in range(10)] == RFC_4226


@pytest.mark.parametrize(("epoch", "eight_digits"), RFC_6238_SHA1)
def test_codes_match_rfc_6238_sha1(epoch: int, eight_digits: str) -> None:
    at = datetime.fromtimestamp(epoch, UTC)
    assert code_at(RFC_SECRET, at) == eight_digits[-6:]
    assert matching_step(RFC_SECRET, eight_digits[-6:], at, None) == epoch // 30


def test_a_code_from_the_step_before_or_after_is_accepted_and_no_further() -> None:
    now = step_at(AT)
    for delta, expected in ((-30, now - 1), (0, now), (30, now + 1)):
        assert matching_step(RFC_SECRET, code_at(RFC_SECRET, AT + timedelta(seconds=delta)), AT, None) == expected
    for delta in (-60, 60):
        assert matching_step(RFC_SECRET, code_at(RFC_SECRET, AT + timedelta(seconds=delta)), AT, None) is None


def test_a_code_used_once_is_refused_and_so_is_every_older_one() -> None:
    code = code_at(RFC_SECRET, AT)
    used = matching_step(RFC_SECRET, code, AT, None)
    assert used == step_at(AT)
    assert matching_step(RFC_SECRET, code, AT, last_used_step=used) is None
    previous = code_at(RFC_SECRET, AT - timedelta(seconds=30))
    assert matching_step(RFC_SECRET, previous, AT, last_used_step=used) is None
    following = code_at(RFC_SECRET, AT + timedelta(seconds=30))
    assert matching_step(RFC_SECRET, following, AT, last_used_step=used) == used + 1


def test_spaces_in_the_code_are_ignored() -> None:
    code = code_at(RFC_SECRET, AT)
    for typed in (f"{code[:3]} {code[3:]}", f" {code} ", f"{code[:3]}\u00a0{code[3:]}"):
        assert matching_step(RFC_SECRET, typed, AT, None) == step_at(AT)


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "１２３４５６", "12-345"])
def test_anything_but_six_digits_matches_nothing(typed: str) -> None:
    assert matching_step(RFC_SECRET, typed, AT, None) is None


def test_a_lower_case_secret_with_spaces_is_the_same_secret() -> None:
    spaced = " ".join(RFC_SECRET[i : i + 4] for i in range(0, 32, 4)).lower()
    assert code_at(spaced, AT) == code_at(RFC_SECRET, AT)


def test_a_naive_time_is_refused_rather_than_read_in_the_machine_s_zone() -> None:
    with pytest.raises(ValueError, match="aware"):
        matching_step(RFC_SECRET, "123456", datetime(2026, 3, 2, 8, 0), None)


def test_the_otpauth_uri_encodes_label_and_issuer() -> None:
    uri = otpauth_uri(RFC_SECRET, "m.dupont+associé@cabinet-dupont.fr")
    assert uri == (
        "otpauth://totp/IA%20Poste%20Manager:m.dupont%2Bassoci%C3%A9@cabinet-dupont.fr"
        f"?secret={RFC_SECRET}&issuer=IA%20Poste%20Manager&algorithm=SHA1&digits=6&period=30"
    )
    assert otpauth_uri(RFC_SECRET, "a@b.fr", issuer="Cabinet & Associés").startswith(
        "otpauth://totp/Cabinet%20%26%20Associ%C3%A9s:a@b.fr?"
    )
    with pytest.raises(ValueError, match="colon"):
        otpauth_uri(RFC_SECRET, "a@b.fr", issuer="Poste: test")


def test_ten_recovery_codes_of_80_bits_each_in_an_unambiguous_alphabet() -> None:
    random = bytes(range(100))
    codes = new_recovery_codes(random)
    assert len(codes) == RECOVERY_CODE_COUNT == len(set(codes))
    assert all(re.fullmatch(r"[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}", code) for code in codes)
    assert codes[0] == "000g-40r4-0m30-e209"  # bytes 00 01 02 … 09, read 5 bits at a time
    assert new_recovery_codes(b"\xff" * 100)[0] == "zzzz-zzzz-zzzz-zzzz"
    with pytest.raises(ValueError, match="100 random bytes"):
        new_recovery_codes(bytes(70))


def test_a_recovery_code_is_found_however_it_is_typed() -> None:
    code = "k7m2-9xqp-4tzr-8hv0"
    digest = recovery_code_digest(code)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    for typed in ("K7M2-9XQP-4TZR-8HV0", "k7m2 9xqp 4tzr 8hv0", " k7m29xqp4tzr8hv0 ", "k7m2-9xqp-4tzr-8hvO"):
        assert recovery_code_digest(typed) == digest
    assert recovery_code_digest("k7m2-9xqp-4tzr-8hv1") != digest
    assert recovery_code_digest("1111-0000") == recovery_code_digest("iLl1-oO00")
