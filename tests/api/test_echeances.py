"""Les échéances through the API, on both runtimes: deadlines computed with their explanation and listed overdue
first, edited at the version read (409 otherwise), a manual date only with its reason; hearings moved (renvoi);
suggestions confirmed or rejected; procedure chains applied and re-anchored; court closures; and a dossier kept to
its team hidden on every route."""

from __future__ import annotations

from typing import Any

from domain.actors import SYSTEM, Role
from domain.extraction.model import Fact, FactKind
from services.scope import SystemScope
from services.suggestions import suggest_from_facts
from tests.api.client import ApiClient
from tests.api.seed import new_cabinet, signed_in


async def _dossier(api: ApiClient, headers: dict[str, str], **fields: Any) -> str:
    client = await api.request(
        "POST",
        "/api/clients",
        headers=headers,
        json={"kind": "personne_physique", "first_name": "Claire", "last_name": "Dupont"},
    )
    assert client.status == 201, client.body
    body = {"title": "Bail commercial", "client_ids": [client.json()["id"]], **fields}
    created = await api.request("POST", "/api/dossiers", json=body, headers=headers)
    assert created.status == 201, created.body
    return str(created.json()["id"])


async def _setup(api: ApiClient) -> tuple[str, dict[str, str], dict[str, str], dict[str, str], str]:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    assistant = await signed_in(api.context, cabinet.id, Role.ASSISTANT)
    associe = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    return cabinet.id, avocat, assistant, associe, await _dossier(api, avocat)


async def test_a_deadline_is_computed_explained_listed_overdue_first_and_read_with_its_history(api: ApiClient):
    _, avocat, assistant, _, dossier_id = await _setup(api)
    url = f"/api/dossiers/{dossier_id}/deadlines"
    soon = await api.request("POST", url, headers=assistant, json={"from": "2099-01-31", "kind": "appel"})
    assert soon.status == 201, soon.body
    late = await api.request(
        "POST",
        url,
        headers=avocat,
        json={"from": "2025-01-02", "delay": "15 jours", "title": "Répondre à la sommation"},
    )
    body = late.json()
    assert (body["due_date"], body["computed_due_date"], body["overdue"], body["status"]) == (
        "2025-01-17",
        "2025-01-17",
        True,
        "a_faire",
    )
    assert body["result"]["explanation"]
    assert body["dossier"]["id"] == dossier_id
    assert soon.json()["result"]["legal_basis"]
    assert soon.json()["overdue"] is False
    listed = await api.request("GET", "/api/deadlines", headers=assistant)
    assert [item["id"] for item in listed.json()["items"]] == [body["id"], soon.json()["id"]]
    detail = await api.request("GET", f"/api/deadlines/{body['id']}", headers=assistant)
    assert [h["change"] for h in detail.json()["history"]] == ["cree"]
    preview = await api.request(
        "POST", "/api/deadlines/preview", headers=assistant, json={"from": "2026-01-31", "kind": "appel"}
    )
    assert (preview.status, preview.json()["due_date"]) == (200, "2026-03-02")
    count = await api.request("GET", "/api/deadlines?status=all", headers=assistant)
    assert len(count.json()["items"]) == 2  # the preview wrote nothing


async def test_bad_input_is_refused_naming_the_field_and_a_stale_version_is_a_409(api: ApiClient):
    _, avocat, assistant, _, dossier_id = await _setup(api)
    url = f"/api/dossiers/{dossier_id}/deadlines"
    for body, field in (
        ({"from": "31/01/2026", "kind": "appel"}, "from"),
        ({"from": "2026-01-31"}, "kind"),
        ({"from": "2026-01-31", "delay": "bientôt"}, "delay"),
        ({"from": "2026-01-31", "kind": "appel", "manual_due_date": "2026-03-01"}, "manual_reason"),
    ):
        refused = await api.request("POST", url, headers=avocat, json=body)
        assert (refused.status, refused.json().get("champ")) == (422, field), refused.body
    created = (await api.request("POST", url, headers=avocat, json={"from": "2026-01-31", "kind": "appel"})).json()
    target = f"/api/deadlines/{created['id']}"
    override = {"version": 1, "manual_due_date": "2026-02-27", "manual_reason": "Prudence"}
    forbidden = await api.request("PATCH", target, headers=assistant, json=override)
    assert forbidden.status == 403
    manual = await api.request("PATCH", target, headers=avocat, json=override)
    assert (manual.json()["due_date"], manual.json()["computed_due_date"]) == ("2026-02-27", "2026-03-02")
    stale = await api.request("PATCH", target, headers=assistant, json={"version": 1, "status": "fait"})
    assert (stale.status, stale.json()["erreur"], stale.json()["champ"]) == (409, "modifie_entre_temps", "version")
    removed = await api.request("PATCH", target, headers=avocat, json={"version": 2, "manual_due_date": None})
    assert (removed.json()["due_date"], removed.json()["manual_due_date"], removed.json()["version"]) == (
        "2026-03-02", None, 3)  # fmt: skip
    moved = await api.request("PATCH", target, headers=assistant, json={"version": 3, "trigger_date": "2026-02-02"})
    assert moved.json()["due_date"] == "2026-03-02"
    history = (await api.request("GET", target, headers=avocat)).json()["history"]
    assert [h["change"] for h in history] == ["cree", "date_manuelle", "date_manuelle", "recalcule"]


async def test_a_hearing_moved_is_replaced_not_left_standing(api: ApiClient):
    _, avocat, assistant, _, dossier_id = await _setup(api)
    created = await api.request("POST", f"/api/dossiers/{dossier_id}/hearings", headers=assistant,
                                json={"date": "2026-05-12", "time": "09:30", "court": "TJ Paris",
                                      "hearing_type": "plaidoiries"})  # fmt: skip
    assert created.status == 201, created.body
    hearing = created.json()
    bad = await api.request(
        "PATCH", f"/api/hearings/{hearing['id']}", headers=avocat, json={"version": 1, "time": "9h30"}
    )
    assert (bad.status, bad.json()["champ"]) == (422, "time")
    moved = await api.request("POST", f"/api/hearings/{hearing['id']}/postpone", headers=avocat,
                              json={"date": "2026-06-16", "reason": "Renvoi"})  # fmt: skip
    assert (moved.status, moved.json()["date"], moved.json()["time"]) == (201, "2026-06-16", "09:30")
    planned = await api.request("GET", "/api/hearings", headers=assistant)
    assert [h["date"] for h in planned.json()["items"]] == ["2026-06-16"]
    replaced = await api.request("GET", "/api/hearings?status=remplacee", headers=assistant)
    assert [(h["id"], h["replaced_by"]) for h in replaced.json()["items"]] == [(hearing["id"], moved.json()["id"])]


async def test_suggestions_read_in_mail_are_confirmed_or_rejected_in_one_click(api: ApiClient):
    cabinet_id, avocat, assistant, _, dossier_id = await _setup(api)
    scope = SystemScope(api.context, SYSTEM, "tests").for_cabinet(cabinet_id)
    quote = "avant le 14 avril 2026"
    facts = [Fact(FactKind.DEADLINE, "2026-04-14", quote, 0, len(quote), 0.9),
             Fact(FactKind.HEARING, "2026-05-12", "audience du 12 mai", 0, 18, 0.9)]  # fmt: skip
    await suggest_from_facts(scope, dossier_id=dossier_id, source="courrier", source_id="mail1", facts=facts,
                             reference_date="2026-03-02")  # fmt: skip
    waiting = (await api.request("GET", "/api/suggestions", headers=assistant)).json()
    assert [(d["due_date"], d["quote"], d["status"]) for d in waiting["deadlines"]] == [
        ("2026-04-14", quote, "suggere")
    ]
    assert [h["status"] for h in waiting["hearings"]] == ["suggeree"]
    deadline_id, hearing_id = waiting["deadlines"][0]["id"], waiting["hearings"][0]["id"]
    confirmed = await api.request("POST", f"/api/deadlines/{deadline_id}/confirm", headers=assistant)
    assert (confirmed.status, confirmed.json()["status"]) == (200, "a_faire")
    again = await api.request("POST", f"/api/deadlines/{deadline_id}/confirm", headers=assistant)
    assert again.status == 409
    rejected = await api.request("POST", f"/api/hearings/{hearing_id}/reject", headers=avocat,
                                 json={"reason": "Déjà saisie"})  # fmt: skip
    assert rejected.json()["status"] == "rejetee"
    assert (await api.request("GET", "/api/suggestions", headers=assistant)).json() == {"deadlines": [], "hearings": []}


async def test_a_chain_is_applied_then_re_anchored_and_the_cabinet_writes_its_own(api: ApiClient):
    _, avocat, _, associe, dossier_id = await _setup(api)
    listed = (await api.request("GET", "/api/procedures", headers=avocat)).json()["items"]
    assert {"appel_mise_en_etat_2024", "appel_mise_en_etat_avant_2024", "refere", "fond_tribunal_judiciaire"} <= {
        p["id"] for p in listed}  # fmt: skip
    applied = await api.request(
        "POST",
        f"/api/dossiers/{dossier_id}/procedures",
        headers=avocat,
        json={"procedure": "appel_bref_delai_2024", "anchors": {"avis_fixation": "2026-03-02"}},
    )
    assert applied.status == 201, applied.body
    steps = {d["chain_step"]: d["due_date"] for d in applied.json()["deadlines"]}
    assert (steps["signification_declaration"], steps["conclusions_appelant"]) == ("2026-03-23", "2026-05-04")
    run = f"/api/dossiers/{dossier_id}/procedures/{applied.json()['run_id']}"
    moved = await api.request("PATCH", run, headers=avocat, json={"anchors": {"avis_fixation": "2026-03-09"}})
    steps = {d["chain_step"]: (d["due_date"], d["version"]) for d in moved.json()["deadlines"]}
    assert steps["signification_declaration"] == ("2026-03-30", 2)  # 906-1: 20 days
    assert steps["conclusions_appelant"] == ("2026-05-11", 2)  # 906-2: 2 months, 9 May is a Saturday
    unknown = await api.request("PATCH", run, headers=avocat, json={"anchors": {"audience": "2026-03-09"}})
    assert (unknown.status, unknown.json()["champ"]) == (422, "anchors.audience")
    chain = {"name": "Sommation", "steps": [{"key": "reponse", "title": "Réponse", "delay": "15 jours",
                                             "after": "sommation", "basis": ["C. civ. art. 1344"]}]}  # fmt: skip
    assert (await api.request("POST", "/api/procedures", headers=avocat, json=chain)).status == 403
    own = await api.request("POST", "/api/procedures", headers=associe, json=chain)
    assert (own.status, own.json()["builtin"], own.json()["events"]) == (
        201,
        False,
        [{"name": "sommation", "label": "sommation"}],
    )
    builtin = await api.request("PUT", "/api/procedures/refere", headers=associe, json=chain)
    assert builtin.status == 409
    bad = await api.request("PUT", f"/api/procedures/{own.json()['id']}", headers=associe,
                            json={**chain, "steps": [{**chain["steps"][0], "after": "reponse"}]})  # fmt: skip
    assert (bad.status, bad.json()["champ"]) == (422, "steps.0.after")
    assert (await api.request("DELETE", f"/api/procedures/{own.json()['id']}", headers=associe)).status == 204


async def test_court_closures_are_declared_by_an_associe_and_move_the_deadlines_they_touch(api: ApiClient):
    _, avocat, _, associe, dossier_id = await _setup(api)
    created = await api.request("POST", f"/api/dossiers/{dossier_id}/deadlines", headers=avocat,
                                json={"from": "2026-03-02", "kind": "appel"})  # fmt: skip
    assert created.json()["due_date"] == "2026-04-02"
    assert (await api.request("POST", "/api/cabinet/closures", headers=avocat,
                              json={"day": "2026-04-02"})).status == 403  # fmt: skip
    bad = await api.request("POST", "/api/cabinet/closures", headers=associe, json={"day": "2 avril"})
    assert (bad.status, bad.json()["champ"]) == (422, "day")
    closed = await api.request("POST", "/api/cabinet/closures", headers=associe,
                               json={"day": "2026-04-02", "reason": "Grève"})  # fmt: skip
    assert closed.status == 201
    assert (await api.request("GET", "/api/cabinet/closures", headers=avocat)).json()["items"][0]["day"] == (
        "2026-04-02")  # fmt: skip
    moved = await api.request("GET", f"/api/deadlines/{created.json()['id']}", headers=avocat)
    assert (moved.json()["due_date"], moved.json()["history"][-1]["change"]) == ("2026-04-03", "recalcule")
    assert (await api.request("DELETE", "/api/cabinet/closures/2026-04-02", headers=associe)).status == 204
    assert (await api.request("DELETE", "/api/cabinet/closures/2026-04-02", headers=associe)).status == 404


async def test_a_dossier_kept_to_its_team_hides_its_deadlines_and_hearings_on_every_route(api: ApiClient):
    _, avocat, assistant, _, _ = await _setup(api)
    kept = await _dossier(api, avocat, visibility="equipe")
    deadline = await api.request("POST", f"/api/dossiers/{kept}/deadlines", headers=avocat,
                                 json={"from": "2026-03-02", "kind": "appel"})  # fmt: skip
    hearing = await api.request("POST", f"/api/dossiers/{kept}/hearings", headers=avocat, json={"date": "2026-05-12"})
    assert (deadline.status, hearing.status) == (201, 201)
    unseen = await api.request("GET", f"/api/deadlines/{deadline.json()['id']}", headers=assistant)
    assert (unseen.status, unseen.json()["erreur"]) == (404, "introuvable")
    assert (await api.request("GET", "/api/deadlines", headers=assistant)).json()["items"] == []
    assert (await api.request("GET", "/api/hearings", headers=assistant)).json()["items"] == []
    writing = await api.request("POST", f"/api/dossiers/{kept}/deadlines", headers=assistant,
                                json={"from": "2026-03-02", "kind": "appel"})  # fmt: skip
    assert writing.status == 404
    moving = await api.request("POST", f"/api/hearings/{hearing.json()['id']}/postpone", headers=assistant,
                               json={"date": "2026-06-16"})  # fmt: skip
    assert moving.status == 404
