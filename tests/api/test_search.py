"""`GET /api/search` on both runtimes: a client found by a name typed without accents, a dossier by its RG in any
punctuation, a message by a word of its body once delivered, `equipe` dossiers' entries kept to their team, another
cabinet's data never shown, and the 422s of bad parameters.

Until the clients and dossiers features land, dossiers and their entries are written here as those features will
write them (a `dossiers` row, `SearchIndex.put` in one batch): raw SQL in a test only, as tests/contract does."""

from __future__ import annotations

import base64
from urllib.parse import quote

from d1.database import Statement
from d1.search_index import SearchEntry, SearchIndex, SearchKind
from domain.actors import Role
from domain.cabinets import Cabinet
from services.context import AppContext
from tests.api.client import ApiClient, ApiResponse
from tests.api.seed import avis, delivered, new_cabinet, person_of, signed_in

NOW = "2026-03-02T08:30:00+00:00"


async def dossier(
    ctx: AppContext,
    cabinet: Cabinet,
    number: int,
    title: str,
    *,
    visibility: str = "cabinet",
    team: tuple[str, ...] = (),
    refs: tuple[str, ...] = (),
) -> str:
    """A dossier and its search entry (refs: its court references), as the dossiers feature writes them."""
    dossier_id = f"{cabinet.id}-D{number}"
    entry = SearchEntry(SearchKind.DOSSIER, dossier_id, dossier_id, title, "", refs)
    await ctx.db.batch([
        Statement(
            "INSERT INTO dossiers (id, cabinet_id, reference, year, number, title, matter_type, status, visibility,"
            " responsible_id, opened_on, created_at, updated_at) VALUES (?, ?, ?, 2026, ?, ?, 'Bail', 'ouvert', ?, ?,"
            " '2026-03-02', ?, ?)",
            (dossier_id, cabinet.id, f"2026-{number:04d}", number, title, visibility, None, NOW, NOW),
        ),
        *(Statement("INSERT INTO dossier_team (cabinet_id, dossier_id, person_id) VALUES (?, ?, ?)",
                    (cabinet.id, dossier_id, person)) for person in team),
        SearchIndex(ctx.db, cabinet.id).put(entry, NOW),
    ])  # fmt: skip
    return dossier_id


async def client(ctx: AppContext, cabinet: Cabinet, client_id: str, name: str) -> None:
    await ctx.db.batch(
        [SearchIndex(ctx.db, cabinet.id).put(SearchEntry(SearchKind.CLIENT, client_id, None, name), NOW)]
    )


async def searched(api: ApiClient, headers: dict[str, str], query: str) -> ApiResponse:
    return await api.request("GET", f"/api/search?{query}", headers=headers)


async def ids(api: ApiClient, headers: dict[str, str], q: str) -> list[str]:
    answer = await searched(api, headers, f"q={quote(q)}")
    assert answer.status == 200, answer.body
    return [item["id"] for item in answer.json()["items"]]


async def test_a_client_is_found_by_a_name_typed_without_accents_or_capitals(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    await client(api.context, cabinet, "c-1", "Mme Hélène Lefèvre-Bérard")
    headers = await signed_in(api.context, cabinet.id, Role.ASSISTANT)
    answer = await searched(api, headers, "q=helene%20lefevre")
    assert answer.status == 200
    assert answer.json() == {
        "items": [{"kind": "client", "id": "c-1", "title": "Mme Hélène Lefèvre-Bérard",
                   "snippet": "Mme [Hélène] [Lefèvre]-Bérard", "dossier": None}],
        "next_cursor": None,
    }  # fmt: skip
    assert await ids(api, headers, "LEFEVRE BER") == ["c-1"]  # the last word is a prefix


async def test_a_dossier_is_found_by_its_rg_in_any_punctuation(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    found = await dossier(api.context, cabinet, 42, "SCI Les Tilleuls c/ Dupont", refs=("24/01234",))
    await dossier(api.context, cabinet, 43, "Autre affaire", refs=("24/01235",))
    headers = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    for typed in ("24/01234", "24-01234", "2401234", "RG 24/1234"):
        assert await ids(api, headers, typed) == [found], typed
    item = (await searched(api, headers, "q=tilleuls")).json()["items"][0]
    assert (item["kind"], item["dossier"]) == ("dossier", {"id": found, "reference": "2026-0042"})


async def test_a_delivered_message_is_found_by_a_word_of_its_body(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    inbound_id = await delivered(api.context, cabinet, avis("Avis de fixation", rg="25/00077"))
    headers = await signed_in(api.context, cabinet.id, Role.ASSISTANT)
    answer = await searched(api, headers, "q=audience%20avril&kind=mail")
    [item] = answer.json()["items"]
    assert (item["kind"], item["id"], item["title"], item["dossier"]) == ("mail", inbound_id, "Avis de fixation", None)
    assert "[audience]" in item["snippet"]
    assert "[avril]" in item["snippet"]
    assert await ids(api, headers, "greffe tj paris") == [inbound_id]  # the sender
    assert await ids(api, headers, "25-77") == [inbound_id]  # the court reference read in it
    assert (await searched(api, headers, "q=audience&kind=client")).json()["items"] == []


async def test_a_dossier_kept_to_its_team_is_searched_only_by_its_team_and_the_associes(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    teammate = await person_of(api.context, cabinet.id, Role.COLLABORATEUR)
    kept = await dossier(api.context, cabinet, 1, "Succession Vautrin", visibility="equipe", team=(teammate.id,))
    shown = await dossier(api.context, cabinet, 2, "Vautrin c/ Banque")
    avocat = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    assert await ids(api, avocat, "vautrin") == [shown]
    assert await ids(api, avocat, "succession") == []
    assert sorted(await ids(api, await signed_in(api.context, cabinet.id, Role.COLLABORATEUR), "vautrin")) == sorted(
        [kept, shown]
    )
    assert sorted(await ids(api, await signed_in(api.context, cabinet.id, Role.ASSOCIE), "vautrin")) == sorted(
        [kept, shown]
    )


async def test_another_cabinets_clients_dossiers_and_mail_never_appear(api: ApiClient) -> None:
    theirs = await new_cabinet(api.context, "martin@poste.example")
    ours = await new_cabinet(api.context, "durand@poste.example")
    await client(api.context, theirs, "their-client", "Hélène Lefèvre")
    await dossier(api.context, theirs, 1, "Lefèvre c/ Banque", refs=("24/01234",))
    await delivered(api.context, theirs, avis("Lefèvre : avis de fixation"))
    await client(api.context, ours, "our-client", "Hélène Lefèvre")
    headers = await signed_in(api.context, ours.id, Role.ASSOCIE)
    for typed in (
        "lefevre",
        "helene",
        "24/01234",
        "audience",
        "banque",
        f"t{theirs.id}",
        f'" OR tenant : "t{theirs.id}',
    ):
        answer = await searched(api, headers, f"q={quote(typed)}")
        assert answer.status in (200, 422), typed
        assert theirs.id not in answer.body.decode(), typed
        assert "their-client" not in answer.body.decode(), typed
        assert [item["id"] for item in answer.json().get("items", [])] in ([], ["our-client"]), typed


async def test_pages_are_read_with_the_next_cursor_until_none_is_left(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    for n in range(5):
        await client(api.context, cabinet, f"c-{n}", f"Client Martin numéro {n}")
    headers = await signed_in(api.context, cabinet.id, Role.ASSISTANT)
    first = (await searched(api, headers, "q=martin&limit=2")).json()
    second = (await searched(api, headers, f"q=martin&limit=2&cursor={first['next_cursor']}")).json()
    third = (await searched(api, headers, f"q=martin&limit=2&cursor={second['next_cursor']}")).json()
    seen = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert sorted(seen) == [f"c-{n}" for n in range(5)]
    assert third["next_cursor"] is None
    other = await searched(api, headers, f"q=numero&limit=2&cursor={first['next_cursor']}")
    assert (other.status, other.json()["champ"]) == (422, "cursor")  # a cursor of another search
    tag, rank, _ = base64.urlsafe_b64decode(first["next_cursor"] + "==").decode().split("|")
    beyond = base64.urlsafe_b64encode(f"{tag}|{rank}|{2**53 + 1}".encode()).decode().rstrip("=")
    forged = await searched(api, headers, f"q=martin&limit=2&cursor={beyond}")  # past a D1 number's exact range
    assert (forged.status, forged.json()["erreur"], forged.json()["champ"]) == (422, "curseur", "cursor")


async def test_bad_parameters_are_refused_with_422_naming_them(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    headers = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    for query in ("", "q=", "q=a", "q=%20%C3%A9%20", "q=%22*"):
        answer = await searched(api, headers, query)
        assert (answer.status, answer.json()["champ"]) == (422, "q"), query
        assert answer.json()["message"].startswith("Saisissez au moins deux caractères")
    for query, field in (("q=ab&limit=0", "limit"), ("q=ab&limit=101", "limit"), ("q=ab&limit=x", "limit"),
                         ("q=ab&cursor=nimportequoi", "cursor"), ("q=ab&kind=personne", "kind")):  # fmt: skip
        answer = await searched(api, headers, query)
        body = answer.json()
        named = body.get("champ") or [problem["champ"] for problem in body.get("details", [])]
        assert answer.status == 422, (query, body)
        assert field in named, (query, body)


async def test_a_message_is_indexed_by_what_its_sender_wrote_not_by_the_history_it_quotes(api: ApiClient) -> None:
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    reply = (
        "From: Me Paul Girard <paul.girard@avocats.example>\r\nSubject: Re: Renvoi\r\nMessage-ID: <reply-1@x>\r\n"
        "Date: Mon, 2 Mar 2026 09:15:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Cher confrère, je consens au renvoi.\r\n\r\n"
        "Le 1 mars 2026, Me Durand a écrit :\r\n> Acceptez-vous une médiation préalable ?\r\n"
    ).encode()
    inbound_id = await delivered(api.context, cabinet, reply)
    headers = await signed_in(api.context, cabinet.id, Role.AVOCAT)
    assert await ids(api, headers, "consens renvoi") == [inbound_id]
    assert await ids(api, headers, "paul girard") == [inbound_id]
    assert await ids(api, headers, "mediation prealable") == []
