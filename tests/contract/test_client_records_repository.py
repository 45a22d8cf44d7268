"""What the RGPD export reads about one client (d1/client_records.py), on SQLite locally and on D1 in the Workers
harness: the client and their addresses, their dossiers with everything filed in them, their erasure request and the
audit entries about them — and nothing of another client or another cabinet."""

from __future__ import annotations

from d1.client_records import ClientRecords
from d1.erasure import Erasure
from tests.contract.dossier_rows import audit_row, client_email, client_row, dossier_row, link, seed_client_file
from tests.contract.seed import add_cabinet

NOW = "2026-03-02T09:00:00+00:00"


async def test_a_client_is_read_with_their_addresses_and_only_in_their_cabinet(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    ids = await seed_client_file(database, "cab1", "claire", 1)
    client = await ClientRecords(database, "cab1").client(ids.client)
    assert client is not None
    assert (client.id, client.display_name, client.emails) == (ids.client, ids.name, ("claire@exemple.fr",))
    assert client.client["addresses_json"].startswith('[{"line1": "3 rue des Lilas"')
    assert await ClientRecords(database, "cab2").client(ids.client) is None
    assert await ClientRecords(database, "cab1").client("inconnu") is None


async def test_a_clients_dossiers_say_their_status_closing_date_and_how_many_other_clients_share_them(database):
    await add_cabinet(database, "cab1")
    ids = await seed_client_file(database, "cab1", "claire", 1, status="clos", closed_on="2019-06-30")
    await database.batch([
        client_row("cab1", "paul", "Martin", "Paul"),
        dossier_row("cab1", "shared", 2),
        link("cab1", "shared", ids.client),
        link("cab1", "shared", "paul"),
    ])  # fmt: skip
    terms = await ClientRecords(database, "cab1").dossier_terms(ids.client)
    assert [(t.id, t.status, t.closed_on, t.other_clients, t.shared) for t in terms] == [
        (ids.dossier, "clos", "2019-06-30", 0, False),
        ("shared", "ouvert", None, 1, True),
    ]
    assert [t.id for t in await ClientRecords(database, "cab1").dossier_terms("paul")] == ["shared"]


async def test_a_dossiers_file_holds_everything_filed_in_it(database):
    await add_cabinet(database, "cab1")
    ids = await seed_client_file(database, "cab1", "claire", 1)
    dossier = await ClientRecords(database, "cab1").dossier_file(ids.dossier)
    assert dossier is not None
    assert dossier.reference == "2019-0001"
    assert [row["display_name"] for row in dossier.clients] == [ids.name]
    assert [(p["name"], p["emails"]) for p in dossier.parties] == [("SCI Les Tilleuls", ["sci@tilleuls.fr"])]
    assert [r["value"] for r in dossier.court_references] == ["24/01234"]
    assert dossier.team == ("collaboratrice",)
    assert [c["decision"] for c in dossier.conflict_checks] == ["aucun"]
    (document,) = dossier.documents
    assert document.tags == ("procedure",)
    assert [v["version"] for v in document.versions] == [1, 2]
    assert document.current is not None
    assert document.current["blob_key"] == ids.blob_keys[1]
    (mail,) = dossier.mail
    assert mail.mail["id"] == ids.mail
    assert mail.reading is not None
    assert mail.reading["subject"] == "Avis d'audience"
    assert await ClientRecords(database, "cab2").dossier_file(ids.dossier) is None


async def test_the_audit_entries_about_a_client_and_their_dossier_are_read_oldest_first_and_no_others(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    ids = await seed_client_file(database, "cab1", "claire", 1)
    other = await seed_client_file(database, "cab1", "paul", 2)
    await database.batch([audit_row("cab2", "elsewhere", "client.created", ids.client, "même id, autre cabinet")])
    entries = await ClientRecords(database, "cab1").audit_about([ids.client, ids.dossier, ids.document])
    assert [(entry.action, entry.subject) for entry in entries] == [
        ("client.created", ids.client),
        ("dossier.created", ids.dossier),
        ("document.uploaded", ids.document),
    ]
    assert all(entry.cabinet_id == "cab1" for entry in entries)
    assert other.client not in {entry.subject for entry in entries}


async def test_an_erasure_request_is_read_as_recorded(database):
    await add_cabinet(database, "cab1")
    await database.batch([client_row("cab1", "claire", "Dupont"), client_email("cab1", "claire", "c@d.fr")])
    records = ClientRecords(database, "cab1")
    assert await records.erasure_request("claire") is None
    await database.batch([Erasure(database, "cab1").request("claire", "person:associe", NOW, "2031-06-30")])
    request = await records.erasure_request("claire")
    assert request is not None
    assert (request["requested_by"], request["erasable_from"], request["done_at"]) == (
        "person:associe", "2031-06-30", None
    )  # fmt: skip
