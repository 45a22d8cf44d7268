"""The intake under load: how promptly `/api/health` answers while the local runtime takes (a) one envelope with
10,000 recipients and (b) a burst of 1,000 messages from 8 SMTP clients, and how many messages per second it
accepts, with a check that none is lost. Loopback only; bounded; the runtime is stopped at the end.

Run: `make bench` or `PYTHONPATH=src:. .venv/bin/python -m bench.intake_load [recipients] [messages]`.
"""

from __future__ import annotations

import asyncio
import smtplib
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from domain.actors import Actor
from local.config import LocalConfig
from local.runtime import open_runtime
from services.cabinets import create_cabinet
from services.scope import SystemScope
from tests.runtime_process import RunningRuntime, start_runtime

ADDRESS = "martin@poste.example"  # the cabinet slugged "martin", under the default mail domain
ADMIN = "associe@martin.test"
CLIENTS = 8
DRAIN_TIMEOUT_SECONDS = 180
PROBE_TIMEOUT_SECONDS = 60
SMTP_TIMEOUT_SECONDS = 120


class HealthProbe:
    """Polls /api/health back to back in a thread and keeps each answer's latency."""

    def __init__(self, base_url: str) -> None:
        self._url = f"{base_url}/api/health"
        self._stop = threading.Event()
        self.latencies: list[float] = []
        self.failures = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=PROBE_TIMEOUT_SECONDS) as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                try:
                    client.get(self._url)
                except httpx.HTTPError:  # counted, and its wait kept: a timed-out answer is the slowest of all
                    self.failures += 1
                self.latencies.append(time.perf_counter() - started)
                time.sleep(0.01)

    def __enter__(self) -> HealthProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=90)

    def summary(self) -> str:
        if not self.latencies:
            return "no answer at all"
        ms = sorted(latency * 1000 for latency in self.latencies)
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        return (f"/api/health p50 {statistics.median(ms):.0f} ms  p99 {p99:.0f} ms  max {ms[-1]:.0f} ms"
                f"  ({len(ms)} requests, {self.failures} timed out at {PROBE_TIMEOUT_SECONDS} s)")  # fmt: skip


def seed(data_dir: Path) -> None:
    runtime = open_runtime(LocalConfig(data_dir=data_dir))
    try:
        operator = SystemScope(runtime.context, Actor("operator", "bench"), "bench")
        created = asyncio.run(create_cabinet(operator, name="Cabinet Martin", slug="martin", admin_email=ADMIN))
        assert created.cabinet.inbound_address == ADDRESS, created.cabinet.inbound_address
    finally:
        runtime.close()


def message(n: int) -> bytes:
    return (f"From: greffe@justice.fr\r\nTo: {ADDRESS}\r\nSubject: Avis {n}\r\nMessage-ID: <bench-{n}@justice.fr>\r\n"
            f"\r\nL'affaire RG n° 24/{n:05d} est fixée au 14 avril 2026.\r\n").encode()  # fmt: skip


def stored(runtime: RunningRuntime) -> int:
    report = httpx.get(f"{runtime.base_url}/api/health", timeout=60).json()
    return sum(report["bindings"]["inbound_mail"]["messages_24h"].values())


def many_recipients(runtime: RunningRuntime, recipients: int) -> None:
    addresses = [f"martin+r{n}@poste.example" for n in range(recipients)]
    with HealthProbe(runtime.base_url) as probe:
        started = time.perf_counter()
        try:
            with smtplib.SMTP("127.0.0.1", runtime.smtp_port, timeout=300) as client:
                refused = client.sendmail("greffe@justice.fr", addresses, message(0))
            outcome = f"{recipients - len(refused)} recipients accepted, {len(refused)} refused"
        except smtplib.SMTPException as exc:
            outcome = f"refused: {exc!r}"[:200]
        elapsed = time.perf_counter() - started
    print(f"(a) one envelope, {recipients} recipients: {outcome} in {elapsed:.1f} s")
    print(f"    {probe.summary()}")


def burst(runtime: RunningRuntime, messages: int) -> None:
    before = stored(runtime)

    failures: list[str] = []

    def client(first: int) -> int:
        accepted = 0
        try:
            with smtplib.SMTP("127.0.0.1", runtime.smtp_port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
                for n in range(first, messages, CLIENTS):
                    smtp.sendmail("greffe@justice.fr", [ADDRESS], message(1 + n))
                    accepted += 1
        except (OSError, smtplib.SMTPException) as exc:  # a client that gave up: its other messages are not sent
            failures.append(f"{type(exc).__name__} after {accepted} messages")
        return accepted

    with HealthProbe(runtime.base_url) as probe:
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            accepted = sum(pool.map(client, range(CLIENTS)))
        elapsed = time.perf_counter() - started
    deadline = time.perf_counter() + DRAIN_TIMEOUT_SECONDS
    while stored(runtime) - before < accepted and time.perf_counter() < deadline:
        time.sleep(0.5)
    lost = accepted - (stored(runtime) - before)
    print(f"(b) {messages} messages from {CLIENTS} clients: {accepted} accepted in {elapsed:.1f} s"
          f" = {accepted / elapsed:.0f} messages/s; lost: {lost}")  # fmt: skip
    if failures:
        print(f"    {len(failures)} client(s) gave up: {'; '.join(failures)}")
    print(f"    {probe.summary()}")


def main() -> None:
    recipients = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    messages = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        seed(data_dir)
        runtime = start_runtime(data_dir)
        try:
            many_recipients(runtime, recipients)
            burst(runtime, messages)
        finally:
            code, output = runtime.stop(timeout=120)
            if code != 0:
                print(f"the runtime did not stop cleanly:\n{output[-2000:]}")


if __name__ == "__main__":
    main()
