"""Le journal d'audit and the cabinet's settings through the API, on both runtimes."""

from __future__ import annotations

import csv
import io

from domain.actors import Role
from services.people import add_person
from services.scope import SystemScope
from services.sessions import start_session
from tests.api.client import ApiClient
from tests.api.seed import OPERATOR, PASSWORD, TEST_CLIENT, new_cabinet, person_of, signed_in


async def test_associes_page_through_the_audit_trail_with_filters_and_a_cursor(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    associe = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    for days in ([15, 7, 1, 0], [7, 1], [3, 0]):
        assert (await api.request("PATCH", "/api/cabinet", json={"alert_days": days}, headers=associe)).status == 200
    first = await api.request("GET", "/api/audit?action=cabinet.settings_changed&limit=2", headers=associe)
    assert first.status == 200, first.body
    page = first.json()
    assert [e["summary"] for e in page["entries"]] == ["alert_days : 7,1 → 3,0", "alert_days : 15,7,1,0 → 7,1"]
    assert page["entries"][0]["actor_name"] == (await person_of(api.context, cabinet.id, Role.ASSOCIE)).name
    assert page["entries"][0]["client_ip"]
    rest = await api.request(
        "GET", f"/api/audit?action=cabinet.settings_changed&limit=2&cursor={page['next_cursor']}", headers=associe
    )
    assert [e["summary"] for e in rest.json()["entries"]] == ["alert_days : 7,3,1,0 → 15,7,1,0"]
    assert rest.json()["next_cursor"] is None
    prefixed = await api.request("GET", "/api/audit?action=cabinet.", headers=associe)
    assert {e["action"] for e in prefixed.json()["entries"]} == {"cabinet.created", "cabinet.settings_changed"}
    bad = await api.request("GET", "/api/audit?cursor=pas-un-curseur", headers=associe)
    assert (bad.status, bad.json()["champ"]) == (422, "cursor")


async def test_the_audit_trail_exports_as_csv_that_a_spreadsheet_cannot_run(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    scope = SystemScope(api.context, OPERATOR, "tests").for_cabinet(cabinet.id)
    formula = await add_person(scope, email="f@martin.fr", role=Role.ASSOCIE, password=PASSWORD, name="=1+1")
    opened = await start_session(scope, formula, TEST_CLIENT)
    associe = {"authorization": f"Bearer {opened.token}"}
    await api.request("PATCH", "/api/cabinet", json={"name": "Cabinet Martin & associés"}, headers=associe)
    exported = await api.request("GET", "/api/audit.csv?action=cabinet.settings_changed", headers=associe)
    assert exported.status == 200
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="journal-audit.csv"' in exported.headers["content-disposition"]
    text = exported.body.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["action"] for row in rows] == ["cabinet.settings_changed"]
    assert rows[0]["summary"] == "name : Cabinet martin → Cabinet Martin & associés"
    assert rows[0]["actor_name"] == "'=1+1"  # a formula-like cell is quoted, never run


async def test_only_associes_read_the_audit_trail_and_change_settings(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    assert (await api.request("GET", "/api/audit", headers=avocat)).status == 403
    assert (await api.request("GET", "/api/audit.csv", headers=avocat)).status == 403
    assert (await api.request("PATCH", "/api/cabinet", json={"name": "X"}, headers=avocat)).status == 403
    settings = await api.request("GET", "/api/cabinet", headers=avocat)
    assert settings.json()["inbound_address"] == "martin@poste.example"


async def test_settings_refuse_unknown_zones_and_odd_thresholds_in_french(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    associe = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    refusals = (
        ({"court_zone": "atlantide"}, "court_zone"),
        ({"alert_days": [400]}, "alert_days"),
        ({"timezone": "America/New_York"}, "timezone"),
        ({"retention_days": 10}, "retention_days"),
        ({"retention_days": 365}, "retention_days"),  # less than the five years of C. civ. art. 2225
    )
    for body, field in refusals:
        refused = await api.request("PATCH", "/api/cabinet", json=body, headers=associe)
        assert (refused.status, refused.json().get("champ")) == (422, field), body
    zone = await api.request("PATCH", "/api/cabinet", json={"court_zone": "974", "timezone": "Indian/Reunion"},
                             headers=associe)  # fmt: skip
    assert (zone.json()["court_zone"], zone.json()["timezone"]) == ("974", "Indian/Reunion")
