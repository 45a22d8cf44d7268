"""Start-up time of the local runtime: from launching `poste serve` to the first 200 on /api/health.

Run: `make bench` or `PYTHONPATH=src .venv/bin/python -m bench.startup [runs]`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from tests.runtime_process import start_runtime


def measure(runs: int) -> list[float]:
    timings = []
    for run in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            # The first run of each data folder applies the migrations: measure fresh folders, the common case.
            runtime = start_runtime(Path(folder) / f"data{run}")
            timings.append(runtime.ready_after_seconds)
            code, output = runtime.stop()
            if code != 0:
                raise SystemExit(f"the runtime did not stop cleanly:\n{output}")
    return timings


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    timings = [t * 1000 for t in measure(runs)]
    print(f"local runtime start-up to first healthy /api/health, {runs} runs, fresh data folder each:")
    print(f"  median {statistics.median(timings):.0f} ms   min {min(timings):.0f} ms   max {max(timings):.0f} ms")


if __name__ == "__main__":
    main()
