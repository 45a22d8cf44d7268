"""Cost and speed of the dossiers API on seeded data (issue 11): for each list, detail and search endpoint, the
queries (round trips to the Database port) and the rows read per request, and p50/p95 latency with 1 and with 100
concurrent clients, beside a bare ASGI "hello" served by the same server stack in the same run.

- Data: `./poste seed` at the chosen scale, cached under bench/out/dossiers-<scale>/ (seeded once, then reused).
- Server: bench/_dossiers_server.py in its own process on loopback (uvicorn + the application, as `./poste serve`),
  its Database port wrapped by a counter that records every statement.
- Rows read: D1's own figure, `meta.rows_read`: the seeded tables are copied once into the SQLite file of a
  Miniflare D1 database (bench/out/d1-<scale>/, with the same migrations), and the statements each endpoint issued
  are replayed through the D1 binding (bench/d1_rows_read.mjs). Writes an endpoint makes (a session's last-seen
  time) are replayed too: D1 bills their rows read as well.
- Targets: queries ≤ 3; rows read ≤ page size + 2 on lists; p95 ≤ 1.5 × the bare figure at 100 clients.

Run: `make bench`, or `PYTHONPATH=src:. .venv/bin/python -m bench.dossiers_api [--scale small|default]`.
A bench, not a test: nothing here fails the suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SCALES = {
    "small": ["--cabinets", "2", "--clients", "200", "--mails", "2000", "--documents", "1000"],
    "default": [],
}
PAGE = 50
MAX_QUERIES = 3
P95_FACTOR = 1.5
ONE = (1, 150, 10.0)  # concurrency, requests at most, seconds at most
HUNDRED = (100, 2000, 20.0)


def seeded(scale: str) -> tuple[Path, dict[str, Any]]:
    """The data folder seeded at `scale` (seeded now unless a previous run left it), and the seed's summary."""
    folder, summary_file = OUT / f"dossiers-{scale}", OUT / f"dossiers-{scale}.json"
    if not summary_file.exists():
        if folder.exists():
            sys.exit(f"{folder} exists without {summary_file.name}: a seed was interrupted; remove the folder.")
        print(f"seeding {folder} ({scale})…", flush=True)
        command = [str(ROOT / "poste"), "seed", "--data-dir", str(folder), *SCALES[scale]]
        done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
        summary_file.write_text(done.stdout, encoding="utf-8")
    return folder, json.loads(summary_file.read_text(encoding="utf-8"))


def sample_ids(folder: Path, cabinet_id: str) -> dict[str, str]:
    """Ids to ask for, read from the seeded file: a busy client, a dossier open to the cabinet with documents and
    mail, one of its documents, and a client's last name to search for."""
    conn = sqlite3.connect(folder / "d1.sqlite")
    try:
        dossier, client = conn.execute(
            "SELECT d.id, dc.client_id FROM dossiers d JOIN dossier_clients dc ON dc.cabinet_id = d.cabinet_id"
            " AND dc.dossier_id = d.id WHERE d.cabinet_id = ? AND d.visibility = 'cabinet' AND EXISTS (SELECT 1"
            " FROM documents x WHERE x.cabinet_id = d.cabinet_id AND x.dossier_id = d.id) LIMIT 1",
            (cabinet_id,),
        ).fetchone()
        (document,) = conn.execute(
            "SELECT id FROM documents WHERE cabinet_id = ? AND dossier_id = ? LIMIT 1", (cabinet_id, dossier)
        ).fetchone()
        (name,) = conn.execute(
            "SELECT last_name FROM clients WHERE cabinet_id = ? AND last_name != '' LIMIT 1", (cabinet_id,)
        ).fetchone()
    finally:
        conn.close()
    return {"client": client, "dossier": dossier, "document": document, "name": name}


def endpoints(ids: dict[str, str]) -> list[tuple[str, str, bool]]:
    """(label, path, is a list)"""
    return [
        ("GET /api/clients", f"/api/clients?limit={PAGE}", True),
        ("GET /api/clients/{id}", f"/api/clients/{ids['client']}", False),
        ("GET /api/dossiers", f"/api/dossiers?limit={PAGE}", True),
        ("GET /api/dossiers?status=ouvert", f"/api/dossiers?limit={PAGE}&status=ouvert", True),
        ("GET /api/dossiers/{id}", f"/api/dossiers/{ids['dossier']}", False),
        ("GET /api/documents?dossier_id=", f"/api/documents?limit={PAGE}&dossier_id={ids['dossier']}", True),
        ("GET /api/documents/{id}", f"/api/documents/{ids['document']}", False),
        ("GET /api/search?q=", f"/api/search?limit=20&q={ids['name']}", True),
        ("GET /api/mail (seeded mail)", f"/api/mail?limit={PAGE}", True),
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    api_port, hello_port = free_port(), free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "bench._dossiers_server", str(folder), str(api_port), str(hello_port)],
        cwd=ROOT,
        env={"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "PATH": "/usr/bin:/bin"},
    )
    api, hello = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{hello_port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{api}/api/health").status_code < 500 and httpx.get(hello).status_code == 200:
                return server, api, hello
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    sys.exit("the bench server did not start")


async def statements_of(client: httpx.AsyncClient, path: str) -> tuple[int, list[list[list[Any]]]]:
    """The status of one GET and the round trips it made (each a list of [sql, params])."""
    await client.get("/__bench/statements")
    response = await client.get(path)
    calls = (await client.get("/__bench/statements")).json()
    return response.status_code, [call["statements"] for call in calls]


async def latencies(base: str, path: str, cookies: httpx.Cookies, plan: tuple[int, int, float]) -> list[float]:
    """Times GETs of `path` from `concurrency` keep-alive connections, until `most` requests or `seconds` passed.

    A minimal HTTP/1.1 client on asyncio streams, not httpx: on this machine httpx's connection pool, not the
    server, was the bottleneck at 100 concurrent clients (the bare hello's p50 went from ~20 ms to ~3 s)."""
    concurrency, most, seconds = plan
    host, port = base.removeprefix("http://").split(":")
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n" + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n"
    timings: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            await _get(reader, writer, request.encode())  # the connection's first request is not timed
            while len(timings) < most and time.perf_counter() < deadline:
                started = time.perf_counter()
                status = await _get(reader, writer, request.encode())
                timings.append((time.perf_counter() - started) * 1000)
                if status >= 500:
                    raise RuntimeError(f"{path}: {status}")
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return timings


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Sends one request and reads its whole response (Content-Length or chunked); its status."""
    writer.write(request)
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower().split("\r\n")
    headers = dict(line.split(":", 1) for line in head[1:] if ":" in line)
    if headers.get("transfer-encoding", "").strip() == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.readexactly(int(headers.get("content-length", "0")))
    return int(head[0].split()[1])


def percentiles(timings: list[float]) -> tuple[float, float]:
    if len(timings) < 2:
        return (timings[0], timings[0]) if timings else (float("nan"), float("nan"))
    cuts = statistics.quantiles(timings, n=20, method="inclusive")
    return statistics.median(timings), cuts[18]


def d1_database(scale: str, folder: Path) -> Path:
    """The Miniflare D1 persistence folder holding the same data as the seeded SQLite file (made once)."""
    persist, marker = OUT / f"d1-{scale}", OUT / f"d1-{scale}.ready"
    if marker.exists():
        return persist
    print(f"copying the seeded data into Miniflare's D1 ({persist})…", flush=True)
    node = str(ROOT / ".venv" / "bin" / "node")
    target = subprocess.run([node, str(ROOT / "bench" / "d1_rows_read.mjs"), "init", str(persist)], check=True,
                            cwd=ROOT, stdout=subprocess.PIPE, text=True).stdout.strip()  # fmt: skip
    from bench._d1_copy import copy_into

    copy_into(folder / "d1.sqlite", Path(target))
    marker.write_text("ok", encoding="utf-8")
    return persist


def rows_read(persist: Path, recorded: dict[str, list[list[list[Any]]]]) -> dict[str, dict[str, int]]:
    node = str(ROOT / ".venv" / "bin" / "node")
    done = subprocess.run([node, str(ROOT / "bench" / "d1_rows_read.mjs"), "replay", str(persist)], check=True,
                          cwd=ROOT, input=json.dumps(recorded), stdout=subprocess.PIPE, text=True)  # fmt: skip
    return dict(json.loads(done.stdout))


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


async def measure(api: str, hello: str, person: dict[str, str], ids: dict[str, str]) -> dict[str, Any]:
    results: dict[str, Any] = {"endpoints": {}, "recorded": {}}
    async with httpx.AsyncClient(base_url=api, timeout=60) as client:
        login = await client.post("/api/auth/login", json=person)
        login.raise_for_status()
        for label, path, listed in endpoints(ids):
            status, calls = await statements_of(client, path)
            results["recorded"][label] = calls
            row: dict[str, Any] = {"status": status, "queries": len(calls), "list": listed}
            if status < 400:
                for name, plan in (("one", ONE), ("hundred", HUNDRED)):
                    row[name] = percentiles(await latencies(api, path, client.cookies, plan))
            results["endpoints"][label] = row
        for name, plan in (("one", ONE), ("hundred", HUNDRED)):
            results[f"hello_{name}"] = percentiles(await latencies(hello, "/", httpx.Cookies(), plan))
    return results


def report(results: dict[str, Any], reads: dict[str, dict[str, int]]) -> None:
    hello_one, hello_hundred = results["hello_one"], results["hello_hundred"]
    bound = P95_FACTOR * hello_hundred[1]
    print(f"\nbare ASGI hello (same server stack): 1 client p50 {hello_one[0]:.1f} ms p95 {hello_one[1]:.1f} ms;"
          f" 100 clients p50 {hello_hundred[0]:.1f} ms p95 {hello_hundred[1]:.1f} ms")  # fmt: skip
    print(f"targets: queries ≤ {MAX_QUERIES}; rows read ≤ {PAGE + 2} on lists (page {PAGE}; search page 20 → 22);"
          f" p95 at 100 clients ≤ {P95_FACTOR} × hello = {bound:.1f} ms\n")  # fmt: skip
    header = f"{'endpoint':34} {'st':>3} {'queries':>9} {'rows read':>11} {'1: p50/p95 ms':>15} {'100: p50/p95 ms':>17}"
    print(header)
    print("-" * len(header))
    for label, row in results["endpoints"].items():
        read = reads.get(label, {}).get("rows_read")
        page = 20 if "search" in label else PAGE
        queries_ok = row["queries"] <= MAX_QUERIES
        rows_ok = read is not None and (not row["list"] or read <= page + 2)
        if row["status"] >= 400:
            print(f"{label:34} {row['status']:>3} {row['queries']:>4}      —  (endpoint answered {row['status']})")
            continue
        one, hundred = row["one"], row["hundred"]
        p95_ok = hundred[1] <= bound
        print(f"{label:34} {row['status']:>3} {row['queries']:>4} {verdict(queries_ok)} {read!s:>6} "
              f"{verdict(rows_ok) if row['list'] else '    '} {one[0]:6.1f}/{one[1]:6.1f} "
              f"{hundred[0]:7.1f}/{hundred[1]:7.1f} {verdict(p95_ok)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", choices=sorted(SCALES), default="default")
    parser.add_argument("--no-rows-read", action="store_true", help="skip the Miniflare replay")
    args = parser.parse_args()
    folder, summary = seeded(args.scale)
    cabinet = summary["cabinets"][0]
    lawyer = next(p for p in cabinet["people"] if p["role"] == "avocat")
    person = {"email": lawyer["email"], "password": summary["password"]}
    ids = sample_ids(folder, cabinet["id"])
    print(f"data: {folder} (seeded in {summary['seconds']} s, {summary['rows']} rows); signed in as an avocat")
    server, api, hello = start_server(folder)
    try:
        results = asyncio.run(measure(api, hello, person, ids))
    finally:
        server.terminate()
        server.wait(timeout=30)
    reads = {} if args.no_rows_read else rows_read(d1_database(args.scale, folder), results["recorded"])
    report(results, reads)
    (OUT / f"dossiers-api-{args.scale}.json").write_text(json.dumps({**results, "rows_read": reads}, indent=1))


if __name__ == "__main__":
    main()
