"""The cabinet's row, the cross-cabinet reads and the cron's bookkeeping, on both runtimes' databases."""

from __future__ import annotations

from dataclasses import replace

from d1.cabinets import Cabinets
from d1.cross_cabinet import CrossCabinet
from d1.database import ConstraintViolation
from d1.inbound_mail import InboundMail, UnroutedMail
from d1.scheduled_runs import ScheduledRuns
from domain.cabinets import Cabinet, TotpPolicy
from tests.contract.expect import raises
from tests.contract.test_inbound_mail_repository import message


def cabinet(cabinet_id: str, address: str, name: str = "Cabinet") -> Cabinet:
    return Cabinet(cabinet_id, name, address.split("@")[0], address, "Europe/Paris", "2026-01-01T00:00:00+00:00")


async def test_a_cabinet_is_inserted_and_read_back_by_its_own_repository_only(database):
    martin = cabinet("cab1", "martin@poste.example", "Cabinet Martin")
    await database.batch([Cabinets(database, "cab1").insert(martin)])
    assert await Cabinets(database, "cab1").get() == martin
    assert await Cabinets(database, "cab2").get() is None


async def test_an_inbound_address_belongs_to_one_cabinet(database):
    await database.batch([Cabinets(database, "cab1").insert(cabinet("cab1", "martin@poste.example"))])
    with raises(ConstraintViolation):
        await database.batch([Cabinets(database, "cab2").insert(cabinet("cab2", "martin@poste.example"))])
    assert await Cabinets(database, "cab2").get() is None


async def test_a_cabinet_starts_with_the_default_settings_and_only_its_own_repository_changes_them(database):
    martin = cabinet("cab1", "martin@poste.example", "Cabinet Martin")
    durand = cabinet("cab2", "durand@poste.example", "Cabinet Durand")
    await database.batch([Cabinets(database, "cab1").insert(martin), Cabinets(database, "cab2").insert(durand)])
    stored = await Cabinets(database, "cab1").get()
    assert (stored.court_zone, stored.alert_days, stored.retention_days, stored.totp_policy) == (
        "metropole", (7, 3, 1, 0), 1827, TotpPolicy.OPTIONAL
    )  # fmt: skip
    changed = replace(
        martin, name="Martin & Associés", timezone="America/Cayenne", court_zone="973", alert_days=(15, 7, 1),
        retention_days=7300, totp_policy=TotpPolicy.REQUIRED, slug="autre", inbound_address="autre@poste.example",
    )  # fmt: skip
    await database.batch([Cabinets(database, "cab1").update_settings(changed)])
    # The slug and the inbound address never change: mail is on its way to them.
    assert await Cabinets(database, "cab1").get() == replace(
        changed, slug="martin", inbound_address="martin@poste.example"
    )
    with raises(ValueError):  # a cabinet's repository changes only that cabinet
        Cabinets(database, "cab2").update_settings(changed)
    await database.batch([Cabinets(database, "cab2").update_settings(replace(durand, name="Durand Avocats"))])
    assert (await Cabinets(database, "cab1").get()).name == "Martin & Associés"


async def test_a_slug_names_one_cabinet(database):
    martin = cabinet("cab1", "martin@poste.example", "Cabinet Martin")
    await database.batch([Cabinets(database, "cab1").insert(martin)])
    taken = replace(cabinet("cab2", "durand@poste.example"), slug="martin")
    with raises(ConstraintViolation):
        await database.batch([Cabinets(database, "cab2").insert(taken)])
    everyone = CrossCabinet(database)
    assert await everyone.cabinet_by_slug("martin") == martin
    assert await everyone.cabinet_by_slug("cab2") is None


async def test_the_cross_cabinet_reads(database):
    await database.batch([
        Cabinets(database, "cab2").insert(cabinet("cab2", "durand@poste.example", "Cabinet Durand")),
        Cabinets(database, "cab1").insert(cabinet("cab1", "martin@poste.example", "Cabinet Martin")),
        InboundMail(database, "cab1").insert(message("m1", "cab1", "2026-03-02T08:00:00+00:00")),
        UnroutedMail(database).insert(message("u1", None, "2026-03-01T08:00:00+00:00")),
    ])  # fmt: skip
    everyone = CrossCabinet(database)
    assert await everyone.cabinet_for_address("martin@poste.example") == "cab1"
    assert await everyone.cabinet_for_address("nobody@poste.example") is None
    assert (await everyone.delivery("cab1@poste.example", "mid:<m1@x>")).id == "m1"
    assert await everyone.delivery("cab2@poste.example", "mid:<m1@x>") is None
    assert await everyone.cabinet_ids() == ["cab1", "cab2"]
    assert [c.name for c in await everyone.cabinets()] == ["Cabinet Durand", "Cabinet Martin"]
    assert await everyone.inbound_totals_since("2026-03-01T00:00:00+00:00") == {"received": 2}
    assert await everyone.inbound_totals_since("2026-03-02T00:00:00+00:00") == {"received": 1}


async def test_a_period_is_claimed_once_until_it_fails_or_is_abandoned(database):
    runs = ScheduledRuns(database)

    async def claim(now: str) -> bool:
        return await runs.claim("scan", "2026-03-02", "0 6 * * *", now=now, abandoned_before="2026-03-02T05:45:00")

    assert await claim("2026-03-02T06:00:00")
    assert not await claim("2026-03-02T06:00:01")  # running, and not abandoned
    await database.batch([runs.finish("scan", "2026-03-02", "failed", "2026-03-02T06:00:02")])
    assert await claim("2026-03-02T06:00:03")  # a failed run is taken over
    await database.batch([runs.finish("scan", "2026-03-02", "done", "2026-03-02T06:00:04")])
    assert not await claim("2026-03-02T07:00:00")
    rows = await database.all("SELECT status, finished_at FROM scheduled_runs")
    assert rows == [{"status": "done", "finished_at": "2026-03-02T06:00:04"}]
