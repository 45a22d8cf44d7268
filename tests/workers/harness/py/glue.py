"""Checks of src/entry.py's glue under Pyodide: each drives one entry point with runtime-shaped objects."""

from __future__ import annotations

import builtins
import io
import json
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import js
from pyodide.ffi import create_proxy, jsnull, to_js
from webcrypto_checks import (
    local_workerd_has_no_pbkdf2_cap_so_the_adapter_enforces_production_s,
    workerd_webcrypto_derives_what_the_adapter_derives,
)

APPLICATION_PACKAGES = ("entry", "cf", "d1", "handlers", "services", "domain")
BINDINGS = {"DB", "SESSIONS", "DOCUMENTS", "JOBS", "HUB", "MAILER"}
ORIGIN = "https://iapostemanager.example"


def forget_application_modules() -> None:
    """Drops the application's modules, so the next import is fresh."""
    for name in list(sys.modules):
        if name.split(".")[0] in APPLICATION_PACKAGES:
            del sys.modules[name]


# --- import purity ---------------------------------------------------------------------------------------------


@contextmanager
def recording_side_effects(events: list[str]) -> Iterator[None]:
    """Replaces the clock, randomness and file/network entry points with recorders for the duration."""
    allowed_roots = (*(path for path in sys.path if path.startswith("/")), "/lib/")
    originals: list[tuple[Any, str, Any]] = []

    def patch(owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def recorder(*args: Any, **kwargs: Any) -> Any:
            if not (label.startswith("randomness: os.") and sdk_allows_entropy_now()):
                events.append(label)
            return original(*args, **kwargs)

        originals.append((owner, name, original))
        setattr(owner, name, recorder)

    for name in ("time", "time_ns", "monotonic", "perf_counter", "localtime", "gmtime"):
        patch(time, name, f"clock: time.{name}()")
    for name in ("random", "randint", "randrange", "choice", "getrandbits", "seed", "shuffle"):
        patch(random, name, f"randomness: random.{name}()")
    patch(os, "urandom", "randomness: os.urandom()")
    original_open = builtins.open

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        path = os.fspath(file) if not isinstance(file, int) else ""
        if any(flag in mode for flag in "wax+") or not str(path).startswith(allowed_roots):
            events.append(f"I/O: open({path!r}, {mode!r})")
        return original_open(file, mode, *args, **kwargs)

    for owner in (builtins, io):
        originals.append((owner, "open", original_open))
        owner.open = guarded_open
    try:
        yield
    finally:
        for owner, name, original in reversed(originals):
            setattr(owner, name, original)


def sdk_allows_entropy_now() -> bool:
    """True while one of the runtime SDK's counted allowances is open (e.g. opentelemetry's uuid4() context keys)."""
    return int(js.posteHarness.entropy.allowed) > 0


async def entry_import_reads_no_clock_randomness_or_io() -> None:
    """Imports entry.py once, at the top level, as the deploy snapshot does; the modules stay for what follows."""
    forget_application_modules()
    events: list[str] = []
    with recording_side_effects(events):
        import entry  # noqa: F401

    assert not events, f"importing entry.py's closure did: {sorted(set(events))}"
    refused = int(js.posteHarness.entropy.refused)
    assert refused == 0, f"{refused} entropy draws refused at the top level (production would refuse them too)"


IMPORT_CHECKS: list[tuple[str, Callable[[], Awaitable[None]]]] = [
    ("entry_import_reads_no_clock_randomness_or_io", entry_import_reads_no_clock_randomness_or_io),
]


# --- entry points ----------------------------------------------------------------------------------------------


def js_ctx() -> Any:
    return to_js(
        {"waitUntil": js.posteHarness.cloudflareWorkers.waitUntil, "passThroughOnException": lambda: None},
        dict_converter=js.Object.fromEntries,
    )


def worker(raw_env: Any) -> Any:
    import entry

    return entry.Default(js_ctx(), raw_env)


async def health_reports_every_binding_healthy_through_fetch(env: Any, raw: Any) -> None:
    from workers import Request

    try:
        response = await worker(raw).fetch(Request(js.Request.new(f"{ORIGIN}/api/health")))
        js_response = getattr(response, "js_object", response)
        report = json.loads(await js_response.text())
        assert js_response.status == 200, report
        assert report["runtime"] == "cloudflare"
        bindings = report["bindings"]
        assert {name for name, state in bindings.items() if state["ok"]} == set(bindings)
        assert bindings["database"]["migrations_missing"] == []
        assert bindings["queue"]["depth"] is None  # a Queue producer cannot tell its depth
    finally:
        await js.posteHarness.settleWaitUntil()


@contextmanager
def probe_routes(app: Any, *routes: tuple[str, Callable[..., Any], list[str]]) -> Iterator[None]:
    """Adds routes to the real application for one check, then takes them away."""
    before = list(app.router.routes)
    for path, endpoint, methods in routes:
        app.add_api_route(path, endpoint, methods=methods, include_in_schema=False)
    try:
        yield
    finally:
        app.router.routes[:] = before


async def fetch_converts_requests_and_responses_through_the_real_app(env: Any, raw: Any) -> None:
    """Method, path, query, body and headers in; status, body and repeated headers out; the bindings reach the
    route through the context factory. A probe route on the real app, through entry.py and workers.asgi."""
    from fastapi import Request as ApiRequest
    from fastapi.responses import JSONResponse
    from workers import Request

    import entry
    from handlers.api.deps import context_of

    async def echo(word: str, request: ApiRequest) -> JSONResponse:
        context = context_of(request)
        row = await context.db.first("SELECT count(*) AS n FROM d1_migrations")
        payload = {
            "method": request.method,
            "word": word,
            "query": dict(request.query_params),
            "body": (await request.body()).decode(),
            "header": request.headers.get("x-dossier"),
            "migrations": row["n"] if row else None,
            "runtime": context.runtime,
        }
        response = JSONResponse(payload, status_code=201)
        response.set_cookie("a", "1")
        response.set_cookie("b", "2")
        return response

    # This module's annotations are strings (PEP 563) that FastAPI would resolve in its globals, where the local
    # imports are not: give it the types themselves.
    echo.__annotations__ = {"word": str, "request": ApiRequest, "return": JSONResponse}

    with probe_routes(entry.APP, ("/api/__sonde/{word}", echo, ["POST"])):
        init = to_js(
            {"method": "POST", "body": "délai=1 mois", "headers": {"X-Dossier": "2026-0042"}},
            dict_converter=js.Object.fromEntries,
        )
        url = f"{ORIGIN}/api/__sonde/%C3%A9ch%C3%A9ance?juridiction=cour%20d%27appel&n=%C3%A9"
        response = await worker(raw).fetch(Request(js.Request.new(url, init)))
        js_response = getattr(response, "js_object", response)
        text = await js_response.text()
    assert js_response.status == 201, text
    assert js_response.headers.get("content-type") == "application/json"
    assert [cookie.split(";")[0] for cookie in js_response.headers.getSetCookie()] == ["a=1", "b=2"]
    payload = json.loads(text)
    assert payload == {
        "method": "POST",
        "word": "échéance",
        "query": {"juridiction": "cour d'appel", "n": "é"},
        "body": "délai=1 mois",
        "header": "2026-0042",
        "migrations": payload["migrations"],
        "runtime": "cloudflare",
    }
    assert payload["migrations"] >= 1, "the D1 migrations were not visible through the context factory"


async def sync_routes_run_inline_as_in_production(env: Any, raw: Any) -> None:
    """A plain `def` route runs through anyio.to_thread, which Pyodide cannot serve with a thread: the runtime SDK
    runs it inline, provided anyio.to_thread was imported at the top level (entry.py builds the app there)."""
    import threading

    from workers import Request

    import entry

    def sync_route() -> dict[str, Any]:
        return {"thread": threading.current_thread().name}

    with probe_routes(entry.APP, ("/api/__sonde-sync", sync_route, ["GET"])):
        response = await worker(raw).fetch(Request(js.Request.new(f"{ORIGIN}/api/__sonde-sync")))
        js_response = getattr(response, "js_object", response)
        text = await js_response.text()
    assert js_response.status == 200, text
    assert json.loads(text) == {"thread": threading.main_thread().name}


async def a_request_body_reaches_the_app_a_chunk_at_a_time_as_it_reads_it(env: Any, raw: Any) -> None:
    """`workers.asgi` would read a request's whole body before the app runs; entry.py lets the app read it from the
    request's stream as it asks: when the route has its first chunk, only the first chunks were pulled from the
    client's stream (so an upload is never held whole in the Worker's memory), and a body over 10 MB still reaches
    the app whole, byte for byte."""
    import hashlib

    from fastapi import Request as ApiRequest
    from workers import Request

    import entry

    chunk, count = 64 * 1024, 176  # 11 MiB
    data = bytes(range(256)) * (chunk * count // 256)
    pulled = [0]

    def pull(controller: Any) -> None:
        if pulled[0] == count:
            controller.close()
            return
        controller.enqueue(to_js(data[pulled[0] * chunk : (pulled[0] + 1) * chunk]))
        pulled[0] += 1

    async def first_chunk(request: ApiRequest) -> dict[str, int]:
        async for piece in request.stream():
            return {"received": len(piece), "pulled": pulled[0]}
        return {"received": 0, "pulled": pulled[0]}

    async def whole(request: ApiRequest) -> dict[str, Any]:
        digest, size = hashlib.sha256(), 0
        async for piece in request.stream():
            digest.update(piece)
            size += len(piece)
        return {"size": size, "sha256": digest.hexdigest()}

    first_chunk.__annotations__ = {"request": ApiRequest, "return": dict}
    whole.__annotations__ = {"request": ApiRequest, "return": dict}

    async def sent(path: str) -> dict[str, Any]:
        pulled[0] = 0
        proxy = create_proxy(pull)
        try:
            stream = js.ReadableStream.new(to_js({"pull": proxy}, dict_converter=js.Object.fromEntries))
            init = {"method": "POST", "body": stream, "duplex": "half"}
            js_request = js.Request.new(f"{ORIGIN}{path}", to_js(init, dict_converter=js.Object.fromEntries))
            response = await worker(raw).fetch(Request(js_request))
            js_response = getattr(response, "js_object", response)
            text = await js_response.text()
        finally:
            proxy.destroy()
        assert js_response.status == 200, text
        return dict(json.loads(text))

    with probe_routes(
        entry.APP, ("/api/__sonde-premier", first_chunk, ["POST"]), ("/api/__sonde-tout", whole, ["POST"])
    ):
        first = await sent("/api/__sonde-premier")
        assert first["received"] == chunk, first
        assert first["pulled"] <= 4, f"{first['pulled']} of {count} chunks read before the app asked for them"
        assert await sent("/api/__sonde-tout") == {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


async def a_document_over_ten_megabytes_round_trips_through_r2_with_a_range_read(env: Any, raw: Any) -> None:
    """A 12 MiB PDF uploaded through entry.py to the documents API lands in R2 under its cabinet, whole (size and
    SHA-256), and is read back by a Range across R2's first 5 MiB part and whole (the API tests' 2 MiB limit is
    raised to 16 MiB for this check: MAX_UPLOAD_BYTES, as wrangler.toml's [vars] sets it)."""
    import hashlib

    from api_fixture import WorkersApiClient

    from tests.api.dossier_rows import new_dossier
    from tests.api.seed import cabinet_with_session

    mib = 1024 * 1024
    raw.MAX_UPLOAD_BYTES = str(16 * mib)
    api = WorkersApiClient(env, raw, js_ctx())
    try:
        cabinet, headers = await cabinet_with_session(api.context, "r2@poste.example")
        dossier_id = await new_dossier(api.context, cabinet.id)
        data = b"%PDF-1.4\n" + bytes(range(256)) * (12 * mib // 256) + b"%%EOF\n"
        sent = {**headers, "content-type": "application/pdf", "x-file-name": "Pi%C3%A8ces%20jointes.pdf"}
        answer = await api.request("POST", f"/api/dossiers/{dossier_id}/documents", content=data, headers=sent)
        assert answer.status == 201, answer.body[:500]
        document = answer.json()
        digest = hashlib.sha256(data).hexdigest()
        assert (document["size"], document["sha256"], document["content_type"]) == (
            len(data),
            digest,
            "application/pdf",
        )
        stored = await api.context.blobs.list(f"cabinets/{cabinet.id}/documents/{document['id']}/")
        assert [blob.size for blob in stored.objects] == [len(data)]
        url = f"/api/documents/{document['id']}/content"
        start = 5 * mib - 8
        part = await api.request("GET", url, headers={**headers, "range": f"bytes={start}-{start + 15}"})
        assert (part.status, part.headers["content-range"]) == (206, f"bytes {start}-{start + 15}/{len(data)}")
        assert part.body == data[start : start + 16]
        whole = await api.request("GET", url, headers=headers)
        assert (whole.status, hashlib.sha256(whole.body).hexdigest()) == (200, digest)
    finally:
        await js.posteHarness.settleWaitUntil()


RAW_MAIL = (
    b"From: Ma\xc3\xaetre Dupont <dupont@example.fr>\r\nTo: accueil@cabinet.example\r\n"
    b"Subject: =?utf-8?q?Assignation_R=C3=A9f=C3=A9r=C3=A9?=\r\nMessage-ID: <m1@example.fr>\r\n\r\n"
    b"Corps avec octets \xff\xfe\x00 bruts.\r\n"
)


async def email_hands_the_raw_bytes_and_envelope_to_the_handler(env: Any, raw: Any) -> None:
    import entry
    from handlers.email import EmailOutcome

    seen = []

    async def recorder(ctx: Any, envelope: Any) -> Any:
        seen.append(envelope)
        return EmailOutcome(False, "Refus de test.")

    real = entry.handle_email
    entry.handle_email = recorder
    try:
        message = js.posteHarness.fakes.fakeEmailMessage(
            to_js(
                {"from": "dupont@example.fr", "to": "accueil@cabinet.example", "raw": to_js(RAW_MAIL)},
                dict_converter=js.Object.fromEntries,
            )
        )
        await worker(raw).email(message)
    finally:
        entry.handle_email = real
    assert len(seen) == 1
    assert seen[0].mail_from == "dupont@example.fr"
    assert seen[0].recipient == "accueil@cabinet.example"
    assert seen[0].raw == RAW_MAIL
    assert message.rejected == "Refus de test."


async def email_runs_the_real_handler_and_stores_the_raw_message(env: Any, raw: Any) -> None:
    from cf.r2 import R2BlobStore

    message = js.posteHarness.fakes.fakeEmailMessage(
        to_js(
            {"from": "dupont@example.fr", "to": "accueil@cabinet.example", "raw": to_js(RAW_MAIL)},
            dict_converter=js.Object.fromEntries,
        )
    )
    await worker(raw).email(message)
    assert not message.rejected, f"rejected: {message.rejected}"
    blobs = R2BlobStore(env.DOCUMENTS)
    stored = []
    for prefix in ("unrouted/", "cabinets/"):
        page = await blobs.list(prefix)
        stored += page.objects
    assert len(stored) == 1, [info.key for info in stored]
    blob = await blobs.get(stored[0].key)
    assert blob is not None
    assert blob.data == RAW_MAIL
    assert blob.info.content_type == "message/rfc822"


async def email_without_recipient_is_rejected_permanently(env: Any, raw: Any) -> None:
    message = js.posteHarness.fakes.fakeEmailMessage(
        to_js({"from": "x@example.fr", "to": "", "raw": "Subject: x\r\n\r\nx"}, dict_converter=js.Object.fromEntries)
    )
    await worker(raw).email(message)
    assert message.rejected, "a message the handler refuses must be rejected with setReject(reason)"


async def scheduled_converts_cron_and_time(env: Any, raw: Any) -> None:
    import entry

    seen = []

    async def recorder(ctx: Any, cron: str, scheduled_at: datetime) -> None:
        seen.append((cron, scheduled_at))

    real = entry.handle_scheduled
    entry.handle_scheduled = recorder
    try:
        epoch_ms = 1_780_290_000_000  # 2026-06-01T05:00:00Z
        await worker(raw).scheduled(js.posteHarness.fakes.fakeController("0 5 * * *", epoch_ms), raw, js_ctx())
    finally:
        entry.handle_scheduled = real
    assert seen == [("0 5 * * *", datetime(2026, 6, 1, 5, 0, tzinfo=UTC))]
    assert seen[0][1].tzinfo is not None


async def scheduled_runs_the_real_handler(env: Any, raw: Any) -> None:
    epoch_ms = 1_780_293_600_000 + 30 * 60_000  # 2026-06-01T06:30:00Z: a mail sweep
    await worker(raw).scheduled(js.posteHarness.fakes.fakeController("*/5 * * * *", epoch_ms), raw, js_ctx())


async def queue_wraps_each_message_as_a_job_message(env: Any, raw: Any) -> None:
    import entry

    seen = []

    async def recorder(ctx: Any, registry: Any, messages: Any) -> None:
        seen.extend((m.body, m.attempts) for m in messages)
        messages[0].ack()
        messages[1].retry()

    batch = js.posteHarness.fakes.fakeMessageBatch(
        "iapostemanager-jobs",
        to_js(
            [{"body": {"id": "j1", "kind": "k", "n": None}}, {"body": {"id": "j2", "kind": "k"}, "attempts": 3}],
            dict_converter=js.Object.fromEntries,
        ),
    )
    real = entry.handle_jobs
    entry.handle_jobs = recorder
    try:
        await worker(raw).queue(batch, raw, js_ctx())
    finally:
        entry.handle_jobs = real
    assert seen == [({"id": "j1", "kind": "k", "n": None}, 1), ({"id": "j2", "kind": "k"}, 3)]
    assert [m.decision for m in batch.messages] == ["ack", "retry"]


async def queue_runs_the_real_handler(env: Any, raw: Any) -> None:
    batch = js.posteHarness.fakes.fakeMessageBatch(
        "iapostemanager-jobs",
        to_js([{"body": {"id": "j1", "kind": "kind.from.the.future"}}], dict_converter=js.Object.fromEntries),
    )
    await worker(raw).queue(batch, raw, js_ctx())
    decisions = [m.decision for m in batch.messages]
    assert decisions == ["retry"], f"an unknown job kind must be retried, never dropped: {decisions}"


async def queue_retries_a_message_after_the_delay_the_job_asks_for(env: Any, raw: Any) -> None:
    """`JobMessage.retry(delay_seconds)` reaches the platform's `message.retry({delaySeconds})`; without a delay,
    the queue's own."""
    import entry

    async def recorder(ctx: Any, registry: Any, messages: Any) -> None:
        messages[0].retry(240)
        messages[1].retry()

    batch = js.posteHarness.fakes.fakeMessageBatch(
        "iapostemanager-audio",
        to_js([{"body": {"id": "a1", "kind": "k"}}, {"body": {"id": "a2", "kind": "k"}}],
              dict_converter=js.Object.fromEntries),
    )  # fmt: skip
    real = entry.handle_jobs
    entry.handle_jobs = recorder
    try:
        await worker(raw).queue(batch, raw, js_ctx())
    finally:
        entry.handle_jobs = real
    decided = [(m.decision, None if m.retryDelaySeconds is jsnull else m.retryDelaySeconds) for m in batch.messages]
    assert decided == [("retry", 240), ("retry", None)], decided


async def queue_serves_the_audio_lane_with_the_real_handler(env: Any, raw: Any) -> None:
    """A batch of `iapostemanager-audio` runs the same handler: a transcription job naming nothing is done (acked)."""
    body = {"id": "recording.transcribe:none", "kind": "recording.transcribe", "cabinet_id": "nobody",
            "transcription_id": "none"}  # fmt: skip
    batch = js.posteHarness.fakes.fakeMessageBatch(
        "iapostemanager-audio", to_js([{"body": body}], dict_converter=js.Object.fromEntries)
    )
    await worker(raw).queue(batch, raw, js_ctx())
    assert [m.decision for m in batch.messages] == ["ack"]


def hub_with_sockets(raw: Any, count: int) -> tuple[Any, Any, list[Any]]:
    """A CabinetHub on a stand-in state, with `count` bare sockets (accepted without owner tags or attachment)."""
    import entry

    state = js.posteHarness.fakes.fakeDurableObjectState()
    hub = entry.CabinetHub(state, raw)
    sockets = []
    for index in range(count):
        socket = js.posteHarness.fakes.fakeWebSocket(f"ws{index}")
        state.acceptWebSocket(socket, to_js(["cabinet:c1"]))
        sockets.append(socket)
    return hub, state, sockets


async def connected(env: Any, hub: Any, name: str, person: str, session: str) -> Any:
    """A socket connected as the object's fetch connects it (tags, attachment, replay read from D1, `ready`)."""
    from cf.context import build_context
    from handlers.realtime import SocketOwner

    socket = js.posteHarness.fakes.fakeWebSocket(name)
    await hub.room.connect(socket, SocketOwner("c1", person, session, "avocat"), 0, build_context(env))
    assert [json.loads(frame)["type"] for frame in socket.sent] == ["ready"]
    return socket


def frames_of(socket: Any) -> list[Any]:
    return [json.loads(frame) for frame in list(socket.sent)[1:]]  # after `ready`


async def hub_adapter_reaches_the_durable_object_which_broadcasts(env: Any, raw: Any) -> None:
    from cf.hub import DurableObjectHub

    hub, _state, _bare = hub_with_sockets(raw, 0)
    sockets = [await connected(env, hub, f"ws{index}", f"p{index}", f"s{index}") for index in range(3)]
    sockets[2].close(1001, "gone")

    async def deliver(name: Any, event: Any) -> int:
        return int(await hub.publish(event))

    target = create_proxy(deliver)
    raw.HUB.target = target
    try:
        delivered = await DurableObjectHub(env.HUB).publish("c1", {"id": "n1", "kind": "échéance", "due": None})
    finally:
        target.destroy()
    assert delivered == 2
    assert [(call.name, call.jurisdiction) for call in raw.HUB.calls] == [("c1", "eu")]
    assert [frames_of(socket) for socket in sockets[:2]] == [[{"id": "n1", "kind": "échéance", "due": None}]] * 2


async def a_committed_notification_reaches_its_audiences_sockets_in_the_durable_object(env: Any, raw: Any) -> None:
    """The Worker-side publish path as far as the harness goes (docs/realtime.md, "Tests, and where the Workers
    harness stops"): a notification written on D1 by `scope.notify` + `scope.commit`, pushed by services/push.py
    through cf/hub.py's stub (reached in the EU jurisdiction, by the cabinet's id) into the real `CabinetHub`, whose
    sockets of the audience alone receive it; one missed while not pushed is replayed from D1 to a socket that
    connects with `since`."""
    from dataclasses import replace

    from cf.context import build_context
    from domain.actors import Role
    from domain.notifications import Audience, NewNotification, NotificationType
    from handlers.realtime import SocketOwner
    from services.scope import SystemScope
    from tests.api.seed import OPERATOR, new_cabinet, person_of

    context = build_context(env)
    context = replace(context, settings=replace(context.settings, password_rounds=1))
    cabinet = await new_cabinet(context, "martin@poste.example")
    avocat = await person_of(context, cabinet.id, Role.AVOCAT)
    associe = await person_of(context, cabinet.id, Role.ASSOCIE)
    hub, _state, _bare = hub_with_sockets(raw, 0)
    sockets = {}
    for person in (avocat, associe):
        socket = js.posteHarness.fakes.fakeWebSocket(person.id)
        owner = SocketOwner(cabinet.id, person.id, f"s-{person.id}", person.role.value)
        await hub.room.connect(socket, owner, 0, context)
        sockets[person.id] = socket

    async def deliver(name: Any, event: Any) -> int:
        assert str(name) == cabinet.id
        return int(await hub.publish(event))

    target = create_proxy(deliver)
    raw.HUB.target = target
    try:
        scope = SystemScope(context, OPERATOR, "tests").for_cabinet(cabinet.id)
        note = NewNotification(
            id=context.ids.new_id(),
            dedupe_key="harness:1",
            type=NotificationType.MAIL_NEW,
            title="Courrier reçu",
            body="De : Greffe",
            link="/courrier",
            audience=Audience.people(avocat.id),
            created_at=context.clock.now().isoformat(),
        )
        await scope.commit(*scope.notify(note), action="tests.notified", subject=cabinet.id)
    finally:
        raw.HUB.target = None
        target.destroy()
    assert [(call.name, call.jurisdiction) for call in raw.HUB.calls] == [(cabinet.id, "eu")]
    [pushed] = frames_of(sockets[avocat.id])
    assert (pushed["type"], pushed["seq"], pushed["replay"], "to" in pushed) == ("notification", 1, False, False)
    assert (pushed["notification"]["id"], pushed["notification"]["title"]) == (note.id, "Courrier reçu")
    assert frames_of(sockets[associe.id]) == []
    missed = replace(note, id=context.ids.new_id(), dedupe_key="harness:2", title="Pendant l'absence")
    await scope.commit(*scope.notify(missed), action="tests.notified", subject=cabinet.id)  # no target: not pushed
    back = js.posteHarness.fakes.fakeWebSocket("back")
    await hub.room.connect(back, SocketOwner(cabinet.id, avocat.id, "s-back", "avocat"), 1, context)
    frames = [json.loads(frame) for frame in list(back.sent)]
    kinds = [(item["type"], item.get("seq"), item.get("replay")) for item in frames]
    assert kinds == [("notification", 2, True), ("ready", None, None)]
    assert (frames[0]["notification"]["title"], frames[1]["last_seq"]) == ("Pendant l'absence", 2)


async def hub_publishes_only_to_the_people_of_the_events_audience(env: Any, raw: Any) -> None:
    hub, _state, _bare = hub_with_sockets(raw, 0)
    tab1 = await connected(env, hub, "tab1", "p1", "s1")
    tab2 = await connected(env, hub, "tab2", "p1", "s2")
    other = await connected(env, hub, "other", "p2", "s3")
    event = {"type": "notification", "seq": 7, "replay": False, "notification": {"id": "n7"}, "to": ["p1"]}
    assert await hub.publish(to_js(event, dict_converter=js.Object.fromEntries)) == 2
    sent = {key: value for key, value in event.items() if key != "to"}
    assert (frames_of(tab1), frames_of(tab2), frames_of(other)) == ([sent], [sent], [])
    attachment = tab1.deserializeAttachment().to_py()
    assert (attachment["person"], attachment["session"], attachment["replaying"]) == ("p1", "s1", False)


async def hub_answers_ping_and_completes_close(env: Any, raw: Any) -> None:
    hub, state, sockets = hub_with_sockets(raw, 2)
    pair = state.getWebSocketAutoResponse()  # set by the constructor: pings never wake a hibernating object
    assert (pair.request, pair.response) == ("ping", "pong")
    await hub.webSocketMessage(sockets[0], "ping")
    assert list(sockets[0].sent) == ["pong"]
    await hub.webSocketClose(sockets[0], 1000, "bye", True)
    assert sockets[0].closed.code == 1000
    await hub.webSocketClose(sockets[1], 1006, "", False)  # abnormal closure: reported, but not sendable
    assert sockets[1].closed.code == 1000


async def hub_closes_the_sockets_of_a_person_who_lost_access(env: Any, raw: Any) -> None:
    from cf.hub import DurableObjectHub

    hub, state, sockets = hub_with_sockets(raw, 0)
    for name, person in (("a1", "p1"), ("a2", "p1"), ("b", "p2")):
        socket = js.posteHarness.fakes.fakeWebSocket(name)
        state.acceptWebSocket(socket, to_js(["cabinet:c1", f"person:{person}"]))
        sockets.append(socket)

    async def close(name: Any, person_id: Any) -> int:
        return int(await hub.disconnect(person_id))

    target = create_proxy(close)
    raw.HUB.disconnectTarget = target
    try:
        closed = await DurableObjectHub(env.HUB).disconnect("c1", "p1")
    finally:
        target.destroy()
    assert closed == 2
    assert [(s.closed.code if s.closed else None) for s in sockets] == [4003, 4003, None]


async def hub_closes_the_sockets_of_a_session_that_ended(env: Any, raw: Any) -> None:
    from cf.hub import DurableObjectHub

    hub, _state, _bare = hub_with_sockets(raw, 0)
    sockets = [await connected(env, hub, name, "p1", session) for name, session in (("a", "s1"), ("b", "s2"))]

    async def close(name: Any, session_id: Any) -> int:
        return int(await hub.disconnect_session(session_id))

    target = create_proxy(close)
    raw.HUB.disconnectSessionTarget = target
    try:
        closed = await DurableObjectHub(env.HUB).disconnect_session("c1", "s1")
    finally:
        target.destroy()
    assert closed == 1
    assert [(s.closed.code, s.closed.reason) if s.closed else None for s in sockets] == [(4003, "Accès retiré."), None]
    assert [(call.name, call.jurisdiction) for call in raw.HUB.calls] == [("c1", "eu")]


async def hub_refuses_plain_http(env: Any, raw: Any) -> None:
    from workers import Request

    hub, _state, _sockets = hub_with_sockets(raw, 0)
    response = await hub.fetch(Request(js.Request.new(f"{ORIGIN}/api/realtime")))
    assert getattr(response, "js_object", response).status == 426


async def socket_upgrade_with_a_session_is_forwarded_to_the_cabinet_hub(env: Any, raw: Any) -> None:
    from dataclasses import replace

    from workers import Request

    from cf.context import build_context
    from domain.actors import Role
    from tests.api.seed import new_cabinet, person_of, signed_in

    context = build_context(env)
    context = replace(context, settings=replace(context.settings, password_rounds=1))
    cabinet = await new_cabinet(context, "martin@poste.example")
    token = (await signed_in(context, cabinet.id, Role.AVOCAT))["authorization"].removeprefix("Bearer ")
    person = await person_of(context, cabinet.id, Role.AVOCAT)
    headers = {"Upgrade": "websocket", "Cookie": f"__Host-poste_session={token}", "X-Person-Id": "usurpe"}
    init = to_js({"headers": headers}, dict_converter=js.Object.fromEntries)
    response = await worker(raw).fetch(Request(js.Request.new(f"{ORIGIN}/api/realtime?since=3", init)))
    assert getattr(response, "js_object", response).status == 200  # the stand-in hub's answer
    calls = [call.to_py() for call in raw.HUB.calls]
    assert len(calls) == 1
    assert (calls[0]["name"], calls[0]["jurisdiction"]) == (cabinet.id, "eu")
    assert calls[0]["url"] == f"{ORIGIN}/api/realtime?since=3"
    assert calls[0]["headers"]["x-cabinet-id"] == cabinet.id
    assert calls[0]["headers"]["x-person-id"] == person.id  # what the session says, never what the client sent
    assert calls[0]["headers"]["x-session-id"]
    assert calls[0]["headers"]["x-role"] == Role.AVOCAT.value
    assert calls[0]["headers"]["upgrade"] == "websocket"
    bad = to_js({"headers": headers}, dict_converter=js.Object.fromEntries)
    refused = await worker(raw).fetch(Request(js.Request.new(f"{ORIGIN}/api/realtime?since=-1", bad)))
    assert getattr(refused, "js_object", refused).status == 400
    assert len(raw.HUB.calls) == 1


async def socket_upgrade_without_a_session_is_refused(env: Any, raw: Any) -> None:
    from workers import Request

    init = to_js({"headers": {"Upgrade": "websocket"}}, dict_converter=js.Object.fromEntries)
    response = await worker(raw).fetch(Request(js.Request.new(f"{ORIGIN}/api/realtime", init)))
    assert getattr(response, "js_object", response).status == 401
    assert len(raw.HUB.calls) == 0


# --- outbound mail ----------------------------------------------------------------------------------------------

INVITATION = {"to": "me.durand@cabinet-durand.fr", "subject": "Invitation à rejoindre le cabinet", "text": "Lien"}


async def the_contexts_mailer_sends_from_mail_from_through_the_mailer_binding(env: Any, raw: Any) -> None:
    """build_context's mailer: wrangler's `[vars] MAIL_FROM` as the sender, `env.MAILER` as the transport."""
    from email import message_from_bytes, policy

    from workers import _EnvWrapper

    from cf.context import build_context
    from services.ports import OutboundMail

    mail_from = to_js({"MAIL_FROM": "Cabinet Martin <courrier@poste.example>"}, dict_converter=js.Object.fromEntries)
    with_sender = js.Object.assign(js.Object.new(), raw, mail_from)
    message_id = await build_context(_EnvWrapper(with_sender)).mailer.send(OutboundMail(**INVITATION))
    [sent] = list(await raw.MAILER.sent())
    message = message_from_bytes(str(sent.raw).encode(), policy=policy.default)
    assert str(sent.to) == INVITATION["to"]
    assert str(message["From"]) == "Cabinet Martin <courrier@poste.example>"
    assert message["Message-ID"] == message_id


async def the_mailer_works_with_a_send_email_binding_the_sdk_leaves_unwrapped(env: Any, raw: Any) -> None:
    """Production does not document the binding's class: without the SDK's wrapper, sending works the same."""
    from cf.mailer import SendEmailMailer
    from services.outbound_mail import DEFAULT_MAIL_FROM
    from services.ports import OutboundMail
    from services.system import SystemClock, UlidGenerator

    binding = js.posteHarness.unwrappedSendEmail(raw.MAILER)
    assert binding.constructor.name == "SendEmail"
    mailer = SendEmailMailer(binding, DEFAULT_MAIL_FROM, SystemClock(), UlidGenerator())
    await mailer.send(OutboundMail(**INVITATION))
    assert [str(sent.to) for sent in await raw.MAILER.sent()] == [INVITATION["to"]]


async def a_refusal_by_email_service_is_mail_not_sent_permanent_or_not_by_its_code(env: Any, raw: Any) -> None:
    from cf.mailer import SendEmailMailer
    from services.outbound_mail import DEFAULT_MAIL_FROM
    from services.ports import MailNotSent, OutboundMail
    from services.system import SystemClock, UlidGenerator
    from tests.contract.expect import raises

    for code, temporary in (("E_RECIPIENT_NOT_ALLOWED", False), ("E_RATE_LIMIT_EXCEEDED", True), ("", True)):
        binding = js.posteHarness.fakes.fakeRefusingSendEmail(code, "refusé par le service")
        mailer = SendEmailMailer(binding, DEFAULT_MAIL_FROM, SystemClock(), UlidGenerator())
        with raises(MailNotSent) as refused:
            await mailer.send(OutboundMail(**INVITATION))
        assert isinstance(refused.exception, MailNotSent)
        assert refused.exception.temporary is temporary, (code, refused.exception)
        assert "refusé par le service" in str(refused.exception)


GLUE_CHECKS: list[tuple[str, Callable[[Any, Any], Awaitable[None]]]] = [
    (fn.__name__, fn)
    for fn in (
        fetch_converts_requests_and_responses_through_the_real_app,
        sync_routes_run_inline_as_in_production,
        a_request_body_reaches_the_app_a_chunk_at_a_time_as_it_reads_it,
        a_document_over_ten_megabytes_round_trips_through_r2_with_a_range_read,
        health_reports_every_binding_healthy_through_fetch,
        socket_upgrade_with_a_session_is_forwarded_to_the_cabinet_hub,
        socket_upgrade_without_a_session_is_refused,
        email_hands_the_raw_bytes_and_envelope_to_the_handler,
        email_runs_the_real_handler_and_stores_the_raw_message,
        email_without_recipient_is_rejected_permanently,
        scheduled_converts_cron_and_time,
        scheduled_runs_the_real_handler,
        queue_wraps_each_message_as_a_job_message,
        queue_runs_the_real_handler,
        queue_retries_a_message_after_the_delay_the_job_asks_for,
        queue_serves_the_audio_lane_with_the_real_handler,
        hub_adapter_reaches_the_durable_object_which_broadcasts,
        a_committed_notification_reaches_its_audiences_sockets_in_the_durable_object,
        hub_publishes_only_to_the_people_of_the_events_audience,
        hub_answers_ping_and_completes_close,
        hub_closes_the_sockets_of_a_person_who_lost_access,
        hub_closes_the_sockets_of_a_session_that_ended,
        hub_refuses_plain_http,
        workerd_webcrypto_derives_what_the_adapter_derives,
        local_workerd_has_no_pbkdf2_cap_so_the_adapter_enforces_production_s,
        the_contexts_mailer_sends_from_mail_from_through_the_mailer_binding,
        the_mailer_works_with_a_send_email_binding_the_sdk_leaves_unwrapped,
        a_refusal_by_email_service_is_mail_not_sent_permanent_or_not_by_its_code,
    )
]
