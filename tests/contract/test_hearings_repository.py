"""Hearings (d1/hearings.py) on SQLite locally and on D1 in the Workers harness: read with their dossier, filtered by
what the actor may see, written only at the version they were read at, never across cabinets."""

from __future__ import annotations

from dataclasses import replace

from d1.hearings import Hearings
from domain.actors import SYSTEM, Actor, Role
from domain.dossiers import Visibility
from domain.echeances import HearingStatus, Source
from tests.contract.dossier_seed import add_client, add_dossier
from tests.contract.echeance_rows import a_hearing
from tests.contract.seed import add_cabinet

ASSISTANT = Actor("person", "assistant", Role.ASSISTANT)


async def seeded(database) -> Hearings:
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await add_client(database, "c1", "cab1")
    await add_client(database, "c2", "cab2")
    await add_dossier(database, "open", "cab1", ["c1"])
    await add_dossier(database, "kept", "cab1", ["c1"], visibility=Visibility.EQUIPE)
    await add_dossier(database, "theirs", "cab2", ["c2"])
    hearings = Hearings(database, "cab1")
    await database.batch([
        hearings.insert(a_hearing("h1", "cab1", "open", date="2026-05-12")),
        hearings.insert(a_hearing("h2", "cab1", "open", date="2026-04-01")),
        hearings.insert(a_hearing("s1", "cab1", "open", status=HearingStatus.SUGGEREE, source=Source.COURRIER,
                                  source_id="mail1")),
        hearings.insert(a_hearing("old", "cab1", "open", status=HearingStatus.REMPLACEE, replaced_by="h1")),
        hearings.insert(a_hearing("k1", "cab1", "kept")),
        Hearings(database, "cab2").insert(a_hearing("t1", "cab2", "theirs", source_id="mail1", replaced_by="h1")),
    ])  # fmt: skip
    return hearings


async def test_hearings_are_read_by_date_where_the_actor_sees_their_dossier(database):
    hearings = await seeded(database)
    view = await hearings.get(ASSISTANT, "h1")
    assert view is not None
    assert (view.hearing.time, view.hearing.court, view.dossier.title) == ("09:30", "Tribunal judiciaire de Paris",
                                                                           "Bail commercial Dupont")  # fmt: skip
    assert await hearings.get(ASSISTANT, "k1") is None
    assert await hearings.get(SYSTEM, "t1") is None
    page = await hearings.page(ASSISTANT, filters={}, statuses=("prevue",), limit=10, after=None)
    assert [v.hearing.id for v in page] == ["h2", "h1"]
    later = await hearings.page(SYSTEM, filters={"dossier_id": "open", "from": "2026-05-01", "to": "2026-05-31"},
                                statuses=("prevue", "suggeree"), limit=10, after=["2026-05-12", "h1"])  # fmt: skip
    assert [v.hearing.id for v in later] == ["s1"]
    assert [v.hearing.id for v in await hearings.suggestions(ASSISTANT, 10)] == ["s1"]


async def test_standing_replaced_and_suggested_hearings_are_found_in_one_cabinet(database):
    hearings = await seeded(database)
    assert [h.id for h in await hearings.of_dossier("open")] == ["h2", "h1", "s1"]
    assert [h.id for h in await hearings.replaced("open", "h1")] == ["old"]
    assert [h.id for h in await hearings.of_source("mail1")] == ["s1"]


async def test_a_hearing_update_lands_only_at_the_version_it_was_read_at(database):
    hearings = await seeded(database)
    current = a_hearing("h1", "cab1", "open", date="2026-05-12")
    moved = replace(current, status=HearingStatus.REMPLACEE, replaced_by="h2", version=2)
    assert (await database.batch([hearings.update(moved, 1)]))[0].changes == 1
    assert (await database.batch([hearings.update(replace(moved, version=3), 1)]))[0].changes == 0
    assert (await database.batch([Hearings(database, "cab2").update(replace(moved, version=3), 2)]))[0].changes == 0
    view = await hearings.get(SYSTEM, "h1")
    assert view is not None
    assert (view.hearing.status, view.hearing.replaced_by, view.hearing.version) == (HearingStatus.REMPLACEE, "h2", 2)
