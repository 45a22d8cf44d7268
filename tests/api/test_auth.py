"""Logging in and out, the session cookie, CSRF, revocation that holds at once, and the limits on attempts — through
the HTTP API, on both runtimes (the login contract of docs/people.md is stable: tools check the product with it)."""

from __future__ import annotations

import asyncio

from domain.actors import Role
from domain.people import Person
from tests.api.client import ApiClient, ApiResponse
from tests.api.seed import PASSWORD, new_cabinet, person_of, signed_in

WRONG = {"erreur": "identifiants", "message": "Adresse électronique ou mot de passe incorrect."}


async def _person(api: ApiClient, role: Role = Role.AVOCAT) -> Person:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    return await person_of(api.context, cabinet.id, role)


async def login(api: ApiClient, email: str, password: str = PASSWORD, **extra: str) -> ApiResponse:
    return await api.request("POST", "/api/auth/login", json={"email": email, "password": password, **extra})


def cookie_of(response: ApiResponse) -> str:
    """`name=value` of the session cookie the response sets."""
    return response.headers["set-cookie"].split(";", 1)[0]


def browser(response: ApiResponse) -> dict[str, str]:
    """What a browser sends after this login: the cookie, and the CSRF token the app keeps from the JSON."""
    return {"cookie": cookie_of(response), "x-csrf-token": response.json()["csrf_token"]}


async def test_login_sets_a_host_only_http_only_cookie_and_answers_the_csrf_token(api: ApiClient) -> None:
    person = await _person(api)
    response = await login(api, person.email.upper())  # the address is not case-sensitive
    assert response.status == 200, response.body
    body = response.json()
    assert len(body["csrf_token"]) >= 32
    assert (body["person"]["id"], body["person"]["role"], body["cabinet"]["slug"]) == (person.id, "avocat", "martin")
    assert "people.manage" not in body["permissions"]
    assert "mail.read" in body["permissions"]
    attributes = [part.strip().lower() for part in response.headers["set-cookie"].split(";")]
    assert attributes[0].startswith("__host-poste_session="), response.headers["set-cookie"]
    assert {"httponly", "secure", "path=/", "samesite=lax"} <= set(attributes)
    assert not any(part.startswith("domain=") for part in attributes)
    session = await api.request("GET", "/api/auth/session", headers={"cookie": cookie_of(response)})
    assert (session.status, session.json()["csrf_token"]) == (200, body["csrf_token"])


async def test_an_unknown_email_and_a_wrong_password_get_the_same_answer(api: ApiClient) -> None:
    person = await _person(api)
    unknown = await login(api, "personne@nulle-part.fr")
    wrong = await login(api, person.email, "pas le bon mot de passe")
    assert (unknown.status, unknown.json()) == (401, WRONG)
    assert (wrong.status, wrong.json()) == (401, WRONG)
    assert "set-cookie" not in unknown.headers


async def test_a_cookie_change_needs_the_csrf_token_and_our_origin(api: ApiClient) -> None:
    person = await _person(api)
    signed = browser(await login(api, person.email))
    only_cookie = {"cookie": signed["cookie"]}
    refused = await api.request("POST", "/api/auth/logout-others", headers=only_cookie)
    assert (refused.status, refused.json()["erreur"]) == (403, "csrf")
    forged = await api.request("POST", "/api/auth/logout-others", headers={**only_cookie, "x-csrf-token": "x" * 43})
    assert (forged.status, forged.json()["erreur"]) == (403, "csrf")
    elsewhere = await api.request(
        "POST", "/api/auth/logout-others", headers={**signed, "origin": "https://attaquant.example"}
    )
    assert (elsewhere.status, elsewhere.json()["erreur"]) == (403, "origine")
    accepted = await api.request("POST", "/api/auth/logout-others", headers=signed)
    assert (accepted.status, accepted.json()) == (200, {"ended": 0})
    reading = await api.request("GET", "/api/auth/session", headers=only_cookie)  # reading needs no token
    assert reading.status == 200


async def test_a_login_posted_from_another_site_is_refused(api: ApiClient) -> None:
    person = await _person(api)
    response = await api.request(
        "POST",
        "/api/auth/login",
        json={"email": person.email, "password": PASSWORD},
        headers={"origin": "https://attaquant.example"},
    )
    assert (response.status, response.json()["erreur"]) == (403, "origine")


async def test_logout_ends_the_session_everywhere_at_once(api: ApiClient) -> None:
    person = await _person(api)
    signed = browser(await login(api, person.email))
    out = await api.request("POST", "/api/auth/logout", headers=signed)
    assert out.status == 204
    assert "max-age=0" in out.headers["set-cookie"].lower() or "expires=" in out.headers["set-cookie"].lower()
    after = await api.request("GET", "/api/auth/session", headers={"cookie": signed["cookie"]})
    assert (after.status, after.json()["erreur"]) == (401, "non_authentifie")


async def test_logging_out_the_other_sessions_keeps_this_one(api: ApiClient) -> None:
    person = await _person(api)
    phone = browser(await login(api, person.email))
    desktop = browser(await login(api, person.email))
    listed = await api.request("GET", "/api/account/sessions", headers=desktop)
    assert [s["current"] for s in listed.json()["sessions"]].count(True) == 1
    assert len(listed.json()["sessions"]) == 2
    ended = await api.request("POST", "/api/auth/logout-others", headers=desktop)
    assert ended.json() == {"ended": 1}
    assert (await api.request("GET", "/api/auth/session", headers=phone)).status == 401
    assert (await api.request("GET", "/api/auth/session", headers=desktop)).status == 200


async def test_deactivating_a_person_cuts_their_next_request(api: ApiClient) -> None:
    avocat = await _person(api)
    session = await signed_in(api.context, avocat.cabinet_id, Role.AVOCAT)
    associe = await signed_in(api.context, avocat.cabinet_id, Role.ASSOCIE)
    assert (await api.request("GET", "/api/mail", headers=session)).status == 200
    out = await api.request("POST", f"/api/people/{avocat.id}/deactivate", headers=associe)
    assert (out.status, out.json()["active"]) == (200, False)
    refused = await api.request("GET", "/api/mail", headers=session)
    assert (refused.status, refused.json()["erreur"]) == (401, "non_authentifie")
    denied = await login(api, avocat.email)
    assert (denied.status, denied.json()) == (401, WRONG)


async def test_a_role_change_rotates_the_session_on_its_next_request(api: ApiClient) -> None:
    person = await _person(api, Role.COLLABORATEUR)
    before = browser(await login(api, person.email))
    associe = await signed_in(api.context, person.cabinet_id, Role.ASSOCIE)
    changed = await api.request("PATCH", f"/api/people/{person.id}", json={"role": "avocat"}, headers=associe)
    assert (changed.status, changed.json()["role"]) == (200, "avocat")
    rotated = await api.request("GET", "/api/auth/session", headers={"cookie": before["cookie"]})
    assert rotated.status == 200
    assert rotated.json()["person"]["role"] == "avocat"
    assert rotated.json()["csrf_token"] != before["x-csrf-token"]
    new_cookie = cookie_of(rotated)
    assert new_cookie != before["cookie"]
    assert (await api.request("GET", "/api/auth/session", headers={"cookie": before["cookie"]})).status == 401
    assert (await api.request("GET", "/api/auth/session", headers={"cookie": new_cookie})).status == 200


async def test_ten_failed_logins_lock_the_account_for_a_quarter_hour_even_with_the_right_password(
    api: ApiClient,
) -> None:
    person = await _person(api)
    for _ in range(10):
        assert (await login(api, person.email, "mauvais mot de passe")).status == 401
    locked = await login(api, person.email)
    assert (locked.status, locked.json()["erreur"]) == (429, "trop_de_tentatives")
    assert "15 minutes" in locked.json()["message"]
    for _ in range(10):
        await login(api, "inconnu@nulle-part.fr", "mauvais mot de passe")
    unknown = await login(api, "inconnu@nulle-part.fr")
    assert (unknown.status, unknown.json()) == (429, locked.json())  # the lock says nothing about existence


async def test_every_authentication_event_is_in_the_audit_trail_without_secrets(api: ApiClient) -> None:
    person = await _person(api)
    await login(api, person.email, "mauvais mot de passe")
    signed = browser(await login(api, person.email))
    await api.request("POST", "/api/auth/logout", headers=signed)
    associe = await signed_in(api.context, person.cabinet_id, Role.ASSOCIE)
    trail = await api.request("GET", "/api/audit?action=auth.", headers=associe)
    assert trail.status == 200, trail.body
    actions = [(e["action"], e["subject"]) for e in trail.json()["entries"] if e["subject"] == person.id]
    assert actions == [("auth.logout", person.id), ("auth.login", person.id), ("auth.login_failed", person.id)]
    assert PASSWORD not in trail.body.decode()
    assert signed["x-csrf-token"] not in trail.body.decode()


async def test_a_burst_of_logins_cannot_pass_the_limit_together(api: ApiClient) -> None:
    """Each attempt is counted before the password is checked: fifteen at once give ten refusals and five locks."""
    person = await _person(api)
    answers = await asyncio.gather(*(login(api, person.email, "mauvais mot de passe") for _ in range(15)))
    assert sorted(answer.status for answer in answers) == [401] * 10 + [429] * 5


async def test_fifty_failed_logins_from_one_address_lock_it_whatever_the_accounts(api: ApiClient) -> None:
    """Each address tried once (no account's own limit is reached): the client address's limit stops the sweep."""
    person = await _person(api)
    for number in range(50):
        assert (await login(api, f"essai{number}@nulle-part.fr", "mauvais mot de passe")).status == 401
    locked = await login(api, person.email)  # even the right password of a real account, from that address
    assert (locked.status, locked.json()["erreur"]) == (429, "trop_de_tentatives")
    assert "15 minutes" in locked.json()["message"]
