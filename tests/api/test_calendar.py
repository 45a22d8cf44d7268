"""Calendar feeds through the API, on both runtimes: a secret URL per person (a new one revokes the old, DELETE
revokes it), an RFC 5545 feed that `icalendar` parses (VTIMEZONE, stable UIDs, SEQUENCE from the row's version,
deadlines all day, hearings at their time), holding only what its owner may see, and a token that opens nothing else."""

from __future__ import annotations

from datetime import date, datetime

from icalendar import Calendar

from domain.actors import Role
from domain.dossiers import Visibility
from tests.api.client import ApiClient
from tests.api.route_table import operations, unknown_ids
from tests.api.seed import new_cabinet, person_of, signed_in
from tests.api.test_isolation import PUBLIC
from tests.contract.dossier_seed import add_client, add_dossier
from tests.contract.echeance_seed import add_deadline, add_hearing


async def feed_path(api: ApiClient, headers: dict[str, str]) -> str:
    created = await api.request("POST", "/api/calendar/token", headers=headers)
    assert created.status == 201, created.body
    url = str(created.json()["url"])
    assert url.startswith(api.context.settings.base_url + "/calendar/")
    assert url.endswith(".ics")
    return url.removeprefix(api.context.settings.base_url)


async def test_the_feed_parses_with_its_time_zone_stable_uids_and_only_what_its_owner_may_see(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    headers = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    lawyer = await person_of(api.context, cabinet.id, Role.AVOCAT)
    db = api.context.db
    await add_client(db, "c1", cabinet.id)
    open_to_all = await add_dossier(db, "d1", cabinet.id, ["c1"], responsible_id=lawyer.id)
    await add_dossier(db, "secret", cabinet.id, ["c1"], visibility=Visibility.EQUIPE)  # not on its team
    today = api.context.clock.now().date()
    due = date(today.year + 1, 3, 16)
    await add_deadline(db, "dl1", cabinet.id, "d1", due, responsible_id=lawyer.id, version=3)
    await add_deadline(db, "done", cabinet.id, "d1", due, status="fait")
    await add_deadline(db, "hidden", cabinet.id, "secret", due)
    await add_hearing(db, "h1", cabinet.id, "d1", date(today.year + 1, 7, 2), time="09:30")
    await add_hearing(db, "h2", cabinet.id, "secret", date(today.year + 1, 7, 2))
    path = await feed_path(api, headers)
    fetched = await api.request("GET", path)  # no cookie, no bearer: the token alone
    assert fetched.status == 200, fetched.body
    assert fetched.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(fetched.body)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Paris"
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"dl1@ia-poste-manager", "h1@ia-poste-manager"}
    deadline, hearing = events["dl1@ia-poste-manager"], events["h1@ia-poste-manager"]
    assert deadline.decoded("DTSTART") == due  # all day: a date, not a time
    assert int(deadline["SEQUENCE"]) == 3
    assert f"dossier {open_to_all.dossier.reference}" in str(deadline["SUMMARY"])
    start = hearing.decoded("DTSTART")
    assert isinstance(start, datetime)
    assert (start.hour, start.minute, str(start.tzinfo)) == (9, 30, "Europe/Paris")
    assert "Dupont" not in fetched.body.decode()  # no client's name in the feed


async def test_a_new_token_revokes_the_old_one_and_a_revoked_or_unknown_token_gets_404(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    headers = await signed_in(api.context, cabinet.id, Role.ASSISTANT)
    first = await feed_path(api, headers)
    second = await feed_path(api, headers)
    assert first != second
    assert (await api.request("GET", first)).status == 404
    assert (await api.request("GET", second)).status == 200
    revoked = await api.request("DELETE", "/api/calendar/token", headers=headers)
    assert revoked.status == 204
    gone = await api.request("GET", second)
    assert gone.status == 404
    assert gone.json()["erreur"] == "introuvable"
    assert (await api.request("GET", "/calendar/pas-un-jeton.ics")).status == 404


async def test_the_feeds_token_opens_no_api_route(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    headers = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    token = (await feed_path(api, headers)).removeprefix("/calendar/").removesuffix(".ics")
    every = [operation for operation in await operations(api) if operation.label not in PUBLIC]
    assert any(operation.label == "POST /api/calendar/token" for operation in every)
    for operation in every:  # as a bearer token and as the session cookie: never a session
        url = operation.url(unknown_ids(api.context, operation))
        for borrowed in ({"authorization": f"Bearer {token}"}, {"cookie": f"poste_session={token}"}):
            answer = await api.request(operation.method, url, headers=borrowed)
            assert answer.status == 401, (operation.label, answer.body)


async def test_the_feed_carries_the_apis_protections(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    headers = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    fetched = await api.request("GET", await feed_path(api, headers))
    assert fetched.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in fetched.headers["content-security-policy"]
    assert fetched.headers["cache-control"] == "private, max-age=300"
