"""Les clients through the API, on both runtimes: creation with its rules (each refusal naming its field), reading
with the dossiers the actor may see, editing, and pages by name prefix, kind and creation."""

from __future__ import annotations

from domain.actors import Role
from tests.api.client import ApiClient
from tests.api.seed import new_cabinet, signed_in

CLAIRE = {"kind": "personne_physique", "civility": "Mme", "first_name": "Claire", "last_name": "Dupont",
          "emails": ["Claire.Dupont@Exemple.fr"], "addresses": [{"line1": "1 rue de la Paix", "postal_code": "75002",
                                                                  "city": "Paris"}]}  # fmt: skip


async def test_a_client_is_created_read_and_edited_with_a_display_name_and_lowercased_emails(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    assistant = await signed_in(api.context, cabinet.id, Role.ASSISTANT)
    created = await api.request("POST", "/api/clients", json=CLAIRE, headers=assistant)
    assert created.status == 201, created.body
    client = created.json()
    assert (client["display_name"], client["emails"]) == ("Mme Claire Dupont", ["claire.dupont@exemple.fr"])
    assert client["addresses"][0]["country"] == "France"
    read = await api.request("GET", f"/api/clients/{client['id']}", headers=assistant)
    assert (read.status, read.json()["dossiers"]) == (200, [])
    edited = await api.request("PATCH", f"/api/clients/{client['id']}", json={"kind": "personne_morale",
                               "company_name": "SARL Boulangerie Martin", "siren": "732 829 320"},
                               headers=assistant)  # fmt: skip
    assert edited.status == 200, edited.body
    assert (edited.json()["display_name"], edited.json()["siren"]) == ("SARL Boulangerie Martin", "732829320")
    unknown = await api.request("GET", "/api/clients/01JNOTHING0000000000000000", headers=assistant)
    assert (unknown.status, unknown.json()["erreur"]) == (404, "introuvable")


async def test_bad_input_is_refused_with_a_422_naming_the_field(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    cases = [
        ({**CLAIRE, "last_name": ""}, "last_name"),
        ({"kind": "personne_morale", "company_name": "SAS Acme", "siren": "732829321"}, "siren"),
        ({"kind": "personne_morale", "company_name": "SAS Acme", "siren": "12345"}, "siren"),
        ({**CLAIRE, "emails": ["pas-une-adresse"]}, "emails"),
        ({"kind": "personne_morale"}, "company_name"),
        ({**CLAIRE, "addresses": [{"line1": " ", "postal_code": "75002", "city": "Paris"}]}, "addresses.0.line1"),
    ]
    for body, field in cases:
        refused = await api.request("POST", "/api/clients", json=body, headers=avocat)
        assert (refused.status, refused.json().get("champ")) == (422, field), (body, refused.body)
    schema = await api.request("POST", "/api/clients", json={"kind": "robot"}, headers=avocat)
    assert schema.status == 422
    assert [problem["champ"] for problem in schema.json()["details"]] == ["kind"]


async def test_pages_by_name_prefix_without_accents_by_kind_and_newest_first(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    for last_name in ("Émery", "Dupont", "Durand", "Martin"):
        body = {"kind": "personne_physique", "first_name": "Jean", "last_name": last_name}
        assert (await api.request("POST", "/api/clients", json=body, headers=avocat)).status == 201
    company = {"kind": "personne_morale", "company_name": "SCI Dumas"}
    assert (await api.request("POST", "/api/clients", json=company, headers=avocat)).status == 201

    async def names(query: str) -> tuple[list[str], str | None]:
        page = (await api.request("GET", f"/api/clients?{query}", headers=avocat)).json()
        return [item["display_name"] for item in page["items"]], page["next_cursor"]

    first, cursor = await names("q=DU&limit=2")
    assert (first, cursor is not None) == (["SCI Dumas", "Jean Dupont"], True)
    second, end = await names(f"q=DU&limit=2&cursor={cursor}")
    assert (second, end) == (["Jean Durand"], None)
    assert (await names("q=emery"))[0] == ["Jean Émery"]
    assert (await names("kind=personne_morale"))[0] == ["SCI Dumas"]
    assert (await names("sort=-created_at&limit=1"))[0] == ["SCI Dumas"]
    foreign = await api.request("GET", f"/api/clients?sort=-created_at&cursor={cursor}", headers=avocat)
    assert (foreign.status, foreign.json()["erreur"], foreign.json()["champ"]) == (422, "curseur", "cursor")
    tampered = await api.request("GET", "/api/clients?cursor=bm90LWEtY3Vyc29y", headers=avocat)
    assert (tampered.status, tampered.json()["erreur"]) == (422, "curseur")
    too_many = await api.request("GET", "/api/clients?limit=101", headers=avocat)
    assert (too_many.status, too_many.json()["details"][0]["champ"]) == (422, "limit")
