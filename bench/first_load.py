"""The web app's first-load JavaScript, gzip and brotli (bench/first_load.mjs), after building it when stale.

Run: `make bench`, or `PYTHONPATH=src:. .venv/bin/python -m bench.first_load`.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    env = {**os.environ, "PATH": os.pathsep.join([str(ROOT / ".venv" / "bin"), os.environ.get("PATH", "")])}
    subprocess.run(["node", "scripts/build_web.mjs", "--if-stale"], cwd=ROOT, env=env, check=True)
    subprocess.run(["node", "bench/first_load.mjs"], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    main()
