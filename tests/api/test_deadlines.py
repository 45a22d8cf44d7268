"""`POST /api/deadlines/compute`: the deadline engine behind the API, with French errors naming the field."""

from __future__ import annotations

from tests.api.client import ApiClient
from tests.api.seed import cabinet_with_session


async def test_an_appeal_deadline_is_computed_and_explained(api: ApiClient) -> None:
    _cabinet, headers = await cabinet_with_session(api.context, "martin@poste.example")
    body = {"from": "2026-01-31", "delay": "1 mois"}
    response = await api.request("POST", "/api/deadlines/compute", json=body, headers=headers)
    assert response.status == 200, response.json()
    result = response.json()
    assert result["due_date"] == "2026-03-02"  # 28 February is a Saturday: carried over to Monday (art. 642 CPC)
    assert result["explanation"]


async def test_the_deadline_engine_needs_a_session(api: ApiClient) -> None:
    response = await api.request("POST", "/api/deadlines/compute", json={"from": "2026-01-31", "delay": "1 mois"})
    assert response.status == 401


async def test_an_invalid_body_is_a_422_naming_each_field(api: ApiClient) -> None:
    _cabinet, headers = await cabinet_with_session(api.context, "martin@poste.example")
    response = await api.request("POST", "/api/deadlines/compute", json={"delay": 3, "inconnu": 1}, headers=headers)
    assert response.status == 422
    assert {problem["champ"] for problem in response.json()["details"]} == {"from", "delay", "inconnu"}
    broken = await api.request(
        "POST",
        "/api/deadlines/compute",
        content=b"{pas du json",
        headers={**headers, "content-type": "application/json"},
    )
    assert broken.status == 422
    assert broken.json()["erreur"] == "requete_invalide"


async def test_a_body_that_is_not_utf8_text_is_a_french_400(api: ApiClient) -> None:
    _cabinet, headers = await cabinet_with_session(api.context, "martin@poste.example")
    response = await api.request(
        "POST",
        "/api/deadlines/compute",
        content=b"\x1a\xe9Vl\xff",  # found by the schema fuzzing: it was a 400 in English, absent from the schema
        headers={**headers, "content-type": "application/json"},
    )
    assert response.status == 400
    assert response.json() == {"erreur": "requete_illisible", "message": "Corps de la requête illisible."}


async def test_a_date_the_engine_cannot_read_is_a_french_422_naming_the_field(api: ApiClient) -> None:
    _cabinet, headers = await cabinet_with_session(api.context, "martin@poste.example")
    body = {"from": "31/01/2026", "delay": "1 mois"}
    response = await api.request("POST", "/api/deadlines/compute", json=body, headers=headers)
    assert response.status == 422
    assert response.json()["erreur"] == "echeance_invalide"
    assert response.json()["champ"] == "from"
    assert "AAAA-MM-JJ" in response.json()["message"]


async def test_the_catalogue_lists_every_kind_the_engine_knows_with_its_label_and_trigger(api: ApiClient) -> None:
    _cabinet, headers = await cabinet_with_session(api.context, "martin@poste.example")
    response = await api.request("GET", "/api/deadlines/catalogue", headers=headers)
    assert response.status == 200, response.json()
    appeal = next(entry for entry in response.json()["items"] if entry["kind"] == "appel")
    assert appeal["label"] == "Appel d'un jugement (matière contentieuse)"
    assert appeal["trigger"] == "signification du jugement"
    assert (await api.request("GET", "/api/deadlines/catalogue")).status == 401
