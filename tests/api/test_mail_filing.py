"""Le courrier classé through the API (docs/courrier.md): each clue files a message with its confidence and reason,
the "à classer" tray and filing by hand (audited, the sender remembered only on request), attachments as dossier
documents, the dossier's mail by thread, the raw bytes, quarantine and reprocessing."""

from __future__ import annotations

import base64

from d1.database import Statement
from domain.actors import Role
from domain.cabinets import Cabinet
from domain.search_text import compact_reference
from services.context import AppContext
from services.inbound_mail import InboundEnvelope, read_stored_mail, receive_mail
from services.jobs import MailReceived
from services.mail_filing import operator_reprocess
from services.scope import SystemScope
from tests.api.client import ApiClient
from tests.api.dossier_rows import new_dossier
from tests.api.seed import OPERATOR, cabinet_with_session, signed_in

ADDRESS = "martin@poste.example"


def mail(subject: str, body: str, *, sender: str = "greffe.tj-paris@justice.fr", message_id: str = "<m1@x.fr>",
         extra_headers: str = "", attachment: bytes | None = None) -> bytes:  # fmt: skip
    head = (f"From: {sender}\r\nTo: {ADDRESS}\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\n"
            f"Date: Mon, 2 Mar 2026 09:15:00 +0100\r\n{extra_headers}MIME-Version: 1.0\r\n")  # fmt: skip
    if attachment is None:
        return (head + f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").encode()
    return (
        head + 'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8'
        f"\r\n\r\n{body}\r\n--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment;"
        ' filename="conclusions.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        + base64.b64encode(attachment).decode()
        + "\r\n--b1--\r\n"
    ).encode()


async def deliver(ctx: AppContext, cabinet: Cabinet, raw: bytes, *, to: str = ADDRESS) -> str:
    outcome = await receive_mail(ctx, InboundEnvelope("expediteur@exemple.fr", to, raw))
    assert outcome.accepted
    assert outcome.inbound_id
    await read_stored_mail(ctx, MailReceived(cabinet.id, outcome.inbound_id))
    return outcome.inbound_id


async def dossier_with(ctx: AppContext, cabinet: Cabinet, *, rg: str = "", client_email: str = "") -> tuple[str, str]:
    """A dossier (its id and reference) with a court reference and a client's address, as the dossiers feature
    stores them."""
    dossier_id = await new_dossier(ctx, cabinet.id)
    row = await ctx.db.first("SELECT reference FROM dossiers WHERE cabinet_id = ? AND id = ?", cabinet.id, dossier_id)
    writes = []
    if rg:
        writes.append(Statement(
            "INSERT INTO court_references (id, cabinet_id, dossier_id, kind, value, compact, created_at)"
            " VALUES (?, ?, ?, 'rg', ?, ?, '2026-03-01')",
            (ctx.ids.new_id(), cabinet.id, dossier_id, rg, compact_reference(rg))))  # fmt: skip
    if client_email:
        client_id = ctx.ids.new_id()
        writes += [
            Statement("INSERT INTO clients (id, cabinet_id, kind, display_name, sort_name, name_key, created_at,"
                      " updated_at) VALUES (?, ?, 'personne_physique', 'Claire Dupont', 'dupont', 'claire dupont',"
                      " 'x', 'x')", (client_id, cabinet.id)),
            Statement("INSERT INTO client_emails (cabinet_id, client_id, email) VALUES (?, ?, ?)",
                      (cabinet.id, client_id, client_email)),
            Statement("INSERT INTO dossier_clients (cabinet_id, dossier_id, client_id) VALUES (?, ?, ?)",
                      (cabinet.id, dossier_id, client_id)),
        ]  # fmt: skip
    if writes:
        await ctx.db.batch(writes)
    assert row is not None
    return dossier_id, str(row["reference"])


async def test_a_message_to_the_dossiers_address_is_filed_there_with_its_reason(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    dossier_id, reference = await dossier_with(api.context, cabinet)
    inbound_id = await deliver(api.context, cabinet, mail("Pièces", "Veuillez trouver les pièces."),
                               to=f"martin+{reference}@poste.example")  # fmt: skip
    detail = (await api.request("GET", f"/api/mail/{inbound_id}", headers=headers)).json()
    assert detail["status"] == "filed"
    assert detail["dossier"] == {"id": dossier_id, "reference": reference}
    assert detail["confidence"] == 1.0
    assert detail["filing_reason"] == f"adresse du dossier {reference}"
    assert detail["text_new"].startswith("Veuillez trouver")


async def test_a_court_reference_in_the_new_text_files_the_message_and_a_reply_follows_its_thread(
    api: ApiClient,
) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    dossier_id, reference = await dossier_with(api.context, cabinet, rg="24/01234")
    first = await deliver(api.context, cabinet, mail("Avis de fixation", "L'affaire RG n° 24/01234 est fixée."))
    detail = (await api.request("GET", f"/api/mail/{first}", headers=headers)).json()
    assert (detail["status"], detail["dossier"]["id"], detail["confidence"]) == ("filed", dossier_id, 0.9)
    assert detail["filing_reason"] == f"RG 24/01234 du dossier {reference}"
    reply = mail("Re: Avis de fixation", "Bien reçu, merci.", sender="confrere@avocat.fr", message_id="<m2@y.fr>",
                 extra_headers="In-Reply-To: <m1@x.fr>\r\nReferences: <m1@x.fr>\r\n")  # fmt: skip
    second = await deliver(api.context, cabinet, reply)
    answer = (await api.request("GET", f"/api/mail/{second}", headers=headers)).json()
    assert (answer["status"], answer["dossier"]["id"], answer["confidence"]) == ("filed", dossier_id, 0.95)
    assert answer["filing_reason"].startswith("réponse au courrier du ")
    threads = (await api.request("GET", f"/api/dossiers/{dossier_id}/mail", headers=headers)).json()
    assert [[m["id"] for m in t["messages"]] for t in threads["threads"]] == [[second, first]]
    assert threads["threads"][0]["thread_id"] == "<m1@x.fr>"


async def test_a_reference_quoted_only_in_the_history_does_not_file_the_message(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    await dossier_with(api.context, cabinet, rg="24/01234")
    body = "Merci de votre retour.\r\n\r\nLe 1 mars 2026, Greffe a écrit :\r\n> L'affaire RG n° 24/01234 est fixée."
    inbound_id = await deliver(api.context, cabinet, mail("Question", body, sender="inconnu@exemple.fr"))
    detail = (await api.request("GET", f"/api/mail/{inbound_id}", headers=headers)).json()
    assert detail["status"] == "to_file"
    assert "24/01234" in detail["text_history"]
    facts = {(f["kind"], f["value"], f["origin"]) for f in detail["reading"]["facts"]}
    assert ("rg", "24/01234", "history") in facts


async def test_the_tray_suggests_filing_by_hand_is_audited_and_the_sender_is_remembered_only_on_request(
    api: ApiClient,
) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    dossier_id, reference = await dossier_with(api.context, cabinet)
    first = await deliver(api.context, cabinet, mail("Bonjour", "Un mot.", sender="Expert <expert@cabinet-x.fr>"))
    tray = (await api.request("GET", "/api/mail/tray", headers=headers)).json()
    assert [item["id"] for item in tray["items"]] == [first]
    assert tray["items"][0]["filing_reason"] == "Aucun indice ne désigne un dossier : à classer à la main."
    filed = await api.request("POST", f"/api/mail/{first}/file", json={"dossier_id": dossier_id}, headers=headers)
    assert filed.status == 200, filed.json()
    assert (filed.json()["status"], filed.json()["filed_by_hand"]) == ("filed", True)
    second = await deliver(api.context, cabinet, mail("Encore", "Un autre mot.", sender="expert@cabinet-x.fr",
                                                      message_id="<m2@x.fr>"))  # fmt: skip
    assert (await api.request("GET", f"/api/mail/{second}", headers=headers)).json()["status"] == "to_file"
    remembered = await api.request("POST", f"/api/mail/{second}/file", headers=headers,
                                   json={"dossier_id": dossier_id, "remember_sender": True})  # fmt: skip
    assert remembered.status == 200
    third = await deliver(api.context, cabinet, mail("Et de trois", "Suite.", sender="expert@cabinet-x.fr",
                                                     message_id="<m3@x.fr>"))  # fmt: skip
    detail = (await api.request("GET", f"/api/mail/{third}", headers=headers)).json()
    assert (detail["status"], detail["confidence"]) == ("filed", 0.7)
    assert detail["filing_reason"] == f"expéditeur expert@cabinet-x.fr (adresse mémorisée) du dossier {reference}"
    audit = await api.context.db.all("SELECT action FROM audit_log WHERE cabinet_id = ? ORDER BY at", cabinet.id)
    actions = [row["action"] for row in audit]
    assert actions.count("mail.filed_by_hand") == 2
    assert actions.count("mail.sender_remembered") == 1


async def test_a_sender_known_in_two_dossiers_goes_to_the_tray_with_both_candidates(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    one, _ = await dossier_with(api.context, cabinet, client_email="claire@dupont.fr")
    two, _ = await dossier_with(api.context, cabinet, client_email="claire@dupont.fr")
    inbound_id = await deliver(api.context, cabinet, mail("Mon dossier", "Des nouvelles ?", sender="claire@dupont.fr"))
    detail = (await api.request("GET", f"/api/mail/{inbound_id}", headers=headers)).json()
    assert detail["status"] == "to_file"
    assert {c["dossier"]["id"] for c in detail["candidates"]} == {one, two}


async def test_attachments_become_dossier_documents_once_per_dossier(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    dossier_id, _ = await dossier_with(api.context, cabinet, rg="24/01234")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    first = await deliver(api.context, cabinet, mail("RG 24/01234", "Conclusions.", attachment=pdf))
    again = await deliver(api.context, cabinet, mail("RG 24/01234 bis", "Les mêmes.", attachment=pdf,
                                                     message_id="<m2@x.fr>"))  # fmt: skip
    (attached,) = (await api.request("GET", f"/api/mail/{first}", headers=headers)).json()["attachments"]
    (repeated,) = (await api.request("GET", f"/api/mail/{again}", headers=headers)).json()["attachments"]
    assert attached["document_id"]
    assert attached["duplicate"] is False
    assert (repeated["document_id"], repeated["duplicate"]) == (attached["document_id"], True)
    documents = (await api.request("GET", f"/api/dossiers/{dossier_id}/documents", headers=headers)).json()
    assert [d["id"] for d in documents["items"]] == [attached["document_id"]]
    content = await api.request("GET", f"/api/documents/{attached['document_id']}/content", headers=headers)
    assert content.body == pdf


async def test_the_raw_message_comes_back_byte_for_byte(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    raw = mail("Brut", "Ligne\u00a0insécable — é.")
    inbound_id = await deliver(api.context, cabinet, raw)
    response = await api.request("GET", f"/api/mail/{inbound_id}/raw", headers=headers)
    assert response.status == 200
    assert response.headers["content-type"] == "message/rfc822"
    assert response.body == raw


async def test_mail_filed_in_a_dossier_kept_to_its_team_is_hidden_from_others(api: ApiClient) -> None:
    cabinet, _headers = await cabinet_with_session(api.context, ADDRESS)
    dossier_id = await new_dossier(api.context, cabinet.id, visibility="equipe")
    row = await api.context.db.first("SELECT reference FROM dossiers WHERE id = ?", dossier_id)
    assert row is not None
    inbound_id = await deliver(
        api.context, cabinet, mail("Secret", "Rien."), to=f"martin+{row['reference']}@poste.example"
    )
    outsider = await signed_in(api.context, cabinet.id, Role.COLLABORATEUR)
    assert (await api.request("GET", f"/api/mail/{inbound_id}", headers=outsider)).status == 404
    assert (await api.request("GET", f"/api/mail/{inbound_id}/raw", headers=outsider)).status == 404
    listed = (await api.request("GET", "/api/mail", headers=outsider)).json()["messages"]
    assert inbound_id not in [m["id"] for m in listed]
    assert (await api.request("POST", f"/api/mail/{inbound_id}/reprocess", headers=outsider)).status == 404
    associe = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    assert (await api.request("GET", f"/api/mail/{inbound_id}", headers=associe)).status == 200


async def test_an_unreadable_message_is_quarantined_with_its_reason_and_reprocessed_by_an_associe(
    api: ApiClient,
) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    inbound_id = await deliver(api.context, cabinet, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    quarantined = (await api.request("GET", "/api/mail?status=quarantined", headers=headers)).json()["messages"]
    assert [(m["id"], m["quarantine_reason"]) for m in quarantined] == [
        (inbound_id, "Fichier Outlook (.msg) et non un message MIME.")]  # fmt: skip
    refused = await api.request("POST", f"/api/mail/{inbound_id}/reprocess", headers=headers)
    assert refused.status == 403
    associe = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    accepted = await api.request("POST", f"/api/mail/{inbound_id}/reprocess", headers=associe)
    assert (accepted.status, accepted.json()) == (202, {"status": "received"})
    await read_stored_mail(api.context, MailReceived(cabinet.id, inbound_id))
    status = (await api.request("GET", f"/api/mail/{inbound_id}", headers=headers)).json()["status"]
    assert status == "quarantined"  # the same bytes give the same outcome, recorded again


async def test_a_message_whose_stored_copy_was_damaged_is_quarantined_and_still_shown(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    outcome = await receive_mail(api.context, InboundEnvelope("a@b.fr", ADDRESS, mail("Abîmé", "Texte.")))
    assert outcome.inbound_id is not None
    message = await api.context.db.first("SELECT blob_key FROM inbound_mail WHERE id = ?", outcome.inbound_id)
    assert message is not None
    await api.context.blobs.put(message["blob_key"], b"tronque")
    await read_stored_mail(api.context, MailReceived(cabinet.id, outcome.inbound_id))
    detail = await api.request("GET", f"/api/mail/{outcome.inbound_id}", headers=headers)
    assert detail.status == 200
    assert (detail.json()["status"], detail.json()["quarantine_reason"], detail.json()["text_new"]) == (
        "quarantined", "La copie conservée ne correspond plus à son empreinte.", "")  # fmt: skip


async def test_reprocessing_never_moves_a_message_a_lawyer_filed_by_hand(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    chosen, _ = await dossier_with(api.context, cabinet)
    await dossier_with(api.context, cabinet, rg="24/01234")
    inbound_id = await deliver(api.context, cabinet, mail("Sans indice", "Rien ici."))
    await api.request("POST", f"/api/mail/{inbound_id}/file", json={"dossier_id": chosen}, headers=headers)
    await api.context.db.run("UPDATE mail_readings SET subject = 'RG 24/01234' WHERE inbound_id = ?", inbound_id)
    status = await operator_reprocess(SystemScope(api.context, OPERATOR, "tests"), inbound_id)
    assert status.value == "received"
    await read_stored_mail(api.context, MailReceived(cabinet.id, inbound_id))
    detail = (await api.request("GET", f"/api/mail/{inbound_id}", headers=headers)).json()
    assert (detail["status"], detail["dossier"]["id"], detail["filed_by_hand"]) == ("filed", chosen, True)


async def test_bulk_filing_files_each_message_of_the_cabinet_and_skips_unknown_ones(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    dossier_id, _ = await dossier_with(api.context, cabinet)
    ids = [await deliver(api.context, cabinet, mail(f"M{n}", "x", message_id=f"<b{n}@x>")) for n in range(3)]
    response = await api.request("POST", "/api/mail/file", headers=headers,
                                 json={"mail_ids": [*ids, "inconnu"], "dossier_id": dossier_id})  # fmt: skip
    assert (response.status, response.json()) == (200, {"filed": 3})
    filed = (await api.request("GET", f"/api/mail?dossier_id={dossier_id}", headers=headers)).json()["messages"]
    assert sorted(m["id"] for m in filed) == sorted(ids)


async def test_a_filed_message_is_found_by_search_under_its_dossier(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    dossier_id, _ = await dossier_with(api.context, cabinet, rg="24/01234")
    await deliver(api.context, cabinet, mail("RG 24/01234", "Le bail du local commercial de la rue Oberkampf."))
    found = (await api.request("GET", "/api/search?q=Oberkampf", headers=headers)).json()
    assert [(hit["kind"], hit["dossier"]["id"]) for hit in found["items"]] == [("mail", dossier_id)]


async def test_filing_stores_the_notifications_of_a_new_and_a_filed_message(api: ApiClient) -> None:
    cabinet, _headers = await cabinet_with_session(api.context, ADDRESS)
    await dossier_with(api.context, cabinet, rg="24/01234")
    inbound_id = await deliver(api.context, cabinet, mail("RG 24/01234", "Avis."))
    rows = await api.context.db.all(
        "SELECT dedupe_key, title FROM notifications WHERE cabinet_id = ? ORDER BY seq", cabinet.id
    )
    assert [row["dedupe_key"] for row in rows] == [f"mail:{inbound_id}:courrier.nouveau",
                                                   f"mail:{inbound_id}:courrier.classe"]  # fmt: skip
    assert rows[0]["title"] == "Nouveau courrier"


async def test_the_message_view_shows_the_html_body_sanitised_beside_the_text(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    raw = (
        f"From: greffe@justice.fr\r\nTo: {ADDRESS}\r\nSubject: HTML\r\nMessage-ID: <h@x>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/alternative; boundary="a"\r\n\r\n'
        "--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Audience le 14 avril.\r\n--a\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        '<p onclick="x()">Audience le <b>14 avril</b>.</p><img src="https://traceur.example/p.gif">'
        "<script>alert(1)</script>\r\n--a--\r\n"
    ).encode()
    inbound_id = await deliver(api.context, cabinet, raw)
    detail = (await api.request("GET", f"/api/mail/{inbound_id}", headers=headers)).json()
    assert detail["text_new"] == "Audience le 14 avril."
    assert detail["html_sanitised"] == "<p>Audience le <b>14 avril</b>.</p>"
