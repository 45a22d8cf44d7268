"""`make bench`: runs every benchmark module in this folder, one after the other."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

for path in sorted(Path(__file__).parent.glob("*.py")):
    if path.stem.startswith("_"):
        continue
    print(f"\n=== bench.{path.stem}", flush=True)
    sys.argv = [f"bench.{path.stem}"]
    runpy.run_module(f"bench.{path.stem}", run_name="__main__")
