"""The full-text search's read side (d1/search.py) on SQLite locally and on D1 in the Workers harness: ranked with
titles above bodies, snippets marked with brackets, limited in SQL to the dossiers the actor may see, never another
cabinet's entries whatever is typed, and pages that neither repeat nor skip an entry."""

from __future__ import annotations

from d1.database import Statement
from d1.inbound_mail import InboundMail
from d1.search import Search, SearchPosition
from d1.search_index import SearchEntry, SearchIndex, SearchKind
from domain.actors import SYSTEM, Actor, Role
from domain.inbound_mail import InboundMessage, MailStatus
from domain.search_query import search_query
from tests.contract.seed import add_cabinet

NOW = "2026-03-02T08:30:00+00:00"
ASSOCIE = Actor("person", "boss", Role.ASSOCIE)
LAWYER = Actor("person", "lawyer", Role.AVOCAT)
OUTSIDER = Actor("person", "outsider", Role.AVOCAT)


def dossier(dossier_id: str, cabinet_id: str, number: int, visibility: str, responsible: str | None) -> Statement:
    return Statement(
        "INSERT INTO dossiers (id, cabinet_id, reference, year, number, title, matter_type, status, visibility,"
        " responsible_id, opened_on, created_at, updated_at) VALUES (?, ?, ?, 2026, ?, 'Titre', 'Bail', 'ouvert', ?,"
        " ?, '2026-03-02', ?, ?)",
        (dossier_id, cabinet_id, f"2026-{number:04d}", number, visibility, responsible, NOW, NOW),
    )


async def put(database, cabinet_id: str, *entries: SearchEntry) -> None:
    index = SearchIndex(database, cabinet_id)
    await database.batch([index.put(entry, NOW) for entry in entries])


async def found(database, cabinet_id: str, actor: Actor, text: str, **options) -> list[str]:
    hits = await Search(database, cabinet_id).find(actor, search_query(text), **options)
    return [hit.subject_id for hit in hits]


async def test_a_title_match_ranks_above_a_body_match_and_the_snippet_marks_the_words(database):
    await add_cabinet(database, "cab1")
    await put(
        database,
        "cab1",
        SearchEntry(SearchKind.DOCUMENT, "body", None, "Courrier du 2 mars", "Lettre de la société Lefèvre [annexe]"),
        SearchEntry(SearchKind.CLIENT, "title", None, "Société Lefèvre", "Client depuis 2019"),
    )
    hits = await Search(database, "cab1").find(ASSOCIE, search_query("lefevre"))
    assert [hit.subject_id for hit in hits] == ["title", "body"]
    assert hits[0].snippet == "Société [Lefèvre]"
    assert hits[1].snippet == "Lettre de la société [Lefèvre] (annexe)"
    assert (hits[0].kind, hits[0].title, hits[0].dossier_id) == (SearchKind.CLIENT, "Société Lefèvre", None)


async def test_an_entry_filed_under_a_dossier_names_its_reference(database):
    await add_cabinet(database, "cab1")
    await database.batch([dossier("d1", "cab1", 7, "cabinet", None)])
    await put(database, "cab1", SearchEntry(SearchKind.PARTY, "p1", "d1", "SCI Les Tilleuls"))
    [hit] = await Search(database, "cab1").find(LAWYER, search_query("tilleuls"))
    assert (hit.kind, hit.dossier_id, hit.dossier_reference) == (SearchKind.PARTY, "d1", "2026-0007")


async def test_entries_of_a_dossier_kept_to_its_team_are_found_only_by_those_who_may_see_it(database):
    await add_cabinet(database, "cab1")
    await database.batch([
        dossier("open", "cab1", 1, "cabinet", None),
        dossier("kept", "cab1", 2, "equipe", "lawyer"),
        Statement("INSERT INTO dossier_team (cabinet_id, dossier_id, person_id) VALUES ('cab1', 'kept', 'mate')"),
    ])  # fmt: skip
    await put(
        database,
        "cab1",
        SearchEntry(SearchKind.DOSSIER, "open", "open", "Bail Tilleuls"),
        SearchEntry(SearchKind.DOCUMENT, "secret", "kept", "Bail confidentiel Tilleuls"),
        SearchEntry(SearchKind.CLIENT, "client", None, "Tilleuls SA"),
    )
    everything = ["client", "open", "secret"]
    assert sorted(await found(database, "cab1", LAWYER, "tilleuls")) == everything
    assert sorted(await found(database, "cab1", Actor("person", "mate", Role.ASSISTANT), "tilleuls")) == everything
    assert sorted(await found(database, "cab1", ASSOCIE, "tilleuls")) == everything
    assert sorted(await found(database, "cab1", SYSTEM, "tilleuls")) == everything
    assert sorted(await found(database, "cab1", OUTSIDER, "tilleuls")) == ["client", "open"]
    assert await found(database, "cab1", OUTSIDER, "confidentiel") == []
    assert await found(database, "cab1", Actor("operator", "cli"), "tilleuls") == ["client"]


async def test_another_cabinets_entries_are_never_returned_whatever_is_typed(database):
    await add_cabinet(database, "cab1")
    await add_cabinet(database, "cab2")
    await put(database, "cab1", SearchEntry(SearchKind.CLIENT, "ours", None, "Dupont", "", ("24/01234",)))
    await put(database, "cab2", SearchEntry(SearchKind.CLIENT, "theirs", None, "Dupont", "tcab2", ("24/01234",)))
    for typed in ["dupont", "24/01234", "tcab2", "tenant tcab2", '" OR tenant : "tcab2', "dupont OR tcab2", "du*"]:
        assert "theirs" not in await found(database, "cab1", ASSOCIE, typed), typed
    assert await found(database, "cab1", ASSOCIE, "Dupont") == ["ours"]
    assert await found(database, "cab2", ASSOCIE, "Dupont") == ["theirs"]


async def test_a_kind_keeps_only_entries_of_that_kind(database):
    await add_cabinet(database, "cab1")
    await put(
        database,
        "cab1",
        SearchEntry(SearchKind.CLIENT, "c1", None, "Martin"),
        SearchEntry(SearchKind.MAIL, "m1", None, "Audience Martin"),
    )
    assert await found(database, "cab1", ASSOCIE, "martin", kind=SearchKind.MAIL) == ["m1"]
    assert await found(database, "cab1", ASSOCIE, "martin", kind=SearchKind.DOSSIER) == []


async def test_pages_of_120_entries_follow_each_other_without_repeating_or_skipping_one(database):
    await add_cabinet(database, "cab1")
    index = SearchIndex(database, "cab1")
    # Ranks tie in groups (same text) and differ between groups (more occurrences rank higher): both orders matter.
    entries = [
        SearchEntry(SearchKind.DOCUMENT, f"doc{n:03d}", None, f"Pièce {n}", " ".join(["audience"] * (1 + n % 4)))
        for n in range(120)
    ]
    await database.batch([index.put(entry, NOW) for entry in entries])
    search, query, seen = Search(database, "cab1"), search_query("audience"), []
    after: SearchPosition | None = None
    for _ in range(20):
        hits = await search.find(ASSOCIE, query, after=after, limit=26)
        page = hits[:25]
        seen += [hit.subject_id for hit in page]
        if len(hits) <= 25:
            break
        after = page[-1].position
    assert len(seen) == len(set(seen)) == 120
    ranks = [hit.position.rank for hit in await search.find(ASSOCIE, query, limit=200)]
    assert ranks == sorted(ranks)


async def test_a_messages_entry_is_filed_under_the_dossier_its_mail_row_names_when_the_batch_runs(database):
    await add_cabinet(database, "cab1")
    message = InboundMessage(
        "m1", "cab1", "greffe@justice.fr", "cab1@poste.example", "mid:<m1@x>", 120, "ab" * 32, "k/m1.eml",
        MailStatus.RECEIVED, NOW,
    )  # fmt: skip
    index, entry = SearchIndex(database, "cab1"), SearchEntry(SearchKind.MAIL, "m1", None, "Avis de fixation Tilleuls")
    await database.batch(
        [dossier("kept", "cab1", 1, "equipe", "lawyer"), InboundMail(database, "cab1").insert(message)]
    )
    await database.batch([index.put_mail(entry, NOW)])
    assert await found(database, "cab1", OUTSIDER, "tilleuls") == ["m1"]  # not filed yet: the cabinet's
    await database.batch([
        Statement("UPDATE inbound_mail SET dossier_id = 'kept' WHERE cabinet_id = 'cab1' AND id = 'm1'"),
        index.put_mail(entry, NOW),
    ])  # fmt: skip
    assert await found(database, "cab1", OUTSIDER, "tilleuls") == []
    [hit] = await Search(database, "cab1").find(LAWYER, search_query("tilleuls"))
    assert (hit.subject_id, hit.dossier_id) == ("m1", "kept")
    assert await index.count() == 1
