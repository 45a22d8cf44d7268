"""Import time of src/entry.py's closure (what a Worker isolate's top level pays, in the deploy snapshot) and of the
FastAPI app it builds, beside a bare FastAPI app measured in the same run:

1. under Pyodide 314, the Python 3.14 Workers lane's interpreter (bench/pyodide_import.mjs): the locked Pyodide
   wheels, the runtime SDK's import patches, the modules as wrangler ships them; fresh interpreter per run. Workers
   allow 1 s of CPU at startup; the memory snapshot saves most of it, but the graph must stay small.
2. under this machine's CPython, fresh interpreters, to compare the import graphs.

Run: `make bench`, or `PYTHONPATH=src:. .venv/bin/python -m bench.import_time [runs]`.
"""

from __future__ import annotations

import json
import os
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
    "entry.py closure, FastAPI app built at its top level": STAND_INS + "import entry\n",
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


def pyodide_figures(runs: int) -> None:
    print(f"import time under Pyodide 314 (Workers' Python 3.14 lane), fresh interpreter per run, median of {runs}:")
    completed = subprocess.run(
        ["node", str(ROOT / "bench" / "pyodide_import.mjs"), str(runs)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    if completed.returncode != 0:
        print(f"  (not measured: {completed.stderr.strip().splitlines()[-1:]}; run scripts/bootstrap node pyodide)")
        return
    for line in completed.stdout.splitlines():
        row = json.loads(line)
        print(
            f"  {row['label']:<62} {row['wall_ms']:7.1f} ms wall {row['cpu_ms']:7.1f} ms CPU"
            f"   {row['modules']:4d} modules loaded"
        )


def cpython_figures(runs: int) -> None:
    version = sys.version.split()[0]
    print(f"import time in fresh CPython {version} interpreters, median of {runs} runs (warm disk cache):")
    for label, code in SCENARIOS.items():
        run_once(code)  # warm the byte-code cache
        samples = [run_once(code) for _ in range(runs)]
        median = statistics.median(s["seconds"] for s in samples) * 1000
        modules = int(samples[0]["modules"])
        print(f"  {label:<62} {median:7.1f} ms   {modules:4d} modules loaded")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    pyodide_figures(runs)
    cpython_figures(max(runs, 7))


if __name__ == "__main__":
    main()
