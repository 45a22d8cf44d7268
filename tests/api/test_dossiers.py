"""Les dossiers through the API, on both runtimes: opening (numbered per year, court references in their canonical
form), pages filtered and sorted, a dossier kept to its team invisible to others on every route, clients, parties and
references, and the conflict-of-interest check: refused until confirmed, then recorded and audited."""

from __future__ import annotations

import base64
import json
from typing import Any

import services.dossiers
from d1.conflict_checks import ConflictChecks
from d1.erasure import Erasure
from domain.actors import Role
from domain.dossiers import DossierView
from services.scope import CabinetScope
from tests.api.client import ApiClient
from tests.api.seed import new_cabinet, person_of, signed_in


async def a_client(api: ApiClient, headers: dict[str, str], last_name: str = "Dupont", **fields: Any) -> str:
    body = {"kind": "personne_physique", "first_name": "Claire", "last_name": last_name, **fields}
    created = await api.request("POST", "/api/clients", json=body, headers=headers)
    assert created.status == 201, created.body
    return str(created.json()["id"])


async def a_dossier(api: ApiClient, headers: dict[str, str], client_id: str, **fields: Any) -> dict[str, Any]:
    body = {"title": "Bail commercial", "matter_type": "Baux commerciaux", "client_ids": [client_id], **fields}
    created = await api.request("POST", "/api/dossiers", json=body, headers=headers)
    assert created.status == 201, created.body
    return dict(created.json())


async def test_a_dossier_is_opened_numbered_with_canonical_references_and_read_back(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    lawyer = await person_of(api.context, cabinet.id, Role.AVOCAT)
    client_id = await a_client(api, avocat)
    first = await a_dossier(api, avocat, client_id, opened_on="2026-03-02", court_references=[
        {"kind": "rg", "value": "RG n° 24/1234", "court": "TJ Paris"}, {"kind": "pourvoi", "value": "2412345"}],
        parties=[{"role": "adverse", "kind": "personne_morale", "name": "SCI Les Tilleuls"}])  # fmt: skip
    assert first["reference"] == "2026-0001"
    references = [(r["kind"], r["value"], r["court"]) for r in first["court_references"]]
    assert references == [("pourvoi", "24-12.345", ""), ("rg", "24/01234", "TJ Paris")]  # by kind, then value
    assert first["responsible"] == {"id": lawyer.id, "name": lawyer.name}
    assert [p["name"] for p in first["parties"]] == ["SCI Les Tilleuls"]
    assert first["clients"] == [{"id": client_id, "display_name": "Claire Dupont"}]
    second = await a_dossier(api, avocat, client_id, opened_on="2026-05-02")
    assert second["reference"] == "2026-0002"
    read = await api.request("GET", f"/api/dossiers/{first['id']}", headers=avocat)
    assert read.json() == first
    client = await api.request("GET", f"/api/clients/{client_id}", headers=avocat)
    assert [d["reference"] for d in client.json()["dossiers"]] == ["2026-0002", "2026-0001"]


async def test_bad_input_is_refused_naming_the_field(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    client_id = await a_client(api, avocat)
    base = {"title": "Bail", "client_ids": [client_id]}
    for body, field in [
        ({**base, "title": " "}, "title"),
        ({**base, "client_ids": ["01JNOTHING0000000000000000"]}, "client_ids"),
        ({**base, "responsible_id": "01JNOTHING0000000000000000"}, "responsible_id"),
        ({**base, "opened_on": "2026-02-30"}, "opened_on"),
        ({**base, "court_references": [{"kind": "rg", "value": "douze"}]}, "court_references.0.value"),
        ({**base, "parties": [{"role": "adverse", "kind": "personne_morale", "name": "X", "siren": "1"}]},
         "parties.0.siren"),
    ]:  # fmt: skip
        refused = await api.request("POST", "/api/dossiers", json=body, headers=avocat)
        assert (refused.status, refused.json().get("champ")) == (422, field), refused.body
    dossier = await a_dossier(api, avocat, client_id)
    bad = await api.request("POST", f"/api/dossiers/{dossier['id']}/references", json={"kind": "portalis",
                            "value": "24/01234"}, headers=avocat)  # fmt: skip
    assert (bad.status, bad.json()["champ"]) == (422, "value")
    archive = await api.request("PATCH", f"/api/dossiers/{dossier['id']}", json={"status": "archive"}, headers=avocat)
    assert archive.status == 409


async def test_dates_outside_the_dossiers_life_are_refused_so_retention_cannot_be_triggered_early(
    api: ApiClient,
) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    collaborateur = await signed_in(api.context, cabinet.id, Role.COLLABORATEUR)
    client_id = await a_client(api, collaborateur)
    for opened_on in ("0001-01-01", "1989-12-31", "2999-01-01"):
        refused = await api.request("POST", "/api/dossiers", json={"title": "Bail", "client_ids": [client_id],
                                    "opened_on": opened_on}, headers=collaborateur)  # fmt: skip
        assert (refused.status, refused.json().get("champ")) == (422, "opened_on"), refused.body
        assert "ouverture" in refused.json()["message"]
    dossier = await a_dossier(api, collaborateur, client_id, opened_on="2026-01-15")
    for closed_on in ("1990-01-01", "2026-01-14", "2999-01-01"):
        refused = await api.request("PATCH", f"/api/dossiers/{dossier['id']}", json={"status": "clos",
                                    "closed_on": closed_on}, headers=collaborateur)  # fmt: skip
        assert (refused.status, refused.json().get("champ")) == (422, "closed_on"), refused.body
        assert "clôture" in refused.json()["message"]
    kept = await api.request("GET", f"/api/dossiers/{dossier['id']}", headers=collaborateur)
    assert (kept.json()["status"], kept.json()["closed_on"]) == ("ouvert", None)
    closed = await api.request("PATCH", f"/api/dossiers/{dossier['id']}", json={"status": "clos",
                               "closed_on": "2026-01-15"}, headers=collaborateur)  # fmt: skip
    assert (closed.status, closed.json()["closed_on"]) == (200, "2026-01-15")


async def test_pages_filter_sort_and_follow_their_cursor(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    dupont, durand = await a_client(api, avocat), await a_client(api, avocat, "Durand")
    await a_dossier(api, avocat, dupont, title="Bail Tilleuls", opened_on="2026-01-10")
    await a_dossier(api, avocat, durand, title="Appel", opened_on="2026-02-10", responsible_id="")
    third = await a_dossier(api, avocat, dupont, title="Divorce", opened_on="2026-03-10")
    closed = await api.request("PATCH", f"/api/dossiers/{third['id']}", json={"status": "clos"}, headers=avocat)
    assert (closed.json()["status"], closed.json()["closed_on"] is not None) == ("clos", True)

    async def titles(query: str) -> list[str]:
        answer = await api.request("GET", f"/api/dossiers?{query}", headers=avocat)
        assert answer.status == 200, answer.body
        return [item["title"] for item in answer.json()["items"]]

    assert await titles("") == ["Divorce", "Appel", "Bail Tilleuls"]
    assert await titles("sort=title") == ["Appel", "Bail Tilleuls", "Divorce"]
    assert await titles("sort=-reference") == ["Divorce", "Appel", "Bail Tilleuls"]
    assert await titles(f"client_id={dupont}&sort=reference") == ["Bail Tilleuls", "Divorce"]
    assert await titles("status=clos") == ["Divorce"]
    assert await titles("q=tilleul") == ["Bail Tilleuls"]
    assert await titles("q=2026-0002") == ["Appel"]
    first = (await api.request("GET", "/api/dossiers?sort=reference&limit=2", headers=avocat)).json()
    rest = (await api.request("GET", f"/api/dossiers?sort=reference&limit=2&cursor={first['next_cursor']}",
                              headers=avocat)).json()  # fmt: skip
    assert [i["reference"] for i in first["items"] + rest["items"]] == ["2026-0001", "2026-0002", "2026-0003"]
    forged = base64.urlsafe_b64encode(json.dumps({"l": "dossiers", "s": "title", "k": [10**30, "x"]}).encode())
    refused = await api.request("GET", f"/api/dossiers?sort=title&cursor={forged.decode()}", headers=avocat)
    assert (refused.status, refused.json()["erreur"]) == (422, "curseur"), refused.body
    assert rest["next_cursor"] is None
    wrong = await api.request("GET", f"/api/dossiers?sort=title&cursor={first['next_cursor']}", headers=avocat)
    assert (wrong.status, wrong.json()["erreur"]) == (422, "curseur")
    foreign = await api.request("GET", f"/api/clients?cursor={first['next_cursor']}", headers=avocat)
    assert (foreign.status, foreign.json()["erreur"]) == (422, "curseur")


async def test_a_dossier_kept_to_its_team_is_unknown_to_a_lawyer_off_the_team_on_every_route(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    associe = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    outsider = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    assistant = await person_of(api.context, cabinet.id, Role.ASSISTANT)
    client_id = await a_client(api, associe)
    kept = await a_dossier(api, associe, client_id, visibility="equipe", team_ids=[assistant.id],
                           court_references=[{"kind": "rg", "value": "24/01234"}],
                           parties=[{"role": "autre", "kind": "personne_physique", "name": "Expert"}])  # fmt: skip
    unknown = "01JNOTHING0000000000000000"
    routes = [
        ("GET", "/api/dossiers/{}", None),
        ("PATCH", "/api/dossiers/{}", {"title": "Vu"}),
        ("POST", "/api/dossiers/{}/clients", {"client_id": client_id}),
        ("DELETE", "/api/dossiers/{}/clients/" + client_id, None),
        ("POST", "/api/dossiers/{}/parties", {"role": "autre", "kind": "personne_physique", "name": "X"}),
        ("DELETE", "/api/dossiers/{}/parties/" + kept["parties"][0]["id"], None),
        ("POST", "/api/dossiers/{}/references", {"kind": "rg", "value": "25/00001"}),
        ("DELETE", "/api/dossiers/{}/references/" + kept["court_references"][0]["id"], None),
    ]
    for method, path, body in routes:
        hidden = await api.request(method, path.format(kept["id"]), json=body, headers=outsider)
        never = await api.request(method, path.format(unknown), json=body, headers=outsider)
        assert (hidden.status, hidden.body) == (404, never.body), (method, path)
    listed = await api.request("GET", "/api/dossiers", headers=outsider)
    assert listed.json()["items"] == []
    client = await api.request("GET", f"/api/clients/{client_id}", headers=outsider)
    assert client.json()["dossiers"] == []
    teammate = await signed_in(api.context, cabinet.id, Role.ASSISTANT)
    assert (await api.request("GET", f"/api/dossiers/{kept['id']}", headers=teammate)).status == 200
    assert [d["id"] for d in (await api.request("GET", "/api/dossiers", headers=teammate)).json()["items"]] == [
        kept["id"]
    ]


async def test_a_conflict_is_refused_until_acknowledged_then_recorded_and_audited(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    associe = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    tilleuls = await a_client(api, avocat, kind="personne_morale", company_name="SCI Les Tilleuls", last_name="",
                              first_name="", siren="732829320")  # fmt: skip
    dupont = await a_client(api, avocat)
    adverse = {"role": "adverse", "kind": "personne_physique", "name": "DUPONT Claire"}
    older = await a_dossier(api, avocat, tilleuls, parties=[adverse], acknowledge_conflicts=True)
    preview = await api.request("POST", "/api/conflicts/check", json={"subjects": [{"name": "claire dupont"}]},
                                headers=avocat)  # fmt: skip
    assert sorted(m["against"] for m in preview.json()["conflicts"]) == ["adverse", "client"]
    company = {"role": "adverse", "kind": "personne_morale", "name": "Les Tilleuls", "siren": "732829320"}
    body = {"title": "Dupont c/ Tilleuls", "client_ids": [dupont], "parties": [company]}
    refused = await api.request("POST", "/api/dossiers", json=body, headers=avocat)
    assert (refused.status, refused.json()["erreur"]) == (409, "conflit_a_confirmer")
    found = {(m["subject"], m["match"], m["against"], m["blocking"]) for m in refused.json()["conflicts"]}
    assert found == {("Claire Dupont", "nom", "adverse", True), ("Les Tilleuls", "siren", "client", True)}
    assert {m["dossier"]["reference"] for m in refused.json()["conflicts"] if m["dossier"]} == {older["reference"]}
    listed = await api.request("GET", "/api/dossiers", headers=avocat)
    assert len(listed.json()["items"]) == 1  # nothing was created
    confirmed = await api.request("POST", "/api/dossiers", json={**body, "acknowledge_conflicts": True},
                                  headers=avocat)  # fmt: skip
    assert confirmed.status == 201, confirmed.body
    dossier_id = confirmed.json()["id"]
    (check,) = await ConflictChecks(api.context.db, cabinet.id).of_dossier(dossier_id)
    assert (check.decision, len(check.matches)) == ("confirme", 2)
    audit = await api.request("GET", f"/api/audit?subject={dossier_id}", headers=associe)
    assert {entry["action"] for entry in audit.json()["entries"]} >= {"dossier.created", "dossier.conflict_check"}
    party = {"role": "adverse", "kind": "personne_physique", "name": "Claire Dupont"}
    again = await api.request("POST", f"/api/dossiers/{dossier_id}/parties", json=party, headers=avocat)
    assert again.status == 409
    added = await api.request("POST", f"/api/dossiers/{dossier_id}/parties", json={**party,
                              "acknowledge_conflicts": True}, headers=avocat)  # fmt: skip
    assert added.status == 201, added.body
    assert len(await ConflictChecks(api.context.db, cabinet.id).of_dossier(dossier_id)) == 2


async def test_a_conflict_in_a_dossier_kept_from_the_actor_is_shown_without_its_dossier_or_ids(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    collaborateur = await signed_in(api.context, cabinet.id, Role.COLLABORATEUR)
    tilleuls = await a_client(api, avocat, "Tilleuls")
    adverse = {"role": "adverse", "kind": "personne_physique", "name": "Claire Dupont"}
    kept = await a_dossier(api, avocat, tilleuls, visibility="equipe", parties=[adverse])
    assert (await api.request("GET", f"/api/dossiers/{kept['id']}", headers=collaborateur)).status == 404
    dupont = await a_client(api, collaborateur, "Dupont")
    refused = await api.request("POST", "/api/dossiers", json={"title": "Dupont", "client_ids": [dupont]},
                                headers=collaborateur)  # fmt: skip
    assert (refused.status, refused.json()["erreur"]) == (409, "conflit_a_confirmer")
    preview = await api.request("POST", "/api/conflicts/check", json={"subjects": [{"name": "Claire Dupont"}]},
                                headers=collaborateur)  # fmt: skip
    for answer in (refused, preview):
        (match,) = [m for m in answer.json()["conflicts"] if m["against"] == "adverse"]
        assert (match["dossier"], match["id"], match["restricted"]) == (None, None, True)
        assert "associé" in match["hint"]
        assert kept["id"] not in answer.body.decode()
        assert kept["reference"] not in answer.body.decode()
    assert [m["blocking"] for m in refused.json()["conflicts"]] == [True]  # the check still refuses the opening
    seen = await api.request("POST", "/api/conflicts/check", json={"subjects": [{"name": "Claire Dupont"}]},
                             headers=avocat)  # fmt: skip
    (match,) = [m for m in seen.json()["conflicts"] if m["against"] == "adverse"]
    assert (match["dossier"]["id"], match["restricted"], match["hint"]) == (kept["id"], False, None)


async def test_a_dossier_deleted_while_a_client_party_or_reference_is_added_answers_404(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    dupont, durand = await a_client(api, avocat), await a_client(api, avocat, "Durand")
    read_then_deleted = services.dossiers.managed_dossier

    async def deleted_once_read(scope: CabinetScope, dossier_id: str) -> DossierView:
        view = await read_then_deleted(scope, dossier_id)  # the retention job purges it right after this read
        await api.context.db.batch(Erasure(api.context.db, cabinet.id).dossier(dossier_id))
        return view

    party = {"role": "adverse", "kind": "personne_physique", "name": "Paul Martin"}
    # Patched by hand, not with pytest's monkeypatch: this suite also runs under Pyodide, where pytest is absent.
    services.dossiers.managed_dossier = deleted_once_read
    try:
        for path, body in (("clients", {"client_id": durand}), ("parties", party),
                           ("references", {"kind": "rg", "value": "24/01234"})):  # fmt: skip
            dossier = await a_dossier(api, avocat, dupont)
            raced = await api.request("POST", f"/api/dossiers/{dossier['id']}/{path}", json=body, headers=avocat)
            assert (raced.status, raced.json()["erreur"]) == (404, "introuvable"), (path, raced.body)
    finally:
        services.dossiers.managed_dossier = read_then_deleted


async def test_clients_parties_and_references_are_added_and_removed_and_a_dossier_keeps_a_client(
    api: ApiClient,
) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    dupont, durand = await a_client(api, avocat), await a_client(api, avocat, "Durand")
    dossier = await a_dossier(api, avocat, dupont)
    url = f"/api/dossiers/{dossier['id']}"
    last = await api.request("DELETE", f"{url}/clients/{dupont}", headers=avocat)
    assert last.status == 409
    added = await api.request("POST", f"{url}/clients", json={"client_id": durand}, headers=avocat)
    assert [c["id"] for c in added.json()["clients"]] == [dupont, durand]
    removed = await api.request("DELETE", f"{url}/clients/{dupont}", headers=avocat)
    assert [c["id"] for c in removed.json()["clients"]] == [durand]
    reference = await api.request("POST", f"{url}/references", json={"kind": "portalis", "value": "dbx6wb7habcde"},
                                  headers=avocat)  # fmt: skip
    assert (reference.status, reference.json()["value"]) == (201, "DBX6-W-B7H-ABCDE")
    twice = await api.request("POST", f"{url}/references", json={"kind": "portalis", "value": "DBX6-W-B7H-ABCDE"},
                              headers=avocat)  # fmt: skip
    assert twice.status == 409
    gone = await api.request("DELETE", f"{url}/references/{reference.json()['id']}", headers=avocat)
    assert gone.status == 204
    party = await api.request("POST", f"{url}/parties", json={"role": "autre", "kind": "personne_physique",
                              "name": "Expert", "emails": ["Expert@Exemple.fr"]}, headers=avocat)  # fmt: skip
    assert (party.status, party.json()["emails"]) == (201, ["expert@exemple.fr"])
    assert (await api.request("DELETE", f"{url}/parties/{party.json()['id']}", headers=avocat)).status == 204
    final = (await api.request("GET", url, headers=avocat)).json()
    assert (final["parties"], final["court_references"]) == ([], [])
    assistant = await signed_in(api.context, cabinet.id, Role.ASSISTANT)
    forbidden = await api.request("POST", f"{url}/references", json={"kind": "rg", "value": "24/1"}, headers=assistant)
    assert (forbidden.status, forbidden.json()["erreur"]) == (403, "interdit")
