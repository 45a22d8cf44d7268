"""The API's error renderers, each on a small app of its own: domain errors, validation, Starlette's HTTP errors,
and the 500 that carries an incident id and nothing else."""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi import FastAPI
from starlette.exceptions import HTTPException

from d1.database import ConstraintViolation
from domain.errors import Conflict, Forbidden, NotFound, Unauthorized
from handlers.api.errors import install_error_renderers


def app_raising(exc: Exception) -> FastAPI:
    app = FastAPI()

    @app.get("/boom")
    async def boom(n: int = 0) -> dict[str, int]:
        raise exc

    install_error_renderers(app)
    return app


async def get(app: FastAPI, path: str = "/boom") -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get(path)


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (Unauthorized("Session requise."), 401, "non_authentifie"),
        (Forbidden("Interdit."), 403, "interdit"),
        (NotFound("Introuvable."), 404, "introuvable"),
        (Conflict("Déjà pris.", field="address"), 409, "conflit"),
    ],
)
async def test_a_domain_error_is_rendered_with_its_status_code_and_field(exc, status, code):
    response = await get(app_raising(exc))
    assert response.status_code == status
    assert response.json()["erreur"] == code
    assert response.json()["message"] == exc.message
    assert response.json().get("champ") == exc.field


async def test_a_validation_error_names_each_field_in_french():
    response = await get(app_raising(RuntimeError()), "/boom?n=pas-un-nombre")
    assert response.status_code == 422
    assert response.json()["message"] == "Requête invalide."
    assert [problem["champ"] for problem in response.json()["details"]] == ["n"]


async def test_starlettes_own_errors_are_french():
    app = app_raising(RuntimeError())
    assert (await get(app, "/ailleurs")).json() == {"erreur": "introuvable", "message": "Ressource introuvable."}


async def test_starlettes_other_http_errors_are_french_too():
    app = app_raising(HTTPException(418, "I'm a teapot"))
    response = await get(app)
    assert response.status_code == 418
    assert response.json() == {"erreur": "erreur_http", "message": "Requête refusée."}


async def test_an_unexpected_error_is_a_500_with_an_incident_id_and_no_sql(caplog):
    leak = ConstraintViolation("UNIQUE constraint failed: cabinets.inbound_address (SELECT secret FROM cabinets)")
    with caplog.at_level(logging.ERROR, logger="poste.api"):
        response = await get(app_raising(leak))
    assert response.status_code == 500
    body = response.json()
    assert set(body) == {"erreur", "message", "incident"}
    assert "SELECT" not in response.text
    assert "constraint" not in response.text.lower()
    assert body["incident"] in body["message"]
    (record,) = [r for r in caplog.records if body["incident"] in r.getMessage()]
    assert "SELECT secret" in "".join(logging.Formatter().formatException(record.exc_info))
