"""Ingestion throughput and peak memory: the whole intake (raw copy and record, reading, filing, attachments as
documents, search entry, notifications — `services.ingest`, in process on the local runtime's SQLite and files)
beside the reader alone (`domain.mail.read_message`), on the shared corpus and on one message of almost 25 MiB.

Run from the repository root: `PYTHONPATH=src .venv/bin/python -m bench.ingest_throughput`.
Prints figures only. Peaks are tracemalloc's (Python allocations; SQLite's own buffers are not counted).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.mail_reading import big_message
from d1.database import Statement
from domain.mail import read_message
from domain.search_text import compact_reference
from local.config import LocalConfig
from local.runtime import LocalRuntime, open_runtime
from services.ingest import ingest
from services.scope import SystemScope

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "email"
MiB = 1024 * 1024
ADDRESS = "bench@poste.example"


def corpus_files() -> list[bytes]:
    paths = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix not in (".md", ".list"))
    return [p.read_bytes() for p in paths]


async def prepared(runtime: LocalRuntime) -> str:
    """A cabinet with one dossier (RG 24/01234, the big message's reference): its reference."""
    from domain.actors import Actor
    from services.cabinets import create_cabinet

    operator = SystemScope(runtime.context, Actor("operator", "bench"), "bench")
    created = await create_cabinet(operator, name="Cabinet Bench", slug="bench", admin_email="a@bench.test",
                                   admin_password="un mot de passe de banc assez long")  # fmt: skip
    ctx, cabinet_id, now = runtime.context, created.cabinet.id, "2026-03-02T08:00:00+00:00"
    await ctx.db.batch([
        Statement("INSERT INTO dossiers (id, cabinet_id, reference, year, number, title, matter_type, status,"
                  " visibility, opened_on, created_at, updated_at) VALUES ('dbench', ?, '2026-0001', 2026, 1,"
                  " 'Bench', 'Baux', 'ouvert', 'cabinet', '2026-03-02', ?, ?)", (cabinet_id, now, now)),
        Statement("INSERT INTO court_references (id, cabinet_id, dossier_id, kind, value, compact, created_at)"
                  " VALUES ('rbench', ?, 'dbench', 'rg', '24/01234', ?, ?)",
                  (cabinet_id, compact_reference("24/01234"), now)),
    ])  # fmt: skip
    return "2026-0001"


async def timed(action: Callable[[], Awaitable[Any]]) -> float:
    gc.collect()
    started = time.perf_counter()
    await action()
    return time.perf_counter() - started


async def peak_of(action: Callable[[], Awaitable[Any]]) -> float:
    """tracemalloc's peak (MiB) of one awaited action, run apart: tracing slows everything down several times."""
    gc.collect()
    tracemalloc.start()
    await action()
    peak = tracemalloc.get_traced_memory()[1] / MiB
    tracemalloc.stop()
    return peak


async def ingest_all(runtime: LocalRuntime, payloads: list[bytes]) -> dict[str, int]:
    statuses: dict[str, int] = {}
    for raw in payloads:
        report = await ingest(runtime.context, raw, ADDRESS, "bench@exemple.fr")
        statuses[report.status] = statuses.get(report.status, 0) + 1
    return statuses


async def read_all(payloads: list[bytes]) -> None:
    for raw in payloads:
        read_message(raw)


async def opened(folder: Path) -> tuple[LocalRuntime, str]:
    runtime = open_runtime(LocalConfig(data_dir=folder))
    return runtime, await prepared(runtime)


async def corpus_figures(folder: Path, files: list[bytes]) -> None:
    total = sum(len(raw) for raw in files) / MiB
    print(f"shared corpus: {len(files)} files, {total:.1f} MiB")
    timing, _ = await opened(folder / "timing")
    tracing, _ = await opened(folder / "tracing")
    try:
        statuses: dict[str, int] = {}

        async def corpus() -> None:
            statuses.update(await ingest_all(timing, files))

        print(f"{'':<26}{'msg/s':>9}{'MiB/s':>8}{'peak MiB':>10}")
        seconds, peak = await timed(lambda: read_all(files)), await peak_of(lambda: read_all(files))
        print(f"{'reader alone':<26}{len(files) / seconds:>9.1f}{total / seconds:>8.2f}{peak:>10.1f}")
        seconds, peak = await timed(corpus), await peak_of(lambda: ingest_all(tracing, files))
        print(f"{'ingestion (in process)':<26}{len(files) / seconds:>9.1f}{total / seconds:>8.2f}{peak:>10.1f}")
        print(f"ingestion outcomes: {statuses}")
    finally:
        timing.close()
        tracing.close()


async def big_figures(folder: Path) -> None:
    big = big_message()
    print(f"generated message: {len(big) / MiB:.2f} MiB, {big.count(b'filename=')} attachments")
    timing, reference = await opened(folder / "big-timing")
    tracing, _ = await opened(folder / "big-tracing")
    to = f"bench+{reference}@poste.example"  # filed: its attachments become documents (the costliest path)
    try:
        runs: list[tuple[str, Callable[[LocalRuntime], Awaitable[Any]]]] = [
            ("reader alone", lambda _runtime: read_all([big])),
            ("ingestion, filed", lambda runtime: ingest(runtime.context, big, to, "greffe@justice.fr")),
        ]
        for label, action in runs:
            seconds = await timed(lambda action=action: action(timing))  # type: ignore[misc]
            peak = await peak_of(lambda action=action: action(tracing))  # type: ignore[misc]
            ratio = peak / (len(big) / MiB)
            print(f"{label:<26} {seconds:6.2f} s, peak {peak:7.1f} MiB ({ratio:.1f}x the message)")
    finally:
        timing.close()
        tracing.close()


async def run(folder: Path) -> None:
    await corpus_figures(folder, corpus_files())
    await big_figures(folder)


def main() -> None:
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    if not CORPUS.is_dir():
        print(f"shared corpus absent: {CORPUS}")
        return
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as folder:
        asyncio.run(run(Path(folder)))


if __name__ == "__main__":
    main()
