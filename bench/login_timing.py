"""Login timing: does "no such email" answer as fast (or as slowly) as "wrong password"? An attacker who could tell
them apart would learn which addresses have an account. Production parameters (6 × 100,000 PBKDF2-HMAC-SHA256),
the real local runtime (SQLite with the migrations, the key derivation off the event loop), the real HTTP app over
ASGI; the attempt limits are lifted between runs so that every call does the full work.

Run: `make bench`, or `PYTHONPATH=src:. .venv/bin/python -m bench.login_timing [runs]`.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from domain.actors import Actor
from local.config import LocalConfig
from local.http import build_local_app
from local.runtime import open_runtime
from services.attempts import LOGIN_PER_ACCOUNT, LOGIN_PER_CLIENT, cleared
from services.cabinets import create_cabinet
from services.scope import SystemScope

EMAIL = "associe@cabinet-martin.fr"


async def measure(runs: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        runtime = open_runtime(LocalConfig(data_dir=Path(folder), public_dir=Path(folder) / "none"))
        operator = SystemScope(runtime.context, Actor("operator", "bench"), "bench")
        await create_cabinet(operator, name="Cabinet Martin", slug="cabinet-martin", admin_email=EMAIL,
                             admin_password="le bon mot de passe du bench")  # fmt: skip
        app = build_local_app(runtime.context, runtime.config.public_dir)
        timings: dict[str, list[float]] = {"adresse connue, mauvais mot de passe": [], "adresse inconnue": [],
                                           "adresse connue, bon mot de passe": []}  # fmt: skip
        cases = {
            "adresse connue, mauvais mot de passe": (EMAIL, "pas le bon mot de passe"),
            "adresse inconnue": ("personne@nulle-part.fr", "pas le bon mot de passe"),
            "adresse connue, bon mot de passe": (EMAIL, "le bon mot de passe du bench"),
        }
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://bench.test") as client:
            for _ in range(runs):
                for label, (email, password) in cases.items():
                    await operator.commit(
                        cleared(operator, LOGIN_PER_ACCOUNT, email),
                        cleared(operator, LOGIN_PER_CLIENT, "127.0.0.1"),
                        action="bench.reset_limits",
                        subject="",
                    )
                    started = time.perf_counter()
                    response = await client.post("/api/auth/login", json={"email": email, "password": password})
                    timings[label].append((time.perf_counter() - started) * 1000)
                    assert response.status_code in (200, 401), response.text
        runtime.close()
        return timings


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    timings = asyncio.run(measure(runs))
    print(f"POST /api/auth/login, {runs} runs each (ms: median, min, max)")
    for label, values in timings.items():
        print(f"  {label:40s} {statistics.median(values):7.1f} {min(values):7.1f} {max(values):7.1f}")
    known, unknown = (
        statistics.median(timings[k]) for k in ("adresse connue, mauvais mot de passe", "adresse inconnue")
    )
    print(f"  écart connue/inconnue (médianes)          {abs(known - unknown):7.1f} ms")


if __name__ == "__main__":
    main()
