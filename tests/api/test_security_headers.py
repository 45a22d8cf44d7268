"""Every answer of the API carries the browser protections, whatever its status, and never opens CORS. (Runs on the
local ASGI app and, in the Workers harness, through entry.py: the middleware is the Worker's own.)"""

from __future__ import annotations

from handlers.api.security import SECURITY_HEADERS
from tests.api.client import ApiClient, ApiResponse


def assert_protected(response: ApiResponse) -> None:
    for name, value in SECURITY_HEADERS:
        assert response.headers.get(name.lower()) == value, (response.status, name)
    assert "access-control-allow-origin" not in response.headers
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]


async def test_a_json_answer_carries_the_protections(api: ApiClient) -> None:
    response = await api.request("GET", "/api/health")
    assert response.status == 200
    assert_protected(response)


async def test_error_answers_carry_them_too(api: ApiClient) -> None:
    unknown = await api.request("GET", "/api/nulle-part")
    no_session = await api.request("GET", "/api/mail")
    refused_post = await api.request("POST", "/api/deadlines/compute", json={"from": "pas une date"})
    wrong_method = await api.request("DELETE", "/api/health")
    head = await api.request("HEAD", "/api/health")
    assert [r.status for r in (unknown, no_session, refused_post, wrong_method, head)] == [404, 401, 401, 405, 200]
    for response in (unknown, no_session, refused_post, wrong_method, head):
        assert_protected(response)


async def test_a_cross_origin_request_is_not_granted_cors(api: ApiClient) -> None:
    preflight = await api.request(
        "OPTIONS",
        "/api/health",
        headers={"origin": "https://ailleurs.example", "access-control-request-method": "GET"},
    )
    simple = await api.request("GET", "/api/health", headers={"origin": "https://ailleurs.example"})
    for response in (preflight, simple):
        assert not any(name.startswith("access-control-") for name in response.headers)
        assert_protected(response)
