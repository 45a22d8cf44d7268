"""Password reset by emailed link through the API, on both runtimes: the same answer for every address, one link
by mail, used once, ending every session; invitations by mail likewise carry their link."""

from __future__ import annotations

import re
from email import message_from_bytes, policy

from domain.actors import Role
from tests.api.client import ApiClient
from tests.api.seed import new_cabinet, person_of, signed_in
from tests.api.test_auth import browser, login

LINK = re.compile(r"https?://\S+/(reinitialisation|invitation)/([A-Za-z0-9_-]+)")


async def _links(api: ApiClient) -> list[tuple[str, str, str]]:
    """(recipient, kind, token) of every link the application mailed, in order."""
    found = []
    for recipient, raw in await api.sent_mail():
        text = message_from_bytes(raw, policy=policy.default).get_body(("plain",)).get_content()  # type: ignore[union-attr]
        found += [(recipient, kind, token) for kind, token in LINK.findall(text)]
    return found


async def test_a_reset_link_goes_by_mail_works_once_and_ends_every_session(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    person = await person_of(api.context, cabinet.id, Role.AVOCAT)
    open_elsewhere = browser(await login(api, person.email))
    known = await api.request("POST", "/api/auth/password-reset", json={"email": person.email.upper()})
    unknown = await api.request("POST", "/api/auth/password-reset", json={"email": "personne@nulle-part.fr"})
    assert (known.status, unknown.status) == (202, 202)
    assert known.json() == unknown.json()
    ((recipient, kind, token),) = await _links(api)
    assert (recipient, kind) == (person.email, "reinitialisation")
    new = "un nouveau mot de passe choisi"
    weak = await api.request("POST", "/api/auth/password-reset/complete", json={"token": token, "password": "court"})
    assert (weak.status, weak.json()["champ"]) == (422, "password")
    done = await api.request("POST", "/api/auth/password-reset/complete", json={"token": token, "password": new})
    assert done.status == 204, done.body
    again = await api.request("POST", "/api/auth/password-reset/complete", json={"token": token, "password": new})
    assert (again.status, again.json()["erreur"]) == (404, "introuvable")
    assert (await api.request("GET", "/api/auth/session", headers=open_elsewhere)).status == 401
    assert (await login(api, person.email, new)).status == 200


async def test_a_newer_reset_link_replaces_the_earlier_one(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    person = await person_of(api.context, cabinet.id, Role.AVOCAT)
    for _ in range(2):
        await api.request("POST", "/api/auth/password-reset", json={"email": person.email})
    (_, _, first), (_, _, second) = await _links(api)
    body = {"password": "un nouveau mot de passe choisi"}
    old = await api.request("POST", "/api/auth/password-reset/complete", json={"token": first, **body})
    assert old.status == 404
    assert (
        await api.request("POST", "/api/auth/password-reset/complete", json={"token": second, **body})
    ).status == 204


async def test_reset_requests_are_limited_per_address_without_saying_whether_it_exists(api: ApiClient) -> None:
    answers = [
        (await api.request("POST", "/api/auth/password-reset", json={"email": "inconnu@nulle-part.fr"})).status
        for _ in range(4)
    ]
    assert answers == [202, 202, 202, 429]


async def test_an_invitation_from_the_team_screen_reaches_the_invitee_by_mail(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    associe = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    sent = await api.request("POST", "/api/people/invitations", json={"email": "paul@martin.fr", "role": "avocat"},
                             headers=associe)  # fmt: skip
    assert sent.status == 201
    ((recipient, kind, token),) = await _links(api)
    assert (recipient, kind) == ("paul@martin.fr", "invitation")
    offer = await api.request("GET", f"/api/invitations/{token}")
    assert (offer.status, offer.json()["cabinet_name"]) == (200, "Cabinet martin")


async def test_twenty_reset_requests_from_one_address_lock_it_whatever_the_accounts(api: ApiClient) -> None:
    answers = [
        (await api.request("POST", "/api/auth/password-reset", json={"email": f"essai{n}@nulle-part.fr"})).status
        for n in range(21)
    ]
    assert answers == [202] * 20 + [429]
    assert await api.sent_mail() == []
