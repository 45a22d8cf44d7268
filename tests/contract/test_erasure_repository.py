"""The erasure statements and the retention job's reads (d1/erasure.py), on SQLite locally and on D1 in the Workers
harness (both enforce the foreign keys): a dossier goes with everything filed in it, children first; a shared
dossier only loses a link; the audit trail is pseudonymised, never deleted; nothing of another cabinet changes."""

from __future__ import annotations

import json

from d1.database import Statement
from d1.erasure import Erasure
from d1.search_index import SearchIndex
from domain.rgpd import pseudonym
from tests.contract.dossier_rows import audit_row, client_row, dossier_row, link, seed_client_file
from tests.contract.seed import add_cabinet

NOW = "2026-03-02T09:00:00+00:00"
DOSSIER_TABLES = (
    "dossiers", "dossier_clients", "parties", "party_emails", "court_references", "dossier_team", "conflict_checks",
    "documents", "document_versions", "document_tags",
)  # fmt: skip


async def count(database, table: str, cabinet_id: str = "cab1") -> int:
    row = await database.first(f"SELECT COUNT(*) AS n FROM {table} WHERE cabinet_id = ?", cabinet_id)
    return int(row["n"])


async def test_a_dossier_is_erased_with_everything_filed_in_it_and_its_mail_only_unlinked(database):
    await add_cabinet(database, "cab1")
    ids = await seed_client_file(database, "cab1", "claire", 1)
    kept = await seed_client_file(database, "cab1", "paul", 2)
    erasure = Erasure(database, "cab1")
    await database.batch(erasure.dossier(ids.dossier))
    for table in DOSSIER_TABLES:
        assert await count(database, table) == (2 if table == "document_versions" else 1), table
    mail = await database.all("SELECT id, dossier_id FROM inbound_mail WHERE cabinet_id = 'cab1' ORDER BY id")
    assert mail == [{"id": ids.mail, "dossier_id": None}, {"id": kept.mail, "dossier_id": kept.dossier}]
    entries = await database.all("SELECT subject_id FROM search_entries WHERE cabinet_id = 'cab1' ORDER BY 1")
    assert [row["subject_id"] for row in entries] == sorted([ids.client, kept.client, kept.dossier, kept.document])
    assert await SearchIndex(database, "cab1").count() == 4


async def test_a_client_is_erased_after_their_dossiers_and_their_request_stays_done_under_a_pseudonym(database):
    await add_cabinet(database, "cab1")
    ids = await seed_client_file(database, "cab1", "claire", 1)
    await database.batch([
        client_row("cab1", "paul", "Martin", "Paul"),
        dossier_row("cab1", "shared", 2),
        link("cab1", "shared", ids.client),
        link("cab1", "shared", "paul"),
    ])  # fmt: skip
    erasure = Erasure(database, "cab1")
    await database.batch([erasure.request(ids.client, "person:associe", NOW, "2026-03-01")])
    await database.batch([
        *erasure.dossier(ids.dossier), erasure.unlink("shared", ids.client), *erasure.client(ids.client, NOW)
    ])  # fmt: skip
    assert await database.all("SELECT id FROM clients WHERE cabinet_id = 'cab1'") == [{"id": "paul"}]
    assert await count(database, "client_emails") == 0
    links = await database.all("SELECT dossier_id, client_id FROM dossier_clients WHERE cabinet_id = 'cab1'")
    assert links == [{"dossier_id": "shared", "client_id": "paul"}]
    request = await database.first("SELECT client_id, done_at FROM erasure_requests WHERE cabinet_id = 'cab1'")
    assert request == {"client_id": pseudonym(ids.client), "done_at": NOW}
    assert await SearchIndex(database, "cab1").count() == 0


async def test_the_audit_trail_is_pseudonymised_in_subjects_and_summaries_and_never_shortened(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    ids = await seed_client_file(database, "cab1", "claire", 1)
    other = await seed_client_file(database, "cab1", "paul", 2)
    many = [f"piece-{n}" for n in range(40)]  # more ids than one statement binds
    await database.batch([audit_row("cab1", f"e-{n}", "document.uploaded", piece, "") for n, piece in enumerate(many)])
    await database.batch([
        audit_row("cab2", "theirs", "client.created", ids.client, f"client {ids.client}"),
        audit_row("cab1", "about-shared", "dossier.client_added", "shared", ids.name),
        audit_row("cab1", "removed", "dossier.client_removed", "shared", ids.client),
        audit_row("cab1", "longer", "dossier.client_added", "shared", f"{ids.name} et Fils"),
        audit_row("cab1", "homonym", "client.created", "homonym", f"client {ids.name} ({ids.client}x)"),
    ])  # fmt: skip
    before = await count(database, "audit_log")
    await database.batch(
        Erasure(database, "cab1").pseudonymise([ids.client, ids.dossier, *many], ids.name, kept=["shared"])
    )
    assert await count(database, "audit_log") == before
    rows = await database.all("SELECT id, subject, summary FROM audit_log WHERE cabinet_id = 'cab1' ORDER BY id")
    by_id = {row["id"]: row for row in rows}
    client = pseudonym(ids.client)
    assert (by_id["claire-a1"]["subject"], by_id["claire-a1"]["summary"]) == (client, client)
    dossier = pseudonym(ids.dossier)
    assert (by_id["claire-a2"]["subject"], by_id["claire-a2"]["summary"]) == (dossier, dossier)
    assert (by_id["about-shared"]["subject"], by_id["about-shared"]["summary"]) == ("shared", client)
    assert by_id["removed"]["summary"] == client
    assert by_id["longer"]["summary"] == f"{ids.name} et Fils"  # another client's name, which holds the erased one
    assert by_id["homonym"]["summary"] == f"client {ids.name} ({client}x)"  # about someone else: only the id goes
    assert {by_id[f"e-{n}"]["subject"] for n in range(40)} == {pseudonym(piece) for piece in many}
    assert (by_id["paul-a1"]["subject"], by_id["paul-a1"]["summary"]) == (
        other.client,
        f"client {other.name} ({other.client})",
    )
    theirs = await database.first("SELECT subject, summary FROM audit_log WHERE cabinet_id = 'cab2'")
    assert theirs == {"subject": ids.client, "summary": f"client {ids.client}"}


async def test_a_request_is_due_from_its_date_and_a_postponed_one_waits(database):
    await add_cabinet(database, "cab1")
    await database.batch([client_row("cab1", "claire", "Dupont"), client_row("cab1", "paul", "Martin", "Paul")])
    erasure = Erasure(database, "cab1")
    await database.batch([
        erasure.request("claire", "person:associe", NOW, "2026-03-02"),
        erasure.request("paul", "person:associe", NOW, "2026-04-01"),
    ])  # fmt: skip
    assert await erasure.due_requests("2026-03-02", limit=10) == ["claire"]
    assert await erasure.due_requests("2026-04-01", limit=1) == ["claire"]
    await database.batch([erasure.postpone("claire", "2031-03-02")])
    assert await erasure.due_requests("2026-04-01", limit=10) == ["paul"]
    assert await Erasure(database, "cab2").due_requests("2031-12-31", limit=10) == []


async def test_dossiers_closed_by_the_cutoff_are_found_oldest_first_and_open_ones_never(database):
    await add_cabinet(database, "cab1")
    await database.batch([
        dossier_row("cab1", "old", 1, "archive", "2019-01-15"),
        dossier_row("cab1", "older", 2, "clos", "2018-05-02"),
        dossier_row("cab1", "recent", 3, "clos", "2024-01-01"),
        dossier_row("cab1", "open", 4, "ouvert", None),
    ])  # fmt: skip
    erasure = Erasure(database, "cab1")
    due = await erasure.dossiers_closed_by("2021-03-02", limit=10)
    assert [(d.id, d.reference, d.closed_on) for d in due] == [("older", "2019-0002", "2018-05-02"),
                                                               ("old", "2019-0001", "2019-01-15")]  # fmt: skip
    assert [d.id for d in await erasure.dossiers_closed_by("2021-03-02", limit=1)] == ["older"]
    assert await Erasure(database, "cab2").dossiers_closed_by("2030-01-01", limit=10) == []


async def test_the_blobs_and_filed_ids_of_a_dossier_are_listed_before_it_goes(database):
    await add_cabinet(database, "cab1")
    ids = await seed_client_file(database, "cab1", "claire", 1)
    other = await seed_client_file(database, "cab1", "paul", 2)
    erasure = Erasure(database, "cab1")
    assert await erasure.blob_keys([ids.dossier]) == sorted(ids.blob_keys)
    assert await erasure.blob_keys([ids.dossier, other.dossier]) == sorted([*ids.blob_keys, *other.blob_keys])
    assert sorted(await erasure.filed(ids.dossier)) == [
        ("conflit", "claire-check"), ("document", ids.document), ("partie", "claire-party"), ("reference", "claire-ref")
    ]  # fmt: skip
    assert await erasure.document_ids_among([ids.document, other.document, "gone"]) == {ids.document, other.document}
    assert await Erasure(database, "cab2").document_ids_among([ids.document]) == set()
    assert await Erasure(database, "cab2").blob_keys([ids.dossier]) == []


async def test_other_dossiers_conflict_checks_keep_their_match_with_the_erased_client_under_the_pseudonym(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await database.batch([dossier_row("cab1", "other", 1), dossier_row("cab2", "theirs", 1)])
    found = {"subject": "Claire Dupont", "match": "nom", "against": "client", "id": "claire", "name": "Mme Claire"
             " Dupont", "dossier_id": None, "dossier_reference": None, "blocking": True}  # fmt: skip
    second = {**found, "id": "paul", "name": "M. Paul Martin", "blocking": False}
    for cabinet, dossier in (("cab1", "other"), ("cab2", "theirs")):
        await database.run(
            "INSERT INTO conflict_checks (id, cabinet_id, dossier_id, subjects_json, matches_json, decision,"
            " checked_by, checked_at) VALUES (?, ?, ?, '[]', ?, 'confirme', 'person:avocat', ?)",
            f"check-{cabinet}", cabinet, dossier, json.dumps([found, second]), NOW,
        )  # fmt: skip
    await database.batch([Erasure(database, "cab1").scrub_conflict_matches("claire")])
    rows = await database.all("SELECT cabinet_id, matches_json FROM conflict_checks ORDER BY cabinet_id")
    alias = pseudonym("claire")
    assert [json.loads(row["matches_json"]) for row in rows] == [
        [{**found, "id": alias, "name": alias}, second],
        [found, second],  # another cabinet's client of the same id
    ]


async def test_guarded_erasure_leaves_a_dossier_reopened_or_shared_since_it_was_read_whole(database):
    await add_cabinet(database, "cab1")
    due = await seed_client_file(database, "cab1", "claire", 1)  # closed 2019-06-30
    reopened = await seed_client_file(database, "cab1", "paul", 2)
    shared = await seed_client_file(database, "cab1", "jeanne", 3)
    await database.batch([
        Statement("UPDATE dossiers SET status = 'ouvert', closed_on = NULL WHERE id = ?", (reopened.dossier,)),
        link("cab1", shared.dossier, due.client),  # jeanne's dossier now also claire's
    ])  # fmt: skip
    erasure = Erasure(database, "cab1")
    writes = []
    for ids in (due, reopened, shared):
        writes += erasure.dossier(ids.dossier, erasure.still_due(ids.dossier, "2021-03-02", ids.client))
        writes += erasure.pseudonymise([ids.dossier], only_if=erasure.gone(ids.dossier))
    await database.batch(writes)
    left = await database.all("SELECT id FROM dossiers WHERE cabinet_id = 'cab1' ORDER BY id")
    assert left == [{"id": shared.dossier}, {"id": reopened.dossier}]
    expected = {"document_versions": 4, "dossier_clients": 3}  # two kept dossiers, one with two clients
    for table in DOSSIER_TABLES:
        assert await count(database, table) == expected.get(table, 2), table
    subjects = {row["subject"] for row in await database.all("SELECT subject FROM audit_log WHERE cabinet_id = 'cab1'")}
    assert {reopened.dossier, shared.dossier, pseudonym(due.dossier)} <= subjects
    assert due.dossier not in subjects
    late = Erasure(database, "cab1")  # closed after the cutoff: kept too, the purge's guard has no client
    await database.batch(late.dossier(shared.dossier, late.still_due(shared.dossier, "2019-06-29")))
    assert await count(database, "dossiers") == 2
