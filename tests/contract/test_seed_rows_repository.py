"""The seed's own writes (d1/seed_rows.py) on SQLite locally and on D1 in the Workers harness: mail filed to a
dossier, and the counts `./poste seed` reports, each cabinet's own."""

from __future__ import annotations

from d1.clients import Clients
from d1.inbound_mail import InboundMail
from d1.seed_rows import SeedRows
from domain.clients import Client, ClientKind
from tests.contract.test_inbound_mail_repository import cabinet, message

NOW = "2026-03-02T08:30:00+00:00"


async def test_mail_is_filed_to_a_dossier_and_counted_for_its_cabinet_only(database):
    await cabinet(database, "cab1")
    await cabinet(database, "cab2")
    mine, theirs = InboundMail(database, "cab1"), InboundMail(database, "cab2")
    await database.batch([mine.insert(message("m1", "cab1")), mine.insert(message("m2", "cab1", dedupe_key="k2")),
                          theirs.insert(message("m3", "cab2"))])  # fmt: skip
    client = Client("c1", "cab1", ClientKind.NATURAL, NOW, NOW, last_name="Dupont")
    await database.batch([*Clients(database, "cab1").insert(client), SeedRows(database, "cab1").file_mail("m1", "d1"),
                          SeedRows(database, "cab1").file_mail("m3", "d1")])  # fmt: skip
    counts = await SeedRows(database, "cab1").counts()
    assert (counts["mails"], counts["filed_mails"], counts["clients"], counts["search_entries"]) == (2, 1, 1, 1)
    assert (await SeedRows(database, "cab2").counts())["filed_mails"] == 0
