"""HTTP methods the application answers the same way on both runtimes: `HEAD` is a `GET` without its body (uptime
monitors use it), and an unknown `/api/*` path is a French 404 whatever the method."""

from __future__ import annotations

from tests.api.client import ApiClient
from tests.api.seed import cabinet_with_session

NOT_FOUND = {"erreur": "introuvable", "message": "Ressource introuvable."}


async def test_head_on_health_answers_like_get_without_a_body(api: ApiClient) -> None:
    get = await api.request("GET", "/api/health")
    head = await api.request("HEAD", "/api/health")
    assert head.status == get.status == 200
    assert head.body == b""
    assert head.headers == get.headers


async def test_head_on_a_route_behind_a_session_answers_like_get(api: ApiClient) -> None:
    anonymous = await api.request("HEAD", "/api/mail")
    assert anonymous.status == 401
    assert anonymous.body == b""
    _cabinet, headers = await cabinet_with_session(api.context, "martin@poste.example")
    signed_in = await api.request("HEAD", "/api/mail", headers=headers)
    get = await api.request("GET", "/api/mail", headers=headers)
    assert signed_in.status == get.status == 200
    assert signed_in.body == b""
    assert signed_in.headers["content-type"] == get.headers["content-type"]


async def test_head_on_a_post_only_route_is_a_405_without_a_body(api: ApiClient) -> None:
    response = await api.request("HEAD", "/api/deadlines/compute")
    assert response.status == 405
    assert response.body == b""
    assert response.headers["allow"] == "POST"


async def test_an_unknown_api_path_is_a_french_404_whatever_the_method(api: ApiClient) -> None:
    for method, path in [("POST", "/api/nulle-part"), ("DELETE", "/api/x/y"), ("PUT", "/api"), ("PATCH", "/api/")]:
        response = await api.request(method, path)
        assert response.status == 404, (method, path)
        assert response.json() == NOT_FOUND, (method, path)
    head = await api.request("HEAD", "/api/nulle-part")
    assert (head.status, head.body) == (404, b"")


async def test_a_wrong_method_on_a_known_route_stays_a_405_naming_the_allowed_ones(api: ApiClient) -> None:
    for method, path, allowed in [
        ("GET", "/api/deadlines/compute", "POST"),
        ("POST", "/api/health", "GET, HEAD"),
        ("DELETE", "/api/mail", "GET, HEAD"),
    ]:
        response = await api.request(method, path)
        assert response.status == 405, (method, path)
        assert response.json() == {"erreur": "methode", "message": "Méthode non autorisée."}
        assert response.headers["allow"] == allowed, (method, path)
