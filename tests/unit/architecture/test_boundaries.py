"""What ships to Workers, checked: the dependency closure, the pins, and import-time purity. (Dependency
direction and cycles: test_layers.py; data access: test_data_access.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SRC = ROOT / "src"

# Packages that Pyodide 0.28 ships built for WebAssembly; anything else must be a pure-Python wheel.
PYODIDE_BUILT = {"pydantic-core"}
PYDANTIC_ON_THE_WORKERS_313_LANE = "2.10.6"


def locked_packages() -> dict[str, dict]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    return {package["name"]: package for package in lock["package"]}


def shipped_closure() -> set[str]:
    """Every package `[project].dependencies` pulls in, as resolved in uv.lock (no dev or local groups)."""
    packages = locked_packages()
    project = packages["iapostemanager"]
    todo = [dep["name"] for dep in project.get("dependencies", [])]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(dep["name"] for dep in packages[name].get("dependencies", []) if "marker" not in dep)
    return seen


def test_everything_that_ships_to_workers_exists_for_pyodide():
    packages = locked_packages()
    not_pure = sorted(
        name
        for name in shipped_closure()
        if name not in PYODIDE_BUILT
        and not any(wheel["url"].endswith("-none-any.whl") for wheel in packages[name].get("wheels", []))
    )
    assert not_pure == []


def test_pydantic_is_pinned_to_the_version_the_workers_lane_ships():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert f"pydantic=={PYDANTIC_ON_THE_WORKERS_313_LANE}" in project["dependencies"]
    assert locked_packages()["pydantic"]["version"] == PYDANTIC_ON_THE_WORKERS_313_LANE


def test_local_only_packages_do_not_ship_to_workers():
    assert shipped_closure().isdisjoint({"uvicorn", "aiosmtpd", "pytest", "httpx", "websockets"})


def test_the_expected_migrations_are_the_migrations_folder():
    from d1.schema import EXPECTED_MIGRATIONS

    assert tuple(path.name for path in sorted((ROOT / "migrations").glob("*.sql"))) == EXPECTED_MIGRATIONS


def test_importing_the_worker_reads_no_clock_no_randomness_and_does_no_io():
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("import_probe.py"))],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["imported"] >= 10
    assert report["violations"] == []
