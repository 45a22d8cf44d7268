"""Import time of src/entry.py's closure (what a Worker isolate pays before its first request) compared with a
bare FastAPI application, each measured in fresh interpreters.

Run: `PYTHONPATH=src .venv/bin/python -m bench.import_time [runs]`. CPython 3.11 here, not Pyodide: the figures
compare the two import graphs; Cloudflare's memory snapshot changes the absolute cost on Workers.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STAND_INS = """
import sys, types
class StandIn(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return type(name, (), {"__init__": lambda self, *a, **k: None})
for name in ("js", "pyodide", "pyodide.ffi", "workers", "workers.asgi"):
    sys.modules[name] = StandIn(name)
sys.modules["pyodide"].ffi = sys.modules["pyodide.ffi"]
sys.modules["workers"].asgi = sys.modules["workers.asgi"]
"""

SCENARIOS = {
    "bare FastAPI app (import fastapi + one route)": """
from fastapi import FastAPI
app = FastAPI()
@app.get("/api/health")
async def health():
    return {"ok": True}
""",
    "entry.py closure (import only; the app is built lazily)": STAND_INS + "import entry\n",
    "entry.py closure + FastAPI app built (first request)": STAND_INS + "import entry\nentry.APP.get()\n",
}

TIMER = """
import json, sys, time
started = time.perf_counter()
exec(compile({code!r}, "<scenario>", "exec"))
print(json.dumps({{"seconds": time.perf_counter() - started, "modules": len(sys.modules)}}))
"""


def run_once(code: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", TIMER.format(code=code)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PYTHONDONTWRITEBYTECODE": "0"},
    )
    return json.loads(result.stdout)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    version = sys.version.split()[0]
    print(f"import time in fresh CPython {version} interpreters, median of {runs} runs (warm disk cache):")
    for label, code in SCENARIOS.items():
        run_once(code)  # warm the byte-code cache
        samples = [run_once(code) for _ in range(runs)]
        median = statistics.median(s["seconds"] for s in samples) * 1000
        modules = int(samples[0]["modules"])
        print(f"  {label:<58} {median:7.1f} ms   {modules:4d} modules loaded")


if __name__ == "__main__":
    main()
