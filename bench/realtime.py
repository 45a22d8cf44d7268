"""Realtime push under load: 400 dashboards (20 cabinets × 20 people) connected to the local runtime's hub over real
WebSockets on loopback, and N notifications written the way use cases write them (`scope.notify` in a batch, then
`scope.commit` pushes what landed). Half go to everyone of their cabinet, half to one person.

Printed: the delay to the receipt by each dashboard (p50, p99, max) from the start of the commit and from the
publish to the hub, the errors (missing, duplicated or misdelivered frames, failed connections), and the stored cost
of one notification (rows written and queries, counted by a Database wrapper around the runtime's SQLite).
uvicorn, the hub and the writer share one event loop, as in the local runtime; the clients run on their own loop in
another thread. Bounded: it gives up waiting 10 s after the last event.

Run: `make bench`, or `PYTHONPATH=src:. .venv/bin/python -m bench.realtime [events]`.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from websockets.asyncio.client import connect

from d1.database import Database, Row, SqlValue, Statement, StatementResult
from domain.actors import Actor, Role
from domain.audit import Client
from domain.notifications import Audience
from domain.people import Person
from local.config import LocalConfig
from local.http import build_local_app, http_server
from local.hub import InProcessHub
from local.runtime import open_runtime
from services.cabinets import create_cabinet
from services.context import AppContext, AppSettings
from services.passwords import hash_password
from services.ports import JsonDict
from services.scope import CabinetScope, SystemScope
from services.sessions import start_session
from tests.realtime_seed import note

CABINETS, PEOPLE = 20, 20
PASSWORD = "un mot de passe de bench assez long"
GRACE_SECONDS = 10.0
ROLES = (Role.AVOCAT, Role.COLLABORATEUR, Role.ASSISTANT)


class TimedHub:
    """The runtime's hub, noting when each notification is handed to it (the publish, after the commit)."""

    def __init__(self, inner: InProcessHub) -> None:
        self.inner = inner
        self.published: dict[tuple[str, int], float] = {}

    async def publish(self, cabinet_id: str, event: JsonDict) -> int:
        if event.get("type") == "notification":
            self.published[cabinet_id, int(str(event["seq"]))] = time.perf_counter()
        return await self.inner.publish(cabinet_id, event)

    async def disconnect(self, cabinet_id: str, person_id: str) -> int:
        return await self.inner.disconnect(cabinet_id, person_id)

    async def disconnect_session(self, cabinet_id: str, session_id: str) -> int:
        return await self.inner.disconnect_session(cabinet_id, session_id)


class CountingDatabase:
    """The runtime's Database, counting what goes through it: round trips, statements, rows written."""

    def __init__(self, inner: Database) -> None:
        self.inner = inner
        self.queries = self.statements = self.rows_written = 0

    async def all(self, sql: str, *params: SqlValue) -> list[Row]:
        self.queries += 1
        self.statements += 1
        return await self.inner.all(sql, *params)

    async def first(self, sql: str, *params: SqlValue) -> Row | None:
        self.queries += 1
        self.statements += 1
        return await self.inner.first(sql, *params)

    async def run(self, sql: str, *params: SqlValue) -> StatementResult:
        self.queries += 1
        self.statements += 1
        result = await self.inner.run(sql, *params)
        self.rows_written += result.changes
        return result

    async def batch(self, statements: Sequence[Statement]) -> list[StatementResult]:
        self.queries += 1
        self.statements += len(statements)
        results = await self.inner.batch(statements)
        self.rows_written += sum(result.changes for result in results)
        return results


@dataclass
class Dashboard:
    cabinet_id: str
    person_id: str
    token: str
    received: list[tuple[int, float]] = field(default_factory=list)  # seq, when


async def colleague(scope: CabinetScope, slug: str, n: int, password_hash: str) -> Person:
    """A person added through the scope like `add_person`, with one password hash computed once for all of them
    (hashing 400 passwords would be most of the bench's time, and is not what it measures)."""
    now = scope.ctx.clock.now().isoformat()
    person = Person(scope.ctx.ids.new_id(), scope.cabinet_id, f"p{n}@{slug}.fr", f"Personne {n}",
                    ROLES[n % len(ROLES)], True, False, now)  # fmt: skip
    await scope.commit(scope.people.insert(person, password_hash), action="person.added", subject=person.id)
    return person


async def seeded(ctx: AppContext) -> list[Dashboard]:
    operator = SystemScope(ctx, Actor("operator", "bench"), "bench")
    password_hash = await hash_password(ctx, PASSWORD)
    dashboards = []
    for index in range(CABINETS):
        slug = f"cabinet-{index:02d}"
        created = await create_cabinet(operator, name=f"Cabinet {index}", slug=slug,
                                       admin_email=f"associe@{slug}.fr", admin_password=PASSWORD)  # fmt: skip
        scope = operator.for_cabinet(created.cabinet.id)
        assert created.admin is not None
        people = [created.admin] + [await colleague(scope, slug, n, password_hash) for n in range(PEOPLE - 1)]
        for person in people:
            opened = await start_session(scope, person, Client("127.0.0.1", "bench"))
            dashboards.append(Dashboard(created.cabinet.id, person.id, opened.token))
    return dashboards


def run_clients(port: int, dashboards: list[Dashboard], ready: threading.Event, stop: threading.Event,
                errors: Counter[str]) -> None:  # fmt: skip
    """The 400 dashboards, on their own event loop (another thread): connect, then record every frame's arrival."""

    async def one(dashboard: Dashboard, connected: asyncio.Semaphore, up: list[int]) -> None:
        url = f"ws://127.0.0.1:{port}/api/realtime"
        try:
            async with connected:
                ws = await connect(url, additional_headers={"Cookie": f"poste_session={dashboard.token}"},
                                   origin=f"http://127.0.0.1:{port}", open_timeout=30)  # type: ignore[arg-type]  # fmt: skip
                assert json.loads(await asyncio.wait_for(ws.recv(), 30))["type"] == "ready"
            up.append(1)
            if len(up) == len(dashboards):
                ready.set()
            async with ws:
                while not stop.is_set():
                    try:
                        text = await asyncio.wait_for(ws.recv(), 0.2)
                    except TimeoutError:
                        continue
                    frame = json.loads(text)
                    if frame.get("type") == "notification":
                        dashboard.received.append((int(frame["seq"]), time.perf_counter()))
        except Exception as exc:  # counted and printed: a benchmark reports, it does not stop at the first failure
            errors[f"connexion: {type(exc).__name__}"] += 1
            up.append(1)
            if len(up) == len(dashboards):
                ready.set()

    async def all_of_them() -> None:
        connected, up = asyncio.Semaphore(50), []
        await asyncio.gather(*(one(dashboard, connected, up) for dashboard in dashboards))

    asyncio.run(all_of_them())


async def publish(ctx: AppContext, dashboards: list[Dashboard], events: int) -> dict[tuple[str, int], float]:
    """Writes `events` notifications round-robin over the cabinets; returns when each one's commit started."""
    by_cabinet: dict[str, list[Dashboard]] = {}
    for dashboard in dashboards:
        by_cabinet.setdefault(dashboard.cabinet_id, []).append(dashboard)
    started: dict[tuple[str, int], float] = {}
    cabinets = list(by_cabinet)
    seqs = dict.fromkeys(cabinets, 0)
    for index in range(events):
        cabinet_id = cabinets[index % len(cabinets)]
        people = by_cabinet[cabinet_id]
        audience = Audience.everyone() if index % 2 == 0 else Audience.people(people[index % len(people)].person_id)
        scope = SystemScope(ctx, Actor("system", "bench"), "bench").for_cabinet(cabinet_id)
        seqs[cabinet_id] += 1
        started[cabinet_id, seqs[cabinet_id]] = time.perf_counter()
        await scope.commit(*scope.notify(note(ctx, audience)), action="bench.notified", subject=cabinet_id)
        await asyncio.sleep(0.005)  # events spread over time, as a cabinet's mail and alerts are
    return started


def expected(dashboards: list[Dashboard], events: int) -> set[tuple[str, str, int]]:
    by_cabinet: dict[str, list[Dashboard]] = {}
    for dashboard in dashboards:
        by_cabinet.setdefault(dashboard.cabinet_id, []).append(dashboard)
    cabinets, wanted, seqs = list(by_cabinet), set(), Counter[str]()
    for index in range(events):
        cabinet_id = cabinets[index % len(cabinets)]
        people = by_cabinet[cabinet_id]
        seqs[cabinet_id] += 1
        audience = people if index % 2 == 0 else [people[index % len(people)]]
        wanted |= {(cabinet_id, d.person_id, seqs[cabinet_id]) for d in audience}
    return wanted


async def measure(events: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        runtime = open_runtime(LocalConfig(data_dir=Path(folder), public_dir=Path(folder) / "none",
                                           settings=AppSettings(password_rounds=1)))  # fmt: skip
        counting = CountingDatabase(runtime.context.db)
        ctx = replace(runtime.context, db=counting)
        seeding = time.perf_counter()
        dashboards = await seeded(ctx)
        print(f"{len(dashboards)} personnes dans {CABINETS} cabinets créées en {time.perf_counter() - seeding:.1f} s")
        server = http_server(build_local_app(ctx, runtime.config.public_dir), "127.0.0.1", 0)
        serving = asyncio.create_task(server.serve())
        for _ in range(500):
            if server.started:
                break
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        ready, stop, errors = threading.Event(), threading.Event(), Counter[str]()
        clients = threading.Thread(target=run_clients, args=(port, dashboards, ready, stop, errors))
        connecting = time.perf_counter()
        clients.start()
        await asyncio.to_thread(ready.wait, 60)
        print(f"{len(dashboards)} sockets connectés en {time.perf_counter() - connecting:.1f} s")
        before = (counting.queries, counting.statements, counting.rows_written)
        timed = TimedHub(runtime.hub)
        writing = time.perf_counter()
        started = await publish(replace(ctx, hub=timed), dashboards, events)
        wrote = time.perf_counter() - writing
        after = (counting.queries, counting.statements, counting.rows_written)
        wanted = expected(dashboards, events)
        for _ in range(int(GRACE_SECONDS / 0.05)):  # until every expected frame came, or the grace is over
            if sum(len(d.received) for d in dashboards) >= len(wanted):
                break
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.to_thread(clients.join, 10)
        server.should_exit = True
        await asyncio.wait_for(serving, 10)
        runtime.close()
    report(dashboards, events, (started, timed.published), wanted, errors, wrote, before, after)


def report(dashboards: list[Dashboard], events: int,
           moments: tuple[dict[tuple[str, int], float], dict[tuple[str, int], float]],
           wanted: set[tuple[str, str, int]], errors: Counter[str], wrote: float,
           before: tuple[int, int, int], after: tuple[int, int, int]) -> None:  # fmt: skip
    started, published = moments
    delays, pushes, got = [], [], Counter[tuple[str, str, int]]()
    for dashboard in dashboards:
        for seq, when in dashboard.received:
            key = (dashboard.cabinet_id, dashboard.person_id, seq)
            got[key] += 1
            if key in wanted and got[key] == 1:
                delays.append((when - started[dashboard.cabinet_id, seq]) * 1000)
                pushes.append((when - published[dashboard.cabinet_id, seq]) * 1000)
    errors["manquant"] += len(wanted - set(got))
    errors["en double"] += sum(count - 1 for count in got.values() if count > 1)
    errors["hors audience"] += sum(1 for key in got if key not in wanted)
    delays.sort()
    pushes.sort()
    queries, statements, rows = (b - a for a, b in zip(before, after, strict=True))
    print(
        f"{events} notifications écrites en {wrote:.2f} s ({events / wrote:.0f}/s), {len(wanted)} réceptions attendues"
    )
    if delays:
        p50, p99 = statistics.median(delays), delays[min(len(delays) - 1, int(len(delays) * 0.99))]
        print(f"  délai début du commit → réception (ms): p50 {p50:.1f}  p99 {p99:.1f}  max {delays[-1]:.1f}")
        p50, p99 = statistics.median(pushes), pushes[min(len(pushes) - 1, int(len(pushes) * 0.99))]
        print(f"  délai publication → réception (ms): p50 {p50:.1f}  p99 {p99:.1f}  max {pushes[-1]:.1f}")
    print(f"  erreurs: {sum(errors.values())} {dict((k, v) for k, v in errors.items() if v)}")
    print(f"  coût stocké par notification: {queries / events:.1f} requêtes (aller-retour), "
          f"{statements / events:.1f} instructions, {rows / events:.1f} lignes écrites "
          f"(moyenne sur le mélange tous / une personne: {PEOPLE} ou 1 livraison)")  # fmt: skip


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    asyncio.run(measure(events))


if __name__ == "__main__":
    main()
