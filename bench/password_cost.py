"""The cost of one password hash (hash_password) and one check (verify_password): 6 chained rounds of 100,000
PBKDF2-HMAC-SHA256 iterations, OWASP's 600,000 within Cloudflare's per-call cap (docs/people.md).

1. on this machine's CPython: the local runtime's hashlib adapter (OpenSSL), off the event loop;
2. under Pyodide 314 with the Workers adapter (bench/password_cost.mjs), and the same chain in workerd's own
   WebCrypto (a Worker in Miniflare): what a login costs in a Worker's CPU time.

Run: `make bench`, or `PYTHONPATH=src:. .venv/bin/python -m bench.password_cost [runs]`.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from local.config import LocalConfig
from local.runtime import open_runtime
from services.passwords import hash_password, verify_password

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Maître, l'audience est renvoyée au 14 avril"


async def cpython_figures(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        runtime = open_runtime(LocalConfig(data_dir=Path(folder)))
        context = runtime.context
        stored = await hash_password(context, PASSWORD)
        calls = {
            "hash_password": lambda: hash_password(context, PASSWORD),
            "verify_password": lambda: verify_password(context, PASSWORD, stored),
            "verify_password (unknown account)": lambda: verify_password(context, PASSWORD, None),
        }
        print(f"CPython {sys.version.split()[0]}, hashlib (OpenSSL), median of {runs}:")
        for label, call in calls.items():
            wall, cpu = [], []
            for _ in range(runs):
                started, started_cpu = time.perf_counter(), time.process_time()  # CPU: every thread, the pool's too
                await call()
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            print(f"  {label:<40} {statistics.median(wall):7.1f} ms wall {statistics.median(cpu):7.1f} ms CPU")
        runtime.close()


def workers_figures(runs: int) -> None:
    completed = subprocess.run(
        ["node", str(ROOT / "bench" / "password_cost.mjs"), str(runs)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    if completed.returncode != 0:
        print(f"  (not measured: {completed.stderr.strip().splitlines()[-1:]}; run scripts/bootstrap node pyodide)")
        return
    rows = [json.loads(line) for line in completed.stdout.splitlines()]
    print(f"Pyodide 314 under Node, the Workers adapter over Node's WebCrypto (OpenSSL), median of {runs}:")
    # CPU: the whole Node process, WebCrypto's worker threads included.
    for row in (r for r in rows if r["where"] == "pyodide"):
        print(f"  {row['label']:<40} {row['wall_ms']:7.1f} ms wall {row['cpu_ms']:7.1f} ms CPU")
    print(f"workerd's own WebCrypto (BoringSSL, a Worker in Miniflare), {runs} runs:")
    for row in (r for r in rows if r["where"] == "workerd"):
        cpu = "CPU not measured" if row["cpu_ms"] is None else f"{row['cpu_ms']:7.1f} ms CPU (workerd, mean)"
        print(f"  {row['label']:<40} {row['wall_ms']:7.1f} ms wall {cpu}")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    asyncio.run(cpython_figures(runs))
    workers_figures(runs)


if __name__ == "__main__":
    main()
