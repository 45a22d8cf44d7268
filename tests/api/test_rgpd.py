"""RGPD through the API, on both runtimes: a client's export as a ZIP of everything held about them, and their
erasure — refused while legal retention holds (the request then kept), carried out once it has passed, leaving the
audit trail pseudonymised and every other client as it was."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from d1.audit import AuditLog
from d1.database import Statement
from domain.actors import SYSTEM, Role
from domain.audit import AuditEntry
from domain.cabinets import DEFAULT_RETENTION_DAYS
from domain.clients import Client, ClientKind
from domain.dossiers import DossierStatus, PartyRole, ReferenceKind
from domain.rgpd import pseudonym
from services.clients import create_client
from services.context import AppContext
from services.documents import Upload, upload_version
from services.dossiers import DossierChanges, NewDossier, open_dossier, update_dossier
from services.dossiers import add_client as add_client_to_dossier
from services.parties import NewParty, NewReference
from services.rgpd import erase
from services.scope import CabinetScope
from tests.api.client import ApiClient
from tests.api.document_seed import chunks_of, uploaded
from tests.api.seed import new_cabinet, signed_in
from tests.contract.dossier_rows import client_row, content_of, dossier_row, link, seed_client_file


def today(ctx: AppContext) -> date:
    return ctx.clock.now().astimezone(ZoneInfo("Europe/Paris")).date()


def years_ago(ctx: AppContext, years: int) -> str:
    return (today(ctx) - timedelta(days=365 * years)).isoformat()


async def rows(ctx: AppContext, sql: str, *params: object) -> list[dict[str, object]]:
    return await ctx.db.all(sql, *params)


async def test_an_associe_exports_a_client_as_a_zip_of_their_record_dossiers_documents_and_audit(api: ApiClient):
    ctx = api.context
    cabinet = await new_cabinet(ctx, "martin@poste.example")
    ids = await seed_client_file(ctx.db, cabinet.id, "claire", 1, ctx.blobs, status="ouvert", closed_on=None)
    associe = await signed_in(ctx, cabinet.id, Role.ASSOCIE)
    answer = await api.request("GET", f"/api/clients/{ids.client}/export", headers=associe)
    assert answer.status == 200, answer.body
    assert answer.headers["content-type"] == "application/zip"
    disposition = answer.headers["content-disposition"]
    name = f"export-Mme-Claire-DupontClaire-{today(ctx).isoformat()}.zip"
    assert disposition.startswith(f'attachment; filename="{name}"')
    assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == name
    archive = zipfile.ZipFile(io.BytesIO(answer.body))
    assert archive.testzip() is None
    names = archive.namelist()
    folder = "dossiers/2026-0001"
    assert names == ["client.json", f"{folder}/dossier.json", f"{folder}/documents/assignation référé.pdf",
                     "audit.json", "LISEZMOI.txt"]  # fmt: skip
    client = json.loads(archive.read("client.json"))
    assert (client["display_name"], client["emails"], client["addresses"][0]["city"]) == (
        ids.name,
        ["claire@exemple.fr"],
        "Paris",
    )
    dossier = json.loads(archive.read(f"{folder}/dossier.json"))
    assert [party["name"] for party in dossier["parties"]] == ["SCI Les Tilleuls"]
    assert [reference["value"] for reference in dossier["court_references"]] == ["24/01234"]
    assert [document["tags"] for document in dossier["documents"]] == [["procedure"]]
    assert [mail["reading"]["subject"] for mail in dossier["mail"]] == ["Avis d'audience"]
    assert "blob_key" not in archive.read(f"{folder}/dossier.json").decode()
    assert archive.read(f"{folder}/documents/assignation référé.pdf") == content_of("claire")
    audit = json.loads(archive.read("audit.json"))
    assert [entry["subject"] for entry in audit] == [ids.client, ids.dossier, ids.document]
    assert "RGPD, art. 15" in archive.read("LISEZMOI.txt").decode()
    exported = await rows(ctx, "SELECT subject FROM audit_log WHERE cabinet_id = ? AND action = 'client.exported'",
                          cabinet.id)  # fmt: skip
    assert exported == [{"subject": ids.client}]


async def test_the_export_gives_no_one_elses_data_no_conflict_matches_and_no_staff_ip_or_browser(api: ApiClient):
    ctx = api.context
    cabinet = await new_cabinet(ctx, "martin@poste.example")
    ids = await seed_client_file(ctx.db, cabinet.id, "claire", 1, ctx.blobs, status="ouvert", closed_on=None)
    matches = [{"subject": "SCI Les Tilleuls", "match": "nom", "against": "client", "id": "autre-client",
                "name": "SCI Les Tilleuls", "dossier_id": "autre-dossier", "dossier_reference": "2025-0099",
                "blocking": True}]  # fmt: skip
    await ctx.db.batch([
        Statement(
            "UPDATE conflict_checks SET matches_json = ?, subjects_json = ? WHERE id = 'claire-check'",
            (json.dumps(matches), json.dumps([{"name": "Mme Claire DupontClaire", "siren": "", "side": "client",
                                               "own_id": ids.client}])),
        ),
        AuditLog(None, cabinet.id).record(AuditEntry("with-ip", cabinet.id, "person:avocat", "client.updated",
                                                     ids.client, "api", "2026-03-02T08:31:00+00:00", "notes",
                                                     "203.0.113.7", "Firefox du collaborateur")),
    ])  # fmt: skip
    associe = await signed_in(ctx, cabinet.id, Role.ASSOCIE)
    answer = await api.request("GET", f"/api/clients/{ids.client}/export", headers=associe)
    archive = zipfile.ZipFile(io.BytesIO(answer.body))
    dossier = json.loads(archive.read("dossiers/2026-0001/dossier.json"))
    assert dossier["conflict_checks"] == [{"checked_at": "2026-03-02T08:30:00+00:00", "decision": "aucun",
                                           "subjects": [{"name": "Mme Claire DupontClaire", "siren": "",
                                                         "side": "client"}]}]  # fmt: skip
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode(errors="replace")
    for someone_elses in ("autre-client", "autre-dossier", "2025-0099", "203.0.113.7", "Firefox"):
        assert someone_elses not in everything, someone_elses
    audit = json.loads(archive.read("audit.json"))
    assert audit[-1] == {"at": "2026-03-02T08:31:00+00:00", "action": "client.updated", "actor": "person:avocat",
                         "subject": ids.client, "summary": "notes"}  # fmt: skip


async def test_erasure_is_refused_while_a_dossier_was_closed_less_than_the_retention_period_ago(api: ApiClient):
    ctx = api.context
    cabinet = await new_cabinet(ctx, "martin@poste.example")
    closed_on = years_ago(ctx, 2)
    ids = await seed_client_file(ctx.db, cabinet.id, "claire", 1, ctx.blobs, closed_on=closed_on)
    associe = await signed_in(ctx, cabinet.id, Role.ASSOCIE)
    refused = await api.request("POST", f"/api/clients/{ids.client}/erasure", json={"confirm": ids.name},
                                headers=associe)  # fmt: skip
    erasable = (date.fromisoformat(closed_on) + timedelta(days=DEFAULT_RETENTION_DAYS)).isoformat()
    body = refused.json()
    assert (refused.status, body["erreur"], body["erasable_from"]) == (409, "conservation_legale", erasable)
    assert body["dossiers"] == [{"id": ids.dossier, "reference": "2026-0001"}]
    assert "2026-0001" in body["message"]
    requests = await rows(ctx, "SELECT client_id, erasable_from, done_at FROM erasure_requests WHERE cabinet_id = ?",
                          cabinet.id)  # fmt: skip
    assert requests == [{"client_id": ids.client, "erasable_from": erasable, "done_at": None}]
    audited = await rows(ctx, "SELECT subject FROM audit_log WHERE cabinet_id = ? AND action = ?", cabinet.id,
                         "client.erasure_deferred")  # fmt: skip
    assert audited == [{"subject": ids.client}]
    assert await rows(ctx, "SELECT id FROM clients WHERE id = ?", ids.client) == [{"id": ids.client}]
    assert await ctx.blobs.head(ids.blob_keys[1]) is not None


async def test_erasure_after_retention_removes_the_client_their_dossier_files_and_index_and_nothing_else(
    api: ApiClient,
):
    ctx = api.context
    cabinet = await new_cabinet(ctx, "martin@poste.example")
    ids = await seed_client_file(ctx.db, cabinet.id, "claire", 1, ctx.blobs, closed_on=years_ago(ctx, 6))
    other = await seed_client_file(ctx.db, cabinet.id, "paul", 2, ctx.blobs, closed_on=years_ago(ctx, 6))
    await ctx.db.batch([
        dossier_row(cabinet.id, "shared", 3, "clos", years_ago(ctx, 6)),
        link(cabinet.id, "shared", ids.client),
        link(cabinet.id, "shared", other.client),
    ])  # fmt: skip
    associe = await signed_in(ctx, cabinet.id, Role.ASSOCIE)
    erased = await api.request("POST", f"/api/clients/{ids.client}/erasure", json={"confirm": f" {ids.name} "},
                               headers=associe)  # fmt: skip
    assert erased.status == 200, erased.body
    assert erased.json() == {"client": pseudonym(ids.client), "dossiers_erased": 1, "dossiers_kept": 1,
                             "documents_erased": 1, "files_erased": 2}  # fmt: skip
    for table, column in (("clients", "id"), ("client_emails", "client_id"), ("dossier_clients", "client_id")):
        assert await rows(ctx, f"SELECT 1 FROM {table} WHERE {column} = ?", ids.client) == [], table
    for table in ("dossiers", "parties", "documents", "document_versions", "court_references", "conflict_checks"):
        column = "id" if table in ("dossiers",) else "dossier_id"
        if table == "document_versions":
            assert await rows(ctx, "SELECT 1 FROM document_versions WHERE document_id = ?", ids.document) == []
        else:
            assert await rows(ctx, f"SELECT 1 FROM {table} WHERE {column} = ?", ids.dossier) == [], table
    assert [await ctx.blobs.head(key) for key in ids.blob_keys] == [None, None]
    indexed = await rows(ctx, "SELECT subject_id FROM search_entries WHERE cabinet_id = ?", cabinet.id)
    assert {row["subject_id"] for row in indexed} == {other.client, other.dossier, other.document}
    assert await rows(ctx, "SELECT dossier_id FROM inbound_mail WHERE id = ?", ids.mail) == [{"dossier_id": None}]
    trail = await rows(ctx, "SELECT subject, summary, action FROM audit_log WHERE cabinet_id = ?", cabinet.id)
    text = json.dumps(trail)
    assert ids.client not in text
    assert ids.dossier not in text
    assert ids.name not in text
    assert {"subject": pseudonym(ids.client), "action": "client.created", "summary": pseudonym(ids.client)} in trail
    assert [row["summary"] for row in trail if row["action"] == "client.erased"] == [
        "1 dossier(s) effacé(s), 1 dossier(s) partagé(s) conservé(s), 1 document(s), 2 fichier(s)"
    ]
    assert other.client in text
    kept = await rows(ctx, "SELECT client_id FROM dossier_clients WHERE dossier_id = 'shared'")
    assert kept == [{"client_id": other.client}]
    assert await ctx.blobs.head(other.blob_keys[1]) is not None
    again = await api.request("POST", f"/api/clients/{ids.client}/erasure", json={"confirm": ids.name},
                              headers=associe)  # fmt: skip
    assert (again.status, again.json()["message"]) == (404, "Client introuvable.")


async def test_a_shared_dossier_kept_after_erasure_is_no_longer_found_by_the_erased_clients_name(api: ApiClient):
    ctx = api.context
    cabinet = await new_cabinet(ctx, "martin@poste.example")
    client, _, _ = await opened_and_closed(ctx, cabinet.id, "Lefebvre", 6)
    other, shared, _ = await opened_and_closed(ctx, cabinet.id, "Moreau", 6)
    scope = CabinetScope(ctx, cabinet.id, SYSTEM, "tests")
    await add_client_to_dossier(scope, shared, client)
    associe = await signed_in(ctx, cabinet.id, Role.ASSOCIE)
    found = await api.request("GET", "/api/search?q=Lefebvre", headers=associe)
    assert shared in json.dumps(found.json())
    erased = await api.request("POST", f"/api/clients/{client}/erasure", json={"confirm": "Mme Claire Lefebvre"},
                               headers=associe)  # fmt: skip
    assert (erased.status, erased.json()["dossiers_kept"]) == (200, 1)
    assert shared not in json.dumps((await api.request("GET", "/api/search?q=Lefebvre", headers=associe)).json())
    assert shared in json.dumps((await api.request("GET", "/api/search?q=Moreau", headers=associe)).json())
    entry = await rows(ctx, "SELECT body FROM search_entries WHERE subject_id = ?", shared)
    assert "Lefebvre" not in json.dumps(entry)
    assert other in json.dumps(await rows(ctx, "SELECT client_id FROM dossier_clients WHERE dossier_id = ?", shared))


async def test_erasure_needs_the_clients_exact_name_as_confirmation(api: ApiClient):
    ctx = api.context
    cabinet = await new_cabinet(ctx, "martin@poste.example")
    await ctx.db.batch([client_row(cabinet.id, "claire", "Dupont")])
    associe = await signed_in(ctx, cabinet.id, Role.ASSOCIE)
    wrong = await api.request("POST", "/api/clients/claire/erasure", json={"confirm": "Dupont"}, headers=associe)
    assert (wrong.status, wrong.json()["champ"]) == (422, "confirm")
    assert "« Mme Claire Dupont »" in wrong.json()["message"]
    assert await rows(ctx, "SELECT id FROM clients WHERE id = 'claire'") == [{"id": "claire"}]


async def test_only_associes_export_or_erase_and_another_cabinets_client_does_not_exist(api: ApiClient):
    ctx = api.context
    cabinet = await new_cabinet(ctx, "martin@poste.example")
    theirs = await new_cabinet(ctx, "durand@poste.example")
    await ctx.db.batch([client_row(cabinet.id, "claire", "Dupont"), client_row(theirs.id, "paul", "Martin", "Paul")])
    confirm = {"confirm": "Mme Claire Dupont"}
    for role in (Role.AVOCAT, Role.COLLABORATEUR, Role.ASSISTANT):
        headers = await signed_in(ctx, cabinet.id, role)
        exported = await api.request("GET", "/api/clients/claire/export", headers=headers)
        erased = await api.request("POST", "/api/clients/claire/erasure", json=confirm, headers=headers)
        assert (exported.status, erased.status, erased.json()["erreur"]) == (403, 403, "interdit"), role
    associe = await signed_in(ctx, cabinet.id, Role.ASSOCIE)
    for answer in (
        await api.request("GET", "/api/clients/paul/export", headers=associe),
        await api.request("POST", "/api/clients/paul/erasure", json={"confirm": "Mme Paul Martin"}, headers=associe),
    ):
        assert (answer.status, answer.json()["message"]) == (404, "Client introuvable.")
    assert await rows(ctx, "SELECT id FROM clients WHERE id IN ('claire', 'paul') ORDER BY id") == [
        {"id": "claire"}, {"id": "paul"}
    ]  # fmt: skip


async def opened_and_closed(ctx: AppContext, cabinet_id: str, last_name: str, years: int) -> tuple[str, str, str]:
    """A client, a dossier with a party and a reference, a document in two versions — all through the clients and
    documents use cases — the dossier closed `years` ago. Returns the client, dossier and document ids."""
    scope = CabinetScope(ctx, cabinet_id, SYSTEM, "tests")
    draft = Client("", "", ClientKind.NATURAL, "", "", civility="Mme", first_name="Claire", last_name=last_name,
                   emails=(f"{last_name.lower()}@exemple.fr",))  # fmt: skip
    client = await create_client(scope, draft)
    new = NewDossier(
        title=f"Bail {last_name}", client_ids=(client.id,), opened_on=years_ago(ctx, years + 1),
        parties=(NewParty(PartyRole.ADVERSE, ClientKind.LEGAL, f"SCI {last_name} Immo"),),
        court_references=(NewReference(ReferenceKind.RG, "24/01234"),), acknowledge_conflicts=True,
    )  # fmt: skip
    dossier = (await open_dossier(scope, new)).view.dossier
    document = await uploaded(ctx, cabinet_id, dossier.id, b"premier jet", file_name="bail.txt")
    await upload_version(
        scope, document.id, Upload(chunks_of(f"bail de {last_name}".encode()), "text/plain", "bail.txt")
    )
    await update_dossier(scope, dossier.id, DossierChanges(status=DossierStatus.CLOS, closed_on=years_ago(ctx, years)))
    return client.id, dossier.id, document.id


async def test_export_and_erasure_follow_what_the_clients_and_documents_features_wrote(api: ApiClient):
    ctx = api.context
    cabinet = await new_cabinet(ctx, "martin@poste.example")
    client, dossier, document = await opened_and_closed(ctx, cabinet.id, "Lefebvre", 6)
    other, other_dossier, _ = await opened_and_closed(ctx, cabinet.id, "Moreau", 6)
    associe = await signed_in(ctx, cabinet.id, Role.ASSOCIE)
    exported = await api.request("GET", f"/api/clients/{client}/export", headers=associe)
    archive = zipfile.ZipFile(io.BytesIO(exported.body))
    (folder,) = {name.split("/")[1] for name in archive.namelist() if name.startswith("dossiers/")}
    assert archive.read(f"dossiers/{folder}/documents/bail.txt") == b"bail de Lefebvre"
    described = json.loads(archive.read(f"dossiers/{folder}/dossier.json"))
    assert [version["version"] for version in described["documents"][0]["versions"]] == [1, 2]
    subjects = {entry["subject"] for entry in json.loads(archive.read("audit.json"))}
    assert {client, dossier, document} <= subjects
    keys = [row["blob_key"] for row in await rows(ctx, "SELECT blob_key FROM document_versions WHERE document_id = ?",
                                                  document)]  # fmt: skip
    erased = await api.request("POST", f"/api/clients/{client}/erasure", json={"confirm": "Mme Claire Lefebvre"},
                               headers=associe)  # fmt: skip
    assert erased.json() == {"client": pseudonym(client), "dossiers_erased": 1, "dossiers_kept": 0,
                             "documents_erased": 1, "files_erased": 2}  # fmt: skip
    assert (await api.request("GET", f"/api/clients/{client}", headers=associe)).status == 404
    assert (await api.request("GET", f"/api/dossiers/{dossier}", headers=associe)).status == 404
    assert (await api.request("GET", f"/api/documents/{document}", headers=associe)).status == 404
    assert [await ctx.blobs.head(key) for key in keys] == [None, None]
    indexed = await rows(ctx, "SELECT subject_id, title FROM search_entries WHERE cabinet_id = ?", cabinet.id)
    assert indexed
    assert "Lefebvre" not in json.dumps(indexed)
    assert {client, dossier, document}.isdisjoint(row["subject_id"] for row in indexed)
    trail = json.dumps(await rows(ctx, "SELECT subject, summary FROM audit_log WHERE cabinet_id = ?", cabinet.id))
    for erased_text in (client, dossier, document, "Mme Claire Lefebvre"):
        assert erased_text not in trail, erased_text
    assert (await api.request("GET", f"/api/clients/{other}", headers=associe)).status == 200
    assert (await api.request("GET", f"/api/dossiers/{other_dossier}", headers=associe)).status == 200


async def test_a_dossier_reopened_between_the_erasures_read_and_its_batch_stays_whole_and_only_loses_the_client(
    api: ApiClient,
):
    ctx = api.context
    cabinet = await new_cabinet(ctx, "martin@poste.example")
    client_id, dossier, document = await opened_and_closed(ctx, cabinet.id, "Lefebvre", 6)
    scope = CabinetScope(ctx, cabinet.id, SYSTEM, "tests")
    client = await scope.client_records.client(client_id)
    assert client is not None
    terms = await scope.client_records.dossier_terms(client_id)  # read: closed six years ago, erasable
    await update_dossier(scope, dossier, DossierChanges(status=DossierStatus.OUVERT))  # meanwhile, reopened
    keys = [row["blob_key"] for row in await rows(ctx, "SELECT blob_key FROM document_versions WHERE document_id = ?",
                                                  document)]  # fmt: skip
    await erase(scope, client, terms, today(ctx) - timedelta(days=DEFAULT_RETENTION_DAYS))
    assert await rows(ctx, "SELECT status FROM dossiers WHERE id = ?", dossier) == [{"status": "ouvert"}]
    assert await rows(ctx, "SELECT id FROM documents WHERE id = ?", document) == [{"id": document}]
    assert all([await ctx.blobs.head(key) is not None for key in keys])
    assert await rows(ctx, "SELECT 1 FROM dossier_clients WHERE client_id = ?", client_id) == []
    assert await rows(ctx, "SELECT 1 FROM clients WHERE id = ?", client_id) == []
    subjects = {row["subject"] for row in await rows(ctx, "SELECT subject FROM audit_log WHERE cabinet_id = ?",
                                                     cabinet.id)}  # fmt: skip
    assert {dossier, document} <= subjects  # the trail about a dossier still there keeps naming it
