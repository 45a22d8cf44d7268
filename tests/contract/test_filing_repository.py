"""The filing repository (d1/filing.py) and the operator's lookup of a message's cabinet, on SQLite locally and on D1
in the Workers harness: the lookups behind each clue, the outcome of the job (recorded once, an earlier filing kept),
filing by hand, remembered senders, attachments and history — and never another cabinet's rows."""

from __future__ import annotations

from d1.court_references import CourtReferences
from d1.cross_cabinet import CrossCabinet
from d1.documents import Documents
from d1.erasure import Erasure
from d1.filing import Filing
from d1.inbound_mail import InboundMail
from d1.parties import Parties
from d1.search_index import SearchEntry, SearchIndex, SearchKind
from domain.actors import SYSTEM, Actor, Role
from domain.clients import ClientKind
from domain.dossiers import CourtReference, Party, PartyRole, ReferenceKind, Visibility
from domain.filed_mail import FilingEvent, FilingOutcome, MailAttachmentRecord, MailFiling, MailFilter
from domain.filing import Candidate
from domain.inbound_mail import MailStatus
from tests.contract.dossier_seed import NOW, add_client, add_dossier
from tests.contract.seed import add_cabinet
from tests.contract.test_documents_repository import a_document
from tests.contract.test_inbound_mail_repository import READING, message

COLLABORATEUR = Actor("person", "someone", Role.COLLABORATEUR)


async def seeded(database) -> Filing:
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await add_client(database, "c1", "cab1")  # claire.dupont@exemple.fr
    await add_dossier(database, "d1", "cab1", ["c1"])
    await add_dossier(database, "d2", "cab1", [], visibility=Visibility.EQUIPE)
    await add_client(database, "c9", "cab2")
    await add_dossier(database, "x1", "cab2", ["c9"])
    mail = InboundMail(database, "cab1")
    await database.batch([mail.insert(message("m1", "cab1")), mail.insert(message("m2", "cab1", dedupe_key="k2")),
                          mail.record_reading("m1", READING)])  # fmt: skip
    return Filing(database, "cab1")


def filed_outcome(dossier_id: str | None, run: str = "run1", status: MailStatus = MailStatus.FILED) -> FilingOutcome:
    candidates = (Candidate(dossier_id, 0.9, "RG 24/01234 du dossier 2026-0001", "2026-0001"),) if dossier_id else ()
    filing = MailFiling(dossier_id=dossier_id, confidence=0.9, reason="RG 24/01234 du dossier 2026-0001",
                        candidates=candidates, filed_by="system" if dossier_id else None,
                        filed_at=NOW if dossier_id else None, thread_id="<a@x>")  # fmt: skip
    return FilingOutcome(status, filing, run)


async def test_dossiers_are_found_by_their_reference_their_court_references_and_their_people_addresses(database):
    filing = await seeded(database)
    assert (await filing.dossier_by_reference("2026-0001")).id == "d1"  # type: ignore[union-attr]
    assert await Filing(database, "cab2").dossier_by_reference("2026-0002") is None
    reference = CourtReference("r1", "cab1", "d1", ReferenceKind.RG, "24/01234", NOW)
    counsel = Party("p1", "cab1", "d2", PartyRole.CONSEIL_ADVERSE, ClientKind.NATURAL, "Me Jean Conseil", NOW,
                    emails=("jean@conseil.fr",))  # fmt: skip
    parties = Parties(database, "cab1")
    await database.batch([CourtReferences(database, "cab1").insert(reference), *parties.insert(counsel),
                          filing.remember_sender("d1", "Expert@Cabinet-X.fr", "person:p", NOW),
                          filing.remember_sender("x1", "expert@cabinet-x.fr", "person:p", NOW)])  # fmt: skip
    assert [d.id for d in await filing.dossiers_by_court_reference("2401234")] == ["d1"]
    assert [d.id for d in await filing.dossiers_by_court_reference("2401234", ("rg", "pourvoi"))] == ["d1"]
    assert await filing.dossiers_by_court_reference("2401234", ("administratif",)) == []  # a TA number, not this RG
    assert await Filing(database, "cab2").dossiers_by_court_reference("2401234") == []
    assert [(m.dossier_id, m.role) for m in await filing.dossiers_by_sender("Claire.Dupont@exemple.fr")] == [
        ("d1", "client")]  # fmt: skip
    assert [(m.dossier_id, m.role) for m in await filing.dossiers_by_sender("jean@conseil.fr")] == [
        ("d2", "conseil_adverse")]  # fmt: skip
    assert [(m.dossier_id, m.role) for m in await filing.dossiers_by_sender("expert@cabinet-x.fr")] == [
        ("d1", "memorise")]  # fmt: skip
    assert await filing.remembered("d1") == ["expert@cabinet-x.fr"]
    assert await filing.dossier_references(["d1", "d2", "x1"]) == {"d1": "2026-0001", "d2": "2026-0002"}


async def test_the_outcome_is_recorded_once_and_a_thread_finds_its_filed_message(database):
    filing = await seeded(database)
    results = await database.batch([filing.record_outcome("m1", filed_outcome("d1")),
                                    filing.record_outcome("m1", filed_outcome("d2", run="run2"))])  # fmt: skip
    assert [r.changes for r in results] == [1, 0]  # the second run found it no longer waiting
    assert await database.first(*_sql(filing.recorded_by("m1", "run1"))) is not None
    assert await database.first(*_sql(filing.recorded_by("m1", "run2"))) is None
    found = await filing.get(SYSTEM, "m1")
    assert found is not None
    assert (found.message.status, found.filing.dossier_id, found.filing.dossier_reference) == (
        MailStatus.FILED, "d1", "2026-0001")  # fmt: skip
    assert found.filing.candidates[0].reference == "2026-0001"
    thread = await filing.thread_of(["<nobody@x>", "<m1@x>"])
    assert thread is not None
    assert (thread.inbound_id, thread.dossier_id, thread.thread_id) == ("m1", "d1", "<a@x>")
    assert await Filing(database, "cab2").thread_of(["<m1@x>"]) is None
    assert await filing.thread_of([]) is None


async def test_reprocessing_keeps_the_dossier_of_an_earlier_filing(database):
    filing = await seeded(database)
    await database.batch([filing.record_outcome("m1", filed_outcome("d1"))])
    reopened = await database.batch([filing.reopen("m1")])
    assert reopened[0].changes == 1
    await database.batch([filing.record_outcome("m1", filed_outcome(None, "run2", MailStatus.TO_FILE))])
    found = await filing.get(SYSTEM, "m1")
    assert found is not None
    assert (found.message.status, found.filing.dossier_id) == (MailStatus.FILED, "d1")


async def test_filing_by_hand_needs_a_dossier_of_the_cabinet_and_moves_the_search_entry(database):
    filing = await seeded(database)
    await database.batch([filing.record_outcome("m2", filed_outcome(None, status=MailStatus.TO_FILE)),
                          SearchIndex(database, "cab1").put_mail(SearchEntry(SearchKind.MAIL, "m2", None, "Objet"),
                                                                 NOW)])  # fmt: skip
    refused = await database.batch([filing.file_by_hand("m2", "x1", "classé à la main", "person:p", NOW)])
    assert refused[0].changes == 0
    done = await database.batch([filing.file_by_hand("m2", "d1", "classé à la main", "person:p", NOW),
                                 filing.refile_search_entry("m2")])  # fmt: skip
    assert done[0].changes == 1
    assert await database.first(*_sql(filing.filed_in("m2", "d1"))) is not None
    entry = await database.first(
        "SELECT dossier_id FROM search_entries WHERE cabinet_id = 'cab1' AND subject_id = 'm2'"
    )
    assert entry == {"dossier_id": "d1"}
    found = await filing.get(SYSTEM, "m2")
    assert found is not None
    assert (found.filing.by_hand, found.filing.confidence, found.filing.filed_by) == (True, 1.0, "person:p")


async def test_pages_filter_by_status_and_dossier_and_hide_mail_of_dossiers_the_actor_may_not_see(database):
    filing = await seeded(database)
    await database.batch([filing.record_outcome("m1", filed_outcome("d2")),
                          filing.record_outcome("m2", filed_outcome(None, "run2", MailStatus.TO_FILE))])  # fmt: skip
    assert [f.message.id for f in await filing.page(SYSTEM, MailFilter(status=MailStatus.TO_FILE), 10, None)] == ["m2"]
    assert [f.message.id for f in await filing.page(SYSTEM, MailFilter(dossier_id="d2"), 10, None)] == ["m1"]
    assert [f.message.id for f in await filing.page(COLLABORATEUR, MailFilter(), 10, None)] == ["m2"]
    assert await filing.get(COLLABORATEUR, "m1") is None
    everything = await filing.page(SYSTEM, MailFilter(), 1, None)
    assert len(everything) == 2  # one more than asked: there is a next page
    rest = await filing.page(SYSTEM, MailFilter(), 1, everything[0].message.id)
    assert [f.message.id for f in rest] == [everything[1].message.id]
    assert await Filing(database, "cab2").page(SYSTEM, MailFilter(), 10, None) == []


async def test_attachments_history_and_the_documents_a_dossier_already_holds(database):
    filing = await seeded(database)
    document = a_document("doc1", "d1")
    record = MailAttachmentRecord(0, "avis.pdf", "application/pdf", 1234, "ab" * 32)
    event = FilingEvent("h1", "m1", MailStatus.FILED, "d1", 0.9, "RG", False, "system", NOW)
    unfiled = FilingEvent("h2", "m1", MailStatus.TO_FILE, None, 0.4, "", False, "system", NOW)
    await database.batch([*Documents(database, "cab1").insert(document), filing.mark_from_mail("doc1"),
                          filing.put_attachment("m1", record), filing.add_history(event),
                          filing.add_history(unfiled, only_if=filing.filed_in("m1", "d1"))])  # fmt: skip
    assert await filing.document_in_dossier("d1", "ab" * 32) == "doc1"
    assert await filing.document_in_dossier("d2", "ab" * 32) is None
    source = await database.first("SELECT source FROM documents WHERE cabinet_id = 'cab1' AND id = 'doc1'")
    assert source == {"source": "courrier"}
    linked = MailAttachmentRecord(0, "avis.pdf", "application/pdf", 1234, "ab" * 32, "doc1", True)
    await database.batch([filing.put_attachment("m1", linked), filing.put_attachment("m1", record)])
    assert await filing.attachments("m1") == [linked]  # a document once linked stays linked
    assert [(e.id, e.status) for e in await filing.history("m1")] == [("h1", MailStatus.FILED)]
    assert await Filing(database, "cab2").attachments("m1") == []


async def test_erasing_a_dossier_unfiles_its_mail_and_forgets_its_remembered_senders(database):
    filing = await seeded(database)
    record = MailAttachmentRecord(0, "avis.pdf", "application/pdf", 1234, "ab" * 32, "doc1")
    await database.batch([*Documents(database, "cab1").insert(a_document("doc1", "d1")),
                          filing.record_outcome("m1", filed_outcome("d1")), filing.put_attachment("m1", record),
                          filing.remember_sender("d1", "expert@cabinet-x.fr", "person:p", NOW)])  # fmt: skip
    await database.batch(Erasure(database, "cab1").dossier("d1"))
    found = await filing.get(SYSTEM, "m1")
    assert found is not None
    assert (found.message.status, found.filing.dossier_id) == (MailStatus.TO_FILE, None)
    assert [a.document_id for a in await filing.attachments("m1")] == [None]
    assert await filing.dossiers_by_sender("expert@cabinet-x.fr") == []


async def test_the_operator_finds_a_messages_cabinet_by_its_id_alone(database):
    await seeded(database)
    cross = CrossCabinet(database)
    assert await cross.mail_cabinet("m1") == "cab1"
    assert await cross.mail_cabinet("inconnu") is None


def _sql(statement):
    return (statement.sql, *statement.params)
