"""`GET /api/health` and the French error renderers, through the real application."""

from __future__ import annotations

from tests.api.client import ApiClient


async def test_health_reports_every_binding_healthy(api: ApiClient) -> None:
    response = await api.request("GET", "/api/health")
    assert response.status == 200, response.json()
    report = response.json()
    assert report["status"] == "ok"
    assert report["runtime"] == api.context.runtime
    assert all(state["ok"] for state in report["bindings"].values())
    assert report["bindings"]["database"]["migrations_missing"] == []


async def test_an_unknown_api_path_is_a_french_404(api: ApiClient) -> None:
    response = await api.request("GET", "/api/nulle-part")
    assert response.status == 404
    assert response.json() == {"erreur": "introuvable", "message": "Ressource introuvable."}


async def test_a_wrong_method_is_a_french_405(api: ApiClient) -> None:
    response = await api.request("DELETE", "/api/health")
    assert response.status == 405
    assert response.json()["message"] == "Méthode non autorisée."


async def test_the_openapi_document_describes_the_api(api: ApiClient) -> None:
    response = await api.request("GET", "/api/openapi.json")
    assert response.status == 200
    document = response.json()
    assert document["info"]["title"] == "IA Poste Manager"
    assert "/api/health" in document["paths"]


async def test_the_openapi_document_names_every_french_error_a_route_gives(api: ApiClient) -> None:
    document = (await api.request("GET", "/api/openapi.json")).json()
    responses = document["paths"]["/api/mail/{inbound_id}"]["get"]["responses"]
    assert set(responses) == {"200", "400", "401", "403", "404", "422", "500"}
    schemas = {status: answer["content"]["application/json"]["schema"]["$ref"] for status, answer in responses.items()}
    assert schemas["404"] == "#/components/schemas/ErrorOut"
    assert schemas["422"] == "#/components/schemas/InvalidRequestOut"
    assert schemas["500"] == "#/components/schemas/IncidentOut"
    assert set(document["components"]["schemas"]["ErrorOut"]["required"]) == {"erreur", "message"}
    assert "HTTPValidationError" not in document["components"]["schemas"]  # FastAPI's 422 shape is not ours
