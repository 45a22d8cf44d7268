"""Isolation between cabinets, proven on every operation of the application's route table.

The operations come from the OpenAPI document the running application serves (tests/api/route_table.py), so a
route added tomorrow is swept by these tests without anyone editing them; a path parameter they cannot seed, or a
route without its `x-permission` mark, fails them with a message saying what to add. The rule they check is written
down in docs/architecture.md ("Refusals and existence"):

- without a session, every operation but the public ones is a 401;
- another cabinet's id is a 404 for every role, the very answer an id that never existed gets, with nothing of the
  object in it; operations that name no object show nothing of another cabinet's objects;
- a role without the operation's permission is told 404 about an object of its own cabinet it may not see, 403 when
  it may see it (nothing new is revealed), and 403 on an operation that names no object.

Run with `-s` to see how many operations the crossing covered.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping, Sequence
from typing import Any

from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from domain.actors import PERSON_PERMISSIONS
from domain.cabinets import Cabinet
from handlers.api.app import create_app
from services.context import AppContext
from tests.api.client import ApiClient, ApiResponse
from tests.api.route_table import (
    ROLES,
    SEEDER_HINT,
    SEEDERS,
    Operation,
    holds,
    leaked,
    may_see,
    operations,
    role_name,
    seed_every_kind,
    seed_path,
    unknown_ids,
    unseedable,
)
from tests.api.seed import cabinet_with_session, signed_in

# Operations anyone may call: what uptime monitors probe, and what comes before a session — logging in, a password
# reset, an invitation link (the link's token is the credential: tests/api/test_invitations.py) — and the operator
# API, behind its own secret (tests/api/test_operator.py). (The OpenAPI document and its docs page are public too;
# they are the application's own routes, not operations of the document.)
PUBLIC = {
    "GET /api/health",
    "POST /api/auth/login",
    "POST /api/auth/password-reset",
    "POST /api/auth/password-reset/complete",
    "GET /api/invitations/{token}",
    "POST /api/invitations/{token}/accept",
    "POST /api/operator/cabinets",
    "POST /api/operator/mail/{inbound_id}/reprocess",
    "GET /calendar/{token}.ics",  # the feed's token is its credential (tests/api/test_calendar.py)
}
# Their success needs what an example cannot hold (the person's password, a current code): tests/api/test_account.py
# shows it.
NEEDS_A_SECRET = {"POST /api/account/password", "POST /api/account/totp/confirm", "DELETE /api/account/totp"}
# Their body names other objects (the clients of a dossier to open, a client to add), which the example cannot know:
# tests/api/test_dossiers.py shows them succeed.
NAMES_OBJECTS_IN_ITS_BODY = {
    "POST /api/dossiers",
    "POST /api/dossiers/{dossier_id}/clients",
    "POST /api/mail/file",
    "POST /api/mail/{inbound_id}/file",
}  # tests/api/test_mail_filing.py
# Succeeds only in a state the seeded object is not in (a transcription that failed): tests/api/test_transcriptions.py
# shows it succeed.
NEEDS_A_STATE = {"POST /api/transcriptions/{transcription_id}/retry"}
UNAUTHORIZED = {"erreur": "non_authentifie", "message": "Session requise : connectez-vous."}


async def test_every_route_of_the_application_is_an_operation_of_its_openapi_document(api: ApiClient) -> None:
    """Nothing escapes the sweep: no route hidden from the document, no plain route or mount beside the API's."""
    app = create_app(_no_context)
    own_pages = {app.openapi_url, app.docs_url, app.swagger_ui_oauth2_redirect_url, app.redoc_url} - {None}
    routes = list(_every_route(app.routes))
    api_routes = [route for route in routes if isinstance(route, APIRoute)]
    others = [getattr(route, "path", repr(route)) for route in routes if not isinstance(route, APIRoute)]
    assert [path for path in others if path not in own_pages] == [], "routes the OpenAPI document does not show"
    assert [route.path for route in api_routes if not route.include_in_schema] == [], "hidden from the document"
    assert sum(len(route.methods) for route in api_routes) == len(await operations(api))


async def test_every_operation_but_the_public_ones_answers_401_without_a_session(api: ApiClient) -> None:
    every = await operations(api)
    assert {operation.label for operation in every} >= PUBLIC
    for operation in every:
        if operation.label in PUBLIC:
            continue
        for headers in ({}, {"authorization": "Bearer jeton-inconnu"}):
            url = operation.url(unknown_ids(api.context, operation))
            response = await api.request(operation.method, url, headers=headers)  # no body: the session comes first
            assert (response.status, response.json()) == (401, UNAUTHORIZED), operation.label
    for page in ("/api/health", "/api/openapi.json", "/api/docs"):
        assert (await api.request("GET", page)).status == 200, page


async def test_every_operation_behind_a_session_names_the_permission_its_use_case_enforces(api: ApiClient) -> None:
    for operation in await operations(api):
        if operation.label in PUBLIC:
            assert operation.permission is None, f"{operation.label} is public: it needs no permission"
        else:
            assert operation.permission in PERSON_PERMISSIONS, (
                f"{operation.label} does not say what permission its use case enforces: declare it on the route "
                'with `openapi_extra=requires("…")` (handlers/api/deps.py)'
            )


async def test_every_path_parameter_names_a_kind_of_object_the_tests_can_seed(api: ApiClient) -> None:
    missing = unseedable(await _behind_a_session(api))
    assert missing == [], f"no seeder for {missing}: {SEEDER_HINT}"
    assert {name: kind.seen_with for name, kind in SEEDERS.items() if kind.seen_with not in PERSON_PERMISSIONS} == {}


async def test_another_cabinets_ids_answer_404_on_every_route_for_every_role(api: ApiClient) -> None:
    naming = [operation for operation in await _behind_a_session(api) if operation.parameters]
    assert unseedable(naming) == [], f"no seeder for {unseedable(naming)}: {SEEDER_HINT}"
    theirs, ours = await _two_cabinets(api.context)
    for operation in naming:
        their_objects = await seed_path(api.context, theirs, operation)
        for role in ROLES:
            headers = await signed_in(api.context, ours.id, role)
            crossing = await operation.call(api, their_objects, headers)
            never_existed = await operation.call(api, unknown_ids(api.context, operation), headers)
            where = f"{operation.label} with another cabinet's ids, as {role_name(role)}"
            assert crossing.status == 404, f"{where}: {crossing.status} {crossing.body!r}"
            assert _is_french_not_found(crossing), f"{where}: {crossing.body!r}"
            assert crossing.body == never_existed.body, f"{where}: the answer differs from an unknown id's"
            assert leaked(their_objects, crossing) == [], where
    every = len(await operations(api))
    print(f"\nisolation: {len(naming)} operations naming ids, of {every} in the route table, as {len(ROLES)} roles")


async def test_another_cabinets_objects_never_appear_where_no_object_is_named(api: ApiClient) -> None:
    theirs, ours = await _two_cabinets(api.context)
    their_objects = await seed_every_kind(api.context, theirs)
    await seed_every_kind(api.context, ours)  # so that our answers are not empty by default
    for operation in await operations(api):
        if operation.parameters:
            continue
        if operation.label in PUBLIC:
            answers = [("no session", await operation.call(api, {}, {}))]
        else:
            answers = [(role_name(role), await operation.call(api, {}, await signed_in(api.context, ours.id, role)))
                       for role in ROLES]  # fmt: skip
        for who, answer in answers:
            assert leaked(their_objects, answer) == [], f"{operation.label} as {who} of another cabinet"


async def test_a_role_without_the_permission_never_learns_that_an_id_exists(api: ApiClient) -> None:
    theirs, _ours = await _two_cabinets(api.context)
    for operation in await operations(api):
        if operation.permission is None:
            continue
        for role in [role for role in ROLES if not holds(role, operation.permission)]:
            headers = await signed_in(api.context, theirs.id, role)
            own = await seed_path(api.context, theirs, operation)
            answer = await operation.call(api, own, headers)
            where = f"{operation.label} on its own cabinet's object, as {role_name(role)}"
            if operation.parameters and not may_see(role, operation):
                assert (answer.status, _is_french_not_found(answer)) == (404, True), f"{where}: {answer.body!r}"
                never_existed = await operation.call(api, unknown_ids(api.context, operation), headers)
                assert answer.body == never_existed.body, f"{where}: the answer differs from an unknown id's"
                assert leaked(own, answer) == [], where
            else:
                assert (answer.status, answer.json()["erreur"]) == (403, "interdit"), f"{where}: {answer.body!r}"


async def test_every_operation_answers_a_person_of_the_cabinet_who_holds_its_permission(api: ApiClient) -> None:
    """The other side of the refusals above: the seeded ids are real, and the mark is not stricter than the use
    case. (An operation with side effects runs here once, on its own cabinet's object.)"""
    cabinet, _other = await _two_cabinets(api.context)
    for operation in await operations(api):
        holders = [role for role in ROLES if operation.permission and holds(role, operation.permission)]
        if not holders or operation.label in NEEDS_A_SECRET | NAMES_OBJECTS_IN_ITS_BODY | NEEDS_A_STATE:
            continue
        own = await seed_path(api.context, cabinet, operation)
        answer = await operation.call(api, own, await signed_in(api.context, cabinet.id, holders[-1]))
        assert 200 <= answer.status < 300, f"{operation.label} as {role_name(holders[-1])}: {answer.body!r}"


async def _behind_a_session(api: ApiClient) -> list[Operation]:
    return [operation for operation in await operations(api) if operation.label not in PUBLIC]


async def _two_cabinets(ctx: AppContext) -> tuple[Cabinet, Cabinet]:
    theirs, _ = await cabinet_with_session(ctx, "martin@poste.example")
    ours, _ = await cabinet_with_session(ctx, "durand@poste.example")
    return theirs, ours


def _is_french_not_found(response: ApiResponse) -> bool:
    body = response.json()
    return body.get("erreur") == "introuvable" and body.get("message", "").endswith("introuvable.")


def _every_route(routes: Sequence[BaseRoute]) -> Iterator[BaseRoute]:
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI includes a router lazily, as one entry
        yield from _every_route(included.routes) if included is not None else [route]


def _no_context(scope: MutableMapping[str, Any]) -> AppContext:
    raise AssertionError("the route table is read, never served")
