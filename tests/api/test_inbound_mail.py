"""`GET /api/mail` and `GET /api/mail/{id}`: a cabinet's mail, to its own people only."""

from __future__ import annotations

import json

from domain.actors import Role
from domain.sessions import token_digest
from tests.api.client import ApiClient
from tests.api.seed import avis, cabinet_with_session, delivered


async def test_the_mail_needs_a_session(api: ApiClient) -> None:
    response = await api.request("GET", "/api/mail")
    assert response.status == 401
    assert response.json() == {"erreur": "non_authentifie", "message": "Session requise : connectez-vous."}
    forged = await api.request("GET", "/api/mail", headers={"authorization": "Bearer pas-un-jeton"})
    assert forged.status == 401


async def test_a_lawyer_lists_the_cabinets_mail_and_reads_what_was_found_in_it(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, "martin@poste.example")
    inbound_id = await delivered(api.context, cabinet, avis("Avis de fixation — RG 24/01234"))
    listing = await api.request("GET", "/api/mail", headers=headers)
    assert listing.status == 200, listing.json()
    (summary,) = listing.json()["messages"]
    assert summary["id"] == inbound_id
    assert summary["subject"] == "Avis de fixation — RG 24/01234"
    assert summary["status"] == "to_file"  # no dossier to file it in yet
    detail = (await api.request("GET", f"/api/mail/{inbound_id}", headers=headers)).json()
    assert detail["reading"]["sender"] == "greffe.tj-paris@justice.fr"
    assert ("rg", "24/01234") in {(fact["kind"], fact["value"]) for fact in detail["reading"]["facts"]}


async def test_pages_follow_each_other_without_gap_or_repeat(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, "martin@poste.example")
    ids = [await delivered(api.context, cabinet, avis(f"Avis {n}", message_id=f"<a{n}@x>")) for n in range(3)]
    first = (await api.request("GET", "/api/mail?limit=2", headers=headers)).json()
    second = (await api.request("GET", f"/api/mail?limit=2&before={first['next_before']}", headers=headers)).json()
    seen = [m["id"] for m in first["messages"] + second["messages"]]
    assert sorted(seen) == sorted(ids)
    assert second["next_before"] is None


async def test_another_cabinets_message_is_never_listed_and_answers_404(api: ApiClient) -> None:
    martin, martin_headers = await cabinet_with_session(api.context, "martin@poste.example")
    _durand, durand_headers = await cabinet_with_session(api.context, "durand@poste.example")
    secret = await delivered(api.context, martin, avis("Pièces confidentielles"))
    assert (await api.request("GET", "/api/mail", headers=durand_headers)).json()["messages"] == []
    crossing = await api.request("GET", f"/api/mail/{secret}", headers=durand_headers)
    assert crossing.status == 404
    assert "confidentielles" not in crossing.body.decode()
    assert (await api.request("GET", f"/api/mail/{secret}", headers=martin_headers)).status == 200


async def test_a_page_size_out_of_range_is_a_422_naming_the_field(api: ApiClient) -> None:
    _cabinet, headers = await cabinet_with_session(api.context, "martin@poste.example")
    response = await api.request("GET", "/api/mail?limit=5000", headers=headers)
    assert response.status == 422
    assert [problem["champ"] for problem in response.json()["details"]] == ["limit"]


async def test_a_session_whose_kv_entry_is_not_ours_is_no_session(api: ApiClient) -> None:
    cabinet, _headers = await cabinet_with_session(api.context, "martin@poste.example", Role.ASSISTANT)
    token = "jeton-ecrit-par-une-ancienne-version"
    await api.context.kv.put(f"session:{token_digest(token)}", json.dumps({"cabinet_id": cabinet.id}), ttl_seconds=600)
    response = await api.request("GET", "/api/mail", headers={"authorization": f"Bearer {token}"})
    assert response.status == 401
    assert response.json()["erreur"] == "non_authentifie"
