"""Mon compte through the API, on both runtimes: the second factor (enrolment, login with a code, replay refused,
recovery codes used once, the cabinet's policy), changing one's password, ending one of one's sessions."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from domain.actors import Role
from domain.totp import code_at
from tests.api.client import ApiClient
from tests.api.seed import PASSWORD, new_cabinet, person_of
from tests.api.test_auth import browser, login


async def _signed_in_browser(api: ApiClient, role: Role = Role.AVOCAT) -> tuple[str, dict[str, str]]:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    person = await person_of(api.context, cabinet.id, role)
    return person.email, browser(await login(api, person.email))


async def _enrol(api: ApiClient, headers: dict[str, str]) -> tuple[str, list[str]]:
    started = await api.request("POST", "/api/account/totp/enrolment", headers=headers)
    assert started.status == 200, started.body
    secret, uri = started.json()["secret"], started.json()["otpauth_uri"]
    assert uri.startswith("otpauth://totp/IA%20Poste%20Manager:")
    assert f"secret={secret}" in uri
    wrong = await api.request("POST", "/api/account/totp/confirm", json={"code": "000000"}, headers=headers)
    if code_at(secret, api.context.clock.now()) != "000000":
        assert (wrong.status, wrong.json()["champ"]) == (422, "code")
    # The current step's code confirms, and logins then use the next step's (`next_code`): a request slowed past a
    # step's end still lands within the ±1 window (tested on a fixed clock in tests/unit/totp), where a code of the
    # previous step could fall two steps back under load.
    code = code_at(secret, api.context.clock.now())
    confirmed = await api.request("POST", "/api/account/totp/confirm", json={"code": code}, headers=headers)
    assert confirmed.status == 200, confirmed.body
    return secret, confirmed.json()["recovery_codes"]


def next_code(api: ApiClient, secret: str) -> str:
    """A code newer than the one that confirmed the enrolment (a code, once used, is refused) and still accepted."""
    return code_at(secret, api.context.clock.now() + timedelta(seconds=30))


async def test_a_person_enrols_a_second_factor_then_logs_in_with_a_code_used_once(api: ApiClient) -> None:
    email, headers = await _signed_in_browser(api)
    secret, recovery = await _enrol(api, headers)
    assert len(recovery) == 10
    assert len(set(recovery)) == 10
    without = await login(api, email)
    assert (without.status, without.json()["erreur"]) == (401, "totp_requis")
    assert "set-cookie" not in without.headers
    code = next_code(api, secret)
    with_code = await login(api, email, totp=code)
    assert with_code.status == 200, with_code.body
    assert with_code.json()["person"]["totp_enabled"] is True
    replayed = await login(api, email, totp=code)
    assert (replayed.status, replayed.json()["erreur"]) == (401, "totp_invalide")


async def test_a_recovery_code_opens_a_session_once(api: ApiClient) -> None:
    email, headers = await _signed_in_browser(api)
    _secret, recovery = await _enrol(api, headers)
    first = await login(api, email, totp=recovery[3].upper().replace("-", " "))  # typed loosely
    assert first.status == 200, first.body
    again = await login(api, email, totp=recovery[3])
    assert (again.status, again.json()["erreur"]) == (401, "totp_invalide")


async def test_a_cabinet_that_requires_2fa_lets_a_person_without_it_reach_only_enrolment(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    associe = browser(await login(api, (await person_of(api.context, cabinet.id, Role.ASSOCIE)).email))
    required = await api.request("PATCH", "/api/cabinet", json={"totp_policy": "required"}, headers=associe)
    assert (required.status, required.json()["totp_policy"]) == (200, "required")
    avocat = browser(await login(api, (await person_of(api.context, cabinet.id, Role.AVOCAT)).email))
    session = await api.request("GET", "/api/auth/session", headers=avocat)
    assert session.json()["totp_enrolment_required"] is True
    blocked = await api.request("GET", "/api/mail", headers=avocat)
    assert (blocked.status, blocked.json()["erreur"]) == (403, "totp_a_configurer")
    await _enrol(api, avocat)
    assert (await api.request("GET", "/api/mail", headers=avocat)).status == 200
    kept = await api.request("DELETE", "/api/account/totp", json={"password": PASSWORD}, headers=avocat)
    assert (kept.status, kept.json()["erreur"]) == (403, "interdit")


async def test_changing_ones_password_checks_the_current_one_and_ends_the_other_sessions(api: ApiClient) -> None:
    email, headers = await _signed_in_browser(api)
    other = browser(await login(api, email))
    wrong = await api.request(
        "POST", "/api/account/password", json={"current_password": "faux", "new_password": "x" * 12}, headers=headers
    )
    assert (wrong.status, wrong.json()["champ"]) == (422, "current_password")
    short = await api.request(
        "POST", "/api/account/password", json={"current_password": PASSWORD, "new_password": "court"}, headers=headers
    )
    assert (short.status, short.json()["champ"]) == (422, "new_password")
    new = "un tout nouveau mot de passe"
    changed = await api.request(
        "POST", "/api/account/password", json={"current_password": PASSWORD, "new_password": new}, headers=headers
    )
    assert changed.status == 204, changed.body
    assert (await api.request("GET", "/api/auth/session", headers=other)).status == 401
    assert (await api.request("GET", "/api/auth/session", headers=headers)).status == 200
    assert (await login(api, email)).status == 401
    assert (await login(api, email, new)).status == 200


async def test_a_person_ends_one_of_their_sessions_but_not_someone_elses(api: ApiClient) -> None:
    email, headers = await _signed_in_browser(api)
    other = browser(await login(api, email))
    listed = (await api.request("GET", "/api/account/sessions", headers=headers)).json()["sessions"]
    (other_id,) = [s["id"] for s in listed if not s["current"]]
    assert (await api.request("DELETE", f"/api/account/sessions/{other_id}", headers=headers)).status == 204
    assert (await api.request("GET", "/api/auth/session", headers=other)).status == 401
    again = await api.request("DELETE", f"/api/account/sessions/{other_id}", headers=headers)
    assert (again.status, again.json()["message"]) == (404, "Session introuvable.")


async def test_replacing_a_second_factor_needs_the_password(api: ApiClient) -> None:
    _email, headers = await _signed_in_browser(api)
    await _enrol(api, headers)
    bare = await api.request("POST", "/api/account/totp/enrolment", headers=headers)
    assert (bare.status, bare.json()["champ"]) == (422, "password")
    wrong = await api.request("POST", "/api/account/totp/enrolment", json={"password": "pas le bon"}, headers=headers)
    assert (wrong.status, wrong.json()["champ"]) == (422, "password")
    right = await api.request("POST", "/api/account/totp/enrolment", json={"password": PASSWORD}, headers=headers)
    assert right.status == 200, right.body


async def test_two_logins_racing_with_one_code_open_one_session(api: ApiClient) -> None:
    email, headers = await _signed_in_browser(api)
    secret, _recovery = await _enrol(api, headers)
    code = next_code(api, secret)
    answers = await asyncio.gather(*(login(api, email, totp=code) for _ in range(4)))
    assert sorted(answer.status for answer in answers) == [200, 401, 401, 401]


async def test_five_wrong_codes_lock_the_second_factor_for_a_quarter_hour_even_with_the_right_code(
    api: ApiClient,
) -> None:
    email, headers = await _signed_in_browser(api)
    secret, _recovery = await _enrol(api, headers)
    now = api.context.clock.now()
    accepted = {code_at(secret, now + timedelta(seconds=30 * step)) for step in range(-1, 4)}
    wrong = next(code for code in ("000000", "111111", "222222", "333333", "444444", "555555") if code not in accepted)
    for _ in range(5):
        refused = await login(api, email, totp=wrong)
        assert (refused.status, refused.json()["erreur"]) == (401, "totp_invalide")
    locked = await login(api, email, totp=next_code(api, secret))
    assert (locked.status, locked.json()["erreur"]) == (429, "trop_de_tentatives")
    assert "15 minutes" in locked.json()["message"]
    assert "set-cookie" not in locked.headers
