"""L'équipe through the API, on both runtimes: who sees whom, invitations accepted once, roles, deactivation, and a
cabinet that always keeps an associé."""

from __future__ import annotations

from domain.actors import Role
from services.people import invite
from services.scope import SystemScope
from tests.api.client import ApiClient
from tests.api.seed import OPERATOR, new_cabinet, person_of, signed_in
from tests.api.test_auth import browser, login
from tests.api.test_password_reset import _links


async def test_associes_see_everyone_and_the_invitations_others_see_active_colleagues(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await person_of(api.context, cabinet.id, Role.AVOCAT)
    leaving = await person_of(api.context, cabinet.id, Role.COLLABORATEUR)
    associe = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    assert (await api.request("POST", f"/api/people/{leaving.id}/deactivate", headers=associe)).status == 200
    invited = await api.request(
        "POST", "/api/people/invitations", json={"email": "Nouvelle@Martin.fr", "role": "assistant"}, headers=associe
    )
    assert (invited.status, invited.json()["email"], invited.json()["role"]) == (201, "nouvelle@martin.fr", "assistant")
    assert "token" not in invited.body.decode()
    assert "/invitation/" not in invited.body.decode()
    full = (await api.request("GET", "/api/people", headers=associe)).json()
    assert {p["id"]: p["active"] for p in full["people"]}[leaving.id] is False
    assert [i["email"] for i in full["invitations"]] == ["nouvelle@martin.fr"]
    seen = await api.request("GET", "/api/people", headers=await signed_in(api.context, cabinet.id, Role.AVOCAT))
    ids = {p["id"] for p in seen.json()["people"]}
    assert avocat.id in ids
    assert leaving.id not in ids
    assert seen.json()["invitations"] == []
    hidden = await api.request(
        "POST", f"/api/people/{leaving.id}/reactivate", headers=await signed_in(api.context, cabinet.id, Role.AVOCAT)
    )
    assert (hidden.status, hidden.json()["message"]) == (404, "Personne introuvable.")


async def test_an_invitation_link_creates_the_person_once_and_logs_them_in(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    scope = SystemScope(api.context, OPERATOR, "tests").for_cabinet(cabinet.id)
    invited = await invite(scope, email="paul.durand@martin.fr", role=Role.AVOCAT)
    token = invited.link.rsplit("/", 1)[1]
    offer = await api.request("GET", f"/api/invitations/{token}")
    assert offer.json() == {
        "email": "paul.durand@martin.fr",
        "role": "avocat",
        "cabinet_name": "Cabinet martin",
        "expires_at": invited.invitation.expires_at,
    }
    weak = await api.request("POST", f"/api/invitations/{token}/accept", json={"name": "Paul", "password": "court"})
    assert (weak.status, weak.json()["champ"]) == (422, "password")
    accepted = await api.request(
        "POST", f"/api/invitations/{token}/accept", json={"name": " Paul  Durand ", "password": "un mot de passe long"}
    )
    assert accepted.status == 200, accepted.body
    assert (accepted.json()["person"]["name"], accepted.json()["person"]["role"]) == ("Paul Durand", "avocat")
    assert (await api.request("GET", "/api/auth/session", headers=browser(accepted))).status == 200
    again = await api.request(
        "POST", f"/api/invitations/{token}/accept", json={"name": "Intrus", "password": "un autre mot de passe"}
    )
    assert (again.status, again.json()["erreur"]) == (404, "introuvable")
    assert (await api.request("GET", f"/api/invitations/{token}")).status == 404
    assert (await login(api, "paul.durand@martin.fr", "un mot de passe long")).status == 200


async def test_a_revoked_invitation_link_no_longer_works(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    scope = SystemScope(api.context, OPERATOR, "tests").for_cabinet(cabinet.id)
    invited = await invite(scope, email="x@martin.fr", role=Role.ASSISTANT)
    associe = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    revoked = await api.request("DELETE", f"/api/people/invitations/{invited.invitation.id}", headers=associe)
    assert revoked.status == 204
    assert (await api.request("GET", f"/api/invitations/{invited.link.rsplit('/', 1)[1]}")).status == 404
    twice = await api.request("DELETE", f"/api/people/invitations/{invited.invitation.id}", headers=associe)
    assert twice.status == 404


async def test_the_last_active_associe_can_be_neither_demoted_nor_deactivated(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    me = browser(await login(api, f"associe@{cabinet.slug}.test"))
    my_id = (await api.request("GET", "/api/auth/session", headers=me)).json()["person"]["id"]
    for method, path, body in (("PATCH", f"/api/people/{my_id}", {"role": "avocat"}),
                               ("POST", f"/api/people/{my_id}/deactivate", None)):  # fmt: skip
        refused = await api.request(method, path, json=body, headers=me)
        assert (refused.status, refused.json()["erreur"]) == (409, "conflit"), path
    other = await person_of(api.context, cabinet.id, Role.ASSOCIE)
    assert other.id != my_id
    assert (await api.request("PATCH", f"/api/people/{my_id}", json={"role": "avocat"}, headers=me)).status == 200


async def test_an_address_that_already_has_an_account_cannot_be_invited_again(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await person_of(api.context, cabinet.id, Role.AVOCAT)
    associe = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    again = await api.request(
        "POST", "/api/people/invitations", json={"email": avocat.email, "role": "avocat"}, headers=associe
    )
    assert (again.status, again.json()["champ"]) == (409, "email")
    bad = await api.request("POST", "/api/people/invitations", json={"email": "pas-une-adresse", "role": "avocat"},
                            headers=associe)  # fmt: skip
    assert (bad.status, bad.json()["champ"]) == (422, "email")


async def test_an_associe_who_leaves_leaves_no_open_invitation_behind(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    leaving = await person_of(api.context, cabinet.id, Role.ASSOCIE)
    leaving_session = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    sent = await api.request("POST", "/api/people/invitations", json={"email": "moi.perso@ailleurs.fr",
                             "role": "associe"}, headers=leaving_session)  # fmt: skip
    assert sent.status == 201
    ((_, _, token),) = [link for link in await _links(api) if link[0] == "moi.perso@ailleurs.fr"]
    staying = browser(await login(api, f"associe@{cabinet.slug}.test"))
    assert (await api.request("POST", f"/api/people/{leaving.id}/deactivate", headers=staying)).status == 200
    assert (await api.request("GET", f"/api/invitations/{token}")).status == 404
