"""Memory of a streamed upload: the local runtime (a real `./poste serve` process) takes a 12 MB document through
its HTTP stack, and this prints how much its peak resident memory (Linux VmHWM) grew. The body is read chunk by
chunk, hashed and written to the blob store as it comes, so the growth should stay far below the file's size (a
handler that held the body whole would add at least 12 MB).

Run: `make bench` or `PYTHONPATH=src:. .venv/bin/python -m bench.upload_memory [megabytes]`.
"""

from __future__ import annotations

import asyncio
import hashlib
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from domain.actors import Role
from local.config import LocalConfig
from local.runtime import open_runtime
from services.context import AppSettings
from tests.api.dossier_rows import new_dossier
from tests.api.seed import cabinet_with_session
from tests.runtime_process import start_runtime

CHUNK = 64 * 1024


def seed(data_dir: Path) -> tuple[dict[str, str], str]:
    """A cabinet, an avocat's bearer token and a dossier, written before the server starts."""
    runtime = open_runtime(LocalConfig(data_dir=data_dir, settings=AppSettings(password_rounds=1)))

    async def create() -> tuple[dict[str, str], str]:
        cabinet, headers = await cabinet_with_session(runtime.context, "memoire@poste.example", Role.AVOCAT)
        return headers, await new_dossier(runtime.context, cabinet.id)

    try:
        return asyncio.run(create())
    finally:
        runtime.close()


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM: this benchmark needs Linux")


def body(size: int) -> Iterator[bytes]:
    """Text (so the sniffed type agrees with the declared one), generated as it is sent: the client holds none of
    it either."""
    line = b"Ligne de texte d'une piece de procedure, assez longue pour remplir un bloc.\n"
    block = (line * (CHUNK // len(line) + 1))[:CHUNK]
    sent = 0
    while sent < size:
        piece = block[: min(CHUNK, size - sent)]
        sent += len(piece)
        yield piece


def main(megabytes: int) -> None:
    size = megabytes * 1024 * 1024
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        headers, dossier_id = seed(data_dir)
        runtime = start_runtime(data_dir)
        try:
            pid = runtime.process.pid
            url = f"{runtime.base_url}/api/dossiers/{dossier_id}/documents"
            warm = httpx.post(url, content=b"echauffement", headers={**headers, "content-type": "text/plain"})
            assert warm.status_code == 201, warm.text
            before = peak_rss_kib(pid)
            started = time.perf_counter()
            sent = {**headers, "content-type": "text/plain", "content-length": str(size), "x-file-name": "gros.txt"}
            answer = httpx.post(url, content=body(size), headers=sent, timeout=300)
            elapsed = time.perf_counter() - started
            assert answer.status_code == 201, answer.text
            expected = hashlib.sha256(b"".join(body(size))).hexdigest()
            assert answer.json()["sha256"] == expected, "the stored digest differs from the sent bytes'"
            after = peak_rss_kib(pid)
        finally:
            runtime.stop()
    growth = (after - before) / 1024
    print(f"uploaded {megabytes} MiB in {elapsed:.2f} s ({megabytes / elapsed:.1f} MiB/s)")
    print(f"server peak RSS: {before / 1024:.1f} MiB before, {after / 1024:.1f} MiB after: +{growth:.1f} MiB "
          f"({100 * growth / megabytes:.0f} % of the file)")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 12)
