"""The operator API refuses every call without its secret, on both runtimes (creating a cabinet with the secret is
tests/integration/test_operator_api.py, where the server is configured with one)."""

from __future__ import annotations

from tests.api.client import ApiClient

BODY = {"name": "Cabinet Martin", "slug": "martin", "admin_email": "m@martin.fr"}


async def test_the_operator_api_refuses_calls_without_the_operator_secret(api: ApiClient) -> None:
    for headers in ({}, {"authorization": "Bearer pas-le-bon-jeton"}, {"authorization": "Basic eDp5"}):
        refused = await api.request("POST", "/api/operator/cabinets", json=BODY, headers=headers)
        assert (refused.status, refused.json()["erreur"]) == (401, "non_authentifie"), headers
