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
