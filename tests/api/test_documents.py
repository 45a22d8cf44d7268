"""Documents through the API (docs/dossiers.md, Documents), on the local runtime and through entry.py in the
Workers harness: streamed upload, text job, versions, tags and lists, download with Range, the size limit, the
declared-type check, soft deletion, and `equipe` dossiers."""

from __future__ import annotations

import hashlib
from urllib.parse import quote, unquote

from d1.audit import AuditLog
from d1.search_index import SearchIndex
from domain.actors import Role
from domain.errors import PayloadTooLarge
from tests.api.client import ApiClient
from tests.api.document_files import docx_with_paragraphs, pdf_with_text
from tests.api.document_seed import run_text_job, uploaded
from tests.api.dossier_rows import new_dossier
from tests.api.seed import cabinet_with_session, person_of, signed_in
from tests.contract.expect import raises

NAME = "Conclusions d'appel – Société Générale « bis ».pdf"


def upload_headers(headers: dict[str, str], declared: str, name: str | None = None) -> dict[str, str]:
    sent = {**headers, "content-type": declared}
    if name is not None:
        sent["x-file-name"] = quote(name)
    return sent


async def setup(api: ApiClient, slug: str, role: Role = Role.AVOCAT) -> tuple[str, str, dict[str, str]]:
    cabinet, headers = await cabinet_with_session(api.context, f"{slug}@poste.example", role)
    return cabinet.id, await new_dossier(api.context, cabinet.id), headers


async def test_an_uploaded_pdf_is_sniffed_hashed_and_its_text_extracted_and_indexed_by_its_job(api: ApiClient):
    cabinet_id, dossier_id, headers = await setup(api, "upload")
    pdf = pdf_with_text("Le tribunal condamne la societe Martin")
    answer = await api.request("POST", f"/api/dossiers/{dossier_id}/documents?tags=Conclusions,appel",
                               content=pdf, headers=upload_headers(headers, "application/pdf", NAME))  # fmt: skip
    assert answer.status == 201, answer.body
    document = answer.json()
    assert (document["title"], document["file_name"], document["tags"]) == (NAME, NAME, ["conclusions", "appel"])
    assert (document["dossier_id"], document["current_version"], document["size"]) == (dossier_id, 1, len(pdf))
    assert (document["content_type"], document["sha256"]) == ("application/pdf", hashlib.sha256(pdf).hexdigest())
    assert document["text_status"] == "en_attente"
    assert document["created_by"]["id"] == (await person_of(api.context, cabinet_id, Role.AVOCAT)).id
    await run_text_job(api.context, cabinet_id, document["id"])
    detail = (await api.request("GET", f"/api/documents/{document['id']}", headers=headers)).json()
    assert detail["text_status"] == "extrait"
    assert [v["version"] for v in detail["versions"]] == [1]
    assert await SearchIndex(api.context.db, cabinet_id).count() == 1
    stored = await api.context.blobs.list(f"cabinets/{cabinet_id}/documents/{document['id']}/v1-")
    assert len(stored.objects) == 1
    kept = await api.context.blobs.get(stored.objects[0].key)
    assert kept is not None
    assert kept.data == pdf


async def test_a_new_version_becomes_current_and_the_old_one_stays_downloadable(api: ApiClient):
    cabinet_id, dossier_id, headers = await setup(api, "versions")
    first = await uploaded(api.context, cabinet_id, dossier_id, b"premiere version", file_name="note.txt")
    docx = docx_with_paragraphs("Assignation en référé")
    sent = upload_headers(headers, "application/octet-stream", "Assignation.docx")
    answer = await api.request("POST", f"/api/documents/{first.id}/versions", content=docx, headers=sent)
    assert answer.status == 201, answer.body
    assert (answer.json()["current_version"], answer.json()["file_name"]) == (2, "Assignation.docx")
    assert answer.json()["content_type"].endswith("wordprocessingml.document")
    await run_text_job(api.context, cabinet_id, first.id, 1)  # a late job for the old version changes nothing
    await run_text_job(api.context, cabinet_id, first.id, 2)
    detail = (await api.request("GET", f"/api/documents/{first.id}", headers=headers)).json()
    assert [(v["version"], v["text_status"]) for v in detail["versions"]] == [(2, "extrait"), (1, "en_attente")]
    old = await api.request("GET", f"/api/documents/{first.id}/content?version=1", headers=headers)
    assert (old.status, old.body) == (200, b"premiere version")
    current = await api.request("GET", f"/api/documents/{first.id}/content", headers=headers)
    assert current.body == docx
    missing = await api.request("GET", f"/api/documents/{first.id}/content?version=7", headers=headers)
    assert missing.status == 404


async def test_documents_are_listed_by_dossier_tag_and_sort_with_cursors_and_retitled_and_retagged(api: ApiClient):
    cabinet_id, dossier_id, headers = await setup(api, "listes")
    other_dossier = await new_dossier(api.context, cabinet_id, title="Autre")
    ids = [(await uploaded(api.context, cabinet_id, dossier_id, f"piece {n}".encode(), title=title)).id
           for n, title in enumerate(("Bordereau", "Assignation", "Courrier"))]  # fmt: skip
    await uploaded(api.context, cabinet_id, other_dossier, b"ailleurs", title="Ailleurs")
    first = (
        await api.request("GET", f"/api/dossiers/{dossier_id}/documents?sort=title&limit=2", headers=headers)
    ).json()
    assert [d["title"] for d in first["items"]] == ["Assignation", "Bordereau"]
    rest = await api.request("GET", f"/api/dossiers/{dossier_id}/documents?sort=title&limit=2&cursor="
                             f"{first['next_cursor']}", headers=headers)  # fmt: skip
    assert ([d["title"] for d in rest.json()["items"]], rest.json()["next_cursor"]) == (["Courrier"], None)
    wrong = await api.request("GET", f"/api/documents?cursor={first['next_cursor']}", headers=headers)
    assert (wrong.status, wrong.json()["erreur"], wrong.json()["champ"]) == (422, "curseur", "cursor")
    too_many = await api.request("GET", "/api/documents?limit=101", headers=headers)
    assert too_many.status == 422
    assert "limit" in too_many.body.decode()
    patched = await api.request("PATCH", f"/api/documents/{ids[0]}", json={"title": "Bordereau de pièces",
                                "tags": ["Pièces", "urgent"]}, headers=headers)  # fmt: skip
    assert (patched.json()["title"], patched.json()["tags"]) == ("Bordereau de pièces", ["pièces", "urgent"])
    tagged = (await api.request("GET", "/api/documents?tag=URGENT", headers=headers)).json()
    assert [d["id"] for d in tagged["items"]] == [ids[0]]
    newest = (await api.request("GET", f"/api/documents?dossier_id={dossier_id}", headers=headers)).json()
    assert len(newest["items"]) == 3
    everything = (await api.request("GET", "/api/documents", headers=headers)).json()
    assert len(everything["items"]) == 4


async def test_the_content_is_served_whole_or_by_range_with_its_sniffed_type_and_utf8_name(api: ApiClient):
    _cabinet_id, dossier_id, headers = await setup(api, "download")
    data = b"0123456789abcdef"
    answer = await api.request("POST", f"/api/dossiers/{dossier_id}/documents", content=data,
                               headers=upload_headers(headers, "text/html", "Relevé – été 😀.txt"))  # fmt: skip
    document = answer.json()
    url = f"/api/documents/{document['id']}/content"
    whole = await api.request("GET", url, headers=headers)
    assert (whole.status, whole.body) == (200, data)
    assert whole.headers["content-type"].startswith("text/plain")  # what the bytes are, never the declared html
    assert whole.headers["accept-ranges"] == "bytes"
    assert whole.headers["etag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    assert whole.headers["x-content-type-options"] == "nosniff"
    disposition = whole.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=\"Releve _ ete _.txt\"; filename*=UTF-8''")
    assert unquote(disposition.split("''", 1)[1]) == "Relevé – été 😀.txt"
    part = await api.request("GET", url, headers={**headers, "range": "bytes=2-5"})
    assert (part.status, part.body, part.headers["content-range"]) == (206, b"2345", "bytes 2-5/16")
    tail = await api.request("GET", url, headers={**headers, "range": "bytes=-3"})
    assert (tail.status, tail.body, tail.headers["content-range"]) == (206, b"def", "bytes 13-15/16")
    past = await api.request("GET", url, headers={**headers, "range": "bytes=16-"})
    assert (past.status, past.headers["content-range"], past.json()["erreur"]) == (416, "bytes */16", "plage_invalide")
    inline = await api.request("GET", url + "?disposition=inline", headers=headers)
    assert inline.headers["content-disposition"].startswith("inline; ")


async def test_an_upload_over_the_limit_is_refused_413_and_nothing_is_kept(api: ApiClient):
    cabinet_id, dossier_id, headers = await setup(api, "limite")
    limit = api.context.settings.max_upload_bytes
    answer = await api.request("POST", f"/api/dossiers/{dossier_id}/documents", content=b"x" * (limit + 1),
                               headers=upload_headers(headers, "text/plain", "gros.txt"))  # fmt: skip
    assert (answer.status, answer.json()["erreur"]) == (413, "fichier_trop_volumineux")
    assert str(limit) in answer.json()["message"]
    with raises(PayloadTooLarge) as refused:  # without a Content-Length the refusal comes mid-stream
        await uploaded(api.context, cabinet_id, dossier_id, b"y" * (limit + 10))
    assert isinstance(refused.exception, PayloadTooLarge)
    assert refused.exception.code == "fichier_trop_volumineux"
    listed = (await api.request("GET", "/api/documents", headers=headers)).json()
    assert listed["items"] == []
    assert (await api.context.blobs.list(f"cabinets/{cabinet_id}/")).objects == []
    empty = await api.request("POST", f"/api/dossiers/{dossier_id}/documents", content=b"",
                              headers=upload_headers(headers, "text/plain"))  # fmt: skip
    assert (empty.status, empty.json()["erreur"]) == (422, "fichier_vide")


async def test_a_declared_type_the_bytes_contradict_is_refused_415_and_nothing_is_kept(api: ApiClient):
    cabinet_id, dossier_id, headers = await setup(api, "incoherent")
    executable = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 64
    answer = await api.request("POST", f"/api/dossiers/{dossier_id}/documents", content=executable,
                               headers=upload_headers(headers, "application/pdf", "facture.pdf"))  # fmt: skip
    assert (answer.status, answer.json()["erreur"]) == (415, "type_incoherent")
    assert (await api.context.blobs.list(f"cabinets/{cabinet_id}/")).objects == []
    assert (await api.request("GET", "/api/documents", headers=headers)).json()["items"] == []


async def test_a_deleted_document_leaves_lists_detail_and_search_and_its_deletion_is_audited(api: ApiClient):
    cabinet_id, dossier_id, headers = await setup(api, "suppression")
    document = await uploaded(api.context, cabinet_id, dossier_id, b"Le bail est resilie", title="Bail")
    await run_text_job(api.context, cabinet_id, document.id)
    assert await SearchIndex(api.context.db, cabinet_id).count() == 1
    assistant = await signed_in(api.context, cabinet_id, Role.ASSISTANT)
    refused = await api.request("DELETE", f"/api/documents/{document.id}", headers=assistant)
    assert (refused.status, refused.json()["erreur"]) == (403, "interdit")
    deleted = await api.request("DELETE", f"/api/documents/{document.id}", headers=headers)
    assert deleted.status == 204
    assert (await api.request("GET", f"/api/documents/{document.id}", headers=headers)).status == 404
    assert (await api.request("GET", f"/api/documents/{document.id}/content", headers=headers)).status == 404
    assert (await api.request("GET", "/api/documents", headers=headers)).json()["items"] == []
    assert await SearchIndex(api.context.db, cabinet_id).count() == 0
    again = await api.request("DELETE", f"/api/documents/{document.id}", headers=headers)
    assert again.status == 404
    actions = [entry.action for entry in await AuditLog(api.context.db, cabinet_id).recent()]
    assert actions.count("document.deleted") == 1
    assert "document.uploaded" in actions


async def test_a_document_on_an_equipe_dossier_is_unknown_to_an_avocat_off_its_team(api: ApiClient):
    cabinet, outsider = await cabinet_with_session(api.context, "equipe@poste.example", Role.AVOCAT)
    lawyer = await person_of(api.context, cabinet.id, Role.COLLABORATEUR)
    kept = await new_dossier(api.context, cabinet.id, visibility="equipe", responsible_id=lawyer.id)
    document = await uploaded(api.context, cabinet.id, kept, b"Strategie confidentielle", title="Strategie")
    unknown = await api.request("GET", "/api/documents/01JUNKNOWNDOCUMENT000000000", headers=outsider)
    for path in (f"/api/documents/{document.id}", f"/api/documents/{document.id}/content"):
        seen = await api.request("GET", path, headers=outsider)
        assert (seen.status, seen.body) == (404, unknown.body)
    upload = await api.request("POST", f"/api/dossiers/{kept}/documents", content=b"x",
                               headers=upload_headers(outsider, "text/plain"))  # fmt: skip
    assert upload.status == 404
    assert (await api.request("GET", f"/api/dossiers/{kept}/documents", headers=outsider)).status == 404
    assert (await api.request("GET", "/api/documents", headers=outsider)).json()["items"] == []
    on_team = await signed_in(api.context, cabinet.id, Role.COLLABORATEUR)
    assert (await api.request("GET", f"/api/documents/{document.id}", headers=on_team)).status == 200
    associe = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    listed = (await api.request("GET", f"/api/dossiers/{kept}/documents", headers=associe)).json()
    assert [d["id"] for d in listed["items"]] == [document.id]


async def test_only_pdfs_images_audio_and_plain_text_open_inline_and_content_is_served_sandboxed(api: ApiClient):
    cabinet_id, dossier_id, headers = await setup(api, "apercu")
    mail = b"From: greffe@tribunal.example\r\nTo: avocat@cabinet.example\r\nSubject: Audience\r\n\r\n<script>x</script>"
    files = {"mail.eml": mail, "acte.pdf": pdf_with_text("Acte"), "note.txt": b"Note",
             "assignation.docx": docx_with_paragraphs("Assignation")}  # fmt: skip
    shown = {}
    for name, data in files.items():
        document = await uploaded(api.context, cabinet_id, dossier_id, data, file_name=name, declared="")
        answer = await api.request("GET", f"/api/documents/{document.id}/content?disposition=inline", headers=headers)
        assert answer.status == 200, answer.body
        shown[name] = answer.headers["content-disposition"].split(";", 1)[0]
        policy = answer.headers["content-security-policy"]
        assert policy.startswith("sandbox; default-src 'none'; img-src 'self'; media-src 'self';"), policy
        assert "frame-ancestors 'none'" in policy  # the API's own policy is enforced as well
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert shown == {"mail.eml": "attachment", "acte.pdf": "inline", "note.txt": "inline",
                     "assignation.docx": "attachment"}  # fmt: skip
