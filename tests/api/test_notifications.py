"""A person's notifications through the API, on both runtimes (docs/notifications.md): listed newest first in keyset
pages, counted, marked read one by one or all at once (a `read` frame to the person's own sockets), preferences per
type; each person sees only their own. And the home screen (`GET /api/dashboard`), for the dossiers one may see."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from domain.actors import SYSTEM, Actor, Role
from domain.extraction.model import Fact, FactKind
from domain.notifications import Audience, NewNotification, NotificationType
from domain.pages import encode_cursor
from services import notifications
from services.context import AppContext
from services.scope import CabinetScope, SystemScope
from services.suggestions import suggest_from_facts
from tests.api.client import ApiClient
from tests.api.seed import avis, delivered, new_cabinet, person_of, signed_in
from tests.scripted_transcriber import RecordingHub

NOT_FOUND = {"erreur": "introuvable", "message": "Notification introuvable."}


async def _notify(ctx: AppContext, cabinet_id: str, *people: str, title: str = "Courrier à classer",
                  kind: NotificationType = NotificationType.MAIL_TO_FILE) -> str:  # fmt: skip
    scope = SystemScope(ctx, SYSTEM, "tests").for_cabinet(cabinet_id)
    note = NewNotification(ctx.ids.new_id(), f"test:{ctx.ids.new_id()}", kind, title, "De : Greffe", "/courrier",
                           Audience.people(*people), ctx.clock.now().isoformat())  # fmt: skip
    await scope.commit(*scope.notify(note), action="test.notified", subject=note.id)
    return note.id


async def _two_people(api: ApiClient) -> tuple[str, str, dict[str, str], str, dict[str, str]]:
    """A cabinet with an avocat and an assistant: (cabinet id, avocat id, their headers, assistant id, theirs)."""
    cabinet = await new_cabinet(api.context, "martin@poste.example")
    avocat = await person_of(api.context, cabinet.id, Role.AVOCAT)
    assistant = await person_of(api.context, cabinet.id, Role.ASSISTANT)
    return (cabinet.id, avocat.id, await signed_in(api.context, cabinet.id, Role.AVOCAT), assistant.id,
            await signed_in(api.context, cabinet.id, Role.ASSISTANT))  # fmt: skip


async def _get(api: ApiClient, path: str, headers: dict[str, str]) -> Any:
    answer = await api.request("GET", path, headers=headers)
    assert answer.status == 200, answer.body
    return answer.json()


async def test_a_persons_notifications_are_listed_newest_first_in_pages_and_counted(api: ApiClient) -> None:
    cabinet_id, avocat_id, avocat, _assistant_id, _ = await _two_people(api)
    ids = [await _notify(api.context, cabinet_id, avocat_id, title=f"Courrier n° {i}") for i in range(5)]
    first = await _get(api, "/api/notifications?limit=2", avocat)
    assert [item["id"] for item in first["items"]] == [ids[4], ids[3]]
    assert first["unread"] == 5
    item = first["items"][0]
    assert set(item) == {"id", "seq", "type", "title", "body", "link", "dossier_id", "subject_id", "created_at",
                         "read_at"}  # fmt: skip
    assert (item["type"], item["title"], item["link"], item["read_at"]) == (
        "courrier.a_classer", "Courrier n° 4", "/courrier", None)  # fmt: skip
    second = await _get(api, f"/api/notifications?limit=2&cursor={first['next_cursor']}", avocat)
    assert [item["id"] for item in second["items"]] == [ids[2], ids[1]]
    last = await _get(api, f"/api/notifications?limit=2&cursor={second['next_cursor']}", avocat)
    assert ([item["id"] for item in last["items"]], last["next_cursor"]) == ([ids[0]], None)
    default = await _get(api, "/api/notifications", avocat)
    assert (len(default["items"]), default["next_cursor"]) == (5, None)
    counters = await _get(api, "/api/notifications/unread", avocat)
    assert counters == {"unread": 5, "last_seq": first["items"][0]["seq"]}


async def test_a_bad_limit_or_cursor_is_a_422_naming_it(api: ApiClient) -> None:
    cabinet_id, avocat_id, avocat, _, _ = await _two_people(api)
    for _ in range(2):
        await _notify(api.context, cabinet_id, avocat_id)
    for limit in ("0", "101", "beaucoup"):
        answer = await api.request("GET", f"/api/notifications?limit={limit}", headers=avocat)
        assert answer.status == 422, limit
        assert [problem["champ"] for problem in answer.json()["details"]] == ["limit"]
    unread_page = await _get(api, "/api/notifications?limit=1&unread=true", avocat)
    for cursor in ("pas-un-curseur", unread_page["next_cursor"]):  # the unread list's cursor is not the full list's
        answer = await api.request("GET", f"/api/notifications?limit=1&cursor={cursor}", headers=avocat)
        assert (answer.status, answer.json()["champ"], answer.json()["erreur"]) == (422, "cursor", "curseur")
    for forged in (encode_cursor("deadlines", "all", [1, "x"]), encode_cursor("notifications", "all", ["1", "x"])):
        answer = await api.request("GET", f"/api/notifications?cursor={forged}", headers=avocat)
        assert (answer.status, answer.json()["champ"]) == (422, "cursor"), forged


async def test_marking_read_one_then_all_updates_the_counts_and_reading_twice_changes_nothing(api: ApiClient) -> None:
    cabinet_id, avocat_id, avocat, _, _ = await _two_people(api)
    ids = [await _notify(api.context, cabinet_id, avocat_id) for _ in range(4)]
    read = await api.request("POST", f"/api/notifications/{ids[0]}/read", headers=avocat)
    assert (read.status, read.json()) == (200, {"unread": 3})
    listed = await _get(api, "/api/notifications", avocat)
    read_at = {item["id"]: item["read_at"] for item in listed["items"]}
    assert read_at[ids[0]] is not None
    assert read_at[ids[1]] is None
    again = await api.request("POST", f"/api/notifications/{ids[0]}/read", headers=avocat)
    assert (again.status, again.json()) == (200, {"unread": 3})
    assert {i["id"]: i["read_at"] for i in (await _get(api, "/api/notifications", avocat))["items"]} == read_at
    unread_only = await _get(api, "/api/notifications?unread=true", avocat)
    assert [item["id"] for item in unread_only["items"]] == [ids[3], ids[2], ids[1]]
    up_to = listed["items"][2]["seq"]  # ids[1]'s
    some = await api.request("POST", "/api/notifications/read-all", json={"up_to_seq": up_to}, headers=avocat)
    assert (some.status, some.json()) == (200, {"read": 1, "unread": 2})
    rest = await api.request("POST", "/api/notifications/read-all", headers=avocat)
    assert (rest.status, rest.json()) == (200, {"read": 2, "unread": 0})
    none = await api.request("POST", "/api/notifications/read-all", json={}, headers=avocat)
    assert (none.status, none.json()) == (200, {"read": 0, "unread": 0})
    negative = await api.request("POST", "/api/notifications/read-all", json={"up_to_seq": -1}, headers=avocat)
    assert negative.status == 422


async def test_a_person_never_reads_nor_marks_another_persons_notification(api: ApiClient) -> None:
    cabinet_id, avocat_id, avocat, _assistant_id, assistant = await _two_people(api)
    theirs = await _notify(api.context, cabinet_id, avocat_id, title="Échéance dans 3 jours")
    for path in (f"/api/notifications/{theirs}/read", f"/api/notifications/{api.context.ids.new_id()}/read"):
        answer = await api.request("POST", path, headers=assistant)
        assert (answer.status, answer.json()) == (404, NOT_FOUND), path
    assert (await _get(api, "/api/notifications", assistant))["items"] == []
    assert await _get(api, "/api/notifications/unread", assistant) == {"unread": 0, "last_seq": 0}
    everything = await api.request("POST", "/api/notifications/read-all", headers=assistant)
    assert everything.json() == {"read": 0, "unread": 0}
    assert (await _get(api, "/api/notifications", avocat))["items"][0]["read_at"] is None


async def test_preferences_list_every_type_with_both_on_until_changed(api: ApiClient) -> None:
    _, _, avocat, _, assistant = await _two_people(api)
    defaults = await _get(api, "/api/notifications/preferences", avocat)
    assert [t["type"] for t in defaults["types"]] == [kind.value for kind in NotificationType]
    assert all(t["live"] and t["digest"] and t["label"] for t in defaults["types"])
    body = {"types": [{"type": "courrier.classe", "live": False, "digest": True},
                      {"type": "echeance.alerte", "live": True, "digest": False}]}  # fmt: skip
    changed = await api.request("PUT", "/api/notifications/preferences", json=body, headers=avocat)
    assert changed.status == 200, changed.body
    chosen = {t["type"]: (t["live"], t["digest"]) for t in changed.json()["types"]}
    assert (chosen["courrier.classe"], chosen["echeance.alerte"], chosen["courrier.nouveau"]) == (
        (False, True), (True, False), (True, True))  # fmt: skip
    assert await _get(api, "/api/notifications/preferences", avocat) == changed.json()
    assert await _get(api, "/api/notifications/preferences", assistant) == defaults  # theirs are their own
    unknown = {"types": [{"type": "courrier.perdu", "live": False, "digest": False}]}
    refused = await api.request("PUT", "/api/notifications/preferences", json=unknown, headers=avocat)
    assert (refused.status, refused.json()["champ"]) == (422, "type")
    assert await _get(api, "/api/notifications/preferences", avocat) == changed.json()


async def test_marking_read_publishes_a_read_frame_to_the_persons_own_sockets_only_when_it_changes(
    api: ApiClient,
) -> None:
    cabinet_id, avocat_id, _, _, _ = await _two_people(api)
    ids = [await _notify(api.context, cabinet_id, avocat_id) for _ in range(3)]
    hub = RecordingHub()
    scope = CabinetScope(replace(api.context, hub=hub), cabinet_id, Actor("person", avocat_id, Role.AVOCAT), "api")
    assert await notifications.mark_read(scope, ids[0]) == 2
    assert await notifications.mark_read(scope, ids[0]) == 2  # already read: nothing to tell
    assert await notifications.mark_all_read(scope) == (2, 0)
    assert await notifications.mark_all_read(scope) == (0, 0)
    assert hub.events == [
        (cabinet_id, {"type": "read", "ids": [ids[0]], "all": False, "unread": 2, "to": [avocat_id]}),
        (cabinet_id, {"type": "read", "ids": [], "all": True, "unread": 0, "to": [avocat_id]}),
    ]
    fresh = await _notify(api.context, cabinet_id, avocat_id)
    failing = replace(scope, ctx=replace(api.context, hub=RecordingHub(failing=True)))
    assert await notifications.mark_read(failing, fresh) == 0  # committed; the push's failure is only logged
    stored = await scope.notifications.delivered(avocat_id, fresh)
    assert stored is not None
    assert stored.read_at is not None


def _paris_today(ctx: AppContext) -> date:
    return ctx.clock.now().astimezone(ZoneInfo("Europe/Paris")).date()


async def _dossier(api: ApiClient, headers: dict[str, str], **fields: Any) -> str:
    person = {"kind": "personne_physique", "first_name": "Claire", "last_name": "Dupont"}
    client = await api.request("POST", "/api/clients", headers=headers, json=person)
    assert client.status == 201, client.body
    body = {"title": "Bail commercial", "client_ids": [client.json()["id"]], **fields}
    created = await api.request("POST", "/api/dossiers", json=body, headers=headers)
    assert created.status == 201, created.body
    return str(created.json()["id"])


async def _deadline_due(api: ApiClient, headers: dict[str, str], dossier_id: str, due: date, title: str) -> str:
    body = {"from": (due - timedelta(days=30)).isoformat(), "delay": "15 jours", "title": title,
            "manual_due_date": due.isoformat(), "manual_reason": "Date fixée par le juge"}  # fmt: skip
    created = await api.request("POST", f"/api/dossiers/{dossier_id}/deadlines", json=body, headers=headers)
    assert created.status == 201, created.body
    assert created.json()["due_date"] == due.isoformat()
    return str(created.json()["id"])


async def test_the_home_screen_shows_the_week_overdue_first_for_the_dossiers_one_may_see(api: ApiClient) -> None:
    ctx = api.context
    cabinet = await new_cabinet(ctx, "martin@poste.example")
    avocat, assistant = await signed_in(ctx, cabinet.id, Role.AVOCAT), await signed_in(ctx, cabinet.id, Role.ASSISTANT)
    today = _paris_today(ctx)
    sunday = today + timedelta(days=6 - today.weekday())
    open_id = await _dossier(api, avocat)
    kept_id = await _dossier(api, avocat, visibility="equipe")  # the avocat's own; the assistant is not on its team
    late = await _deadline_due(api, avocat, open_id, today - timedelta(days=3), "Signifier l'appel")
    due_today = await _deadline_due(api, avocat, open_id, today, "Conclusions d'intimé")
    hidden = await _deadline_due(api, avocat, kept_id, today, "Conclusions confidentielles")
    later = await _deadline_due(api, avocat, open_id, sunday + timedelta(days=1), "La semaine prochaine")
    this_week = None
    if today < sunday:
        this_week = await _deadline_due(api, avocat, open_id, today + timedelta(days=1), "Pièces")
    hearing = await api.request("POST", f"/api/dossiers/{open_id}/hearings", headers=avocat,
                                json={"date": today.isoformat(), "time": "09:30", "court": "TJ Paris"})  # fmt: skip
    assert hearing.status == 201, hearing.body
    quote = "avant le 14 avril 2026"
    fact = Fact(FactKind.DEADLINE, "2026-04-14", quote, 0, len(quote), 0.9, (("type", "limite"),))
    await suggest_from_facts(SystemScope(ctx, SYSTEM, "tests").for_cabinet(cabinet.id), dossier_id=open_id,
                             source="courrier", source_id=ctx.ids.new_id(), facts=[fact],
                             reference_date="2026-03-02")  # fmt: skip
    mail_id = await delivered(ctx, cabinet, avis("Avis de fixation"))
    for headers, sees_kept in ((avocat, True), (assistant, False)):
        screen = await _get(api, "/api/dashboard", headers)
        assert (screen["today"], screen["week_end"]) == (today.isoformat(), sunday.isoformat())
        lists = screen["deadlines"]
        assert [d["id"] for d in lists["overdue"]] == [late]
        assert lists["overdue"][0]["overdue"] is True
        assert {d["id"] for d in lists["today"]} == ({due_today, hidden} if sees_kept else {due_today})
        assert [d["id"] for d in lists["week"]] == ([this_week] if this_week else [])
        assert later not in str(screen)
        assert [h["id"] for h in screen["hearings"]["today"]] == [hearing.json()["id"]]
        assert screen["hearings"]["week"] == []
        assert (screen["to_file"], screen["suggestions"]) == (1, 1)
        assert [m["id"] for m in screen["latest_mail"]] == [mail_id]
        assert screen["latest_mail"][0]["status"] == "to_file"
        counters = await _get(api, "/api/notifications/unread", headers)
        assert (screen["unread"], screen["last_seq"]) == (counters["unread"], counters["last_seq"])
        assert screen["unread"] >= 1  # the mail to file was announced to everyone
